#!/bin/sh
# Guest side of tests/replay.sh: replay labelled captures through the
# router netns (dfi.ko with MODEL) and score the kernel's verdicts.
# Usage: replay-guest.sh KO MODEL CAPTURES LABELS [LANES] [MIN_PACKETS] [debug]
#
# userspace/dfi-replay sends each flow's packets up to its decision from
# the client netns (c0) and the server netns (s0) to the router, lab
# addresses 10.64.0.0/10 fd10::/64 behind c, 10.128.0.0/10 fd20::/64
# behind s.  The router captures what comes in (tcpdump -i any -Q in:
# what PRE_ROUTING sees, with the receive timestamps dfi uses), dfi-eval
# classifies that capture, and dfi-ctscore compares with the classes in
# the ct marks.  Prints the report on stdout; the host keeps nothing.
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
model=$2
captures=$3
labels=$4
lanes=${5:-16}
min_packets=${6:-1}
debug=${7:-}
bin=$top_lib/userspace
w=/tmp/replay
mkdir -p "$w/lab"

fail() { echo "replay: $*"; exit 1; }

load_dfi "$ko" || fail "insmod $ko failed"
topo_router c r s
for l in c:c0 r:r0 r:r1 s:s0; do
	ip -n "${l%:*}" link set dev "${l#*:}" mtu 65535 || fail "mtu ${l#*:}"
done
ip -n r route add 10.64.0.0/10 via 198.18.1.2
ip -n r route add 10.128.0.0/10 via 198.18.2.2
ip -n r -6 route add fd10::/64 via fd00:1::2
ip -n r -6 route add fd20::/64 via fd00:2::2
sysctl -qw net.netfilter.nf_conntrack_max=1048576
# The router: L4 checksums and mid-stream TCP do not matter, conntrack
# counts packets (to tell the flows that lost some), entries outlive the
# replay, no source check on the lab addresses.
ip netns exec r sh -c '
	for k in $(sysctl -N -a 2>/dev/null | grep "^net.netfilter.nf_conntrack_.*timeout"); do
		sysctl -qw "$k=86400"
	done
	sysctl -qw net.netfilter.nf_conntrack_checksum=0
	sysctl -qw net.netfilter.nf_conntrack_tcp_be_liberal=1
	sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1
	sysctl -qw net.netfilter.nf_conntrack_acct=1
	for i in all default r0 r1; do
		sysctl -qw net.ipv4.conf.$i.rp_filter=0
		sysctl -qw net.ipv4.conf.$i.send_redirects=0
	done' || fail "router sysctls"
$DFICLT -n r model load "$model" || fail "dficlt model load $model"
$DFICLT -n r set mark_mask 0x1f00 || fail "dficlt set mark_mask"
for a in 198.18.1.2 198.18.2.2 fd00:1::2 fd00:2::2; do
	ip netns exec r ping -c 1 -W 2 "$a" >/dev/null || fail "router cannot reach $a"
done
rmac0=$(ip netns exec r cat /sys/class/net/r0/address)
rmac1=$(ip netns exec r cat /sys/class/net/r1/address)

# Received packets get a timestamp only while some socket asks for them
# (netstamp_needed); tcpdump does not.  Without one, dfi and tcpdump would
# each read the clock at their own moment; with one, both see the
# skb's receive time.
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)	# SO_TIMESTAMP
time.sleep(86400)' &
tsock=$!
sleep 1
kill -0 $tsock || fail "no timestamping socket"
ip netns exec r tcpdump -i any -Q in -n -s 512 -B 32768 -w "$w/lab/router.pcap" \
	2>"$w/tcpdump.err" &
td=$!
i=0
while ! grep -q listening "$w/tcpdump.err" && [ $i -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done
grep -q listening "$w/tcpdump.err" || fail "tcpdump: $(cat "$w/tcpdump.err")"

t0=$(date +%s)
"$bin/dfi-replay" --model "$model" --captures "$captures" --labels "$labels" \
	--lab-labels "$w/lab.csv" --min-packets "$min_packets" --lanes "$lanes" \
	--send --cpu 0 \
	--client-netns /run/netns/c --client-if c0 --client-mac "$rmac0" \
	--server-netns /run/netns/s --server-if s0 --server-mac "$rmac1" \
	2>"$w/replay.err" || { cat "$w/replay.err"; fail "dfi-replay failed"; }
sed 's/^/# /' "$w/replay.err" | head -n 50
# The flows still in progress: decided by the GC once idle past the deadline.
i=0
while [ "$(dfi_stat r flows_in_progress)" != 0 ] && [ $i -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done
sleep 1
kill -INT $td
wait $td
kill $tsock
sed 's/^/# tcpdump: /' "$w/tcpdump.err" | grep -v listening
echo "# replay wall time: $(($(date +%s) - t0)) s"
ip netns exec r cat /proc/net/dfi/stats | grep -v '^class_' | sed 's/^/# r: /' | tr '\n' ' '
echo
ip netns exec r conntrack -L >"$w/ct" 2>/dev/null
echo "# conntrack entries: $(wc -l <"$w/ct")"

"$bin/dfi-eval" --model "$model" --captures "$w/lab" --labels "$w/lab.csv" \
	--dump "$w/offline.dump" >"$w/offline.txt" 2>"$w/offline.err" ||
	{ cat "$w/offline.err"; fail "dfi-eval on the router's capture failed"; }
sed 's/^/# /' "$w/offline.err"
echo "# dfi-eval on the router's capture: $(tail -n 1 "$w/offline.txt")"
"$bin/dfi-ctscore" --model "$model" --labels "$w/lab.csv" --conntrack "$w/ct" \
	--offline "$w/offline.dump" --mark-mask 0x1f00 >"$w/score" ||
	fail "dfi-ctscore failed"
cat "$w/score"
# debug: the kernel's record of each flow that differs (if it called it
# other) and the router's capture of it
if [ -n "$debug" ]; then
	ip netns exec r cat /proc/net/dfi/unknown >"$w/unknown"
	sed -n 's/^# [^ ]* \(tcp\|udp\) \([^ ]*\) \([0-9]*\) \([^ ]*\) \([0-9]*\):.*/\1 \2 \3 \4 \5/p' "$w/score" |
	while read -r l4 c cp s sp; do
		echo "# debug $l4 $c $cp $s $sp"
		grep -F "$c" "$w/unknown" | grep -F "$s" | sed 's/^/#   unknown: /'
		grep -F "$c" "$w/ct" | grep -F "$s" | sed 's/^/#   ct: /'
		tcpdump -r "$w/lab/router.pcap" -nn -tt -v "$l4 and host $c and host $s and port $cp and port $sp" 2>/dev/null |
			sed 's/^/#   /'
	done
fi
rmmod dfi 2>/dev/null
exit 0
