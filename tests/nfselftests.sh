#!/bin/sh
# nfselftests.sh [--kernel K] [--timeout S] [TEST...]
#   The kernel's own netfilter selftests (tools/testing/selftests/net/
#   netfilter of Debian's linux-source-6.12), each run twice in one VM:
#   without dfi, then with dfi.ko and the default model in every netns the
#   test makes (tests/vm/selftests-guest.sh).  Prints TAP and a table;
#   exits non-zero when a test's two results differ (a known difference
#   is marked "# TODO") or the console shows a kernel report.
#   --kernel K   as run-vm.sh takes it (default 6.12; "test": the debug kernel)
#   --timeout S  per run of a test (default 240)
#   TEST...      default: every test of the directory's Makefile
#   The console: $DFI_RUN/logs/nfselftests-KERNEL.log.
#
# nfselftests.sh --prepare [--src KSRC]
#   Only make the selftests directory and print the path of its
#   net/netfilter: $DFI_CACHE/selftests-6.12 (default DFI_CACHE
#   /var/cache/dfi), from the tarball, or from the kernel source tree KSRC.
#   It holds net/netfilter, net/lib.sh and net/net_helper.sh, the
#   kselftest headers, and the tests' helper programs built with gcc
#   (those needing libmnl only when libmnl-dev is installed).  Made again
#   when the tarball changes or libmnl-dev comes or goes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
case $DFI_CACHE in /*) ;; *) DFI_CACHE=$(pwd)/$DFI_CACHE ;; esac
tarball=${DFI_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
recipe=1	# bump when prepare's steps change
sel=tools/testing/selftests

say() { echo "nfselftests: $*" >&2; }
die() { say "$*"; exit 1; }

# prepare [KSRC]: make $DFI_CACHE/selftests-6.12, print its net/netfilter.
prepare() {
	dst=$DFI_CACHE/selftests-6.12
	if [ -n "${1-}" ]; then
		[ -d "$1/$sel/net/netfilter" ] || die "no $sel/net/netfilter in $1"
		key="recipe $recipe, source tree $1"
	else
		[ -r "$tarball" ] || die "no $tarball (apt-get install linux-source-6.12)"
		key="recipe $recipe, $(stat -L -c '%n %s %Y' "$tarball")"
	fi
	# the helpers built depend on libmnl-dev being there
	mnl=
	pkg-config --exists libmnl 2>/dev/null && mnl=$(pkg-config --cflags --libs libmnl)
	key="$key, libmnl ${mnl:-none}"
	if [ "$(cat "$dst/complete" 2>/dev/null)" = "$key" ]; then
		echo "$dst/net/netfilter"
		return 0
	fi
	rm -rf "$dst" "$dst.tmp"
	mkdir -p "$dst.tmp"
	files="$sel/net/netfilter $sel/net/lib.sh $sel/net/net_helper.sh
		$sel/kselftest.h $sel/kselftest_harness.h"
	if [ -n "${1-}" ]; then
		# shellcheck disable=SC2086
		(cd "$1" && tar -cf - $files) | tar -xf - -C "$dst.tmp"
	else
		say "extracting the selftests from $tarball"
		# shellcheck disable=SC2046,SC2086
		tar -xJf "$tarball" -C "$dst.tmp" --strip-components=1 \
			$(for f in $files; do echo "linux-source-6.12/$f"; done)
	fi
	mv "$dst.tmp/$sel" "$dst.sel"
	rm -rf "$dst.tmp"
	nf=$dst.sel/net/netfilter
	for p in conntrack_dump_flush conntrack_reverse_clash audit_logread \
		connect_close nf_queue sctp_collision; do
		case $p in
		conntrack_dump_flush | nf_queue)
			[ -n "$mnl" ] || { say "not building $p: no libmnl-dev"; continue; } ;;
		esac
		# shellcheck disable=SC2086
		gcc -O2 -o "$nf/$p" "$nf/$p.c" $mnl -lpthread >"$nf/$p.build.log" 2>&1 ||
			say "$p does not build (log: $dst/net/netfilter/$p.build.log)"
	done
	echo "$key" >"$dst.sel/complete"
	mv "$dst.sel" "$dst"
	echo "$dst/net/netfilter"
}

if [ "${1-}" = --prepare ]; then
	src=
	[ "${2-}" = --src ] && src=$3
	prepare "$src"
	exit 0
fi

kernel=6.12
timeout=240
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-*) echo "usage: nfselftests.sh [--kernel K] [--timeout S] [TEST...]" >&2; exit 2 ;;
	*) break ;;
	esac
done
. "$top/tests/vm/rundir.sh"
nf=$(prepare)

if [ "$kernel" = test ]; then
	"$top/tests/vm/build-test-kernel.sh" >&2
	kdir=$("$top/tests/vm/build-test-kernel.sh" --print-kdir)
	kname=test
else
	case $kernel in
	*-*) kname=$kernel ;;
	*) kname=$("$top/tests/vm/kernels.sh" "$kernel") ;;
	esac
	[ -n "$kname" ] || die "kernel $kernel is not installed (make deps)"
	kdir=/lib/modules/$kname/build
fi
ko=$("$top/tests/build-module.sh" "$kdir" "$DFI_RUN/build/$kname")
make -s -C "$top/userspace" >&2

if [ $# -eq 0 ]; then
	# Every test of the Makefile, as kselftest would run them.
	# shellcheck disable=SC2046
	set -- $(sed -n 's/^TEST_\(GEN_\)\{0,1\}PROGS *+\{0,1\}:\{0,1\}= *//p' "$nf/Makefile")
fi
n=$#
vm_timeout=$((n * 2 * (timeout + 40) + 300))
log=$DFI_RUN/logs/nfselftests-$kname.log
say "$n tests, twice each, at most ${timeout}s a run (VM limit ${vm_timeout}s); console: $log"
rc=0
"$top/tests/vm/run-vm.sh" --kernel "$kernel" --timeout "$vm_timeout" --log "$log" \
	--allow-reports "$top/tests/vm/selftests-guest.sh" --timeout "$timeout" \
	--xfail-dfi "nft_flowtable=dscp_fwd: packets past the CS3 rule may reach ns2 with neither CS3 nor 0 (Documentation/testing.md)" \
	"$ko" "$nf" "$@" || rc=$?
"$top/tests/vm/check-log.sh" "$log" || rc=1
exit $rc
