#!/bin/sh
# mkinitramfs.sh KVER OUT: a busybox initramfs that can mount the host root
# over virtio-9p under Debian's stock kernel KVER (modules from /lib/modules).
set -eu
kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin" "$tmp/proc" "$tmp/sys" "$tmp/dev" "$tmp/modules"
cp /bin/busybox "$tmp/bin/busybox"
cp "$here/initramfs-init" "$tmp/init"
chmod 755 "$tmp/init"

# modprobe resolves the dependency order; insmod lines only (builtins skipped).
: >"$tmp/modules/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -S "$kver" --show-depends "$m" | sed -n 's/^insmod \([^ ]*\).*/\1/p'
done | awk '!seen[$0]++' | while read -r ko; do
	base=$(basename "$ko")
	case "$ko" in
	*.ko.xz) xz -dc "$ko" >"$tmp/modules/${base%.xz}"; base=${base%.xz} ;;
	*.ko.zst) zstd -qdc "$ko" >"$tmp/modules/${base%.zst}"; base=${base%.zst} ;;
	*) cp "$ko" "$tmp/modules/$base" ;;
	esac
	echo "$base" >>"$tmp/modules/order"
done
# Another run may be using or making OUT too: write beside it, then rename.
(cd "$tmp" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.$$.tmp"
mv "$out.$$.tmp" "$out"
