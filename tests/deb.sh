#!/bin/sh
# deb.sh [--build]: the Debian packages dfi-dkms and dfi-tools, built with
# dpkg-buildpackage from a copy of the tree (in $DFI_RUN/deb), then:
#   - lintian on them: no error or warning (what remains is explained by
#     the overrides in debian/);
#   - installed with dpkg on this machine's root seen through overlays of
#     a mount namespace of their own (tests/deb-install.sh): DKMS builds
#     dfi.ko for every installed Debian kernel (6.1 and 6.12), a stock
#     6.12 guest booting that root runs "modprobe dfi" alone and gets
#     forwarded flows classified, dfi.service's commands apply
#     /etc/dfi/dfi.conf (tests/vm/deb-guest.sh); then both purged and
#     nothing of them left; then "make install" and "make uninstall" the
#     same way.
# --build DIR: only build them, into DIR too (make deb: deb/).
# Prints TAP.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
out=$DFI_RUN/deb
ver=$(sed -n '1s/^dfi (\([^)-]*\).*/\1/p' "$top/debian/changelog")
src=$out/dfi-$ver
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

# The tree as git has it (tracked and new files, not build products).
rm -rf "$out"
mkdir -p "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 -I{} sh -c 'test -e "{}" && cp --parents -a "{}" "$0"' "$src")
else
	cp -a "$top/." "$src/"
fi
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	ok "dpkg-buildpackage builds dfi-dkms and dfi-tools $ver"
else
	tail -n 30 "$out/build.log" | sed 's/^/# /'
	not_ok "dpkg-buildpackage builds dfi-dkms and dfi-tools $ver"
	echo "1..$n"
	exit 1
fi
dkms_deb=$(ls "$out"/dfi-dkms_"$ver"_all.deb)
tools_deb=$(ls "$out"/dfi-tools_"$ver"_*.deb)
if [ "${1-}" = --build ]; then
	mkdir -p "$2" && cp "$dkms_deb" "$tools_deb" "$2/" || exit 1
	ls "$2"/*.deb
	exit 0
fi
for d in "$dkms_deb" "$tools_deb"; do
	dpkg-deb -c "$d" | awk '{ print "# " $1, $6 }'
done

# lintian: errors and warnings fail; information tags are shown
lintian -I --fail-on error,warning "$out"/dfi_"$ver"_*.changes >"$out/lintian.out" 2>&1
lrc=$?
sed 's/^/# lintian: /' "$out/lintian.out"
if [ $lrc -eq 0 ]; then
	ok "lintian: no error or warning"
else
	not_ok "lintian: no error or warning (status $lrc)"
fi

# Installed, used and removed on this machine's root seen through
# overlays, by a stock 6.12 guest (deb-install.sh); make install from the
# copy, its module built here for that kernel first
kver=$("$top/tests/vm/kernels.sh" 6.12)
if [ -z "$kver" ]; then
	ok "install, use, remove # SKIP no Debian 6.12 kernel"
elif ! make -C "$src" kmod KDIR="/lib/modules/$kver/build" >"$out/kmod.log" 2>&1; then
	tail -n 20 "$out/kmod.log" | sed 's/^/# /'
	not_ok "make kmod in the copy for $kver"
elif unshare --mount --propagation private \
		"$top/tests/deb-install.sh" "$out" "$src" "$kver"; then
	ok "the packages and make install: installed, used, removed"
else
	not_ok "the packages and make install: installed, used, removed"
fi
[ $fails -eq 0 ]
