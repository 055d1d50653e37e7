// SPDX-License-Identifier: GPL-2.0
/*
 * dotbench_ns(): the floor for dfi-bench's "network alone" figure: the
 * model's multiply-accumulates as nothing but vpdpbusd, 32 per
 * instruction, in eight independent chains (more than its latency times
 * its throughput on current cores), on registers: no loads, no layout,
 * no requantization.  Built with -mavx2 (userspace/Makefile).
 */
#include <stdlib.h>
#include <time.h>

#include "cpu.h"
#include "dotbench.h"

#include <dfi/engine.h>

#define FLOWS	20000
#define ROUNDS	15

#if defined(__x86_64__)
typedef int v8si __attribute__((vector_size(32)));

#define DOT8(insn)							\
	asm volatile(insn " %8, %9, %0\n\t" insn " %8, %9, %1\n\t"	\
		     insn " %8, %9, %2\n\t" insn " %8, %9, %3\n\t"	\
		     insn " %8, %9, %4\n\t" insn " %8, %9, %5\n\t"	\
		     insn " %8, %9, %6\n\t" insn " %8, %9, %7"		\
		     : "+x"(a[0]), "+x"(a[1]), "+x"(a[2]), "+x"(a[3]),	\
		       "+x"(a[4]), "+x"(a[5]), "+x"(a[6]), "+x"(a[7])	\
		     : "x"(w), "x"(x))

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

double dotbench_ns(u32 macs)
{
	int vex = cpu_engine_runs(DFI_ENGINE_AVX_VNNI);
	unsigned int groups = (macs + 8 * 32 - 1) / (8 * 32), i, g, r;
	v8si a[8] = { { 0 } }, x = { 1, 2, 3, 4, 5, 6, 7, 8 }, w = x;
	u64 t[ROUNDS];
	int sink = 0;

	if (!vex && !cpu_engine_runs(DFI_ENGINE_AVX512_VNNI))
		return -1;
	for (r = 0; r < ROUNDS; r++) {
		u64 t0 = now_ns();

		for (i = 0; i < FLOWS; i++)
			for (g = 0; g < groups; g++) {
				if (vex)
					DOT8("%{vex%} vpdpbusd");
				else
					DOT8("%{evex%} vpdpbusd");
			}
		t[r] = now_ns() - t0;
	}
	for (i = 0; i < 8; i++)
		sink += a[i][0];
	qsort(t, ROUNDS, sizeof(t[0]), cmp_u64);
	/* the sums are used, so that the loop stays */
	return (double)t[ROUNDS / 2] / FLOWS + (sink == 1 ? 1e-9 : 0);
}
#else
double dotbench_ns(u32 macs)
{
	(void)macs;
	return -1;
}
#endif
