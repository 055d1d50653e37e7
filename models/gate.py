# SPDX-License-Identifier: GPL-2.0
"""Calibration of the known/unknown gate (see include/uapi/linux/dfi.h):
centroids of the packet histograms of known traffic, learnt without
labels by k-means, and the two thresholds."""
import numpy as np


def kmeans(x, k, seed, iters=50):
    """Plain L1-friendly k-means (means, then rounded to uint8)."""
    rng = np.random.default_rng(seed)
    x = x.astype(np.float64)
    c = x[rng.choice(len(x), size=min(k, len(x)), replace=False)]
    for _ in range(iters):
        d = np.abs(x[:, None, :] - c[None, :, :]).sum(axis=2)
        a = d.argmin(axis=1)
        for j in range(len(c)):
            if (a == j).any():
                c[j] = np.median(x[a == j], axis=0)
    return np.clip(np.round(c), 0, 255).astype(np.uint8)


def distances(hist, centroids):
    """L1 distance of each histogram to its nearest centroid, as the C
    gate computes it (integers)."""
    h = hist.astype(np.int64)
    c = centroids.astype(np.int64)
    return np.abs(h[:, None, :] - c[None, :, :]).sum(axis=2).min(axis=1)


def calibrate(hist_known, k, dist_quantile, seed):
    """Centroids from known flows only; dist_max at the given quantile of
    their own distances (so that share of known flows passes)."""
    cen = kmeans(hist_known, k, seed)
    d = distances(hist_known, cen)
    return cen, int(np.quantile(d, dist_quantile))
