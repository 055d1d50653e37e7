#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Train dfi's classifier and export it as a model file.

  /usr/bin/python3 models/train.py --data ../shared/data/real \
      --data ../shared/data/real-extra [--data MORE ...] -o models/default.dfim

Each --data is a directory with pcap/ and labels.csv (the format of
../shared/data/real; lab captures are added the same way), or a CSV file
written by `dficlt unknown dump` with its class column filled in (flows the
kernel called "other", relabelled by an operator); DIR@W weighs that data
set's flows W times (within each class) against the others'.  Flows are
read through userspace/dfi-features (the
kernel's own feature code).  A share of the captures (--holdout) is held
out, never individual flows; the model is trained on the rest with a
class-weighted loss (captures that contribute many flows of one class are
damped), quantized post-training, the gate calibrated on the training
flows, and the result evaluated on the held-out captures by
userspace/dfi-eval, the same C code as the kernel.  Reproducible from
--seed (torch runs single-threaded) on any x86-64 machine with AVX2:
oneDNN, which computes the convolutions, is held to AVX2 (its AVX-512 code
sums in another order, and the trained model would differ by machine).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("ONEDNN_MAX_CPU_ISA", "AVX2")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crossval  # noqa: E402
import data  # noqa: E402
import decision  # noqa: E402
import dfim  # noqa: E402
import early  # noqa: E402
import gate  # noqa: E402
import net as netmod  # noqa: E402

EVAL = os.path.join(data.TOP, "userspace", "dfi-eval")
INFER = os.path.join(data.TOP, "userspace", "dfi-infer")


def sample_weights(flows, n_classes, damping=0.5, power=1.0, scale=None):
    """Class-balanced weights; within a class, the flows of a capture
    share weight count^(1 - damping): with damping 0.5 a capture of 100
    flows of one class weighs as much as 10 captures of one flow, so one
    big capture cannot dominate a class.  Each class then weighs
    (its share of the weight)^(1 - power): power 1 balances the classes
    fully, 0 leaves them as the data has them.  scale: a factor per flow
    (its data set's --data DIR@W), applied before the class balance, so it
    weighs a data set against the others within each class."""
    w = np.zeros(len(flows))
    keys = list(zip(flows.group, flows.y))
    count = {}
    for k in keys:
        count[k] = count.get(k, 0) + 1
    for i, k in enumerate(keys):
        w[i] = count[k] ** -damping
    if scale is not None:
        w *= scale
    total = w.sum()
    for c in range(n_classes):
        m = flows.y == c
        if m.any():
            share = w[m].sum() / total
            w[m] *= share ** (1.0 - power) / w[m].sum()
    return w * len(flows) / w.sum()


# The static inputs derived from the flow's own ports (feature specs 1, 2).
PORT_STATIC = [1, 2, 3, 4, 5, 13, 14, 15]


def split_weights(data_args):
    """--data DIR@W: (the data set paths, {path: W} for those with one)."""
    dirs, weights = [], {}
    for d in data_args:
        head, at, w = d.rpartition("@")
        if at:
            try:
                weights[head] = float(w)
                d = head
            except ValueError:
                pass		# an "@" of the path itself
        dirs.append(d)
    return dirs, weights


def data_scale(flows, weights):
    """The factor of each flow: its data set's weight (1 by default)."""
    per_capture = {}
    for d, w in weights.items():
        for name in data.capture_names(d):
            per_capture[name] = w
    return np.array([per_capture.get(g, 1.0) for g in flows.group])


def augment(seq, stat, gen, port_dropout, iat_jitter, size_jitter):
    """Light noise on the integer inputs: jitter of the timing buckets by
    up to iat_jitter steps (networks differ in delay) and of the size
    buckets by up to size_jitter steps; with
    port_dropout, that share of the flows lose their port-derived static
    inputs (so that the network does not decide on ports alone)."""
    seq = seq.clone()
    if port_dropout > 0:
        stat = stat.clone()
        drop = torch.rand(len(stat), generator=gen) < port_dropout
        for j in PORT_STATIC:
            if j < stat.shape[1]:
                stat[drop, j] = 0
    present = (seq[:, 0] + seq[:, 1]) > 0
    jit = torch.randint(-iat_jitter, iat_jitter + 1, seq[:, 2].shape,
                        generator=gen)
    seq[:, 2] = torch.where(present, (seq[:, 2] + jit).clamp(0, 63), seq[:, 2])
    for ch in (0, 1):
        j = torch.randint(-size_jitter, size_jitter + 1, seq[:, ch].shape,
                          generator=gen)
        seq[:, ch] = torch.where(seq[:, ch] > 0,
                                 (seq[:, ch] + j).clamp(1, 95), seq[:, ch])
    return seq, stat


def train(flows, args, n_classes, prefixes=None):
    """prefixes: (seq [K][n], stat [K][n], reached [K][n]) of the flows at
    K checkpoints (early.at_checkpoint()); with --prefix-share p, each
    flow of a batch is, with probability p, replaced by itself at one of
    its checkpoints (drawn among all, kept if it reached it)."""
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = netmod.Net(n_classes, c1=args.c1, c2=args.c2, hidden=args.hidden,
                       pool=args.pool, n_static=flows.stat.shape[1],
                       static_scale=args.static_scale)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr,
                            weight_decay=args.weight_decay)
    seq = torch.tensor(flows.seq, dtype=torch.float32)
    stat = torch.tensor(flows.stat, dtype=torch.float32)
    y = torch.tensor(flows.y)
    sw = sample_weights(flows, n_classes, args.damping, args.class_power,
                        data_scale(flows, args.data_weight))
    sw[flows.y == data.OTHER] *= args.other_weight
    w = torch.tensor(sw, dtype=torch.float32)
    n = len(flows)
    if prefixes is not None:
        pseq = torch.tensor(prefixes[0], dtype=torch.float32)
        pstat = torch.tensor(prefixes[1], dtype=torch.float32)
        preached = torch.tensor(prefixes[2])
    ema = None
    if args.ema > 0:
        ema = {k: v.detach().clone() for k, v in model.state_dict().items()}
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=args.lr, total_steps=args.epochs * ((n + 127) // 128))
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for i in range(0, n, 128):
            b = perm[i:i + 128]
            s, st = seq[b], stat[b]
            if prefixes is not None:
                k = torch.randint(len(pseq), (len(b),), generator=gen)
                use = (torch.rand(len(b), generator=gen) < args.prefix_share
                       ) & preached[k, b]
                s = torch.where(use[:, None, None], pseq[k, b], s)
                st = torch.where(use[:, None], pstat[k, b], st)
            s, st = augment(s, st, gen, args.port_dropout,
                            args.iat_jitter, args.size_jitter)
            loss = (F.cross_entropy(model(s, st), y[b], reduction="none",
                                    label_smoothing=args.label_smoothing)
                    * w[b]).sum() / w[b].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        ema[k].mul_(args.ema).add_(v.detach(),
                                                   alpha=1 - args.ema)
            total += float(loss) * len(b)
        if args.verbose and (epoch % 10 == 9 or epoch == args.epochs - 1):
            print(f"epoch {epoch + 1}: loss {total / n:.4f}", file=sys.stderr)
    if ema is not None:
        model.load_state_dict(ema)
    model.eval()
    return model


def int_logits(path, flows):
    """Logits of the exported model by the C engine (userspace/dfi-infer)."""
    lines = "".join(" ".join(map(str, np.concatenate([s.ravel(), t])))
                    + "\n" for s, t in zip(flows.seq, flows.stat))
    out = subprocess.run([INFER, path], input=lines, capture_output=True,
                         text=True, check=True).stdout
    return np.array([list(map(int, ln.split())) for ln in out.splitlines()],
                    np.int64)


def evaluate(model_path, flows, dirs, min_packets, deadline_ms, dump=None,
             extra=()):
    """dfi-eval on the given flows (captures linked into a temp dir)."""
    with tempfile.TemporaryDirectory() as tmp:
        cap = os.path.join(tmp, "pcap")
        os.mkdir(cap)
        for d in dirs:
            src = data.captures_dir(d)
            for g in set(flows.group):
                p = os.path.join(src, g)
                if os.path.exists(p) and not os.path.exists(
                        os.path.join(cap, g)):
                    os.symlink(os.path.abspath(p), os.path.join(cap, g))
        labels = os.path.join(tmp, "labels.csv")
        data.write_labels(labels, flows)
        cmd = [EVAL, "--model", model_path, "--captures", cap, "--labels",
               labels, "--min-packets", str(min_packets), "--json"]
        if deadline_ms is not None:
            cmd += ["--deadline-ms", str(deadline_ms)]
        if dump:
            cmd += ["--dump", dump]
        cmd += list(extra)
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)


def parser():
    """The options of a training run (and their defaults, the default
    recipe); models/floatcv.py trains with the same ones."""
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", action="append", required=True,
                   help="DIR or labelled unknown CSV, optionally @WEIGHT")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--name", default="dfi-default")
    p.add_argument("--seq-len", type=int, default=32)
    p.add_argument("--deadline-ms", type=int, default=2000)
    p.add_argument("--holdout", type=float, default=0.3,
                   help="share of the first --data set's captures held out "
                   "for evaluation (0: none)")
    p.add_argument("--folds", type=int, default=0,
                   help="hold out one of this many capture folds instead")
    p.add_argument("--fold", type=int, default=0)
    p.add_argument("--holdout-source", metavar="NAME",
                   help="hold out every capture of this source (file name "
                   "up to the first '-' or '_') in any --data set instead")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=1e-3)
    p.add_argument("--c1", type=int, default=12)
    p.add_argument("--c2", type=int, default=24)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--pool", type=int, default=2,
                   help="max pooling window and stride after the first conv")
    p.add_argument("--damping", type=float, default=0.5,
                   help="weight of a capture's flows of one class: count^(1-d)")
    p.add_argument("--class-power", type=float, default=0.7,
                   help="1: classes weigh the same in the loss; 0: as found")
    p.add_argument("--other-weight", type=float, default=0.5,
                   help="loss weight of the other class, relative to the "
                   "balanced weight")
    p.add_argument("--label-smoothing", type=float, default=0.0)
    p.add_argument("--port-dropout", type=float, default=0.0,
                   help="share of training flows whose port-derived static "
                   "inputs are zeroed (augmentation)")
    p.add_argument("--iat-jitter", type=int, default=3,
                   help="augmentation: each packet's gap bucket moves by up "
                   "to this many steps (half octaves)")
    p.add_argument("--size-jitter", type=int, default=2,
                   help="augmentation: each packet's size bucket moves by up "
                   "to this many steps (16 bytes)")
    p.add_argument("--static-inputs", type=int, default=dfim.STATIC_N,
                   choices=range(dfim.STATIC_N + 1), metavar="N",
                   help="the network reads the first N static inputs "
                   "(default: all %d of feature spec %d; 16: those of "
                   "spec 1, a model older modules load too)"
                   % (dfim.STATIC_N, dfim.FEATURE_SPEC))
    p.add_argument("--static-scale", default="flat",
                   choices=sorted(netmod.STATIC_SCALES),
                   help="how the static inputs are scaled for training")
    p.add_argument("--ema", type=float, default=0.999,
                   help="keep an exponential moving average of the weights "
                   "with this decay per step and export it (0: off)")
    p.add_argument("--centroids", type=int, default=32)
    p.add_argument("--dist-quantile", type=float, default=0.99)
    p.add_argument("--margin-quantile", type=float, default=0.02)
    p.add_argument("--cost-margins", type=float, default=0.0,
                   metavar="SHARE",
                   help="a margin per class for the operator's costs "
                   "(models/decision.py), fitted on this share of the "
                   "training captures by a network trained on the rest "
                   "(0: margin_min for every class)")
    p.add_argument("--checkpoints", type=early.parse, default=(4, 8, 16),
                   help="early verdicts: packet counts where a confident "
                   "flow is decided (models/early.py); '' for none")
    p.add_argument("--prefix-share", type=float, default=0.0,
                   help="train on flows cut at a checkpoint this share of "
                   "the time (0: whole flows only)")
    p.add_argument("--early-agree", type=float, default=0.98,
                   help="early margins: the share of early verdicts that "
                   "must be the full verdict, on the training flows")
    p.add_argument("--early-min-flows", type=int, default=20,
                   help="early margins: fewer training flows of a class at "
                   "a checkpoint: never early")
    p.add_argument("--min-packets", type=int, default=8,
                   help="evaluate on labelled flows of at least this many packets")
    p.add_argument("--report", help="write the evaluation (JSON) here")
    p.add_argument("--dump", help="write dfi-eval's per-flow dump of the "
                   "held-out flows here")
    p.add_argument("--parity", help="compare the C engine with the Python "
                   "integer reference on every training flow; write "
                   "'flows mismatches' here")
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def training_at_checkpoints(args, flows, held):
    """The training flows (not held) as they stand at each checkpoint:
    [(Flows, reached mask)], read once for the prefixes and the margins."""
    at = []
    for k in args.checkpoints:
        if k >= args.seq_len:
            sys.exit(f"train: checkpoint {k} not below --seq-len")
        pk, reached = early.at_checkpoint(args.data, k, args.seq_len,
                                          args.deadline_ms,
                                          args.static_inputs, flows)
        at.append((pk.subset(~held), reached[~held]))
    return at


def calibrate_early(m, args, tr, at_cp):
    """m's checkpoints and early margins, from the training flows tr and
    the same flows at the checkpoints (training_at_checkpoints())."""
    with tempfile.NamedTemporaryFile(suffix=".dfim") as tmp:
        tmp.write(dfim.write(m))
        tmp.flush()
        full_cls = early.verdicts(m, int_logits(tmp.name, tr), tr.hist)[0]
        at = [(int_logits(tmp.name, pk), pk.hist, reached)
              for pk, reached in at_cp]
    m.checkpoints = args.checkpoints
    m.early_margin = early.calibrate(m, full_cls, at, args.early_agree,
                                     args.early_min_flows)
    print("early margins: " + "; ".join(
        f"{k}: " + ", ".join("-" if v == dfim.EARLY_NEVER else str(v)
                             for v in row)
        for k, row in zip(m.checkpoints, m.early_margin)), file=sys.stderr)


def main():
    args = parser().parse_args()
    torch.set_num_threads(1)
    args.data, args.data_weight = split_weights(args.data)

    flows = data.load(args.data, args.seq_len, args.deadline_ms,
                      args.static_inputs)
    if args.holdout_source:
        held = data.split_by_source(flows, args.holdout_source)
        if not held.any():
            sys.exit(f"train: no labelled flow of source "
                     f"{args.holdout_source!r} in the --data sets")
    elif args.holdout > 0:
        among = data.capture_names(args.data[0])
        held = data.split_by_capture(flows, args.holdout, args.seed, among,
                                     args.folds, args.fold)
    else:
        held = np.zeros(len(flows), bool)
    tr, te = flows.subset(~held), flows.subset(held)
    print(f"flows: {len(tr)} training ({len(set(tr.group))} captures), "
          f"{len(te)} held out ({len(set(te.group))} captures)",
          file=sys.stderr)

    n_classes = len(data.CLASSES)
    at_cp = training_at_checkpoints(args, flows, held)
    prefixes = None
    if args.prefix_share > 0 and at_cp:
        prefixes = (np.stack([p.seq for p, _ in at_cp]),
                    np.stack([p.stat for p, _ in at_cp]),
                    np.stack([r for _, r in at_cp]))
    model = train(tr, args, n_classes, prefixes)
    m, _ = netmod.export(model, torch.tensor(tr.seq, dtype=torch.float32),
                         torch.tensor(tr.stat, dtype=torch.float32),
                         args.seq_len, data.CLASSES, data.OTHER, args.name,
                         args.deadline_ms)

    # The gate, from the training flows: histogram centroids of known
    # traffic (no labels used beyond known/other), then the margin below
    # which the network's own decision is too close to call.
    known = tr.y != data.OTHER
    m.centroids, m.dist_max = gate.calibrate(
        tr.hist[known], args.centroids, args.dist_quantile, args.seed)
    with tempfile.NamedTemporaryFile(suffix=".dfim") as tmp:
        tmp.write(dfim.write(m))
        tmp.flush()
        logits = int_logits(tmp.name, tr)
    top2 = np.sort(logits, axis=1)[:, -2:]
    margin = top2[:, 1] - top2[:, 0]
    right = known & (logits.argmax(axis=1) == tr.y)
    m.margin_min = int(np.quantile(margin[right], args.margin_quantile))
    if args.cost_margins > 0:
        q = decision.calibrate(tr, args, n_classes, data.OTHER, train,
                               crossval.tin_map(), args.cost_margins)
        t = decision.thresholds(q, decision.reference(logits, tr.y,
                                                      n_classes, data.OTHER))
        m.class_margin = tuple(0 if c == data.OTHER else int(round(v))
                               for c, v in enumerate(t))
        print("class margins: " + ", ".join(
            f"{c} q={qc:.2f} {v}" for c, qc, v in
            zip(data.CLASSES, q, m.class_margin)), file=sys.stderr)

    if args.checkpoints:
        calibrate_early(m, args, tr, at_cp)

    blob = dfim.write(m)
    with open(args.output, "wb") as f:
        f.write(blob)
    if args.parity:
        c = int_logits(args.output, tr)
        py = np.array([dfim.infer(m, s, t) for s, t in zip(tr.seq, tr.stat)])
        bad = int((c != py).any(axis=1).sum())
        with open(args.parity, "w") as f:
            f.write(f"{len(tr)} {bad}\n")
        print(f"parity: {len(tr)} flows, {bad} differ", file=sys.stderr)
    print(f"wrote {args.output}: {len(blob)} bytes, dist_max {m.dist_max}, "
          f"margin_min {m.margin_min}", file=sys.stderr)

    if len(te):
        rep = evaluate(args.output, te, args.data, args.min_packets, None,
                       args.dump)
        if args.checkpoints:
            rep["no_early"] = evaluate(
                args.output, te, args.data, args.min_packets, None,
                args.dump + ".no-early" if args.dump else None,
                extra=["--no-early"])
        rep["seed"], rep["fold"], rep["folds"] = args.seed, args.fold, args.folds
        rep["heldout_source"] = args.holdout_source
        rep["train_flows"], rep["heldout_captures"] = len(tr), len(set(te.group))
        if args.report:
            with open(args.report, "w") as f:
                json.dump(rep, f, indent=1)
        print(f"held-out macro-F1: {rep.get('macro_f1')}", file=sys.stderr)


if __name__ == "__main__":
    main()
