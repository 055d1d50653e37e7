// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the per-CPU counters of stats.h.
 */
#include <linux/cpumask.h>

#include "stats.h"

static const char *const dfi_stat_names[DFI_STAT_MAX] = {
	[DFI_STAT_PACKETS]	= "packets",
	[DFI_STAT_UNTRACKED]	= "untracked",
	[DFI_STAT_NOT_TCP_UDP]	= "not_tcp_udp",
	[DFI_STAT_TCP_UDP]	= "tcp_udp",
};

const char *dfi_stat_name(enum dfi_stat which)
{
	return dfi_stat_names[which];
}

u64 dfi_stat_sum(const struct dfi_stats __percpu *stats, enum dfi_stat which)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(stats, cpu)->cnt[which];
	return sum;
}
