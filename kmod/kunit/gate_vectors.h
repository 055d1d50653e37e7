/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cases of the known/unknown gate (kmod/core/gate.c), checked by the KUnit
 * suite and by tests/unit/gate_test.c alike.
 */
#ifndef _DFI_GATE_VECTORS_H
#define _DFI_GATE_VECTORS_H

#include <dfi/engine.h>

#define DFI_GV_SEQ	8
#define DFI_GV_CLASSES	4
#define DFI_GV_OTHER	3

/* One packet of a test flow: microseconds, IP length, reply, TCP flags. */
struct dfi_gv_pkt {
	u64 t_us;
	u32 len;
	int reply;
	u8 flags;
};

/*
 * A flow of 4 packets whose histogram is known: sizes 48 (q 3, bin 0),
 * 1500 (q 94, bin 11), 160 (q 10, bin 2), 1500 (bin 11); gaps 1 ms (q 19,
 * bin 12), 20 ms (q 28, bin 14), 2 s (q 41, bin 15).
 */
static const struct dfi_gv_pkt dfi_gv_flow[] = {
	{ 1000000, 48, 0, DFI_TCP_SYN },
	{ 1001000, 1500, 1, 0 },
	{ 1021000, 160, 0, DFI_TCP_PSH },
	{ 3021000, 1500, 1, 0 },
};

static const u8 dfi_gv_hist[DFI_GATE_BINS] = {
	16, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 32, 21, 0, 21, 21,
};

/* Two centroids: the flow's own histogram is 4 away from the first. */
static const u8 dfi_gv_centroids[2 * DFI_GATE_BINS] = {
	16, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 32, 21, 2, 21, 23,
	0, 64, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 64, 0, 0, 0,
};

struct dfi_gv_case {
	const char *name;
	s32 logits[DFI_GV_CLASSES];
	u8 other_class;
	u32 dist_max;
	u32 margin_min;
	/* expected */
	u8 cls;
	u8 net_cls;
	u8 reason;
	s32 margin;
	u32 dist;
	/* the margin per class instead of margin_min, if not NULL */
	const u32 *class_margin;
};

/* Class 1 (think voice) needs a margin of 200, the others none. */
static const u32 dfi_gv_class_margin[DFI_GV_CLASSES] = { 0, 200, 0, 0 };

static const struct dfi_gv_case dfi_gv_cases[] = {
	{ "known", { 10, 500, 20, 30 }, DFI_GV_OTHER, 10, 100,
	  1, 1, DFI_KNOWN, 470, 4, NULL },
	{ "net says other", { 10, 20, 30, 900 }, DFI_GV_OTHER, 10, 100,
	  DFI_GV_OTHER, 3, DFI_UNKNOWN_CLASS, 870, 4, NULL },
	{ "too far", { 10, 500, 20, 30 }, DFI_GV_OTHER, 3, 100,
	  DFI_GV_OTHER, 1, DFI_UNKNOWN_DISTANCE, 470, 4, NULL },
	{ "distance at the limit", { 10, 500, 20, 30 }, DFI_GV_OTHER, 4, 100,
	  1, 1, DFI_KNOWN, 470, 4, NULL },
	{ "too close to call", { 400, 450, 20, 30 }, DFI_GV_OTHER, 10, 100,
	  DFI_GV_OTHER, 1, DFI_UNKNOWN_MARGIN, 50, 4, NULL },
	{ "margin at the limit", { 400, 500, 20, 30 }, DFI_GV_OTHER, 10, 100,
	  1, 1, DFI_KNOWN, 100, 4, NULL },
	{ "tie: lowest index", { 7, 7, -5, -9 }, DFI_GV_OTHER, 10, 0,
	  0, 0, DFI_KNOWN, 0, 4, NULL },
	{ "negative logits", { -900, -100, -300, -200 }, DFI_GV_OTHER, 10, 50,
	  1, 1, DFI_KNOWN, 100, 4, NULL },
	{ "no other class: never unknown", { 400, 450, 20, 30 }, DFI_NO_CLASS,
	  0, 1000, 1, 1, DFI_KNOWN, 50, 4, NULL },
	{ "extreme logits", { -2147483647 - 1, 2147483647, 0, 0 }, DFI_GV_OTHER,
	  10, 100, 1, 1, DFI_KNOWN, 2147483647, 4, NULL },
	{ "class margin: class 1 needs more than margin_min",
	  { 10, 500, 20, 350 }, DFI_GV_OTHER, 10, 100,
	  DFI_GV_OTHER, 1, DFI_UNKNOWN_MARGIN, 150, 4, dfi_gv_class_margin },
	{ "class margin: at class 1's limit", { 10, 500, 300, 30 },
	  DFI_GV_OTHER, 10, 100, 1, 1, DFI_KNOWN, 200, 4, dfi_gv_class_margin },
	{ "class margin: class 0 needs less than margin_min",
	  { 120, 20, 30, 40 }, DFI_GV_OTHER, 10, 100,
	  0, 0, DFI_KNOWN, 80, 4, dfi_gv_class_margin },
	{ "class margin: distance still decides first", { 10, 900, 20, 30 },
	  DFI_GV_OTHER, 3, 100, DFI_GV_OTHER, 1, DFI_UNKNOWN_DISTANCE, 870, 4,
	  dfi_gv_class_margin },
};

#define DFI_GV_COUNT DFI_ARRAY_SIZE(dfi_gv_cases)

/* The test flow's feature state (storage for DFI_GV_SEQ packets). */
static inline void dfi_gv_make_flow(struct dfi_flow_feat *f)
{
	unsigned int i;

	dfi_feat_init(f, DFI_IPPROTO_TCP, 40000, 443, dfi_gv_flow[0].t_us);
	for (i = 0; i < DFI_ARRAY_SIZE(dfi_gv_flow); i++)
		dfi_feat_add(f, DFI_GV_SEQ, dfi_gv_flow[i].t_us,
			     dfi_gv_flow[i].len, dfi_gv_flow[i].reply,
			     dfi_gv_flow[i].flags, 0);
}

/* A model with only what the gate reads. */
static inline void dfi_gv_make_model(struct dfi_model *m,
				     const struct dfi_gv_case *c)
{
	memset(m, 0, sizeof(*m));
	m->n_classes = DFI_GV_CLASSES;
	m->other_class = c->other_class;
	m->seq_len = DFI_GV_SEQ;
	m->n_centroids = 2;
	m->centroids = dfi_gv_centroids;
	m->dist_max = c->dist_max;
	m->margin_min = c->margin_min;
	if (c->class_margin) {
		memcpy(m->class_margin, c->class_margin,
		       DFI_GV_CLASSES * sizeof(u32));
		m->class_margin_off = 1;	/* any: "the file has them" */
	}
}

#endif /* _DFI_GATE_VECTORS_H */
