#!/bin/sh
# Guest: a home router, short form.  LAN netns -- router netns -- WAN
# netns (the server, 10 ms away).  The router has dfi with the default
# model, an nftables firewall that masquerades IPv4 out of the WAN link
# and offloads decided flows to a software flowtable, cake diffserv4 on
# WAN egress (upload) and on an IFB fed by a tc redirect on WAN ingress
# (download, before netfilter), and act_ctinfo restoring the DSCP from
# dfi's ct-mark DSCP field on LAN ingress and on WAN ingress.  For TCP and
# UDP flows over IPv4 (NAT) and IPv6, with offload off and on: once dfi
# has decided a flow, its packets in both directions land in the cake tin
# of the DSCP dfi stored for it, on both shapers; offloaded packets no
# longer reach dfi's hooks and still land there.  The same for flows
# begun on the WAN side to a LAN server through a port forward (DNAT,
# IPv4 and IPv6).
# Usage: t-router.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
CLASS_MASK=0x001f0000
DSCP_MASK=0xfc000000
DSCP_FLAG=0x01000000

check "insmod dfi.ko" load_dfi "$ko"
for m in sch_cake ifb act_ctinfo act_mirred cls_matchall nft_flow_offload \
	 nft_masq nf_flow_table_inet; do
	modprobe "$m" 2>/dev/null || true
done

# --- the topology -----------------------------------------------------------
for ns in lan rtr wan; do
	ip netns add $ns
	ip -n $ns link set lo up
done
ip link add c0 netns lan type veth peer name lan0 netns rtr
ip link add s0 netns wan type veth peer name wan0 netns rtr
ip -n lan addr add 198.18.1.2/24 dev c0
ip -n lan addr add fd00:1::2/64 dev c0 nodad
ip -n rtr addr add 198.18.1.1/24 dev lan0
ip -n rtr addr add fd00:1::1/64 dev lan0 nodad
ip -n rtr addr add 198.18.2.1/24 dev wan0
ip -n rtr addr add fd00:2::1/64 dev wan0 nodad
ip -n wan addr add 198.18.2.2/24 dev s0
ip -n wan addr add fd00:2::2/64 dev s0 nodad
for l in "lan c0" "rtr lan0" "rtr wan0" "wan s0"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n lan route add default via 198.18.1.1
ip -n lan -6 route add default via fd00:1::1
# the WAN side knows no LAN route for IPv4: NAT is needed
ip -n wan -6 route add fd00:1::/64 via fd00:2::1
ip netns exec rtr sysctl -qw net.ipv4.ip_forward=1
ip netns exec rtr sysctl -qw net.ipv6.conf.all.forwarding=1
tc -n wan qdisc add dev s0 root netem delay 10ms

if ! ip netns exec rtr nft -f - <<EOF
table inet home {
	flowtable ft {
		hook ingress priority 0
		devices = { lan0, wan0 }
	}
	counter up {}
	counter down {}
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "lan0" meta l4proto { tcp, udp } counter name "up"
		iifname "wan0" meta l4proto { tcp, udp } counter name "down"
	}
	chain prerouting {
		type nat hook prerouting priority dstnat;
		iifname "wan0" ip daddr 198.18.2.1 tcp dport 6001 dnat ip to 198.18.1.2:5001
		iifname "wan0" ip daddr 198.18.2.1 udp dport 6002 dnat ip to 198.18.1.2:5002
		iifname "wan0" ip6 daddr fd00:2::1 tcp dport 6001 dnat ip6 to [fd00:1::2]:5001
		iifname "wan0" ip6 daddr fd00:2::1 udp dport 6002 dnat ip6 to [fd00:1::2]:5002
	}
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "wan0" ip saddr 198.18.1.0/24 masquerade
	}
}
EOF
then
	ok "# SKIP this kernel has no nftables NAT or flowtable"
	finish
	exit
fi
# the rule users copy (Documentation/router.md): offload a flow once dfi
# is done with it, never while it is new (0x13) or being classified (0x11)
offload_rule="meta l4proto { tcp, udp } ct mark & $CLASS_MASK != { 0x00110000, 0x00130000 } flow add @ft"

# shapers: cake on WAN egress; on an IFB for WAN ingress, DSCP restored
# from the ct mark first; the same restore on LAN ingress for uploads
home_shapers rtr lan0 wan0 $DSCP_MASK $DSCP_FLAG

check "model load (router)" $DFICLT -n rtr model load "$DFI_MODEL"
check "set mark_mask $CLASS_MASK" $DFICLT -n rtr set mark_mask $CLASS_MASK
check "set ct_dscp_mask $DSCP_MASK" $DFICLT -n rtr set ct_dscp_mask $DSCP_MASK
check "set ct_dscp_flag $DSCP_FLAG" $DFICLT -n rtr set ct_dscp_flag $DSCP_FLAG
# "other" to LE here, so that a second tin (Bulk) is exercised: the test
# flows are calls and echoes, in whichever classes the default model puts them
check "dscp set other LE" $DFICLT -n rtr dscp set other 1
echo "# DSCP map $(dfi_dscp_map rtr)"

serve wan --tcp 5001 --udp 5002 --seconds 600
srv=$!
serve lan --tcp 5001 --udp 5002 --seconds 600
lansrv=$!

reset_cakes() {
	for d in wan0 ifb0; do
		tc -n rtr qdisc del dev $d root
		tc -n rtr qdisc add dev $d root cake diffserv4 bandwidth 100mbit
	done
}
# cake diffserv4's tin of a DSCP
tin_of() {
	python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import verify_dscp
print(verify_dscp.DIFFSERV4_TIN[int(sys.argv[2])])' "$here_lib" "$1"
}
# fwd_count up|down: packets the forward chain counted
fwd_count() {
	ip netns exec rtr nft list counter inet home "$1" |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}
# ct_mark L4 SPORT: the ct mark of the router's entry of the flow
ct_mark() {
	ip netns exec rtr conntrack -L -p "$1" --orig-port-src "$2" 2>/dev/null |
		sed -n 's/.*mark=\([0-9]*\).*/\1/p' | head -1
}

# flow L4 DST SPORT OFFLOAD [CLIENT-NS PORT-BASE]: a flow from the client
# in CLIENT-NS (default lan) to DST, port PORT-BASE+1 (TCP) or +2 (UDP)
flow() {
	l4=$1 dst=$2 sport=$3 off=$4 cns=${5:-lan}
	port=$(( ${6:-5000} + 1 ))
	[ "$l4" = udp ] && port=$((port + 1))
	what="$l4 $dst offload $off"
	[ "$cns" = lan ] || what="$cns -> $l4 $dst:$port (port forward) offload $off"
	ip netns exec "$cns" $TRAFFIC send "$l4" "$dst" $port --sport "$sport" \
		--seconds 30 --size 200 --interval 20 >/dev/null 2>&1 &
	snd=$!
	i=0 mark=
	while [ $i -lt 60 ]; do
		mark=$(ct_mark "$l4" "$sport")
		st=$(( (${mark:-0} & CLASS_MASK) >> 16 ))
		[ "$st" -ge 1 ] && [ "$st" -le 16 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	if ! [ "$st" -ge 1 ] || ! [ "$st" -le 16 ]; then
		not_ok "$what: decided within 6 s (mark ${mark:-none})"
		kill $snd 2>/dev/null
		wait $snd
		return
	fi
	if [ $(( mark & DSCP_FLAG )) -ne 0 ]; then
		dscp=$(( (mark & DSCP_MASK) >> 26 ))
	else
		dscp=0	# a class whose packets keep their DSCP: these send 0
	fi
	tin=$(tin_of $dscp)
	sleep 0.5	# the flow offloaded, if it is to be
	ctl=$(ip netns exec rtr conntrack -L -p "$l4" --orig-port-src "$sport" 2>/dev/null)
	offl=$(echo "$ctl" | grep -c OFFLOAD)
	reset_cakes
	fu0=$(fwd_count up) fd0=$(fwd_count down)
	sleep 2
	fu=$(( $(fwd_count up) - fu0 )) fd=$(( $(fwd_count down) - fd0 ))
	up=$(cake_tins rtr wan0) down=$(cake_tins rtr ifb0)
	kill $snd 2>/dev/null
	wait $snd
	echo "# $what: ct mark $(printf 0x%08x "$mark"), DSCP $dscp -> tin $tin; upload tins $up, download tins $down; forward chain saw $fu up, $fd down"
	echo "# $ctl"
	for dir in "upload $up" "download $down"; do
		set -- $dir
		name=$1
		shift
		n=$(( $1 + $2 + $3 + $4 ))
		eval "k=\${$((tin + 1))}"
		check "$what, $name: the decided flow's packets in tin $tin ($k of $n)" \
			sh -c "[ $n -ge 20 ] && [ $((k * 100)) -ge $((n * 95)) ]"
	done
	if [ "$off" = on ]; then
		check "$what: offloaded to the flowtable" test "$offl" -ge 1
		check "$what: uploads offloaded, past the forward chain ($fu seen)" \
			test $fu -le 5
	else
		check "$what: not offloaded" test "$offl" -eq 0
		check "$what: the forward chain sees uploads ($fu)" test $fu -ge 50
	fi
}

sport=21001
for off in off on; do
	if [ $off = on ]; then
		ip netns exec rtr nft add rule inet home forward $offload_rule ||
			not_ok "offload rule: $offload_rule"
	fi
	for dst in 198.18.2.2 fd00:2::2; do
		for l4 in udp tcp; do
			flow $l4 $dst $sport $off
			sport=$((sport + 1))
		done
	done
	# port forwards: from the WAN side to the router's WAN address
	fwds="udp,198.18.2.1"
	[ $off = on ] && fwds="$fwds tcp,198.18.2.1 tcp,fd00:2::1"
	for f in $fwds; do
		flow "${f%%,*}" "${f#*,}" $sport $off wan 6000
		sport=$((sport + 1))
	done
done
ip netns exec rtr conntrack -L 2>/dev/null | grep -E 'dport=500[12]' | sed 's/^/# /' | head -8
# Flows called "other" go to the unknown-flow cache with the addresses of
# the entry's original direction (Documentation/router.md): a model that
# calls every flow other, and a TCP flow masqueraded and two port-forwarded
/usr/bin/python3 "$here_lib/const_model.py" "$work/other.dfim" other >/dev/null
check "model calling every flow other loads" $DFICLT -n rtr model load "$work/other.dfim"
ip netns exec lan $TRAFFIC send tcp 198.18.2.2 5001 --sport 21101 --seconds 1 >/dev/null 2>&1 &
p1=$!
ip netns exec wan $TRAFFIC send tcp 198.18.2.1 6001 --sport 21102 --seconds 1 >/dev/null 2>&1 &
p2=$!
ip netns exec wan $TRAFFIC send tcp fd00:2::1 6001 --sport 21103 --seconds 1 >/dev/null 2>&1 &
p3=$!
wait $p1 $p2 $p3
sleep 3		# past the deadline: decided by the GC if not before
ip netns exec rtr cat /proc/net/dfi/unknown | cut -d' ' -f1-6 | sed 's/^/# unknown: /'
check "unknown cache, masquerade: the LAN client, the Internet server" sh -c \
	"ip netns exec rtr cat /proc/net/dfi/unknown | grep -q ' tcp 198.18.1.2:21101 198.18.2.2:5001 '"
check "unknown cache, port forward: the Internet client, the router's address and port" sh -c \
	"ip netns exec rtr cat /proc/net/dfi/unknown | grep -q ' tcp 198.18.2.2:21102 198.18.2.1:6001 '"
check "unknown cache, IPv6 port forward: the router's address and port" sh -c \
	"ip netns exec rtr cat /proc/net/dfi/unknown | grep -qF ' [fd00:2::1]:6001 '"
ip netns exec rtr cat /proc/net/dfi/stats | grep -E '^(flows_tracked|decided_|packets |dscp_)' | sed 's/^/# rtr: /'

kill $srv $lansrv 2>/dev/null
wait $srv $lansrv 2>/dev/null
for ns in lan rtr wan; do ip netns delete $ns; done
rmmod dfi
check "rmmod dfi" test $? -eq 0
rm -rf "$work"
finish
