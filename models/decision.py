# SPDX-License-Identifier: GPL-2.0
"""The cost-aware decision rule: the top-2 logit margin each class needs
(include/uapi/linux/dfi.h, class_margin_off), chosen for what a QoS
operator pays for an error, on training captures only.

A flow the network puts in class c keeps c only if its margin reaches
the class's threshold; below it the flow is other (its DSCP kept: cake's
Best Effort, and the unknown cache).  Lifting a web/other/file flow into
Voice or Video, or web/other into Bulk, costs more than leaving a flow in
Best Effort, so the classes of those tins may ask for more certainty.

Thresholds move between networks (their logits' scales differ), so they
are chosen as quantiles: q[c] is the share of a network's own correctly
classified training flows of class c that fall below its threshold.  The
quantiles are fitted on captures a first network did not train on (a
share of the training captures, never held-out ones); the exported
network's thresholds are the same quantiles of its own training margins.
"""
import numpy as np

# The operator's cost of a decision beyond a wrong class (1), per rate of
# dfi-eval's tin view (its "tin_rates": which true classes put in which
# tins count): lifting a flow into a priority tin it does not belong to,
# leaving a real-time flow out of them, pushing best-effort traffic into
# Bulk.
RATE_COST = {"priority_inflation": 3.0, "realtime_miss": 1.5,
             "bulk_false": 3.0}
# the quantiles tried for each class
GRID = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)


def cost_matrix(classes, tin_map):
    """C[true][decided] for the classes, under dfi-eval's class -> tin map
    and rate definitions (crossval.tin_map(): "classes", "class_tin",
    "tins", "tin_rates")."""
    tins = tin_map["tins"]
    tin = {c: tins[t] for c, t in zip(tin_map["classes"],
                                      tin_map["class_tin"])}
    n = len(classes)
    c = np.zeros((n, n))
    for i, true in enumerate(classes):
        for j, got in enumerate(classes):
            if i == j:
                continue
            c[i, j] = 1.0
            for rate, d in tin_map["tin_rates"].items():
                if true in d["classes"] and tin[got] in d["tins"]:
                    c[i, j] += RATE_COST[rate]
    return c


def margins(logits):
    """(argmax with the lowest index on ties, top-2 margin) of logits."""
    logits = np.asarray(logits, np.float64)
    top = logits.argmax(axis=1)
    s = np.sort(logits, axis=1)
    return top, s[:, -1] - s[:, -2]


def reference(logits, y, n, other):
    """Per class, the sorted margins of the flows the network puts in it
    rightly (the scale the quantiles are taken on)."""
    top, m = margins(logits)
    ref = []
    for c in range(n):
        r = np.sort(m[(top == c) & (y == c)])
        ref.append(r if len(r) else np.zeros(1))
    return ref


def thresholds(q, ref):
    """The margins at quantiles q of the reference margins."""
    return [float(np.quantile(r, qc)) if qc > 0 else 0.0
            for qc, r in zip(q, ref)]


def decide(logits, t, other):
    """The rule on many flows: argmax, other below its class's threshold."""
    top, m = margins(logits)
    below = m < np.asarray(t)[top]
    return np.where(below & (top != other), other, top)


def fit(logits, y, ref, other, cost, start=0.02, passes=3):
    """Quantiles per class minimising the summed cost of the decisions on
    flows the network did not train on (coordinate descent from `start`
    for every class; other_class needs no margin)."""
    n = cost.shape[0]
    q = [0.0 if c == other else start for c in range(n)]

    def total(qq):
        d = decide(logits, thresholds(qq, ref), other)
        return cost[y, d].sum()

    best = total(q)
    for _ in range(passes):
        moved = False
        for c in range(n):
            if c == other:
                continue
            for g in GRID:
                if g == q[c]:
                    continue
                trial = q[:c] + [g] + q[c + 1:]
                v = total(trial)
                if v < best - 1e-9:
                    best, q, moved = v, trial, True
        if not moved:
            break
    return q


def float_logits(net, flows):
    import torch
    with torch.no_grad():
        return net(torch.tensor(flows.seq, dtype=torch.float32),
                   torch.tensor(flows.stat, dtype=torch.float32)).numpy()


def calibrate(tr, args, n, other, train_fn, tin_map, share):
    """The quantiles per class, from a network trained on all but a share
    of the training captures (drawn with args.seed + 1) and scored on
    that share."""
    import data
    cal = data.split_by_capture(tr, share, args.seed + 1)
    fit_on, score_on = tr.subset(~cal), tr.subset(cal)
    net = train_fn(fit_on, args, n)
    ref = reference(float_logits(net, fit_on), fit_on.y, n, other)
    cost = cost_matrix(data.CLASSES, tin_map)
    return fit(float_logits(net, score_on), score_on.y, ref, other, cost)


def margin_min(logits, y, other, q):
    """train.py's margin_min: quantile q of the margins of every rightly
    classified known training flow, the same for every class."""
    top, m = margins(logits)
    right = (top == y) & (y != other)
    return float(np.quantile(m[right], q)) if right.any() else 0.0
