# fish completion for oc-leapp and kubectl-leapp.
# Load it with: oc-leapp completion fish | source
# It asks the program itself (`oc-leapp __complete WORDS...`) for every candidate.

function __oc_leapp_complete
	set -l tokens (commandline -opc)
	set -l cur (commandline -ct)
	set -l prog $tokens[1]
	set -e tokens[1]
	set -l out ($prog __complete $tokens $cur 2>/dev/null)
	or return
	string match -q -- ':*' $out[-1]
	or return
	set -l directive (string replace -- ':' '' $out[-1])
	set -e out[-1]
	test (math "$directive % 2") -eq 1; and return
	# --flag=partial: fish replaces the whole word, so keep the "--flag=" part
	set -l prefix (string match -r -- '^-[^=]*=' $cur)
	set -l value (string replace -r -- '^-[^=]*=' '' $cur)
	if test (math "floor($directive / 16) % 2") -eq 1
		__fish_complete_directories $value | string replace -r -- '^' "$prefix"
		return
	end
	for c in $out
		test -n "$c"; and printf '%s%s\n' "$prefix" $c
	end
	if test (count $out) -eq 0; and test (math "floor($directive / 4) % 2") -eq 0
		__fish_complete_path $value | string replace -r -- '^' "$prefix"
	end
end

complete -c oc-leapp -f -a '(__oc_leapp_complete)'
complete -c kubectl-leapp -f -a '(__oc_leapp_complete)'
