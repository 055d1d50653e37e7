// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the flow table (kmod/flowtab.c) with real conntrack entries:
 * insert and lookup, the cap, collection (what the GC does), teardown,
 * eviction when full, the conditional insert, walks a bucket at a time,
 * and the conntrack references it takes and gives back.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "../flowtab.h"
#include "ct_helpers.h"

#define N_CT	8

static unsigned int ct_refs(const struct nf_conn *ct)
{
	return refcount_read(&ct->ct_general.use);
}

static bool count_packet(struct dfi_flow *f, void *arg)
{
	f->feat.npkts++;
	return f->feat.npkts >= *(unsigned int *)arg;
}

static struct dfi_flow *new_flow(struct kunit *test, struct dfi_flowtab *t,
				 struct nf_conn *ct, int *err)
{
	struct dfi_flow *f = dfi_flow_alloc(t, ct, 32, 1, err);

	if (f)
		dfi_feat_init(&f->feat, IPPROTO_UDP, 1000, 5000, 0);
	return f;
}

static void dfi_flowtab_insert_lookup_test(struct kunit *test)
{
	struct dfi_flowtab t;
	struct nf_conn *ct[N_CT];
	struct dfi_flow *f;
	unsigned int limit = 3, i;
	bool found;
	int err;

	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 100), 0);
	for (i = 0; i < N_CT; i++) {
		ct[i] = dfi_test_ct(test, 1000 + i);
		f = new_flow(test, &t, ct[i], &err);
		KUNIT_ASSERT_NOT_NULL(test, f);
		KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 2U);
		KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), N_CT);

	/* a second entry for the same conntrack is refused */
	f = new_flow(test, &t, ct[0], &err);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), -EEXIST);
	dfi_flow_free(&t, f);
	KUNIT_EXPECT_EQ(test, ct_refs(ct[0]), 2U);

	/* updates reach their own entry; the third unlinks it */
	for (i = 0; i < 2; i++) {
		f = dfi_flowtab_update(&t, ct[5], count_packet, &limit, &found);
		KUNIT_EXPECT_TRUE(test, found);
		KUNIT_EXPECT_NULL(test, f);
	}
	f = dfi_flowtab_update(&t, ct[5], count_packet, &limit, &found);
	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_PTR_EQ(test, f->ct, ct[5]);
	KUNIT_EXPECT_EQ(test, f->feat.npkts, 3);
	dfi_flow_free(&t, f);
	KUNIT_EXPECT_EQ(test, ct_refs(ct[5]), 1U);
	f = dfi_flowtab_update(&t, ct[5], count_packet, &limit, &found);
	KUNIT_EXPECT_FALSE(test, found);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), N_CT - 1);

	/* others untouched */
	f = dfi_flowtab_update(&t, ct[4], count_packet, &limit, &found);
	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_EXPECT_NULL(test, f);

	/* teardown gives every reference back */
	dfi_flowtab_destroy(&t);
	for (i = 0; i < N_CT; i++) {
		KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 1U);
		nf_ct_put(ct[i]);
	}
}

static void dfi_flowtab_cap_test(struct kunit *test)
{
	struct dfi_flowtab t;
	struct nf_conn *ct[N_CT];
	struct dfi_flow *f;
	unsigned int i;
	int err;

	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 5), 0);
	for (i = 0; i < N_CT; i++) {
		ct[i] = dfi_test_ct(test, 2000 + i);
		err = 0;
		f = new_flow(test, &t, ct[i], &err);
		if (i < 5) {
			KUNIT_ASSERT_NOT_NULL(test, f);
			KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
		} else {
			KUNIT_EXPECT_NULL(test, f);
			KUNIT_EXPECT_EQ(test, err, -ENOSPC);
			/* refused: no reference kept */
			KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 1U);
		}
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), 5);

	/* the cap can be lowered at run time; existing entries stay */
	WRITE_ONCE(t.max, 2);
	f = new_flow(test, &t, ct[7], &err);
	KUNIT_EXPECT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), 5);

	dfi_flowtab_destroy(&t);
	for (i = 0; i < N_CT; i++) {
		KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 1U);
		nf_ct_put(ct[i]);
	}
}

static bool odd_port(struct dfi_flow *f, void *arg)
{
	return f->feat.client_port & 1;
}

/* What the GC does: unlink the entries a predicate picks, keep the rest. */
static void dfi_flowtab_collect_test(struct kunit *test)
{
	struct dfi_flowtab t;
	struct nf_conn *ct[N_CT];
	struct dfi_flow *f, *next;
	unsigned int i, n = 0;
	bool found;
	int err;

	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 100), 0);
	for (i = 0; i < N_CT; i++) {
		ct[i] = dfi_test_ct(test, 3000 + i);
		f = dfi_flow_alloc(&t, ct[i], 32, 1, &err);
		KUNIT_ASSERT_NOT_NULL(test, f);
		dfi_feat_init(&f->feat, IPPROTO_UDP, 3000 + i, 5000, 0);
		KUNIT_ASSERT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
	}
	for (f = dfi_flowtab_collect(&t, odd_port, NULL); f; f = next) {
		next = f->next;
		KUNIT_EXPECT_TRUE(test, f->feat.client_port & 1);
		dfi_flow_free(&t, f);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, N_CT / 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), N_CT / 2);
	for (i = 0; i < N_CT; i++) {
		unsigned int big = 100;

		dfi_flowtab_update(&t, ct[i], count_packet, &big, &found);
		KUNIT_EXPECT_EQ(test, found, !(i & 1));
	}
	dfi_flowtab_destroy(&t);
	for (i = 0; i < N_CT; i++) {
		KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 1U);
		nf_ct_put(ct[i]);
	}
}

/*
 * A full table makes room: an entry that saw no reply goes first, the
 * oldest such; else the oldest begun before the given time; else none.
 */
static void dfi_flowtab_evict_test(struct kunit *test)
{
	struct dfi_flowtab t;
	struct nf_conn *ct[N_CT];
	struct dfi_flow *f;
	unsigned int i;
	int err;

	/* each search starts at the bucket of an entry that is there */
	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 100), 0);
	for (i = 0; i < N_CT; i++) {
		ct[i] = dfi_test_ct(test, 4000 + i);
		f = dfi_flow_alloc(&t, ct[i], 32, 1, &err);
		KUNIT_ASSERT_NOT_NULL(test, f);
		dfi_feat_init(&f->feat, IPPROTO_UDP, 4000 + i, 5000, 1000 + i);
		KUNIT_ASSERT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
		if (i != 3)
			set_bit(IPS_SEEN_REPLY_BIT, &ct[i]->status);
	}
	/* from ct[3]'s bucket: ct[3] itself, unreplied */
	f = dfi_flowtab_evict(&t, ct[3], 0);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_PTR_EQ(test, f->ct, ct[3]);
	dfi_flow_free(&t, f);
	/* all replied now: none begun before 1000 ... */
	KUNIT_EXPECT_NULL(test, dfi_flowtab_evict(&t, ct[5], 1000));
	/* ... but ct[5] began at 1005, before 1006 */
	f = dfi_flowtab_evict(&t, ct[5], 1006);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_LT(test, f->feat.first_us, 1006ULL);
	dfi_flow_free(&t, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), N_CT - 2);
	dfi_flowtab_destroy(&t);
	for (i = 0; i < N_CT; i++) {
		KUNIT_EXPECT_EQ(test, ct_refs(ct[i]), 1U);
		nf_ct_put(ct[i]);
	}
}

static bool refuse(struct dfi_flow *f, void *arg)
{
	(*(int *)arg)++;
	return false;
}

static bool accept_once(struct dfi_flow *f, void *arg)
{
	return !(*(int *)arg)++;
}

/* The claim runs under the bucket lock and decides the insert. */
static void dfi_flowtab_claim_test(struct kunit *test)
{
	struct nf_conn *ct = dfi_test_ct(test, 4100);
	struct dfi_flowtab t;
	struct dfi_flow *f;
	int calls = 0, err;

	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 100), 0);
	f = new_flow(test, &t, ct, &err);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, refuse, &calls),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, calls, 1);
	calls = 0;
	KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, accept_once, &calls),
			0);
	f = new_flow(test, &t, ct, &err);
	KUNIT_ASSERT_NOT_NULL(test, f);
	/* the entry there already: refused before the claim is asked */
	KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f, accept_once, &calls),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, calls, 1);
	dfi_flow_free(&t, f);
	dfi_flowtab_destroy(&t);
	KUNIT_EXPECT_EQ(test, ct_refs(ct), 1U);
	nf_ct_put(ct);
}

static int count_one(const struct dfi_flow *f, void *arg)
{
	unsigned int *n = arg;

	if (!n[1])
		return -EMSGSIZE;	/* "the buffer is full" */
	n[0]++;
	n[1]--;
	return 0;
}

/*
 * A listing a bucket at a time sees every entry once, and resumes where
 * the consumer stopped (what the dumps and /proc do).
 */
static void dfi_flowtab_walk_test(struct kunit *test)
{
	struct dfi_flowtab t;
	struct nf_conn *ct[N_CT];
	unsigned int n[2] = { 0, 0 }, b, skip, done, i;
	struct dfi_flow *f;
	int err;

	KUNIT_ASSERT_EQ(test, dfi_flowtab_init(&t, 100), 0);	/* 256 buckets */
	for (i = 0; i < N_CT; i++) {
		ct[i] = dfi_test_ct(test, 4200 + i);
		f = new_flow(test, &t, ct[i], &err);
		KUNIT_ASSERT_NOT_NULL(test, f);
		KUNIT_ASSERT_EQ(test, dfi_flowtab_insert(&t, f, NULL, NULL), 0);
	}
	/* room for one entry per call: resumes by (bucket, skip) */
	b = 0;
	skip = 0;
	for (i = 0; i < 4 * N_CT && b < dfi_flowtab_buckets(&t); i++) {
		n[1] = 1;
		while (b < dfi_flowtab_buckets(&t)) {
			if (dfi_flowtab_walk_bucket(&t, b, skip, count_one, n,
						    &done)) {
				skip = done;
				break;
			}
			b++;
			skip = 0;
		}
	}
	KUNIT_EXPECT_EQ(test, n[0], (unsigned int)N_CT);
	dfi_flowtab_destroy(&t);
	for (i = 0; i < N_CT; i++)
		nf_ct_put(ct[i]);
}

/* An entry is small: <= 128 bytes at seq_len 32 (kmalloc-128). */
static void dfi_flow_size_test(struct kunit *test)
{
	KUNIT_EXPECT_LE(test, dfi_flow_size(32), (size_t)128);
	kunit_info(test, "sizeof(struct dfi_flow) at seq_len 32: %zu bytes\n",
		   dfi_flow_size(32));
}

static struct kunit_case dfi_flowtab_cases[] = {
	KUNIT_CASE(dfi_flowtab_insert_lookup_test),
	KUNIT_CASE(dfi_flowtab_cap_test),
	KUNIT_CASE(dfi_flowtab_collect_test),
	KUNIT_CASE(dfi_flowtab_evict_test),
	KUNIT_CASE(dfi_flowtab_claim_test),
	KUNIT_CASE(dfi_flowtab_walk_test),
	KUNIT_CASE(dfi_flow_size_test),
	{}
};

static struct kunit_suite dfi_flowtab_suite = {
	.name = "dfi_flowtab",
	.test_cases = dfi_flowtab_cases,
};

kunit_test_suite(dfi_flowtab_suite);
