/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Quantization of per-packet facts into the small integers the classifier
 * sees.  Shared by the kernel and the offline tools, so that both turn a
 * packet into exactly the same numbers.
 */
#ifndef _DFI_QUANTIZE_H
#define _DFI_QUANTIZE_H

#include <dfi/port.h>

/* Packet size: IP total length in units of 16 bytes, rounded up, 1..95. */
#define DFI_SIZE_UNIT		16
#define DFI_SIZE_Q_MAX		95

/* Inter-arrival time: half-octave buckets of microseconds, 0..63. */
#define DFI_IAT_Q_MAX		63

/* Server port classes. */
enum dfi_port_class {
	DFI_PORT_WELL_KNOWN = 0,	/* 0..1023 */
	DFI_PORT_REGISTERED = 1,	/* 1024..49151 */
	DFI_PORT_EPHEMERAL = 2,		/* 49152..65535 */
};

u8 dfi_q_size(u32 ip_len);
u8 dfi_q_iat(u64 iat_us);
u8 dfi_port_class(u16 port);

#endif /* _DFI_QUANTIZE_H */
