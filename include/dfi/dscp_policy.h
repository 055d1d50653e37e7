/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DSCP rewrite policy (enum dfi_dscp_policy, include/uapi/linux/dfi.h):
 * its names, for the module parameter and dficlt, and the test the
 * datapath makes per packet.  Shared by dfi.ko and the userspace tools.
 */
#ifndef _DFI_DSCP_POLICY_H
#define _DFI_DSCP_POLICY_H

#include <dfi/port.h>
#include <uapi/linux/dfi.h>

static inline const char *dfi_dscp_policy_name(unsigned int p)
{
	switch (p) {
	case DFI_DSCP_POLICY_ALL:
		return "all";
	case DFI_DSCP_POLICY_UNMARKED:
		return "unmarked";
	case DFI_DSCP_POLICY_KEEP_LE:
		return "keep-le";
	}
	return "?";
}

/* The policy named @s, or -1. */
static inline int dfi_dscp_policy_parse(const char *s)
{
	int p;

	for (p = 0; p <= DFI_DSCP_POLICY_MAX; p++)
		if (!strcmp(s, dfi_dscp_policy_name(p)))
			return p;
	return -1;
}

/*
 * Whether @policy lets dfi give a packet that arrived with DSCP @in
 * (0..63) the DSCP @want (0..63) of its flow's class.
 */
static inline int dfi_dscp_policy_allows(unsigned int policy, u8 in, u8 want)
{
	if (in == want)
		return 1;
	switch (policy) {
	case DFI_DSCP_POLICY_UNMARKED:
		return in == 0;
	case DFI_DSCP_POLICY_KEEP_LE:
		return in != 1 && in != 8;
	}
	return 1;
}

#endif /* _DFI_DSCP_POLICY_H */
