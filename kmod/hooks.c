// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, IPv4 and IPv6, registered in every network namespace.
 *
 * PRE_ROUTING sees forwarded packets (both directions of a flow through
 * the router) and locally received ones, LOCAL_OUT the locally sent ones.
 * Both hooks run after conntrack (priority -200) and hence after
 * defragmentation (-400), so every packet arrives whole and with its
 * conntrack entry attached; and after the mangle table (-150), so DSCP
 * rules of the operator's own see the packet first and dfi's rewrite is
 * what routing, filtering and the egress qdisc see.  Locally sent traffic
 * looped back is seen in LOCAL_OUT and skipped in PRE_ROUTING.
 *
 * Per packet, by the flow's state on its conntrack entry (ctstate.h):
 *   classified: rewrite the DSCP by the class's map entry; nothing else;
 *   in progress: record the packet in the flow table, maybe decide;
 *   none, first packet of a new flow: begin following it;
 *   none otherwise (flows older than the module), or skip: pass.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"

#define DFI_HOOK_PRIORITY	(NF_IP_PRI_MANGLE + 10)

/* A packet as the features see it; GSO packets count as their segments. */
struct dfi_pkt_info {
	u32 hdr_len;		/* IP and L4 headers of one segment */
	u32 payload;		/* L4 payload, all segments */
	u32 gso_size;		/* payload per segment; 0: one packet */
	u16 segs;
	u8 tcp_flags;
	u8 dscp;
	int reply;
};

static int dfi_pkt_parse(const struct sk_buff *skb, u8 l4,
			 enum ip_conntrack_info ctinfo, struct dfi_pkt_info *pi)
{
	unsigned int nh = skb_network_offset(skb), off;
	u32 len;

	if (ip_hdr(skb)->version == 4) {
		/* an ICMP error conntrack relates to the flow is not one of its packets */
		if (ip_hdr(skb)->protocol != l4)
			return -EINVAL;
		off = nh + ip_hdrlen(skb);
		len = ntohs(ip_hdr(skb)->tot_len);
	} else {
		__be16 frag_off;
		u8 nexthdr = ipv6_hdr(skb)->nexthdr;
		int o = ipv6_skip_exthdr(skb, nh + sizeof(struct ipv6hdr),
					 &nexthdr, &frag_off);

		if (o < 0 || nexthdr != l4)
			return -EINVAL;
		off = o;
		len = ntohs(ipv6_hdr(skb)->payload_len) + sizeof(struct ipv6hdr);
	}

	pi->tcp_flags = 0;
	if (l4 == IPPROTO_TCP) {
		struct tcphdr _th;
		const struct tcphdr *th;

		th = skb_header_pointer(skb, off, sizeof(_th), &_th);
		if (!th)
			return -EINVAL;
		pi->tcp_flags = ((const u8 *)th)[13];
		off += th->doff * 4;
	} else {
		off += sizeof(struct udphdr);
	}
	pi->hdr_len = off - nh;

	if (skb_is_gso(skb)) {
		len = skb->len - nh;	/* the IP length field may be 0 */
		pi->segs = skb_shinfo(skb)->gso_segs;
		pi->gso_size = skb_shinfo(skb)->gso_size;
	} else {
		pi->segs = 1;
		pi->gso_size = 0;
	}
	if (!pi->segs || len < pi->hdr_len)
		return -EINVAL;
	pi->payload = len - pi->hdr_len;
	pi->dscp = dfi_dscp_get(skb);
	pi->reply = CTINFO2DIR(ctinfo) == IP_CT_DIR_REPLY;
	return 0;
}

struct dfi_record_arg {
	const struct dfi_pkt_info *pi;
	const struct dfi_loaded_model *lm;
	u64 now_us;
	u64 deadline_us;
	enum dfi_step step;
};

/* Record each segment; true once the flow is to be decided. */
static bool dfi_flow_record(struct dfi_flow *f, void *p)
{
	struct dfi_record_arg *a = p;
	const struct dfi_pkt_info *pi = a->pi;
	u32 left = pi->payload;
	unsigned int i;

	if (!a->lm || a->lm->gen != f->gen) {
		a->step = DFI_STEP_DEADLINE;	/* dfi_decide() drops it */
		return true;
	}
	for (i = 0; i < pi->segs; i++) {
		bool last = i + 1 == pi->segs;
		u32 seg = last || !pi->gso_size ? left : min(left, pi->gso_size);
		u8 flags = last ? pi->tcp_flags :
			   pi->tcp_flags & ~(DFI_TCP_PSH | DFI_TCP_FIN);

		a->step = dfi_feat_step(&f->feat, f->seq_len, a->deadline_us,
					a->now_us, pi->hdr_len + seg, pi->reply,
					flags, pi->dscp);
		if (a->step != DFI_STEP_RECORDED)
			return true;
		left -= seg;
	}
	return false;
}

static u8 dfi_flow_decide(struct dfi_net *dn, struct dfi_flow *f,
			  enum dfi_step step)
{
	return dfi_decide(dn, f, step == DFI_STEP_FULL ?
			  DFI_STAT_DECIDED_FULL : DFI_STAT_DECIDED_DEADLINE);
}

/* The first packet of a new flow. */
static u8 dfi_flow_begin(struct dfi_net *dn, struct sk_buff *skb,
			 struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			 u8 l4)
{
	const struct nf_conntrack_tuple *t =
		&ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	const struct dfi_loaded_model *lm = rcu_dereference(dn->model);
	struct dfi_record_arg a;
	struct dfi_pkt_info pi;
	struct dfi_flow *f;
	u16 sport, cport;
	int err;

	if (!lm) {
		dfi_stat_inc(dn, DFI_STAT_NO_MODEL);
		return DFI_CT_NONE;
	}
	if (!dfi_ct_state_storable(dn, ct)) {
		dfi_stat_inc(dn, DFI_STAT_NO_STORE);
		return DFI_CT_NONE;
	}
	if (dfi_pkt_parse(skb, l4, ctinfo, &pi))
		return DFI_CT_NONE;
	f = dfi_flow_alloc(&dn->flows, ct, lm->m.seq_len, lm->gen, &err);
	if (!f) {
		dfi_stat_inc(dn, err == -ENOSPC ? DFI_STAT_TABLE_FULL :
			     DFI_STAT_NOMEM);
		dfi_ct_state_set(dn, ct, DFI_CT_SKIP);
		return DFI_CT_SKIP;
	}

	a.pi = &pi;
	a.lm = lm;
	a.now_us = dfi_pkt_us(skb);
	a.deadline_us = dfi_deadline_us(dn, lm);
	sport = ntohs(t->dst.u.all);
	cport = ntohs(t->src.u.all);
	dfi_feat_init(&f->feat, l4, cport, sport, a.now_us);
	if (dfi_pairs_start(&dn->pairs, nf_ct_l3num(ct), &t->src.u3,
			    &t->dst.u3, a.now_us, sport, l4, &f->ctx))
		dfi_stat_inc(dn, DFI_STAT_PAIRS_FULL);
	if (dfi_hosts_start(&dn->hosts, nf_ct_l3num(ct), &t->src.u3,
			    &t->dst.u3, a.now_us, sport, cport, l4, &f->ctx))
		dfi_stat_inc(dn, DFI_STAT_HOSTS_FULL);
	dfi_stat_inc(dn, DFI_STAT_FLOWS_TRACKED);
	if (dfi_flow_record(f, &a))
		return dfi_flow_decide(dn, f, a.step);

	if (dfi_flowtab_insert(&dn->flows, f)) {
		dfi_flow_free(&dn->flows, f);	/* the ct has one already */
		return DFI_CT_PENDING;
	}
	dfi_ct_state_set(dn, ct, DFI_CT_PENDING);
	return DFI_CT_PENDING;
}

/* A later packet of a flow in progress. */
static u8 dfi_flow_packet(struct dfi_net *dn, struct sk_buff *skb,
			  struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			  u8 l4)
{
	const struct dfi_loaded_model *lm = rcu_dereference(dn->model);
	struct dfi_record_arg a;
	struct dfi_pkt_info pi;
	struct dfi_flow *f;
	bool found;

	if (dfi_pkt_parse(skb, l4, ctinfo, &pi))
		return DFI_CT_PENDING;
	a.pi = &pi;
	a.lm = lm;
	a.now_us = dfi_pkt_us(skb);
	a.deadline_us = lm ? dfi_deadline_us(dn, lm) : 0;
	f = dfi_flowtab_update(&dn->flows, ct, dfi_flow_record, &a, &found);
	if (!found) {
		/* left behind by an earlier instance of the module */
		dfi_stat_inc(dn, DFI_STAT_ORPHANS);
		dfi_ct_state_set(dn, ct, DFI_CT_SKIP);
		return DFI_CT_SKIP;
	}
	dfi_stat_inc(dn, DFI_STAT_PKT_PENDING);
	if (!f)
		return DFI_CT_PENDING;
	return dfi_flow_decide(dn, f, a.step);
}

static void dfi_apply_dscp(struct dfi_net *dn, struct sk_buff *skb, u8 state)
{
	u8 dscp = READ_ONCE(dn->dscp[state - 1]);
	int ret;

	if (dscp == DFI_DSCP_KEEP)
		return;
	ret = dfi_dscp_set(skb, dscp);
	if (ret > 0)
		dfi_stat_inc(dn, DFI_STAT_DSCP_REWRITES);
	else if (ret < 0)
		dfi_stat_inc(dn, DFI_STAT_DSCP_ERRORS);
}

static unsigned int dfi_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct dfi_net *dn = dfi_pernet(state->net);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	u8 l4, st;

	dfi_stat_inc(dn, DFI_STAT_PACKETS);
	if (!READ_ONCE(dn->cfg.enabled))
		return NF_ACCEPT;

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
	if (state->hook == NF_INET_PRE_ROUTING && state->in &&
	    (state->in->flags & IFF_LOOPBACK)) {
		dfi_stat_inc(dn, DFI_STAT_LOOPBACK);
		return NF_ACCEPT;
	}
	dfi_stat_inc(dn, DFI_STAT_TCP_UDP);

	st = dfi_ct_state(dn, ct);
	if (DFI_CT_IS_CLASS(st)) {
		dfi_stat_inc(dn, DFI_STAT_PKT_CLASSIFIED);
		dfi_apply_dscp(dn, skb, st);
		return NF_ACCEPT;
	}
	if (st == DFI_CT_PENDING)
		st = dfi_flow_packet(dn, skb, ct, ctinfo, l4);
	else if (st == DFI_CT_NONE && ctinfo == IP_CT_NEW &&
		 !nf_ct_is_confirmed(ct))
		st = dfi_flow_begin(dn, skb, ct, ctinfo, l4);
	else
		dfi_stat_inc(dn, DFI_STAT_UNMANAGED);

	if (DFI_CT_IS_CLASS(st))
		dfi_apply_dscp(dn, skb, st);
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
