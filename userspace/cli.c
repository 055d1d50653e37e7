// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line helpers (cli.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cli_u32(const char *prog, const char *opt, const char *val, u32 min,
	    u32 max, u32 *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(val, &end, 10);
	if (*val < '0' || *val > '9' || errno || *end || x < min || x > max) {
		fprintf(stderr, "%s: bad value '%s' for %s (%u..%u)\n", prog,
			val, opt, min, max);
		return EXIT_USAGE;
	}
	*v = (u32)x;
	return 0;
}
