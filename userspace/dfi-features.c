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

#include "cli.h"
#include "dataset.h"

#define PROG			"dfi-features"
#define DEADLINE_MS_MAX		86400000	/* a day */

static const char usage[] =
"usage: dfi-features --captures DIR --labels FILE [--captures DIR --labels FILE]...\n"
"                    --seq-len N [--deadline-ms MS] [--min-packets K] [-o OUT]\n"
"\n"
"Replays each labelled capture through the flow table (flows decided after\n"
"N packets, or when a packet comes MS or more after the first; no deadline\n"
"when MS is 0, the default) and writes one line per labelled flow found with\n"
"at least K packets (default 1):\n"
"  pcap l4 client_ip client_port server_ip server_port class app\n"
"  packets_total decided_pkts seq stat pkts hist\n"
"seq: the sequence input, 4 x N comma-separated ints, channel by channel;\n"
"stat: the 16 static inputs; pkts: the recorded packets as hex, two bytes\n"
"(size, iat) each; hist: the gate's 16-bin histogram of the flow.\n"
"Counts of found/missing flows go to stderr.\n";

struct features_opts {
	struct dataset_args data;
	struct walk_cfg cfg;
	const char *out;
};

struct writer {
	FILE *out;
	unsigned int seq_len;
};

static void put_ints(FILE *out, const s8 *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		fprintf(out, i ? ",%d" : "%d", v[i]);
}

static void put_endpoint(FILE *out, u8 family, const struct endpoint *e)
{
	char buf[ADDR_STRLEN];

	fprintf(out, "%s\t%u\t", addr_str(family, e->addr, buf), e->port);
}

static void put_flow(void *arg, const struct label *lb, const struct flow *f)
{
	s8 seq[DFI_SEQ_CH * DFI_MAX_SEQ], stat[DFI_STATIC_N];
	u8 hist[DFI_GATE_BINS];
	const struct writer *w = arg;
	const struct dfi_flow_feat *ft = f->feat;
	struct endpoint client, server;
	unsigned int i;

	dfi_feat_input(ft, w->seq_len, &f->ctx, seq, stat);
	flow_client(f, &client);
	flow_server(f, &server);
	fprintf(w->out, "%s\t%s\t", lb->pcap,
		f->key.l4 == DFI_IPPROTO_TCP ? "tcp" : "udp");
	put_endpoint(w->out, f->key.family, &client);
	put_endpoint(w->out, f->key.family, &server);
	fprintf(w->out, "%s\t%s\t%u\t%u\t", label_class_name[lb->cls], lb->app,
		f->packets, ft->npkts);
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

/* 0, or EXIT_USAGE after a message. */
static int parse_args(int argc, char **argv, struct features_opts *o)
{
	static const struct option longopts[] = {
		{ "captures", required_argument, NULL, 'c' },
		{ "labels", required_argument, NULL, 'l' },
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
	if (optind < argc || !seq_len || !o->data.ncaptures ||
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
	struct writer w = { out, o->cfg.seq_len };
	struct walk_stats st;
	struct dataset *ds;
	unsigned int n, i;
	char err[512];
	int rc = 0;

	if (datasets_load(&o->data, &ds, &n, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	put_header(out);
	for (i = 0; i < n && !rc; i++) {
		rc = dataset_walk(&ds[i], &o->cfg, put_flow, &w, &st, err,
				  sizeof(err));
		if (rc)
			fprintf(stderr, PROG ": %s\n", err);
		else
			walk_report(stderr, PROG, &ds[i], &st);
	}
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
