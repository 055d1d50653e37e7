// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the per-CPU counters of stats.h.
 */
#include <kunit/visibility.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>

#include "dfi.h"
#include "longflow.h"
#include "stats.h"

static const char *const dfi_stat_names[DFI_STAT_NAMED] = {
	[DFI_STAT_PACKETS]		= "packets",
	[DFI_STAT_UNTRACKED]		= "untracked",
	[DFI_STAT_NOT_TCP_UDP]		= "not_tcp_udp",
	[DFI_STAT_TCP_UDP]		= "tcp_udp",
	[DFI_STAT_LOOPBACK]		= "loopback",
	[DFI_STAT_UNMANAGED]		= "packets_unmanaged",
	[DFI_STAT_PKT_PENDING]		= "packets_pending",
	[DFI_STAT_PKT_CLASSIFIED]	= "packets_classified",
	[DFI_STAT_DSCP_REWRITES]	= "dscp_rewrites",
	[DFI_STAT_DSCP_ERRORS]		= "dscp_errors",
	[DFI_STAT_NO_MODEL]		= "flows_no_model",
	[DFI_STAT_NO_STORE]		= "flows_no_store",
	[DFI_STAT_FLOWS_TRACKED]	= "flows_tracked",
	[DFI_STAT_TABLE_FULL]		= "flows_table_full",
	[DFI_STAT_NOMEM]		= "flows_nomem",
	[DFI_STAT_DECIDED_FULL]		= "decided_seq_len",
	[DFI_STAT_DECIDED_DEADLINE]	= "decided_deadline",
	[DFI_STAT_DECIDED_IDLE]		= "decided_idle",
	[DFI_STAT_UNKNOWN]		= "unknown",
	[DFI_STAT_MODEL_CHANGED]	= "flows_model_changed",
	[DFI_STAT_CT_GONE]		= "flows_ct_gone",
	[DFI_STAT_ORPHANS]		= "packets_orphaned",
	[DFI_STAT_PAIRS_FULL]		= "flows_no_context",
	[DFI_STAT_HOSTS_FULL]		= "flows_no_host_context",
	[DFI_STAT_NEW]			= "flows_new",
	[DFI_STAT_EVICTED]		= "flows_evicted",
	[DFI_STAT_DECIDED_EARLY]	= "decided_early",
	[DFI_STAT_DSCP_KEPT]		= "dscp_kept",
	[DFI_STAT_RELATED]		= "flows_related",
	[DFI_STAT_DECIDED_CHECKPOINT]	= "decided_checkpoint",
	[DFI_STAT_CHECKPOINT_PASSED]	= "checkpoints_passed",
	[DFI_STAT_LONGFLOW_CHECKS]	= "second_look_checks",
	[DFI_STAT_LONGFLOW_MOVED]	= "second_look_moved",
	[DFI_STAT_LONGFLOW_NO_ACCT]	= "second_look_no_acct",
	[DFI_STAT_LONGFLOW_NO_TSTAMP]	= "second_look_no_tstamp",
};

const char *dfi_stat_name(enum dfi_stat which)
{
	return dfi_stat_names[which];
}

/* 0 for a netns where dfi is not in use (no counters yet). */
u64 dfi_stat_sum(const struct dfi_stats __percpu *stats, enum dfi_stat which)
{
	u64 sum = 0;
	int cpu;

	if (!stats)
		return 0;
	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(stats, cpu)->cnt[which];
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_stat_sum);

/*
 * Every figure of /proc/net/dfi/stats and DFI_CMD_STATS_GET, in order:
 * the counters, the table and cache sizes, the model, decisions per class.
 * Model lines carry numbers only; the name is in model_name of /proc.
 */
int dfi_stats_report(struct dfi_net *dn, dfi_stat_emit_fn emit, void *arg)
{
	const struct dfi_loaded_model *lm;
	char name[sizeof("class_") + DFI_CLASS_NAME_LEN];
	enum dfi_stat i;
	unsigned int c;
	int ret = 0;

	for (i = 0; i < DFI_STAT_NAMED && !ret; i++)
		ret = emit(arg, dfi_stat_name(i), dfi_stat_sum(dn->stats, i));
	if (!ret)
		ret = emit(arg, "flows_in_progress",
			   atomic_read(&dn->flows.count));
	if (!ret)
		ret = emit(arg, "flows_max", READ_ONCE(dn->cfg.max_flows));
	if (!ret)
		ret = emit(arg, "pairs", READ_ONCE(dn->pairs.count));
	if (!ret)
		ret = emit(arg, "hosts", READ_ONCE(dn->hosts.count));
	if (!ret)
		ret = emit(arg, "unknown_records", READ_ONCE(dn->unknown.written));
	if (!ret)
		ret = dfi_longflow_report(dn, emit, arg);

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	if (!ret)
		ret = emit(arg, "model_generation", lm ? lm->gen : 0);
	if (!ret)
		ret = emit(arg, "model_seq_len", lm ? lm->m.seq_len : 0);
	if (!ret)
		ret = emit(arg, "model_deadline_ms", lm ? lm->m.deadline_ms : 0);
	for (c = 0; lm && c < lm->m.n_classes && !ret; c++) {
		snprintf(name, sizeof(name), "class_%s", lm->m.class_names[c]);
		ret = emit(arg, name,
			   dfi_stat_cls_sum(dn->stats, lm->class_id[c]));
	}
	rcu_read_unlock();
	return ret;
}
