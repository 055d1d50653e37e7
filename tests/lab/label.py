#!/usr/bin/env python3
"""label.py: labels.csv for lab captures, in ../shared/data/real's format.

  label.py PCAP... [--scenarios FILE] [--min-packets 4]
           [--first N --trimmed DIR [--snap BYTES]] -o LABELS

A flow is the L4 protocol and the unordered pair of endpoints over the
whole capture; its client is the sender of its first packet.  A flow is
labelled with the scenario whose server (scenarios.txt) is one of its
endpoints; flows of fewer than 4 packets, and flows no scenario claims,
stay unlabelled, as in the real data sets.  --first N --trimmed DIR: also
write each capture to DIR cut to the first N packets of every flow (as the
real data sets trim large captures), each packet cut to BYTES (default
96: the headers dfi reads), and label those instead.
"""
import argparse
import csv
import os
import struct
import sys

import scenarios

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "vm"))
import pcapread  # noqa: E402


def snap(rec, n, head):
    """The record cut to n bytes of packet (caplen rewritten)."""
    end = pcapread.byte_order(head)
    sec, frac, caplen, length = struct.unpack(end + "IIII", rec[:16])
    if caplen <= n:
        return rec
    return struct.pack(end + "IIII", sec, frac, n, length) + rec[16:16 + n]


def label(path, rows, a, w):
    """Label one capture (and write its trimmed copy); returns the counts
    of labelled flows and of all flows."""
    flows = {}
    it = pcapread.records(path)
    head = next(it, None)
    name = os.path.basename(path)
    out = None
    if a.trimmed:
        out = open(os.path.join(a.trimmed, name), "wb")
        if head:
            out.write(head)
    for rec, _, pk in it:
        if not pk:
            continue
        l4, src, sport, dst, dport = pk[:5]
        key = (l4, frozenset(((src, sport), (dst, dport))))
        f = flows.setdefault(key, [l4, src, sport, dst, dport, 0])
        if a.first and f[5] >= a.first:
            continue
        f[5] += 1
        if out:
            out.write(snap(rec, a.snap, head))
    if out:
        out.close()
    n = 0
    for l4, cip, cport, sip, sport, pk in flows.values():
        r = (scenarios.match(rows, l4, sip, sport) or
             scenarios.match(rows, l4, cip, cport))
        if r is None or pk < a.min_packets:
            continue
        w.writerow((name, l4, cip, cport, sip, sport, r["class"],
                    r["app"], pk))
        n += 1
    return n, len(flows)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pcap", nargs="+")
    p.add_argument("--scenarios")
    p.add_argument("--min-packets", type=int, default=4)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--trimmed")
    p.add_argument("--snap", type=int, default=96)
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    if bool(a.first) != bool(a.trimmed):
        p.error("--first and --trimmed go together")
    rows = scenarios.load(a.scenarios)
    n = total = 0
    with open(a.output, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(("pcap", "l4", "client_ip", "client_port", "server_ip",
                    "server_port", "class", "app", "packets"))
        for path in a.pcap:
            k, m = label(path, rows, a, w)
            n += k
            total += m
    print(f"label: {n} labelled flows of {total} in {len(a.pcap)} captures")
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main())
