#!/usr/bin/env python3
"""bench_flood.py: the flood benchmark's figures (tests/lab/bench-flood.sh).

  bench_flood.py poll --stop FILE -o TSV [--every S]
  bench_flood.py report [LABEL=]DIR...

poll (in the router's netns, during a lab run with --flood): every S
seconds (0.5) until FILE exists, a line of TSV: the time, dfi's
flows_in_progress, flows_max, pairs and hosts (/proc/net/dfi/stats; empty
before dfi is enabled in the netns), and the bytes of /proc/slabinfo's
kmalloc-128 and kmalloc-1k caches, the -cg- (accounted) ones included:
the size classes of dfi's entries.

report: one line per lab run's output DIR (lab.sh --out, --flood): the
share of the lab's real flows that got a class (the main flows of
lab_check.py: flows of the main scenarios of at least 32 packets, their
class the kernel's verdict in the ct mark of conntrack.txt) and how many
got their scenario's class; the flood's achieved rate (dfi-flood's own
count, and the router firewall's drops per second); the peak of dfi's
flow table over the polls against its cap; dfi's memory at its peak; and
dfi's counters at the end of the run (dfi-stats.txt; "-" where the module
has no such counter).  Then the real flows per class.

dfi's memory is counted from its entries, not read from the allocator:
flows_in_progress x the kmalloc size class of a flow (56 bytes + 2 per
packet of the model's seq_len: 120, kmalloc-128) + (pairs + hosts) x
kmalloc-1k (584 and 984 bytes); the sizes are pahole's on the dfi.ko of
23525a8 and of the change that followed, the same in both.  The tables'
fixed parts (bucket arrays, the unknown-flow ring) are left out.  As a
cross-check, "slab rise": the peak of those slab caches over the run
minus their size at the first poll (everything the guest allocates there
counts: noise of a few hundred KiB).
"""
import argparse
import os
import sys
import time

import lab_check
import scenarios

FLOW_HEAD = 56		# sizeof(struct dfi_flow) before the packets
PKT = 2			# sizeof(struct dfi_pkt)
PAIR = 584		# sizeof(struct dfi_pair)
HOST = 984		# sizeof(struct dfi_host)
KMALLOC = (8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192)
SLABS = {"kmalloc-128": "slab128", "kmalloc-cg-128": "slab128",
         "kmalloc-1k": "slab1k", "kmalloc-cg-1k": "slab1k"}
STATS = ("flows_in_progress", "flows_max", "pairs", "hosts")
COLUMNS = ("t",) + STATS + ("slab128", "slab1k")
COUNTERS = ("flows_new", "flows_tracked", "flows_table_full",
            "flows_evicted")


def kmalloc_size(n):
    return next(k for k in KMALLOC if k >= n)


def read_stats(path):
    """{name: int} of a /proc/net/dfi/stats listing ({} if none)."""
    try:
        lines = open(path).read().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        f = line.split()
        if len(f) == 2 and f[1].isdigit():
            out[f[0]] = int(f[1])
    return out


def poll(a):
    out = open(a.o, "w", buffering=1)
    print("\t".join(COLUMNS), file=out)
    t0 = time.monotonic()
    while not os.path.exists(a.stop):
        st = read_stats("/proc/net/dfi/stats")
        slab = {"slab128": 0, "slab1k": 0}
        for line in open("/proc/slabinfo"):
            f = line.split()
            if f and f[0] in SLABS:
                slab[SLABS[f[0]]] += int(f[1]) * int(f[3])
        row = [f"{time.monotonic() - t0:.1f}"]
        row += [str(st[k]) if k in st else "" for k in STATS]
        row += [str(slab["slab128"]), str(slab["slab1k"])]
        print("\t".join(row), file=out)
        time.sleep(a.every)
    return 0


def read_polls(path):
    lines = open(path).read().splitlines()
    head = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        r = dict(zip(head, line.split("\t")))
        rows.append({k: int(v) if v.isdigit() else None
                     for k, v in r.items() if k != "t"})
    return rows


def mib(n):
    return f"{n / 1048576:.2f}"


def run_figures(d):
    """The figures of one lab run's output directory, as strings."""
    classes = [c.strip() for c in
               open(os.path.join(d, "classes.txt")).read().split(",")]
    flows = lab_check.main_flows(scenarios.load(),
                                 os.path.join(d, "conntrack.txt"), 0x1f00,
                                 classes)
    rows = {r["name"]: r for r in scenarios.load()}
    per_class = {}
    for name, fl in flows.items():
        want = rows[name]["class"]
        pc = per_class.setdefault(want, [0, 0, 0])
        for _, got, _, _ in fl:
            pc[0] += got is not None
            pc[1] += got == want
            pc[2] += 1
    classed = sum(v[0] for v in per_class.values())
    right = sum(v[1] for v in per_class.values())
    n = sum(v[2] for v in per_class.values())
    st = read_stats(os.path.join(d, "dfi-stats.txt"))
    fl = {}
    for line in open(os.path.join(d, "flood.txt")):
        f = line.split()
        fl[f[0]] = f[1:]
    secs = float(fl["seconds"][0])
    sent = sum(int(fl[k][0]) for k in ("sent_udp", "sent_syn") if k in fl)
    sent_s = max((float(fl[k][1]) for k in ("sent_udp", "sent_syn")
                  if k in fl), default=0)
    polls = read_polls(os.path.join(d, "poll.tsv"))
    seq_len = st.get("model_seq_len", 32)
    flow_b = kmalloc_size(FLOW_HEAD + PKT * seq_len)
    mem = [(p["flows_in_progress"] or 0) * flow_b +
           ((p["pairs"] or 0) + (p["hosts"] or 0)) * kmalloc_size(max(PAIR,
                                                                      HOST))
           for p in polls]
    slab = [p["slab128"] + p["slab1k"] for p in polls]
    peak = max((p["flows_in_progress"] or 0) for p in polls)
    cap = st.get("flows_max")
    return {
        "classed": f"{classed}/{n} {100 * classed / n:.0f}%" if n else "0/0",
        "right": f"{right}/{n}",
        "rate": f"{sent / sent_s:.0f}" if sent_s else "0",
        "dropped": f"{int(fl['dropped'][0]) / secs:.0f}",
        "peak": f"{peak}/{cap}",
        "ctx": f"{max((p['pairs'] or 0) for p in polls)}/"
               f"{max((p['hosts'] or 0) for p in polls)}",
        "mem": mib(max(mem)),
        "slab": mib(max(slab) - slab[0]),
        **{k: str(st[k]) if k in st else "-" for k in COUNTERS},
    }, per_class


def report(a):
    heads = [("run", "run"), ("classed", "real flows classed"),
             ("right", "right class"), ("rate", "flood sent/s"),
             ("dropped", "fw drops/s"), ("peak", "peak in progress/max"),
             ("ctx", "peak pairs/hosts"), ("mem", "dfi MiB"),
             ("slab", "slab rise MiB")] + [(k, k) for k in COUNTERS]
    lines, classes = [], {}
    for arg in a.dirs:
        label, _, d = arg.rpartition("=")
        fig, per_class = run_figures(d)
        fig["run"] = label or d
        lines.append(fig)
        classes[fig["run"]] = per_class
    w = {k: max(len(h), *(len(f[k]) for f in lines)) for k, h in heads}
    print("  ".join(h.rjust(w[k]) if k != "run" else h.ljust(w[k])
                    for k, h in heads))
    for f in lines:
        print("  ".join(f[k].rjust(w[k]) if k != "run" else f[k].ljust(w[k])
                        for k, _ in heads))
    print()
    print("real flows per class: classed/right/all")
    names = sorted({c for pc in classes.values() for c in pc})
    wr = max(len(r) for r in classes)
    print(" " * wr + "".join(f"  {c:>9}" for c in names))
    for run, pc in classes.items():
        print(run.ljust(wr) + "".join(
            "  {:>9}".format("/".join(map(str, pc.get(c, (0, 0, 0)))))
            for c in names))
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("poll")
    q.add_argument("--stop", required=True)
    q.add_argument("-o", required=True)
    q.add_argument("--every", type=float, default=0.5)
    r = sub.add_parser("report")
    r.add_argument("dirs", nargs="+")
    a = p.parse_args()
    return poll(a) if a.cmd == "poll" else report(a)


if __name__ == "__main__":
    sys.exit(main())
