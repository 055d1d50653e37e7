# SPDX-License-Identifier: GPL-2.0
"""The classifier as PyTorch trains it, and its export to the integer
model of include/uapi/linux/dfi.h (post-training quantization).

The float network mirrors the integer layer list one to one:

  seq [4, N] -> conv1d(4->C1, k3, pad 1) relu -> maxpool(P, P)
             -> conv1d(C1->C2, k3, pad 1) relu -> global mean+max pool
             -> append static [S] -> dense(2 C2 + S -> H) relu
             -> dense(H -> classes) = logits

S is the number of static inputs the network reads, the first S of the
feature spec's (all 23 of spec 2 by default); the export writes the
oldest feature spec that has them (dfim.spec_for()).

Inputs are the integers of the feature spec; the float network divides
them by fixed per-channel scales (SEQ_SCALE, STATIC_SCALE), which the
export folds into the first conv and the static columns of the first
dense layer.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import dfim

SEQ_SCALE = torch.tensor([95.0, 95.0, 63.0, 64.0]).view(1, 4, 1)
STATIC_SCALE = 64.0
# Per-input scales of the static features (feature spec 2; a network of
# fewer inputs takes the first ones): most are 0/64 flags or 0..63 codes;
# the packet count runs to seq_len and the multi-flow counts (10..12,
# 16..17) are log2 buckets that rarely pass 8, so "spec1" (named for the
# spec it was made for) scales them up to weigh like the rest.
STATIC_SCALES = {
    "flat": [64.0] * dfim.STATIC_N,
    "spec1": [64.0] * 8 + [32.0, 64.0, 8.0, 8.0, 8.0] + [64.0] * 3
    + [8.0, 8.0] + [64.0] * 5,
}
assert all(len(s) == dfim.STATIC_N for s in STATIC_SCALES.values())


class Net(nn.Module):
    def __init__(self, n_classes, c1=16, c2=32, hidden=32, k=3, pool=2,
                 n_static=dfim.STATIC_N, dropout=0.2, static_scale="flat"):
        super().__init__()
        self.register_buffer("sscale", torch.tensor(
            STATIC_SCALES[static_scale][:n_static]).view(1, -1))
        self.k = k
        self.pool = pool
        self.conv1 = nn.Conv1d(4, c1, k, padding=k // 2)
        self.conv2 = nn.Conv1d(c1, c2, k, padding=k // 2)
        self.fc1 = nn.Linear(2 * c2 + n_static, hidden)
        self.fc2 = nn.Linear(hidden, n_classes)
        self.drop = nn.Dropout(dropout)

    def forward(self, seq, stat, taps=None):
        x = seq / SEQ_SCALE
        a1 = F.relu(self.conv1(x))
        p1 = F.max_pool1d(a1, self.pool, self.pool)
        a2 = F.relu(self.conv2(p1))
        g = torch.cat([a2.mean(dim=2), a2.amax(dim=2)], dim=1)
        v = torch.cat([g, stat / self.sscale], dim=1)
        h = F.relu(self.fc1(self.drop(v)))
        if taps is not None:
            taps["a1"], taps["a2"], taps["h"] = a1, a2, h
        return self.fc2(self.drop(h))


def _act_scale(t, q=0.9995):
    """Scale mapping the calibration activations' q-quantile to 127."""
    v = t.detach().flatten().numpy()
    top = float(np.quantile(v, q)) if v.size else 1.0
    return max(top, 1e-6) / 127.0


def _quant_weights(w, per_channel=True):
    """int8 weights and their scale(s): symmetric, per output channel."""
    axes = tuple(range(1, w.ndim))
    top = np.abs(w).max(axis=axes) if per_channel else np.full(
        w.shape[0], np.abs(w).max())
    s = np.maximum(top, 1e-12) / 127.0
    q = np.clip(np.round(w / s.reshape((-1,) + (1,) * (w.ndim - 1))),
                -127, 127).astype(np.int8)
    return q, s


def _requant(layer, s_in, s_w, s_out):
    mult = np.empty(len(s_w), np.int32)
    shift = np.empty(len(s_w), np.uint8)
    for o, sw in enumerate(s_w):
        mult[o], shift[o] = dfim.requant_params(float(s_in * sw / s_out))
    layer.mult, layer.shift = mult, shift


def export(net, calib_seq, calib_stat, seq_len, classes, other_class,
           name, deadline_ms):
    """The integer model, activation scales calibrated on the given
    inputs.  Returns (dfim.Model, logit scale per int32 logit unit)."""
    net.eval()
    taps = {}
    with torch.no_grad():
        net(calib_seq, calib_stat, taps)
    s1, s2, sh = _act_scale(taps["a1"]), _act_scale(taps["a2"]), \
        _act_scale(taps["h"])
    c1, c2 = net.conv1.out_channels, net.conv2.out_channels
    k, pad = net.k, net.k // 2
    n_static = net.fc1.in_features - 2 * c2
    L = dfim.Layer
    layers = []

    # conv1: input integers (scale 1); fold the float model's 1/SEQ_SCALE.
    w = net.conv1.weight.detach().numpy() / SEQ_SCALE.view(1, 4, 1).numpy()
    wq, sw = _quant_weights(w)
    l1 = L(dfim.LAYER_CONV1D, dfim.F_RELU, k, 1, pad, 4, seq_len, c1,
           seq_len, wq, np.round(net.conv1.bias.detach().numpy() / sw)
           .astype(np.int32))
    _requant(l1, 1.0, sw, s1)
    layers.append(l1)
    n2 = (seq_len - net.pool) // net.pool + 1
    layers.append(L(dfim.LAYER_MAXPOOL1D, 0, net.pool, net.pool, 0, c1,
                    seq_len, c1, n2))

    wq, sw = _quant_weights(net.conv2.weight.detach().numpy())
    l2 = L(dfim.LAYER_CONV1D, dfim.F_RELU, k, 1, pad, c1, n2, c2, n2, wq,
           np.round(net.conv2.bias.detach().numpy() / (s1 * sw))
           .astype(np.int32))
    _requant(l2, s1, sw, s2)
    layers.append(l2)
    layers.append(L(dfim.LAYER_GLOBALPOOL, 0, 0, 0, 0, c2, n2, 2 * c2, 1))
    layers.append(L(dfim.LAYER_STATIC, 0, 0, 0, 0, 2 * c2, 1,
                    2 * c2 + n_static, 1))

    # fc1 reads [pooled ints at scale s2 ; static ints at scale 1]: the
    # static columns are rescaled to the pooled scale before quantizing.
    w = net.fc1.weight.detach().numpy().copy()
    w[:, 2 * c2:] /= net.sscale.numpy() * s2
    wq, sw = _quant_weights(w)
    l3 = L(dfim.LAYER_DENSE, dfim.F_RELU, 0, 0, 0, 2 * c2 + n_static, 1,
           net.fc1.out_features, 1, wq,
           np.round(net.fc1.bias.detach().numpy() / (s2 * sw))
           .astype(np.int32))
    _requant(l3, s2, sw, sh)
    layers.append(l3)

    # Logits: one weight scale for all classes so that int32 logits
    # compare like the float ones.
    wq, sw = _quant_weights(net.fc2.weight.detach().numpy(),
                            per_channel=False)
    l4 = L(dfim.LAYER_DENSE, dfim.F_LOGITS, 0, 0, 0, net.fc1.out_features,
           1, len(classes), 1, wq,
           np.round(net.fc2.bias.detach().numpy() / (sh * sw))
           .astype(np.int32))
    layers.append(l4)
    m = dfim.Model(name=name, classes=list(classes), layers=layers,
                   seq_len=seq_len, n_static=n_static,
                   feature_spec=dfim.spec_for(n_static),
                   other_class=other_class, deadline_ms=deadline_ms)
    return m, float(sh * sw[0])
