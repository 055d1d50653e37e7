#!/bin/sh
# Guest: five of the kernel's own netfilter selftests (Linux 6.12's
# tools/testing/selftests/net/netfilter) give the same result without dfi
# and with dfi.ko and the default model in every netns they make: the
# ones that finish in well under a minute each under TCG.  They cover ICMP
# errors of NATed flows, unreplied TCP and a NAT redirect, conntrack dumps
# and flushes by zone and mark, the FTP helper, and clashing entries of a
# UDP flood (tests/vm/selftests-guest.sh runs them).  A sixth, VRF
# (conntrack_vrf), is listed and skipped with its reason (below).
# The rest of the selftests, slower or not completing under TCG:
# "make nfselftests" (tests/nfselftests.sh, Documentation/testing.md).
#
# The selftests come from /var/cache/dfi/selftests-6.12 when
# "tests/nfselftests.sh --prepare" has made it, else they are made in the
# VM from the test kernel's source tree (build-test-kernel.sh's src/).
# Run in Debian's 6.12 only: the selftests are 6.12's, and make check's
# time is better spent elsewhere on 6.1 (all six the same there too) and
# in the debug kernel (which lacks what five of them need).
# Usage: t-nfselftests.sh PATH/TO/dfi.ko
set -u
. "$(dirname "$0")/lib.sh"
ko=$1
case $(uname -r) in
6.12.*-amd64) ;;
*)	ok "netfilter selftests # SKIP run in Debian's 6.12 only"
	finish
	exit ;;
esac
tests="conntrack_dump_flush conntrack_reverse_clash nft_conntrack_helper
	conntrack_tcp_unreplied conntrack_icmp_related conntrack_vrf"

dir=/var/cache/dfi/selftests-6.12/net/netfilter
if [ ! -f "$dir/../../complete" ]; then
	src=
	for s in /var/cache/dfi/test-kernel-*/src; do
		[ -f "${s%/src}/complete" ] && src=$s
	done
	if [ -z "$src" ] ||
	   ! dir=$(DFI_CACHE=/tmp/nfselftests-cache "$top_lib/tests/nfselftests.sh" --prepare --src "$src"); then
		ok "netfilter selftests # SKIP no selftests: run tests/nfselftests.sh --prepare"
		finish
		exit
	fi
fi

# What the tests need of the kernel, tried in a netns of its own (the
# debug kernel has no NAT, FTP helper, zones or VRF; stock kernels load
# the modules on demand).  A test whose needs are missing is skipped.
ip netns add nfprobe
nft_try() { ip netns exec nfprobe nft -f - >/dev/null 2>&1; }
nat=yes zones=yes ftp=yes
nft_try <<EOF || nat=no
table ip nat {
	chain pre {
		type nat hook prerouting priority -100;
		tcp dport 1 redirect to :2
	}
	chain post {
		type nat hook postrouting priority 100;
		oifname "x" masquerade
	}
}
EOF
nft_try <<EOF || zones=no
table ip raw {
	chain pre {
		type filter hook prerouting priority -300;
		ct zone set 1
	}
}
EOF
nft_try <<EOF || ftp=no
table ip helper {
	ct helper ftp {
		type "ftp" protocol tcp
	}
}
EOF
ip netns delete nfprobe

set --
[ $zones = yes ] || set -- "$@" --skip "conntrack_dump_flush=no conntrack zones in this kernel"
[ $nat = yes ] && [ $ftp = yes ] ||
	set -- "$@" --skip "nft_conntrack_helper=no NAT or no FTP helper in this kernel"
for t in conntrack_tcp_unreplied conntrack_icmp_related; do
	[ $nat = yes ] || set -- "$@" --skip "$t=no NAT (redirect, masquerade) in this kernel"
done
# Its last case sends one ping with a 1 s deadline (ping -w 1) and wants
# it counted: under make check's load in TCG it failed once of three
# runs with dfi (counter 0; the other cases passed), 2026-12-05.  Left to
# make nfselftests, not a make check stage's coin toss.
set -- "$@" --skip "conntrack_vrf=its fib case's 1 s ping is a timing flake under load (make nfselftests runs it)"
exec sh "$here_lib/selftests-guest.sh" --timeout 120 "$@" "$ko" "$dir" $tests
