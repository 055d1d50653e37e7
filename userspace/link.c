// SPDX-License-Identifier: GPL-2.0
/*
 * Link layers down to the IP header: Ethernet (802.1Q/802.1ad/QinQ tags,
 * PPPoE session, MPLS label stacks, 802.3 LLC/SNAP), raw IP, Linux cooked
 * v1 and v2, BSD loopback (either byte order), PPP, PPP in HDLC framing,
 * Cisco HDLC and PPI (then the link type it announces).
 */
#include <pcap/dlt.h>

#include "decode.h"

#define LINKTYPE_RAW		101	/* a PPI header may name it */

#define PPP_IPV4		0x0021
#define PPP_IPV6		0x0057
#define PPP_MPLS_UC		0x0281
#define PPP_MPLS_MC		0x0283

#define BSD_AF_INET		2	/* AF_INET6 differs between systems */

static enum cap_result decode_link(int dlt, struct frame *f,
				   struct cap_pkt *p, int nested);

static enum cap_result decode_mpls(struct frame *f, struct cap_pkt *p)
{
	for (;;) {
		int bottom;

		if (f->len < 4)
			return CAP_BAD;
		bottom = f->data[2] & 0x01;
		frame_pull(f, 4);
		if (bottom)
			break;
	}
	/* Ethernet pseudowires and the like are tunnels: not ours. */
	return decode_ip_any(f, p);
}

static u16 ppp_to_ethertype(u16 proto)
{
	switch (proto) {
	case PPP_IPV4:
		return ETH_P_IPV4;
	case PPP_IPV6:
		return ETH_P_IPV6;
	case PPP_MPLS_UC:
		return ETH_P_MPLS_UC;
	case PPP_MPLS_MC:
		return ETH_P_MPLS_MC;
	}
	return 0;
}

/* A PPP protocol field, 1 byte when compressed (odd first byte). */
static enum cap_result decode_ppp_proto(struct frame *f, struct cap_pkt *p)
{
	u16 proto;

	if (f->len < 1)
		return CAP_BAD;
	if (f->data[0] & 0x01) {
		proto = f->data[0];
		frame_pull(f, 1);
	} else {
		if (f->len < 2)
			return CAP_BAD;
		proto = get_be16(f->data);
		frame_pull(f, 2);
	}
	proto = ppp_to_ethertype(proto);
	if (!proto)
		return CAP_NOT_IP;
	return decode_ethertype(proto, f, p);
}

static enum cap_result decode_pppoe(struct frame *f, struct cap_pkt *p)
{
	/* ver/type, code, session id, length */
	if (!frame_pull(f, 6))
		return CAP_BAD;
	return decode_ppp_proto(f, p);
}

enum cap_result decode_ethertype(u16 type, struct frame *f,
				 struct cap_pkt *p)
{
	for (;;) {
		switch (type) {
		case ETH_P_IPV4:
			return decode_ipv4(f, p);
		case ETH_P_IPV6:
			return decode_ipv6(f, p);
		case ETH_P_PPPOE_SES:
			return decode_pppoe(f, p);
		case ETH_P_MPLS_UC:
		case ETH_P_MPLS_MC:
			return decode_mpls(f, p);
		case ETH_P_8021Q:
		case ETH_P_8021AD:
		case ETH_P_QINQ:
			/* TCI, then the inner EtherType */
			if (f->len < 4)
				return CAP_BAD;
			type = get_be16(f->data + 2);
			frame_pull(f, 4);
			continue;
		default:
			return CAP_NOT_IP;
		}
	}
}

static enum cap_result decode_ether(struct frame *f, struct cap_pkt *p)
{
	static const u8 snap[6] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00 };
	u16 type;

	if (f->len < 14)
		return CAP_BAD;
	type = get_be16(f->data + 12);
	frame_pull(f, 14);
	if (type > 1500)
		return decode_ethertype(type, f, p);
	/* 802.3 length: only LLC/SNAP with an EtherType can carry IP. */
	if (f->len < 8)
		return CAP_NOT_IP;
	if (memcmp(f->data, snap, sizeof(snap)))
		return CAP_NOT_IP;
	type = get_be16(f->data + 6);
	frame_pull(f, 8);
	return decode_ethertype(type, f, p);
}

static enum cap_result decode_sll(struct frame *f, struct cap_pkt *p)
{
	u16 type;

	/* packet type, ARPHRD, address length, address[8], protocol */
	if (f->len < 16)
		return CAP_BAD;
	type = get_be16(f->data + 14);
	frame_pull(f, 16);
	return decode_ethertype(type, f, p);
}

static enum cap_result decode_sll2(struct frame *f, struct cap_pkt *p)
{
	u16 type;

	/* protocol, reserved, ifindex, ARPHRD, type, addr len, address[8] */
	if (f->len < 20)
		return CAP_BAD;
	type = get_be16(f->data);
	frame_pull(f, 20);
	return decode_ethertype(type, f, p);
}

/* The address family in the capturing host's order: accept either. */
static enum cap_result decode_loopback(struct frame *f, struct cap_pkt *p)
{
	u32 af;

	if (f->len < 4)
		return CAP_BAD;
	af = get_le32(f->data);
	if (af > 0xffff)
		af = get_be32(f->data);
	frame_pull(f, 4);
	switch (af) {
	case BSD_AF_INET:
		return decode_ipv4(f, p);
	case 10:	/* Linux */
	case 24:	/* NetBSD, OpenBSD, BSD/OS */
	case 28:	/* FreeBSD, DragonFly */
	case 30:	/* Darwin */
		return decode_ipv6(f, p);
	}
	return CAP_NOT_IP;
}

static enum cap_result decode_chdlc(struct frame *f, struct cap_pkt *p)
{
	u16 type;

	/* address 0x0f/0x8f, control 0, EtherType */
	if (f->len < 4)
		return CAP_BAD;
	type = get_be16(f->data + 2);
	frame_pull(f, 4);
	return decode_ethertype(type, f, p);
}

static enum cap_result decode_ppp(struct frame *f, struct cap_pkt *p)
{
	/* optional HDLC address 0xff and control 0x03 */
	if (f->len >= 2 && f->data[0] == 0xff && f->data[1] == 0x03)
		frame_pull(f, 2);
	return decode_ppp_proto(f, p);
}

/* PPP in HDLC-like framing, or Cisco HDLC on the same link. */
static enum cap_result decode_ppp_serial(struct frame *f, struct cap_pkt *p)
{
	if (f->len >= 1 && (f->data[0] == 0x0f || f->data[0] == 0x8f))
		return decode_chdlc(f, p);
	return decode_ppp(f, p);
}

static enum cap_result decode_ppi(struct frame *f, struct cap_pkt *p)
{
	u32 dlt;
	u16 hlen;

	/* version, flags, header length (LE), inner link type (LE) */
	if (f->len < 8)
		return CAP_BAD;
	hlen = get_le16(f->data + 2);
	dlt = get_le32(f->data + 4);
	if (hlen < 8 || !frame_pull(f, hlen))
		return CAP_BAD;
	if (dlt > 0xffff || dlt == DLT_PPI)
		return CAP_LINK;
	return decode_link((int)dlt, f, p, 1);
}

static enum cap_result decode_link(int dlt, struct frame *f,
				   struct cap_pkt *p, int nested)
{
	switch (dlt) {
	case DLT_EN10MB:
		return decode_ether(f, p);
	case DLT_RAW:
	case LINKTYPE_RAW:
		return decode_ip_any(f, p);
	case DLT_IPV4:
		return decode_ipv4(f, p);
	case DLT_IPV6:
		return decode_ipv6(f, p);
	case DLT_LINUX_SLL:
		return decode_sll(f, p);
	case DLT_LINUX_SLL2:
		return decode_sll2(f, p);
	case DLT_NULL:
	case DLT_LOOP:
		return decode_loopback(f, p);
	case DLT_PPP:
		return decode_ppp(f, p);
	case DLT_PPP_SERIAL:
		return decode_ppp_serial(f, p);
	case DLT_C_HDLC:
		return decode_chdlc(f, p);
	case DLT_PPI:
		if (!nested)
			return decode_ppi(f, p);
		break;
	}
	return CAP_LINK;
}

int cap_link_supported(int dlt)
{
	struct frame f = { NULL, 0, 0 };
	struct cap_pkt p;

	/* A supported link type finds an empty frame truncated. */
	return decode_link(dlt, &f, &p, 0) != CAP_LINK;
}

enum cap_result cap_decode(int dlt, const u8 *data, u32 caplen, u32 wirelen,
			   struct cap_pkt *p)
{
	struct frame f = { data, caplen, wirelen };

	memset(p, 0, sizeof(*p));
	return decode_link(dlt, &f, p, 0);
}
