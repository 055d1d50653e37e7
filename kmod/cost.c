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
 *   packet_classified_ns        a classified flow's packet: its verdict
 *                               written and read on a conntrack entry (ct
 *                               mark bits) and the DSCP rewritten (IPv4,
 *                               checksum updated); _read_ns: read and a
 *                               DSCP already right
 *   packet_in_progress_ns       a packet of a flow in progress: its flow
 *                               found among 1024 and the packet recorded
 *   bytes_*                     the memory of a flow in progress, of a
 *                               classified flow, of a context entry, of
 *                               the netns's tables
 *
 * The packet figures run the datapath's functions on private state
 * (entries conntrack allocates but never inserts, a flow table of their
 * own); the KUnit suite dfi_bench prints the same functions' figures.
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
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <net/ip.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"
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

/*
 * A UDP/IPv4 entry 198.18.0.1:@sport -> 198.18.0.2:5000 in @net, one
 * reference, allocated by conntrack and never inserted (freed by the last
 * put); NULL if conntrack could not allocate it.  Also the KUnit suites'
 * (ct_helpers.h).
 */
struct nf_conn *dfi_cost_ct(struct net *net, u16 sport)
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

	ct = nf_conntrack_alloc(net, &nf_ct_zone_dflt, &orig, &repl, GFP_KERNEL);
	if (IS_ERR_OR_NULL(ct))
		return NULL;
	refcount_set(&ct->ct_general.use, 1);
	return ct;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_cost_ct);

/**
 * dfi_cost_classified() - a classified flow's packet, @rounds times
 * @net: where the conntrack entry is allocated (never inserted)
 * @rounds: packets
 * @c: out: nanoseconds per packet of the verdict written, read and the
 *     DSCP rewritten (c[0]) and of the verdict read and the DSCP checked
 *     (c[1]); the rewrites done (c[2]), @rounds if all went well
 *
 * Return: 0, or -ENOMEM.
 */
int dfi_cost_classified(struct net *net, unsigned int rounds, u64 *c)
{
	struct dfi_net *dn = kzalloc(sizeof(*dn), GFP_KERNEL);
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct nf_conn *ct = dfi_cost_ct(net, 5000);
	struct iphdr *iph;
	unsigned int i;
	u64 t0;
	int ret = -ENOMEM;

	if (!dn || !skb || !ct)
		goto out;
	dn->labels_base = -1;
	dn->cfg.mark_mask = 0x1f00;
	dn->dscp[0] = 46;
	dn->dscp[1] = 34;
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, 60);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(60);
	iph->protocol = IPPROTO_UDP;
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);

	c[2] = 0;
	t0 = ktime_get_ns();
	for (i = 0; i < rounds; i++) {
		u8 st;

		/* flip the verdict so that every packet is rewritten */
		dfi_ct_state_set(dn, ct, DFI_CT_CLASS(i & 1));
		st = dfi_ct_state(dn, ct);
		if (dfi_dscp_set(skb, NFPROTO_IPV4, dn->dscp[st - 1]) > 0)
			c[2]++;
	}
	c[0] = div_u64(ktime_get_ns() - t0, rounds);
	/* a checksum left wrong would show in the rewrites' count: recheck */
	if (ip_fast_csum(ip_hdr(skb), 5))
		c[2] = 0;

	t0 = ktime_get_ns();
	for (i = 0; i < rounds; i++)
		dfi_dscp_set(skb, NFPROTO_IPV4,
			     dn->dscp[dfi_ct_state(dn, ct) - 1]);
	c[1] = div_u64(ktime_get_ns() - t0, rounds);
	ret = 0;
out:
	if (ct)
		nf_ct_put(ct);
	kfree_skb(skb);
	kfree(dn);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_cost_classified);

static bool dfi_cost_record(struct dfi_flow *f, void *arg)
{
	if (dfi_feat_step(&f->feat, f->seq_len, 0, f->feat.last_us + 100,
			  200, f->feat.npkts & 1, 0, 0) == DFI_STEP_FULL)
		f->feat.npkts = 0;	/* keep it in progress */
	return false;
}

/**
 * dfi_cost_in_progress() - a packet of a flow in progress, @rounds times
 * @net: where the conntrack entries are allocated (never inserted)
 * @rounds: packets
 * @flows: flows in a table of their own, a packet to each in turn
 * @c: out: nanoseconds per packet (c[0]), packets whose flow was found
 *     (c[1]), @rounds if all went well
 *
 * Return: 0, or -ENOMEM.
 */
int dfi_cost_in_progress(struct net *net, unsigned int rounds,
			 unsigned int flows, u64 *c)
{
	struct nf_conn **ct = kcalloc(flows, sizeof(*ct), GFP_KERNEL);
	struct dfi_flowtab t = {};
	struct dfi_flow *f;
	unsigned int i;
	bool found;
	int err, ret = -ENOMEM;
	u64 t0;

	if (!ct || dfi_flowtab_init(&t, 4 * flows))
		goto out;
	for (i = 0; i < flows; i++) {
		ct[i] = dfi_cost_ct(net, 10000 + i);
		if (!ct[i])
			goto out;
		f = dfi_flow_alloc(&t, ct[i], 32, 1, &err);
		if (!f)
			goto out;
		dfi_feat_init(&f->feat, IPPROTO_UDP, 10000 + i, 5000, 0);
		if (dfi_flowtab_insert(&t, f, NULL, NULL)) {
			dfi_flow_free(&t, f);
			goto out;
		}
	}
	c[1] = 0;
	t0 = ktime_get_ns();
	for (i = 0; i < rounds; i++) {
		dfi_flowtab_update(&t, ct[(i * 617) % flows], dfi_cost_record,
				   NULL, &found);
		c[1] += found;
	}
	c[0] = div_u64(ktime_get_ns() - t0, rounds);
	ret = 0;
out:
	if (t.b)
		dfi_flowtab_destroy(&t);
	for (i = 0; ct && i < flows; i++)
		if (ct[i])
			nf_ct_put(ct[i]);
	kfree(ct);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_cost_in_progress);

static void dfi_cost_packets(struct seq_file *sf, struct net *net)
{
	u64 c[3];

	if (!dfi_cost_classified(net, 100000, c))
		seq_printf(sf, "packet_classified_ns: %llu (read only: %llu; %llu of 100000 rewritten)\n",
			   c[0], c[1], c[2]);
	if (!dfi_cost_in_progress(net, 100000, 1024, c))
		seq_printf(sf, "packet_in_progress_ns: %llu (among 1024 flows; %llu of 100000 found)\n",
			   c[0], c[1]);
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
	dfi_cost_packets(sf, current->nsproxy->net_ns);
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
