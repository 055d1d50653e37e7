// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/dfi/ of each network namespace (formats documented in
 * Documentation/proc.md; they are stable):
 *
 * stats:   "name value" per line: the figures of dfi_stats_report()
 *          (counters, table sizes, model, decisions per class), then
 *          model_name
 * flows:   one line per flow in progress: l4, client, server, packets so
 *          far, ms since its first packet
 * dscp:    "class dscp" per class of the current model ("keep": unchanged)
 * unknown: the unknown-flow cache, oldest first, one line per record
 */
#include <linux/inet.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "dfi.h"
#include "dscp.h"

static int dfi_stats_emit(void *arg, const char *name, u64 value)
{
	seq_printf(arg, "%s %llu\n", name, value);
	return 0;
}

static int dfi_stats_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	const struct dfi_loaded_model *lm;

	dfi_stats_report(dn, dfi_stats_emit, seq);
	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	seq_printf(seq, "model_name %s\n", lm ? lm->m.name : "-");
	rcu_read_unlock();
	return 0;
}

static void dfi_seq_addr(struct seq_file *seq, u8 family,
			 const union nf_inet_addr *a, u16 port)
{
	if (family == NFPROTO_IPV4)
		seq_printf(seq, "%pI4:%u", &a->ip, port);
	else
		seq_printf(seq, "[%pI6c]:%u", &a->in6, port);
}

struct dfi_flows_arg {
	struct seq_file *seq;
	u64 now_us;
};

static int dfi_flows_one(const struct dfi_flow *f, void *p)
{
	const struct dfi_flows_arg *a = p;
	const struct nf_conntrack_tuple *t =
		&f->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	u8 family = nf_ct_l3num(f->ct);

	seq_printf(a->seq, "%s ", f->feat.l4 == IPPROTO_UDP ? "udp" : "tcp");
	dfi_seq_addr(a->seq, family, &t->src.u3, f->feat.client_port);
	seq_puts(a->seq, " ");
	dfi_seq_addr(a->seq, family, &t->dst.u3, f->feat.server_port);
	seq_printf(a->seq, " %u %llu\n", f->feat.npkts,
		   div_u64(a->now_us - f->feat.first_us, USEC_PER_MSEC));
	return 0;
}

static int dfi_flows_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	struct dfi_flows_arg a = { .seq = seq, .now_us = dfi_now_us() };

	seq_puts(seq, "l4 client server packets age_ms\n");
	dfi_flowtab_walk(&dn->flows, dfi_flows_one, &a);
	return 0;
}

static int dfi_dscp_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	const struct dfi_loaded_model *lm;
	unsigned int c;

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	for (c = 0; lm && c < lm->m.n_classes; c++) {
		u8 d = READ_ONCE(dn->dscp[c]);

		if (d == DFI_DSCP_KEEP)
			seq_printf(seq, "%s keep\n", lm->m.class_names[c]);
		else
			seq_printf(seq, "%s %u\n", lm->m.class_names[c], d);
	}
	rcu_read_unlock();
	return 0;
}

#define DFI_UNKNOWN_BATCH	16

static int dfi_unknown_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	struct dfi_unknown_rec *r;
	u64 after = 0;
	u32 n, i, k;

	r = kmalloc_array(DFI_UNKNOWN_BATCH, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	seq_puts(seq, "seq l4 client server packets reason net_class dist margin sizes\n");
	do {
		n = dfi_unknown_read(&dn->unknown, after, r, DFI_UNKNOWN_BATCH);
		for (i = 0; i < n; i++) {
			seq_printf(seq, "%llu %s ", r[i].seq,
				   r[i].l4 == IPPROTO_UDP ? "udp" : "tcp");
			dfi_seq_addr(seq, r[i].family, &r[i].client,
				     r[i].client_port);
			seq_puts(seq, " ");
			dfi_seq_addr(seq, r[i].family, &r[i].server,
				     r[i].server_port);
			seq_printf(seq, " %u %u %u %u %d ", r[i].npkts,
				   r[i].reason, r[i].net_cls, r[i].dist,
				   r[i].margin);
			/* sizes in 16-byte units, negative: server->client */
			for (k = 0; k < r[i].npkts && k < DFI_MAX_SEQ; k++) {
				u8 s = r[i].pkt[k].size;

				seq_printf(seq, "%s%d", k ? "," : "",
					   s & DFI_PKT_REPLY ?
					   -(int)(s & DFI_PKT_SIZE_MASK) :
					   (int)(s & DFI_PKT_SIZE_MASK));
			}
			seq_puts(seq, "\n");
			after = r[i].seq;
		}
	} while (n == DFI_UNKNOWN_BATCH);
	kfree(r);
	return 0;
}

int dfi_proc_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dn->proc_dir = proc_net_mkdir(net, "dfi", net->proc_net);
	if (!dn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, dn->proc_dir,
				    dfi_stats_show, NULL) ||
	    !proc_create_net_single("flows", 0444, dn->proc_dir,
				    dfi_flows_show, NULL) ||
	    !proc_create_net_single("dscp", 0444, dn->proc_dir,
				    dfi_dscp_show, NULL) ||
	    !proc_create_net_single("unknown", 0444, dn->proc_dir,
				    dfi_unknown_show, NULL)) {
		remove_proc_subtree("dfi", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void dfi_proc_exit(struct net *net)
{
	remove_proc_subtree("dfi", net->proc_net);
}
