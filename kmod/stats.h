/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns, per-CPU counters.  Each is written only with this_cpu ops on
 * its own CPU and summed over CPUs when /proc or netlink reads it.
 */
#ifndef _DFI_STATS_H
#define _DFI_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

enum dfi_stat {
	DFI_STAT_PACKETS,	/* packets that reached a dfi hook */
	DFI_STAT_UNTRACKED,	/* no conntrack entry, or the untracked one */
	DFI_STAT_NOT_TCP_UDP,	/* tracked, but neither TCP nor UDP */
	DFI_STAT_TCP_UDP,	/* tracked TCP or UDP packets */
	DFI_STAT_MAX,
};

struct dfi_stats {
	u64 cnt[DFI_STAT_MAX];
};

#define dfi_stat_inc(dn, which) this_cpu_inc((dn)->stats->cnt[which])

u64 dfi_stat_sum(const struct dfi_stats __percpu *stats, enum dfi_stat which);
const char *dfi_stat_name(enum dfi_stat which);

#endif /* _DFI_STATS_H */
