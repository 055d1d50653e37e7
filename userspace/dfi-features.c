// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-features: the classifier's input for every labelled flow of one or
 * more data sets, computed by the shared core exactly as the kernel does,
 * one tab-separated line per flow (the training set).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/engine.h>

#include "cachefile.h"
#include "cli.h"
#include "dataset.h"
#include "labels.h"

#define PROG			"dfi-features"
#define DEADLINE_MS_MAX		86400000	/* a day */

#define STR_(x)		#x
#define STR(x)		STR_(x)

static const char usage[] =
"usage: dfi-features --captures DIR --labels FILE [--captures DIR --labels FILE]...\n"
"                    [--flows FILE]... --seq-len N [--deadline-ms MS]\n"
"                    [--min-packets K] [-o OUT]\n"
"\n"
"Replays each labelled capture through the flow table (flows decided after\n"
"N packets, or when a packet comes MS or more after the first; no deadline\n"
"when MS is 0, the default) and writes one line per labelled flow found with\n"
"at least K packets (default 1):\n"
"  pcap l4 client_ip client_port server_ip server_port class app\n"
"  packets_total decided_pkts seq stat pkts hist\n"
"seq: the sequence input, 4 x N comma-separated ints, channel by channel;\n"
"stat: the " STR(DFI_STATIC_N) " static inputs (feature spec " STR(DFI_FEATURE_SPEC)
"); pkts: the recorded packets as hex, two bytes\n"
"(size, iat) each; hist: the gate's 16-bin histogram of the flow.\n"
"Counts of found/missing flows go to stderr.\n"
"--flows FILE: a labelled `dficlt unknown dump` (the class column filled\n"
"in; unlabelled rows are skipped): its flows as the kernel recorded them,\n"
"with FILE's name as their pcap and app \"dfi-unknown-cache\".\n";

#define FLOWS_MAX	16

struct features_opts {
	struct dataset_args data;
	const char *flows[FLOWS_MAX];
	unsigned int nflows;
	struct walk_cfg cfg;
	const char *out;
};

struct writer {
	FILE *out;
	unsigned int seq_len;
	u32 min_packets;
	const char *pcap;	/* --flows: the file's name */
};

static void put_ints(FILE *out, const s8 *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		fprintf(out, i ? ",%d" : "%d", v[i]);
}

/* One output line; @client and @server are "ip\tport" already. */
static void put_line(const struct writer *w, const char *pcap, u8 l4,
		     const char *client, const char *server, const char *cls,
		     const char *app, u32 total, const struct dfi_flow_feat *ft,
		     const struct dfi_flow_ctx *ctx)
{
	s8 seq[DFI_SEQ_CH * DFI_MAX_SEQ], stat[DFI_STATIC_N];
	u8 hist[DFI_GATE_BINS];
	unsigned int i;

	dfi_feat_input(ft, w->seq_len, ctx, seq, stat);
	fprintf(w->out, "%s\t%s\t%s\t%s\t%s\t%s\t%u\t%u\t", pcap,
		l4 == DFI_IPPROTO_TCP ? "tcp" : "udp", client, server, cls,
		app, total, ft->npkts);
	put_ints(w->out, seq, DFI_SEQ_CH * w->seq_len);
	fputc('\t', w->out);
	put_ints(w->out, stat, DFI_STATIC_N);
	fputc('\t', w->out);
	for (i = 0; i < ft->npkts; i++)
		fprintf(w->out, "%02x%02x", ft->pkt[i].size, ft->pkt[i].iat);
	fputc('\t', w->out);
	dfi_gate_hist(ft, w->seq_len, hist);
	for (i = 0; i < DFI_GATE_BINS; i++)
		fprintf(w->out, i ? ",%u" : "%u", hist[i]);
	fputc('\n', w->out);
}

static void put_flow(void *arg, const struct label *lb, const struct flow *f)
{
	char cbuf[ADDR_STRLEN], sbuf[ADDR_STRLEN];
	char client[ADDR_STRLEN + 8], server[ADDR_STRLEN + 8];
	const struct writer *w = arg;
	struct endpoint c, s;

	flow_client(f, &c);
	flow_server(f, &s);
	snprintf(client, sizeof(client), "%s\t%u",
		 addr_str(f->key.family, c.addr, cbuf), c.port);
	snprintf(server, sizeof(server), "%s\t%u",
		 addr_str(f->key.family, s.addr, sbuf), s.port);
	put_line(w, lb->pcap, f->key.l4, client, server,
		 label_class_name[lb->cls], lb->app, f->packets, f->feat,
		 &f->ctx);
}

/*
 * A cache record was recorded with the kernel's seq_len of the time; a
 * shorter seq_len here keeps its first packets (duration unchanged).
 */
static void put_cached(void *arg, const struct cache_flow *cf)
{
	char client[ADDR_STRLEN + 8], server[ADDR_STRLEN + 8];
	const struct writer *w = arg;
	struct dfi_flow_feat *ft = cf->feat;
	u32 total = ft->npkts;

	if (total < w->min_packets)
		return;
	if (ft->npkts > w->seq_len)
		ft->npkts = (u8)w->seq_len;
	snprintf(client, sizeof(client), "%s\t%u", cf->client_ip,
		 ft->client_port);
	snprintf(server, sizeof(server), "%s\t%u", cf->server_ip,
		 ft->server_port);
	put_line(w, w->pcap, ft->l4, client, server,
		 label_class_name[cf->cls], "dfi-unknown-cache", total, ft,
		 &cf->ctx);
}

/* 0, or EXIT_USAGE after a message. */
static int parse_args(int argc, char **argv, struct features_opts *o)
{
	static const struct option longopts[] = {
		{ "captures", required_argument, NULL, 'c' },
		{ "labels", required_argument, NULL, 'l' },
		{ "flows", required_argument, NULL, 'f' },
		{ "seq-len", required_argument, NULL, 's' },
		{ "deadline-ms", required_argument, NULL, 'd' },
		{ "min-packets", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	u32 seq_len = 0, ms = 0;
	char err[256];
	int c, rc = 0;

	o->cfg.min_packets = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'l':
			if (dataset_arg(&o->data, c == 'c' ? "--captures" : "--labels",
					optarg, err, sizeof(err)) < 0) {
				fprintf(stderr, PROG ": %s\n", err);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (o->nflows == FLOWS_MAX) {
				fprintf(stderr, PROG ": at most %d --flows\n",
					FLOWS_MAX);
				return EXIT_USAGE;
			}
			o->flows[o->nflows++] = optarg;
			break;
		case 's':
			rc = cli_u32(PROG, "--seq-len", optarg, 1, DFI_MAX_SEQ,
				     &seq_len);
			break;
		case 'd':
			rc = cli_u32(PROG, "--deadline-ms", optarg, 0,
				     DEADLINE_MS_MAX, &ms);
			break;
		case 'm':
			rc = cli_u32(PROG, "--min-packets", optarg, 0,
				     0xffffffffu, &o->cfg.min_packets);
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			rc = EXIT_USAGE;
			break;
		}
		if (rc)
			return rc;
	}
	if (optind < argc || !seq_len ||
	    (!o->data.ncaptures && !o->nflows) ||
	    o->data.ncaptures != o->data.nlabels) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	o->cfg.seq_len = seq_len;
	o->cfg.deadline_us = (u64)ms * 1000;
	o->cfg.prog = PROG;
	return 0;
}

static void put_header(FILE *out)
{
	fputs("pcap\tl4\tclient_ip\tclient_port\tserver_ip\tserver_port\tclass\tapp\t"
	      "packets_total\tdecided_pkts\tseq\tstat\tpkts\thist\n", out);
}

static int run(const struct features_opts *o, FILE *out)
{
	struct writer w = { out, o->cfg.seq_len, o->cfg.min_packets, NULL };
	struct walk_stats st;
	struct dataset *ds = NULL;
	unsigned int n = 0, i;
	char err[512];
	int rc = 0;

	if (o->data.ncaptures &&
	    datasets_load(&o->data, &ds, &n, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	put_header(out);
	for (i = 0; i < o->nflows && !rc; i++) {
		const char *base = strrchr(o->flows[i], '/');
		long k;

		w.pcap = base ? base + 1 : o->flows[i];
		k = cachefile_read(o->flows[i], put_cached, &w, err, sizeof(err));
		if (k < 0) {
			fprintf(stderr, PROG ": %s\n", err);
			rc = 1;
		} else {
			fprintf(stderr, PROG ": %s: %ld labelled flows\n",
				o->flows[i], k);
		}
	}
	for (i = 0; i < n && !rc; i++) {
		rc = dataset_walk(&ds[i], &o->cfg, put_flow, &w, &st, err,
				  sizeof(err));
		if (rc)
			fprintf(stderr, PROG ": %s\n", err);
		else
			walk_report(stderr, PROG, &ds[i], &st);
	}
	if (ds)
		datasets_free(ds, n);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct features_opts o;
	FILE *out = stdout;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.out) {
		out = fopen(o.out, "w");
		if (!out) {
			fprintf(stderr, PROG ": %s: %s\n", o.out,
				strerror(errno));
			return 1;
		}
	}
	rc = run(&o, out);
	if (fflush(out) || ferror(out) || (out != stdout && fclose(out))) {
		fprintf(stderr, PROG ": %s: write error\n",
			o.out ? o.out : "stdout");
		return 1;
	}
	return rc;
}
