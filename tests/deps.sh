#!/bin/sh
# deps.sh: install (apt-get, as root) what building and testing dfi need on
# Debian 12.  Idempotent: installs nothing when everything is there.
set -eu
pkgs="make gcc libc6-dev bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	linux-headers-amd64 linux-image-amd64
	linux-headers-6.12-amd64 linux-image-6.12-amd64 linux-source-6.12
	qemu-system-x86 busybox-static
	libnl-3-dev libnl-genl-3-dev libpcap-dev pkg-config
	iproute2 iputils-ping ethtool nftables conntrack tcpdump socat libmnl-dev python3
	python3-torch python3-numpy clang
	ffmpeg nginx-light openssh-server openssh-client rsync curl openssl
	baresip-core ddnet-server nodejs chromium-headless-shell
	aria2 opentracker dnsmasq-base bind9-dnsutils chrony
	gcc-aarch64-linux-gnu qemu-user qemu-system-arm libpcap-dev:arm64
	libnl-genl-3-dev:arm64
	dkms dh-dkms debhelper dpkg-dev fakeroot lintian man-db"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# the arm64 libraries (tests/arm64.sh) come from Debian's multiarch archive
case $missing in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		dpkg --add-architecture arm64
	;;
esac
apt-get update -qq
# (the servers among them are run by the lab in its VM, never here: no
# init system starts them in a container, and they are not enabled for it)
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
