#!/bin/sh
# bench-flood.sh [options]: the flood benchmark (make bench-flood).  Figures,
# not a test: for each dfi.ko, two runs of the traffic lab with the same
# seed, one quiet and one while a spoofed-source flood of new UDP and SYN
# flows hits the router from the server side (dropped there by the
# firewall: tests/lab/flood.sh); then a table (tests/lab/bench_flood.py):
# the share of the lab's real flows that got a class, the flood's rate,
# dfi's flow-table peak and memory, its counters.
#
#   --ko [LABEL=]FILE  a dfi.ko to measure, several --ko for several
#                    (default: the work tree's kmod/, built once here)
#   --rate R         flood: new flows per second, half UDP and half SYN,
#                    or "max" (default 10000)
#   --seconds S      per group of scenarios (default 10)
#   --groups LIST    the lab's groups (default rt,game,web,dl,ssh: every
#                    group with main flows)
#   --seed N         the lab's seed, the same in every run (default 1)
#   --max-flows N    dfi's max_flows in the router (default 512)
#   --kernel K       Debian kernel series (default 6.12)
#   --out DIR        keep each run's output in DIR/LABEL-quiet|flood and
#                    the lab's TAP in DIR/*.log (default: a temporary
#                    directory, removed)
#
# Each run is a VM of its own, one after the other: about 5 minutes each
# on a 2-core machine under TCG.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/rundir.sh"
die() { echo "bench-flood: $*" >&2; exit 2; }
kos= rate=10000 secs=10 groups=rt,game,web,dl,ssh seed=1 maxflows=512
series=6.12 out=
while [ $# -gt 0 ]; do
	case $1 in
	--ko) kos="$kos $2"; shift 2 ;;
	--rate) rate=$2; shift 2 ;;
	--seconds) secs=$2; shift 2 ;;
	--groups) groups=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--max-flows) maxflows=$2; shift 2 ;;
	--kernel) series=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) die "unknown option $1 (see the head of $0)" ;;
	esac
done
case $rate in max | [1-9]*) ;; *) die "--rate: a rate above 0, or max" ;; esac
kver=$("$top/tests/vm/kernels.sh" "$series")
[ -n "$kver" ] || die "kernel $series is not installed (make deps)"
if [ -z "$kos" ]; then
	kos="work-tree=$("$top/tests/build-module.sh" \
		"/lib/modules/$kver/build" "$DFI_RUN/build/$kver")"
fi
if [ -z "$out" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(realpath "$out")

dirs= n=0
for k in $kos; do
	n=$((n + 1))
	case $k in
	*=*) label=${k%%=*} ko=${k#*=} ;;
	*) label=ko$n ko=$k ;;
	esac
	echo "# $label: $(realpath "$ko")"
	[ -r "$ko" ] || die "$ko: cannot read"
	for phase in quiet flood; do
		r=0
		[ $phase = flood ] && r=$rate
		d=$out/$label-$phase
		rm -rf "$d"
		echo "bench-flood: $label, $phase: lab.sh --seed $seed --seconds $secs --groups $groups --max-flows $maxflows --flood $r --ko $ko" >&2
		"$top/tests/lab/lab.sh" --ko "$ko" --kernel "$series" \
			--seed "$seed" --seconds "$secs" --groups "$groups" \
			--max-flows "$maxflows" --flood "$r" --out "$d" \
			>"$out/$label-$phase.log" 2>&1 || {
			tail -n 30 "$out/$label-$phase.log" >&2
			die "the lab run failed (its TAP above)"
		}
		dirs="$dirs $label-$phase=$d"
	done
done
echo "# bench-flood: seed $seed, groups $groups, ${secs}s each," \
	"max_flows $maxflows, flood rate $rate, kernel $kver"
# shellcheck disable=SC2086
python3 "$top/tests/lab/bench_flood.py" report $dirs
