/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What dfi knows of a flow, kept on its conntrack entry so that packets
 * of classified flows need no lookup in dfi's own table.
 */
#ifndef _DFI_CTSTATE_H
#define _DFI_CTSTATE_H

#include <net/netfilter/nf_conntrack.h>

struct dfi_net;

/*
 * A flow's state: DFI_CT_NONE, a class (DFI_CT_CLASS(id), id the class
 * identity: enum dfi_class_id, not the model's class index), or one of:
 */
#define DFI_CT_NONE		0	/* not dfi's: began before it, or unseen */
#define DFI_CT_CLASS(id)	((id) + 1)	/* classified as class @id */
#define DFI_CT_PENDING		17	/* being classified: in the flow table */
#define DFI_CT_SKIP		18	/* left unclassified (model changed, ...) */
#define DFI_CT_NEW		19	/* to follow once conntrack confirms it */
#define DFI_CT_IS_CLASS(s)	((s) >= 1 && (s) <= DFI_MAX_CLASS_IDS)

/*
 * Labels: class identity id sets bit base + id, pending base + 16, skip base + 17,
 * new both of the last two.
 */
#define DFI_LABEL_BITS		18
#define DFI_LABEL_PENDING	16
#define DFI_LABEL_SKIP		17
/* The ct mark field holds the state's number; it needs 5 bits at least. */
#define DFI_MARK_MIN_VALUES	(DFI_CT_NEW + 1)

u8 dfi_ct_state(const struct dfi_net *dn, const struct nf_conn *ct);
void dfi_ct_state_set(const struct dfi_net *dn, struct nf_conn *ct, u8 state);
/* Whether dfi_ct_state_set() can record anything on @ct. */
bool dfi_ct_state_storable(const struct dfi_net *dn, const struct nf_conn *ct);
/* 0 when @mask is 0 or a contiguous field of >= 5 bits; else -EINVAL. */
int dfi_ct_mark_mask_valid(u32 mask);
/*
 * Move dfi's mark field to @mask on every entry of the netns (dfi in use,
 * dn->lock held; process context).  -EBUSY if @mask overlaps the field.
 */
int dfi_ct_mark_mask_change(struct dfi_net *dn, u32 mask);

/*
 * The ct mark DSCP field in act_ctinfo's layout: NULL when a DSCP field
 * @mask (0: off) and flag @flag fit beside dfi's class field @mark_mask,
 * else why not.
 */
const char *dfi_ct_dscp_check(u32 mark_mask, u32 mask, u32 flag);
/*
 * A flow classified as class @cls, one of its packets in the original
 * direction (or, at the decision, the first) having arrived with DSCP @in:
 * the field gets the class's DSCP and the flag if the rewrite policy lets
 * dfi rewrite that packet; both are cleared if the class keeps DSCPs.
 * Compares first: writes only what differs.
 */
void dfi_ct_dscp_update(const struct dfi_net *dn, struct nf_conn *ct, u8 cls,
			u8 in);
/*
 * Under dn->lock, dfi in use: the DSCP field and flag become @mask and
 * @flag; the old ones are cleared on every entry of the netns (each flow's
 * field is written again with its next packet in the original direction).
 */
void dfi_ct_dscp_change(struct dfi_net *dn, u32 mask, u32 flag);

#endif /* _DFI_CTSTATE_H */
