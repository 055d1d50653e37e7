// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the gate against the cases of gate_vectors.h,
 * which the KUnit suite checks in the kernel build, with every engine
 * this CPU runs; and the engines' distances on any number of centroids.
 */
#include <stdlib.h>

#include "../../kmod/kunit/gate_vectors.h"
#include "cpu.h"
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
	unsigned int i, j, e;

	dfi_gv_make_flow(&flow.f);
	for (e = 0; e < DFI_ENGINE_COUNT; e++)
	for (i = 0; i < DFI_GV_COUNT && cpu_engine_runs(e); i++) {
		const struct dfi_gv_case *c = &dfi_gv_cases[i];
		struct dfi_verdict v;

		dfi_gv_make_model(&m, c);
		memset(&v, 0, sizeof(v));
		for (j = 0; j < DFI_GV_CLASSES; j++)
			v.logits[j] = c->logits[j];
		dfi_gate(&m, &flow.f, e, &v);
		printf("# %s, engine %s\n", c->name, dfi_engine_name(e));
		CHECK_EQ(v.cls, c->cls);
		CHECK_EQ(v.net_cls, c->net_cls);
		CHECK_EQ(v.reason, c->reason);
		CHECK_EQ(v.margin, c->margin);
		CHECK_EQ(v.dist, c->dist);
	}
}

/*
 * Every engine's distance is the scalar one, for 1 to 9 centroids (the
 * x86 engines take two at a time) of random bytes, the extremes among
 * them.
 */
static void dist_engines(void)
{
	static u8 cen[9 * DFI_GATE_BINS];
	struct dfi_model m;
	struct dfi_verdict v;
	unsigned int n, e, i, round;
	u32 want;

	srand(7);
	dfi_gv_make_flow(&flow.f);
	dfi_gv_make_model(&m, &dfi_gv_cases[0]);
	for (round = 0; round < 50; round++) {
		for (i = 0; i < sizeof(cen); i++)
			cen[i] = round % 5 == 1 ? 255 * (i & 1) : (u8)rand();
		m.centroids = cen;
		for (n = 1; n <= 9; n++) {
			m.n_centroids = (u16)n;
			memset(&v, 0, sizeof(v));
			dfi_gate(&m, &flow.f, DFI_ENGINE_REF, &v);
			want = v.dist;
			for (e = 0; e < DFI_ENGINE_COUNT; e++) {
				if (!cpu_engine_runs(e))
					continue;
				dfi_gate(&m, &flow.f, e, &v);
				if (v.dist != want)
					printf("# %u centroids, engine %s\n", n,
					       dfi_engine_name(e));
				CHECK_EQ(v.dist, want);
			}
		}
	}
}

static const struct unit_case cases[] = {
	UNIT_CASE(dist_engines),
	UNIT_CASE(hist),
	UNIT_CASE(hist_empty),
	UNIT_CASE(verdicts),
};

UNIT_MAIN(cases)
