/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Real conntrack entries for the KUnit suites: allocated by conntrack
 * itself in init_net, never inserted in its table, freed by the last put
 * (kmod/cost.c dfi_cost_ct(), which the cost file uses too).
 */
#ifndef _DFI_KUNIT_CT_HELPERS_H
#define _DFI_KUNIT_CT_HELPERS_H

#include <kunit/test.h>
#include <net/netfilter/nf_conntrack.h>

#include "../dfi.h"

/* A UDP/IPv4 entry 198.18.0.1:@sport -> 198.18.0.2:5000, one reference. */
static inline struct nf_conn *dfi_test_ct(struct kunit *test, u16 sport)
{
	struct nf_conn *ct = dfi_cost_ct(&init_net, sport);

	KUNIT_ASSERT_NOT_NULL(test, ct);
	return ct;
}

#endif /* _DFI_KUNIT_CT_HELPERS_H */
