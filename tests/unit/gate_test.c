// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the gate against the cases of gate_vectors.h,
 * which the KUnit suite checks in the kernel build.
 */
#include "../../kmod/kunit/gate_vectors.h"
#include "unit.h"

static union {
	struct dfi_flow_feat f;
	u8 bytes[64];
} flow;

static void hist(void)
{
	u8 h[DFI_GATE_BINS];
	unsigned int i;

	dfi_gv_make_flow(&flow.f);
	dfi_gate_hist(&flow.f, DFI_GV_SEQ, h);
	for (i = 0; i < DFI_GATE_BINS; i++)
		CHECK_EQ(h[i], dfi_gv_hist[i]);
}

static void hist_empty(void)
{
	u8 h[DFI_GATE_BINS];
	unsigned int i;

	dfi_feat_init(&flow.f, DFI_IPPROTO_UDP, 5000, 53, 0);
	dfi_gate_hist(&flow.f, DFI_GV_SEQ, h);
	for (i = 0; i < DFI_GATE_BINS; i++)
		CHECK_EQ(h[i], 0);
}

static void verdicts(void)
{
	struct dfi_model m;
	unsigned int i, j;

	dfi_gv_make_flow(&flow.f);
	for (i = 0; i < DFI_GV_COUNT; i++) {
		const struct dfi_gv_case *c = &dfi_gv_cases[i];
		struct dfi_verdict v;

		dfi_gv_make_model(&m, c);
		memset(&v, 0, sizeof(v));
		for (j = 0; j < DFI_GV_CLASSES; j++)
			v.logits[j] = c->logits[j];
		dfi_gate(&m, &flow.f, &v);
		printf("# %s\n", c->name);
		CHECK_EQ(v.cls, c->cls);
		CHECK_EQ(v.net_cls, c->net_cls);
		CHECK_EQ(v.reason, c->reason);
		CHECK_EQ(v.margin, c->margin);
		CHECK_EQ(v.dist, c->dist);
	}
}

static const struct unit_case cases[] = {
	UNIT_CASE(hist),
	UNIT_CASE(hist_empty),
	UNIT_CASE(verdicts),
};

UNIT_MAIN(cases)
