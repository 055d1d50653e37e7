// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-eval: score a model file on labelled captures, classifying each flow
 * with the shared core's dfi_classify() exactly as the kernel would.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/classid.h>
#include <dfi/engine.h>
#include <dfi/longflow.h>

#include "cli.h"
#include "cpu.h"
#include "dataset.h"
#include "dscpname.h"
#include "longflowarg.h"
#include "metrics.h"
#include "modelfile.h"
#include "sources.h"
#include "tinview.h"
#include "tverdict.h"

#define PROG			"dfi-eval"
#define DEADLINE_MS_MAX		86400000	/* a day */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

static const char usage[] =
"usage: dfi-eval --model FILE --captures DIR --labels FILE\n"
"                [--captures DIR --labels FILE]... [--min-packets N]\n"
"                [--deadline-ms MS] [--dscp CLASS=DSCP]... [--json]\n"
"                [--dump FILE] [--no-early] [--second-look]\n"
"                [--second-look-classes C,...]\n"
"                [--second-look-age S] [--second-look-bytes N]\n"
"                [--second-look-rate KBIT] [--second-look-share PCT]\n"
"                [--engine NAME]\n"
"       dfi-eval [--dscp CLASS=DSCP]... --tin-map\n"
"\n"
"Replays each labelled capture, decides flows after the model's seq_len\n"
"packets or its deadline (--deadline-ms overrides it; 0: none), or early\n"
"at the model's checkpoints when confident (as the kernel does; not with\n"
"--no-early), classifies them with dfi_classify() and scores the\n"
"labelled flows with at least N\n"
"packets (default 1): confusion matrix, per-class precision/recall/F1,\n"
"unknown detection and false-unknown rates; then the tin view, what cake\n"
"diffserv4 makes of the verdicts: each class marked with its DSCP (dfi's\n"
"defaults voice EF, game CS4, video AF41, web DF, file LE, other keep, or\n"
"--dscp CLASS=DSCP as in 'dficlt dscp set': 0..63, a name such as EF or\n"
"AF41, or keep), each DSCP queued in cake's tin (Voice, Video, Best\n"
"Effort, Bulk); a class left unmarked (keep) keeps the DSCP its\n"
"application sent, counted here as 0, Best Effort.  It prints the tin\n"
"confusion matrix (true class's tin, predicted class's tin), tin-accuracy,\n"
"priority-inflation (web/other/file flows put in Voice or Video),\n"
"realtime-miss (voice/game/video flows left in Best Effort or Bulk) and\n"
"bulk-false (web/other flows put in Bulk); then macro-F1 and the tin view\n"
"per capture source (the capture file name up to its first '-' or '_',\n"
"e.g. ndpi for ndpi__x.pcap); the packets and milliseconds the scored\n"
"flows waited for their verdict (median, 90th percentile) and how many\n"
"were decided early; ending with 'macro-F1: X' (the mean F1 of\n"
"voice, video, game, file and web).  --json prints the same as one JSON\n"
"object.  --tin-map prints the class -> DSCP -> tin map alone, as JSON.\n"
"--dump writes one line per evaluated flow:\n"
"  pcap l4 client_ip client_port server_ip server_port true pred reason\n"
"  dist margin logits pkts ms\n"
"(pkts: the packets the verdict saw, ms: from the first to the last of them).\n"
"--second-look applies the kernel's second look at long flows (dficlt set\n"
"second_look 1; include/dfi/longflow.h) to each flow's whole capture, at\n"
"the packets the kernel would check it at: a bulk flow whose verdict is\n"
"one of its classes becomes file before it is scored.  The other options\n"
"set its parameters as dficlt's second_look_* do (defaults: web, 10 s,\n"
"4000000 bytes, 1000 kbit/s, 90%); it prints how many flows were long\n"
"enough (>= the age), bulk, and moved, by true class.\n"
"--engine picks the core's engine (scalar, reference, avx2, avx-vnni,\n"
"avx512-vnni, neon, neon-dot; default auto, the fastest this CPU runs, as\n"
"the module does): every engine gives the same verdicts\n"
"(tests/data-real.sh).\n";

static const char *const reason_name[] = {
	[DFI_KNOWN] = "known",
	[DFI_UNKNOWN_CLASS] = "class",
	[DFI_UNKNOWN_DISTANCE] = "distance",
	[DFI_UNKNOWN_MARGIN] = "margin",
};

struct eval_opts {
	struct dataset_args data;
	const char *model;
	const char *dump;
	u32 min_packets;
	u32 deadline_ms;
	int deadline_set;
	int json;
	int tin_map;
	int no_early;
	struct tinmap tins;
	struct dfi_longflow_cfg second_look;
	int engine;		/* enum dfi_engine */
};

/* The second look's flows, by true class (enum label_class). */
struct second_look_count {
	u64 flows[CLS_N];
	u64 long_enough[CLS_N];	/* lasting at least min_age_s */
	u64 bulk[CLS_N];	/* found bulk at a check */
	u64 moved[CLS_N];	/* moved: bulk, verdict in the classes */
};

struct eval {
	struct dfi_model m;
	void *buf;			/* the model file */
	int cls_map[DFI_MAX_CLASSES];	/* model class -> enum label_class */
	struct dfi_scratch *ws;
	struct metrics mt;
	struct sources src;
	struct tverdict tv;
	int oom;			/* a source could not be added */
	FILE *dump;
	const struct dfi_longflow_cfg *second_look;
	struct dfi_classids ids;	/* the well-known identities */
	struct second_look_count sl;
};

static int map_classes(struct eval *e, const char *path)
{
	unsigned int i;

	for (i = 0; i < e->m.n_classes; i++) {
		e->cls_map[i] = label_class_parse(e->m.class_names[i]);
		if (e->cls_map[i] < 0) {
			fprintf(stderr, PROG ": %s: model class '%s' is not one of voice video game file web other\n",
				path, e->m.class_names[i]);
			return -1;
		}
	}
	return 0;
}

static int load_model(struct eval *e, const char *path)
{
	if (modelfile_load(PROG, path, &e->m, &e->buf))
		return -1;
	return map_classes(e, path);
}

/* The six-class name of the model's verdict. */
static int verdict_class(const struct eval *e, const struct dfi_verdict *v)
{
	return v->cls < e->m.n_classes ? e->cls_map[v->cls] : CLS_OTHER;
}

static void dump_flow(const struct eval *e, const struct label *lb,
		      const struct flow *f, const struct dfi_verdict *v)
{
	char c[ADDR_STRLEN], s[ADDR_STRLEN];
	struct endpoint client, server;
	unsigned int i;

	flow_client(f, &client);
	flow_server(f, &server);
	fprintf(e->dump, "%s\t%s\t%s\t%u\t%s\t%u\t%s\t%s\t%s\t%u\t%d\t",
		lb->pcap, f->key.l4 == DFI_IPPROTO_TCP ? "tcp" : "udp",
		addr_str(f->key.family, client.addr, c), client.port,
		addr_str(f->key.family, server.addr, s), server.port,
		label_class_name[lb->cls],
		label_class_name[verdict_class(e, v)],
		v->reason < ARRAY_SIZE(reason_name) ? reason_name[v->reason] : "?",
		v->dist,
		v->margin);
	for (i = 0; i < e->m.n_classes; i++)
		fprintf(e->dump, i ? ",%d" : "%d", v->logits[i]);
	fprintf(e->dump, "\t%u\t%llu\n", f->feat->npkts,
		(unsigned long long)(f->feat->last_us - f->feat->first_us) / 1000);
}

/* The verdict @pred after the second look, counted by true class @cls. */
static int second_look(struct eval *e, const struct flow *f, int cls,
		       int pred)
{
	const struct dfi_longflow_cfg *c = e->second_look;
	int id, to;

	e->sl.flows[cls]++;
	if (f->last_us - f->feat->first_us >= (u64)c->min_age_s * 1000000)
		e->sl.long_enough[cls]++;
	if (!f->bulk)
		return pred;
	e->sl.bulk[cls]++;
	id = dfi_classid_find(&e->ids, label_class_name[pred]);
	if (id < 0)
		return pred;
	to = dfi_longflow_check(c, (u8)id, f->bulk_bytes[0], f->bulk_bytes[1],
				f->bulk_age_us);
	if (to == DFI_LONGFLOW_NO_CHANGE)
		return pred;
	e->sl.moved[cls]++;
	return label_class_parse(e->ids.name[to]);
}

static void eval_flow(void *arg, const struct label *lb, const struct flow *f)
{
	struct eval *e = arg;
	struct dfi_verdict v;
	struct metrics *sm;
	int pred;

	memset(&v, 0, sizeof(v));
	dfi_classify(&e->m, f->feat, &f->ctx, e->ws, &v);
	pred = verdict_class(e, &v);
	if (e->second_look)
		pred = second_look(e, f, lb->cls, pred);
	e->mt.conf[lb->cls][pred]++;
	sm = sources_get(&e->src, lb->pcap);
	if (sm)
		sm->conf[lb->cls][pred]++;
	else
		e->oom = 1;
	if (tverdict_add(&e->tv, f->feat->npkts,
			 f->feat->last_us - f->feat->first_us,
			 f->decided_by == FLOW_BY_CHECKPOINT))
		e->oom = 1;
	if (e->dump)
		dump_flow(e, lb, f, &v);
}

/* A flow at a checkpoint: decided now if its verdict there is confident. */
static int eval_early(void *arg, const struct flow *f, unsigned int before)
{
	struct eval *e = arg;
	struct dfi_verdict v;
	int i = dfi_early_checkpoint(&e->m, before, f->feat->npkts);

	if (i < 0)
		return 0;
	memset(&v, 0, sizeof(v));
	dfi_classify(&e->m, f->feat, &f->ctx, e->ws, &v);
	return dfi_early_accept(&e->m, i, &v);
}

/* --dscp CLASS=DSCP: CLASS one of the six, DSCP as dscp_parse() reads. */
static int parse_dscp(struct tinmap *map, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char cls[16];
	int c, dscp;

	if (!eq || (size_t)(eq - arg) >= sizeof(cls)) {
		fprintf(stderr, PROG ": --dscp %s: not CLASS=DSCP\n", arg);
		return EXIT_USAGE;
	}
	memcpy(cls, arg, eq - arg);
	cls[eq - arg] = 0;
	c = label_class_parse(cls);
	if (c < 0) {
		fprintf(stderr, PROG ": --dscp %s: class '%s' is not one of voice video game file web other\n",
			arg, cls);
		return EXIT_USAGE;
	}
	dscp = dscp_parse(eq + 1);
	if (dscp < 0) {
		fprintf(stderr, PROG ": --dscp %s: '%s' is not a DSCP (0..63, a name such as EF, or keep)\n",
			arg, eq + 1);
		return EXIT_USAGE;
	}
	tinmap_set(map, c, (u8)dscp);
	return 0;
}

static int parse_args(int argc, char **argv, struct eval_opts *o)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'M' },
		{ "captures", required_argument, NULL, 'c' },
		{ "labels", required_argument, NULL, 'l' },
		{ "min-packets", required_argument, NULL, 'm' },
		{ "deadline-ms", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "dump", required_argument, NULL, 'D' },
		{ "dscp", required_argument, NULL, 'S' },
		{ "tin-map", no_argument, NULL, 'T' },
		{ "no-early", no_argument, NULL, 'E' },
		{ "second-look", no_argument, NULL, 'L' },
		{ "second-look-classes", required_argument, NULL, 'C' },
		{ "second-look-age", required_argument, NULL, 'A' },
		{ "second-look-bytes", required_argument, NULL, 'B' },
		{ "second-look-rate", required_argument, NULL, 'R' },
		{ "second-look-share", required_argument, NULL, 'P' },
		{ "engine", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	int c, rc = 0;

	o->min_packets = 1;
	o->engine = (int)cpu_engine_best();
	tinmap_init(&o->tins);
	dfi_longflow_defaults(&o->second_look);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'M':
			o->model = optarg;
			break;
		case 'c':
		case 'l':
			if (dataset_arg(&o->data, c == 'c' ? "--captures" : "--labels",
					optarg, err, sizeof(err)) < 0) {
				fprintf(stderr, PROG ": %s\n", err);
				rc = EXIT_USAGE;
			}
			break;
		case 'm':
			rc = cli_u32(PROG, "--min-packets", optarg, 0,
				     0xffffffffu, &o->min_packets);
			break;
		case 'd':
			rc = cli_u32(PROG, "--deadline-ms", optarg, 0,
				     DEADLINE_MS_MAX, &o->deadline_ms);
			o->deadline_set = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'D':
			o->dump = optarg;
			break;
		case 'S':
			rc = parse_dscp(&o->tins, optarg);
			break;
		case 'T':
			o->tin_map = 1;
			break;
		case 'E':
			o->no_early = 1;
			break;
		case 'L':
			o->second_look.enabled = 1;
			break;
		case 'e':
			o->engine = cpu_engine_parse(PROG, optarg);
			if (o->engine < 0)
				return -1;
			break;
		case 'C':
			if (longflow_classes_parse(optarg,
						   &o->second_look.classes)) {
				fprintf(stderr, PROG ": --second-look-classes %s: not class names or identities\n",
					optarg);
				rc = EXIT_USAGE;
			}
			break;
		case 'A':
			rc = cli_u32(PROG, "--second-look-age", optarg, 0,
				     0xffffffffu, &o->second_look.min_age_s);
			break;
		case 'B':
			rc = cli_u32(PROG, "--second-look-bytes", optarg, 0,
				     0xffffffffu, &o->second_look.min_bytes);
			break;
		case 'R':
			rc = cli_u32(PROG, "--second-look-rate", optarg, 0,
				     0xffffffffu, &o->second_look.min_rate_kbit);
			break;
		case 'P':
			rc = cli_u32(PROG, "--second-look-share", optarg, 0,
				     0xffffffffu, &o->second_look.min_share_pct);
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
	if (o->second_look.enabled && dfi_longflow_invalid(&o->second_look)) {
		fprintf(stderr, PROG ": %s\n",
			dfi_longflow_invalid(&o->second_look));
		return EXIT_USAGE;
	}
	if (o->tin_map && optind == argc)
		return 0;
	if (optind < argc || !o->model || !o->data.ncaptures ||
	    o->data.ncaptures != o->data.nlabels) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return 0;
}

static u32 deadline_ms(const struct eval *e, const struct eval_opts *o)
{
	return o->deadline_set ? o->deadline_ms : e->m.deadline_ms;
}

static int walk_all(struct eval *e, const struct eval_opts *o)
{
	struct walk_cfg cfg = {
		.seq_len = e->m.seq_len,
		.deadline_us = (u64)deadline_ms(e, o) * 1000,
		.min_packets = o->min_packets,
		.second_look = e->second_look,
		.prog = PROG,
		.early = o->no_early ? NULL : eval_early,
		.early_arg = e,
	};
	struct walk_stats st;
	struct dataset *ds;
	unsigned int n, i;
	char err[512];
	int rc = 0;

	if (datasets_load(&o->data, &ds, &n, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return -1;
	}
	for (i = 0; i < n && !rc; i++) {
		rc = dataset_walk(&ds[i], &cfg, eval_flow, e, &st, err,
				  sizeof(err));
		if (rc) {
			fprintf(stderr, PROG ": %s\n", err);
			break;
		}
		walk_report(stderr, PROG, &ds[i], &st);
		e->mt.not_found += st.missing;
	}
	datasets_free(ds, n);
	return rc;
}

static void second_look_text(const struct eval *e)
{
	const struct dfi_longflow_cfg *c = e->second_look;
	int i;

	printf("second look: age >= %u s, >= %u bytes at >= %u kbit/s, >= %u%% one way\n",
	       c->min_age_s, c->min_bytes, c->min_rate_kbit, c->min_share_pct);
	printf("%-8s %8s %8s %8s %8s\n", "true", "flows", "long", "bulk",
	       "moved");
	for (i = 0; i < CLS_N; i++)
		printf("%-8s %8llu %8llu %8llu %8llu\n", label_class_name[i],
		       (unsigned long long)e->sl.flows[i],
		       (unsigned long long)e->sl.long_enough[i],
		       (unsigned long long)e->sl.bulk[i],
		       (unsigned long long)e->sl.moved[i]);
}

static void second_look_json(const struct eval *e)
{
	int i;

	printf(",\"second_look\":{");
	for (i = 0; i < CLS_N; i++)
		printf("%s\"%s\":{\"flows\":%llu,\"long\":%llu,\"bulk\":%llu,\"moved\":%llu}",
		       i ? "," : "", label_class_name[i],
		       (unsigned long long)e->sl.flows[i],
		       (unsigned long long)e->sl.long_enough[i],
		       (unsigned long long)e->sl.bulk[i],
		       (unsigned long long)e->sl.moved[i]);
	printf("}");
}

static void report_text(struct eval *e, const struct eval_opts *o,
			const struct metrics_model *mm)
{
	struct tin_score ts;

	tin_score(&e->mt, &o->tins, &ts);
	metrics_print_scores(stdout, &e->mt, mm);
	tin_print_text(stdout, &o->tins, &ts);
	sources_print_text(stdout, &e->src, &o->tins);
	tverdict_print_text(stdout, &e->tv);
	if (e->second_look)
		second_look_text(e);
	printf("macro-F1: %.3f\n", metrics_macro_f1(&e->mt));
}

static void report_json(struct eval *e, const struct eval_opts *o,
			const struct metrics_model *mm)
{
	struct tin_score ts;

	tin_score(&e->mt, &o->tins, &ts);
	metrics_json_head(stdout, &e->mt, mm);
	tin_json_map(stdout, &o->tins);
	tin_json_score(stdout, &ts);
	sources_print_json(stdout, &e->src, &o->tins);
	tverdict_print_json(stdout, &e->tv);
	metrics_json_body(stdout, &e->mt);
	if (e->second_look)
		second_look_json(e);
	printf("}\n");
}

static int run(struct eval *e, const struct eval_opts *o)
{
	struct metrics_model mm;

	if (load_model(e, o->model))
		return 1;
	dfi_classids_init(&e->ids);
	if (o->second_look.enabled)
		e->second_look = &o->second_look;
	e->ws = malloc(sizeof(*e->ws));
	if (!e->ws) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	e->ws->engine = (u8)o->engine;
	if (o->dump) {
		e->dump = fopen(o->dump, "w");
		if (!e->dump) {
			fprintf(stderr, PROG ": %s: %s\n", o->dump, strerror(errno));
			return 1;
		}
		fputs("pcap\tl4\tclient_ip\tclient_port\tserver_ip\tserver_port\t"
		      "true\tpred\treason\tdist\tmargin\tlogits\tpkts\tms\n",
		      e->dump);
	}
	if (walk_all(e, o))
		return 1;
	if (e->oom) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	if (e->dump && (fflush(e->dump) || ferror(e->dump))) {
		fprintf(stderr, PROG ": %s: write error\n", o->dump);
		return 1;
	}
	mm.name = e->m.name;
	mm.seq_len = e->m.seq_len;
	mm.deadline_ms = deadline_ms(e, o);
	if (o->json)
		report_json(e, o, &mm);
	else
		report_text(e, o, &mm);
	return 0;
}

/* --tin-map: the classes and their DSCPs and tins, as JSON. */
static void print_tin_map(const struct tinmap *map)
{
	int c;

	putchar('{');
	tin_json_map(stdout, map);
	printf("\"classes\":[");
	for (c = 0; c < CLS_N; c++)
		printf("%s\"%s\"", c ? "," : "", label_class_name[c]);
	printf("]}\n");
}

int main(int argc, char **argv)
{
	struct eval_opts o;
	struct eval e;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&e, 0, sizeof(e));
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.tin_map)
		print_tin_map(&o.tins);
	else
		rc = run(&e, &o);
	if (e.dump)
		fclose(e.dump);
	sources_free(&e.src);
	tverdict_free(&e.tv);
	free(e.ws);
	free(e.buf);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG ": stdout: write error\n");
		return 1;
	}
	return rc;
}
