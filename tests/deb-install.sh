#!/bin/sh
# deb-install.sh DIR SRC KVER: run by tests/deb.sh in a mount namespace of
# its own (unshare --mount): this machine's /usr, /etc and /var get
# writable overlays (on a tmpfs, gone with the namespace), so that the
# packages in DIR can be installed with dpkg, and then "make install" run
# in the source tree SRC, as on a router, without touching this machine.
# Each time a stock KVER guest boots that root (qemu started here sees the
# overlays) and checks that "modprobe dfi" alone classifies
# (tests/vm/deb-guest.sh); then they are removed and nothing of them may
# be left in the overlays' upper layers.
# Prints TAP lines ("ok - ..."); exits non-zero on any failure.
set -u
dir=$1
src=$2
kver=$3
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
vm_dir=$top/tests/vm
. "$vm_dir/vmtap.sh"
fails=0
ok() { echo "ok - $*"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $*"; }
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# The run directory lives in /var: bind it back over the overlay, so the
# guests' consoles land where the other logs are.
ovl=$(mktemp -d /tmp/dfi-deb-root.XXXXXX)
mount -t tmpfs tmpfs "$ovl" || { not_ok "a tmpfs for the overlays"; exit 1; }
mkdir "$ovl/cache"
mount --bind "$DFI_CACHE" "$ovl/cache"
for d in usr etc var; do
	mkdir -p "$ovl/$d/upper" "$ovl/$d/work"
	mount -t overlay overlay -o "lowerdir=/$d,upperdir=$ovl/$d/upper,workdir=$ovl/$d/work" "/$d" ||
		{ not_ok "an overlay over /$d"; exit 1; }
done
mount --bind "$ovl/cache" "$DFI_CACHE"
export DEBIAN_FRONTEND=noninteractive

# left_behind: dfi's files in the upper layers (written by installing, not
# removed by removing) and dfi in any kernel's modules.dep
left_behind() {
	find "$ovl/usr/upper" "$ovl/etc/upper" "$ovl/var/upper" \
		\( -name '*dfi*' -o -name 'dficlt*' \) 2>/dev/null
	grep -l 'dfi\.ko' /lib/modules/*/modules.dep 2>/dev/null
}

# guest WHAT MODULE_DIR UNIT_DIR: tests/vm/deb-guest.sh in a KVER guest
guest() {
	vm_tap "$kver" guest 600 \
		"$DFI_RUN/logs/deb-guest-$(echo "$1" | tr ' ' -)-$kver.log" \
		"$1: the $kver guest" "$top/tests/vm/deb-guest.sh" "$@" ||
		fails=$((fails + 1))
}

# 1. The packages: dpkg installs them, DKMS builds dfi.ko for every
# installed kernel with headers (this machine runs none of them: DKMS then
# builds for each one in /lib/modules)
t0=$(date +%s)
check "dpkg -i dfi-dkms dfi-tools" sh -c \
	"dpkg -i '$dir'/dfi-dkms_*_all.deb '$dir'/dfi-tools_*.deb >'$dir/dpkg-i.log' 2>&1"
sed 's/^/# /' "$dir/dpkg-i.log"
echo "# dpkg -i took $(($(date +%s) - t0)) s"
for k in $("$top/tests/vm/kernels.sh"); do
	check "DKMS built and installed dfi for $k ($(dkms status dfi -k "$k" 2>&1 | tr '\n' ' '))" \
		sh -c "dkms status dfi -k '$k' | grep -q ': installed' &&
		       modinfo -k '$k' -n dfi | grep -q /updates/dkms/"
done
check "dfi.service enabled for the next boot" \
	test -L /etc/systemd/system/multi-user.target.wants/dfi.service
check "man dficlt, man dfi-eval" sh -c "man -w dficlt && man -w 1 dfi-eval >/dev/null"
guest packages /updates/dkms/ /lib/systemd/system
check "dpkg --purge dfi-tools dfi-dkms" sh -c \
	"dpkg --purge dfi-tools dfi-dkms >'$dir/dpkg-purge.log' 2>&1"
sed 's/^/# /' "$dir/dpkg-purge.log"
check "purged: no package, no DKMS tree" sh -c \
	"! dpkg -l 'dfi-*' 2>/dev/null | grep -q '^[a-z][a-z] ' &&
	 ! dkms status dfi | grep -q . && test ! -e /var/lib/dkms/dfi"
left=$(left_behind)
[ -n "$left" ] && echo "$left" | sed 's/^/# left: /'
check "purged: no file of dfi left in /usr, /etc, /var, no modules.dep line" \
	test -z "$left"

# 2. make install from the source tree (the module built for KVER there)
check "make install" sh -c \
	"make -C '$src' install KDIR=/lib/modules/$kver/build >'$dir/install.log' 2>&1"
tail -n 12 "$dir/install.log" | sed 's/^/# /'
guest "make install" "/lib/modules/$kver/updates/" /usr/local/lib/systemd/system
check "make uninstall" sh -c \
	"make -C '$src' uninstall KDIR=/lib/modules/$kver/build >'$dir/uninstall.log' 2>&1"
tail -n 8 "$dir/uninstall.log" | sed 's/^/# /'
left=$(left_behind)
[ -n "$left" ] && echo "$left" | sed 's/^/# left: /'
check "uninstalled: no file of dfi left in /usr, /etc, /var, no modules.dep line" \
	test -z "$left"
[ $fails -eq 0 ]
