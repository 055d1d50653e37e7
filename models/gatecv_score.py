#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Research step of the embedding gate: candidate known/unknown scores on
the dumps of gatecv_dump.py, unknown detection at 5 % false-unknown with
the threshold fitted on training captures only (the inner split: the
threshold that gives 5 % on the inner held-out captures, carried to the
outer network as a quantile of its own training known flows' scores),
and the oracle point (best detection at <= 5 % on the held-out flows,
one threshold for all folds: for understanding only).

  /usr/bin/python3 models/gatecv_score.py DIR [--min-packets 8] \
      [--fu 0.05] [--rules R1,R2] [--per-source RULE ...]

Scores (higher: more unknown), from a network's logits and embedding and
what its own training flows give: other-logit (other minus the best
known logit), -margin (top-2), -maxknownprob (largest known softmax);
distances of the embedding to the nearest of K k-means prototypes of
known flows (kmK-L1/-L2), to the mean of the predicted known class
(cls-pred-L1; clsR-*: means of rightly classified flows only), to the
nearest class mean (cls-min-L1), Mahalanobis with a tied covariance
(maha-min, maha-pred), the 10th nearest of 2000 known embeddings
(knn10-L2, knn10-cos); oth+X: z-scored sum of other-logit and X.
Rules: "argmax|X": other if the network's argmax is other or X > t;
"X": other iff X > t.  Figures of Documentation/evaluation.md, "The
known/unknown gate in the network's embedding".
"""
import argparse
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

O = data.OTHER
KNOWN = [c for c in range(len(data.CLASSES)) if c != O]
FU = 0.05


def kmeans(x, k, seed=0, iters=30):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), size=min(k, len(x)), replace=False)].copy()
    for _ in range(iters):
        d = ((x[:, None, :] - c[None]) ** 2).sum(2)
        a = d.argmin(1)
        for j in range(len(c)):
            if (a == j).any():
                c[j] = x[a == j].mean(0)
    return c


def l1(x, c):
    return np.abs(x[:, None, :] - c[None]).sum(2)


def l2(x, c):
    return np.sqrt(((x[:, None, :] - c[None]) ** 2).sum(2))


class Ref:
    """What the gate learns from a network's own training flows."""

    def __init__(self, lg, h, y, ks):
        known = y != O
        self.km = {k: kmeans(h[known], k) for k in ks}
        self.cls = np.stack([h[y == c].mean(0) if (y == c).any()
                             else np.zeros(h.shape[1]) for c in KNOWN])
        # tied covariance of the known classes (Mahalanobis distance)
        hk, yk = h[known], y[known]
        cen = hk - self.cls[np.searchsorted(KNOWN, yk)]
        cov = cen.T @ cen / len(hk) + 1e-3 * np.eye(h.shape[1])
        ev, evec = np.linalg.eigh(cov)
        self.whiten = evec / np.sqrt(ev)
        # a subsample of the known training embeddings, for k-NN
        rng = np.random.default_rng(0)
        idx = rng.choice(len(hk), size=min(2000, len(hk)), replace=False)
        self.bank = hk[idx]
        nb = self.bank / (np.linalg.norm(self.bank, axis=1, keepdims=True)
                          + 1e-9)
        self.bank_n = nb
        pred = lg.argmax(1)
        right = known & (pred == y)
        self.cls_right = np.stack([h[right & (y == c)].mean(0)
                                   if (right & (y == c)).any()
                                   else self.cls[i]
                                   for i, c in enumerate(KNOWN)])


def scores(ref, lg, h):
    """name -> score per flow (higher: more unknown)."""
    s = {}
    kl = lg[:, KNOWN]
    s["other-logit"] = lg[:, O] - kl.max(1)
    srt = np.sort(lg, 1)
    s["-margin"] = -(srt[:, -1] - srt[:, -2])
    p = np.exp(lg - lg.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    s["-maxknownprob"] = -p[:, KNOWN].max(1)
    for k, c in ref.km.items():
        s[f"km{k}-L1"] = l1(h, c).min(1)
        s[f"km{k}-L2"] = l2(h, c).min(1)
    tk = kl.argmax(1)
    d = l1(h, ref.cls)
    s["cls-pred-L1"] = d[np.arange(len(h)), tk]
    s["cls-min-L1"] = d.min(1)
    d = l1(h, ref.cls_right)
    s["clsR-pred-L1"] = d[np.arange(len(h)), tk]
    d = l2(h, ref.cls_right)
    s["clsR-pred-L2"] = d[np.arange(len(h)), tk]
    d = l2(h @ ref.whiten, ref.cls @ ref.whiten)
    s["maha-min"] = d.min(1)
    s["maha-pred"] = d[np.arange(len(h)), tk]
    d = np.sort(l2(h, ref.bank), 1)
    s["knn10-L2"] = d[:, 9]
    hn = h / (np.linalg.norm(h, axis=1, keepdims=True) + 1e-9)
    d = np.sort(l2(hn, ref.bank_n), 1)
    s["knn10-cos"] = d[:, 9]
    return s


def rate(dec, y):
    o, k = y == O, y != O
    return dec[o].mean(), dec[k].mean()


def fit_t(score, argo, y, use_argmax):
    """Lowest threshold t with false-unknown <= FU for
    other = (argmax other if use_argmax) | score > t."""
    k = y != O
    base = argo[k] if use_argmax else np.zeros(k.sum(), bool)
    if base.mean() > FU:
        return np.inf
    cand = np.sort(np.unique(score[k]))[::-1]
    best = np.inf
    for t in cand:
        if (base | (score[k] > t)).mean() > FU:
            break
        best = t
    # best is the last t that keeps FU; deciding at score > best
    return best


def oracle(score, argo, y, use_argmax):
    t = fit_t(score, argo, y, use_argmax)
    dec = ((argo if use_argmax else False) | (score > t))
    return rate(dec, y)


def main():
    global FU
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--min-packets", type=int, default=8)
    p.add_argument("--ks", default="8,32")
    p.add_argument("--fu", type=float, default=0.05,
                   help="the false-unknown rate to fit (default 0.05)")
    p.add_argument("--rules", help="only these rules (comma-separated)")
    p.add_argument("--per-source", action="append", default=[],
                   help="print this rule's det/fu per source (argmax: "
                   "the network alone)")
    args = p.parse_args()
    FU = args.fu
    ks = [int(v) for v in args.ks.split(",")]
    res = {}
    base = {}
    files = sorted(glob.glob(os.path.join(args.dir, "s*f*.npz")))
    seeds = sorted({os.path.basename(f).split("f")[0] for f in files})
    for seed in seeds:
        pooled = {}
        ys = []
        argos = []
        srcs = []
        for f in sorted(glob.glob(os.path.join(args.dir, seed + "f*.npz"))):
            z = np.load(f)
            keep = z["te_pk"] >= args.min_packets
            ikeep = z["ical_pk"] >= args.min_packets
            outer = Ref(z["tr_lg"], z["tr_h"], z["tr_y"], ks)
            inner = Ref(z["ifit_lg"], z["ifit_h"], z["ifit_y"], ks)
            s_te = scores(outer, z["te_lg"][keep], z["te_h"][keep])
            s_tr = scores(outer, z["tr_lg"], z["tr_h"])
            s_ifit = scores(inner, z["ifit_lg"], z["ifit_h"])
            s_ical = scores(inner, z["ical_lg"][ikeep], z["ical_h"][ikeep])
            # combinations: z-scores from the network's own known
            # training flows
            y_te = z["te_y"][keep]
            argo_te = z["te_lg"][keep].argmax(1) == O
            y_ical = z["ical_y"][ikeep]
            argo_ical = z["ical_lg"][ikeep].argmax(1) == O
            trk = z["tr_y"] != O
            ifk = z["ifit_y"] != O
            for name in list(s_te):
                if name in ("other-logit",):
                    continue
                for sd, ref_s, refk in ((s_te, s_tr, trk),
                                        (s_tr, s_tr, trk),
                                        (s_ifit, s_ifit, ifk),
                                        (s_ical, s_ifit, ifk)):
                    a, b = ref_s["other-logit"][refk], ref_s[name][refk]
                    sd["oth+" + name] = ((sd["other-logit"] - a.mean())
                                         / a.std()
                                         + (sd[name] - b.mean()) / b.std())
            srcs.append(z["te_src"][keep])
            ys.append(y_te)
            argos.append(argo_te)
            for name in s_te:
                for use_arg in (True, False):
                    key = ("argmax|" if use_arg else "") + name
                    if args.rules and key not in args.rules.split(","):
                        continue
                    if name.startswith("oth") and use_arg:
                        continue
                    t_in = fit_t(s_ical[name], argo_ical, y_ical, use_arg)
                    if np.isinf(t_in):
                        t_out = np.inf
                    else:
                        q = (s_ifit[name][ifk] <= t_in).mean()
                        t_out = np.quantile(s_tr[name][trk], q)
                    dec = (argo_te if use_arg else False) | \
                        (s_te[name] > t_out)
                    pooled.setdefault(key, {"dec": [], "s": []})
                    pooled[key]["dec"].append(dec)
                    pooled[key]["s"].append(s_te[name])
        y = np.concatenate(ys)
        argo = np.concatenate(argos)
        base[seed] = rate(argo, y)
        src = np.concatenate(srcs)
        for key in args.per_source:
            if key not in pooled and key != "argmax":
                continue
            dec = (argo if key == "argmax"
                   else np.concatenate(pooled[key]["dec"]))
            print(f"{seed} {key}: " + "; ".join(
                "%s %.2f/%.3f (%d/%d)" % ((n,) + rate(dec[src == n],
                                                      y[src == n])
                                         + ((y[src == n] == O).sum(),
                                            (y[src == n] != O).sum()))
                for n in sorted(set(src))))
        for key, v in pooled.items():
            dec = np.concatenate(v["dec"])
            s = np.concatenate(v["s"])
            res.setdefault(key, []).append(
                rate(dec, y) + oracle(s, argo, y, key.startswith("argmax|")))
    print("argmax only (the network's other class): " + "; ".join(
        f"{k} det {d:.3f} fu {f:.3f}" for k, (d, f) in base.items()))
    print(f"{'rule':32s} {'det(fit)':>9s} {'fu(fit)':>8s} "
          f"{'det(oracle)':>11s} {'fu(or)':>7s}   per seed det/fu (fit)")
    for key, rows in sorted(res.items(), key=lambda kv: -np.mean(
            [r[0] for r in kv[1]])):
        r = np.array(rows)
        m = r.mean(0)
        print(f"{key:32s} {m[0]:9.3f} {m[1]:8.3f} {m[2]:11.3f} {m[3]:7.3f}"
              "   " + " ".join(f"{a:.2f}/{b:.3f}" for a, b in r[:, :2]))


if __name__ == "__main__":
    main()
