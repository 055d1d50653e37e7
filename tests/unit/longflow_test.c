// SPDX-License-Identifier: GPL-2.0
/*
 * The long-flow second look (include/dfi/longflow.h): each bound of the
 * bulk definition and the ends of the ranges (longflow_vectors.h, which
 * the KUnit suite checks in the kernel build), the classes it applies
 * to, the check cadence, the configuration it refuses.
 */
#include <dfi/longflow.h>

#include "unit.h"
#include "../../kmod/kunit/longflow_vectors.h"

#define S	1000000ULL	/* a second, in us */

static struct dfi_longflow_cfg on(void)
{
	struct dfi_longflow_cfg c;

	dfi_longflow_defaults(&c);
	c.enabled = 1;
	return c;
}

static void defaults(void)
{
	struct dfi_longflow_cfg c;

	dfi_longflow_defaults(&c);
	CHECK_EQ(c.enabled, 0);
	CHECK_EQ(c.classes, 1U << DFI_CLASS_ID_WEB);
	CHECK_EQ(c.min_age_s, 10);
	CHECK_EQ(c.min_bytes, 4000000);
	CHECK_EQ(c.min_rate_kbit, 1000);
	CHECK_EQ(c.min_share_pct, 90);
	CHECK(!dfi_longflow_invalid(&c));
	/* off: a bulk web flow stays web */
	CHECK_EQ(dfi_longflow_check(&c, DFI_CLASS_ID_WEB, 1000, 50000000,
				    20 * S), DFI_LONGFLOW_NO_CHANGE);
}

/* Each bound just met and just missed, the ends of the ranges. */
static void bounds(void)
{
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(dfi_lv_bulks); i++) {
		const struct dfi_lv_bulk *v = &dfi_lv_bulks[i];
		struct dfi_longflow_cfg c;
		int got;

		dfi_lv_cfg(&c, v);
		got = dfi_longflow_bulk(&c, v->orig, v->reply, v->age_us);
		if (got != v->want)
			printf("# %s: %d\n", v->name, got);
		CHECK_EQ(got, v->want);
	}
}

static void classes(void)
{
	struct dfi_longflow_cfg c = on();
	unsigned int id;

	for (id = 0; id < DFI_MAX_CLASS_IDS + 2; id++)
		CHECK_EQ(dfi_longflow_check(&c, (u8)id, 0, 8000000, 20 * S),
			 id == DFI_CLASS_ID_WEB ? DFI_CLASS_ID_FILE :
			 DFI_LONGFLOW_NO_CHANGE);
	c.classes |= 1U << DFI_CLASS_ID_OTHER;
	CHECK_EQ(dfi_longflow_check(&c, DFI_CLASS_ID_OTHER, 0, 8000000,
				    20 * S), DFI_CLASS_ID_FILE);
	CHECK_EQ(dfi_longflow_check(&c, DFI_CLASS_ID_WEB, 0, 100, 20 * S),
		 DFI_LONGFLOW_NO_CHANGE);
}

/* One check per 64 KiB of a direction, whatever the packet sizes. */
static void cadence(void)
{
	static const u32 sizes[] = { 40, 1500, 9000, 65535 };
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(sizes); i++) {
		u64 bytes = 0, checks = 0;

		while (bytes + sizes[i] <= 100ULL * DFI_LONGFLOW_EVERY) {
			bytes += sizes[i];
			checks += dfi_longflow_due(bytes, sizes[i]);
		}
		CHECK_EQ(checks, bytes / DFI_LONGFLOW_EVERY);
	}
	CHECK(dfi_longflow_due(DFI_LONGFLOW_EVERY, 1));
	CHECK(!dfi_longflow_due(DFI_LONGFLOW_EVERY + 1, 1));
	CHECK(!dfi_longflow_due(1000, 1000));
	/* a count that does not hold the packet yet: checked */
	CHECK(dfi_longflow_due(10, 1500));
}

static void invalid(void)
{
	struct dfi_longflow_cfg c = on();

	CHECK(!dfi_longflow_invalid(&c));
	c.enabled = 2;
	CHECK(dfi_longflow_invalid(&c));
	c = on();
	c.classes = 0;
	CHECK(dfi_longflow_invalid(&c));
	c.classes = 1U << DFI_MAX_CLASS_IDS;
	CHECK(dfi_longflow_invalid(&c));
	c.classes = (1U << DFI_CLASS_ID_WEB) | (1U << DFI_CLASS_ID_FILE);
	CHECK(dfi_longflow_invalid(&c));
	c = on();
	c.min_age_s = 0;
	CHECK(dfi_longflow_invalid(&c));
	c.min_age_s = DFI_LONGFLOW_MAX_AGE_S + 1;
	CHECK(dfi_longflow_invalid(&c));
	c = on();
	c.min_bytes = 0;
	CHECK(dfi_longflow_invalid(&c));
	c = on();
	c.min_rate_kbit = DFI_LONGFLOW_MAX_RATE_KBIT + 1;
	CHECK(dfi_longflow_invalid(&c));
	c = on();
	c.min_share_pct = 49;
	CHECK(dfi_longflow_invalid(&c));
	c.min_share_pct = 101;
	CHECK(dfi_longflow_invalid(&c));
}

static const struct unit_case cases[] = {
	UNIT_CASE(defaults),
	UNIT_CASE(bounds),
	UNIT_CASE(classes),
	UNIT_CASE(cadence),
	UNIT_CASE(invalid),
};

UNIT_MAIN(cases)
