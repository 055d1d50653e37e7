// SPDX-License-Identifier: GPL-2.0
/*
 * dfi/divide.h: the multiply-and-shift quotient is '/' for every
 * dividend and divisor the core uses it for (the gate's histogram:
 * below 2^13 by 1..64; the x86 global pool: below 2^19 by 1..4096),
 * exhaustively for the histogram's, at the ends of every divisor's
 * range and on every multiple +-1 for the pool's.
 */
#include <dfi/divide.h>

#include "unit.h"

static void histogram(void)
{
	unsigned int d, x, bad = 0;

	for (d = 1; d <= 64; d++) {
		struct dfi_div q = dfi_div_prep(d, 13);

		for (x = 0; x < (1u << 13); x++)
			bad += dfi_div(x, q) != x / d;
	}
	CHECK_EQ(bad, 0);
}

static void pool(void)
{
	unsigned int d, k, bad = 0;

	for (d = 1; d <= 4096; d++) {
		struct dfi_div q = dfi_div_prep(d, 19);
		u32 top = (1u << 19) - 1;

		bad += dfi_div(0, q) != 0;
		bad += dfi_div(top, q) != top / d;
		for (k = d; k < (1u << 19); k += d) {
			bad += dfi_div(k, q) != k / d;
			bad += dfi_div(k - 1, q) != (k - 1) / d;
			if (k + 1 < (1u << 19))
				bad += dfi_div(k + 1, q) != (k + 1) / d;
		}
	}
	CHECK_EQ(bad, 0);
}

static const struct unit_case cases[] = {
	UNIT_CASE(histogram),
	UNIT_CASE(pool),
};

UNIT_MAIN(cases)
