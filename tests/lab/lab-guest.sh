#!/bin/sh
# lab-guest.sh KO MODEL MEDIA OUT SECONDS NETEM SEED [check] [cake] [demo]
#   [groups=LIST] [maxflows=N] [flood=RATE] [home[=nooffload]]:
# one run of the traffic lab, inside the VM (tests/lab/lab.sh boots it).
#
# client netns -- router netns (dfi.ko, MODEL, conntrack; cake diffserv4 on
# both sides with "cake") -- server netns, netem (NETEM: tc netem
# arguments, "none" for none) on the client's and the server's egress.
# NETEM may list several settings separated by "|": the scenarios then run
# once per setting (a round), the seed moving on each round.
# Servers of every scenario (scenarios.txt) start, then the clients run in
# six groups of SECONDS each (the guest runs under TCG: all at once, the
# programs starve each other).  Written to OUT, a capture set in the
# format of ../shared/data/real: pcap/lab-SEED-GROUP.pcap (the
# router's client-side link) and labels.csv (label.py); and conntrack.txt (conntrack
# -L near the end of each group, and at the end), dfi-stats.txt.  With
# "check": lab_check.py asserts each scenario's main flows' class and DSCP.
# maxflows=N: dfi's max_flows in the router, set before the model loads.
# flood=RATE: a spoofed flood from the server side while the groups run,
# dropped by the router's firewall, and dfi's figures polled (flood.sh).
# home: the router is a home router (home.sh: masquerade, flowtable
# offload of decided flows, cake on WAN egress and on an IFB for WAN
# ingress, act_ctinfo); "check" then looks at what leaves both cakes.
# home=nooffload: the same without the offload rule.
# Prints TAP.
set -u
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../vm/lib.sh"
ko=$1 model=$2 MEDIA=$3 out=$4 SECS=$5 netem=$6 SEED=$7
shift 7
check=0 cake=0 demo=0 secondlook=0 groups=rt,game,web,dl,ssh,other maxflows= flood= home=0
for a in "$@"; do
	case $a in
	check) check=1 ;;
	cake) cake=1 ;;
	demo) demo=1 ;;
	secondlook) secondlook=1 ;;
	groups=*) groups=${a#groups=} ;;
	maxflows=*) maxflows=${a#maxflows=} ;;
	flood=*) flood=${a#flood=} ;;
	home) home=1 ;;
	home=nooffload) home=1 HOME_OFFLOAD=0 ;;
	esac
done
RUN=/tmp/lab
mkdir -p "$RUN"
export LAB MEDIA RUN SECS SEED
. "$LAB/servers.sh"
. "$LAB/clients.sh"
. "$LAB/flood.sh"
. "$LAB/home.sh"

load_dfi "$ko"
topo_router client router server
for h in $(python3 "$LAB/scenarios.py" hosts); do
	[ "$h" = 2 ] && continue	# the server's own address
	ip -n server addr add "198.18.2.$h/24" dev s0
	ip -n server addr add "fd00:2::$(printf %x "$h")/64" dev s0 nodad
done
ip netns exec router sysctl -qw net.netfilter.nf_conntrack_acct=1
# the second look reads the flow's age from conntrack's start timestamp
[ $secondlook -eq 1 ] &&
	ip netns exec router sysctl -qw net.netfilter.nf_conntrack_timestamp=1
[ -n "$flood" ] && flood_setup
# before the model: dfi sizes its table when it is first enabled in a netns
[ -n "$maxflows" ] && check "dficlt set max_flows $maxflows" \
	$DFICLT -n router set max_flows "$maxflows"
check "dficlt model load $(basename "$model")" $DFICLT -n router model load "$model"
check "dficlt set mark_mask 0x1f00" $DFICLT -n router set mark_mask 0x1f00
# The check wants every packet from the decision on to carry its class's
# DSCP; OpenSSH marks its own (TOS 0x10/0x08), which the default policy
# (unmarked) keeps: rewrite them all here (the policy: t-ctinfo.sh).
check "dficlt set dscp_policy all" $DFICLT -n router set dscp_policy all
[ $secondlook -eq 1 ] &&
	check "dficlt set second_look 1" $DFICLT -n router set second_look 1
# set_netem ARGS: tc netem ARGS on the client's and the server's links
set_netem() {
	for l in client:c0 server:s0; do
		tc -n "${l%:*}" qdisc del dev "${l#*:}" root 2>/dev/null
		[ "$1" = none ] && continue
		# shellcheck disable=SC2086
		tc -n "${l%:*}" qdisc add dev "${l#*:}" root netem $1 ||
			not_ok "tc netem $1 on ${l#*:}"
	done
}
if [ $home -eq 1 ]; then
	HOME_CLASS_MASK=0x1f00
	home_setup
elif [ $cake -eq 1 ]; then
	for dev in r0 r1; do
		tc -n router qdisc replace dev "$dev" root cake diffserv4 bandwidth 100mbit
	done
fi

mkdir -p "$out/pcap"
# captures to the guest's memory (a 9p write per packet loses packets):
# the router's client side, a capture per group and round (as a capture
# set holds one capture per application session, so that training can
# weigh them as such); both far sides for the check
td=
if [ $check -eq 1 ] && [ $home -eq 1 ]; then
	home_capture_start "$RUN"
	td=$HOME_TD
elif [ $check -eq 1 ]; then
	ip netns exec server tcpdump -i s0 -nn -B 16384 -s 96 -w "$RUN/s.pcap" 'tcp or udp' 2>/dev/null &
	td="$td $!"
	ip netns exec client tcpdump -i c0 -nn -B 16384 -s 96 -w "$RUN/c.pcap" 'tcp or udp' 2>/dev/null &
	td="$td $!"
fi
: >"$out/conntrack.txt"
servers_start
sleep 5
# group WARM NAME SCENARIO...: WARM seconds more for programs slow to start
group() {
	WARM=$1
	name=$2
	shift 2
	case ",$groups," in *",$name,"*) ;; *) return ;; esac
	echo "# lab: $*"
	ip netns exec router tcpdump -i r0 -nn -B 16384 -s 128 \
		-w "$RUN/lab-$SEED-$name.pcap" 'tcp or udp' 2>"$RUN/tcpdump.err" &
	tdr=$!
	i=0	# a flow's first packets matter most: wait until it listens
	while ! grep -q listening "$RUN/tcpdump.err" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for s in "$@"; do
		"scn_$s"
	done
	# the router's view before the clients' timeouts end the flows
	sleep $((SECS + WARM - 3))
	ip netns exec router conntrack -L >>"$out/conntrack.txt" 2>/dev/null
	sleep 5
	kill $tdr
}
[ -n "$flood" ] && flood_start "$flood"
seed0=$SEED
rest=$netem
while [ -n "$rest" ]; do
	ne=${rest%%|*}
	case $rest in *"|"*) rest=${rest#*|} ;; *) rest= ;; esac
	set_netem "$ne"
	echo "# lab: six groups of scenarios, ${SECS}s each, netem: $ne, seed $SEED"
	group 15 rt voice voice_sip video_rtp
	group 10 game game game_ddnet
	group 15 web dash web web_browser
	group 0 dl file_net
	group 10 ssh file_ssh
	group 0 other other
	SEED=$((SEED + 1))
done
SEED=$seed0
[ -n "$flood" ] && flood_stop "$out"
# shellcheck disable=SC2086
[ -n "$td" ] && kill $td 2>/dev/null
servers_stop
wait
cp "$RUN"/lab-*.pcap "$out/pcap/"

ip netns exec router conntrack -L >>"$out/conntrack.txt" 2>/dev/null
ip netns exec router cat /proc/net/dfi/stats >"$out/dfi-stats.txt"
$DFICLT -n router unknown dump --format csv -o "$RUN/unknown.csv"
$DFICLT -n router dscp show >"$out/dscp.txt"
dfi_classes router >"$out/classes.txt"
check "label.py: labelled flows in the router's captures" \
	python3 "$LAB/label.py" "$out"/pcap/lab-*.pcap -o "$out/labels.csv"
awk -F, 'NR > 1 { n[$7]++ } END { for (c in n) printf "# labelled %s: %d\n", c, n[c] }' \
	"$out/labels.csv" | sort
for f in "$RUN"/*.out "$RUN"/*.err; do
	[ -s "$f" ] && sed "s|^|# $(basename "$f"): |" "$f" | head -n 5
done
# the SIP agents: how their calls went (their status line repeats in place)
for f in "$RUN"/sip-*/out; do
	[ -s "$f" ] && tr '\r' '\n' <"$f" | grep -aiE 'established|terminated|closed|fail|error' |
		head -n 5 | sed "s|^|# ${f#"$RUN"/}: |"
done
case ",$groups," in *,game,*)
	[ -s "$RUN/ddnet/out" ] &&
		echo "# ddnet: $(grep -c 'entered the game' "$RUN/ddnet/out") players entered the game"
esac

if [ $check -eq 1 ]; then
	classes=$(cat "$out/classes.txt")
	map=$(dfi_dscp_map router)
	echo "# classes $classes; DSCP map $map"
	if [ $home -eq 1 ]; then
		set -- --home --c2s "$RUN/up.pcap" --s2c "$RUN/down.pcap"
	else
		set -- --c2s "$RUN/s.pcap" --s2c "$RUN/c.pcap"
	fi
	python3 "$LAB/lab_check.py" --conntrack "$out/conntrack.txt" \
		--mask 0x1f00 --classes "$classes" --map "$map" "$@" \
		>"$RUN/check.tap"
	# renumber lab_check's TAP into ours
	while read -r line; do
		case $line in
		"ok "*) ok "${line#* - }" ;;
		"not ok "*) not_ok "${line#* - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$RUN/check.tap"
fi
if [ $demo -eq 1 ]; then
	echo
	echo "== /proc/net/dfi/stats (the router's netns)"
	cat "$out/dfi-stats.txt"
	echo
	echo "== the unknown-flow cache: dficlt unknown dump (first lines of $(($(wc -l <"$RUN/unknown.csv") - 1)))"
	cut -d, -f1-9 "$RUN/unknown.csv" | head -n 6
	cp "$RUN/unknown.csv" "$out/unknown.csv"
	if [ $home -eq 1 ]; then
		echo
		echo "== the home router's cakes"
		home_tins "$out/conntrack.txt"
	elif [ $cake -eq 1 ]; then
		echo
		echo "== cake diffserv4 on the router's server-side link (r1): packets per tin"
		tc -n router -s qdisc show dev r1 | grep -E '^ +(Bulk|pkts )'
	fi
else
	sed 's/^/# dfi: /' "$out/dfi-stats.txt" | grep -E 'decided|class_|unknown|dscp_rewrites|flows_tracked|second_look'
	[ $home -eq 1 ] && home_tins "$out/conntrack.txt"
fi
ip netns del client
ip netns del router
ip netns del server
check "rmmod dfi" rmmod dfi
finish
