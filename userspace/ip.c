// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 and IPv6 (with extension headers) down to the TCP/UDP ports.
 * Lengths come from the IP header, never from what was captured: captures
 * are often cut short by their snap length.
 */
#include <sys/socket.h>

#include <dfi/features.h>

#include "decode.h"

#define IPV6_HDR_LEN		40
#define IPV6_MAX_EXT		16	/* extension headers walked at most */

#define NEXTHDR_HOP		0
#define NEXTHDR_ROUTING		43
#define NEXTHDR_FRAGMENT	44
#define NEXTHDR_AUTH		51
#define NEXTHDR_NONE		59
#define NEXTHDR_DEST		60

#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MSS		2

/* The MSS option among the captured @avail bytes of TCP header @th. */
static u16 tcp_mss(const u8 *th, u32 hlen, u32 avail)
{
	u32 i = 20, end = hlen < avail ? hlen : avail;

	while (i < end) {
		u8 kind = th[i];

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= end || th[i + 1] < 2)
			break;
		if (kind == TCPOPT_MSS && th[i + 1] == 4 && i + 4 <= end)
			return get_be16(th + i + 2);
		i += th[i + 1];
	}
	return 0;
}

/*
 * Ports, flags, header lengths; @f starts at the L4 header, @len is the
 * IP payload, @ip_hlen the IP headers before it.
 */
static enum cap_result decode_l4(u8 proto, struct frame *f, u32 len,
				 u32 ip_hlen, struct cap_pkt *p)
{
	u32 avail = f->len < len ? f->len : len;

	if (proto != DFI_IPPROTO_TCP && proto != DFI_IPPROTO_UDP)
		return CAP_NOT_L4;
	/* UDP: the whole 8-byte header; TCP: up to the flags byte. */
	if (avail < (proto == DFI_IPPROTO_TCP ? 14u : 8u))
		return CAP_BAD;
	p->l4 = proto;
	p->sport = get_be16(f->data);
	p->dport = get_be16(f->data + 2);
	p->tcp_flags = proto == DFI_IPPROTO_TCP ? f->data[13] : 0;
	p->l4_hlen = 8;
	p->mss = 0;
	if (proto == DFI_IPPROTO_TCP) {
		/* a data offset below 5 is malformed: 20 bytes are there */
		p->l4_hlen = f->data[12] >> 4 < 5 ? 20 : (f->data[12] >> 4) * 4;
		if (p->tcp_flags & DFI_TCP_SYN)
			p->mss = tcp_mss(f->data, p->l4_hlen, avail);
	}
	p->hdr_len = (u16)(ip_hlen + p->l4_hlen);
	return CAP_OK;
}

/* A length field of 0 (TSO, jumbogram): the frame's length on the wire. */
static u32 frame_ip_len(const struct frame *f)
{
	return f->wirelen > f->len ? f->wirelen : f->len;
}

enum cap_result decode_ipv4(struct frame *f, struct cap_pkt *p)
{
	const u8 *h = f->data;
	u32 ihl, tot_len;
	u16 frag;

	if (f->len < 20 || (h[0] >> 4) != 4)
		return CAP_BAD;
	ihl = (h[0] & 0x0f) * 4u;
	if (ihl < 20 || f->len < ihl)
		return CAP_BAD;
	tot_len = get_be16(h + 2);
	if (tot_len == 0)
		tot_len = frame_ip_len(f);
	if (tot_len < ihl)
		return CAP_BAD;
	frag = get_be16(h + 6);
	if (frag & 0x1fff)
		return CAP_FRAG;

	p->family = AF_INET;
	p->ip_len = tot_len;
	p->dscp = h[1] >> 2;
	p->frag = !!(frag & 0x2000);
	memcpy(p->src, h + 12, 4);
	memcpy(p->dst, h + 16, 4);
	frame_pull(f, ihl);
	return decode_l4(h[9], f, tot_len - ihl, ihl, p);
}

/* Walk the extension headers; on CAP_OK @f is at the L4 header. */
static enum cap_result ipv6_walk(struct frame *f, u8 *nexthdr, u32 *left,
				 u8 *frag)
{
	int i;

	for (i = 0; i < IPV6_MAX_EXT; i++) {
		u32 hlen;

		switch (*nexthdr) {
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
			if (f->len < 2)
				return CAP_BAD;
			hlen = (f->data[1] + 1u) * 8;
			break;
		case NEXTHDR_AUTH:
			if (f->len < 2)
				return CAP_BAD;
			hlen = (f->data[1] + 2u) * 4;
			break;
		case NEXTHDR_FRAGMENT:
			if (f->len < 8)
				return CAP_BAD;
			if (get_be16(f->data + 2) & 0xfff8)
				return CAP_FRAG;
			*frag = f->data[3] & 0x01;
			hlen = 8;
			break;
		case NEXTHDR_NONE:
			return CAP_NOT_L4;
		default:
			return CAP_OK;
		}
		if (hlen > *left)
			return CAP_BAD;
		*nexthdr = f->data[0];
		if (!frame_pull(f, hlen))
			return CAP_BAD;
		*left -= hlen;
	}
	return CAP_BAD;
}

enum cap_result decode_ipv6(struct frame *f, struct cap_pkt *p)
{
	const u8 *h = f->data;
	enum cap_result r;
	u32 plen;
	u8 nexthdr, frag = 0;

	if (f->len < IPV6_HDR_LEN || (h[0] >> 4) != 6)
		return CAP_BAD;
	plen = get_be16(h + 4);
	plen = plen ? plen + IPV6_HDR_LEN : frame_ip_len(f);
	if (plen < IPV6_HDR_LEN)
		return CAP_BAD;

	p->family = AF_INET6;
	p->ip_len = plen;
	p->dscp = (u8)(((h[0] & 0x0f) << 4 | h[1] >> 4) >> 2);
	memcpy(p->src, h + 8, 16);
	memcpy(p->dst, h + 24, 16);
	nexthdr = h[6];
	frame_pull(f, IPV6_HDR_LEN);
	plen -= IPV6_HDR_LEN;
	r = ipv6_walk(f, &nexthdr, &plen, &frag);
	if (r != CAP_OK)
		return r;
	p->frag = frag;
	return decode_l4(nexthdr, f, plen, p->ip_len - plen, p);
}

enum cap_result decode_ip_any(struct frame *f, struct cap_pkt *p)
{
	if (f->len < 1)
		return CAP_BAD;
	switch (f->data[0] >> 4) {
	case 4:
		return decode_ipv4(f, p);
	case 6:
		return decode_ipv6(f, p);
	}
	return CAP_NOT_IP;
}
