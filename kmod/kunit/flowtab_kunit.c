// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the flow table (kmod/flowtab.c) with real conntrack entries:
 * insert and lookup, the cap, collection (what the GC does), teardown,
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
		KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f), 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t.count), N_CT);

	/* a second entry for the same conntrack is refused */
	f = new_flow(test, &t, ct[0], &err);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f), -EEXIST);
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
			KUNIT_EXPECT_EQ(test, dfi_flowtab_insert(&t, f), 0);
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
		KUNIT_ASSERT_EQ(test, dfi_flowtab_insert(&t, f), 0);
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
	KUNIT_CASE(dfi_flow_size_test),
	{}
};

static struct kunit_suite dfi_flowtab_suite = {
	.name = "dfi_flowtab",
	.test_cases = dfi_flowtab_cases,
};

kunit_test_suite(dfi_flowtab_suite);
