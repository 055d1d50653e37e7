#!/bin/sh
# Guest: dfi-nlfuzz, random and broken requests to the dfi family (a share
# of them from an unprivileged user), in netns b for a bounded time while
# flows cross the veth pair: no answer the kernel should never give, and
# afterwards the model back, dfi enabled, a new flow tracked and decided,
# rmmod.  The harness fails the test on any kernel report.
# Usage: t-nlfuzz.sh PATH/TO/dfi.ko [SECONDS [SEED]]
# SECONDS (default 20) bounds the fuzzing by time, not by count: the debug
# kernel is far slower.  SEED: default 1.  A long campaign: more SECONDS
# (Documentation/testing.md).
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
secs=${2:-20}
seed=${3:-1}
work=$(mktemp -d)
NLFUZZ=$top_lib/userspace/dfi-nlfuzz
FLOOD=$top_lib/userspace/dfi-flood

check "insmod dfi.ko" load_dfi "$ko"
topo_pair a b
check "model load in b" $DFICLT -n b model load "$DFI_MODEL"

# Traffic b -> a during the fuzzing: a UDP and a TCP flow, and short UDP
# flows, up to 60 at once (the flows dump then takes several messages).
serve a --udp 5002 --tcp 5003 --seconds $((secs + 300))
spid=$!
ip netns exec b $TRAFFIC send udp 198.18.0.1 5002 --seconds "$secs" \
	--interval 50 >/dev/null 2>&1 &
p1=$!
ip netns exec b $TRAFFIC send tcp 198.18.0.1 5003 --seconds "$secs" \
	--interval 50 >/dev/null 2>&1 &
p2=$!
ip netns exec b "$FLOOD" flows --dst 198.18.0.1 --port 5002 --udp \
	--parallel 60 --every-us 50000 --packets 6 --interval-us 500000 \
	--seconds "$secs" >"$work/flood" 2>&1 &
p3=$!

ip netns exec b "$NLFUZZ" --seed "$seed" --seconds "$secs" \
	--count 1000000000 --model "$DFI_MODEL" -v >"$work/fuzz" 2>&1
frc=$?
wait $p1 $p2 $p3
sed 's/^\(# \)\{0,1\}/# /' "$work/fuzz"
sed 's/^/# flood: /' "$work/flood"
summary=$(grep '^nlfuzz: sent' "$work/fuzz")
check "dfi-nlfuzz: no answer the kernel should never give, dfi put back (exit $frc)" \
	test $frc -eq 0
check "dfi-nlfuzz: sent, accepted and refused messages" sh -c \
	"echo '$summary' | grep -q 'sent [1-9][0-9]*, accepted [1-9][0-9]*, refused [1-9]'"
check "dfi-nlfuzz: some of them unprivileged" sh -c \
	"echo '$summary' | grep -q 'unpriv [1-9]'"

check "enabled 1 after the fuzzing" sh -c "$DFICLT -n b show | grep -q '^enabled 1'"
check "the model is loaded after the fuzzing" sh -c \
	"$DFICLT -n b model show | grep -q '^name '"

# A new flow, tracked and decided: from a source port below the ephemeral
# range, so that it cannot meet a conntrack entry left by the flows above.
decided() {
	ip netns exec b awk '$1 ~ /^decided_/ { n += $2 } END { print n + 0 }' \
		/proc/net/dfi/stats
}
tracked0=$(dfi_stat b flows_tracked)
decided0=$(decided)
ip netns exec b $TRAFFIC send udp 198.18.0.1 5002 --sport 20999 \
	--seconds 1 --interval 20 >/dev/null
i=0
while [ $i -lt 30 ] && [ "$(decided)" -le "$decided0" ]; do
	sleep 1
	i=$((i + 1))
done
$DFICLT -n b show | sed 's/^/# show: /'
ip netns exec b cat /proc/net/dfi/stats | sed 's/^/# stats: /'
check "a new flow after the fuzzing: tracked ($tracked0 -> $(dfi_stat b flows_tracked))" \
	gt "$(dfi_stat b flows_tracked)" "$tracked0"
check "a new flow after the fuzzing: decided ($decided0 -> $(decided))" \
	gt "$(decided)" "$decided0"

kill $spid 2>/dev/null
wait $spid 2>/dev/null
ip netns del a
ip netns del b
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
