#!/bin/sh
# run-vm.sh [options] SCRIPT [ARGS...]
#
# Boot a kernel under qemu (TCG unless --kvm), with this machine's root shared
# read-only over virtio-9p, run "sh SCRIPT ARGS..." inside from the current
# directory and exit with its status.  The run fails as well when the guest
# console shows any kernel report (see check-log.sh), or when the guest does
# not finish within the time limit.
#
#   --kernel K    a stock kernel series (6.1, 6.12), a full version string,
#                 or "test" for the debug/KUnit kernel of build-test-kernel.sh
#   --log FILE    guest console log (default: $DFI_RUN/logs/SCRIPT-KERNEL.log,
#                 tests/vm/rundir.sh)
#   --timeout S   wall-clock limit in seconds (default 600)
#   --mem MB      guest memory (default 1024, 2048 for the test kernel)
#   --kvm         use KVM (it hangs on some machines: off by default)
#   --allow-reports  do not fail on kernel reports (for tests that provoke
#                 them on purpose and check the log themselves)
#   --out DIR     share the host directory DIR read-write: the guest sees it
#                 at the same path (the only place a guest can leave files)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rundir.sh"
kernel=6.1
log=
timeout=600
mem=
accel=tcg
allow_reports=0
out=

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--kvm) accel=kvm; shift ;;
	--allow-reports) allow_reports=1; shift ;;
	--out) out=$(realpath "$2"); shift 2 ;;
	--) shift; break ;;
	-*) echo "run-vm: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: run-vm.sh [options] SCRIPT [ARGS...]" >&2; exit 2; }
script=$(realpath "$1")
shift

append="console=ttyS0 panic=-1 loglevel=6"
if [ "$kernel" = test ]; then
	image=$("$here/build-test-kernel.sh" --print-image)
	[ -r "$image" ] || { echo "run-vm: no test kernel; run tests/vm/build-test-kernel.sh" >&2; exit 2; }
	initrd=
	# cache=loose: the host tree does not change during a run, so the guest
	# may cache it (the debug kernel reaches its job in half the time).
	append="$append root=hostroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro init=$here/guest-init.sh"
	mem=${mem:-2048}
	kname=test
else
	case "$kernel" in
	*-*) kver=$kernel ;;
	*) kver=$("$here/kernels.sh" "$kernel") ;;
	esac
	[ -n "$kver" ] && [ -r "/boot/vmlinuz-$kver" ] ||
		{ echo "run-vm: stock kernel '$kernel' is not installed (make deps)" >&2; exit 2; }
	image=/boot/vmlinuz-$kver
	initrd=$DFI_CACHE/initramfs-$kver.cpio.gz
	if [ ! -s "$initrd" ] || [ "$here/initramfs-init" -nt "$initrd" ] ||
	   [ "$here/mkinitramfs.sh" -nt "$initrd" ]; then
		"$here/mkinitramfs.sh" "$kver" "$initrd"
	fi
	append="$append dfiinit=$here/guest-init.sh"
	mem=${mem:-1024}
	kname=$kver
fi

job_dir=$(mktemp -d /tmp/dfi-vm.XXXXXX)
trap 'rm -rf "$job_dir"' EXIT INT TERM
{
	printf 'DFI_VM_CWD=%s\n' "$(pwd | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")"
	printf 'DFI_VM_SCRIPT=%s\n' "'$script'"
	printf 'set --'
	for a in "$@"; do
		printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done
	printf '\n'
} >"$job_dir/job"
chmod -R a+rX "$job_dir"
append="$append dfijob=$job_dir/job"
outdev=
if [ -n "$out" ]; then
	[ -d "$out" ] || { echo "run-vm: --out $out: not a directory" >&2; exit 2; }
	append="$append dfiout=$out"
	outdev="-fsdev local,id=out,path=$out,security_model=none,multidevs=remap
		-device virtio-9p-pci,fsdev=out,mount_tag=dfiout"
fi

[ -n "$log" ] || log=$DFI_RUN/logs/$(basename "$script" .sh)-$kname.log
: >"$log"

set +e
# TCG runs both vCPUs in one host thread (thread=single): with a thread per
# vCPU, a CPU can run a stale translation of kernel text another CPU is
# patching (static keys flip when netfilter hooks come and go), and the
# guest dies of an "Oops: int3" that real hardware cannot produce.
if [ "$accel" = tcg ]; then
	accel_opt=tcg,thread=single
else
	accel_opt=$accel
fi
timeout --foreground -k 5 "$timeout" qemu-system-x86_64 \
	-machine q35 -accel "$accel_opt" -cpu max -smp 2 -m "$mem" \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-kernel "$image" ${initrd:+-initrd "$initrd"} -append "$append" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	$outdev -nic none </dev/null
qrc=$?
set -e

rc=$(sed -n 's/.*DFI_VM_RC=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
# The guest's part of the console, kernel lines interleaved, for the reader.
sed -n '/^dfi-vm: running/,/DFI_VM_RC=/p' "$log" | grep -a -v '^\[ *[0-9]*\.[0-9]*\]'
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
	echo "run-vm: guest timed out after ${timeout}s (log: $log)" >&2
	tail -n 20 "$log" >&2
	exit 124
fi
if [ -z "$rc" ]; then
	echo "run-vm: guest ended without a result (qemu status $qrc, log: $log)" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
if [ $allow_reports -eq 0 ] && ! "$here/check-log.sh" "$log" >&2; then
	exit 1
fi
exit "$rc"
