// SPDX-License-Identifier: GPL-2.0
/*
 * The unknown-flow ring (unknown.h).  Writers are rare (one per unknown
 * flow), so one BH-safe lock guards it.
 */
#include <kunit/visibility.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "account.h"
#include "unknown.h"

static u32 dfi_unknown_slot(const struct dfi_unknown *u, u64 seq)
{
	u32 rem;

	div_u64_rem(seq, u->size, &rem);
	return rem;
}

void dfi_unknown_init(struct dfi_unknown *u)
{
	spin_lock_init(&u->lock);
	u->ring = NULL;
	u->size = 0;
	u->written = 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_unknown_init);

int dfi_unknown_resize(struct dfi_unknown *u, u32 size)
{
	struct dfi_unknown_rec *ring = NULL, *old;

	if (size) {
		ring = kvcalloc(size, sizeof(*ring), DFI_GFP_CONFIG);
		if (!ring)
			return -ENOMEM;
	}
	spin_lock_bh(&u->lock);
	old = u->ring;
	u->ring = ring;
	u->size = size;
	u->written = 0;
	spin_unlock_bh(&u->lock);
	kvfree(old);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_unknown_resize);

void dfi_unknown_destroy(struct dfi_unknown *u)
{
	kvfree(u->ring);
	u->ring = NULL;
	u->size = 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_unknown_destroy);

void dfi_unknown_add(struct dfi_unknown *u, const struct dfi_unknown_rec *r)
{
	struct dfi_unknown_rec *slot;

	spin_lock_bh(&u->lock);
	if (u->ring) {
		slot = &u->ring[dfi_unknown_slot(u, u->written)];
		*slot = *r;
		slot->seq = ++u->written;
	}
	spin_unlock_bh(&u->lock);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_unknown_add);

u32 dfi_unknown_read(struct dfi_unknown *u, u64 after,
		     struct dfi_unknown_rec *out, u32 n)
{
	u64 first, s;
	u32 done = 0;

	spin_lock_bh(&u->lock);
	if (u->ring) {
		first = u->written > u->size ? u->written - u->size : 0;
		for (s = max(first, after); s < u->written && done < n; s++)
			out[done++] = u->ring[dfi_unknown_slot(u, s)];
	}
	spin_unlock_bh(&u->lock);
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_unknown_read);
