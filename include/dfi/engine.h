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

struct dfi_scratch {
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

/* Top class, margin, gate distance and the final verdict from v->logits. */
void dfi_gate(const struct dfi_model *m, const struct dfi_flow_feat *f,
	      struct dfi_verdict *v);

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
