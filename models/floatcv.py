#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Quick capture-grouped cross-validation of the float network, for
exploring recipes before the full pipeline:

  /usr/bin/python3 models/floatcv.py --data ../shared/data/real \
      --data ../shared/data/real-extra [--data models/lab@0.25] \
      [--members 3] [--seeds 1,2,3] [any training option of train.py]

Training options (--c1, --c2, --epochs, --other-weight, ...) and their
defaults are train.py's; its --folds (3 here when not given) and --seed
deal the first --data set's captures into folds exactly as
`train.py --folds K --fold i --seed S` does.  Each fold is scored by
networks trained on the other folds and every other data set: one per
seed of --seeds; --members M > 1 also scores the ensembles of M
consecutive seeds (softmax outputs averaged).  Scores are those of
crossval.py (macro-F1 over the five known classes and the tin view under
dfi's default DSCP map, flows of at least --min-packets packets), computed on the float network's argmax from the
flows' feature-extractor inputs: no quantization, no gate, no dfi-eval.
--by-source holds out instead each source (a capture's file name up to
its first '-' or '_') of the --data sets given without @WEIGHT, one after
another (leave-one-source-out): every flow of those sets is scored by
networks that never saw a capture of its collection, and the pooled
figures are printed per source as well.
They approximate, not replace, the figures of Documentation/evaluation.md
(for the default recipe, seed 1: 0.457 here against 0.450 by the full
pipeline).  Trainings run one after another, about 35 s each here.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# train first: it holds oneDNN to AVX2 before torch is loaded
import train  # noqa: E402
import crossval  # noqa: E402
import data  # noqa: E402
import decision  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402


def confusion(y, pred, n):
    m = np.zeros((n, n), np.int64)
    np.add.at(m, (y, pred), 1)
    return m


def report(y, pred, n, captures, src):
    """A fold's report as dfi-eval writes it, per source as well."""
    return {"classes": data.CLASSES,
            "confusion": confusion(y, pred, n).tolist(),
            "flows_evaluated": len(y), "heldout_captures": captures,
            "sources": {name: {"confusion": confusion(
                y[src == name], pred[src == name], n).tolist()}
                for name in sorted(set(src))}}


def line(tag, rep):
    f1 = " ".join(f"{c} {rep['per_class'][c]['f1']:.3f}"
                  for c in data.CLASSES)
    return (f"{tag}: macro-F1 {rep['macro_f1']:.3f} over "
            f"{rep['flows_evaluated']} flows ({f1}; unknown "
            f"detection {rep['unknown_detection_rate']:.3f}, false unknown "
            f"{rep['false_unknown_rate']:.3f}; tin-accuracy "
            f"{crossval.rate(rep['tin_accuracy'])}, priority-inflation "
            f"{crossval.rate(rep['priority_inflation'])}, realtime-miss "
            f"{crossval.rate(rep['realtime_miss'])}, bulk-false "
            f"{crossval.rate(rep['bulk_false'])})")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seeds", default="1,2,3",
                   help="training seeds, comma-separated")
    p.add_argument("--members", type=int, default=1)
    p.add_argument("--by-source", action="store_true",
                   help="leave one source out instead of capture folds")
    p.add_argument("--cost-margins", type=float, default=0.0,
                   metavar="SHARE",
                   help="also score each network with train.py's "
                   "margin_min and with margins per class fitted as "
                   "train.py --cost-margins SHARE does")
    args, rest = p.parse_known_args()
    targs = train.parser().parse_args(rest + ["-o", os.devnull])
    torch.set_num_threads(1)
    dirs, targs.data_weight = train.split_weights(targs.data)
    folds_n, fold_seed = targs.folds or 3, targs.seed
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.members > 1 and len(seeds) % args.members:
        p.error("--seeds must hold a whole number of ensembles")

    tins = crossval.tin_map()
    flows = data.load(dirs, targs.seq_len, targs.deadline_ms,
                      targs.static_inputs)
    among = data.capture_names(dirs[0])
    n = len(data.CLASSES)
    probs = {s: [] for s in seeds}
    rules = {s: {"margin_min": [], "cost margins": []} for s in seeds}
    folds = []
    if args.by_source:
        names = data.sources(d for d in dirs if d not in targs.data_weight)
        print("sources held out one at a time: " + ", ".join(names))
        folds_n = len(names)
    for k in range(folds_n):
        if args.by_source:
            held = data.split_by_source(flows, names[k])
        else:
            held = data.split_by_capture(flows, 0, fold_seed, among,
                                         folds_n, k)
        tr, te = flows.subset(~held), flows.subset(held)
        keep = te.packets >= targs.min_packets
        folds.append((te.y[keep], len(set(te.group)),
                      np.array([data.source(g) for g in te.group[keep]])))
        x = (torch.tensor(te.seq[keep], dtype=torch.float32),
             torch.tensor(te.stat[keep], dtype=torch.float32))
        for s in seeds:
            targs.seed = s
            net = train.train(tr, targs, n)
            with torch.no_grad():
                lg = net(*x)
                probs[s].append(torch.softmax(lg, 1).numpy())
            if args.cost_margins > 0:
                lg, own = lg.numpy(), decision.float_logits(net, tr)
                t0 = decision.margin_min(own, tr.y, data.OTHER,
                                         targs.margin_quantile)
                q = decision.calibrate(tr, targs, n, data.OTHER, train.train,
                                       tins, args.cost_margins)
                t = decision.thresholds(q, decision.reference(
                    own, tr.y, n, data.OTHER))
                rules[s]["margin_min"].append(
                    decision.decide(lg, [t0] * n, data.OTHER))
                rules[s]["cost margins"].append(
                    decision.decide(lg, t, data.OTHER))
                print(f"# fold {k} seed {s}: quantiles " + " ".join(
                    f"{c} {v:.2f}" for c, v in zip(data.CLASSES, q)))

    def pooled(per_fold, decided=False):
        return crossval.pooled([
            report(y, pr if decided else pr.argmax(1), n, caps, src)
            for (y, caps, src), pr in zip(folds, per_fold)], tins)

    scores = []
    for s in seeds:
        rep = pooled(probs[s])
        scores.append(rep["macro_f1"])
        print(line(f"seed {s}", rep))
        if args.by_source:
            for name, r in rep["sources"].items():
                print(line(f"  {name}", r))
        for rule, per_fold in rules[s].items():
            if per_fold:
                print(line(f"seed {s} {rule}", pooled(per_fold, True)))
    print(f"single networks: macro-F1 mean {np.mean(scores):.3f} "
          f"sd {np.std(scores, ddof=1) if len(scores) > 1 else 0:.3f}")
    if args.members > 1:
        scores = []
        for i in range(0, len(seeds), args.members):
            group = seeds[i:i + args.members]
            avg = [sum(probs[s][k] for s in group)
                   for k in range(folds_n)]
            rep = pooled(avg)
            scores.append(rep["macro_f1"])
            print(line("ensemble of seeds " + ",".join(map(str, group)),
                       rep))
        if len(scores) > 1:
            print(f"ensembles: macro-F1 mean {np.mean(scores):.3f} "
                  f"sd {np.std(scores, ddof=1):.3f}")


if __name__ == "__main__":
    main()
