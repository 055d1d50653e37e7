#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# permute.sh: models/permute.py makes the same classifier with its classes
# in another order.  dfi-eval (the shared C core) replays the lab's
# labelled captures (models/lab) with the default model and with the
# permuted one: every flow must get the same verdict by name, reason,
# distance and margin, and the same logits permuted.  A control: the
# class table renamed without moving the logits rows must be caught.
# Prints TAP.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
py=python3
if ! python3 -c 'import numpy' 2>/dev/null && [ -x /usr/bin/python3 ]; then
	py=/usr/bin/python3
fi
make -s -C "$top/userspace" dfi-eval >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
order=web,other,voice,file,game,video
n=0
fails=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}

"$py" "$top/models/permute.py" "$top/models/default.dfim" "$tmp/p.dfim" "$order"
tap $? "permute.py writes the default model with classes $order"
# the control: the names moved, the network not
"$py" - "$top/models" "$tmp/bad.dfim" "$order" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import dfim
m = dfim.read(open(sys.argv[1] + "/default.dfim", "rb").read())
m.classes = sys.argv[3].split(",")
open(sys.argv[2], "wb").write(dfim.write(m))
PY
for m in "$top/models/default.dfim" "$tmp/p.dfim" "$tmp/bad.dfim"; do
	"$top/userspace/dfi-eval" --model "$m" --captures "$top/models/lab/pcap" \
		--labels "$top/models/lab/labels.csv" \
		--dump "$tmp/$(basename "$m").dump" >/dev/null 2>"$tmp/eval.log" ||
		{ cat "$tmp/eval.log" >&2; exit 1; }
done
cmp=$tmp/cmp.py
cat >"$cmp" <<'PY'
import sys
a_path, b_path, order = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
default = ["voice", "video", "game", "file", "web", "other"]
src = [default.index(c) for c in order]     # new index -> old index
rows = lambda p: [l.rstrip("\n").split("\t") for l in open(p)][1:]
a, b = rows(a_path), rows(b_path)
bad = 0
for x, y in zip(a, b):
    la = [int(v) for v in x[11].split(",")]
    lb = [int(v) for v in y[11].split(",")]
    if x[:11] != y[:11] or lb != [la[i] for i in src] or x[12:] != y[12:]:
        bad += 1
print("# %d flows, %d differ" % (len(a), bad))
sys.exit(0 if len(a) == len(b) and len(a) > 300 and not bad else 1)
PY
rc=0
"$py" "$cmp" "$tmp/default.dfim.dump" "$tmp/p.dfim.dump" "$order" || rc=1
tap $rc "the permuted model: every lab flow's verdict, reason, dist, margin the same, logits permuted"
rc=0
"$py" "$cmp" "$tmp/default.dfim.dump" "$tmp/bad.dfim.dump" "$order" >"$tmp/bad.out" || rc=1
sed 's/^/# control: /' "$tmp/bad.out"
tap $((1 - rc)) "control: the class names moved without the logits rows is caught"
echo "1..$n"
[ "$fails" -eq 0 ]
