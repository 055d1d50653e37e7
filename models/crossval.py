#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""crossval.py OUT.json REPORT.json...: pool the dfi-eval reports of the K
folds of a capture-grouped cross-validation (train.py --folds K --fold i)
into one: the confusion matrices add up, so every flow of the held-out
data set is counted once, scored by a model that never saw its capture.
The scores are recomputed from the pooled matrix with dfi-eval's
definitions (macro-F1 over the five known classes), in total and per
capture source; so is the tin view (cake diffserv4's tins), from the
class -> tin map and the rates' class and tin sets that dfi-eval writes
in its reports (userspace/tinview.c holds the one definition)."""
import json
import os
import subprocess
import sys

KNOWN = ["voice", "video", "game", "file", "web"]
EVAL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "userspace", "dfi-eval")


def tin_map():
    """dfi-eval's default class -> DSCP -> tin map and rate definitions
    (dfi-eval --tin-map), for confusion matrices dfi-eval did not score."""
    out = subprocess.run([EVAL, "--tin-map"], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def tin_view(conf, cls, m):
    """The tin view of the class confusion matrix conf (classes cls) under
    the map m (a dfi-eval report or its --tin-map): tin confusion matrix,
    tin-accuracy and the rates m["tin_rates"] defines (None: no flows)."""
    tins = m["tins"]
    ct = [m["class_tin"][m["classes"].index(c)] for c in cls]
    n, k = len(cls), len(tins)
    tconf = [[0] * k for _ in range(k)]
    for i in range(n):
        for j in range(n):
            tconf[ct[i]][ct[j]] += conf[i][j]
    total = sum(map(sum, conf))
    out = {"tin_confusion": tconf,
           "tin_accuracy": sum(tconf[t][t] for t in range(k)) / total
           if total else None}
    for key, d in m["tin_rates"].items():
        rows = [cls.index(c) for c in d["classes"]]
        into = {tins.index(t) for t in d["tins"]}
        den = sum(sum(conf[i]) for i in rows)
        num = sum(conf[i][j] for i in rows for j in range(n) if ct[j] in into)
        out[key] = num / den if den else None
    return out


def scores(conf, cls):
    """dfi-eval's scores of a class confusion matrix."""
    n = len(cls)
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
    return {
        "confusion": conf, "per_class": per,
        "flows_evaluated": sum(map(sum, conf)),
        "unknown_detection_rate": conf[o][o] / max(1, sum(conf[o])),
        "false_unknown_rate": sum(conf[i][o] for i in known) / max(1, n_known),
        "macro_f1": sum(per[c]["f1"] for c in KNOWN) / len(KNOWN),
    }


def add(a, b):
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def pooled(reports, tins=None):
    """The reports pooled; tins: the tin map when the reports have none
    (not dfi-eval's: floatcv.py), else the reports' own, which must agree."""
    cls = reports[0]["classes"]
    conf = reports[0]["confusion"]
    for r in reports[1:]:
        conf = add(conf, r["confusion"])
    out = dict(reports[0])
    out.update(scores(conf, cls))
    out.update({
        "heldout_captures": sum(r.get("heldout_captures", 0) for r in reports),
        "folds": len(reports),
    })
    m = tins or reports[0]
    if "class_tin" not in m:
        return out
    if any(r.get("class_tin", m["class_tin"]) != m["class_tin"]
           for r in reports):
        sys.exit("crossval: the reports were scored under different tin maps")
    out.update(tin_view(conf, cls, m))
    src = {}
    for r in reports:
        for name, s in r.get("sources", {}).items():
            src[name] = add(src[name], s["confusion"]) if name in src \
                else s["confusion"]
    if src:
        out["sources"] = {name: {**scores(c, cls), **tin_view(c, cls, m)}
                          for name, c in sorted(src.items())}
    return out


def rate(x):
    return "-" if x is None else f"{x:.3f}"


def main():
    reports = [json.load(open(p)) for p in sys.argv[2:]]
    out = pooled(reports)
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
    tins = ""
    if "tin_accuracy" in out:
        tins = (f", tin-accuracy {rate(out['tin_accuracy'])}, "
                f"priority-inflation {rate(out['priority_inflation'])}, "
                f"realtime-miss {rate(out['realtime_miss'])}, "
                f"bulk-false {rate(out['bulk_false'])}")
    print(f"pooled {len(reports)} folds: {out['flows_evaluated']} flows, "
          f"macro-F1 {out['macro_f1']:.3f}{tins}")


if __name__ == "__main__":
    main()
