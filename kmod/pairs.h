/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host pairs for the multi-flow context: per netns, the recent flow
 * starts between each two hosts (dfi/context.h), capped in number and
 * dropped once their newest start is older than DFI_CTX_WINDOW_US.
 */
#ifndef _DFI_PAIRS_H
#define _DFI_PAIRS_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/netfilter.h>

#include <dfi/context.h>

struct dfi_pairs {
	spinlock_t lock;
	struct hlist_head *h;
	unsigned int mask;
	unsigned int count;
	unsigned int max;
	u32 seed;
};

int dfi_pairs_init(struct dfi_pairs *p, unsigned int max);
void dfi_pairs_destroy(struct dfi_pairs *p);

/*
 * The context of a flow between @x and @y (either order) beginning at
 * @first_us; records its start.  -ENOSPC (and an empty context) when the
 * pair is new and the table is full, -ENOMEM likewise.
 */
int dfi_pairs_start(struct dfi_pairs *p, u8 family,
		    const union nf_inet_addr *x, const union nf_inet_addr *y,
		    u64 first_us, u16 server_port, u8 l4,
		    struct dfi_flow_ctx *ctx);

/* Drop the pairs with no start in the window before @now_us. */
void dfi_pairs_gc(struct dfi_pairs *p, u64 now_us);

#endif /* _DFI_PAIRS_H */
