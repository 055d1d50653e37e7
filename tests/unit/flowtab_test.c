// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table (userspace/flowtab.c): keying, client = first sender,
 * the decision rule (seq_len, deadline before the late packet, end of
 * capture) and the multi-flow context (window, cap, host pair, client
 * host: the vectors the kernel's host table is checked with too).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../kmod/kunit/context_vectors.h"
#include "flowtab.h"
#include "unit.h"

#define MAX_DECIDED	64

struct decided {
	int n;
	const struct flow *flow[MAX_DECIDED];
	u8 npkts[MAX_DECIDED];
};

static void on_decided(void *arg, const struct flow *f,
		       const struct dfi_flow_ctx *ctx,
		       const struct dfi_flow_feat *feat)
{
	struct decided *d = arg;

	CHECK(ctx == &f->ctx);
	CHECK(feat == f->feat);
	if (d->n < MAX_DECIDED) {
		d->flow[d->n] = f;
		d->npkts[d->n] = feat->npkts;
	}
	d->n++;
}

/* A packet from host @a:@sp to host @b:@dp (hosts 10.0.0.x). */
static struct cap_pkt pkt(u64 ts, u8 l4, u8 a, u16 sp, u8 b, u16 dp,
			  u32 len)
{
	struct cap_pkt p;

	memset(&p, 0, sizeof(p));
	p.ts_us = ts;
	p.family = AF_INET;
	p.l4 = l4;
	p.src[0] = 10;
	p.src[3] = a;
	p.dst[0] = 10;
	p.dst[3] = b;
	p.sport = sp;
	p.dport = dp;
	p.ip_len = len;
	p.tcp_flags = l4 == DFI_IPPROTO_TCP ? DFI_TCP_SYN : 0;
	return p;
}

/* TCP from @a:@sp to @b:@dp with @flags, @hlen bytes of TCP header. */
static struct cap_pkt tcp_pkt(u64 ts, u8 a, u16 sp, u8 b, u16 dp, u32 len,
			      u8 flags, u8 hlen, u16 mss)
{
	struct cap_pkt p = pkt(ts, DFI_IPPROTO_TCP, a, sp, b, dp, len);

	p.tcp_flags = flags;
	p.l4_hlen = hlen;
	p.hdr_len = (u16)(20 + hlen);
	p.mss = mss;
	return p;
}

static void add(struct flowtab *t, struct cap_pkt p)
{
	CHECK_EQ(flowtab_add(t, &p), 0);
}

static const struct flow *lookup(const struct flowtab *t, u8 l4, u8 a,
				 u16 sp, u8 b, u16 dp)
{
	struct cap_pkt p = pkt(0, l4, a, sp, b, dp, 0);
	struct endpoint x, y;
	struct flow_key k;

	memcpy(x.addr, p.src, 16);
	x.port = sp;
	memcpy(y.addr, p.dst, 16);
	y.port = dp;
	flow_key_make(&k, AF_INET, l4, &x, &y);
	return flowtab_find(t, &k);
}

static void keying(void)
{
	struct flowtab *t = flowtab_new(8, 0, NULL, NULL);
	const struct flow *f;
	struct endpoint c;

	/* the client (10.0.0.9) has the larger address: endpoint b */
	add(t, pkt(100, DFI_IPPROTO_TCP, 9, 40000, 1, 443, 60));
	add(t, pkt(200, DFI_IPPROTO_TCP, 1, 443, 9, 40000, 1500));
	add(t, pkt(300, DFI_IPPROTO_TCP, 9, 40000, 1, 443, 52));
	add(t, pkt(400, DFI_IPPROTO_UDP, 9, 40000, 1, 443, 1200));
	add(t, pkt(500, DFI_IPPROTO_TCP, 9, 40001, 1, 443, 60));
	/* this one's client (10.0.0.1) is endpoint a */
	add(t, pkt(600, DFI_IPPROTO_TCP, 1, 5000, 9, 22, 60));
	add(t, pkt(700, DFI_IPPROTO_TCP, 9, 22, 1, 5000, 60));
	CHECK_EQ(flowtab_count(t), 4);

	f = lookup(t, DFI_IPPROTO_TCP, 1, 443, 9, 40000);
	CHECK(f != NULL);
	CHECK(f == lookup(t, DFI_IPPROTO_TCP, 9, 40000, 1, 443));
	CHECK(f == flowtab_flow(t, 0));
	if (f) {
		CHECK_EQ(f->packets, 3);
		CHECK_EQ(f->client_is_b, 1);
		flow_client(f, &c);
		CHECK_EQ(c.addr[3], 9);
		CHECK_EQ(c.port, 40000);
		flow_server(f, &c);
		CHECK_EQ(c.addr[3], 1);
		CHECK_EQ(c.port, 443);
		CHECK_EQ(f->feat->npkts, 3);
		CHECK_EQ(f->feat->server_port, 443);
		CHECK_EQ(f->feat->l4, DFI_IPPROTO_TCP);
		CHECK_EQ(f->feat->pkt[0].size & DFI_PKT_REPLY, 0);
		CHECK_EQ(f->feat->pkt[1].size & DFI_PKT_REPLY, DFI_PKT_REPLY);
		CHECK_EQ(f->feat->pkt[2].size & DFI_PKT_REPLY, 0);
		CHECK_EQ(f->feat->pkt[1].size & DFI_PKT_SIZE_MASK,
			 dfi_q_size(1500));
	}
	f = lookup(t, DFI_IPPROTO_UDP, 1, 443, 9, 40000);
	CHECK(f && f->packets == 1 && f->feat->l4 == DFI_IPPROTO_UDP);
	f = lookup(t, DFI_IPPROTO_TCP, 9, 22, 1, 5000);
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(f->client_is_b, 0);
		CHECK_EQ(f->feat->server_port, 22);
		CHECK_EQ(f->feat->pkt[1].size & DFI_PKT_REPLY, DFI_PKT_REPLY);
	}
	CHECK(lookup(t, DFI_IPPROTO_TCP, 9, 22, 1, 5001) == NULL);
	flowtab_free(t);
}

static void decide_at_seq_len(void)
{
	struct decided d = { 0 };
	struct flowtab *t = flowtab_new(4, 1000000, on_decided, &d);
	const struct flow *f;
	int i;

	for (i = 0; i < 3; i++)
		add(t, pkt(10 * i, DFI_IPPROTO_TCP, 1, 1000, 2, 80, 100));
	CHECK_EQ(d.n, 0);
	add(t, pkt(30, DFI_IPPROTO_TCP, 2, 80, 1, 1000, 100));
	CHECK_EQ(d.n, 1);
	if (d.n != 1)
		goto out;
	CHECK_EQ(d.npkts[0], 4);
	f = d.flow[0];
	CHECK_EQ(f->decided_by, FLOW_BY_SEQ_LEN);
	/* later packets: counted only */
	for (i = 0; i < 5; i++)
		add(t, pkt(40 + i, DFI_IPPROTO_TCP, 1, 1000, 2, 80, 100));
	CHECK_EQ(d.n, 1);
	CHECK_EQ(f->packets, 9);
	CHECK_EQ(f->feat->npkts, 4);
	CHECK_EQ(f->feat->last_us, 30);
	flowtab_finish(t);
	CHECK_EQ(d.n, 1);
out:
	flowtab_free(t);
}

static void decide_at_deadline(void)
{
	struct decided d = { 0 };
	struct flowtab *t = flowtab_new(8, 1000, on_decided, &d);
	const struct flow *f;

	add(t, pkt(5000, DFI_IPPROTO_UDP, 1, 1000, 2, 53, 80));
	add(t, pkt(5999, DFI_IPPROTO_UDP, 2, 53, 1, 1000, 200));
	CHECK_EQ(d.n, 0);
	/* exactly deadline_us after the first: decided without it */
	add(t, pkt(6000, DFI_IPPROTO_UDP, 1, 1000, 2, 53, 80));
	CHECK_EQ(d.n, 1);
	if (d.n != 1)
		goto out;
	f = d.flow[0];
	CHECK_EQ(d.npkts[0], 2);
	CHECK_EQ(f->decided_by, FLOW_BY_DEADLINE);
	CHECK_EQ(f->feat->npkts, 2);
	CHECK_EQ(f->feat->last_us, 5999);
	CHECK_EQ(f->packets, 3);

	/* a packet earlier than the flow's latest is not late */
	add(t, pkt(7000, DFI_IPPROTO_UDP, 3, 1000, 2, 53, 80));
	add(t, pkt(7500, DFI_IPPROTO_UDP, 3, 1000, 2, 53, 80));
	add(t, pkt(6000, DFI_IPPROTO_UDP, 2, 53, 3, 1000, 80));
	CHECK_EQ(d.n, 1);
	f = lookup(t, DFI_IPPROTO_UDP, 3, 1000, 2, 53);
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(f->feat->npkts, 3);
		CHECK_EQ(f->backwards, 1);
		CHECK_EQ(f->feat->pkt[2].iat & DFI_PKT_IAT_MASK, 0);
	}
out:
	flowtab_free(t);
}

static void decide_at_end(void)
{
	struct decided d = { 0 };
	struct flowtab *t = flowtab_new(8, 0, on_decided, &d);

	add(t, pkt(0, DFI_IPPROTO_TCP, 1, 1000, 2, 80, 100));
	add(t, pkt(1, DFI_IPPROTO_TCP, 3, 1000, 2, 80, 100));
	/* no deadline: an hour later still records */
	add(t, pkt(3600000000ULL, DFI_IPPROTO_TCP, 2, 80, 1, 1000, 100));
	CHECK_EQ(d.n, 0);
	flowtab_finish(t);
	CHECK_EQ(d.n, 2);
	if (d.n != 2)
		goto out;
	CHECK(d.flow[0] == flowtab_flow(t, 0));
	CHECK(d.flow[1] == flowtab_flow(t, 1));
	CHECK_EQ(d.npkts[0], 2);
	CHECK_EQ(d.npkts[1], 1);
	CHECK_EQ(d.flow[0]->decided_by, FLOW_BY_END);
out:
	flowtab_free(t);
}

static const struct dfi_flow_ctx *ctx_of(const struct flowtab *t, u8 l4,
					 u8 a, u16 sp, u8 b, u16 dp)
{
	const struct flow *f = lookup(t, l4, a, sp, b, dp);

	CHECK(f != NULL);
	return f ? &f->ctx : NULL;
}

static void context_counts(void)
{
	struct flowtab *t = flowtab_new(8, 0, NULL, NULL);
	const struct dfi_flow_ctx *c;
	const u64 s = 1000000, w = DFI_CTX_WINDOW_US;

	add(t, pkt(100 * s, DFI_IPPROTO_TCP, 1, 1000, 2, 443, 60));
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1000, 2, 443);
	CHECK(c && c->pair_flows == 0 && c->pair_same_port == 0);
	add(t, pkt(101 * s, DFI_IPPROTO_UDP, 1, 1001, 2, 443, 60));
	add(t, pkt(102 * s, DFI_IPPROTO_UDP, 2, 5000, 1, 53, 60));
	add(t, pkt(102 * s, DFI_IPPROTO_TCP, 1, 1002, 3, 443, 60));
	/* packets of existing flows change nothing */
	add(t, pkt(103 * s, DFI_IPPROTO_TCP, 2, 443, 1, 1000, 60));
	add(t, pkt(103 * s, DFI_IPPROTO_TCP, 1, 1003, 2, 443, 60));
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1003, 2, 443);
	if (c) {
		/* both directions are one host pair; 10.0.0.3 is another */
		CHECK_EQ(c->pair_flows, 3);
		CHECK_EQ(c->pair_same_port, 2);
		CHECK_EQ(c->pair_udp, 2);
	}
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1002, 3, 443);
	CHECK(c && c->pair_flows == 0);

	/* exactly the window after the first flow: it still counts */
	add(t, pkt(100 * s + w, DFI_IPPROTO_TCP, 1, 1004, 2, 443, 60));
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1004, 2, 443);
	CHECK(c && c->pair_flows == 4 && c->pair_same_port == 3);
	/* a microsecond later it does not */
	add(t, pkt(100 * s + w + 1, DFI_IPPROTO_TCP, 1, 1005, 2, 443, 60));
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1005, 2, 443);
	CHECK(c && c->pair_flows == 4 && c->pair_same_port == 3);
	/* a flow whose time is before flows that began earlier in the file */
	add(t, pkt(101 * s + 1, DFI_IPPROTO_TCP, 1, 1006, 2, 443, 60));
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 1006, 2, 443);
	CHECK(c && c->pair_flows == 2 && c->pair_same_port == 2);
	flowtab_free(t);
}

static void context_cap(void)
{
	struct flowtab *t = flowtab_new(8, 0, NULL, NULL);
	const struct dfi_flow_ctx *c;
	u16 i;

	/* 40 UDP flows to port 53, then 10 TCP flows to 443 */
	for (i = 0; i < 40; i++)
		add(t, pkt(1000 + i, DFI_IPPROTO_UDP, 1, 2000 + i, 2, 53, 60));
	c = ctx_of(t, DFI_IPPROTO_UDP, 1, 2000 + 39, 2, 53);
	CHECK(c && c->pair_flows == DFI_CTX_MAX && c->pair_udp == DFI_CTX_MAX);
	c = ctx_of(t, DFI_IPPROTO_UDP, 1, 2000 + 20, 2, 53);
	CHECK(c && c->pair_flows == 20 && c->pair_same_port == 20);
	for (i = 0; i < 10; i++)
		add(t, pkt(2000 + i, DFI_IPPROTO_TCP, 1, 3000 + i, 2, 443, 60));
	/* the 32 most recent: 9 TCP flows and the last 23 UDP ones */
	c = ctx_of(t, DFI_IPPROTO_TCP, 1, 3000 + 9, 2, 443);
	if (c) {
		CHECK_EQ(c->pair_flows, DFI_CTX_MAX);
		CHECK_EQ(c->pair_same_port, 9);
		CHECK_EQ(c->pair_udp, 23);
	}
	flowtab_free(t);
}

/* Client c is 10.0.0.c, server s is 10.0.1.s (context_vectors.h). */
static struct cap_pkt host_pkt(const struct dfi_host_ctx_vec *v)
{
	struct cap_pkt p = pkt(100000000ULL + v->t_ms * 1000ULL, v->l4,
			       v->client, v->client_port, v->server,
			       v->server_port, 60);

	p.dst[2] = 1;
	return p;
}

static void host_context_vectors(void)
{
	struct flowtab *t = flowtab_new(8, 0, NULL, NULL);
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(dfi_host_ctx_vectors); i++) {
		const struct dfi_host_ctx_vec *v = &dfi_host_ctx_vectors[i];
		const struct flow *f;

		add(t, host_pkt(v));
		/* and the server's answer, which begins nothing */
		if (i % 2) {
			struct cap_pkt r = host_pkt(v), q = r;

			memcpy(r.src, q.dst, 16);
			memcpy(r.dst, q.src, 16);
			r.sport = q.dport;
			r.dport = q.sport;
			add(t, r);
		}
		CHECK_EQ(flowtab_count(t), i + 1);
		f = flowtab_flow(t, i);
		if (f->ctx.host_p2p != v->p2p ||
		    f->ctx.host_same_cport != v->same_cport)
			printf("# start #%u: host_p2p %u, host_same_cport %u\n",
			       i, f->ctx.host_p2p, f->ctx.host_same_cport);
		CHECK_EQ(f->ctx.host_p2p, v->p2p);
		CHECK_EQ(f->ctx.host_same_cport, v->same_cport);
	}
	flowtab_free(t);
}

static void host_context_cap_ipv6(void)
{
	struct flowtab *t = flowtab_new(8, 0, NULL, NULL);
	const struct flow *f;
	u16 i;

	/* 40 flows of one client to 40 servers: the last 32 count */
	for (i = 0; i < 40; i++)
		add(t, pkt(1000 + i, DFI_IPPROTO_UDP, 1, 50000, (u8)(10 + i),
			   6881, 60));
	f = flowtab_flow(t, 20);
	CHECK(f->ctx.host_p2p == 20 && f->ctx.host_same_cport == 20);
	f = flowtab_flow(t, 39);
	CHECK_EQ(f->ctx.host_p2p, DFI_CTX_MAX);
	CHECK_EQ(f->ctx.host_same_cport, DFI_CTX_MAX);
	/* the ring holds flows 8..39: to flow 8's server, 31 others count */
	add(t, pkt(2000, DFI_IPPROTO_UDP, 1, 50001, 18, 6881, 60));
	f = flowtab_flow(t, 40);
	CHECK_EQ(f->ctx.host_p2p, DFI_CTX_MAX - 1);
	CHECK_EQ(f->ctx.host_same_cport, 0);
	flowtab_free(t);

	/* IPv6 servers that differ in their last byte only are two hosts */
	t = flowtab_new(8, 0, NULL, NULL);
	for (i = 0; i < 3; i++) {
		struct cap_pkt p = pkt(1000 + i, DFI_IPPROTO_UDP, 1, 50000, 2,
				       (u16)(6881 + i), 60);

		p.family = AF_INET6;
		memset(p.src + 4, 0xab, 12);
		memset(p.dst + 4, 0xab, 11);
		p.dst[15] = (u8)(i < 2 ? 0 : 1);
		add(t, p);
	}
	/* the second: the first's server; the third: another one */
	CHECK_EQ(flowtab_flow(t, 1)->ctx.host_p2p, 0);
	CHECK_EQ(flowtab_flow(t, 2)->ctx.host_p2p, 2);
	CHECK_EQ(flowtab_flow(t, 2)->ctx.pair_flows, 0);
	flowtab_free(t);
}

static void ipv6_flows(void)
{
	struct flowtab *t = flowtab_new(2, 0, NULL, NULL);
	struct cap_pkt p = pkt(1, DFI_IPPROTO_UDP, 1, 1000, 2, 3478, 100);
	struct cap_pkt q;

	p.family = AF_INET6;
	p.src[15] = 0x11;
	q = p;
	memcpy(q.src, p.dst, 16);
	memcpy(q.dst, p.src, 16);
	q.sport = p.dport;
	q.dport = p.sport;
	add(t, p);
	add(t, q);
	/* the same numbers as IPv4 are another flow */
	p.family = AF_INET;
	add(t, p);
	CHECK_EQ(flowtab_count(t), 2);
	CHECK_EQ(flowtab_flow(t, 0)->packets, 2);
	CHECK_EQ(flowtab_flow(t, 0)->decided_by, FLOW_BY_SEQ_LEN);
	CHECK_EQ(flowtab_flow(t, 1)->ctx.pair_flows, 0);
	flowtab_free(t);
}

static void many_flows(void)
{
	struct flowtab *t = flowtab_new(1, 0, NULL, NULL);
	u32 i;

	/* enough to grow the hash indexes several times */
	for (i = 0; i < 20000; i++) {
		struct cap_pkt p = pkt(i, DFI_IPPROTO_UDP, (u8)(i % 200),
				       (u16)(i / 200), 2, 53, 60);

		p.src[2] = (u8)(i >> 8);
		add(t, p);
	}
	CHECK_EQ(flowtab_count(t), 20000);
	CHECK(lookup(t, DFI_IPPROTO_UDP, 7, 0, 2, 53) != NULL);
	flowtab_free(t);
	CHECK(flowtab_new(0, 0, NULL, NULL) == NULL);
	CHECK(flowtab_new(DFI_MAX_SEQ + 1, 0, NULL, NULL) == NULL);
}

/*
 * GRO aggregates in a capture: TCP split by the smaller MSS of the SYNs
 * less the options, UDP by its largest packet <= 1500 bytes, and not at
 * all before one is seen.
 */
static void gro_aggregates(void)
{
	struct decided d = { 0 };
	struct flowtab *t = flowtab_new(16, 0, on_decided, &d);
	const struct dfi_flow_feat *ft;
	struct cap_pkt u;
	unsigned int i;

	CHECK(t != NULL);
	if (!t)
		return;
	add(t, tcp_pkt(1000, 1, 40000, 2, 443, 60, DFI_TCP_SYN, 40, 1460));
	add(t, tcp_pkt(2000, 2, 443, 1, 40000, 60, DFI_TCP_SYN | 0x10, 40,
		       1400));
	/* 3 x (1400 - 12) bytes and 100 more: 4 segments, PSH on the last */
	add(t, tcp_pkt(3000, 1, 40000, 2, 443, 52 + 3 * 1388 + 100,
		       DFI_TCP_PSH | 0x10, 32, 0));
	/* within one segment: as it is */
	add(t, tcp_pkt(4000, 2, 443, 1, 40000, 52 + 1388, 0x10, 32, 0));
	ft = flowtab_flow(t, 0)->feat;
	CHECK_EQ(flowtab_flow(t, 0)->packets, 4);
	CHECK_EQ(ft->npkts, 7);
	for (i = 2; i < 5; i++) {
		CHECK_EQ(ft->pkt[i].size, dfi_q_size(1440));
		CHECK_EQ(ft->pkt[i].iat & DFI_PKT_PSH, 0);
	}
	CHECK_EQ(ft->pkt[3].iat, 0);	/* the aggregate's time: gap 0 */
	CHECK_EQ(ft->pkt[5].size, dfi_q_size(152));
	CHECK(ft->pkt[5].iat & DFI_PKT_PSH);
	CHECK_EQ(ft->pkt[6].size, DFI_PKT_REPLY | dfi_q_size(1440));

	/* UDP: an aggregate before any packet <= 1500 is one packet */
	u = pkt(10000, DFI_IPPROTO_UDP, 1, 50000, 2, 443, 28 + 3000);
	u.hdr_len = 28;
	u.l4_hlen = 8;
	add(t, u);
	u.ts_us += 1000;
	u.ip_len = 28 + 1200;
	add(t, u);
	u.ts_us += 1000;
	u.ip_len = 28 + 1000;		/* smaller: 1200 stays the size */
	add(t, u);
	u.ts_us += 1000;
	u.ip_len = 28 + 2 * 1200 + 5;
	add(t, u);
	ft = flowtab_flow(t, 1)->feat;
	CHECK_EQ(ft->npkts, 6);
	CHECK_EQ(ft->pkt[0].size, dfi_q_size(3028));
	CHECK_EQ(ft->pkt[3].size, dfi_q_size(1228));
	CHECK_EQ(ft->pkt[4].size, dfi_q_size(1228));
	CHECK_EQ(ft->pkt[5].size, dfi_q_size(33));
	flowtab_free(t);
}

static const struct unit_case cases[] = {
	UNIT_CASE(keying),
	UNIT_CASE(decide_at_seq_len),
	UNIT_CASE(decide_at_deadline),
	UNIT_CASE(decide_at_end),
	UNIT_CASE(context_counts),
	UNIT_CASE(context_cap),
	UNIT_CASE(host_context_vectors),
	UNIT_CASE(host_context_cap_ipv6),
	UNIT_CASE(ipv6_flows),
	UNIT_CASE(many_flows),
	UNIT_CASE(gro_aggregates),
};

UNIT_MAIN(cases)
