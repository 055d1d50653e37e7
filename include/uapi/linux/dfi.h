/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dfi: behaviour-based traffic classification for QoS.  The userspace ABI:
 *
 * 1. The model file (.dfim), loaded into the kernel by dficlt and read by
 *    the offline tools.  All integers little-endian.
 *
 *    offset 0:  struct dfi_model_hdr (124 bytes)
 *    hdr.classes_off:  n_classes x struct dfi_model_class (16 bytes each)
 *    hdr.layers_off:   n_layers x struct dfi_model_layer (40 bytes each)
 *    hdr.gate_off:     struct dfi_model_gate (32 bytes)
 *    anywhere after the header: the arrays the descriptors point at, every
 *      offset relative to the file start, 4-byte aligned for 32-bit arrays
 *    last 4 bytes: CRC-32 (IEEE 802.3, as zlib's crc32()) of all bytes
 *      before it
 *
 *    The network: the sequence input int8 [in_ch][seq_len] and the static
 *    input int8 [n_static] (their meaning is fixed by feature_spec, see
 *    include/dfi/features.h) flow through the layers in order.  Tensors
 *    are int8, symmetric (zero point 0).  Each layer with weights computes
 *    int32 acc = bias[o] + sum(w * x) and then, unless it is the final
 *    (logits) layer, requantizes per output channel:
 *
 *      y = clamp((acc * mult[o] + 2^(shift[o] - 1)) >> shift[o], lo, 127)
 *
 *    in 64-bit arithmetic (>> rounds toward minus infinity), with lo = 0
 *    when the layer has DFI_LAYER_F_RELU and -128 otherwise.  The final
 *    layer is DENSE with out = n_classes and DFI_LAYER_F_LOGITS: its int32
 *    acc are the logits.
 *
 *    Layer types and shapes (in_ch x in_len -> out_ch x out_len):
 *    CONV1D   C x L -> O x ((L + 2 pad - k) / stride + 1); zero padding;
 *             w int8 [O][C][k], bias int32 [O], requant [O]
 *    MAXPOOL1D C x L -> C x ((L - k) / stride + 1)
 *    GLOBALPOOL C x L -> 2C x 1: out[c] is channel c's rounded mean
 *             floor((sum + L/2) / L) over the L columns, out[C + c] its
 *             max (all means first, then all maxes); the layer input
 *             must be >= 0 (follow a RELU layer, or a MAXPOOL1D of one)
 *    STATIC   V x 1 -> (V + n_static) x 1: appends the static input
 *    DENSE    V x 1 -> O x 1; w int8 [O][V], bias int32 [O], requant [O]
 *
 *    So that no int32 accumulator can overflow, |bias[o]| must not exceed
 *    2^31 - 1 - (inputs per output) * 16384.  Fields a layer type does not
 *    use (k, stride, pad, offsets) must be 0.
 *
 *    The known/unknown gate: a histogram of the flow's recorded packets
 *    (DFI_GATE_BINS bins, see dfi_gate_hist() in include/dfi/engine.h)
 *    is compared with n_centroids centroids (uint8 [n][DFI_GATE_BINS]) by
 *    L1 distance; a flow whose nearest distance exceeds dist_max, or
 *    whose two largest logits differ by less than margin_min, is "other".
 *    A flow the network itself puts in other_class is "other" too.
 *
 * 2. The generic netlink family DFI_GENL_NAME (commands: see below as they
 *    are added).
 */
#ifndef _UAPI_LINUX_DFI_H
#define _UAPI_LINUX_DFI_H

#include <linux/types.h>

#define DFI_MODEL_MAGIC		0x4d494644	/* "DFIM" */
#define DFI_MODEL_VERSION	1
#define DFI_MODEL_MAX_SIZE	(1 << 20)
#define DFI_MAX_CLASSES		16
#define DFI_CLASS_NAME_LEN	16
#define DFI_MODEL_NAME_LEN	32
#define DFI_MAX_LAYERS		16
#define DFI_GATE_BINS		16
#define DFI_NO_CLASS		0xff

struct dfi_model_hdr {
	__le32	magic;		/* DFI_MODEL_MAGIC */
	__le16	version;	/* DFI_MODEL_VERSION */
	__le16	hdr_len;	/* sizeof(struct dfi_model_hdr) */
	__le32	total_len;	/* file size, CRC included */
	char	name[DFI_MODEL_NAME_LEN];	/* NUL-padded */
	__u8	feature_spec;	/* DFI_FEATURE_SPEC of the inputs */
	__u8	n_classes;	/* 2..DFI_MAX_CLASSES */
	__u8	other_class;	/* class meaning "other", or DFI_NO_CLASS */
	__u8	n_layers;	/* 1..DFI_MAX_LAYERS */
	__u8	seq_len;	/* packets per flow the model reads, 1..64 */
	__u8	in_ch;		/* sequence input channels */
	__u8	n_static;	/* static inputs */
	__u8	reserved0;
	__le32	classes_off;
	__le32	layers_off;
	__le32	gate_off;
	__le32	deadline_ms;	/* decide after this long at the latest */
	__le32	reserved[14];	/* 0 */
};

struct dfi_model_class {
	char	name[DFI_CLASS_NAME_LEN];	/* NUL-padded, [a-z0-9_-] */
};

enum dfi_layer_type {
	DFI_LAYER_CONV1D = 1,
	DFI_LAYER_MAXPOOL1D = 2,
	DFI_LAYER_GLOBALPOOL = 3,
	DFI_LAYER_STATIC = 4,
	DFI_LAYER_DENSE = 5,
};

#define DFI_LAYER_F_RELU	0x01
#define DFI_LAYER_F_LOGITS	0x02

struct dfi_model_layer {
	__u8	type;		/* enum dfi_layer_type */
	__u8	flags;		/* DFI_LAYER_F_* */
	__u8	k;		/* kernel size (CONV1D, MAXPOOL1D) */
	__u8	stride;		/* (CONV1D, MAXPOOL1D) */
	__u8	pad;		/* zero padding each side (CONV1D) */
	__u8	reserved0[3];
	__le16	in_ch;
	__le16	in_len;
	__le16	out_ch;
	__le16	out_len;
	__le32	w_off;		/* int8 weights, 0 if none */
	__le32	bias_off;	/* int32 [out_ch], 0 if none */
	__le32	mult_off;	/* int32 [out_ch], 1..2^31-1 */
	__le32	shift_off;	/* uint8 [out_ch], 1..62 */
	__le32	reserved[2];
};

struct dfi_model_gate {
	__le16	n_bins;		/* DFI_GATE_BINS */
	__le16	n_centroids;	/* 0 (no distance test)..256 */
	__le32	centroids_off;	/* uint8 [n_centroids][n_bins] */
	__le32	dist_max;	/* L1 distance above which a flow is other */
	__le32	margin_min;	/* top-2 logit margin below which: other */
	__le32	reserved[4];
};

#define DFI_GENL_NAME		"dfi"
#define DFI_GENL_VERSION	1

#endif /* _UAPI_LINUX_DFI_H */
