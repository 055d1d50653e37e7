#!/bin/sh
# Guest side of "make demo": a router netns running dfi with the default
# model and cake diffserv4, between a client and a server netns.
set -eu
. "$(dirname "$0")/lib.sh"
ko=$1

load_dfi "$ko"
topo_router client router server
echo "== dficlt model load models/default.dfim (in the router's netns)"
$DFICLT -n router model load "$DFI_MODEL"
$DFICLT -n router set mark_mask 0x1f00
$DFICLT -n router model show
for dev in r0 r1; do
	ip netns exec router tc qdisc replace dev "$dev" root cake diffserv4 bandwidth 100mbit
done
serve server --tcp 8443 --udp 5004 --seconds 60
srv=$!
echo
echo "== traffic through the router: an RTP-like UDP stream (IPv6), a request/response TCP exchange, a bulk TCP transfer"
ip netns exec client $TRAFFIC send udp fd00:2::2 5004 --seconds 3 --size 172 --interval 20 &
p1=$!
ip netns exec client $TRAFFIC send tcp 198.18.2.2 8443 --seconds 3 --size 300 --interval 40 &
p2=$!
ip netns exec client $TRAFFIC send tcp 198.18.2.2 8443 --seconds 3 --size 16000 --interval 2 &
p3=$!
wait $p1 $p2 $p3
sleep 3
echo
echo "== dficlt stats (router)"
$DFICLT -n router stats | grep -E '^(packets|flows_tracked|decided_|unknown|dscp_rewrites|class_)'
echo
echo "== conntrack -L (router): the class is in the ct mark bits 0x1f00 (class index + 1)"
ip netns exec router conntrack -L 2>/dev/null | grep -E 'dport=(8443|5004)' | sed 's/ \[ASSURED\]//'
echo
echo "== dficlt dscp show (router)"
$DFICLT -n router dscp show
echo
echo "== cake diffserv4 tins on the router's server side (r1)"
ip netns exec router tc -s qdisc show dev r1 | grep -E '^ *(Bulk|Best|Video|Voice|  pkts)' || true
kill $srv
ip netns del client
ip netns del router
ip netns del server
rmmod dfi
echo
echo "demo: dfi.ko unloaded cleanly"
