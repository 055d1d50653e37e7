#!/bin/sh
# Guest: the model that loads itself (kmod/fwmodel.c).  With the model file
# in the firmware directory, insmod alone puts dfi to use in the initial
# netns with that model, and forwarded flows there get classified and their
# DSCP rewritten; another netns gets it when "set enabled 1" first enables
# dfi there, and not before; model= names another file, empty none; a
# missing or malformed file or a name with ".." gets a clear log line and
# dfi passes traffic; "dficlt model load" replaces the model.
# The firmware directory is the kernel's firmware_class.path, set at run
# time to a directory of this test (the host's /lib/firmware is read-only).
# Usage: t-firmware.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
work=$(mktemp -d)
fw=$work/fw
mkdir -p "$fw/dfi"
cp "$DFI_MODEL" "$fw/dfi/default.dfim"
cp "$DFI_MODEL" "$fw/dfi/other-name.dfim"
head -c 200 "$DFI_MODEL" >"$fw/dfi/short.dfim"
modprobe nf_conntrack 2>/dev/null
if ! printf %s "$fw" >/sys/module/firmware_class/parameters/path; then
	echo "ok 1 # SKIP this kernel has no firmware loader"
	echo "1..1"
	exit 0
fi

# log_has PATTERN: the kernel log since the last "dmesg -C" says PATTERN
log_has() { dmesg | grep -qF -- "$1"; }
unused() { test ! -e /proc/net/dfi; }
# model_name NS: the name of the model in use in NS ("": the initial netns)
model_name() {
	$DFICLT ${1:+-n "$1"} model show 2>/dev/null | sed -n 's/^name //p'
}

dmesg -C
check "insmod model=dfi/missing.dfim" insmod "$ko" model=dfi/missing.dfim
check "missing file: its log line" log_has "dfi: no model file dfi/missing.dfim"
check "missing file: dfi unused in the initial netns" unused
rmmod dfi

dmesg -C
check "insmod model=dfi/short.dfim (a truncated file)" insmod "$ko" model=dfi/short.dfim
dmesg | grep dfi: | sed 's/^/# /'
check "malformed file: the parser's reason in the log" \
	log_has "dfi: model file dfi/short.dfim refused:"
check "malformed file: dfi unused in the initial netns" unused
rmmod dfi

dmesg -C
check "insmod model=../fw/dfi/default.dfim refused" \
	sh -c "! insmod '$ko' model=../fw/dfi/default.dfim 2>/dev/null"
check "a name with .. : its log line" log_has 'without ".."'

dmesg -C
check "insmod model= (empty: none)" insmod "$ko" model=
check "model= empty: no line about a model" sh -c '! dmesg | grep -q "dfi: .*model"'
check "model= empty: dfi unused" unused
rmmod dfi

dmesg -C
check "insmod model=dfi/other-name.dfim" insmod "$ko" model=dfi/other-name.dfim
check "model=: that file's load logged" log_has "dfi: model dfi/other-name.dfim loaded"
rmmod dfi

# The default: insmod and nothing else.
dmesg -C
check "insmod dfi.ko (no parameter)" insmod "$ko"
dmesg | grep dfi: | sed 's/^/# /'
check "the default model's load logged" log_has "dfi: model dfi/default.dfim loaded"
check "initial netns: /proc/net/dfi, dfi in use" test -r /proc/net/dfi/stats
check "initial netns: the default model ($(model_name ''))" \
	test "$(model_name '')" = dfi-default

# The initial netns is the router: client netns c -- init -- server netns s.
topo_init_router c s
serve s --tcp 5001 --udp 5002 --seconds 120
srv=$!
init_router_flows c ""
check "netns c, s: dfi unused there (never enabled)" \
	sh -c "ip netns exec c test ! -e /proc/net/dfi && ip netns exec s test ! -e /proc/net/dfi"

ip netns add x
check "a new netns: dfi unused there" ip netns exec x test ! -e /proc/net/dfi
check "dficlt -n x set enabled 1" $DFICLT -n x set enabled 1
check "netns x: the model file's model ($(model_name x))" \
	test "$(model_name x)" = dfi-default

unknown_model "$work/unknown.dfim"
check "dficlt model load replaces it (initial netns)" \
	$DFICLT model load "$work/unknown.dfim"
check "initial netns: the loaded model ($(model_name ''))" \
	test "$(model_name '')" = dfi-all-unknown
check "netns x keeps its own ($(model_name x))" test "$(model_name x)" = dfi-default

rm "$fw/dfi/default.dfim"
ip netns add y
dmesg -C
check "file gone: dficlt -n y set enabled 1 still enables" \
	$DFICLT -n y set enabled 1
check "netns y: in use, no model ($(model_name y))" sh -c \
	"ip netns exec y test -r /proc/net/dfi/stats && [ -z '$(model_name y)' ]"
check "file gone: its log line" log_has "dfi: no model file dfi/default.dfim"

check "rmmod dfi" rmmod dfi
kill $srv 2>/dev/null
wait
finish
