// SPDX-License-Identifier: GPL-2.0
/*
 * Host pairs of the multi-flow context (pairs.h).  One lock per netns:
 * it is taken once per new flow and by the GC, never per packet.
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "pairs.h"

struct dfi_pair {
	struct hlist_node node;
	u8 family;
	union nf_inet_addr a;	/* the smaller address */
	union nf_inet_addr b;
	struct dfi_pair_hist hist;
};

int dfi_pairs_init(struct dfi_pairs *p, unsigned int max)
{
	unsigned int n = roundup_pow_of_two(clamp_t(unsigned int, max / 2,
						    64, 65536));
	unsigned int i;

	p->h = kvmalloc_array(n, sizeof(*p->h), GFP_KERNEL);
	if (!p->h)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		INIT_HLIST_HEAD(&p->h[i]);
	spin_lock_init(&p->lock);
	p->mask = n - 1;
	p->count = 0;
	p->max = max;
	p->seed = get_random_u32();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_pairs_init);

static void dfi_pairs_drop(struct dfi_pairs *p, bool all, u64 now_us)
{
	struct hlist_node *tmp;
	struct dfi_pair *e;
	unsigned int i;

	spin_lock_bh(&p->lock);
	for (i = 0; i <= p->mask; i++) {
		hlist_for_each_entry_safe(e, tmp, &p->h[i], node) {
			u64 newest = dfi_pair_newest_us(&e->hist);

			if (!all && newest <= now_us &&
			    now_us - newest <= DFI_CTX_WINDOW_US)
				continue;
			hlist_del(&e->node);
			kfree(e);
			p->count--;
		}
	}
	spin_unlock_bh(&p->lock);
}

void dfi_pairs_destroy(struct dfi_pairs *p)
{
	if (!p->h)
		return;
	dfi_pairs_drop(p, true, 0);
	kvfree(p->h);
	p->h = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_pairs_destroy);

void dfi_pairs_gc(struct dfi_pairs *p, u64 now_us)
{
	dfi_pairs_drop(p, false, now_us);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_pairs_gc);

int dfi_pairs_start(struct dfi_pairs *p, u8 family,
		    const union nf_inet_addr *x, const union nf_inet_addr *y,
		    u64 first_us, u16 server_port, u8 l4,
		    struct dfi_flow_ctx *ctx)
{
	const union nf_inet_addr *a = x, *b = y;
	struct hlist_head *head;
	struct dfi_pair *e;
	u32 h;

	memset(ctx, 0, sizeof(*ctx));
	if (memcmp(x, y, sizeof(*x)) > 0)
		swap(a, b);
	h = jhash2(a->all, ARRAY_SIZE(a->all),
		   jhash2(b->all, ARRAY_SIZE(b->all), p->seed ^ family));
	head = &p->h[h & p->mask];

	spin_lock_bh(&p->lock);
	hlist_for_each_entry(e, head, node) {
		if (e->family == family && !memcmp(&e->a, a, sizeof(*a)) &&
		    !memcmp(&e->b, b, sizeof(*b)))
			goto found;
	}
	if (p->count >= READ_ONCE(p->max)) {
		spin_unlock_bh(&p->lock);
		return -ENOSPC;
	}
	e = kzalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e) {
		spin_unlock_bh(&p->lock);
		return -ENOMEM;
	}
	e->family = family;
	e->a = *a;
	e->b = *b;
	hlist_add_head(&e->node, head);
	p->count++;
found:
	dfi_ctx_start(&e->hist, first_us, server_port, l4, ctx);
	spin_unlock_bh(&p->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_pairs_start);
