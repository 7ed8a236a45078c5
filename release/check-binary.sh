#!/bin/sh
# What a released binary needs of the system it runs on, proved from the
# file itself: only glibc's own libraries, and no glibc symbol version newer
# than the oldest glibc we claim (2.28: RHEL 8, Debian 10, Ubuntu 18.10).
#
#   sh release/check-binary.sh FILE [MAX-GLIBC]
#
# Prints the libraries and the newest version asked for; exits 1, naming the
# culprits, when either is wrong.
set -eu
f=${1:?usage: check-binary.sh FILE [MAX-GLIBC]}
max=${2:-2.28}
allowed='libc.so.6 libpthread.so.0 libdl.so.2 libm.so.6 librt.so.1 ld-linux-x86-64.so.2'
needed=$(objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }')
bad=""
for l in $needed; do
	case " $allowed " in *" $l "*) ;; *) bad="$bad $l" ;; esac
done
newest=$(objdump -T "$f" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -n 1)
too_new=$(objdump -T "$f" | awk -v max="$max" '
	match($0, /GLIBC_[0-9.]+/) {
		v = substr($0, RSTART + 6, RLENGTH - 6); split(v, a, "."); split(max, m, ".")
		if (a[1] > m[1] || (a[1] == m[1] && a[2] + 0 > m[2] + 0)) print $NF "@GLIBC_" v
	}' | sort -u | tr '\n' ' ')
echo "libraries: $(echo $needed)"
echo "newest glibc symbol version: GLIBC_$newest (at most $max wanted)"
if [ -n "$bad" ] || [ -n "$too_new" ]; then
	[ -z "$bad" ] || echo "oc-leapp: $f needs libraries that are not glibc's:$bad" >&2
	[ -z "$too_new" ] || echo "oc-leapp: $f needs glibc newer than $max for: $too_new" >&2
	exit 1
fi
