/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The class -> DSCP map a netns starts from (dficlt dscp set overrides it
 * per class name).  Shared core: the module applies it, the offline tools
 * (dfi-eval's tin view) evaluate under it.
 */
#ifndef _DFI_DSCPMAP_H
#define _DFI_DSCPMAP_H

#include <dfi/port.h>
#include <uapi/linux/dfi.h>	/* DFI_DSCP_KEEP */

/* The default DSCP of a class, by name (voice EF, ...), or DFI_DSCP_KEEP. */
u8 dfi_dscp_default(const char *class_name);

#endif /* _DFI_DSCPMAP_H */
