/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only portability layer of the shared core (kmod/core/): the same
 * files compile into dfi.ko and into the userspace tools, so they use
 * nothing but fixed-width integer types and memcpy/memset.
 */
#ifndef _DFI_PORT_H
#define _DFI_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#endif /* _DFI_PORT_H */
