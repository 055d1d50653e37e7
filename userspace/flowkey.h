/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key of a flow as data/real/README.md defines it: L4 protocol plus
 * the unordered pair of (IP, port) endpoints.  Both directions of a flow
 * normalize to the same key: endpoint a is the smaller one.
 */
#ifndef _DFI_FLOWKEY_H
#define _DFI_FLOWKEY_H

#include <dfi/port.h>

struct endpoint {
	u8 addr[16];		/* IPv4: first 4 bytes, rest 0 */
	u16 port;		/* host order */
};

struct flow_key {
	u8 family;		/* AF_INET or AF_INET6 */
	u8 l4;			/* DFI_IPPROTO_TCP or DFI_IPPROTO_UDP */
	u16 port_a;
	u16 port_b;
	u16 pad;		/* 0: keys are compared with memcmp */
	u8 addr_a[16];
	u8 addr_b[16];
};

static inline int endpoint_cmp(const struct endpoint *x,
			       const struct endpoint *y)
{
	int c = memcmp(x->addr, y->addr, sizeof(x->addr));

	if (c)
		return c;
	return (int)x->port - (int)y->port;
}

/*
 * Build the key of a flow between @x and @y.  Returns nonzero when @x is
 * endpoint b of the key (the pair was swapped).
 */
static inline int flow_key_make(struct flow_key *k, u8 family, u8 l4,
				const struct endpoint *x,
				const struct endpoint *y)
{
	int swap = endpoint_cmp(x, y) > 0;
	const struct endpoint *a = swap ? y : x, *b = swap ? x : y;

	memset(k, 0, sizeof(*k));
	k->family = family;
	k->l4 = l4;
	k->port_a = a->port;
	k->port_b = b->port;
	memcpy(k->addr_a, a->addr, sizeof(k->addr_a));
	memcpy(k->addr_b, b->addr, sizeof(k->addr_b));
	return swap;
}

/* FNV-1a over the key's bytes. */
static inline u64 flow_hash_bytes(const void *buf, size_t len, u64 h)
{
	const u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FLOW_HASH_SEED		0xcbf29ce484222325ULL

static inline u64 flow_key_hash(const struct flow_key *k)
{
	return flow_hash_bytes(k, sizeof(*k), FLOW_HASH_SEED);
}

/* Longest text of an address, NUL included (INET6_ADDRSTRLEN). */
#define ADDR_STRLEN		46

/* @s as an IPv4 or IPv6 address: its family (AF_*), or 0 if it is none. */
int addr_parse(const char *s, u8 *addr);
/* The address @addr of @family as text, in @buf of ADDR_STRLEN bytes. */
const char *addr_str(u8 family, const u8 *addr, char *buf);

#endif /* _DFI_FLOWKEY_H */
