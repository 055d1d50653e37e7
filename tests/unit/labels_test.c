// SPDX-License-Identifier: GPL-2.0
/*
 * labels.csv parsing (userspace/labels.c): a good file, lookups in either
 * orientation, and every kind of malformed line with its line number.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <dfi/features.h>

#include "labels.h"
#include "unit.h"

#define HEADER "pcap,l4,client_ip,client_port,server_ip,server_port,class,app,packets\n"

static char tmpdir[64];
static char path[128];

static const char *write_file(const char *text)
{
	snprintf(path, sizeof(path), "%s/labels.csv", tmpdir);
	return unit_write_file(path, text);
}

static struct endpoint ep(const char *addr, u16 port)
{
	struct endpoint e;

	CHECK(addr_parse(addr, e.addr) != 0);
	e.port = port;
	return e;
}

static const struct label *find(const struct labels *ls, const char *pcap,
				u8 family, u8 l4, struct endpoint x,
				struct endpoint y)
{
	struct flow_key k;

	flow_key_make(&k, family, l4, &x, &y);
	return labels_find(ls, pcap, &k);
}

static void good_file(void)
{
	const char *text = HEADER
		"b.pcap,udp,2001:db8::1,5060,2001:db8::2,5062,voice,SIP.RTP,120\r\n"
		"a.pcap,tcp,10.0.0.2,50000,1.2.3.4,443,web,TLS.Google,40\n"
		"b.pcap,tcp,10.0.0.2,50000,1.2.3.4,443,other,SSH,4\n"
		"a.pcap,udp,10.0.0.2,50000,1.2.3.4,443,video,QUIC.YouTube,64\n";
	const struct label *lb;
	struct labels ls;
	char err[512];
	int rc;

	rc = labels_load(&ls, write_file(text), err, sizeof(err));
	CHECK_EQ(rc, 0);
	if (rc) {
		printf("# %s\n", err);
		return;
	}
	CHECK_EQ(ls.n, 4);
	if (ls.n != 4)
		return;
	/* sorted by capture, then line */
	CHECK(!strcmp(ls.row[0].pcap, "a.pcap"));
	CHECK_EQ(ls.row[0].line, 3);
	CHECK_EQ(ls.row[1].line, 5);
	CHECK_EQ(ls.row[2].line, 2);
	CHECK_EQ(ls.row[3].line, 4);

	lb = find(&ls, "a.pcap", AF_INET, DFI_IPPROTO_TCP,
		  ep("1.2.3.4", 443), ep("10.0.0.2", 50000));
	CHECK(lb != NULL);
	if (lb) {
		CHECK_EQ(lb->cls, CLS_WEB);
		CHECK(!strcmp(lb->app, "TLS.Google"));
		CHECK_EQ(lb->packets, 40);
		CHECK_EQ(lb->client.port, 50000);
		CHECK_EQ(lb->server.port, 443);
	}
	lb = find(&ls, "a.pcap", AF_INET, DFI_IPPROTO_UDP,
		  ep("10.0.0.2", 50000), ep("1.2.3.4", 443));
	CHECK(lb && lb->cls == CLS_VIDEO);
	lb = find(&ls, "b.pcap", AF_INET6, DFI_IPPROTO_UDP,
		  ep("2001:db8::2", 5062), ep("2001:db8::1", 5060));
	CHECK(lb && lb->cls == CLS_VOICE && lb->packets == 120);
	CHECK(find(&ls, "c.pcap", AF_INET, DFI_IPPROTO_TCP,
		   ep("1.2.3.4", 443), ep("10.0.0.2", 50000)) == NULL);
	CHECK(find(&ls, "a.pcap", AF_INET, DFI_IPPROTO_TCP,
		   ep("1.2.3.4", 443), ep("10.0.0.2", 50001)) == NULL);
	labels_free(&ls);
}

static void header_only(void)
{
	struct labels ls;
	char err[512];

	CHECK_EQ(labels_load(&ls, write_file(HEADER), err, sizeof(err)), 0);
	CHECK_EQ(ls.n, 0);
	labels_free(&ls);
}

/* Each text must fail with "FILE:LINE: ..." containing @what. */
static void expect_error(const char *text, int line, const char *what)
{
	char err[512], want[160];
	struct labels ls;

	CHECK_EQ(labels_load(&ls, write_file(text), err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	printf("# %s\n", err);
	CHECK(!strncmp(err, want, strlen(want)));
	CHECK(strstr(err, what) != NULL);
}

#define ROW_OK "a.pcap,tcp,10.0.0.2,50000,1.2.3.4,443,web,HTTP,10\n"

static void malformed(void)
{
	expect_error("", 1, "missing header");
	expect_error("pcap,l4,client_ip\n" ROW_OK, 1, "header");
	expect_error(HEADER ROW_OK "a.pcap,tcp,10.0.0.2,50000,1.2.3.4,443,web,HTTP\n",
		     3, "found 8");
	expect_error(HEADER ROW_OK ROW_OK "x,tcp,1.1.1.1,1,2.2.2.2,2,web,HTTP,10,extra\n",
		     4, "more than 9");
	expect_error(HEADER ROW_OK "\n", 3, "found 1");
	expect_error(HEADER "a.pcap,sctp,10.0.0.2,50000,1.2.3.4,443,web,HTTP,10\n",
		     2, "bad l4");
	expect_error(HEADER ROW_OK "a.pcap,tcp,10.0.0.256,50000,1.2.3.4,443,web,HTTP,10\n",
		     3, "bad client_ip");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,50000,[::1],443,web,HTTP,10\n",
		     2, "bad server_ip");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,65536,1.2.3.4,443,web,HTTP,10\n",
		     2, "bad client_port");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,5x,1.2.3.4,443,web,HTTP,10\n",
		     2, "bad client_port");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,1,1.2.3.4,,web,HTTP,10\n",
		     2, "bad server_port");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,1,1.2.3.4,-1,web,HTTP,10\n",
		     2, "bad server_port");
	expect_error(HEADER "a.pcap,tcp,10.0.0.2,1,::1,80,web,HTTP,10\n",
		     2, "different families");
	expect_error(HEADER ROW_OK ROW_OK ROW_OK "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,chat,X,10\n",
		     5, "unknown class 'chat'");
	expect_error(HEADER "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,Web,X,10\n",
		     2, "unknown class");
	expect_error(HEADER "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,web,,10\n",
		     2, "empty app");
	expect_error(HEADER "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,web,X,0\n",
		     2, "bad packets");
	expect_error(HEADER "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,web,X,4294967296\n",
		     2, "bad packets");
	expect_error(HEADER "a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,web,X,1 \n",
		     2, "bad packets");
	expect_error(HEADER ",tcp,10.0.0.3,1,1.2.3.4,80,web,X,1\n",
		     2, "bad pcap name");
	expect_error(HEADER "../a.pcap,tcp,10.0.0.3,1,1.2.3.4,80,web,X,1\n",
		     2, "bad pcap name");
	/* the same flow twice, the second time the other way round */
	expect_error(HEADER ROW_OK "b.pcap,tcp,1.2.3.4,443,10.0.0.2,50000,web,HTTP,10\n"
		     "a.pcap,tcp,1.2.3.4,443,10.0.0.2,50000,web,HTTP,10\n",
		     4, "already labelled on line 2");
}

static void unreadable(void)
{
	struct labels ls;
	char err[512];

	CHECK_EQ(labels_load(&ls, "/nonexistent/labels.csv", err, sizeof(err)), -1);
	printf("# %s\n", err);
	CHECK(strstr(err, "/nonexistent/labels.csv: ") == err);
}

static const struct unit_case cases[] = {
	UNIT_CASE(good_file),
	UNIT_CASE(header_only),
	UNIT_CASE(malformed),
	UNIT_CASE(unreadable),
};

int main(void)
{
	int rc;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dfi-labels-test.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	rc = unit_run(cases, sizeof(cases) / sizeof(cases[0]));
	snprintf(path, sizeof(path), "%s/labels.csv", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return rc;
}
