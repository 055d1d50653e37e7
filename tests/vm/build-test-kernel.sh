#!/bin/sh
# build-test-kernel.sh [--print-image | --print-kdir]
#
# Build (once) the debug/KUnit test kernel that run-vm.sh boots with
# "--kernel test": Debian's linux-source-6.12 tarball, "make tinyconfig" plus
# the fragment test-kernel.config (KASAN, lockdep, kmemleak, KUnit, 9p root,
# netfilter/nftables/conntrack, qdiscs; all built in, modules loadable).
#
#   (no option)    build if needed, printing progress; a second run is a no-op
#   --print-image  print the path of the bzImage; exit 1 if it is not built
#   --print-kdir   print the build directory, for "make -C KDIR M=..." of
#                  external modules; exit 1 if it is not built
#
# The cache is $DFI_CACHE/test-kernel-KEY/ (DFI_CACHE defaults to
# /var/cache/dfi), KEY hashing the tarball's name, size and mtime, the
# fragment, the compiler version and the recipe version below.  It holds
# src/ (the extracted source, which external module builds need), build/
# (the O= directory), build.log, and the stamp "complete", written last.
# An interrupted build resumes where it stopped on the next run.
set -eu

recipe=1	# bump when the build steps below change
here=$(cd "$(dirname "$0")" && pwd)
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
case $DFI_CACHE in /*) ;; *) DFI_CACHE=$(pwd)/$DFI_CACHE ;; esac
tarball=${DFI_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
fragment=$here/test-kernel.config

say() { echo "build-test-kernel: $*"; }
die() { echo "build-test-kernel: $*" >&2; exit 1; }

mode=build
case "${1-}" in
'') ;;
--print-image) mode=image ;;
--print-kdir) mode=kdir ;;
*) echo "usage: build-test-kernel.sh [--print-image | --print-kdir]" >&2; exit 2 ;;
esac

if [ ! -r "$tarball" ]; then
	[ $mode = build ] || exit 1
	die "no kernel source $tarball (apt-get install linux-source-6.12)"
fi
key=$({
	echo "recipe $recipe"
	stat -L -c '%n %s %Y' "$tarball"
	sha256sum <"$fragment"
	gcc --version | head -n 1
} | sha256sum | cut -c 1-16)
dir=$DFI_CACHE/test-kernel-$key
build=$dir/build
image=$build/arch/x86/boot/bzImage

case $mode in
image) [ -f "$dir/complete" ] && [ -r "$image" ] || exit 1; echo "$image"; exit 0 ;;
kdir) [ -f "$dir/complete" ] || exit 1; echo "$build"; exit 0 ;;
esac

[ -f "$dir/complete" ] && { say "up to date: $image"; exit 0; }

# One builder per key; whoever waited finds the stamp and stops.
mkdir -p "$dir"
exec 9>"$dir/lock"
if ! flock -n 9; then
	say "waiting for another build of $dir"
	flock 9
fi
[ -f "$dir/complete" ] && { say "up to date: $image"; exit 0; }
start=$(date +%s)

# Extract into a temporary name, so that src/ exists only when complete.
# Of Documentation and the other architectures only the Kconfig files are
# needed (Kconfig sources them); arch/um stays too (fs/hostfs/Makefile).
if [ ! -d "$dir/src" ]; then
	say "extracting $tarball"
	rm -rf "$dir/src.tmp"
	mkdir "$dir/src.tmp"
	tar -xJf "$tarball" -C "$dir/src.tmp" --strip-components=1
	(cd "$dir/src.tmp" &&
		find Documentation arch -path arch/x86 -prune -o -path arch/um -prune \
			-o -type f ! -name 'Kconfig*' -exec rm -f {} + &&
		find Documentation arch -depth -type d -empty -exec rmdir {} +)
	mv "$dir/src.tmp" "$dir/src"
fi

# The configuration is regenerated each time; unchanged options cost no
# rebuild when resuming.
say "configuring (tinyconfig + $(basename "$fragment"))"
log=$dir/build.log
cd "$dir/src"
{
	make O="$build" tinyconfig &&
	scripts/kconfig/merge_config.sh -m -O "$build" "$build/.config" "$fragment" &&
	make O="$build" olddefconfig
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

# bzImage and modules_prepare for the kernel; "modules" (none here) makes
# Module.symvers, without which external modules cannot link to the kernel.
say "building with $(nproc) jobs (log: $log)"
make -j"$(nproc)" O="$build" bzImage modules_prepare modules >>"$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; die "build failed (log: $log)"; }
[ -s "$image" ] && [ -s "$build/Module.symvers" ] || die "no bzImage or Module.symvers in $build"

: >"$dir/complete"
say "built $(cat "$build/include/config/kernel.release") in $(($(date +%s) - start))s: $image"
for d in "$DFI_CACHE"/test-kernel-*; do
	[ "$d" = "$dir" ] || say "older test kernel (remove it if unused): $d"
done
