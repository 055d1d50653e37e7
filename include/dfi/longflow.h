/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The long-flow "second look" (include/uapi/linux/dfi.h, "Second look"):
 * a flow already classified, in one of the classes the rule applies to
 * (web by default), that has kept moving bulk data long enough is moved
 * to "file".  The rule reads only what conntrack keeps for every flow
 * anyway: the accounting counters (bytes per direction) and the age from
 * the timestamp extension's start; it keeps nothing per flow.
 *
 * A flow is bulk when, at a check:
 *   age >= min_age_s seconds,
 *   its dominant direction (the one with more bytes) has carried
 *     >= min_bytes bytes,
 *   at an average rate over the whole age >= min_rate_kbit kbit/s
 *     (1 kbit = 1000 bits; 0: no rate test),
 *   and >= min_share_pct percent of the flow's bytes (both directions).
 * Bytes are conntrack's: IP packet lengths, headers included.
 *
 * Checks happen on a packet that takes its direction's byte count across
 * a multiple of DFI_LONGFLOW_EVERY (64 KiB; conntrack's count, this
 * packet included): a cheap test on every packet, the rule at most once
 * per 64 KiB of each direction (a bulk flow at 1 Mbit/s is checked about
 * twice a second, one at 1 Gbit/s once in 44 full-size packets).  A byte
 * cadence, not a packet one: on a router GRO makes a bulk flow's packets
 * up to 64 KiB each, a packet count would check it too seldom.
 *
 * Shared core: dfi.ko applies it to conntrack's counters, dfi-eval to a
 * capture's (userspace/flowtab.c), at the same packets.
 */
#ifndef _DFI_LONGFLOW_H
#define _DFI_LONGFLOW_H

#include <dfi/port.h>
#include <uapi/linux/dfi.h>

#define DFI_LONGFLOW_EVERY_SHIFT	16
#define DFI_LONGFLOW_EVERY	(1U << DFI_LONGFLOW_EVERY_SHIFT)
#define DFI_LONGFLOW_NO_CHANGE	(-1)

struct dfi_longflow_cfg {
	u32 enabled;		/* 0: the rule never moves a flow */
	u32 classes;		/* bit per class identity it applies to */
	u32 min_age_s;
	u32 min_bytes;
	u32 min_rate_kbit;
	u32 min_share_pct;
};

/* Off, and the defaults of the uapi header when turned on. */
void dfi_longflow_defaults(struct dfi_longflow_cfg *c);

/*
 * Whether a packet of @len bytes that made its direction's byte count
 * @dir_bytes is a check (a count below @len, another CPU's update read
 * half-way, is one too).
 */
static inline int dfi_longflow_due(u64 dir_bytes, u32 len)
{
	if (dir_bytes < len)
		return 1;
	return (dir_bytes >> DFI_LONGFLOW_EVERY_SHIFT) !=
	       ((dir_bytes - len) >> DFI_LONGFLOW_EVERY_SHIFT);
}

/* Whether the counters of a flow @age_us old make it bulk (above). */
int dfi_longflow_bulk(const struct dfi_longflow_cfg *c, u64 bytes_orig,
		      u64 bytes_reply, u64 age_us);

/*
 * The class identity a flow classified as @cls moves to (DFI_CLASS_ID_FILE)
 * when the rule is enabled, applies to @cls and the flow is bulk; else
 * DFI_LONGFLOW_NO_CHANGE.
 */
int dfi_longflow_check(const struct dfi_longflow_cfg *c, u8 cls,
		       u64 bytes_orig, u64 bytes_reply, u64 age_us);

/* NULL if @c is a configuration the rule accepts, else why not. */
const char *dfi_longflow_invalid(const struct dfi_longflow_cfg *c);

#endif /* _DFI_LONGFLOW_H */
