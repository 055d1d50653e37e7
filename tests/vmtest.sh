#!/bin/sh
# vmtest.sh [SERIES...]: for each Debian stock kernel series (default 6.1
# and 6.12), build dfi.ko against its headers with W=1 (a warning fails),
# then boot that kernel in qemu once per tests/vm/t-*.sh and run the test
# there with the module's path.  Prints TAP; exits non-zero on any failure.
# The modules are built in $DFI_RUN/build/KVER, the consoles kept in
# $DFI_RUN/logs (tests/vm/rundir.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
series=${*:-6.1 6.12}
rc=0

for s in $series; do
	kver=$("$top/tests/vm/kernels.sh" "$s")
	if [ -z "$kver" ] || [ ! -d "/lib/modules/$kver/build" ]; then
		echo "not ok - kernel $s and its headers are installed (make deps)"
		rc=1
		continue
	fi
	if ko=$("$top/tests/build-module.sh" "/lib/modules/$kver/build" "$DFI_RUN/build/$kver"); then
		echo "ok - dfi.ko builds against $kver with W=1, no warnings"
	else
		echo "not ok - dfi.ko builds against $kver with W=1, no warnings"
		rc=1
		continue
	fi
	"$top/tests/vm/run-tests.sh" "$kver" "$s" 600 "$ko" || rc=1
done
exit $rc
