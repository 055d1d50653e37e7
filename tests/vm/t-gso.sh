#!/bin/sh
# Guest: GSO/GRO aggregates count as their segments, in dfi.ko and in the
# offline decoder alike.  Client netns -> router netns (dfi, a model that
# calls every flow "other", so the unknown-flow cache keeps what the
# kernel recorded) -> server netns.  Two TCP flows:
#   - IPv4 from the client, which sends MTU-sized segments (TSO/GSO off),
#     merged by GRO on the router's veth (ethtool -K r0 gro on; the
#     server's replies likewise on r1);
#   - IPv6 from a TUN device with virtio-net headers in the router netns
#     (tests/vm/tungso.py, as a VM's tap): aggregates the kernel marks
#     SKB_GSO_DODGY, with no segment count.
# The router captures what comes in (tcpdump -i any -Q in, with the
# receive timestamps dfi uses); dfi-features decodes that capture, and
# per flow its packet count and sizes must be the kernel's.  The gaps are
# printed, not asserted: the segments of an aggregate get gap 0 on both
# sides, but the kernel's and tcpdump's timestamps of a packet may fall
# into neighbouring gap buckets.
# Usage: t-gso.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
# One CPU for every sender, server and hence veth NAPI: the router then
# handles the packets of both directions in the order its capture shows
# (two CPUs interleave the two directions differently in the capture and
# at the hooks).
taskset -p -c 0 $$ >/dev/null
mkdir -p "$work/lab"

check "insmod dfi.ko" load_dfi "$ko"
topo_router c r s
unknown_model "$work/unknown.dfim"
check "router: load a model that calls every flow other" \
	$DFICLT -n r model load "$work/unknown.dfim"
$DFICLT -n r set deadline_ms 3000
$DFICLT -n r set unknown_size 64
seq_len=$($DFICLT -n r model show | awk '$1 == "seq_len" { print $2 }')
echo "# seq_len $seq_len"
check "GRO on the router's veths, TSO/GSO off at the client and server" sh -c "
	ip netns exec r ethtool -K r0 gro on && ip netns exec r ethtool -K r1 gro on &&
	ip netns exec c ethtool -K c0 tso off gso off &&
	ip netns exec s ethtool -K s0 tso off gso off"
modprobe tun 2>/dev/null

# Receive timestamps on every skb (some socket must ask): dfi and tcpdump
# then see the same time.
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)	# SO_TIMESTAMP
time.sleep(600)' &
tsock=$!
serve s --tcp 5001 --seconds 60
srv=$!
ip netns exec r tcpdump -i any -Q in -y LINUX_SLL -nn -s 200 -U \
	-w "$work/lab/r.pcap" 'tcp' 2>"$work/td.err" &
td=$!
i=0
while ! grep -q listening "$work/td.err" && [ $i -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done

check "GRO: TCP/IPv4 bulk flow through the router" \
	ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --seconds 1.5 \
	--size 30000 --interval 100 --sport 20002
# The debug test kernel has no TUN (tests/vm/test-kernel.config).
flows="20002 20001"
if [ -c /dev/net/tun ] && [ -d /sys/class/misc/tun ]; then
	check "DODGY: TCP/IPv6 aggregates from a TUN device with vnet headers" \
		ip netns exec r python3 "$here_lib/tungso.py" tun0 fd00:3::1/64 \
		fd00:3::2 fd00:2::2 5001 --aggs 12 --segs 3
else
	ok "DODGY: TCP/IPv6 aggregates from a TUN device # SKIP no TUN in this kernel"
	flows=20002
fi
sleep 4		# past the deadline: the GC decides what is left
kill $td
wait $td 2>/dev/null
kill $tsock $srv 2>/dev/null

st() { dfi_stat r "$1"; }
ip netns exec r cat /proc/net/dfi/stats | sed 's/^/# r: /'
$DFICLT -n r unknown dump --format csv -o "$work/unknown.csv"
awk -F, 'NR > 1 { printf "r.pcap,%s,%s,%s,%s,%s,other,gso,%s\n", $3, $4, $5, $6, $7, $(NF - 1) }' \
	"$work/unknown.csv" >"$work/rows"
{ echo "pcap,l4,client_ip,client_port,server_ip,server_port,class,app,packets"
  cat "$work/rows"; } >"$work/labels.csv"
sed 's/^/# labels: /' "$work/labels.csv"
check "dfi-features decodes the router's capture" \
	"$top_lib/userspace/dfi-features" --captures "$work/lab" \
	--labels "$work/labels.csv" --seq-len "$seq_len" --deadline-ms 3000 \
	-o "$work/features.tsv"

# The DODGY flow: its data recorded as 1500-byte segments (size byte 94,
# client to server; the server's ACKs and echoes take the rest of the
# first seq_len packets); before, its aggregates were not recorded.
dodgy=$(awk -F, '$5 == 20001 { n = 0; for (i = 1; i < length($NF); i += 4)
	if (substr($NF, i, 2) == "5e") n++; print n }' "$work/unknown.csv")
if [ "$flows" != 20002 ]; then
	check "DODGY flow: the kernel recorded ${dodgy:-no} 1500-byte segments (>= 6)" \
		sh -c "[ '${dodgy:-0}' -ge 6 ]"
fi
python3 "$here_lib/gsocmp.py" "$work/unknown.csv" "$work/features.tsv" \
	"$work/lab/r.pcap" $flows >"$work/cmp"
rc=$?
sed 's/^/# /' "$work/cmp"
gro=$(awk '$2 == 20002 { print $4 }' "$work/cmp")
check "GRO flow: the router received ${gro:-no} aggregates (> 1500 bytes)" \
	sh -c "[ '${gro:-0}' -ge 1 ]"
if [ "$flows" != 20002 ]; then
	dod=$(awk '$2 == 20001 { print $4 }' "$work/cmp")
	check "DODGY flow: the capture holds its ${dod:-no} aggregates" \
		sh -c "[ '${dod:-0}' -ge 1 ]"
fi
check "kernel and offline decoder: same packets, same sizes (flows $flows)" \
	test $rc -eq 0

ip netns del c
ip netns del r
ip netns del s
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
