/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client hosts for the host fan-out context: per netns, the recent flow
 * starts of each host that began flows, conntrack's original-direction
 * source (dfi/context.h), in a table of ctxtab.h.
 */
#ifndef _DFI_HOSTS_H
#define _DFI_HOSTS_H

#include <linux/netfilter.h>

#include <dfi/context.h>

#include "ctxtab.h"

/*
 * The context of a flow @client begins at @first_us to @server, both of
 * address space @space (dfi_ctx_space()) (the host_*
 * fields of @ctx); records its start.  -ENOSPC (and an empty host
 * context) when the client is new and the table is full, -ENOMEM
 * likewise.
 */
int dfi_hosts_start(struct dfi_ctxtab *t, u32 space,
		    const union nf_inet_addr *client,
		    const union nf_inet_addr *server, u64 first_us,
		    u16 server_port, u16 client_port, u8 l4,
		    struct dfi_flow_ctx *ctx);

/* The bytes of one client host's entry (a 1 KiB slab object). */
size_t dfi_host_size(void);

#endif /* _DFI_HOSTS_H */
