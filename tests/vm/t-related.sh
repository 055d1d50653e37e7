#!/bin/sh
# Guest: connections a conntrack helper expected (FTP passive data, SIP
# RTP media) are flows of their own.  Conntrack gives their first packets
# IP_CT_RELATED, never IP_CT_NEW, and copies the master's ct mark onto
# their entries, dfi's field with it; dfi must follow them all the same,
# with a verdict of their own, and leave the master's verdict as it was.
# Client c -- router r (dfi, the helpers assigned by nft "ct helper"
# objects) -- server s, in mark mode (ct_label_base=-1, mark_mask 0x1f00)
# and in labels mode (the default label bits, no mark); FTP data starts
# while its control connection is in progress, SIP media once its
# signalling is classified.
# Usage: t-related.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
REL="python3 $here_lib/related.py"

# bits 96.. as dfi uses them by default, named for "conntrack -o labels"
mkdir -p /etc/xtables
awk 'BEGIN { for (c = 0; c < 16; c++) print 96 + c, "dfi-c" c
	print 112, "dfi-pending"; print 113, "dfi-skip" }' >/etc/xtables/connlabel.conf

# ct_state PROTO DPORT: dfi's state on r's entry of that original
# destination port: none, new, pending, skip or cN (class index N).
ct_state() {
	if [ "$mode" = mark ]; then
		ip netns exec r conntrack -L -p "$1" --dport "$2" 2>/dev/null | awk '
		{ for (i = 1; i <= NF; i++) if ($i ~ /^mark=/) {
			v = int(substr($i, 6) / 256) % 32
			print v == 0 ? "none" : v <= 16 ? "c" (v - 1) : \
				v == 17 ? "pending" : v == 18 ? "skip" : "new"
			exit } }'
	else
		ip netns exec r conntrack -L -o labels -p "$1" --dport "$2" 2>/dev/null | awk '
		NR == 1 { s = "none"
			for (i = 1; i <= NF; i++) if ($i ~ /^labels=/) {
				l = substr($i, 8)
				if (l ~ /dfi-pending/ && l ~ /dfi-skip/) s = "new"
				else if (l ~ /dfi-skip/) s = "skip"
				else if (l ~ /dfi-pending/) s = "pending"
				else if (match(l, /dfi-c[0-9]+/))
					s = substr(l, RSTART + 4, RLENGTH - 4)
			}
			print s }'
	fi
}
is_class() { case "$1" in c*) return 0 ;; esac; return 1; }
st() { dfi_stat r "$1"; }
nft_counter() {
	ip netns exec r nft list counter inet helpers "$1" |
		awk '/packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}

check "conntrack's FTP and SIP helpers" sh -c \
	"modprobe nf_conntrack 2>/dev/null; modprobe nf_conntrack_ftp 2>/dev/null; modprobe nf_conntrack_sip 2>/dev/null; true"
topo_router c r s
# automatic helper assignment is off: nft assigns them, and counts the
# packets conntrack calls related
check "router: nft ct helper objects for ftp and sip" ip netns exec r nft -f - <<'EOF'
table inet helpers {
	ct helper ftp { type "ftp" protocol tcp; }
	ct helper sip { type "sip" protocol udp; }
	counter ftpdata { }
	counter media { }
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		tcp dport 21 ct helper set "ftp"
		udp dport 5060 ct helper set "sip"
	}
	chain filter_fw {
		type filter hook forward priority 0; policy accept;
		ct state related tcp dport { 20021, 20022 } counter name ftpdata
		ct state related udp dport { 30000, 30010 } counter name media
	}
}
EOF

# phase MODE N: FTP and SIP through the router, dfi in MODE (mark or
# labels), ports of the N-th phase (none reused).
phase() {
	mode=$1
	n=$2
	if [ "$mode" = mark ]; then
		check "$mode: insmod ct_label_base=-1" insmod "$ko" ct_label_base=-1
		check "$mode: set mark_mask 0x1f00" $DFICLT -n r set mark_mask 0x1f00
	else
		check "$mode: insmod (labels from bit 96)" insmod "$ko"
	fi
	$DFICLT -n r set deadline_ms 1000
	check "$mode: model load" $DFICLT -n r model load "$DFI_MODEL"

	# FTP: the data connection begins while the control one is pending.
	dport=$((20021 + n))
	ip netns exec s $REL ftp-server 198.18.2.2 --data-port $dport >"$work/ftps" &
	srv=$!
	wait_serving "$work/ftps"
	t0=$(st flows_tracked)
	r0=$(st flows_related)
	out=$(ip netns exec c $REL ftp-client 198.18.2.2 --sport $((21001 + 10 * n)) \
		--data-sport $((21002 + 10 * n)) --seconds 2 --size 1200 --interval 50 2>&1)
	check "$mode: ftp passive transfer ($out)" test $? -eq 0
	wait $srv
	sleep 3		# past the deadline: the GC decides what is left
	ip netns exec r conntrack -L -p tcp 2>/dev/null | sed 's/^/# ct: /'
	data=$(ct_state tcp $dport)
	ctl=$(ct_state tcp 21)
	check "$mode: ftp data related for conntrack ($(nft_counter ftpdata) packets so far)" \
		gt "$(nft_counter ftpdata)" 0
	check "$mode: ftp data followed: flows_tracked +$(($(st flows_tracked) - t0)) (control, data), flows_related +$(($(st flows_related) - r0))" \
		sh -c "[ $(($(st flows_tracked) - t0)) -eq 2 ] && [ $(($(st flows_related) - r0)) -eq 1 ]"
	check "$mode: ftp data has a verdict of its own ($data)" is_class "$data"
	check "$mode: ftp control has its verdict ($ctl)" is_class "$ctl"

	# SIP: the media begins once the signalling has its verdict.
	mport=$((30000 + 10 * n))
	ip netns exec s $REL sip-server 198.18.2.2 --media-port $mport >"$work/sips" &
	srv=$!
	wait_serving "$work/sips"
	t0=$(st flows_tracked)
	r0=$(st flows_related)
	rm -f "$work/go"
	ip netns exec c $REL sip-client 198.18.2.2 --sport $((5060 + 2 * n)) \
		--rtp-port $((30002 + 10 * n)) --go "$work/go" --seconds 2 \
		--size 172 --interval 20 >"$work/sipc" 2>&1 &
	cli=$!
	i=0
	while ! is_class "$(ct_state udp 5060)" && [ $i -lt 100 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	sig=$(ct_state udp 5060)
	ip netns exec r conntrack -L expect 2>/dev/null >"$work/expect"
	sed 's/^/# expect: /' "$work/expect"
	check "$mode: sip answered, the helper expects the media ($(head -n 1 "$work/sipc"))" \
		grep -q "dport=$mport " "$work/expect"
	check "$mode: sip signalling has its verdict before the media ($sig)" is_class "$sig"
	touch "$work/go"
	wait $cli
	check "$mode: sip media ($(tail -n 1 "$work/sipc"))" test $? -eq 0
	wait $srv
	sleep 3
	ip netns exec r conntrack -L -p udp 2>/dev/null | sed 's/^/# ct: /'
	media=$(ct_state udp $mport)
	check "$mode: sip media related for conntrack ($(nft_counter media) packets so far)" \
		gt "$(nft_counter media)" 0
	check "$mode: sip media followed: flows_tracked +$(($(st flows_tracked) - t0)) (signalling, media), flows_related +$(($(st flows_related) - r0))" \
		sh -c "[ $(($(st flows_tracked) - t0)) -eq 2 ] && [ $(($(st flows_related) - r0)) -eq 1 ]"
	check "$mode: sip media has a verdict of its own ($media)" is_class "$media"
	check "$mode: sip signalling keeps its verdict ($sig -> $(ct_state udp 5060))" \
		test "$(ct_state udp 5060)" = "$sig"
	ip netns exec r cat /proc/net/dfi/stats | grep -E '^(flows_|decided_|packets_orphaned|packets_unmanaged)' | sed "s/^/# r $mode: /"
	check "$mode: rmmod dfi" rmmod dfi
	ip netns exec r conntrack -F 2>/dev/null
}

phase mark 0
phase labels 1
finish
