/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dfi_segs_split() vectors, shared by the userspace unit test
 * (tests/unit/segs_test.c) and the KUnit suite (kmod/kunit/segs_kunit.c),
 * which builds real GSO skbs of these lengths.
 */
#ifndef _DFI_SEGS_VECTORS_H
#define _DFI_SEGS_VECTORS_H

struct dfi_segs_vec {
	const char *what;
	u32 ip_len, hdr_len, seg_size, segs;	/* dfi_segs_split() input */
	int n;					/* expected, -1: refused */
	u32 len, last_len;
};

static const struct dfi_segs_vec dfi_segs_vec[] = {
	{ "not an aggregate", 1500, 52, 0, 1, 1, 1500, 1500 },
	{ "TCPv4 GRO, 3 full", 52 + 3 * 1448, 52, 1448, 3,
	  3, 1500, 1500 },
	{ "TCPv4 GRO, short last", 52 + 2 * 1448 + 100, 52, 1448, 3,
	  3, 1500, 152 },
	{ "DODGY: no count", 52 + 2 * 1448 + 100, 52, 1448, 0,
	  3, 1500, 152 },
	{ "a wrong count is not believed", 52 + 2 * 1448 + 100, 52, 1448, 7,
	  3, 1500, 152 },
	{ "TCPv6, 45 segments", 72 + 45 * 1428, 72, 1428, 45,
	  45, 1500, 1500 },
	{ "UDP L4 GSO", 28 + 1200 * 4 + 7, 28, 1200, 5, 5, 1228, 35 },
	{ "payload within one segment", 52 + 1000, 52, 1448, 1,
	  1, 1052, 1052 },
	{ "headers only", 52, 52, 1448, 0, 1, 52, 52 },
	{ "count without size: even split", 28 + 3000, 28, 0, 3,
	  3, 1028, 1028 },
	{ "UDP tunnel, inner TCP", 20 + 8 + 8 + 14 + 20 + 32 + 2 * 1400,
	  20 + 8 + 8 + 14 + 20 + 32, 1400, 2, 2, 1502, 1502 },
	{ "shorter than its headers", 40, 52, 1448, 0, -1, 0, 0 },
	{ "BIG TCP, 64 KiB", 52 + 70000, 52, 1448, 49, 49, 1500, 52 + 496 },
};

#define DFI_SEGS_NVEC	DFI_ARRAY_SIZE(dfi_segs_vec)

#endif /* _DFI_SEGS_VECTORS_H */
