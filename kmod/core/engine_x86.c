// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 engines: engine.c's conv1d, maxpool and dense layers in 256-bit
 * AVX2 registers, eight int32 accumulators per register.  Three variants
 * of one code, differing in the instruction that multiplies four u8 by
 * four s8 and adds the four products to an int32 lane:
 *
 *   DFI_ENGINE_AVX2         vpmaddubsw (pairs, int16) + vpmaddwd (x 1)
 *   DFI_ENGINE_AVX_VNNI     vpdpbusd, VEX-encoded (AVX-VNNI)
 *   DFI_ENGINE_AVX512_VNNI  vpdpbusd, EVEX-encoded on ymm (AVX512_VNNI
 *                           with AVX512VL)
 *
 * This file is compiled with -mavx2 (kmod/Kbuild, userspace/Makefile) and
 * only entered through dfi_x86_layer(), which engine.c calls when the
 * scratch space names one of these engines: the caller has checked the
 * CPU and, in the kernel, holds kernel_fpu_begin() (kmod/simd.c).
 *
 * They compute the reference's integers exactly (tests/parity.sh and the
 * KUnit suite dfi_engine check every engine against models/dfim.py):
 * - the unsigned operand of both instructions is the layer's input, so a
 *   layer runs here only when every input element is in 0..127 (checked
 *   per call: true after a RELU layer and for dfi's feature inputs);
 *   anything else is the scalar path's (-1);
 * - vpmaddubsw saturates its int16 pair sums, which it cannot do here:
 *   with inputs in 0..127 and weights in -128..127 a pair sums to at most
 *   2 * 127 * 128 = 32512 in magnitude, under 2^15;
 * - integer sums that cannot overflow are exact in any order, and the
 *   parser bounds |bias| plus the magnitudes of all of a layer's products
 *   within int32 (model.c), so every partial sum fits;
 * - requantization is requant.h's, lane by lane in 64 bits.
 */
#include <dfi/divide.h>
#include <dfi/engine.h>

#include "engine_simd.h"
#include "engine_x86.h"
#include "requant.h"

#if DFI_ENGINE_X86

/*
 * Vector types of the kernel's integer types (GCC and clang vector
 * extensions); the instructions the extensions do not name are asm.
 */
typedef s8 v16qs __attribute__((vector_size(16)));
typedef s8 v32qs __attribute__((vector_size(32)));
typedef s16 v16hi __attribute__((vector_size(32)));
typedef s32 v8si __attribute__((vector_size(32)));
typedef s64 v2di __attribute__((vector_size(16)));
typedef s64 v4di __attribute__((vector_size(32)));
typedef u64 v4du __attribute__((vector_size(32)));

enum { DP_AVX2, DP_VEX, DP_EVEX };

#define BLK	8	/* output columns (int32 lanes) per register */

static __always_inline v8si ld32(const void *p)
{
	v8si v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static __always_inline v16qs ld8(const void *p)
{
	s64 x;
	v2di v;

	memcpy(&x, p, sizeof(x));
	v = (v2di){ x, 0 };
	return (v16qs)v;
}

static __always_inline v8si splat32(s32 x)
{
	return (v8si){ x, x, x, x, x, x, x, x };
}

static __always_inline v4di splat64(s64 x)
{
	return (v4di){ x, x, x, x };
}

/* acc + the sums of four products u8 @x times s8 @w, lane by lane. */
static __always_inline v8si dp4(int kind, v8si acc, v8si x, v8si w)
{
	v16hi pairs;
	v8si quads;

	if (kind == DP_VEX) {
		asm("%{vex%} vpdpbusd %2, %1, %0" : "+x"(acc) : "x"(x), "x"(w));
		return acc;
	}
	if (kind == DP_EVEX) {
		asm("%{evex%} vpdpbusd %2, %1, %0" : "+x"(acc) : "x"(x), "x"(w));
		return acc;
	}
	/* |pair| <= 2 * 127 * 128 = 32512: no saturation (see the top) */
	asm("vpmaddubsw %2, %1, %0" : "=x"(pairs) : "x"(x), "x"(w));
	asm("vpmaddwd %2, %1, %0" : "=x"(quads) : "x"(pairs),
	    "x"((v16hi)splat32(0x10001)));
	return acc + quads;
}

/* Signed products of the even int32 lanes of @a and @b, in 64 bits. */
static __always_inline v4di mul_even(v8si a, v8si b)
{
	v4di p;

	asm("vpmuldq %2, %1, %0" : "=x"(p) : "x"(a), "x"(b));
	return p;
}

/* Per 128-bit half: a0+a1, a2+a3, b0+b1, b2+b3. */
static __always_inline v8si hadd(v8si a, v8si b)
{
	v8si s;

	asm("vphaddd %2, %1, %0" : "=x"(s) : "x"(a), "x"(b));
	return s;
}

/* Whether the @n bytes at @p are all in 0..127. */
static __always_inline int all_nonneg(const s8 *p, int n)
{
	v8si acc = { 0 };
	u8 rest = 0;
	int i, signs;

	for (i = 0; i + 32 <= n; i += 32)
		acc |= ld32(p + i);
	for (; i < n; i++)
		rest |= (u8)p[i];
	asm("vpmovmskb %1, %0" : "=r"(signs) : "x"(acc));
	return !signs && !(rest & 0x80);
}

/* y >> s for 64-bit lanes (AVX2 has no arithmetic 64-bit shift). */
static __always_inline v4di sra64(v4di y, unsigned int s)
{
	v4di neg = y < splat64(0);

	return (v4di)((v4du)(y ^ neg) >> s) ^ neg;
}

/* The signed max of each byte lane. */
static __always_inline v16qs max16(v16qs a, v16qs b)
{
	v16qs m = a > b;

	return (a & m) | (b & ~m);
}

static __always_inline v4di clamp64(v4di y, v4di lo, v4di hi)
{
	v4di m = y < lo;

	y = (y & ~m) | (lo & m);
	m = y > hi;
	return (y & ~m) | (hi & m);
}

/*
 * The eight accumulators of output channel @o requantized, the first
 * @n (1..8) stored at @dst: requantize_s32_to_s8() lane by lane.
 */
static __always_inline void requant8(v8si acc, const struct dfi_layer *l,
				     int o, s8 *dst, int n)
{
	const struct dfi_requant q = dfi_layer_requant(l, o);
	const v8si mult = splat32((s32)q.mult);
	const v4di lo = splat64(q.lo), hi = splat64(127);
	const v4di round = splat64(q.round);
	v4di even, odd;
	v8si y;
	union {
		v16qs v;
		s8 b[16];
	} r;

	/* vpmuldq: the signed products of the even lanes, in 64 bits */
	even = mul_even(acc, mult);
	odd = mul_even((v8si)((v4du)acc >> 32), mult);
	even = clamp64(sra64(even + round, q.shift), lo, hi);
	odd = clamp64(sra64(odd + round, q.shift), lo, hi);
	y = __builtin_shufflevector((v8si)even, (v8si)odd,
				    0, 8, 2, 10, 4, 12, 6, 14);
	r.v = __builtin_shufflevector((v32qs)y, (v32qs)y, 0, 4, 8, 12, 16, 20,
				      24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
	if (n == BLK)
		memcpy(dst, r.b, BLK);
	else
		while (n--)
			dst[n] = r.b[n];
}

/*
 * requant8()'s y for each lane of @acc, channel @o, in 32 bits, when the
 * channel's shift s is 32 or more: then |y| <= |acc * mult| / 2^s <
 * 2^62 / 2^32 = 2^30.  With 2^62 added, acc * mult + round is
 * non-negative and below 2^63 + 2^61, in an unsigned 64-bit lane, so a
 * logical shift divides it as the arithmetic shift would, plus
 * K = 2^(62 - s) <= 2^30; y + K < 2^31 sits in the lane's low 32 bits.
 */
static __always_inline v8si requant_y32(v8si acc, const struct dfi_layer *l,
					int o)
{
	const struct dfi_requant q = dfi_layer_requant(l, o);
	const v8si mult = splat32((s32)q.mult);
	const v4du add = (v4du)splat64(q.round) + ((u64)1 << 62);
	v4du even = (v4du)mul_even(acc, mult) + add;
	v4du odd = (v4du)mul_even((v8si)((v4du)acc >> 32), mult) + add;
	v8si y;

	even >>= q.shift;
	odd >>= q.shift;
	y = __builtin_shufflevector((v8si)even, (v8si)odd,
				    0, 8, 2, 10, 4, 12, 6, 14);
	return y - splat32((s32)1 << (62 - q.shift));
}

/*
 * Four output channels' eight accumulators requantized and stored at
 * @dst, @dst + @n, ... when all four channels' shifts are 32 or more
 * (returns 1; else 0 and nothing is done): y in 32 bits (requant_y32()),
 * then clamped by the saturating packs (int32 -> int16 -> int8: exactly
 * the clamp to -128..127) and RELU's max with 0.
 */
static __always_inline int requant4x8(v8si a0, v8si a1, v8si a2, v8si a3,
				      const struct dfi_layer *l, int o,
				      s8 *dst, int n)
{
	v16hi p01, p23;
	v8si b;
	union {
		v8si v;
		s64 q[4];
	} r;

	if (l->shift[o] < 32 || l->shift[o + 1] < 32 ||
	    l->shift[o + 2] < 32 || l->shift[o + 3] < 32)
		return 0;
	a0 = requant_y32(a0, l, o);
	a1 = requant_y32(a1, l, o + 1);
	a2 = requant_y32(a2, l, o + 2);
	a3 = requant_y32(a3, l, o + 3);
	/* per 128-bit half: a0[0..3] a1[0..3] | a0[4..7] a1[4..7] */
	asm("vpackssdw %2, %1, %0" : "=x"(p01) : "x"(a0), "x"(a1));
	asm("vpackssdw %2, %1, %0" : "=x"(p23) : "x"(a2), "x"(a3));
	/* dwords: a0[0..3] a1[0..3] a2[0..3] a3[0..3] a0[4..7] ... a3[4..7] */
	asm("vpacksswb %2, %1, %0" : "=x"(b) : "x"(p01), "x"(p23));
	b = __builtin_shufflevector(b, b, 0, 4, 1, 5, 2, 6, 3, 7);
	if (l->flags & DFI_LAYER_F_RELU)
		asm("vpmaxsb %2, %1, %0" : "=x"(b) : "x"(b), "x"((v8si){ 0 }));
	r.v = b;
	memcpy(dst, &r.q[0], BLK);
	memcpy(dst + n, &r.q[1], BLK);
	memcpy(dst + 2 * n, &r.q[2], BLK);
	memcpy(dst + 3 * n, &r.q[3], BLK);
	return 1;
}

/* Four weights at @p, broadcast to the eight lanes (a load). */
static __always_inline v8si bcast_w(const s8 *p)
{
	v8si v;

	asm("vpbroadcastd %1, %0" : "=x"(v) : "m"(*(const u32 *)p));
	return v;
}

/*
 * The products of group @q of @x4 (blocks @b and @b + 1) with the four
 * weights at w0 + 4q .. w3 + 4q (or @t0..@t3, the tail group's copies
 * when @tail), added to a0..a7: channel r of the four in a(2r) for block
 * @b, a(2r + 1) for block @b + 1.
 */
#define CONV_GROUP(tail) do {						\
	const u8 *xq = x4 + (q * nb2 + b) * 32;				\
	v8si x0 = ld32(xq), x1 = ld32(xq + 32), w;			\
									\
	w = tail ? splat32(t0) : bcast_w(w0 + 4 * q);			\
	a0 = dp4(kind, a0, x0, w);					\
	a1 = dp4(kind, a1, x1, w);					\
	w = tail ? splat32(t1) : bcast_w(w1 + 4 * q);			\
	a2 = dp4(kind, a2, x0, w);					\
	a3 = dp4(kind, a3, x1, w);					\
	w = tail ? splat32(t2) : bcast_w(w2 + 4 * q);			\
	a4 = dp4(kind, a4, x0, w);					\
	a5 = dp4(kind, a5, x1, w);					\
	w = tail ? splat32(t3) : bcast_w(w3 + 4 * q);			\
	a6 = dp4(kind, a6, x0, w);					\
	a7 = dp4(kind, a7, x1, w);					\
} while (0)

/*
 * Requantize channel o + r's accumulators of block @b (ar) and @b + 1
 * (ar1) into the output, four channels at once where requant4x8() can.
 */
static __always_inline void conv_store(const struct dfi_layer *l, int o,
				       int b, int nb, v8si c0, v8si c1,
				       v8si c2, v8si c3, s8 *out)
{
	const int n = l->out_len, oc = l->out_ch;
	const int cols = n - b * BLK < BLK ? n - b * BLK : BLK;
	s8 *dst = out + o * n + b * BLK;

	if (b >= nb)	/* the block past the last one, computed in pairs */
		return;
	if (o + 4 <= oc && cols == BLK &&
	    requant4x8(c0, c1, c2, c3, l, o, dst, n))
		return;
	requant8(c0, l, o, dst, cols);
	if (o + 1 < oc)
		requant8(c1, l, o + 1, dst + n, cols);
	if (o + 2 < oc)
		requant8(c2, l, o + 2, dst + 2 * n, cols);
	if (o + 3 < oc)
		requant8(c3, l, o + 3, dst + 3 * n, cols);
}

/*
 * conv1d() - stride 1, as im2col in groups of four taps: x4 holds, for
 * each group q of taps 4q..4q+3 (tap c * k + j: channel c, offset j) and
 * each block b of eight output columns, the eight columns' four input
 * bytes, so that one instruction adds four taps' products to eight
 * outputs; the weights of a group are broadcast (a row's taps are
 * contiguous: its group q is the four bytes at 4q).  Four output
 * channels and two blocks at a time: eight independent accumulators.
 */
static __always_inline int conv1d(int kind, const struct dfi_layer *l,
				  const s8 *in, s8 *out, u8 *tmp)
{
	const int k = l->k, ch = l->in_ch, len = l->in_len, pad = l->pad;
	const int n = l->out_len, oc = l->out_ch, taps = ch * k;
	const int nq = (taps + 3) / 4, full = taps / 4;
	/* blocks of eight columns, rounded up to pairs (x4 has room) */
	const int nb = (n + BLK - 1) / BLK, nb2 = (nb + 1) & ~1;
	/* a zero-padded copy of each input row, read up to column lp - 1 */
	const int lp = nb2 * BLK + k - 1;
	u8 *x4 = tmp, *rows = tmp + nq * nb2 * 32;
	int c, j, q, b, o;

	if (l->stride != 1 || nq * nb2 * 32 + (ch + 1) * lp > DFI_X86_TMP ||
	    !all_nonneg(in, ch * len))
		return -1;

	/* rows [ch + 1][lp]: row c is in(c, u - pad), the last row zeros */
	memset(rows, 0, (ch + 1) * lp);
	for (c = 0; c < ch && pad < lp; c++)
		memcpy(rows + c * lp + pad, in + c * len,
		       len < lp - pad ? len : lp - pad);

	for (q = 0, c = 0, j = 0; q < nq; q++) {
		const u8 *r[4];
		int i;

		/* tap 4q + i is (c, j); taps past the last read the zeros */
		for (i = 0; i < 4; i++) {
			r[i] = rows + c * lp + (c < ch ? j : 0);
			if (c < ch && ++j == k) {
				j = 0;
				c++;
			}
		}
		for (b = 0; b < nb2; b++) {
			v16qs a0 = ld8(r[0] + b * BLK), a1 = ld8(r[1] + b * BLK);
			v16qs a2 = ld8(r[2] + b * BLK), a3 = ld8(r[3] + b * BLK);
			v16qs p01, p23, lo, hi;
			u8 *dst = x4 + (q * nb2 + b) * 32;

			/* bytes a0[t] a1[t] a2[t] a3[t] for t = 0..7 */
			p01 = __builtin_shufflevector(a0, a1, 0, 16, 1, 17, 2,
						      18, 3, 19, 4, 20, 5, 21,
						      6, 22, 7, 23);
			p23 = __builtin_shufflevector(a2, a3, 0, 16, 1, 17, 2,
						      18, 3, 19, 4, 20, 5, 21,
						      6, 22, 7, 23);
			lo = __builtin_shufflevector(p01, p23, 0, 1, 16, 17, 2,
						     3, 18, 19, 4, 5, 20, 21,
						     6, 7, 22, 23);
			hi = __builtin_shufflevector(p01, p23, 8, 9, 24, 25,
						     10, 11, 26, 27, 12, 13,
						     28, 29, 14, 15, 30, 31);
			memcpy(dst, &lo, 16);
			memcpy(dst + 16, &hi, 16);
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
			v8si a0 = splat32(l->bias[o]), a1 = a0;
			v8si a2 = splat32(o + 1 < oc ? l->bias[o + 1] : 0), a3 = a2;
			v8si a4 = splat32(o + 2 < oc ? l->bias[o + 2] : 0), a5 = a4;
			v8si a6 = splat32(o + 3 < oc ? l->bias[o + 3] : 0), a7 = a6;

			for (q = 0; q < full; q++)
				CONV_GROUP(0);
			if (full < nq)
				CONV_GROUP(1);
			conv_store(l, o, b, nb, a0, a2, a4, a6, out);
			conv_store(l, o, b + 1, nb, a1, a3, a5, a7, out);
		}
	}
	return 0;
}

/*
 * maxpool1d() - the usual halving (k 2, stride 2, even length): the
 * tensor is then one row, out[i] = max(in[2i], in[2i + 1]).  Any sign.
 */
static __always_inline int maxpool1d(const struct dfi_layer *l, const s8 *in,
				     s8 *out)
{
	int n = l->in_ch * l->out_len, i;

	if (l->k != 2 || l->stride != 2 || l->in_len != 2 * l->out_len)
		return -1;
	for (i = 0; i + 16 <= n; i += 16) {
		v32qs x = (v32qs)ld32(in + 2 * i);
		v16qs ev = __builtin_shufflevector(x, x, 0, 2, 4, 6, 8, 10, 12,
						   14, 16, 18, 20, 22, 24, 26,
						   28, 30);
		v16qs od = __builtin_shufflevector(x, x, 1, 3, 5, 7, 9, 11, 13,
						   15, 17, 19, 21, 23, 25, 27,
						   29, 31);
		ev = max16(ev, od);
		memcpy(out + i, &ev, 16);
	}
	for (; i < n; i++)
		out[i] = in[2 * i + 1] > in[2 * i] ? in[2 * i + 1] : in[2 * i];
	return 0;
}

/*
 * dense() - four rows at a time, 32 inputs per instruction (the input
 * zero-padded to a multiple of 32), each row's eight lanes summed at the
 * end; int32 logits for the logits layer.
 */
static __always_inline int dense(int kind, const struct dfi_layer *l,
				 const s8 *in, s8 *out, s32 *logits, u8 *tmp)
{
	const int v = l->in_ch, oc = l->out_ch, nc = (v + 31) / 32;
	/* rows below @safe: every 32-byte read stays in the weights */
	const int safe = dfi_dense_safe_rows(l, 32);
	s8 *xp = (s8 *)tmp, *wb = (s8 *)tmp + nc * 32;
	int o, c, i;

	if (nc * 32 + 4 * 32 > DFI_X86_TMP || !all_nonneg(in, v))
		return -1;
	memset(xp, 0, nc * 32);
	memcpy(xp, in, v);

	for (o = 0; o < oc; o += 4) {
		int r1 = o + 1 < oc ? o + 1 : o, r2 = o + 2 < oc ? o + 2 : o;
		int r3 = o + 3 < oc ? o + 3 : o;
		v8si a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 }, s;
		s32 sum[4];

		if (r3 < safe) {
			const s8 *p0 = l->w + o * v, *p1 = l->w + r1 * v;
			const s8 *p2 = l->w + r2 * v, *p3 = l->w + r3 * v;

			for (c = 0; c < nc * 32; c += 32) {
				v8si x = ld32(xp + c);

				a0 = dp4(kind, a0, x, ld32(p0 + c));
				a1 = dp4(kind, a1, x, ld32(p1 + c));
				a2 = dp4(kind, a2, x, ld32(p2 + c));
				a3 = dp4(kind, a3, x, ld32(p3 + c));
			}
		} else {
			for (c = 0; c < nc * 32; c += 32) {
				v8si x = ld32(xp + c);

				a0 = dp4(kind, a0, x, ld32(dfi_dense_chunk(l, o, c, 32, wb)));
				a1 = dp4(kind, a1, x, ld32(dfi_dense_chunk(l, r1, c, 32, wb + 32)));
				a2 = dp4(kind, a2, x, ld32(dfi_dense_chunk(l, r2, c, 32, wb + 64)));
				a3 = dp4(kind, a3, x, ld32(dfi_dense_chunk(l, r3, c, 32, wb + 96)));
			}
		}
		/* per 128-bit half: the four rows' sums of four lanes each */
		s = hadd(hadd(a0, a1), hadd(a2, a3));
		for (i = 0; i < 4 && o + i < oc; i++) {
			sum[i] = s[i] + s[i + 4] + l->bias[o + i];
			if (l->flags & DFI_LAYER_F_LOGITS)
				logits[o + i] = sum[i];
			else
				out[o + i] = requantize_s32_to_s8(sum[i],
						dfi_layer_requant(l, o + i));
		}
	}
	return 0;
}

/* The sums of the eight bytes of each 64-bit lane of @x (vpsadbw). */
static __always_inline v4di sad0(v8si x)
{
	v4di s;

	asm("vpsadbw %2, %1, %0" : "=x"(s) : "x"(x), "x"((v8si){ 0 }));
	return s;
}

/*
 * globalpool() - C x L -> 2C x 1 for inputs in 0..127: out[c] the
 * rounded mean floor((sum + L/2) / L), out[C + c] the max, 16 bytes of a
 * row at a time (the tail's copy zero-padded: zeros change neither the
 * sum nor the max of non-negative bytes).  The division is dfi/divide.h's
 * multiply: sum + L/2 < 128 * L <= 2^19 (L <= DFI_MAX_ACT = 2^12), and
 * 19 + 12 <= 31.
 */
static __always_inline int globalpool(const struct dfi_layer *l,
				      const s8 *in, s8 *out)
{
	const int len = l->in_len, ch = l->in_ch;
	struct dfi_div by_len;
	int c, i;

	if (len > DFI_MAX_ACT || !all_nonneg(in, ch * len))
		return -1;
	by_len = dfi_div_prep(len, 19);
	for (c = 0; c < ch; c++, in += len) {
		v16qs mx = { 0 }, t;
		v4di sum = { 0 };

		for (i = 0; i < len; i += 16) {
			union {
				v16qs v;
				s8 b[16];
			} x = { .v = { 0 } };
			v8si w;

			if (i + 16 <= len)
				memcpy(x.b, in + i, 16);
			else
				memcpy(x.b, in + i, len - i);
			w = (v8si)__builtin_shufflevector((v2di)x.v, (v2di){ 0 },
							  0, 1, 2, 3);
			sum += sad0(w);
			mx = max16(mx, x.v);
		}
		/* the max of the 16 lanes: halve four times */
		t = __builtin_shufflevector(mx, mx, 8, 9, 10, 11, 12, 13, 14,
					    15, 0, 1, 2, 3, 4, 5, 6, 7);
		mx = max16(mx, t);
		t = __builtin_shufflevector(mx, mx, 4, 5, 6, 7, 0, 1, 2, 3, 4,
					    5, 6, 7, 0, 1, 2, 3);
		mx = max16(mx, t);
		t = __builtin_shufflevector(mx, mx, 2, 3, 0, 1, 2, 3, 0, 1, 2,
					    3, 0, 1, 2, 3, 0, 1);
		mx = max16(mx, t);
		t = __builtin_shufflevector(mx, mx, 1, 0, 1, 0, 1, 0, 1, 0, 1,
					    0, 1, 0, 1, 0, 1, 0);
		mx = max16(mx, t);
		out[c] = (s8)dfi_div(sum[0] + sum[1] + len / 2, by_len);
		out[ch + c] = mx[0];
	}
	return 0;
}

/*
 * The gate's L1 distances with vpsadbw (sums of absolute differences of
 * unsigned bytes: the histogram and centroids are u8): two 16-byte
 * centroids per register against the histogram in both halves.
 */
u32 dfi_x86_gate_dist(const u8 *hist, const u8 *cen, unsigned int n)
{
	v2di h;
	v8si h2;
	u32 best = 0xffffffff, d;
	unsigned int c;

	memcpy(&h, hist, sizeof(h));
	h2 = (v8si)__builtin_shufflevector(h, h, 0, 1, 0, 1);
	for (c = 0; c + 2 <= n; c += 2) {
		v4di s;

		asm("vpsadbw %2, %1, %0" : "=x"(s) : "x"(h2),
		    "m"(*(const v8si *)(cen + c * 16)));
		d = (u32)(s[0] + s[1]);
		best = d < best ? d : best;
		d = (u32)(s[2] + s[3]);
		best = d < best ? d : best;
	}
	if (c < n) {
		/* the last one alone, in the low half (the high half unused) */
		v8si last = { 0 };
		v4di s;

		memcpy(&last, cen + c * 16, 16);
		asm("vpsadbw %2, %1, %0" : "=x"(s) : "x"(h2), "x"(last));
		d = (u32)(s[0] + s[1]);
		best = d < best ? d : best;
	}
	return best;
}

static __always_inline int layer(int kind, const struct dfi_layer *l,
				 const s8 *in, s8 *out, s32 *logits, u8 *tmp)
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

int dfi_x86_layer(unsigned int e, const struct dfi_layer *l, const s8 *in,
		  s8 *out, s32 *logits, void *tmp)
{
	switch (e) {
	case DFI_ENGINE_AVX2:
		return layer(DP_AVX2, l, in, out, logits, tmp);
	case DFI_ENGINE_AVX_VNNI:
		return layer(DP_VEX, l, in, out, logits, tmp);
	case DFI_ENGINE_AVX512_VNNI:
		return layer(DP_EVEX, l, in, out, logits, tmp);
	}
	return -1;
}

#endif /* DFI_ENGINE_X86 */
