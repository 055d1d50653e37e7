# SPDX-License-Identifier: GPL-2.0
"""Early verdicts (include/uapi/linux/dfi.h: the model's checkpoints and
early margins): the margin per checkpoint and class above which the
verdict a flow gets from its first k packets is, on the training flows,
almost always the verdict it gets when it is decided in full.

A flow at a checkpoint is what dfi-features extracts with seq_len k: its
first k packets (the kernel also stops there when the k-th is recorded;
a GSO aggregate that passes the checkpoint brings a few packets more),
zero-padded to the model's seq_len (a labelled unknown-cache row keeps
its whole duration: the export has no per-packet times).  Calibration
needs no label: what is
fitted is agreement with the model's own full verdict, so an early
verdict changes at most a share 1 - agree of the decisions it speeds up
(on training flows; evaluation.md measures it on held-out captures).
"""
import numpy as np

import data
import dfim
import gate


def parse(text):
    """--checkpoints "8,16": the packet counts, sorted."""
    cps = sorted({int(v) for v in text.split(",") if v.strip()})
    if len(cps) > dfim.MAX_CHECKPOINTS or any(k < 1 for k in cps):
        raise ValueError(f"--checkpoints {text!r}: up to "
                         f"{dfim.MAX_CHECKPOINTS} counts >= 1")
    return tuple(cps)


def at_checkpoint(dirs, k, seq_len, deadline_ms, n_static, full):
    """The flows of `full` (data.load of the same dirs) as they stand at
    checkpoint k: (Flows padded to seq_len, mask of the flows that reach
    k packets before their deadline)."""
    p = data.load(dirs, k, deadline_ms)
    if p.rows != full.rows:
        raise ValueError(f"checkpoint {k}: flows differ from the full load")
    reached = p.stat[:, 8] >= k       # static input 8: packets recorded
    seq = np.zeros((len(p), p.seq.shape[1], seq_len), np.int16)
    seq[:, :, :k] = p.seq
    return data.Flows(seq, p.stat[:, :n_static], p.hist, p.y, p.group,
                      p.packets, p.rows), reached


def verdicts(model, logits, hist):
    """dfi_gate()'s (class, reason, margin) of many flows."""
    dist = (gate.distances(hist, model.centroids) if len(model.centroids)
            else np.zeros(len(logits), np.int64))
    out = [dfim.decide(model, lg, d) for lg, d in zip(logits, dist)]
    cls = np.array([o[0] for o in out])
    reason = np.array([o[2] for o in out])
    margin = np.array([o[3] for o in out], np.int64)
    return cls, reason, margin


def threshold(margin, agree_with, agree, min_flows):
    """The lowest margin t such that of the flows with margin >= t at
    least a share `agree` agree (and there are min_flows of them), or
    EARLY_NEVER."""
    if len(margin) < min_flows:
        return dfim.EARLY_NEVER
    order = np.argsort(-margin, kind="stable")
    m, ok = margin[order], agree_with[order].astype(np.float64)
    share = np.cumsum(ok) / np.arange(1, len(ok) + 1)
    best = dfim.EARLY_NEVER
    for j in range(min_flows - 1, len(m)):
        # only where the margin drops: flows of equal margin go together
        if (j + 1 == len(m) or m[j + 1] < m[j]) and share[j] >= agree:
            best = int(max(m[j], 0))
    return best


def calibrate(model, full_cls, at, agree, min_flows):
    """model.early_margin from the flows at each checkpoint: at[i] =
    (logits, hist, reached) of the training flows at checkpoint i,
    full_cls their full verdicts."""
    rows = []
    for logits, hist, reached in at:
        cls, reason, margin = verdicts(model, logits, hist)
        row = []
        for c in range(len(model.classes)):
            if c == model.other_class:
                row.append(dfim.EARLY_NEVER)
                continue
            sel = reached & (reason == dfim.KNOWN) & (cls == c)
            row.append(threshold(margin[sel], full_cls[sel] == c, agree,
                                 min_flows))
        rows.append(tuple(row))
    return tuple(rows)
