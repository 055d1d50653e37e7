// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the per-packet cost of the datapath's two paths, printed (not
 * asserted: figures, not timed tests).  In the debug test kernel KASAN,
 * lockdep and kmemleak instrument every access and lock, and qemu runs
 * without KVM, so the figures are upper bounds; see
 * Documentation/datapath.md for how to read them.
 *
 *  - classified: read the verdict from the conntrack entry and rewrite
 *    the DSCP (IPv4, checksum update);
 *  - in progress: find the flow in a table of 1024 and record the packet.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "../ctstate.h"
#include "../dfi.h"
#include "../dscp.h"
#include "ct_helpers.h"

#define ROUNDS	100000
#define FLOWS	1024

static void dfi_bench_classified_test(struct kunit *test)
{
	struct dfi_net *dn = kunit_kzalloc(test, sizeof(*dn), GFP_KERNEL);
	struct nf_conn *ct = dfi_test_ct(test, 5000);
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	unsigned int i, rewrites = 0;
	struct iphdr *iph;
	u64 t0, ns;

	KUNIT_ASSERT_NOT_NULL(test, dn);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	dn->labels_base = -1;
	dn->cfg.mark_mask = 0x1f00;
	dn->dscp[0] = 46;
	dn->dscp[1] = 34;
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, 60);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(60);
	iph->protocol = IPPROTO_UDP;
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);

	t0 = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++) {
		u8 st;

		/* flip the verdict so that every packet is rewritten */
		dfi_ct_state_set(dn, ct, DFI_CT_CLASS(i & 1));
		st = dfi_ct_state(dn, ct);
		if (dfi_dscp_set(skb, NFPROTO_IPV4, dn->dscp[st - 1]) > 0)
			rewrites++;
	}
	ns = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, rewrites, ROUNDS);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	kunit_info(test, "bench classified_ns_per_packet: %llu (verdict write + read + DSCP rewrite)\n",
		   div_u64(ns, ROUNDS));

	/* the plain read path: verdict read and a DSCP that is already set */
	t0 = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++)
		dfi_dscp_set(skb, NFPROTO_IPV4, dn->dscp[dfi_ct_state(dn, ct) - 1]);
	ns = ktime_get_ns() - t0;
	kunit_info(test, "bench classified_read_ns_per_packet: %llu (verdict read + DSCP check)\n",
		   div_u64(ns, ROUNDS));
	kfree_skb(skb);
	nf_ct_put(ct);
}

static bool record(struct dfi_flow *f, void *arg)
{
	if (dfi_feat_step(&f->feat, f->seq_len, 0, f->feat.last_us + 100,
			  200, f->feat.npkts & 1, 0, 0) == DFI_STEP_FULL)
		f->feat.npkts = 0;	/* keep it in progress */
	return false;
}

static void dfi_bench_in_progress_test(struct kunit *test)
{
	struct nf_conn **ct = kunit_kcalloc(test, FLOWS, sizeof(*ct), GFP_KERNEL);
	struct dfi_flowtab t;
	unsigned int i, hits = 0;
	struct dfi_flow *f;
	u64 t0, ns;
	bool found;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, ct);
	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 4 * FLOWS), 0);
	for (i = 0; i < FLOWS; i++) {
		ct[i] = dfi_test_ct(test, 10000 + i);
		f = dfi_flow_alloc(&t, ct[i], 32, 1, &err);
		KUNIT_ASSERT_NOT_NULL(test, f);
		dfi_feat_init(&f->feat, IPPROTO_UDP, 10000 + i, 5000, 0);
		KUNIT_ASSERT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
	}
	t0 = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++) {
		dfi_flowtab_update(&t, ct[(i * 617) % FLOWS], record, NULL,
				   &found);
		hits += found;
	}
	ns = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, hits, ROUNDS);
	kunit_info(test, "bench in_progress_ns_per_packet: %llu (lookup in %u flows + record)\n",
		   div_u64(ns, ROUNDS), FLOWS);
	dfi_flowtab_destroy(&t);
	for (i = 0; i < FLOWS; i++)
		nf_ct_put(ct[i]);
}

static struct kunit_case dfi_bench_cases[] = {
	KUNIT_CASE(dfi_bench_classified_test),
	KUNIT_CASE(dfi_bench_in_progress_test),
	{}
};

static struct kunit_suite dfi_bench_suite = {
	.name = "dfi_bench",
	.test_cases = dfi_bench_cases,
};

kunit_test_suite(dfi_bench_suite);
