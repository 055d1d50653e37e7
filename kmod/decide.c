// SPDX-License-Identifier: GPL-2.0
/*
 * Deciding a flow: the shared classifier (dfi_classify(), the very code
 * dfi-eval runs) on the flow's features, the verdict onto its conntrack
 * entry, the counters, and unknown flows into the unknown-flow cache.
 * Also the periodic GC of the flow table.
 *
 * The classifier's scratch space (tens of KiB: too big for a kernel
 * stack) is per CPU and used with bottom halves off, so neither a softirq
 * nor a preempting task can share it.
 */
#include <kunit/visibility.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/netfilter/nf_conntrack.h>

#include "ctstate.h"
#include "dfi.h"
#include "simd.h"

static DEFINE_PER_CPU(struct dfi_scratch *, dfi_scratch);

int dfi_scratch_alloc(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct dfi_scratch *ws = kvmalloc_node(sizeof(*ws), GFP_KERNEL,
						       cpu_to_node(cpu));

		if (!ws) {
			dfi_scratch_free();
			return -ENOMEM;
		}
		per_cpu(dfi_scratch, cpu) = ws;
	}
	return 0;
}

void dfi_scratch_free(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(dfi_scratch, cpu));
		per_cpu(dfi_scratch, cpu) = NULL;
	}
}

static void dfi_unknown_record(struct dfi_net *dn, const struct dfi_flow *f,
			       u32 gen, u8 net_id, const struct dfi_verdict *v)
{
	const struct nf_conntrack_tuple *t =
		&f->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	const struct dfi_flow_feat *ft = &f->feat;
	struct dfi_unknown_rec r = {};
	u64 dur = ft->last_us - ft->first_us;

	r.time_ns = ktime_get_real_ns();
	r.model_gen = gen;
	r.family = nf_ct_l3num(f->ct);
	r.l4 = ft->l4;
	r.net_cls = net_id;
	r.reason = v->reason;
	r.client = t->src.u3;
	r.server = t->dst.u3;
	r.client_port = ft->client_port;
	r.server_port = ft->server_port;
	r.dist = v->dist;
	r.margin = v->margin;
	r.ctx = f->ctx;
	r.npkts = ft->npkts;
	r.dscp_c2s = ft->dscp_c2s;
	r.dscp_s2c = ft->dscp_s2c;
	r.duration_us = dur > U32_MAX ? U32_MAX : dur;
	memcpy(r.pkt, ft->pkt, min_t(u32, ft->npkts, DFI_MAX_SEQ) *
	       sizeof(r.pkt[0]));
	dfi_unknown_add(&dn->unknown, &r);
}

void dfi_abandon(struct dfi_net *dn, struct dfi_flow *f, enum dfi_stat why)
{
	dfi_ct_state_set(dn, f->ct, DFI_CT_SKIP);
	dfi_stat_inc(dn, why);
	dfi_flow_free(&dn->flows, f);
}

/*
 * A section in which classifications run (dfi.h): bottom halves off,
 * this CPU's scratch space, engine @engine (the module's:
 * dfi_simd_engine()), its FPU section held if it needs one.  Nothing in
 * it may sleep.
 */
void dfi_section_begin(struct dfi_section *s, unsigned int engine)
{
	local_bh_disable();
	s->ws = this_cpu_read(dfi_scratch);
	s->fpu = dfi_simd_begin(s->ws, engine);
}

void dfi_section_end(struct dfi_section *s)
{
	dfi_simd_end(s->fpu);
	local_bh_enable();
}

/* The shared classifier, in a section of its own. */
static void dfi_run(const struct dfi_model *m, const struct dfi_flow_feat *feat,
		    const struct dfi_flow_ctx *ctx, struct dfi_verdict *v)
{
	struct dfi_section s;

	dfi_section_begin(&s, dfi_simd_engine());
	dfi_classify(m, feat, ctx, s.ws, v);
	dfi_section_end(&s);
}

/*
 * Verdict @v of model @lm (under RCU) onto the unlinked flow @f's entry,
 * the counters and the unknown-flow cache; @f is freed.
 */
static u8 dfi_commit(struct dfi_net *dn, struct dfi_flow *f,
		     const struct dfi_loaded_model *lm,
		     const struct dfi_verdict *v, enum dfi_stat how)
{
	u8 id = lm->class_id[v->cls];

	dfi_ct_state_set(dn, f->ct, DFI_CT_CLASS(id));
	dfi_ct_dscp_update(dn, f->ct, id, f->feat.dscp_c2s);
	dfi_stat_inc(dn, how);
	dfi_stat_cls_inc(dn, id);
	if (v->reason != DFI_KNOWN) {
		dfi_stat_inc(dn, DFI_STAT_UNKNOWN);
		dfi_unknown_record(dn, f, lm->gen, lm->class_id[v->net_cls], v);
	}
	dfi_flow_free(&dn->flows, f);
	return DFI_CT_CLASS(id);
}

/* dfi_decide(), in section @s if not NULL, else in one of its own. */
static u8 dfi_decide_in(struct dfi_net *dn, struct dfi_flow *f,
			enum dfi_stat how, struct dfi_section *s)
{
	const struct dfi_loaded_model *lm;
	struct dfi_verdict v;
	u8 st;

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	if (!lm || lm->gen != f->gen || lm->m.seq_len != f->seq_len) {
		rcu_read_unlock();
		dfi_abandon(dn, f, DFI_STAT_MODEL_CHANGED);
		return DFI_CT_SKIP;
	}
	if (s)
		dfi_classify(&lm->m, &f->feat, &f->ctx, s->ws, &v);
	else
		dfi_run(&lm->m, &f->feat, &f->ctx, &v);
	st = dfi_commit(dn, f, lm, &v, how);
	rcu_read_unlock();
	return st;
}

/*
 * Returns the new ct state: DFI_CT_CLASS(the class's identity), or
 * DFI_CT_SKIP if the model changed (or went) since the flow began.
 */
u8 dfi_decide(struct dfi_net *dn, struct dfi_flow *f, enum dfi_stat how)
{
	return dfi_decide_in(dn, f, how, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_decide);

/* Unlink the flow if it is still of model generation *@arg. */
static bool dfi_flow_of_gen(struct dfi_flow *f, void *arg)
{
	return f->gen == *(const u32 *)arg;
}

/*
 * A flow of model generation @gen reached checkpoint @cp with features
 * @feat and context @ctx (a copy taken under its bucket lock, as the flow
 * stood when that packet was recorded): classify it as it stood; if the
 * verdict is confident enough, take the flow out of the table, unless
 * another CPU decided or dropped it meanwhile, and decide it with that
 * verdict.  Returns the flow's ct state after: "pending" if it goes on.
 */
u8 dfi_decide_early(struct dfi_net *dn, struct nf_conn *ct, u32 gen,
		    unsigned int cp, const struct dfi_flow_feat *feat,
		    const struct dfi_flow_ctx *ctx)
{
	const struct dfi_loaded_model *lm;
	struct dfi_verdict v;
	struct dfi_flow *f;
	bool found;
	u8 st;

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	if (!lm || lm->gen != gen) {
		rcu_read_unlock();
		return DFI_CT_PENDING;	/* its next packet sees to it */
	}
	dfi_run(&lm->m, feat, ctx, &v);
	if (!dfi_early_accept(&lm->m, cp, &v)) {
		rcu_read_unlock();
		dfi_stat_inc(dn, DFI_STAT_CHECKPOINT_PASSED);
		return DFI_CT_PENDING;
	}
	f = dfi_flowtab_update(&dn->flows, ct, dfi_flow_of_gen, &gen, &found);
	if (!f) {
		rcu_read_unlock();
		return DFI_CT_PENDING;	/* another CPU's verdict follows */
	}
	st = dfi_commit(dn, f, lm, &v, DFI_STAT_DECIDED_CHECKPOINT);
	rcu_read_unlock();
	return st;
}

/* Idle flows the GC decides in one section (a few tens of microseconds). */
#define DFI_GC_BATCH	16

/* GC: what to do with an entry, decided under its bucket lock. */
struct dfi_gc_arg {
	u64 now_us;
	u64 deadline_us;
	u32 gen;
};

static bool dfi_gc_due(struct dfi_flow *f, void *p)
{
	const struct dfi_gc_arg *a = p;
	/* a clock stepped back before the flow began: no time has passed */
	u64 age = a->now_us > f->feat.first_us ?
		  a->now_us - f->feat.first_us : 0;

	if (nf_ct_is_dying(f->ct) || f->gen != a->gen)
		return true;
	/* its first packet was dropped at confirmation (a clash lost) */
	if (!nf_ct_is_confirmed(f->ct) && age > 2 * USEC_PER_SEC)
		return true;
	return a->deadline_us && age >= a->deadline_us;
}

static void dfi_gc_flows(struct dfi_net *dn, u64 now_us)
{
	const struct dfi_loaded_model *lm;
	struct dfi_gc_arg a = { .now_us = now_us };
	struct dfi_flow *f, *next;

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	if (lm) {
		a.gen = lm->gen;
		a.deadline_us = dfi_deadline_us(dn, lm);
	}
	rcu_read_unlock();

	/*
	 * Idle flows are decided DFI_GC_BATCH to a section (one FPU section
	 * for the batch), then the worker may be rescheduled.
	 */
	f = dfi_flowtab_collect(&dn->flows, dfi_gc_due, &a);
	while (f) {
		struct dfi_section s;
		unsigned int n;

		dfi_section_begin(&s, dfi_simd_engine());
		for (n = 0; f && n < DFI_GC_BATCH; n++, f = next) {
			next = f->next;
			if (nf_ct_is_dying(f->ct) || !nf_ct_is_confirmed(f->ct)) {
				dfi_stat_inc(dn, DFI_STAT_CT_GONE);
				dfi_flow_free(&dn->flows, f);
			} else {
				dfi_decide_in(dn, f, DFI_STAT_DECIDED_IDLE, &s);
			}
		}
		dfi_section_end(&s);
		cond_resched();
	}
}

static bool dfi_flow_any(struct dfi_flow *f, void *arg)
{
	return true;
}

/*
 * Module unload or netns exit, the hooks gone: the flows in progress are
 * left unclassified, so that their entries (which outlive the module) are
 * not taken for flows in progress by a later instance.
 */
void dfi_flows_drop_all(struct dfi_net *dn)
{
	struct dfi_flow *f, *next;

	for (f = dfi_flowtab_collect(&dn->flows, dfi_flow_any, NULL); f;
	     f = next) {
		next = f->next;
		dfi_ct_state_set(dn, f->ct, DFI_CT_SKIP);
		dfi_flow_free(&dn->flows, f);
	}
}

void dfi_gc_work(struct work_struct *work)
{
	struct dfi_net *dn = container_of(to_delayed_work(work),
					  struct dfi_net, gc);
	u64 now_us = dfi_now_us();

	dfi_gc_flows(dn, now_us);
	dfi_ctxtab_gc(&dn->pairs, now_us);
	dfi_ctxtab_gc(&dn->hosts, now_us);
	dfi_staging_expire(dn);
	queue_delayed_work(system_power_efficient_wq, &dn->gc, HZ);
}
