// SPDX-License-Identifier: GPL-2.0
/*
 * Scores per capture source (sources.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sources.h"

void source_of(const char *pcap, char *buf, size_t len)
{
	size_t n = strcspn(pcap, "-_");

	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(buf, pcap, n);
	buf[n] = 0;
}

/* The index @name has or would have in @ss. */
static unsigned int find(const struct sources *ss, const char *name)
{
	unsigned int lo = 0, hi = ss->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (strcmp(ss->s[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int grow(struct sources *ss)
{
	unsigned int cap = ss->cap ? 2 * ss->cap : 16;
	struct source *s;

	s = realloc(ss->s, cap * sizeof(*s));
	if (!s)
		return -1;
	ss->s = s;
	ss->cap = cap;
	return 0;
}

struct metrics *sources_get(struct sources *ss, const char *pcap)
{
	char name[256];
	unsigned int i;
	char *copy;

	source_of(pcap, name, sizeof(name));
	i = find(ss, name);
	if (i < ss->n && !strcmp(ss->s[i].name, name))
		return &ss->s[i].mt;
	if (ss->n == ss->cap && grow(ss))
		return NULL;
	copy = strdup(name);
	if (!copy)
		return NULL;
	memmove(&ss->s[i + 1], &ss->s[i], (ss->n - i) * sizeof(ss->s[0]));
	memset(&ss->s[i], 0, sizeof(ss->s[i]));
	ss->s[i].name = copy;
	ss->n++;
	return &ss->s[i].mt;
}

void sources_free(struct sources *ss)
{
	unsigned int i;

	for (i = 0; i < ss->n; i++)
		free(ss->s[i].name);
	free(ss->s);
	memset(ss, 0, sizeof(*ss));
}

void sources_print_text(FILE *out, const struct sources *ss,
			const struct tinmap *map)
{
	char a[16], b[16], c[16], d[16];
	struct tin_score s;
	unsigned int i;

	fprintf(out, "per source (capture file name up to its first '-' or '_')\n");
	fprintf(out, "%-24s %7s %8s %8s %8s %8s %8s\n", "source", "flows",
		"macro-F1", "tin-acc", "prio-inf", "rt-miss", "bulk-fls");
	for (i = 0; i < ss->n; i++) {
		tin_score(&ss->s[i].mt, map, &s);
		fprintf(out, "%-24s %7llu %8.3f %8s %8s %8s %8s\n",
			ss->s[i].name,
			(unsigned long long)metrics_flows(&ss->s[i].mt),
			metrics_macro_f1(&ss->s[i].mt),
			tin_rate_str(&s.accuracy, a, sizeof(a)),
			tin_rate_str(&s.rate[TIN_INFLATION], b, sizeof(b)),
			tin_rate_str(&s.rate[TIN_RT_MISS], c, sizeof(c)),
			tin_rate_str(&s.rate[TIN_BULK_FALSE], d, sizeof(d)));
	}
}

void sources_print_json(FILE *out, const struct sources *ss,
			const struct tinmap *map)
{
	struct tin_score s;
	unsigned int i;

	fprintf(out, "\"sources\":{");
	for (i = 0; i < ss->n; i++) {
		if (i)
			fputc(',', out);
		metrics_json_string(out, ss->s[i].name);
		fprintf(out, ":{");
		tin_score(&ss->s[i].mt, map, &s);
		tin_json_score(out, &s);
		metrics_json_body(out, &ss->s[i].mt);
		fputc('}', out);
	}
	fprintf(out, "},");
}
