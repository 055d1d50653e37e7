#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# replay-smoke.sh: tests/replay.sh (labelled captures replayed through
# dfi.ko in a VM on the stock 6.12 kernel) on a handful of captures of
# ../shared/data/real (DFI_DATA overrides ../shared/data): IPv4 and IPv6,
# TCP and UDP, a capture cut by its snap length, one whose time goes
# backwards and whose client and server are one address.  About two
# minutes.  Prints TAP; skipped when the data set is absent.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
data=${DFI_DATA:-$top/../shared/data}/real
caps="ndpi__quic_interop_V.pcapng ndpi__discord.pcap ndpi__genshin-impact.pcap
ndpi__zoom_p2p.pcapng ndpi__log4j-webapp-exploit.pcap ndpi__reddit.pcap
requet__baseline_Mar15_exp_175.pcap ndpi__cassandra.pcap"
n=0
failed=0

tap() {	# tap OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if [ ! -d "$data/pcap" ] || [ ! -f "$data/labels.csv" ]; then
	echo "ok 1 - replay through the kernel # SKIP $data absent"
	echo "1..1"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 1 "$data/labels.csv" >"$tmp/labels.csv"
for c in $caps; do
	grep "^$c," "$data/labels.csv" >>"$tmp/labels.csv"
done
want=$(($(wc -l <"$tmp/labels.csv") - 1))

"$top/tests/replay.sh" "$data/pcap" "$tmp/labels.csv" >"$tmp/out.raw" 2>&1
rc=$?
tr -d '\r' <"$tmp/out.raw" >"$tmp/out"	# the guest's lines come over a serial console
sed 's/^/# /' "$tmp/out"
tap $((rc == 0)) "tests/replay.sh ran (status $rc)"

kern=$(sed -n 's/^kernel: \([0-9]*\) labelled flows replayed, \([0-9]*\) decided, \([0-9]*\) with every.*/\1 \2 \3/p' "$tmp/out")
set -- $kern 0 0 0
tap $(($1 == want)) "every labelled flow replayed ($1 of $want)"
tap $(($2 == want)) "the kernel decided every replayed labelled flow ($2 of $want)"
tap $(($3 > 0)) "flows with every packet seen by conntrack: $3 of $want"
agr=$(sed -n 's/^agreement on fully arrived flows: \([0-9.]*\)%.*/\1/p' "$tmp/out")
tap $([ "$agr" = "100.0" ] && echo 1 || echo 0) \
	"kernel and dfi-eval agree on every fully arrived flow (${agr:-none}%)"
tap $(grep -q '^macro-F1: [0-9]\.[0-9][0-9][0-9]$' "$tmp/out" &&
      grep -q '^agreement: [0-9.]*%' "$tmp/out" && echo 1 || echo 0) \
	"the report has macro-F1 and agreement lines"
echo "1..$n"
[ $failed -eq 0 ]
