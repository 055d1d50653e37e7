// SPDX-License-Identifier: GPL-2.0
/*
 * The default class -> DSCP map (include/dfi/dscpmap.h).  Shared core.
 *
 * Defaults that suit "cake diffserv4" (and RFC 4594 / RFC 8622): voice
 * EF and game CS4 in its voice tin, video AF41 in its video tin, web DF
 * in best effort, file LE in bulk; other, and any other name, untouched.
 */
#include <dfi/dscpmap.h>

static const struct {
	const char *name;
	u8 dscp;
} dfi_dscp_defaults[] = {
	{ "voice", 46 },	/* EF */
	{ "game", 32 },		/* CS4 */
	{ "video", 34 },	/* AF41 */
	{ "web", 0 },		/* DF */
	{ "file", 1 },		/* LE */
};

u8 dfi_dscp_default(const char *class_name)
{
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(dfi_dscp_defaults); i++)
		if (!strcmp(class_name, dfi_dscp_defaults[i].name))
			return dfi_dscp_defaults[i].dscp;
	return DFI_DSCP_KEEP;
}
DFI_EXPORT(dfi_dscp_default);
