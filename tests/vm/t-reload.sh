#!/bin/sh
# Guest: a model reload leaves classified flows' verdicts their meaning.
# A long UDP call (160 B each way every 20 ms: voice) is classified under
# the default model; then a model with the same network but its classes in
# another order (models/permute.py) is loaded.  The call must keep EF and
# the value dfi keeps on its conntrack entry (its class identity: the ct
# mark field, or label bit 96 + id that an nft "ct label dfi-voice" rule
# matches through the documented connlabel.conf); a call begun after the
# reload gets the same identity and EF.  Once in mark mode (no labels),
# once in labels mode (no mark field).
# Usage: t-reload.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
perm=web,other,voice,file,game,video

check "permute.py: the default model with classes $perm" \
	/usr/bin/python3 "$top_lib/models/permute.py" "$DFI_MODEL" \
	"$work/perm.dfim" "$perm"
# the connlabel.conf lines of Documentation/design.md (ct_label_base 96)
cat >/etc/connlabel.conf <<'CONF'
96 dfi-voice
97 dfi-video
98 dfi-game
99 dfi-file
100 dfi-web
101 dfi-other
CONF
mkdir -p /etc/xtables
cp /etc/connlabel.conf /etc/xtables/connlabel.conf

# nft_count TAG: packets counted by the router's rule commented TAG
nft_count() {
	ip netns exec r nft list chain inet dfit f |
		awk -v t="\"$1\"" '$NF == t { for (i = 1; i < NF; i++)
			if ($i == "packets") print $(i + 1) }'
}

# ct_state SPORT: what dfi keeps on the router's entry for the flow from
# client port SPORT: its field (0x1f00) of the ct mark in mark mode, its
# labels (named by connlabel.conf) in labels mode
ct_state() {
	ip netns exec r conntrack -L -p udp --orig-port-src "$1" -o labels \
		2>/dev/null | awk -v m="$mode" '{ for (i = 1; i <= NF; i++) {
			if (m == "mark" && $i ~ /^mark=/)
				print int(substr($i, 6) / 256) % 32
			if (m == "labels" && $i ~ /^labels=/)
				print substr($i, 8) } }'
}

# wait_voice SPORT: until the router's voice rule for SPORT counts packets
wait_voice() {
	i=0
	while [ "$(nft_count "v$1")" = 0 ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(nft_count "v$1")" != 0 ]
}

# ef SPORT: "EF OTHER": the client->server packets of the flow from SPORT
# that reach the server with DSCP 46 and with another one, in 2 s (nft
# counters on the server's ingress: no capture tool to start in time)
ef() {
	ip netns exec s nft reset counters table inet dfis >/dev/null
	ip netns exec s nft add rule inet dfis in \
		udp sport "$1" ip dscp ef counter comment \"ef\"
	ip netns exec s nft add rule inet dfis in \
		udp sport "$1" ip dscp != ef counter comment \"other\"
	sleep 2
	ip netns exec s nft list chain inet dfis in | awk '
		$NF == "\"ef\"" || $NF == "\"other\"" {
			for (i = 1; i < NF; i++)
				if ($i == "packets") n[$NF] = $(i + 1) }
		END { print n["\"ef\""] + 0, n["\"other\""] + 0 }'
	ip netns exec s nft flush chain inet dfis in
}

# round MODE MATCH INSMOD-ARGS...: the scenario with dfi's state in the
# ct mark (MODE mark) or in the labels (MODE labels); MATCH is the nft
# expression of "classified voice" in that mode.
round() {
	mode=$1
	match=$2
	shift 2
	modprobe nf_conntrack 2>/dev/null
	check "$mode: insmod dfi.ko $*" insmod "$ko" "$@"
	topo_router c r s
	check "$mode: load the default model" $DFICLT -n r model load "$DFI_MODEL"
	ip netns exec r nft -f - <<NFT
table inet dfit {
	chain f {
		type filter hook forward priority 10;
		udp sport 20001 $match counter comment "v20001"
		udp sport 20002 $match counter comment "v20002"
	}
}
NFT
	check "$mode: nft matches dfi's voice: $match" test -n "$(nft_count v20001)"
	ip netns exec s nft -f - <<NFT
table inet dfis {
	chain in {
		type filter hook input priority 0;
	}
}
NFT
	serve s --udp 5002 --seconds 120
	srv=$!

	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 20001 \
		--seconds 90 --size 160 --interval 20 >/dev/null &
	call=$!
	check "$mode: the call is classified voice (nft counts it: $(wait_voice 20001; nft_count v20001))" \
		wait_voice 20001
	f0=$(ct_state 20001)
	if [ "$mode" = mark ]; then
		check "mark: the field holds voice's identity + 1 ($f0)" test "$f0" = 1
	else
		check "labels: the entry carries dfi-voice, bit 96 + 0 ($f0)" test "$f0" = dfi-voice
	fi
	set -- $(ef 20001)
	check "$mode: the call's packets carry EF ($1 EF, $2 other)" \
		sh -c "[ $1 -gt 10 ] && [ $2 -eq 0 ]"
	$DFICLT -n r dscp show | sed "s/^/# $mode: before: /"

	n0=$(nft_count v20001)
	check "$mode: load the model with the classes in another order" \
		$DFICLT -n r model load "$work/perm.dfim"
	$DFICLT -n r dscp show >"$work/dscp"
	sed "s/^/# $mode: after: /" "$work/dscp"
	check "$mode: the new model lists web first, voice third, voice id 0" \
		sh -c "head -1 $work/dscp | grep -q '^web ' &&
		       sed -n 3p $work/dscp | grep -q '^voice .* id 0\$'"
	set -- $(ef 20001)
	check "$mode: after the reload the call keeps EF ($1 EF, $2 other)" \
		sh -c "[ $1 -gt 10 ] && [ $2 -eq 0 ]"
	n1=$(nft_count v20001)
	check "$mode: the nft voice rule still matches the call ($n0 -> $n1)" \
		test "$n1" -gt $((n0 + 10))
	f1=$(ct_state 20001)
	check "$mode: what the call's entry carries is unchanged ($f0 -> $f1)" \
		test "$f0" = "$f1"

	ip netns exec c $TRAFFIC send udp 198.18.2.2 5002 --sport 20002 \
		--seconds 60 --size 160 --interval 20 >/dev/null &
	call2=$!
	check "$mode: a call begun after the reload: voice, the same identity (nft counts it)" \
		wait_voice 20002
	f2=$(ct_state 20002)
	check "$mode: its entry carries what the first call's does ($f2 = $f0)" \
		test "$f2" = "$f0"
	set -- $(ef 20002)
	check "$mode: its packets carry EF ($1 EF, $2 other)" \
		sh -c "[ $1 -gt 10 ] && [ $2 -eq 0 ]"
	ip netns exec r conntrack -L -p udp -o labels 2>/dev/null |
		sed "s/^/# $mode: ct: /"
	ip netns exec r grep '^class_' /proc/net/dfi/stats | sed "s/^/# $mode: /"

	kill $call $call2 $srv 2>/dev/null
	wait $call $call2 $srv 2>/dev/null
	for ns in c r s; do ip netns del $ns; done
	check "$mode: rmmod dfi" rmmod dfi
}

round mark "ct mark and 0x1f00 == 0x100" ct_label_base=-1 ct_mark_mask=0x1f00
round labels "ct label dfi-voice"
rm -rf "$work"
finish
