// SPDX-License-Identifier: GPL-2.0
/*
 * Data sets and the walk of their labelled captures (dataset.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

#define DETAILS_MAX		10	/* missing/mismatched flows printed */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

int dataset_arg(struct dataset_args *a, const char *opt, const char *val,
		char *err, size_t errlen)
{
	const char **list;
	unsigned int *n;

	if (!strcmp(opt, "--captures")) {
		list = a->captures;
		n = &a->ncaptures;
	} else if (!strcmp(opt, "--labels")) {
		list = a->labels;
		n = &a->nlabels;
	} else {
		return 0;
	}
	if (*n >= DATASETS_MAX) {
		snprintf(err, errlen, "at most %d %s options", DATASETS_MAX, opt);
		return -1;
	}
	list[(*n)++] = val;
	return 1;
}

int datasets_load(const struct dataset_args *a, struct dataset **ds,
		  unsigned int *n, char *err, size_t errlen)
{
	unsigned int i;

	*ds = NULL;
	*n = 0;
	if (a->ncaptures == 0 || a->ncaptures != a->nlabels) {
		snprintf(err, errlen, "need as many --captures as --labels (at least one)");
		return -1;
	}
	*ds = calloc(a->ncaptures, sizeof(**ds));
	if (!*ds) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < a->ncaptures; i++) {
		struct dataset *d = &(*ds)[i];

		d->captures = a->captures[i];
		d->labels_path = a->labels[i];
		if (labels_load(&d->labels, d->labels_path, err, errlen)) {
			datasets_free(*ds, i);
			*ds = NULL;
			return -1;
		}
	}
	*n = a->ncaptures;
	return 0;
}

void datasets_free(struct dataset *ds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		labels_free(&ds[i].labels);
	free(ds);
}

static void stats_add_cap(struct cap_stats *sum, const struct cap_stats *s)
{
	int i;

	sum->frames += s->frames;
	sum->backwards += s->backwards;
	sum->truncated += s->truncated;
	for (i = 0; i < CAP_NRESULTS; i++)
		sum->result[i] += s->result[i];
}

/* Replay capture @path through @t. */
static int replay(const char *path, const struct walk_cfg *cfg,
		  struct flowtab *t, struct cap_stats *sum, char *err,
		  size_t errlen)
{
	struct capture *c;
	struct cap_pkt p;
	int rc;

	c = cap_open(path, err, errlen);
	if (!c)
		return -1;
	while ((rc = cap_next(c, &p, err, errlen)) > 0) {
		if (flowtab_add(t, &p)) {
			snprintf(err, errlen, "%s: out of memory", path);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && cap_stats(c)->truncated)
		fprintf(stderr, "%s: warning: %s (the packets before it are used)\n",
			cfg->prog, err);
	if (rc == 0)
		flowtab_finish(t);
	stats_add_cap(sum, cap_stats(c));
	cap_close(c);
	return rc;
}

static void print_flow(FILE *out, const char *prog, const char *what,
		       const struct label *lb, const struct flow *f)
{
	char c[ADDR_STRLEN], s[ADDR_STRLEN];

	fprintf(out, "%s: %s: %s %s %s %u %s %u (line %u, %u packets",
		prog, what, lb->pcap,
		lb->key.l4 == DFI_IPPROTO_TCP ? "tcp" : "udp",
		addr_str(lb->key.family, lb->client.addr, c), lb->client.port,
		addr_str(lb->key.family, lb->server.addr, s), lb->server.port,
		lb->line, lb->packets);
	if (f)
		fprintf(out, ", %u in the capture", f->packets);
	fprintf(out, ")\n");
}

/* Account labelled flow @lb, found as @f or not; 1 if it is to be used. */
static int check_flow(const struct walk_cfg *cfg, const struct label *lb,
		      const struct flow *f, struct walk_stats *st)
{
	struct endpoint client;

	if ((f ? f->packets : lb->packets) < cfg->min_packets) {
		st->below_min++;
		return 0;
	}
	st->labelled++;
	if (!f) {
		if (st->missing++ < DETAILS_MAX)
			print_flow(stderr, cfg->prog, "missing", lb, NULL);
		return 0;
	}
	st->found++;
	st->decided_by[f->decided_by]++;
	if (f->packets != lb->packets && st->mismatch++ < DETAILS_MAX)
		print_flow(stderr, cfg->prog, "packet count differs", lb, f);
	flow_client(f, &client);
	if (endpoint_cmp(&client, &lb->client))
		st->swapped++;
	if (f->has_frag)
		st->fragmented++;
	if (f->backwards)
		st->backwards++;
	return 1;
}

/* Rows [@i, @j) of @ds: the labelled flows of one capture. */
static int walk_capture(const struct dataset *ds, size_t i, size_t j,
			const struct walk_cfg *cfg, walk_flow_fn fn, void *arg,
			struct walk_stats *st, char *err, size_t errlen)
{
	const struct label *row = ds->labels.row;
	char path[PATH_MAX];
	struct flowtab *t;
	int rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ds->captures,
			     row[i].pcap) >= sizeof(path)) {
		snprintf(err, errlen, "%s/%s: path too long", ds->captures, row[i].pcap);
		return -1;
	}
	t = flowtab_new(cfg->seq_len, cfg->deadline_us, NULL, NULL);
	if (!t) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (cfg->early)
		flowtab_set_early(t, cfg->early, cfg->early_arg);
	flowtab_second_look(t, cfg->second_look);
	rc = replay(path, cfg, t, &st->cap, err, errlen);
	for (; rc == 0 && i < j; i++) {
		const struct flow *f = flowtab_find(t, &row[i].key);

		if (check_flow(cfg, &row[i], f, st))
			fn(arg, &row[i], f);
	}
	st->captures++;
	flowtab_free(t);
	return rc;
}

int dataset_walk(const struct dataset *ds, const struct walk_cfg *cfg,
		 walk_flow_fn fn, void *arg, struct walk_stats *st,
		 char *err, size_t errlen)
{
	const struct label *row = ds->labels.row;
	size_t i, j;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < ds->labels.n; i = j) {
		for (j = i + 1; j < ds->labels.n; j++)
			if (strcmp(row[i].pcap, row[j].pcap))
				break;
		if (walk_capture(ds, i, j, cfg, fn, arg, st, err, errlen))
			return -1;
	}
	return 0;
}

struct count {
	u64 n;
	const char *what;
};

#define COUNT(n, what)	{ (n), (what) }

/* "PROG: LABELS: N what, N what: N what, ..." */
static void put_counts(FILE *out, const char *prog, const struct dataset *ds,
		       const struct count *c, size_t n)
{
	const char *sep = "";
	size_t i;

	fprintf(out, "%s: %s: ", prog, ds->labels_path);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s%llu %s", sep, (unsigned long long)c[i].n,
			c[i].what);
		sep = c[i].what[strlen(c[i].what) - 1] == ':' ? " " : ", ";
	}
	fputc('\n', out);
}

void walk_report(FILE *out, const char *prog, const struct dataset *ds,
		 const struct walk_stats *st)
{
	const struct cap_stats *c = &st->cap;
	const struct count flows[] = {
		COUNT(st->captures, "captures"),
		COUNT(st->labelled, "labelled flows:"),
		COUNT(st->found, "found"),
		COUNT(st->missing, "missing"),
		COUNT(st->mismatch, "packet-count mismatches"),
		COUNT(st->below_min, "left out below --min-packets"),
	};
	const struct count found[] = {
		COUNT(st->found, "found flows:"),
		COUNT(st->swapped, "with client/server swapped"),
		COUNT(st->fragmented, "with IP fragments"),
		COUNT(st->backwards, "with time going backwards"),
		COUNT(st->decided_by[FLOW_BY_SEQ_LEN], "decided at seq_len"),
		COUNT(st->decided_by[FLOW_BY_DEADLINE], "at the deadline"),
		COUNT(st->decided_by[FLOW_BY_CHECKPOINT], "early, at a checkpoint"),
		COUNT(st->decided_by[FLOW_BY_END], "at the capture's end"),
	};
	const struct count frames[] = {
		COUNT(c->frames, "frames:"),
		COUNT(c->result[CAP_OK], "TCP/UDP"),
		COUNT(c->result[CAP_NOT_IP], "not IP"),
		COUNT(c->result[CAP_NOT_L4], "not TCP/UDP"),
		COUNT(c->result[CAP_FRAG], "non-first fragments"),
		COUNT(c->result[CAP_BAD], "malformed or truncated"),
		COUNT(c->result[CAP_LINK], "unsupported link inside PPI"),
		COUNT(c->backwards, "earlier than the one before"),
		COUNT(c->truncated, "files cut short"),
	};

	put_counts(out, prog, ds, flows, ARRAY_SIZE(flows));
	put_counts(out, prog, ds, found, ARRAY_SIZE(found));
	put_counts(out, prog, ds, frames, ARRAY_SIZE(frames));
}
