#!/bin/sh
# kernels.sh SERIES: the newest installed Debian stock kernel of SERIES
# (6.1, 6.12, ...), as the version string uname -r prints, or nothing.
# With no argument: every installed stock kernel, newest series last.
set -eu
list() {
	for d in /lib/modules/*-amd64; do
		[ -d "$d/kernel" ] && [ -e "/boot/vmlinuz-${d##*/}" ] && echo "${d##*/}"
	done 2>/dev/null | sort -V
}
if [ $# -eq 0 ]; then
	list
else
	series=$(echo "$1" | sed 's/\./\\./g')
	list | grep -E "^$series\.[0-9]+[-+]" | tail -n 1
fi
