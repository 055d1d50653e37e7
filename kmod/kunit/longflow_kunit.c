// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the long-flow second look's bulk definition as the kernel build
 * of the core computes it, against the cases of longflow_vectors.h.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "longflow_vectors.h"

static void dfi_longflow_bulk_test(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dfi_lv_bulks); i++) {
		const struct dfi_lv_bulk *v = &dfi_lv_bulks[i];
		struct dfi_longflow_cfg c;

		dfi_lv_cfg(&c, v);
		KUNIT_EXPECT_EQ_MSG(test, dfi_longflow_bulk(&c, v->orig,
							    v->reply,
							    v->age_us),
				    v->want, "%s", v->name);
	}
}

/* Only web moves, and only to file; off moves nothing. */
static void dfi_longflow_check_test(struct kunit *test)
{
	struct dfi_longflow_cfg c;
	unsigned int id;

	dfi_longflow_defaults(&c);
	KUNIT_EXPECT_NULL(test, dfi_longflow_invalid(&c));
	KUNIT_EXPECT_EQ(test, dfi_longflow_check(&c, DFI_CLASS_ID_WEB, 0,
						 8000000, 20 * DFI_LV_S),
			DFI_LONGFLOW_NO_CHANGE);
	c.enabled = 1;
	for (id = 0; id < DFI_MAX_CLASS_IDS + 2; id++)
		KUNIT_EXPECT_EQ_MSG(test,
				    dfi_longflow_check(&c, (u8)id, 0, 8000000,
						       20 * DFI_LV_S),
				    id == DFI_CLASS_ID_WEB ? DFI_CLASS_ID_FILE :
				    DFI_LONGFLOW_NO_CHANGE, "class %u", id);
}

static struct kunit_case dfi_longflow_cases[] = {
	KUNIT_CASE(dfi_longflow_bulk_test),
	KUNIT_CASE(dfi_longflow_check_test),
	{}
};

static struct kunit_suite dfi_longflow_suite = {
	.name = "dfi_longflow",
	.test_cases = dfi_longflow_cases,
};

kunit_test_suites(&dfi_longflow_suite);
