// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/dfi/ of each network namespace.
 *
 * stats: one "name value" line per counter, names as in stats.c.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "dfi.h"

static int dfi_stats_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	enum dfi_stat i;

	for (i = 0; i < DFI_STAT_MAX; i++)
		seq_printf(seq, "%s %llu\n", dfi_stat_name(i),
			   dfi_stat_sum(dn->stats, i));
	return 0;
}

int dfi_proc_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dn->proc_dir = proc_net_mkdir(net, "dfi", net->proc_net);
	if (!dn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, dn->proc_dir,
				    dfi_stats_show, NULL)) {
		remove_proc_subtree("dfi", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void dfi_proc_exit(struct net *net)
{
	remove_proc_subtree("dfi", net->proc_net);
}
