// SPDX-License-Identifier: GPL-2.0
/*
 * labels.csv: strict parsing and lookup by flow (labels.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/features.h>

#include "array.h"
#include "labels.h"

#define LABELS_HEADER \
	"pcap,l4,client_ip,client_port,server_ip,server_port,class,app,packets"
#define LABELS_FIELDS		9

const char *const label_class_name[CLS_N] = {
	[CLS_VOICE] = "voice",
	[CLS_VIDEO] = "video",
	[CLS_GAME] = "game",
	[CLS_FILE] = "file",
	[CLS_WEB] = "web",
	[CLS_OTHER] = "other",
};

int label_class_parse(const char *name)
{
	int i;

	for (i = 0; i < CLS_N; i++)
		if (!strcmp(name, label_class_name[i]))
			return i;
	return -1;
}

/* Up to @max decimal digits, nothing else, at most @limit. */
static int parse_uint(const char *s, unsigned int max, u64 limit, u64 *v)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (u64)(s[i] - '0');
	}
	return *v <= limit ? 0 : -1;
}

/* Split @line at commas into at most LABELS_FIELDS + 1 fields. */
static int split_fields(char *line, char **field)
{
	int n = 0;

	field[n++] = line;
	for (; *line; line++) {
		if (*line != ',')
			continue;
		*line = '\0';
		if (n > LABELS_FIELDS)
			return n + 1;
		field[n++] = line + 1;
	}
	return n;
}

static int msg(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int msg(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_endpoint(char *const *field, const char *what,
			  struct endpoint *e, u8 *family, char *err,
			  size_t errlen)
{
	u64 port;

	*family = (u8)addr_parse(field[0], e->addr);
	if (!*family)
		return msg(err, errlen, "bad %s_ip '%s'", what, field[0]);
	if (parse_uint(field[1], 5, 65535, &port))
		return msg(err, errlen, "bad %s_port '%s'", what, field[1]);
	e->port = (u16)port;
	return 0;
}

/* One data line into @lb; on error a message without FILE:LINE. */
static int parse_line(struct label *lb, char *line, char *err, size_t errlen)
{
	char *field[LABELS_FIELDS + 1];
	u8 fam_c, fam_s, l4;
	u64 packets;
	int n, cls;

	n = split_fields(line, field);
	if (n != LABELS_FIELDS)
		return msg(err, errlen, "expected %d comma-separated fields, found %s%d",
			   LABELS_FIELDS, n > LABELS_FIELDS ? "more than " : "",
			   n > LABELS_FIELDS ? LABELS_FIELDS : n);
	if (!*field[0] || strchr(field[0], '/'))
		return msg(err, errlen, "bad pcap name '%s'", field[0]);
	if (!strcmp(field[1], "tcp"))
		l4 = DFI_IPPROTO_TCP;
	else if (!strcmp(field[1], "udp"))
		l4 = DFI_IPPROTO_UDP;
	else
		return msg(err, errlen, "bad l4 '%s' (tcp or udp)", field[1]);
	if (parse_endpoint(field + 2, "client", &lb->client, &fam_c, err, errlen) ||
	    parse_endpoint(field + 4, "server", &lb->server, &fam_s, err, errlen))
		return -1;
	if (fam_c != fam_s)
		return msg(err, errlen, "client_ip and server_ip of different families");
	cls = label_class_parse(field[6]);
	if (cls < 0)
		return msg(err, errlen, "unknown class '%s' (voice video game file web other)",
			   field[6]);
	if (!*field[7])
		return msg(err, errlen, "empty app");
	if (parse_uint(field[8], 10, 0xffffffffu, &packets) || !packets)
		return msg(err, errlen, "bad packets '%s'", field[8]);

	lb->cls = (u8)cls;
	lb->packets = (u32)packets;
	flow_key_make(&lb->key, fam_c, l4, &lb->client, &lb->server);
	lb->pcap = strdup(field[0]);
	lb->app = strdup(field[7]);
	if (!lb->pcap || !lb->app)
		return msg(err, errlen, "out of memory");
	return 0;
}

static void chomp(char *s, ssize_t *n)
{
	while (*n > 0 && (s[*n - 1] == '\n' || s[*n - 1] == '\r'))
		s[--*n] = '\0';
}

static int read_rows(struct labels *ls, FILE *fp, char *err, size_t errlen)
{
	char *line = NULL, m[256];
	size_t cap = 0;
	u32 lineno = 0;
	ssize_t n;
	int rc = 0;

	while ((n = getline(&line, &cap, fp)) >= 0) {
		struct label *row;

		lineno++;
		chomp(line, &n);
		if (lineno == 1) {
			if (strcmp(line, LABELS_HEADER))
				rc = msg(err, errlen, "%s:1: header must be '%s'",
					 ls->path, LABELS_HEADER);
			if (rc)
				break;
			continue;
		}
		if ((size_t)n != strlen(line)) {
			rc = msg(err, errlen, "%s:%u: NUL byte in line", ls->path, lineno);
			break;
		}
		row = array_reserve(ls->row, ls->n, &ls->cap, sizeof(*row));
		if (!row) {
			rc = msg(err, errlen, "%s: out of memory", ls->path);
			break;
		}
		ls->row = row;
		row = &ls->row[ls->n++];
		memset(row, 0, sizeof(*row));
		row->line = lineno;
		if (parse_line(row, line, m, sizeof(m))) {
			rc = msg(err, errlen, "%s:%u: %s", ls->path, lineno, m);
			break;
		}
	}
	if (!rc && ferror(fp))
		rc = msg(err, errlen, "%s: read error", ls->path);
	if (!rc && lineno == 0)
		rc = msg(err, errlen, "%s:1: missing header line", ls->path);
	free(line);
	return rc;
}

static int row_cmp(const void *x, const void *y)
{
	const struct label *a = x, *b = y;
	int c = strcmp(a->pcap, b->pcap);

	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static u64 label_hash(const char *pcap, const struct flow_key *k)
{
	u64 h = flow_hash_bytes(pcap, strlen(pcap), FLOW_HASH_SEED);

	return flow_hash_bytes(k, sizeof(*k), h);
}

struct label_query {
	const char *pcap;
	const struct flow_key *key;
};

static int label_eq(const void *ctx, u32 id, const void *key)
{
	const struct labels *ls = ctx;
	const struct label_query *q = key;
	const struct label *lb = &ls->row[id];

	return !memcmp(&lb->key, q->key, sizeof(*q->key)) &&
	       !strcmp(lb->pcap, q->pcap);
}

static int build_index(struct labels *ls, char *err, size_t errlen)
{
	size_t i;

	if (htab_init(&ls->idx))
		return msg(err, errlen, "%s: out of memory", ls->path);
	for (i = 0; i < ls->n; i++) {
		const struct label *lb = &ls->row[i];
		struct label_query q = { lb->pcap, &lb->key };
		u64 h = label_hash(lb->pcap, &lb->key);
		long dup = htab_find(&ls->idx, h, label_eq, ls, &q);

		if (dup >= 0)
			return msg(err, errlen, "%s:%u: flow already labelled on line %u",
				   ls->path, lb->line, ls->row[dup].line);
		if (htab_insert(&ls->idx, h, (u32)i))
			return msg(err, errlen, "%s: out of memory", ls->path);
	}
	return 0;
}

int labels_load(struct labels *ls, const char *path, char *err,
		size_t errlen)
{
	FILE *fp;
	int rc;

	memset(ls, 0, sizeof(*ls));
	ls->path = strdup(path);
	if (!ls->path)
		return msg(err, errlen, "%s: out of memory", path);
	fp = fopen(path, "r");
	if (!fp) {
		rc = msg(err, errlen, "%s: %s", path, strerror(errno));
		labels_free(ls);
		return rc;
	}
	rc = read_rows(ls, fp, err, errlen);
	fclose(fp);
	if (!rc) {
		if (ls->n)
			qsort(ls->row, ls->n, sizeof(*ls->row), row_cmp);
		rc = build_index(ls, err, errlen);
	}
	if (rc)
		labels_free(ls);
	return rc;
}

void labels_free(struct labels *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++) {
		free(ls->row[i].pcap);
		free(ls->row[i].app);
	}
	free(ls->row);
	free(ls->path);
	htab_free(&ls->idx);
	memset(ls, 0, sizeof(*ls));
}

const struct label *labels_find(const struct labels *ls, const char *pcap,
				const struct flow_key *k)
{
	struct label_query q = { pcap, k };
	long id = htab_find(&ls->idx, label_hash(pcap, k), label_eq, ls, &q);

	return id < 0 ? NULL : &ls->row[id];
}
