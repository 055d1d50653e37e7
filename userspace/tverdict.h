/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How long the scored flows waited for their verdict: the packets the
 * verdict saw and the time from the flow's first to its last recorded
 * packet, each flow's; dfi-eval prints their median and 90th percentile,
 * and how many flows were decided early, at a checkpoint.
 */
#ifndef _DFI_TVERDICT_H
#define _DFI_TVERDICT_H

#include <stdio.h>

#include <dfi/port.h>

struct tverdict {
	u32 *pkts;
	u64 *us;
	size_t n, cap;
	u64 early;		/* of them decided at a checkpoint */
};

/* Add one flow: 0, or -1 out of memory. */
int tverdict_add(struct tverdict *t, u32 pkts, u64 us, int early);
void tverdict_print_text(FILE *out, struct tverdict *t);
/* "to_verdict":{...}, (with the comma) */
void tverdict_print_json(FILE *out, struct tverdict *t);
void tverdict_free(struct tverdict *t);

#endif /* _DFI_TVERDICT_H */
