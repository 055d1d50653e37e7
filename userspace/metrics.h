/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scores of a classifier over labelled flows: confusion matrix, per-class
 * precision/recall/F1, the known/unknown rates and macro-F1 over the known
 * classes.  "other" is a class like the rest: a known flow predicted other
 * is a miss of its class, an other flow predicted known a false positive
 * of that class.
 */
#ifndef _DFI_METRICS_H
#define _DFI_METRICS_H

#include <stdio.h>

#include "labels.h"

struct metrics {
	u64 conf[CLS_N][CLS_N];		/* [true class][predicted class] */
	u64 not_found;			/* labelled flows not in a capture */
};

/* What was scored. */
struct metrics_model {
	const char *name;
	unsigned int seq_len;
	u32 deadline_ms;	/* as used, 0: none */
};

struct class_score {
	u64 support;		/* flows of the class */
	u64 predicted;		/* flows predicted as the class */
	double precision;	/* 0 when nothing is predicted */
	double recall;		/* 0 when the class has no flow */
	double f1;		/* 0 when precision + recall is 0 */
};

u64 metrics_flows(const struct metrics *mt);
void metrics_class(const struct metrics *mt, int cls, struct class_score *s);
/* Mean F1 over voice, video, game, file, web. */
double metrics_macro_f1(const struct metrics *mt);

/* The report without its last line. */
void metrics_print_scores(FILE *out, const struct metrics *mt,
			  const struct metrics_model *model);
/* The report; its last line is "macro-F1: X.XXX". */
void metrics_print_text(FILE *out, const struct metrics *mt,
			const struct metrics_model *model);
/*
 * The start of the JSON object: "{", the model's members and
 * labelled_not_found, each with a comma after it.
 */
void metrics_json_head(FILE *out, const struct metrics *mt,
		       const struct metrics_model *model);
/* The scores as JSON members, the last "macro_f1", without a comma. */
void metrics_json_body(FILE *out, const struct metrics *mt);
/* The same as one JSON object on one line: head, body, "}". */
void metrics_print_json(FILE *out, const struct metrics *mt,
			const struct metrics_model *model);
/* @s as a JSON string, quoted and escaped. */
void metrics_json_string(FILE *out, const char *s);
/* "KEY":num/den (null when den is 0) and a comma. */
void metrics_json_rate(FILE *out, const char *key, u64 num, u64 den);
/* "KEY":[[...],...] of the @n x @n matrix @m (row-major) and a comma. */
void metrics_json_matrix(FILE *out, const char *key, const u64 *m,
			 unsigned int n);

#endif /* _DFI_METRICS_H */
