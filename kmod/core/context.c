// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-flow context of a host pair (include/dfi/context.h).  Shared core.
 */
#include <dfi/context.h>

u64 dfi_pair_newest_us(const struct dfi_pair_hist *h)
{
	if (!h->n)
		return 0;
	return h->start[(h->next + DFI_CTX_MAX - 1) % DFI_CTX_MAX].first_us;
}
DFI_EXPORT(dfi_pair_newest_us);

void dfi_ctx_start(struct dfi_pair_hist *h, u64 first_us, u16 server_port,
		   u8 l4, struct dfi_flow_ctx *ctx)
{
	struct dfi_pair_start *s;
	unsigned int i;

	memset(ctx, 0, sizeof(*ctx));
	for (i = 0; i < h->n && i < DFI_CTX_MAX; i++) {
		s = &h->start[i];
		if (s->first_us > first_us ||
		    first_us - s->first_us > DFI_CTX_WINDOW_US)
			continue;
		ctx->pair_flows++;
		if (s->server_port == server_port)
			ctx->pair_same_port++;
		if (s->l4 == DFI_IPPROTO_UDP)
			ctx->pair_udp++;
	}

	s = &h->start[h->next % DFI_CTX_MAX];
	s->first_us = first_us;
	s->server_port = server_port;
	s->l4 = l4;
	h->next = (h->next + 1) % DFI_CTX_MAX;
	if (h->n < DFI_CTX_MAX)
		h->n++;
}
DFI_EXPORT(dfi_ctx_start);
