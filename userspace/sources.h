/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scores per capture source.  The source of a capture is its file name up
 * to its first '-' or '_' (the whole name when it has neither): the data
 * sets name captures "COLLECTION__NAME" (ndpi__..., requet__...,
 * arkime+arkime__...) and the lab "lab-RUN-SCENARIO.pcap", so the source
 * is the collection a capture was taken from.
 */
#ifndef _DFI_SOURCES_H
#define _DFI_SOURCES_H

#include "metrics.h"
#include "tinview.h"

struct source {
	char *name;
	struct metrics mt;
};

struct sources {
	struct source *s;	/* sorted by name */
	unsigned int n, cap;
};

/* The source of capture file name @pcap, in @buf (truncated to @len). */
void source_of(const char *pcap, char *buf, size_t len);

/* The scores of @pcap's source, added if new; NULL: out of memory. */
struct metrics *sources_get(struct sources *ss, const char *pcap);
void sources_free(struct sources *ss);

/* One line per source: flows, macro-F1 and the tin view's rates. */
void sources_print_text(FILE *out, const struct sources *ss,
			const struct tinmap *map);
/* "sources":{NAME:{tin score, metrics body},...} and a comma. */
void sources_print_json(FILE *out, const struct sources *ss,
			const struct tinmap *map);

#endif /* _DFI_SOURCES_H */
