# flood.sh: the flood benchmark's part of a lab run (sourced by
# lab-guest.sh with "flood=RATE"; LAB, RUN, DFICLT set; see
# tests/lab/bench-flood.sh).
#
# A spoofed-source flood of new flows from the server side, as unsolicited
# inbound traffic reaches a router from the Internet: dfi-flood in the
# server netns sends UDP datagrams and TCP SYNs to the client, each from a
# random address of FLOOD_NET and a random port, so every packet is a new
# flow.  The router routes FLOOD_NET back to the server side (a source it
# can route: not martian, and rp_filter would pass it) and its firewall
# drops new connections from there in the forward chain, with a counter.
# The server netns does not track the flood (notrack): the sender stands
# for other machines, whose conntrack is not the router's.
#
# RATE: new flows per second, half UDP and half SYN, each from its own
# dfi-flood process; "max": both as fast as they go; 0: no flood, only the
# firewall rule and the polling (the baseline).  While the lab's groups
# run, bench_flood.py polls the router's /proc/net/dfi/stats and
# /proc/slabinfo (RUN/poll.tsv).  flood_stop leaves in OUT: poll.tsv,
# flood.txt (dfi-flood's summaries, the firewall's counter, the wall time).

FLOOD_NET=198.19.0.0/16
FLOOD_DST=198.18.1.2

# flood_setup: the route back and the firewall, before the model loads
flood_setup() {
	ip -n router route add "$FLOOD_NET" via 198.18.2.2
	ip netns exec router nft -f - <<NFT || not_ok "nft: the router's firewall"
table inet filter {
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "r1" ip saddr $FLOOD_NET ct state new counter drop
	}
}
NFT
	ip netns exec server nft -f - <<NFT || not_ok "nft: notrack at the sender"
table ip raw {
	chain output {
		type filter hook output priority raw; policy accept;
		ip saddr $FLOOD_NET notrack
	}
}
NFT
}

# flood_drops: the packets the router's firewall dropped so far
flood_drops() {
	ip netns exec router nft list chain inet filter forward |
		sed -n 's/.*counter packets \([0-9]*\) .*/\1/p'
}

# flood_start RATE: the poller, then the flood (none for RATE 0)
flood_start() {
	rm -f "$RUN/flood.stop"
	ip netns exec router python3 "$LAB/bench_flood.py" poll \
		--stop "$RUN/flood.stop" -o "$RUN/poll.tsv" &
	FLOOD_POLL=$!
	i=0	# python3 takes seconds to start under TCG
	while [ ! -s "$RUN/poll.tsv" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	FLOOD_PIDS=
	case $1 in
	0) ;;
	max) flood_proc --udp 0; flood_proc --syn 0 ;;
	*) flood_proc --udp $(($1 / 2)); flood_proc --syn $(($1 - $1 / 2)) ;;
	esac
	FLOOD_T0=$(date +%s.%N)
	FLOOD_D0=$(flood_drops)
}

# flood_proc --udp|--syn PPS: one dfi-flood, in runs of 5 s until
# flood_stop (dfi-flood prints its figures when a run ends)
flood_proc() {
	ip netns exec server sh -c '
		while [ ! -e "$1" ]; do
			"$2" spoof --dst "$3" --dport "$4" --src "$5" "$6" \
				--rate "$7" --seconds 5 || exit 1
		done' sh "$RUN/flood.stop" "$top_lib/userspace/dfi-flood" \
		"$FLOOD_DST" "$([ "$1" = --udp ] && echo 9 || echo 80)" \
		"$FLOOD_NET" "$1" "$2" >"$RUN/flood${1#--}.out" \
		2>"$RUN/flood${1#--}.err" &
	FLOOD_PIDS="$FLOOD_PIDS $!"
}

# flood_stop OUT: stop the flood and the poller, write OUT/flood.txt
flood_stop() {
	touch "$RUN/flood.stop"
	t1=$(date +%s.%N)
	d1=$(flood_drops)
	# shellcheck disable=SC2086
	wait $FLOOD_PIDS $FLOOD_POLL
	{
		echo "seconds $(awk -v a="$FLOOD_T0" -v b="$t1" \
			'BEGIN { printf "%.2f", b - a }')"
		echo "dropped $((d1 - FLOOD_D0))"
		for p in udp syn; do
			[ -e "$RUN/flood$p.out" ] || continue
			awk -v p="$p" '/^spoof: sent/ { n += $3; s += $6 }
				END { printf "sent_%s %d %.2f\n", p, n, s }' \
				"$RUN/flood$p.out"
		done
	} >"$1/flood.txt"
	cp "$RUN/poll.tsv" "$1/"
	for p in udp syn; do
		[ -s "$RUN/flood$p.err" ] && sed "s/^/# dfi-flood --$p: /" \
			"$RUN/flood$p.err" | head -n 5
	done
	true
}
