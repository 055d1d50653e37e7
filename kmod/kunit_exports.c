// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of the shared core for the KUnit suites in dfi_kunit.ko.  Built
 * only into kernels with KUnit; the core itself stays freestanding.
 */
#include <linux/module.h>
#include <kunit/visibility.h>

#include <dfi/quantize.h>

EXPORT_SYMBOL_IF_KUNIT(dfi_q_size);
EXPORT_SYMBOL_IF_KUNIT(dfi_q_iat);
EXPORT_SYMBOL_IF_KUNIT(dfi_port_class);
