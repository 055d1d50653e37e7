// SPDX-License-Identifier: GPL-2.0
/*
 * Feature spec 2's static inputs of the multi-flow context (16 and 17:
 * the host fan-out), and models of spec 1 on spec 2's input: spec1.dfim
 * (the default model before spec 2) reads the first 16 static inputs
 * only, so neither the host context nor the application port (18..22)
 * can change its logits.
 */
#include <stdlib.h>
#include <string.h>

#include <dfi/engine.h>
#include "modelfile.h"
#include "unit.h"

#define SPEC1_MODEL	"spec1.dfim"

static struct dfi_flow_feat *udp_flow(void)
{
	struct dfi_flow_feat *f = malloc(dfi_feat_size(DFI_MAX_SEQ));
	unsigned int i;

	if (!f)
		abort();
	dfi_feat_init(f, DFI_IPPROTO_UDP, 40000, 6881, 1000);
	for (i = 0; i < 20; i++)
		dfi_feat_add(f, 32, 1000 + i * 20000, 100 + 40 * (i % 5),
			     i % 3 == 2, 0, 0);
	return f;
}

static void host_statics(void)
{
	struct dfi_flow_ctx ctx = { 3, 2, 1, 5, 1 };
	struct dfi_flow_feat *f = udp_flow();
	s8 seq[DFI_SEQ_CH * 32], stat[DFI_STATIC_N];

	CHECK_EQ(DFI_STATIC_N, 23);
	CHECK_EQ(DFI_FEATURE_SPEC, 2);
	dfi_feat_input(f, 32, &ctx, seq, stat);
	CHECK_EQ(stat[10], 2);
	CHECK_EQ(stat[11], 2);
	CHECK_EQ(stat[12], 1);
	CHECK_EQ(stat[16], 3);		/* 5: floor(log2 5) + 1 */
	CHECK_EQ(stat[17], 1);
	ctx.host_p2p = 0;
	ctx.host_same_cport = 65535;
	dfi_feat_input(f, 32, &ctx, seq, stat);
	CHECK_EQ(stat[16], 0);
	CHECK_EQ(stat[17], 16);
	/* the pair counts stay where spec 1 has them */
	CHECK_EQ(stat[10], 2);
	memset(stat, 0x55, sizeof(stat));
	dfi_feat_input(f, 32, NULL, seq, stat);
	CHECK(stat[10] == 0 && stat[16] == 0 && stat[17] == 0);
	CHECK_EQ(stat[0], 64);
	free(f);
}

static void spec1_model(void)
{
	struct dfi_flow_ctx none = { 0 }, busy = { 9, 4, 9, 300, 40 };
	struct dfi_flow_feat *f = udp_flow();
	struct dfi_verdict v0, v1;
	struct dfi_scratch *ws = malloc(sizeof(*ws));
	struct dfi_model m;
	void *buf = NULL;

	if (!ws)
		abort();
	CHECK_EQ(modelfile_load("context_test", SPEC1_MODEL, &m, &buf), 0);
	if (!buf)
		goto out;
	CHECK_EQ(m.feature_spec, 1);
	CHECK_EQ(m.n_static, DFI_STATIC_N_SPEC1);
	dfi_classify(&m, f, &none, ws, &v0);
	CHECK_EQ(ws->stat[16], 0);
	dfi_classify(&m, f, &busy, ws, &v1);
	CHECK_EQ(ws->stat[16], 9);	/* computed, but not the model's */
	CHECK_EQ(ws->stat[21], 64);	/* 6881: a file port, likewise */
	busy.host_p2p = 0;
	busy.host_same_cport = 0;
	dfi_classify(&m, f, &busy, ws, &v0);
	CHECK(!memcmp(v0.logits, v1.logits, m.n_classes * sizeof(s32)));
	CHECK_EQ(v0.cls, v1.cls);
out:
	free(buf);
	free(ws);
	free(f);
}

static const struct unit_case cases[] = {
	UNIT_CASE(host_statics),
	UNIT_CASE(spec1_model),
};

int main(void)
{
	return unit_run(cases, DFI_ARRAY_SIZE(cases));
}
