// SPDX-License-Identifier: GPL-2.0
/*
 * Client hosts of the host fan-out context (hosts.h).
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>

#include "hosts.h"

struct dfi_host {
	struct dfi_ctx_node c;
	u32 space;		/* address family and conntrack zone */
	union nf_inet_addr addr;
	struct dfi_host_hist hist;
};

struct dfi_host_arg {
	u32 space;		/* address family and conntrack zone */
	const union nf_inet_addr *client, *server;
	u64 first_us;
	u16 server_port;
	u16 client_port;
	u8 l4;
	struct dfi_flow_ctx *ctx;
};

size_t dfi_host_size(void)
{
	return sizeof(struct dfi_host);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_host_size);

static bool dfi_host_match(const struct dfi_ctx_node *n, const void *key)
{
	const struct dfi_host *e = container_of(n, struct dfi_host, c);
	const struct dfi_host_arg *a = key;

	return e->space == a->space &&
	       !memcmp(&e->addr, a->client, sizeof(e->addr));
}

static void dfi_host_start(struct dfi_ctx_node *n, bool fresh, void *arg)
{
	struct dfi_host *e = container_of(n, struct dfi_host, c);
	const struct dfi_host_arg *a = arg;

	if (fresh) {
		e->space = a->space;
		e->addr = *a->client;
	}
	dfi_host_ctx_start(&e->hist, a->first_us, (const u8 *)a->server->all,
			   a->server_port, a->client_port, a->l4, a->ctx);
}

int dfi_hosts_start(struct dfi_ctxtab *t, u32 space,
		    const union nf_inet_addr *client,
		    const union nf_inet_addr *server, u64 first_us,
		    u16 server_port, u16 client_port, u8 l4,
		    struct dfi_flow_ctx *ctx)
{
	struct dfi_host_arg a = {
		.space = space, .client = client, .server = server,
		.first_us = first_us, .server_port = server_port,
		.client_port = client_port, .l4 = l4, .ctx = ctx,
	};

	BUILD_BUG_ON(sizeof(*server) != sizeof_field(struct dfi_host_hist,
						    server[0]));
	ctx->host_p2p = 0;
	ctx->host_same_cport = 0;
	return dfi_ctxtab_start(t, jhash2(client->all, ARRAY_SIZE(client->all),
					  t->seed ^ space),
				sizeof(struct dfi_host), dfi_host_match, &a,
				dfi_host_start, &a, first_us);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_hosts_start);
