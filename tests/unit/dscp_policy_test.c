// SPDX-License-Identifier: GPL-2.0
/*
 * The DSCP rewrite policy (include/dfi/dscp_policy.h): names both ways and
 * which arriving DSCPs each policy lets dfi rewrite.
 */
#include <dfi/dscp_policy.h>

#include "unit.h"

static void names(void)
{
	unsigned int p;

	for (p = 0; p <= DFI_DSCP_POLICY_MAX; p++)
		CHECK_EQ(dfi_dscp_policy_parse(dfi_dscp_policy_name(p)), p);
	CHECK_EQ(dfi_dscp_policy_parse("unmarked"), DFI_DSCP_POLICY_UNMARKED);
	CHECK_EQ(dfi_dscp_policy_parse("Unmarked"), -1);
	CHECK_EQ(dfi_dscp_policy_parse(""), -1);
	CHECK(!strcmp(dfi_dscp_policy_name(DFI_DSCP_POLICY_MAX + 1), "?"));
}

static void allows(void)
{
	unsigned int in;

	for (in = 0; in < 64; in++) {
		CHECK(dfi_dscp_policy_allows(DFI_DSCP_POLICY_ALL, in, 46));
		CHECK_EQ(dfi_dscp_policy_allows(DFI_DSCP_POLICY_UNMARKED, in, 46),
			 in == 0 || in == 46);
		CHECK_EQ(dfi_dscp_policy_allows(DFI_DSCP_POLICY_KEEP_LE, in, 46),
			 in != 1 && in != 8);
	}
	/* a packet already at the class's DSCP is dfi's own */
	CHECK(dfi_dscp_policy_allows(DFI_DSCP_POLICY_UNMARKED, 24, 24));
	CHECK(dfi_dscp_policy_allows(DFI_DSCP_POLICY_KEEP_LE, 1, 1));
}

static const struct unit_case cases[] = {
	UNIT_CASE(names),
	UNIT_CASE(allows),
};

UNIT_MAIN(cases)
