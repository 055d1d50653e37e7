# SPDX-License-Identifier: GPL-2.0
"""Labelled flows for training, read through the project's own feature
extractor (userspace/dfi-features): the same C code as the kernel turns
captures into classifier inputs, so nothing is quantized twice.

A data set is a directory with pcap/ (or captures/) and labels.csv in the
format of ../shared/data/real (see its README); any number can be given.
"""
import os
import re
import subprocess
from dataclasses import dataclass

import numpy as np

CLASSES = ["voice", "video", "game", "file", "web", "other"]
OTHER = CLASSES.index("other")
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEATURES = os.path.join(TOP, "userspace", "dfi-features")


@dataclass
class Flows:
    seq: np.ndarray      # int16 [n, 4, seq_len]
    stat: np.ndarray     # int16 [n, S]: the first S static inputs
    hist: np.ndarray     # int16 [n, 16]
    y: np.ndarray        # int64 [n] index in CLASSES
    group: np.ndarray    # object [n]: "dataset/pcap", the unit of splitting
    packets: np.ndarray  # int64 [n] packets of the flow in the capture
    rows: list           # the label columns, for writing subsets back out

    def subset(self, mask):
        idx = np.flatnonzero(mask)
        return Flows(self.seq[idx], self.stat[idx], self.hist[idx],
                     self.y[idx], self.group[idx], self.packets[idx],
                     [self.rows[i] for i in idx])

    def __len__(self):
        return len(self.y)


def captures_dir(d):
    for sub in ("pcap", "captures"):
        if os.path.isdir(os.path.join(d, sub)):
            return os.path.join(d, sub)
    raise FileNotFoundError(f"{d}: no pcap/ or captures/ directory")


def load(dirs, seq_len, deadline_ms, n_static=None):
    """Run dfi-features over the data sets and parse its output.
    n_static: keep only the first n_static static inputs (the extractor
    writes all those of its feature spec, include/dfi/features.h); a
    network trained on them reads just those, as a model of an older spec
    does (spec 1: 16)."""
    args = [FEATURES, "--seq-len", str(seq_len),
            "--deadline-ms", str(deadline_ms)]
    for d in dirs:
        if os.path.isfile(d):
            # a labelled `dficlt unknown dump` (Documentation/model.md)
            args += ["--flows", d]
            continue
        args += ["--captures", captures_dir(d),
                 "--labels", os.path.join(d, "labels.csv")]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    seq, stat, hist, y, group, packets, rows = [], [], [], [], [], [], []
    lines = out.stdout.splitlines()
    for line in lines[1:]:
        f = line.split("\t")
        seq.append(np.array(f[10].split(","), np.int16).reshape(4, seq_len))
        st = np.array(f[11].split(","), np.int16)
        if n_static is not None:
            if len(st) < n_static:
                raise ValueError(f"dfi-features wrote {len(st)} static "
                                 f"inputs, fewer than {n_static}")
            st = st[:n_static]
        stat.append(st)
        hist.append(np.array(f[13].split(","), np.int16))
        y.append(CLASSES.index(f[6]))
        group.append(f[0])
        packets.append(int(f[8]))
        rows.append(f[:9])
    return Flows(np.stack(seq), np.stack(stat), np.stack(hist),
                 np.array(y, np.int64), np.array(group, object),
                 np.array(packets, np.int64), rows)


def capture_names(d):
    """The captures a data set's labels.csv names."""
    with open(os.path.join(d, "labels.csv")) as f:
        next(f)
        return {line.split(",", 1)[0] for line in f}


def source(capture):
    """A capture's source: its file name up to the first '-' or '_', the
    grouping of dfi-eval's per-source scores (source_of() in
    userspace/sources.c; tests/tinview_check.py checks that they agree)."""
    return re.split(r"[-_]", os.path.basename(capture), maxsplit=1)[0]


def sources(dirs):
    """The sources of the captures the data sets' labels.csv name, sorted."""
    return sorted({source(c) for d in dirs for c in capture_names(d)})


def split_by_source(flows, name):
    """The mask of the flows whose capture comes from source name: hold
    out one whole collection, not captures from every collection."""
    return np.array([source(g) == name for g in flows.group])


def write_labels(path, flows):
    """labels.csv of a subset, for userspace/dfi-eval."""
    with open(path, "w") as f:
        f.write("pcap,l4,client_ip,client_port,server_ip,server_port,"
                "class,app,packets\n")
        for r in flows.rows:
            f.write(",".join(r) + "\n")


def split_by_capture(flows, frac, seed, among=None, folds=0, fold=0):
    """A held-out share of the captures (never of flows): returns a mask
    of the flows whose capture is held out.  Captures are shuffled within
    each class of their most common label so every class is held out.
    among: if given, only captures of these names can be held out.
    folds > 1: instead of frac, deal the captures round-robin into that
    many folds (class by class) and hold out fold number `fold`."""
    rng = np.random.default_rng(seed)
    groups = {}
    for g, y in zip(flows.group, flows.y):
        if among is None or g in among:
            groups.setdefault(g, []).append(y)
    by_class = {}
    for g, ys in groups.items():
        by_class.setdefault(np.bincount(ys).argmax(), []).append(g)
    held = set()
    dealt = 0
    for c in sorted(by_class):
        gs = sorted(by_class[c])
        rng.shuffle(gs)
        if folds > 1:
            held.update(g for i, g in enumerate(gs, dealt)
                        if i % folds == fold)
            dealt += len(gs)
        else:
            held.update(gs[:max(1, int(round(len(gs) * frac)))])
    return np.array([g in held for g in flows.group])
