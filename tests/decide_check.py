#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""decide_check.py MODEL DUMP: the decision rule of models/dfim.py
(decide(): argmax, margin, gate, the margin each class needs) against the
shared core's (dfi_gate(), through dfi-eval --dump): from every dumped
flow's logits and distance, Python must find the dump's class, reason and
margin.  Prints one TAP line without a number (tests/data-real.sh numbers
it) as "OK|NOT description"."""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "models"))
import dfim  # noqa: E402

# dfi-eval's names of dfi_gate()'s reasons
REASONS = {"known": dfim.KNOWN, "class": dfim.UNKNOWN_CLASS,
           "distance": dfim.UNKNOWN_DISTANCE, "margin": dfim.UNKNOWN_MARGIN}


def main():
    m = dfim.read(open(sys.argv[1], "rb").read())
    n, bad, by = 0, [], {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            logits = [int(v) for v in row["logits"].split(",")]
            cls, _, reason, margin = dfim.decide(m, logits, int(row["dist"]))
            got = (m.classes[cls], reason, margin)
            want = (row["pred"], REASONS[row["reason"]], int(row["margin"]))
            n += 1
            by[row["reason"]] = by.get(row["reason"], 0) + 1
            if got != want:
                bad.append(f"{row['pcap']} {row['client_port']}: python "
                           f"{got}, dfi-eval {want}")
    for b in bad[:10]:
        print("# " + b)
    per = ", ".join(f"{k} {v}" for k, v in sorted(by.items()))
    rule = "a margin per class" if m.class_margin else "margin_min"
    print(("NOT" if bad or not n else "OK") + f" dfim.decide() = dfi_gate() "
          f"on {n} flows ({per}; {rule}), {len(bad)} differ")


if __name__ == "__main__":
    main()
