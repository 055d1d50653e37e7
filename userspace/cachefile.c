// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a labelled unknown-flow cache export (cachefile.h).  The row
 * becomes the feature state the kernel had recorded: the packets exactly,
 * the first packet at time 0 and the last at duration_us.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cachefile.h"
#include "labels.h"

enum {
	F_SEQ, F_TIME, F_L4, F_CIP, F_CPORT, F_SIP, F_SPORT, F_CLASS,
	F_REASON, F_NETCLS, F_DIST, F_MARGIN, F_CTXF, F_CTXS, F_CTXU,
	F_CTXHP, F_CTXHS, F_DSCP1, F_DSCP2, F_DUR, F_PACKETS, F_PKTS,
	NFIELDS
};

static int num(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return (*end || errno || *v > max) ? -1 : 0;
}

static int hexbyte(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 2; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/* One row into @cf; NULL, or what is wrong with it. */
static const char *parse_row(char **f, struct cache_flow *cf)
{
	struct dfi_flow_feat *ft = cf->feat;
	unsigned long long cport, sport, ctx[5], d1, d2, dur, n;
	unsigned int i;
	int l4;

	if (!strcmp(f[F_L4], "tcp"))
		l4 = DFI_IPPROTO_TCP;
	else if (!strcmp(f[F_L4], "udp"))
		l4 = DFI_IPPROTO_UDP;
	else
		return "l4 is neither tcp nor udp";
	if (num(f[F_CPORT], 65535, &cport) || num(f[F_SPORT], 65535, &sport))
		return "bad port";
	cf->cls = label_class_parse(f[F_CLASS]);
	if (cf->cls < 0)
		return "unknown class name";
	if (num(f[F_CTXF], 65535, &ctx[0]) || num(f[F_CTXS], 65535, &ctx[1]) ||
	    num(f[F_CTXU], 65535, &ctx[2]) || num(f[F_CTXHP], 65535, &ctx[3]) ||
	    num(f[F_CTXHS], 65535, &ctx[4]))
		return "bad multi-flow context";
	if (num(f[F_DSCP1], 255, &d1) || num(f[F_DSCP2], 255, &d2) ||
	    (d1 > 63 && d1 != 255) || (d2 > 63 && d2 != 255))
		return "bad DSCP";
	if (num(f[F_DUR], 0xffffffffULL, &dur))
		return "bad duration_us";
	if (num(f[F_PACKETS], DFI_MAX_SEQ, &n) || !n)
		return "packets not 1..64";
	if (strlen(f[F_PKTS]) != n * 4)
		return "pkts is not 4 hex digits per packet";

	dfi_feat_init(ft, (u8)l4, (u16)cport, (u16)sport, 0);
	ft->last_us = dur;
	ft->npkts = (u8)n;
	ft->dscp_c2s = (u8)d1;
	ft->dscp_s2c = (u8)d2;
	for (i = 0; i < n; i++) {
		int sz = hexbyte(f[F_PKTS] + 4 * i);
		int iat = hexbyte(f[F_PKTS] + 4 * i + 2);

		if (sz < 0 || iat < 0)
			return "pkts is not lowercase hex";
		ft->pkt[i].size = (u8)sz;
		ft->pkt[i].iat = (u8)iat;
	}
	cf->ctx.pair_flows = (u16)ctx[0];
	cf->ctx.pair_same_port = (u16)ctx[1];
	cf->ctx.pair_udp = (u16)ctx[2];
	cf->ctx.host_p2p = (u16)ctx[3];
	cf->ctx.host_same_cport = (u16)ctx[4];
	cf->client_ip = f[F_CIP];
	cf->server_ip = f[F_SIP];
	return NULL;
}

long cachefile_read(const char *path, cache_flow_fn fn, void *arg,
		    char *err, size_t errlen)
{
	struct cache_flow cf = { 0 };
	char *line = NULL, *f[NFIELDS];
	size_t cap = 0;
	long labelled = 0;
	ssize_t len;
	FILE *in;

	in = fopen(path, "r");
	if (!in) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	cf.feat = malloc(dfi_feat_size(DFI_MAX_SEQ));
	if (!cf.feat) {
		fclose(in);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		const char *why = NULL;
		unsigned int k = 0;
		char *p = line;

		cf.line++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (cf.line == 1) {
			if (!strcmp(line, CACHEFILE_HEADER_SPEC1))
				why = "an export without the host context columns (an older dficlt): dump the cache again with this one";
			else if (strcmp(line, CACHEFILE_HEADER))
				why = "not the header of a dficlt unknown dump";
			goto next;
		}
		for (k = 0; k < NFIELDS && p; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		if (k != NFIELDS || p) {
			why = "not 22 comma-separated fields";
			goto next;
		}
		if (!*f[F_CLASS])
			continue;	/* not labelled (yet) */
		why = parse_row(f, &cf);
		if (!why) {
			fn(arg, &cf);
			labelled++;
		}
next:
		if (why) {
			snprintf(err, errlen, "%s:%u: %s", path, cf.line, why);
			labelled = -1;
			break;
		}
	}
	if (labelled >= 0 && cf.line == 0) {
		snprintf(err, errlen, "%s: empty file", path);
		labelled = -1;
	}
	free(line);
	free(cf.feat);
	fclose(in);
	return labelled;
}
