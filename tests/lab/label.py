#!/usr/bin/env python3
"""label.py: labels.csv for a lab capture, in ../shared/data/real's format.

  label.py PCAP [--scenarios FILE] [--min-packets 4] -o LABELS

A flow is the L4 protocol and the unordered pair of endpoints over the
whole capture; its client is the sender of its first packet.  A flow is
labelled with the scenario whose server (scenarios.txt) is one of its
endpoints; flows of fewer than 4 packets, and flows no scenario claims,
stay unlabelled, as in the real data sets.
"""
import argparse
import csv
import os
import sys

import scenarios

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "vm"))
import pcapread  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pcap")
    p.add_argument("--scenarios")
    p.add_argument("--min-packets", type=int, default=4)
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    rows = scenarios.load(a.scenarios)
    flows = {}
    for _, l4, src, sport, dst, dport, _, _ in pcapread.packets(a.pcap):
        key = (l4, frozenset(((src, sport), (dst, dport))))
        f = flows.setdefault(key, [l4, src, sport, dst, dport, 0])
        f[5] += 1
    name = os.path.basename(a.pcap)
    n = 0
    with open(a.output, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(("pcap", "l4", "client_ip", "client_port", "server_ip",
                    "server_port", "class", "app", "packets"))
        for l4, cip, cport, sip, sport, pk in flows.values():
            r = (scenarios.match(rows, l4, sip, sport) or
                 scenarios.match(rows, l4, cip, cport))
            if r is None or pk < a.min_packets:
                continue
            w.writerow((name, l4, cip, cport, sip, sport, r["class"],
                        r["app"], pk))
            n += 1
    print(f"label: {n} labelled flows of {len(flows)} in {name}")
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main())
