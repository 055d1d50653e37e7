/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The long-flow second look in the datapath (include/dfi/longflow.h for
 * the rule, include/uapi/linux/dfi.h "Second look" for the API).
 */
#ifndef _DFI_LONGFLOW_KMOD_H
#define _DFI_LONGFLOW_KMOD_H

#include <net/netfilter/nf_conntrack.h>

#include "stats.h"

struct dfi_net;

/*
 * A packet of @len bytes (skb->len, what conntrack accounted for it) of a
 * flow classified (state @st, a class): the flow's state after the
 * second look, @st or the class it moved to (written to @ct).
 */
u8 dfi_longflow_look(struct dfi_net *dn, struct nf_conn *ct,
		     enum ip_conntrack_info ctinfo, u32 len, u8 st);

/* The lines of /proc/net/dfi/stats about the conntrack sysctls it needs. */
int dfi_longflow_report(struct dfi_net *dn, dfi_stat_emit_fn emit, void *arg);

#endif /* _DFI_LONGFLOW_KMOD_H */
