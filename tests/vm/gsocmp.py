#!/usr/bin/env python3
"""gsocmp.py UNKNOWN_CSV FEATURES_TSV PCAP CPORT...: for each flow of
client port CPORT, the packets the kernel recorded (the unknown-flow
cache's export, `dficlt unknown dump --format csv`) against those the
offline decoder computes from the router's capture (dfi-features'
output): one line per flow, "cport PORT agg A kernel N offline M
same-sizes yes|no same-gaps yes|no" (gaps: the gap and flag byte), A being the flow's captured packets of IP length
above 1500 (GRO/GSO aggregates).  Exits 1 unless every flow is in both
with the same packet count and sizes (size bytes: direction and size).
"""
import csv
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import pcapread  # noqa: E402


def sizes(pkts):
    b = bytes.fromhex(pkts)
    return list(b[0::2])


def gaps(pkts):
    b = bytes.fromhex(pkts)
    return list(b[1::2])


def main():
    unk, feat, pcap = sys.argv[1:4]
    ports = [int(p) for p in sys.argv[4:]]
    kern = {}
    with open(unk) as f:
        for r in csv.DictReader(f):
            kern[int(r["client_port"])] = r["pkts"]
    off = {}
    with open(feat) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 13 and c[3].isdigit():
                off[int(c[3])] = c[12]
    agg = {}
    for p in pcapread.packets(pcap):
        _, _, _, sport, _, dport, _, iplen = p
        for port in (sport, dport):
            if port in ports and iplen > 1500:
                agg[port] = agg.get(port, 0) + 1
    rc = 0
    for port in ports:
        k, o = kern.get(port), off.get(port)
        same = k is not None and o is not None and sizes(k) == sizes(o)
        same_gaps = same and gaps(k) == gaps(o)
        print("cport %d agg %d kernel %s offline %s same-sizes %s "
              "same-gaps %s" % (
                  port, agg.get(port, 0), len(k) // 4 if k else "-",
                  len(o) // 4 if o else "-", "yes" if same else "no",
                  "yes" if same_gaps else "no"))
        if not same_gaps:
            print("# kernel  %s" % (k and list(zip(sizes(k), gaps(k)))))
            print("# offline %s" % (o and list(zip(sizes(o), gaps(o)))))
        if not same:
            rc = 1
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
