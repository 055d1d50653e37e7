#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""report.py MAIN.json [--runs LABEL=a.json,b.json ...]: the evaluation of
a model (dfi-eval --json output, as train.py --report writes it) as
Markdown: per-class precision/recall/F1, confusion matrix, unknown
detection; --runs adds a table of macro-F1 over several runs (seeds, N)."""
import json
import statistics
import sys


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
    args = sys.argv[2:]
    if args and args[0] == "--runs":
        out.append("| runs | macro-F1 per run | mean | unknown detection | false unknown |")
        out.append("|---|---|---:|---:|---:|")
        for spec in args[1:]:
            label, files = spec.split("=", 1)
            rs = [json.load(open(f)) for f in files.split(",")]
            f1 = [x["macro_f1"] for x in rs]
            out.append(f"| {label} | " + ", ".join(f"{v:.3f}" for v in f1)
                       + f" | {statistics.mean(f1):.3f} | "
                       + f"{statistics.mean(x['unknown_detection_rate'] for x in rs):.2f} | "
                       + f"{statistics.mean(x['false_unknown_rate'] for x in rs):.2f} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
