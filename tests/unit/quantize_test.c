// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the shared quantizers against the same table the
 * KUnit suite uses.
 */
#include "../../kmod/kunit/quantize_vectors.h"
#include "unit.h"

static void q_size(void)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_q_size_vectors); i++)
		CHECK_EQ(dfi_q_size((u32)dfi_q_size_vectors[i].in),
			 dfi_q_size_vectors[i].out);
}

static void q_iat(void)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_q_iat_vectors); i++)
		CHECK_EQ(dfi_q_iat(dfi_q_iat_vectors[i].in),
			 dfi_q_iat_vectors[i].out);
}

/* Every value, not only the table: buckets never decrease with time. */
static void q_iat_monotonic(void)
{
	u64 t;
	u8 prev = 0;

	for (t = 0; t < (1ULL << 36); t = t + 1 + t / 64) {
		u8 q = dfi_q_iat(t);

		CHECK(q >= prev);
		prev = q;
	}
}

static void port_class(void)
{
	size_t i;

	for (i = 0; i < DFI_QVEC_COUNT(dfi_port_class_vectors); i++)
		CHECK_EQ(dfi_port_class((u16)dfi_port_class_vectors[i].in),
			 dfi_port_class_vectors[i].out);
}

static const struct unit_case cases[] = {
	UNIT_CASE(q_size),
	UNIT_CASE(q_iat),
	UNIT_CASE(q_iat_monotonic),
	UNIT_CASE(port_class),
};

UNIT_MAIN(cases)
