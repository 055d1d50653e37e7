#!/bin/sh
# check.sh: everything "make check" runs, in order:
#   deps -> build -> userspace unit tests -> engine parity -> arm64 (cross
#   build, unit and parity under qemu-aarch64) -> a permuted model's
#   parity -> model corpus
#   -> fuzzing -> real-data checks -> training smoke run -> VM tests ->
#   traffic lab (short form) -> replay smoke test -> Debian packages
#   (built, lintian, DKMS, installed in a VM with make install: deb.sh)
# and, in a second lane started once "build" is done, the debug test
# kernel's stages: KUnit (building that kernel if it is not cached) -> VM
# tests in the debug kernel.  qemu runs each guest in one host thread
# (run-vm.sh), so the two lanes keep both cores busy; the second lane's
# output is printed when it ends.
# Each stage prints TAP ("ok ..." / "not ok ..."); every such line counts as
# one test, and a stage that fails without saying which test counts as one
# failure.  Ends with the line "N passed, N failed"; exits 1 on any failure.
#
# DFI_CHECK_STAGES limits the run to some stages (e.g. "unit kunit").
# Each stage's output is kept in $DFI_RUN/logs/check-STAGE.out, beside the
# consoles of its VMs; DFI_RUN is this run's own directory, made here and
# shared by every stage (tests/vm/rundir.sh: under $DFI_CACHE/runs/).
set -u
# modprobe, ip and friends live in sbin, which a CI PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
export PATH
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/tests/vm/rundir.sh"
echo "=== logs and builds of this run: $DFI_RUN"
stages=${DFI_CHECK_STAGES:-deps build unit parity arm64 permute corpus fuzz data train vmtest lab replay deb kunit vmdebug}
passed=0
failed=0
start=$(date +%s)

# stage NAME CMD...: run CMD, show its output, count its TAP lines.
stage() {
	name=$1
	shift
	out=$DFI_RUN/logs/check-$name.out
	t0=$(date +%s)
	echo "=== $name: $*"
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - stage $name exited with status $rc"
		f=1
	fi
	if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		p=1	# a stage with no TAP of its own (deps, build) passed
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "=== $name: $p passed, $f failed, $(($(date +%s) - t0)) s"
}

# run_stage NAME: the stage NAME
run_stage() {
	case "$1" in
	deps) stage deps tests/deps.sh ;;
	build) stage build make all ;;
	unit) stage unit make unit ;;
	parity) stage parity tests/parity.sh ;;
	arm64) stage arm64 tests/arm64.sh ;;
	permute) stage permute tests/permute.sh ;;
	corpus) stage corpus /usr/bin/python3 tests/gen_model_corpus.py --check ;;
	fuzz) stage fuzz make -s -C tests/fuzz run SECONDS=${DFI_FUZZ_SECONDS:-60} ;;
	data) stage data tests/data-real.sh ;;
	train) stage train tests/train-smoke.sh ;;
	kunit) stage kunit tests/kunit.sh ;;
	vmtest) stage vmtest tests/vmtest.sh ;;
	lab) stage lab tests/lab/lab.sh --seconds 20 --check ;;
	replay) stage replay tests/replay-smoke.sh ;;
	deb) stage deb tests/deb.sh ;;
	vmdebug) stage vmdebug tests/vmdebug.sh ;;
	*) echo "check: unknown stage $1"; failed=$((failed + 1)) ;;
	esac
}

main=
lane=
for s in $stages; do
	case "$s" in
	kunit | vmdebug) lane="$lane $s" ;;
	*) main="$main $s" ;;
	esac
done

# start_lane: the debug kernel's stages in the background, counted apart
lane_pid=
start_lane() {
	[ -n "$lane" ] && [ -z "$lane_pid" ] || return 0
	echo "=== started in a second lane:$lane"
	(
		passed=0
		failed=0
		for s in $lane; do
			run_stage "$s"
		done
		echo "$passed $failed" >"$DFI_RUN/logs/check-lane.counts"
	) >"$DFI_RUN/logs/check-lane.out" 2>&1 &
	lane_pid=$!
}

for s in $main; do
	# after the packages (deps) and userspace (build) the lane's VMs use
	case "$s" in deps | build) ;; *) start_lane ;; esac
	run_stage "$s"
done
start_lane
if [ -n "$lane_pid" ]; then
	wait "$lane_pid"
	echo "=== the second lane's output:"
	cat "$DFI_RUN/logs/check-lane.out"
	if read -r p f <"$DFI_RUN/logs/check-lane.counts"; then
		passed=$((passed + p))
		failed=$((failed + f))
	else
		echo "not ok - the second lane ($lane) ended without its counts"
		failed=$((failed + 1))
	fi
fi

echo "make check took $(($(date +%s) - start)) s; logs: $DFI_RUN/logs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
