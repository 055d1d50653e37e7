#!/bin/bash
# Guest: netns-watch.sh LOG DFICLT MODEL
#
# Until killed (SIGTERM), load MODEL with "DFICLT -n NS model load" into
# every named netns that appears in /run/netns (the ones "ip netns add"
# makes), which enables dfi there.  Woken by inotifywait when the host has
# it (inotify-tools), else every 50 ms; a netns whose file exists before
# "ip netns add" has bind-mounted it is tried again on the next wake, up
# to 40 times.  A name that goes away and comes back is a new netns.
#
# To count what dfi saw there, a "sleep" is left in each netns it was
# enabled in, and its /proc/PID/net/dfi/stats read every second (a read
# of a file: running dficlt for it costs 150 ms of TCG a time).  The
# tests' cleanup kills every process of their netns, the sleep with
# them; when a netns's name goes away first, the watcher kills its sleep.
#
# LOG gets a line per netns ("enabled NS", "failed NS") and, when the
# watcher is killed, "summary enabled=N failed=N packets=N", packets
# being the sum over the netns of the last "packets" counter read.
# Netns without a name (unshare -n) are not seen.
set -u
log=$1 dficlt=$2 model=$3

mkdir -p /run/netns
# enabled[NAME]: an id per netns instance; packets[ID]: its last counter;
# sleeper[ID]: the pid of its sleep; tries[NAME]: loads tried.
declare -A tries=() enabled=() packets=() sleeper=()
ok=0 bad=0 ipid= id=0
summary() {
	local p=0 i
	for i in "${!packets[@]}"; do p=$((p + packets[$i])); done
	for i in "${!sleeper[@]}"; do kill "${sleeper[$i]}" 2>/dev/null; done
	echo "summary enabled=$ok failed=$bad packets=$p" >>"$log"
	[ -n "$ipid" ] && kill "$ipid" 2>/dev/null
	exit 0
}
trap summary TERM INT
# forget NAME: the name went away; its netns goes once its sleep does.
forget() {
	local i=${enabled[$1]-}
	if [ -n "$i" ] && [ -n "${sleeper[$i]-}" ]; then
		kill "${sleeper[$i]}" 2>/dev/null
		unset "sleeper[$i]"
	fi
	unset "enabled[$1]" "tries[$1]"
}

# fd 3: inotify events, or nothing (read -t is then only the sleep).
# A fifo rather than <(...): the VM's /dev has no /dev/fd.
fifo=$(mktemp -u /tmp/netns-watch.XXXXXX)
mkfifo "$fifo"
if command -v inotifywait >/dev/null 2>&1; then
	inotifywait -m -q -e create -e delete -e moved_to --format '%e %f' \
		/run/netns >"$fifo" 2>/dev/null &
	ipid=$!
fi
exec 3<>"$fifo"
rm -f "$fifo"

last_sample=$SECONDS
while :; do
	for p in /run/netns/*; do
		[ -e "$p" ] || continue
		n=${p##*/}
		[ -n "${enabled[$n]-}" ] && continue
		t=${tries[$n]-0}
		[ "$t" -ge 40 ] && continue
		tries[$n]=$((t + 1))
		if "$dficlt" -n "$n" model load "$model" >/dev/null 2>&1; then
			id=$((id + 1))
			enabled[$n]=$id
			packets[$id]=0
			ip netns exec "$n" sleep 86400 </dev/null >/dev/null 2>&1 &
			sleeper[$id]=$!
			disown $!	# no "Killed" when a test's cleanup kills it
			ok=$((ok + 1))
			echo "enabled $n" >>"$log"
		elif [ "$t" -eq 39 ]; then
			bad=$((bad + 1))
			echo "failed $n" >>"$log"
		fi
	done
	if [ $SECONDS -ne $last_sample ]; then
		last_sample=$SECONDS
		for i in "${!sleeper[@]}"; do
			d=/proc/${sleeper[$i]}
			c=
			{ read -r c <"$d/comm"; } 2>/dev/null || { unset "sleeper[$i]"; continue; }
			# Until "ip netns exec" has become sleep, /proc/PID/net
			# is the initial netns.
			[ "$c" = sleep ] && [ -r "$d/net/dfi/stats" ] || continue
			while read -r k v; do
				[ "$k" = packets ] && packets[$i]=$v
			done <"$d/net/dfi/stats"
		done
	fi
	if read -r -t 0.05 ev n <&3; then
		case $ev in
		DELETE*) forget "$n" ;;
		esac
	fi
	# Names gone without an event (no inotify): forget them too.
	for n in "${!tries[@]}"; do
		[ -e "/run/netns/$n" ] || forget "$n"
	done
done
