/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Integer-only inference and the known/unknown gate.  No floating point,
 * no allocation; the caller provides the scratch space (too large for a
 * kernel stack).
 */
#ifndef _DFI_ENGINE_H
#define _DFI_ENGINE_H

#include <dfi/features.h>
#include <dfi/model.h>

/*
 * The engines: the same integers from every one of them (tests/parity.sh,
 * the KUnit suite dfi_engine).  The scalar ones run anywhere; the others
 * only where the caller has checked the CPU (userspace/cpu.c, kmod/simd.c)
 * and, in the kernel, inside kernel_fpu_begin()/kernel_fpu_end() (x86) or
 * kernel_neon_begin()/kernel_neon_end() (arm64).
 */
enum dfi_engine {
	DFI_ENGINE_SCALAR = 0,	/* engine.c's packed 64-bit lanes (default) */
	DFI_ENGINE_REF,		/* engine.c's plain loops: the reference */
	DFI_ENGINE_AVX2,	/* engine_x86.c: vpmaddubsw + vpmaddwd */
	DFI_ENGINE_AVX_VNNI,	/* engine_x86.c: vpdpbusd, VEX */
	DFI_ENGINE_AVX512_VNNI,	/* engine_x86.c: vpdpbusd, EVEX (256 bits) */
	DFI_ENGINE_NEON,	/* engine_neon.c: smull + saddlp (arm64) */
	DFI_ENGINE_NEON_DOT,	/* engine_neon.c: sdot (ARMv8.2 dotprod) */
	DFI_ENGINE_COUNT
};

/* The engine's name ("scalar", "reference", "avx2", ...), NULL if none. */
const char *dfi_engine_name(unsigned int e);

/* Whether engine @e was compiled into this build (not whether it runs). */
int dfi_engine_built(unsigned int e);

struct dfi_scratch {
	u8 engine;		/* enum dfi_engine, chosen by the caller */
	s8 a[DFI_MAX_ACT];
	s8 b[DFI_MAX_ACT];
	s64 pk[DFI_MAX_ACT / 2];	/* a conv1d's repacked input */
	s8 seq[DFI_SEQ_CH * DFI_MAX_SEQ];
	s8 stat[DFI_STATIC_N];
};

/* Why a flow was called "other". */
enum dfi_unknown_reason {
	DFI_KNOWN = 0,
	DFI_UNKNOWN_CLASS = 1,		/* the network chose other_class */
	DFI_UNKNOWN_DISTANCE = 2,	/* histogram far from every centroid */
	DFI_UNKNOWN_MARGIN = 3,		/* logits too close to call */
};

struct dfi_verdict {
	u8 cls;			/* final class; other_class when unknown */
	u8 net_cls;		/* the network's argmax */
	u8 reason;		/* enum dfi_unknown_reason */
	u32 dist;		/* gate: L1 distance to the nearest centroid */
	s32 margin;		/* gate: top-1 minus top-2 logit */
	s32 logits[DFI_MAX_CLASSES];
};

/* Run the network on seq [in_ch][seq_len] and stat [n_static]. */
void dfi_infer(const struct dfi_model *m, const s8 *seq, const s8 *stat,
	       struct dfi_scratch *ws, s32 *logits);

/* The gate's histogram of a flow (DFI_GATE_BINS bins, sum ~64). */
void dfi_gate_hist(const struct dfi_flow_feat *f, unsigned int seq_len,
		   u8 *hist);

/*
 * Top class, margin, gate distance and the final verdict from v->logits;
 * @engine (enum dfi_engine, as in struct dfi_scratch) computes the
 * distance.
 */
void dfi_gate(const struct dfi_model *m, const struct dfi_flow_feat *f,
	      unsigned int engine, struct dfi_verdict *v);

/* Features -> input -> network -> gate: the one decision function. */
void dfi_classify(const struct dfi_model *m, const struct dfi_flow_feat *f,
		  const struct dfi_flow_ctx *ctx, struct dfi_scratch *ws,
		  struct dfi_verdict *v);

/*
 * Early verdicts (the model's checkpoints, include/uapi/linux/dfi.h): the
 * checkpoint a packet that took a flow from @before to @after recorded
 * packets brought it to (-1: none), and whether dfi_classify()'s verdict
 * there decides the flow now.
 */
int dfi_early_checkpoint(const struct dfi_model *m, unsigned int before,
			 unsigned int after);
int dfi_early_accept(const struct dfi_model *m, unsigned int i,
		     const struct dfi_verdict *v);

#endif /* _DFI_ENGINE_H */
