#!/bin/sh
# Guest side of "make demo": dfi.ko between a client and a server netns.
set -eu
. "$(dirname "$0")/lib.sh"
ko=$1

load_dfi "$ko"
topo_pair client server
serve server --tcp 8443 --udp 5004 --seconds 20
srv=$!
echo "== traffic: a TCP exchange over IPv4, an RTP-like UDP stream over IPv6"
ip netns exec client $TRAFFIC send tcp 198.18.0.2 8443 --seconds 2 --size 1200 --interval 10
ip netns exec client $TRAFFIC send udp fd00:18::2 5004 --seconds 2 --size 172 --interval 20
ip netns exec client ping -c 3 -i 0.2 198.18.0.2 >/dev/null
echo
echo "== /proc/net/dfi/stats in the server's netns"
ip netns exec server cat /proc/net/dfi/stats
echo
echo "== /proc/net/dfi/stats in the client's netns"
ip netns exec client cat /proc/net/dfi/stats
kill $srv
rmmod dfi
echo
echo "demo: dfi.ko unloaded cleanly"
