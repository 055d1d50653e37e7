// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table of one capture: flows, their decision, and the starts
 * of recent flows per host pair and per client host for the multi-flow
 * context (flowtab.h).
 */
#include <stdlib.h>

#include <dfi/context.h>

#include "array.h"
#include "flowtab.h"
#include "htab.h"

/*
 * Multi-flow context histories, keyed by the first key_len bytes of each
 * entry: host pairs (struct pair), client hosts (struct host).
 */
struct ctxset {
	void **e;
	size_t n, cap;
	size_t key_len;		/* of the key each entry begins with */
	size_t size;		/* of an entry */
	struct htab idx;
};

/* Two hosts, unordered: the smaller address first. */
struct pair_key {
	u8 family;
	u8 pad[3];
	u8 addr_a[16];
	u8 addr_b[16];
};

/* The recent flow starts between two hosts. */
struct pair {
	struct pair_key key;
	struct dfi_pair_hist hist;
};

/* A client host: the sender of a flow's first packet. */
struct host_key {
	u8 family;
	u8 pad[3];
	u8 addr[16];
};

/* The recent flow starts of a client host. */
struct host {
	struct host_key key;
	struct dfi_host_hist hist;
};

struct flowtab {
	unsigned int seq_len;
	u64 deadline_us;
	flow_decided_fn fn;
	void *arg;
	flow_early_fn early;
	void *early_arg;

	struct flow **flow;	/* in the order they began */
	size_t nflows, cap_flows;
	struct htab flow_idx;

	struct ctxset pairs;
	struct ctxset hosts;
	const struct dfi_longflow_cfg *second_look;
};

static int flow_eq(const void *ctx, u32 id, const void *key)
{
	const struct flowtab *t = ctx;

	return !memcmp(&t->flow[id]->key, key, sizeof(struct flow_key));
}

static int ctxset_init(struct ctxset *s, size_t key_len, size_t size)
{
	s->key_len = key_len;
	s->size = size;
	return htab_init(&s->idx);
}

static void ctxset_free(struct ctxset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i]);
	free(s->e);
	htab_free(&s->idx);
}

static int ctxset_eq(const void *ctx, u32 id, const void *key)
{
	const struct ctxset *s = ctx;

	return !memcmp(s->e[id], key, s->key_len);
}

/* The entry that begins with @key, a new zeroed one if none; NULL: OOM. */
static void *ctxset_get(struct ctxset *s, const void *key)
{
	u64 h = flow_hash_bytes(key, s->key_len, FLOW_HASH_SEED);
	long id = htab_find(&s->idx, h, ctxset_eq, s, key);
	void **arr, *e;

	if (id >= 0)
		return s->e[id];
	arr = array_reserve(s->e, s->n, &s->cap, sizeof(*arr));
	if (!arr)
		return NULL;
	s->e = arr;
	e = calloc(1, s->size);
	if (!e)
		return NULL;
	memcpy(e, key, s->key_len);
	if (htab_insert(&s->idx, h, (u32)s->n)) {
		free(e);
		return NULL;
	}
	s->e[s->n++] = e;
	return e;
}

struct flowtab *flowtab_new(unsigned int seq_len, u64 deadline_us,
			    flow_decided_fn fn, void *arg)
{
	struct flowtab *t;

	if (seq_len < 1 || seq_len > DFI_MAX_SEQ)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->seq_len = seq_len;
	t->deadline_us = deadline_us;
	t->fn = fn;
	t->arg = arg;
	if (htab_init(&t->flow_idx) ||
	    ctxset_init(&t->pairs, sizeof(struct pair_key),
			sizeof(struct pair)) ||
	    ctxset_init(&t->hosts, sizeof(struct host_key),
			sizeof(struct host))) {
		flowtab_free(t);
		return NULL;
	}
	return t;
}

void flowtab_set_early(struct flowtab *t, flow_early_fn fn, void *arg)
{
	t->early = fn;
	t->early_arg = arg;
}

void flowtab_second_look(struct flowtab *t, const struct dfi_longflow_cfg *c)
{
	t->second_look = c;
}

void flowtab_free(struct flowtab *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nflows; i++) {
		free(t->flow[i]->feat);
		free(t->flow[i]);
	}
	free(t->flow);
	htab_free(&t->flow_idx);
	ctxset_free(&t->pairs);
	ctxset_free(&t->hosts);
	free(t);
}

static struct pair *pair_get(struct flowtab *t, const struct flow_key *fk)
{
	int swap = memcmp(fk->addr_a, fk->addr_b, sizeof(fk->addr_a)) > 0;
	struct pair_key k;

	memset(&k, 0, sizeof(k));
	k.family = fk->family;
	memcpy(k.addr_a, swap ? fk->addr_b : fk->addr_a, sizeof(k.addr_a));
	memcpy(k.addr_b, swap ? fk->addr_a : fk->addr_b, sizeof(k.addr_b));
	return ctxset_get(&t->pairs, &k);
}

static struct host *host_get(struct flowtab *t, u8 family, const u8 *addr)
{
	struct host_key k;

	memset(&k, 0, sizeof(k));
	k.family = family;
	memcpy(k.addr, addr, sizeof(k.addr));
	return ctxset_get(&t->hosts, &k);
}

static struct flow *flow_create(struct flowtab *t, const struct flow_key *k,
				int client_is_b, const struct cap_pkt *pk,
				u64 h)
{
	struct flow **arr, *f;
	struct host *host;
	struct pair *pair;

	arr = array_reserve(t->flow, t->nflows, &t->cap_flows, sizeof(*arr));
	if (!arr)
		return NULL;
	t->flow = arr;
	pair = pair_get(t, k);
	host = host_get(t, pk->family, pk->src);
	if (!pair || !host)
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->feat = malloc(dfi_feat_size(t->seq_len));
	if (!f->feat || htab_insert(&t->flow_idx, h, (u32)t->nflows)) {
		free(f->feat);
		free(f);
		return NULL;
	}
	f->key = *k;
	f->client_is_b = (u8)client_is_b;
	dfi_feat_init(f->feat, pk->l4, pk->sport, pk->dport, pk->ts_us);
	dfi_ctx_start(&pair->hist, pk->ts_us, pk->dport, pk->l4, &f->ctx);
	dfi_host_ctx_start(&host->hist, pk->ts_us, pk->dst, pk->dport,
			   pk->sport, pk->l4, &f->ctx);
	t->flow[t->nflows++] = f;
	return f;
}

static void flow_decide(struct flowtab *t, struct flow *f, u8 by)
{
	f->decided_by = by;
	if (t->fn)
		t->fn(t->arg, f, &f->ctx, f->feat);
}

/* The L4 payload per segment of @f's packet @p, 0: one packet (flowtab.h). */
static u32 flow_seg_size(struct flow *f, const struct cap_pkt *p)
{
	u32 opt = p->l4_hlen > 20 ? p->l4_hlen - 20u : 0;
	u32 seg = 0;

	if (p->mss && (!f->mss || p->mss < f->mss))
		f->mss = p->mss;
	if (p->l4 == DFI_IPPROTO_TCP && f->mss)
		seg = f->mss > opt ? f->mss - opt : 0;
	else if (p->ip_len > FLOW_LINK_MTU)
		seg = f->seg_max;
	if (p->ip_len <= FLOW_LINK_MTU && p->ip_len >= p->hdr_len &&
	    p->ip_len - p->hdr_len > f->seg_max)
		f->seg_max = (u16)(p->ip_len - p->hdr_len);
	return seg;
}

/* The segments @p stands for: itself, or those of a GRO aggregate. */
static void flow_segs(struct flow *f, const struct cap_pkt *p,
		      struct dfi_segs *s)
{
	u32 seg = flow_seg_size(f, p);

	if (dfi_segs_split(s, p->ip_len, p->hdr_len, seg, 0) < 0)
		dfi_segs_split(s, p->ip_len, 0, 0, 0);
	f->seg_size = s->n > 1 ? (u16)seg : 0;
}

/* A packet of a decided flow: the kernel's second look check, if due. */
static void flow_second_look(const struct flowtab *t, struct flow *f,
			     int reply, u32 len)
{
	if (!t->second_look || f->bulk ||
	    !dfi_longflow_due(f->bytes[reply], len))
		return;
	if (!dfi_longflow_bulk(t->second_look, f->bytes[0], f->bytes[1],
			       f->last_us - f->feat->first_us))
		return;
	f->bulk = 1;
	f->bulk_bytes[0] = f->bytes[0];
	f->bulk_bytes[1] = f->bytes[1];
	f->bulk_age_us = f->last_us - f->feat->first_us;
}

int flowtab_add(struct flowtab *t, const struct cap_pkt *p)
{
	struct dfi_segs segs;
	struct endpoint src, dst;
	struct flow_key k;
	unsigned int before;
	struct flow *f;
	int src_is_b;
	long id;
	u64 h;

	memcpy(src.addr, p->src, sizeof(src.addr));
	src.port = p->sport;
	memcpy(dst.addr, p->dst, sizeof(dst.addr));
	dst.port = p->dport;
	src_is_b = flow_key_make(&k, p->family, p->l4, &src, &dst);
	h = flow_key_hash(&k);

	id = htab_find(&t->flow_idx, h, flow_eq, t, &k);
	if (id >= 0) {
		f = t->flow[id];
	} else {
		f = flow_create(t, &k, src_is_b, p, h);
		if (!f)
			return -1;
	}

	f->packets++;
	if (p->frag)
		f->has_frag = 1;
	f->bytes[src_is_b != f->client_is_b] += p->ip_len;
	if (p->ts_us > f->last_us)
		f->last_us = p->ts_us;
	if (f->decided_by != FLOW_UNDECIDED) {
		flow_second_look(t, f, src_is_b != f->client_is_b, p->ip_len);
		return 0;
	}
	if (p->ts_us < f->feat->last_us)
		f->backwards = 1;
	flow_segs(f, p, &segs);
	before = f->feat->npkts;
	switch (dfi_feat_step_segs(f->feat, t->seq_len, t->deadline_us,
				   p->ts_us, &segs, src_is_b != f->client_is_b,
				   p->tcp_flags, p->dscp)) {
	case DFI_STEP_DEADLINE:
		flow_decide(t, f, FLOW_BY_DEADLINE);
		break;
	case DFI_STEP_FULL:
		flow_decide(t, f, FLOW_BY_SEQ_LEN);
		break;
	case DFI_STEP_RECORDED:
		if (t->early && t->early(t->early_arg, f, before))
			flow_decide(t, f, FLOW_BY_CHECKPOINT);
		break;
	}
	return 0;
}

void flowtab_finish(struct flowtab *t)
{
	size_t i;

	for (i = 0; i < t->nflows; i++)
		if (t->flow[i]->decided_by == FLOW_UNDECIDED)
			flow_decide(t, t->flow[i], FLOW_BY_END);
}

struct flow *flowtab_find(const struct flowtab *t, const struct flow_key *k)
{
	long id = htab_find(&t->flow_idx, flow_key_hash(k), flow_eq, t, k);

	return id < 0 ? NULL : t->flow[id];
}

size_t flowtab_count(const struct flowtab *t)
{
	return t->nflows;
}

struct flow *flowtab_flow(const struct flowtab *t, size_t i)
{
	return t->flow[i];
}

static void flow_endpoint(const struct flow *f, int b, struct endpoint *e)
{
	memcpy(e->addr, b ? f->key.addr_b : f->key.addr_a, sizeof(e->addr));
	e->port = b ? f->key.port_b : f->key.port_a;
}

void flow_client(const struct flow *f, struct endpoint *e)
{
	flow_endpoint(f, f->client_is_b, e);
}

void flow_server(const struct flow *f, struct endpoint *e)
{
	flow_endpoint(f, !f->client_is_b, e);
}
