#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# train-smoke.sh: the training pipeline end to end in a tiny run (2
# epochs, a third of the captures held out) on ../shared/data/real
# (DFI_DATA overrides ../shared/data): dfi-features -> PyTorch ->
# quantization -> gate calibration -> model file -> dfi-eval.  Checks that
# the exported file parses, that the C engine and the Python integer
# reference agree on it for every training flow, and that the evaluator
# scores it; that it reads all static inputs of the current feature spec;
# that models/floatcv.py scores every flow once; that the augmentation
# keeps to its bounds; that training is held to AVX2; and that a source is
# held out whole (floatcv.py --by-source, train.py --holdout-source); that
# early verdicts are calibrated and taken (train.py --checkpoints).  Skipped
# when the data set is absent.  Prints TAP.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
data=${DFI_DATA:-$top/../shared/data}/real
py=/usr/bin/python3
if [ ! -f "$data/labels.csv" ]; then
	echo "ok 1 - training smoke run # SKIP $data absent"
	exit 0
fi
make -s -C "$top/userspace" >&2 || { echo "not ok 1 - userspace tools build"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if env -u ONEDNN_MAX_CPU_ISA "$py" "$top/models/train.py" --data "$data" -o "$tmp/m.dfim" \
	--epochs 2 --holdout 0.3 --seed 7 --report "$tmp/r.json" \
	--parity "$tmp/parity.txt" >"$tmp/log" 2>&1; then
	echo "ok 1 - train.py runs (2 epochs) and writes a model"
else
	sed 's/^/# /' "$tmp/log"
	echo "not ok 1 - train.py runs (2 epochs) and writes a model"
	exit 1
fi
sed 's/^/# /' "$tmp/log"
if "$top/userspace/dfi-infer" "$tmp/m.dfim" </dev/null; then
	echo "ok 2 - the exported model parses"
else
	echo "not ok 2 - the exported model parses"
fi
set -- $(cat "$tmp/parity.txt")
if [ "${1:-0}" -ge 1000 ] && [ "${2:-1}" -eq 0 ]; then
	echo "ok 3 - C engine = Python reference on the exported model: $1 flows, $2 differ"
else
	echo "not ok 3 - C engine = Python reference on the exported model: ${1:-?} flows, ${2:-?} differ"
fi
f1=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["macro_f1"])' "$tmp/r.json")
if [ -n "$f1" ]; then
	echo "ok 4 - dfi-eval scores the held-out captures (macro-F1 $f1 after 2 epochs)"
else
	echo "not ok 4 - dfi-eval scores the held-out captures"
fi

# A labelled unknown-cache export (as `dficlt unknown dump` writes it) is
# one more --data: its labelled rows join the training flows.
{
	echo "seq,time_ns,l4,client_ip,client_port,server_ip,server_port,class,reason,net_class,dist,margin,ctx_flows,ctx_same_port,ctx_udp,ctx_host_p2p,ctx_host_same_cport,dscp_c2s,dscp_s2c,duration_us,packets,pkts"
	echo "1,1,udp,198.18.0.2,33839,198.18.0.1,5002,voice,3,0,32,3486,3,3,3,0,0,0,0,299891,3,0800881c0821"
	echo "2,2,udp,198.18.0.2,33840,198.18.0.1,5002,,3,0,32,3486,3,3,3,0,0,0,0,299891,3,0800881c0821"
	echo "3,3,tcp,fd00::2,40000,fd00::1,443,file,2,4,900,12,0,0,0,9,2,0,0,1200000,3,0800881c0821"
} >"$tmp/unknown.csv"
added=$("$py" - "$top/models" "$data" "$tmp/unknown.csv" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import data
a = data.load([sys.argv[2]], 32, 2000)
b = data.load([sys.argv[2], sys.argv[3]], 32, 2000)
new = [r for r in b.rows if r[0] == "unknown.csv"]
print(len(b.y) - len(a.y), sorted(r[6] for r in new))
PY
)
if [ "$added" = "2 ['file', 'voice']" ]; then
	echo "ok 5 - a labelled unknown-cache export adds its labelled flows to training ($added)"
else
	echo "not ok 5 - a labelled unknown-cache export adds its labelled flows to training ($added)"
fi

# floatcv.py: every labelled flow of >= 8 packets is scored exactly once
# over the folds, by each seed's networks and by their ensemble.
want=$(awk -F, 'NR > 1 && $9 >= 8' "$data/labels.csv" | wc -l)
"$py" "$top/models/floatcv.py" --data "$data" --epochs 1 --seeds 1,2 \
	--members 2 >"$tmp/cv" 2>&1
sed 's/^/# /' "$tmp/cv"
got=$(grep -cE "^(seed [12]|ensemble of seeds 1,2): macro-F1 [01]\.[0-9]{3} over $want flows " "$tmp/cv")
if [ "$got" -eq 3 ]; then
	echo "ok 6 - floatcv.py scores all $want flows of >= 8 packets once per seed and per ensemble"
else
	echo "not ok 6 - floatcv.py scores all $want flows of >= 8 packets once per seed and per ensemble ($got of 3 lines)"
fi

# The network reads every static input of the current feature spec, and
# the file says so (train.py's default; --static-inputs 16 writes spec 1).
spec=$("$py" -c 'import sys
sys.path.insert(0, sys.argv[1])
import dfim
m = dfim.read(open(sys.argv[2], "rb").read())
print(m.feature_spec, m.n_static, dfim.FEATURE_SPEC, dfim.STATIC_N)' \
	"$top/models" "$tmp/m.dfim")
set -- $spec
if [ -n "$spec" ] && [ "$1" = "$3" ] && [ "$2" = "$4" ]; then
	echo "ok 7 - the exported model is feature spec $1 with all $2 static inputs"
else
	echo "not ok 7 - the exported model is feature spec $3 with all $4 static inputs (it says: ${spec:-unreadable})"
fi

# The augmentation moves every present packet's gap bucket by at most
# --iat-jitter and its size buckets by at most --size-jitter (reaching
# both bounds), keeps them in range and leaves absent packets alone.
aug=$("$py" - "$top/models" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import torch
import train
gen = torch.Generator().manual_seed(1)
seq = torch.zeros(512, 4, 32, dtype=torch.long)
seq[:, 0, :20] = torch.randint(1, 96, (512, 20), generator=gen)
seq[:, 1, :20] = torch.randint(0, 96, (512, 20), generator=gen)
seq[:, 2, :20] = torch.randint(0, 64, (512, 20), generator=gen)
stat = torch.zeros(512, 23)
bad = []
for ij, sj in ((0, 0), (3, 2), (5, 1)):
    s, _ = train.augment(seq, stat, gen, 0.0, ij, sj)
    dg = (s[:, 2] - seq[:, 2]).abs()
    ds = (s[:, :2] - seq[:, :2]).abs()
    inner = (seq[:, 2] >= ij) & (seq[:, 2] <= 63 - ij)
    if dg.max() > ij or ds.max() > sj or dg[inner].max() != ij:
        bad.append("reach %d/%d: gap %d size %d" % (ij, sj, dg.max(), ds.max()))
    if s[:, 2].min() < 0 or s[:, 2].max() > 63 or s[:, :2].max() > 95:
        bad.append("out of range with %d/%d" % (ij, sj))
    if (s[:, :, 20:] != 0).any() or ((seq[:, 1] == 0) != (s[:, 1] == 0)).any():
        bad.append("absent packets or sizes changed with %d/%d" % (ij, sj))
print("; ".join(bad) or "ok")
PY
)
if [ "$aug" = ok ]; then
	echo "ok 8 - augment() keeps to --iat-jitter and --size-jitter and to the buckets' ranges"
else
	echo "not ok 8 - augment() keeps to --iat-jitter and --size-jitter and to the buckets' ranges (${aug:-no output})"
fi

# train.py holds oneDNN to AVX2 unless told otherwise: the run above, with
# ONEDNN_MAX_CPU_ISA unset, writes what a run held to AVX2 writes.  (On a
# machine with AVX-512 the two differ when the hold is gone; on one with
# only AVX2 this cannot fail.)
if ONEDNN_MAX_CPU_ISA=AVX2 "$py" "$top/models/train.py" --data "$data" \
	-o "$tmp/avx2.dfim" --epochs 2 --holdout 0.3 --seed 7 >"$tmp/log2" 2>&1 &&
	cmp -s "$tmp/m.dfim" "$tmp/avx2.dfim"; then
	echo "ok 9 - training with the default environment = training held to AVX2"
else
	sed 's/^/# /' "$tmp/log2"
	echo "not ok 9 - training with the default environment = training held to AVX2"
fi

# Leave one source out: floatcv.py --by-source scores every flow of >= 8
# packets once, each source's share by networks trained without any of its
# captures (the per-source lines add up to the total); train.py
# --holdout-source holds out exactly that source's captures.
"$py" "$top/models/floatcv.py" --data "$data" --data "$top/models/lab@0.25" \
	--by-source --epochs 1 --seeds 1 >"$tmp/cvs" 2>&1
sed 's/^/# /' "$tmp/cvs"
names=$(cut -d, -f1 "$data/labels.csv" | sed 1d | sed 's/[-_].*//' | sort -u | tr '\n' ' ')
per=$(awk '/^  [^ ]+: macro-F1 / { n += $5 } END { print n + 0 }' "$tmp/cvs")
nsrc=$(grep -c '^  [^ ]*: macro-F1 ' "$tmp/cvs")
if grep -qE "^seed 1: macro-F1 [01]\.[0-9]{3} over $want flows " "$tmp/cvs" &&
	[ "$per" -eq "$want" ] && [ "$nsrc" -eq "$(echo $names | wc -w)" ]; then
	echo "ok 10 - floatcv.py --by-source scores all $want flows once, $nsrc sources ($names) adding up"
else
	echo "not ok 10 - floatcv.py --by-source scores all $want flows once, sources ($names) adding up ($per flows in $nsrc sources)"
fi
src=$(echo $names | cut -d' ' -f1)
caps=$(cut -d, -f1 "$data/labels.csv" | sed 1d | sort -u | grep -c "^$src[-_]")
if env -u ONEDNN_MAX_CPU_ISA "$py" "$top/models/train.py" --data "$data" \
	--data "$top/models/lab@0.25" -o "$tmp/s.dfim" --epochs 1 \
	--holdout-source "$src" --report "$tmp/s.json" >"$tmp/log3" 2>&1 &&
	[ "$("$py" -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(r["heldout_captures"], r["heldout_source"], sorted(r["sources"]))' "$tmp/s.json")" = "$caps $src ['$src']" ]; then
	echo "ok 11 - train.py --holdout-source $src holds out its $caps captures, and no other"
else
	sed 's/^/# /' "$tmp/log3"
	echo "not ok 11 - train.py --holdout-source $src holds out its $caps captures, and no other"
fi

# The decision rule's costs under dfi-eval's default map, and its fit: on
# flows where the network's voice calls below a margin of 5 are web
# flows, fit() asks voice for more than 5 and nothing of the others.
dec=$("$py" - "$top/models" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import crossval, data, decision
C = data.CLASSES
c = decision.cost_matrix(C, crossval.tin_map())
i = C.index
bad = [f"{t}->{p} {c[i(t), i(p)]} not {w}" for t, p, w in (
    ("web", "voice", 4), ("voice", "web", 2.5), ("web", "file", 4),
    ("file", "web", 1), ("voice", "game", 1), ("other", "video", 4),
    ("video", "file", 2.5), ("web", "web", 0)) if c[i(t), i(p)] != w]
# 200 flows: logits with voice on top; margins 1..10; those under 5 are web
m = np.repeat(np.arange(1, 11), 20).astype(float)
logits = np.zeros((200, 6))
logits[:, i("voice")] = m
y = np.where(m < 5, i("web"), i("voice"))
ref = [np.arange(1, 11, dtype=float)] * 6
q = decision.fit(logits, y, ref, data.OTHER, c)
t = decision.thresholds(q, ref)
d = decision.decide(logits, t, data.OTHER)
if not (4 < t[i("voice")] <= 5) or any(t[k] for k in range(6) if k != i("voice") and k != data.OTHER and q[k] > 0.02):
    bad.append(f"fit: thresholds {t}")
if (d[m < 5] != data.OTHER).any() or (d[m >= 5] != i("voice")).any():
    bad.append("decide: not the threshold's split")
print("; ".join(bad) or "ok")
PY
)
if [ "$dec" = ok ]; then
	echo "ok 12 - decision.py: the operator's costs under the default map, and a margin fitted where the errors are"
else
	echo "not ok 12 - decision.py: the operator's costs under the default map, and a margin fitted where the errors are (${dec:-no output})"
fi

# Early verdicts: checkpoints calibrated from the training flows, written
# into the model, and dfi-eval deciding flows there (and not with
# --no-early); early.threshold() on flows whose agreement is known.
if env -u ONEDNN_MAX_CPU_ISA "$py" "$top/models/train.py" --data "$data" \
	-o "$tmp/e.dfim" --epochs 1 --holdout 0.3 --seed 7 --checkpoints 8,4 \
	--prefix-share 0.5 \
	--early-agree 0.5 --report "$tmp/e.json" >"$tmp/log4" 2>&1; then
	early=$("$py" - "$top/models" "$tmp/e.dfim" "$tmp/e.json" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import dfim, early
m = dfim.read(open(sys.argv[2], "rb").read())
r = json.load(open(sys.argv[3]))
e, n = r["to_verdict"], r["no_early"]["to_verdict"]
bad = []
if m.checkpoints != (4, 8) or any(row[m.other_class] != dfim.EARLY_NEVER
                                  for row in m.early_margin):
    bad.append(f"model: checkpoints {m.checkpoints}, margins {m.early_margin}")
if not (e["early"] > 0 and n["early"] == 0 and e["flows"] == n["flows"]
        and e["median_packets"] <= n["median_packets"]):
    bad.append(f"to_verdict {e} vs --no-early {n}")
# 10 flows of margins 10..1: the top 6 agree, then 2 that do not, then 2
# that do: shares from the top 1 (6 flows), 6/7, 6/8, 7/9, 8/10
mg = np.arange(10, 0, -1)
ok = np.array([1, 1, 1, 1, 1, 1, 0, 0, 1, 1], bool)
t = [early.threshold(mg, ok, a, 1) for a in (1.0, 0.85, 0.8)]
if t != [5, 4, 1] or early.threshold(mg, ok, 0.5, 11) != dfim.EARLY_NEVER:
    bad.append(f"threshold: {t}")
print("; ".join(bad) or f"ok {e['early']} of {e['flows']} early, median {e['median_packets']} packets, {n['median_packets']} without")
PY
)
else
	sed 's/^/# /' "$tmp/log4"
	early="train.py --checkpoints failed"
fi
case $early in
ok*)	echo "ok 13 - early verdicts: calibrated, in the model, taken by dfi-eval (${early#ok })" ;;
*)	echo "not ok 13 - early verdicts: calibrated, in the model, taken by dfi-eval ($early)" ;;
esac
