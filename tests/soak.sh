#!/bin/sh
# soak.sh [MINUTES] [KERNEL]: the soak, a long campaign outside make check
# (Documentation/testing.md): for MINUTES (default 10) in KERNEL (default
# "test", the debug kernel: KASAN, lockdep, kmemleak; or 6.1, 6.12), model
# swaps, DSCP map and setting changes, netns made and deleted and module
# reloads while traffic runs at the VM's highest rate
# (tests/vm/soak-guest.sh).  Prints TAP; fails on any failed request or
# kernel report.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
minutes=${1:-10}
kernel=${2:-test}

make -s -C "$top/userspace" >/dev/null || { echo "not ok - userspace builds"; exit 1; }
if [ "$kernel" = test ]; then
	"$top/tests/vm/build-test-kernel.sh" >/dev/null || { echo "not ok - test kernel builds"; exit 1; }
	kdir=$("$top/tests/vm/build-test-kernel.sh" --print-kdir)
else
	kdir=/lib/modules/$("$top/tests/vm/kernels.sh" "$kernel")/build
fi
ko=$("$top/tests/build-module.sh" "$kdir" "$DFI_RUN/build/soak-$kernel") ||
	{ echo "not ok - dfi.ko builds against $kdir"; exit 1; }
log=$DFI_RUN/logs/soak-$kernel.log
echo "# soak: $minutes minutes in kernel $kernel (console: $log)"
"$top/tests/vm/run-vm.sh" --kernel "$kernel" --log "$log" \
	--timeout $((minutes * 60 + 900)) \
	"$top/tests/vm/soak-guest.sh" "$ko" "$minutes"
rc=$?
[ $rc -eq 0 ] || "$top/tests/vm/check-log.sh" "$log"
if [ $rc -eq 0 ]; then
	echo "ok - soak in $kernel: no failed request, no kernel report"
else
	echo "not ok - soak in $kernel (status $rc)"
fi
exit $rc
