/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A table of multi-flow context histories (dfi/context.h): per netns, one
 * for host pairs (pairs.h) and one for client hosts (hosts.h).  Each is a
 * hash of entries under one BH-safe lock, taken once per new flow and by
 * the GC, never per packet; hashed with a per-netns random seed, capped
 * in number (-ENOSPC when full), and an entry is dropped by the GC once
 * its newest start is older than DFI_CTX_WINDOW_US (it could count for
 * no new flow).  The tables' own files define the entries (embedding
 * struct dfi_ctx_node first), their keys and what a flow start does.
 */
#ifndef _DFI_CTXTAB_H
#define _DFI_CTXTAB_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/*
 * Addresses are keyed within a space: the address family and the conntrack
 * zone of the flow (two zones may reuse the same addresses, as VRFs or
 * containers sharing a router do).
 */
static inline u32 dfi_ctx_space(u8 family, u16 zone)
{
	return family | (u32)zone << 8;
}

struct dfi_ctx_node {
	struct hlist_node node;
	u64 last_us;		/* the start recorded last */
};

struct dfi_ctxtab {
	spinlock_t lock;
	struct hlist_head *h;
	unsigned int mask;	/* buckets - 1 */
	unsigned int count;	/* entries; READ_ONCE outside the lock */
	unsigned int max;	/* cap */
	u32 seed;
};

int dfi_ctxtab_init(struct dfi_ctxtab *t, unsigned int max);
/* Frees every entry and the table. */
void dfi_ctxtab_destroy(struct dfi_ctxtab *t);
/* Drop the entries with no start in the window before @now_us. */
void dfi_ctxtab_gc(struct dfi_ctxtab *t, u64 now_us);

typedef bool (*dfi_ctx_match_fn)(const struct dfi_ctx_node *n,
				 const void *key);
/* A flow start on entry @n; @fresh: @n was just added (zeroed). */
typedef void (*dfi_ctx_start_fn)(struct dfi_ctx_node *n, bool fresh,
				 void *arg);

/*
 * Under the table's lock: find the entry @match()es with @key in the
 * bucket of @hash, or add one of @size bytes, then call @start on it and
 * record @first_us as its latest start.  -ENOSPC when there is none and
 * the table is full, -ENOMEM likewise: @start is not called.
 */
int dfi_ctxtab_start(struct dfi_ctxtab *t, u32 hash, size_t size,
		     dfi_ctx_match_fn match, const void *key,
		     dfi_ctx_start_fn start, void *arg, u64 first_us);

#endif /* _DFI_CTXTAB_H */
