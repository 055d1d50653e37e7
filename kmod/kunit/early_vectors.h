/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cases of the early-verdict rule (dfi_early_checkpoint() and
 * dfi_early_accept() in kmod/core/gate.c), checked by the KUnit suite and
 * by tests/unit/early_test.c alike.
 */
#ifndef _DFI_EARLY_VECTORS_H
#define _DFI_EARLY_VECTORS_H

#include <dfi/engine.h>

#define DFI_EV_CLASSES	3
#define DFI_EV_OTHER	2

/* The model's checkpoints (of seq_len 32) and margins: other never. */
static const u8 dfi_ev_checkpoints[] = { 4, 8, 16 };
static const u32 dfi_ev_margins[][DFI_EV_CLASSES] = {
	{ 500, DFI_EARLY_NEVER, DFI_EARLY_NEVER },
	{ 300, 0, DFI_EARLY_NEVER },
	{ 0x7fffffff, 10, DFI_EARLY_NEVER },
};

/* A packet took a flow from @before to @after recorded packets. */
static const struct dfi_ev_cross {
	u8 before, after;
	int n_checkpoints;	/* of dfi_ev_checkpoints the model has */
	int want;		/* index, -1: none */
} dfi_ev_crosses[] = {
	{ 0, 1, 3, -1 },
	{ 3, 4, 3, 0 },		/* reaches the first */
	{ 4, 5, 3, -1 },	/* just past it: not again */
	{ 7, 8, 3, 1 },
	{ 15, 16, 3, 2 },
	{ 16, 17, 3, -1 },
	{ 3, 9, 3, 1 },		/* an aggregate passing two: the last */
	{ 0, 31, 3, 2 },	/* one passing all three */
	{ 8, 15, 3, -1 },	/* between two */
	{ 15, 16, 2, -1 },	/* a model without the third */
	{ 3, 20, 2, 1 },
	{ 3, 4, 0, -1 },	/* a model without checkpoints */
	{ 4, 4, 3, -1 },	/* nothing recorded */
};

/* A verdict at checkpoint @i. */
static const struct dfi_ev_accept {
	const char *name;
	unsigned int i;
	u8 cls;
	u8 reason;
	s32 margin;
	int want;
} dfi_ev_accepts[] = {
	{ "at its margin", 0, 0, DFI_KNOWN, 500, 1 },
	{ "one below", 0, 0, DFI_KNOWN, 499, 0 },
	{ "never", 0, 1, DFI_KNOWN, 0x7fffffff, 0 },
	{ "margin 0 needs 0", 1, 1, DFI_KNOWN, 0, 1 },
	{ "negative margin", 1, 1, DFI_KNOWN, -1, 0 },
	{ "unknown by margin", 1, 0, DFI_UNKNOWN_MARGIN, 1000, 0 },
	{ "unknown by distance", 1, 0, DFI_UNKNOWN_DISTANCE, 1000, 0 },
	{ "other", 1, DFI_EV_OTHER, DFI_UNKNOWN_CLASS, 1000, 0 },
	{ "largest margin", 2, 0, DFI_KNOWN, 0x7fffffff, 1 },
	{ "no such checkpoint", 3, 0, DFI_KNOWN, 0x7fffffff, 0 },
	{ "no such class", 1, DFI_EV_CLASSES, DFI_KNOWN, 1000, 0 },
};

static inline void dfi_ev_make_model(struct dfi_model *m, int n_checkpoints)
{
	int i, c;

	memset(m, 0, sizeof(*m));
	m->n_classes = DFI_EV_CLASSES;
	m->other_class = DFI_EV_OTHER;
	m->seq_len = 32;
	m->n_checkpoints = n_checkpoints;
	for (i = 0; i < n_checkpoints; i++) {
		m->checkpoint[i] = dfi_ev_checkpoints[i];
		for (c = 0; c < DFI_EV_CLASSES; c++)
			m->early_margin[i][c] = dfi_ev_margins[i][c];
	}
}

#endif /* _DFI_EARLY_VECTORS_H */
