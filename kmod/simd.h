/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFI_SIMD_H
#define _DFI_SIMD_H

#include <linux/types.h>

#include <dfi/engine.h>

int dfi_simd_init(void);
unsigned int dfi_simd_engine(void);
bool dfi_simd_runs(unsigned int e);
bool dfi_simd_begin(struct dfi_scratch *ws, unsigned int e);
void dfi_simd_end(bool held);

#endif /* _DFI_SIMD_H */
