#!/bin/sh
# Guest: a verdict, once stored, stays.  Deciding a flow unlinks it from
# the table first and writes its class a little later (after the
# classifier: tens of microseconds, more under TCG; the GC decides
# thousands in a row); a packet of the flow on the other CPU that read
# "pending" meanwhile finds no entry, and must write nothing.  Two
# senders pinned to CPU 0 and CPU 1 (race.py) share every one of
# thousands of UDP flows at the VM's highest rate, first under the
# default model without its checkpoints (late_model.py): 8 at a time for
# 50 ms each (decided at seq_len packets), then 512 at a time for 400 ms
# each (decided by the 200 ms deadline: by a packet past it, or by the GC,
# hundreds in a row); then under the default model itself, 8 at a time
# (most decided early, at a checkpoint: classified outside the lock while
# the other CPU's packets go on, then taken out of the table unless
# decided meanwhile).  Every flow's entry must carry a class (none left
# "skip", "pending" or "new"), as many as the decisions counted.  (The
# debug kernel, slower, sends to 2 flows at a time for 1 s instead of 8
# for 50 ms.)
# The code before 95c57b8 (23525a8) wrote "skip" there: 4 or 5 flows of
# the 8700 ended so on 6.12 (their verdicts lost).
# Usage: t-race.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
secs=6
minflows=1000
# rounds 1 and 3: K flows at a time for D ms each, each flow to reach
# seq_len (or a checkpoint)
kflows=8 kms=50
# the debug kernel: slower (1 520 flows, 28 orphaned packets in a run of
# 2026-12-04 with its two vCPUs; 180 packets a second in all in a CI run
# of 2026-12-05, 1 to a flow of 8 in 50 ms): 2 flows at a time for 1 s
if [ -e /sys/kernel/debug/kmemleak ]; then
	secs=4 minflows=100 kflows=2 kms=1000
fi
ncpu=$(nproc)

check "insmod dfi.ko ct_label_base=-1 (the mark only)" sh -c \
	"modprobe nf_conntrack 2>/dev/null; insmod $ko ct_label_base=-1"
topo_pair a b
# room for every flow: conntrack's default cap (8192 in this VM) would
# drop entries early and their flows would begin again
sysctl -qw net.netfilter.nf_conntrack_max=65536
# the flows' entries outlive the run; b drops them without an ICMP error
ip netns exec a sysctl -qw net.netfilter.nf_conntrack_udp_timeout=600
ip netns exec b nft -f - <<'EOF'
table inet sink {
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 9000 drop
	}
}
EOF
check "a: set mark_mask 0x1f00" $DFICLT -n a set mark_mask 0x1f00
# round 1 decides at seq_len, before a deadline of 2 s
check "a: set deadline_ms 2000" $DFICLT -n a set deadline_ms 2000
/usr/bin/python3 "$here_lib/late_model.py" "$work/late.dfim" >/dev/null
check "a: model load (the default without checkpoints)" \
	$DFICLT -n a model load "$work/late.dfim"
st() { v=$(dfi_stat a "$1"); echo "${v:-0}"; }

out=$(ip netns exec a python3 "$here_lib/race.py" 198.18.0.2 9000 \
	--flows $kflows --batch-ms $kms --seconds $secs --sport 2000 2>&1)
echo "# $ncpu CPUs"
check "two senders, CPU 0 and CPU 1, $kflows flows at a time: $out" test $? -eq 0
check "decided at seq_len ($(st decided_seq_len))" gt "$(st decided_seq_len)" 0
check "a: set deadline_ms 200" $DFICLT -n a set deadline_ms 200
out=$(ip netns exec a python3 "$here_lib/race.py" 198.18.0.2 9000 --flows 512 \
	--batch-ms 400 --seconds $secs --sport 3000 2>&1)
check "two senders, CPU 0 and CPU 1, 512 flows at a time: $out" test $? -eq 0
sleep 3		# past the deadline: the GC decides what is left
check "decided at the deadline ($(st decided_deadline))" \
	gt "$(st decided_deadline)" 0
check "nothing in progress before the model swap ($(st flows_in_progress))" \
	test "$(st flows_in_progress)" -eq 0
check "a: model load (the default, checkpoints 4 8 16)" \
	$DFICLT -n a model load "$DFI_MODEL"
out=$(ip netns exec a python3 "$here_lib/race.py" 198.18.0.2 9000 \
	--flows $kflows --batch-ms $kms --seconds $secs --sport 12000 2>&1)
check "two senders, CPU 0 and CPU 1, $kflows flows at a time, checkpoints: $out" \
	test $? -eq 0
sleep 3
check "decided at a checkpoint ($(st decided_checkpoint))" \
	gt "$(st decided_checkpoint)" 0
ip netns exec a cat /proc/net/dfi/stats | grep -E '^(flows_|decided_|packets_)' | sed 's/^/# a: /'
# the flows' states, from the mark field (0x1f00): class, skip, ...
ip netns exec a conntrack -L -p udp --dport 9000 2>/dev/null | awk '
{ for (i = 1; i <= NF; i++) if ($i ~ /^mark=/) {
	v = int(substr($i, 6) / 256) % 32
	s = v == 0 ? "none" : v <= 16 ? "class" : v == 17 ? "pending" : \
		v == 18 ? "skip" : "new"
	n[s]++ } }
END { printf "flows %d class %d skip %d pending %d new %d none %d\n", \
	NR, n["class"], n["skip"], n["pending"], n["new"], n["none"] }' >"$work/states"
set -- $(cat "$work/states")
flows=$2 class=$4 skip=$6 pending=$8 new=${10} none=${12}
decided=$(dfi_decisions a)
echo "# $(cat "$work/states"); decisions $decided"
check "flows: $flows" test "$flows" -ge $minflows
orphans=$(( $(st packets_orphaned) + $(st flows_orphaned) ))
if [ "$ncpu" -lt 2 ]; then
	ok "packets found their flow being decided ($orphans orphaned) # SKIP $ncpu CPU"
elif [ -e /sys/kernel/debug/kmemleak ] && [ "$orphans" -eq 0 ]; then
	# the debug kernel's two vCPUs met mid-decision 28 times in a run
	# alone, never in one beside another guest: its paths are still
	# checked under KASAN and lockdep, the race itself not this time
	ok "packets found their flow being decided (0 orphaned) # SKIP the race did not run in the debug kernel this time"
else
	check "packets found their flow being decided: the race ran ($orphans orphaned)" \
		test "$orphans" -gt 0
fi
check "no flow ends skip ($skip)" test "$skip" -eq 0
check "none left pending or new ($pending, $new) or never followed ($none)" \
	test $((pending + new + none)) -eq 0
check "every decision kept: $class flows with a class, $decided decisions" \
	test "$class" -eq "$decided"
check "no flow left in the table ($(st flows_in_progress))" \
	test "$(st flows_in_progress)" -eq 0
finish
