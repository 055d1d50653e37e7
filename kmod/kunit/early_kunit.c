// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the early-verdict rule as the kernel build of the core computes
 * it, against the cases of early_vectors.h.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "early_vectors.h"

static void dfi_early_cross_test(struct kunit *test)
{
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	for (i = 0; i < ARRAY_SIZE(dfi_ev_crosses); i++) {
		const struct dfi_ev_cross *c = &dfi_ev_crosses[i];

		dfi_ev_make_model(m, c->n_checkpoints);
		KUNIT_EXPECT_EQ_MSG(test,
				    dfi_early_checkpoint(m, c->before, c->after),
				    c->want, "%u -> %u of %d", c->before,
				    c->after, c->n_checkpoints);
	}
}

static void dfi_early_accept_test(struct kunit *test)
{
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	dfi_ev_make_model(m, 3);
	for (i = 0; i < ARRAY_SIZE(dfi_ev_accepts); i++) {
		const struct dfi_ev_accept *a = &dfi_ev_accepts[i];
		struct dfi_verdict v = {
			.cls = a->cls, .reason = a->reason, .margin = a->margin,
		};

		KUNIT_EXPECT_EQ_MSG(test, dfi_early_accept(m, a->i, &v),
				    a->want, "%s", a->name);
	}
}

static struct kunit_case dfi_early_cases[] = {
	KUNIT_CASE(dfi_early_cross_test),
	KUNIT_CASE(dfi_early_accept_test),
	{}
};

static struct kunit_suite dfi_early_suite = {
	.name = "dfi_early",
	.test_cases = dfi_early_cases,
};

kunit_test_suites(&dfi_early_suite);
