#!/usr/bin/env python3
"""verify_dscp.py: did the router mark each classified flow's packets?

  verify_dscp.py --conntrack FILE --mask M --classes a,b,... --map a=N,...
                 --c2s PCAP --s2c PCAP [--seq-len N]

FILE is `conntrack -L` of the router; a flow's class is the value of its
ct mark bits M minus one (dfi's encoding): its class identity, the
position of its name in --classes (lib.sh's dfi_classes: "-" for none).  PCAP c2s was captured behind
the router on the server side, s2c on the client side.  For each flow
with a class, in each direction: packets keep the DSCP they were sent
with (0) until the decision, then carry the class's DSCP to the end; the
unmarked packets of both directions together are fewer than seq_len + 1.
Prints a TAP line per flow and direction; exit 1 on any failure.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import pcapread


def packets(path):
    """(proto, src, sport, dst, dport, dscp) per TCP/UDP packet."""
    for _, *k, dscp, _ in pcapread.packets(path):
        yield (*k, dscp)


def _diffserv4():
    """cake diffserv4's tin of each DSCP (net/sched/sch_cake.c, diffserv4[])
    and the tins' names, from the one table dfi-eval's tin view uses
    (include/dfi/tin.h, checked against the kernel's by tinview_test)."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    m = json.loads(subprocess.run(
        [os.path.join(top, "userspace", "dfi-eval"), "--tin-map"],
        capture_output=True, text=True, check=True).stdout)
    return tuple(m["dscp_tin"]), tuple(m["tins"])


# 0 best-effort, 1 bulk, 2 video, 3 voice
DIFFSERV4_TIN, DIFFSERV4_TIN_NAMES = _diffserv4()


def conntrack_entries(path):
    """(proto, original (src, sport, dst, dport), reply tuple likewise,
    mark, packets) per entry of `conntrack -L` with accounting on (packets
    of both directions)."""
    for line in open(path):
        m = re.match(r"(tcp|udp)\s", line)
        mk = re.search(r"\bmark=(\d+)", line)
        kv = re.findall(r"\b(src|dst|sport|dport)=(\S+)", line)
        pk = [int(x) for x in re.findall(r"\bpackets=(\d+)", line)]
        if not m or not mk or len(kv) < 8:
            continue
        o, r = dict(kv[:4]), dict(kv[4:8])
        yield (m.group(1),
               (o["src"], int(o["sport"]), o["dst"], int(o["dport"])),
               (r["src"], int(r["sport"]), r["dst"], int(r["dport"])),
               int(mk.group(1)), sum(pk))


def conntrack_acct(path):
    """(proto, src, sport, dst, dport, mark, packets) per entry of
    `conntrack -L` with accounting on: the original direction's tuple."""
    for proto, orig, _, mark, pk in conntrack_entries(path):
        yield (proto, *orig, mark, pk)


def ct_state(mark, mask):
    """dfi's field of a ct mark: class identity + 1, or 0 (none)."""
    return (mark & mask) >> ((mask & -mask).bit_length() - 1)


def ct_class(mark, mask, classes):
    """The class a ct mark names, or None (undecided, skipped, pending)."""
    state = ct_state(mark, mask)
    if not 1 <= state <= len(classes) or classes[state - 1] == "-":
        return None
    return classes[state - 1]


def conntrack(path, mask):
    """(proto, src, sport, dst, dport, dfi's mark field) per entry."""
    for *key, mark, _ in conntrack_acct(path):
        yield (*key, ct_state(mark, mask))


def check_flow(c2s, s2c, key, cls, want, sent, oneway=False, settle=0,
               names=("c2s", "s2c"), back=None):
    """TAP lines for one classified flow: in each direction the packets
    carry what they were sent with (sent: a DSCP, or None for whatever the
    application set) until the decision, then `want` to the end (oneway: a
    direction without packets passes).  key is the flow's c2s packets as
    captured, back its s2c ones (default: key reversed; not so behind NAT).
    settle: how many packets after the first with `want` may still carry
    another DSCP (captured behind a cake, which sends its tins' packets out
    of order: those queued before the decision may leave after).  names:
    what to call c2s and s2c.
    Returns (lines, failures, packets before the decision)."""
    proto, cip, cport, sip, sport = key
    lines, fails, unmarked = [], 0, 0
    for name, pk, k in ((names[0], c2s, key),
                        (names[1], s2c, back or (proto, sip, sport, cip, cport))):
        seq = [d for (*kk, d) in pk if tuple(kk) == k]
        if not seq and oneway:
            lines.append(f"ok - {proto} {cip}:{cport} -> {sip}:{sport} "
                         f"{name}: no packets this way (a one-way flow)")
            continue
        first = next((i for i, d in enumerate(seq) if d == want), len(seq))
        late = [i for i, d in enumerate(seq[first:]) if d != want]
        ok = (len(seq) > first and
              all(sent is None or d == sent for d in seq[:first]) and
              all(i < settle for i in late))
        unmarked += first
        fails += not ok
        tin = DIFFSERV4_TIN[want] if 0 <= want < 64 else None
        lines.append(f"{'ok' if ok else 'not ok'} - {proto} {cip}:{cport} "
                     f"-> {sip}:{sport} {name}: class {cls}, DSCP {want} "
                     f"(cake tin {DIFFSERV4_TIN_NAMES[tin]}) "
                     f"from packet {first + 1} of {len(seq)}"
                     f"{f', {len(late)} late' if late else ''} "
                     f"(seen: {sorted(set(seq))})")
    return lines, fails, unmarked


def parse_args(p):
    """The options this tool and tests/lab/lab_check.py share, parsed:
    (args, class names, {class: DSCP})."""
    p.add_argument("--conntrack", required=True)
    p.add_argument("--mask", type=lambda s: int(s, 0), required=True)
    p.add_argument("--classes", required=True)
    p.add_argument("--map", required=True)
    p.add_argument("--c2s", required=True)
    p.add_argument("--s2c", required=True)
    p.add_argument("--seq-len", type=int, default=32)
    a = p.parse_args()
    dmap = {k: int(v) for k, v in (x.split("=") for x in a.map.split(","))}
    return a, a.classes.split(","), dmap


def main():
    a, classes, dmap = parse_args(argparse.ArgumentParser())
    c2s = list(packets(a.c2s))
    s2c = list(packets(a.s2c))
    n = fails = 0
    for proto, cip, cport, sip, sport, state in conntrack(a.conntrack, a.mask):
        if not 1 <= state <= len(classes):
            continue
        cls = classes[state - 1]
        lines, f, unmarked = check_flow(c2s, s2c,
                                        (proto, cip, cport, sip, sport),
                                        cls, dmap[cls], 0)
        print("\n".join(lines))
        n += len(lines) + 1
        fails += f
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
