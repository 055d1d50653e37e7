// SPDX-License-Identifier: GPL-2.0
/* Time to verdict of the scored flows (tverdict.h). */
#include <stdlib.h>

#include "tverdict.h"

int tverdict_add(struct tverdict *t, u32 pkts, u64 us, int early)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		u32 *p = realloc(t->pkts, cap * sizeof(*p));
		u64 *u;

		if (!p)
			return -1;
		t->pkts = p;
		u = realloc(t->us, cap * sizeof(*u));
		if (!u)
			return -1;
		t->us = u;
		t->cap = cap;
	}
	t->pkts[t->n] = pkts;
	t->us[t->n] = us;
	t->n++;
	t->early += !!early;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The element at quantile @q of @n sorted ones (nearest rank). */
static size_t rank(size_t n, unsigned int pct)
{
	size_t r = (n * pct + 99) / 100;

	return r ? r - 1 : 0;
}

struct tv_fig {
	u32 p50, p90;
	double ms50, ms90;
};

static void figures(struct tverdict *t, struct tv_fig *g)
{
	qsort(t->pkts, t->n, sizeof(*t->pkts), cmp_u32);
	qsort(t->us, t->n, sizeof(*t->us), cmp_u64);
	g->p50 = t->pkts[rank(t->n, 50)];
	g->p90 = t->pkts[rank(t->n, 90)];
	g->ms50 = t->us[rank(t->n, 50)] / 1000.0;
	g->ms90 = t->us[rank(t->n, 90)] / 1000.0;
}

void tverdict_print_text(FILE *out, struct tverdict *t)
{
	struct tv_fig g;

	if (!t->n)
		return;
	figures(t, &g);
	fprintf(out, "to verdict: median %u packets, %.1f ms; 90th percentile %u packets, %.1f ms; %llu of %zu flows decided early\n",
		g.p50, g.ms50, g.p90, g.ms90, (unsigned long long)t->early,
		t->n);
}

void tverdict_print_json(FILE *out, struct tverdict *t)
{
	struct tv_fig g = { 0 };

	if (t->n)
		figures(t, &g);
	fprintf(out, "\"to_verdict\":{\"flows\":%zu,\"early\":%llu,\"median_packets\":%u,\"median_ms\":%.3f,\"p90_packets\":%u,\"p90_ms\":%.3f},",
		t->n, (unsigned long long)t->early, g.p50, g.ms50, g.p90,
		g.ms90);
}

void tverdict_free(struct tverdict *t)
{
	free(t->pkts);
	free(t->us);
}
