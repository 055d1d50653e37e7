# home.sh: the lab's router as a home router (sourced by lab-guest.sh with
# "home"): the setup of Documentation/router.md on the router netns's
# links, r0 the LAN side and r1 the WAN side.
#   - nftables: masquerade of IPv4 out of r1, a software flowtable on r0
#     and r1 (with counters: conntrack accounting goes on) and, unless
#     HOME_OFFLOAD=0, the rule that offloads a flow once dfi has decided it;
#   - cake diffserv4 on r1 (upload) and on ifb0, fed by a tc redirect on r1
#     ingress (download, before netfilter);
#   - act_ctinfo restoring the DSCP from dfi's ct-mark DSCP field on r1
#     ingress (before the IFB) and on r0 ingress (uploads of offloaded
#     flows, which skip dfi's hooks).
# HOME_CLASS_MASK is dfi's class field (mark_mask, set by the caller).
HOME_DSCP_MASK=0xfc000000
HOME_DSCP_FLAG=0x01000000
HOME_OFFLOAD=${HOME_OFFLOAD:-1}

# home_setup: all of the above, and dfi's ct_dscp_mask/ct_dscp_flag
home_setup() {
	for m in sch_cake ifb act_ctinfo act_mirred cls_matchall \
		 nft_flow_offload nft_masq nf_flow_table_inet; do
		modprobe "$m" 2>/dev/null || true
	done
	st=$((HOME_CLASS_MASK & -HOME_CLASS_MASK))
	offload="meta l4proto { tcp, udp } ct mark & $HOME_CLASS_MASK != { $((st * 17)), $((st * 19)) } flow add @ft"
	[ "$HOME_OFFLOAD" = 1 ] || offload=
	check "home: nftables masquerade and flowtable${offload:+, offload of decided flows}" \
		ip netns exec router nft -f - <<EOF
table inet home {
	flowtable ft {
		hook ingress priority 0
		devices = { r0, r1 }
		counter
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		$offload
	}
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "r1" ip saddr 198.18.1.0/24 masquerade
	}
}
EOF
	home_shapers router r0 r1 $HOME_DSCP_MASK $HOME_DSCP_FLAG
	check "home: dficlt set ct_dscp_mask $HOME_DSCP_MASK" \
		$DFICLT -n router set ct_dscp_mask $HOME_DSCP_MASK
	check "home: dficlt set ct_dscp_flag $HOME_DSCP_FLAG" \
		$DFICLT -n router set ct_dscp_flag $HOME_DSCP_FLAG
}

# home_capture_start DIR: what leaves each cake (in the order cake sends
# it, with the DSCP that chose its tin): DIR/up.pcap (r1 out), DIR/down.pcap
# (ifb0); their tcpdump pids in HOME_TD
home_capture_start() {
	ip netns exec router tcpdump -i r1 -Q out -nn -B 16384 -s 96 \
		-w "$1/up.pcap" 'tcp or udp' 2>/dev/null &
	HOME_TD=$!
	ip netns exec router tcpdump -i ifb0 -nn -B 16384 -s 96 \
		-w "$1/down.pcap" 'tcp or udp' 2>/dev/null &
	HOME_TD="$HOME_TD $!"
}

# home_tins CONNTRACK: the packets per tin of both cakes, and how many of
# the entries in the listings CONNTRACK (conntrack -L near the end of each
# group) the flowtable had
home_tins() {
	ctf=$1
	for l in "upload r1" "download ifb0"; do
		set -- $(cake_tins router "${l#* }")
		echo "# home: cake on ${l% *} (${l#* }): Bulk $2, Best Effort $1, Video $3, Voice $4 packets"
	done
	echo "# home: offloaded, of the TCP/UDP entries listed near the end of each group: $(grep -c OFFLOAD "$ctf") of $(grep -cE '^(tcp|udp) ' "$ctf")"
}
