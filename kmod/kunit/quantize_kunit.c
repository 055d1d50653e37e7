// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the shared quantizers, as the kernel build of the core computes
 * them, against the table of quantize_vectors.h.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include <dfi/appport.h>

#include "quantize_vectors.h"

static void dfi_q_size_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_q_size_vectors); i++)
		KUNIT_EXPECT_EQ_MSG(test, dfi_q_size(dfi_q_size_vectors[i].in),
				    dfi_q_size_vectors[i].out, "ip_len %llu",
				    dfi_q_size_vectors[i].in);
}

static void dfi_q_iat_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_q_iat_vectors); i++)
		KUNIT_EXPECT_EQ_MSG(test, dfi_q_iat(dfi_q_iat_vectors[i].in),
				    dfi_q_iat_vectors[i].out, "iat %llu us",
				    dfi_q_iat_vectors[i].in);
}

static void dfi_q_iat_monotonic_test(struct kunit *test)
{
	u8 prev = 0;
	u64 t;

	for (t = 0; t < (1ULL << 34); t = t * 5 / 4 + 1) {
		u8 q = dfi_q_iat(t);

		KUNIT_ASSERT_GE_MSG(test, q, prev, "iat %llu us", t);
		prev = q;
	}
}

static void dfi_port_class_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_port_class_vectors); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    dfi_port_class(dfi_port_class_vectors[i].in),
				    dfi_port_class_vectors[i].out, "port %llu",
				    dfi_port_class_vectors[i].in);
}

/* The application port table as the kernel build sees it. */
static void dfi_app_port_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, dfi_app_port_check(), 0);
	KUNIT_EXPECT_EQ(test, dfi_app_port(3478), DFI_APP_PORT_VOICE);
	KUNIT_EXPECT_EQ(test, dfi_app_port(27017), DFI_APP_PORT_OTHER);
	KUNIT_EXPECT_EQ(test, dfi_app_port(27018), DFI_APP_PORT_GAME);
	KUNIT_EXPECT_EQ(test, dfi_app_port(443), DFI_APP_PORT_NONE);
}

static struct kunit_case dfi_quantize_cases[] = {
	KUNIT_CASE(dfi_q_size_test),
	KUNIT_CASE(dfi_q_iat_test),
	KUNIT_CASE(dfi_q_iat_monotonic_test),
	KUNIT_CASE(dfi_port_class_test),
	KUNIT_CASE(dfi_app_port_test),
	{}
};

static struct kunit_suite dfi_quantize_suite = {
	.name = "dfi_quantize",
	.test_cases = dfi_quantize_cases,
};

kunit_test_suites(&dfi_quantize_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for dfi");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
