/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only portability layer of the shared core (kmod/core/): the same
 * files compile into dfi.ko and into the userspace tools, so they use
 * nothing but fixed-width integer types, memcpy/memset and two attribute
 * macros (__always_inline, __maybe_unused), and mark what the kernel's
 * KUnit suites may call with DFI_EXPORT().
 */
#ifndef _DFI_PORT_H
#define _DFI_PORT_H

#ifdef __KERNEL__
#include <linux/export.h>
#include <linux/types.h>
#include <linux/string.h>
#include <kunit/visibility.h>

/* Visible to the KUnit suites (dfi_kunit.ko) in kernels with KUnit. */
#define DFI_EXPORT(sym)		EXPORT_SYMBOL_IF_KUNIT(sym)
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

#define DFI_EXPORT(sym)		extern int dfi_no_export_##sym

/*
 * The kernel's two attribute macros the core uses: glibc's sys/cdefs.h
 * (reached through stdint.h) defines __always_inline itself and this one
 * under another name.
 */
#define __maybe_unused		__attribute_maybe_unused__
#endif

#define DFI_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* _DFI_PORT_H */
