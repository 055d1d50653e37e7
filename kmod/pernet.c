// SPDX-License-Identifier: GPL-2.0
/*
 * Life of the per-netns state: created with the netns (or at module load
 * for those that exist), torn down with it (or at module unload).
 */
#include <linux/percpu.h>
#include <net/net_namespace.h>

#include "dfi.h"

unsigned int dfi_net_id __read_mostly;

static int __net_init dfi_net_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);
	int err;

	dn->stats = alloc_percpu(struct dfi_stats);
	if (!dn->stats)
		return -ENOMEM;
	err = dfi_proc_init(net);
	if (err)
		goto err_stats;
	err = dfi_hooks_register(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	dfi_proc_exit(net);
err_stats:
	free_percpu(dn->stats);
	return err;
}

/* Unregistering the hooks waits for packets still inside them. */
static void __net_exit dfi_net_exit(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dfi_hooks_unregister(net);
	dfi_proc_exit(net);
	free_percpu(dn->stats);
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
