#!/bin/sh
# Guest: dfi as installed on the root this guest booted (tests/deb.sh:
# the packages, or make install): "modprobe dfi" and nothing else loads
# the default model from the firmware directory, forwarded flows through
# the initial netns are decided and their DSCP rewritten; dfi.service's
# ExecStart lines, run as systemd would at boot, apply /etc/dfi/dfi.conf.
# Usage: deb-guest.sh WHAT MODULE_DIR UNIT_DIR
#   WHAT: a name for the TAP lines; MODULE_DIR: where the module must come
#   from (modinfo -n); UNIT_DIR: where dfi.service is
set -u
. "$(dirname "$0")/lib.sh"
what=$1
moddir=$2
unit=$3/dfi.service
PATH=/usr/local/sbin:/usr/local/bin:$PATH
DFICLT=$(command -v dficlt) || DFICLT=dficlt
# guest-init.sh hides a model file of the host's: here it is the one tested
umount /lib/firmware/dfi 2>/dev/null

# The initial netns is the router: client netns c -- init -- server netns s.
topo_init_router c s
serve s --tcp 5001 --udp 5002 --seconds 120
srv=$!

dmesg -C
check "$what: modprobe dfi" modprobe dfi
dmesg | grep 'dfi:' | sed 's/^/# /'
check "$what: the module from $moddir ($(modinfo -n dfi))" \
	sh -c "modinfo -n dfi | grep -q '$moddir'"
check "$what: the default model loaded itself" \
	sh -c "dmesg | grep -q 'dfi: model dfi/default.dfim loaded'"
init_router_flows c "$what: "

# (this guest's /etc is an overlay of its own: the edit ends with it)
echo "dscp set web AF21   # from the test" >>/etc/dfi/dfi.conf
sed -n 's/^ExecStart=//p' "$unit" >/tmp/execstart
rc=0
while read -r cmd; do
	sh -c "$cmd" || rc=1
done </tmp/execstart
check "$what: dfi.service's ExecStart lines succeed ($(tr '\n' ';' </tmp/execstart))" \
	test $rc -eq 0
map=$(dfi_dscp_map '')
check "$what: /etc/dfi/dfi.conf applied (web=18, AF21: $map)" \
	sh -c "echo ',$map,' | grep -q ',web=18,'"
check "$what: rmmod dfi" rmmod dfi
kill $srv 2>/dev/null
wait
finish
