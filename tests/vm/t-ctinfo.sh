#!/bin/sh
# Guest: the verdict where the router's queues can use it.
# 1. The ct mark DSCP field in act_ctinfo's layout (ct_dscp_mask
#    0xfc000000, ct_dscp_flag 0x01000000, what sqm-scripts and qosmate
#    use): a classified flow's entry carries (dscp << 26) | flag for its
#    class; "action ctinfo dscp" on the WAN link's ingress, before an IFB
#    with cake diffserv4, puts the download (reply) packets in the tin of
#    the class's DSCP; the field follows a change of the DSCP map; a
#    class mapped to keep has no field; bad masks are refused.
# 2. The rewrite policy: under the default (unmarked) packets that arrive
#    marked CS3 (by an operator's mangle rule, before dfi) keep CS3 while
#    unmarked packets of the same class are rewritten, and such a flow
#    gets no DSCP field; under "all" both are rewritten; under "keep-le"
#    CS1 packets keep CS1 while CS3 ones are rewritten.
# Usage: t-ctinfo.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
MASK=0xfc000000
FLAG=0x01000000

modprobe nf_conntrack 2>/dev/null
check "insmod refuses ct_dscp_mask of 7 bits" sh -c \
	"! insmod $ko ct_dscp_mask=0xfe000000 2>/dev/null"
check "insmod refuses ct_dscp_flag inside ct_dscp_mask" sh -c \
	"! insmod $ko ct_dscp_mask=$MASK ct_dscp_flag=0x04000000 2>/dev/null"
check "insmod refuses dscp_policy bogus" sh -c \
	"! insmod $ko dscp_policy=bogus 2>/dev/null"
check "insmod dfi.ko ct_dscp_mask=$MASK ct_dscp_flag=$FLAG" \
	insmod "$ko" ct_dscp_mask=$MASK ct_dscp_flag=$FLAG
topo_router c r s
check "model load (router netns)" $DFICLT -n r model load "$DFI_MODEL"
check "set mark_mask 0x1f00 (the class field, beside the DSCP field)" \
	$DFICLT -n r set mark_mask 0x1f00
$DFICLT -n r show | sed 's/^/# /'
check "show: the module's ct_dscp_mask/flag, policy unmarked" sh -c \
	"$DFICLT -n r show | tr '\n' ' ' | grep -q 'ct_dscp_mask 0xfc000000 ct_dscp_flag 0x01000000 dscp_policy unmarked'"
classes=$(dfi_classes r | tr , ' ')
# every class one DSCP: whatever a flow is called, its DSCP is known
map_all() {
	for cl in $classes; do $DFICLT -n r dscp set "$cl" "$1" || return 1; done
}
check "every class EF" map_all EF

serve s --tcp 5001 --udp 5002 --seconds 120
srv=$!

# ct mark of the entry with source port $1: "mark" (decimal), or empty
ct_mark() {
	ip netns exec r conntrack -L 2>/dev/null |
		awk -v p="sport=$1" '$0 ~ p " " { for (i = 1; i <= NF; i++)
			if ($i ~ /^mark=/) { print substr($i, 6); exit } }'
}
# field DSCP: "dscp flag class" of a mark
fields() {
	m=${1:-0}
	echo "$(( (m >> 26) & 63 )) $(( (m >> 24) & 1 )) $(( (m >> 8) & 31 ))"
}

# --- 2. the rewrite policy ----------------------------------------------
# An operator's rule marks the packets of source ports 2003, 2005 and
# 2007 CS3 and those of 2006 CS1 (background) before dfi sees them
# (mangle priority); 2004 is left unmarked.
ip netns exec r nft -f - <<'EOF'
table ip optest {
	chain pre {
		type filter hook prerouting priority -150;
		udp sport { 2003, 2005, 2007 } ip dscp set cs3
		udp sport 2006 ip dscp set cs1
	}
}
EOF
check "operator's CS3 rule in the router" test $? -eq 0
ip netns exec s tcpdump -i s0 -nn -U -w "$work/s.pcap" 'udp and dst port 5002' 2>/dev/null &
td=$!
sleep 2
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 2003 --seconds 2 --interval 20 >/dev/null &
p1=$!
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 2004 --seconds 2 --interval 20 >/dev/null &
p2=$!
wait $p1 $p2
m3=$(ct_mark 2003)
m4=$(ct_mark 2004)
kept=$(dfi_stat r dscp_kept)
check "policy all" $DFICLT -n r set dscp_policy all
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 2005 --seconds 2 --interval 20 >/dev/null
m5=$(ct_mark 2005)
check "policy keep-le" $DFICLT -n r set dscp_policy keep-le
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 2006 --seconds 2 --interval 20 >/dev/null &
p1=$!
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 2007 --seconds 2 --interval 20 >/dev/null &
p2=$!
wait $p1 $p2
sleep 1
kill $td
wait $td 2>/dev/null
# per source port: the DSCPs of the packets the server got, in order, run-length
python3 - "$here_lib" "$work/s.pcap" >"$work/runs" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import pcapread
runs = {}
for _, l4, src, sport, dst, dport, dscp, _ in pcapread.packets(sys.argv[2]):
    r = runs.setdefault(sport, [])
    if r and r[-1][0] == dscp:
        r[-1][1] += 1
    else:
        r.append([dscp, 1])
for sport in sorted(runs):
    print(sport, " ".join("%d*%d" % (d, n) for d, n in runs[sport]))
EOF
sed 's/^/# server got, per source port, DSCP*packets: /' "$work/runs"
runs() { awk -v p="$1" '$1 == p { $1 = ""; print }' "$work/runs"; }
check "unmarked: CS3 packets keep CS3 to the end ($(runs 2003))" \
	sh -c "echo '$(runs 2003)' | grep -q '^ 24\*[0-9]*\$'"
check "unmarked: DSCP-0 packets of the same class rewritten to EF ($(runs 2004))" \
	sh -c "echo '$(runs 2004)' | grep -q '^ 0\*[0-9]* 46\*[0-9]*\$'"
check "unmarked: dscp_kept counts the CS3 packets ($kept)" gt "$kept" 10
check "all: CS3 packets rewritten to EF once classified ($(runs 2005))" \
	sh -c "echo '$(runs 2005)' | grep -q '^ 24\*[0-9]* 46\*[0-9]*\$'"
check "keep-le: CS1 packets keep CS1 to the end ($(runs 2006))" \
	sh -c "echo '$(runs 2006)' | grep -q '^ 8\*[0-9]*\$'"
check "keep-le: CS3 packets rewritten to EF once classified ($(runs 2007))" \
	sh -c "echo '$(runs 2007)' | grep -q '^ 24\*[0-9]* 46\*[0-9]*\$'"
set -- $(fields "$m4")
check "unmarked: the DSCP-0 flow's field is EF with the flag (mark $m4: $*)" \
	test "$1 $2" = "46 1" -a "$3" -ge 1
set -- $(fields "$m3")
check "unmarked: the CS3 flow has no field (mark $m3: $*)" \
	test "$1 $2" = "0 0" -a "$3" -ge 1
set -- $(fields "$m5")
check "all: the CS3 flow's field is EF with the flag (mark $m5: $*)" \
	test "$1 $2" = "46 1" -a "$3" -ge 1
$DFICLT -n r set dscp_policy unmarked
ip netns exec r nft delete table ip optest

# --- 1. act_ctinfo before an IFB with cake --------------------------------
ifb=1
{
	ip -n r link add ifb0 type ifb &&
	ip -n r link set ifb0 up &&
	tc -n r qdisc add dev ifb0 root cake bandwidth 1gbit diffserv4 &&
	tc -n r qdisc add dev r1 handle ffff: ingress &&
	tc -n r filter add dev r1 parent ffff: protocol all matchall \
		action ctinfo dscp $MASK $FLAG \
		action mirred egress redirect dev ifb0
} 2>"$work/tcerr" || ifb=0
sed 's/^/# tc: /' "$work/tcerr"
# tin packets of the IFB's cake: "bulk besteffort video voice"
tins() {
	tc -n r -s -j qdisc show dev ifb0 | python3 -c '
import json, sys
q = [q for q in json.load(sys.stdin) if q["kind"] == "cake"][0]
print(" ".join(str(t["sent_packets"]) for t in q["options"]["tins"]
               if "sent_packets" in t) if "tins" in q.get("options", {}) else
      " ".join(str(t["sent_packets"]) for t in q["tins"]))'
}
if [ $ifb = 1 ]; then
	ok "IFB on the WAN ingress: ctinfo dscp $MASK $FLAG, mirred, cake diffserv4"
	tins0=$(tins)
	# the flow runs until both phases are counted, however slow the
	# requests between them are
	ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --sport 2001 --seconds 120 --size 200 --interval 20 >/dev/null &
	pd=$!
	sleep 3
	ma=$(ct_mark 2001)
	tins1=$(tins)
	map_all CS1
	tinsm=$(tins)
	sleep 3
	tins2=$(tins)
	mb=$(ct_mark 2001)
	kill $pd
	wait $pd 2>/dev/null
	echo "# cake tins (bulk besteffort video voice): start $tins0, EF phase $tins1, map changed $tinsm, CS1 phase $tins2"
	set -- $(fields "$ma")
	check "classified download flow: field EF with the flag (mark $ma: $*)" \
		test "$1 $2" = "46 1" -a "$3" -ge 1
	set -- $tins1
	check "EF phase: the replies in cake's Voice tin ($4), few in Best Effort ($2)" \
		sh -c "[ $4 -ge 40 ] && [ $4 -gt $2 ]"
	set -- $(fields "$mb")
	check "after the map change: field CS1 with the flag (mark $mb: $*)" \
		test "$1 $2" = "8 1" -a "$3" -ge 1
	# the replies after the change: in Bulk, but for the few the flow's
	# next client packet had not yet updated the field for
	set -- $tinsm $tins2
	bulk=$(($5 - $1)) voice=$(($8 - $4))
	check "CS1 phase: the replies in cake's Bulk tin ($bulk), few in Voice ($voice)" \
		test "$bulk" -ge 20 -a "$((4 * voice))" -le "$bulk"
	# a class mapped to keep: no field
	map_all keep
	ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --sport 2002 --seconds 2 --size 200 --interval 20 >/dev/null
	mk=$(ct_mark 2002)
	set -- $(fields "$mk")
	check "class mapped to keep: no field, no flag (mark $mk: $*)" \
		test "$1 $2" = "0 0" -a "$3" -ge 1
else
	echo "# this kernel lacks ifb/act_ctinfo/mirred/cake"
	for d in ifb "EF phase" "map change" "CS1 phase" keep; do
		ok "# skip IFB check ($d): no ifb/act_ctinfo in this kernel"
	done
fi

# Settings under traffic: moving the field clears the old bits everywhere.
check "set ct_dscp_mask 0x00fc0000 ct_dscp_flag 0x00010000 (moved)" sh -c \
	"$DFICLT -n r set ct_dscp_flag 0x00010000 && $DFICLT -n r set ct_dscp_mask 0x00fc0000"
left=$(ip netns exec r conntrack -L 2>/dev/null | awk '{ for (i = 1; i <= NF; i++)
	if ($i ~ /^mark=/ && int(substr($i, 6) / 16777216) % 256) n++ } END { print n + 0 }')
check "no entry keeps bits of the old field or flag ($left)" test "$left" -eq 0

kill $srv 2>/dev/null
for ns in c r s; do ip netns del $ns; done
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
