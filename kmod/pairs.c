// SPDX-License-Identifier: GPL-2.0
/*
 * Host pairs of the multi-flow context (pairs.h).
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>

#include "pairs.h"

struct dfi_pair {
	struct dfi_ctx_node c;
	u32 space;		/* address family and conntrack zone */
	union nf_inet_addr a;	/* the smaller address */
	union nf_inet_addr b;
	struct dfi_pair_hist hist;
};

size_t dfi_pair_size(void)
{
	return sizeof(struct dfi_pair);
}

struct dfi_pair_arg {
	u32 space;		/* address family and conntrack zone */
	const union nf_inet_addr *a, *b;
	u64 first_us;
	u16 server_port;
	u8 l4;
	struct dfi_flow_ctx *ctx;
};

static bool dfi_pair_match(const struct dfi_ctx_node *n, const void *key)
{
	const struct dfi_pair *e = container_of(n, struct dfi_pair, c);
	const struct dfi_pair_arg *a = key;

	return e->space == a->space && !memcmp(&e->a, a->a, sizeof(e->a)) &&
	       !memcmp(&e->b, a->b, sizeof(e->b));
}

static void dfi_pair_start(struct dfi_ctx_node *n, bool fresh, void *arg)
{
	struct dfi_pair *e = container_of(n, struct dfi_pair, c);
	const struct dfi_pair_arg *a = arg;

	if (fresh) {
		e->space = a->space;
		e->a = *a->a;
		e->b = *a->b;
	}
	dfi_ctx_start(&e->hist, a->first_us, a->server_port, a->l4, a->ctx);
}

int dfi_pairs_start(struct dfi_ctxtab *p, u32 space,
		    const union nf_inet_addr *x, const union nf_inet_addr *y,
		    u64 first_us, u16 server_port, u8 l4,
		    struct dfi_flow_ctx *ctx)
{
	struct dfi_pair_arg a = {
		.space = space, .a = x, .b = y, .first_us = first_us,
		.server_port = server_port, .l4 = l4, .ctx = ctx,
	};
	u32 h;

	ctx->pair_flows = 0;
	ctx->pair_same_port = 0;
	ctx->pair_udp = 0;
	if (memcmp(x, y, sizeof(*x)) > 0)
		swap(a.a, a.b);
	h = jhash2(a.a->all, ARRAY_SIZE(a.a->all),
		   jhash2(a.b->all, ARRAY_SIZE(a.b->all), p->seed ^ space));
	return dfi_ctxtab_start(p, h, sizeof(struct dfi_pair), dfi_pair_match,
				&a, dfi_pair_start, &a, first_us);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_pairs_start);
