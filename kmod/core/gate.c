// SPDX-License-Identifier: GPL-2.0
/*
 * The known/unknown gate: a coarse histogram of the flow's packets, its
 * L1 distance to centroids learnt from known traffic, and the margin of
 * the network's decision.  Shared core: freestanding C.
 */
#include <dfi/divide.h>
#include <dfi/engine.h>

#include "engine_x86.h"

/*
 * Histogram bins (DFI_GATE_BINS = 16), each scaled to 0..64:
 *   0..5   client->server packets by dfi_q_size: 1-4, 5-8, 9-16, 17-32,
 *          33-64, 65-95 (up to 64, 128, 256, 512, 1024 bytes, more)
 *   6..11  the same for server->client packets
 *          (these 12 are shares of all recorded packets)
 *   12..15 gaps between packets by dfi_q_iat: <= 19 (up to ~1 ms),
 *          20-27 (~16 ms), 28-33 (~128 ms), more (shares of all gaps)
 */
/* sums of comparisons, not branches: a flow's sizes and gaps vary */
static unsigned int dfi_size_bin(u8 q)
{
	return (q > 4) + (q > 8) + (q > 16) + (q > 32) + (q > 64);
}

static unsigned int dfi_iat_bin(u8 q)
{
	return 12 + (q > 19) + (q > 27) + (q > 33);
}

void dfi_gate_hist(const struct dfi_flow_feat *f, unsigned int seq_len,
		   u8 *hist)
{
	unsigned int count[DFI_GATE_BINS] = { 0 };
	unsigned int n = f->npkts < seq_len ? f->npkts : seq_len;
	struct dfi_div by_n = { 0 }, by_n1 = { 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct dfi_pkt *p = &f->pkt[i];
		unsigned int bin = dfi_size_bin(p->size & DFI_PKT_SIZE_MASK);

		count[(p->size & DFI_PKT_REPLY ? 6 : 0) + bin]++;
		if (i > 0)
			count[dfi_iat_bin(p->iat & DFI_PKT_IAT_MASK)]++;
	}
	/*
	 * count * 64 / total, as two multiplies: count <= total <= 64, so
	 * count * 64 < 2^13 and 13 + log2(64) <= 31 (dfi/divide.h)
	 */
	if (n)
		by_n = dfi_div_prep(n, 13);
	if (n > 1)
		by_n1 = dfi_div_prep(n - 1, 13);
	for (i = 0; i < DFI_GATE_BINS; i++) {
		if (i < 12)
			hist[i] = n ? (u8)dfi_div(count[i] * 64, by_n) : 0;
		else
			hist[i] = n > 1 ? (u8)dfi_div(count[i] * 64, by_n1) : 0;
	}
}
DFI_EXPORT(dfi_gate_hist);

static u32 dfi_gate_dist(const struct dfi_model *m, const u8 *hist,
			 unsigned int engine)
{
	u32 best = 0xffffffff;
	unsigned int c, i;

	if (m->n_centroids && DFI_X86_ENGINE(engine))
		return dfi_x86_gate_dist(hist, m->centroids, m->n_centroids);

	for (c = 0; c < m->n_centroids; c++) {
		const u8 *cen = m->centroids + c * DFI_GATE_BINS;
		u32 d = 0;

		for (i = 0; i < DFI_GATE_BINS; i++)
			d += hist[i] > cen[i] ? hist[i] - cen[i] : cen[i] - hist[i];
		if (d < best)
			best = d;
	}
	return m->n_centroids ? best : 0;
}

/* Argmax (lowest index on ties) and the margin to the runner-up. */
static void dfi_gate_top2(const s32 *logits, unsigned int n, u8 *top,
			  s32 *margin)
{
	unsigned int i, t = 0;
	s64 second = -((s64)1 << 40);

	for (i = 1; i < n; i++)
		if (logits[i] > logits[t])
			t = i;
	for (i = 0; i < n; i++)
		if (i != t && logits[i] > second)
			second = logits[i];
	*top = (u8)t;
	*margin = (s64)logits[t] - second > 0x7fffffff ? 0x7fffffff :
		  (s32)((s64)logits[t] - second);
}

/**
 * dfi_gate() - decide known or unknown from the logits in @v
 * @m: the model (thresholds, centroids, other_class)
 * @f: the flow's recorded packets
 * @engine: the engine that computes the distance (enum dfi_engine; the
 *          x86 ones only where the caller may use the vector registers)
 * @v: in: logits; out: net_cls, margin, dist, reason, cls
 */
void dfi_gate(const struct dfi_model *m, const struct dfi_flow_feat *f,
	      unsigned int engine, struct dfi_verdict *v)
{
	u8 hist[DFI_GATE_BINS];

	dfi_gate_top2(v->logits, m->n_classes, &v->net_cls, &v->margin);
	dfi_gate_hist(f, m->seq_len, hist);
	v->dist = dfi_gate_dist(m, hist, engine);

	v->cls = v->net_cls;
	v->reason = DFI_KNOWN;
	if (m->other_class == DFI_NO_CLASS)
		return;
	if (v->net_cls == m->other_class)
		v->reason = DFI_UNKNOWN_CLASS;
	else if (m->n_centroids && v->dist > m->dist_max)
		v->reason = DFI_UNKNOWN_DISTANCE;
	else if (v->margin < (s64)dfi_model_margin(m, v->net_cls))
		v->reason = DFI_UNKNOWN_MARGIN;
	if (v->reason != DFI_KNOWN)
		v->cls = m->other_class;
}
DFI_EXPORT(dfi_gate);

/**
 * dfi_early_checkpoint() - the checkpoint a packet brought a flow to
 * @m: the model
 * @before: packets the flow had recorded before the packet
 * @after: and after it (a GSO aggregate records several)
 *
 * Return: the index of the last checkpoint in (@before, @after], or -1.
 */
int dfi_early_checkpoint(const struct dfi_model *m, unsigned int before,
			 unsigned int after)
{
	int i;

	for (i = m->n_checkpoints - 1; i >= 0; i--)
		if (m->checkpoint[i] <= after)
			return m->checkpoint[i] > before ? i : -1;
	return -1;
}
DFI_EXPORT(dfi_early_checkpoint);

/**
 * dfi_early_accept() - whether a verdict at checkpoint @i decides the flow
 * @m: the model
 * @i: the checkpoint (dfi_early_checkpoint())
 * @v: the verdict of dfi_classify() on the flow so far
 *
 * Return: 1 if the gate called the flow known and its margin reaches its
 * class's early margin at @i (never for DFI_EARLY_NEVER), else 0.
 */
int dfi_early_accept(const struct dfi_model *m, unsigned int i,
		     const struct dfi_verdict *v)
{
	if (i >= m->n_checkpoints || v->reason != DFI_KNOWN ||
	    v->cls >= m->n_classes)
		return 0;
	return (s64)v->margin >= (s64)m->early_margin[i][v->cls];
}
DFI_EXPORT(dfi_early_accept);
