#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tinview_check.py REPORT.json DUMP.tsv: dfi-eval's tin view (--json)
against its own per-flow dump (--dump), recomputed here: the class
confusion matrix, in total and per capture source (the file name up to
its first '-' or '_'), rebuilt from the dump's (true, pred) pairs, and
crossval.py's tin view of it (the Python side) equal to dfi-eval's
figures.  The sources are models/data.py's (what train.py --holdout-source
and floatcv.py --by-source hold out): they must be dfi-eval's.  Prints TAP lines without a plan (tests/data-real.sh numbers
them) as "OK|NOT description"."""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "models"))
import crossval  # noqa: E402
import data  # noqa: E402

KEYS = ["tin_confusion", "tin_accuracy", "priority_inflation",
        "realtime_miss", "bulk_false", "macro_f1"]


def same(a, b):
    if isinstance(a, list):
        return a == b
    if a is None or b is None:
        return a is b
    return abs(a - b) < 5e-6


def main():
    rep = json.load(open(sys.argv[1]))
    cls = rep["classes"]
    n = len(cls)
    total = [[0] * n for _ in range(n)]
    src = {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t, p = cls.index(row["true"]), cls.index(row["pred"])
            total[t][p] += 1
            s = data.source(row["pcap"])
            src.setdefault(s, [[0] * n for _ in range(n)])[t][p] += 1
    ok = total == rep["confusion"] and \
        {k: v["confusion"] for k, v in rep["sources"].items()} == src
    print(("OK" if ok else "NOT") + " the dump's flows make the report's "
          f"confusion matrices ({sum(map(sum, total))} flows, "
          f"{len(src)} sources)")
    bad = []
    for name, conf, r in [("total", total, rep)] + [
            (k, src.get(k, total), v) for k, v in rep["sources"].items()]:
        py = {**crossval.scores(conf, cls), **crossval.tin_view(conf, cls, rep)}
        bad += [f"{name} {k}: dfi-eval {r[k]} python {py[k]}"
                for k in KEYS if not same(r[k], py[k])]
    for b in bad:
        print("# " + b)
    print(("NOT" if bad else "OK") + " crossval.py's tin view of the dump "
          "equals dfi-eval's, in total and per source")


if __name__ == "__main__":
    main()
