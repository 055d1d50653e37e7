/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected values of the shared quantizers, checked by the KUnit suite in
 * the kernel and by tests/unit/ in userspace: both builds of the core must
 * agree with this one table.
 */
#ifndef _DFI_QUANTIZE_VECTORS_H
#define _DFI_QUANTIZE_VECTORS_H

#include <dfi/quantize.h>

struct dfi_qvec {
	u64 in;
	u8 out;
};

static const struct dfi_qvec dfi_q_size_vectors[] = {
	{ 0, 1 }, { 1, 1 }, { 16, 1 }, { 17, 2 }, { 40, 3 }, { 1500, 94 },
	{ 1520, 95 }, { 1521, DFI_SIZE_Q_MAX }, { 65535, DFI_SIZE_Q_MAX },
	{ 0xffffffffu, DFI_SIZE_Q_MAX },
};

static const struct dfi_qvec dfi_q_iat_vectors[] = {
	{ 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 4 }, { 5, 4 }, { 6, 5 },
	{ 1000, 19 }, { 20000, 28 }, { 1000000, 39 }, { 1ULL << 31, 62 },
	{ 3ULL << 31, DFI_IAT_Q_MAX }, { ~0ULL, DFI_IAT_Q_MAX },
};

static const struct dfi_qvec dfi_port_class_vectors[] = {
	{ 0, DFI_PORT_WELL_KNOWN }, { 443, DFI_PORT_WELL_KNOWN },
	{ 1023, DFI_PORT_WELL_KNOWN }, { 1024, DFI_PORT_REGISTERED },
	{ 49151, DFI_PORT_REGISTERED }, { 49152, DFI_PORT_EPHEMERAL },
	{ 65535, DFI_PORT_EPHEMERAL },
};

#define DFI_QVEC_COUNT(v) (sizeof(v) / sizeof((v)[0]))

#endif /* _DFI_QUANTIZE_VECTORS_H */
