// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the per-packet cost of the datapath's two paths, printed (not
 * asserted: figures, not timed tests).  In the debug test kernel KASAN,
 * lockdep and kmemleak instrument every access and lock, and qemu runs
 * without KVM, so the figures are upper bounds; see
 * Documentation/datapath.md for how to read them.
 *
 *  - classified: read the verdict from the conntrack entry and rewrite
 *    the DSCP (IPv4, checksum update);
 *  - in progress: find the flow in a table of 1024 and record the packet.
 *
 * The loops are kmod/cost.c's, which /sys/kernel/debug/dfi/cost runs in
 * any kernel.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <net/net_namespace.h>

#include "../dfi.h"

#define ROUNDS	100000
#define FLOWS	1024

static void dfi_bench_classified_test(struct kunit *test)
{
	u64 c[3];

	KUNIT_ASSERT_EQ(test, dfi_cost_classified(&init_net, ROUNDS, c), 0);
	/* every packet rewritten, its checksum right */
	KUNIT_EXPECT_EQ(test, c[2], (u64)ROUNDS);
	kunit_info(test, "bench classified_ns_per_packet: %llu (verdict write + read + DSCP rewrite)\n",
		   c[0]);
	kunit_info(test, "bench classified_read_ns_per_packet: %llu (verdict read + DSCP check)\n",
		   c[1]);
}

static void dfi_bench_in_progress_test(struct kunit *test)
{
	u64 c[2];

	KUNIT_ASSERT_EQ(test, dfi_cost_in_progress(&init_net, ROUNDS, FLOWS, c),
			0);
	KUNIT_EXPECT_EQ(test, c[1], (u64)ROUNDS);
	kunit_info(test, "bench in_progress_ns_per_packet: %llu (lookup in %u flows + record)\n",
		   c[0], FLOWS);
}

static struct kunit_case dfi_bench_cases[] = {
	KUNIT_CASE(dfi_bench_classified_test),
	KUNIT_CASE(dfi_bench_in_progress_test),
	{}
};

static struct kunit_suite dfi_bench_suite = {
	.name = "dfi_bench",
	.test_cases = dfi_bench_cases,
};

kunit_test_suite(dfi_bench_suite);
