#!/bin/sh
# Guest: load dfi.ko, then dfi_kunit.ko (its suites run at load), and print
# the kernel log's KTAP so the host can parse it from the console.
# Usage: kunit-guest.sh DIR (the build holding kmod/dfi.ko, kmod/dfi_kunit.ko)
set -u
dir=$1
insmod "$dir/kmod/dfi.ko" || exit 1
dmesg -C
insmod "$dir/kmod/dfi_kunit.ko" || exit 1
echo "KTAP-BEGIN"
dmesg --notime --level=info,notice,warn,err,emerg,alert,crit | grep -E '^ *(KTAP|TAP|1\.\.|ok |not ok |# )'
echo "KTAP-END"
rmmod dfi_kunit
rmmod dfi
