/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash index: maps a key's hash to the ids (array indices) of the
 * caller's entries, which the caller compares.  Open addressing, linear
 * probing, grown to stay at most half full.
 */
#ifndef _DFI_HTAB_H
#define _DFI_HTAB_H

#include <dfi/port.h>

struct htab_slot {
	u32 id1;	/* entry id + 1; 0: empty */
	u32 hash;
};

struct htab {
	struct htab_slot *slot;
	u32 mask;	/* slots - 1 */
	u32 count;
};

/* Does entry @id have the key @key? */
typedef int (*htab_eq_fn)(const void *ctx, u32 id, const void *key);

int htab_init(struct htab *t);
void htab_free(struct htab *t);
/* The id of the entry with @key, or -1. */
long htab_find(const struct htab *t, u64 hash, htab_eq_fn eq,
	       const void *ctx, const void *key);
/* Add entry @id (not already present).  Returns 0, or -1 out of memory. */
int htab_insert(struct htab *t, u64 hash, u32 id);

#endif /* _DFI_HTAB_H */
