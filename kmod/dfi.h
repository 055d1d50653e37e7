/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-internal declarations of dfi.ko: per-netns state and the entry
 * points of each file.
 */
#ifndef _DFI_H
#define _DFI_H

#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <dfi/classid.h>
#include <dfi/engine.h>
#include <dfi/longflow.h>

#include "flowtab.h"
#include "hosts.h"
#include "pairs.h"
#include "stats.h"
#include "unknown.h"

/**
 * struct dfi_loaded_model - a model in use, replaced under RCU
 * @rcu: freeing after the last reader
 * @gen: generation, counting loads in this netns from 1
 * @m: the parsed model, pointing into @buf
 * @class_id: the class identity of each class index (set at install)
 * @buf: the file, kept for @m
 */
struct dfi_loaded_model {
	struct rcu_head rcu;
	u32 gen;
	u64 load_time_ns;
	struct dfi_model m;
	u8 class_id[DFI_MAX_CLASSES];
	void *buf;
};

/* Operator settings of one netns; read locklessly with READ_ONCE(). */
struct dfi_cfg {
	u32 enabled;		/* 0: hooks pass everything, count packets */
	u32 mark_mask;		/* ct mark bits dfi owns; 0: mark unused */
	u32 deadline_ms;	/* 0: the model's */
	u32 unknown_size;	/* records in the unknown-flow ring */
	u32 max_flows;		/* the flow table's cap, also before activation */
	u32 ct_dscp_mask;	/* ct mark DSCP field (act_ctinfo's); 0: off */
	u32 ct_dscp_flag;	/* ct mark bits set with it */
	u32 dscp_policy;	/* enum dfi_dscp_policy */
	struct dfi_longflow_cfg longflow;	/* the second look */
};

/* An operator's DSCP for a class, by class name. */
struct dfi_dscp_rule {
	char name[DFI_CLASS_NAME_LEN + 1];
	u8 dscp;		/* 0..63 or DFI_DSCP_KEEP */
};

#define DFI_MAX_DSCP_RULES	32

/**
 * struct dfi_net - everything dfi keeps for one network namespace
 * @net: the namespace
 * @active: dfi is in use here: state allocated, hooks registered (set
 *	once, by dfi_activate(); until then the netns pays nothing)
 * @memcg: memory cgroup of whoever activated dfi here; what the datapath
 *	allocates for this netns (flows, contexts) is charged to it
 * @stats: per-CPU counters, summed when read (NULL until active)
 * @proc_dir: /proc/net/dfi of this netns
 * @lock: serializes model loads and settings (process context)
 * @model: the model in use, or NULL
 * @model_gen: generation of the latest load
 * @labels_base: first conntrack label bit dfi uses; -1: labels unused
 * @cfg: settings
 * @classids: the class identities of this netns, kept for its life
 * @dscp: DSCP per class identity while a model runs (DFI_DSCP_KEEP: none)
 * @rules: operator's DSCP per class name, overriding the defaults
 * @n_rules: entries in @rules
 * @flows: flows being classified
 * @pairs: host pairs of the multi-flow context
 * @hosts: client hosts of the host fan-out context
 * @unknown: the unknown-flow cache
 * @staging: a model file being received in chunks (netlink.c)
 * @staging_len: its size
 * @staging_done: bytes received
 * @staging_portid: netlink port sending it
 * @staging_start: jiffies of its first chunk
 * @gc: periodic decisions of idle flows, expiry of dead ones, of pairs
 *	and hosts
 */
struct dfi_net {
	struct net *net;
	bool active;
	struct mem_cgroup *memcg;
	struct dfi_stats __percpu *stats;
	struct proc_dir_entry *proc_dir;
	struct mutex lock;
	struct dfi_loaded_model __rcu *model;
	u32 model_gen;
	int labels_base;
	struct dfi_cfg cfg;
	struct dfi_classids classids;
	u8 dscp[DFI_MAX_CLASS_IDS];
	struct dfi_dscp_rule rules[DFI_MAX_DSCP_RULES];
	unsigned int n_rules;
	struct dfi_flowtab flows;
	struct dfi_ctxtab pairs;
	struct dfi_ctxtab hosts;
	struct dfi_unknown unknown;
	void *staging;
	u32 staging_len;
	u32 staging_done;
	u32 staging_portid;
	unsigned long staging_start;
	struct delayed_work gc;
};

extern unsigned int dfi_net_id;

static inline struct dfi_net *dfi_pernet(const struct net *net)
{
	return net_generic(net, dfi_net_id);
}

/*
 * Time as the feature code and every age count it: microseconds of the
 * monotonic clock, which an NTP step (a router without an RTC sets its
 * clock minutes after boot) does not move.  A packet's time is its
 * receive timestamp when it has one (taken when the packet arrived, and
 * what a capture on the router records for it), moved from the wall clock
 * it is kept in to the monotonic one, else now.
 */
static inline u64 dfi_now_us(void)
{
	return ktime_to_us(ktime_get());
}

static inline u64 dfi_pkt_us(const struct sk_buff *skb)
{
	ktime_t t = skb_tstamp(skb), now = ktime_get();

	if (t) {
		/* wall clock minus its offset from the monotonic one */
		t = ktime_sub(t, ktime_mono_to_real(0));
		if (t > 0 && t <= now)
			return ktime_to_us(t);
	}
	return ktime_to_us(now);
}

/* The deadline in force: the operator's setting, else the model's. */
static inline u64 dfi_deadline_us(const struct dfi_net *dn,
				  const struct dfi_loaded_model *lm)
{
	u32 ms = READ_ONCE(dn->cfg.deadline_ms);

	return (u64)(ms ? ms : lm->m.deadline_ms) * USEC_PER_MSEC;
}

/* main.c: module parameters, the defaults of each new netns */
extern unsigned int dfi_param_max_flows;
extern unsigned int dfi_param_max_pairs;
extern unsigned int dfi_param_max_hosts;
extern int dfi_param_label_base;
extern unsigned int dfi_param_mark_mask;
extern unsigned int dfi_param_unknown_size;
extern unsigned int dfi_param_ct_dscp_mask;
extern unsigned int dfi_param_ct_dscp_flag;
extern unsigned int dfi_param_dscp_policy;

/* hooks.c */
int dfi_hooks_register(struct net *net);
void dfi_hooks_unregister(struct net *net);
void dfi_hooks_put(struct net *net);

/* decide.c */
int dfi_scratch_alloc(void);
void dfi_scratch_free(void);
/* Where classifications run: BH off, this CPU's scratch, FPU if needed. */
struct dfi_section {
	struct dfi_scratch *ws;
	bool fpu;
};

void dfi_section_begin(struct dfi_section *s, unsigned int engine);
void dfi_section_end(struct dfi_section *s);
/* Classify an unlinked flow, record the verdict on its ct, free it. */
u8 dfi_decide(struct dfi_net *dn, struct dfi_flow *f, enum dfi_stat how);
/* A flow in progress at a checkpoint: decide it if confident. */
u8 dfi_decide_early(struct dfi_net *dn, struct nf_conn *ct, u32 gen,
		    unsigned int cp, const struct dfi_flow_feat *feat,
		    const struct dfi_flow_ctx *ctx);
/* Drop an unlinked flow undecided, marking its ct to be left alone. */
void dfi_abandon(struct dfi_net *dn, struct dfi_flow *f, enum dfi_stat why);
void dfi_gc_work(struct work_struct *work);
void dfi_flows_drop_all(struct dfi_net *dn);

/* cost.c: /sys/kernel/debug/dfi/cost, and the KUnit suite dfi_bench */
void dfi_cost_init(void);
void dfi_cost_exit(void);
struct nf_conn *dfi_cost_ct(struct net *net, u16 sport);
int dfi_cost_classified(struct net *net, unsigned int rounds, u64 *c);
int dfi_cost_in_progress(struct net *net, unsigned int rounds,
			 unsigned int flows, u64 *c);

/* netlink.c */
int dfi_genl_register(void);
void dfi_genl_unregister(void);
/* Drop a model upload left unfinished for DFI_STAGING_TIMEOUT. */
void dfi_staging_expire(struct dfi_net *dn);
void dfi_staging_drop(struct dfi_net *dn);

/* modelslot.c */
struct dfi_loaded_model *dfi_model_prepare(const void *data, u32 len,
					   const char **err, int *ret);
int dfi_model_install(struct dfi_net *dn, struct dfi_loaded_model *lm,
		      const char **err);
int dfi_model_load(struct dfi_net *dn, const void *data, u32 len,
		   const char **err);
void dfi_model_unload(struct dfi_net *dn);
void dfi_model_free_rcu(struct rcu_head *head);
void dfi_dscp_refresh(struct dfi_net *dn);
int dfi_dscp_rule_set(struct dfi_net *dn, const char *name, u8 dscp);

/* proc.c */
int dfi_proc_init(struct net *net);
void dfi_proc_exit(struct net *net);

/* fwmodel.c: the model file the firmware loader reads (model=) */
int dfi_fw_model_check(void);
struct dfi_loaded_model *dfi_fw_model_prepare(void);
void dfi_fw_model_install(struct dfi_net *dn, struct dfi_loaded_model *lm);
void dfi_fw_model_init_net(void);

/* pernet.c */
int dfi_pernet_register(void);
void dfi_pernet_unregister(void);
/* Put dfi to use in @dn's netns (idempotent); under dn->lock. */
int dfi_activate(struct dfi_net *dn);

#endif /* _DFI_H */
