// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, IPv4 and IPv6, registered in a network namespace once
 * dfi is put to use there (pernet.c).
 *
 * The packet hooks, PRE_ROUTING (forwarded packets, both directions of a
 * flow through the router, and locally received ones) and LOCAL_OUT
 * (locally sent ones), run after conntrack (priority -200) and hence after
 * defragmentation (-400), so every packet arrives whole and with its
 * conntrack entry attached; and after the mangle table (-150), so DSCP
 * rules of the operator's own see the packet first and dfi's rewrite is
 * what routing, filtering and the egress qdisc see.  Locally sent traffic
 * looped back is seen in LOCAL_OUT and skipped in PRE_ROUTING.
 *
 * Admission: the first packet of a new flow only marks its (unconfirmed)
 * conntrack entry "new"; nothing is allocated and no reference taken.  The
 * flow begins (enters the flow table, with that first packet) in the
 * admission hooks, POST_ROUTING and LOCAL_IN at the last priority, where
 * conntrack confirms new entries: after the filter table and NAT, just
 * before conntrack's confirmation (registered earlier, at the same
 * priority: nf_register_net_hook() puts a hook before those of its own
 * priority).  A packet the firewall drops, a scan or a spoofed flood, dies
 * with its entry and costs dfi nothing.  (Should the confirmation itself
 * drop the packet, a clash lost, the GC drops the flow two seconds on.)
 * A flow that finds the table full makes room (flowtab.h: one that never
 * saw a reply is dropped, else the oldest past half its deadline is
 * decided early); failing that it stays "new" and tries again with its
 * next packet.
 *
 * Per packet, by the flow's state on its conntrack entry (ctstate.h):
 *   classified: the second look may move the flow to file (longflow.c);
 *   rewrite the DSCP by the class's map entry, as the rewrite
 *   policy allows; the originator's packets refresh the ct mark DSCP
 *   field (ctstate.h) when it differs; nothing else;
 *   in progress: record the packet in the flow table, maybe decide (at
 *   seq_len packets, at the deadline, or confident at a checkpoint);
 *   none, first packet of a new flow: mark it new;
 *   any, first packet of a connection a helper expected (FTP data, SIP
 *   media): mark it new, over the master's state conntrack copied;
 *   new: begin following it (admission hooks; or a later packet, the
 *   entry confirmed, when it could not begin there);
 *   none otherwise (flows older than the module), or skip: pass.
 * ICMP errors conntrack relates to a flow are not its packets: counted as
 * what they are (not TCP/UDP) and left alone.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/sched/mm.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include <dfi/dscp_policy.h>

#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"
#include "longflow.h"
#include "segs.h"

#define DFI_HOOK_PRIORITY	(NF_IP_PRI_MANGLE + 10)
#define DFI_ADMIT_PRIORITY	NF_IP_PRI_LAST

/* A packet as the features see it; GSO packets count as their segments. */
struct dfi_pkt_info {
	struct dfi_segs segs;
	u8 tcp_flags;
	u8 dscp;
	int reply;
};

/* The packet's L4 protocol, or -1. */
static int dfi_pkt_l4(const struct sk_buff *skb, u8 pf, unsigned int *off)
{
	unsigned int nh = skb_network_offset(skb);

	__be16 frag_off;
	u8 nexthdr;
	int o;

	if (pf == NFPROTO_IPV4) {
		*off = nh + ip_hdrlen(skb);
		return ip_hdr(skb)->protocol;
	}
	nexthdr = ipv6_hdr(skb)->nexthdr;
	o = ipv6_skip_exthdr(skb, nh + sizeof(struct ipv6hdr), &nexthdr,
			     &frag_off);
	if (o < 0)
		return -1;
	*off = o;
	return nexthdr;
}

static int dfi_pkt_parse(const struct sk_buff *skb, u8 pf, u8 l4,
			 enum ip_conntrack_info ctinfo, struct dfi_pkt_info *pi)
{
	unsigned int nh = skb_network_offset(skb), off;
	u32 len;

	/* an ICMP error conntrack relates to the flow is not one of its packets */
	if (dfi_pkt_l4(skb, pf, &off) != l4)
		return -EINVAL;
	if (pf == NFPROTO_IPV4)
		len = ntohs(ip_hdr(skb)->tot_len);
	else
		len = ntohs(ipv6_hdr(skb)->payload_len) + sizeof(struct ipv6hdr);

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
	if (dfi_skb_segs(skb, len, off - nh, &pi->segs))
		return -EINVAL;
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
	/* the checkpoint the packet brought the flow to (-1: none) ... */
	int cp;
	u32 gen;
	/* ... and the flow as it stood there, to classify out of the lock */
	struct dfi_flow_ctx ctx;
	union {
		struct dfi_flow_feat f;
		u8 room[sizeof(struct dfi_flow_feat) +
			DFI_MAX_SEQ * sizeof(struct dfi_pkt)];
	} at;
};

/*
 * Record each segment; true once the flow is to be decided.  A flow the
 * packet brings to a checkpoint is copied for dfi_flow_early().
 */
static bool dfi_flow_record(struct dfi_flow *f, void *p)
{
	struct dfi_record_arg *a = p;
	const struct dfi_pkt_info *pi = a->pi;
	unsigned int before = f->feat.npkts;

	a->cp = -1;
	if (!a->lm || a->lm->gen != f->gen) {
		a->step = DFI_STEP_DEADLINE;	/* dfi_decide() drops it */
		return true;
	}
	a->step = dfi_feat_step_segs(&f->feat, f->seq_len, a->deadline_us,
				     a->now_us, &pi->segs, pi->reply,
				     pi->tcp_flags, pi->dscp);
	if (a->step != DFI_STEP_RECORDED)
		return true;
	a->cp = dfi_early_checkpoint(&a->lm->m, before, f->feat.npkts);
	if (a->cp >= 0) {
		a->gen = f->gen;
		a->ctx = f->ctx;
		memcpy(&a->at, &f->feat, dfi_feat_size(f->seq_len));
	}
	return false;
}

/* After a packet that left the flow in progress: maybe decide it early. */
static u8 dfi_flow_early(struct dfi_net *dn, struct nf_conn *ct,
			 const struct dfi_record_arg *a)
{
	if (a->cp < 0)
		return DFI_CT_PENDING;
	return dfi_decide_early(dn, ct, a->gen, a->cp, &a->at.f, &a->ctx);
}

static u8 dfi_flow_decide(struct dfi_net *dn, struct dfi_flow *f,
			  enum dfi_step step)
{
	return dfi_decide(dn, f, step == DFI_STEP_FULL ?
			  DFI_STAT_DECIDED_FULL : DFI_STAT_DECIDED_DEADLINE);
}

struct dfi_claim {
	struct dfi_net *dn;
	struct nf_conn *ct;
	u8 to;
};

/*
 * Under the bucket lock of the flow's entry (@f, about to be linked, or
 * none): the flow is still "new" (no other CPU began it meanwhile) and
 * from now on in state @to.  Every change out of "new" happens here, so
 * one CPU wins, and none writes over a verdict: a verdict comes only after
 * a flow left "new" (the verdict's own CPU won it here).
 */
static bool dfi_flow_claim(struct dfi_flow *f, void *arg)
{
	const struct dfi_claim *c = arg;

	if (dfi_ct_state(c->dn, c->ct) != DFI_CT_NEW)
		return false;
	dfi_ct_state_set(c->dn, c->ct, c->to);
	return true;
}

/* Claim, @ct's entry not to be linked; returns the flow's state after. */
static u8 dfi_flow_claim_state(struct dfi_net *dn, struct nf_conn *ct, u8 to)
{
	struct dfi_claim c = { .dn = dn, .ct = ct, .to = to };

	if (dfi_flowtab_locked(&dn->flows, ct, dfi_flow_claim, &c))
		return to;
	return dfi_ct_state(dn, ct);
}

/*
 * A full table: drop a flow that never saw a reply, else decide early the
 * oldest past half its deadline (it has had most of its time).
 */
static bool dfi_make_room(struct dfi_net *dn, const struct nf_conn *ct,
			  u64 now_us, u64 deadline_us)
{
	u64 old_us = now_us > deadline_us / 2 ? now_us - deadline_us / 2 : 0;
	struct dfi_flow *v = dfi_flowtab_evict(&dn->flows, ct, old_us);

	if (!v)
		return false;
	if (!test_bit(IPS_SEEN_REPLY_BIT, &v->ct->status))
		dfi_abandon(dn, v, DFI_STAT_EVICTED);
	else
		dfi_decide(dn, v, DFI_STAT_DECIDED_EARLY);
	return true;
}

/*
 * A flow marked new, past the firewall: enter the table with this packet.
 * Returns the flow's state after it.
 */
static u8 dfi_flow_begin(struct dfi_net *dn, struct sk_buff *skb, u8 pf,
			 struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			 u8 l4)
{
	const struct nf_conntrack_tuple *t =
		&ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	const struct dfi_loaded_model *lm = rcu_dereference(dn->model);
	struct dfi_claim c = { .dn = dn, .ct = ct, .to = DFI_CT_PENDING };
	struct mem_cgroup *old_memcg;
	struct dfi_record_arg a;
	struct dfi_pkt_info pi;
	struct dfi_flow *f;
	u16 sport, cport;
	u32 space;
	int err;

	if (!lm) {
		dfi_stat_inc(dn, DFI_STAT_NO_MODEL);
		return dfi_flow_claim_state(dn, ct, DFI_CT_NONE);
	}
	if (dfi_pkt_parse(skb, pf, l4, ctinfo, &pi))
		return DFI_CT_NEW;
	a.pi = &pi;
	a.lm = lm;
	a.now_us = dfi_pkt_us(skb);
	a.deadline_us = dfi_deadline_us(dn, lm);

	old_memcg = set_active_memcg(dn->memcg);
	f = dfi_flow_alloc(&dn->flows, ct, lm->m.seq_len, lm->gen, &err);
	if (!f && err == -ENOSPC &&
	    dfi_make_room(dn, ct, a.now_us, a.deadline_us))
		f = dfi_flow_alloc(&dn->flows, ct, lm->m.seq_len, lm->gen,
				   &err);
	if (!f) {
		set_active_memcg(old_memcg);
		/* it stays new: its next packet tries again */
		dfi_stat_inc(dn, err == -ENOSPC ? DFI_STAT_TABLE_FULL :
			     DFI_STAT_NOMEM);
		return DFI_CT_NEW;
	}
	sport = ntohs(t->dst.u.all);
	cport = ntohs(t->src.u.all);
	space = dfi_ctx_space(nf_ct_l3num(ct),
			      nf_ct_zone_id(nf_ct_zone(ct), IP_CT_DIR_ORIGINAL));
	dfi_feat_init(&f->feat, l4, cport, sport, a.now_us);
	if (dfi_pairs_start(&dn->pairs, space, &t->src.u3, &t->dst.u3,
			    a.now_us, sport, l4, &f->ctx))
		dfi_stat_inc(dn, DFI_STAT_PAIRS_FULL);
	if (dfi_hosts_start(&dn->hosts, space, &t->src.u3, &t->dst.u3,
			    a.now_us, sport, cport, l4, &f->ctx))
		dfi_stat_inc(dn, DFI_STAT_HOSTS_FULL);
	set_active_memcg(old_memcg);

	if (dfi_flow_record(f, &a)) {
		/* decided by its first packet: by the CPU that claims it */
		if (!dfi_flowtab_locked(&dn->flows, ct, dfi_flow_claim, &c)) {
			dfi_flow_free(&dn->flows, f);
			return dfi_ct_state(dn, ct);
		}
		dfi_stat_inc(dn, DFI_STAT_FLOWS_TRACKED);
		return dfi_flow_decide(dn, f, a.step);
	}
	if (dfi_flowtab_insert(&dn->flows, f, dfi_flow_claim, &c)) {
		/* another CPU began it: this packet is not recorded */
		dfi_flow_free(&dn->flows, f);
		return dfi_ct_state(dn, ct);
	}
	dfi_stat_inc(dn, DFI_STAT_FLOWS_TRACKED);
	return dfi_flow_early(dn, ct, &a);
}

/* A later packet of a flow in progress. */
static u8 dfi_flow_packet(struct dfi_net *dn, struct sk_buff *skb, u8 pf,
			  struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			  u8 l4)
{
	const struct dfi_loaded_model *lm = rcu_dereference(dn->model);
	struct dfi_record_arg a;
	struct dfi_pkt_info pi;
	struct dfi_flow *f;
	bool found;

	if (dfi_pkt_parse(skb, pf, l4, ctinfo, &pi))
		return DFI_CT_PENDING;
	a.pi = &pi;
	a.lm = lm;
	a.now_us = dfi_pkt_us(skb);
	a.deadline_us = lm ? dfi_deadline_us(dn, lm) : 0;
	f = dfi_flowtab_update(&dn->flows, ct, dfi_flow_record, &a, &found);
	if (!found) {
		/*
		 * Its entry was unlinked to be decided or dropped an instant
		 * ago (the verdict follows), or the entry is dying: nothing
		 * to do, and no state to write over a verdict on its way.
		 */
		dfi_stat_inc(dn, DFI_STAT_ORPHANS);
		return DFI_CT_PENDING;
	}
	dfi_stat_inc(dn, DFI_STAT_PKT_PENDING);
	if (!f)
		return dfi_flow_early(dn, ct, &a);
	return dfi_flow_decide(dn, f, a.step);
}

/*
 * A packet of a flow classified (state @st): its DSCP becomes the class's
 * if the rewrite policy lets it; a packet of the originator keeps the ct
 * mark DSCP field up to date.  Returns the netfilter verdict: a locally
 * sent packet may need a reroute.
 */
static unsigned int dfi_apply_dscp(struct dfi_net *dn, struct sk_buff *skb,
				   const struct nf_hook_state *state,
				   struct nf_conn *ct,
				   enum ip_conntrack_info ctinfo, u8 st)
{
	u8 dscp = READ_ONCE(dn->dscp[st - 1]);
	u8 in = dfi_dscp_get(skb);
	int ret;

	if (CTINFO2DIR(ctinfo) == IP_CT_DIR_ORIGINAL)
		dfi_ct_dscp_update(dn, ct, st - 1, in);
	if (dscp == DFI_DSCP_KEEP)
		return NF_ACCEPT;
	if (!dfi_dscp_policy_allows(READ_ONCE(dn->cfg.dscp_policy), in, dscp)) {
		dfi_stat_inc(dn, DFI_STAT_DSCP_KEPT);
		return NF_ACCEPT;
	}
	ret = dfi_dscp_set(skb, state->pf, dscp);
	if (ret < 0) {
		dfi_stat_inc(dn, DFI_STAT_DSCP_ERRORS);
		return NF_ACCEPT;
	}
	if (!ret)
		return NF_ACCEPT;
	dfi_stat_inc(dn, DFI_STAT_DSCP_REWRITES);
	if (state->hook != NF_INET_LOCAL_OUT)
		return NF_ACCEPT;
	/* as the mangle table does: routing may depend on the TOS */
	if (state->pf == NFPROTO_IPV4)
		ret = ip_route_me_harder(state->net, state->sk, skb,
					 RTN_UNSPEC);
	else
		ret = nf_ip6_route_me_harder(state->net, state->sk, skb);
	return ret < 0 ? NF_DROP_ERR(ret) : NF_ACCEPT;
}

/*
 * A packet conntrack relates to a flow: an ICMP error about it (the
 * packet's protocol is not the flow's), or a packet of a connection a
 * helper expected (FTP data, SIP media) before its first reply.
 */
static bool dfi_related(enum ip_conntrack_info ctinfo)
{
	return ctinfo == IP_CT_RELATED || ctinfo == IP_CT_RELATED_REPLY;
}

/*
 * The first packet of a connection a helper expected: its entry is this
 * packet's alone until confirmed.  (The flow of an ICMP error is always a
 * confirmed one, found in conntrack's table.)
 */
static bool dfi_related_first(const struct nf_conn *ct,
			      enum ip_conntrack_info ctinfo)
{
	return ctinfo == IP_CT_RELATED && ct->master && !nf_ct_is_confirmed(ct);
}

/*
 * A flow's first packet, the entry unconfirmed: mark it new.  A related
 * connection is a flow of its own, but conntrack gave its entry the
 * master's mark (init_conntrack()), dfi's field with it: the master's
 * class, "pending" or "new", none of which is this flow's.
 */
static void dfi_flow_mark_new(struct dfi_net *dn, struct nf_conn *ct,
			      bool related)
{
	if (!rcu_access_pointer(dn->model)) {
		dfi_stat_inc(dn, DFI_STAT_NO_MODEL);
		if (related)	/* nothing is written where nothing is kept */
			dfi_ct_state_set(dn, ct, DFI_CT_NONE);
		return;
	}
	if (!dfi_ct_state_storable(dn, ct)) {
		dfi_stat_inc(dn, DFI_STAT_NO_STORE);
		return;
	}
	dfi_ct_state_set(dn, ct, DFI_CT_NEW);
	dfi_stat_inc(dn, DFI_STAT_NEW);
	if (related)
		dfi_stat_inc(dn, DFI_STAT_RELATED);
}

static unsigned int dfi_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct dfi_net *dn = dfi_pernet(state->net);
	enum ip_conntrack_info ctinfo;
	unsigned int off;
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
	if ((l4 != IPPROTO_TCP && l4 != IPPROTO_UDP) ||
	    (dfi_related(ctinfo) && dfi_pkt_l4(skb, state->pf, &off) != l4)) {
		dfi_stat_inc(dn, DFI_STAT_NOT_TCP_UDP);
		return NF_ACCEPT;
	}
	if (state->hook == NF_INET_PRE_ROUTING && state->in &&
	    (state->in->flags & IFF_LOOPBACK)) {
		dfi_stat_inc(dn, DFI_STAT_LOOPBACK);
		return NF_ACCEPT;
	}
	dfi_stat_inc(dn, DFI_STAT_TCP_UDP);

	if (dfi_related_first(ct, ctinfo)) {
		dfi_flow_mark_new(dn, ct, true);
		return NF_ACCEPT;
	}
	st = dfi_ct_state(dn, ct);
	if (DFI_CT_IS_CLASS(st)) {
		dfi_stat_inc(dn, DFI_STAT_PKT_CLASSIFIED);
		st = dfi_longflow_look(dn, ct, ctinfo, skb->len, st);
		return dfi_apply_dscp(dn, skb, state, ct, ctinfo, st);
	}
	if (st == DFI_CT_PENDING) {
		st = dfi_flow_packet(dn, skb, state->pf, ct, ctinfo, l4);
	} else if (st == DFI_CT_NEW && nf_ct_is_confirmed(ct)) {
		st = dfi_flow_begin(dn, skb, state->pf, ct, ctinfo, l4);
	} else if (st == DFI_CT_NONE && ctinfo == IP_CT_NEW &&
		   !nf_ct_is_confirmed(ct)) {
		dfi_flow_mark_new(dn, ct, false);
	} else {
		dfi_stat_inc(dn, DFI_STAT_UNMANAGED);
	}

	if (DFI_CT_IS_CLASS(st))
		return dfi_apply_dscp(dn, skb, state, ct, ctinfo, st);
	return NF_ACCEPT;
}

/*
 * The first packet of a new flow, the firewall passed, its entry about to
 * be confirmed: begin following the flow.  Packets are counted by
 * dfi_hook() alone.
 */
static unsigned int dfi_admit_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct dfi_net *dn = dfi_pernet(state->net);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	u8 l4, st;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || !READ_ONCE(dn->cfg.enabled))
		return NF_ACCEPT;
	if (ctinfo != IP_CT_NEW && !dfi_related_first(ct, ctinfo))
		return NF_ACCEPT;
	l4 = nf_ct_protonum(ct);
	if (l4 != IPPROTO_TCP && l4 != IPPROTO_UDP)
		return NF_ACCEPT;
	if (dfi_ct_state(dn, ct) != DFI_CT_NEW)
		return NF_ACCEPT;
	st = dfi_flow_begin(dn, skb, state->pf, ct, ctinfo, l4);
	if (DFI_CT_IS_CLASS(st))
		return dfi_apply_dscp(dn, skb, state, ct, ctinfo, st);
	return NF_ACCEPT;
}

#define DFI_OPS(_fn, _pf, _hooknum, _prio) {	\
	.hook		= _fn,				\
	.pf		= _pf,				\
	.hooknum	= _hooknum,			\
	.priority	= _prio,			\
}

static const struct nf_hook_ops dfi_nf_ops[] = {
	DFI_OPS(dfi_hook, NFPROTO_IPV4, NF_INET_PRE_ROUTING, DFI_HOOK_PRIORITY),
	DFI_OPS(dfi_hook, NFPROTO_IPV4, NF_INET_LOCAL_OUT, DFI_HOOK_PRIORITY),
	DFI_OPS(dfi_admit_hook, NFPROTO_IPV4, NF_INET_POST_ROUTING,
		DFI_ADMIT_PRIORITY),
	DFI_OPS(dfi_admit_hook, NFPROTO_IPV4, NF_INET_LOCAL_IN,
		DFI_ADMIT_PRIORITY),
#if IS_ENABLED(CONFIG_IPV6)
	DFI_OPS(dfi_hook, NFPROTO_IPV6, NF_INET_PRE_ROUTING, DFI_HOOK_PRIORITY),
	DFI_OPS(dfi_hook, NFPROTO_IPV6, NF_INET_LOCAL_OUT, DFI_HOOK_PRIORITY),
	DFI_OPS(dfi_admit_hook, NFPROTO_IPV6, NF_INET_POST_ROUTING,
		DFI_ADMIT_PRIORITY),
	DFI_OPS(dfi_admit_hook, NFPROTO_IPV6, NF_INET_LOCAL_IN,
		DFI_ADMIT_PRIORITY),
#endif
};

/*
 * Conntrack only tracks a netns once some user asks for it: take that
 * reference for both families before the hooks go in (conntrack's hooks
 * are then registered first: dfi's admission hooks run just before its
 * confirmation).
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

/* .pre_exit: packets may still be inside the hooks until a grace period. */
void dfi_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, dfi_nf_ops, ARRAY_SIZE(dfi_nf_ops));
}

/* .exit: conntrack may stop tracking the netns. */
void dfi_hooks_put(struct net *net)
{
	nf_ct_netns_put(net, NFPROTO_INET);
}
