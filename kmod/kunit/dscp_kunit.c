// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: DSCP rewriting (kmod/dscp.c) on crafted IPv4 and IPv6 packets:
 * the new DSCP, ECN bits kept, the IPv4 header checksum and an IPv6
 * CHECKSUM_COMPLETE sum still right, shared (cloned) data left alone.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>

#include "../dscp.h"

#define PAYLOAD	64

static struct sk_buff *v4_skb(struct kunit *test, u8 tos)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + 128, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + sizeof(struct udphdr) + PAYLOAD);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(0xc6120001);
	iph->daddr = htonl(0xc6120002);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

static struct sk_buff *v6_skb(struct kunit *test, u8 tclass)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + 160, GFP_KERNEL);
	struct ipv6hdr *ip6h;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	ip6h = skb_put_zero(skb, sizeof(*ip6h) + sizeof(struct udphdr) + PAYLOAD);
	ip6h->version = 6;
	ip6h->flow_lbl[0] = 0x0a;	/* flow label bits next to the class */
	ip6h->flow_lbl[1] = 0xbc;
	ip6h->flow_lbl[2] = 0xde;
	ipv6_change_dsfield(ip6h, 0, tclass);
	ip6h->payload_len = htons(sizeof(struct udphdr) + PAYLOAD);
	ip6h->nexthdr = IPPROTO_UDP;
	ip6h->hop_limit = 64;
	ip6h->saddr.s6_addr[0] = 0xfd;
	ip6h->daddr.s6_addr[0] = 0xfd;
	ip6h->daddr.s6_addr[15] = 2;
	skb->protocol = htons(ETH_P_IPV6);
	/* as a NIC would hand it over: a sum of everything from the L3 header */
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, skb->len, 0);
	return skb;
}

static void dfi_dscp_v4_test(struct kunit *test)
{
	static const u8 ecn[] = { 0, 1, 2, 3 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ecn); i++) {
		struct sk_buff *skb = v4_skb(test, (10 << 2) | ecn[i]);
		struct iphdr *iph;

		KUNIT_EXPECT_EQ(test, dfi_dscp_get(skb), 10);
		KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV4, 46), 1);
		iph = ip_hdr(skb);
		KUNIT_EXPECT_EQ(test, iph->tos, (46 << 2) | ecn[i]);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
		KUNIT_EXPECT_EQ(test, dfi_dscp_get(skb), 46);
		/* the same DSCP again: nothing to do */
		KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV4, 46), 0);
		KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV4, 0), 1);
		KUNIT_EXPECT_EQ(test, ip_hdr(skb)->tos, ecn[i]);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
		KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV4, 64), -EINVAL);
		kfree_skb(skb);
	}
}

static void dfi_dscp_v6_test(struct kunit *test)
{
	struct sk_buff *skb = v6_skb(test, (8 << 2) | 2);
	struct ipv6hdr *ip6h;

	KUNIT_EXPECT_EQ(test, dfi_dscp_get(skb), 8);
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV6, 34), 1);
	ip6h = ipv6_hdr(skb);
	KUNIT_EXPECT_EQ(test, ipv6_get_dsfield(ip6h), (34 << 2) | 2);
	KUNIT_EXPECT_EQ(test, (u8)ip6h->version, 6);
	KUNIT_EXPECT_EQ(test, ip6h->flow_lbl[0] & 0x0f, 0x0a);
	KUNIT_EXPECT_EQ(test, ip6h->flow_lbl[1], 0xbc);
	KUNIT_EXPECT_EQ(test, ip6h->flow_lbl[2], 0xde);
	/* CHECKSUM_COMPLETE still the sum of the bytes */
	KUNIT_EXPECT_EQ(test, csum_fold(skb->csum),
			csum_fold(csum_partial(skb->data, skb->len, 0)));
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV6, 34), 0);
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV6, 63), 1);
	KUNIT_EXPECT_EQ(test, csum_fold(skb->csum),
			csum_fold(csum_partial(skb->data, skb->len, 0)));
	kfree_skb(skb);
}

/* A clone shares the data: the rewrite must copy, not scribble on it. */
static void dfi_dscp_clone_test(struct kunit *test)
{
	struct sk_buff *skb = v4_skb(test, 0), *clone;

	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(clone, NFPROTO_IPV4, 46), 1);
	KUNIT_EXPECT_EQ(test, dfi_dscp_get(clone), 46);
	KUNIT_EXPECT_EQ(test, dfi_dscp_get(skb), 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(clone), 5), 0);
	kfree_skb(clone);
	kfree_skb(skb);
}

/* The hook's family decides, not skb->protocol (unset on raw sockets). */
static void dfi_dscp_family_test(struct kunit *test)
{
	struct sk_buff *skb = v4_skb(test, 0);

	skb->protocol = 0;
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_IPV4, 46), 1);
	KUNIT_EXPECT_EQ(test, dfi_dscp_get(skb), 46);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	KUNIT_EXPECT_EQ(test, dfi_dscp_set(skb, NFPROTO_ARP, 46),
			-EPROTONOSUPPORT);
	kfree_skb(skb);
}

static void dfi_dscp_defaults_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("voice"), 46);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("game"), 32);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("video"), 34);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("web"), 0);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("file"), 1);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("other"), DFI_DSCP_KEEP);
	KUNIT_EXPECT_EQ(test, dfi_dscp_default("anything"), DFI_DSCP_KEEP);
}

static struct kunit_case dfi_dscp_cases[] = {
	KUNIT_CASE(dfi_dscp_v4_test),
	KUNIT_CASE(dfi_dscp_v6_test),
	KUNIT_CASE(dfi_dscp_clone_test),
	KUNIT_CASE(dfi_dscp_family_test),
	KUNIT_CASE(dfi_dscp_defaults_test),
	{}
};

static struct kunit_suite dfi_dscp_suite = {
	.name = "dfi_dscp",
	.test_cases = dfi_dscp_cases,
};

kunit_test_suite(dfi_dscp_suite);
