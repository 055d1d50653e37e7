// SPDX-License-Identifier: GPL-2.0
/*
 * The packets on the wire a packet at the hooks stands for: a GSO or GRO
 * aggregate counts as its segments, split by the shared core's
 * dfi_segs_split(), the rule the offline decoder follows too.
 *
 * Only TCP (SKB_GSO_TCPV4/6) and UDP L4 (SKB_GSO_UDP_L4) aggregates are
 * split; UFO (SKB_GSO_UDP, a tap's or virtio's, segmented into IP
 * fragments) counts as the one datagram the router's conntrack sees
 * reassembled, other GSO types as one packet.  DODGY aggregates (tap,
 * virtio, packet sockets) carry no segment count: it follows from the
 * lengths.  An encapsulated aggregate (a UDP tunnel's or GRE's, built on
 * a tunnel endpoint) repeats the inner headers in every segment: they
 * count in each segment's length, as in skb_gso_network_seglen().
 */
#include <linux/tcp.h>
#include <linux/udp.h>

#include "segs.h"

#define DFI_GSO_SPLIT	(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_UDP_L4)
#define DFI_GSO_TUNNEL	(SKB_GSO_GRE | SKB_GSO_GRE_CSUM | SKB_GSO_IPXIP4 | \
			 SKB_GSO_IPXIP6 | SKB_GSO_UDP_TUNNEL |		\
			 SKB_GSO_UDP_TUNNEL_CSUM)

/*
 * Headers of one segment of an encapsulated aggregate, from the (outer)
 * network header to the end of the inner L4 header, into *@hdr_len.
 * Nothing changes unless the inner L4 header lies past @hdr_len, the end
 * of the outer one (a packet already decapsulated keeps stale offsets).
 */
static int dfi_inner_hdr_len(const struct sk_buff *skb, u32 *hdr_len)
{
	int ith = skb_inner_transport_offset(skb) - skb_network_offset(skb);
	struct tcphdr _th;
	const struct tcphdr *th;

	if (ith < 0 || (u32)ith < *hdr_len)
		return 0;
	if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))) {
		*hdr_len = ith + sizeof(struct udphdr);
		return 0;
	}
	th = skb_header_pointer(skb, skb_inner_transport_offset(skb),
				sizeof(_th), &_th);
	if (!th || th->doff < 5)
		return -EINVAL;
	*hdr_len = ith + th->doff * 4;
	return 0;
}

/**
 * dfi_skb_segs() - the segments a packet at the hooks stands for
 * @skb: the packet, skb->data at its network header
 * @ip_len: its IP length (IPv4 total length; IPv6 payload length + 40)
 * @hdr_len: its IP and L4 headers, from the network header on
 * @s: out
 *
 * Return: 0, or -EINVAL if the lengths do not add up.
 */
int dfi_skb_segs(const struct sk_buff *skb, u32 ip_len, u32 hdr_len,
		 struct dfi_segs *s)
{
	const struct skb_shared_info *si = skb_shinfo(skb);
	u32 seg_size = 0, segs = 0;

	if (skb_is_gso(skb)) {
		/* the IP length field may be 0 (BIG TCP) or stale */
		ip_len = skb->len - skb_network_offset(skb);
		if ((si->gso_type & DFI_GSO_SPLIT) &&
		    si->gso_size != GSO_BY_FRAGS) {
			seg_size = si->gso_size;
			segs = si->gso_segs;
		}
		if (seg_size && skb->encapsulation &&
		    (si->gso_type & DFI_GSO_TUNNEL) &&
		    dfi_inner_hdr_len(skb, &hdr_len))
			return -EINVAL;
	}
	return dfi_segs_split(s, ip_len, hdr_len, seg_size, segs) < 0 ?
	       -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_skb_segs);
