#!/bin/sh
# Guest: two paths of the hook that ordinary flows never take.
# - ICMP errors conntrack relates to a classified flow are not its packets:
#   counted as not TCP/UDP, their DSCP left as the sender set it (CS6 for
#   the kernel's errors), the flow's packets counted as classified alone.
# - A DSCP rewritten in LOCAL_OUT is routed again, as the mangle table
#   does: with a routing rule on the TOS, a local flow's packets leave by
#   the other link once dfi has marked them (IPv4 and IPv6).
# Usage: t-hookpaths.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)

check "insmod dfi.ko" load_dfi "$ko"

# every class to DSCP 4 (TOS 0x10, one of the bits a routing rule's "tos"
# matches), "other" as well, so that any verdict marks the flow
mark_all_dscp4() {
	for c in $(dfi_classes "$1" | tr , ' '); do
		$DFICLT -n "$1" dscp set "$c" 4 || return 1
	done
}

# send_udp NS DST SPORT DPORT COUNT INTERVAL_S [connect]: UDP datagrams
# of 100 bytes, from a connected socket (its route cached) with "connect",
# else by sendto() (which an ICMP error never stops).
send_udp() {
	ip netns exec "$1" /usr/bin/python3 - "$2" "$3" "$4" "$5" "$6" "${7:-}" <<'PY'
import socket, sys, time
dst, sport, dport, n, gap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind(("", sport))
if sys.argv[6] == "connect":
    s.connect((dst, dport))
for _ in range(n):
    if sys.argv[6] == "connect":
        s.send(b"x" * 100)
    else:
        s.sendto(b"x" * 100, (dst, dport))
    time.sleep(gap)
PY
}

# --- ICMP errors related to a classified flow -----------------------------
topo_router c r s
check "model load (router)" $DFICLT -n r model load "$DFI_MODEL"
check "every class to DSCP 4" mark_all_dscp4 r
check "deadline_ms 300" $DFICLT -n r set deadline_ms 300
# the server answers every datagram to a closed port with an error
ip netns exec s sysctl -qw net.ipv4.icmp_ratelimit=0
ip netns exec c tcpdump -i c0 -nn -U -w "$work/icmp.pcap" icmp 2>/dev/null &
td=$!
sleep 1
# a flow to a port nobody listens on, decided by the deadline
send_udp c 198.18.2.2 20101 9 5 0.1
sleep 2.5
st() { dfi_stat r "$1"; }
decided=$(dfi_decisions r)
check "the unanswered flow is decided ($decided)" test "$decided" -eq 1
cls0=$(st packets_classified) other0=$(st not_tcp_udp)
send_udp c 198.18.2.2 20101 9 20 0.05
sleep 1
kill $td
wait $td 2>/dev/null
cls=$(( $(st packets_classified) - cls0 )) other=$(( $(st not_tcp_udp) - other0 ))
errors=$(tcpdump -r "$work/icmp.pcap" -nn 'icmp[icmptype] == icmp-unreach' 2>/dev/null | wc -l)
# an error's TOS is the internetwork-control precedence (0xc0) with the
# bits of the datagram's: rewritten to the class's DSCP 4 it loses 0xc0
prec=$(tcpdump -r "$work/icmp.pcap" -nn 'icmp[icmptype] == icmp-unreach and ip[1] & 0xc0 == 0xc0' 2>/dev/null | wc -l)
echo "# 20 datagrams: $cls packets counted classified, $other not TCP/UDP; client got $errors port unreachable, $prec with precedence 6"
check "the server's port unreachable errors reached the client ($errors)" test "$errors" -ge 25
check "the flow's own 20 datagrams counted as classified packets ($cls)" test "$cls" -eq 20
check "its ICMP errors counted as not TCP/UDP ($other >= 20)" test "$other" -ge 20
check "ICMP errors keep the precedence they were sent with ($prec of $errors)" test "$prec" -eq "$errors"
ip netns exec r cat /proc/net/dfi/stats | grep -E '^(packets|tcp_udp|not_tcp_udp|packets_classified|dscp_rewrites) ' | sed 's/^/# r: /'
for ns in c r s; do ip netns delete $ns; done

# --- LOCAL_OUT: a rewritten DSCP chooses the route -------------------------
# a (dfi) reaches 198.18.9.1 / fd00:9::1 on b's loopback by link 1, and by
# link 2 when the TOS (IPv6: traffic class) is 0x10.
ip netns add a
ip netns add b
ip link add a1 netns a type veth peer name b1 netns b
ip link add a2 netns a type veth peer name b2 netns b
for ns in a b; do ip -n $ns link set lo up; done
for i in 1 2; do
	ip -n a addr add 198.18.1$i.1/24 dev a$i
	ip -n b addr add 198.18.1$i.2/24 dev b$i
	ip -n a addr add fd00:1$i::1/64 dev a$i nodad
	ip -n b addr add fd00:1$i::2/64 dev b$i nodad
	ip -n a link set a$i up
	ip -n b link set b$i up
done
ip -n b addr add 198.18.9.1/32 dev lo
ip -n b addr add fd00:9::1/128 dev lo
ip -n a route add 198.18.9.1/32 via 198.18.11.2
ip -n a route add 198.18.9.1/32 via 198.18.12.2 table 100 2>/dev/null
ip -n a -6 route add fd00:9::1/128 via fd00:11::2
ip -n a -6 route add fd00:9::1/128 via fd00:12::2 table 100 2>/dev/null
# (the debug kernel has no policy routing: nothing to test there)
rules=0
ip -n a rule add tos 0x10 lookup 100 && rules=1 &&
	ip -n a -6 rule add tos 0x10 lookup 100 && rules=2
sleep 1	# the neighbours and the IPv6 addresses settle
check "model load (a)" $DFICLT -n a model load "$DFI_MODEL"
check "every class to DSCP 4" mark_all_dscp4 a
check "deadline_ms 300" $DFICLT -n a set deadline_ms 300

serve b --udp 7000 --seconds 60
srv=$!
rx() { ip -n b -s -j link show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
# Does this kernel route again by the traffic class? nftables' route
# chain, which sets it here, calls the same nf_ip6_route_me_harder() as
# dfi; 6.1's does not put the traffic class in the lookup.
v6_reroutes() {
	[ $rules = 2 ] || return 1
	ip netns exec a nft -f - <<'NFT' || return 1
table ip6 probe {
	chain out {
		type route hook output priority mangle;
		udp sport 20202 ip6 dscp set 4
	}
}
NFT
	r2=$(rx b2)
	send_udp a fd00:9::1 20202 7000 10 0.01 connect
	d2=$(( $(rx b2) - r2 ))
	ip netns exec a nft delete table ip6 probe
	[ "$d2" -ge 10 ]
}
if [ $rules = 0 ]; then
	dsts=
	ok "# SKIP LOCAL_OUT: this kernel has no policy routing (ip rule)"
elif v6_reroutes; then
	dsts="198.18.9.1 fd00:9::1"
else
	dsts=198.18.9.1
	ok "# SKIP IPv6: this kernel routes no packet again by its traffic class (nftables' route chain neither)"
fi
for dst in $dsts; do
	r1=$(rx b1) r2=$(rx b2)
	# 60 datagrams over 3 s: decided after 300 ms, the rest marked
	send_udp a "$dst" 20201 7000 60 0.05 connect
	d1=$(( $(rx b1) - r1 )) d2=$(( $(rx b2) - r2 ))
	echo "# $dst: $d1 packets by link 1, $d2 by link 2"
	check "$dst: the flow's first packets by link 1 ($d1)" test "$d1" -ge 3
	check "$dst: the packets dfi marked go by link 2, routed again ($d2 >= 30)" test "$d2" -ge 30
done
[ -z "$dsts" ] ||
	check "a: DSCP rewritten in LOCAL_OUT ($(dfi_stat a dscp_rewrites)), none failed" \
		sh -c "[ $(dfi_stat a dscp_rewrites) -ge 60 ] && [ $(dfi_stat a dscp_errors) -eq 0 ]"
kill $srv 2>/dev/null
wait $srv 2>/dev/null
ip netns delete a
ip netns delete b
rmmod dfi
check "rmmod dfi" test $? -eq 0
rm -rf "$work"
finish
