#!/bin/sh
# Guest: 100 000 flows in progress at once on a router (a flood of new
# UDP flows with a long deadline): the table holds them, the GC walks
# them every second, the netlink dump and /proc/net/dfi/flows list every
# one of them, and nothing stalls (the harness fails the test on a
# soft-lockup or any other kernel report).  Then the cap is raised as far
# as the table's buckets serve, and past that refused.
# Run in Debian's 6.12 only (a minute or two under TCG); the other kernels
# skip it: the same code, and make check's time budget.
# Usage: t-bigtable.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
case $(uname -r) in
6.12.*-amd64) ;;
*)	ok "100 000 flows in progress # SKIP run in Debian's 6.12 only"
	finish
	exit ;;
esac
work=$(mktemp -d)
FLOOD=$top_lib/userspace/dfi-flood
N=100000

check "insmod dfi.ko" load_dfi "$ko"
topo_router c r s
ip -n r route add 203.0.113.0/24 via 198.18.2.2
sysctl -qw net.netfilter.nf_conntrack_max=400000
ip netns exec r sysctl -qw net.netfilter.nf_conntrack_udp_timeout=300
check "router: set max_flows 131072 before enabling" $DFICLT -n r set max_flows 131072
check "router: set deadline_ms 600000" $DFICLT -n r set deadline_ms 600000
check "router: model load" $DFICLT -n r model load "$DFI_MODEL"
st() { dfi_stat r "$1"; }

# Spoofed new flows towards the client until N are in progress (no reply
# ever comes: they stay in progress until the deadline, ten minutes).
i=0
while [ "$(st flows_in_progress)" -lt $N ] && [ $i -lt 30 ]; do
	ip netns exec s "$FLOOD" spoof --dst 198.18.1.2 --dport 9 \
		--src 203.0.113.0/24 --udp --count 30000 --seconds 20 | sed 's/^/# /'
	i=$((i + 1))
done
ip netns exec r cat /proc/net/dfi/stats | grep -E '^(flows_|packets )' | sed 's/^/# r: /'
check "$(st flows_in_progress) flows in progress (>= $N)" \
	test "$(st flows_in_progress)" -ge $N
sleep 3		# the GC walks them all, three times

t0=$(date +%s%N)
n_nl=$($DFICLT -n r flows | tail -n +2 | wc -l)
t1=$(date +%s%N)
n_proc=$(ip netns exec r cat /proc/net/dfi/flows | tail -n +2 | wc -l)
t2=$(date +%s%N)
now=$(st flows_in_progress)
echo "# dump: $n_nl flows in $(( (t1 - t0) / 1000000 )) ms; /proc: $n_proc in $(( (t2 - t1) / 1000000 )) ms; in progress now $now"
check "netlink dump lists every flow ($n_nl of $now)" \
	sh -c "[ $n_nl -ge $((now - now / 100)) ] && [ $n_nl -le $((now + now / 100)) ]"
check "/proc/net/dfi/flows lists every flow ($n_proc of $now)" \
	sh -c "[ $n_proc -ge $((now - now / 100)) ] && [ $n_proc -le $((now + now / 100)) ]"
check "no flow listed twice by the dump" sh -c \
	"[ \$($DFICLT -n r flows | tail -n +2 | sort | uniq -d | wc -l) -eq 0 ]"
# two readers at once, on both vCPUs, while the GC runs
( ip netns exec r cat /proc/net/dfi/flows >/dev/null ) &
$DFICLT -n r flows >/dev/null
wait
check "dumps beside each other and the GC complete" true

# The cap: as far as 16 entries a bucket on average, not further.
buckets=$((131072 / 4))
check "max_flows raised to $((16 * buckets)) (16 a bucket)" \
	$DFICLT -n r set max_flows $((16 * buckets))
$DFICLT -n r set max_flows $((16 * buckets + 1)) 2>"$work/msg"
rc=$?
sed 's/^/# /' "$work/msg"
check "max_flows past what the buckets serve: refused with the reason" \
	sh -c "[ $rc -eq 1 ] && grep -q 'before loading the model' $work/msg"
check "router netns with $N flows in progress deleted" ip netns del r
ip netns del c
ip netns del s
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
