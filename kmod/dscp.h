/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rewriting a packet's DSCP, and the per-netns class -> DSCP map.
 */
#ifndef _DFI_DSCP_H
#define _DFI_DSCP_H

#include <linux/skbuff.h>

#include <uapi/linux/dfi.h>	/* DFI_DSCP_KEEP */
#include <dfi/dscpmap.h>	/* dfi_dscp_default() */

/* The DSCP of an IPv4/IPv6 packet whose network header is at skb->data. */
u8 dfi_dscp_get(const struct sk_buff *skb);

/*
 * Set the DSCP (0..63) of the packet, keeping its ECN bits; skb->data is
 * at the network header (as in netfilter hooks); @pf is the hook's family
 * (NFPROTO_IPV4/IPV6).  IPv4: the header checksum is updated; IPv6:
 * skb->csum too if CHECKSUM_COMPLETE.
 * Return: 1 rewritten, 0 already that DSCP, negative errno.
 */
int dfi_dscp_set(struct sk_buff *skb, u8 pf, u8 dscp);

#endif /* _DFI_DSCP_H */
