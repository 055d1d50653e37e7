#!/bin/sh
# vmdebug.sh [--all]: the VM tests (tests/vm/t-*.sh) in the debug test kernel
# (KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP) of build-test-kernel.sh:
# module unload and netns deletion under traffic, the table cap, model
# swaps and malformed netlink requests, with the console checked for any
# kernel report.  Prints TAP; exits non-zero on any failure.  The module
# is built in $DFI_RUN/build/test, the consoles kept in $DFI_RUN/logs
# (tests/vm/rundir.sh).
#
# make check runs the tests whose point is the kernel's memory and locking:
# load/unload and netns exit under traffic (t-smoke, t-lifecycle), the
# decision and its dumps (t-classify), malformed netlink (t-nlfuzz),
# expectations (t-related), GSO splitting (t-gso), ICMP errors and reroute
# (t-hookpaths), ctinfo writes (t-ctinfo), a verdict stored while a packet
# on the other vCPU finds its flow being decided (t-race), early verdicts
# across CPUs and model swaps (t-early).  --all (make vmdebug-full) adds
# the rest: t-dficlt, t-reload and t-longflow (this kernel has no
# conntrack timestamps: the second look only counts what it skipped).  Tests that skip all
# they check in this kernel (NAT, flowtable, Debian 6.12's nft only, the
# firmware loader) are never booted.
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
skip="t-bigtable t-firmware t-nfselftests t-router"
[ "${1-}" = --all ] || skip="$skip t-dficlt t-reload t-longflow"
DFI_VM_SKIP=$skip \
	exec "$top/tests/vm/run-tests.sh" test debug 1800 "$ko"
