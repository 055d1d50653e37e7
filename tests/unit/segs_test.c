// SPDX-License-Identifier: GPL-2.0
/*
 * GSO/GRO aggregates as their segments (kmod/core/features.c):
 * dfi_segs_split(), the rule the kernel and the offline decoder share,
 * and dfi_feat_step_segs(), which records the segments.
 */
#include <dfi/features.h>

#include "../../kmod/kunit/segs_vectors.h"
#include "unit.h"

static void split_vectors(void)
{
	unsigned int i;

	for (i = 0; i < DFI_SEGS_NVEC; i++) {
		const struct dfi_segs_vec *v = &dfi_segs_vec[i];
		struct dfi_segs s = { 0, 0, 0 };
		int n = dfi_segs_split(&s, v->ip_len, v->hdr_len, v->seg_size,
				       v->segs);

		printf("# %s\n", v->what);
		CHECK_EQ(n, v->n);
		if (v->n < 0)
			continue;
		CHECK_EQ(s.n, v->n);
		CHECK_EQ(s.len, v->len);
		CHECK_EQ(s.last_len, v->last_len);
		/* the segments carry the aggregate's payload, no more */
		CHECK_EQ((s.n - 1) * (s.len - v->hdr_len) + s.last_len - v->hdr_len,
			 v->ip_len - v->hdr_len);
	}
}

static struct dfi_flow_feat *feat_new(unsigned int seq_len)
{
	struct dfi_flow_feat *f = malloc(dfi_feat_size(seq_len));

	if (!f)
		abort();
	dfi_feat_init(f, DFI_IPPROTO_TCP, 40000, 443, 1000);
	return f;
}

/* Three segments recorded at the aggregate's time: gaps 0, flags last. */
static void step_segs(void)
{
	struct dfi_flow_feat *f = feat_new(32);
	struct dfi_segs s;

	CHECK_EQ(dfi_feat_step(f, 32, 0, 1000, 60, 0, DFI_TCP_SYN, 0),
		 DFI_STEP_RECORDED);
	CHECK_EQ(dfi_segs_split(&s, 52 + 2 * 1448 + 100, 52, 1448, 0), 3);
	CHECK_EQ(dfi_feat_step_segs(f, 32, 0, 21000, &s, 1,
				    DFI_TCP_PSH | DFI_TCP_FIN, 10),
		 DFI_STEP_RECORDED);
	CHECK_EQ(f->npkts, 4);
	CHECK_EQ(f->pkt[1].size, DFI_PKT_REPLY | dfi_q_size(1500));
	CHECK_EQ(f->pkt[2].size, DFI_PKT_REPLY | dfi_q_size(1500));
	CHECK_EQ(f->pkt[3].size, DFI_PKT_REPLY | dfi_q_size(152));
	CHECK_EQ(f->pkt[1].iat, dfi_q_iat(20000));
	CHECK_EQ(f->pkt[2].iat, 0);
	/* FIN marks the last segment only, with its PSH */
	CHECK_EQ(f->pkt[3].iat, DFI_PKT_CTRL | DFI_PKT_PSH);
	CHECK_EQ(f->last_us, 21000);
	CHECK_EQ(f->dscp_s2c, 10);
	free(f);
}

/* An aggregate larger than what is left of seq_len fills it and stops. */
static void step_segs_full(void)
{
	struct dfi_flow_feat *f = feat_new(8);
	struct dfi_segs s;

	CHECK_EQ(dfi_feat_step(f, 8, 0, 1000, 60, 0, DFI_TCP_SYN, 0),
		 DFI_STEP_RECORDED);
	CHECK_EQ(dfi_segs_split(&s, 52 + 40 * 1448, 52, 1448, 40), 40);
	CHECK_EQ(dfi_feat_step_segs(f, 8, 0, 2000, &s, 0, 0, 0),
		 DFI_STEP_FULL);
	CHECK_EQ(f->npkts, 8);
	CHECK_EQ(f->pkt[7].size, dfi_q_size(1500));
	free(f);
}

/* Past the deadline no segment is recorded. */
static void step_segs_deadline(void)
{
	struct dfi_flow_feat *f = feat_new(32);
	struct dfi_segs s;

	CHECK_EQ(dfi_segs_split(&s, 52 + 3 * 1448, 52, 1448, 3), 3);
	CHECK_EQ(dfi_feat_step_segs(f, 32, 500, 1500, &s, 0, 0, 0),
		 DFI_STEP_DEADLINE);
	CHECK_EQ(f->npkts, 0);
	free(f);
}

int main(void)
{
	static const struct unit_case cases[] = {
		UNIT_CASE(split_vectors),
		UNIT_CASE(step_segs),
		UNIT_CASE(step_segs_full),
		UNIT_CASE(step_segs_deadline),
	};

	return unit_run(cases, DFI_ARRAY_SIZE(cases));
}
