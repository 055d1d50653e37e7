# SPDX-License-Identifier: GPL-2.0
"""dfim: the dfi model file (.dfim) in Python.

The format is include/uapi/linux/dfi.h (authoritative); the C parser is
kmod/core/model.c and the C engine kmod/core/engine.c.  This module writes
and reads model files and holds infer(), an integer reference of the
engine that must agree with it bit for bit (tests/parity.sh checks that).

    m = dfim.make_random(1)
    data = dfim.write(m)
    assert dfim.read(data) == m ... (arrays compare with numpy)
    logits = dfim.infer(m, seq, stat)

write() lays out what the caller filled in: it does not compute shapes,
and check() (which write() calls) only catches the mistakes an exporter
is likely to make, not everything the C parser rejects.
"""
import math
import struct
import zlib
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

# include/uapi/linux/dfi.h
MODEL_MAGIC = 0x4D494644  # "DFIM"
MODEL_VERSION = 1
MODEL_MAX_SIZE = 1 << 20
MAX_CLASSES = 16
CLASS_NAME_LEN = 16
MODEL_NAME_LEN = 32
MAX_LAYERS = 16
GATE_BINS = 16
NO_CLASS = 0xFF
MAX_CHECKPOINTS = 4
EARLY_NEVER = 0xFFFFFFFF  # an early margin: never early

LAYER_CONV1D = 1
LAYER_MAXPOOL1D = 2
LAYER_GLOBALPOOL = 3
LAYER_STATIC = 4
LAYER_DENSE = 5
LAYER_NAMES = {LAYER_CONV1D: "conv1d", LAYER_MAXPOOL1D: "maxpool1d",
               LAYER_GLOBALPOOL: "globalpool", LAYER_STATIC: "static",
               LAYER_DENSE: "dense"}

F_RELU = 0x01
F_LOGITS = 0x02

# include/dfi/features.h
FEATURE_SPEC = 2
MAX_SEQ = 64
SEQ_CH = 4
STATIC_N = 23
# The static inputs of each feature spec the parser accepts: spec 1's are
# the first 16 of spec 2's.
SPEC_STATIC_N = {1: 16, 2: 23}

# include/dfi/model.h (the parser's caps)
MAX_CH = 64
MAX_VEC = 512
MAX_ACT = 4096
MAX_MACS = 1 << 20
MAX_CENTROIDS = 256

# The structures, little-endian, no padding.  struct dfi_model_hdr is 124
# bytes (the uapi header's comment says 128; sizeof is what hdr_len holds).
HDR_FMT = "<IHHI32sBBBBBBBBIIII4BI12I"
CLASS_FMT = "<16s"
LAYER_FMT = "<BBBBB3BHHHHIIII2I"
GATE_FMT = "<HHIIII3I"
HDR_LEN = struct.calcsize(HDR_FMT)
CLASS_LEN = struct.calcsize(CLASS_FMT)
LAYER_LEN = struct.calcsize(LAYER_FMT)
GATE_LEN = struct.calcsize(GATE_FMT)
CRC_LEN = 4
assert (HDR_LEN, CLASS_LEN, LAYER_LEN, GATE_LEN) == (124, 16, 40, 32)

# Byte offsets of header fields (for tests that corrupt them).
HDR_FIELDS = {
    "magic": (0, 4), "version": (4, 2), "hdr_len": (6, 2),
    "total_len": (8, 4), "name": (12, 32), "feature_spec": (44, 1),
    "n_classes": (45, 1), "other_class": (46, 1), "n_layers": (47, 1),
    "seq_len": (48, 1), "in_ch": (49, 1), "n_static": (50, 1),
    "reserved0": (51, 1), "classes_off": (52, 4), "layers_off": (56, 4),
    "gate_off": (60, 4), "deadline_ms": (64, 4), "checkpoints": (68, 4),
    "early_margin_off": (72, 4), "reserved": (76, 48),
}
LAYER_FIELDS = {
    "type": (0, 1), "flags": (1, 1), "k": (2, 1), "stride": (3, 1),
    "pad": (4, 1), "reserved0": (5, 3), "in_ch": (8, 2), "in_len": (10, 2),
    "out_ch": (12, 2), "out_len": (14, 2), "w_off": (16, 4),
    "bias_off": (20, 4), "mult_off": (24, 4), "shift_off": (28, 4),
    "reserved": (32, 8),
}
GATE_FIELDS = {
    "n_bins": (0, 2), "n_centroids": (2, 2), "centroids_off": (4, 4),
    "dist_max": (8, 4), "margin_min": (12, 4), "class_margin_off": (16, 4),
    "reserved": (20, 12),
}

S32_MAX = (1 << 31) - 1
MAX_PRODUCT = 128 * 128  # the largest |w * x| of int8 operands


@dataclass(eq=False)
class Layer:
    type: int
    flags: int = 0
    k: int = 0
    stride: int = 0
    pad: int = 0
    in_ch: int = 0
    in_len: int = 0
    out_ch: int = 0
    out_len: int = 0
    w: Optional[np.ndarray] = None      # int8 [O][C][k] or [O][V]
    bias: Optional[np.ndarray] = None   # int32 [O]
    mult: Optional[np.ndarray] = None   # int32 [O]
    shift: Optional[np.ndarray] = None  # uint8 [O]

    def has_weights(self):
        return self.type in (LAYER_CONV1D, LAYER_DENSE)

    def weight_shape(self):
        if self.type == LAYER_CONV1D:
            return (self.out_ch, self.in_ch, self.k)
        if self.type == LAYER_DENSE:
            return (self.out_ch, self.in_ch)
        return None

    def __eq__(self, other):
        if not isinstance(other, Layer):
            return NotImplemented
        return (_fields(self) == _fields(other)
                and all(_arr_eq(getattr(self, a), getattr(other, a))
                        for a in ("w", "bias", "mult", "shift")))


@dataclass(eq=False)
class Model:
    name: str
    classes: List[str]
    layers: List[Layer]
    seq_len: int = 32
    in_ch: int = SEQ_CH
    n_static: int = STATIC_N
    other_class: Optional[int] = None
    feature_spec: int = FEATURE_SPEC
    deadline_ms: int = 2000   # 1..600000 (the parser refuses 0)
    centroids: np.ndarray = field(
        default_factory=lambda: np.zeros((0, GATE_BINS), np.uint8))
    dist_max: int = 0
    margin_min: int = 0
    # the top-2 margin each class needs (the decision rule), else None:
    # margin_min for every class; other_class's entry is 0
    class_margin: Optional[tuple] = None
    # early verdicts: packet counts (increasing, < seq_len), and for each
    # the margin per class a flow needs to be decided there
    # (early_margin[i][c]; EARLY_NEVER: never; other_class's always is)
    checkpoints: tuple = ()
    early_margin: Optional[tuple] = None

    def __eq__(self, other):
        if not isinstance(other, Model):
            return NotImplemented
        return (_fields(self) == _fields(other)
                and self.layers == other.layers
                and _arr_eq(self.centroids, other.centroids))


def _fields(obj):
    return {k: v for k, v in vars(obj).items()
            if not isinstance(v, (np.ndarray, list)) or k == "classes"}


def _arr_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a.shape == b.shape and bool(np.array_equal(a, b))


def conv_out_len(in_len, k, stride, pad):
    return (in_len + 2 * pad - k) // stride + 1


def pool_out_len(in_len, k, stride):
    return (in_len - k) // stride + 1


def check(model):
    """Raise ValueError on what an exporter is likely to get wrong: the
    shape chain, the arrays' shapes and ranges, names.  The C parser checks
    more (every field of the file, the caps)."""
    if not 2 <= len(model.classes) <= MAX_CLASSES:
        raise ValueError("n_classes %d" % len(model.classes))
    for c in model.classes:
        if not c or len(c) > CLASS_NAME_LEN or any(
                ch not in "abcdefghijklmnopqrstuvwxyz0123456789_-" for ch in c):
            raise ValueError("class name %r" % c)
    if len(set(model.classes)) != len(model.classes):
        raise ValueError("duplicate class name")
    if len(model.name.encode("ascii")) > MODEL_NAME_LEN or any(
            not 0x20 <= ord(ch) <= 0x7E for ch in model.name):
        raise ValueError("model name %r" % model.name)
    if model.feature_spec not in SPEC_STATIC_N:
        raise ValueError("feature_spec %d" % model.feature_spec)
    if not 0 <= model.n_static <= SPEC_STATIC_N[model.feature_spec]:
        raise ValueError("n_static %d over feature spec %d's %d"
                         % (model.n_static, model.feature_spec,
                            SPEC_STATIC_N[model.feature_spec]))
    if not 1 <= len(model.layers) <= MAX_LAYERS:
        raise ValueError("n_layers %d" % len(model.layers))
    ch, ln = model.in_ch, model.seq_len
    for i, l in enumerate(model.layers):
        where = "layer %d (%s)" % (i, LAYER_NAMES.get(l.type, l.type))
        if (l.in_ch, l.in_len) != (ch, ln):
            raise ValueError("%s: input %dx%d, previous output %dx%d"
                             % (where, l.in_ch, l.in_len, ch, ln))
        if l.type == LAYER_CONV1D:
            want = (l.out_ch, conv_out_len(ln, l.k, l.stride, l.pad))
        elif l.type == LAYER_MAXPOOL1D:
            want = (ch, pool_out_len(ln, l.k, l.stride))
        elif l.type == LAYER_GLOBALPOOL:
            want = (2 * ch, 1)
        elif l.type == LAYER_STATIC:
            want = (ch + model.n_static, 1)
        elif l.type == LAYER_DENSE:
            want = (l.out_ch, 1)
        else:
            raise ValueError("%s: unknown type" % where)
        if (l.out_ch, l.out_len) != want:
            raise ValueError("%s: output %dx%d, expected %dx%d"
                             % ((where, l.out_ch, l.out_len) + want))
        logits = bool(l.flags & F_LOGITS)
        if l.has_weights():
            if l.w is None or tuple(l.w.shape) != l.weight_shape():
                raise ValueError("%s: w shape" % where)
            if l.bias is None or l.bias.shape != (l.out_ch,):
                raise ValueError("%s: bias shape" % where)
            if not logits:
                if l.mult is None or l.shift is None \
                        or l.mult.shape != (l.out_ch,) \
                        or l.shift.shape != (l.out_ch,):
                    raise ValueError("%s: mult/shift shape" % where)
                if (np.asarray(l.mult, np.int64) < 1).any() \
                        or (np.asarray(l.mult, np.int64) > S32_MAX).any():
                    raise ValueError("%s: mult not in 1..2^31-1" % where)
                if (l.shift < 1).any() or (l.shift > 62).any():
                    raise ValueError("%s: shift not in 1..62" % where)
            terms = int(np.prod(l.weight_shape())) // l.out_ch
            if (np.abs(np.asarray(l.bias, np.int64))
                    > S32_MAX - terms * MAX_PRODUCT).any():
                raise ValueError("%s: bias could overflow int32" % where)
        if logits != (i == len(model.layers) - 1):
            raise ValueError("%s: LOGITS only and always on the last" % where)
        ch, ln = l.out_ch, l.out_len
    last = model.layers[-1]
    if last.type != LAYER_DENSE or last.out_ch != len(model.classes):
        raise ValueError("last layer: DENSE with n_classes outputs")
    cm = model.class_margin
    if cm is not None:
        if len(cm) != len(model.classes) or any(
                not 0 <= int(v) < 1 << 32 for v in cm):
            raise ValueError("class_margin: n_classes values in 0..2^32-1")
        if model.other_class is not None and cm[model.other_class]:
            raise ValueError("class_margin of other_class not 0")
    _check_early(model)
    c = np.asarray(model.centroids)
    if c.ndim != 2 or c.shape[1] != GATE_BINS or c.shape[0] > MAX_CENTROIDS:
        raise ValueError("centroids shape %r" % (c.shape,))


def _check_early(model):
    cp, em = tuple(model.checkpoints), model.early_margin
    if len(cp) > MAX_CHECKPOINTS or any(
            not 1 <= k < model.seq_len for k in cp) or any(
            a >= b for a, b in zip(cp, cp[1:])):
        raise ValueError("checkpoints: up to %d increasing counts in "
                         "1..seq_len-1" % MAX_CHECKPOINTS)
    if (em is None) != (not cp):
        raise ValueError("early_margin with checkpoints, and only then")
    if em is None:
        return
    if len(em) != len(cp) or any(len(r) != len(model.classes) for r in em) \
            or any(not 0 <= int(v) < 1 << 32 for r in em for v in r):
        raise ValueError("early_margin: [checkpoints][n_classes] uint32")
    if model.other_class is not None and any(
            r[model.other_class] != EARLY_NEVER for r in em):
        raise ValueError("early_margin of other_class not EARLY_NEVER")


def write(model):
    """The model file's bytes: header, class table, layer table, gate,
    then the arrays (32-bit ones 4-byte aligned), then the CRC."""
    check(model)
    n_cls, n_layers = len(model.classes), len(model.layers)
    classes_off = HDR_LEN
    layers_off = classes_off + n_cls * CLASS_LEN
    gate_off = layers_off + n_layers * LAYER_LEN
    arrays = bytearray()
    base = gate_off + GATE_LEN

    def put(data, align):
        while (base + len(arrays)) % align:
            arrays.append(0)
        off = base + len(arrays)
        arrays.extend(data)
        return off

    descs = []
    for l in model.layers:
        offs = [0, 0, 0, 0]
        if l.has_weights():
            offs[0] = put(np.asarray(l.w, np.int8).tobytes(), 1)
            offs[1] = put(np.asarray(l.bias, "<i4").tobytes(), 4)
            if not l.flags & F_LOGITS:
                offs[2] = put(np.asarray(l.mult, "<i4").tobytes(), 4)
                offs[3] = put(np.asarray(l.shift, np.uint8).tobytes(), 1)
        descs.append(struct.pack(LAYER_FMT, l.type, l.flags, l.k, l.stride,
                                 l.pad, 0, 0, 0, l.in_ch, l.in_len, l.out_ch,
                                 l.out_len, *offs, 0, 0))
    cent = np.asarray(model.centroids, np.uint8)
    cent_off = put(cent.tobytes(), 1) if len(cent) else 0
    cm_off = 0
    if model.class_margin is not None:
        cm_off = put(np.asarray(model.class_margin, "<u4").tobytes(), 4)
    gate = struct.pack(GATE_FMT, GATE_BINS, len(cent), cent_off,
                       model.dist_max, model.margin_min, cm_off, 0, 0, 0)
    em_off = 0
    if model.early_margin is not None:
        em_off = put(np.asarray(model.early_margin, "<u4").tobytes(), 4)
    cps = list(model.checkpoints) + [0] * (MAX_CHECKPOINTS
                                           - len(model.checkpoints))
    total = base + len(arrays) + CRC_LEN
    other = NO_CLASS if model.other_class is None else model.other_class
    hdr = struct.pack(HDR_FMT, MODEL_MAGIC, MODEL_VERSION, HDR_LEN, total,
                      model.name.encode("ascii"), model.feature_spec, n_cls,
                      other, n_layers, model.seq_len, model.in_ch,
                      model.n_static, 0, classes_off, layers_off, gate_off,
                      model.deadline_ms, *cps, em_off, *([0] * 12))
    body = (hdr + b"".join(struct.pack(CLASS_FMT, c.encode("ascii"))
                           for c in model.classes)
            + b"".join(descs) + gate + bytes(arrays))
    assert len(body) == total - CRC_LEN
    return body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)


def fix_crc(data):
    """data with its last 4 bytes set to the CRC of the others."""
    data = bytearray(data)
    data[-4:] = struct.pack("<I", zlib.crc32(bytes(data[:-4])) & 0xFFFFFFFF)
    return bytes(data)


def _cstr(b):
    return b.split(b"\0", 1)[0].decode("ascii")


def read(data):
    """Parse a model file into a Model; ValueError if it is malformed
    (the file-level checks and the shape chain; the C parser is the
    complete validator)."""
    data = bytes(data)
    if len(data) < HDR_LEN + CRC_LEN:
        raise ValueError("file shorter than the header and the CRC")
    h = struct.unpack_from(HDR_FMT, data, 0)
    (magic, version, hdr_len, total, name, spec, n_cls, other, n_layers,
     seq_len, in_ch, n_static, _res0, classes_off, layers_off, gate_off,
     deadline_ms) = h[:17]
    cps = tuple(k for k in h[17:17 + MAX_CHECKPOINTS] if k)
    em_off = h[17 + MAX_CHECKPOINTS]
    if magic != MODEL_MAGIC:
        raise ValueError("bad magic")
    if version != MODEL_VERSION:
        raise ValueError("unsupported version %d" % version)
    if hdr_len != HDR_LEN or total != len(data):
        raise ValueError("hdr_len or total_len")
    (crc,) = struct.unpack_from("<I", data, len(data) - CRC_LEN)
    if zlib.crc32(data[:-CRC_LEN]) & 0xFFFFFFFF != crc:
        raise ValueError("CRC-32 mismatch")
    end = len(data) - CRC_LEN

    def arr(off, dtype, count, shape=None):
        size = np.dtype(dtype).itemsize * count
        if off < HDR_LEN or off + size > end:
            raise ValueError("array out of the file")
        a = np.frombuffer(data, dtype, count, off).copy()
        return a.reshape(shape) if shape else a

    classes = [_cstr(struct.unpack_from(CLASS_FMT, data,
                                        classes_off + i * CLASS_LEN)[0])
               for i in range(n_cls)]
    layers = []
    for i in range(n_layers):
        f = struct.unpack_from(LAYER_FMT, data, layers_off + i * LAYER_LEN)
        l = Layer(type=f[0], flags=f[1], k=f[2], stride=f[3], pad=f[4],
                  in_ch=f[8], in_len=f[9], out_ch=f[10], out_len=f[11])
        w_off, bias_off, mult_off, shift_off = f[12:16]
        if l.has_weights():
            shape = l.weight_shape()
            l.w = arr(w_off, np.int8, int(np.prod(shape)), shape)
            l.bias = arr(bias_off, "<i4", l.out_ch).astype(np.int32)
            if not l.flags & F_LOGITS:
                l.mult = arr(mult_off, "<i4", l.out_ch).astype(np.int32)
                l.shift = arr(shift_off, np.uint8, l.out_ch)
        layers.append(l)
    n_bins, n_cent, cent_off, dist_max, margin_min, cm_off = \
        struct.unpack_from(GATE_FMT, data, gate_off)[:6]
    if n_bins != GATE_BINS:
        raise ValueError("gate n_bins %d" % n_bins)
    cent = (arr(cent_off, np.uint8, n_cent * GATE_BINS, (n_cent, GATE_BINS))
            if n_cent else np.zeros((0, GATE_BINS), np.uint8))
    m = Model(name=_cstr(name), classes=classes, layers=layers,
              seq_len=seq_len, in_ch=in_ch, n_static=n_static,
              other_class=None if other == NO_CLASS else other,
              feature_spec=spec, deadline_ms=deadline_ms, centroids=cent,
              dist_max=dist_max, margin_min=margin_min,
              class_margin=tuple(int(v) for v in arr(cm_off, "<u4", n_cls))
              if cm_off else None, checkpoints=cps,
              early_margin=tuple(tuple(int(v) for v in r) for r in arr(
                  em_off, "<u4", len(cps) * n_cls, (len(cps), n_cls)))
              if em_off else None)
    check(m)
    return m


# dfi_gate()'s reasons (include/dfi/engine.h)
KNOWN, UNKNOWN_CLASS, UNKNOWN_DISTANCE, UNKNOWN_MARGIN = range(4)


def margin_needed(model, c):
    """The top-2 logit margin a flow the network puts in class c needs."""
    if model.class_margin is not None:
        return model.class_margin[c]
    return model.margin_min


def decide(model, logits, dist):
    """dfi_gate()'s decision from a flow's int32 logits and its histogram's
    distance to the nearest centroid: (class, network's class, reason,
    margin).  Argmax takes the lowest index on ties; the margin saturates
    at 2^31 - 1."""
    logits = [int(v) for v in logits]
    top = max(range(len(logits)), key=lambda i: (logits[i], -i))
    rest = [v for i, v in enumerate(logits) if i != top]
    margin = min(logits[top] - max(rest), S32_MAX)
    return decide_top(model, top, margin, dist) + (margin,)


def decide_top(model, top, margin, dist):
    """decide() given the network's class top and its margin: (class,
    top, reason).  train.py applies the rule to many flows this way."""
    other = model.other_class
    if other is None:
        return top, top, KNOWN
    if top == other:
        reason = UNKNOWN_CLASS
    elif len(model.centroids) and dist > model.dist_max:
        reason = UNKNOWN_DISTANCE
    elif margin < margin_needed(model, top):
        reason = UNKNOWN_MARGIN
    else:
        reason = KNOWN
    return (top if reason == KNOWN else other), top, reason


def early_checkpoint(model, before, after):
    """dfi_early_checkpoint(): the index of the last checkpoint a packet
    that took a flow from `before` to `after` recorded packets passed, or
    None."""
    for i in range(len(model.checkpoints) - 1, -1, -1):
        if model.checkpoints[i] <= after:
            return i if model.checkpoints[i] > before else None
    return None


def early_accept(model, i, cls, reason, margin):
    """dfi_early_accept(): whether a verdict (class, reason, margin) at
    checkpoint i decides the flow there."""
    if i is None or i >= len(model.checkpoints) or reason != KNOWN:
        return False
    return margin >= model.early_margin[i][cls]


def macs(model):
    """Multiply-accumulates per classification: the parser's `macs`
    (what DFI_MODEL_KERNEL_MAX_MACS bounds)."""
    return sum(int(np.prod(l.weight_shape())) * l.out_len
               for l in model.layers if l.has_weights())


def spec_for(n_static):
    """The oldest feature spec that has n_static static inputs: what an
    exporter writes, so that a module that knows only that spec loads a
    network that reads no more of the inputs than it computes."""
    return min(s for s, n in SPEC_STATIC_N.items() if n_static <= n)


# --- the integer reference of kmod/core/engine.c ---------------------------

def _requant(acc, l):
    """y = clamp((acc * mult + 2^(shift-1)) >> shift, lo, 127) per output
    channel (axis 0).  Exact in int64: |acc| < 2^31, mult < 2^31, so
    |acc * mult| + 2^61 < 2^63; numpy's >> on int64 is arithmetic."""
    mult = l.mult.astype(np.int64).reshape(-1, 1)
    shift = l.shift.astype(np.int64).reshape(-1, 1)
    y = (acc * mult + (np.int64(1) << (shift - 1))) >> shift
    lo = 0 if l.flags & F_RELU else -128
    return np.clip(y, lo, 127)


def _check_acc(acc):
    if acc.size and (acc.max() > S32_MAX or acc.min() < -S32_MAX - 1):
        raise OverflowError("int32 accumulator overflow")


def infer(model, seq, stat):
    """The logits (list of int) the C engine computes for seq int
    [in_ch][seq_len] and stat int [n_static]."""
    x = np.asarray(seq, np.int64).reshape(model.in_ch, model.seq_len)
    st = np.asarray(stat, np.int64).reshape(model.n_static)
    if x.size and (x.min() < -128 or x.max() > 127) or \
            st.size and (st.min() < -128 or st.max() > 127):
        raise ValueError("input out of int8 range")
    for l in model.layers:
        if l.type == LAYER_CONV1D:
            c, n = x.shape
            xp = np.zeros((c, n + 2 * l.pad), np.int64)
            xp[:, l.pad:l.pad + n] = x
            idx = (np.arange(l.out_len)[:, None] * l.stride
                   + np.arange(l.k)[None, :])          # [out_len][k]
            cols = xp[:, idx]                          # [C][out_len][k]
            cols = cols.transpose(1, 0, 2).reshape(l.out_len, c * l.k)
            w = l.w.astype(np.int64).reshape(l.out_ch, c * l.k)
            acc = w @ cols.T + l.bias.astype(np.int64)[:, None]
            _check_acc(acc)
            x = _requant(acc, l)
        elif l.type == LAYER_MAXPOOL1D:
            idx = (np.arange(l.out_len)[:, None] * l.stride
                   + np.arange(l.k)[None, :])
            x = x[:, idx].max(axis=2)
        elif l.type == LAYER_GLOBALPOOL:
            n = x.shape[1]
            mean = (x.sum(axis=1) + n // 2) // n       # floor division
            x = np.concatenate([mean, x.max(axis=1)]).reshape(-1, 1)
        elif l.type == LAYER_STATIC:
            x = np.concatenate([x.reshape(-1), st]).reshape(-1, 1)
        elif l.type == LAYER_DENSE:
            acc = (l.w.astype(np.int64) @ x.reshape(-1)
                   + l.bias.astype(np.int64))
            _check_acc(acc)
            if l.flags & F_LOGITS:
                return [int(a) for a in acc]
            x = _requant(acc.reshape(-1, 1), l)
        else:
            raise ValueError("unknown layer type %d" % l.type)
    raise ValueError("no LOGITS layer")


def requant_params(real_scale):
    """(mult, shift) with mult / 2^shift ~= real_scale: mult in
    [2^30, 2^31) and shift in 1..62 where the scale allows it (a scale
    under 2^-32 keeps shift 62 and a smaller mult, at least 1)."""
    if not real_scale > 0 or math.isinf(real_scale):
        raise ValueError("scale must be positive and finite")
    frac, exp = math.frexp(real_scale)      # real_scale = frac * 2^exp
    mult = round(frac * (1 << 31))          # in [2^30, 2^31]
    if mult == 1 << 31:
        mult //= 2
        exp += 1
    shift = 31 - exp
    if shift < 1:
        raise ValueError("scale %g too large (>= 2^30)" % real_scale)
    if shift > 62:
        mult = max(1, round(real_scale * (1 << 62)))
        shift = 62
    return int(mult), int(shift)


# --- random models for tests -----------------------------------------------

def _requant_arrays(rng, out_ch, terms, x_std, extreme):
    """Per-channel (mult, shift) that keep the outputs mostly in range, or
    (extreme) anything in the allowed ranges."""
    mult = np.empty(out_ch, np.int32)
    shift = np.empty(out_ch, np.uint8)
    for o in range(out_ch):
        if extreme and rng.random() < 0.25:
            mult[o] = rng.choice([1, S32_MAX, int(rng.integers(1, S32_MAX))])
            shift[o] = rng.choice([1, 62, int(rng.integers(1, 63))])
            continue
        acc_std = max(1.0, math.sqrt(terms) * 74.0 * x_std)
        scale = 40.0 / acc_std * float(np.exp(rng.normal(0, 0.7)))
        if rng.random() < 0.3:
            # a power of two: exact halves, where rounding shows
            mult[o] = 1 << 30
            shift[o] = min(62, max(1, round(30 - math.log2(scale))))
        else:
            mult[o], shift[o] = requant_params(scale)
    return mult, shift


def _bias(rng, out_ch, terms, extreme):
    lim = S32_MAX - terms * MAX_PRODUCT
    b = rng.integers(-3000, 3000, out_ch, endpoint=True)
    if extreme:
        r = rng.random(out_ch)
        b[r < 0.2] = rng.integers(-lim, lim, out_ch, endpoint=True)[r < 0.2]
        b[r < 0.1] = lim
        b[r < 0.05] = -lim
    return b.astype(np.int32)


def _weights(rng, shape):
    return rng.integers(-128, 127, shape, endpoint=True).astype(np.int8)


def make_random(seed, seq_len=32, n_classes=None, n_static=None,
                extreme=None, max_ch=16, hidden=32, n_centroids=None):
    """A small valid random model: conv1d relu -> maxpool1d -> conv1d
    relu -> globalpool -> static -> dense relu -> dense logits, its shapes,
    weights and requantization drawn from seed.  extreme (default: drawn)
    also uses the ends of the ranges (huge biases, mult 2^31-1, shift 1 or
    62) to exercise clamping and the 64-bit requantization.  max_ch caps
    the convolutions' channels, hidden the hidden dense layer's width."""
    rng = np.random.default_rng(seed)
    if n_classes is None:
        n_classes = int(rng.integers(2, MAX_CLASSES, endpoint=True))
    if n_static is None:
        n_static = int(rng.integers(0, STATIC_N, endpoint=True))
    if extreme is None:
        extreme = bool(rng.random() < 0.3)
    layers = []
    ch, ln = SEQ_CH, seq_len
    x_std = 40.0

    def conv(out_ch):
        nonlocal ch, ln, x_std
        k = int(rng.integers(1, 7, endpoint=True))
        pad = int(rng.integers(0, k))
        if ln + 2 * pad < k:
            pad = k - 1
        stride = int(rng.integers(1, 2, endpoint=True))
        out_len = conv_out_len(ln, k, stride, pad)
        terms = ch * k
        mult, shift = _requant_arrays(rng, out_ch, terms, x_std, extreme)
        layers.append(Layer(LAYER_CONV1D, F_RELU, k, stride, pad, ch, ln,
                            out_ch, out_len, _weights(rng, (out_ch, ch, k)),
                            _bias(rng, out_ch, terms, extreme), mult, shift))
        ch, ln, x_std = out_ch, out_len, 30.0

    def dense(out_ch, flags):
        nonlocal ch, ln, x_std
        mult = shift = None
        if not flags & F_LOGITS:
            mult, shift = _requant_arrays(rng, out_ch, ch, x_std, extreme)
        layers.append(Layer(LAYER_DENSE, flags, 0, 0, 0, ch, 1, out_ch, 1,
                            _weights(rng, (out_ch, ch)),
                            _bias(rng, out_ch, ch, extreme), mult, shift))
        ch, ln, x_std = out_ch, 1, 30.0

    conv(int(rng.integers(1, max_ch, endpoint=True)))
    k = int(rng.integers(1, min(3, ln), endpoint=True))
    stride = int(rng.integers(1, 2, endpoint=True))
    out_len = pool_out_len(ln, k, stride)
    layers.append(Layer(LAYER_MAXPOOL1D, 0, k, stride, 0, ch, ln, ch,
                        out_len))
    ln = out_len
    conv(int(rng.integers(1, max_ch, endpoint=True)))
    layers.append(Layer(LAYER_GLOBALPOOL, 0, 0, 0, 0, ch, ln, 2 * ch, 1))
    ch, ln = 2 * ch, 1
    layers.append(Layer(LAYER_STATIC, 0, 0, 0, 0, ch, 1, ch + n_static, 1))
    ch += n_static
    dense(int(rng.integers(1, hidden, endpoint=True)), F_RELU)
    dense(n_classes, F_LOGITS)

    n_cent = (int(rng.integers(0, 8, endpoint=True)) if n_centroids is None
              else n_centroids)
    m = Model(
        name="random-%d" % seed,
        classes=["c%d" % i for i in range(n_classes)],
        layers=layers, seq_len=seq_len, in_ch=SEQ_CH, n_static=n_static,
        other_class=(None if rng.random() < 0.5
                     else int(rng.integers(0, n_classes))),
        deadline_ms=int(rng.integers(1, 10000)),
        centroids=rng.integers(0, 255, (n_cent, GATE_BINS),
                               endpoint=True).astype(np.uint8),
        dist_max=int(rng.integers(0, 1 << 10)),
        margin_min=int(rng.integers(0, 1 << 10)))
    # a third have a margin per class, drawn apart (the other draws, and
    # so the models of earlier seeds, stay as they were)
    crng = np.random.default_rng([seed, 1])
    if crng.random() < 1 / 3:
        m.class_margin = tuple(
            0 if c == m.other_class else int(crng.integers(0, 1 << 11))
            for c in range(n_classes))
    # a third have early verdicts, drawn apart likewise
    erng = np.random.default_rng([seed, 2])
    if erng.random() < 1 / 3 and seq_len > 1:
        n = int(erng.integers(1, min(MAX_CHECKPOINTS, seq_len - 1) + 1))
        m.checkpoints = tuple(sorted(int(k) for k in erng.choice(
            np.arange(1, seq_len), n, replace=False)))
        m.early_margin = tuple(tuple(
            EARLY_NEVER if c == m.other_class or erng.random() < 0.2
            else int(erng.integers(0, 1 << 11)) for c in range(n_classes))
            for _ in m.checkpoints)
    return m


def random_input(rng, model, kind="random"):
    """(seq, stat) int8 arrays: "random" anywhere in int8, "features" in
    the ranges the feature specs produce, "max" / "min" / "zero" constant."""
    shape = (model.in_ch, model.seq_len)
    if kind == "random":
        return (rng.integers(-128, 127, shape, endpoint=True),
                rng.integers(-128, 127, model.n_static, endpoint=True))
    if kind == "features":
        return (rng.integers(0, 96, shape), rng.integers(0, 65,
                                                         model.n_static))
    v = {"max": 127, "min": -128, "zero": 0}[kind]
    return (np.full(shape, v, np.int64), np.full(model.n_static, v, np.int64))
