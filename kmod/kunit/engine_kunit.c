// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the engine, as the kernel build of the core computes it, on the
 * hand-computed cases of engine_vectors.h (shared with
 * tests/unit/engine_test.c).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "engine_vectors.h"

static void dfi_engine_vectors_test(struct kunit *test)
{
	struct dfi_scratch *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	s32 logits[DFI_MAX_CLASSES];
	size_t i;
	int o;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		const struct dfi_engine_vec *v = &dfi_engine_vectors[i];

		dfi_engine_vec_model(v, m);
		memset(ws, 0x5a, sizeof(*ws));
		memcpy(ws->seq, v->seq, sizeof(v->seq));
		memcpy(ws->stat, v->stat, sizeof(v->stat));
		for (o = 0; o < DFI_MAX_CLASSES; o++)
			logits[o] = 0x5a5a5a5a;
		dfi_infer(m, ws->seq, ws->stat, ws, logits);
		for (o = 0; o < v->n_logits; o++)
			KUNIT_EXPECT_EQ_MSG(test, logits[o], v->logits[o],
					    "%s: logit %d", v->name, o);
		/* nothing written past the logits */
		for (; o < DFI_MAX_CLASSES; o++)
			KUNIT_EXPECT_EQ_MSG(test, logits[o], 0x5a5a5a5a,
					    "%s: logit %d", v->name, o);
	}
}

/* The inputs are read, never written. */
static void dfi_engine_inputs_untouched_test(struct kunit *test)
{
	struct dfi_scratch *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	s8 seq[DFI_EV_MAX_IN], stat[DFI_STATIC_N];
	s32 logits[DFI_MAX_CLASSES];
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		const struct dfi_engine_vec *v = &dfi_engine_vectors[i];

		memcpy(seq, v->seq, sizeof(seq));
		memcpy(stat, v->stat, sizeof(stat));
		dfi_engine_vec_model(v, m);
		dfi_infer(m, seq, stat, ws, logits);
		KUNIT_EXPECT_TRUE_MSG(test, !memcmp(seq, v->seq, sizeof(seq)),
				      "%s", v->name);
		KUNIT_EXPECT_TRUE_MSG(test,
				      !memcmp(stat, v->stat, sizeof(stat)),
				      "%s", v->name);
	}
}

static struct kunit_case dfi_engine_cases[] = {
	KUNIT_CASE(dfi_engine_vectors_test),
	KUNIT_CASE(dfi_engine_inputs_untouched_test),
	{}
};

static struct kunit_suite dfi_engine_suite = {
	.name = "dfi_engine",
	.test_cases = dfi_engine_cases,
};

kunit_test_suites(&dfi_engine_suite);
