/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requantization of an int32 accumulator to int8, shared by the engines
 * of the core (engine.c, engine_x86.c): one definition of the arithmetic
 * models/dfim.py _requant() mirrors.
 */
#ifndef _DFI_CORE_REQUANT_H
#define _DFI_CORE_REQUANT_H

#include <dfi/model.h>

/*
 * The requantization of one output channel, ready to apply: held in
 * locals and passed by value, so that the compiler keeps it in registers
 * (stores to int8 outputs may alias anything reached through a pointer).
 */
struct dfi_requant {
	s64 mult;	/* 1..2^31-1 */
	s64 round;	/* 2^(shift-1) */
	s64 lo;		/* 0 after RELU, else -128 */
	unsigned int shift;	/* 1..62 */
};

static inline struct dfi_requant dfi_layer_requant(const struct dfi_layer *l,
						   int o)
{
	struct dfi_requant q = {
		.mult = l->mult[o],
		.round = (s64)1 << (l->shift[o] - 1),
		.lo = (l->flags & DFI_LAYER_F_RELU) ? 0 : -128,
		.shift = l->shift[o],
	};

	return q;
}

/*
 * requantize_s32_to_s8() - y = clamp((acc * mult + 2^(shift-1)) >> shift,
 * lo, 127), in 64 bits; >> is an arithmetic shift (rounds toward minus
 * infinity), as the kernel and every compiler the core is built with do.
 * |acc * mult| < 2^62, so the sum cannot overflow.
 */
static inline s8 requantize_s32_to_s8(s32 acc, struct dfi_requant q)
{
	s64 y = ((s64)acc * q.mult + q.round) >> q.shift;

	/* selects, not branches: activations are unpredictable */
	y = y < q.lo ? q.lo : y;
	y = y > 127 ? 127 : y;
	return (s8)y;
}

#endif /* _DFI_CORE_REQUANT_H */
