#!/bin/sh
# kunit.sh: the KUnit suites of kmod/kunit/ in the debug test kernel
# (KASAN, lockdep, kmemleak), built and cached by build-test-kernel.sh.
# Prints one TAP line per case; fails on a failed or missing case and on
# any kernel report in the console.  The modules are built in
# $DFI_RUN/build/test, the console kept in $DFI_RUN/logs/kunit-test.log
# (tests/vm/rundir.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"

"$top/tests/vm/build-test-kernel.sh" || { echo "not ok - test kernel builds"; exit 1; }
kdir=$("$top/tests/vm/build-test-kernel.sh" --print-kdir)
out=$DFI_RUN/build/test
if "$top/tests/build-module.sh" "$kdir" "$out" >/dev/null; then
	echo "ok - dfi.ko and dfi_kunit.ko build against the test kernel with W=1"
else
	echo "not ok - dfi.ko and dfi_kunit.ko build against the test kernel with W=1"
	exit 1
fi
log=$DFI_RUN/logs/kunit-test.log
echo "# KUnit in the test kernel (console: $log)"
"$top/tests/vm/run-vm.sh" --kernel test --log "$log" --timeout 900 \
	"$top/tests/vm/kunit-guest.sh" "$out/src" >/dev/null 2>&1
vrc=$?
rc=0
python3 "$top/tests/ktap.py" "$log" "$top"/kmod/kunit/*_kunit.c || rc=1
if [ $vrc -eq 0 ]; then
	echo "ok - KUnit run in the test kernel, no kernel report"
else
	"$top/tests/vm/check-log.sh" "$log"
	echo "not ok - KUnit run in the test kernel, no kernel report (status $vrc)"
	rc=1
fi
exit $rc
