// SPDX-License-Identifier: GPL-2.0
/*
 * The flow state on the conntrack entry (ctstate.h), in conntrack labels
 * (one bit per class, so "ct label" rules can match a class), in a masked
 * field of the ct mark, or both.  Labels are read when dfi has them in
 * this netns and the entry carries them (one made before dfi took them
 * does not), else the mark.
 *
 * Label bits are written with nf_connlabels_replace(), which only touches
 * the bits of its mask; mark bits with a cmpxchg loop that keeps the bits
 * outside dfi's mask, so dfi coexists with other users of either.
 */
#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <net/netfilter/nf_conntrack_ecache.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include <dfi/dscp_policy.h>

#include "ctstate.h"
#include "dfi.h"

#define DFI_LABEL_WORDS		(NF_CT_LABELS_MAX_SIZE / sizeof(u32))
#define DFI_LABEL_FIELD		GENMASK(DFI_LABEL_BITS - 1, 0)

/* Labels as nf_connlabels_replace() sees them: u32 words. */
static u32 dfi_label_field(const struct nf_conn_labels *l, unsigned int base)
{
	const u32 *w = (const u32 *)l->bits;
	unsigned int i = base / 32;
	u64 v = READ_ONCE(w[i]);

	if (i + 1 < DFI_LABEL_WORDS)
		v |= (u64)READ_ONCE(w[i + 1]) << 32;
	return (v >> (base % 32)) & DFI_LABEL_FIELD;
}

static u8 dfi_state_of_labels(u32 field)
{
	const u32 new = BIT(DFI_LABEL_PENDING) | BIT(DFI_LABEL_SKIP);

	if (!field)
		return DFI_CT_NONE;
	if ((field & new) == new)
		return DFI_CT_NEW;
	if (field & BIT(DFI_LABEL_SKIP))
		return DFI_CT_SKIP;
	if (field & BIT(DFI_LABEL_PENDING))
		return DFI_CT_PENDING;
	return DFI_CT_CLASS(__ffs(field));
}

static u32 dfi_labels_of_state(u8 state)
{
	if (DFI_CT_IS_CLASS(state))
		return BIT(state - 1);
	if (state == DFI_CT_PENDING)
		return BIT(DFI_LABEL_PENDING);
	if (state == DFI_CT_SKIP)
		return BIT(DFI_LABEL_SKIP);
	if (state == DFI_CT_NEW)
		return BIT(DFI_LABEL_PENDING) | BIT(DFI_LABEL_SKIP);
	return 0;
}

/* dfi's labels on @ct, or NULL: dfi uses none here, or @ct has none. */
static struct nf_conn_labels *dfi_ct_labels(const struct dfi_net *dn,
					    const struct nf_conn *ct)
{
	return dn->labels_base >= 0 ? nf_ct_labels_find(ct) : NULL;
}

/*
 * The labels when @ct has them (an entry made before dfi took them has
 * none), else the mark field.
 */
u8 dfi_ct_state(const struct dfi_net *dn, const struct nf_conn *ct)
{
	const struct nf_conn_labels *l = dfi_ct_labels(dn, ct);
	u32 mask;

	if (l)
		return dfi_state_of_labels(dfi_label_field(l, dn->labels_base));
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	mask = READ_ONCE(dn->cfg.mark_mask);
	if (mask) {
		u32 v = (READ_ONCE(ct->mark) & mask) >> __ffs(mask);

		if (v <= DFI_CT_NEW)
			return v;
		return DFI_CT_SKIP;	/* a value dfi never writes */
	}
#endif
	return DFI_CT_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ct_state);

bool dfi_ct_state_storable(const struct dfi_net *dn, const struct nf_conn *ct)
{
	return dfi_ct_labels(dn, ct) ||
	       (IS_ENABLED(CONFIG_NF_CONNTRACK_MARK) &&
		READ_ONCE(dn->cfg.mark_mask));
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ct_state_storable);

#if IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS)
static void dfi_ct_labels_set(int base, struct nf_conn *ct, u8 state)
{
	u32 data[DFI_LABEL_WORDS] = {}, mask[DFI_LABEL_WORDS] = {};
	u64 d = (u64)dfi_labels_of_state(state) << (base % 32);
	u64 m = (u64)DFI_LABEL_FIELD << (base % 32);
	unsigned int i = base / 32;

	data[i] = lower_32_bits(d);
	mask[i] = lower_32_bits(m);
	if (i + 1 < DFI_LABEL_WORDS) {
		data[i + 1] = upper_32_bits(d);
		mask[i + 1] = upper_32_bits(m);
	}
	nf_connlabels_replace(ct, data, mask, DFI_LABEL_WORDS);
}
#endif

#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
/* The bits @field of @ct's mark become @v, the others are kept. */
static void dfi_ct_mark_bits(struct nf_conn *ct, u32 field, u32 v)
{
	u32 old = READ_ONCE(ct->mark), new;

	do {
		new = (old & ~field) | v;
		if (new == old)
			return;
	} while (!try_cmpxchg(&ct->mark, &old, new));
	nf_conntrack_event_cache(IPCT_MARK, ct);
}

static void dfi_ct_mark_set(u32 mask, struct nf_conn *ct, u8 state)
{
	dfi_ct_mark_bits(ct, mask, ((u32)state << __ffs(mask)) & mask);
}
#endif

void dfi_ct_state_set(const struct dfi_net *dn, struct nf_conn *ct, u8 state)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS)
	if (dfi_ct_labels(dn, ct))
		dfi_ct_labels_set(dn->labels_base, ct, state);
#endif
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	{
		u32 mask = READ_ONCE(dn->cfg.mark_mask);

		if (mask)
			dfi_ct_mark_set(mask, ct, state);
	}
#endif
}
EXPORT_SYMBOL_IF_KUNIT(dfi_ct_state_set);

#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
struct dfi_mark_move {
	u32 old, new;
};

/*
 * One entry, under its conntrack hash lock: dfi's bits leave the old field;
 * its state goes to the new field unless a decision made since the change
 * already wrote one there.
 */
static int dfi_ct_mark_move_one(struct nf_conn *ct, void *data)
{
	const struct dfi_mark_move *m = data;
	u32 old = READ_ONCE(ct->mark), new;

	do {
		u32 v = m->old ? (old & m->old) >> __ffs(m->old) : 0;

		new = old & ~m->old;
		if (m->new && !(old & m->new) && v <= DFI_CT_NEW)
			new |= (v << __ffs(m->new)) & m->new;
		if (new == old)
			return 0;
	} while (!try_cmpxchg(&ct->mark, &old, new));
	nf_conntrack_event_cache(IPCT_MARK, ct);
	return 0;	/* keep the entry */
}
#endif

/*
 * Under dn->lock, dfi in use: the mark field becomes @mask.  New writes go
 * to it at once; then one pass over the netns's conntrack table moves each
 * entry's state there and clears the old field (a packet that comes
 * between sees its flow as unmanaged: not recorded, not rewritten).
 */
int dfi_ct_mark_mask_change(struct dfi_net *dn, u32 mask)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	struct dfi_mark_move m = { .old = dn->cfg.mark_mask, .new = mask };
	struct nf_ct_iter_data d = { .net = dn->net, .data = &m };

	if (m.old == m.new)
		return 0;
	if (m.old & m.new)
		return -EBUSY;
	WRITE_ONCE(dn->cfg.mark_mask, mask);
	nf_ct_iterate_cleanup_net(dfi_ct_mark_move_one, &d);
	return 0;
#else
	return mask ? -EOPNOTSUPP : 0;
#endif
}

int dfi_ct_mark_mask_valid(u32 mask)
{
	u32 field;

	if (!mask)
		return 0;
	field = mask >> __ffs(mask);
	if (field & (field + 1))	/* not contiguous */
		return -EINVAL;
	if (field < DFI_MARK_MIN_VALUES - 1)
		return -EINVAL;
	return 0;
}

/* act_ctinfo's DSCP field: 6 contiguous bits (tcf_ctinfo_init()). */
#define DFI_CT_DSCP_FIELD	0x3f

const char *dfi_ct_dscp_check(u32 mark_mask, u32 mask, u32 flag)
{
	if (mask && (mask >> __ffs(mask)) != DFI_CT_DSCP_FIELD)
		return "ct_dscp_mask must be 0 or 6 contiguous bits (act_ctinfo's dscp mask)";
	if (mask & flag)
		return "ct_dscp_flag overlaps ct_dscp_mask (act_ctinfo refuses that too)";
	if ((mask | flag) & mark_mask)
		return "ct_dscp_mask/ct_dscp_flag overlap dfi's class field (mark_mask)";
	return NULL;
}

void dfi_ct_dscp_update(const struct dfi_net *dn, struct nf_conn *ct, u8 cls,
			u8 in)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	u32 mask = READ_ONCE(dn->cfg.ct_dscp_mask);
	u32 flag = READ_ONCE(dn->cfg.ct_dscp_flag);
	u8 dscp;

	if (!mask || cls >= ARRAY_SIZE(dn->dscp) || in > 63)
		return;
	dscp = READ_ONCE(dn->dscp[cls]);
	if (dscp == DFI_DSCP_KEEP) {
		dfi_ct_mark_bits(ct, mask | flag, 0);
		return;
	}
	if (!dfi_dscp_policy_allows(READ_ONCE(dn->cfg.dscp_policy), in, dscp))
		return;
	dfi_ct_mark_bits(ct, mask | flag,
			 (((u32)dscp << __ffs(mask)) & mask) | flag);
#endif
}

#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
static int dfi_ct_dscp_clear_one(struct nf_conn *ct, void *data)
{
	dfi_ct_mark_bits(ct, *(const u32 *)data, 0);
	return 0;	/* keep the entry */
}
#endif

void dfi_ct_dscp_change(struct dfi_net *dn, u32 mask, u32 flag)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	u32 old = dn->cfg.ct_dscp_mask ?
		  dn->cfg.ct_dscp_mask | dn->cfg.ct_dscp_flag : 0;
	struct nf_ct_iter_data d = { .net = dn->net, .data = &old };

	if (mask == dn->cfg.ct_dscp_mask && flag == dn->cfg.ct_dscp_flag)
		return;
	WRITE_ONCE(dn->cfg.ct_dscp_mask, mask);
	WRITE_ONCE(dn->cfg.ct_dscp_flag, flag);
	if (old)
		nf_ct_iterate_cleanup_net(dfi_ct_dscp_clear_one, &d);
#endif
}
