/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A labelled data set (a captures directory and its labels.csv) and the
 * walk the offline tools share: every capture that has labels is replayed
 * through a flow table, then each labelled flow is looked up in it.
 *
 * Packets are taken in file order, never sorted; where a capture's time
 * goes backwards (counted), each flow clamps its own time (flowtab.h).
 */
#ifndef _DFI_DATASET_H
#define _DFI_DATASET_H

#include <stdio.h>

#include "capture.h"
#include "flowtab.h"
#include "labels.h"

#define DATASETS_MAX		16

struct dataset {
	const char *captures;	/* directory of the capture files */
	const char *labels_path;
	struct labels labels;
};

/* --captures and --labels as given, paired in order. */
struct dataset_args {
	const char *captures[DATASETS_MAX];
	const char *labels[DATASETS_MAX];
	unsigned int ncaptures, nlabels;
};

/*
 * Take option @opt ("--captures" or "--labels") with @val.  Returns 1 if
 * it was one of them, 0 if not, -1 (with a message in @err) if too many.
 */
int dataset_arg(struct dataset_args *a, const char *opt, const char *val,
		char *err, size_t errlen);

/*
 * Load the labels of every data set given: 0, or -1 with a message.
 * *@ds is an array of *@n data sets, freed with datasets_free().
 */
int datasets_load(const struct dataset_args *a, struct dataset **ds,
		  unsigned int *n, char *err, size_t errlen);
void datasets_free(struct dataset *ds, unsigned int n);

struct walk_cfg {
	unsigned int seq_len;
	u64 deadline_us;	/* 0: none */
	u32 min_packets;	/* labelled flows with fewer are left out */
	/* the second look's bulk checks (flowtab.h); NULL: none */
	const struct dfi_longflow_cfg *second_look;
	const char *prog;	/* prefix of the details printed to stderr */
	flow_early_fn early;	/* early verdicts, or NULL (flowtab.h) */
	void *early_arg;
};

/* A labelled flow that was found, its capture done. */
typedef void (*walk_flow_fn)(void *arg, const struct label *lb,
			     const struct flow *f);

struct walk_stats {
	u64 captures;
	u64 labelled;		/* labelled flows with >= min_packets */
	u64 below_min;		/* left out for having fewer */
	u64 found;
	u64 missing;		/* labelled, not in the capture */
	u64 mismatch;		/* found with a different packet count */
	u64 swapped;		/* found with client and server swapped */
	u64 fragmented;		/* found, with IP fragments */
	u64 backwards;		/* found, time going backwards in them */
	u64 decided_by[FLOW_BY_END + 1];	/* of the found flows */
	struct cap_stats cap;	/* over all the captures */
};

/*
 * Walk data set @ds.  A labelled flow counts as having its packet count in
 * the capture when it is found there, else the count of labels.csv.
 * Returns 0, or -1 with a message in @err (a capture that cannot be read,
 * or out of memory).
 */
int dataset_walk(const struct dataset *ds, const struct walk_cfg *cfg,
		 walk_flow_fn fn, void *arg, struct walk_stats *st,
		 char *err, size_t errlen);

void walk_report(FILE *out, const char *prog, const struct dataset *ds,
		 const struct walk_stats *st);

#endif /* _DFI_DATASET_H */
