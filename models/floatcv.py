#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Quick capture-grouped cross-validation of the float network, for
exploring recipes before the full pipeline:

  /usr/bin/python3 models/floatcv.py --data ../shared/data/real \
      --data ../shared/data/real-extra [--data models/lab@0.25] \
      [--members 3] [--c1 8 --c2 12] [--seeds 1,2,3]

The first --data set's captures are dealt into --folds folds exactly as
`train.py --folds K --fold i` deals them; each fold is scored by networks
trained on the other folds and every other data set.  Each seed trains
one network per fold; --members M > 1 also scores the ensemble of M
consecutive seeds (softmax outputs averaged).  Scores are those of
crossval.py (macro-F1 over the five known classes, flows of at least
--min-packets packets), computed on the float network's argmax from the
flows' feature-extractor inputs: no quantization, no gate, no dfi-eval.
They approximate, not replace, the figures of Documentation/evaluation.md
(for the default recipe, seed 1: 0.457 here against 0.450 by the full
pipeline).  Trainings run one after another, about 35 s each here.
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crossval  # noqa: E402
import data  # noqa: E402
import train  # noqa: E402


def confusion(y, pred, n):
    m = np.zeros((n, n), np.int64)
    np.add.at(m, (y, pred), 1)
    return m


def report(conf, flows):
    return {"classes": data.CLASSES, "confusion": conf.tolist(),
            "flows_evaluated": int(conf.sum()), "heldout_captures": flows}


def line(tag, rep):
    f1 = " ".join(f"{c} {rep['per_class'][c]['f1']:.3f}"
                  for c in data.CLASSES)
    return (f"{tag}: macro-F1 {rep['macro_f1']:.3f} ({f1}; unknown "
            f"detection {rep['unknown_detection_rate']:.3f}, false unknown "
            f"{rep['false_unknown_rate']:.3f})")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", action="append", required=True)
    p.add_argument("--folds", type=int, default=3)
    p.add_argument("--fold-seed", type=int, default=1,
                   help="the seed train.py deals folds with (its --seed)")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--members", type=int, default=1)
    p.add_argument("--seq-len", type=int, default=32)
    p.add_argument("--deadline-ms", type=int, default=2000)
    p.add_argument("--min-packets", type=int, default=8)
    p.add_argument("--c1", type=int, default=12)
    p.add_argument("--c2", type=int, default=24)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--epochs", type=int, default=120)
    p.add_argument("--other-weight", type=float, default=0.5)
    p.add_argument("--class-power", type=float, default=0.7)
    args = p.parse_args()
    torch.set_num_threads(1)
    dirs, weights = train.split_weights(args.data)
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.members > 1 and len(seeds) % args.members:
        p.error("--seeds must hold a whole number of ensembles")

    # train.train's settings: its defaults, with this tool's overrides.
    targs = argparse.Namespace(
        lr=3e-3, weight_decay=1e-3, pool=2, damping=0.5,
        label_smoothing=0.0, port_dropout=0.0, static_scale="flat", ema=0.0,
        verbose=False, data_weight=weights, epochs=args.epochs, c1=args.c1,
        c2=args.c2, hidden=args.hidden, other_weight=args.other_weight,
        class_power=args.class_power)
    flows = data.load(dirs, args.seq_len, args.deadline_ms)
    among = data.capture_names(dirs[0])
    n = len(data.CLASSES)
    probs = {s: [] for s in seeds}
    folds = []
    for k in range(args.folds):
        held = data.split_by_capture(flows, 0, args.fold_seed, among,
                                     args.folds, k)
        tr, te = flows.subset(~held), flows.subset(held)
        keep = te.packets >= args.min_packets
        folds.append((te.y[keep], len(set(te.group))))
        x = (torch.tensor(te.seq[keep], dtype=torch.float32),
             torch.tensor(te.stat[keep], dtype=torch.float32))
        for s in seeds:
            targs.seed = s
            net = train.train(tr, targs, n)
            with torch.no_grad():
                probs[s].append(torch.softmax(net(*x), 1).numpy())

    def pooled(per_fold):
        return crossval.pooled([
            report(confusion(y, pr.argmax(1), n), caps)
            for (y, caps), pr in zip(folds, per_fold)])

    scores = []
    for s in seeds:
        rep = pooled(probs[s])
        scores.append(rep["macro_f1"])
        print(line(f"seed {s}", rep))
    print(f"single networks: macro-F1 mean {np.mean(scores):.3f} "
          f"sd {np.std(scores, ddof=1) if len(scores) > 1 else 0:.3f}")
    if args.members > 1:
        scores = []
        for i in range(0, len(seeds), args.members):
            group = seeds[i:i + args.members]
            avg = [sum(probs[s][k] for s in group)
                   for k in range(args.folds)]
            rep = pooled(avg)
            scores.append(rep["macro_f1"])
            print(line("ensemble of seeds " + ",".join(map(str, group)),
                       rep))
        if len(scores) > 1:
            print(f"ensembles: macro-F1 mean {np.mean(scores):.3f} "
                  f"sd {np.std(scores, ddof=1):.3f}")


if __name__ == "__main__":
    main()
