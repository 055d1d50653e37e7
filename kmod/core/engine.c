// SPDX-License-Identifier: GPL-2.0
/*
 * Integer-only inference (shared core: freestanding C): plain reference
 * loops for the layers of include/uapi/linux/dfi.h, in the style of the
 * CMSIS-NN and TFLite Micro reference kernels.  models/dfim.py infer() is
 * the same arithmetic in Python; tests/parity.sh checks they agree bit for
 * bit.
 *
 * Tensors are int8 and channel-major: element (c, t) of a C x L tensor is
 * at [c * L + t]; a vector is a V x 1 tensor.  The model comes from
 * dfi_model_parse(), which has checked every shape, cap and bound these
 * loops rely on (no index leaves its array, no int32 accumulator
 * overflows, the activations fit the scratch space).
 */
#include <dfi/engine.h>

/* The requantization of one output channel. */
struct dfi_requant {
	s32 mult;	/* 1..2^31-1 */
	u8 shift;	/* 1..62 */
	s32 lo;		/* 0 after RELU, else -128 */
};

static struct dfi_requant dfi_layer_requant(const struct dfi_layer *l,
					    int o)
{
	struct dfi_requant q = {
		.mult = l->mult[o],
		.shift = l->shift[o],
		.lo = (l->flags & DFI_LAYER_F_RELU) ? 0 : -128,
	};

	return q;
}

/*
 * requantize_s32_to_s8() - y = clamp((acc * mult + 2^(shift-1)) >> shift,
 * lo, 127), in 64 bits; >> is an arithmetic shift (rounds toward minus
 * infinity), as the kernel and every compiler the core is built with do.
 * |acc * mult| < 2^62, so the sum cannot overflow.
 */
static s8 requantize_s32_to_s8(s32 acc, const struct dfi_requant *q)
{
	s64 y = ((s64)acc * q->mult + ((s64)1 << (q->shift - 1))) >> q->shift;

	if (y < q->lo)
		return (s8)q->lo;
	if (y > 127)
		return 127;
	return (s8)y;
}

/* floor(n / d) for d > 0, whatever the sign of n. */
static s32 div_floor_s32(s32 n, s32 d)
{
	s32 q = n / d;

	return (n % d && n < 0) ? q - 1 : q;
}

/*
 * conv1d_s8() - C x L -> O x out_len; out(o, t) = requant(bias[o] +
 * sum over c, j of w[o][c][j] * in(c, t * stride - pad + j)), the input
 * being 0 outside 0..L-1.
 *
 * Loops run tap by tap: for one weight w[o][c][j], the outputs t whose
 * input column t * stride - pad + j lies inside 0..L-1 (t0..t1-1) each
 * gain w * in, accumulated in the int32 row @acc.  The sums are the same
 * integers as the window-by-window definition (addition of int32 that
 * cannot overflow is exact in any order); the inner loop is a straight
 * multiply-add over contiguous columns when stride is 1.
 */
static void conv1d_s8(const struct dfi_layer *l, const s8 *in, s8 *out,
		      s32 *acc)
{
	int o, c, j, t;

	for (o = 0; o < l->out_ch; o++) {
		const struct dfi_requant q = dfi_layer_requant(l, o);
		const s8 *w = l->w + o * l->in_ch * l->k;

		for (t = 0; t < l->out_len; t++)
			acc[t] = l->bias[o];
		for (c = 0; c < l->in_ch; c++) {
			const s8 *in_c = in + c * l->in_len;

			for (j = 0; j < l->k; j++, w++) {
				int off = j - l->pad;	/* column of t = 0 */
				int t0 = off < 0 ? (-off + l->stride - 1) / l->stride : 0;
				int t1 = off < l->in_len ?
					 (l->in_len - 1 - off) / l->stride + 1 : 0;
				s32 wj = *w;

				if (t1 > l->out_len)
					t1 = l->out_len;
				if (l->stride == 1) {
					const s8 *x = in_c + off;

					for (t = t0; t < t1; t++)
						acc[t] += wj * x[t];
				} else {
					for (t = t0; t < t1; t++)
						acc[t] += wj * in_c[t * l->stride + off];
				}
			}
		}
		for (t = 0; t < l->out_len; t++)
			*out++ = requantize_s32_to_s8(acc[t], &q);
	}
}

/* maxpool1d_s8() - C x L -> C x out_len, the max of each window. */
static void maxpool1d_s8(const struct dfi_layer *l, const s8 *in, s8 *out)
{
	int c, t, j;

	for (c = 0; c < l->in_ch; c++) {
		const s8 *in_c = in + c * l->in_len;

		for (t = 0; t < l->out_len; t++) {
			const s8 *win = in_c + t * l->stride;
			s8 m = win[0];

			for (j = 1; j < l->k; j++)
				if (win[j] > m)
					m = win[j];
			out[c * l->out_len + t] = m;
		}
	}
}

/*
 * globalpool_s8() - C x L -> 2C x 1: out[c] the rounded mean
 * floor((sum + L/2) / L) of channel c, out[C + c] its max.
 */
static void globalpool_s8(const struct dfi_layer *l, const s8 *in, s8 *out)
{
	int c, t;

	for (c = 0; c < l->in_ch; c++) {
		const s8 *in_c = in + c * l->in_len;
		s32 sum = 0;
		s8 m = in_c[0];

		for (t = 0; t < l->in_len; t++) {
			sum += in_c[t];
			if (in_c[t] > m)
				m = in_c[t];
		}
		out[c] = (s8)div_floor_s32(sum + l->in_len / 2, l->in_len);
		out[l->in_ch + c] = m;
	}
}

/* static_s8() - V x 1 -> (V + n_static) x 1: the static input appended. */
static void static_s8(const struct dfi_layer *l, const s8 *in,
		      const s8 *stat, int n_static, s8 *out)
{
	int i;

	for (i = 0; i < l->in_ch; i++)
		out[i] = in[i];
	for (i = 0; i < n_static; i++)
		out[l->in_ch + i] = stat[i];
}

/* The int32 accumulator of output @o of a DENSE layer. */
static s32 dense_acc_s8(const struct dfi_layer *l, const s8 *in, int o)
{
	const s8 *w_o = l->w + o * l->in_ch;
	s32 acc = l->bias[o];
	int v;

	for (v = 0; v < l->in_ch; v++)
		acc += w_o[v] * in[v];
	return acc;
}

/* dense_s8() - V x 1 -> O x 1; out[o] = requant(bias[o] + w[o] . in). */
static void dense_s8(const struct dfi_layer *l, const s8 *in, s8 *out)
{
	int o;

	for (o = 0; o < l->out_ch; o++) {
		const struct dfi_requant q = dfi_layer_requant(l, o);

		out[o] = requantize_s32_to_s8(dense_acc_s8(l, in, o), &q);
	}
}

/* dense_logits_s8() - the final layer: its int32 accumulators. */
static void dense_logits_s8(const struct dfi_layer *l, const s8 *in,
			    s32 *logits)
{
	int o;

	for (o = 0; o < l->out_ch; o++)
		logits[o] = dense_acc_s8(l, in, o);
}

/**
 * dfi_infer() - run the network
 * @m: a model from dfi_model_parse()
 * @seq: the sequence input, int8 [in_ch][seq_len] (may be @ws->seq, but
 *       not @ws->a or @ws->b)
 * @stat: the static input, int8 [n_static]
 * @ws: scratch space; the activations alternate between @ws->a and @ws->b
 * @logits: out, int32 [n_classes]
 */
void dfi_infer(const struct dfi_model *m, const s8 *seq, const s8 *stat,
	       struct dfi_scratch *ws, s32 *logits)
{
	const s8 *in = seq;
	s8 *out = ws->a;
	unsigned int i;

	for (i = 0; i < m->n_layers; i++) {
		const struct dfi_layer *l = &m->layers[i];

		switch (l->type) {
		case DFI_LAYER_CONV1D:
			conv1d_s8(l, in, out, ws->acc);
			break;
		case DFI_LAYER_MAXPOOL1D:
			maxpool1d_s8(l, in, out);
			break;
		case DFI_LAYER_GLOBALPOOL:
			globalpool_s8(l, in, out);
			break;
		case DFI_LAYER_STATIC:
			static_s8(l, in, stat, m->n_static, out);
			break;
		case DFI_LAYER_DENSE:
			if (l->flags & DFI_LAYER_F_LOGITS) {
				dense_logits_s8(l, in, logits);
				return;
			}
			dense_s8(l, in, out);
			break;
		}
		in = out;
		out = out == ws->a ? ws->b : ws->a;
	}
}
DFI_EXPORT(dfi_infer);
