#!/usr/bin/env python3
"""verify_dscp.py: did the router mark each classified flow's packets?

  verify_dscp.py --conntrack FILE --mask M --classes a,b,... --map a=N,...
                 --c2s PCAP --s2c PCAP [--seq-len N]

FILE is `conntrack -L` of the router; a flow's class is the value of its
ct mark bits M minus one (dfi's encoding).  PCAP c2s was captured behind
the router on the server side, s2c on the client side.  For each flow
with a class, in each direction: packets keep the DSCP they were sent
with (0) until the decision, then carry the class's DSCP to the end; the
unmarked packets of both directions together are fewer than seq_len + 1.
Prints a TAP line per flow and direction; exit 1 on any failure.
"""
import argparse
import re
import socket
import struct
import sys


def packets(path):
    """(proto, src, sport, dst, dport, dscp) per TCP/UDP packet."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    link = struct.unpack(end + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if link == 1:
            etype = struct.unpack("!H", pkt[12:14])[0]
            pkt = pkt[14:]
        elif link == 113:	# Linux cooked
            etype = struct.unpack("!H", pkt[14:16])[0]
            pkt = pkt[16:]
        else:
            continue
        if etype == 0x0800 and len(pkt) >= 20:
            ihl = (pkt[0] & 15) * 4
            dscp, proto = pkt[1] >> 2, pkt[9]
            src = socket.inet_ntop(socket.AF_INET, pkt[12:16])
            dst = socket.inet_ntop(socket.AF_INET, pkt[16:20])
            l4 = pkt[ihl:]
        elif etype == 0x86dd and len(pkt) >= 40:
            dscp = ((pkt[0] & 15) << 2) | (pkt[1] >> 6)
            proto = pkt[6]
            src = socket.inet_ntop(socket.AF_INET6, pkt[8:24])
            dst = socket.inet_ntop(socket.AF_INET6, pkt[24:40])
            l4 = pkt[40:]
        else:
            continue
        if proto not in (6, 17) or len(l4) < 4:
            continue
        sport, dport = struct.unpack("!HH", l4[:4])
        yield ("tcp" if proto == 6 else "udp", src, sport, dst, dport, dscp)


def conntrack(path, mask):
    shift = (mask & -mask).bit_length() - 1
    for line in open(path):
        m = re.match(r"(tcp|udp)\s", line)
        mk = re.search(r"\bmark=(\d+)", line)
        kv = re.findall(r"\b(src|dst|sport|dport)=(\S+)", line)
        if not m or not mk or len(kv) < 4:
            continue
        t = dict(kv[:4])
        state = (int(mk.group(1)) & mask) >> shift
        yield (m.group(1), t["src"], int(t["sport"]), t["dst"],
               int(t["dport"]), state)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--conntrack", required=True)
    p.add_argument("--mask", type=lambda s: int(s, 0), required=True)
    p.add_argument("--classes", required=True)
    p.add_argument("--map", required=True)
    p.add_argument("--c2s", required=True)
    p.add_argument("--s2c", required=True)
    p.add_argument("--seq-len", type=int, default=32)
    a = p.parse_args()
    classes = a.classes.split(",")
    dmap = {k: int(v) for k, v in (x.split("=") for x in a.map.split(","))}
    c2s = list(packets(a.c2s))
    s2c = list(packets(a.s2c))
    n = fails = 0
    for proto, cip, cport, sip, sport, state in conntrack(a.conntrack, a.mask):
        if not 1 <= state <= len(classes):
            continue
        cls = classes[state - 1]
        want = dmap[cls]
        unmarked = 0
        for name, pk, key in (
                ("c2s", c2s, (proto, cip, cport, sip, sport)),
                ("s2c", s2c, (proto, sip, sport, cip, cport))):
            seq = [d for (*k, d) in pk if tuple(k) == key]
            first = next((i for i, d in enumerate(seq) if d == want),
                         len(seq))
            ok = (len(seq) > first and all(d == 0 for d in seq[:first]) and
                  all(d == want for d in seq[first:]))
            unmarked += first
            n += 1
            fails += not ok
            print(f"{'ok' if ok else 'not ok'} - {proto} {cip}:{cport} -> "
                  f"{sip}:{sport} {name}: class {cls}, DSCP {want} from "
                  f"packet {first + 1} of {len(seq)} "
                  f"(seen: {sorted(set(seq))})")
        n += 1
        ok = unmarked <= a.seq_len
        fails += not ok
        print(f"{'ok' if ok else 'not ok'} - {proto} {cip}:{cport}: "
              f"{unmarked} packets before the decision (<= {a.seq_len})")
    if n == 0:
        print("not ok - no classified flow in the conntrack table")
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
