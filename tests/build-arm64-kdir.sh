#!/bin/sh
# build-arm64-kdir.sh [--print-kdir]
#
# Prepare (once) an arm64 kernel build tree that dfi.ko cross-builds
# against (tests/build-module.sh with ARCH=arm64
# CROSS_COMPILE=aarch64-linux-gnu-): Debian's linux-source-6.12 tarball,
# "make ARCH=arm64 tinyconfig" plus the fragment arm64-kernel.config
# (netfilter, conntrack, IPv6, modules; all built in), then the kernel
# image, modules_prepare and modules, so that Module.symvers lists the
# kernel's symbols and modpost checks every symbol dfi.ko uses.
#
#   (no option)    prepare if needed, printing progress; then a no-op
#   --print-kdir   print the build directory (for make -C KDIR M=...);
#                  exit 1 if it is not prepared
#
# The cache is $DFI_CACHE/arm64-kdir-KEY/ (DFI_CACHE defaults to
# /var/cache/dfi), KEY hashing the tarball's name, size and mtime, the
# fragment, the cross compiler's version and the recipe version below:
# src/ (the source, arch/arm64 alone of the architectures), build/ (the
# O= directory), build.log, and the stamp "complete", written last.
set -eu

recipe=1	# bump when the build steps below change
here=$(cd "$(dirname "$0")" && pwd)
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
case $DFI_CACHE in /*) ;; *) DFI_CACHE=$(pwd)/$DFI_CACHE ;; esac
tarball=${DFI_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
fragment=$here/arm64-kernel.config
cross=aarch64-linux-gnu-
kmake="make ARCH=arm64 CROSS_COMPILE=$cross"

say() { echo "build-arm64-kdir: $*"; }
die() { echo "build-arm64-kdir: $*" >&2; exit 1; }

mode=build
case "${1-}" in
'') ;;
--print-kdir) mode=kdir ;;
*) echo "usage: build-arm64-kdir.sh [--print-kdir]" >&2; exit 2 ;;
esac

if [ ! -r "$tarball" ] || ! command -v "${cross}gcc" >/dev/null; then
	[ $mode = build ] || exit 1
	die "needs $tarball and ${cross}gcc (apt-get install linux-source-6.12 gcc-aarch64-linux-gnu)"
fi
key=$({
	echo "recipe $recipe"
	stat -L -c '%n %s %Y' "$tarball"
	sha256sum <"$fragment"
	"${cross}gcc" --version | head -n 1
} | sha256sum | cut -c 1-16)
dir=$DFI_CACHE/arm64-kdir-$key
build=$dir/build

if [ $mode = kdir ]; then
	[ -f "$dir/complete" ] || exit 1
	echo "$build"
	exit 0
fi
[ -f "$dir/complete" ] && { say "up to date: $build"; exit 0; }

# One builder per key; whoever waited finds the stamp and stops.
mkdir -p "$dir"
exec 9>"$dir/lock"
if ! flock -n 9; then
	say "waiting for another build of $dir"
	flock 9
fi
[ -f "$dir/complete" ] && { say "up to date: $build"; exit 0; }
start=$(date +%s)

# Extract into a temporary name, so that src/ exists only when complete;
# of Documentation and the other architectures only the Kconfig files
# (arch/um stays: fs/hostfs/Makefile).
if [ ! -d "$dir/src" ]; then
	say "extracting $tarball"
	rm -rf "$dir/src.tmp"
	mkdir "$dir/src.tmp"
	tar -xJf "$tarball" -C "$dir/src.tmp" --strip-components=1
	(cd "$dir/src.tmp" &&
		find Documentation arch -path arch/arm64 -prune -o -path arch/um -prune \
			-o -type f ! -name 'Kconfig*' -exec rm -f {} + &&
		find Documentation arch -depth -type d -empty -exec rmdir {} +)
	mv "$dir/src.tmp" "$dir/src"
fi

say "configuring (tinyconfig + $(basename "$fragment"))"
log=$dir/build.log
cd "$dir/src"
{
	$kmake O="$build" tinyconfig &&
	ARCH=arm64 scripts/kconfig/merge_config.sh -m -O "$build" \
		"$build/.config" "$fragment" &&
	$kmake O="$build" olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuration failed (log: $log)"; }

# Every option the fragment sets must have survived olddefconfig.
dropped=$(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$fragment" | while read -r line; do
		grep -qxF "$line" "$build/.config" || echo "  $line (now: $(grep -E "^(# )?${line%%=*}[= ]" "$build/.config" || echo unset))"
	done
	sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$fragment" | while read -r sym; do
		grep -E "^$sym=[ym]" "$build/.config" | sed 's/^/  should be unset: /'
	done)
[ -z "$dropped" ] || die "options of $fragment lost by olddefconfig:
$dropped"

say "building with $(nproc) jobs (log: $log)"
$kmake -j"$(nproc)" O="$build" Image modules_prepare modules >>"$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; die "build failed (log: $log)"; }
[ -s "$build/arch/arm64/boot/Image" ] && [ -s "$build/Module.symvers" ] ||
	die "no Image or Module.symvers in $build"

: >"$dir/complete"
say "prepared $(cat "$build/include/config/kernel.release") in $(($(date +%s) - start)) s: $build"
for d in "$DFI_CACHE"/arm64-kdir-*; do
	[ "$d" = "$dir" ] || say "older arm64 tree (remove it if unused): $d"
done
