/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Division by a divisor used many times, as a multiply and a shift
 * (Granlund and Montgomery, "Division by invariant integers using
 * multiplication", PLDI 1994, theorem 4.2): for 0 <= x < 2^N and
 * 1 <= d <= 2^l, m = ceil(2^(N + l) / d) satisfies
 * 2^(N + l) <= m * d <= 2^(N + l) + 2^l, so floor(x / d) =
 * (x * m) >> (N + l).  Here N + l <= 31: m and its preparation fit 32
 * bits (no 64-bit division, which 32-bit kernels lack), the product 64.
 * tests/unit/divide_test.c checks it against '/'.
 */
#ifndef _DFI_DIVIDE_H
#define _DFI_DIVIDE_H

#include <dfi/port.h>

struct dfi_div {
	u64 mult;
	unsigned int shift;
};

/*
 * For dividing by @d numbers below 2^@bits, where 1 <= d and
 * @bits + ceil(log2(d)) <= 31 (the caller's bounds say so).
 */
static inline struct dfi_div dfi_div_prep(u32 d, unsigned int bits)
{
	struct dfi_div q;
	unsigned int l = 0;

	while ((1u << l) < d)
		l++;
	q.shift = bits + l;
	q.mult = ((1u << q.shift) + d - 1) / d;
	return q;
}

/* floor(@x / d) for 0 <= @x < 2^bits, as prepared. */
static inline u32 dfi_div(u64 x, struct dfi_div q)
{
	return (u32)((x * q.mult) >> q.shift);
}

#endif /* _DFI_DIVIDE_H */
