/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-flow context: what the router knows, when a flow begins, about
 * the other flows between the same two hosts.  Shared core: the kernel
 * keeps one struct dfi_pair_hist per active host pair, the offline tools
 * one per pair of a capture, and both count with dfi_ctx_start().
 *
 * Of the last DFI_CTX_MAX flows begun between the two hosts (addresses,
 * unordered; any L4 protocol and ports), those whose first packet came at
 * most DFI_CTX_WINDOW_US before this flow's first packet (and not after
 * it) are counted: all of them (pair_flows), those to the same server
 * port (pair_same_port) and the UDP ones (pair_udp).
 */
#ifndef _DFI_CONTEXT_H
#define _DFI_CONTEXT_H

#include <dfi/features.h>

struct dfi_pair_start {
	u64 first_us;
	u16 server_port;
	u8 l4;
};

/* The last DFI_CTX_MAX flow starts between two hosts, a ring. */
struct dfi_pair_hist {
	u8 n;		/* valid entries */
	u8 next;	/* where the next start goes */
	struct dfi_pair_start start[DFI_CTX_MAX];
};

/* The newest start recorded in @h, 0 if none. */
u64 dfi_pair_newest_us(const struct dfi_pair_hist *h);

/* The context of a flow beginning at @first_us; then record its start. */
void dfi_ctx_start(struct dfi_pair_hist *h, u64 first_us, u16 server_port,
		   u8 l4, struct dfi_flow_ctx *ctx);

#endif /* _DFI_CONTEXT_H */
