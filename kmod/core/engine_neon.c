// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 engines: engine.c's conv1d, maxpool, global pool and dense
 * layers in 128-bit NEON registers, four int32 accumulators per register.
 * Two variants of one code, differing in how four s8 x s8 products are
 * added to an int32 lane:
 *
 *   DFI_ENGINE_NEON      smull + saddlp + addp (any ARMv8-A)
 *   DFI_ENGINE_NEON_DOT  sdot (ARMv8.2 dot product, FEAT_DotProd)
 *
 * Built with the FP/SIMD registers allowed (kmod/Kbuild, as lib/raid6's
 * NEON code) and only entered through dfi_neon_layer(), which engine.c
 * calls when the scratch space names one of these engines: the caller
 * has checked the CPU and, in the kernel, holds kernel_neon_begin()
 * (kmod/simd.c).  sdot is inline asm, which alone asks the assembler
 * for the dot product extension: the compiler itself targets ARMv8-A.
 *
 * They compute the reference's integers exactly (tests/parity.sh, run
 * under qemu-aarch64 by tests/arm64.sh, checks every engine against
 * models/dfim.py):
 * - both instructions multiply signed bytes by signed bytes, so unlike
 *   the x86 engines these take any input: no bound to check;
 * - a product of two int8 is at most 2^14 in magnitude, exact in the
 *   int16 lanes of smull; the pair and quad sums are int32;
 * - integer sums that cannot overflow are exact in any order, and the
 *   parser bounds |bias| plus the magnitudes of all of a layer's products
 *   within int32 (model.c), so every partial sum fits;
 * - requantization is requant.h's in 64-bit lanes: smull by the
 *   multiplier, the rounding term added, sshl by -shift (an arithmetic
 *   shift), then saturating narrows to int8 (monotone, so the same clamp
 *   to -128..127) and, after RELU, the max with 0.
 */
#include <dfi/engine.h>

#include "engine_neon.h"
#include "engine_simd.h"
#include "requant.h"

#if DFI_ENGINE_ARM64

#ifdef __KERNEL__
#include <asm/neon-intrinsics.h>
#else
#include <arm_neon.h>
#endif

enum { DP_NEON, DP_DOT };

#define BLK	4	/* output columns (int32 lanes) per register */

/* acc + the sums of four products @x times @w, lane by lane. */
static __always_inline int32x4_t dp4(int kind, int32x4_t acc, int8x16_t x,
				     int8x16_t w)
{
	int32x4_t lo, hi;

	if (kind == DP_DOT) {
		/*
		 * asm: the intrinsic needs the caller built for
		 * armv8.2-a+dotprod, and the rest must run on any ARMv8-A;
		 * the directive only lets the assembler take sdot
		 */
		asm(".arch armv8.2-a+dotprod\n\tsdot %0.4s, %1.16b, %2.16b"
		    : "+w"(acc) : "w"(x), "w"(w));
		return acc;
	}
	lo = vpaddlq_s16(vmull_s8(vget_low_s8(x), vget_low_s8(w)));
	hi = vpaddlq_s16(vmull_high_s8(x, w));
	return vaddq_s32(acc, vpaddq_s32(lo, hi));
}

/* The 32-bit lanes of @a requantized with @q, in 64 bits (requant.h). */
static __always_inline int32x4_t requant_y(int32x4_t a, struct dfi_requant q)
{
	const int64x2_t round = vdupq_n_s64(q.round);
	const int64x2_t shift = vdupq_n_s64(-(s64)q.shift);
	int64x2_t lo = vmull_n_s32(vget_low_s32(a), (s32)q.mult);
	int64x2_t hi = vmull_high_n_s32(a, (s32)q.mult);

	lo = vshlq_s64(vaddq_s64(lo, round), shift);
	hi = vshlq_s64(vaddq_s64(hi, round), shift);
	return vcombine_s32(vqmovn_s64(lo), vqmovn_s64(hi));
}

/*
 * Eight accumulators of one output channel (@a: columns 0..3, @b: 4..7)
 * requantized: clamp(y, lo, 127) as saturating narrows, then the max
 * with lo (0 after RELU, else -128: nothing to do).
 */
static __always_inline int8x8_t requant8(int32x4_t a, int32x4_t b,
					 struct dfi_requant q)
{
	int16x8_t h = vcombine_s16(vqmovn_s32(requant_y(a, q)),
				   vqmovn_s32(requant_y(b, q)));
	int8x8_t y = vqmovn_s16(h);

	return q.lo ? y : vmax_s8(y, vdup_n_s8(0));
}

/* The first @n (0..8) bytes of @y at @dst. */
static __always_inline void store_n(s8 *dst, int8x8_t y, int n)
{
	s8 b[8];

	if (n >= 8) {
		vst1_s8(dst, y);
		return;
	}
	vst1_s8(b, y);
	while (n-- > 0)
		dst[n] = b[n];
}

/* Four weights at @p, in every 32-bit lane. */
static __always_inline int8x16_t bcast_w(const s8 *p)
{
	s32 v;

	memcpy(&v, p, sizeof(v));
	return vreinterpretq_s8_s32(vdupq_n_s32(v));
}

/*
 * The products of group @q of x4 (blocks @b and @b + 1) with the four
 * weights at w0 + 4q .. w3 + 4q (or @t0..@t3, the tail group's copies
 * when @tail), added to a0..a7: channel r of the four in a(2r) for block
 * @b, a(2r + 1) for block @b + 1.
 */
#define CONV_GROUP(tail) do {						\
	const s8 *xq = x4 + (q * nb2 + b) * 16;				\
	int8x16_t x0 = vld1q_s8(xq), x1 = vld1q_s8(xq + 16), w;		\
									\
	w = tail ? vreinterpretq_s8_s32(vdupq_n_s32(t0)) : bcast_w(w0 + 4 * q); \
	a0 = dp4(kind, a0, x0, w);					\
	a1 = dp4(kind, a1, x1, w);					\
	w = tail ? vreinterpretq_s8_s32(vdupq_n_s32(t1)) : bcast_w(w1 + 4 * q); \
	a2 = dp4(kind, a2, x0, w);					\
	a3 = dp4(kind, a3, x1, w);					\
	w = tail ? vreinterpretq_s8_s32(vdupq_n_s32(t2)) : bcast_w(w2 + 4 * q); \
	a4 = dp4(kind, a4, x0, w);					\
	a5 = dp4(kind, a5, x1, w);					\
	w = tail ? vreinterpretq_s8_s32(vdupq_n_s32(t3)) : bcast_w(w3 + 4 * q); \
	a6 = dp4(kind, a6, x0, w);					\
	a7 = dp4(kind, a7, x1, w);					\
} while (0)

/*
 * conv1d() - stride 1, as im2col in groups of four taps (engine_x86.c's
 * layout with blocks of four columns): x4 holds, for each group q of taps
 * 4q..4q+3 (tap c * k + j: channel c, offset j) and each block b of four
 * output columns, the four columns' four input bytes, so that one dp4()
 * adds four taps' products to four outputs; the weights of a group are
 * broadcast (a row's taps are contiguous: its group q is the four bytes
 * at 4q).  Four output channels and two blocks (eight columns) at a time:
 * eight independent accumulators.
 */
static __always_inline int conv1d(int kind, const struct dfi_layer *l,
				  const s8 *in, s8 *out, s8 *tmp)
{
	const int k = l->k, ch = l->in_ch, len = l->in_len, pad = l->pad;
	const int n = l->out_len, oc = l->out_ch, taps = ch * k;
	const int nq = (taps + 3) / 4, full = taps / 4;
	/* blocks of four columns, rounded up to pairs */
	const int nb = (n + BLK - 1) / BLK, nb2 = (nb + 1) & ~1;
	/* a zero-padded copy of each input row, read up to column lp - 1 */
	const int lp = nb2 * BLK + k - 1;
	s8 *x4 = tmp, *rows = tmp + nq * nb2 * 16;
	int c, j, q, b, o;

	if (l->stride != 1 || nq * nb2 * 16 + (ch + 1) * lp > DFI_NEON_TMP)
		return -1;

	/* rows [ch + 1][lp]: row c is in(c, u - pad), the last row zeros */
	memset(rows, 0, (ch + 1) * lp);
	for (c = 0; c < ch && pad < lp; c++)
		memcpy(rows + c * lp + pad, in + c * len,
		       len < lp - pad ? len : lp - pad);

	for (q = 0, c = 0, j = 0; q < nq; q++) {
		const s8 *r[4];
		int i;

		/* tap 4q + i is (c, j); taps past the last read the zeros */
		for (i = 0; i < 4; i++) {
			r[i] = rows + c * lp + (c < ch ? j : 0);
			if (c < ch && ++j == k) {
				j = 0;
				c++;
			}
		}
		for (b = 0; b < nb2; b += 2) {
			/* bytes r0[t] r1[t] r2[t] r3[t] for t = 0..7 */
			int8x8_t a0 = vld1_s8(r[0] + b * BLK);
			int8x8_t a1 = vld1_s8(r[1] + b * BLK);
			int8x8_t a2 = vld1_s8(r[2] + b * BLK);
			int8x8_t a3 = vld1_s8(r[3] + b * BLK);
			int16x8_t p01 = vreinterpretq_s16_s8(
				vcombine_s8(vzip1_s8(a0, a1), vzip2_s8(a0, a1)));
			int16x8_t p23 = vreinterpretq_s16_s8(
				vcombine_s8(vzip1_s8(a2, a3), vzip2_s8(a2, a3)));
			s8 *dst = x4 + (q * nb2 + b) * 16;

			vst1q_s8(dst, vreinterpretq_s8_s16(vzip1q_s16(p01, p23)));
			vst1q_s8(dst + 16,
				 vreinterpretq_s8_s16(vzip2q_s16(p01, p23)));
		}
	}

	for (o = 0; o < oc; o += 4) {
		/* rows past the last channel repeat it, and are not stored */
		const s8 *w0 = l->w + o * taps;
		const s8 *w1 = o + 1 < oc ? w0 + taps : w0;
		const s8 *w2 = o + 2 < oc ? w0 + 2 * taps : w0;
		const s8 *w3 = o + 3 < oc ? w0 + 3 * taps : w0;
		/* the last group's weights, zero past the row's end */
		const s32 t0 = dfi_tail_quad(w0, 4 * full, taps);
		const s32 t1 = dfi_tail_quad(w1, 4 * full, taps);
		const s32 t2 = dfi_tail_quad(w2, 4 * full, taps);
		const s32 t3 = dfi_tail_quad(w3, 4 * full, taps);

		for (b = 0; b < nb; b += 2) {
			const int cols = n - b * BLK;
			int32x4_t a0 = vdupq_n_s32(l->bias[o]), a1 = a0;
			int32x4_t a2 = vdupq_n_s32(o + 1 < oc ? l->bias[o + 1] : 0);
			int32x4_t a4 = vdupq_n_s32(o + 2 < oc ? l->bias[o + 2] : 0);
			int32x4_t a6 = vdupq_n_s32(o + 3 < oc ? l->bias[o + 3] : 0);
			int32x4_t a3 = a2, a5 = a4, a7 = a6;
			s8 *dst = out + o * n + b * BLK;

			for (q = 0; q < full; q++)
				CONV_GROUP(0);
			if (full < nq)
				CONV_GROUP(1);
			store_n(dst, requant8(a0, a1, dfi_layer_requant(l, o)),
				cols);
			if (o + 1 < oc)
				store_n(dst + n, requant8(a2, a3,
					dfi_layer_requant(l, o + 1)), cols);
			if (o + 2 < oc)
				store_n(dst + 2 * n, requant8(a4, a5,
					dfi_layer_requant(l, o + 2)), cols);
			if (o + 3 < oc)
				store_n(dst + 3 * n, requant8(a6, a7,
					dfi_layer_requant(l, o + 3)), cols);
		}
	}
	return 0;
}

/*
 * maxpool1d() - the usual halving (k 2, stride 2, even length): the
 * tensor is then one row, out[i] = max(in[2i], in[2i + 1]).
 */
static __always_inline int maxpool1d(const struct dfi_layer *l, const s8 *in,
				     s8 *out)
{
	int n = l->in_ch * l->out_len, i;

	if (l->k != 2 || l->stride != 2 || l->in_len != 2 * l->out_len)
		return -1;
	for (i = 0; i + 16 <= n; i += 16) {
		int8x16x2_t x = vld2q_s8(in + 2 * i);

		vst1q_s8(out + i, vmaxq_s8(x.val[0], x.val[1]));
	}
	for (; i < n; i++)
		out[i] = in[2 * i + 1] > in[2 * i] ? in[2 * i + 1] : in[2 * i];
	return 0;
}

/*
 * globalpool() - C x L -> 2C x 1: out[c] the rounded mean
 * floor((sum + L/2) / L), out[C + c] the max; 16 bytes of a row at a
 * time, the rest one by one.
 */
static __always_inline int globalpool(const struct dfi_layer *l,
				      const s8 *in, s8 *out)
{
	const int len = l->in_len, ch = l->in_ch;
	int c, i;

	for (c = 0; c < ch; c++, in += len) {
		int32x4_t sum = vdupq_n_s32(0);
		int8x16_t mx = vdupq_n_s8(-128);
		s32 s;
		s8 m;

		for (i = 0; i + 16 <= len; i += 16) {
			int8x16_t x = vld1q_s8(in + i);

			sum = vpadalq_s16(sum, vpaddlq_s8(x));
			mx = vmaxq_s8(mx, x);
		}
		s = vaddvq_s32(sum);
		m = vmaxvq_s8(mx);
		for (; i < len; i++) {
			s += in[i];
			m = in[i] > m ? in[i] : m;
		}
		out[c] = (s8)dfi_div_floor_s32(s + len / 2, len);
		out[ch + c] = m;
	}
	return 0;
}

/*
 * dense() - four rows at a time, 16 inputs per instruction (the input
 * zero-padded to a multiple of 16), each row's four lanes summed at the
 * end; int32 logits for the logits layer.
 */
static __always_inline int dense(int kind, const struct dfi_layer *l,
				 const s8 *in, s8 *out, s32 *logits, s8 *tmp)
{
	const int v = l->in_ch, oc = l->out_ch, nc = (v + 15) / 16;
	/* rows below @safe: every 16-byte read stays in the weights */
	const int safe = dfi_dense_safe_rows(l, 16);
	s8 *xp = tmp, *wb = tmp + nc * 16;
	int o, c, i;

	if (nc * 16 + 4 * 16 > DFI_NEON_TMP)
		return -1;
	memset(xp, 0, nc * 16);
	memcpy(xp, in, v);

	for (o = 0; o < oc; o += 4) {
		int r1 = o + 1 < oc ? o + 1 : o, r2 = o + 2 < oc ? o + 2 : o;
		int r3 = o + 3 < oc ? o + 3 : o;
		int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0;
		s32 sum[4];

		if (r3 < safe) {
			const s8 *p0 = l->w + o * v, *p1 = l->w + r1 * v;
			const s8 *p2 = l->w + r2 * v, *p3 = l->w + r3 * v;

			for (c = 0; c < nc * 16; c += 16) {
				int8x16_t x = vld1q_s8(xp + c);

				a0 = dp4(kind, a0, x, vld1q_s8(p0 + c));
				a1 = dp4(kind, a1, x, vld1q_s8(p1 + c));
				a2 = dp4(kind, a2, x, vld1q_s8(p2 + c));
				a3 = dp4(kind, a3, x, vld1q_s8(p3 + c));
			}
		} else {
			for (c = 0; c < nc * 16; c += 16) {
				int8x16_t x = vld1q_s8(xp + c);

				a0 = dp4(kind, a0, x, vld1q_s8(dfi_dense_chunk(l, o, c, 16, wb)));
				a1 = dp4(kind, a1, x,
					 vld1q_s8(dfi_dense_chunk(l, r1, c, 16, wb + 16)));
				a2 = dp4(kind, a2, x,
					 vld1q_s8(dfi_dense_chunk(l, r2, c, 16, wb + 32)));
				a3 = dp4(kind, a3, x,
					 vld1q_s8(dfi_dense_chunk(l, r3, c, 16, wb + 48)));
			}
		}
		sum[0] = vaddvq_s32(a0);
		sum[1] = vaddvq_s32(a1);
		sum[2] = vaddvq_s32(a2);
		sum[3] = vaddvq_s32(a3);
		for (i = 0; i < 4 && o + i < oc; i++) {
			sum[i] += l->bias[o + i];
			if (l->flags & DFI_LAYER_F_LOGITS)
				logits[o + i] = sum[i];
			else
				out[o + i] = requantize_s32_to_s8(sum[i],
						dfi_layer_requant(l, o + i));
		}
	}
	return 0;
}

static __always_inline int layer(int kind, const struct dfi_layer *l,
				 const s8 *in, s8 *out, s32 *logits, s8 *tmp)
{
	switch (l->type) {
	case DFI_LAYER_CONV1D:
		return conv1d(kind, l, in, out, tmp);
	case DFI_LAYER_MAXPOOL1D:
		return maxpool1d(l, in, out);
	case DFI_LAYER_GLOBALPOOL:
		return globalpool(l, in, out);
	case DFI_LAYER_DENSE:
		return dense(kind, l, in, out, logits, tmp);
	}
	return -1;
}

static int layer_neon(const struct dfi_layer *l, const s8 *in, s8 *out,
		      s32 *logits, s8 *tmp)
{
	return layer(DP_NEON, l, in, out, logits, tmp);
}

static int layer_dot(const struct dfi_layer *l, const s8 *in, s8 *out,
		     s32 *logits, s8 *tmp)
{
	return layer(DP_DOT, l, in, out, logits, tmp);
}

int dfi_neon_layer(unsigned int e, const struct dfi_layer *l, const s8 *in,
		   s8 *out, s32 *logits, void *tmp)
{
	switch (e) {
	case DFI_ENGINE_NEON:
		return layer_neon(l, in, out, logits, tmp);
	case DFI_ENGINE_NEON_DOT:
		return layer_dot(l, in, out, logits, tmp);
	}
	return -1;
}

#endif /* DFI_ENGINE_ARM64 */
