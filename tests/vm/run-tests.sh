#!/bin/sh
# run-tests.sh KERNEL TAG TIMEOUT KO: boot KERNEL (as run-vm.sh --kernel
# takes it) once per tests/vm/t-*.sh and run the test there with the
# module KO.  The test's TAP lines are passed on with [TAG] in them, then
# one line per test for "passed, no kernel report" (the console's report,
# if any, above it).  Exits non-zero on any failure.  The consoles are
# kept in $DFI_RUN/logs/TEST-KERNEL.log (tests/vm/rundir.sh).  Tests named
# in DFI_VM_SKIP (space-separated, without .sh) are not booted.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/rundir.sh"
vm_dir=$here
. "$here/vmtap.sh"
kernel=$1 tag=$2 timeout=$3 ko=$4
rc=0
for t in "$here"/t-*.sh; do
	name=$(basename "$t" .sh)
	case " ${DFI_VM_SKIP:-} " in
	*" $name "*)
		echo "ok - $name on $kernel # SKIP not run in this kernel (DFI_VM_SKIP)"
		continue ;;
	esac
	log=$DFI_RUN/logs/$name-$kernel.log
	echo "# $name on $kernel (console: $log)"
	vm_tap "$kernel" "$tag" "$timeout" "$log" "$name on $kernel" "$t" "$ko" ||
		rc=1
done
exit $rc
