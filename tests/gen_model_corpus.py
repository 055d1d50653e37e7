#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""gen_model_corpus.py [--check]: write kmod/kunit/model_corpus.h, the
model parser's test corpus shared by the KUnit suite (model_kunit.c) and
the userspace test (tests/unit/model_test.c): a valid model, variants of
it each with the errno and message dfi_model_parse() must return, and the
logits models/dfim.py infer() computes for a few inputs of the valid model.

A variant is stored as its length and the bytes where it differs from the
valid model (past the valid model's end the variant is zero-filled).  The
variants' CRC is recomputed unless the variant is about the CRC, so that
each reaches the check it is meant for.  --check: exit 1 if the header on
disk is not what this script writes."""
import os
import struct
import sys

import numpy as np

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.join(TOP, "models"))
import dfim  # noqa: E402

OUT = os.path.join(TOP, "kmod", "kunit", "model_corpus.h")

# The parser's messages (kmod/core/model.c), as the tests expect them.
M_MAGIC = "bad magic: not a dfi model"
M_VERSION = "unsupported model format version"
M_HDR_LEN = "hdr_len is not the size of struct dfi_model_hdr"
M_TOTAL = "total_len is not the file's length (truncated?)"
M_CRC = "CRC-32 mismatch"
M_HDR_RES = "header: reserved field not 0"
M_SPEC = "header: unsupported feature_spec"
M_NAME = "header: model name not NUL-padded printable ASCII"
M_NCLS_MIN = "header: n_classes < 2"
M_NCLS_MAX = "header: n_classes over DFI_MAX_CLASSES"
M_OTHER = "header: other_class neither a class nor DFI_NO_CLASS"
M_NLAY_MIN = "header: n_layers is 0"
M_NLAY_MAX = "header: n_layers over DFI_MAX_LAYERS"
M_SEQ_MIN = "header: seq_len is 0"
M_SEQ_MAX = "header: seq_len over DFI_MAX_SEQ"
M_IN_CH = "header: in_ch is not the feature spec's DFI_SEQ_CH"
M_NSTAT = "header: n_static over the feature spec's DFI_STATIC_N"
M_DEADLINE = "header: deadline_ms not 1..DFI_MAX_DEADLINE_MS"
MAX_DEADLINE_MS = 600000
M_CLASS = "class name empty, not NUL-padded or not [a-z0-9_-]"
M_DUP = "duplicate class name"
M_TYPE = "layer: unknown type"
M_FLAG = "layer: unknown flag"
M_RELU_NOW = "layer: RELU flag on a layer without weights"
M_LOGITS_NOT_LAST = "layer: LOGITS flag on a layer other than the last"
M_LAST = "last layer is not DENSE with the LOGITS flag"
M_RELU_LOGITS = "layer: RELU and LOGITS flags together"
M_K0 = "layer: k is 0"
M_STRIDE0 = "layer: stride is 0"
M_PAD = "conv1d: pad >= k"
M_POOL_PAD = "maxpool1d: pad is not 0"
M_NOKERNEL = "layer: k, stride or pad not 0 on a layer without a kernel"
M_LAY_RES = "layer: reserved field not 0"
M_CHAIN_CH = ("layer shape chain broken: in_ch is not the previous "
              "output's channels")
M_CHAIN_LEN = ("layer shape chain broken: in_len is not the previous "
               "output's length")
M_CONV_K = "conv1d: k larger than in_len + 2*pad"
M_CONV_LEN = ("layer shape chain broken: conv1d out_len is not "
              "(in_len + 2*pad - k)/stride + 1")
M_CONV_O0 = "conv1d: out_ch is 0"
M_POOL_K = "maxpool1d: k larger than in_len"
M_POOL_CH = "layer shape chain broken: maxpool1d out_ch is not in_ch"
M_POOL_LEN = ("layer shape chain broken: maxpool1d out_len is not "
              "(in_len - k)/stride + 1")
M_GP_SHAPE = "layer shape chain broken: globalpool output is not 2*in_ch x 1"
M_GP_RELU = "globalpool: input not from a RELU layer"
M_ST_VEC = "static: input is not a vector (in_len != 1)"
M_ST_TWO = "more than one STATIC layer"
M_ST_SHAPE = ("layer shape chain broken: static output is not "
              "(in_ch + n_static) x 1")
M_DN_VEC = "dense: input is not a vector (in_len != 1)"
M_DN_SHAPE = ("layer shape chain broken: dense output is not out_ch x 1, "
              "out_ch >= 1")
M_CAP_CH = "layer: sequence tensor channels over DFI_MAX_CH"
M_CAP_VEC = "layer: vector length over DFI_MAX_VEC"
M_CAP_ACT = "layer: activation over DFI_MAX_ACT elements"
M_CAP_MACS = "model: work per classification over DFI_MAX_MACS"
M_NOW_OFF = "layer: array offset not 0 on a layer without weights"
M_LOGITS_RQ = "logits layer: mult_off or shift_off not 0"
M_BIAS_OVF = "layer bias: int32 accumulator could overflow"
M_MULT = "requant: mult not in 1..2^31-1"
M_SHIFT = "requant: shift not in 1..62"
M_LOGITS_N = "logits layer: out_ch is not n_classes"
M_NO_STATIC = "n_static > 0 but no STATIC layer"
M_GATE_RES = "gate: reserved field not 0"
M_BINS = "gate: n_bins is not DFI_GATE_BINS"
M_NCENT = "gate: n_centroids over DFI_MAX_CENTROIDS"
M_CENT_OFF = "gate: centroids_off not 0 without centroids"
M_MARGIN_OTHER = "gate: class margin of other_class not 0"
M_OVERLAP = "two regions of the file overlap"
M_CP_SEQ = "header: checkpoint not below seq_len"
M_CP_ORDER = "header: checkpoints not increasing"
M_CP_GAP = "header: checkpoint after an unused (0) one"
M_EARLY_NO_CP = "header: early_margin_off not 0 without checkpoints"
M_CP_NO_EARLY = "header: checkpoints without early_margin_off"
M_EARLY_OTHER = "header: early margin of other_class not DFI_EARLY_NEVER"


def region_msgs(what, plural=False, aligned=False):
    verb = "run" if plural else "runs"
    return ("%s: offset 0 or inside the header" % what,
            "%s: %s into the CRC or past the end of the file" % (what, verb),
            "%s: offset not 4-byte aligned" % what if aligned
            else "%s: misaligned" % what)


R_CLASSES = region_msgs("class table")
R_LAYERS = region_msgs("layer table")
R_GATE = region_msgs("gate")
R_CENT = region_msgs("gate centroids", plural=True)
R_MARGINS = ("gate class margins: offset inside the header",
             "gate class margins: run into the CRC or past the end of the "
             "file", "gate class margins: offset not 4-byte aligned")
R_EARLY = ("early margins: offset inside the header",
           "early margins: run into the CRC or past the end of the file",
           "early margins: offset not 4-byte aligned")
R_W = region_msgs("layer weights", plural=True)
R_BIAS = region_msgs("layer bias", aligned=True)
R_MULT = region_msgs("layer mult", aligned=True)
R_SHIFT = region_msgs("layer shift")

CONV0, POOL1, CONV2, GPOOL3, STATIC4, DENSE5, LOGITS6 = range(7)


def valid_model():
    # seed 12: a strided, padded first convolution, a 3-wide max pool, a
    # second convolution with more padding than input (its output is
    # longer than its input), a hidden layer of 4
    m = dfim.make_random(12, seq_len=8, n_classes=3, n_static=4, max_ch=4,
                         hidden=5, n_centroids=2, extreme=False)
    l0, l1, l2, l3, l5 = (m.layers[i] for i in (0, 1, 2, 3, 5))
    assert l0.pad > 0 and l0.stride > 1 and l0.out_ch >= 2 and l1.k > 1
    assert l2.out_len > l2.in_len and l3.in_len > 1 and l5.out_ch > 1
    m.name = "corpus"
    m.classes = ["web", "bulk_x", "voip-2"]
    m.other_class = 1
    m.deadline_ms = 500
    m.class_margin = CLASS_MARGINS
    m.checkpoints = CHECKPOINTS
    m.early_margin = EARLY_MARGINS
    return m


# the valid model's margin per class (other_class, 1, needs none)
CLASS_MARGINS = (300, 0, 70)
# its early verdicts: at 2 and 5 packets (of 8), other_class never
CHECKPOINTS = (2, 5)
EARLY_MARGINS = ((400, dfim.EARLY_NEVER, 0), (dfim.EARLY_NEVER,
                                                dfim.EARLY_NEVER, 90))


class Corpus:
    def __init__(self, model):
        self.model = model
        self.valid = dfim.write(model)
        self.variants = []  # (name, errno, msg, bytes)
        v = self.valid
        self.classes_off, self.layers_off, self.gate_off = \
            struct.unpack_from("<III", v, dfim.HDR_FIELDS["classes_off"][0])
        self.end = len(v) - dfim.CRC_LEN

    # Reading and writing fields of a copy of the valid model.
    @staticmethod
    def put(d, off, size, val):
        d[off:off + size] = int(val).to_bytes(size, "little",
                                              signed=val < 0)

    def hdr(self, d, f, val):
        off, size = dfim.HDR_FIELDS[f]
        self.put(d, off, size, val)

    def lay_off(self, i, f):
        return self.layers_off + i * dfim.LAYER_LEN + dfim.LAYER_FIELDS[f][0]

    def layer(self, d, i, f, val):
        self.put(d, self.lay_off(i, f), dfim.LAYER_FIELDS[f][1], val)

    def lget(self, i, f):
        off, size = self.lay_off(i, f), dfim.LAYER_FIELDS[f][1]
        return int.from_bytes(self.valid[off:off + size], "little")

    def gate(self, d, f, val):
        off, size = dfim.GATE_FIELDS[f]
        self.put(d, self.gate_off + off, size, val)

    def gget(self, f):
        off, size = dfim.GATE_FIELDS[f]
        off += self.gate_off
        return int.from_bytes(self.valid[off:off + size], "little")

    def add(self, name, err, msg, edit, crc=True):
        """edit(d) changes a copy d of the valid file in place, or returns
        a new one; crc: recompute the CRC of the result."""
        d = bytearray(self.valid)
        r = edit(d)
        if r is not None:
            d = bytearray(r)
        if crc and len(d) >= dfim.CRC_LEN:
            d = bytearray(dfim.fix_crc(d))
        assert name not in [v[0] for v in self.variants], name
        self.variants.append((name, err, msg, bytes(d)))


def build(c):
    m = c.model
    L = m.layers
    end = c.end
    total = len(c.valid)
    add, hdr, layer, gate = c.add, c.hdr, c.layer, c.gate

    # -- the file as a whole --------------------------------------------
    add("magic", "EINVAL", M_MAGIC, lambda d: hdr(d, "magic", 0x4D494645))
    add("version_0", "EOPNOTSUPP", M_VERSION, lambda d: hdr(d, "version", 0))
    add("version_2", "EOPNOTSUPP", M_VERSION, lambda d: hdr(d, "version", 2))
    add("hdr_len_128", "EINVAL", M_HDR_LEN,
        lambda d: hdr(d, "hdr_len", 128))
    add("hdr_len_0", "EINVAL", M_HDR_LEN, lambda d: hdr(d, "hdr_len", 0))
    add("total_len_plus_1", "EINVAL", M_TOTAL,
        lambda d: hdr(d, "total_len", total + 1))
    add("total_len_minus_1", "EINVAL", M_TOTAL,
        lambda d: hdr(d, "total_len", total - 1))
    add("total_len_0", "EINVAL", M_TOTAL, lambda d: hdr(d, "total_len", 0))
    add("trailing_byte", "EINVAL", M_TOTAL, lambda d: d + b"\0", crc=False)

    def flip(off):
        def edit(d):
            d[off] ^= 0x10
        return edit
    add("crc_body_flip", "EBADMSG", M_CRC, flip(end // 2), crc=False)
    add("crc_name_flip", "EBADMSG", M_CRC, flip(12), crc=False)
    add("crc_field_flip", "EBADMSG", M_CRC, flip(end + 3), crc=False)
    add("crc_zero", "EBADMSG", M_CRC,
        lambda d: c.put(d, end, 4, 0), crc=False)

    # -- header fields ----------------------------------------------------
    add("hdr_reserved0", "EINVAL", M_HDR_RES, lambda d: hdr(d, "reserved0", 1))
    add("hdr_reserved_first", "EINVAL", M_HDR_RES,
        lambda d: c.put(d, dfim.HDR_FIELDS["reserved"][0], 1, 1))
    add("hdr_reserved_last", "EINVAL", M_HDR_RES,
        lambda d: c.put(d, dfim.HDR_LEN - 1, 1, 0x80))
    add("feature_spec_0", "EOPNOTSUPP", M_SPEC,
        lambda d: hdr(d, "feature_spec", 0))
    add("feature_spec_3", "EOPNOTSUPP", M_SPEC,
        lambda d: hdr(d, "feature_spec", 3))
    name_off = dfim.HDR_FIELDS["name"][0]
    add("name_control_char", "EINVAL", M_NAME,
        lambda d: c.put(d, name_off + 1, 1, 0x09))
    add("name_del", "EINVAL", M_NAME,
        lambda d: c.put(d, name_off, 1, 0x7F))
    add("name_high_bit", "EINVAL", M_NAME,
        lambda d: c.put(d, name_off + 2, 1, 0xC3))
    add("name_not_nul_padded", "EINVAL", M_NAME,
        lambda d: c.put(d, name_off + 31, 1, ord("x")))
    add("n_classes_0", "EINVAL", M_NCLS_MIN, lambda d: hdr(d, "n_classes", 0))
    add("n_classes_1", "EINVAL", M_NCLS_MIN, lambda d: hdr(d, "n_classes", 1))
    add("n_classes_17", "E2BIG", M_NCLS_MAX,
        lambda d: hdr(d, "n_classes", 17))
    add("n_classes_not_logits", "EINVAL", M_LOGITS_N,
        lambda d: hdr(d, "n_classes", 2) or hdr(d, "other_class", 0xFF))
    add("other_class_n", "EINVAL", M_OTHER,
        lambda d: hdr(d, "other_class", len(m.classes)))
    add("other_class_fe", "EINVAL", M_OTHER,
        lambda d: hdr(d, "other_class", 0xFE))
    add("n_layers_0", "EINVAL", M_NLAY_MIN, lambda d: hdr(d, "n_layers", 0))
    add("n_layers_17", "E2BIG", M_NLAY_MAX, lambda d: hdr(d, "n_layers", 17))
    add("n_layers_no_logits", "EINVAL", M_LAST,
        lambda d: hdr(d, "n_layers", len(L) - 1))
    add("seq_len_0", "EINVAL", M_SEQ_MIN, lambda d: hdr(d, "seq_len", 0))
    add("seq_len_65", "E2BIG", M_SEQ_MAX, lambda d: hdr(d, "seq_len", 65))
    add("seq_len_chain", "EINVAL", M_CHAIN_LEN,
        lambda d: hdr(d, "seq_len", m.seq_len + 1))
    add("in_ch_3", "EINVAL", M_IN_CH, lambda d: hdr(d, "in_ch", 3))
    add("in_ch_5", "EINVAL", M_IN_CH, lambda d: hdr(d, "in_ch", 5))
    add(f"n_static_{dfim.STATIC_N + 1}", "EINVAL", M_NSTAT,
        lambda d: hdr(d, "n_static", dfim.STATIC_N + 1))
    # spec 1 has 16 static inputs: 17 passes spec 2's cap, fails spec 1's
    add("n_static_17_spec_1", "EINVAL", M_NSTAT,
        lambda d: hdr(d, "feature_spec", 1) or hdr(d, "n_static", 17))
    add("n_static_17_spec_2", "EINVAL", M_ST_SHAPE,
        lambda d: hdr(d, "n_static", 17))
    add("n_static_chain", "EINVAL", M_ST_SHAPE,
        lambda d: hdr(d, "n_static", m.n_static - 1))
    # 0 would keep short flows in progress for as long as conntrack does
    add("deadline_ms_0", "EINVAL", M_DEADLINE,
        lambda d: hdr(d, "deadline_ms", 0))
    add("deadline_ms_over", "EINVAL", M_DEADLINE,
        lambda d: hdr(d, "deadline_ms", MAX_DEADLINE_MS + 1))
    add("deadline_ms_ffffffff", "EINVAL", M_DEADLINE,
        lambda d: hdr(d, "deadline_ms", 0xFFFFFFFF))

    # -- the tables' places ---------------------------------------------
    for fld, msgs, size in (("classes_off", R_CLASSES, 16 * len(m.classes)),
                            ("layers_off", R_LAYERS, 40 * len(L)),
                            ("gate_off", R_GATE, 32)):
        add(fld + "_0", "EINVAL", msgs[0], lambda d, f=fld: hdr(d, f, 0))
        add(fld + "_in_header", "EINVAL", msgs[0],
            lambda d, f=fld: hdr(d, f, dfim.HDR_LEN - 1))
        add(fld + "_into_crc", "EINVAL", msgs[1],
            lambda d, f=fld, s=size: hdr(d, f, end - s + 1))
        add(fld + "_past_end", "EINVAL", msgs[1],
            lambda d, f=fld: hdr(d, f, total))
        add(fld + "_wraps", "EINVAL", msgs[1],
            lambda d, f=fld: hdr(d, f, 0xFFFFFFFF))

    # -- class names ------------------------------------------------------
    co = c.classes_off
    add("class_empty", "EINVAL", M_CLASS,
        lambda d: d.__setitem__(slice(co, co + 16), bytes(16)))
    add("class_upper", "EINVAL", M_CLASS, lambda d: c.put(d, co + 16, 1, 0x42))
    add("class_space", "EINVAL", M_CLASS,
        lambda d: c.put(d, co + 32 + 1, 1, 0x20))
    add("class_not_nul_padded", "EINVAL", M_CLASS,
        lambda d: c.put(d, co + 15, 1, ord("a")))
    add("class_duplicate", "EINVAL", M_DUP,
        lambda d: d.__setitem__(slice(co + 32, co + 48), d[co:co + 16]))

    # -- layer fields -----------------------------------------------------
    add("layer_type_0", "EINVAL", M_TYPE, lambda d: layer(d, CONV0, "type", 0))
    add("layer_type_6", "EINVAL", M_TYPE,
        lambda d: layer(d, DENSE5, "type", 6))
    add("layer_flag_unknown", "EINVAL", M_FLAG,
        lambda d: layer(d, CONV0, "flags", 0x05))
    add("layer_flag_high", "EINVAL", M_FLAG,
        lambda d: layer(d, LOGITS6, "flags", 0x82))
    add("maxpool_relu", "EINVAL", M_RELU_NOW,
        lambda d: layer(d, POOL1, "flags", dfim.F_RELU))
    add("static_relu", "EINVAL", M_RELU_NOW,
        lambda d: layer(d, STATIC4, "flags", dfim.F_RELU))
    add("logits_not_last", "EINVAL", M_LOGITS_NOT_LAST,
        lambda d: layer(d, DENSE5, "flags", dfim.F_LOGITS))
    add("last_without_logits", "EINVAL", M_LAST,
        lambda d: layer(d, LOGITS6, "flags", 0))
    add("last_not_dense", "EINVAL", M_LAST,
        lambda d: layer(d, LOGITS6, "type", dfim.LAYER_CONV1D))
    add("relu_and_logits", "EINVAL", M_RELU_LOGITS,
        lambda d: layer(d, LOGITS6, "flags", dfim.F_RELU | dfim.F_LOGITS))
    add("conv_k_0", "EINVAL", M_K0, lambda d: layer(d, CONV0, "k", 0))
    add("conv_stride_0", "EINVAL", M_STRIDE0,
        lambda d: layer(d, CONV2, "stride", 0))
    add("conv_pad_k", "EINVAL", M_PAD,
        lambda d: layer(d, CONV0, "pad", L[CONV0].k))
    add("pool_k_0", "EINVAL", M_K0, lambda d: layer(d, POOL1, "k", 0))
    add("pool_stride_0", "EINVAL", M_STRIDE0,
        lambda d: layer(d, POOL1, "stride", 0))
    add("pool_pad", "EINVAL", M_POOL_PAD, lambda d: layer(d, POOL1, "pad", 1))
    add("globalpool_k", "EINVAL", M_NOKERNEL,
        lambda d: layer(d, GPOOL3, "k", 1))
    add("static_pad", "EINVAL", M_NOKERNEL,
        lambda d: layer(d, STATIC4, "pad", 1))
    add("dense_stride", "EINVAL", M_NOKERNEL,
        lambda d: layer(d, LOGITS6, "stride", 1))
    add("layer_reserved0", "EINVAL", M_LAY_RES,
        lambda d: c.put(d, c.lay_off(CONV2, "reserved0") + 2, 1, 1))
    add("layer_reserved_last", "EINVAL", M_LAY_RES,
        lambda d: c.put(d, c.lay_off(LOGITS6, "reserved") + 7, 1, 0x40))

    # -- shapes -------------------------------------------------------------
    l0, l1, l2, l3 = L[CONV0], L[POOL1], L[CONV2], L[GPOOL3]
    add("chain_in_ch", "EINVAL", M_CHAIN_CH,
        lambda d: layer(d, CONV0, "in_ch", 5))
    add("chain_in_len", "EINVAL", M_CHAIN_LEN,
        lambda d: layer(d, CONV2, "in_len", l2.in_len + 1))
    add("chain_dense_in_ch", "EINVAL", M_CHAIN_CH,
        lambda d: layer(d, LOGITS6, "in_ch", L[LOGITS6].in_ch + 1))
    add("conv_out_len", "EINVAL", M_CONV_LEN,
        lambda d: layer(d, CONV0, "out_len", l0.out_len + 1))
    add("conv_k_long", "EINVAL", M_CONV_K,
        lambda d: layer(d, CONV0, "k", l0.in_len + 2 * l0.pad + 1))
    add("conv_out_ch_0", "EINVAL", M_CONV_O0,
        lambda d: layer(d, CONV0, "out_ch", 0))
    add("pool_out_ch", "EINVAL", M_POOL_CH,
        lambda d: layer(d, POOL1, "out_ch", l1.in_ch + 1))
    add("pool_out_len", "EINVAL", M_POOL_LEN,
        lambda d: layer(d, POOL1, "out_len", l1.out_len - 1))
    add("pool_k_long", "EINVAL", M_POOL_K,
        lambda d: layer(d, POOL1, "k", l1.in_len + 1))
    add("globalpool_out_ch", "EINVAL", M_GP_SHAPE,
        lambda d: layer(d, GPOOL3, "out_ch", l3.in_ch))
    add("globalpool_out_len", "EINVAL", M_GP_SHAPE,
        lambda d: layer(d, GPOOL3, "out_len", 2))
    add("globalpool_no_relu", "EINVAL", M_GP_RELU,
        lambda d: layer(d, CONV2, "flags", 0))
    add("static_out_ch", "EINVAL", M_ST_SHAPE,
        lambda d: layer(d, STATIC4, "out_ch", L[STATIC4].out_ch + 1))
    add("dense_out_len", "EINVAL", M_DN_SHAPE,
        lambda d: layer(d, DENSE5, "out_len", 2))
    add("dense_out_ch_0", "EINVAL", M_DN_SHAPE,
        lambda d: layer(d, DENSE5, "out_ch", 0))

    def pool_for_globalpool(d):
        """Layer 3 a 1x1 max pool: the sequence tensor reaches layer 4."""
        layer(d, GPOOL3, "type", dfim.LAYER_MAXPOOL1D)
        layer(d, GPOOL3, "k", 1)
        layer(d, GPOOL3, "stride", 1)
        layer(d, GPOOL3, "out_ch", l3.in_ch)
        layer(d, GPOOL3, "out_len", l3.in_len)
        layer(d, STATIC4, "in_ch", l3.in_ch)
        layer(d, STATIC4, "in_len", l3.in_len)
    assert l3.in_len > 1
    add("static_on_sequence", "EINVAL", M_ST_VEC, pool_for_globalpool)
    add("dense_on_sequence", "EINVAL", M_DN_VEC,
        lambda d: pool_for_globalpool(d) or layer(d, STATIC4, "type",
                                                  dfim.LAYER_DENSE))
    add("two_static", "EINVAL", M_ST_TWO,
        lambda d: layer(d, DENSE5, "type", dfim.LAYER_STATIC)
        or layer(d, DENSE5, "flags", 0))

    def no_static(d):
        """Layer 4 a 1x1 max pool: the static inputs go unused."""
        v = L[STATIC4].in_ch
        layer(d, STATIC4, "type", dfim.LAYER_MAXPOOL1D)
        layer(d, STATIC4, "k", 1)
        layer(d, STATIC4, "stride", 1)
        layer(d, STATIC4, "out_ch", v)
        layer(d, DENSE5, "in_ch", v)
    add("static_missing", "EINVAL", M_NO_STATIC, no_static)

    # -- caps -----------------------------------------------------------------
    add("cap_channels", "E2BIG", M_CAP_CH,
        lambda d: layer(d, CONV0, "out_ch", 65))
    add("cap_vector", "E2BIG", M_CAP_VEC,
        lambda d: layer(d, DENSE5, "out_ch", 513))

    def conv0(k, pad, out_ch, stride=1):
        def edit(d):
            layer(d, CONV0, "k", k)
            layer(d, CONV0, "pad", pad)
            layer(d, CONV0, "stride", stride)
            layer(d, CONV0, "out_ch", out_ch)
            layer(d, CONV0, "out_len",
                  dfim.conv_out_len(l0.in_len, k, stride, pad))
        return edit
    # 64 x 207 activations; 15 x 262 (under the cap) with 4 M MACs.
    add("cap_activation", "E2BIG", M_CAP_ACT, conv0(200, 199, 64))
    add("cap_macs", "E2BIG", M_CAP_MACS, conv0(255, 254, 15))
    add("cap_centroids", "E2BIG", M_NCENT,
        lambda d: gate(d, "n_centroids", 257))

    # -- arrays -------------------------------------------------------------
    def array_size(i, f):
        l = L[i]
        return {"w_off": int(np.prod(l.weight_shape())),
                "bias_off": 4 * l.out_ch, "mult_off": 4 * l.out_ch,
                "shift_off": l.out_ch}[f]
    for i, f, msgs, align in ((CONV0, "w_off", R_W, 1),
                              (CONV0, "bias_off", R_BIAS, 4),
                              (CONV2, "mult_off", R_MULT, 4),
                              (DENSE5, "shift_off", R_SHIFT, 1)):
        # the first aligned offset at which the array overlaps the CRC
        into_crc = ((end - array_size(i, f)) & ~(align - 1)) + align
        add("%s_%d_0" % (f, i), "EINVAL", msgs[0],
            lambda d, i=i, f=f: layer(d, i, f, 0))
        add("%s_%d_in_header" % (f, i), "EINVAL", msgs[0],
            lambda d, i=i, f=f: layer(d, i, f, 120))
        add("%s_%d_into_crc" % (f, i), "EINVAL", msgs[1],
            lambda d, i=i, f=f, o=into_crc: layer(d, i, f, o))
        add("%s_%d_wraps" % (f, i), "EINVAL", msgs[1],
            lambda d, i=i, f=f: layer(d, i, f, 0x100000000 - align))
        if align == 4:
            add("%s_%d_misaligned" % (f, i), "EINVAL", msgs[2],
                lambda d, i=i, f=f: layer(d, i, f, c.lget(i, f) + 2))
    add("logits_bias_into_crc", "EINVAL", R_BIAS[1],
        lambda d: layer(d, LOGITS6, "bias_off", (end - 4 * len(m.classes)
                                                 + 4) & ~3))
    add("logits_mult_off", "EINVAL", M_LOGITS_RQ,
        lambda d: layer(d, LOGITS6, "mult_off", c.lget(DENSE5, "mult_off")))
    add("logits_shift_off", "EINVAL", M_LOGITS_RQ,
        lambda d: layer(d, LOGITS6, "shift_off", 200))
    add("maxpool_w_off", "EINVAL", M_NOW_OFF,
        lambda d: layer(d, POOL1, "w_off", 200))
    add("static_shift_off", "EINVAL", M_NOW_OFF,
        lambda d: layer(d, STATIC4, "shift_off", 1))

    # -- array values ---------------------------------------------------------
    def at(i, f, idx, size, val):
        return lambda d: c.put(d, c.lget(i, f) + idx * size, size, val)
    lim0 = dfim.S32_MAX - l0.in_ch * l0.k * dfim.MAX_PRODUCT
    lim6 = dfim.S32_MAX - L[LOGITS6].in_ch * dfim.MAX_PRODUCT
    add("mult_0", "EINVAL", M_MULT, at(CONV0, "mult_off", 0, 4, 0))
    add("mult_negative", "EINVAL", M_MULT,
        at(DENSE5, "mult_off", L[DENSE5].out_ch - 1, 4, -(1 << 31)))
    add("shift_0", "EINVAL", M_SHIFT, at(CONV2, "shift_off", 0, 1, 0))
    add("shift_63", "EINVAL", M_SHIFT,
        at(CONV0, "shift_off", l0.out_ch - 1, 1, 63))
    add("bias_overflow", "EINVAL", M_BIAS_OVF,
        at(CONV0, "bias_off", 0, 4, -lim0 - 1))
    add("bias_overflow_logits", "EINVAL", M_BIAS_OVF,
        at(LOGITS6, "bias_off", 2, 4, lim6 + 1))

    # -- the gate -------------------------------------------------------------
    add("gate_bins_15", "EINVAL", M_BINS, lambda d: gate(d, "n_bins", 15))
    add("gate_bins_0", "EINVAL", M_BINS, lambda d: gate(d, "n_bins", 0))
    add("gate_reserved", "EINVAL", M_GATE_RES,
        lambda d: c.put(d, c.gate_off + 31, 1, 1))
    add("centroids_off_0", "EINVAL", R_CENT[0],
        lambda d: gate(d, "centroids_off", 0))
    add("centroids_into_crc", "EINVAL", R_CENT[1],
        lambda d: gate(d, "n_centroids", 256))
    add("centroids_off_no_centroids", "EINVAL", M_CENT_OFF,
        lambda d: gate(d, "n_centroids", 0))

    cm_off = c.gget("class_margin_off")
    add("class_margin_in_header", "EINVAL", R_MARGINS[0],
        lambda d: gate(d, "class_margin_off", 8))
    add("class_margin_misaligned", "EINVAL", R_MARGINS[2],
        lambda d: gate(d, "class_margin_off", cm_off + 2))
    add("class_margin_into_crc", "EINVAL", R_MARGINS[1],
        lambda d: gate(d, "class_margin_off", end - 8))
    add("class_margin_other_not_0", "EINVAL", M_MARGIN_OTHER,
        lambda d: c.put(d, cm_off + 4 * m.other_class, 4, 1))

    # -- early verdicts -------------------------------------------------------
    cp_off = dfim.HDR_FIELDS["checkpoints"][0]
    em_off = struct.unpack_from("<I", c.valid,
                                dfim.HDR_FIELDS["early_margin_off"][0])[0]
    add("checkpoint_at_seq_len", "EINVAL", M_CP_SEQ,
        lambda d: c.put(d, cp_off + 1, 1, m.seq_len))
    add("checkpoint_0_is_seq_len", "EINVAL", M_CP_SEQ,
        lambda d: c.put(d, cp_off, 1, m.seq_len) or c.put(d, cp_off + 1, 1, 0))
    add("checkpoints_equal", "EINVAL", M_CP_ORDER,
        lambda d: c.put(d, cp_off + 1, 1, CHECKPOINTS[0]))
    add("checkpoints_decreasing", "EINVAL", M_CP_ORDER,
        lambda d: c.put(d, cp_off, 1, CHECKPOINTS[1] + 1))
    add("checkpoint_after_unused", "EINVAL", M_CP_GAP,
        lambda d: c.put(d, cp_off + 1, 1, 0) or c.put(d, cp_off + 3, 1, 7))
    add("early_margin_off_without_checkpoints", "EINVAL", M_EARLY_NO_CP,
        lambda d: c.put(d, cp_off, 2, 0))
    add("checkpoints_without_early_margin_off", "EINVAL", M_CP_NO_EARLY,
        lambda d: hdr(d, "early_margin_off", 0))
    add("early_margin_in_header", "EINVAL", R_EARLY[0],
        lambda d: hdr(d, "early_margin_off", 4))
    add("early_margin_misaligned", "EINVAL", R_EARLY[2],
        lambda d: hdr(d, "early_margin_off", em_off + 2))
    add("early_margin_into_crc", "EINVAL", R_EARLY[1],
        lambda d: hdr(d, "early_margin_off", end - 8))
    add("early_margin_other_not_never", "EINVAL", M_EARLY_OTHER,
        lambda d: c.put(d, em_off + 4 * (3 + m.other_class), 4, 0))
    add("overlap_early_class_margin", "EINVAL", M_OVERLAP,
        lambda d: hdr(d, "other_class", 0xFF) or hdr(
            d, "early_margin_off", cm_off))

    # -- overlaps -------------------------------------------------------------
    add("overlap_bias", "EINVAL", M_OVERLAP,
        lambda d: layer(d, LOGITS6, "bias_off", c.lget(DENSE5, "bias_off")))
    add("overlap_weights", "EINVAL", M_OVERLAP,
        lambda d: layer(d, CONV2, "w_off", c.lget(CONV0, "w_off")))
    add("overlap_centroids_layers", "EINVAL", M_OVERLAP,
        lambda d: gate(d, "centroids_off", c.layers_off + 8))
    add("overlap_centroids_bias", "EINVAL", M_OVERLAP,
        lambda d: gate(d, "centroids_off", c.gget("centroids_off") - 1))
    add("overlap_class_margin_centroids", "EINVAL", M_OVERLAP,
        lambda d: hdr(d, "other_class", 0xFF) or gate(
            d, "class_margin_off", (c.gget("centroids_off") + 3) & ~3))

    # -- variants that must parse ---------------------------------------------
    add("ok_other_class_none", None, None,
        lambda d: hdr(d, "other_class", 0xFF))
    add("ok_deadline_max", None, None,
        lambda d: hdr(d, "deadline_ms", MAX_DEADLINE_MS))
    add("ok_deadline_1", None, None, lambda d: hdr(d, "deadline_ms", 1))
    add("ok_name_32_chars", None, None,
        lambda d: d.__setitem__(slice(name_off, name_off + 32),
                                b"~ !0123456789abcdefghijklmnopqrs"))
    add("ok_name_empty", None, None,
        lambda d: d.__setitem__(slice(name_off, name_off + 32), bytes(32)))
    add("ok_class_16_chars", None, None,
        lambda d: d.__setitem__(slice(co, co + 16), b"abcdefghijklm_-9"))
    add("ok_conv_no_relu", None, None, lambda d: layer(d, CONV0, "flags", 0))
    add("ok_bias_limits", None, None,
        lambda d: at(CONV0, "bias_off", 0, 4, -lim0)(d)
        or at(LOGITS6, "bias_off", 0, 4, lim6)(d))
    add("ok_requant_limits", None, None,
        lambda d: at(CONV0, "mult_off", 0, 4, dfim.S32_MAX)(d)
        or at(CONV0, "mult_off", 1, 4, 1)(d)
        or at(CONV0, "shift_off", 0, 1, 62)(d)
        or at(CONV0, "shift_off", 1, 1, 1)(d))
    add("ok_feature_spec_1", None, None,
        lambda d: hdr(d, "feature_spec", 1))
    add("ok_no_class_margins", None, None,
        lambda d: gate(d, "class_margin_off", 0))
    add("ok_no_checkpoints", None, None,
        lambda d: c.put(d, cp_off, 2, 0) or hdr(d, "early_margin_off", 0))
    add("ok_one_checkpoint", None, None, lambda d: c.put(d, cp_off + 1, 1, 0))
    add("ok_checkpoint_below_seq_len", None, None,
        lambda d: c.put(d, cp_off + 1, 1, m.seq_len - 1))
    add("ok_no_centroids", None, None,
        lambda d: gate(d, "n_centroids", 0) or gate(d, "centroids_off", 0))

    def gap_before_crc(d):
        """16 unused bytes between the arrays and the CRC."""
        d = d[:end] + bytes(16) + d[end:]
        hdr(d, "total_len", len(d))
        return d
    add("ok_gap_before_crc", None, None, gap_before_crc)

    def static_no_inputs(d):
        """n_static 0 with a STATIC layer: a no-op that must still parse."""
        v = L[STATIC4].in_ch
        hdr(d, "n_static", 0)
        layer(d, STATIC4, "out_ch", v)
        layer(d, DENSE5, "in_ch", v)
    add("ok_static_no_inputs", None, None, static_no_inputs)


def c_bytes(data, indent="\t"):
    lines = []
    for i in range(0, len(data), 12):
        lines.append(indent + ", ".join("0x%02x" % b for b in data[i:i + 12])
                     + ",")
    return "\n".join(lines)


def c_ints(vals, per_line=12):
    out = []
    for i in range(0, len(vals), per_line):
        out.append("\t\t" + ", ".join(str(int(v)) for v in
                                      vals[i:i + per_line]) + ",")
    return "\n".join(out)


def render(c):
    m = c.model
    valid = c.valid
    rng = np.random.default_rng(2024)
    inputs = [dfim.random_input(rng, m, k)
              for k in ("zero", "max", "min", "features", "random")]
    logits = [dfim.infer(m, s, t) for s, t in inputs]
    patches = []
    vrows = []
    for name, err, msg, data in c.variants:
        first = len(patches)
        for off in range(len(data)):
            old = valid[off] if off < len(valid) else 0
            if data[off] != old:
                patches.append((off, data[off]))
        vrows.append('\t{ "%s", %s,\n\t  %s,\n\t  %d, %d, %d },' % (
            name, err or "0", '"%s"' % msg if msg else "NULL", len(data),
            first, len(patches) - first))
    macs = dfim.macs(m)
    max_len = max([len(valid)] + [len(v[3]) for v in c.variants])
    n_seq = m.in_ch * m.seq_len
    out = []
    w = out.append
    w("""/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated by tests/gen_model_corpus.py: do not edit.
 *
 * The model parser's corpus, shared by the KUnit suite (model_kunit.c) and
 * tests/unit/model_test.c: a valid model, variants of it with the errno
 * and message dfi_model_parse() must return, and the logits the Python
 * reference (models/dfim.py) computes for inputs of the valid model.
 */
#ifndef _DFI_MODEL_CORPUS_H
#define _DFI_MODEL_CORPUS_H

#ifdef __KERNEL__
#include <linux/errno.h>
#else
#include <errno.h>
#endif
#include <dfi/model.h>

/* sizeof(struct dfi_model_hdr) as models/dfim.py writes it */
#define DFI_CORPUS_HDR_LEN\t%d
#define DFI_CORPUS_LEN\t\t%d
/* room for the longest variant */
#define DFI_CORPUS_MAX_LEN\t%d
#define DFI_CORPUS_MACS\t\t%d
#define DFI_CORPUS_N_LAYERS\t%d
#define DFI_CORPUS_N_CENTROIDS\t%d
#define DFI_CORPUS_NAME\t\t"%s"
#define DFI_CORPUS_CLASS1\t"%s"
#define DFI_CORPUS_N_INPUTS\t%d
#define DFI_CORPUS_N_SEQ\t%d
#define DFI_CORPUS_N_STATIC\t%d
#define DFI_CORPUS_N_CLASSES\t%d
/* the margin each class needs */
#define DFI_CORPUS_CLASS_MARGINS\t{ %s }
/* the checkpoints, and the early margins at each */
#define DFI_CORPUS_CHECKPOINTS\t{ %s }
#define DFI_CORPUS_EARLY_MARGINS\t{ %s }

/* Stored as u32 words, so that the model is 4-byte aligned. */
static const union {
	u8 b[DFI_CORPUS_LEN];
	u32 align;
} dfi_corpus_valid __maybe_unused = { .b = {
%s
} };
""" % (dfim.HDR_LEN, len(valid), (max_len + 3) & ~3, macs, len(m.layers),
       len(m.centroids), m.name, m.classes[1], len(inputs), n_seq,
       m.n_static, len(m.classes), ", ".join(map(str, m.class_margin)),
       ", ".join(map(str, m.checkpoints)),
       ", ".join("{ %s }" % ", ".join("0x%x" % v for v in r)
                 for r in m.early_margin),
       c_bytes(valid)))
    w("""/* A byte of a variant that differs from the valid model. */
struct dfi_corpus_patch {
	u32 off;
	u8 val;
};

static const struct dfi_corpus_patch dfi_corpus_patches[] __maybe_unused = {""")
    for i in range(0, len(patches), 4):
        w("\t" + " ".join("{ %d, 0x%02x }," % p for p in patches[i:i + 4]))
    w("""};

/**
 * struct dfi_corpus_variant - a model file and what the parser must say
 * @name: what is wrong with it
 * @err: the errno, positive; 0 for a file that must parse
 * @msg: the parser's message (NULL when @err is 0)
 * @len: the file's length
 * @first: its first patch in dfi_corpus_patches
 * @n: its number of patches
 */
struct dfi_corpus_variant {
	const char *name;
	int err;
	const char *msg;
	u32 len;
	u32 first;
	u32 n;
};

static const struct dfi_corpus_variant dfi_corpus_variants[] __maybe_unused = {""")
    out.extend(vrows)
    w("""};

/* Inputs of the valid model and their logits. */
static const s8 dfi_corpus_seq[DFI_CORPUS_N_INPUTS][DFI_CORPUS_N_SEQ] __maybe_unused = {""")
    for s, _ in inputs:
        w("\t{\n%s\n\t}," % c_ints(np.asarray(s).reshape(-1)))
    w("};\n\nstatic const s8 "
      "dfi_corpus_stat[DFI_CORPUS_N_INPUTS][DFI_CORPUS_N_STATIC] "
      "__maybe_unused = {")
    for _, t in inputs:
        w("\t{\n%s\n\t}," % c_ints(np.asarray(t).reshape(-1)))
    w("};\n\nstatic const s32 "
      "dfi_corpus_logits[DFI_CORPUS_N_INPUTS][DFI_CORPUS_N_CLASSES] "
      "__maybe_unused = {")
    for lg in logits:
        w("\t{\n%s\n\t}," % c_ints(lg, 6))
    w("""};

#define DFI_CORPUS_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Write variant @v into @buf (DFI_CORPUS_MAX_LEN bytes, 4-byte aligned).
 * Return: its length.
 */
static inline u32 dfi_corpus_build(const struct dfi_corpus_variant *v,
				   u8 *buf)
{
	u32 i;

	memset(buf, 0, DFI_CORPUS_MAX_LEN);
	memcpy(buf, dfi_corpus_valid.b,
	       v->len < DFI_CORPUS_LEN ? v->len : DFI_CORPUS_LEN);
	for (i = 0; i < v->n; i++)
		buf[dfi_corpus_patches[v->first + i].off] =
			dfi_corpus_patches[v->first + i].val;
	return v->len;
}

/*
 * What parsing the valid model with byte @off changed returns, its CRC
 * not recomputed: the fields checked before the CRC fail, then the CRC.
 */
static inline int dfi_corpus_flip_ret(u32 off)
{
	if (off < 4)
		return -EINVAL;		/* magic */
	if (off < 6)
		return -EOPNOTSUPP;	/* version */
	if (off < 12)
		return -EINVAL;		/* hdr_len, total_len */
	return -EBADMSG;
}

/* Set total_len to @len and recompute the CRC (a truncated copy). */
static inline void dfi_corpus_fix(u8 *buf, u32 len)
{
	u32 crc;

	buf[8] = (u8)len;
	buf[9] = (u8)(len >> 8);
	buf[10] = (u8)(len >> 16);
	buf[11] = (u8)(len >> 24);
	if (len < 4)
		return;
	crc = dfi_crc32(buf, len - 4);
	buf[len - 4] = (u8)crc;
	buf[len - 3] = (u8)(crc >> 8);
	buf[len - 2] = (u8)(crc >> 16);
	buf[len - 1] = (u8)(crc >> 24);
}

#endif /* _DFI_MODEL_CORPUS_H */""")
    return "\n".join(out) + "\n"


def main():
    c = Corpus(valid_model())
    build(c)
    text = render(c)
    if sys.argv[1:] == ["--check"]:
        with open(OUT) as f:
            if f.read() != text:
                print("%s is stale: run tests/gen_model_corpus.py" % OUT)
                return 1
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    print("%s: %d variants, %d bytes of model" % (OUT, len(c.variants),
                                                   len(c.valid)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
