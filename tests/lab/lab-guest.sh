#!/bin/sh
# lab-guest.sh KO MODEL MEDIA OUT SECONDS NETEM SEED [check] [cake]: one
# run of the traffic lab, inside the VM (tests/lab/lab.sh boots it).
#
# client netns -- router netns (dfi.ko, MODEL, conntrack; cake diffserv4 on
# both sides with "cake") -- server netns, netem (NETEM: tc netem
# arguments, "none" for none) on the client's and the server's egress.
# Servers of every scenario (scenarios.txt) start, then the clients run in
# five groups of SECONDS each (the guest runs under TCG: all at once, the
# programs starve each other).  Written to OUT: lab-SEED.pcap (the router's client-side link,
# as a capture set's capture), labels.csv (label.py), conntrack.txt and
# dfi-stats.txt (conntrack -L near the end of each group, and at the end).  With "check": lab_check.py asserts each scenario's main
# flows' class and DSCP, TAP.
set -u
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../vm/lib.sh"
ko=$1 model=$2 MEDIA=$3 out=$4 SECS=$5 netem=$6 SEED=$7
shift 7
check=0 cake=0
for a in "$@"; do
	case $a in
	check) check=1 ;;
	cake) cake=1 ;;
	esac
done
RUN=/tmp/lab
mkdir -p "$RUN"
export LAB MEDIA RUN SECS SEED
. "$LAB/servers.sh"
. "$LAB/clients.sh"

load_dfi "$ko"
topo_router client router server
for h in $(awk '!/^#/ && NF == 7 { print $4 }' "$LAB/scenarios.txt" | sort -u); do
	[ "$h" = 2 ] && continue
	ip -n server addr add "198.18.2.$h/24" dev s0
	ip -n server addr add "fd00:2::$(printf %x "$h")/64" dev s0 nodad
done
ip netns exec router sysctl -qw net.netfilter.nf_conntrack_acct=1
check "dficlt model load $(basename "$model")" $DFICLT -n router model load "$model"
check "dficlt set mark_mask 0x1f00" $DFICLT -n router set mark_mask 0x1f00
if [ "$netem" != none ]; then
	# shellcheck disable=SC2086
	check "netem $netem on the client's and the server's links" sh -c "
		tc -n client qdisc replace dev c0 root netem $netem &&
		tc -n server qdisc replace dev s0 root netem $netem"
fi
if [ $cake -eq 1 ]; then
	for dev in r0 r1; do
		tc -n router qdisc replace dev "$dev" root cake diffserv4 bandwidth 100mbit
	done
fi

pcap=$out/lab-$SEED.pcap
# captures to the guest's memory (a 9p write per packet loses packets)
ip netns exec router tcpdump -i r0 -nn -B 16384 -s 128 -w "$RUN/r.pcap" 'tcp or udp' 2>/dev/null &
td="$!"
if [ $check -eq 1 ]; then
	ip netns exec server tcpdump -i s0 -nn -B 16384 -s 96 -w "$RUN/s.pcap" 'tcp or udp' 2>/dev/null &
	td="$td $!"
	ip netns exec client tcpdump -i c0 -nn -B 16384 -s 96 -w "$RUN/c.pcap" 'tcp or udp' 2>/dev/null &
	td="$td $!"
fi
: >"$out/conntrack.txt"
servers_start
sleep 5
echo "# lab: five groups of scenarios, ${SECS}s each, netem: $netem, seed $SEED"
# group WARM SCENARIO...: WARM seconds more for programs slow to start
group() {
	warm=$1
	shift
	echo "# lab: $*"
	for s in "$@"; do
		"scn_$s"
	done
	# the router's view before the clients' timeouts end the flows
	sleep $((SECS + warm - 3))
	ip netns exec router conntrack -L >>"$out/conntrack.txt" 2>/dev/null
	sleep 5
}
group "$WARM" voice video_rtp game
group 0 dash web
group 0 file_net
group 10 file_ssh
group 0 other
# shellcheck disable=SC2086
kill $td 2>/dev/null
servers_stop
wait
cp "$RUN/r.pcap" "$pcap"

ip netns exec router conntrack -L >>"$out/conntrack.txt" 2>/dev/null
ip netns exec router cat /proc/net/dfi/stats >"$out/dfi-stats.txt"
check "label.py: labelled flows in the router's capture" \
	python3 "$LAB/label.py" "$pcap" -o "$out/labels.csv"
awk -F, 'NR > 1 { n[$7]++ } END { for (c in n) printf "# labelled %s: %d\n", c, n[c] }' \
	"$out/labels.csv" | sort
for f in "$RUN"/*.out "$RUN"/*.err; do
	[ -s "$f" ] && sed "s|^|# $(basename "$f"): |" "$f" | head -n 5
done

if [ $check -eq 1 ]; then
	classes=$($DFICLT -n router model show |
		awk '/^classes:/ { c = 1; next } c { printf "%s%s", s, $1; s = "," }')
	map=$($DFICLT -n router -j dscp show | python3 -c '
import json, sys
print(",".join("%s=%s" % (c["name"], -1 if c["dscp"] is None else c["dscp"])
               for c in json.load(sys.stdin)["classes"]))')
	echo "# classes $classes; DSCP map $map"
	python3 "$LAB/lab_check.py" --conntrack "$out/conntrack.txt" \
		--mask 0x1f00 --classes "$classes" --map "$map" \
		--c2s "$RUN/s.pcap" --s2c "$RUN/c.pcap" >"$RUN/check.tap"
	# renumber lab_check's TAP into ours
	while read -r line; do
		case $line in
		"ok "*) ok "${line#* - }" ;;
		"not ok "*) not_ok "${line#* - }" ;;
		esac
	done <"$RUN/check.tap"
fi
sed 's/^/# dfi: /' "$out/dfi-stats.txt" | grep -E 'decided|class_|unknown|dscp_rewrites|flows_tracked'
ip netns del client
ip netns del router
ip netns del server
check "rmmod dfi" rmmod dfi
finish
