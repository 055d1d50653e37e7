// SPDX-License-Identifier: GPL-2.0
/*
 * Life of the per-netns state: created with the netns (or at module load
 * for those that exist), torn down with it (or at module unload).
 *
 * Teardown order: the hooks go first (nf_unregister_net_hooks() waits for
 * packets inside them), then /proc, then the GC, then the flow table
 * (which drops its conntrack references: dfi's pernet exit runs before
 * conntrack's, dfi having registered later), then the rest.
 */
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"

unsigned int dfi_net_id __read_mostly;

static void dfi_labels_get(struct dfi_net *dn)
{
	int base = dfi_param_label_base;

	dn->labels_base = -1;
	if (base < 0)
		return;
	if (nf_connlabels_get(dn->net, base + DFI_LABEL_BITS - 1)) {
		pr_warn_once("dfi: conntrack label bits %d-%d unavailable, using the ct mark only\n",
			     base, base + DFI_LABEL_BITS - 1);
		return;
	}
	dn->labels_base = base;
}

static void dfi_state_free(struct dfi_net *dn)
{
	struct dfi_loaded_model *lm;

	dfi_flowtab_destroy(&dn->flows);
	dfi_ctxtab_destroy(&dn->pairs);
	dfi_ctxtab_destroy(&dn->hosts);
	dfi_unknown_destroy(&dn->unknown);
	kvfree(dn->staging);
	dn->staging = NULL;
	lm = rcu_dereference_protected(dn->model, 1);
	RCU_INIT_POINTER(dn->model, NULL);
	if (lm)		/* module unload waits for it with rcu_barrier() */
		call_rcu(&lm->rcu, dfi_model_free_rcu);
	if (dn->labels_base >= 0)
		nf_connlabels_put(dn->net);
	free_percpu(dn->stats);
}

static int __net_init dfi_net_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);
	unsigned int i;
	int err;

	dn->net = net;
	mutex_init(&dn->lock);
	RCU_INIT_POINTER(dn->model, NULL);
	dn->model_gen = 0;
	dn->cfg.enabled = 1;
	dn->cfg.mark_mask = dfi_param_mark_mask;
	dn->cfg.deadline_ms = 0;
	dn->cfg.unknown_size = dfi_param_unknown_size;
	for (i = 0; i < DFI_MAX_CLASSES; i++)
		dn->dscp[i] = DFI_DSCP_KEEP;
	dn->n_rules = 0;
	dn->staging = NULL;
	dfi_unknown_init(&dn->unknown);
	INIT_DELAYED_WORK(&dn->gc, dfi_gc_work);

	dn->stats = alloc_percpu(struct dfi_stats);
	if (!dn->stats)
		return -ENOMEM;
	dfi_labels_get(dn);
	err = dfi_flowtab_init(&dn->flows, dfi_param_max_flows);
	if (err)
		goto err_state;
	err = dfi_ctxtab_init(&dn->pairs, dfi_param_max_pairs);
	if (err)
		goto err_state;
	err = dfi_ctxtab_init(&dn->hosts, dfi_param_max_hosts);
	if (err)
		goto err_state;
	err = dfi_proc_init(net);
	if (err)
		goto err_state;
	err = dfi_hooks_register(net);
	if (err)
		goto err_proc;
	queue_delayed_work(system_power_efficient_wq, &dn->gc, HZ);
	return 0;

err_proc:
	dfi_proc_exit(net);
err_state:
	dfi_state_free(dn);
	return err;
}

static void __net_exit dfi_net_exit(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dfi_hooks_unregister(net);
	dfi_proc_exit(net);
	cancel_delayed_work_sync(&dn->gc);
	dfi_state_free(dn);
}

static struct pernet_operations dfi_net_ops = {
	.init	= dfi_net_init,
	.exit	= dfi_net_exit,
	.id	= &dfi_net_id,
	.size	= sizeof(struct dfi_net),
};

int dfi_pernet_register(void)
{
	return register_pernet_subsys(&dfi_net_ops);
}

void dfi_pernet_unregister(void)
{
	unregister_pernet_subsys(&dfi_net_ops);
}
