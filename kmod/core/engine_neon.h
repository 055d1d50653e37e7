/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arm64 engines of the core (engine_neon.c), as engine.c calls them.
 * Everywhere else DFI_ENGINE_ARM64 is 0 and the call is never made.
 */
#ifndef _DFI_CORE_ENGINE_NEON_H
#define _DFI_CORE_ENGINE_NEON_H

#include <dfi/engine.h>
#include <dfi/model.h>

/* Bytes of scratch space dfi_neon_layer() may use (struct dfi_scratch pk). */
#define DFI_NEON_TMP	(DFI_MAX_ACT / 2 * 8)

#ifdef __aarch64__
#define DFI_ENGINE_ARM64	1

/*
 * dfi_neon_layer() - layer @l with engine @e (DFI_ENGINE_NEON or
 * DFI_ENGINE_NEON_DOT): 0 when done (int8 outputs in @out, or int32
 * @logits for the logits layer), -1 when this layer is the scalar path's
 * to do (a layer kind or shape it has no loop for, a layer too large for
 * @tmp, DFI_NEON_TMP bytes).
 */
int dfi_neon_layer(unsigned int e, const struct dfi_layer *l, const s8 *in,
		   s8 *out, s32 *logits, void *tmp);
#else
#define DFI_ENGINE_ARM64	0

static inline int dfi_neon_layer(unsigned int e, const struct dfi_layer *l,
				 const s8 *in, s8 *out, s32 *logits, void *tmp)
{
	(void)e, (void)l, (void)in, (void)out, (void)logits, (void)tmp;
	return -1;
}
#endif

/* Whether engine @e is one of these (and built). */
#define DFI_NEON_ENGINE(e) \
	(DFI_ENGINE_ARM64 && ((e) == DFI_ENGINE_NEON || \
			      (e) == DFI_ENGINE_NEON_DOT))

#endif /* _DFI_CORE_ENGINE_NEON_H */
