#!/bin/sh
# Guest: early verdicts at a model's checkpoints.  A model that calls every
# flow voice, confident enough at its checkpoint of 8 packets (not at 4):
# UDP and TCP flows through the router are decided when they have 8
# packets, their packets marked EF from then on; the same network without
# checkpoints marks a flow only at 32 packets.  Counters: decided at a
# checkpoint, checkpoints passed.  Then both vCPUs send flows that reach
# their checkpoint at once while the model is swapped: every flow ends
# decided or dropped, none left in progress.
# Usage: t-early.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
st() { dfi_stat r "$1"; }

/usr/bin/python3 "$here_lib/const_model.py" "$work/late.dfim" voice >/dev/null
/usr/bin/python3 "$here_lib/const_model.py" "$work/early.dfim" voice early >/dev/null
check "insmod dfi.ko" load_dfi "$ko"
topo_router c r s
check "model without checkpoints loads" $DFICLT -n r model load "$work/late.dfim"
serve s --tcp 5001 --udp 5002 --seconds 300
srv=$!
ip netns exec s tcpdump -i s0 -nn -U -w "$work/s.pcap" 'tcp or udp' 2>/dev/null &
td=$!
sleep 2
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 1.5 --size 100 \
	--interval 20 --sport 31011 >/dev/null
check "model with checkpoints 4, 8 loads" $DFICLT -n r model load "$work/early.dfim"
$DFICLT -n r model show >"$work/show"
sed 's/^/# /' "$work/show"
check "dficlt model show: checkpoints 4 8" grep -qx 'checkpoints 4 8' "$work/show"
check "dficlt -j model show: \"checkpoints\":[4,8]" sh -c \
	"$DFICLT -n r -j model show | grep -q '\"checkpoints\":\[4,8\],'"
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 1.5 --size 100 \
	--interval 20 --sport 31012 >/dev/null
ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --seconds 1.5 --size 100 \
	--interval 20 --sport 31013 >/dev/null
ip netns exec c $TRAFFIC send udp fd00:2::2 5002 --seconds 1.5 --size 100 \
	--interval 20 --sport 31014 >/dev/null
sleep 3		# past the deadline
kill $td
wait $td 2>/dev/null
ip netns exec r cat /proc/net/dfi/stats | sed 's/^/# r: /'

check "3 flows decided at the checkpoint (decided_checkpoint $(st decided_checkpoint))" \
	test "$(st decided_checkpoint)" -eq 3
check "each went on from the checkpoint at 4 (checkpoints_passed $(st checkpoints_passed))" \
	test "$(st checkpoints_passed)" -eq 3
check "the flow of the model without checkpoints decided at 32 packets (decided_seq_len $(st decided_seq_len))" \
	test "$(st decided_seq_len)" -eq 1
check "all 4 called voice ($(st class_voice))" test "$(st class_voice)" -eq 4

# Per flow, its client's packets that reached the server before the first
# marked EF (46), and whether every one after it was.
/usr/bin/python3 - "$here_lib" "$work/s.pcap" >"$work/marks" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import pcapread
flows = {}
for _, l4, src, sport, dst, dport, dscp, _ in pcapread.packets(sys.argv[2]):
    if dport in (5001, 5002):
        flows.setdefault(sport, []).append(dscp)
for sport, d in sorted(flows.items()):
    first = d.index(46) if 46 in d else len(d)
    print(sport, first, int(all(x == 46 for x in d[first:])), len(d))
PY
sed 's/^/# sport, client packets before EF, all EF after, client packets: /' "$work/marks"
mark() { awk -v p="$1" '$1 == p { print $2 " " $3 }' "$work/marks"; }
late=$(mark 31011)
check "without checkpoints: EF from the 32nd packet of either direction on ($late)" \
	sh -c "set -- $late; [ \${1:-0} -ge 12 ] && [ \${1:-0} -le 32 ] && [ \${2:-0} -eq 1 ]"
for p in 31012 31013 31014; do
	e=$(mark $p)
	check "with checkpoints, flow $p: EF from its 8th packet of either direction on ($e)" \
		sh -c "set -- $e; [ -n \"\${1-}\" ] && [ \$1 -ge 3 ] && [ \$1 -le 8 ] && [ \${2:-0} -eq 1 ]"
done

# Both vCPUs: flows reaching their checkpoint together, and model swaps
# among them (a flow of the older model is left alone, not decided).
before=$(( $(dfi_decisions r) + $(st flows_model_changed) + $(st flows_ct_gone) ))
tracked0=$(st flows_tracked)
pids=
for i in 1 2; do
	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 1 --size 60 \
		--interval 5 --sport $((31100 + i)) >/dev/null &
	pids="$pids $!"
	ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --seconds 1 --size 60 \
		--interval 5 --sport $((31200 + i)) >/dev/null &
	pids="$pids $!"
done
for i in 1 2 3 4 5 6; do
	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 0.2 --size 60 \
		--interval 5 >/dev/null &
	pids="$pids $!"
	$DFICLT -n r model load "$work/early.dfim" >/dev/null
done
wait $pids	# not the server's 300 s
sleep 3
tracked=$(( $(st flows_tracked) - tracked0 ))
ended=$(( $(dfi_decisions r) + $(st flows_model_changed) + $(st flows_ct_gone) - before ))
check "under swaps, $tracked flows tracked, $ended decided or dropped, $(st flows_in_progress) in progress" \
	sh -c "[ $tracked -ge 10 ] && [ $ended -eq $tracked ] && [ $(st flows_in_progress) -eq 0 ]"

kill $srv 2>/dev/null
ip netns del c
ip netns del r
ip netns del s
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
