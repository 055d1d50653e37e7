/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tin "cake diffserv4" queues a packet in, by its DSCP: the table
 * diffserv4[] of net/sched/sch_cake.c (Linux 6.12), written out by the
 * codepoint groups of its comment.  Tins are numbered as cake numbers
 * them (tc -s qdisc lists them in the order Bulk, Best Effort, Video,
 * Voice).  Shared: dfi-eval's tin view; freestanding, for the kernel too.
 */
#ifndef _DFI_TIN_H
#define _DFI_TIN_H

#include <dfi/port.h>

enum dfi_tin {
	DFI_TIN_BEST_EFFORT,	/* DF, AF1x, TOS2 and every other codepoint */
	DFI_TIN_BULK,		/* LE, CS1 */
	DFI_TIN_VIDEO,		/* AF4x, AF3x, CS3, AF2x, TOS4, CS2 */
	DFI_TIN_VOICE,		/* CS7, CS6, EF, VA, CS5, CS4 */
	DFI_TINS,
};

/* The diffserv4 tin of @dscp (0..63; anything else: Best Effort). */
static inline unsigned int dfi_cake_diffserv4_tin(u8 dscp)
{
	switch (dscp) {
	case 1:		/* LE */
	case 8:		/* CS1 */
		return DFI_TIN_BULK;
	case 4:		/* TOS4 */
	case 16:	/* CS2 */
	case 18: case 20: case 22:	/* AF2x */
	case 24:	/* CS3 */
	case 26: case 28: case 30:	/* AF3x */
	case 34: case 36: case 38:	/* AF4x */
		return DFI_TIN_VIDEO;
	case 32:	/* CS4 */
	case 40:	/* CS5 */
	case 44:	/* VA */
	case 46:	/* EF */
	case 48:	/* CS6 */
	case 56:	/* CS7 */
		return DFI_TIN_VOICE;
	}
	return DFI_TIN_BEST_EFFORT;
}

/* "best-effort", "bulk", "video", "voice"; "?" out of range. */
static inline const char *dfi_tin_name(unsigned int tin)
{
	static const char *const name[DFI_TINS] = {
		[DFI_TIN_BEST_EFFORT] = "best-effort",
		[DFI_TIN_BULK] = "bulk",
		[DFI_TIN_VIDEO] = "video",
		[DFI_TIN_VOICE] = "voice",
	};

	return tin < DFI_TINS ? name[tin] : "?";
}

#endif /* _DFI_TIN_H */
