// SPDX-License-Identifier: GPL-2.0
/*
 * DSCP names (dscpname.h): RFC 2474 class selectors, RFC 2597 assured
 * forwarding, RFC 3246 EF, RFC 5865 VA, RFC 8622 LE.
 */
#include <stdlib.h>
#include <strings.h>

#include "dscpname.h"

static const struct {
	const char *name;
	int dscp;
} names[] = {
	{ "DF", 0 }, { "CS0", 0 }, { "LE", 1 }, { "CS1", 8 }, { "AF11", 10 },
	{ "AF12", 12 }, { "AF13", 14 }, { "CS2", 16 }, { "AF21", 18 },
	{ "AF22", 20 }, { "AF23", 22 }, { "CS3", 24 }, { "AF31", 26 },
	{ "AF32", 28 }, { "AF33", 30 }, { "CS4", 32 }, { "AF41", 34 },
	{ "AF42", 36 }, { "AF43", 38 }, { "CS5", 40 }, { "VA", 44 },
	{ "EF", 46 }, { "CS6", 48 }, { "CS7", 56 },
};

int dscp_parse(const char *s)
{
	unsigned int i;
	char *end;
	long v;

	if (!strcasecmp(s, "keep"))
		return 255;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].name))
			return names[i].dscp;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 0);
	if (*end || v < 0 || v > 63)
		return -1;
	return (int)v;
}

const char *dscp_name(int dscp)
{
	unsigned int i;

	if (dscp == 255)
		return "keep";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].dscp == dscp)
			return names[i].name;
	return NULL;
}
