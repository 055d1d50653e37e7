// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the known/unknown gate as the kernel build of the core computes
 * it, against the cases of gate_vectors.h, with every engine this CPU
 * runs (the x86 ones inside kernel_fpu_begin(): kmod/simd.c).
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/module.h>

#include "../simd.h"
#include "gate_vectors.h"

static void dfi_gate_hist_test(struct kunit *test)
{
	struct dfi_flow_feat *f;
	u8 h[DFI_GATE_BINS];
	unsigned int i;

	f = kunit_kzalloc(test, dfi_feat_size(DFI_GV_SEQ), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	dfi_gv_make_flow(f);
	dfi_gate_hist(f, DFI_GV_SEQ, h);
	for (i = 0; i < DFI_GATE_BINS; i++)
		KUNIT_EXPECT_EQ_MSG(test, h[i], dfi_gv_hist[i], "bin %u", i);
}

/* Case @c with engine @e, its FPU section held where it needs one. */
static void dfi_gate_case(struct kunit *test, struct dfi_scratch *ws,
			  const struct dfi_flow_feat *f, struct dfi_model *m,
			  struct dfi_verdict *v, const struct dfi_gv_case *c,
			  unsigned int e)
{
	const char *en = dfi_engine_name(e);
	unsigned int j;
	bool fpu;

	dfi_gv_make_model(m, c);
	memset(v, 0, sizeof(*v));
	for (j = 0; j < DFI_GV_CLASSES; j++)
		v->logits[j] = c->logits[j];
	local_bh_disable();
	fpu = dfi_simd_begin(ws, e);
	dfi_gate(m, f, ws->engine, v);
	dfi_simd_end(fpu);
	local_bh_enable();
	KUNIT_EXPECT_EQ_MSG(test, v->cls, c->cls, "%s, %s", c->name, en);
	KUNIT_EXPECT_EQ_MSG(test, v->net_cls, c->net_cls, "%s, %s", c->name, en);
	KUNIT_EXPECT_EQ_MSG(test, v->reason, c->reason, "%s, %s", c->name, en);
	KUNIT_EXPECT_EQ_MSG(test, v->margin, c->margin, "%s, %s", c->name, en);
	KUNIT_EXPECT_EQ_MSG(test, v->dist, c->dist, "%s, %s", c->name, en);
}

static void dfi_gate_verdict_test(struct kunit *test)
{
	struct dfi_scratch *ws;
	struct dfi_flow_feat *f;
	struct dfi_verdict *v;
	struct dfi_model *m;
	unsigned int i, e;

	f = kunit_kzalloc(test, dfi_feat_size(DFI_GV_SEQ), GFP_KERNEL);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, ws);
	dfi_gv_make_flow(f);
	for (e = 0; e < DFI_ENGINE_COUNT; e++) {
		if (!dfi_simd_runs(e))
			continue;
		for (i = 0; i < DFI_GV_COUNT; i++)
			dfi_gate_case(test, ws, f, m, v, &dfi_gv_cases[i], e);
	}
}

static struct kunit_case dfi_gate_cases[] = {
	KUNIT_CASE(dfi_gate_hist_test),
	KUNIT_CASE(dfi_gate_verdict_test),
	{}
};

static struct kunit_suite dfi_gate_suite = {
	.name = "dfi_gate",
	.test_cases = dfi_gate_cases,
};

kunit_test_suites(&dfi_gate_suite);
