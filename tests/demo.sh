#!/bin/sh
# demo.sh: the main job.  Installs what it needs, builds dfi.ko and the
# tools, boots Debian's stock kernel in qemu with a router netns running
# dfi.ko and the default model (loaded with dficlt), runs a short mix of
# the traffic lab's scenarios through it (voice, video, game, file, web and
# other traffic made by real programs; about a minute and a half under
# TCG), and prints the router's statistics, its unknown-flow cache and a
# table of the flows: class, DSCP, and when each was decided.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
export DFI_CACHE
series=${DFI_DEMO_KERNEL:-6.12}

"$top/tests/deps.sh"
make -s -C "$top" all
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "demo: the traffic lab on Debian's $series kernel in qemu (about three minutes)"
"$top/tests/lab/lab.sh" --kernel "$series" --seconds 10 --cake --demo --out "$out" |
	grep -v '^\[ *[0-9]'
echo
echo "== the flows (class: the kernel's verdict in the ct mark; pkts, ms: what the verdict saw;"
echo "   !: dfi-eval on the router's capture decided otherwise; see tests/lab/flowtable.py)"
python3 "$top/tests/lab/flowtable.py" "$out"
