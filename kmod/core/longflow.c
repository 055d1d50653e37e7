// SPDX-License-Identifier: GPL-2.0
/*
 * The long-flow second look (include/dfi/longflow.h).  Shared core.
 *
 * Integer only, no division: the rate test
 *   bytes * 8 bits / (age_ms / 1000) s >= rate_kbit * 1000 bits/s
 * is bytes * 8 >= rate_kbit * age_ms; with bytes below 2^48 (saturated)
 * and age_ms below 2^36 (two years), rate_kbit at most
 * DFI_LONGFLOW_MAX_RATE_KBIT (< 2^24), neither side overflows 64 bits.
 */
#include <dfi/longflow.h>

#define DFI_LONGFLOW_BYTES_CAP	(1ULL << 48)
#define DFI_LONGFLOW_AGE_MS_CAP	(1ULL << 36)

void dfi_longflow_defaults(struct dfi_longflow_cfg *c)
{
	c->enabled = 0;
	c->classes = DFI_LONGFLOW_DEF_CLASSES;
	c->min_age_s = DFI_LONGFLOW_DEF_AGE_S;
	c->min_bytes = DFI_LONGFLOW_DEF_BYTES;
	c->min_rate_kbit = DFI_LONGFLOW_DEF_RATE_KBIT;
	c->min_share_pct = DFI_LONGFLOW_DEF_SHARE_PCT;
}
DFI_EXPORT(dfi_longflow_defaults);

static u64 dfi_cap(u64 v, u64 cap)
{
	return v < cap ? v : cap;
}

int dfi_longflow_bulk(const struct dfi_longflow_cfg *c, u64 bytes_orig,
		      u64 bytes_reply, u64 age_us)
{
	u64 o = dfi_cap(bytes_orig, DFI_LONGFLOW_BYTES_CAP);
	u64 r = dfi_cap(bytes_reply, DFI_LONGFLOW_BYTES_CAP);
	u64 dom = o > r ? o : r;
	u64 age_ms = dfi_cap(age_us / 1000, DFI_LONGFLOW_AGE_MS_CAP);

	if (age_ms < (u64)c->min_age_s * 1000)
		return 0;
	if (dom < c->min_bytes)
		return 0;
	if (dom * 100 < (u64)c->min_share_pct * (o + r))
		return 0;
	return dom * 8 >= (u64)c->min_rate_kbit * age_ms;
}
DFI_EXPORT(dfi_longflow_bulk);

int dfi_longflow_check(const struct dfi_longflow_cfg *c, u8 cls,
		       u64 bytes_orig, u64 bytes_reply, u64 age_us)
{
	if (!c->enabled || cls >= DFI_MAX_CLASS_IDS || cls == DFI_CLASS_ID_FILE)
		return DFI_LONGFLOW_NO_CHANGE;
	if (!(c->classes & (1U << cls)))
		return DFI_LONGFLOW_NO_CHANGE;
	if (!dfi_longflow_bulk(c, bytes_orig, bytes_reply, age_us))
		return DFI_LONGFLOW_NO_CHANGE;
	return DFI_CLASS_ID_FILE;
}
DFI_EXPORT(dfi_longflow_check);

const char *dfi_longflow_invalid(const struct dfi_longflow_cfg *c)
{
	if (c->enabled > 1)
		return "second_look must be 0 or 1";
	if (!c->classes || c->classes >> DFI_MAX_CLASS_IDS)
		return "second_look_classes must be a non-empty set of class identities (bits 0..15)";
	if (c->classes & (1U << DFI_CLASS_ID_FILE))
		return "second_look_classes must not hold file, the class it moves flows to";
	if (!c->min_age_s || c->min_age_s > DFI_LONGFLOW_MAX_AGE_S)
		return "second_look_age must be 1..86400 seconds";
	if (!c->min_bytes)
		return "second_look_bytes must be at least 1";
	if (c->min_rate_kbit > DFI_LONGFLOW_MAX_RATE_KBIT)
		return "second_look_rate must be 0..10000000 kbit/s";
	if (c->min_share_pct < 50 || c->min_share_pct > 100)
		return "second_look_share must be 50..100 percent";
	return NULL;
}
DFI_EXPORT(dfi_longflow_invalid);
