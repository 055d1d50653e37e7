// SPDX-License-Identifier: GPL-2.0
/*
 * The tin view (tinview.h).
 */
#include <dfi/dscpmap.h>

#include "tinview.h"

#define BIT(c)			(1u << (c))
#define TIN_BIT(t)		(1u << (t))

/* The three error rates: flows of @classes predicted into @tins. */
static const struct {
	const char *key;	/* JSON */
	const char *name;	/* text */
	const char *of;
	unsigned int classes;	/* bits of enum label_class */
	unsigned int tins;	/* bits of enum dfi_tin */
} rate_def[TIN_RATES] = {
	[TIN_INFLATION] = {
		"priority_inflation", "priority-inflation",
		"web/other/file flows in Voice or Video",
		BIT(CLS_WEB) | BIT(CLS_OTHER) | BIT(CLS_FILE),
		TIN_BIT(DFI_TIN_VOICE) | TIN_BIT(DFI_TIN_VIDEO),
	},
	[TIN_RT_MISS] = {
		"realtime_miss", "realtime-miss",
		"voice/game/video flows in Best Effort or Bulk",
		BIT(CLS_VOICE) | BIT(CLS_GAME) | BIT(CLS_VIDEO),
		TIN_BIT(DFI_TIN_BEST_EFFORT) | TIN_BIT(DFI_TIN_BULK),
	},
	[TIN_BULK_FALSE] = {
		"bulk_false", "bulk-false",
		"web/other flows in Bulk",
		BIT(CLS_WEB) | BIT(CLS_OTHER),
		TIN_BIT(DFI_TIN_BULK),
	},
};

void tinmap_set(struct tinmap *map, int cls, u8 dscp)
{
	map->dscp[cls] = dscp;
	map->tin[cls] = dfi_cake_diffserv4_tin(dscp == DFI_DSCP_KEEP ? 0 : dscp);
}

void tinmap_init(struct tinmap *map)
{
	int c;

	for (c = 0; c < CLS_N; c++)
		tinmap_set(map, c, dfi_dscp_default(label_class_name[c]));
}

/* Flows of the classes @classes, and those of them predicted into @tins. */
static void rate(const struct metrics *mt, const struct tinmap *map,
		 unsigned int classes, unsigned int tins, struct tin_rate *r)
{
	int t, p;

	r->num = 0;
	r->den = 0;
	for (t = 0; t < CLS_N; t++) {
		if (!(classes & BIT(t)))
			continue;
		for (p = 0; p < CLS_N; p++) {
			r->den += mt->conf[t][p];
			if (tins & TIN_BIT(map->tin[p]))
				r->num += mt->conf[t][p];
		}
	}
}

void tin_score(const struct metrics *mt, const struct tinmap *map,
	       struct tin_score *s)
{
	unsigned int i;
	int t, p;

	memset(s, 0, sizeof(*s));
	for (t = 0; t < CLS_N; t++) {
		for (p = 0; p < CLS_N; p++) {
			s->conf[map->tin[t]][map->tin[p]] += mt->conf[t][p];
			s->accuracy.den += mt->conf[t][p];
			if (map->tin[t] == map->tin[p])
				s->accuracy.num += mt->conf[t][p];
		}
	}
	for (i = 0; i < TIN_RATES; i++)
		rate(mt, map, rate_def[i].classes, rate_def[i].tins,
		     &s->rate[i]);
}

const char *tin_rate_str(const struct tin_rate *r, char *buf, size_t len)
{
	if (!r->den)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.3f", (double)r->num / (double)r->den);
	return buf;
}

static void print_map(FILE *out, const struct tinmap *map)
{
	int c;

	fprintf(out, "tins (cake diffserv4) by class -> DSCP:");
	for (c = 0; c < CLS_N; c++) {
		if (map->dscp[c] == DFI_DSCP_KEEP)
			fprintf(out, " %s keep (as 0)", label_class_name[c]);
		else
			fprintf(out, " %s %u", label_class_name[c], map->dscp[c]);
		fprintf(out, " %s%s", dfi_tin_name(map->tin[c]),
			c + 1 < CLS_N ? "," : "\n");
	}
}

static void print_rate(FILE *out, const char *what, const struct tin_rate *r,
		       const char *of)
{
	char buf[16];

	fprintf(out, "%s: %s (%llu of %llu %s)\n", what,
		tin_rate_str(r, buf, sizeof(buf)), (unsigned long long)r->num,
		(unsigned long long)r->den, of);
}

void tin_print_text(FILE *out, const struct tinmap *map,
		    const struct tin_score *s)
{
	unsigned int t, p, i;

	print_map(out, map);
	fprintf(out, "tin confusion (rows: true class's tin, columns: predicted class's tin)\n%-11s",
		"");
	for (p = 0; p < DFI_TINS; p++)
		fprintf(out, " %11s", dfi_tin_name(p));
	fputc('\n', out);
	for (t = 0; t < DFI_TINS; t++) {
		fprintf(out, "%-11s", dfi_tin_name(t));
		for (p = 0; p < DFI_TINS; p++)
			fprintf(out, " %11llu", (unsigned long long)s->conf[t][p]);
		fputc('\n', out);
	}
	print_rate(out, "tin-accuracy", &s->accuracy,
		   "flows in their class's tin");
	for (i = 0; i < TIN_RATES; i++)
		print_rate(out, rate_def[i].name, &s->rate[i], rate_def[i].of);
}

/* The names of the set bits of @bits: @names[i], or tin names. */
static void json_bits(FILE *out, unsigned int bits, unsigned int n,
		      const char *const *names)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		if (bits & (1u << i))
			fprintf(out, "%s\"%s\"", k++ ? "," : "",
				names ? names[i] : dfi_tin_name(i));
}

void tin_json_map(FILE *out, const struct tinmap *map)
{
	unsigned int t, i;
	int c;

	fprintf(out, "\"tins\":[");
	for (t = 0; t < DFI_TINS; t++)
		fprintf(out, "%s\"%s\"", t ? "," : "", dfi_tin_name(t));
	fprintf(out, "],\"class_dscp\":[");
	for (c = 0; c < CLS_N; c++) {
		if (map->dscp[c] == DFI_DSCP_KEEP)
			fprintf(out, "%snull", c ? "," : "");
		else
			fprintf(out, "%s%u", c ? "," : "", map->dscp[c]);
	}
	fprintf(out, "],\"class_tin\":[");
	for (c = 0; c < CLS_N; c++)
		fprintf(out, "%s%u", c ? "," : "", map->tin[c]);
	/* cake diffserv4's table itself, for tools that check real packets */
	fprintf(out, "],\"dscp_tin\":[");
	for (i = 0; i < 64; i++)
		fprintf(out, "%s%u", i ? "," : "",
			dfi_cake_diffserv4_tin((u8)i));
	fprintf(out, "],\"tin_rates\":{");
	for (i = 0; i < TIN_RATES; i++) {
		fprintf(out, "%s\"%s\":{\"classes\":[", i ? "," : "",
			rate_def[i].key);
		json_bits(out, rate_def[i].classes, CLS_N, label_class_name);
		fprintf(out, "],\"tins\":[");
		json_bits(out, rate_def[i].tins, DFI_TINS, NULL);
		fprintf(out, "]}");
	}
	fprintf(out, "},");
}

void tin_json_score(FILE *out, const struct tin_score *s)
{
	unsigned int i;

	metrics_json_matrix(out, "tin_confusion", &s->conf[0][0], DFI_TINS);
	metrics_json_rate(out, "tin_accuracy", s->accuracy.num,
			  s->accuracy.den);
	for (i = 0; i < TIN_RATES; i++)
		metrics_json_rate(out, rate_def[i].key, s->rate[i].num,
				  s->rate[i].den);
}
