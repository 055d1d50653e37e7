// SPDX-License-Identifier: GPL-2.0
/*
 * Tables of multi-flow context histories (ctxtab.h).
 */
#include <kunit/visibility.h>
#include <linux/log2.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <dfi/features.h>

#include "account.h"
#include "ctxtab.h"

/* Buckets the GC walks under one hold of the lock. */
#define DFI_CTXTAB_GC_BATCH	64

int dfi_ctxtab_init(struct dfi_ctxtab *t, unsigned int max)
{
	unsigned int n = roundup_pow_of_two(clamp_t(unsigned int, max / 2,
						    64, 65536));
	unsigned int i;

	t->h = kvmalloc_array(n, sizeof(*t->h), DFI_GFP_CONFIG);
	if (!t->h)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		INIT_HLIST_HEAD(&t->h[i]);
	spin_lock_init(&t->lock);
	t->mask = n - 1;
	t->count = 0;
	t->max = max;
	t->seed = get_random_u32();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ctxtab_init);

/* Process context: the lock is dropped, and the CPU offered, per batch. */
static void dfi_ctxtab_drop(struct dfi_ctxtab *t, bool all, u64 now_us)
{
	struct dfi_ctx_node *e;
	struct hlist_node *tmp;
	unsigned int i;

	might_sleep();
	for (i = 0; i <= t->mask; i++) {
		if (!(i % DFI_CTXTAB_GC_BATCH)) {
			if (i)
				spin_unlock_bh(&t->lock);
			cond_resched();
			spin_lock_bh(&t->lock);
		}
		hlist_for_each_entry_safe(e, tmp, &t->h[i], node) {
			if (!all && e->last_us <= now_us &&
			    now_us - e->last_us <= DFI_CTX_WINDOW_US)
				continue;
			hlist_del(&e->node);
			kfree(e);
			t->count--;
		}
	}
	spin_unlock_bh(&t->lock);
}

void dfi_ctxtab_destroy(struct dfi_ctxtab *t)
{
	if (!t->h)
		return;
	dfi_ctxtab_drop(t, true, 0);
	kvfree(t->h);
	t->h = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ctxtab_destroy);

void dfi_ctxtab_gc(struct dfi_ctxtab *t, u64 now_us)
{
	dfi_ctxtab_drop(t, false, now_us);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ctxtab_gc);

int dfi_ctxtab_start(struct dfi_ctxtab *t, u32 hash, size_t size,
		     dfi_ctx_match_fn match, const void *key,
		     dfi_ctx_start_fn start, void *arg, u64 first_us)
{
	struct hlist_head *head = &t->h[hash & t->mask];
	struct dfi_ctx_node *e;
	bool fresh = false;

	spin_lock_bh(&t->lock);
	hlist_for_each_entry(e, head, node) {
		if (match(e, key))
			goto found;
	}
	if (t->count >= READ_ONCE(t->max)) {
		spin_unlock_bh(&t->lock);
		return -ENOSPC;
	}
	e = kzalloc(size, DFI_GFP_DATAPATH);
	if (!e) {
		spin_unlock_bh(&t->lock);
		return -ENOMEM;
	}
	hlist_add_head(&e->node, head);
	t->count++;
	fresh = true;
found:
	start(e, fresh, arg);
	e->last_us = first_us;
	spin_unlock_bh(&t->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ctxtab_start);
