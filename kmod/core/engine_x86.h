/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 engines of the core (engine_x86.c), as engine.c calls them.
 * Everywhere else DFI_ENGINE_X86 is 0 and the call is never made.
 */
#ifndef _DFI_CORE_ENGINE_X86_H
#define _DFI_CORE_ENGINE_X86_H

#include <dfi/engine.h>
#include <dfi/model.h>

/* Bytes of scratch space dfi_x86_layer() may use (struct dfi_scratch pk). */
#define DFI_X86_TMP	(DFI_MAX_ACT / 2 * 8)

#ifdef __x86_64__
#define DFI_ENGINE_X86	1

/*
 * dfi_x86_layer() - layer @l with engine @e (DFI_ENGINE_AVX2, _AVX_VNNI or
 * _AVX512_VNNI): 0 when done (int8 outputs in @out, or int32 @logits for
 * the logits layer), -1 when this layer is the scalar path's to do (a
 * layer kind or shape it has no loop for, an input with an element below
 * 0, a layer too large for @tmp, DFI_X86_TMP bytes).
 */
int dfi_x86_layer(unsigned int e, const struct dfi_layer *l, const s8 *in,
		  s8 *out, s32 *logits, void *tmp);

/*
 * The gate's distance (gate.c dfi_gate_dist()): the least L1 distance
 * from @hist to the @n (>= 1) centroids at @cen, DFI_GATE_BINS bytes each.
 */
u32 dfi_x86_gate_dist(const u8 *hist, const u8 *cen, unsigned int n);
#else
#define DFI_ENGINE_X86	0

static inline int dfi_x86_layer(unsigned int e, const struct dfi_layer *l,
				const s8 *in, s8 *out, s32 *logits, void *tmp)
{
	(void)e, (void)l, (void)in, (void)out, (void)logits, (void)tmp;
	return -1;
}

static inline u32 dfi_x86_gate_dist(const u8 *hist, const u8 *cen,
				    unsigned int n)
{
	(void)hist, (void)cen, (void)n;
	return 0;
}
#endif

/* Whether engine @e is one of these (and built). */
#define DFI_X86_ENGINE(e) \
	(DFI_ENGINE_X86 && (e) >= DFI_ENGINE_AVX2 && \
	 (e) <= DFI_ENGINE_AVX512_VNNI)

#endif /* _DFI_CORE_ENGINE_X86_H */
