#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""parity.py DFI_INFER [INPUTS_PER_MODEL]: the C engines (through the
dfi-infer tool, built from the shared core: every engine this CPU runs,
dfi-infer --engines) against models/dfim.py infer() on random models and
inputs: the logits must be bit-identical on every input and engine.
Prints TAP, one line per model; exits 1 on any mismatch."""
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
import dfim  # noqa: E402

# (seed, make_random arguments): every sequence length class, the ends of
# the class count, no static inputs, all of them, extreme requantization;
# feature_spec: the model says that spec (1: 16 static inputs at most).
MODELS = [
    (1, dict(seq_len=32)),
    (2, dict(seq_len=64, n_static=dfim.STATIC_N)),
    (3, dict(seq_len=8, n_classes=2)),
    (4, dict(seq_len=1, n_static=0)),
    (5, dict(seq_len=17, n_classes=16, extreme=True)),
    (6, dict(seq_len=64, extreme=True)),
    (7, dict(seq_len=3)),
    (8, dict(seq_len=32, extreme=False)),
    (9, dict(seq_len=64, max_ch=32, hidden=64)),
    (10, dict(seq_len=2, n_classes=16, n_static=dfim.STATIC_N)),
    (11, dict(seq_len=48, extreme=True, n_centroids=0)),
    (12, dict(seq_len=32, max_ch=4, hidden=4)),
    (13, dict(seq_len=32, n_static=16, feature_spec=1)),
]
KINDS = ["zero", "max", "min"] + ["features", "random"] * 1000

# The engine packs several outputs of a conv1d into one 64-bit word (two
# 32-bit or three 21-bit lanes); these models drive every lane to the
# largest sums a window allows: a first conv without ReLU that outputs
# -128 everywhere (or 127 on every `every`-th channel), then a second conv
# with in_ch * k taps of weights -128 / 127 (63 taps: the most three lanes
# take; 64: two lanes).
LANE_MODELS = [(101, 9, 7, 3), (102, 16, 4, 0), (103, 3, 21, 0),
               (104, 13, 5, 2)]


def lane_model(seed, ch, k, every):
    rng = np.random.default_rng(seed)
    n = 24
    L = dfim.Layer
    one = np.full(ch, 1 << 30, np.int32), np.full(ch, 30, np.uint8)
    w1 = np.zeros((ch, dfim.SEQ_CH, 1), np.int8)
    pos = np.arange(ch) % every == 1 if every else np.zeros(ch, bool)
    b1 = np.where(pos, 1000, -1000).astype(np.int32)
    l1 = L(dfim.LAYER_CONV1D, 0, 1, 1, 0, dfim.SEQ_CH, n, ch, n, w1, b1,
           *one)
    out = 6
    w2 = np.empty((out, ch, k), np.int8)
    w2[0], w2[1], w2[2] = -128, 127, -128
    w2[3] = np.where(pos[:, None], 127, -128)
    w2[4:] = rng.integers(-128, 127, (out - 4, ch, k), endpoint=True)
    w2[2, 0, 0] = 127
    mult, shift = dfim.requant_params(1e-4)
    l2 = L(dfim.LAYER_CONV1D, dfim.F_RELU, k, 1, k // 2, ch, n, out,
           dfim.conv_out_len(n, k, 1, k // 2), w2,
           np.array([0, 0, 5, -7, 0, 3], np.int32),
           np.full(out, mult, np.int32), np.full(out, shift, np.uint8))
    n2 = l2.out_len
    layers = [l1, l2,
              L(dfim.LAYER_GLOBALPOOL, 0, 0, 0, 0, out, n2, 2 * out, 1),
              L(dfim.LAYER_STATIC, 0, 0, 0, 0, 2 * out, 1, 2 * out, 1),
              L(dfim.LAYER_DENSE, dfim.F_LOGITS, 0, 0, 0, 2 * out, 1, 3, 1,
                rng.integers(-128, 127, (3, 2 * out),
                             endpoint=True).astype(np.int8),
                np.zeros(3, np.int32))]
    return dfim.Model(name="lanes-%d" % seed, classes=["a", "b", "c"],
                      layers=layers, seq_len=n, n_static=0)


# The x86 engines (kmod/core/engine_x86.c) multiply an input in 0..127 by
# a weight with vpdpbusd or vpmaddubsw, which saturates a pair's int16 sum:
# these models drive it and the int32 lanes to their bounds: a first conv
# with RELU that outputs 127 everywhere, a second whose rows are all -128,
# all 127, alternating, or random, over in_ch * k taps (a multiple of four
# or not), out_len a multiple of eight or not, then dense layers of
# extreme weights on the pooled (non-negative) activations.
SIMD_MODELS = [(201, 13, 3, 21), (202, 16, 4, 32), (203, 7, 5, 9),
               (204, 32, 3, 64)]


def simd_model(seed, ch, k, n):
    rng = np.random.default_rng(seed)
    L = dfim.Layer
    one = np.full(ch, 1 << 30, np.int32), np.full(ch, 30, np.uint8)
    l1 = L(dfim.LAYER_CONV1D, dfim.F_RELU, 1, 1, 0, dfim.SEQ_CH, n, ch, n,
           np.zeros((ch, dfim.SEQ_CH, 1), np.int8),
           np.full(ch, 1000, np.int32), *one)
    out = 8
    w2 = rng.integers(-128, 127, (out, ch, k), endpoint=True).astype(np.int8)
    w2[0], w2[1] = -128, 127
    w2[2] = np.where(np.arange(ch * k).reshape(ch, k) % 2, 127, -128)
    mult, shift = dfim.requant_params(3e-5)
    n2 = dfim.conv_out_len(n, k, 1, k // 2)
    l2 = L(dfim.LAYER_CONV1D, dfim.F_RELU, k, 1, k // 2, ch, n, out, n2, w2,
           np.array([0, -5, 7, 0, 3, 0, 0, -1], np.int32),
           np.full(out, mult, np.int32), np.full(out, shift, np.uint8))
    layers = [l1, l2]
    if n2 % 2 == 0:
        layers.append(L(dfim.LAYER_MAXPOOL1D, 0, 2, 2, 0, out, n2, out,
                        n2 // 2))
        n2 //= 2
    hidden = 37
    w4 = rng.integers(-128, 127, (hidden, 2 * out),
                      endpoint=True).astype(np.int8)
    w4[0], w4[1] = -128, 127
    m4, s4 = dfim.requant_params(1e-3)
    layers += [
        L(dfim.LAYER_GLOBALPOOL, 0, 0, 0, 0, out, n2, 2 * out, 1),
        L(dfim.LAYER_STATIC, 0, 0, 0, 0, 2 * out, 1, 2 * out, 1),
        L(dfim.LAYER_DENSE, dfim.F_RELU, 0, 0, 0, 2 * out, 1, hidden, 1, w4,
          rng.integers(-1000, 1000, hidden).astype(np.int32),
          np.full(hidden, m4, np.int32), np.full(hidden, s4, np.uint8)),
        L(dfim.LAYER_DENSE, dfim.F_LOGITS, 0, 0, 0, hidden, 1, 5, 1,
          np.where(rng.random((5, hidden)) < 0.5, -128,
                   127).astype(np.int8),
          np.zeros(5, np.int32))]
    return dfim.Model(name="simd-%d" % seed, classes=list("abcde"),
                      layers=layers, seq_len=n, n_static=0)


def run_model(i, seed, kw, tool, n, tmp, m=None):
    if m is None:
        kw = dict(kw)
        spec = kw.pop("feature_spec", dfim.FEATURE_SPEC)
        m = dfim.make_random(seed, **kw)
        m.feature_spec = spec
    path = os.path.join(tmp, "m%d.dfim" % seed)
    with open(path, "wb") as f:
        f.write(dfim.write(m))
    rng = np.random.default_rng(1000 + seed)
    inputs = [dfim.random_input(rng, m, kind) for kind in KINDS[:n]]
    text = "".join(" ".join(str(int(v)) for v in
                            list(seq.reshape(-1)) + list(stat)) + "\n"
                   for seq, stat in inputs)
    desc = ("parity model seed %d (spec %d, seq_len %d, %d classes, "
            "%d static, %s)") % (
        seed, m.feature_spec, m.seq_len, len(m.classes), m.n_static,
        ", ".join("%s%s" % (dfim.LAYER_NAMES[l.type],
                            "(k%d s%d p%d)" % (l.k, l.stride, l.pad)
                            if l.type in (dfim.LAYER_CONV1D,
                                          dfim.LAYER_MAXPOOL1D) else "")
                  for l in m.layers))
    want = [dfim.infer(m, seq, stat) for seq, stat in inputs]
    for engine in ENGINES:
        p = subprocess.run([tool, "--engine", engine, path], input=text,
                           capture_output=True, text=True)
        if p.returncode != 0:
            print("# dfi-infer --engine %s exited %d: %s"
                  % (engine, p.returncode, p.stderr.strip()))
            print("not ok %d - %s" % (i, desc))
            return False, 0
        got = p.stdout.splitlines()
        if len(got) != len(inputs):
            print("# %s: %d output lines for %d inputs"
                  % (engine, len(got), len(inputs)))
            print("not ok %d - %s" % (i, desc))
            return False, 0
        for j, (w, line) in enumerate(zip(want, got)):
            if [int(v) for v in line.split()] != w:
                print("# input %d (%s), engine %s: C %s, Python %s"
                      % (j + 1, KINDS[j], engine, line,
                         " ".join(map(str, w))))
                print("not ok %d - %s" % (i, desc))
                return False, 0
    print("ok %d - %s: %d inputs bit-identical on %s (%d distinct logit "
          "vectors)" % (i, desc, len(inputs), ", ".join(ENGINES),
                        len(set(map(tuple, want)))))
    return True, len(inputs)


def run_rejects(i, tool, tmp):
    """dfi-infer reports a corrupt model with the parser's message."""
    data = bytearray(dfim.write(dfim.make_random(1)))
    data[200] ^= 1
    path = os.path.join(tmp, "bad.dfim")
    with open(path, "wb") as f:
        f.write(data)
    p = subprocess.run([tool, path], input="", capture_output=True,
                       text=True)
    ok = p.returncode == 1 and "CRC-32 mismatch" in p.stderr
    print("%sok %d - dfi-infer rejects a corrupt model with the parser's "
          "message" % ("" if ok else "not ", i))
    if not ok:
        print("# status %d, stderr %r" % (p.returncode, p.stderr))
    return ok


ENGINES = []


def main():
    tool = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 250
    ENGINES.extend(subprocess.run([tool, "--engines"], capture_output=True,
                                  text=True, check=True).stdout.split())
    print("1..%d" % (len(MODELS) + len(LANE_MODELS) + len(SIMD_MODELS) + 1))
    print("# engines: %s" % " ".join(ENGINES))
    ok, total = True, 0
    with tempfile.TemporaryDirectory(prefix="dfi-parity.") as tmp:
        for i, (seed, kw) in enumerate(MODELS, 1):
            good, count = run_model(i, seed, kw, tool, n, tmp)
            ok &= good
            total += count
        for i, (seed, ch, k, every) in enumerate(LANE_MODELS,
                                                 len(MODELS) + 1):
            good, count = run_model(i, seed, {}, tool, min(n, 20), tmp,
                                    lane_model(seed, ch, k, every))
            ok &= good
            total += count
        for i, (seed, ch, k, steps) in enumerate(
                SIMD_MODELS, len(MODELS) + len(LANE_MODELS) + 1):
            good, count = run_model(i, seed, {}, tool, min(n, 40), tmp,
                                    simd_model(seed, ch, k, steps))
            ok &= good
            total += count
        ok &= run_rejects(len(MODELS) + len(LANE_MODELS) + len(SIMD_MODELS)
                          + 1, tool, tmp)
    print("# %d inputs compared" % total)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
