#!/bin/sh
# Guest: the datapath benchmark (tests/bench-datapath.sh; figures, not a
# test).  In one boot, the same forwarding through a router netns
# (client -> router -> server, tests/vm/lib.sh topo_router) whose
# firewall (an nft forward chain with a ct state rule) keeps conntrack
# running in every state, as on a real router, with dfi
#   off       dfi.ko loaded, never enabled in the router: no hooks there
#   enabled   enabled in the router (dficlt set enabled 1), no model: the
#             hooks run, count and pass
#   model     the default model loaded: flows classified, DSCP rewritten
# for two loads, each SECONDS long, REPS times with the three states in
# turn (a fresh router netns for each, so "off" is really off):
#   long      4 UDP flows of 100-byte datagrams as fast as the client's
#             sockets take them (dfi-flood flows): after their first
#             packets, the classified-packet path
#   short     a new UDP flow every 300 us, 64 at once at most, 10
#             datagrams each: the in-progress path and a decision per flow
# Packets/s forwarded is the router's server-side link's tx count over
# the phase; the server drops them (nft), so nothing answers.  Prints one
# line per run, then per load and state the median packets/s and its
# ratio to "off"; then /sys/kernel/debug/dfi/cost in the router.
# ENGINE (optional): the module's engine= (default auto).
# Usage: bench-datapath-guest.sh PATH/TO/dfi.ko SECONDS REPS [ENGINE]
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
secs=${2:-5}
reps=${3:-3}
engine=${4:-auto}
FLOOD=$top_lib/userspace/dfi-flood
work=$(mktemp -d)

modprobe nf_conntrack 2>/dev/null || true
insmod "$ko" engine="$engine" || { echo "not ok 1 insmod"; exit 1; }
echo "# engine: $(cat /sys/module/dfi/parameters/engine), $(nproc) vCPUs"

# pps NS DEV CMD...: packets NS's DEV sent while CMD ran, per second
pps() {
	ns=$1 dev=$2
	shift 2
	a=$(ip netns exec "$ns" cat "/sys/class/net/$dev/statistics/tx_packets")
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1
	t1=$(date +%s%N)
	b=$(ip netns exec "$ns" cat "/sys/class/net/$dev/statistics/tx_packets")
	echo $(((b - a) * 1000000000 / (t1 - t0)))
}

for rep in $(seq "$reps"); do
	for state in off enabled model; do
		topo_router c r s
		ip netns exec s nft add table inet sink
		ip netns exec s nft add chain inet sink in \
			'{ type filter hook input priority 0; policy drop; }'
		# a router's firewall: conntrack runs in every state
		ip netns exec r nft add table inet fw
		ip netns exec r nft add chain inet fw forward \
			'{ type filter hook forward priority 0; policy accept; }'
		ip netns exec r nft add rule inet fw forward ct state \
			established,related accept
		case $state in
		enabled) $DFICLT -n r set enabled 1 ;;
		model) $DFICLT -n r model load "$DFI_MODEL" ;;
		esac
		long=$(pps r r1 ip netns exec c "$FLOOD" flows --dst 198.18.2.2 \
			--port 9 --udp --parallel 4 --every-us 1000 \
			--packets 1000000 --size 100 --seconds "$secs")
		short=$(pps r r1 ip netns exec c "$FLOOD" flows --dst 198.18.2.2 \
			--port 9 --udp --parallel 64 --every-us 300 \
			--packets 10 --size 100 --seconds "$secs")
		flows=$(sed -n 's/^flows: started \([0-9]*\).*/\1/p' "$work/out")
		echo "run $rep $state long $long short $short (short: $flows flows)"
		echo "$state long $long" >>"$work/runs"
		echo "$state short $short" >>"$work/runs"
		if [ "$rep" -eq "$reps" ] && [ "$state" = model ]; then
			ip netns exec r cat /proc/net/dfi/stats |
				grep -E '^(packets|packets_classified|flows_tracked|decided_|flows_table_full)' |
				sed 's/^/# router: /'
			mountpoint -q /sys/kernel/debug ||
				mount -t debugfs none /sys/kernel/debug
			nsenter --net=/run/netns/r cat /sys/kernel/debug/dfi/cost |
				sed 's/^/# cost: /'
		fi
		ip netns del c
		ip netns del r
		ip netns del s
	done
done

python3 - "$work/runs" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    state, load, pps = line.split()
    runs.setdefault((load, state), []).append(int(pps))
print("%-6s %12s %12s %12s %9s %9s" % ("load", "off", "enabled", "model",
                                      "en/off", "model/off"))
for load in ("long", "short"):
    med = {s: statistics.median(runs[(load, s)]) for s in ("off", "enabled", "model")}
    print("%-6s %12.0f %12.0f %12.0f %9.3f %9.3f" % (
        load, med["off"], med["enabled"], med["model"],
        med["enabled"] / med["off"] if med["off"] else 0,
        med["model"] / med["off"] if med["off"] else 0))
PY
rmmod dfi
rm -rf "$work"
echo "ok 1 datapath benchmark ran"
echo "1..1"
