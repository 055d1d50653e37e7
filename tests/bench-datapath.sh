#!/bin/sh
# bench-datapath.sh [SECONDS] [REPS] [KERNEL] [ENGINE]: the datapath benchmark (make
# bench-datapath; figures, not a test): Debian's stock kernel (default
# 6.12) in qemu forwards the same traffic through a router netns with dfi
# off, enabled without a model and enabled with the default model, in one
# boot (tests/vm/bench-datapath-guest.sh): a few long flows at the highest
# rate the VM sustains, and many short flows.  SECONDS per phase (default
# 5), REPS rounds of the three states (default 3), ENGINE the module's
# engine= (default auto; under TCG the emulated AVX2 engine is slower than
# scalar).  About 6 minutes.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
secs=${1:-5}
reps=${2:-3}
series=${3:-6.12}
engine=${4:-auto}

make -s -C "$top/userspace" >/dev/null || { echo "bench-datapath: userspace build failed" >&2; exit 1; }
kver=$("$top/tests/vm/kernels.sh" "$series") || exit 1
ko=$("$top/tests/build-module.sh" "/lib/modules/$kver/build" \
	"$DFI_RUN/build/bench-$kver") || exit 1
log=$DFI_RUN/logs/bench-datapath-$kver.log
echo "# bench-datapath: $kver, $secs s per phase, $reps rounds (console: $log)"
"$top/tests/vm/run-vm.sh" --kernel "$kver" --log "$log" \
	--timeout $((reps * secs * 6 + 600)) \
	"$top/tests/vm/bench-datapath-guest.sh" "$ko" "$secs" "$reps" "$engine"
