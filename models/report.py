#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""report.py MAIN.json [--runs LABEL=a.json,b.json ...]: the evaluation of
a model (dfi-eval --json output, as train.py --report writes it) as
Markdown: per-class precision/recall/F1, confusion matrix, unknown
detection, the tin view (cake diffserv4) in total and per capture
source; --runs adds a table of macro-F1 and tin figures over several
runs (seeds, N)."""
import json
import statistics
import sys


TIN_RATES = ["tin_accuracy", "priority_inflation", "realtime_miss",
             "bulk_false"]


def rate(x):
    return "–" if x is None else f"{x:.3f}"


def mean_rate(rs, key):
    """The mean of a tin figure over runs (– if a run lacks it)."""
    xs = [x.get(key) for x in rs]
    return "–" if None in xs else f"{statistics.mean(xs):.3f}"


def tin_tables(r):
    """The tin view of a report: tin confusion matrix, the rates in total
    and per capture source."""
    tins = r["tins"]
    out = ["Tin confusion matrix (cake diffserv4; rows: the true class's "
           "tin, columns: the predicted class's):\n",
           "| | " + " | ".join(tins) + " |", "|---|" + "---:|" * len(tins)]
    for t, row in zip(tins, r["tin_confusion"]):
        out.append(f"| **{t}** | " + " | ".join(map(str, row)) + " |")
    out += ["", "| source | flows | macro-F1 | "
            + " | ".join(k.replace("_", "-") for k in TIN_RATES) + " |",
            "|---|---:|---:|" + "---:|" * len(TIN_RATES)]
    rows = [("**all**", r)] + sorted(r.get("sources", {}).items())
    for name, s in rows:
        out.append(f"| {name} | {s['flows_evaluated']} | {s['macro_f1']:.3f} | "
                   + " | ".join(rate(s[k]) for k in TIN_RATES) + " |")
    out.append("")
    return out


def main():
    main_json = json.load(open(sys.argv[1]))
    r = main_json
    cls = r["classes"]
    out = []
    out.append(f"Model `{r['model']}`, seq_len {r['seq_len']}, deadline "
               f"{r['deadline_ms']} ms; {r['flows_evaluated']} held-out flows "
               f"of {r.get('heldout_captures', '?')} captures.\n")
    out.append("| class | precision | recall | F1 | flows | predicted |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for c in cls:
        p = r["per_class"][c]
        out.append(f"| {c} | {p['precision']:.3f} | {p['recall']:.3f} | "
                   f"{p['f1']:.3f} | {p['support']} | {p['predicted']} |")
    out.append("")
    out.append("Confusion matrix (rows: true class, columns: predicted):\n")
    out.append("| | " + " | ".join(cls) + " |")
    out.append("|---|" + "---:|" * len(cls))
    for c, row in zip(cls, r["confusion"]):
        out.append(f"| **{c}** | " + " | ".join(map(str, row)) + " |")
    out.append("")
    out.append(f"Unknown detection rate {r['unknown_detection_rate']:.3f}, "
               f"false-unknown rate {r['false_unknown_rate']:.3f}; "
               f"**macro-F1 {r['macro_f1']:.3f}**.\n")
    if "tin_confusion" in r:
        out += tin_tables(r)
    args = sys.argv[2:]
    if args and args[0] == "--runs":
        out.append("| runs | macro-F1 per run | mean | unknown detection | false unknown "
                   "| tin-accuracy | priority-inflation | realtime-miss | bulk-false |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for spec in args[1:]:
            label, files = spec.split("=", 1)
            rs = [json.load(open(f)) for f in files.split(",")]
            f1 = [x["macro_f1"] for x in rs]
            out.append(f"| {label} | " + ", ".join(f"{v:.3f}" for v in f1)
                       + f" | {statistics.mean(f1):.3f} | "
                       + f"{statistics.mean(x['unknown_detection_rate'] for x in rs):.2f} | "
                       + f"{statistics.mean(x['false_unknown_rate'] for x in rs):.2f} | "
                       + " | ".join(mean_rate(rs, k) for k in TIN_RATES) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
