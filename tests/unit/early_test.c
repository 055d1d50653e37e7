// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the early-verdict rule against the cases of
 * early_vectors.h, which the KUnit suite checks in the kernel build.
 */
#include "../../kmod/kunit/early_vectors.h"
#include "unit.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct dfi_model model;

static void crosses(void)
{
	unsigned int i;

	for (i = 0; i < N(dfi_ev_crosses); i++) {
		const struct dfi_ev_cross *c = &dfi_ev_crosses[i];

		dfi_ev_make_model(&model, c->n_checkpoints);
		printf("# %u -> %u of %d checkpoints\n", c->before, c->after,
		       c->n_checkpoints);
		CHECK_EQ(dfi_early_checkpoint(&model, c->before, c->after),
			 c->want);
	}
}

static void accepts(void)
{
	unsigned int i;

	dfi_ev_make_model(&model, 3);
	for (i = 0; i < N(dfi_ev_accepts); i++) {
		const struct dfi_ev_accept *a = &dfi_ev_accepts[i];
		struct dfi_verdict v = {
			.cls = a->cls, .reason = a->reason, .margin = a->margin,
		};

		printf("# %s\n", a->name);
		CHECK_EQ(dfi_early_accept(&model, a->i, &v), a->want);
	}
}

static const struct unit_case cases[] = {
	UNIT_CASE(crosses),
	UNIT_CASE(accepts),
};

UNIT_MAIN(cases)
