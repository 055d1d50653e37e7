// SPDX-License-Identifier: GPL-2.0
/*
 * Life of the per-netns state (Documentation/design.md, "Lifecycle"):
 *
 * netns creation (or module load, for those that exist): only the settings
 *   are set; nothing is allocated, no hook, no conntrack, no timer, no
 *   /proc: creating a netns never fails because of dfi.
 * first use (dfi_activate(): a model loaded, or "set enabled 1"): the
 *   counters, tables and cache are allocated and charged to the caller's
 *   memory cgroup, conntrack is asked to track the netns, the labels are
 *   taken, /proc/net/dfi appears, the hooks go in, the GC starts.  Once
 *   active, a netns stays so until it goes.
 * netns exit (or module unload), as nf_tables does it: .pre_exit
 *   unregisters the hooks; the netns core then waits for an RCU grace
 *   period, after which no packet is inside a dfi hook any more (they run
 *   under rcu_read_lock()); only then .exit removes /proc, stops the GC and
 *   frees the state, dropping the conntrack references of flows in
 *   progress.  dfi registered its pernet operations after conntrack, so
 *   its .exit runs before conntrack's.
 */
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "account.h"
#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"

unsigned int dfi_net_id __read_mostly;

static void dfi_labels_get(struct dfi_net *dn)
{
	int base = dfi_param_label_base;

	dn->labels_base = -1;
#if IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS)
	if (base < 0)
		return;
	if (nf_connlabels_get(dn->net, base + DFI_LABEL_BITS - 1)) {
		pr_warn_once("dfi: conntrack label bits %d-%d unavailable, using the ct mark only\n",
			     base, base + DFI_LABEL_BITS - 1);
		return;
	}
	dn->labels_base = base;
#endif
}

static void dfi_labels_put(struct dfi_net *dn)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS)
	if (dn->labels_base >= 0)
		nf_connlabels_put(dn->net);
#endif
	dn->labels_base = -1;
}

/* Frees what dfi_activate() allocated; the hooks are gone. */
static void dfi_state_free(struct dfi_net *dn)
{
	struct dfi_loaded_model *lm;

	dfi_flowtab_destroy(&dn->flows);
	dfi_ctxtab_destroy(&dn->pairs);
	dfi_ctxtab_destroy(&dn->hosts);
	dfi_unknown_destroy(&dn->unknown);
	lm = rcu_dereference_protected(dn->model, 1);
	RCU_INIT_POINTER(dn->model, NULL);
	if (lm)		/* module unload waits for it with rcu_barrier() */
		call_rcu(&lm->rcu, dfi_model_free_rcu);
	dfi_labels_put(dn);
	free_percpu(dn->stats);
	dn->stats = NULL;
	mem_cgroup_put(dn->memcg);
	dn->memcg = NULL;
}

int dfi_activate(struct dfi_net *dn)
{
	int err;

	lockdep_assert_held(&dn->lock);
	if (dn->active)
		return 0;
	dn->memcg = get_mem_cgroup_from_mm(current->mm);
	dn->stats = alloc_percpu_gfp(struct dfi_stats, DFI_GFP_CONFIG);
	if (!dn->stats) {
		err = -ENOMEM;
		goto err_state;
	}
	dfi_labels_get(dn);
	err = dfi_flowtab_init(&dn->flows, dn->cfg.max_flows);
	if (err)
		goto err_state;
	err = dfi_ctxtab_init(&dn->pairs, dfi_param_max_pairs);
	if (err)
		goto err_state;
	err = dfi_ctxtab_init(&dn->hosts, dfi_param_max_hosts);
	if (err)
		goto err_state;
	if (dn->cfg.unknown_size) {
		err = dfi_unknown_resize(&dn->unknown, dn->cfg.unknown_size);
		if (err)
			goto err_state;
	}
	err = dfi_proc_init(dn->net);
	if (err)
		goto err_state;
	err = dfi_hooks_register(dn->net);
	if (err)
		goto err_proc;
	/* pairs with the dumps' smp_load_acquire(): tables set up first */
	smp_store_release(&dn->active, true);
	queue_delayed_work(system_power_efficient_wq, &dn->gc, HZ);
	return 0;

err_proc:
	dfi_proc_exit(dn->net);
err_state:
	dfi_state_free(dn);
	return err;
}

static int __net_init dfi_net_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);
	unsigned int i;

	dn->net = net;
	mutex_init(&dn->lock);
	dn->active = false;
	dn->labels_base = -1;
	RCU_INIT_POINTER(dn->model, NULL);
	dn->cfg.enabled = 1;
	dn->cfg.mark_mask = dfi_param_mark_mask;
	dn->cfg.deadline_ms = 0;
	dn->cfg.unknown_size = dfi_param_unknown_size;
	dn->cfg.max_flows = dfi_param_max_flows;
	dn->cfg.ct_dscp_mask = dfi_param_ct_dscp_mask;
	dn->cfg.ct_dscp_flag = dfi_param_ct_dscp_flag;
	dn->cfg.dscp_policy = dfi_param_dscp_policy;
	dfi_longflow_defaults(&dn->cfg.longflow);
	dfi_classids_init(&dn->classids);
	for (i = 0; i < DFI_MAX_CLASS_IDS; i++)
		dn->dscp[i] = DFI_DSCP_KEEP;
	dfi_unknown_init(&dn->unknown);
	INIT_DELAYED_WORK(&dn->gc, dfi_gc_work);
	return 0;
}

static void __net_exit dfi_net_pre_exit(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	if (dn->active)
		dfi_hooks_unregister(net);
}

static void __net_exit dfi_net_exit(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dfi_staging_drop(dn);
	if (!dn->active)
		return;
	dfi_proc_exit(net);
	cancel_delayed_work_sync(&dn->gc);
	dfi_flows_drop_all(dn);
	dfi_state_free(dn);
	dfi_hooks_put(net);
	dn->active = false;
}

static struct pernet_operations dfi_net_ops = {
	.init		= dfi_net_init,
	.pre_exit	= dfi_net_pre_exit,
	.exit		= dfi_net_exit,
	.id		= &dfi_net_id,
	.size		= sizeof(struct dfi_net),
};

int dfi_pernet_register(void)
{
	return register_pernet_subsys(&dfi_net_ops);
}

void dfi_pernet_unregister(void)
{
	unregister_pernet_subsys(&dfi_net_ops);
}
