#compdef oc-leapp kubectl-leapp
# zsh completion for oc-leapp and kubectl-leapp.
# Load it with: source <(oc-leapp completion zsh), or put it in $fpath as _oc-leapp.
# It asks the program itself (`oc-leapp __complete WORDS...`) for every candidate.

_oc-leapp()
{
	local prog cur out directive line word
	local -a lines comps nospace
	prog=${words[1]/#\~/$HOME}
	cur=${(Q)words[CURRENT]}
	out=$("$prog" __complete "${(@Q)words[2,CURRENT-1]}" "$cur" 2>/dev/null) || return 1
	lines=("${(@f)out}")
	[[ ${lines[-1]} == :* ]] || return 1
	directive=${lines[-1]#:}
	lines=("${(@)lines[1,-2]}")
	(( directive & 1 )) && return 1

	# --flag=partial: complete only what follows "="
	[[ $cur == -*=* ]] && compset -P '*='

	if (( directive & 16 )); then
		_files -/
		return
	fi
	if (( directive & 8 )); then
		local -a globs
		for word in $lines; do globs+=("*.$word"); done
		_files -g "(${(j:|:)globs})"
		return
	fi
	for line in $lines; do
		[[ -z $line ]] && continue
		word=${line%%$'\t'*}
		if [[ $line == *$'\t'* ]]; then
			comps+=("${word//:/\\:}:${line#*$'\t'}")
		else
			comps+=("${word//:/\\:}")
		fi
	done
	(( directive & 2 )) && nospace=(-S '')
	if (( ${#comps} )); then
		_describe -t values 'value' comps $nospace
	elif (( ! (directive & 4) )); then
		_files
	fi
}

if [[ $funcstack[1] == _oc-leapp ]]; then
	_oc-leapp "$@"
else
	compdef _oc-leapp oc-leapp kubectl-leapp
fi
