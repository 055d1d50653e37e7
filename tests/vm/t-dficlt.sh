#!/bin/sh
# Guest: dficlt against the real module, every subcommand, and the
# refusals: module not loaded, an unprivileged user, a malformed model
# (the parser's message, the old model still active), and hand-made
# malformed netlink requests (dfi-nlprobe).
# Usage: t-dficlt.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
NLPROBE=$top_lib/userspace/dfi-nlprobe

out=$($DFICLT stats 2>&1)
rc=$?
check "module not loaded: exit 1, says so ($out)" \
	sh -c "[ $rc -eq 1 ] && echo '$out' | grep -q 'not loaded'"
check "insmod dfi.ko" load_dfi "$ko"
topo_pair a b

# A model the gate calls everything "other" with, so that the unknown-flow
# cache fills; and a valid one that does 235 867 multiply-accumulates a
# decision, over the kernel's bound.
unknown_model "$work/unknown.dfim"
/usr/bin/python3 - "$top_lib/models" "$work/big.dfim" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import dfim
big = dfim.make_random(12, seq_len=64, n_classes=3, n_static=4, max_ch=32)
open(sys.argv[2], "wb").write(dfim.write(big))
PY
check "usage error: exit 2" sh -c "$DFICLT bogus >/dev/null 2>&1; [ \$? -eq 2 ]"
check "--help: exit 0" sh -c "$DFICLT --help | grep -q 'model load'"
check "model show without a model: exit 1" sh -c "! $DFICLT -n b model show 2>/dev/null"
check "model load" $DFICLT -n b model load "$work/unknown.dfim"
check "model show -j: name, format version and generation" sh -c \
	"$DFICLT -n b -j model show | grep -q '\"name\":\"dfi-all-unknown\",\"version\":1,\"generation\":1'"
check "per netns: a has no model" sh -c "! $DFICLT -n a model show 2>/dev/null"

# A malformed model: refused with the parser's message, the old one stays.
head -c 500 "$DFI_MODEL" >"$work/trunc.dfim"
refused "truncated model refused, exit 1, with the parser's reason" \
	'total_len is not' $DFICLT -n b model load "$work/trunc.dfim"
cp "$DFI_MODEL" "$work/flip.dfim"
printf '\377' | dd of="$work/flip.dfim" bs=1 seek=300 conv=notrunc 2>/dev/null
refused "corrupted model refused (CRC)" \
	'CRC-32 mismatch' $DFICLT -n b model load "$work/flip.dfim"
check "the old model still active" sh -c \
	"$DFICLT -n b model show | grep -q '^name dfi-all-unknown'"
refused "a model over DFI_MODEL_KERNEL_MAX_MACS refused, the reason" \
	'DFI_MODEL_KERNEL_MAX_MACS' $DFICLT -n b model load "$work/big.dfim"
check "the same model loads offline (its only fault is the kernel's bound)" sh -c \
	"echo | $top_lib/userspace/dfi-infer $work/big.dfim >/dev/null"
check "missing file: exit 1" sh -c "! $DFICLT -n b model load /nonexistent 2>/dev/null"

# dscp, set/show
check "dscp set voice CS5" $DFICLT -n b dscp set voice CS5
check "dscp set file 0x08" $DFICLT -n b dscp set file 0x08
check "dscp set video keep" $DFICLT -n b dscp set video keep
check "dscp set, bad DSCP: exit 2" sh -c "$DFICLT -n b dscp set voice 64 2>/dev/null; [ \$? -eq 2 ]"
refused "dscp set, a class the model lacks: exit 1, the kernel's reason" \
	'no class of that name' $DFICLT -n b dscp set voise EF
$DFICLT -n b dscp show >"$work/dscp"
sed 's/^/# /' "$work/dscp"
check "dscp show: voice 40" grep -q '^voice *40' "$work/dscp"
check "dscp show: file 8" grep -q '^file *8' "$work/dscp"
check "dscp show: video keep" grep -q '^video *keep' "$work/dscp"
check "/proc/net/dfi/dscp agrees" sh -c "ip netns exec b grep -q '^voice 40' /proc/net/dfi/dscp"
check "set unknown_size 8" $DFICLT -n b set unknown_size 8
check "set deadline_ms 1000" $DFICLT -n b set deadline_ms 1000
check "set mark_mask 0xf800" $DFICLT -n b set mark_mask 0xf800
check "set bad key: exit 2" sh -c "$DFICLT -n b set nosuch 1 2>/dev/null; [ \$? -eq 2 ]"
refused "set mark_mask 0x3 refused with the kernel's reason" \
	'mark mask must be' $DFICLT -n b set mark_mask 0x3
$DFICLT -n b show >"$work/show"
sed 's/^/# /' "$work/show"
check "show: the settings" sh -c "grep -q '^unknown_size 8' $work/show && grep -q '^deadline_ms 1000' $work/show && grep -q '^mark_mask 0x0000f800' $work/show && grep -q '^label_base 96' $work/show"
check "show: the defaults dscp_policy unmarked, no ct mark DSCP field" sh -c \
	"grep -q '^dscp_policy unmarked' $work/show && grep -q '^ct_dscp_mask 0x00000000' $work/show && grep -q '^ct_dscp_flag 0x00000000' $work/show"

# The ct mark DSCP field (act_ctinfo's layout) and the rewrite policy.
check "set ct_dscp_mask 0xfc000000" $DFICLT -n b set ct_dscp_mask 0xfc000000
check "set ct_dscp_flag 0x01000000" $DFICLT -n b set ct_dscp_flag 0x01000000
check "set dscp_policy keep-le" $DFICLT -n b set dscp_policy keep-le
check "set dscp_policy bogus: exit 2" sh -c "$DFICLT -n b set dscp_policy bogus 2>/dev/null; [ \$? -eq 2 ]"
refused "ct_dscp_flag inside ct_dscp_mask refused with the reason" \
	'overlaps ct_dscp_mask' $DFICLT -n b set ct_dscp_flag 0x04000000
refused "ct_dscp_mask over the class field refused with the reason" \
	"overlap dfi's class field" $DFICLT -n b set ct_dscp_mask 0x0003f000
refused "mark_mask over the DSCP field refused with the reason" \
	"overlap dfi's class field" $DFICLT -n b set mark_mask 0x3e000000
refused "ct_dscp_mask of 6 bits over the flag refused" \
	'overlaps ct_dscp_mask' $DFICLT -n b set ct_dscp_mask 0x3f000000
$DFICLT -n b -j show >"$work/showj"
sed 's/^/# /' "$work/showj"
check "show -j: ct_dscp_mask, ct_dscp_flag, dscp_policy" sh -c \
	"grep -q '\"ct_dscp_mask\":4227858432,\"ct_dscp_flag\":16777216,\"dscp_policy\":\"keep-le\"' $work/showj"
check "set dscp_policy unmarked" $DFICLT -n b set dscp_policy unmarked
check "show: dscp_policy unmarked again" sh -c \
	"$DFICLT -n b show | grep -q '^dscp_policy unmarked'"

# Traffic b -> a: 12 short UDP flows, all "other" with this model.
serve a --udp 5002 --seconds 120
pids=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	ip netns exec b $TRAFFIC send udp 198.18.0.1 5002 --seconds 0.3 --interval 20 >/dev/null &
	pids="$pids $!"
done
wait $pids
wait_for=0
while [ $wait_for -lt 30 ] && [ "$(dfi_stat b flows_in_progress)" != 0 ]; do
	sleep 1
	wait_for=$((wait_for + 1))
done
sleep 2
$DFICLT -n b stats >"$work/stats"
check "stats: 12 flows tracked" grep -q '^flows_tracked 12$' "$work/stats"
check "stats: all unknown" grep -q '^unknown 12$' "$work/stats"
check "stats match /proc" test "$(grep '^unknown ' "$work/stats")" = \
	"$(ip netns exec b grep '^unknown ' /proc/net/dfi/stats)"
check "stats -j is JSON" sh -c "$DFICLT -n b -j stats | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"unknown\"] == 12'"
check "flows: header only, none in progress" sh -c "[ \$($DFICLT -n b flows | wc -l) -eq 1 ]"
check "unknown dump csv" $DFICLT -n b unknown dump -o "$work/u.csv"
check "csv: header + 8 records (ring of 8, 12 unknown)" test "$(wc -l <"$work/u.csv")" -eq 9
sed -n '1,3p' "$work/u.csv" | sed 's/^/# /'
check "csv records: udp, server 198.18.0.1:5002, class empty, packets hex" \
	sh -c "sed -n 2p $work/u.csv | grep -q '^[0-9]*,[0-9]*,udp,198.18.0.2,[0-9]*,198.18.0.1,5002,,[123],'"
check "csv: the newest 8 (seq 5..12)" sh -c "cut -d, -f1 $work/u.csv | sed -n '2p;9p' | tr '\n' ' ' | grep -q '^5 12 '"
check "unknown dump json" sh -c "$DFICLT -n b unknown dump --format json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 8'"
check "csv: 22 fields a record, host context numbers" sh -c \
	"awk -F, 'NR > 1 && (NF != 22 || \$16 !~ /^[0-9]+\$/ || \$17 !~ /^[0-9]+\$/) { exit 1 }' $work/u.csv"
check "unknown clear" $DFICLT -n b unknown clear
check "cache empty after clear" test "$($DFICLT -n b unknown dump | wc -l)" -eq 1

# The host fan-out context as the kernel records it: b begins a TCP flow
# from port 45000 to a's 198.18.0.1, then one from the same port to a
# second address of a.  The second counts the first in host_p2p (another
# server host, both ports >= 1024) and in host_same_cport (same client
# port and protocol); its host pair is new.  The UDP flows above, to
# 198.18.0.1 too, may count in its host_p2p (if within 10 s), never in
# host_same_cport; the first flow counts nothing (no other server yet).
# Both from one process, after a flow from another port has found the
# server listening: under the debug kernel a second python start, or the
# connection retries while the server starts, took longer than the 10 s
# window (and a refused retry from port 45000 would count as a flow).
ip -n a addr add 198.18.0.3/24 dev veth0
serve a --tcp 5003 --seconds 60
ip netns exec b $TRAFFIC send tcp 198.18.0.1 5003 --seconds 0.1 >/dev/null
ip netns exec b $TRAFFIC send tcp 198.18.0.1,198.18.0.3 5003 --sport 45000 \
	--seconds 0.3 --interval 20 >/dev/null
check "stats: one client host (b) remembered ($(dfi_stat b hosts))" \
	test "$(dfi_stat b hosts)" -eq 1
check "stats: no flow without host context" \
	test "$(dfi_stat b flows_no_host_context)" -eq 0
wait_for=0
while [ $wait_for -lt 30 ] && [ "$(dfi_stat b flows_in_progress)" != 0 ]; do
	sleep 1
	wait_for=$((wait_for + 1))
done
$DFICLT -n b unknown dump -o "$work/h.csv"
sed 's/^/# /' "$work/h.csv"
# fields 6, 7: server, port; 13: ctx_flows; 16, 17: ctx_host_p2p, _same_cport
host_ctx() {
	awk -F, -v s="$1" '$4 == "198.18.0.2" && $5 == 45000 && $6 == s &&
		$7 == 5003 { print $13, $16, $17 }' "$work/h.csv"
}
set -- $(host_ctx 198.18.0.3)
check "to the second server: pair context 0, host_p2p >= 1, host_same_cport 1 ($*)" \
	sh -c "[ '${1:-x}' = 0 ] && [ '${2:-0}' -ge 1 ] && [ '${3:-x}' = 1 ]"
set -- $(host_ctx 198.18.0.1)
check "to the first: host_p2p 0, host_same_cport 0 ($*)" \
	sh -c "[ '${2:-x}' = 0 ] && [ '${3:-x}' = 0 ]"

# An unprivileged user may read the counters, model and map, but not
# other users' flows, and may change nothing.
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
check "unprivileged: stats allowed" sh -c "ip netns exec b $NOBODY $DFICLT stats >/dev/null"
check "unprivileged: model show, dscp show allowed" sh -c \
	"ip netns exec b $NOBODY $DFICLT model show >/dev/null && ip netns exec b $NOBODY $DFICLT dscp show >/dev/null"
check "unprivileged: /proc/net/dfi/stats readable" \
	ip netns exec b $NOBODY cat /proc/net/dfi/stats
ip netns exec b $NOBODY $DFICLT unknown dump >"$work/out" 2>"$work/msg"
rc=$?
sed 's/^/# /' "$work/msg"
check "unprivileged: unknown dump refused, exit 1, no record shown" sh -c \
	"[ $rc -eq 1 ] && [ \$(wc -l <$work/out) -le 1 ] && grep -qi 'permission denied' $work/msg"
check "unprivileged: flows refused" sh -c \
	"! ip netns exec b $NOBODY $DFICLT flows >/dev/null 2>&1"
check "unprivileged: /proc/net/dfi/flows refused" sh -c \
	"! ip netns exec b $NOBODY cat /proc/net/dfi/flows >/dev/null 2>&1"
check "unprivileged: /proc/net/dfi/unknown refused" sh -c \
	"! ip netns exec b $NOBODY cat /proc/net/dfi/unknown >/dev/null 2>&1"
ls -l /proc/net/dfi/ 2>/dev/null | sed 's/^/# /'
check "/proc/net/dfi/flows and unknown: mode 0440" test \
	"$(ip netns exec b stat -c %a /proc/net/dfi/flows /proc/net/dfi/unknown | sort -u)" = 440
# root without CAP_NET_ADMIN (file permissions allow it; the capability does not)
NOADMIN="setpriv --inh-caps=-net_admin --bounding-set=-net_admin"
check "root without CAP_NET_ADMIN: /proc/net/dfi/unknown refused" sh -c \
	"! ip netns exec b $NOADMIN cat /proc/net/dfi/unknown >/dev/null 2>&1"
check "root: /proc/net/dfi/unknown readable" \
	ip netns exec b cat /proc/net/dfi/unknown
refused "unprivileged: set refused, exit 1, says permission denied" \
	'permission denied' ip netns exec b $NOBODY $DFICLT set enabled 0
check "unprivileged: model load refused" sh -c \
	"! ip netns exec b $NOBODY $DFICLT model load $DFI_MODEL 2>/dev/null"
check "unprivileged: unknown clear refused" sh -c \
	"! ip netns exec b $NOBODY $DFICLT unknown clear 2>/dev/null"

# Hand-made malformed requests, each refused.
ip netns exec b "$NLPROBE" >"$work/probe"
prc=$?
sed 's/^/# /' "$work/probe"
check "dfi-nlprobe: every malformed request refused ($(grep -c '^ok' "$work/probe") of $(grep -c 'ok' "$work/probe"))" test $prc -eq 0
check "the model survived the probes" sh -c \
	"$DFICLT -n b model show | grep -q '^name dfi-all-unknown'"

# An upload begun and left: it belongs to its socket, which another
# socket cannot end; it goes when the socket closes, or 10 s on.
holdfile=$work/hold
ip netns exec b "$NLPROBE" --hold 60 >"$holdfile" &
hp=$!
i=0
while ! grep -q holding "$holdfile" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
refused "an upload in progress on another socket: model load refused, the reason" \
	'another model upload is in progress' $DFICLT -n b model load "$DFI_MODEL"
kill $hp
wait $hp 2>/dev/null
check "its socket closed: model load at once" $DFICLT -n b model load "$DFI_MODEL"
ip netns exec b "$NLPROBE" --hold 60 >"$holdfile" &
hp=$!
i=0
while ! grep -q holding "$holdfile" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 11
check "an upload left unfinished for 10 s: model load" $DFICLT -n b model load "$DFI_MODEL"
kill $hp
wait $hp 2>/dev/null

check "model unload" $DFICLT -n b model unload
check "model show: none" sh -c "! $DFICLT -n b model show 2>/dev/null"
check "set enabled 0" $DFICLT -n b set enabled 0
ip netns del a
ip netns del b
check "rmmod dfi" rmmod dfi
rm -rf "$work"
finish
