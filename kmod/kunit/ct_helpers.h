/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Real conntrack entries for the KUnit suites: allocated by conntrack
 * itself in init_net, never inserted in its table, freed by the last put.
 */
#ifndef _DFI_KUNIT_CT_HELPERS_H
#define _DFI_KUNIT_CT_HELPERS_H

#include <kunit/test.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_zones.h>

/* A UDP/IPv4 entry 198.18.0.1:@sport -> 198.18.0.2:5000, one reference. */
static inline struct nf_conn *dfi_test_ct(struct kunit *test, u16 sport)
{
	struct nf_conntrack_tuple orig = {}, repl = {};
	struct nf_conn *ct;

	orig.src.l3num = NFPROTO_IPV4;
	orig.src.u3.ip = htonl(0xc6120001);
	orig.dst.u3.ip = htonl(0xc6120002);
	orig.src.u.udp.port = htons(sport);
	orig.dst.u.udp.port = htons(5000);
	orig.dst.protonum = IPPROTO_UDP;
	orig.dst.dir = IP_CT_DIR_ORIGINAL;
	repl = orig;
	repl.src.u3 = orig.dst.u3;
	repl.dst.u3 = orig.src.u3;
	repl.src.u.udp.port = orig.dst.u.udp.port;
	repl.dst.u.udp.port = orig.src.u.udp.port;
	repl.dst.dir = IP_CT_DIR_REPLY;

	ct = nf_conntrack_alloc(&init_net, &nf_ct_zone_dflt, &orig, &repl,
				GFP_KERNEL);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ct));
	refcount_set(&ct->ct_general.use, 1);
	return ct;
}

#endif /* _DFI_KUNIT_CT_HELPERS_H */
