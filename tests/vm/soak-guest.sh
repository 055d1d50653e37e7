#!/bin/sh
# Guest: the soak (tests/soak.sh).  For MINUTES, while flows run through a
# router at the VM's highest rate (new UDP and TCP flows every
# millisecond, a spoofed flood), keep changing everything dfi has: model
# swaps (two models with other verdicts), DSCP map and setting changes
# (deadline, unknown cache size, the cap, the mark field), netns made and
# deleted with flows in progress, and module unload/reload.  Prints what
# it did and one TAP line; the harness fails the run on any kernel report.
# Usage: soak-guest.sh PATH/TO/dfi.ko MINUTES
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
minutes=${2:-10}
work=$(mktemp -d)
FLOOD=$top_lib/userspace/dfi-flood

unknown_model "$work/unknown.dfim"
models="$DFI_MODEL $work/unknown.dfim"

load_dfi "$ko"
topo_router c r s
ip -n r route add 203.0.113.0/24 via 198.18.2.2
serve s --tcp 5001 --udp 5002 --seconds $((minutes * 60 + 120))
srv=$!
setup() {
	$DFICLT -n r set mark_mask 0x1f00 &&
		$DFICLT -n r model load "$DFI_MODEL"
}
setup

end=$(($(date +%s) + minutes * 60))
# the traffic, restarted as it ends, until the end
(
	while [ "$(date +%s)" -lt "$end" ]; do
		ip netns exec c "$FLOOD" flows --dst 198.18.2.2 --port 5002 --udp \
			--parallel 64 --every-us 1000 --packets 10 --seconds 20 >/dev/null 2>&1 &
		ip netns exec c "$FLOOD" flows --dst fd00:2::2 --port 5001 --tcp \
			--parallel 32 --every-us 1000 --packets 10 --seconds 20 >/dev/null 2>&1 &
		ip netns exec s "$FLOOD" spoof --dst 198.18.1.2 --dport 9 \
			--src 203.0.113.0/24 --udp --rate 2000 --seconds 20 >/dev/null 2>&1 &
		wait
	done
) &
traffic=$!

swaps=0 maps=0 sets=0 netns=0 reloads=0 fails=0 n=0
try() {
	"$@" >/dev/null 2>&1 || { fails=$((fails + 1)); echo "# failed: $*"; }
}
while [ "$(date +%s)" -lt "$end" ]; do
	n=$((n + 1))
	case $((n % 8)) in
	0|4)	set -- $models
		[ $((n % 16)) = 0 ] && shift
		try $DFICLT -n r model load "$1"
		swaps=$((swaps + 1)) ;;
	1)	try $DFICLT -n r dscp set voice CS$((n % 8))
		try $DFICLT -n r dscp set web keep
		maps=$((maps + 1)) ;;
	2)	try $DFICLT -n r set deadline_ms $(((n % 3) * 1000))
		try $DFICLT -n r set unknown_size $((16 << (n % 4)))
		try $DFICLT -n r set max_flows $((512 << (n % 4)))
		sets=$((sets + 1)) ;;
	3)	if [ $((n % 16)) = 3 ]; then mask=0x1f0000; else mask=0x1f00; fi
		# the mask moves in two steps: 0, then apart
		try $DFICLT -n r set mark_mask 0
		try $DFICLT -n r set mark_mask $mask
		sets=$((sets + 1)) ;;
	5)	try churn_netns soak$n
		netns=$((netns + 1)) ;;
	6)	cat /proc/net/dfi/stats >/dev/null 2>&1
		ip netns exec r cat /proc/net/dfi/flows /proc/net/dfi/unknown >/dev/null
		try $DFICLT -n r flows
		try $DFICLT -n r unknown dump ;;
	7)	if [ $((n % 24)) = 7 ]; then
			try rmmod dfi
			try insmod "$ko"
			try setup
			reloads=$((reloads + 1))
		fi ;;
	esac
done
kill $traffic 2>/dev/null
wait $traffic 2>/dev/null
sleep 1
ip netns exec r cat /proc/net/dfi/stats | grep -E '^(flows_|decided_|packets_orphaned|model_generation)' | sed 's/^/# r: /'
echo "# $n steps: $swaps model swaps, $maps DSCP map changes, $sets setting changes, $netns netns made and deleted, $reloads module reloads; $fails requests failed"
check "soak: $minutes minutes, $swaps model swaps, $netns netns, $reloads reloads under traffic; every request succeeded" \
	test "$fails" -eq 0
ip netns del r
kill $srv 2>/dev/null
ip netns del c
ip netns del s
check "rmmod dfi at the end" rmmod dfi
rm -rf "$work"
finish
