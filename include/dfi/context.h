/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-flow context: what the router knows, when a flow begins, about
 * the other flows that began shortly before it.  Shared core: the kernel
 * keeps the histories per netns (kmod/pairs.c, kmod/hosts.c), the offline
 * tools per capture (userspace/flowtab.c), and both count with the
 * functions below.  Of a history's last DFI_CTX_MAX flow starts, those
 * whose first packet came at most DFI_CTX_WINDOW_US before this flow's
 * first packet (and not after it) count; the flow itself never does.
 *
 * Host pair (dfi_ctx_start()): the flows between the same two hosts
 * (addresses, unordered; any L4 protocol and ports): all of them
 * (pair_flows), those to the same server port (pair_same_port) and the
 * UDP ones (pair_udp).
 *
 * Client host (dfi_host_ctx_start()): the flows the same client host
 * began (the sender of their first packet, conntrack's original-direction
 * source), to a server host other than this flow's: those where both of
 * that flow's ports were >= 1024 (host_p2p), and those from the same
 * client port with the same L4 protocol (host_same_cport).  Many of
 * either are peer-to-peer fan-out.  Server addresses are compared as all
 * 16 bytes (IPv4: the first 4, the rest 0), never by a hash, so that the
 * kernel and the tools agree by construction.
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

/*
 * The last DFI_CTX_MAX flow starts of one client host, a ring.  Entry i
 * is the i-th element of each array: kept as arrays, not as an array of
 * structs (32 bytes each with padding), the history is 936 bytes and an
 * entry of the kernel's host table fits a 1 KiB slab object.
 */
struct dfi_host_hist {
	u8 n;		/* valid entries */
	u8 next;	/* where the next start goes */
	u8 l4[DFI_CTX_MAX];
	u16 server_port[DFI_CTX_MAX];
	u16 client_port[DFI_CTX_MAX];
	u64 first_us[DFI_CTX_MAX];
	u8 server[DFI_CTX_MAX][16];	/* the server's address */
};

/*
 * The context of a flow beginning at @first_us between two hosts (sets
 * the pair_* fields of @ctx); then record its start.
 */
void dfi_ctx_start(struct dfi_pair_hist *h, u64 first_us, u16 server_port,
		   u8 l4, struct dfi_flow_ctx *ctx);

/*
 * The context of a flow its client host begins at @first_us to @server
 * (16 bytes) (sets the host_* fields of @ctx); then record its start.
 */
void dfi_host_ctx_start(struct dfi_host_hist *h, u64 first_us,
			const u8 *server, u16 server_port, u16 client_port,
			u8 l4, struct dfi_flow_ctx *ctx);

#endif /* _DFI_CONTEXT_H */
