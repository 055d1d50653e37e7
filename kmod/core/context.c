// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-flow context of a host pair and of a client host
 * (include/dfi/context.h).  Shared core.
 */
#include <dfi/context.h>

/* A start at @s counts for a flow beginning at @first_us. */
static int dfi_ctx_in_window(u64 s, u64 first_us)
{
	return s <= first_us && first_us - s <= DFI_CTX_WINDOW_US;
}

/* The slot of a ring for the next start; counts it, advances the ring. */
static unsigned int dfi_ctx_slot(u8 *n, u8 *next)
{
	unsigned int i = *next % DFI_CTX_MAX;

	*next = (i + 1) % DFI_CTX_MAX;
	if (*n < DFI_CTX_MAX)
		(*n)++;
	return i;
}

void dfi_ctx_start(struct dfi_pair_hist *h, u64 first_us, u16 server_port,
		   u8 l4, struct dfi_flow_ctx *ctx)
{
	struct dfi_pair_start *s;
	unsigned int i;

	ctx->pair_flows = 0;
	ctx->pair_same_port = 0;
	ctx->pair_udp = 0;
	for (i = 0; i < h->n && i < DFI_CTX_MAX; i++) {
		s = &h->start[i];
		if (!dfi_ctx_in_window(s->first_us, first_us))
			continue;
		ctx->pair_flows++;
		if (s->server_port == server_port)
			ctx->pair_same_port++;
		if (s->l4 == DFI_IPPROTO_UDP)
			ctx->pair_udp++;
	}

	s = &h->start[dfi_ctx_slot(&h->n, &h->next)];
	s->first_us = first_us;
	s->server_port = server_port;
	s->l4 = l4;
}
DFI_EXPORT(dfi_ctx_start);

void dfi_host_ctx_start(struct dfi_host_hist *h, u64 first_us,
			const u8 *server, u16 server_port, u16 client_port,
			u8 l4, struct dfi_flow_ctx *ctx)
{
	unsigned int i;

	ctx->host_p2p = 0;
	ctx->host_same_cport = 0;
	for (i = 0; i < h->n && i < DFI_CTX_MAX; i++) {
		if (!dfi_ctx_in_window(h->first_us[i], first_us) ||
		    !memcmp(h->server[i], server, sizeof(h->server[i])))
			continue;
		if (h->client_port[i] >= 1024 && h->server_port[i] >= 1024)
			ctx->host_p2p++;
		if (h->client_port[i] == client_port && h->l4[i] == l4)
			ctx->host_same_cport++;
	}

	i = dfi_ctx_slot(&h->n, &h->next);
	h->first_us[i] = first_us;
	memcpy(h->server[i], server, sizeof(h->server[i]));
	h->server_port[i] = server_port;
	h->client_port[i] = client_port;
	h->l4[i] = l4;
}
DFI_EXPORT(dfi_host_ctx_start);
