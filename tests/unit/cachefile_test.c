// SPDX-License-Identifier: GPL-2.0
/*
 * Labelled unknown-cache exports (userspace/cachefile.c): a row becomes
 * the feature state the kernel recorded; unlabelled rows are skipped;
 * every kind of malformed line is an error with its line number.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cachefile.h"
#include "labels.h"
#include "unit.h"

#define ROW_TAIL ",3,0,32,3486,3,2,1,5,4,0,46,299891,3,0800881c0821\n"

static char tmpdir[64];
static char path[128];

static const char *write_file(const char *text)
{
	snprintf(path, sizeof(path), "%s/unknown.csv", tmpdir);
	return unit_write_file(path, text);
}

struct seen {
	int n;
	struct cache_flow last;
	struct dfi_pkt pkt[3];
	struct dfi_flow_feat ft;
	char client_ip[64];	/* cf->client_ip lives during the call only */
};

static void collect(void *arg, const struct cache_flow *cf)
{
	struct seen *s = arg;

	s->n++;
	s->last = *cf;
	s->ft = *cf->feat;
	memcpy(s->pkt, cf->feat->pkt, sizeof(s->pkt));
	snprintf(s->client_ip, sizeof(s->client_ip), "%s", cf->client_ip);
}

static void good_file(void)
{
	struct seen s = { 0 };
	char err[256];

	write_file(CACHEFILE_HEADER "\n"
		   "5,17,udp,198.18.0.2,33839,198.18.0.1,5002,voice" ROW_TAIL
		   "6,18,udp,198.18.0.2,33840,198.18.0.1,5002," ROW_TAIL
		   "7,19,tcp,fd00::2,40000,fd00::1,443,web" ROW_TAIL);
	CHECK_EQ(cachefile_read(path, collect, &s, err, sizeof(err)), 2);
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.last.cls, CLS_WEB);
	CHECK(!strcmp(s.client_ip, "fd00::2"));
	CHECK_EQ(s.ft.l4, DFI_IPPROTO_TCP);
	CHECK_EQ(s.ft.client_port, 40000);
	CHECK_EQ(s.ft.server_port, 443);
	CHECK_EQ(s.ft.npkts, 3);
	CHECK_EQ(s.ft.first_us, 0);
	CHECK_EQ(s.ft.last_us, 299891);
	CHECK_EQ(s.ft.dscp_c2s, 0);
	CHECK_EQ(s.ft.dscp_s2c, 46);
	CHECK_EQ(s.pkt[0].size, 0x08);
	CHECK_EQ(s.pkt[0].iat, 0x00);
	CHECK_EQ(s.pkt[1].size, 0x88);
	CHECK_EQ(s.pkt[1].iat, 0x1c);
	CHECK_EQ(s.pkt[2].iat, 0x21);
	CHECK_EQ(s.last.ctx.pair_flows, 3);
	CHECK_EQ(s.last.ctx.pair_same_port, 2);
	CHECK_EQ(s.last.ctx.pair_udp, 1);
	CHECK_EQ(s.last.ctx.host_p2p, 5);
	CHECK_EQ(s.last.ctx.host_same_cport, 4);
}

static void bad(const char *text, const char *want)
{
	struct seen s = { 0 };
	char err[256];

	write_file(text);
	CHECK_EQ(cachefile_read(path, collect, &s, err, sizeof(err)), -1);
	if (!strstr(err, want)) {
		printf("# got \"%s\", wanted \"%s\"\n", err, want);
		CHECK(0);
	}
}

static void malformed(void)
{
	bad("", "empty file");
	bad("seq,time\n", ":1: not the header");
	bad(CACHEFILE_HEADER "\n1,2,udp\n", ":2: not 22 comma-separated");
	/* an export of an older dficlt, without the host context */
	bad(CACHEFILE_HEADER_SPEC1 "\n"
	    "1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,0,46,9,3,0800881c0821\n",
	    ":1: an export without the host context columns");
	/* a row of the old width under the new header */
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,0,46,9,3,0800881c0821\n",
	    ":2: not 22 comma-separated");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,,4,0,46,9,3,0800881c0821\n",
	    ":2: bad multi-flow context");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,5,65536,0,46,9,3,0800881c0821\n",
	    ":2: bad multi-flow context");
	bad(CACHEFILE_HEADER "\n1,2,sctp,a,1,b,2,voice" ROW_TAIL,
	    ":2: l4 is neither");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,70000,b,2,voice" ROW_TAIL,
	    ":2: bad port");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,chat" ROW_TAIL,
	    ":2: unknown class");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,5,4,0,64,9,3,0800881c0821\n",
	    ":2: bad DSCP");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,5,4,0,46,9,65,0800881c0821\n",
	    ":2: packets not 1..64");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,5,4,0,46,9,4,0800881c0821\n",
	    ":2: pkts is not 4 hex digits");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice,3,0,32,3486,3,2,1,5,4,0,46,9,3,0800881c08zz\n",
	    ":2: pkts is not lowercase hex");
	bad(CACHEFILE_HEADER "\n1,2,udp,a,1,b,2,voice" ROW_TAIL "x,y\n",
	    ":3: not 22");
	bad("/nonexistent", "");
}

static const struct unit_case cases[] = {
	UNIT_CASE(good_file),
	UNIT_CASE(malformed),
};

int main(void)
{
	int rc;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dfi-cachefile-test.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	rc = unit_run(cases, DFI_ARRAY_SIZE(cases));
	snprintf(path, sizeof(path), "%s/unknown.csv", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return rc;
}
