// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the client-host table of the host fan-out context (kmod/hosts.c)
 * on the shared vectors (context_vectors.h, which the userspace flow table
 * must count alike), its cap, its GC, the families, and the size of an
 * entry; and the host-pair table beside it (kmod/pairs.c), which shares
 * the table code (kmod/ctxtab.c).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/netfilter.h>

#include "../hosts.h"
#include "../pairs.h"
#include "context_vectors.h"

#define BASE_US		(100ULL * USEC_PER_SEC)

/* Client c is 10.0.0.c, server s 10.0.1.s. */
static union nf_inet_addr host_addr(u8 net, u8 id)
{
	union nf_inet_addr a = {};

	a.ip = htonl(0x0a000000 | net << 8 | id);
	return a;
}

static int start(struct dfi_ctxtab *t, u32 family, u8 client, u8 server,
		 u64 t_us, u16 cport, u16 sport, u8 l4, struct dfi_flow_ctx *c)
{
	union nf_inet_addr ca = host_addr(0, client), sa = host_addr(1, server);

	return dfi_hosts_start(t, family, &ca, &sa, t_us, sport, cport, l4, c);
}

static void dfi_hosts_vectors_test(struct kunit *test)
{
	const struct dfi_host_ctx_vec *v;
	struct dfi_flow_ctx c;
	struct dfi_ctxtab t;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, dfi_ctxtab_init(&t, 16), 0);
	for (i = 0; i < ARRAY_SIZE(dfi_host_ctx_vectors); i++) {
		v = &dfi_host_ctx_vectors[i];
		memset(&c, 0xff, sizeof(c));
		KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV4, v->client,
					    v->server,
					    BASE_US + v->t_ms * USEC_PER_MSEC,
					    v->client_port, v->server_port,
					    v->l4, &c), 0);
		KUNIT_EXPECT_EQ_MSG(test, c.host_p2p, v->p2p, "start #%u", i);
		KUNIT_EXPECT_EQ_MSG(test, c.host_same_cport, v->same_cport,
				    "start #%u", i);
		/* the pair fields are not the host table's */
		KUNIT_EXPECT_EQ(test, c.pair_flows, 0xffff);
	}
	KUNIT_EXPECT_EQ(test, t.count, 2U);
	dfi_ctxtab_destroy(&t);
}

/*
 * The same client address in two conntrack zones is two hosts: a flow of
 * zone 1 does not count one of zone 0 (nor would it with one zone).
 */
static void dfi_hosts_zones_test(struct kunit *test)
{
	u32 z0 = dfi_ctx_space(NFPROTO_IPV4, 0);
	u32 z1 = dfi_ctx_space(NFPROTO_IPV4, 1);
	struct dfi_flow_ctx c;
	struct dfi_ctxtab t;

	KUNIT_ASSERT_EQ(test, dfi_ctxtab_init(&t, 16), 0);
	KUNIT_EXPECT_EQ(test, start(&t, z0, 1, 1, BASE_US, 40000, 6881,
				    IPPROTO_UDP, &c), 0);
	KUNIT_EXPECT_EQ(test, start(&t, z1, 1, 2, BASE_US + 1000, 40000, 6881,
				    IPPROTO_UDP, &c), 0);
	KUNIT_EXPECT_EQ(test, c.host_p2p, 0);
	KUNIT_EXPECT_EQ(test, c.host_same_cport, 0);
	KUNIT_EXPECT_EQ(test, t.count, 2U);
	/* in one zone, the second server counts the first flow */
	KUNIT_EXPECT_EQ(test, start(&t, z0, 1, 2, BASE_US + 2000, 40000, 6881,
				    IPPROTO_UDP, &c), 0);
	KUNIT_EXPECT_EQ(test, c.host_p2p, 1);
	KUNIT_EXPECT_EQ(test, c.host_same_cport, 1);
	dfi_ctxtab_destroy(&t);
}

static void dfi_hosts_cap_test(struct kunit *test)
{
	struct dfi_flow_ctx c;
	struct dfi_ctxtab t;

	KUNIT_ASSERT_EQ(test, dfi_ctxtab_init(&t, 2), 0);
	KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV4, 1, 1, BASE_US, 40000,
				    6881, IPPROTO_UDP, &c), 0);
	KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV4, 2, 1, BASE_US, 40000,
				    6881, IPPROTO_UDP, &c), 0);
	/* a third client: no room, an empty host context */
	c.host_p2p = 7;
	c.host_same_cport = 7;
	KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV4, 3, 1, BASE_US, 40000,
				    6881, IPPROTO_UDP, &c), -ENOSPC);
	KUNIT_EXPECT_EQ(test, c.host_p2p, 0);
	KUNIT_EXPECT_EQ(test, c.host_same_cport, 0);
	KUNIT_EXPECT_EQ(test, t.count, 2U);
	/* the same address in the other family is another host */
	KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV6, 1, 2, BASE_US, 40000,
				    6881, IPPROTO_UDP, &c), -ENOSPC);
	/* the clients it has still get their context */
	KUNIT_EXPECT_EQ(test, start(&t, NFPROTO_IPV4, 1, 2, BASE_US + 1, 40000,
				    6881, IPPROTO_UDP, &c), 0);
	KUNIT_EXPECT_EQ(test, c.host_p2p, 1);
	KUNIT_EXPECT_EQ(test, c.host_same_cport, 1);
	dfi_ctxtab_destroy(&t);
}

static void dfi_hosts_gc_test(struct kunit *test)
{
	const u64 w = DFI_CTX_WINDOW_US;
	struct dfi_flow_ctx c;
	struct dfi_ctxtab t;

	KUNIT_ASSERT_EQ(test, dfi_ctxtab_init(&t, 8), 0);
	start(&t, NFPROTO_IPV4, 1, 1, BASE_US, 40000, 6881, IPPROTO_UDP, &c);
	start(&t, NFPROTO_IPV4, 2, 1, BASE_US, 40000, 6881, IPPROTO_UDP, &c);
	start(&t, NFPROTO_IPV4, 2, 2, BASE_US + w, 40000, 6881, IPPROTO_UDP,
	      &c);
	KUNIT_EXPECT_EQ(test, t.count, 2U);
	/* a window after their newest start: both kept */
	dfi_ctxtab_gc(&t, BASE_US + w);
	KUNIT_EXPECT_EQ(test, t.count, 2U);
	/* past it, client 1 goes; client 2 began a flow later */
	dfi_ctxtab_gc(&t, BASE_US + w + 1);
	KUNIT_EXPECT_EQ(test, t.count, 1U);
	dfi_ctxtab_gc(&t, BASE_US + 2 * w + 1);
	KUNIT_EXPECT_EQ(test, t.count, 0U);
	/* a client that comes back starts afresh */
	start(&t, NFPROTO_IPV4, 2, 3, BASE_US + 2 * w + 2, 40000, 6881,
	      IPPROTO_UDP, &c);
	KUNIT_EXPECT_EQ(test, c.host_p2p, 0);
	KUNIT_EXPECT_EQ(test, t.count, 1U);
	dfi_ctxtab_destroy(&t);
	KUNIT_EXPECT_NULL(test, t.h);
}

/* A flow between @x and @y; the pair context it gets, as "flows same udp". */
static void expect_pair(struct kunit *test, struct dfi_ctxtab *t,
			const union nf_inet_addr *x,
			const union nf_inet_addr *y, u64 t_us, u16 sport, u8 l4,
			int ret, const u16 want[3])
{
	struct dfi_flow_ctx c = { .host_p2p = 9 };

	KUNIT_EXPECT_EQ(test, dfi_pairs_start(t, NFPROTO_IPV4, x, y, t_us,
					      sport, l4, &c), ret);
	KUNIT_EXPECT_EQ(test, c.pair_flows, want[0]);
	KUNIT_EXPECT_EQ(test, c.pair_same_port, want[1]);
	KUNIT_EXPECT_EQ(test, c.pair_udp, want[2]);
	/* the host fields are not the pair table's */
	KUNIT_EXPECT_EQ(test, c.host_p2p, 9);
}

static void dfi_pairs_test(struct kunit *test)
{
	union nf_inet_addr a = host_addr(0, 1), b = host_addr(1, 1);
	union nf_inet_addr x = host_addr(1, 2);
	static const u16 none[3], one[3] = { 1, 0, 0 }, two[3] = { 2, 1, 1 };
	struct dfi_ctxtab t;

	KUNIT_ASSERT_EQ(test, dfi_ctxtab_init(&t, 2), 0);
	expect_pair(test, &t, &a, &b, BASE_US, 443, IPPROTO_TCP, 0, none);
	expect_pair(test, &t, &a, &b, BASE_US + 1, 53, IPPROTO_UDP, 0, one);
	/* the other direction is the same pair */
	expect_pair(test, &t, &b, &a, BASE_US + 2, 443, IPPROTO_TCP, 0, two);
	KUNIT_EXPECT_EQ(test, t.count, 1U);
	/* a second pair fills the table, a third is refused */
	expect_pair(test, &t, &a, &x, BASE_US, 443, IPPROTO_TCP, 0, none);
	expect_pair(test, &t, &b, &x, BASE_US, 443, IPPROTO_TCP, -ENOSPC, none);
	dfi_ctxtab_gc(&t, BASE_US + DFI_CTX_WINDOW_US + 3);
	KUNIT_EXPECT_EQ(test, t.count, 0U);
	dfi_ctxtab_destroy(&t);
}

static void dfi_host_size_test(struct kunit *test)
{
	KUNIT_EXPECT_LE(test, dfi_host_size(), (size_t)1024);
	kunit_info(test, "sizeof(struct dfi_host): %zu bytes\n",
		   dfi_host_size());
}

static struct kunit_case dfi_hosts_cases[] = {
	KUNIT_CASE(dfi_hosts_vectors_test),
	KUNIT_CASE(dfi_hosts_zones_test),
	KUNIT_CASE(dfi_hosts_cap_test),
	KUNIT_CASE(dfi_hosts_gc_test),
	KUNIT_CASE(dfi_pairs_test),
	KUNIT_CASE(dfi_host_size_test),
	{}
};

static struct kunit_suite dfi_hosts_suite = {
	.name = "dfi_hosts",
	.test_cases = dfi_hosts_cases,
};

kunit_test_suite(dfi_hosts_suite);
