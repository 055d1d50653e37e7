/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SIMD engines (engine_x86.c, engine_neon.c) and engine.c share
 * beyond requant.h: a conv1d row's last, partial group of four weights,
 * the reads of a dense layer's weights in chunks of a register's width,
 * and the floored division of the global pool's mean.
 */
#ifndef _DFI_CORE_ENGINE_SIMD_H
#define _DFI_CORE_ENGINE_SIMD_H

#include <dfi/model.h>

/*
 * The rows of dense layer @l below which every read of @width bytes at a
 * multiple of @width within the zero-padded row (ceil(in_ch / width)
 * chunks) stays inside the layer's weights.
 */
static __always_inline int dfi_dense_safe_rows(const struct dfi_layer *l,
					       int width)
{
	int v = l->in_ch, end = l->out_ch * v;
	int row = (v + width - 1) / width * width;

	return end >= row ? (end - row) / v + 1 : 0;
}

/*
 * Where row @r's @width weights from @i are: in place, or, where a read of
 * @width bytes would leave the layer's weights, a zero-padded copy in @buf
 * (bytes past the row's end meet input zeros: they add nothing).
 */
static __always_inline const s8 *dfi_dense_chunk(const struct dfi_layer *l,
						 int r, int i, int width,
						 s8 *buf)
{
	int v = l->in_ch, end = l->out_ch * v, at = r * v + i, j;

	if (at + width <= end)
		return l->w + at;
	for (j = 0; j < width; j++)
		buf[j] = at + j < end ? l->w[at + j] : 0;
	return buf;
}

/*
 * The last group of four weights of a conv1d row of @taps weights, from
 * @i (fewer than four left), zero-padded, as one 32-bit word.
 */
static __always_inline s32 dfi_tail_quad(const s8 *w, int i, int taps)
{
	u32 v = 0;
	int j;

	for (j = 0; i + j < taps && j < 4; j++)
		v |= (u32)(u8)w[i + j] << (8 * j);
	return (s32)v;
}

/* floor(n / d) for d > 0, whatever the sign of n. */
static inline s32 dfi_div_floor_s32(s32 n, s32 d)
{
	s32 q = n / d;

	return (n % d && n < 0) ? q - 1 : q;
}

#endif /* _DFI_CORE_ENGINE_SIMD_H */
