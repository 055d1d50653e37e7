// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-ctscore: score the kernel's verdicts, read from `conntrack -L` (the
 * class identity in the ct mark), on the lab flows of a replay
 * (dfi-replay's labels), with dfi-eval's report; and compare them flow by
 * flow with dfi-eval's verdicts on a capture of the same packets (its
 * --dump).  Identities are numbered by the kernel's own registry code
 * (include/dfi/classid.h), as in a netns where --model is the only model
 * with names other than the well-known ones that was loaded.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/classid.h>
#include <dfi/features.h>

#include "cli.h"
#include "labels.h"
#include "metrics.h"
#include "modelfile.h"

#define PROG		"dfi-ctscore"
#define CT_PENDING	17
#define CT_SKIP		18

static const char usage[] =
"usage: dfi-ctscore --model FILE --labels LAB.csv --conntrack FILE\n"
"                   --offline DUMP [--mark-mask MASK]\n"
"\n"
"LAB.csv: dfi-replay's labels (packets: the packets replayed); FILE: the\n"
"output of conntrack -L (with accounting) in the router; DUMP: dfi-eval\n"
"--dump on the router's capture.  Prints dfi-eval's report for the\n"
"kernel's classes (flows without one count as 'labelled not found'), the\n"
"flows where kernel and dfi-eval differ, and 'agreement: X.X%': the\n"
"replayed flows where the kernel's class is dfi-eval's.\n";

enum kstate { K_NONE, K_PENDING, K_SKIP, K_CLASS };

struct kflow {
	u8 kstate, reversed, have_off;
	int kcls, ocls;		/* enum label_class */
	u64 ct_pkts;
};

struct score {
	struct dfi_model m;
	void *buf;
	struct dfi_classids ids;	/* the kernel's, this model loaded */
	struct labels ls;
	struct kflow *k;
	u32 mask;
};

static const char *field(const char *line, const char *name, int nth)
{
	size_t n = strlen(name);
	const char *p = line;

	while ((p = strstr(p, name))) {
		if ((p == line || p[-1] == ' ') && p[n] == '=' && !nth--)
			return p + n + 1;
		p += n;
	}
	return NULL;
}

static int endpoint_at(const char *line, const char *a, const char *port,
		       int nth, struct endpoint *e, u8 *fam)
{
	const char *s = field(line, a, nth), *p = field(line, port, nth);
	char buf[ADDR_STRLEN];
	size_t n;

	if (!s || !p)
		return -1;
	n = strcspn(s, " ");
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	*fam = (u8)addr_parse(buf, e->addr);
	e->port = (u16)strtoul(p, NULL, 10);
	return *fam ? 0 : -1;
}

static struct kflow *find(struct score *sc, u8 fam, u8 l4,
			  const struct endpoint *c, const struct endpoint *s,
			  int *reversed)
{
	const struct label *lb;
	struct flow_key k;

	flow_key_make(&k, fam, l4, c, s);
	lb = labels_find(&sc->ls, sc->ls.row[0].pcap, &k);
	if (!lb)
		return NULL;
	/* the key is unordered: is @c the client? */
	*reversed = endpoint_cmp(&lb->client, c) != 0;
	return &sc->k[lb - sc->ls.row];
}

static int read_conntrack(struct score *sc, const char *path)
{
	unsigned int shift = (unsigned int)__builtin_ctz(sc->mask);
	char line[2048];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct endpoint c, s;
		struct kflow *kf;
		const char *v;
		u8 fam, fam2, l4;
		u32 val;
		int rev, i;

		if (!strncmp(line, "tcp ", 4))
			l4 = DFI_IPPROTO_TCP;
		else if (!strncmp(line, "udp ", 4))
			l4 = DFI_IPPROTO_UDP;
		else
			continue;
		memset(&c, 0, sizeof(c));
		memset(&s, 0, sizeof(s));
		if (endpoint_at(line, "src", "sport", 0, &c, &fam) ||
		    endpoint_at(line, "dst", "dport", 0, &s, &fam2) ||
		    fam != fam2)
			continue;
		kf = find(sc, fam, l4, &c, &s, &rev);
		if (!kf)
			continue;
		v = field(line, "mark", 0);
		val = v ? (u32)(strtoul(v, NULL, 0) & sc->mask) >> shift : 0;
		kf->reversed = (u8)rev;
		kf->ct_pkts = 0;
		for (i = 0; i < 2 && (v = field(line, "packets", i)); i++)
			kf->ct_pkts += strtoull(v, NULL, 10);
		if (val >= 1 && val <= DFI_MAX_CLASS_IDS) {
			/* the mark holds the class identity + 1 */
			kf->kstate = K_CLASS;
			kf->kcls = label_class_parse(sc->ids.name[val - 1]);
			if (kf->kcls < 0)
				kf->kcls = CLS_OTHER;
		} else {
			kf->kstate = val == CT_PENDING ? K_PENDING :
				     val == CT_SKIP ? K_SKIP : K_NONE;
		}
	}
	fclose(f);
	return 0;
}

/* dfi-eval --dump: pcap l4 client client_port server server_port true pred ... */
static int read_offline(struct score *sc, const char *path)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *fld[8], *p = line;
		struct endpoint c, s;
		struct kflow *kf;
		u8 fam, fam2;
		int i, rev;

		for (i = 0; i < 8; i++) {
			fld[i] = strsep(&p, "\t\n");
			if (!fld[i])
				break;
		}
		if (i < 8 || (strcmp(fld[1], "tcp") && strcmp(fld[1], "udp")))
			continue;
		memset(&c, 0, sizeof(c));
		memset(&s, 0, sizeof(s));
		fam = (u8)addr_parse(fld[2], c.addr);
		fam2 = (u8)addr_parse(fld[4], s.addr);
		c.port = (u16)atoi(fld[3]);
		s.port = (u16)atoi(fld[5]);
		if (!fam || fam != fam2)
			continue;
		kf = find(sc, fam, strcmp(fld[1], "tcp") ? DFI_IPPROTO_UDP :
			  DFI_IPPROTO_TCP, &c, &s, &rev);
		if (!kf)
			continue;
		kf->ocls = label_class_parse(fld[7]);
		kf->have_off = kf->ocls >= 0;
	}
	fclose(f);
	return 0;
}

static const char *kname(const struct kflow *k)
{
	static const char *const st[] = { "none", "pending", "skip" };

	return k->kstate == K_CLASS ? label_class_name[k->kcls] : st[k->kstate];
}

static void report(struct score *sc)
{
	u64 n = sc->ls.n, decided = 0, arrived = 0, agree = 0, agree_arr = 0;
	struct metrics_model mm = { sc->m.name, sc->m.seq_len, sc->m.deadline_ms };
	struct metrics mt;
	size_t i;

	memset(&mt, 0, sizeof(mt));
	for (i = 0; i < n; i++) {
		const struct label *lb = &sc->ls.row[i];
		const struct kflow *k = &sc->k[i];
		char c[ADDR_STRLEN], sv[ADDR_STRLEN];
		int full = k->kstate != K_NONE && !k->reversed &&
			   k->ct_pkts == lb->packets;
		int same = k->kstate == K_CLASS && k->have_off &&
			   k->kcls == k->ocls;

		if (k->kstate == K_CLASS) {
			decided++;
			mt.conf[lb->cls][k->kcls]++;
		} else {
			mt.not_found++;
		}
		arrived += full;
		agree += same;
		agree_arr += same && full;
		if (!same || !full)
			printf("# %s %s %s %u %s %u: kernel %s, dfi-eval %s; conntrack saw %llu of %u packets%s\n",
			       lb->app, lb->key.l4 == DFI_IPPROTO_TCP ? "tcp" : "udp",
			       addr_str(lb->key.family, lb->client.addr, c),
			       lb->client.port,
			       addr_str(lb->key.family, lb->server.addr, sv),
			       lb->server.port,
			       kname(k), k->have_off ? label_class_name[k->ocls] : "-",
			       (unsigned long long)k->ct_pkts, lb->packets,
			       k->reversed ? ", its original direction reversed" : "");
	}
	printf("kernel: %llu labelled flows replayed, %llu decided, %llu with every packet seen by conntrack\n",
	       (unsigned long long)n, (unsigned long long)decided,
	       (unsigned long long)arrived);
	printf("agreement on fully arrived flows: %.1f%% (%llu of %llu)\n",
	       arrived ? 100.0 * (double)agree_arr / (double)arrived : 0.0,
	       (unsigned long long)agree_arr, (unsigned long long)arrived);
	metrics_print_text(stdout, &mt, &mm);
	printf("agreement: %.1f%% (%llu of %llu)\n",
	       n ? 100.0 * (double)agree / (double)n : 0.0,
	       (unsigned long long)agree, (unsigned long long)n);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'M' },
		{ "labels", required_argument, NULL, 'l' },
		{ "conntrack", required_argument, NULL, 'c' },
		{ "offline", required_argument, NULL, 'o' },
		{ "mark-mask", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *model = NULL, *labels = NULL, *ct = NULL, *off = NULL;
	struct score sc;
	char err[512];
	u8 id[DFI_MAX_CLASSES];
	const char *cerr;
	int c;

	memset(&sc, 0, sizeof(sc));
	sc.mask = 0x1f00;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'M': model = optarg; break;
		case 'l': labels = optarg; break;
		case 'c': ct = optarg; break;
		case 'o': off = optarg; break;
		case 'm': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 0);

			if (*end || !v || v > 0xffffffffUL) {
				fprintf(stderr, PROG ": bad --mark-mask '%s'\n", optarg);
				return EXIT_USAGE;
			}
			sc.mask = (u32)v;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !model || !labels || !ct || !off) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (modelfile_load(PROG, model, &sc.m, &sc.buf))
		return 1;
	dfi_classids_init(&sc.ids);
	if (dfi_classids_assign(&sc.ids, &sc.m, id, &cerr)) {
		fprintf(stderr, PROG ": %s: %s\n", model, cerr);
		return 1;
	}
	if (labels_load(&sc.ls, labels, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	if (!sc.ls.n) {
		fprintf(stderr, PROG ": %s: no flows\n", labels);
		return 1;
	}
	sc.k = calloc(sc.ls.n, sizeof(*sc.k));
	if (!sc.k) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	if (read_conntrack(&sc, ct) || read_offline(&sc, off))
		return 1;
	report(&sc);
	labels_free(&sc.ls);
	free(sc.k);
	free(sc.buf);
	return fflush(stdout) ? 1 : 0;
}
