/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cases of the long-flow second look (dfi_longflow_bulk() in
 * kmod/core/longflow.c), checked by the KUnit suite and by
 * tests/unit/longflow_test.c alike: each bound of the bulk definition
 * just met and just missed, and the ends of the ranges, where a 64-bit
 * overflow would turn a verdict around.
 */
#ifndef _DFI_LONGFLOW_VECTORS_H
#define _DFI_LONGFLOW_VECTORS_H

#include <dfi/longflow.h>

#define DFI_LV_S	1000000ULL	/* a second, in us */

/* The defaults, second look on, then @rate, @share, @age, @bytes if set. */
static const struct dfi_lv_bulk {
	const char *name;
	u32 rate_kbit;		/* ~0: the default */
	u8 share_pct;		/* 0: the default */
	u32 age_s;		/* 0: the default */
	u32 min_bytes;		/* 0: the default */
	u64 orig, reply, age_us;
	int want;
} dfi_lv_bulks[] = {
	{ "a download: 4 MB in 10 s", ~0U, 0, 0, 0,
	  40000, 4000000, 10 * DFI_LV_S, 1 },
	{ "1 ms short of the age", ~0U, 0, 0, 0,
	  40000, 4000000, 10 * DFI_LV_S - 1000, 0 },
	{ "a byte short", ~0U, 0, 0, 0, 40000, 3999999, 10 * DFI_LV_S, 0 },
	{ "an upload counts the same", ~0U, 0, 0, 0,
	  4000000, 40000, 10 * DFI_LV_S, 1 },
	{ "4 MB over 32 s: exactly 1000 kbit/s", ~0U, 0, 0, 0,
	  0, 4000000, 32 * DFI_LV_S, 1 },
	{ "4 MB over 32.001 s: less", ~0U, 0, 0, 0,
	  0, 4000000, 32 * DFI_LV_S + 1000, 0 },
	{ "no rate bound: an hour", 0, 0, 0, 0, 0, 4000000, 3600 * DFI_LV_S, 1 },
	{ "90% one way exactly", ~0U, 0, 0, 0, 500000, 4500000, 10 * DFI_LV_S, 1 },
	{ "a hair less than 90%", ~0U, 0, 0, 0,
	  500001, 4500000, 10 * DFI_LV_S, 0 },
	{ "a symmetric flow (a call, a game)", ~0U, 0, 0, 0,
	  50000000, 50000000, 60 * DFI_LV_S, 0 },
	{ "a symmetric flow, share 50%", ~0U, 50, 0, 0,
	  50000000, 50000000, 60 * DFI_LV_S, 1 },
	{ "all ones, top rate", DFI_LONGFLOW_MAX_RATE_KBIT, 0, 0, 0,
	  0, ~0ULL, ~0ULL, 0 },
	{ "all ones in 100 s, top rate", DFI_LONGFLOW_MAX_RATE_KBIT, 0, 0, 0,
	  0, ~0ULL, 100 * DFI_LV_S, 1 },
	{ "all ones both ways", DFI_LONGFLOW_MAX_RATE_KBIT, 0, 0, 0,
	  ~0ULL, ~0ULL, 100 * DFI_LV_S, 0 },
	{ "top bytes and age, a byte short", DFI_LONGFLOW_MAX_RATE_KBIT, 0,
	  DFI_LONGFLOW_MAX_AGE_S, 0xffffffffu,
	  0, 0xfffffffeULL, 86400 * DFI_LV_S, 0 },
	{ "top bytes and age, no rate bound", 0, 0, DFI_LONGFLOW_MAX_AGE_S,
	  0xffffffffu, 0, 0xffffffffULL, 86400 * DFI_LV_S, 1 },
};

static inline void dfi_lv_cfg(struct dfi_longflow_cfg *c,
			      const struct dfi_lv_bulk *v)
{
	dfi_longflow_defaults(c);
	c->enabled = 1;
	if (v->rate_kbit != ~0U)
		c->min_rate_kbit = v->rate_kbit;
	if (v->share_pct)
		c->min_share_pct = v->share_pct;
	if (v->age_s)
		c->min_age_s = v->age_s;
	if (v->min_bytes)
		c->min_bytes = v->min_bytes;
}

#endif
