/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unknown-flow cache: the flows the gate called "other", kept with
 * what is needed to label them and retrain (their 5-tuple, quantized
 * first packets and the gate's scores), in a per-netns ring that
 * overwrites the oldest record.
 */
#ifndef _DFI_UNKNOWN_H
#define _DFI_UNKNOWN_H

#include <linux/spinlock.h>
#include <linux/netfilter.h>

#include <dfi/engine.h>

struct dfi_unknown_rec {
	u64 seq;		/* 1, 2, ...: records ever written */
	u64 time_ns;		/* wall clock of the decision */
	u32 model_gen;
	u8 family;		/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 l4;
	u8 net_cls;		/* class identity of the network's argmax */
	u8 reason;		/* enum dfi_unknown_reason */
	union nf_inet_addr client;
	union nf_inet_addr server;
	u16 client_port;
	u16 server_port;
	u32 dist;
	s32 margin;
	struct dfi_flow_ctx ctx;
	u8 npkts;
	u8 dscp_c2s;
	u8 dscp_s2c;
	u32 duration_us;	/* last - first recorded packet, capped */
	struct dfi_pkt pkt[DFI_MAX_SEQ];
};

struct dfi_unknown {
	spinlock_t lock;
	struct dfi_unknown_rec *ring;	/* NULL until a size is set */
	u32 size;
	u64 written;		/* records ever written */
};

void dfi_unknown_init(struct dfi_unknown *u);
/* Set the ring's size (0: none); drops the records. Process context. */
int dfi_unknown_resize(struct dfi_unknown *u, u32 size);
void dfi_unknown_destroy(struct dfi_unknown *u);
void dfi_unknown_add(struct dfi_unknown *u, const struct dfi_unknown_rec *r);
/*
 * Copy out the records with seq > @after, oldest first, at most @n;
 * Return: how many were copied.
 */
u32 dfi_unknown_read(struct dfi_unknown *u, u64 after,
		     struct dfi_unknown_rec *out, u32 n);

#endif /* _DFI_UNKNOWN_H */
