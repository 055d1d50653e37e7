// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-eval's tin view (userspace/tinview.c, sources.c) and cake's table
 * (include/dfi/tin.h): a confusion matrix made by hand, with tin errors
 * of every kind counted out below, gives exactly the known figures; the
 * table agrees with diffserv4[] of the kernel's sch_cake.c when the
 * kernel source is at hand ($DFI_KSRC, default /tmp/ksrc/linux-source-6.12).
 */
#include <stdlib.h>
#include <string.h>

#include <dfi/dscpmap.h>

#include "sources.h"
#include "tinview.h"
#include "unit.h"

/* diffserv4[] read from the kernel's source; 0 if it is not there. */
static int kernel_table(unsigned int tin[64])
{
	const char *ksrc = getenv("DFI_KSRC");
	char path[512], line[256];
	int n = -1;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/net/sched/sch_cake.c",
		 ksrc ? ksrc : "/tmp/ksrc/linux-source-6.12");
	fp = fopen(path, "r");
	if (!fp) {
		printf("# %s absent: cake's table checked on a few codepoints only\n",
		       path);
		return 0;
	}
	while (n < 64 && fgets(line, sizeof(line), fp)) {
		char *p = line, *end;

		if (n < 0) {
			if (strstr(line, "static const u8 diffserv4[] = {"))
				n = 0;
			continue;
		}
		for (; n < 64; p = end + 1) {
			unsigned long v = strtoul(p, &end, 10);

			if (end == p || *end != ',')
				break;
			tin[n++] = v;
		}
	}
	fclose(fp);
	return n == 64;
}

static void cake_table(void)
{
	unsigned int tin[64], d;

	CHECK_EQ(dfi_cake_diffserv4_tin(46), DFI_TIN_VOICE);	/* EF */
	CHECK_EQ(dfi_cake_diffserv4_tin(32), DFI_TIN_VOICE);	/* CS4 */
	CHECK_EQ(dfi_cake_diffserv4_tin(34), DFI_TIN_VIDEO);	/* AF41 */
	CHECK_EQ(dfi_cake_diffserv4_tin(0), DFI_TIN_BEST_EFFORT);
	CHECK_EQ(dfi_cake_diffserv4_tin(10), DFI_TIN_BEST_EFFORT); /* AF11 */
	CHECK_EQ(dfi_cake_diffserv4_tin(1), DFI_TIN_BULK);	/* LE */
	CHECK_EQ(dfi_cake_diffserv4_tin(8), DFI_TIN_BULK);	/* CS1 */
	CHECK_EQ(dfi_cake_diffserv4_tin(64), DFI_TIN_BEST_EFFORT);
	CHECK(!strcmp(dfi_tin_name(DFI_TIN_BULK), "bulk"));
	CHECK(!strcmp(dfi_tin_name(DFI_TINS), "?"));
	if (!kernel_table(tin))
		return;
	printf("# cake's diffserv4[] read from the kernel source: 64 codepoints compared\n");
	for (d = 0; d < 64; d++)
		CHECK_EQ(dfi_cake_diffserv4_tin(d), tin[d]);
}

static void default_map(void)
{
	static const u8 tin[CLS_N] = { 3, 2, 3, 1, 0, 0 };
	struct tinmap map;
	int c;

	tinmap_init(&map);
	for (c = 0; c < CLS_N; c++) {
		CHECK_EQ(map.dscp[c], dfi_dscp_default(label_class_name[c]));
		CHECK_EQ(map.tin[c], tin[c]);
	}
	CHECK_EQ(map.dscp[CLS_OTHER], DFI_DSCP_KEEP);
	tinmap_set(&map, CLS_OTHER, 8);
	CHECK_EQ(map.tin[CLS_OTHER], DFI_TIN_BULK);
	tinmap_set(&map, CLS_VOICE, DFI_DSCP_KEEP);
	CHECK_EQ(map.tin[CLS_VOICE], DFI_TIN_BEST_EFFORT);
}

/*
 * 93 flows.  Tin errors: voice->web 2, video->file 1, video->other 1,
 * game->other 2 (realtime-miss 6 of 32); file->video 2, web->voice 1,
 * other->video 2 (priority-inflation 5 of 61); web->file 3, other->file 1
 * (bulk-false 4 of 51); file->web 2.  Class errors in the right tin:
 * voice->game 3, game->voice 1, web->other 4, other->web 5.
 */
static void fill(struct metrics *mt)
{
	memset(mt, 0, sizeof(*mt));
	mt->conf[CLS_VOICE][CLS_VOICE] = 10;
	mt->conf[CLS_VOICE][CLS_WEB] = 2;
	mt->conf[CLS_VOICE][CLS_GAME] = 3;
	mt->conf[CLS_VIDEO][CLS_VIDEO] = 8;
	mt->conf[CLS_VIDEO][CLS_FILE] = 1;
	mt->conf[CLS_VIDEO][CLS_OTHER] = 1;
	mt->conf[CLS_GAME][CLS_GAME] = 4;
	mt->conf[CLS_GAME][CLS_VOICE] = 1;
	mt->conf[CLS_GAME][CLS_OTHER] = 2;
	mt->conf[CLS_FILE][CLS_FILE] = 6;
	mt->conf[CLS_FILE][CLS_VIDEO] = 2;
	mt->conf[CLS_FILE][CLS_WEB] = 2;
	mt->conf[CLS_WEB][CLS_WEB] = 20;
	mt->conf[CLS_WEB][CLS_VOICE] = 1;
	mt->conf[CLS_WEB][CLS_FILE] = 3;
	mt->conf[CLS_WEB][CLS_OTHER] = 4;
	mt->conf[CLS_OTHER][CLS_OTHER] = 15;
	mt->conf[CLS_OTHER][CLS_VIDEO] = 2;
	mt->conf[CLS_OTHER][CLS_FILE] = 1;
	mt->conf[CLS_OTHER][CLS_WEB] = 5;
}

#define CHECK_RATE(r, n, d) do {					\
	CHECK_EQ((r).num, n);						\
	CHECK_EQ((r).den, d);						\
} while (0)

static void scores(void)
{
	static const u64 conf[DFI_TINS][DFI_TINS] = {
		/* best-effort, bulk, video, voice */
		{ 44, 4, 2, 1 },	/* web 28 + other 23 */
		{ 2, 6, 2, 0 },		/* file 10 */
		{ 1, 1, 8, 0 },		/* video 10 */
		{ 4, 0, 0, 18 },	/* voice 15 + game 7 */
	};
	struct tinmap map;
	struct tin_score s;
	struct metrics mt;
	unsigned int t, p;

	fill(&mt);
	tinmap_init(&map);
	tin_score(&mt, &map, &s);
	for (t = 0; t < DFI_TINS; t++)
		for (p = 0; p < DFI_TINS; p++)
			CHECK_EQ(s.conf[t][p], conf[t][p]);
	CHECK_RATE(s.accuracy, 76, 93);
	CHECK_RATE(s.rate[TIN_INFLATION], 5, 61);
	CHECK_RATE(s.rate[TIN_RT_MISS], 6, 32);
	CHECK_RATE(s.rate[TIN_BULK_FALSE], 4, 51);

	/* other marked CS1: other's flows and web->other go to Bulk. */
	tinmap_set(&map, CLS_OTHER, 8);
	tin_score(&mt, &map, &s);
	CHECK_RATE(s.rate[TIN_BULK_FALSE], 3 + 4 + 1 + 15, 51);
	CHECK_RATE(s.rate[TIN_RT_MISS], 6, 32);
	CHECK_RATE(s.rate[TIN_INFLATION], 5, 61);
	CHECK_RATE(s.accuracy, 76 - 5 - 4 + 1, 93);
}

static char *print(int json)
{
	struct tinmap map;
	struct tin_score s;
	struct metrics mt;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	fill(&mt);
	tinmap_init(&map);
	tin_score(&mt, &map, &s);
	if (json) {
		tin_json_map(fp, &map);
		tin_json_score(fp, &s);
	} else {
		tin_print_text(fp, &map, &s);
	}
	fclose(fp);
	return text;
}

static void text_report(void)
{
	char *t = print(0);

	CHECK(strstr(t, "game 32 voice, file 1 bulk, web 0 best-effort, other keep (as 0) best-effort\n") != NULL);
	CHECK(strstr(t, "\nbulk                  2           6           2           0\n") != NULL);
	CHECK(strstr(t, "\ntin-accuracy: 0.817 (76 of 93 ") != NULL);
	CHECK(strstr(t, "\npriority-inflation: 0.082 (5 of 61 ") != NULL);
	CHECK(strstr(t, "\nrealtime-miss: 0.188 (6 of 32 ") != NULL);
	CHECK(strstr(t, "\nbulk-false: 0.078 (4 of 51 ") != NULL);
	free(t);
}

static void json_report(void)
{
	char *t = print(1);

	CHECK(!strcmp(t, "\"tins\":[\"best-effort\",\"bulk\",\"video\",\"voice\"],"
		      "\"class_dscp\":[46,34,32,1,0,null],\"class_tin\":[3,2,3,1,0,0],"
		      /* cake diffserv4: LE, CS1 bulk; TOS4, CS2, AF2x, CS3, AF3x, AF4x video; CS4, CS5, VA, EF, CS6, CS7 voice */
		      "\"dscp_tin\":[0,1,0,0,2,0,0,0,1,0,0,0,0,0,0,0,2,0,2,0,2,0,2,0,2,0,2,0,2,0,2,0,"
		      "3,0,2,0,2,0,2,0,3,0,0,0,3,0,3,0,3,0,0,0,0,0,0,0,3,0,0,0,0,0,0,0],"
		      "\"tin_rates\":{\"priority_inflation\":{\"classes\":[\"file\",\"web\",\"other\"],\"tins\":[\"video\",\"voice\"]},"
		      "\"realtime_miss\":{\"classes\":[\"voice\",\"video\",\"game\"],\"tins\":[\"best-effort\",\"bulk\"]},"
		      "\"bulk_false\":{\"classes\":[\"web\",\"other\"],\"tins\":[\"bulk\"]}},"
		      "\"tin_confusion\":[[44,4,2,1],[2,6,2,0],[1,1,8,0],[4,0,0,18]],"
		      "\"tin_accuracy\":0.817204,\"priority_inflation\":0.081967,"
		      "\"realtime_miss\":0.187500,\"bulk_false\":0.078431,"));
	free(t);
}

static void source_names(void)
{
	char b[8];

	source_of("ndpi__443-git.pcap", b, sizeof(b));
	CHECK(!strcmp(b, "ndpi"));
	source_of("lab-20-dl.pcap", b, sizeof(b));
	CHECK(!strcmp(b, "lab"));
	source_of("SIPp+sipp__pcap_g711a.pcap", b, sizeof(b));
	CHECK(!strcmp(b, "SIPp+si"));		/* cut to the buffer */
	source_of("plain.pcap", b, sizeof(b));
	CHECK(!strcmp(b, "plain.p"));
}

static void per_source(void)
{
	static const char *const pcap[] = {
		"requet__a.pcap", "ndpi__b.pcap", "lab-1-web.pcap",
		"ndpi__c.pcap", "requet__d.pcap",
	};
	struct sources ss = { 0 };
	struct tinmap map;
	struct metrics *m;
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp;

	for (i = 0; i < DFI_ARRAY_SIZE(pcap); i++) {
		m = sources_get(&ss, pcap[i]);
		CHECK(m != NULL);
		if (m)
			m->conf[CLS_WEB][i == 3 ? CLS_VIDEO : CLS_WEB]++;
	}
	CHECK_EQ(ss.n, 3);
	CHECK(!strcmp(ss.s[0].name, "lab") && !strcmp(ss.s[1].name, "ndpi") &&
	      !strcmp(ss.s[2].name, "requet"));
	CHECK_EQ(metrics_flows(&ss.s[1].mt), 2);
	tinmap_init(&map);
	fp = open_memstream(&text, &len);
	sources_print_text(fp, &ss, &map);
	fclose(fp);
	CHECK(strstr(text, "\nndpi                           2    0.133    0.500    0.500        -    0.000\n") != NULL);
	free(text);
	sources_free(&ss);
}

static const struct unit_case cases[] = {
	UNIT_CASE(cake_table),
	UNIT_CASE(default_map),
	UNIT_CASE(scores),
	UNIT_CASE(text_report),
	UNIT_CASE(json_report),
	UNIT_CASE(source_names),
	UNIT_CASE(per_source),
};

UNIT_MAIN(cases)
