# vmtap.sh: sourced by host-side scripts (POSIX sh) that run guest tests,
# with vm_dir set to tests/vm.
#
# vm_tap KERNEL TAG TIMEOUT LOG DESC SCRIPT ARGS...: boot KERNEL (as
# run-vm.sh --kernel takes it) and run SCRIPT ARGS there, the console in
# LOG.  The guest's TAP lines are passed on with [TAG] in them, then one
# line "DESC: passed, no kernel report" (the console's report, if any,
# above it).  Returns the guest's status.
vm_tap() {
	vt_kernel=$1 vt_tag=$2 vt_timeout=$3 vt_log=$4 vt_desc=$5
	shift 5
	"$vm_dir/run-vm.sh" --kernel "$vt_kernel" --log "$vt_log" \
		--timeout "$vt_timeout" "$@" >"$vt_log.out" 2>&1
	vt_rc=$?
	sed "s/^\(\(not \)\{0,1\}ok [0-9]*\) /\1 [$vt_tag] /" "$vt_log.out"
	if [ $vt_rc -eq 0 ]; then
		echo "ok - $vt_desc: passed, no kernel report"
	else
		"$vm_dir/check-log.sh" "$vt_log"
		echo "not ok - $vt_desc: passed, no kernel report (status $vt_rc)"
	fi
	return $vt_rc
}
