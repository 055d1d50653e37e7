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
 * conv1d_acc() - the accumulator of output (o, t): bias[o] + sum over c, j
 * of w[o][c][j] * in(c, t * stride - pad + j), the input being 0 outside
 * 0..L-1: only the taps j0..j1-1 of the window that fall inside are summed.
 */
static s32 conv1d_acc(const struct dfi_layer *l, const s8 *in, int o, int t)
{
	int x0 = t * l->stride - l->pad;
	int j0 = x0 < 0 ? -x0 : 0;
	int j1 = x0 + l->k > l->in_len ? l->in_len - x0 : l->k;
	const s8 *w = l->w + o * l->in_ch * l->k;
	s32 acc = l->bias[o];
	int c, j;

	for (c = 0; c < l->in_ch; c++, w += l->k, in += l->in_len)
		for (j = j0; j < j1; j++)
			acc += w[j] * in[x0 + j];
	return acc;
}

#define DFI_CONV_TILE	8

/*
 * conv1d_tile() - the accumulators of DFI_CONV_TILE consecutive outputs
 * t..t+7 of channel o, all of whose windows lie inside the input (stride
 * 1): the same sums as conv1d_acc(), kept in registers.
 */
static void conv1d_tile(const struct dfi_layer *l, const s8 *in, int o, int t,
			s32 *acc)
{
	const s8 *w = l->w + o * l->in_ch * l->k;
	s32 a0, a1, a2, a3, a4, a5, a6, a7;
	int c, j;

	a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = l->bias[o];
	for (c = 0; c < l->in_ch; c++, in += l->in_len) {
		const s8 *x = in + t - l->pad;

		for (j = 0; j < l->k; j++, w++, x++) {
			s32 wj = *w;

			a0 += wj * x[0];
			a1 += wj * x[1];
			a2 += wj * x[2];
			a3 += wj * x[3];
			a4 += wj * x[4];
			a5 += wj * x[5];
			a6 += wj * x[6];
			a7 += wj * x[7];
		}
	}
	acc[0] = a0;
	acc[1] = a1;
	acc[2] = a2;
	acc[3] = a3;
	acc[4] = a4;
	acc[5] = a5;
	acc[6] = a6;
	acc[7] = a7;
}

/*
 * conv1d_s8() - C x L -> O x out_len; out(o, t) = requant(conv1d_acc()).
 * With stride 1, the outputs whose windows lie wholly inside the input
 * (inner0 <= t < inner1) go DFI_CONV_TILE at a time through conv1d_tile(),
 * the last tile moved back to end at inner1 (it recomputes a few outputs,
 * to the same values); the others, and every output of a strided layer,
 * one by one.  Integer sums that cannot overflow are exact in any order,
 * so both paths give the reference's numbers (tests/parity.sh checks).
 */
static void conv1d_s8(const struct dfi_layer *l, const s8 *in, s8 *out,
		      s32 *acc)
{
	int inner0 = l->pad, inner1 = l->in_len - l->k + l->pad + 1;
	int o, t, i;

	if (l->stride != 1 || inner1 > l->out_len ||
	    inner1 - inner0 < DFI_CONV_TILE)
		inner1 = inner0;	/* no tiles */
	for (o = 0; o < l->out_ch; o++, out += l->out_len) {
		const struct dfi_requant q = dfi_layer_requant(l, o);

		for (t = 0; t < l->out_len; ) {
			if (t >= inner0 && t < inner1) {
				if (t > inner1 - DFI_CONV_TILE)
					t = inner1 - DFI_CONV_TILE;
				conv1d_tile(l, in, o, t, acc);
				for (i = 0; i < DFI_CONV_TILE; i++)
					out[t + i] = requantize_s32_to_s8(acc[i], &q);
				t += DFI_CONV_TILE;
			} else {
				out[t] = requantize_s32_to_s8(conv1d_acc(l, in, o, t), &q);
				t++;
			}
		}
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
