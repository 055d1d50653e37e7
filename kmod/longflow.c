// SPDX-License-Identifier: GPL-2.0
/*
 * The long-flow second look (include/dfi/longflow.h) on the packets of
 * classified flows: conntrack's accounting (bytes and packets per
 * direction) and timestamp (start) extensions are all it reads, nothing
 * is kept per flow.  On a packet that is not a check (one in 64 KiB of
 * each direction is) it costs an extension lookup and an atomic read.
 *
 * Conntrack adds those extensions to an entry only when it is created
 * with net.netfilter.nf_conntrack_acct (nf_ct_acct_ext_add()) and
 * nf_conntrack_timestamp (nf_ct_tstamp_ext_add()) on in its netns; an
 * entry without them is left as it is and counted (second_look_no_acct,
 * second_look_no_tstamp).  There is no other start time on an entry: the
 * rule is not applied to a flow without one.
 *
 * The start is wall-clock time (ktime_get_real_ns() at confirmation):
 * a clock stepped back makes a flow look younger (no move until it is
 * old enough again), one stepped forward older, which lowers its average
 * rate as much as it lengthens its age.
 */
#include <linux/ktime.h>
#include <net/netfilter/nf_conntrack_acct.h>
#include <net/netfilter/nf_conntrack_timestamp.h>

#include <dfi/longflow.h>

#include "ctstate.h"
#include "dfi.h"
#include "longflow.h"

static bool dfi_longflow_applies(const struct dfi_net *dn, u8 st)
{
	const struct dfi_longflow_cfg *c = &dn->cfg.longflow;

	return READ_ONCE(c->enabled) &&
	       (READ_ONCE(c->classes) & BIT(st - 1));
}

static void dfi_longflow_cfg_read(const struct dfi_net *dn,
				  struct dfi_longflow_cfg *c)
{
	const struct dfi_longflow_cfg *s = &dn->cfg.longflow;

	c->enabled = READ_ONCE(s->enabled);
	c->classes = READ_ONCE(s->classes);
	c->min_age_s = READ_ONCE(s->min_age_s);
	c->min_bytes = READ_ONCE(s->min_bytes);
	c->min_rate_kbit = READ_ONCE(s->min_rate_kbit);
	c->min_share_pct = READ_ONCE(s->min_share_pct);
}

/* The flow's age in us by its conntrack start, 0 if the clock went back. */
static u64 dfi_longflow_age_us(const struct nf_conn_tstamp *ts)
{
	u64 now = ktime_get_real_ns(), start = READ_ONCE(ts->start);

	return now > start ? div_u64(now - start, NSEC_PER_USEC) : 0;
}

u8 dfi_longflow_look(struct dfi_net *dn, struct nf_conn *ct,
		     enum ip_conntrack_info ctinfo, u32 len, u8 st)
{
	const struct nf_conn_counter *cnt;
	const struct nf_conn_tstamp *ts;
	const struct nf_conn_acct *acct;
	struct dfi_longflow_cfg c;
	int to;

	if (!dfi_longflow_applies(dn, st))
		return st;
	acct = nf_conn_acct_find(ct);
	if (!acct) {
		dfi_stat_inc(dn, DFI_STAT_LONGFLOW_NO_ACCT);
		return st;
	}
	cnt = acct->counter;
	if (!dfi_longflow_due(atomic64_read(&cnt[CTINFO2DIR(ctinfo)].bytes),
			      len))
		return st;
	ts = nf_conn_tstamp_find(ct);
	if (!ts || !READ_ONCE(ts->start)) {
		dfi_stat_inc(dn, DFI_STAT_LONGFLOW_NO_TSTAMP);
		return st;
	}
	dfi_stat_inc(dn, DFI_STAT_LONGFLOW_CHECKS);
	dfi_longflow_cfg_read(dn, &c);
	to = dfi_longflow_check(&c, st - 1,
				atomic64_read(&cnt[IP_CT_DIR_ORIGINAL].bytes),
				atomic64_read(&cnt[IP_CT_DIR_REPLY].bytes),
				dfi_longflow_age_us(ts));
	if (to == DFI_LONGFLOW_NO_CHANGE)
		return st;
	/*
	 * Two CPUs may both get here for one flow: both write the same.
	 * The ct mark DSCP field follows with the originator's next packet
	 * (this one's, if it is the originator's: dfi_apply_dscp()).
	 */
	dfi_ct_state_set(dn, ct, DFI_CT_CLASS(to));
	dfi_stat_inc(dn, DFI_STAT_LONGFLOW_MOVED);
	return DFI_CT_CLASS(to);
}

int dfi_longflow_report(struct dfi_net *dn, dfi_stat_emit_fn emit, void *arg)
{
	struct net *net = dn->net;
	int ret;

	ret = emit(arg, "ct_acct", nf_ct_acct_enabled(net));
#ifdef CONFIG_NF_CONNTRACK_TIMESTAMP
	if (!ret)
		ret = emit(arg, "ct_timestamp", READ_ONCE(net->ct.sysctl_tstamp));
#else
	if (!ret)
		ret = emit(arg, "ct_timestamp", 0);
#endif
	return ret;
}
