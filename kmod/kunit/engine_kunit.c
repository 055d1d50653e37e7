// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the engine, as the kernel build of the core computes it, on the
 * hand-computed cases of engine_vectors.h (shared with
 * tests/unit/engine_test.c), and every engine this CPU runs (kmod/simd.c:
 * the x86 SIMD ones inside kernel_fpu_begin()) against the reference on a
 * network of the default model's shape.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/prandom.h>
#include <linux/string.h>

#include "../simd.h"
#include "engine_vectors.h"

static void dfi_engine_vectors_test(struct kunit *test)
{
	struct dfi_scratch *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	s32 logits[DFI_MAX_CLASSES];
	size_t i;
	int o;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		const struct dfi_engine_vec *v = &dfi_engine_vectors[i];

		dfi_engine_vec_model(v, m);
		memset(ws, 0x5a, sizeof(*ws));
		memcpy(ws->seq, v->seq, sizeof(v->seq));
		memcpy(ws->stat, v->stat, sizeof(v->stat));
		for (o = 0; o < DFI_MAX_CLASSES; o++)
			logits[o] = 0x5a5a5a5a;
		dfi_infer(m, ws->seq, ws->stat, ws, logits);
		for (o = 0; o < v->n_logits; o++)
			KUNIT_EXPECT_EQ_MSG(test, logits[o], v->logits[o],
					    "%s: logit %d", v->name, o);
		/* nothing written past the logits */
		for (; o < DFI_MAX_CLASSES; o++)
			KUNIT_EXPECT_EQ_MSG(test, logits[o], 0x5a5a5a5a,
					    "%s: logit %d", v->name, o);
	}
}

/* The inputs are read, never written. */
static void dfi_engine_inputs_untouched_test(struct kunit *test)
{
	struct dfi_scratch *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct dfi_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	s8 seq[DFI_EV_MAX_IN], stat[DFI_STATIC_N];
	s32 logits[DFI_MAX_CLASSES];
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < DFI_EV_COUNT(dfi_engine_vectors); i++) {
		const struct dfi_engine_vec *v = &dfi_engine_vectors[i];

		memcpy(seq, v->seq, sizeof(seq));
		memcpy(stat, v->stat, sizeof(stat));
		dfi_engine_vec_model(v, m);
		dfi_infer(m, seq, stat, ws, logits);
		KUNIT_EXPECT_TRUE_MSG(test, !memcmp(seq, v->seq, sizeof(seq)),
				      "%s", v->name);
		KUNIT_EXPECT_TRUE_MSG(test,
				      !memcmp(stat, v->stat, sizeof(stat)),
				      "%s", v->name);
	}
}

/*
 * A network of the default model's shape (models/default.dfim: conv 4->12
 * k3 p1 RELU, max pool, conv 12->24 k3 p1 RELU, global pool, 23 static
 * inputs, dense 71->32 RELU, dense 32->6 logits) with pseudo-random
 * weights from a fixed seed, in one allocation.
 */
struct dfi_shape_net {
	struct dfi_model m;
	s8 w1[12 * 4 * 3], w2[24 * 12 * 3], w3[32 * 71], w4[6 * 32];
	s32 b1[12], b2[24], b3[32], b4[6];
	s32 m1[12], m2[24], m3[32];
	u8 s1[12], s2[24], s3[32];
};

static void dfi_fill_s8(struct rnd_state *r, s8 *p, size_t n)
{
	prandom_bytes_state(r, p, n);
}

static void dfi_fill_requant(struct rnd_state *r, s32 *mult, u8 *shift,
			     s32 *bias, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		mult[i] = (s32)(prandom_u32_state(r) >> 1) | 1 << 29;
		shift[i] = 38 + prandom_u32_state(r) % 6;
		bias[i] = (s32)(prandom_u32_state(r) % 20001) - 10000;
	}
}

static void dfi_shape_net_init(struct dfi_shape_net *n, u32 seed)
{
	struct dfi_model *m = &n->m;
	struct rnd_state r;
	int i;

	prandom_seed_state(&r, seed);
	dfi_fill_s8(&r, n->w1, sizeof(n->w1));
	dfi_fill_s8(&r, n->w2, sizeof(n->w2));
	dfi_fill_s8(&r, n->w3, sizeof(n->w3));
	dfi_fill_s8(&r, n->w4, sizeof(n->w4));
	dfi_fill_requant(&r, n->m1, n->s1, n->b1, 12);
	dfi_fill_requant(&r, n->m2, n->s2, n->b2, 24);
	dfi_fill_requant(&r, n->m3, n->s3, n->b3, 32);
	for (i = 0; i < 6; i++)
		n->b4[i] = (s32)(prandom_u32_state(&r) % 2001) - 1000;
	m->n_classes = 6;
	m->n_layers = 7;
	m->seq_len = 32;
	m->in_ch = DFI_SEQ_CH;
	m->n_static = 23;
	m->layers[0] = (struct dfi_layer){ DFI_LAYER_CONV1D, DFI_LAYER_F_RELU,
		3, 1, 1, 4, 32, 12, 32, n->w1, n->b1, n->m1, n->s1 };
	m->layers[1] = (struct dfi_layer){ DFI_LAYER_MAXPOOL1D, 0, 2, 2, 0,
		12, 32, 12, 16 };
	m->layers[2] = (struct dfi_layer){ DFI_LAYER_CONV1D, DFI_LAYER_F_RELU,
		3, 1, 1, 12, 16, 24, 16, n->w2, n->b2, n->m2, n->s2 };
	m->layers[3] = (struct dfi_layer){ DFI_LAYER_GLOBALPOOL, 0, 0, 0, 0,
		24, 16, 48, 1 };
	m->layers[4] = (struct dfi_layer){ DFI_LAYER_STATIC, 0, 0, 0, 0,
		48, 1, 71, 1 };
	m->layers[5] = (struct dfi_layer){ DFI_LAYER_DENSE, DFI_LAYER_F_RELU,
		0, 0, 0, 71, 1, 32, 1, n->w3, n->b3, n->m3, n->s3 };
	m->layers[6] = (struct dfi_layer){ DFI_LAYER_DENSE, DFI_LAYER_F_LOGITS,
		0, 0, 0, 32, 1, 6, 1, n->w4, n->b4 };
}

/*
 * Every engine this CPU runs computes the reference's logits: on inputs
 * in 0..127 (the ones dfi's features make: the SIMD loops' domain) and on
 * any int8 (where they leave layers to the scalar path).
 */
static void dfi_engine_all_engines_test(struct kunit *test)
{
	struct dfi_scratch *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct dfi_shape_net *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	s32 want[DFI_MAX_CLASSES], got[DFI_MAX_CLASSES];
	unsigned int e, ran = 0, i;
	struct rnd_state r;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, n);
	prandom_seed_state(&r, 42);
	for (e = 0; e < DFI_ENGINE_COUNT; e++) {
		if (e == DFI_ENGINE_REF || !dfi_simd_runs(e))
			continue;
		ran++;
		kunit_info(test, "engine %s (the module's: %s)\n",
			   dfi_engine_name(e),
			   dfi_engine_name(dfi_simd_engine()));
		for (i = 0; i < 400; i++) {
			bool fpu;
			int j;

			if (i % 50 == 0)
				dfi_shape_net_init(n, i);
			prandom_bytes_state(&r, ws->seq, sizeof(ws->seq));
			prandom_bytes_state(&r, ws->stat, sizeof(ws->stat));
			if (i % 4)	/* three in four: features' range */
				for (j = 0; j < sizeof(ws->seq); j++)
					ws->seq[j] &= 0x7f;
			if (i % 8 == 1)	/* saturated */
				memset(ws->seq, 127, sizeof(ws->seq));
			ws->engine = DFI_ENGINE_REF;
			dfi_infer(&n->m, ws->seq, ws->stat, ws, want);
			local_bh_disable();
			fpu = dfi_simd_begin(ws, e);
			dfi_infer(&n->m, ws->seq, ws->stat, ws, got);
			dfi_simd_end(fpu);
			local_bh_enable();
			KUNIT_EXPECT_EQ_MSG(test, memcmp(got, want, 6 * sizeof(s32)),
					    0, "engine %s, input %u",
					    dfi_engine_name(e), i);
		}
	}
	/* the scalar engine at least */
	KUNIT_EXPECT_GE(test, ran, 1u);
}

static struct kunit_case dfi_engine_cases[] = {
	KUNIT_CASE(dfi_engine_vectors_test),
	KUNIT_CASE(dfi_engine_inputs_untouched_test),
	KUNIT_CASE(dfi_engine_all_engines_test),
	{}
};

static struct kunit_suite dfi_engine_suite = {
	.name = "dfi_engine",
	.test_cases = dfi_engine_cases,
};

kunit_test_suites(&dfi_engine_suite);
