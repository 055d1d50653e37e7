/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-internal declarations of dfi.ko: per-netns state and the entry
 * points of each file.
 */
#ifndef _DFI_H
#define _DFI_H

#include <linux/percpu.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "stats.h"

/**
 * struct dfi_net - everything dfi keeps for one network namespace
 * @stats: per-CPU counters, summed when read
 * @proc_dir: /proc/net/dfi of this netns
 */
struct dfi_net {
	struct dfi_stats __percpu *stats;
	struct proc_dir_entry *proc_dir;
};

extern unsigned int dfi_net_id;

static inline struct dfi_net *dfi_pernet(const struct net *net)
{
	return net_generic(net, dfi_net_id);
}

/* hooks.c */
int dfi_hooks_register(struct net *net);
void dfi_hooks_unregister(struct net *net);

/* proc.c */
int dfi_proc_init(struct net *net);
void dfi_proc_exit(struct net *net);

/* pernet.c */
int dfi_pernet_register(void);
void dfi_pernet_unregister(void);

#endif /* _DFI_H */
