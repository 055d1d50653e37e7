#!/bin/sh
# build-module.sh KDIR OUTDIR: build dfi.ko (and dfi_kunit.ko where KDIR has
# KUnit) against KDIR in a copy of the sources under OUTDIR, so builds for
# several kernels do not overwrite each other or the work tree's kmod/.
# Fails on any compiler warning (W=1).
set -eu
kdir=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out/src"
# Copy only what changed, so kbuild's incremental build still works.
for f in Kbuild kmod include; do
	cp -a -u "$top/$f" "$out/src/"
done
log=$out/build.log
if ! make -C "$kdir" M="$out/src" W=1 modules >"$log" 2>&1; then
	cat "$log"
	echo "build-module: build against $kdir failed" >&2
	exit 1
fi
if grep -E 'warning:|error:' "$log"; then
	echo "build-module: warnings building against $kdir" >&2
	exit 1
fi
echo "$out/src/kmod/dfi.ko"
