// SPDX-License-Identifier: GPL-2.0
/*
 * DSCP rewriting (dscp.h).  The ECN bits are kept.  IPv4's header checksum
 * is updated incrementally, which keeps a CHECKSUM_COMPLETE sum valid (the
 * header still sums to zero); IPv6 has no header checksum, but a
 * CHECKSUM_COMPLETE sum covers the header's first word, so it is adjusted
 * as IP6_ECN_set_ce() does.
 */
#include <kunit/visibility.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/string.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>

#include "dscp.h"

u8 dfi_dscp_get(const struct sk_buff *skb)
{
	const u8 *nh = skb_network_header(skb);

	if ((nh[0] >> 4) == 4)
		return ipv4_get_dsfield((const struct iphdr *)nh) >> 2;
	return ipv6_get_dsfield((const struct ipv6hdr *)nh) >> 2;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_dscp_get);

static int dfi_dscp_set_v4(struct sk_buff *skb, u8 dscp)
{
	unsigned int off = skb_network_offset(skb);
	struct iphdr *iph;

	if (skb_ensure_writable(skb, off + sizeof(*iph)))
		return -ENOMEM;
	iph = ip_hdr(skb);
	if (ipv4_get_dsfield(iph) >> 2 == dscp)
		return 0;
	ipv4_change_dsfield(iph, INET_ECN_MASK, dscp << 2);
	return 1;
}

static int dfi_dscp_set_v6(struct sk_buff *skb, u8 dscp)
{
	unsigned int off = skb_network_offset(skb);
	struct ipv6hdr *ip6h;
	__be32 from, to;

	if (skb_ensure_writable(skb, off + sizeof(*ip6h)))
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	if (ipv6_get_dsfield(ip6h) >> 2 == dscp)
		return 0;
	from = *(__be32 *)ip6h;
	ipv6_change_dsfield(ip6h, INET_ECN_MASK, dscp << 2);
	to = *(__be32 *)ip6h;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(csum_sub(skb->csum, (__force __wsum)from),
				     (__force __wsum)to);
	return 1;
}

/*
 * The family is the hook's: skb->protocol is not yet set on every locally
 * sent packet (raw and packet sockets), the hook's family always is.
 */
int dfi_dscp_set(struct sk_buff *skb, u8 pf, u8 dscp)
{
	if (dscp > 63)
		return -EINVAL;
	switch (pf) {
	case NFPROTO_IPV4:
		return dfi_dscp_set_v4(skb, dscp);
	case NFPROTO_IPV6:
		return dfi_dscp_set_v6(skb, dscp);
	}
	return -EPROTONOSUPPORT;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_dscp_set);
