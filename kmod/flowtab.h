/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flows being classified: per-netns table keyed by conntrack entry, with
 * a hard cap.  An entry lives from a flow's first packet to its decision
 * and holds a reference on its conntrack entry, so the key can not be
 * reused while the entry exists.  Classified flows are not in the table:
 * their verdict is on the conntrack entry (ctstate.h).
 *
 * Locking: a spinlock per bucket (BH-safe), held only to find, insert or
 * unlink an entry and to record a packet in it; a packet of a flow in
 * progress costs one hash of the conntrack pointer and one bucket lock.
 * Deciding a flow happens after it is unlinked, outside every lock.
 *
 * Size: the buckets are sized once, from the cap at creation (a quarter
 * as many as the cap, a power of two); the cap may later be lowered, or
 * raised up to DFI_FLOWTAB_MAX_LOAD entries per bucket on average
 * (dfi_flowtab_cap_max()), so that no chain a packet walks under its
 * bucket lock grows long.  Walks over the whole table (GC, dumps) go a
 * bucket at a time and may sleep between buckets.
 */
#ifndef _DFI_FLOWTAB_H
#define _DFI_FLOWTAB_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <net/netfilter/nf_conntrack.h>

#include <dfi/features.h>

/**
 * struct dfi_flow - a flow in progress
 * @next: bucket chain
 * @ct: its conntrack entry, referenced
 * @gen: generation of the model it began under
 * @ctx: multi-flow context when it began
 * @seq_len: packets @feat has room for
 * @feat: features so far; dfi_feat_size(@seq_len) bytes
 */
struct dfi_flow {
	struct dfi_flow *next;
	struct nf_conn *ct;
	u32 gen;
	struct dfi_flow_ctx ctx;
	u8 seq_len;
	struct dfi_flow_feat feat;
};

struct dfi_flow_bucket {
	spinlock_t lock;
	struct dfi_flow *head;
};

#define DFI_FLOWTAB_MAX_LOAD	16

struct dfi_flowtab {
	struct dfi_flow_bucket *b;
	unsigned int mask;	/* buckets - 1 */
	atomic_t count;
	unsigned int max;	/* cap; READ_ONCE, may change at run time */
};

static inline size_t dfi_flow_size(unsigned int seq_len)
{
	return offsetof(struct dfi_flow, feat) + dfi_feat_size(seq_len);
}

int dfi_flowtab_init(struct dfi_flowtab *t, unsigned int max);
/* The highest cap the table's buckets serve. */
static inline unsigned int dfi_flowtab_cap_max(const struct dfi_flowtab *t)
{
	return DFI_FLOWTAB_MAX_LOAD * (t->mask + 1);
}

static inline unsigned int dfi_flowtab_buckets(const struct dfi_flowtab *t)
{
	return t->mask + 1;
}

/* Drops every entry (and its conntrack reference); frees the table. */
void dfi_flowtab_destroy(struct dfi_flowtab *t);

/* A new entry for @ct, not yet in the table; NULL with *err on failure. */
struct dfi_flow *dfi_flow_alloc(struct dfi_flowtab *t, struct nf_conn *ct,
				unsigned int seq_len, u32 gen, int *err);
/* Free an entry that is in no table, dropping its conntrack reference. */
void dfi_flow_free(struct dfi_flowtab *t, struct dfi_flow *f);
typedef bool (*dfi_flow_fn)(struct dfi_flow *f, void *arg);

/*
 * Insert, if @claim (NULL: no condition) returns true for @f under the
 * bucket lock; -EEXIST if @f->ct already has an entry or @claim refused.
 */
int dfi_flowtab_insert(struct dfi_flowtab *t, struct dfi_flow *f,
		       dfi_flow_fn claim, void *arg);

/*
 * Call @fn(NULL, @arg) under the lock of @ct's bucket, where the flow's
 * entry would be (what dfi_flowtab_insert()'s @claim does for an entry to
 * be linked), and return what it returns: changes of a flow's state made
 * there are ordered with the one that begins it.
 */
bool dfi_flowtab_locked(struct dfi_flowtab *t, const struct nf_conn *ct,
			dfi_flow_fn fn, void *arg);

/*
 * Apply @fn to @ct's entry under its bucket lock; if @fn returns true the
 * entry is unlinked and returned (the caller decides and frees it).
 * Return: the unlinked entry, else NULL; *found tells if there was one.
 */
struct dfi_flow *dfi_flowtab_update(struct dfi_flowtab *t,
				    const struct nf_conn *ct, dfi_flow_fn fn,
				    void *arg, bool *found);

/*
 * Unlink every entry for which @fn returns true and chain them through
 * ->next into the returned list (GC, teardown).  Process context: it
 * reschedules between buckets.
 */
struct dfi_flow *dfi_flowtab_collect(struct dfi_flowtab *t, dfi_flow_fn fn,
				     void *arg);

/*
 * Listing, a bucket at a time: call @fn under the lock of bucket @bucket
 * on its entries from the @skip-th on, until @fn returns nonzero (which is
 * returned).  *@done: @skip plus the entries @fn took (returned 0 for).
 */
typedef int (*dfi_flow_show_fn)(const struct dfi_flow *f, void *arg);
int dfi_flowtab_walk_bucket(struct dfi_flowtab *t, unsigned int bucket,
			    unsigned int skip, dfi_flow_show_fn fn, void *arg,
			    unsigned int *done);

/*
 * Make room in a full table for @ct's flow: look through the buckets from
 * @ct's on (at most DFI_FLOWTAB_EVICT_SCAN) and unlink, from the first
 * that has one, the oldest entry whose conntrack entry has seen no reply
 * (a scan, a spoofed or a blackholed flow); else, the same way, the oldest
 * that began before @old_us.  The caller drops or decides it.
 * Return: the unlinked entry, or NULL.
 */
#define DFI_FLOWTAB_EVICT_SCAN	8
struct dfi_flow *dfi_flowtab_evict(struct dfi_flowtab *t,
				   const struct nf_conn *ct, u64 old_us);

#endif /* _DFI_FLOWTAB_H */
