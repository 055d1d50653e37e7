/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line helpers of the offline tools.  Exit status: 0 ok,
 * 1 failure, 2 usage.
 */
#ifndef _DFI_CLI_H
#define _DFI_CLI_H

#include <dfi/port.h>

#define EXIT_USAGE		2

/*
 * Option @opt's value @val as a decimal in [@min, @max]: 0, or
 * EXIT_USAGE after a message prefixed with @prog.
 */
int cli_u32(const char *prog, const char *opt, const char *val, u32 min,
	    u32 max, u32 *v);

#endif /* _DFI_CLI_H */
