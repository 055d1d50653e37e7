/* SPDX-License-Identifier: GPL-2.0 */
/* The bare dot-product time of a model's MACs (dfi-bench). */
#ifndef _DFI_DOTBENCH_H
#define _DFI_DOTBENCH_H

#include <dfi/port.h>

/*
 * Nanoseconds that @macs int8 multiply-accumulates take as back-to-back
 * vpdpbusd (32 per instruction, eight independent accumulators, operands
 * in L1) on this CPU: the floor no engine can beat.  -1 where the CPU has
 * no vpdpbusd (or this is not x86-64).
 */
double dotbench_ns(u32 macs);

#endif /* _DFI_DOTBENCH_H */
