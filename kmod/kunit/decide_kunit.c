// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the decision (kmod/decide.c) on a real conntrack entry with the
 * corpus model loaded as the netlink path loads it: the verdict stored on
 * the entry is the shared classifier's, counters and the unknown-flow
 * cache follow, the flow leaves the table, and a flow begun under an
 * older model is left unclassified.  The verdict is the class identity
 * (include/dfi/classid.h); a model whose new names find no free identity
 * is refused and the running one stays.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "../ctstate.h"
#include "../dfi.h"
#include "ct_helpers.h"
#include "model_corpus.h"

#define MARK_MASK	0x1f00

static struct dfi_net *test_net(struct kunit *test)
{
	struct dfi_net *dn = kunit_kzalloc(test, sizeof(*dn), GFP_KERNEL);
	const char *err;

	KUNIT_ASSERT_NOT_NULL(test, dn);
	dn->net = &init_net;
	mutex_init(&dn->lock);
	dn->labels_base = -1;		/* the verdict goes to the ct mark */
	dn->cfg.mark_mask = MARK_MASK;
	dn->cfg.unknown_size = 4;
	dn->stats = alloc_percpu(struct dfi_stats);
	KUNIT_ASSERT_NOT_NULL(test, dn->stats);
	dfi_unknown_init(&dn->unknown);
	dfi_classids_init(&dn->classids);
	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&dn->flows, 16), 0);
	KUNIT_ASSERT_EQ(test, dfi_model_load(dn, dfi_corpus_valid.b,
					     DFI_CORPUS_LEN, &err), 0);
	KUNIT_EXPECT_EQ(test, dn->model_gen, 1U);
	return dn;
}

static void test_net_free(struct dfi_net *dn)
{
	dfi_model_unload(dn);
	rcu_barrier();
	dfi_flowtab_destroy(&dn->flows);
	dfi_unknown_destroy(&dn->unknown);
	free_percpu(dn->stats);
}

/* A flow of @n packets, alternating directions, sizes varying by @seed. */
static struct dfi_flow *test_flow(struct kunit *test, struct dfi_net *dn,
				  struct nf_conn *ct, u32 gen, int n, int seed,
				  enum dfi_step *last)
{
	const struct dfi_loaded_model *lm = rcu_dereference_protected(dn->model,
								      1);
	struct dfi_flow *f;
	int err, i;

	f = dfi_flow_alloc(&dn->flows, ct, lm->m.seq_len, gen, &err);
	KUNIT_ASSERT_NOT_NULL(test, f);
	dfi_feat_init(&f->feat, IPPROTO_UDP, 40000, 5000, 1000000);
	for (i = 0; i < n; i++)
		*last = dfi_feat_step(&f->feat, f->seq_len, 2000000,
				      1000000 + i * 1000 * (seed + 1),
				      60 + ((i * 37 + seed * 101) % 1400),
				      i & 1, 0, 0);
	return f;
}

static void dfi_decide_verdict_test(struct kunit *test)
{
	struct dfi_net *dn = test_net(test);
	int seed;

	for (seed = 0; seed < 8; seed++) {
		const struct dfi_loaded_model *lm;
		struct nf_conn *ct = dfi_test_ct(test, 4000 + seed);
		struct dfi_scratch *ws = kzalloc(sizeof(*ws), GFP_KERNEL);
		struct dfi_verdict v;
		enum dfi_step step;
		struct dfi_flow *f;
		u64 unknown0;
		u32 mark;
		int id;
		u8 st;

		KUNIT_ASSERT_NOT_NULL(test, ws);
		lm = rcu_dereference_protected(dn->model, 1);
		f = test_flow(test, dn, ct, 1, lm->m.seq_len, seed, &step);
		KUNIT_EXPECT_EQ(test, step, DFI_STEP_FULL);
		KUNIT_EXPECT_EQ(test, atomic_read(&dn->flows.count), 1);

		/* what the verdict must be: the shared classifier's */
		dfi_classify(&lm->m, &f->feat, &f->ctx, ws, &v);
		kfree(ws);

		/* stored: the identity of the class's name, not its index */
		id = dfi_classid_find(&dn->classids, lm->m.class_names[v.cls]);
		KUNIT_EXPECT_EQ(test, id, (int)lm->class_id[v.cls]);
		unknown0 = dfi_stat_sum(dn->stats, DFI_STAT_UNKNOWN);
		st = dfi_decide(dn, f, DFI_STAT_DECIDED_FULL);
		KUNIT_EXPECT_EQ(test, st, DFI_CT_CLASS(id));
		KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), DFI_CT_CLASS(id));
		mark = READ_ONCE(ct->mark);
		KUNIT_EXPECT_EQ(test, (mark & MARK_MASK) >> 8, (u32)id + 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&dn->flows.count), 0);
		KUNIT_EXPECT_EQ(test, dfi_stat_sum(dn->stats, DFI_STAT_UNKNOWN),
				unknown0 + (v.reason != DFI_KNOWN));
		KUNIT_EXPECT_EQ(test, refcount_read(&ct->ct_general.use), 1U);
		nf_ct_put(ct);
	}
	KUNIT_EXPECT_EQ(test, dfi_stat_sum(dn->stats, DFI_STAT_DECIDED_FULL), 8ULL);
	KUNIT_EXPECT_EQ(test, dn->unknown.written,
			dfi_stat_sum(dn->stats, DFI_STAT_UNKNOWN));
	test_net_free(dn);
}

/* Bits of the mark outside dfi's mask are someone else's. */
static void dfi_decide_mark_coexists_test(struct kunit *test)
{
	struct dfi_net *dn = test_net(test);
	struct nf_conn *ct = dfi_test_ct(test, 4100);
	enum dfi_step step;
	struct dfi_flow *f;
	u8 st;

	WRITE_ONCE(ct->mark, 0xa00000ff);
	f = test_flow(test, dn, ct, 1, 3, 3, &step);
	KUNIT_EXPECT_EQ(test, step, DFI_STEP_RECORDED);
	dfi_ct_state_set(dn, ct, DFI_CT_PENDING);
	KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), DFI_CT_PENDING);
	st = dfi_decide(dn, f, DFI_STAT_DECIDED_IDLE);
	KUNIT_EXPECT_TRUE(test, DFI_CT_IS_CLASS(st));
	KUNIT_EXPECT_EQ(test, READ_ONCE(ct->mark) & ~MARK_MASK, 0xa00000ffU);
	KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), st);
	KUNIT_EXPECT_EQ(test, dfi_stat_sum(dn->stats, DFI_STAT_DECIDED_IDLE), 1ULL);
	nf_ct_put(ct);
	test_net_free(dn);
}

/*
 * Every state, "new" included, round-trips through the mark field, which
 * keeps the bits outside it; a value dfi never writes reads as skip.
 */
static void dfi_ct_state_mark_test(struct kunit *test)
{
	struct dfi_net *dn = test_net(test);
	struct nf_conn *ct = dfi_test_ct(test, 4150);
	static const u8 states[] = {
		DFI_CT_NONE, DFI_CT_CLASS(0), DFI_CT_CLASS(15), DFI_CT_PENDING,
		DFI_CT_SKIP, DFI_CT_NEW,
	};
	unsigned int i;

	WRITE_ONCE(ct->mark, 0x800000e0);
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		dfi_ct_state_set(dn, ct, states[i]);
		KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), states[i]);
		KUNIT_EXPECT_EQ(test, READ_ONCE(ct->mark) & ~MARK_MASK,
				0x800000e0U);
	}
	WRITE_ONCE(ct->mark, 0x1f00);
	KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), DFI_CT_SKIP);
	KUNIT_EXPECT_TRUE(test, dfi_ct_state_storable(dn, ct));
	nf_ct_put(ct);
	test_net_free(dn);
}

/* A flow begun under model generation 1, decided after a swap: skipped. */
static void dfi_decide_model_changed_test(struct kunit *test)
{
	struct dfi_net *dn = test_net(test);
	struct nf_conn *ct = dfi_test_ct(test, 4200);
	enum dfi_step step;
	struct dfi_flow *f;
	const char *err;

	f = test_flow(test, dn, ct, 1, 10, 1, &step);
	KUNIT_ASSERT_EQ(test, dfi_model_load(dn, dfi_corpus_valid.b,
					     DFI_CORPUS_LEN, &err), 0);
	KUNIT_EXPECT_EQ(test, dn->model_gen, 2U);
	KUNIT_EXPECT_EQ(test, dfi_decide(dn, f, DFI_STAT_DECIDED_FULL),
			DFI_CT_SKIP);
	KUNIT_EXPECT_EQ(test, dfi_ct_state(dn, ct), DFI_CT_SKIP);
	KUNIT_EXPECT_EQ(test, dfi_stat_sum(dn->stats, DFI_STAT_MODEL_CHANGED), 1ULL);
	KUNIT_EXPECT_EQ(test, dfi_stat_sum(dn->stats, DFI_STAT_DECIDED_FULL), 0ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&dn->flows.count), 0);
	nf_ct_put(ct);
	test_net_free(dn);
}

/* A malformed model is refused and the running one stays. */
static void dfi_model_load_refused_test(struct kunit *test)
{
	struct dfi_net *dn = test_net(test);
	const struct dfi_loaded_model *before, *after;
	u8 *bad = kunit_kmalloc(test, DFI_CORPUS_LEN, GFP_KERNEL);
	const char *err = NULL;

	KUNIT_ASSERT_NOT_NULL(test, bad);
	memcpy(bad, dfi_corpus_valid.b, DFI_CORPUS_LEN);
	bad[DFI_CORPUS_LEN / 2] ^= 0x40;
	before = rcu_dereference_protected(dn->model, 1);
	KUNIT_EXPECT_EQ(test, dfi_model_load(dn, bad, DFI_CORPUS_LEN, &err),
			-EBADMSG);
	KUNIT_EXPECT_NOT_NULL(test, err);
	after = rcu_dereference_protected(dn->model, 1);
	KUNIT_EXPECT_PTR_EQ(test, before, after);
	KUNIT_EXPECT_EQ(test, dn->model_gen, 1U);
	test_net_free(dn);
}

/* The corpus model with its three classes renamed, CRC redone. */
static u8 *renamed_model(struct kunit *test, const char *const name[3])
{
	u8 *b = kunit_kmalloc(test, DFI_CORPUS_LEN, GFP_KERNEL);
	__le32 v;
	u32 off;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, b);
	memcpy(b, dfi_corpus_valid.b, DFI_CORPUS_LEN);
	memcpy(&v, b + offsetof(struct dfi_model_hdr, classes_off), 4);
	off = le32_to_cpu(v);
	for (i = 0; i < 3; i++)
		strscpy_pad((char *)b + off + i * DFI_CLASS_NAME_LEN, name[i],
			    DFI_CLASS_NAME_LEN);
	v = cpu_to_le32(dfi_crc32(b, DFI_CORPUS_LEN - 4));
	memcpy(b + DFI_CORPUS_LEN - 4, &v, 4);
	return b;
}

/*
 * The corpus model's web, bulk_x and voip-2 hold identities 4, 6 and 7;
 * two models with three new names each take 8..13; one with three more
 * finds two free: refused with the reason, the running model and the
 * registry untouched; two new names and a known one then load.
 */
static void dfi_model_load_ids_full_test(struct kunit *test)
{
	static const char *const a[] = { "a0", "a1", "a2" };
	static const char *const b[] = { "a3", "a4", "a5" };
	static const char *const c[] = { "a6", "a7", "a8" };
	static const char *const d[] = { "a6", "web", "a7" };
	struct dfi_net *dn = test_net(test);
	const struct dfi_loaded_model *lm, *before;
	const char *err = NULL;

	lm = rcu_dereference_protected(dn->model, 1);
	KUNIT_EXPECT_EQ(test, lm->class_id[0], DFI_CLASS_ID_WEB);
	KUNIT_EXPECT_EQ(test, lm->class_id[1], DFI_CLASS_ID_WELL_KNOWN);
	KUNIT_EXPECT_EQ(test, lm->class_id[2], DFI_CLASS_ID_WELL_KNOWN + 1);
	KUNIT_ASSERT_EQ(test, dfi_model_load(dn, renamed_model(test, a),
					     DFI_CORPUS_LEN, &err), 0);
	KUNIT_ASSERT_EQ(test, dfi_model_load(dn, renamed_model(test, b),
					     DFI_CORPUS_LEN, &err), 0);
	lm = rcu_dereference_protected(dn->model, 1);
	KUNIT_EXPECT_EQ(test, lm->class_id[2], 13);
	before = lm;
	KUNIT_EXPECT_EQ(test, dfi_model_load(dn, renamed_model(test, c),
					     DFI_CORPUS_LEN, &err), -ENOSPC);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err, "class identities"));
	KUNIT_EXPECT_PTR_EQ(test, rcu_dereference_protected(dn->model, 1),
			    before);
	KUNIT_EXPECT_EQ(test, dn->model_gen, 3U);
	KUNIT_EXPECT_EQ(test, dfi_classid_find(&dn->classids, "a6"), -1);
	KUNIT_ASSERT_EQ(test, dfi_model_load(dn, renamed_model(test, d),
					     DFI_CORPUS_LEN, &err), 0);
	lm = rcu_dereference_protected(dn->model, 1);
	KUNIT_EXPECT_EQ(test, lm->class_id[0], 14);
	KUNIT_EXPECT_EQ(test, lm->class_id[1], DFI_CLASS_ID_WEB);
	KUNIT_EXPECT_EQ(test, lm->class_id[2], 15);
	/* the DSCP map is by identity: web keeps DF, the others none */
	KUNIT_EXPECT_EQ(test, dn->dscp[DFI_CLASS_ID_WEB], 0);
	KUNIT_EXPECT_EQ(test, dn->dscp[14], DFI_DSCP_KEEP);
	test_net_free(dn);
}

static struct kunit_case dfi_decide_cases[] = {
	KUNIT_CASE(dfi_decide_verdict_test),
	KUNIT_CASE(dfi_decide_mark_coexists_test),
	KUNIT_CASE(dfi_decide_model_changed_test),
	KUNIT_CASE(dfi_model_load_refused_test),
	KUNIT_CASE(dfi_model_load_ids_full_test),
	KUNIT_CASE(dfi_ct_state_mark_test),
	{}
};

static struct kunit_suite dfi_decide_suite = {
	.name = "dfi_decide",
	.test_cases = dfi_decide_cases,
};

kunit_test_suite(dfi_decide_suite);
