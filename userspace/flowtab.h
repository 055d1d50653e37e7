/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flows of one capture, keyed as data/real/README.md says: L4 protocol
 * plus the unordered pair of endpoints, over the whole capture (no idle
 * timeout); the client is the sender of the flow's first packet.
 *
 * Each flow records its first packets in a struct dfi_flow_feat until it
 * is decided, by the rule the kernel follows too.  On each packet of an
 * undecided flow:
 *   - if (ts_us - first_us) >= deadline_us (deadline_us > 0), the flow is
 *     decided before that packet is recorded;
 *   - else the packet is recorded and, once seq_len packets are, the flow
 *     is decided;
 *   - else, with an early-verdict hook (flowtab_set_early()), the hook may
 *     decide it (the model's checkpoints, as the kernel does).
 * flowtab_finish() decides every flow still undecided at the end of the
 * capture.  Later packets of a decided flow are only counted.
 *
 * Multi-flow context, computed once when a flow is created, per host
 * pair with dfi_ctx_start() and per client host (the sender of the flow's
 * first packet) with dfi_host_ctx_start() (include/dfi/context.h), as the
 * kernel does per netns.
 *
 * A captured GRO/TSO aggregate (a packet the capturing host's GRO merged,
 * or its TSO had yet to cut) counts as the segments it stands for, as in
 * the kernel (dfi_segs_split(): every segment at the aggregate's time, the
 * last one with the rest of the payload).  The segment size, L4 payload
 * per segment, is the capture's best knowledge, per flow:
 *   - TCP with an MSS option seen in the flow's SYN or SYN-ACK: the
 *     smaller MSS less the packet's TCP options (what the sender's
 *     mss_cache is, and GRO's gso_size);
 *   - else, for a packet of IP length above FLOW_LINK_MTU (1500), the
 *     largest payload of the flow's packets so far that were not above
 *     it (a non-aggregated packet of the flow);
 *   - else none: the packet counts as one.
 * A capture without the flow's SYN, on a jumbo-frame link, or of a path
 * whose MTU is below the MSS (PMTU, MSS clamping) splits differently from
 * the router's gso_size (Documentation/model.md).
 *
 * Time in a capture can go backwards (merged captures, broken clocks).
 * Time is clamped per flow: a packet earlier than its flow's latest one
 * counts as simultaneous with it (dfi_feat_add() does the same for the
 * IATs), so one flow's odd timestamps do not spill into the others.  The
 * context counts only flows that began at or before this one's start.
 *
 * Each flow counts its IP bytes per direction over the whole capture, as
 * conntrack's accounting does (a captured aggregate as its IP length, as
 * the router's skb->len).  With a second look configured
 * (flowtab_second_look()), the packets of a decided flow at which the
 * kernel would check (dfi_longflow_due() on the direction's bytes) are
 * checked with dfi_longflow_bulk(), the age being the time since the
 * flow's first packet; the first check that finds it bulk is recorded.
 */
#ifndef _DFI_FLOWTAB_H
#define _DFI_FLOWTAB_H

#include <dfi/features.h>
#include <dfi/longflow.h>

#include "capture.h"
#include "flowkey.h"

#define FLOW_LINK_MTU	1500	/* larger packets may be GRO aggregates */

enum flow_decided_by {
	FLOW_UNDECIDED = 0,
	FLOW_BY_SEQ_LEN,	/* seq_len packets recorded */
	FLOW_BY_DEADLINE,	/* a packet came deadline_us after the first */
	FLOW_BY_CHECKPOINT,	/* early, at a checkpoint (flowtab_set_early) */
	FLOW_BY_END,		/* the capture ended first */
};

struct flow {
	struct flow_key key;
	u8 client_is_b;		/* the client is endpoint b of the key */
	u8 decided_by;		/* enum flow_decided_by */
	u8 has_frag;		/* a packet of it was a first IP fragment */
	u8 backwards;		/* its time went backwards before the decision */
	u32 packets;		/* all its packets (frames) in the capture */
	u16 mss;		/* smallest TCP MSS option of its SYNs, 0: none */
	u16 seg_max;		/* largest payload of its packets <= MTU */
	u16 seg_size;		/* payload per segment its latest recorded
				 * packet was split by; 0: not split */
	struct dfi_flow_ctx ctx;
	struct dfi_flow_feat *feat;	/* dfi_feat_size(seq_len) bytes */
	u64 bytes[2];		/* IP bytes: [0] client to server, [1] back */
	u64 last_us;		/* time of its latest packet (clamped) */
	u8 bulk;		/* a second look check found it bulk ... */
	u64 bulk_bytes[2];	/* ... with these bytes */
	u64 bulk_age_us;	/* ... this old */
};

typedef void (*flow_decided_fn)(void *arg, const struct flow *f,
				const struct dfi_flow_ctx *ctx,
				const struct dfi_flow_feat *feat);

/*
 * Early verdicts: called when a packet recorded leaves a flow in
 * progress, @before being the packets it had recorded before that one;
 * a nonzero return decides the flow now (FLOW_BY_CHECKPOINT).
 */
typedef int (*flow_early_fn)(void *arg, const struct flow *f,
			     unsigned int before);

struct flowtab;

/* @deadline_us 0: no deadline.  @fn (may be NULL) hears of decisions. */
struct flowtab *flowtab_new(unsigned int seq_len, u64 deadline_us,
			    flow_decided_fn fn, void *arg);
void flowtab_free(struct flowtab *t);
void flowtab_set_early(struct flowtab *t, flow_early_fn fn, void *arg);
/* Check decided flows for bulk by @c (kept by reference; NULL: no checks). */
void flowtab_second_look(struct flowtab *t, const struct dfi_longflow_cfg *c);
/* Account one packet.  Returns 0, or -1 out of memory. */
int flowtab_add(struct flowtab *t, const struct cap_pkt *p);
/* Decide the flows still undecided, in the order they began. */
void flowtab_finish(struct flowtab *t);

struct flow *flowtab_find(const struct flowtab *t, const struct flow_key *k);
/* Flows in the order they began: i < flowtab_count(). */
size_t flowtab_count(const struct flowtab *t);
struct flow *flowtab_flow(const struct flowtab *t, size_t i);

void flow_client(const struct flow *f, struct endpoint *e);
void flow_server(const struct flow *f, struct endpoint *e);

#endif /* _DFI_FLOWTAB_H */
