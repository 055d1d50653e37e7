#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# arm64.sh: dfi for arm64, without arm64 hardware.  Cross-builds (Debian's
# gcc-aarch64-linux-gnu, libpcap and libnl of the arm64 architecture) the
# userspace tools and the unit tests into $DFI_RUN/build/arm64/, a copy of
# the sources (the work tree's x86 build is left alone), and runs them
# under qemu-aarch64 (user mode, -cpu max):
#   - every unit test of tests/unit/, with ASan and UBSan as on x86 but
#     LeakSanitizer off (it does not run under qemu-user);
#   - tests/parity.py: every engine the arm64 dfi-infer lists (scalar,
#     reference, neon, neon-dot) against models/dfim.py, bit for bit;
#     on a CPU without the dot product (-cpu cortex-a53) only neon of the
#     two is offered;
#   - dfi-eval (with each of those engines) and dfi-features on the lab's
#     labelled captures (models/lab): output byte for byte the x86
#     build's.
# Prints TAP; skips ("# SKIP") when the cross compiler, qemu-aarch64 or
# the arm64 libraries are missing (tests/deps.sh installs them).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/rundir.sh"
cc=aarch64-linux-gnu-gcc
qemu="qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max"
n=0
fails=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}
skip() {
	echo "1..0 # SKIP $1"
	exit 0
}

command -v "$cc" >/dev/null || skip "no $cc (apt-get install gcc-aarch64-linux-gnu)"
command -v qemu-aarch64 >/dev/null || skip "no qemu-aarch64 (apt-get install qemu-user)"
for lib in libpcap.so libnl-genl-3.so; do
	[ -e "/usr/lib/aarch64-linux-gnu/$lib" ] ||
		skip "no arm64 $lib (dpkg --add-architecture arm64; apt-get install libpcap-dev:arm64 libnl-genl-3-dev:arm64)"
done

b=$DFI_RUN/build/arm64
log=$DFI_RUN/logs/arm64
mkdir -p "$b/userspace" "$b/tests/unit" "$log"
# the copy: the sources make builds in, the core and headers where the
# Makefiles look for them (../kmod/core, ../include)
cp -a -u "$top/userspace"/*.c "$top/userspace"/*.h "$top/userspace/Makefile" \
	"$b/userspace/"
cp -a -u "$top/tests/unit"/*.c "$top/tests/unit"/*.h \
	"$top/tests/unit/Makefile" "$top/tests/unit"/*.dfim "$b/tests/unit/"
ln -sfn "$top/kmod" "$b/kmod"
ln -sfn "$top/include" "$b/include"

t0=$(date +%s)
make -s -C "$b/userspace" -j2 CC="$cc" >"$log/build-userspace.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/# /' "$log/build-userspace.log"
tap "$rc" "userspace tools cross-built for arm64 ($(($(date +%s) - t0)) s)"
t0=$(date +%s)
make -s -C "$b/tests/unit" -j2 CC="$cc" all >"$log/build-unit.log" 2>&1
urc=$?
[ "$urc" -eq 0 ] || sed 's/^/# /' "$log/build-unit.log"
tap "$urc" "unit tests cross-built for arm64, ASan + UBSan ($(($(date +%s) - t0)) s)"

# The unit tests, one TAP line each (their own lines in the log).
if [ "$urc" -eq 0 ]; then
	for t in "$b/tests/unit"/*_test; do
		name=$(basename "$t")
		(cd "$b/tests/unit" && ASAN_OPTIONS=detect_leaks=0 \
			$qemu "./$name") >"$log/$name.out" 2>&1
		rc=$?
		ok=$(grep -c '^ok ' "$log/$name.out")
		bad=$(grep -c '^not ok ' "$log/$name.out")
		if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ] || [ "$ok" -eq 0 ]; then
			grep -v '^ok ' "$log/$name.out" | tail -20 | sed 's/^/# /'
			rc=1
		fi
		tap "$rc" "unit $name under qemu-aarch64 ($ok cases)"
	done
fi

if [ -x "$b/userspace/dfi-infer" ]; then
	# dfi-infer as parity.py runs it: the arm64 binary under qemu
	cat >"$b/dfi-infer" <<EOF
#!/bin/sh
exec $qemu "$b/userspace/dfi-infer" "\$@"
EOF
	chmod +x "$b/dfi-infer"
	DFI_INFER=$b/dfi-infer "$top/tests/parity.sh" >"$log/parity.out" 2>&1
	prc=$?
	seen=0
	while IFS= read -r line; do
		case $line in
		"ok "*) tap 0 "arm64 ${line#ok [0-9]* - }"; seen=1 ;;
		"not ok "*) tap 1 "arm64 ${line#not ok [0-9]* - }"; seen=1 ;;
		"#"*) echo "$line" ;;
		esac
	done <"$log/parity.out"
	if [ "$prc" -ne 0 ] && [ "$seen" -eq 0 ]; then
		sed 's/^/# /' "$log/parity.out" | tail -20
		tap 1 "arm64 parity.py exited with status $prc"
	fi
	# without FEAT_DotProd: neon-dot refused, auto is neon
	a53="qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu cortex-a53"
	got=$($a53 "$b/userspace/dfi-infer" --engines | tr '\n' ' ')
	[ "$got" = "scalar reference neon " ] &&
		! $a53 "$b/userspace/dfi-infer" --engine neon-dot \
			"$top/models/default.dfim" </dev/null 2>/dev/null
	tap $? "a CPU without the dot product (cortex-a53) runs: $got(not neon-dot)"
fi

# The offline tools on the lab's captures: the x86 build's bytes.
if [ -x "$b/userspace/dfi-eval" ] &&
	make -s -C "$top/userspace" dfi-eval dfi-features >"$log/build-x86.log" 2>&1; then
	lab="--captures $top/models/lab/pcap --labels $top/models/lab/labels.csv"
	for arch in x86 arm64; do
		run=
		dir=$top/userspace
		if [ "$arch" = arm64 ]; then
			run=$qemu
			dir=$b/userspace
		fi
		# shellcheck disable=SC2086
		$run "$dir/dfi-eval" --model "$top/models/default.dfim" $lab \
			--dump "$log/eval-$arch.dump" >"$log/eval-$arch.out" 2>&1
		echo "$?" >>"$log/eval-$arch.out"
		if [ "$arch" = arm64 ]; then
			for e in $("$b/dfi-infer" --engines); do
				# shellcheck disable=SC2086
				$run "$dir/dfi-eval" --engine "$e" $lab \
					--model "$top/models/default.dfim" \
					--dump "$log/eval-$arch-$e.dump" >/dev/null 2>&1
				echo "$?" >>"$log/eval-$arch-$e.dump"
			done
		fi
		# shellcheck disable=SC2086
		$run "$dir/dfi-features" $lab --seq-len 32 --deadline-ms 2000 \
			-o "$log/features-$arch.txt" >"$log/features-$arch.out" 2>&1
		echo "$?" >>"$log/features-$arch.out"
	done
	rows=$(($(wc -l <"$log/eval-x86.dump") - 1))
	cmp -s "$log/eval-x86.dump" "$log/eval-arm64.dump" &&
		cmp -s "$log/eval-x86.out" "$log/eval-arm64.out" && [ "$rows" -gt 300 ]
	tap $? "dfi-eval on the lab's captures: arm64's report and dump of $rows flows are x86's, byte for byte"
	echo 0 >>"$log/eval-x86.dump"
	for e in $("$b/dfi-infer" --engines); do
		cmp -s "$log/eval-x86.dump" "$log/eval-arm64-$e.dump"
		tap $? "dfi-eval --engine $e (arm64): the x86 build's dump"
	done
	rows=$(wc -l <"$log/features-x86.txt")
	cmp -s "$log/features-x86.txt" "$log/features-arm64.txt" &&
		cmp -s "$log/features-x86.out" "$log/features-arm64.out" && [ "$rows" -gt 300 ]
	tap $? "dfi-features on the lab's captures: arm64's $rows lines are x86's, byte for byte"
else
	tap 1 "dfi-eval for x86 and arm64 built"
fi

# The module, against the arm64 kernel tree of tests/build-arm64-kdir.sh
# (prepared once, about half an hour on two cores: not here), W=1; then
# that kernel booted under qemu-system-aarch64 (-M virt -cpu max, TCG)
# with an initramfs of tests/arm64-init.c, dfi.ko, dficlt and the
# default model: the module loads, picks neon-dot, classifies UDP flows
# on lo and unloads, with no kernel report.
if ! kdir=$("$top/tests/build-arm64-kdir.sh" --print-kdir); then
	n=$((n + 1))
	echo "ok $n # SKIP dfi.ko for arm64: no prepared kernel tree (tests/build-arm64-kdir.sh)"
else
	t0=$(date +%s)
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		"$top/tests/build-module.sh" "$kdir" "$b/module" >"$log/kmod.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$log/kmod.out" | tail -30
	ko=$b/module/src/kmod/dfi.ko
	tap "$rc" "dfi.ko cross-built for arm64 against $(cat "$kdir/include/config/kernel.release") with W=1, no warning ($(($(date +%s) - t0)) s)"
	if [ "$rc" -ne 0 ] || [ ! -x "$b/userspace/dficlt" ]; then
		:
	elif ! command -v qemu-system-aarch64 >/dev/null; then
		n=$((n + 1))
		echo "ok $n # SKIP boot: no qemu-system-aarch64 (apt-get install qemu-system-arm)"
	else
		r=$b/initramfs
		rm -rf "$r"
		mkdir -p "$r/dev" "$r/proc" "$r/sys" "$r/lib/aarch64-linux-gnu"
		"$cc" -static -O2 -Wall -Wextra -Werror -o "$r/init" \
			"$top/tests/arm64-init.c"
		cp "$ko" "$b/userspace/dficlt" "$top/models/default.dfim" "$r/"
		# dficlt's libraries, from the arm64 architecture's packages
		cp -L /lib/ld-linux-aarch64.so.1 "$r/lib/"
		for l in libc.so.6 libnl-3.so.200 libnl-genl-3.so.200; do
			for d in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu; do
				[ -e "$d/$l" ] && cp -L "$d/$l" "$r/lib/aarch64-linux-gnu/" && break
			done
		done
		(cd "$r" && find . | cpio -o -H newc --quiet) >"$b/initramfs.cpio"
		t0=$(date +%s)
		timeout 300 qemu-system-aarch64 -M virt -cpu max -smp 2 -m 512 \
			-nographic -no-reboot -kernel "$kdir/arch/arm64/boot/Image" \
			-initrd "$b/initramfs.cpio" \
			-append "console=ttyAMA0 panic=-1" </dev/null 2>&1 |
			tr -d '\r' >"$log/boot.log"
		secs=$(($(date +%s) - t0))
		grep '^dfi-arm64: ' "$log/boot.log" | sed 's/^/# /'
		grep -q '^dfi-arm64: done' "$log/boot.log"
		tap $? "the arm64 kernel boots under qemu-system-aarch64 and runs the test's init ($secs s)"
		grep -q '^dfi-arm64: insmod ok' "$log/boot.log"
		tap $? "dfi.ko loads in the arm64 kernel"
		grep -qx 'dfi-arm64: engine neon-dot' "$log/boot.log"
		tap $? "the module picks neon-dot on qemu's -cpu max"
		grep -qx 'dfi-arm64: model load status 0' "$log/boot.log"
		tap $? "dficlt (arm64) loads the default model"
		dec=$(sed -n 's/^dfi-arm64: stats decided_[a-z_]* \([0-9]*\)$/\1/p' "$log/boot.log" |
			awk '{ s += $1 } END { print s + 0 }')
		[ "$dec" -ge 8 ]
		tap $? "the 8 UDP flows on lo are decided in the kernel ($dec decisions)"
		# /sys/kernel/debug/dfi/cost: one checksum of the verdicts per engine
		sums=$(sed -n 's/^dfi-arm64: cost classify_ns\[\([a-z-]*\)\]: .*(checksum \([0-9]*\))$/\1 \2/p' "$log/boot.log")
		[ "$(echo "$sums" | grep -c -e '^neon ' -e '^neon-dot ')" -eq 2 ] &&
			[ "$(echo "$sums" | cut -d ' ' -f 2 | sort -u | wc -l)" -eq 1 ]
		tap $? "in the arm64 kernel every engine gives the same verdicts: $(echo "$sums" | cut -d ' ' -f 1 | tr '\n' ' ')(debugfs cost checksums)"
		grep -q '^dfi-arm64: rmmod ok' "$log/boot.log"
		tap $? "dfi.ko unloads"
		! grep -E 'BUG|WARNING|Oops|Call trace|Internal error' "$log/boot.log" | sed 's/^/# /' | grep -q .
		tap $? "no kernel report in the console ($log/boot.log)"
	fi
fi

echo "1..$n"
[ "$fails" -eq 0 ]
