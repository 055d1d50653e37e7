#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""crossval.py OUT.json REPORT.json...: pool the dfi-eval reports of the K
folds of a capture-grouped cross-validation (train.py --folds K --fold i)
into one: the confusion matrices add up, so every flow of the held-out
data set is counted once, scored by a model that never saw its capture.
The scores are recomputed from the pooled matrix with dfi-eval's
definitions (macro-F1 over the five known classes)."""
import json
import sys

KNOWN = ["voice", "video", "game", "file", "web"]


def pooled(reports):
    cls = reports[0]["classes"]
    n = len(cls)
    conf = [[sum(r["confusion"][i][j] for r in reports) for j in range(n)]
            for i in range(n)]
    per = {}
    for i, c in enumerate(cls):
        tp = conf[i][i]
        support = sum(conf[i])
        predicted = sum(conf[k][i] for k in range(n))
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per[c] = {"precision": p, "recall": r, "f1": f1,
                  "support": support, "predicted": predicted}
    o = cls.index("other")
    known = [i for i, c in enumerate(cls) if c != "other"]
    n_known = sum(sum(conf[i]) for i in known)
    out = dict(reports[0])
    out.update({
        "confusion": conf, "per_class": per,
        "flows_evaluated": sum(r["flows_evaluated"] for r in reports),
        "heldout_captures": sum(r.get("heldout_captures", 0) for r in reports),
        "unknown_detection_rate": conf[o][o] / max(1, sum(conf[o])),
        "false_unknown_rate": sum(conf[i][o] for i in known) / max(1, n_known),
        "macro_f1": sum(per[c]["f1"] for c in KNOWN) / len(KNOWN),
        "folds": len(reports),
    })
    return out


def main():
    reports = [json.load(open(p)) for p in sys.argv[2:]]
    out = pooled(reports)
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
    print(f"pooled {len(reports)} folds: {out['flows_evaluated']} flows, "
          f"macro-F1 {out['macro_f1']:.3f}")


if __name__ == "__main__":
    main()
