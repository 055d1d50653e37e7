// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, IPv4 and IPv6, registered in every network namespace.
 *
 * PRE_ROUTING sees forwarded and locally received packets, LOCAL_OUT the
 * locally sent ones.  Both run after conntrack (priority -200) and hence
 * after defragmentation (-400), so every packet arrives whole and with its
 * conntrack entry attached; they run after the mangle table (-150) too.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "dfi.h"

#define DFI_HOOK_PRIORITY	(NF_IP_PRI_MANGLE + 10)

static unsigned int dfi_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct dfi_net *dn = dfi_pernet(state->net);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	u8 l4;

	dfi_stat_inc(dn, DFI_STAT_PACKETS);

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || nf_ct_is_template(ct) || ctinfo == IP_CT_UNTRACKED) {
		dfi_stat_inc(dn, DFI_STAT_UNTRACKED);
		return NF_ACCEPT;
	}
	l4 = nf_ct_protonum(ct);
	if (l4 != IPPROTO_TCP && l4 != IPPROTO_UDP) {
		dfi_stat_inc(dn, DFI_STAT_NOT_TCP_UDP);
		return NF_ACCEPT;
	}
	dfi_stat_inc(dn, DFI_STAT_TCP_UDP);
	return NF_ACCEPT;
}

static const struct nf_hook_ops dfi_nf_ops[] = {
	{
		.hook		= dfi_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= DFI_HOOK_PRIORITY,
	},
	{
		.hook		= dfi_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= DFI_HOOK_PRIORITY,
	},
	{
		.hook		= dfi_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= DFI_HOOK_PRIORITY,
	},
	{
		.hook		= dfi_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= DFI_HOOK_PRIORITY,
	},
};

/*
 * Conntrack only tracks a netns once some user asks for it: take that
 * reference for both families before the hooks go in.
 */
int dfi_hooks_register(struct net *net)
{
	int err;

	err = nf_ct_netns_get(net, NFPROTO_INET);
	if (err)
		return err;
	err = nf_register_net_hooks(net, dfi_nf_ops, ARRAY_SIZE(dfi_nf_ops));
	if (err)
		nf_ct_netns_put(net, NFPROTO_INET);
	return err;
}

void dfi_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, dfi_nf_ops, ARRAY_SIZE(dfi_nf_ops));
	nf_ct_netns_put(net, NFPROTO_INET);
}
