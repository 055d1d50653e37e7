# Helpers for the guest-side VM tests (sourced; POSIX sh).
# Addresses come from the benchmarking range 198.18.0.0/15 and the ULA
# range fd00::/8: they exist only inside the VM's own namespaces.

T=0
FAILS=0
here_lib=$(cd "$(dirname "$0")" && pwd)
TRAFFIC="python3 $here_lib/traffic.py"
top_lib=$(cd "$here_lib/../.." && pwd)
DFICLT=$top_lib/userspace/dficlt
DFI_MODEL=$top_lib/models/default.dfim

ok() { T=$((T + 1)); echo "ok $T $*"; }
not_ok() { T=$((T + 1)); FAILS=$((FAILS + 1)); echo "not ok $T $*"; }
# check DESC CMD...: one TAP line for whether CMD succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# refused DESC PATTERN CMD...: one TAP line for whether CMD fails with
# exit status 1 and says PATTERN (grep -E, case-insensitive) on stderr,
# which is shown as comments
refused() {
	desc=$1
	pat=$2
	shift 2
	msg=$(mktemp)
	"$@" >/dev/null 2>"$msg"
	rrc=$?
	sed 's/^/# /' "$msg"
	if [ $rrc -eq 1 ] && grep -qiE -- "$pat" "$msg"; then
		ok "$desc"
	else
		not_ok "$desc (exit status $rrc)"
	fi
	rm -f "$msg"
}
finish() {
	echo "1..$T"
	[ "$FAILS" -eq 0 ]
}

# in_ns NS CMD...: run CMD in netns NS ("" for the initial one).
in_ns() {
	ns=$1
	shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# dfi_stat NS NAME: a counter of /proc/net/dfi/stats in netns NS.
dfi_stat() {
	in_ns "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/dfi/stats
}

# dfi_decisions NS: the verdicts dfi gave in netns NS, by every way a flow
# is decided (the sum of the class_* counters, Documentation/design.md).
dfi_decisions() {
	in_ns "$1" awk '$1 ~ /^decided_/ { s += $2 } END { print s + 0 }' \
		/proc/net/dfi/stats
}

# dfi_classes NS: the running model's class names by class identity (the
# number dfi keeps on conntrack entries: label bit base + id, mark field
# id + 1), comma-separated, "-" for an identity the model does not use.
dfi_classes() {
	$DFICLT -n "$1" -j dscp show | python3 -c '
import json, sys
cls = json.load(sys.stdin)["classes"]
ids = {c.get("id", c["index"]): c["name"] for c in cls}
print(",".join(ids.get(i, "-") for i in range(max(ids) + 1)))'
}

# dfi_dscp_map NS: the class -> DSCP map as class=N,... (-1: keep); NS ""
# for the initial netns.
dfi_dscp_map() {
	$DFICLT ${1:+-n "$1"} -j dscp show | python3 -c '
import json, sys
print(",".join("%s=%s" % (c["name"], -1 if c["dscp"] is None else c["dscp"])
               for c in json.load(sys.stdin)["classes"]))'
}

# gt A B: A > B for counters (empty counts as missing: false).
gt() { [ -n "$1" ] && [ -n "$2" ] && [ "$1" -gt "$2" ]; }

# load_dfi KO: conntrack first (a module on stock kernels), then dfi.
load_dfi() {
	modprobe nf_conntrack 2>/dev/null || true
	insmod "$1"
}

# serve NS ARGS...: traffic.py's echo server in netns NS, in the
# background ($! is its pid), returned once it listens.
serve() {
	ns=$1
	shift
	ready=$(mktemp)
	ip netns exec "$ns" $TRAFFIC serve "$@" >"$ready" &
	wait_serving "$ready"
	rm -f "$ready"
}

# wait_serving FILE: until a server writing to FILE says "serving" (30 s
# at most: a loaded machine starts programs slowly)
wait_serving() {
	i=0
	while ! grep -q serving "$1" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# topo_pair A B: netns A and B joined by a veth pair,
# A = 198.18.0.1 fd00:18::1, B = 198.18.0.2 fd00:18::2.
topo_pair() {
	ip netns add "$1"
	ip netns add "$2"
	ip link add veth0 netns "$1" type veth peer name veth0 netns "$2"
	ip -n "$1" addr add 198.18.0.1/24 dev veth0
	ip -n "$2" addr add 198.18.0.2/24 dev veth0
	ip -n "$1" addr add fd00:18::1/64 dev veth0 nodad
	ip -n "$2" addr add fd00:18::2/64 dev veth0 nodad
	for ns in "$1" "$2"; do
		ip -n "$ns" link set lo up
		ip -n "$ns" link set veth0 up
	done
}

# topo_router C R S: client netns C -- router netns R -- server netns S.
# C = 198.18.1.2 fd00:1::2, R = 198.18.1.1 fd00:1::1 / 198.18.2.1
# fd00:2::1 (forwarding), S = 198.18.2.2 fd00:2::2.
topo_router() {
	for ns in "$1" "$2" "$3"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	ip link add c0 netns "$1" type veth peer name r0 netns "$2"
	ip link add s0 netns "$3" type veth peer name r1 netns "$2"
	ip -n "$1" addr add 198.18.1.2/24 dev c0
	ip -n "$1" addr add fd00:1::2/64 dev c0 nodad
	ip -n "$2" addr add 198.18.1.1/24 dev r0
	ip -n "$2" addr add fd00:1::1/64 dev r0 nodad
	ip -n "$2" addr add 198.18.2.1/24 dev r1
	ip -n "$2" addr add fd00:2::1/64 dev r1 nodad
	ip -n "$3" addr add 198.18.2.2/24 dev s0
	ip -n "$3" addr add fd00:2::2/64 dev s0 nodad
	ip -n "$1" link set c0 up
	ip -n "$2" link set r0 up
	ip -n "$2" link set r1 up
	ip -n "$3" link set s0 up
	ip -n "$1" route add default via 198.18.1.1
	ip -n "$1" -6 route add default via fd00:1::1
	ip -n "$3" route add default via 198.18.2.1
	ip -n "$3" -6 route add default via fd00:2::1
	ip netns exec "$2" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$2" sysctl -qw net.ipv6.conf.all.forwarding=1
}

# topo_init_router C S: the initial netns as the router (as on a real one,
# where dfi loads itself there): client netns C 198.18.1.2 -- r0
# 198.18.1.1 / r1 198.18.2.1 -- server netns S 198.18.2.2, forwarding on.
topo_init_router() {
	for ns in "$1" "$2"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	ip link add r0 type veth peer name c0 netns "$1"
	ip link add r1 type veth peer name s0 netns "$2"
	ip addr add 198.18.1.1/24 dev r0
	ip addr add 198.18.2.1/24 dev r1
	ip link set r0 up
	ip link set r1 up
	ip -n "$1" addr add 198.18.1.2/24 dev c0
	ip -n "$2" addr add 198.18.2.2/24 dev s0
	ip -n "$1" link set c0 up
	ip -n "$2" link set s0 up
	ip -n "$1" route add default via 198.18.1.1
	ip -n "$2" route add default via 198.18.2.1
	sysctl -qw net.ipv4.ip_forward=1
}

# init_router_flows C WHAT: a call-like UDP flow and a TCP flow from netns
# C through topo_init_router's router to traffic.py's server on ports 5002
# and 5001; TAP lines for "decided" and "DSCP rewritten" there.
init_router_flows() {
	ip netns exec "$1" $TRAFFIC send udp 198.18.2.2 5002 --seconds 3 \
		--size 160 --interval 20 >/dev/null
	ip netns exec "$1" $TRAFFIC send tcp 198.18.2.2 5001 --seconds 2 \
		--size 1200 --interval 2 >/dev/null
	i=0
	while [ "$(dfi_decisions '')" -lt 2 ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	check "$2forwarded flows decided ($(dfi_decisions '') decisions)" \
		test "$(dfi_decisions '')" -ge 2
	check "$2their DSCP rewritten ($(dfi_stat '' dscp_rewrites) packets)" \
		gt "$(dfi_stat '' dscp_rewrites)" 0
}

# home_shapers NS LAN WAN MASK FLAG: a home router's shapers in netns NS:
# cake diffserv4 on WAN egress and on an IFB (ifb0) fed by a tc redirect
# on WAN ingress, act_ctinfo restoring the DSCP from the ct mark field
# MASK/FLAG on WAN ingress (before the IFB) and on LAN ingress; a TAP line
# for each filter.
home_shapers() {
	ip -n "$1" link add ifb0 type ifb
	ip -n "$1" link set ifb0 up
	for d in "$3" ifb0; do
		tc -n "$1" qdisc add dev "$d" root cake diffserv4 bandwidth 100mbit
	done
	tc -n "$1" qdisc add dev "$3" handle ffff: ingress
	check "WAN ingress: ctinfo restores the DSCP, then to the IFB" \
		tc -n "$1" filter add dev "$3" parent ffff: matchall \
		action ctinfo dscp "$4" "$5" \
		action mirred egress redirect dev ifb0
	tc -n "$1" qdisc add dev "$2" handle ffff: ingress
	check "LAN ingress: ctinfo restores the DSCP" \
		tc -n "$1" filter add dev "$2" parent ffff: matchall \
		action ctinfo dscp "$4" "$5"
}

# cake_tins NS DEV: packets per tin of DEV's cake diffserv4 in cake's own
# tin numbers (0 best effort, 1 bulk, 2 video, 3 voice); the dump lists
# them as bulk, best effort, video, voice.
cake_tins() {
	tc -n "$1" -s -j qdisc show dev "$2" root | python3 -c '
import json, sys
t = [x["sent_packets"] for x in json.load(sys.stdin)[0]["tins"]]
print(t[1], t[0], t[2], t[3])'
}

# unknown_model FILE: the default model with an impossible margin, so that
# the gate calls every flow "other" (named dfi-all-unknown).
unknown_model() {
	/usr/bin/python3 - "$top_lib/models" "$1" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import dfim
m = dfim.read(open(sys.argv[1] + "/default.dfim", "rb").read())
m.margin_min = 0x7fffffff
m.name = "dfi-all-unknown"
open(sys.argv[2], "wb").write(dfim.write(m))
PY
}

# churn_netns NS: a netns of its own (198.19.0.1 on lo) with dfi enabled
# and UDP flows starting every 2 ms in it, deleted 2 s later with its
# processes (so that it exits at once, flows in progress).  Status: that
# of enabling dfi there.
churn_netns() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" addr add 198.19.0.1/24 dev lo
	$DFICLT -n "$1" model load "$DFI_MODEL" >/dev/null
	rc_churn=$?
	ip netns exec "$1" $TRAFFIC serve --udp 6000 --seconds 30 >/dev/null 2>&1 &
	sleep 0.5
	ip netns exec "$1" "$top_lib/userspace/dfi-flood" flows --dst 198.19.0.1 \
		--port 6000 --udp --parallel 32 --every-us 2000 --seconds 20 \
		>/dev/null 2>&1 &
	sleep 2
	kill $(ip netns pids "$1") 2>/dev/null
	ip netns delete "$1"
	return $rc_churn
}
