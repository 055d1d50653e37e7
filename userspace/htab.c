// SPDX-License-Identifier: GPL-2.0
/*
 * A hash index of u32 ids (see htab.h).
 */
#include <stdlib.h>

#include "htab.h"

#define HTAB_MIN_SLOTS		1024

int htab_init(struct htab *t)
{
	t->slot = calloc(HTAB_MIN_SLOTS, sizeof(*t->slot));
	if (!t->slot)
		return -1;
	t->mask = HTAB_MIN_SLOTS - 1;
	t->count = 0;
	return 0;
}

void htab_free(struct htab *t)
{
	free(t->slot);
	t->slot = NULL;
}

static void htab_place(struct htab_slot *slot, u32 mask, struct htab_slot s)
{
	u32 i = s.hash & mask;

	while (slot[i].id1)
		i = (i + 1) & mask;
	slot[i] = s;
}

static int htab_grow(struct htab *t)
{
	u32 n = (t->mask + 1) * 2, i;
	struct htab_slot *slot;

	if (n == 0)
		return -1;
	slot = calloc(n, sizeof(*slot));
	if (!slot)
		return -1;
	for (i = 0; i <= t->mask; i++)
		if (t->slot[i].id1)
			htab_place(slot, n - 1, t->slot[i]);
	free(t->slot);
	t->slot = slot;
	t->mask = n - 1;
	return 0;
}

long htab_find(const struct htab *t, u64 hash, htab_eq_fn eq,
	       const void *ctx, const void *key)
{
	u32 h = (u32)(hash ^ hash >> 32), i = h & t->mask;

	for (; t->slot[i].id1; i = (i + 1) & t->mask) {
		if (t->slot[i].hash == h && eq(ctx, t->slot[i].id1 - 1, key))
			return (long)t->slot[i].id1 - 1;
	}
	return -1;
}

int htab_insert(struct htab *t, u64 hash, u32 id)
{
	struct htab_slot s = { id + 1, (u32)(hash ^ hash >> 32) };

	if ((t->count + 1) * 2 > t->mask + 1 && htab_grow(t))
		return -1;
	htab_place(t->slot, t->mask, s);
	t->count++;
	return 0;
}
