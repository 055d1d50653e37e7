#!/bin/sh
# vmdebug.sh: the VM tests (tests/vm/t-*.sh) in the debug test kernel
# (KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP) of build-test-kernel.sh:
# module unload and netns deletion under traffic, the table cap, model
# swaps and malformed netlink requests, with the console checked for any
# kernel report.  Prints TAP; exits non-zero on any failure.  The module
# is built in $DFI_RUN/build/test, the consoles kept in $DFI_RUN/logs
# (tests/vm/rundir.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"

"$top/tests/vm/build-test-kernel.sh" >/dev/null || { echo "not ok - test kernel builds"; exit 1; }
kdir=$("$top/tests/vm/build-test-kernel.sh" --print-kdir)
if ko=$("$top/tests/build-module.sh" "$kdir" "$DFI_RUN/build/test"); then
	echo "ok - dfi.ko builds against the test kernel with W=1"
else
	echo "not ok - dfi.ko builds against the test kernel with W=1"
	exit 1
fi
# tests that skip all they check in this kernel (no NAT, flowtable, IFB;
# Debian 6.12 only): not booted, for make check's time
DFI_VM_SKIP="t-bigtable t-nfselftests t-router" \
	exec "$top/tests/vm/run-tests.sh" test debug 1800 "$ko"
