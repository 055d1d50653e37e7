// SPDX-License-Identifier: GPL-2.0
/*
 * The one decision function, used by the kernel and the offline tools
 * alike: features -> input -> network -> gate.  Shared core.
 */
#include <dfi/engine.h>

void dfi_classify(const struct dfi_model *m, const struct dfi_flow_feat *f,
		  const struct dfi_flow_ctx *ctx, struct dfi_scratch *ws,
		  struct dfi_verdict *v)
{
	dfi_feat_input(f, m->seq_len, ctx, ws->seq, ws->stat);
	dfi_infer(m, ws->seq, ws->stat, ws, v->logits);
	dfi_gate(m, f, ws->engine, v);
}
DFI_EXPORT(dfi_classify);
