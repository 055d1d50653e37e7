#!/bin/sh
# Guest: dfi.ko loads and costs a netns nothing until it is enabled there
# (no /proc/net/dfi, no conntrack tracking); once enabled it hooks that
# netns, counts TCP/UDP per netns, and unloads cleanly, also while traffic
# flows and while netns are deleted.
# Usage: t-smoke.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1

check "insmod dfi.ko" load_dfi "$ko"
check "initial netns: no /proc/net/dfi before dfi is enabled there" \
	test ! -e /proc/net/dfi
topo_pair cl sv
serve sv --tcp 5001 --udp 5002 --seconds 120
ip netns exec cl $TRAFFIC send udp 198.18.0.2 5002 --seconds 0.3 >/dev/null
check "a netns made after load: no /proc/net/dfi" \
	ip netns exec sv test ! -e /proc/net/dfi
check "nor conntrack tracking its traffic ($(ip netns exec sv conntrack -C 2>&1))" \
	test "$(ip netns exec sv conntrack -C 2>/dev/null)" = 0
check "stats of a netns where dfi is not enabled: all 0" sh -c \
	"$DFICLT -n sv stats | awk '\$1 == \"packets\" && \$2 != 0 { exit 1 }'"
check "dficlt set enabled 1 (server netns)" $DFICLT -n sv set enabled 1
check "dficlt set enabled 1 (client netns)" $DFICLT -n cl set enabled 1
check "/proc/net/dfi/stats once enabled" \
	ip netns exec sv test -r /proc/net/dfi/stats

srv=$!
check "TCP over IPv4 through the hooks" \
	ip netns exec cl $TRAFFIC send tcp 198.18.0.2 5001 --seconds 1
check "UDP over IPv6 through the hooks" \
	ip netns exec cl $TRAFFIC send udp fd00:18::2 5002 --seconds 1
ip netns exec cl ping -c 2 -i 0.2 -W 1 198.18.0.2 >/dev/null

check "conntrack tracks the enabled netns ($(ip netns exec sv conntrack -C 2>&1))" \
	gt "$(ip netns exec sv conntrack -C 2>/dev/null)" 0
check "server netns counted TCP/UDP (PRE_ROUTING)" gt "$(dfi_stat sv tcp_udp)" 0
check "client netns counted TCP/UDP (LOCAL_OUT)" gt "$(dfi_stat cl tcp_udp)" 0
check "ICMP counted as not TCP/UDP" gt "$(dfi_stat sv not_tcp_udp)" 0
# One read of the file, so the counters come from the same instant.
sums=$(ip netns exec sv awk '{ v[$1] = $2 } END {
	print v["packets"], v["tcp_udp"] + v["not_tcp_udp"] + v["untracked"] + v["loopback"] }' /proc/net/dfi/stats)
check "server counters add up (packets, sum of kinds: $sums)" \
	test "${sums% *}" -eq "${sums#* }"
check "initial netns saw none of it (still not enabled)" test ! -e /proc/net/dfi

# Unload and reload while TCP and UDP flow in both families.
ip netns exec cl $TRAFFIC send udp 198.18.0.2 5002 --seconds 8 --interval 1 >/dev/null &
u4=$!
ip netns exec cl $TRAFFIC send tcp fd00:18::2 5001 --seconds 8 --interval 1 >/dev/null &
t6=$!
sleep 1
i=0
unload_ok=0
while [ $i -lt 5 ]; do
	rmmod dfi && insmod "$ko" && $DFICLT -n sv set enabled 1 &&
		$DFICLT -n cl set enabled 1 && unload_ok=$((unload_ok + 1))
	sleep 0.3
	i=$((i + 1))
done
check "rmmod/insmod x5 under traffic" test $unload_ok -eq 5
ip netns exec cl $TRAFFIC send udp 198.18.0.2 5002 --seconds 0.5 >/dev/null
check "reloaded module counts again" gt "$(dfi_stat sv tcp_udp)" 0

# Delete a netns with traffic flowing and the module loaded.
ip netns add tmp1
ip link add vt0 netns tmp1 type veth peer name vt1 netns tmp1
ip -n tmp1 link set lo up
ip -n tmp1 link set vt0 up
ip -n tmp1 link set vt1 up
ip -n tmp1 addr add 198.19.0.1/24 dev vt0
ip -n tmp1 addr add 198.19.0.2/24 dev vt1
$DFICLT -n tmp1 set enabled 1
serve tmp1 --udp 6000 --seconds 5
ip netns exec tmp1 $TRAFFIC send udp 198.19.0.1 6000 --seconds 4 --interval 1 >/dev/null 2>&1 &
sleep 1
check "netns deleted under traffic" ip netns delete tmp1
wait $u4 $t6
kill $srv
check "rmmod at the end" rmmod dfi
check "/proc/net/dfi gone after unload" test ! -e /proc/net/dfi
ip netns delete cl
ip netns delete sv
wait
finish
