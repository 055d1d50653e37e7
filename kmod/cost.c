// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/dfi/cost (root only): what dfi costs, measured in the
 * running kernel when the file is read, in the reader's netns (a model
 * must be loaded there for the classification figures).  Figures, not a
 * test: tests/vm/t-cost.sh prints them in a stock kernel, and
 * Documentation/design.md "Cost" says how to read them.
 *
 *   engine                      the module's engine (kmod/simd.c)
 *   fpu_section_ns              an empty section: BH off, FPU section held
 *                               and left (dfi_section_begin()/end())
 *   classify_ns[E]              one classification of a synthetic flow of
 *                               the model's seq_len with engine E, in a
 *                               section of its own as the datapath runs it
 *                               (median of the rounds, engines in turn)
 *   classify_batch_ns[E]        the same, DFI_COST_BATCH to a section, as
 *                               the GC decides idle flows
 *   bytes_*                     the memory of a flow in progress, of a
 *                               classified flow, of a context entry, of
 *                               the netns's tables
 *
 * A read takes about a second per engine; it runs with bottom halves off
 * for one section at a time and reschedules between them.
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "dfi.h"
#include "simd.h"

#define DFI_COST_FLOWS	1000
#define DFI_COST_ROUNDS	7
#define DFI_COST_BATCH	16

static struct dentry *dfi_cost_dir;

/* xorshift64, the sequence dfi-bench uses */
static u64 dfi_cost_rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* @n flows of random sizes, directions and gaps, as dfi-bench makes them */
static void dfi_cost_flows(u8 *flows, size_t fsz, unsigned int n,
			   unsigned int seq_len)
{
	u64 seed = 0x9e3779b97f4a7c15ULL;
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		struct dfi_flow_feat *f = (void *)(flows + i * fsz);
		u64 ts = 1000000;

		dfi_feat_init(f, dfi_cost_rnd(&seed) & 1 ? DFI_IPPROTO_UDP :
			      DFI_IPPROTO_TCP, (u16)dfi_cost_rnd(&seed),
			      (u16)dfi_cost_rnd(&seed), ts);
		for (j = 0; j < seq_len; j++) {
			ts += dfi_cost_rnd(&seed) % 200000;
			dfi_feat_add(f, seq_len, ts,
				     40 + dfi_cost_rnd(&seed) % 1461,
				     (int)(dfi_cost_rnd(&seed) & 1),
				     (u8)dfi_cost_rnd(&seed), 0);
		}
	}
}

/*
 * Nanoseconds for @n classifications with @engine, @batch to a section;
 * their classes and logits added to *@sink.
 */
static u64 dfi_cost_round(const struct dfi_model *m, const u8 *flows,
			  size_t fsz, unsigned int n, unsigned int engine,
			  unsigned int batch, u32 *sink)
{
	struct dfi_verdict v;
	unsigned int i, j;
	u64 t0, ns = 0;

	for (i = 0; i < n; i += batch) {
		struct dfi_section s;

		t0 = ktime_get_ns();
		dfi_section_begin(&s, engine);
		for (j = i; j < i + batch && j < n; j++) {
			dfi_classify(m, (const void *)(flows + j * fsz), NULL,
				     s.ws, &v);
			*sink = *sink * 31 + v.cls + (u32)v.logits[0] + v.dist;
		}
		dfi_section_end(&s);
		ns += ktime_get_ns() - t0;
		cond_resched();
	}
	return ns;
}

static int dfi_cost_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 dfi_cost_median(u64 *t, unsigned int n)
{
	sort(t, DFI_COST_ROUNDS, sizeof(*t), dfi_cost_cmp, NULL);
	return div_u64(t[DFI_COST_ROUNDS / 2], n);
}

static void dfi_cost_classify(struct seq_file *sf, const struct dfi_model *m)
{
	static const unsigned int batches[] = { 1, DFI_COST_BATCH };
	u64 (*t)[ARRAY_SIZE(batches)][DFI_COST_ROUNDS];
	size_t fsz = dfi_feat_size(m->seq_len);
	u32 sum[DFI_ENGINE_COUNT] = { 0 };
	unsigned int e, b, r;
	u8 *flows;

	flows = kvmalloc(DFI_COST_FLOWS * fsz, GFP_KERNEL);
	t = kcalloc(DFI_ENGINE_COUNT, sizeof(*t), GFP_KERNEL);
	if (!flows || !t) {
		seq_puts(sf, "classify: out of memory\n");
		goto out;
	}
	dfi_cost_flows(flows, fsz, DFI_COST_FLOWS, m->seq_len);
	for (r = 0; r < DFI_COST_ROUNDS; r++)
		for (e = 0; e < DFI_ENGINE_COUNT; e++)
			for (b = 0; b < ARRAY_SIZE(batches) && dfi_simd_runs(e);
			     b++)
				t[e][b][r] = dfi_cost_round(m, flows, fsz,
							    DFI_COST_FLOWS, e,
							    batches[b], &sum[e]);
	for (e = 0; e < DFI_ENGINE_COUNT; e++) {
		if (!dfi_simd_runs(e))
			continue;
		/* the checksum of the verdicts: the same for every engine */
		seq_printf(sf, "classify_ns[%s]: %llu (checksum %u)\n",
			   dfi_engine_name(e),
			   dfi_cost_median(t[e][0], DFI_COST_FLOWS), sum[e]);
		seq_printf(sf, "classify_batch_ns[%s]: %llu\n",
			   dfi_engine_name(e),
			   dfi_cost_median(t[e][1], DFI_COST_FLOWS));
	}
	seq_printf(sf, "classify_flows: %u x %u rounds\n", DFI_COST_FLOWS,
		   DFI_COST_ROUNDS);
out:
	kfree(t);
	kvfree(flows);
}

/* An empty section of the module's engine, per begin/end pair. */
static void dfi_cost_section(struct seq_file *sf)
{
	u64 t[DFI_COST_ROUNDS];
	unsigned int r, i;

	for (r = 0; r < DFI_COST_ROUNDS; r++) {
		u64 t0 = ktime_get_ns();

		for (i = 0; i < DFI_COST_FLOWS; i++) {
			struct dfi_section s;

			dfi_section_begin(&s, dfi_simd_engine());
			dfi_section_end(&s);
		}
		t[r] = ktime_get_ns() - t0;
		cond_resched();
	}
	seq_printf(sf, "fpu_section_ns: %llu\n",
		   dfi_cost_median(t, DFI_COST_FLOWS));
}

static void dfi_cost_memory(struct seq_file *sf, struct dfi_net *dn,
			    const struct dfi_model *m)
{
	size_t flow = dfi_flow_size(m ? m->seq_len : DFI_MAX_SEQ);

	seq_printf(sf, "bytes_flow_in_progress: %zu (kmalloc %zu; seq_len %u)\n",
		   flow, kmalloc_size_roundup(flow),
		   m ? m->seq_len : DFI_MAX_SEQ);
	/* dfi keeps nothing of a decided flow but its conntrack state */
	seq_printf(sf, "bytes_flow_classified: %zu (%s)\n",
		   dn->labels_base >= 0 ? sizeof(struct nf_conn_labels) : 0,
		   dn->labels_base >= 0 ?
		   "the conntrack labels extension, on every entry of the netns" :
		   "ct mark bits");
	seq_printf(sf, "bytes_context_entry: pair %zu, host %zu (kmalloc %zu, %zu)\n",
		   dfi_pair_size(), dfi_host_size(),
		   kmalloc_size_roundup(dfi_pair_size()),
		   kmalloc_size_roundup(dfi_host_size()));
	seq_printf(sf, "bytes_netns: %zu (struct dfi_net %zu, flow buckets %zu, context buckets %zu, unknown ring %zu, stats %zu per CPU)\n",
		   sizeof(*dn) +
		   (dn->flows.b ? (dn->flows.mask + 1) * sizeof(*dn->flows.b) : 0) +
		   (dn->pairs.h ? (dn->pairs.mask + 1) * sizeof(*dn->pairs.h) : 0) +
		   (dn->hosts.h ? (dn->hosts.mask + 1) * sizeof(*dn->hosts.h) : 0) +
		   (size_t)dn->unknown.size * sizeof(*dn->unknown.ring) +
		   num_possible_cpus() * sizeof(struct dfi_stats),
		   sizeof(*dn),
		   dn->flows.b ? (dn->flows.mask + 1) * sizeof(*dn->flows.b) : 0,
		   (dn->pairs.h ? (dn->pairs.mask + 1) * sizeof(*dn->pairs.h) : 0) +
		   (dn->hosts.h ? (dn->hosts.mask + 1) * sizeof(*dn->hosts.h) : 0),
		   (size_t)dn->unknown.size * sizeof(*dn->unknown.ring),
		   sizeof(struct dfi_stats));
}

static int dfi_cost_show(struct seq_file *sf, void *unused)
{
	struct dfi_net *dn = dfi_pernet(current->nsproxy->net_ns);
	struct dfi_loaded_model *lm;
	struct dfi_model *m = NULL;
	const char *err;

	seq_printf(sf, "engine: %s\n", dfi_engine_name(dfi_simd_engine()));
	dfi_cost_section(sf);
	/* a private copy of the netns's model: no RCU section for seconds */
	mutex_lock(&dn->lock);
	lm = rcu_dereference_protected(dn->model, lockdep_is_held(&dn->lock));
	if (lm) {
		/* the file after the struct: 8-byte aligned, as the parser wants */
		m = kmalloc(sizeof(*m) + lm->m.size, GFP_KERNEL);
		if (m && dfi_model_parse(m, memcpy(m + 1, lm->buf, lm->m.size),
					 lm->m.size, &err)) {
			kfree(m);	/* cannot be: it was parsed before */
			m = NULL;
		}
	}
	mutex_unlock(&dn->lock);
	if (m) {
		seq_printf(sf, "model: %s (%u MACs)\n", m->name, m->macs);
		dfi_cost_classify(sf, m);
	} else {
		seq_puts(sf, "model: none in this netns (no classification figures)\n");
	}
	dfi_cost_memory(sf, dn, m);
	kfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dfi_cost);

void dfi_cost_init(void)
{
	dfi_cost_dir = debugfs_create_dir("dfi", NULL);
	debugfs_create_file("cost", 0400, dfi_cost_dir, NULL, &dfi_cost_fops);
}

void dfi_cost_exit(void)
{
	debugfs_remove(dfi_cost_dir);
}
