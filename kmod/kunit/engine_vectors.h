/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-computed cases of the engine, checked by the KUnit suite in the
 * kernel (engine_kunit.c) and by tests/unit/engine_test.c: both builds of
 * dfi_infer() must give these logits.  Each case is a tiny network built
 * directly as a struct dfi_model (no file), the working in the comments.
 *
 * Most cases end in an identity "readout": a LOGITS layer that copies the
 * int8 activation before it, read flat, into the logits (the engine reads
 * in_ch elements whatever their shape; the parser would ask for a vector).
 */
#ifndef _DFI_ENGINE_VECTORS_H
#define _DFI_ENGINE_VECTORS_H

#include <dfi/engine.h>

#define DFI_EV_MAX_LAYERS	6
#define DFI_EV_MAX_IN		16
#define DFI_EV_MAX_LOGITS	8

/* Requantization by 1 (2^30 / 2^30) and by 1/2 (2^30 / 2^31). */
#define DFI_EV_ONE		(1 << 30)

struct dfi_engine_vec {
	const char *name;
	u8 in_ch;
	u8 seq_len;
	u8 n_static;
	u8 n_layers;
	struct dfi_layer layers[DFI_EV_MAX_LAYERS];
	s8 seq[DFI_EV_MAX_IN];	/* [in_ch][seq_len] */
	s8 stat[DFI_STATIC_N];
	u8 n_logits;
	s32 logits[DFI_EV_MAX_LOGITS];
};

/* The 8 x 8 identity: row o is e_o. */
static const s8 dfi_ev_eye[8][8] = {
	{ 1 }, { 0, 1 }, { 0, 0, 1 }, { 0, 0, 0, 1 },
	{ 0, 0, 0, 0, 1 }, { 0, 0, 0, 0, 0, 1 }, { 0, 0, 0, 0, 0, 0, 1 },
	{ 0, 0, 0, 0, 0, 0, 0, 1 },
};

/* The n x n identities of the readouts. */
static const s8 dfi_ev_eye4[4 * 4] = {
	1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
};

static const s8 dfi_ev_eye5[5 * 5] = {
	1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0,
	0, 0, 0, 0, 1,
};

static const s8 dfi_ev_eye6[6 * 6] = {
	1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1,
};

static const s32 dfi_ev_zero32[8];
static const s8 dfi_ev_zero8[16];
static const s32 dfi_ev_one[8] = {
	DFI_EV_ONE, DFI_EV_ONE, DFI_EV_ONE, DFI_EV_ONE,
	DFI_EV_ONE, DFI_EV_ONE, DFI_EV_ONE, DFI_EV_ONE,
};

static const u8 dfi_ev_shift30[8] = { 30, 30, 30, 30, 30, 30, 30, 30 };
static const u8 dfi_ev_shift31[8] = { 31, 31, 31, 31, 31, 31, 31, 31 };

#define DFI_EV_READOUT(n, eye) {					\
	.type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_LOGITS,		\
	.in_ch = (n), .in_len = 1, .out_ch = (n), .out_len = 1,	\
	.w = (eye), .bias = dfi_ev_zero32,				\
}

/* dense_logits: 4 -> 2. */
static const s8 dfi_ev_dense_w[2 * 4] = { 1, 2, 3, 4, -1, 0, 1, -128 };
static const s32 dfi_ev_dense_b[2] = { 10, -5 };

/* dense_logits_extremes: every product -128 * -128 or 127 * -128. */
static const s8 dfi_ev_dense_x_w[2 * 4] = {
	-128, -128, -128, -128, 127, 127, 127, 127,
};
static const s32 dfi_ev_dense_x_b[2] = { 0, -1 };

/* requant_clamp: acc = bias (zero weights). */
static const s32 dfi_ev_clamp_b[4] = { 1000, -1000, 5, -5 };

/* requant_extremes: acc = bias, A = 2^31 - 1 - 2^14 (the bound for V 1). */
#define DFI_EV_A		(0x7fffffff - 16384)
static const s32 dfi_ev_rx_b[4] = { DFI_EV_A, -DFI_EV_A, 1000, -1000 };
static const s32 dfi_ev_rx_m[4] = {
	0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
};
static const u8 dfi_ev_rx_s[4] = { 62, 62, 40, 40 };

/* conv_pad_stride: 2 x 5 -> 2 x 3, k 3, pad 1, stride 2. */
static const s8 dfi_ev_conv_w[2 * 2 * 3] = {
	1, 1, 1,   0, 0, 0,		/* o 0: c 0, c 1 */
	1, 0, -1,  2, -1, 3,		/* o 1 */
};
static const s32 dfi_ev_conv_b[2] = { 0, -10 };

/* chain: conv 1 x 4 -> 1 x 3, k 2 (sum of neighbours). */
static const s8 dfi_ev_chain_conv_w[2] = { 1, 1 };
static const s8 dfi_ev_chain_d1_w[2 * 3] = { 1, 1, 1, 1, -1, 0 };
static const s8 dfi_ev_chain_d2_w[2 * 2] = { 2, 0, -3, 1 };
static const s32 dfi_ev_chain_d2_b[2] = { 1, -1 };

static const struct dfi_engine_vec dfi_engine_vectors[] = {
	{
		/* 10+1+4+9+16 = 40; -5-1+0+3-512 = -515 */
		.name = "dense_logits",
		.in_ch = 4, .seq_len = 1, .n_layers = 1,
		.layers = {
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_LOGITS,
			  .in_ch = 4, .in_len = 1, .out_ch = 2, .out_len = 1,
			  .w = dfi_ev_dense_w, .bias = dfi_ev_dense_b },
		},
		.seq = { 1, 2, 3, 4 },
		.n_logits = 2, .logits = { 40, -515 },
	},
	{
		/* 4 * 16384 = 65536; 4 * -16256 - 1 = -65025 */
		.name = "dense_logits_extremes",
		.in_ch = 4, .seq_len = 1, .n_layers = 1,
		.layers = {
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_LOGITS,
			  .in_ch = 4, .in_len = 1, .out_ch = 2, .out_len = 1,
			  .w = dfi_ev_dense_x_w, .bias = dfi_ev_dense_x_b },
		},
		.seq = { -128, -128, -128, -128 },
		.n_logits = 2, .logits = { 65536, -65025 },
	},
	{
		/*
		 * y = (x * 2^30 + 2^30) >> 31 = floor((x + 1) / 2): halves
		 * round up, negative ones too (-3 -> -1, -1 -> 0, -2 -> -1,
		 * where truncating division would give 0).
		 */
		.name = "requant_rounding",
		.in_ch = 8, .seq_len = 1, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_DENSE,
			  .in_ch = 8, .in_len = 1, .out_ch = 8, .out_len = 1,
			  .w = &dfi_ev_eye[0][0], .bias = dfi_ev_zero32,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift31 },
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_LOGITS,
			  .in_ch = 8, .in_len = 1, .out_ch = 8, .out_len = 1,
			  .w = &dfi_ev_eye[0][0], .bias = dfi_ev_zero32 },
		},
		.seq = { -3, -5, 3, -1, 1, -2, -128, 127 },
		.n_logits = 8, .logits = { -1, -2, 2, 0, 1, -1, -64, 64 },
	},
	{
		/* acc 1000, -1000, 5, -5 by 1: clamped to [-128, 127] */
		.name = "requant_clamp",
		.in_ch = 4, .seq_len = 1, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_DENSE,
			  .in_ch = 4, .in_len = 1, .out_ch = 4, .out_len = 1,
			  .w = dfi_ev_zero8, .bias = dfi_ev_clamp_b,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift30 },
			DFI_EV_READOUT(4, dfi_ev_eye4),
		},
		.seq = { 1, 2, 3, 4 },
		.n_logits = 4, .logits = { 127, -128, 5, -5 },
	},
	{
		/* the same after RELU: clamped to [0, 127] */
		.name = "requant_clamp_relu",
		.in_ch = 4, .seq_len = 1, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_RELU,
			  .in_ch = 4, .in_len = 1, .out_ch = 4, .out_len = 1,
			  .w = dfi_ev_zero8, .bias = dfi_ev_clamp_b,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift30 },
			DFI_EV_READOUT(4, dfi_ev_eye4),
		},
		.seq = { 1, 2, 3, 4 },
		.n_logits = 4, .logits = { 127, 0, 5, 0 },
	},
	{
		/*
		 * 64-bit products: A (2^31 - 1) + 2^61 = 2^62 + 2^61 -
		 * 16386 * 2^31 + 16385, >> 62 = 1; -A gives -1 (floor of
		 * -0.49...); 1000 (2^31 - 1) / 2^40 = 1.95..., rounded with
		 * + 2^39: 2; -1000: floor(-1.45...) = -2.
		 */
		.name = "requant_extremes",
		.in_ch = 1, .seq_len = 1, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_DENSE,
			  .in_ch = 1, .in_len = 1, .out_ch = 4, .out_len = 1,
			  .w = dfi_ev_zero8, .bias = dfi_ev_rx_b,
			  .mult = dfi_ev_rx_m, .shift = dfi_ev_rx_s },
			DFI_EV_READOUT(4, dfi_ev_eye4),
		},
		.seq = { 77 },
		.n_logits = 4, .logits = { 1, -1, 2, -2 },
	},
	{
		/*
		 * x0 = 1 2 3 4 5, x1 = -1 0 2 0 -1, windows at -1..1, 1..3,
		 * 3..5 (0 outside):
		 * o0 = x0 summed: 0+1+2 = 3, 2+3+4 = 9, 4+5+0 = 9;
		 * o1 = -10 + (x0[j] - x0[j+2]) + (2 x1[j] - x1[j+1] + 3 x1[j+2]):
		 *   -10 + (0-2) + (0+1+0) = -11, -10 + (2-4) + (0-2+0) = -14,
		 *   -10 + (4-0) + (0+1+0) = -5.
		 */
		.name = "conv_pad_stride",
		.in_ch = 2, .seq_len = 5, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_CONV1D, .k = 3, .stride = 2, .pad = 1,
			  .in_ch = 2, .in_len = 5, .out_ch = 2, .out_len = 3,
			  .w = dfi_ev_conv_w, .bias = dfi_ev_conv_b,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift30 },
			DFI_EV_READOUT(6, dfi_ev_eye6),
		},
		.seq = { 1, 2, 3, 4, 5, -1, 0, 2, 0, -1 },
		.n_logits = 6, .logits = { 3, 9, 9, -11, -14, -5 },
	},
	{
		/* windows 0..2, 2..4: max(3,-7,5), max(5,1,-2); ch 1 likewise */
		.name = "maxpool",
		.in_ch = 2, .seq_len = 6, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_MAXPOOL1D, .k = 3, .stride = 2,
			  .in_ch = 2, .in_len = 6, .out_ch = 2, .out_len = 2 },
			DFI_EV_READOUT(4, dfi_ev_eye4),
		},
		.seq = { 3, -7, 5, 1, -2, 0, -128, -128, -5, -6, 127, -1 },
		.n_logits = 4, .logits = { 5, 5, -5, 127 },
	},
	{
		/*
		 * L 4, rounded mean floor((sum + 2) / 4): 7 -> 2 (1.75),
		 * 2 -> 1 (0.5 rounds up), 1 -> 0 (0.25); then the maxes.
		 */
		.name = "globalpool_rounding",
		.in_ch = 3, .seq_len = 4, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_GLOBALPOOL,
			  .in_ch = 3, .in_len = 4, .out_ch = 6, .out_len = 1 },
			DFI_EV_READOUT(6, dfi_ev_eye6),
		},
		.seq = { 1, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0, 1 },
		.n_logits = 6, .logits = { 2, 1, 0, 2, 1, 1 },
	},
	{
		/*
		 * L 3, floor((sum + 1) / 3): 2 -> 1, 380 -> 127; and the
		 * formula's floor on a negative sum (not a valid model's
		 * input, but defined): -3 -> floor(-2 / 3) = -1.
		 */
		.name = "globalpool_odd",
		.in_ch = 3, .seq_len = 3, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_GLOBALPOOL,
			  .in_ch = 3, .in_len = 3, .out_ch = 6, .out_len = 1 },
			DFI_EV_READOUT(6, dfi_ev_eye6),
		},
		.seq = { 1, 1, 0, 127, 127, 126, -1, -2, 0 },
		.n_logits = 6, .logits = { 1, 127, -1, 1, 127, 0 },
	},
	{
		.name = "static_append",
		.in_ch = 2, .seq_len = 1, .n_static = 3, .n_layers = 2,
		.layers = {
			{ .type = DFI_LAYER_STATIC,
			  .in_ch = 2, .in_len = 1, .out_ch = 5, .out_len = 1 },
			DFI_EV_READOUT(5, dfi_ev_eye5),
		},
		.seq = { 5, -6 },
		.stat = { 7, -128, 127 },
		.n_logits = 5, .logits = { 5, -6, 7, -128, 127 },
	},
	{
		/*
		 * 2 -1 4 3 -> conv k 2, RELU: 1 3 7 -> maxpool k 2 s 1: 3 7
		 * -> globalpool: floor(11 / 2) = 5, 7 -> static: 5 7 -2
		 * -> dense RELU by 1/2: acc 10, -2: 5, floor(-1 / 2) = -1 -> 0
		 * -> logits: 1 + 2*5 = 11, -1 - 3*5 + 0 = -16.
		 */
		.name = "chain",
		.in_ch = 1, .seq_len = 4, .n_static = 1, .n_layers = 6,
		.layers = {
			{ .type = DFI_LAYER_CONV1D, .flags = DFI_LAYER_F_RELU,
			  .k = 2, .stride = 1,
			  .in_ch = 1, .in_len = 4, .out_ch = 1, .out_len = 3,
			  .w = dfi_ev_chain_conv_w, .bias = dfi_ev_zero32,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift30 },
			{ .type = DFI_LAYER_MAXPOOL1D, .k = 2, .stride = 1,
			  .in_ch = 1, .in_len = 3, .out_ch = 1, .out_len = 2 },
			{ .type = DFI_LAYER_GLOBALPOOL,
			  .in_ch = 1, .in_len = 2, .out_ch = 2, .out_len = 1 },
			{ .type = DFI_LAYER_STATIC,
			  .in_ch = 2, .in_len = 1, .out_ch = 3, .out_len = 1 },
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_RELU,
			  .in_ch = 3, .in_len = 1, .out_ch = 2, .out_len = 1,
			  .w = dfi_ev_chain_d1_w, .bias = dfi_ev_zero32,
			  .mult = dfi_ev_one, .shift = dfi_ev_shift31 },
			{ .type = DFI_LAYER_DENSE, .flags = DFI_LAYER_F_LOGITS,
			  .in_ch = 2, .in_len = 1, .out_ch = 2, .out_len = 1,
			  .w = dfi_ev_chain_d2_w, .bias = dfi_ev_chain_d2_b },
		},
		.seq = { 2, -1, 4, 3 },
		.stat = { -2 },
		.n_logits = 2, .logits = { 11, -16 },
	},
};

#define DFI_EV_COUNT(v) (sizeof(v) / sizeof((v)[0]))

/* The model of case @v. */
static inline void dfi_engine_vec_model(const struct dfi_engine_vec *v,
					struct dfi_model *m)
{
	memset(m, 0, sizeof(*m));
	m->in_ch = v->in_ch;
	m->seq_len = v->seq_len;
	m->n_static = v->n_static;
	m->n_layers = v->n_layers;
	m->n_classes = v->n_logits;
	m->other_class = DFI_NO_CLASS;
	memcpy(m->layers, v->layers, sizeof(v->layers));
}

#endif /* _DFI_ENGINE_VECTORS_H */
