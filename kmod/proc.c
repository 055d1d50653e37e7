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
 *
 * The directory appears when dfi is put to use in the netns.  flows and
 * unknown show other users' traffic: as /proc/net/nf_conntrack, they are
 * mode 0440, owned by the netns's root, and their reader must have opened
 * them with CAP_NET_ADMIN in the netns's user namespace.  Both are seq_file
 * iterations (a bucket, a record at a time), not one buffer: a read costs
 * what it shows, whatever the table's size.
 */
#include <linux/capability.h>
#include <linux/inet.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
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

/* The opener may see other users' flows. */
static bool dfi_seq_allowed(struct seq_file *seq)
{
	return file_ns_capable(seq->file, seq_file_net(seq)->user_ns,
			       CAP_NET_ADMIN);
}

/*
 * flows: position 0 is the header, position i + 1 bucket i (shown whole,
 * under its lock; an empty one shows nothing).  Positions are encoded as
 * pointers plus one, never NULL.
 */
static void *dfi_flows_start(struct seq_file *seq, loff_t *pos)
{
	struct dfi_net *dn = dfi_pernet(seq_file_net(seq));

	if (!dfi_seq_allowed(seq))
		return ERR_PTR(-EPERM);
	if (*pos > dfi_flowtab_buckets(&dn->flows))
		return NULL;
	return (void *)(uintptr_t)(*pos + 1);
}

static void *dfi_flows_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct dfi_net *dn = dfi_pernet(seq_file_net(seq));

	++*pos;
	if (!(*pos % 256))
		cond_resched();
	if (*pos > dfi_flowtab_buckets(&dn->flows))
		return NULL;
	return (void *)(uintptr_t)(*pos + 1);
}

static void dfi_flows_stop(struct seq_file *seq, void *v)
{
}

static int dfi_flows_one(const struct dfi_flow *f, void *p)
{
	struct seq_file *seq = p;
	const struct nf_conntrack_tuple *t =
		&f->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	u8 family = nf_ct_l3num(f->ct);
	u64 now = dfi_now_us();

	seq_printf(seq, "%s ", f->feat.l4 == IPPROTO_UDP ? "udp" : "tcp");
	dfi_seq_addr(seq, family, &t->src.u3, f->feat.client_port);
	seq_puts(seq, " ");
	dfi_seq_addr(seq, family, &t->dst.u3, f->feat.server_port);
	seq_printf(seq, " %u %llu\n", f->feat.npkts,
		   div_u64(now > f->feat.first_us ? now - f->feat.first_us : 0,
			   USEC_PER_MSEC));
	return 0;
}

static int dfi_flows_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_net(seq));
	unsigned long pos = (uintptr_t)v - 1;
	unsigned int done;

	if (!pos) {
		seq_puts(seq, "l4 client server packets age_ms\n");
		return 0;
	}
	/* an overflowing bucket is shown again, whole, with a bigger buffer */
	dfi_flowtab_walk_bucket(&dn->flows, pos - 1, 0, dfi_flows_one, seq,
				&done);
	return 0;
}

static const struct seq_operations dfi_flows_seq_ops = {
	.start	= dfi_flows_start,
	.next	= dfi_flows_next,
	.stop	= dfi_flows_stop,
	.show	= dfi_flows_show,
};

static int dfi_dscp_show(struct seq_file *seq, void *v)
{
	struct dfi_net *dn = dfi_pernet(seq_file_single_net(seq));
	const struct dfi_loaded_model *lm;
	unsigned int c;

	rcu_read_lock();
	lm = rcu_dereference(dn->model);
	for (c = 0; lm && c < lm->m.n_classes; c++) {
		u8 d = READ_ONCE(dn->dscp[lm->class_id[c]]);

		if (d == DFI_DSCP_KEEP)
			seq_printf(seq, "%s keep\n", lm->m.class_names[c]);
		else
			seq_printf(seq, "%s %u\n", lm->m.class_names[c], d);
	}
	rcu_read_unlock();
	return 0;
}

/*
 * unknown: position 0 is the header, then one record at a time: the one
 * after the last shown (@after), read into @rec.  Position 0 starts over.
 */
struct dfi_unknown_iter {
	struct seq_net_private p;	/* first: seq_file_net() */
	u64 after;
	struct dfi_unknown_rec rec;
};

static void *dfi_unknown_fetch(struct seq_file *seq)
{
	struct dfi_unknown_iter *it = seq->private;
	struct dfi_net *dn = dfi_pernet(seq_file_net(seq));

	if (!dfi_unknown_read(&dn->unknown, it->after, &it->rec, 1))
		return NULL;
	return &it->rec;
}

static void *dfi_unknown_start(struct seq_file *seq, loff_t *pos)
{
	struct dfi_unknown_iter *it = seq->private;

	if (!dfi_seq_allowed(seq))
		return ERR_PTR(-EPERM);
	if (!*pos) {
		it->after = 0;
		return SEQ_START_TOKEN;
	}
	return dfi_unknown_fetch(seq);
}

static void *dfi_unknown_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct dfi_unknown_iter *it = seq->private;

	++*pos;
	if (v != SEQ_START_TOKEN)
		it->after = it->rec.seq;
	return dfi_unknown_fetch(seq);
}

static void dfi_unknown_stop(struct seq_file *seq, void *v)
{
}

static int dfi_unknown_show(struct seq_file *seq, void *v)
{
	const struct dfi_unknown_rec *r = v;
	u32 k;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "seq l4 client server packets reason net_class dist margin sizes\n");
		return 0;
	}
	seq_printf(seq, "%llu %s ", r->seq, r->l4 == IPPROTO_UDP ? "udp" : "tcp");
	dfi_seq_addr(seq, r->family, &r->client, r->client_port);
	seq_puts(seq, " ");
	dfi_seq_addr(seq, r->family, &r->server, r->server_port);
	seq_printf(seq, " %u %u %u %u %d ", r->npkts, r->reason, r->net_cls,
		   r->dist, r->margin);
	/* sizes in 16-byte units, negative: server->client */
	for (k = 0; k < r->npkts && k < DFI_MAX_SEQ; k++) {
		u8 sz = r->pkt[k].size;

		seq_printf(seq, "%s%d", k ? "," : "",
			   sz & DFI_PKT_REPLY ? -(int)(sz & DFI_PKT_SIZE_MASK) :
						(int)(sz & DFI_PKT_SIZE_MASK));
	}
	seq_puts(seq, "\n");
	return 0;
}

static const struct seq_operations dfi_unknown_seq_ops = {
	.start	= dfi_unknown_start,
	.next	= dfi_unknown_next,
	.stop	= dfi_unknown_stop,
	.show	= dfi_unknown_show,
};

/* Readable by the netns's root only (and checked again at read). */
static struct proc_dir_entry *dfi_proc_private(struct net *net,
					       const char *name,
					       struct proc_dir_entry *dir,
					       const struct seq_operations *ops,
					       unsigned int size)
{
	struct proc_dir_entry *pde;
	kuid_t uid = make_kuid(net->user_ns, 0);
	kgid_t gid = make_kgid(net->user_ns, 0);

	pde = proc_create_net(name, 0440, dir, ops, size);
	if (pde && uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
	return pde;
}

int dfi_proc_init(struct net *net)
{
	struct dfi_net *dn = dfi_pernet(net);

	dn->proc_dir = proc_net_mkdir(net, "dfi", net->proc_net);
	if (!dn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, dn->proc_dir,
				    dfi_stats_show, NULL) ||
	    !dfi_proc_private(net, "flows", dn->proc_dir, &dfi_flows_seq_ops,
			      sizeof(struct seq_net_private)) ||
	    !proc_create_net_single("dscp", 0444, dn->proc_dir,
				    dfi_dscp_show, NULL) ||
	    !dfi_proc_private(net, "unknown", dn->proc_dir,
			      &dfi_unknown_seq_ops,
			      sizeof(struct dfi_unknown_iter))) {
		remove_proc_subtree("dfi", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void dfi_proc_exit(struct net *net)
{
	remove_proc_subtree("dfi", net->proc_net);
}
