/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host fan-out context (include/dfi/context.h) on a sequence of flow
 * starts, checked by the KUnit suite through the kernel's host table
 * (hosts_kunit.c) and by tests/unit/context_test.c through the offline
 * tools' flow table: both must count these.  Hosts are numbers: client c
 * is 10.0.0.c, server s is 10.0.1.s.  The working is in the comments:
 * "p2p" lists the earlier starts counted in host_p2p, "same" those in
 * host_same_cport.
 */
#ifndef _DFI_CONTEXT_VECTORS_H
#define _DFI_CONTEXT_VECTORS_H

#include <dfi/context.h>

struct dfi_host_ctx_vec {
	u32 t_ms;		/* the flow's first packet, ms after a base */
	u8 client;
	u8 server;
	u16 client_port;
	u16 server_port;
	u8 l4;
	u16 p2p;		/* the host_p2p and host_same_cport expected */
	u16 same_cport;
};

#define DFI_HV_TCP	DFI_IPPROTO_TCP
#define DFI_HV_UDP	DFI_IPPROTO_UDP

static const struct dfi_host_ctx_vec dfi_host_ctx_vectors[] __maybe_unused = {
	/* #0: the first start of client 1 */
	{ 0, 1, 1, 40000, 6881, DFI_HV_UDP, 0, 0 },
	/* #1: p2p #0; same #0 (port 40000, UDP) */
	{ 100, 1, 2, 40000, 6881, DFI_HV_UDP, 1, 1 },
	/* #2 to server 2 again: p2p #0 (not #1, the same server) */
	{ 200, 1, 2, 40001, 51413, DFI_HV_TCP, 1, 0 },
	/* #3: p2p #0 #1 #2; same: none, #0 and #1 are UDP */
	{ 300, 1, 3, 40000, 443, DFI_HV_TCP, 3, 0 },
	/* #4: another client, its own history */
	{ 400, 2, 1, 40000, 6881, DFI_HV_UDP, 0, 0 },
	/* #5: p2p #0 #1 #2, not #3 (server port 443); same #0 #1 */
	{ 500, 1, 5, 40000, 7000, DFI_HV_UDP, 3, 2 },
	/* #6 NTP: p2p #0 #1 #2 #5; same: none from port 123 */
	{ 600, 1, 6, 123, 123, DFI_HV_UDP, 4, 0 },
	/* #7: p2p #0 #1 #2 #5, not #6 (ports < 1024); same #0 #1 #5 */
	{ 700, 1, 7, 40000, 7001, DFI_HV_UDP, 4, 3 },
	/* #8 exactly the window after #0: #0 still counts */
	{ 10000, 1, 8, 40000, 7002, DFI_HV_UDP, 5, 4 },
	/* #9 a millisecond later: #0 no longer */
	{ 10001, 1, 9, 40000, 7003, DFI_HV_UDP, 5, 4 },
	/* #10 earlier than most: only the starts not after it (#0) count */
	{ 50, 1, 10, 40000, 7004, DFI_HV_UDP, 1, 1 },
	/* #11 to server 1: p2p #1 #2 #5 #7 #8 #9 #10, not #0 (server 1) */
	{ 10010, 1, 1, 40000, 6882, DFI_HV_UDP, 7, 6 },
	/* #12 client 2 again: p2p: none, its only start was to server 1 */
	{ 10020, 2, 1, 40002, 6881, DFI_HV_UDP, 0, 0 },
};

#endif /* _DFI_CONTEXT_VECTORS_H */
