// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: GSO/GRO aggregates counted as their segments (kmod/segs.c and
 * the shared dfi_segs_split()), on real skbs: DODGY ones made by
 * virtio_net_hdr_to_skb() as a tap or packet socket makes them (no
 * segment count), TCPv4/v6 aggregates as GRO leaves them, a UDP L4 one,
 * a VXLAN-encapsulated TCP one as a tunnel endpoint sends it, UFO; each
 * then recorded as a flow's packets.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/virtio_net.h>

#include "../segs.h"
#include "segs_vectors.h"

#define TCP_HLEN	32	/* with the timestamp option */
#define VXLAN_HLEN	(8 + 8 + 14)	/* UDP, VXLAN, inner Ethernet */

static void test_skb_free(void *skb)
{
	kfree_skb(skb);
}

/*
 * An skb of @ip_len bytes from its network header, headers zeroed; freed
 * when the test ends, failed assertions included.
 */
static struct sk_buff *test_skb(struct kunit *test, u32 ip_len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + ip_len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, test_skb_free,
							skb), 0);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	skb_put_zero(skb, ip_len);
	return skb;
}

static void put_v4(struct sk_buff *skb, unsigned int off, u8 proto, u32 len)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + off);

	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(len);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = htonl(0xc6120102);
	iph->daddr = htonl(0xc6120202);
}

static void put_v6(struct sk_buff *skb, u8 proto, u32 len)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	ip6h->version = 6;
	ip6h->payload_len = htons(len - sizeof(*ip6h));
	ip6h->nexthdr = proto;
	ip6h->hop_limit = 64;
	ip6h->saddr.s6_addr[0] = 0xfd;
	ip6h->daddr.s6_addr[0] = 0xfd;
}

static void put_tcp(struct sk_buff *skb, unsigned int off)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + off);

	th->source = htons(40000);
	th->dest = htons(443);
	th->doff = TCP_HLEN / 4;
	th->ack = 1;
	th->psh = 1;
}

/* As a tap's or packet socket's write makes it: DODGY, gso_segs 0. */
static void make_dodgy(struct kunit *test, struct sk_buff *skb, u8 type,
		       u16 l4_off, u16 csum_off, u16 gso_size)
{
	struct virtio_net_hdr h = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = type,
		.gso_size = cpu_to_le16(gso_size),
		.csum_start = cpu_to_le16(l4_off),
		.csum_offset = cpu_to_le16(csum_off),
	};

	KUNIT_ASSERT_EQ(test, virtio_net_hdr_to_skb(skb, &h, true), 0);
	KUNIT_ASSERT_TRUE(test, skb_is_gso(skb));
	KUNIT_ASSERT_TRUE(test, skb_shinfo(skb)->gso_type & SKB_GSO_DODGY);
	KUNIT_ASSERT_EQ(test, skb_shinfo(skb)->gso_segs, 0);
}

/*
 * A flow's SYN at 1000 us, then the packet at 5000 us as the hooks record
 * it (@hdr_len: its own IP and L4 headers): the flow's state.
 */
static struct dfi_flow_feat *record(struct kunit *test, struct sk_buff *skb,
				    u32 ip_len, u32 hdr_len)
{
	struct dfi_flow_feat *f;
	struct dfi_segs s;

	f = kunit_kzalloc(test, dfi_feat_size(DFI_MAX_SEQ), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	dfi_feat_init(f, DFI_IPPROTO_TCP, 40000, 443, 1000);
	dfi_feat_step(f, DFI_MAX_SEQ, 0, 1000, 60, 0, DFI_TCP_SYN, 0);
	KUNIT_ASSERT_EQ(test, dfi_skb_segs(skb, ip_len, hdr_len, &s), 0);
	dfi_feat_step_segs(f, DFI_MAX_SEQ, 0, 5000, &s, 0, DFI_TCP_PSH, 0);
	return f;
}

/*
 * After its SYN @f recorded @n packets: @n - 1 of @len bytes, then one of
 * @last_len.
 */
static void expect_pkts(struct kunit *test, const struct dfi_flow_feat *f,
			u32 n, u32 len, u32 last_len)
{
	u32 i;

	KUNIT_ASSERT_EQ(test, f->npkts, n + 1);
	for (i = 0; i < n; i++) {
		const struct dfi_pkt *p = &f->pkt[i + 1];
		u32 want = i + 1 == n ? last_len : len;

		KUNIT_EXPECT_EQ_MSG(test, p->size, dfi_q_size(want),
				    "segment %u", i);
		/* one timestamp: gap 0 after the first, PSH on the last */
		KUNIT_EXPECT_EQ_MSG(test, p->iat & DFI_PKT_IAT_MASK,
				    i ? 0 : dfi_q_iat(4000), "segment %u", i);
		KUNIT_EXPECT_EQ(test, !!(p->iat & DFI_PKT_PSH), i + 1 == n);
	}
}

/* The shared vectors, on plain skbs of their lengths (TCPv4, as GRO). */
static void dfi_segs_vectors_test(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < DFI_SEGS_NVEC; i++) {
		const struct dfi_segs_vec *v = &dfi_segs_vec[i];
		struct sk_buff *skb = test_skb(test, v->ip_len);
		struct dfi_segs s;
		int err;

		if (v->seg_size) {
			skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
			skb_shinfo(skb)->gso_size = v->seg_size;
			skb_shinfo(skb)->gso_segs = v->segs;
		}
		err = dfi_skb_segs(skb, v->ip_len, v->hdr_len, &s);
		if (!v->seg_size)	/* a count without a size: no skb has it */
			continue;
		KUNIT_EXPECT_EQ_MSG(test, err, v->n < 0 ? -EINVAL : 0, "%s",
				    v->what);
		if (err)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, s.n, (u32)v->n, "%s", v->what);
		KUNIT_EXPECT_EQ_MSG(test, s.len, v->len, "%s", v->what);
		KUNIT_EXPECT_EQ_MSG(test, s.last_len, v->last_len, "%s",
				    v->what);
	}
}

/* A tap writes 3 TCPv4 segments' worth: DODGY, no count; 3 recorded. */
static void dfi_segs_dodgy_tcp4_test(struct kunit *test)
{
	u32 hdr = 20 + TCP_HLEN, len = hdr + 2 * 1448 + 100;
	struct sk_buff *skb = test_skb(test, len);

	put_v4(skb, 0, IPPROTO_TCP, len);
	put_tcp(skb, 20);
	skb->protocol = htons(ETH_P_IP);
	make_dodgy(test, skb, VIRTIO_NET_HDR_GSO_TCPV4, 20,
		   offsetof(struct tcphdr, check), 1448);
	expect_pkts(test, record(test, skb, len, hdr), 3, 1500, 152);
}

/* TCPv6 through a packet socket: DODGY, 4 segments. */
static void dfi_segs_dodgy_tcp6_test(struct kunit *test)
{
	u32 hdr = 40 + TCP_HLEN, len = hdr + 4 * 1428;
	struct sk_buff *skb = test_skb(test, len);

	put_v6(skb, IPPROTO_TCP, len);
	put_tcp(skb, 40);
	skb->protocol = htons(ETH_P_IPV6);
	make_dodgy(test, skb, VIRTIO_NET_HDR_GSO_TCPV6, 40,
		   offsetof(struct tcphdr, check), 1428);
	expect_pkts(test, record(test, skb, len, hdr), 4, 1500, 1500);
}

#ifdef VIRTIO_NET_HDR_GSO_UDP_L4
/* UDP L4 GSO from a guest (QUIC's sendmsg with UDP_SEGMENT): 5 datagrams. */
static void dfi_segs_dodgy_udp_l4_test(struct kunit *test)
{
	u32 hdr = 20 + 8, len = hdr + 4 * 1200 + 7;
	struct sk_buff *skb = test_skb(test, len);

	put_v4(skb, 0, IPPROTO_UDP, len);
	skb->protocol = htons(ETH_P_IP);
	make_dodgy(test, skb, VIRTIO_NET_HDR_GSO_UDP_L4, 20,
		   offsetof(struct udphdr, check), 1200);
	expect_pkts(test, record(test, skb, len, hdr), 5, 1228, 35);
}
#endif

/* UFO: IP fragments of one datagram, which conntrack sees whole. */
static void dfi_segs_ufo_test(struct kunit *test)
{
	u32 len = 20 + 8 + 4000;
	struct sk_buff *skb = test_skb(test, len);

	put_v4(skb, 0, IPPROTO_UDP, len);
	skb->protocol = htons(ETH_P_IP);
	make_dodgy(test, skb, VIRTIO_NET_HDR_GSO_UDP, 20,
		   offsetof(struct udphdr, check), 1472);
	expect_pkts(test, record(test, skb, len, 28), 1, len, len);
}

/* GRO's TCPv4 aggregate with its count, and with a count that lies. */
static void dfi_segs_gro_tcp4_test(struct kunit *test)
{
	u32 hdr = 20 + TCP_HLEN, len = hdr + 10 * 1448;
	struct sk_buff *skb = test_skb(test, len);

	put_v4(skb, 0, IPPROTO_TCP, len);
	put_tcp(skb, 20);
	skb_set_transport_header(skb, 20);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_segs = 10;
	expect_pkts(test, record(test, skb, len, hdr), 10, 1500, 1500);
	skb_shinfo(skb)->gso_segs = 2;
	expect_pkts(test, record(test, skb, len, hdr), 10, 1500, 1500);
	/* BIG TCP: the IP length field is 0, the skb's length counts */
	ip_hdr(skb)->tot_len = 0;
	expect_pkts(test, record(test, skb, 0, hdr), 10, 1500, 1500);
}

/*
 * A VXLAN tunnel endpoint sends a TCP aggregate: outer IPv4/UDP, VXLAN,
 * inner Ethernet, IPv4, TCP.  Each segment repeats the inner headers.
 */
static void dfi_segs_vxlan_tcp_test(struct kunit *test)
{
	u32 inner = 20 + VXLAN_HLEN, hdr = inner + 20 + TCP_HLEN;
	u32 len = hdr + 2 * 1400 + 300;
	struct sk_buff *skb = test_skb(test, len);

	put_v4(skb, 0, IPPROTO_UDP, len);
	put_v4(skb, inner, IPPROTO_TCP, len - inner);
	put_tcp(skb, inner + 20);
	skb_set_transport_header(skb, 20);
	skb_set_inner_network_header(skb, inner);
	skb_set_inner_transport_header(skb, inner + 20);
	skb->encapsulation = 1;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4 | SKB_GSO_UDP_TUNNEL;
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->gso_segs = 3;
	/* the hooks parse the outer headers: IPv4 and UDP */
	expect_pkts(test, record(test, skb, len, 28), 3, hdr + 1400, hdr + 300);

	/* stale inner offsets (before the outer L4 header): not believed */
	skb_set_inner_transport_header(skb, 10);
	expect_pkts(test, record(test, skb, len, 28), 3, 28 + 1400,
		    len - 2 * 1400);
}

static struct kunit_case dfi_segs_cases[] = {
	KUNIT_CASE(dfi_segs_vectors_test),
	KUNIT_CASE(dfi_segs_dodgy_tcp4_test),
	KUNIT_CASE(dfi_segs_dodgy_tcp6_test),
#ifdef VIRTIO_NET_HDR_GSO_UDP_L4
	KUNIT_CASE(dfi_segs_dodgy_udp_l4_test),
#endif
	KUNIT_CASE(dfi_segs_ufo_test),
	KUNIT_CASE(dfi_segs_gro_tcp4_test),
	KUNIT_CASE(dfi_segs_vxlan_tcp_test),
	{}
};

static struct kunit_suite dfi_segs_suite = {
	.name = "dfi_segs",
	.test_cases = dfi_segs_cases,
};

kunit_test_suite(dfi_segs_suite);
