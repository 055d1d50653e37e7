#!/bin/sh
# Guest: the classifier's engine and /sys/kernel/debug/dfi/cost.  The
# module picks an engine this CPU runs and says which in
# /sys/module/dfi/parameters/engine; engine= names one, and an unknown
# name or one the CPU lacks is refused at load with a message.  The cost
# file, read in a netns with the default model, prints the FPU section's
# cost, one classification per engine (the same verdicts from every
# engine: equal checksums), a classified and an in-progress packet's cost
# (every packet rewritten, every flow found) and the memory figures; root
# only.  Figures are
# printed as comments (under TCG they say little about real hardware).
# Usage: t-cost.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)

modprobe nf_conntrack 2>/dev/null || true
grep -o -w 'avx2\|avx_vnni\|avx512_vnni\|avx512vl' /proc/cpuinfo | sort -u |
	tr '\n' ' ' | sed 's/^/# CPU flags: /; s/$/\n/'
check "insmod engine=scalar" insmod "$ko" engine=scalar
check "engine reads back scalar" test "$(cat /sys/module/dfi/parameters/engine)" = scalar
rmmod dfi
refused "insmod engine=bogus refused" "invalid|parameter" insmod "$ko" engine=bogus
dmesg | grep 'dfi: engine' | tail -1 | sed 's/^/# dmesg: /'
check "the kernel log names the engines" sh -c "dmesg | grep -q 'dfi: engine must be auto, scalar'"
if ! grep -qw avx512_vnni /proc/cpuinfo; then
	refused "insmod engine=avx512-vnni refused on a CPU without it" \
		"invalid|parameter" insmod "$ko" engine=avx512-vnni
fi
check "insmod (engine auto)" insmod "$ko"
engine=$(cat /sys/module/dfi/parameters/engine)
echo "# engine: $engine"
case $engine in
avx2 | avx-vnni | avx512-vnni | scalar) ok "engine auto: $engine" ;;
*) not_ok "engine auto: '$engine'" ;;
esac
if grep -qw avx2 /proc/cpuinfo; then
	check "a CPU with AVX2 gets a SIMD engine" test "$engine" != scalar
fi

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
ip netns add r
check "default model loads" $DFICLT -n r model load "$DFI_MODEL"
t0=$(date +%s)
# nsenter: the netns alone (ip netns exec would mount a sysfs of its own)
nsenter --net=/run/netns/r cat /sys/kernel/debug/dfi/cost >"$work/cost" 2>"$work/err"
check "cost file reads ($(($(date +%s) - t0)) s)" test -s "$work/cost"
sed 's/^/# /' "$work/cost" "$work/err"
check "fpu_section_ns printed" grep -q '^fpu_section_ns: [0-9]' "$work/cost"
for e in scalar reference "$engine"; do
	check "classify_ns[$e] printed" grep -q "^classify_ns\[$e\]: [0-9]" "$work/cost"
done
sums=$(sed -n 's/^classify_ns\[.*checksum \([0-9]*\))$/\1/p' "$work/cost" | sort -u)
check "every engine's verdicts the same (checksums: $(echo $sums))" \
	test "$(echo "$sums" | wc -l)" -eq 1 -a -n "$sums"
check "classify_batch_ns printed" grep -q "^classify_batch_ns\[$engine\]: [0-9]" "$work/cost"
check "packet_classified_ns printed, every packet rewritten" \
	grep -q '^packet_classified_ns: [0-9].*; 100000 of 100000 rewritten' "$work/cost"
check "packet_in_progress_ns printed, every flow found" \
	grep -q '^packet_in_progress_ns: [0-9].*; 100000 of 100000 found' "$work/cost"
check "bytes_flow_in_progress printed" grep -q '^bytes_flow_in_progress: [1-9]' "$work/cost"
check "bytes_flow_classified: the labels extension" \
	grep -q '^bytes_flow_classified: [1-9].*labels' "$work/cost"
check "bytes_netns printed" grep -q '^bytes_netns: [1-9]' "$work/cost"
check "without a model: no classification figures" sh -c \
	"cat /sys/kernel/debug/dfi/cost | grep -q '^model: none'"
check "not for an unprivileged user" sh -c \
	"! setpriv --reuid=65534 --regid=65534 --clear-groups cat /sys/kernel/debug/dfi/cost >/dev/null 2>&1"
ip netns del r
check "rmmod" rmmod dfi
rm -rf "$work"
finish
