# bash completion for oc-leapp and kubectl-leapp.
# Load it with: source <(oc-leapp completion bash)
# It asks the program itself (`oc-leapp __complete WORDS...`) for every
# candidate, so it never goes stale. (`kubectl leapp <TAB>` needs none of
# this: kubectl calls kubectl_complete-leapp.)

# words/cword as _get_comp_words_by_ref -n =: gives them: bash splits
# "--root=/x" and "80:8080" at COMP_WORDBREAKS; glue them back.
__oc_leapp_words()
{
	local i w n
	words=() cword=0
	for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		n=${#words[@]}
		if ((n > 0)) && [[ $w == [=:] || ${words[n-1]} == *[=:] ]] && ((i > 1)); then
			words[n-1]+=$w
		else
			words+=("$w")
		fi
	done
	cword=$((${#words[@]} - 1))
	cur=${words[cword]}
}

_oc_leapp()
{
	local cur words cword out directive prog c
	COMPREPLY=()
	if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
		_get_comp_words_by_ref -n =: cur words cword
	else
		__oc_leapp_words
	fi
	prog=${words[0]}
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
	out=$("$prog" __completeNoDesc "${words[@]:1:cword-1}" "$cur" 2>/dev/null) || return 0
	directive=${out##*$'\n'}
	[[ $directive == :* ]] || return 0
	directive=${directive#:}
	if [[ $out == *$'\n'* ]]; then out=${out%$'\n'*}; else out=; fi
	((directive & 1)) && return 0

	# --flag=partial: the program answers with values; bash replaces only what follows "="
	[[ $cur == -*=* ]] && cur=${cur#*=}

	if ((directive & 16)); then
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
	fi
	if ((directive & 8)); then
		local ext pat=
		while IFS= read -r ext; do [[ -n $ext ]] && pat+="${pat:+|}$ext"; done <<<"$out"
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -X "!*.@($pat)" -- "$cur"; compgen -d -- "$cur")
		return 0
	fi
	while IFS= read -r c; do
		c=${c%%$'\t'*}
		[[ -n $c && $c == "$cur"* ]] && COMPREPLY+=("$c")
	done <<<"$out"
	# "80:8080"-style words: bash replaces only what follows the last ":"
	if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
		local i colon=${cur%"${cur##*:}"}
		for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$colon"}; done
	fi
	((directive & 2)) && compopt -o nospace 2>/dev/null
	if ((directive & 4)) || ((${#COMPREPLY[@]})); then
		compopt +o default 2>/dev/null
	fi
	return 0
}

complete -o default -F _oc_leapp oc-leapp kubectl-leapp
