// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the engine against the hand-computed cases of
 * engine_vectors.h, the same the KUnit suite runs, with every engine this
 * CPU runs.
 */
#include "../../kmod/kunit/engine_vectors.h"
#include "cpu.h"
#include "unit.h"

static struct dfi_scratch ws;
static struct dfi_model model;

static void vectors_on(unsigned int e)
{
	size_t i;
	int o;

	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		const struct dfi_engine_vec *v = &dfi_engine_vectors[i];
		s32 logits[DFI_MAX_CLASSES];

		dfi_engine_vec_model(v, &model);
		memset(&ws, 0x5a, sizeof(ws));
		ws.engine = (u8)e;
		memcpy(ws.seq, v->seq, sizeof(v->seq));
		memcpy(ws.stat, v->stat, sizeof(v->stat));
		for (o = 0; o < DFI_MAX_CLASSES; o++)
			logits[o] = 0x5a5a5a5a;
		dfi_infer(&model, ws.seq, ws.stat, &ws, logits);
		for (o = 0; o < v->n_logits; o++) {
			if (logits[o] != v->logits[o])
				printf("# %s, engine %s: logit %d\n", v->name,
				       dfi_engine_name(e), o);
			CHECK_EQ(logits[o], v->logits[o]);
		}
		/* nothing written past the logits */
		for (; o < DFI_MAX_CLASSES; o++)
			CHECK_EQ(logits[o], 0x5a5a5a5a);
	}
}

static void vectors(void)
{
	unsigned int e;

	for (e = 0; e < DFI_ENGINE_COUNT; e++)
		if (cpu_engine_runs(e))
			vectors_on(e);
}

/* The inputs are read, never written. */
static void inputs_untouched(void)
{
	const struct dfi_engine_vec *v = &dfi_engine_vectors[0];
	size_t i;

	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		s8 seq[DFI_EV_MAX_IN], stat[DFI_STATIC_N];
		s32 logits[DFI_MAX_CLASSES];

		v = &dfi_engine_vectors[i];
		memcpy(seq, v->seq, sizeof(seq));
		memcpy(stat, v->stat, sizeof(stat));
		dfi_engine_vec_model(v, &model);
		dfi_infer(&model, seq, stat, &ws, logits);
		CHECK(!memcmp(seq, v->seq, sizeof(seq)));
		CHECK(!memcmp(stat, v->stat, sizeof(stat)));
	}
}

static const struct unit_case cases[] = {
	UNIT_CASE(vectors),
	UNIT_CASE(inputs_untouched),
};

UNIT_MAIN(cases)
