/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host pairs for the multi-flow context: per netns, the recent flow
 * starts between each two hosts (dfi/context.h), in a table of ctxtab.h.
 */
#ifndef _DFI_PAIRS_H
#define _DFI_PAIRS_H

#include <linux/netfilter.h>

#include <dfi/context.h>

#include "ctxtab.h"

/*
 * The context of a flow between @x and @y (either order) of address
 * space @space (dfi_ctx_space()) beginning at @first_us (the pair_* fields of @ctx); records its start.  -ENOSPC (and
 * an empty pair context) when the pair is new and the table is full,
 * -ENOMEM likewise.
 */
int dfi_pairs_start(struct dfi_ctxtab *p, u32 space,
		    const union nf_inet_addr *x, const union nf_inet_addr *y,
		    u64 first_us, u16 server_port, u8 l4,
		    struct dfi_flow_ctx *ctx);

/* Bytes of a pair entry (cost.c). */
size_t dfi_pair_size(void);

#endif /* _DFI_PAIRS_H */
