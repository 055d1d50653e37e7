#!/bin/sh
# replay.sh CAPTURES LABELS [MODEL]: replay the labelled flows of a data set
# (CAPTURES = its pcap/ directory, LABELS = its labels.csv) through dfi.ko
# in the router netns of a VM on Debian's stock 6.12 kernel, and print the
# kernel's report (dfi-eval's format, ending "macro-F1: X.XXX"), then
# "agreement: X.X%" with dfi-eval on the router's capture of the same
# packets.  MODEL defaults to models/default.dfim.  See
# tests/vm/replay-guest.sh and userspace/dfi-replay.c.
# Environment: DFI_REPLAY_LANES (16), DFI_REPLAY_MIN_PACKETS (1),
# DFI_REPLAY_KERNEL (6.12), DFI_REPLAY_DEBUG (1: details of the flows
# where kernel and dfi-eval differ), DFI_CACHE, DFI_RUN (the module is
# built in $DFI_RUN/build/KVER, the console kept in
# $DFI_RUN/logs/replay-KVER.log; tests/vm/rundir.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
lanes=${DFI_REPLAY_LANES:-16}
min_packets=${DFI_REPLAY_MIN_PACKETS:-1}
series=${DFI_REPLAY_KERNEL:-6.12}

die() { echo "replay: $*" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: replay.sh CAPTURES LABELS [MODEL]"
[ -d "$1" ] || die "$1: no such directory"
[ -r "$2" ] || die "$2: cannot read"
model=${3:-$top/models/default.dfim}
[ -r "$model" ] || die "$model: cannot read"
captures=$(realpath "$1")
labels=$(realpath "$2")
model=$(realpath "$model")

make -s -C "$top/userspace" dfi-replay dfi-ctscore dfi-eval >&2
kver=$("$top/tests/vm/kernels.sh" "$series")
[ -n "$kver" ] && [ -d "/lib/modules/$kver/build" ] ||
	die "kernel $series and its headers are not installed (make deps)"
ko=$("$top/tests/build-module.sh" "/lib/modules/$kver/build" "$DFI_RUN/build/$kver")

# A dry run: the labels are readable, and how long the replay will take.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/userspace/dfi-replay" --model "$model" --captures "$captures" \
	--labels "$labels" --lab-labels "$tmp/lab.csv" --lanes "$lanes" \
	--min-packets "$min_packets" >"$tmp/plan" || die "dfi-replay failed"
timeline=$(sed -n 's/.*timeline \([0-9]*\)\..*/\1/p' "$tmp/plan")
echo "# plan: $(cat "$tmp/plan")"
# boot, TCG, the GC after the last flow, dfi-eval in the guest
timeout=$((300 + 3 * ${timeline:-0}))

echo "# offline, dfi-eval on the original captures: $("$top/userspace/dfi-eval" \
	--model "$model" --captures "$captures" --labels "$labels" \
	--min-packets "$min_packets" 2>/dev/null | tail -n 1)"
log=$DFI_RUN/logs/replay-$kver.log
echo "# booting $kver in qemu (timeout ${timeout}s, console: $log)"
"$top/tests/vm/run-vm.sh" --kernel "$kver" --timeout "$timeout" --log "$log" \
	"$top/tests/vm/replay-guest.sh" "$ko" "$model" "$captures" "$labels" \
	"$lanes" "$min_packets" ${DFI_REPLAY_DEBUG:+debug}
