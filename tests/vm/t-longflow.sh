#!/bin/sh
# Guest: the long-flow second look.  Client netns -> router netns (dfi, a
# model that calls every flow web) -> server netns.  A download of 2.5 MB
# over 7 s through the router is classified web, then moved to file once
# it is 4 s old (second_look_age 4, second_look_bytes 500000): the
# packets of its late part carry file's DSCP on the client side, those of
# its early part web's.  A short download beside it stays web.  Without
# conntrack accounting nothing moves and a counter says why; CONFIG_SET
# refuses settings out of range with the reason.
# Usage: t-longflow.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
BULK="python3 $here_lib/bulk.py"

check "insmod dfi.ko" load_dfi "$ko"
topo_router c r s
check "model that calls every flow web" sh -c \
	"/usr/bin/python3 $here_lib/const_model.py $work/web.dfim web >/dev/null"
check "dficlt model load (router netns)" $DFICLT -n r model load "$work/web.dfim"
check "dficlt set mark_mask 0x1f00" $DFICLT -n r set mark_mask 0x1f00
check "dficlt dscp set web AF21" $DFICLT -n r dscp set web AF21
check "dficlt dscp set file CS1" $DFICLT -n r dscp set file CS1
check "show: second look off by default" sh -c \
	"$DFICLT -n r show | grep -q '^second_look 0\$'"
check "show: its defaults (web, 10 s, 4000000 B, 1000 kbit/s, 90%)" sh -c \
	"$DFICLT -n r show | tr '\n' ' ' | grep -q 'second_look_classes web second_look_age 10 second_look_bytes 4000000 second_look_rate 1000 second_look_share 90'"

# CONFIG_SET validation: each refused with its reason, nothing changed.
refused "second_look_share 49 refused" 'out of range|range' \
	$DFICLT -n r set second_look_share 49
refused "second_look_age 0 refused" 'out of range|range' \
	$DFICLT -n r set second_look_age 0
refused "second_look_rate over 10 Gbit/s refused" 'out of range|range' \
	$DFICLT -n r set second_look_rate 10000001
refused "second_look_classes with file refused with the reason" \
	'must not hold file' $DFICLT -n r set second_look_classes web,file
check "dficlt refuses a class set beyond the 16 identities" sh -c \
	"! $DFICLT -n r set second_look_classes 0x10000 2>/dev/null"
check "show: settings unchanged by the refused ones" sh -c \
	"$DFICLT -n r show | tr '\n' ' ' | grep -q 'second_look 0 second_look_classes web second_look_age 10 .*second_look_share 90'"

check "set second_look_age 4" $DFICLT -n r set second_look_age 4
check "set second_look_bytes 500000" $DFICLT -n r set second_look_bytes 500000
check "set second_look 1" $DFICLT -n r set second_look 1
check "show: second_look 1, age 4, bytes 500000" sh -c \
	"$DFICLT -n r show | tr '\n' ' ' | grep -q 'second_look 1 second_look_classes web second_look_age 4 second_look_bytes 500000 '"

serve_bulk() {
	ready=$(mktemp)
	ip netns exec s $BULK serve 5003 >"$ready" &
	srv=$!
	wait_serving "$ready"
	rm -f "$ready"
}
st() { dfi_stat r "$1"; }
serve_bulk

# Conntrack accounting off (the default): a flow begun then is left alone.
ip netns exec r sysctl -qw net.netfilter.nf_conntrack_acct=0
ip netns exec r sysctl -qw net.netfilter.nf_conntrack_timestamp=0 2>/dev/null
check "stats: ct_acct 0, ct_timestamp 0" sh -c \
	"[ '$(st ct_acct)' = 0 ] && [ '$(st ct_timestamp)' = 0 ]"
check "a download without conntrack accounting" \
	ip netns exec c $BULK fetch 198.18.2.2 5003 600000 1.5 --sport 20010
check "second look skipped it: second_look_no_acct $(st second_look_no_acct)" \
	gt "$(st second_look_no_acct)" 0
check "nothing moved without accounting" test "$(st second_look_moved)" -eq 0

ip netns exec r sysctl -qw net.netfilter.nf_conntrack_acct=1
if ! ip netns exec r sysctl -qw net.netfilter.nf_conntrack_timestamp=1 2>/dev/null; then
	# a kernel without CONFIG_NF_CONNTRACK_TIMESTAMP (the debug test
	# kernel): no start time, nothing moves, and the counter says why
	check "a download with accounting, without timestamps" \
		ip netns exec c $BULK fetch 198.18.2.2 5003 600000 1.5 --sport 20011
	kill $srv
	check "no ct timestamp: second_look_no_tstamp $(st second_look_no_tstamp), nothing moved" \
		sh -c "[ '$(st second_look_no_tstamp)' -gt 0 ] && [ '$(st second_look_moved)' = 0 ]"
	for d in "ct_timestamp" "checks" "move" "DSCPs of the long download" \
		"its timing" "the short download"; do
		ok "$d # SKIP no CONFIG_NF_CONNTRACK_TIMESTAMP in this kernel"
	done
	rm -rf "$work"
	finish
	exit
fi
check "stats: ct_acct 1, ct_timestamp 1" sh -c \
	"[ '$(dfi_stat r ct_acct)' = 1 ] && [ '$(dfi_stat r ct_timestamp)' = 1 ]"

ip netns exec c tcpdump -i c0 -nn -U -s 64 -w "$work/c.pcap" 'tcp port 5003' 2>/dev/null &
td=$!
sleep 1
ip netns exec c $BULK fetch 198.18.2.2 5003 2500000 7 --sport 20001 >"$work/long" &
p1=$!
sleep 1
ip netns exec c $BULK fetch 198.18.2.2 5003 300000 2 --sport 20002 >"$work/short" &
p2=$!
check "long download through the router" wait $p1
check "short download through the router" wait $p2
sleep 1
kill $td
wait $td 2>/dev/null
kill $srv
ip netns exec r cat /proc/net/dfi/stats | grep -E 'second_look|ct_|class_|decided' | sed 's/^/# r: /'
check "second look checked ($(st second_look_checks) checks), no timestamp missing" sh -c \
	"[ '$(st second_look_checks)' -gt 0 ] && [ '$(st second_look_no_tstamp)' = 0 ]"
check "exactly the long download moved (second_look_moved $(st second_look_moved))" \
	test "$(st second_look_moved)" -eq 1

# On the client side: the server's packets of each download, by DSCP.
/usr/bin/python3 - "$here_lib" "$work/c.pcap" >"$work/dscp" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import pcapread
seen = {}
for _, l4, src, sport, dst, dport, dscp, _ in pcapread.packets(sys.argv[2]):
    if sport == 5003:
        seen.setdefault(dport, []).append(dscp)
for port, d in sorted(seen.items()):
    first8 = d.index(8) if 8 in d else len(d)
    print(port, len(d), d.count(18), d.count(8), first8,
          int(all(x == 8 for x in d[first8:])))
PY
sed 's/^/# port packets af21 cs1 first_cs1 cs1_to_the_end: /' "$work/dscp"
long=$(awk '$1 == 20001' "$work/dscp")
short=$(awk '$1 == 20002' "$work/dscp")
check "long download: web's DSCP first (AF21), then file's (CS1) to the end" \
	sh -c "set -- $long; [ \$3 -gt 0 ] && [ \$4 -gt 0 ] && [ \$6 = 1 ]"
# 500 kB come after 1.4 s: the age, 4 s of 7, is what holds it back
check "long download: moved only once 4 s old (CS1 on < 60% of its packets)" \
	sh -c "set -- $long; [ \$((\$4 * 5)) -lt \$((\$2 * 3)) ]"
check "short download: web's DSCP only" \
	sh -c "set -- $short; [ \$3 -gt 0 ] && [ \$4 = 0 ]"

rm -rf "$work"
finish
