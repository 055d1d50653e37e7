/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns, per-CPU counters.  Each is written only with this_cpu ops on
 * its own CPU and summed over CPUs when /proc or netlink reads it.  The
 * names (stats.c) are what /proc/net/dfi/stats prints; they are stable.
 */
#ifndef _DFI_STATS_H
#define _DFI_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <uapi/linux/dfi.h>

enum dfi_stat {
	DFI_STAT_PACKETS,	/* packets that reached a dfi hook */
	DFI_STAT_UNTRACKED,	/* no conntrack entry, or the untracked one */
	DFI_STAT_NOT_TCP_UDP,	/* tracked, but neither TCP nor UDP */
	DFI_STAT_TCP_UDP,	/* tracked TCP or UDP packets */
	DFI_STAT_LOOPBACK,	/* local traffic seen again on loopback */
	DFI_STAT_UNMANAGED,	/* of flows dfi does not follow (older ones) */
	DFI_STAT_PKT_PENDING,	/* of flows being classified */
	DFI_STAT_PKT_CLASSIFIED,	/* of classified flows */
	DFI_STAT_DSCP_REWRITES,	/* packets whose DSCP dfi changed */
	DFI_STAT_DSCP_ERRORS,	/* rewrites that failed (unwritable skb) */
	DFI_STAT_NO_MODEL,	/* new flows while no model was loaded */
	DFI_STAT_NO_STORE,	/* new flows without labels or mark to use */
	DFI_STAT_FLOWS_TRACKED,	/* flows that entered the table */
	DFI_STAT_TABLE_FULL,	/* new flows refused: table at its cap */
	DFI_STAT_NOMEM,		/* new flows refused: no memory */
	DFI_STAT_DECIDED_FULL,	/* decided after seq_len packets */
	DFI_STAT_DECIDED_DEADLINE,	/* decided by a packet past the deadline */
	DFI_STAT_DECIDED_IDLE,	/* decided by the GC, deadline passed idle */
	DFI_STAT_UNKNOWN,	/* decisions that were "other" */
	DFI_STAT_MODEL_CHANGED,	/* in progress when the model changed */
	DFI_STAT_CT_GONE,	/* conntrack entry died in progress */
	DFI_STAT_ORPHANS,	/* packets of flows in progress being
				 * decided or dropped, not in the table
				 */
	DFI_STAT_PAIRS_FULL,	/* new flows without multi-flow context */
	DFI_STAT_HOSTS_FULL,	/* new flows without host fan-out context */
	DFI_STAT_NEW,		/* new flows marked, to begin once confirmed */
	DFI_STAT_EVICTED,	/* unreplied flows dropped to make room */
	DFI_STAT_DECIDED_EARLY,	/* old flows decided early to make room */
	DFI_STAT_DSCP_KEPT,	/* packets whose DSCP the policy kept */
	DFI_STAT_RELATED,	/* new flows a helper expected (FTP data...) */
	DFI_STAT_DECIDED_CHECKPOINT,	/* decided early, at a checkpoint */
	DFI_STAT_CHECKPOINT_PASSED,	/* checkpoints a flow went on from */
	DFI_STAT_LONGFLOW_CHECKS,	/* second look: rule checks made */
	DFI_STAT_LONGFLOW_MOVED,	/* second look: flows moved to file */
	DFI_STAT_LONGFLOW_NO_ACCT,	/* packets it skipped: no ct acct */
	DFI_STAT_LONGFLOW_NO_TSTAMP,	/* checks it skipped: no ct tstamp */
	DFI_STAT_NAMED,		/* then decisions per class identity: */
	DFI_STAT_MAX = DFI_STAT_NAMED + DFI_MAX_CLASS_IDS,
};

struct dfi_stats {
	u64 cnt[DFI_STAT_MAX];
};

#define dfi_stat_inc(dn, which) this_cpu_inc((dn)->stats->cnt[which])
#define dfi_stat_add(dn, which, n) this_cpu_add((dn)->stats->cnt[which], n)
#define dfi_stat_cls_inc(dn, c) \
	this_cpu_inc((dn)->stats->cnt[DFI_STAT_NAMED + (c)])

u64 dfi_stat_sum(const struct dfi_stats __percpu *stats, enum dfi_stat which);
#define dfi_stat_cls_sum(stats, c) dfi_stat_sum(stats, DFI_STAT_NAMED + (c))
const char *dfi_stat_name(enum dfi_stat which);

struct dfi_net;
typedef int (*dfi_stat_emit_fn)(void *arg, const char *name, u64 value);
int dfi_stats_report(struct dfi_net *dn, dfi_stat_emit_fn emit, void *arg);

#endif /* _DFI_STATS_H */
