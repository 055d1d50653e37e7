#!/bin/sh
# lab.sh [options]: one run of the traffic lab in a VM on Debian's stock
# kernel: real programs (ffmpeg, nginx, ssh/scp, rsync, curl, aria2 with
# opentracker, dig/dnsmasq, chrony, and the game and player models in this
# directory) make every scenario of scenarios.txt through a router netns
# running dfi.ko.  Leaves a labelled capture set in OUT (lab-SEED.pcap,
# labels.csv: the format of ../shared/data/real) and prints TAP.
#
#   --seconds S    how long the scenarios run (default 30)
#   --netem ARGS   tc netem arguments for the client's and the server's
#                  links, e.g. "delay 20ms 5ms loss 0.5% rate 50mbit"
#                  (default: none); several separated by "|": one round
#                  of all scenarios per setting
#   --seed N       the run's seed: game and typing patterns, names (1)
#   --out DIR      where the capture set goes (default: a temporary
#                  directory, removed afterwards)
#   --check        assert each scenario's main flows' class and DSCP
#   --cake         cake diffserv4 on the router's interfaces
#   --home         the router as a home router (tests/lab/home.sh: IPv4
#                  masquerade, flowtable offload of decided flows, cake
#                  diffserv4 on WAN egress and on an IFB for WAN ingress,
#                  act_ctinfo restoring dfi's DSCP); --check then asserts
#                  the DSCP each flow's packets had entering both cakes
#   --no-offload   with --home: no flowtable offload rule
#   --demo         print the router's statistics and unknown-flow cache
#   --second-look  the second look at long flows on in the router
#                  (dficlt set second_look 1, conntrack timestamps on);
#                  not with --check, whose DSCP check wants one class a flow
#   --model FILE   the model (default models/default.dfim)
#   --kernel K     Debian kernel series (default 6.12)
#   --groups LIST  only these groups of scenarios, comma-separated (rt, game,
#                  web, dl, ssh, other; default all), e.g. to add training
#                  data of one kind
#   --ko FILE      this dfi.ko instead of one built from the work tree's
#                  kmod/ (a build of another commit, to compare)
#   --max-flows N  dfi's max_flows in the router (set before the model
#                  loads: the table is sized then)
#   --flood RATE   a spoofed-source flood of new UDP and SYN flows (RATE
#                  per second in all, "max": as fast as they go, 0: none)
#                  from the server side while the groups run, dropped by
#                  the router's firewall; dfi's table and memory polled
#                  (flood.sh; the benchmark is bench-flood.sh)
#
# dfi.ko is built in $DFI_RUN/build/KVER and the console kept in
# $DFI_RUN/logs/lab-KVER-seedN.log (tests/vm/rundir.sh); the media the
# servers serve are made once and kept in $DFI_CACHE/lab-media-HASH.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/rundir.sh"
secs=30 netem=none seed=1 out= flags= model=$top/models/default.dfim series=6.12
ko= extra=0 home= offl=
die() { echo "lab: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) secs=$2; shift 2 ;;
	--netem) netem=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--check) flags="$flags check"; shift ;;
	--cake) flags="$flags cake"; shift ;;
	--home) home=home; shift ;;
	--no-offload) offl=nooffload; shift ;;
	--demo) flags="$flags demo"; shift ;;
	--second-look) flags="$flags secondlook"; shift ;;
	--model) model=$2; shift 2 ;;
	--kernel) series=$2; shift 2 ;;
	--groups) flags="$flags groups=$2"; shift 2 ;;
	--ko) ko=$(realpath "$2"); shift 2 ;;
	--max-flows) flags="$flags maxflows=$2"; shift 2 ;;
	--flood) flags="$flags flood=$2" extra=300; shift 2 ;;
	*) die "unknown option $1 (see the head of $0)" ;;
	esac
done
[ -n "$home" ] && flags="$flags home${offl:+=$offl}"
case $flags in
*check*groups=* | *groups=*check*) die "--check needs every group" ;;
*check*secondlook* | *secondlook*check*) die "--check and --second-look do not go together" ;;
esac
[ -r "$model" ] || die "$model: cannot read"
model=$(realpath "$model")
for p in ffmpeg nginx sshd rsync aria2c opentracker dig dnsmasq chronyd curl; do
	command -v "$p" >/dev/null || [ -x "/usr/sbin/$p" ] ||
		die "$p is missing (make deps)"
done

kver=$("$top/tests/vm/kernels.sh" "$series")
[ -n "$kver" ] && [ -d "/lib/modules/$kver/build" ] ||
	die "kernel $series and its headers are not installed (make deps)"
if [ -n "$ko" ]; then
	[ -r "$ko" ] || die "$ko: cannot read"
else
	ko=$("$top/tests/build-module.sh" "/lib/modules/$kver/build" "$DFI_RUN/build/$kver")
fi
make -s -C "$top/userspace" dficlt dfi-flood >&2
media=$DFI_CACHE/lab-media-$(cat "$top/tests/lab/mkmedia.sh" | md5sum | cut -c1-12)
"$top/tests/lab/mkmedia.sh" "$media"

if [ -z "$out" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(realpath "$out")
rounds=$(echo "$netem" | awk -F'|' '{ print NF }')
# shellcheck disable=SC2086
"$top/tests/vm/run-vm.sh" --kernel "$kver" --out "$out" \
	--timeout $((rounds * (6 * secs + 120) + 240 + extra)) --log "$DFI_RUN/logs/lab-$kver-seed$seed.log" \
	"$top/tests/lab/lab-guest.sh" "$ko" "$model" "$media" "$out" \
	"$secs" "$netem" "$seed" $flags
