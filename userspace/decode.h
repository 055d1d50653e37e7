/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the frame decoder (link.c, ip.c): bounds-checked views of a
 * frame.  Every read goes through a struct frame, whose @len is what was
 * captured from @data on.
 */
#ifndef _DFI_DECODE_H
#define _DFI_DECODE_H

#include "capture.h"

#define ETH_P_IPV4		0x0800
#define ETH_P_IPV6		0x86dd
#define ETH_P_8021Q		0x8100
#define ETH_P_8021AD		0x88a8
#define ETH_P_QINQ		0x9100
#define ETH_P_PPPOE_SES		0x8864
#define ETH_P_MPLS_UC		0x8847
#define ETH_P_MPLS_MC		0x8848

struct frame {
	const u8 *data;
	u32 len;	/* bytes captured from data on */
	u32 wirelen;	/* bytes on the wire from data on (>= len if sane) */
};

static inline u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u16 get_le16(const u8 *p)
{
	return (u16)(p[1] << 8 | p[0]);
}

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[3] << 24 | (u32)p[2] << 16 | (u32)p[1] << 8 | p[0];
}

/* Drop @n bytes from the front; false if fewer were captured. */
static inline int frame_pull(struct frame *f, u32 n)
{
	if (f->len < n)
		return 0;
	f->data += n;
	f->len -= n;
	f->wirelen = f->wirelen > n ? f->wirelen - n : 0;
	return 1;
}

/* Dispatch on an EtherType (VLAN, PPPoE, MPLS, IPv4, IPv6). */
enum cap_result decode_ethertype(u16 type, struct frame *f,
				 struct cap_pkt *p);
/* The IP version nibble decides: 4 or 6, else CAP_NOT_IP. */
enum cap_result decode_ip_any(struct frame *f, struct cap_pkt *p);
enum cap_result decode_ipv4(struct frame *f, struct cap_pkt *p);
enum cap_result decode_ipv6(struct frame *f, struct cap_pkt *p);

#endif /* _DFI_DECODE_H */
