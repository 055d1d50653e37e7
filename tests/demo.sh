#!/bin/sh
# demo.sh: the main job.  Installs what it needs, builds dfi.ko for
# Debian's stock kernel, boots that kernel in qemu, loads the module, runs
# some traffic between two network namespaces and shows what dfi reports.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
export DFI_CACHE
series=${DFI_DEMO_KERNEL:-6.12}

"$top/tests/deps.sh"
kver=$("$top/tests/vm/kernels.sh" "$series")
[ -n "$kver" ] || { echo "demo: Debian kernel $series is not installed" >&2; exit 1; }
echo "demo: building dfi.ko for $kver"
ko=$("$top/tests/build-module.sh" "/lib/modules/$kver/build" "$DFI_CACHE/build/$kver")
echo "demo: booting $kver in qemu (about half a minute)"
exec "$top/tests/vm/run-vm.sh" --kernel "$kver" --log "$DFI_CACHE/logs/demo-$kver.log" \
	"$top/tests/vm/demo-guest.sh" "$ko"
