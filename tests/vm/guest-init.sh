#!/bin/sh
# PID 1 inside the test VM, on the host's root filesystem shared read-only
# over virtio-9p.  Makes the few writable places a test needs (tmpfs-backed
# overlays, so host files under /tmp stay visible), runs the job the host
# described in the file named by dfijob= on the kernel command line, prints
# its exit status on the console and powers the VM off.
#
# Reached either straight from a kernel with 9p built in (root=hostroot
# rootfstype=9p init=.../guest-init.sh) or through the initramfs of
# tests/vm/initramfs-init, which switch_roots here.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

# The host's own /proc, /sys and /dev show through 9p: cover them.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q '^[^ ]* /dev devtmpfs' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm 2>/dev/null
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /dev/shm 2>/dev/null
mount -t tmpfs -o mode=755 tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

for d in tmp etc var root; do
	mkdir -p /run/ovl/$d/upper /run/ovl/$d/work
	mount -t overlay overlay \
		-o lowerdir=/$d,upperdir=/run/ovl/$d/upper,workdir=/run/ovl/$d/work /$d ||
		echo "dfi-vm: cannot overlay /$d" >/dev/console
done
chmod 1777 /tmp
# A model installed on the host (make install, the dfi-tools package) would
# load itself in every test: the tests start from no model file.
[ -d /lib/firmware/dfi ] && mount -t tmpfs -o ro,mode=755 tmpfs /lib/firmware/dfi
# run-vm.sh --out DIR: the host directory DIR, writable, at its own path
out=$(sed -n 's/.*dfiout=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$out" ]; then
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 dfiout "$out" ||
		echo "dfi-vm: cannot mount the output directory $out" >/dev/console
fi
hostname dfi-vm 2>/dev/null
ip link set lo up 2>/dev/null

job=$(sed -n 's/.*dfijob=\([^ ]*\).*/\1/p' /proc/cmdline)
rc=125
if [ -r "$job" ]; then
	# The job file sets DFI_VM_CWD, DFI_VM_SCRIPT and the positional arguments.
	. "$job"
	cd "$DFI_VM_CWD" || exit 1
	echo "dfi-vm: running $DFI_VM_SCRIPT on $(uname -r)"
	HOME=/root sh "$DFI_VM_SCRIPT" "$@" </dev/null
	rc=$?
else
	echo "dfi-vm: no job file ($job)"
fi

# A leak report needs the objects to be unreferenced for a while: scan twice.
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi

echo "DFI_VM_RC=$rc"
sync
busybox reboot -f 2>/dev/null || echo b >/proc/sysrq-trigger
sleep 10
