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

#include "engine_neon.h"
#include "engine_simd.h"
#include "engine_x86.h"
#include "requant.h"

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

/*
 * Several outputs per multiply.  A stride-1 conv1d's out_len outputs are
 * cut into @lanes parts of h = ceil(out_len / lanes) and its input is
 * repacked as one s64 word per channel and position,
 *
 *   pk(c, u) = sum over i < lanes of in(c, u - pad + i * h) * 2^(i * bits)
 *
 * (0 outside the input), so that one 64-bit multiply of a weight by
 * pk(c, t + j) yields the products of outputs t, t + h, ... in lanes of
 * @bits bits at once.  Summed, the lanes stay exact as long as every
 * lane's sum stays within -2^(bits-1)..2^(bits-1)-1.  The accumulators
 * are unsigned and start at base = sum over i of 2^(bits-1) * 2^(i*bits):
 * then every lane holds its sum plus 2^(bits-1), a digit in 0..2^bits-1,
 * so no lane borrows from the next and the whole is exact modulo 2^64
 * whatever the order of the additions; lane i is
 * ((acc >> (i * bits)) & (2^bits - 1)) - 2^(bits-1) (tests/parity.sh
 * checks against the reference).  Two 32-bit lanes always work: the
 * parser bounds every sum of products within int32.  Three 21-bit lanes
 * work when a window has fewer than 2^20 / 2^14 = 64 taps (in_ch * k),
 * each product of two int8 being at most 2^14 in magnitude.
 */
#define DFI_TILE2	8	/* columns per tile, two lanes */
#define DFI_TILE3	6	/* columns per tile, three lanes */

/* The accumulators' starting value: 2^(bits-1) in every lane. */
static inline u64 lane_base(int lanes, int bits)
{
	u64 b = 0;
	int i;

	for (i = 0; i < lanes; i++)
		b += (u64)1 << (i * bits + bits - 1);
	return b;
}

/*
 * conv1d_pack() - fill pk [in_ch][h + k - 1] as above; returns 0, or -1
 * if it does not fit the scratch space.
 */
static int conv1d_pack(const struct dfi_layer *l, const s8 *in, s64 *pk,
		       int h, int lanes, int bits)
{
	int w = h + l->k - 1, c, u, i;

	if (l->in_ch * w > DFI_MAX_ACT / 2)
		return -1;
	for (c = 0; c < l->in_ch; c++, in += l->in_len, pk += w) {
		for (u = 0; u < w; u++)
			pk[u] = 0;
		for (i = 0; i < lanes; i++) {
			/* lane i of pk[u] is in[u - pad + i * h], if inside */
			int off = i * h - l->pad;
			int u0 = off < 0 ? -off : 0;
			int u1 = l->in_len - off < w ? l->in_len - off : w;

			for (u = u0; u < u1; u++)
				pk[u] += (s64)((u64)(s64)in[u + off] << (i * bits));
		}
	}
	return 0;
}

/*
 * conv1d_tile8() - the packed accumulators of columns t..t+7 of output
 * channel o, bias not included.
 */
static void conv1d_tile8(const struct dfi_layer *l, const s64 *pk, int w,
			 int o, int t, u64 base, u64 *acc)
{
	const s8 *wt = l->w + o * l->in_ch * l->k;
	u64 a0 = base, a1 = base, a2 = base, a3 = base, a4 = base, a5 = base,
	    a6 = base, a7 = base;
	int c, j;

	if (l->k == 3) {
		/* the usual kernel, its three taps in registers */
		for (c = 0; c < l->in_ch; c++, pk += w, wt += 3) {
			const s64 *x = pk + t;
			s64 w0 = wt[0], w1 = wt[1], w2 = wt[2];

			a0 += (u64)(w0 * x[0] + w1 * x[1] + w2 * x[2]);
			a1 += (u64)(w0 * x[1] + w1 * x[2] + w2 * x[3]);
			a2 += (u64)(w0 * x[2] + w1 * x[3] + w2 * x[4]);
			a3 += (u64)(w0 * x[3] + w1 * x[4] + w2 * x[5]);
			a4 += (u64)(w0 * x[4] + w1 * x[5] + w2 * x[6]);
			a5 += (u64)(w0 * x[5] + w1 * x[6] + w2 * x[7]);
			a6 += (u64)(w0 * x[6] + w1 * x[7] + w2 * x[8]);
			a7 += (u64)(w0 * x[7] + w1 * x[8] + w2 * x[9]);
		}
	} else {
		for (c = 0; c < l->in_ch; c++, pk += w) {
			const s64 *x = pk + t;

			for (j = 0; j < l->k; j++, wt++, x++) {
				s64 wj = *wt;

				a0 += (u64)(wj * x[0]);
				a1 += (u64)(wj * x[1]);
				a2 += (u64)(wj * x[2]);
				a3 += (u64)(wj * x[3]);
				a4 += (u64)(wj * x[4]);
				a5 += (u64)(wj * x[5]);
				a6 += (u64)(wj * x[6]);
				a7 += (u64)(wj * x[7]);
			}
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

/* conv1d_tile6() - the same for columns t..t+5. */
static void conv1d_tile6(const struct dfi_layer *l, const s64 *pk, int w,
			 int o, int t, u64 base, u64 *acc)
{
	const s8 *wt = l->w + o * l->in_ch * l->k;
	u64 a0 = base, a1 = base, a2 = base, a3 = base, a4 = base, a5 = base;
	int c, j;

	if (l->k == 3) {
		for (c = 0; c < l->in_ch; c++, pk += w, wt += 3) {
			const s64 *x = pk + t;
			s64 w0 = wt[0], w1 = wt[1], w2 = wt[2];

			a0 += (u64)(w0 * x[0] + w1 * x[1] + w2 * x[2]);
			a1 += (u64)(w0 * x[1] + w1 * x[2] + w2 * x[3]);
			a2 += (u64)(w0 * x[2] + w1 * x[3] + w2 * x[4]);
			a3 += (u64)(w0 * x[3] + w1 * x[4] + w2 * x[5]);
			a4 += (u64)(w0 * x[4] + w1 * x[5] + w2 * x[6]);
			a5 += (u64)(w0 * x[5] + w1 * x[6] + w2 * x[7]);
		}
	} else {
		for (c = 0; c < l->in_ch; c++, pk += w) {
			const s64 *x = pk + t;

			for (j = 0; j < l->k; j++, wt++, x++) {
				s64 wj = *wt;

				a0 += (u64)(wj * x[0]);
				a1 += (u64)(wj * x[1]);
				a2 += (u64)(wj * x[2]);
				a3 += (u64)(wj * x[3]);
				a4 += (u64)(wj * x[4]);
				a5 += (u64)(wj * x[5]);
			}
		}
	}
	acc[0] = a0;
	acc[1] = a1;
	acc[2] = a2;
	acc[3] = a3;
	acc[4] = a4;
	acc[5] = a5;
}

/* conv1d_col() - the packed accumulator of column t alone. */
static u64 conv1d_col(const struct dfi_layer *l, const s64 *pk, int w,
		      int o, int t, u64 base)
{
	const s8 *wt = l->w + o * l->in_ch * l->k;
	u64 a = base;
	int c, j;

	for (c = 0; c < l->in_ch; c++, pk += w)
		for (j = 0; j < l->k; j++)
			a += (u64)(*wt++ * pk[t + j]);
	return a;
}

/*
 * Unpack column t's accumulator into outputs t, t + h, ... (< n); @bias
 * is the channel's bias minus 2^(bits-1), the offset of every lane.
 */
static __always_inline void conv1d_unpack(u64 a, int t, int h, int n,
					  int lanes, int bits, s64 bias,
					  struct dfi_requant q, s8 *out)
{
	u64 mask = ((u64)1 << (bits - 1) << 1) - 1;
	int i;

	for (i = 0; i < lanes && t < n; i++, t += h, a >>= bits)
		out[t] = requantize_s32_to_s8((s32)((s64)(a & mask) + bias), q);
}

/*
 * conv1d_packed_s8() - a stride-1 conv1d through pk: columns 0..h-1 a
 * tile at a time (the last tile moved back to end at h, so it recomputes
 * a few columns to the same values), one by one when h is shorter than a
 * tile.
 */
static __always_inline void conv1d_packed_s8(const struct dfi_layer *l,
					     const s64 *pk, int h, int lanes,
					     int bits, s8 *out)
{
	int w = h + l->k - 1, n = l->out_len;
	int tile = lanes == 3 ? DFI_TILE3 : DFI_TILE2;
	u64 base = lane_base(lanes, bits);
	u64 acc[DFI_TILE2];
	int o, t, i;

	for (o = 0; o < l->out_ch; o++, out += n) {
		const struct dfi_requant q = dfi_layer_requant(l, o);
		s64 b = (s64)l->bias[o] - ((s64)1 << (bits - 1));

		if (h < tile) {
			for (t = 0; t < h; t++)
				conv1d_unpack(conv1d_col(l, pk, w, o, t, base),
					      t, h, n, lanes, bits, b, q, out);
			continue;
		}
		for (t = 0; t < h; t += tile) {
			if (t > h - tile)
				t = h - tile;
			if (lanes == 3)
				conv1d_tile6(l, pk, w, o, t, base, acc);
			else
				conv1d_tile8(l, pk, w, o, t, base, acc);
			for (i = 0; i < tile; i++)
				conv1d_unpack(acc[i], t + i, h, n, lanes, bits,
					      b, q, out);
		}
	}
}

/*
 * conv1d_s8() - C x L -> O x out_len; out(o, t) = requant(conv1d_acc()).
 * Stride 1 goes through the packed path above when the repacked input
 * fits the scratch space; the rest, and everything when @plain (the
 * reference engine), output by output.  Integer sums that
 * cannot overflow are exact in any order, so both paths give the
 * reference's numbers (tests/parity.sh checks).
 */
static void conv1d_s8(const struct dfi_layer *l, const s8 *in, s8 *out,
		      s64 *pk, int plain)
{
	int lanes = l->in_ch * l->k < 64 ? 3 : 2;
	int bits = lanes == 3 ? 21 : 32;
	int h = (l->out_len + lanes - 1) / lanes;
	int o, t;

	if (!plain && l->stride == 1 &&
	    !conv1d_pack(l, in, pk, h, lanes, bits)) {
		/* constants, so that the compiler specializes each case */
		if (lanes == 3)
			conv1d_packed_s8(l, pk, h, 3, 21, out);
		else
			conv1d_packed_s8(l, pk, h, 2, 32, out);
		return;
	}
	for (o = 0; o < l->out_ch; o++, out += l->out_len) {
		const struct dfi_requant q = dfi_layer_requant(l, o);

		for (t = 0; t < l->out_len; t++)
			out[t] = requantize_s32_to_s8(conv1d_acc(l, in, o, t), q);
	}
}

/* maxpool1d_s8() - C x L -> C x out_len, the max of each window. */
static void maxpool1d_s8(const struct dfi_layer *l, const s8 *in, s8 *out,
			 int plain)
{
	int c, t, j;

	if (!plain && l->k == 2 && l->stride == 2) {
		/* the usual halving */
		for (c = 0; c < l->in_ch; c++, in += l->in_len)
			for (t = 0; t < l->out_len; t++, out++) {
				s8 a = in[2 * t], b = in[2 * t + 1];

				*out = b > a ? b : a;
			}
		return;
	}
	for (c = 0; c < l->in_ch; c++) {
		const s8 *in_c = in + c * l->in_len;

		for (t = 0; t < l->out_len; t++) {
			const s8 *win = in_c + t * l->stride;
			s8 m = win[0];

			for (j = 1; j < l->k; j++)
				m = win[j] > m ? win[j] : m;
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
			m = in_c[t] > m ? in_c[t] : m;
		}
		out[c] = (s8)dfi_div_floor_s32(sum + l->in_len / 2, l->in_len);
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

/*
 * dense_acc4_s8() - the accumulators of outputs o..o+3 at once (each
 * input element loaded once for four rows).
 */
static void dense_acc4_s8(const struct dfi_layer *l, const s8 *in, int o,
			  s32 *acc)
{
	int n = l->in_ch, v;
	const s8 *w0 = l->w + o * n, *w1 = w0 + n, *w2 = w1 + n, *w3 = w2 + n;
	s32 a0 = l->bias[o], a1 = l->bias[o + 1], a2 = l->bias[o + 2],
	    a3 = l->bias[o + 3];

	for (v = 0; v < n; v++) {
		s32 x = in[v];

		a0 += w0[v] * x;
		a1 += w1[v] * x;
		a2 += w2[v] * x;
		a3 += w3[v] * x;
	}
	acc[0] = a0;
	acc[1] = a1;
	acc[2] = a2;
	acc[3] = a3;
}

/*
 * dense_s8() - V x 1 -> O x 1; out[o] = requant(bias[o] + w[o] . in);
 * four rows at a time unless @plain.
 */
static void dense_s8(const struct dfi_layer *l, const s8 *in, s8 *out,
		     int plain)
{
	s32 acc[4];
	int o = 0, i;

	for (; !plain && o + 4 <= l->out_ch; o += 4) {
		dense_acc4_s8(l, in, o, acc);
		for (i = 0; i < 4; i++) {
			const struct dfi_requant q = dfi_layer_requant(l, o + i);

			out[o + i] = requantize_s32_to_s8(acc[i], q);
		}
	}
	for (; o < l->out_ch; o++) {
		const struct dfi_requant q = dfi_layer_requant(l, o);

		out[o] = requantize_s32_to_s8(dense_acc_s8(l, in, o), q);
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

/* Layer @l with SIMD engine @e (0), or -1: the scalar path's to do. */
static int simd_layer(unsigned int e, const struct dfi_layer *l, const s8 *in,
		      s8 *out, s32 *logits, void *tmp)
{
	if (DFI_NEON_ENGINE(e))
		return dfi_neon_layer(e, l, in, out, logits, tmp);
	return dfi_x86_layer(e, l, in, out, logits, tmp);
}

/**
 * dfi_infer() - run the network
 * @m: a model from dfi_model_parse()
 * @seq: the sequence input, int8 [in_ch][seq_len] (may be @ws->seq, but
 *       not @ws->a or @ws->b)
 * @stat: the static input, int8 [n_static]
 * @ws: scratch space; the activations alternate between @ws->a and @ws->b;
 *      @ws->engine chooses the engine (an engine not built: scalar)
 * @logits: out, int32 [n_classes]
 */
void dfi_infer(const struct dfi_model *m, const s8 *seq, const s8 *stat,
	       struct dfi_scratch *ws, s32 *logits)
{
	int plain = ws->engine == DFI_ENGINE_REF;
	int simd = dfi_engine_built(ws->engine) && ws->engine > DFI_ENGINE_REF;
	const s8 *in = seq;
	s8 *out = ws->a;
	unsigned int i;

	for (i = 0; i < m->n_layers; i++) {
		const struct dfi_layer *l = &m->layers[i];

		if (simd && !simd_layer(ws->engine, l, in, out, logits,
					ws->pk)) {
			if (l->flags & DFI_LAYER_F_LOGITS)
				return;
			goto next;
		}
		switch (l->type) {
		case DFI_LAYER_CONV1D:
			conv1d_s8(l, in, out, ws->pk, plain);
			break;
		case DFI_LAYER_MAXPOOL1D:
			maxpool1d_s8(l, in, out, plain);
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
			dense_s8(l, in, out, plain);
			break;
		}
next:
		in = out;
		out = out == ws->a ? ws->b : ws->a;
	}
}
DFI_EXPORT(dfi_infer);

static const char *const dfi_engine_names[DFI_ENGINE_COUNT] = {
	[DFI_ENGINE_SCALAR] = "scalar",
	[DFI_ENGINE_REF] = "reference",
	[DFI_ENGINE_AVX2] = "avx2",
	[DFI_ENGINE_AVX_VNNI] = "avx-vnni",
	[DFI_ENGINE_AVX512_VNNI] = "avx512-vnni",
	[DFI_ENGINE_NEON] = "neon",
	[DFI_ENGINE_NEON_DOT] = "neon-dot",
};

const char *dfi_engine_name(unsigned int e)
{
	return e < DFI_ENGINE_COUNT ? dfi_engine_names[e] : NULL;
}
DFI_EXPORT(dfi_engine_name);

int dfi_engine_built(unsigned int e)
{
	if (e == DFI_ENGINE_SCALAR || e == DFI_ENGINE_REF)
		return 1;
	return DFI_X86_ENGINE(e) || DFI_NEON_ENGINE(e);
}
DFI_EXPORT(dfi_engine_built);
