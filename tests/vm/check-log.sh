#!/bin/sh
# check-log.sh LOG: fail (exit 1, printing the lines) if a guest console log
# holds a kernel report: WARN, BUG, Oops, panic, KASAN, UBSAN, lockdep or a
# kmemleak leak.  A passing test script does not excuse any of these.
set -u
pat='WARNING: |BUG: |Oops|Kernel panic|general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|unreferenced object|suspected memory leak|Call Trace|RIP: '
if grep -E -n "$pat" "$1" >/dev/null 2>&1; then
	echo "kernel reports in $1:"
	grep -a -E -n "$pat" "$1" | head -n 20
	exit 1
fi
exit 0
