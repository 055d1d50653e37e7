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
/* Drops every entry (and its conntrack reference); frees the table. */
void dfi_flowtab_destroy(struct dfi_flowtab *t);

/* A new entry for @ct, not yet in the table; NULL with *err on failure. */
struct dfi_flow *dfi_flow_alloc(struct dfi_flowtab *t, struct nf_conn *ct,
				unsigned int seq_len, u32 gen, int *err);
/* Free an entry that is in no table, dropping its conntrack reference. */
void dfi_flow_free(struct dfi_flowtab *t, struct dfi_flow *f);
/* Insert; -EEXIST if @f->ct already has an entry. */
int dfi_flowtab_insert(struct dfi_flowtab *t, struct dfi_flow *f);

/*
 * Apply @fn to @ct's entry under its bucket lock; if @fn returns true the
 * entry is unlinked and returned (the caller decides and frees it).
 * Return: the unlinked entry, else NULL; *found tells if there was one.
 */
typedef bool (*dfi_flow_fn)(struct dfi_flow *f, void *arg);
struct dfi_flow *dfi_flowtab_update(struct dfi_flowtab *t,
				    const struct nf_conn *ct, dfi_flow_fn fn,
				    void *arg, bool *found);

/*
 * Unlink every entry for which @fn returns true and chain them through
 * ->next into the returned list (GC, teardown).
 */
struct dfi_flow *dfi_flowtab_collect(struct dfi_flowtab *t, dfi_flow_fn fn,
				     void *arg);

/* Call @fn on each entry under its bucket lock (listing); stops on nonzero. */
int dfi_flowtab_walk(struct dfi_flowtab *t,
		     int (*fn)(const struct dfi_flow *f, void *arg), void *arg);

#endif /* _DFI_FLOWTAB_H */
