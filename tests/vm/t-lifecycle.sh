#!/bin/sh
# Guest: dfi under the conditions that break kernel code, on a router
# (client c -- router r -- server s):
#  - admission under a flood: spoofed new flows the router's firewall
#    drops, thousands a second, must not keep real flows from a class;
#  - module unload and reload, netns creation and deletion, while many
#    flows run at the highest rate the VM sustains (a new one every
#    millisecond, TCP and UDP, IPv4 and IPv6, a flood beside them), and
#    conntrack itself unloading afterwards (a conntrack reference dfi
#    leaked would make that spin forever);
#  - the root of a user namespace inside a small memory cgroup: what it
#    makes dfi allocate is charged there, and refused past the limit with
#    a clear error, while the same request outside the cgroup succeeds.
# The harness fails the test on any kernel report (KASAN, lockdep, ...).
# Usage: t-lifecycle.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
FLOOD=$top_lib/userspace/dfi-flood
MASK=0x1f00
# the debug kernel is several times slower: shorter loads
secs=6
[ -e /sys/kernel/debug/kmemleak ] && secs=5

# load SECONDS: flows to the server at the VM's highest rate, and a flood
# of spoofed new flows towards the client, all in the background.
# Their pids: $load_pids.
load() {
	ip netns exec c "$FLOOD" flows --dst 198.18.2.2 --port 5002 --udp \
		--parallel 64 --every-us 1000 --packets 10 --seconds "$1" >"$work/udp4" 2>&1 &
	load_pids=$!
	ip netns exec c "$FLOOD" flows --dst fd00:2::2 --port 5001 --tcp \
		--parallel 32 --every-us 1000 --packets 10 --seconds "$1" >"$work/tcp6" 2>&1 &
	load_pids="$load_pids $!"
	ip netns exec s "$FLOOD" spoof --dst 198.18.1.2 --dport 9 \
		--src 203.0.113.0/24 --udp --seconds "$1" >"$work/spoof" 2>&1 &
	load_pids="$load_pids $!"
}

# classified_real: flows c -> s on ports 5001/5002 in r's conntrack table,
# and how many carry a class in dfi's mark field ("N M").
classified_real() {
	ip netns exec r conntrack -L 2>/dev/null | awk -v mask=$((MASK)) '
	/src=198\.18\.1\.2 dst=198\.18\.2\.2/ && /dport=500[12] / {
		n++
		for (i = 1; i <= NF; i++)
			if ($i ~ /^mark=/) {
				m = substr($i, 6)
				v = int(m / 256) % 32	# mask 0x1f00
				if (v >= 1 && v <= 16)
					c++
			}
	}
	END { print n + 0, c + 0 }'
}

check "insmod dfi.ko" load_dfi "$ko"
topo_router c r s
# the flood's sources route back through the server side (no martians)
ip -n r route add 203.0.113.0/24 via 198.18.2.2
check "router: set max_flows 64 before enabling" $DFICLT -n r set max_flows 64
check "router: set mark_mask $MASK" $DFICLT -n r set mark_mask $MASK
check "router: model load (enables dfi there)" $DFICLT -n r model load "$DFI_MODEL"
serve s --tcp 5001 --udp 5002 --seconds 600
srv=$!
st() { dfi_stat r "$1"; }

# 1. Admission under a flood the firewall drops.
ip netns exec r nft -f - <<'EOF'
table inet fw {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip saddr 203.0.113.0/24 drop
	}
}
EOF
ip netns exec s "$FLOOD" spoof --dst 198.18.1.2 --dport 9 --src 203.0.113.0/24 \
	--udp --seconds "$secs" >"$work/spoof" 2>&1 &
fl=$!
sleep 2
pids=
for i in 1 2 3; do
	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 3 --size 160 --interval 20 >/dev/null 2>&1 &
	pids="$pids $!"
	ip netns exec c $TRAFFIC send tcp 198.18.2.2 5001 --seconds 3 --size 1200 --interval 10 >/dev/null 2>&1 &
	pids="$pids $!"
done
wait $pids
wait $fl
sed 's/^/# /' "$work/spoof"
sleep 3		# past the deadline: the GC decides what is left
set -- $(classified_real)
ip netns exec r cat /proc/net/dfi/stats | grep -E '^(flows_|decided_|packets_orphaned)' | sed 's/^/# r: /'
check "flood dropped by the firewall: $2 of $1 real flows classified" \
	sh -c "[ $1 -ge 6 ] && [ $2 -eq $1 ]"
check "flood: spoofed flows marked new ($(st flows_new)) but none entered the table (tracked $(st flows_tracked))" \
	sh -c "[ $(st flows_new) -gt 100 ] && [ $(st flows_tracked) -le 20 ]"
check "flood: no flow refused for a full table ($(st flows_table_full))" \
	test "$(st flows_table_full)" -eq 0
ip netns exec r nft delete table inet fw

# 2. A flood let through (no firewall), paced so that conntrack's own
# table keeps room (past it conntrack drops real flows itself): dfi's
# table fills with unreplied flows, which make room for the real ones.
sysctl -qw net.netfilter.nf_conntrack_max=262144
ip netns exec s "$FLOOD" spoof --dst 198.18.1.2 --dport 9 --src 203.0.113.0/24 \
	--udp --rate 3000 --seconds "$secs" >"$work/spoof" 2>&1 &
fl=$!
sleep 2
ip netns exec r conntrack -F >/dev/null 2>&1
ev0=$(st flows_evicted)
pids=
for i in 1 2 3; do
	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --seconds 3 --size 160 --interval 20 >/dev/null 2>&1 &
	pids="$pids $!"
done
wait $pids
wait $fl
sed 's/^/# /' "$work/spoof"
sleep 3
set -- $(classified_real)
if [ -e /sys/kernel/debug/kmemleak ]; then
	# the debug kernel cannot keep the table full at 3000 new flows/s
	ok "flood let through: unreplied flows evicted ($(st flows_evicted)) # SKIP debug kernel"
else
	check "flood let through: unreplied flows evicted ($(st flows_evicted))" \
		gt "$(st flows_evicted)" "$ev0"
fi
check "flood let through: $2 of $1 real flows classified" \
	sh -c "[ $1 -ge 3 ] && [ $2 -eq $1 ]"
check "never more than the cap in progress ($(st flows_in_progress))" \
	test "$(st flows_in_progress)" -le 64
ip netns exec r cat /proc/net/dfi/stats | grep -E '^(flows_|decided_)' | sed 's/^/# r: /'

# 3. Unload and reload under load, three times, with a model at the
# kernel's cap of work per decision and a 1 ms deadline: every flow is
# decided at its second packet, so a vCPU is in dfi_decide() most of the
# time, for milliseconds each (TCG), and code that frees the netns's state
# or the module while the hooks' last packets still use them (as .exit
# unregistering the hooks without .pre_exit did) is caught by KASAN.
heavy=$(/usr/bin/python3 "$here_lib/heavy_model.py" "$work/heavy.dfim")
heavy_load() {
	$DFICLT -n r model load "$work/heavy.dfim" &&
		$DFICLT -n r set deadline_ms 1
}
check "router: model load $heavy, deadline 1 ms" heavy_load
load $((secs + 6))
sleep 2
ok_n=0
for i in 1 2 3; do
	rmmod dfi && insmod "$ko" && $DFICLT -n r set mark_mask $MASK &&
		heavy_load && ok_n=$((ok_n + 1))
	sleep 1
done
check "rmmod/insmod and model load x3 under load: $ok_n of 3" test $ok_n -eq 3
wait $load_pids
# from a port below the ephemeral range: the load's ten thousand flows
# left entries on many of those, and one reused would be no new flow
ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 20001 --seconds 1 \
	--interval 20 >/dev/null
check "the reloaded module follows flows again (tracked $(st flows_tracked))" \
	gt "$(st flows_tracked)" 0
sed 's/^/# /' "$work/udp4" "$work/tcp6" "$work/spoof"
check "the load ran: UDP/IPv4 flows completed" grep -q 'completed [1-9]' "$work/udp4"
check "the load ran: TCP/IPv6 flows completed" grep -q 'completed [1-9]' "$work/tcp6"

# 4. Netns made and deleted under load: a netns of its own with dfi enabled
# and flows inside, deleted mid-traffic, twice; then the router.
made=0
for i in 1 2; do
	churn_netns life$i && made=$((made + 1))
done
check "2 netns with dfi and flows in progress deleted under traffic ($made enabled)" \
	test $made -eq 2
load $((secs + 4))
sleep 3
# with a 1 ms deadline a flow is in progress until its second packet: wait
# (3 s at most) for a moment with some, read once
i=0
while inprog=$(st flows_in_progress) && [ "$inprog" -eq 0 ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "router flows in progress when it goes ($inprog)" gt "$inprog" 0
check "router netns deleted under load" ip netns del r
wait $load_pids
kill $srv 2>/dev/null
wait
ip netns del c
ip netns del s
check "rmmod dfi" rmmod dfi

# 5. Conntrack unloads after dfi: it waits for every entry to be freed,
# which a leaked reference would keep forever.  (Built in on the debug
# kernel: nothing to unload there.)
# rm_tree MOD: unload MOD after what holds it.
rm_tree() {
	for h in $(ls /sys/module/"$1"/holders 2>/dev/null); do
		rm_tree "$h"
	done
	rmmod "$1"
}
if grep -q '^nf_conntrack ' /proc/modules; then
	( rm_tree nf_conntrack >"$work/rm" 2>&1; echo "rc=$?" >>"$work/rm" ) &
	i=0
	while [ $i -lt 120 ] && ! grep -q '^rc=' "$work/rm"; do
		sleep 1
		i=$((i + 1))
	done
	sed 's/^/# /' "$work/rm"
	check "nf_conntrack unloads after dfi (in ${i} s)" grep -q '^rc=0' "$work/rm"
else
	ok "nf_conntrack unloads after dfi # SKIP built in"
fi

# 6. A user namespace's root in a small memory cgroup.  The unknown-flow
# ring of 65536 records (216 bytes each, 13.5 MiB) does not fit in 8 MiB; outside the
# cgroup the same request succeeds.
cat >"$work/try.sh" <<EOF
unshare -rn sh -c "ip link set lo up; $DFICLT model load $DFI_MODEL &&
	$DFICLT set unknown_size 65536 && $DFICLT show | grep unknown_size"
EOF
if mkdir -p /sys/fs/cgroup && { grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts ||
	mount -t cgroup2 none /sys/fs/cgroup; } 2>/dev/null &&
   grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	check "insmod dfi.ko again" load_dfi "$ko"
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	cg=/sys/fs/cgroup/small
	mkdir $cg
	echo 8M >$cg/memory.max
	# a shell of its own moves into the cgroup, then runs the request
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sh "$2"' sh $cg "$work/try.sh" \
		>"$work/small" 2>&1
	rc=$?
	sed 's/^/# in the cgroup: /' "$work/small"
	echo "# cgroup: peak $(cat $cg/memory.peak 2>/dev/null), events: $(tr '\n' ' ' <$cg/memory.events)"
	check "in an 8 MiB memory cgroup, a user namespace's 65536-record unknown cache is refused with a clear error" \
		sh -c "[ $rc -eq 1 ] && grep -q 'no memory for an unknown-flow cache' $work/small"
	check "and nothing in the cgroup was OOM-killed" \
		test "$(awk '$1 == "oom_kill" { print $2 }' $cg/memory.events)" -eq 0
	sh "$work/try.sh" >"$work/big" 2>&1
	rc=$?
	sed 's/^/# outside: /' "$work/big"
	check "outside the cgroup the same request succeeds" test $rc -eq 0
	check "the host's dfi unaffected: a model loads in the initial netns" \
		$DFICLT model load "$DFI_MODEL"
	rmdir $cg
	check "rmmod dfi" rmmod dfi
else
	ok "memory cgroup accounting # SKIP no memory controller in this kernel"
fi
rm -rf "$work"
finish
