/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tin view of a classifier's scores: what an operator feels under
 * cake diffserv4.  Each class is marked with the DSCP of a class -> DSCP
 * map (dfi's defaults, include/dfi/dscpmap.h, or overrides), each DSCP
 * queued in a tin by cake's table (include/dfi/tin.h).  A class the map
 * leaves unmarked ("keep", other by default) keeps the DSCP its
 * application sent, unknown offline: it is counted as DSCP 0, Best Effort.
 *
 * From the class confusion matrix (struct metrics):
 *  - the tin confusion matrix: the true class's tin against the
 *    predicted class's tin;
 *  - tin-accuracy: flows whose predicted class's tin is their true
 *    class's tin, of all flows;
 *  - priority-inflation: flows labelled web, other or file predicted into
 *    the Voice or Video tin, of the flows labelled web, other or file;
 *  - realtime-miss: flows labelled voice, game or video predicted into the
 *    Best Effort or Bulk tin, of the flows labelled voice, game or video;
 *  - bulk-false: flows labelled web or other predicted into the Bulk
 *    tin, of the flows labelled web or other.
 */
#ifndef _DFI_TINVIEW_H
#define _DFI_TINVIEW_H

#include <stdio.h>

#include <dfi/tin.h>

#include "metrics.h"

struct tinmap {
	u8 dscp[CLS_N];		/* 0..63 or DFI_DSCP_KEEP */
	u8 tin[CLS_N];		/* enum dfi_tin */
};

/* dfi's default map (dfi_dscp_default() of each class name). */
void tinmap_init(struct tinmap *map);
/* Mark class @cls with @dscp (0..63 or DFI_DSCP_KEEP). */
void tinmap_set(struct tinmap *map, int cls, u8 dscp);

struct tin_rate {
	u64 num, den;
};

/* The rates of flows of a set of classes predicted into a set of tins. */
enum tin_rate_id {
	TIN_INFLATION,		/* priority-inflation */
	TIN_RT_MISS,		/* realtime-miss */
	TIN_BULK_FALSE,		/* bulk-false */
	TIN_RATES,
};

struct tin_score {
	u64 conf[DFI_TINS][DFI_TINS];	/* [true class's tin][predicted's] */
	struct tin_rate accuracy;
	struct tin_rate rate[TIN_RATES];
};

void tin_score(const struct metrics *mt, const struct tinmap *map,
	       struct tin_score *s);

/* The map, the tin confusion matrix and the four rates. */
void tin_print_text(FILE *out, const struct tinmap *map,
		    const struct tin_score *s);
/*
 * The map and the rates' definitions (their class and tin sets, for the
 * Python side to recompute them) as JSON members, each with a comma.
 */
void tin_json_map(FILE *out, const struct tinmap *map);
/* The score as JSON members, each followed by a comma. */
void tin_json_score(FILE *out, const struct tin_score *s);
/* A rate as "X.XXX" (3 decimals), "-" without flows, in @buf. */
const char *tin_rate_str(const struct tin_rate *r, char *buf, size_t len);

#endif /* _DFI_TINVIEW_H */
