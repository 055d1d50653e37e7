// SPDX-License-Identifier: GPL-2.0
/*
 * The table of flows being classified (flowtab.h).
 */
#include <kunit/visibility.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "account.h"
#include "flowtab.h"

#define DFI_FLOWTAB_MIN_BUCKETS	256
#define DFI_FLOWTAB_MAX_BUCKETS	(1U << 20)

int dfi_flowtab_init(struct dfi_flowtab *t, unsigned int max)
{
	unsigned int n, i;

	n = clamp_t(unsigned int, max / 4, DFI_FLOWTAB_MIN_BUCKETS,
		    DFI_FLOWTAB_MAX_BUCKETS);
	n = roundup_pow_of_two(n);
	t->b = kvcalloc(n, sizeof(*t->b), DFI_GFP_CONFIG);
	if (!t->b)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		spin_lock_init(&t->b[i].lock);
	t->mask = n - 1;
	atomic_set(&t->count, 0);
	t->max = max;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_init);

static bool dfi_flow_all(struct dfi_flow *f, void *arg)
{
	return true;
}

void dfi_flowtab_destroy(struct dfi_flowtab *t)
{
	struct dfi_flow *f, *next;

	if (!t->b)
		return;
	for (f = dfi_flowtab_collect(t, dfi_flow_all, NULL); f; f = next) {
		next = f->next;
		dfi_flow_free(t, f);
	}
	WARN_ON_ONCE(atomic_read(&t->count));
	kvfree(t->b);
	t->b = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_destroy);

static struct dfi_flow_bucket *dfi_bucket(struct dfi_flowtab *t,
					  const struct nf_conn *ct)
{
	return &t->b[hash_ptr(ct, 32) & t->mask];
}

/* The cap is taken here, so that the table never holds more. */
struct dfi_flow *dfi_flow_alloc(struct dfi_flowtab *t, struct nf_conn *ct,
				unsigned int seq_len, u32 gen, int *err)
{
	struct dfi_flow *f;

	if (atomic_inc_return(&t->count) > READ_ONCE(t->max)) {
		atomic_dec(&t->count);
		*err = -ENOSPC;
		return NULL;
	}
	f = kmalloc(dfi_flow_size(seq_len), DFI_GFP_DATAPATH);
	if (!f) {
		atomic_dec(&t->count);
		*err = -ENOMEM;
		return NULL;
	}
	nf_conntrack_get(&ct->ct_general);
	f->next = NULL;
	f->ct = ct;
	f->gen = gen;
	memset(&f->ctx, 0, sizeof(f->ctx));
	f->seq_len = seq_len;
	return f;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flow_alloc);

void dfi_flow_free(struct dfi_flowtab *t, struct dfi_flow *f)
{
	nf_ct_put(f->ct);
	kfree(f);
	atomic_dec(&t->count);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flow_free);

int dfi_flowtab_insert(struct dfi_flowtab *t, struct dfi_flow *f,
		       dfi_flow_fn claim, void *arg)
{
	struct dfi_flow_bucket *b = dfi_bucket(t, f->ct);
	struct dfi_flow *e;

	spin_lock_bh(&b->lock);
	for (e = b->head; e; e = e->next) {
		if (e->ct == f->ct) {
			spin_unlock_bh(&b->lock);
			return -EEXIST;
		}
	}
	if (claim && !claim(f, arg)) {
		spin_unlock_bh(&b->lock);
		return -EEXIST;
	}
	f->next = b->head;
	b->head = f;
	spin_unlock_bh(&b->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_insert);

bool dfi_flowtab_locked(struct dfi_flowtab *t, const struct nf_conn *ct,
			dfi_flow_fn fn, void *arg)
{
	struct dfi_flow_bucket *b = dfi_bucket(t, ct);
	bool ret;

	spin_lock_bh(&b->lock);
	ret = fn(NULL, arg);
	spin_unlock_bh(&b->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_locked);

struct dfi_flow *dfi_flowtab_update(struct dfi_flowtab *t,
				    const struct nf_conn *ct, dfi_flow_fn fn,
				    void *arg, bool *found)
{
	struct dfi_flow_bucket *b = dfi_bucket(t, ct);
	struct dfi_flow **pp, *f;

	*found = false;
	spin_lock_bh(&b->lock);
	for (pp = &b->head; (f = *pp); pp = &f->next) {
		if (f->ct != ct)
			continue;
		*found = true;
		if (fn(f, arg)) {
			*pp = f->next;
			f->next = NULL;
			spin_unlock_bh(&b->lock);
			return f;
		}
		break;
	}
	spin_unlock_bh(&b->lock);
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_update);

struct dfi_flow *dfi_flowtab_collect(struct dfi_flowtab *t, dfi_flow_fn fn,
				     void *arg)
{
	struct dfi_flow *out = NULL, **pp, *f;
	unsigned int i;

	might_sleep();
	for (i = 0; i <= t->mask; i++) {
		struct dfi_flow_bucket *b = &t->b[i];

		if (!(i % 64))
			cond_resched();
		if (!READ_ONCE(b->head))
			continue;
		spin_lock_bh(&b->lock);
		pp = &b->head;
		while ((f = *pp)) {
			if (fn(f, arg)) {
				*pp = f->next;
				f->next = out;
				out = f;
			} else {
				pp = &f->next;
			}
		}
		spin_unlock_bh(&b->lock);
	}
	return out;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_collect);

int dfi_flowtab_walk_bucket(struct dfi_flowtab *t, unsigned int bucket,
			    unsigned int skip, dfi_flow_show_fn fn, void *arg,
			    unsigned int *done)
{
	struct dfi_flow_bucket *b = &t->b[bucket & t->mask];
	const struct dfi_flow *f;
	unsigned int i = 0;
	int ret = 0;

	*done = skip;
	if (!READ_ONCE(b->head))
		return 0;
	spin_lock_bh(&b->lock);
	for (f = b->head; f && !ret; f = f->next, i++) {
		if (i < skip)
			continue;
		ret = fn(f, arg);
		if (!ret)
			*done = i + 1;
	}
	spin_unlock_bh(&b->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_walk_bucket);

/*
 * Under the bucket's lock: the link to its oldest entry that has seen no
 * reply (@unreplied), else that began before @old_us; NULL if none.
 */
static struct dfi_flow **dfi_bucket_oldest(struct dfi_flow_bucket *b,
					   bool unreplied, u64 old_us)
{
	struct dfi_flow **pp, **best = NULL;
	struct dfi_flow *f;

	for (pp = &b->head; (f = *pp); pp = &f->next) {
		if (unreplied ? test_bit(IPS_SEEN_REPLY_BIT, &f->ct->status) :
				f->feat.first_us >= old_us)
			continue;
		if (!best || f->feat.first_us < (*best)->feat.first_us)
			best = pp;
	}
	return best;
}

struct dfi_flow *dfi_flowtab_evict(struct dfi_flowtab *t,
				   const struct nf_conn *ct, u64 old_us)
{
	u32 h = hash_ptr(ct, 32);
	unsigned int pass, i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < DFI_FLOWTAB_EVICT_SCAN; i++) {
			struct dfi_flow_bucket *b = &t->b[(h + i) & t->mask];
			struct dfi_flow **pp, *f;

			if (!READ_ONCE(b->head))
				continue;
			spin_lock_bh(&b->lock);
			pp = dfi_bucket_oldest(b, pass == 0, old_us);
			if (pp) {
				f = *pp;
				*pp = f->next;
				f->next = NULL;
				spin_unlock_bh(&b->lock);
				return f;
			}
			spin_unlock_bh(&b->lock);
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_flowtab_evict);
