// SPDX-License-Identifier: GPL-2.0
/*
 * Quantization of packet size, inter-arrival time and server port (shared
 * core: freestanding C, no kernel or libc calls).
 */
#include <dfi/quantize.h>

/**
 * dfi_q_size() - quantize an IP total length
 * @ip_len: length from the IPv4 total length or IPv6 payload length + 40
 *
 * Return: ceil(@ip_len / 16) clipped to 1..DFI_SIZE_Q_MAX; 0 is left free
 * for "no packet" in padded sequences.
 */
u8 dfi_q_size(u32 ip_len)
{
	u32 q = ip_len / DFI_SIZE_UNIT + (ip_len % DFI_SIZE_UNIT != 0);

	if (q < 1)
		return 1;
	if (q > DFI_SIZE_Q_MAX)
		return DFI_SIZE_Q_MAX;
	return (u8)q;
}
DFI_EXPORT(dfi_q_size);

static unsigned int dfi_log2_u64(u64 v)
{
	unsigned int b = 0;

	while (v >>= 1)
		b++;
	return b;
}

/**
 * dfi_q_iat() - quantize an inter-arrival time
 * @iat_us: microseconds since the previous packet of the flow
 *
 * Two buckets per octave: 0 -> 0, 1 -> 1, and for t >= 2 with
 * b = floor(log2 t), 2 * b + (the bit below the leading one), clipped to
 * DFI_IAT_Q_MAX.  1 ms lands in 19, 20 ms in 28, 1 s in 39.
 *
 * Return: the bucket, 0..DFI_IAT_Q_MAX.
 */
u8 dfi_q_iat(u64 iat_us)
{
	unsigned int b, q;

	if (iat_us < 2)
		return (u8)iat_us;
	b = dfi_log2_u64(iat_us);
	q = 2 * b + ((iat_us >> (b - 1)) & 1);
	return q > DFI_IAT_Q_MAX ? DFI_IAT_Q_MAX : (u8)q;
}
DFI_EXPORT(dfi_q_iat);

/**
 * dfi_port_class() - IANA range of a server port
 * @port: port in host byte order
 *
 * Return: one of enum dfi_port_class.
 */
u8 dfi_port_class(u16 port)
{
	if (port < 1024)
		return DFI_PORT_WELL_KNOWN;
	if (port < 49152)
		return DFI_PORT_REGISTERED;
	return DFI_PORT_EPHEMERAL;
}
DFI_EXPORT(dfi_port_class);
