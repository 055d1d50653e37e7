#!/usr/bin/env python3
"""flowtable.py: the lab run's flows as an operator wants to see them.

  flowtable.py OUT [--model FILE]

OUT is a lab run's output (lab.sh --out): one line per labelled flow with
its 5-tuple, the scenario's application, the class the kernel gave it (the
ct mark of conntrack.txt), the DSCP that class maps to (dscp.txt), and when
it was decided: the packets the verdict saw and the time from the first to
the last of them.  The decision point comes from dfi-eval --dump on the
router's capture (the kernel's own feature code and decision rule; `make
replay` measures their agreement on the packets the kernel saw; this
capture is of the client-side link only, where the server's packets carry
the time they left, not the time the kernel saw them: verdicts can differ); a "!"
marks a flow where dfi-eval's class differs from the kernel's, a "-" one
the router's conntrack listings did not show decided.
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "vm"))
import verify_dscp  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--model", default=os.path.join(TOP, "models",
                                                   "default.dfim"))
    p.add_argument("--mask", type=lambda s: int(s, 0), default=0x1f00)
    a = p.parse_args()
    classes = open(os.path.join(a.out, "classes.txt")).read().split(",")
    classes = [c.strip() for c in classes]
    dscp = {}
    for line in open(os.path.join(a.out, "dscp.txt")):
        f = line.split()
        if len(f) >= 2:
            dscp[f[0]] = " ".join(f[1:])
    kernel = {}
    for l4, cip, cport, sip, sport, mark, _ in \
            verify_dscp.conntrack_acct(os.path.join(a.out, "conntrack.txt")):
        cls = verify_dscp.ct_class(mark, a.mask, classes)
        if cls:
            kernel[(l4, frozenset(((cip, cport), (sip, sport))))] = cls
    apps = {}
    for r in csv.DictReader(open(os.path.join(a.out, "labels.csv"))):
        apps[(r["l4"], frozenset(((r["client_ip"], int(r["client_port"])),
                                  (r["server_ip"], int(r["server_port"])))))
             ] = r["app"]
    with tempfile.NamedTemporaryFile("r") as d:
        subprocess.run([os.path.join(TOP, "userspace", "dfi-eval"),
                        "--model", a.model,
                        "--captures", os.path.join(a.out, "pcap"),
                        "--labels", os.path.join(a.out, "labels.csv"),
                        "--dump", d.name], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = list(csv.DictReader(d, delimiter="\t"))
    fmt = "{:<4} {:<22} {:<22} {:<16} {:<6} {:<9} {:>5} {:>7}"
    print(fmt.format("l4", "client", "server", "application", "class",
                     "DSCP", "pkts", "ms"))
    for r in rows:
        ends = ((r["client_ip"], int(r["client_port"])),
                (r["server_ip"], int(r["server_port"])))
        key = (r["l4"], frozenset(ends))
        cls = kernel.get(key, "-")
        mark = "" if cls in ("-", r["pred"]) else " !"
        print(fmt.format(r["l4"], "%s:%d" % ends[0], "%s:%d" % ends[1],
                         apps.get(key, "?"), cls, dscp.get(cls, "-"),
                         r["pkts"], r["ms"]) + mark)
    return 0


if __name__ == "__main__":
    sys.exit(main())
