// SPDX-License-Identifier: GPL-2.0
/*
 * The "dfi" generic netlink family: the control plane dficlt talks to.
 * Commands and attributes are documented in include/uapi/linux/dfi.h.
 * Every request acts on the sender's network namespace.
 *
 * Privileges: whatever changes dfi, and whatever reveals other users'
 * flows (the flows in progress, the unknown-flow cache), needs
 * CAP_NET_ADMIN in the user namespace that owns the netns, as ctnetlink
 * does; the model, the DSCP map, the settings and the counters may be read
 * by anyone in the netns.  The family runs its handlers in parallel (a
 * model parse takes no global lock); each netns's settings are serialized
 * by its dfi_net.lock.
 */
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "account.h"
#include "compat.h"
#include "ctstate.h"
#include "dfi.h"
#include "dscp.h"

#define DFI_MAX_FLOWS_LIMIT	(1U << 22)
#define DFI_MAX_UNKNOWN_LIMIT	65536
/* An upload not finished in this long is dropped (by the GC, or the next). */
#define DFI_STAGING_TIMEOUT	(10 * HZ)

/*
 * A required attribute: GENL_REQ_ATTR_CHECK() reports which one is missing
 * (NLMSGERR_ATTR_MISS_TYPE); the message says it in words as well.
 */
#define DFI_REQUIRE(info, type, msg)					\
	({								\
		bool __missing = GENL_REQ_ATTR_CHECK(info, type);	\
									\
		if (__missing)						\
			NL_SET_ERR_MSG((info)->extack, msg);		\
		__missing;						\
	})

static struct genl_family dfi_genl_family;

static struct netlink_range_validation dfi_total_range = {
	.min = 1, .max = DFI_MODEL_MAX_SIZE,
};
static struct netlink_range_validation dfi_offset_range = {
	.max = DFI_MODEL_MAX_SIZE - 1,
};
static struct netlink_range_validation dfi_flows_range = {
	.max = DFI_MAX_FLOWS_LIMIT,
};
static struct netlink_range_validation dfi_deadline_range = {
	.max = DFI_MAX_DEADLINE_MS,
};
static struct netlink_range_validation dfi_unknown_range = {
	.max = DFI_MAX_UNKNOWN_LIMIT,
};
static struct netlink_range_validation dfi_lf_classes_range = {
	.min = 1, .max = BIT(DFI_MAX_CLASS_IDS) - 1,
};
static struct netlink_range_validation dfi_lf_age_range = {
	.min = 1, .max = DFI_LONGFLOW_MAX_AGE_S,
};
static struct netlink_range_validation dfi_lf_bytes_range = {
	.min = 1, .max = U32_MAX,
};
static struct netlink_range_validation dfi_lf_rate_range = {
	.max = DFI_LONGFLOW_MAX_RATE_KBIT,
};

static const struct nla_policy dfi_load_policy[DFI_A_MAX + 1] = {
	[DFI_A_MODEL_TOTAL]	= NLA_POLICY_FULL_RANGE(NLA_U32, &dfi_total_range),
	[DFI_A_MODEL_OFFSET]	= NLA_POLICY_FULL_RANGE(NLA_U32, &dfi_offset_range),
	[DFI_A_MODEL_DATA]	= { .type = NLA_BINARY, .len = DFI_MODEL_CHUNK },
};

static const struct nla_policy dfi_dscp_policy[DFI_A_MAX + 1] = {
	[DFI_A_CLASS_NAME]	= { .type = NLA_NUL_STRING,
				    .len = DFI_CLASS_NAME_LEN },
	[DFI_A_DSCP]		= { .type = NLA_U8 },
};

static const struct nla_policy dfi_config_policy[DFI_A_MAX + 1] = {
	[DFI_A_ENABLED]		= NLA_POLICY_MAX(NLA_U8, 1),
	[DFI_A_MAX_FLOWS]	= NLA_POLICY_FULL_RANGE(NLA_U32, &dfi_flows_range),
	[DFI_A_DEADLINE_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&dfi_deadline_range),
	[DFI_A_MARK_MASK]	= { .type = NLA_U32 },
	[DFI_A_UNKNOWN_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&dfi_unknown_range),
	[DFI_A_CT_DSCP_MASK]	= { .type = NLA_U32 },
	[DFI_A_CT_DSCP_FLAG]	= { .type = NLA_U32 },
	[DFI_A_DSCP_POLICY]	= NLA_POLICY_MAX(NLA_U8, DFI_DSCP_POLICY_MAX),
	[DFI_A_LONGFLOW]	= NLA_POLICY_MAX(NLA_U8, 1),
	[DFI_A_LONGFLOW_CLASSES] = NLA_POLICY_FULL_RANGE(NLA_U32,
							 &dfi_lf_classes_range),
	[DFI_A_LONGFLOW_AGE_S]	= NLA_POLICY_FULL_RANGE(NLA_U32, &dfi_lf_age_range),
	[DFI_A_LONGFLOW_BYTES]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&dfi_lf_bytes_range),
	[DFI_A_LONGFLOW_RATE_KBIT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							   &dfi_lf_rate_range),
	[DFI_A_LONGFLOW_SHARE_PCT] = NLA_POLICY_RANGE(NLA_U8, 50, 100),
};

/* Requests without attributes: anything sent is rejected. */
static const struct nla_policy dfi_empty_policy[DFI_A_MAX + 1] = {
	[DFI_A_UNSPEC] = { .type = NLA_REJECT },
};

static void *dfi_reply_start(struct sk_buff **skb, struct genl_info *info,
			     u8 cmd, size_t size)
{
	*skb = genlmsg_new(size, GFP_KERNEL);
	if (!*skb)
		return NULL;
	return genlmsg_put_reply(*skb, info, &dfi_genl_family, 0, cmd);
}

void dfi_staging_drop(struct dfi_net *dn)
{
	kvfree(dn->staging);
	dn->staging = NULL;
	dn->staging_len = 0;
	dn->staging_done = 0;
}

static bool dfi_staging_stale(const struct dfi_net *dn)
{
	return dn->staging &&
	       time_after(jiffies, dn->staging_start + DFI_STAGING_TIMEOUT);
}

void dfi_staging_expire(struct dfi_net *dn)
{
	mutex_lock(&dn->lock);
	if (dfi_staging_stale(dn))
		dfi_staging_drop(dn);
	mutex_unlock(&dn->lock);
}

/* The socket that was uploading a model closed: drop its upload. */
static int dfi_nl_release(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct netlink_notify *n = ptr;
	struct dfi_net *dn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	dn = dfi_pernet(n->net);
	mutex_lock(&dn->lock);
	if (dn->staging && dn->staging_portid == n->portid)
		dfi_staging_drop(dn);
	mutex_unlock(&dn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block dfi_nl_notifier = {
	.notifier_call = dfi_nl_release,
};

static int dfi_nl_model_load(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	struct dfi_loaded_model *lm;
	struct nlattr **a = info->attrs;
	u32 total, off, len;
	const char *err;
	void *buf;
	int ret;

	if (DFI_REQUIRE(info, DFI_A_MODEL_TOTAL,
			"a model chunk needs DFI_A_MODEL_TOTAL") ||
	    DFI_REQUIRE(info, DFI_A_MODEL_OFFSET,
			"a model chunk needs DFI_A_MODEL_OFFSET") ||
	    DFI_REQUIRE(info, DFI_A_MODEL_DATA,
			"a model chunk needs DFI_A_MODEL_DATA"))
		return -EINVAL;
	total = nla_get_u32(a[DFI_A_MODEL_TOTAL]);
	off = nla_get_u32(a[DFI_A_MODEL_OFFSET]);
	len = nla_len(a[DFI_A_MODEL_DATA]);

	mutex_lock(&dn->lock);
	if (dn->staging && dn->staging_portid != info->snd_portid &&
	    !dfi_staging_stale(dn)) {
		/* another socket's upload is not ours to end */
		mutex_unlock(&dn->lock);
		NL_SET_ERR_MSG(info->extack,
			       "another model upload is in progress in this netns");
		return -EBUSY;
	}
	if (off == 0) {
		dfi_staging_drop(dn);
		dn->staging = kvmalloc(total, DFI_GFP_CONFIG);
		if (!dn->staging) {
			mutex_unlock(&dn->lock);
			NL_SET_ERR_MSG(info->extack,
				       "no memory for the model upload");
			return -ENOMEM;
		}
		dn->staging_len = total;
		dn->staging_portid = info->snd_portid;
		dn->staging_start = jiffies;
	} else if (!dn->staging || dn->staging_portid != info->snd_portid ||
		   total != dn->staging_len || off != dn->staging_done) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MODEL_OFFSET],
				    "chunk out of sequence: start again at offset 0");
		ret = -EINVAL;
		goto drop;
	}
	if (len > total - off) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MODEL_DATA],
				    "chunk runs past the model's total size");
		ret = -EINVAL;
		goto drop;
	}
	memcpy(dn->staging + off, nla_data(a[DFI_A_MODEL_DATA]), len);
	dn->staging_done += len;
	if (dn->staging_done < total) {
		mutex_unlock(&dn->lock);
		return 0;
	}
	/* complete: take the file, then parse it outside the lock */
	buf = dn->staging;
	dn->staging = NULL;
	dfi_staging_drop(dn);
	mutex_unlock(&dn->lock);

	lm = dfi_model_prepare(buf, total, &err, &ret);
	kvfree(buf);
	if (!lm) {
		if (err) {
			dfi_extack_msg(info->extack, err);
			NL_SET_BAD_ATTR(info->extack, a[DFI_A_MODEL_DATA]);
		}
		return ret;
	}
	mutex_lock(&dn->lock);
	ret = dfi_activate(dn);
	if (ret) {
		mutex_unlock(&dn->lock);
		dfi_model_free_rcu(&lm->rcu);
		NL_SET_ERR_MSG(info->extack, "could not enable dfi in this netns");
		return ret;
	}
	ret = dfi_model_install(dn, lm, &err);
	mutex_unlock(&dn->lock);
	if (ret)
		dfi_extack_msg(info->extack, err);
	return ret;

drop:
	/* only the sender's own upload gets here */
	dfi_staging_drop(dn);
	mutex_unlock(&dn->lock);
	return ret;
}

static int dfi_nl_model_unload(struct sk_buff *skb, struct genl_info *info)
{
	dfi_model_unload(dfi_pernet(genl_info_net(info)));
	return 0;
}

static int dfi_put_classes(struct sk_buff *msg, struct dfi_net *dn,
			   const struct dfi_loaded_model *lm)
{
	struct nlattr *nest, *cls;
	unsigned int c;

	nest = nla_nest_start(msg, DFI_A_CLASSES);
	if (!nest)
		return -EMSGSIZE;
	for (c = 0; lm && c < lm->m.n_classes; c++) {
		cls = nla_nest_start(msg, DFI_A_CLASS);
		if (!cls ||
		    nla_put_u32(msg, DFI_A_CLASS_INDEX, c) ||
		    nla_put_string(msg, DFI_A_CLASS_NAME, lm->m.class_names[c]) ||
		    nla_put_u8(msg, DFI_A_DSCP,
			       READ_ONCE(dn->dscp[lm->class_id[c]])) ||
		    nla_put_u32(msg, DFI_A_CLASS_ID, lm->class_id[c]))
			return -EMSGSIZE;
		nla_nest_end(msg, cls);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int dfi_nl_model_get(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	const struct dfi_loaded_model *lm;
	struct sk_buff *msg;
	void *hdr;

	hdr = dfi_reply_start(&msg, info, DFI_CMD_MODEL_GET, NLMSG_GOODSIZE);
	if (!hdr) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	mutex_lock(&dn->lock);
	lm = rcu_dereference_protected(dn->model, lockdep_is_held(&dn->lock));
	if (!lm) {
		mutex_unlock(&dn->lock);
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "no model loaded");
		return -ENOENT;
	}
	if (nla_put_string(msg, DFI_A_MODEL_NAME, lm->m.name) ||
	    nla_put_u32(msg, DFI_A_MODEL_VERSION, DFI_MODEL_VERSION) ||
	    nla_put_u32(msg, DFI_A_MODEL_GEN, lm->gen) ||
	    nla_put_u32(msg, DFI_A_MODEL_SEQ_LEN, lm->m.seq_len) ||
	    nla_put_u32(msg, DFI_A_MODEL_DEADLINE_MS, lm->m.deadline_ms) ||
	    nla_put_u32(msg, DFI_A_MODEL_SIZE, lm->m.size) ||
	    nla_put_u32(msg, DFI_A_MODEL_CRC, lm->m.crc) ||
	    nla_put_u32(msg, DFI_A_MODEL_MACS, lm->m.macs) ||
	    nla_put_u64_64bit(msg, DFI_A_MODEL_LOAD_TIME, lm->load_time_ns,
			      DFI_A_PAD) ||
	    (lm->m.n_checkpoints &&
	     nla_put(msg, DFI_A_MODEL_CHECKPOINTS, lm->m.n_checkpoints,
		     lm->m.checkpoint)) ||
	    dfi_put_classes(msg, dn, lm)) {
		mutex_unlock(&dn->lock);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_unlock(&dn->lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int dfi_nl_dscp_set(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	u8 dscp;
	int ret;

	if (DFI_REQUIRE(info, DFI_A_CLASS_NAME,
			"a DSCP rule needs DFI_A_CLASS_NAME") ||
	    DFI_REQUIRE(info, DFI_A_DSCP, "a DSCP rule needs DFI_A_DSCP"))
		return -EINVAL;
	dscp = nla_get_u8(info->attrs[DFI_A_DSCP]);
	if (dscp > 63 && dscp != DFI_DSCP_KEEP) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DFI_A_DSCP],
				    "DSCP must be 0..63, or 255 to keep the packet's");
		return -EINVAL;
	}
	ret = dfi_dscp_rule_set(dn, nla_data(info->attrs[DFI_A_CLASS_NAME]),
				dscp);
	if (ret == -ENOENT) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DFI_A_CLASS_NAME],
				    "the running model has no class of that name");
		return ret;
	}
	if (ret == -ENOSPC)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DFI_A_CLASS_NAME],
				    "too many class names with a DSCP");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DFI_A_CLASS_NAME],
				    "bad class name");
	return ret;
}

static int dfi_nl_dscp_get(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	const struct dfi_loaded_model *lm;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	hdr = dfi_reply_start(&msg, info, DFI_CMD_DSCP_GET, NLMSG_GOODSIZE);
	if (!hdr) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	mutex_lock(&dn->lock);
	lm = rcu_dereference_protected(dn->model, lockdep_is_held(&dn->lock));
	ret = dfi_put_classes(msg, dn, lm);
	mutex_unlock(&dn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static u32 dfi_attr_u32_or(struct nlattr *a, u32 cur)
{
	return a ? nla_get_u32(a) : cur;
}

/*
 * The ct mark fields a CONFIG_SET asks for (dn->lock held): the DSCP field
 * and flag beside the class field; while dfi is in use, new ones also
 * beside the ones in use, moved one at a time (each move clears the old
 * bits on every entry).
 */
static int dfi_mark_fields_check(const struct dfi_net *dn, struct nlattr **a,
				 struct netlink_ext_ack *extack)
{
	const struct dfi_cfg *c = &dn->cfg;
	u32 mark = dfi_attr_u32_or(a[DFI_A_MARK_MASK], c->mark_mask);
	u32 mask = dfi_attr_u32_or(a[DFI_A_CT_DSCP_MASK], c->ct_dscp_mask);
	u32 flag = dfi_attr_u32_or(a[DFI_A_CT_DSCP_FLAG], c->ct_dscp_flag);
	struct nlattr *bad = a[DFI_A_CT_DSCP_MASK] ?: a[DFI_A_CT_DSCP_FLAG] ?:
			     a[DFI_A_MARK_MASK];
	const char *why;

	if (!a[DFI_A_MARK_MASK] && !a[DFI_A_CT_DSCP_MASK] &&
	    !a[DFI_A_CT_DSCP_FLAG])
		return 0;
	why = dfi_ct_dscp_check(mark, mask, flag);
	if (why) {
		dfi_extack_msg(extack, why);
		NL_SET_BAD_ATTR(extack, bad);
		return -EINVAL;
	}
	if (dn->active && (dfi_ct_dscp_check(c->mark_mask, mask, flag) ||
			   dfi_ct_dscp_check(mark, c->ct_dscp_mask,
					     c->ct_dscp_flag))) {
		NL_SET_ERR_MSG_ATTR(extack, bad,
				    "ct mark fields overlap the ones in use: move one field at a time");
		return -EBUSY;
	}
	return 0;
}

/*
 * The second look's settings a CONFIG_SET asks for, over the ones in use
 * (dn->lock held): into @c, checked as a whole (the policy checked each).
 */
static int dfi_longflow_cfg_get(const struct dfi_net *dn, struct nlattr **a,
				struct dfi_longflow_cfg *c,
				struct netlink_ext_ack *extack)
{
	struct nlattr *bad = a[DFI_A_LONGFLOW_CLASSES] ?: a[DFI_A_LONGFLOW] ?:
			     a[DFI_A_LONGFLOW_AGE_S] ?: a[DFI_A_LONGFLOW_BYTES] ?:
			     a[DFI_A_LONGFLOW_RATE_KBIT] ?:
			     a[DFI_A_LONGFLOW_SHARE_PCT];
	const char *why;

	*c = dn->cfg.longflow;
	if (a[DFI_A_LONGFLOW])
		c->enabled = nla_get_u8(a[DFI_A_LONGFLOW]);
	c->classes = dfi_attr_u32_or(a[DFI_A_LONGFLOW_CLASSES], c->classes);
	c->min_age_s = dfi_attr_u32_or(a[DFI_A_LONGFLOW_AGE_S], c->min_age_s);
	c->min_bytes = dfi_attr_u32_or(a[DFI_A_LONGFLOW_BYTES], c->min_bytes);
	c->min_rate_kbit = dfi_attr_u32_or(a[DFI_A_LONGFLOW_RATE_KBIT],
					   c->min_rate_kbit);
	if (a[DFI_A_LONGFLOW_SHARE_PCT])
		c->min_share_pct = nla_get_u8(a[DFI_A_LONGFLOW_SHARE_PCT]);
	why = bad ? dfi_longflow_invalid(c) : NULL;
	if (why) {
		dfi_extack_msg(extack, why);
		NL_SET_BAD_ATTR(extack, bad);
		return -EINVAL;
	}
	return 0;
}

static void dfi_longflow_cfg_set(struct dfi_net *dn,
				 const struct dfi_longflow_cfg *c)
{
	struct dfi_longflow_cfg *d = &dn->cfg.longflow;

	WRITE_ONCE(d->classes, c->classes);
	WRITE_ONCE(d->min_age_s, c->min_age_s);
	WRITE_ONCE(d->min_bytes, c->min_bytes);
	WRITE_ONCE(d->min_rate_kbit, c->min_rate_kbit);
	WRITE_ONCE(d->min_share_pct, c->min_share_pct);
	WRITE_ONCE(d->enabled, c->enabled);
}

static int dfi_nl_config_set(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	struct dfi_loaded_model *fw = NULL;
	struct nlattr **a = info->attrs;
	struct dfi_longflow_cfg lf;
	int ret = 0;

	if (a[DFI_A_MARK_MASK] &&
	    dfi_ct_mark_mask_valid(nla_get_u32(a[DFI_A_MARK_MASK]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MARK_MASK],
				    "mark mask must be 0 or one run of >= 5 bits");
		return -EINVAL;
	}
	/*
	 * First use in this netns: the model file, read outside the lock (a
	 * hint: installed below only if there is still no model then).
	 */
	if (a[DFI_A_ENABLED] && nla_get_u8(a[DFI_A_ENABLED]) &&
	    !READ_ONCE(dn->active))
		fw = dfi_fw_model_prepare();
	mutex_lock(&dn->lock);
	ret = dfi_mark_fields_check(dn, a, info->extack);
	if (ret)
		goto out;
	ret = dfi_longflow_cfg_get(dn, a, &lf, info->extack);
	if (ret)
		goto out;
	if (a[DFI_A_MARK_MASK] && dn->active) {
		u32 mask = nla_get_u32(a[DFI_A_MARK_MASK]);

		if (mask != dn->cfg.mark_mask && (mask & dn->cfg.mark_mask)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MARK_MASK],
					    "mark mask overlaps the one in use: move to bits apart (or 0) first");
			ret = -EBUSY;
			goto out;
		}
	}
	if (a[DFI_A_MAX_FLOWS] && dn->active &&
	    nla_get_u32(a[DFI_A_MAX_FLOWS]) > dfi_flowtab_cap_max(&dn->flows)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MAX_FLOWS],
				    "max_flows over what the table sized when dfi was enabled serves: set it before loading the model");
		ret = -ERANGE;
		goto out;
	}
	if (a[DFI_A_UNKNOWN_SIZE]) {
		u32 size = nla_get_u32(a[DFI_A_UNKNOWN_SIZE]);

		if (dn->active &&
		    (size != dn->cfg.unknown_size || !dn->unknown.ring)) {
			ret = dfi_unknown_resize(&dn->unknown, size);
			if (ret) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    a[DFI_A_UNKNOWN_SIZE],
						    "no memory for an unknown-flow cache of that size");
				goto out;
			}
		}
		WRITE_ONCE(dn->cfg.unknown_size, size);
	}
	if (a[DFI_A_ENABLED]) {
		u8 on = nla_get_u8(a[DFI_A_ENABLED]);

		if (on) {
			ret = dfi_activate(dn);
			if (ret) {
				NL_SET_ERR_MSG(info->extack,
					       "could not enable dfi in this netns");
				goto out;
			}
			if (fw)
				dfi_fw_model_install(dn, fw);
			fw = NULL;
		}
		WRITE_ONCE(dn->cfg.enabled, on);
	}
	if (a[DFI_A_MAX_FLOWS]) {
		WRITE_ONCE(dn->cfg.max_flows, nla_get_u32(a[DFI_A_MAX_FLOWS]));
		if (dn->active)
			WRITE_ONCE(dn->flows.max, dn->cfg.max_flows);
	}
	if (a[DFI_A_DEADLINE_MS])
		WRITE_ONCE(dn->cfg.deadline_ms, nla_get_u32(a[DFI_A_DEADLINE_MS]));
	if (a[DFI_A_MARK_MASK]) {
		u32 mask = nla_get_u32(a[DFI_A_MARK_MASK]);

		if (!dn->active)
			WRITE_ONCE(dn->cfg.mark_mask, mask);
		else
			ret = dfi_ct_mark_mask_change(dn, mask);
		if (ret)
			NL_SET_ERR_MSG_ATTR(info->extack, a[DFI_A_MARK_MASK],
					    "this kernel has no ct mark");
	}
	if (!ret && (a[DFI_A_CT_DSCP_MASK] || a[DFI_A_CT_DSCP_FLAG])) {
		u32 mask = dfi_attr_u32_or(a[DFI_A_CT_DSCP_MASK],
					   dn->cfg.ct_dscp_mask);
		u32 flag = dfi_attr_u32_or(a[DFI_A_CT_DSCP_FLAG],
					   dn->cfg.ct_dscp_flag);

		if (dn->active) {
			dfi_ct_dscp_change(dn, mask, flag);
		} else {
			WRITE_ONCE(dn->cfg.ct_dscp_mask, mask);
			WRITE_ONCE(dn->cfg.ct_dscp_flag, flag);
		}
	}
	if (a[DFI_A_DSCP_POLICY])
		WRITE_ONCE(dn->cfg.dscp_policy,
			   nla_get_u8(a[DFI_A_DSCP_POLICY]));
	if (!ret)
		dfi_longflow_cfg_set(dn, &lf);
out:
	mutex_unlock(&dn->lock);
	if (fw)
		dfi_model_free_rcu(&fw->rcu);
	return ret;
}

static int dfi_put_longflow(struct sk_buff *msg, const struct dfi_net *dn)
{
	const struct dfi_longflow_cfg *c = &dn->cfg.longflow;

	if (nla_put_u8(msg, DFI_A_LONGFLOW, READ_ONCE(c->enabled)) ||
	    nla_put_u32(msg, DFI_A_LONGFLOW_CLASSES, READ_ONCE(c->classes)) ||
	    nla_put_u32(msg, DFI_A_LONGFLOW_AGE_S, READ_ONCE(c->min_age_s)) ||
	    nla_put_u32(msg, DFI_A_LONGFLOW_BYTES, READ_ONCE(c->min_bytes)) ||
	    nla_put_u32(msg, DFI_A_LONGFLOW_RATE_KBIT,
			READ_ONCE(c->min_rate_kbit)) ||
	    nla_put_u8(msg, DFI_A_LONGFLOW_SHARE_PCT,
		       READ_ONCE(c->min_share_pct)))
		return -EMSGSIZE;
	return 0;
}

static int dfi_nl_config_get(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	hdr = dfi_reply_start(&msg, info, DFI_CMD_CONFIG_GET, NLMSG_GOODSIZE);
	if (!hdr) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	if (nla_put_u8(msg, DFI_A_ENABLED, READ_ONCE(dn->cfg.enabled)) ||
	    nla_put_u32(msg, DFI_A_MAX_FLOWS, READ_ONCE(dn->cfg.max_flows)) ||
	    nla_put_u32(msg, DFI_A_DEADLINE_MS, READ_ONCE(dn->cfg.deadline_ms)) ||
	    nla_put_u32(msg, DFI_A_MARK_MASK, READ_ONCE(dn->cfg.mark_mask)) ||
	    nla_put_u32(msg, DFI_A_UNKNOWN_SIZE,
			READ_ONCE(dn->cfg.unknown_size)) ||
	    nla_put_u32(msg, DFI_A_CT_DSCP_MASK,
			READ_ONCE(dn->cfg.ct_dscp_mask)) ||
	    nla_put_u32(msg, DFI_A_CT_DSCP_FLAG,
			READ_ONCE(dn->cfg.ct_dscp_flag)) ||
	    nla_put_u8(msg, DFI_A_DSCP_POLICY, READ_ONCE(dn->cfg.dscp_policy)) ||
	    nla_put_s32(msg, DFI_A_LABEL_BASE, dn->labels_base) ||
	    dfi_put_longflow(msg, dn)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int dfi_stat_put(void *arg, const char *name, u64 value)
{
	struct sk_buff *msg = arg;
	struct nlattr *st = nla_nest_start(msg, DFI_A_STAT);

	if (!st || nla_put_string(msg, DFI_A_STAT_NAME, name) ||
	    nla_put_u64_64bit(msg, DFI_A_STAT_VALUE, value, DFI_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, st);
	return 0;
}

static int dfi_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	hdr = dfi_reply_start(&msg, info, DFI_CMD_STATS_GET, NLMSG_GOODSIZE);
	if (!hdr) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	/* the lock: the counters of a netns being enabled may yet go */
	mutex_lock(&dn->lock);
	nest = nla_nest_start(msg, DFI_A_STATS);
	if (!nest || dfi_stats_report(dn, dfi_stat_put, msg)) {
		mutex_unlock(&dn->lock);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_unlock(&dn->lock);
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int dfi_put_addr(struct sk_buff *msg, int type, u8 family,
			const union nf_inet_addr *a)
{
	if (family == NFPROTO_IPV4)
		return nla_put_in_addr(msg, type, a->ip);
	return nla_put_in6_addr(msg, type, &a->in6);
}

static int dfi_put_tuple(struct sk_buff *msg, u8 family, u8 l4,
			 const union nf_inet_addr *c, u16 cport,
			 const union nf_inet_addr *s, u16 sport)
{
	if (nla_put_u8(msg, DFI_A_FAMILY,
		       family == NFPROTO_IPV4 ? AF_INET : AF_INET6) ||
	    nla_put_u8(msg, DFI_A_L4, l4) ||
	    dfi_put_addr(msg, DFI_A_CLIENT, family, c) ||
	    nla_put_u16(msg, DFI_A_CLIENT_PORT, cport) ||
	    dfi_put_addr(msg, DFI_A_SERVER, family, s) ||
	    nla_put_u16(msg, DFI_A_SERVER_PORT, sport))
		return -EMSGSIZE;
	return 0;
}

/*
 * Flows dump, a bucket at a time: cb->args[0] is the bucket to go on
 * with, cb->args[1] the entries of it already sent.  Entries have no order
 * across calls: a flow begun or decided in between may be missed or shown
 * twice, as in any listing of a changing table; the whole dump is O(n).
 */
struct dfi_flows_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u64 now_us;
};

static int dfi_flow_put(const struct dfi_flow *f, void *p)
{
	struct dfi_flows_dump *d = p;
	const struct nf_conntrack_tuple *t =
		&f->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	u64 age = d->now_us > f->feat.first_us ?
		  d->now_us - f->feat.first_us : 0;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &dfi_genl_family, NLM_F_MULTI,
			  DFI_CMD_FLOWS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (dfi_put_tuple(d->skb, nf_ct_l3num(f->ct), f->feat.l4, &t->src.u3,
			  f->feat.client_port, &t->dst.u3,
			  f->feat.server_port) ||
	    nla_put_u32(d->skb, DFI_A_PACKETS, f->feat.npkts) ||
	    nla_put_u64_64bit(d->skb, DFI_A_AGE_MS,
			      div_u64(age, USEC_PER_MSEC), DFI_A_PAD)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int dfi_nl_flows_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dfi_net *dn = dfi_pernet(sock_net(skb->sk));
	struct dfi_flows_dump d = {
		.skb = skb, .cb = cb, .now_us = dfi_now_us(),
	};
	unsigned long b = cb->args[0];
	unsigned int skip = cb->args[1], done;

	/* pairs with dfi_activate(): the table is set up once active */
	if (!smp_load_acquire(&dn->active))
		return 0;
	for (; b < dfi_flowtab_buckets(&dn->flows); b++, skip = 0) {
		if (dfi_flowtab_walk_bucket(&dn->flows, b, skip, dfi_flow_put,
					    &d, &done)) {
			cb->args[0] = b;
			cb->args[1] = done;
			return skb->len;
		}
		if (!(b % 64))
			cond_resched();
	}
	cb->args[0] = b;
	cb->args[1] = 0;
	return skb->len;
}

static int dfi_unknown_put(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct dfi_unknown_rec *r)
{
	u8 n = min_t(u8, r->npkts, DFI_MAX_SEQ);
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &dfi_genl_family, NLM_F_MULTI, DFI_CMD_UNKNOWN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, DFI_A_REC_SEQ, r->seq, DFI_A_PAD) ||
	    nla_put_u64_64bit(skb, DFI_A_REC_TIME, r->time_ns, DFI_A_PAD) ||
	    nla_put_u32(skb, DFI_A_MODEL_GEN, r->model_gen) ||
	    dfi_put_tuple(skb, r->family, r->l4, &r->client, r->client_port,
			  &r->server, r->server_port) ||
	    nla_put_u8(skb, DFI_A_REASON, r->reason) ||
	    nla_put_u8(skb, DFI_A_NET_CLASS, r->net_cls) ||
	    nla_put_u32(skb, DFI_A_DIST, r->dist) ||
	    nla_put_s32(skb, DFI_A_MARGIN, r->margin) ||
	    nla_put_u32(skb, DFI_A_CTX_FLOWS, r->ctx.pair_flows) ||
	    nla_put_u32(skb, DFI_A_CTX_SAME_PORT, r->ctx.pair_same_port) ||
	    nla_put_u32(skb, DFI_A_CTX_UDP, r->ctx.pair_udp) ||
	    nla_put_u32(skb, DFI_A_CTX_HOST_P2P, r->ctx.host_p2p) ||
	    nla_put_u32(skb, DFI_A_CTX_HOST_SAME_CPORT,
			r->ctx.host_same_cport) ||
	    nla_put_u32(skb, DFI_A_PACKETS, n) ||
	    nla_put_u8(skb, DFI_A_DSCP_C2S, r->dscp_c2s) ||
	    nla_put_u8(skb, DFI_A_DSCP_S2C, r->dscp_s2c) ||
	    nla_put_u32(skb, DFI_A_DURATION_US, r->duration_us) ||
	    nla_put(skb, DFI_A_PKTS, n * sizeof(r->pkt[0]), r->pkt)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: seq of the last record sent; records carry their seq. */
static int dfi_nl_unknown_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dfi_net *dn = dfi_pernet(sock_net(skb->sk));
	struct dfi_unknown_rec *r;
	u32 n;

	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	for (;;) {
		n = dfi_unknown_read(&dn->unknown, cb->args[0], r, 1);
		if (!n || dfi_unknown_put(skb, cb, r))
			break;
		cb->args[0] = r->seq;
	}
	kfree(r);
	return skb->len;
}

static int dfi_nl_unknown_clear(struct sk_buff *skb, struct genl_info *info)
{
	struct dfi_net *dn = dfi_pernet(genl_info_net(info));
	int ret = 0;

	mutex_lock(&dn->lock);
	if (dn->active)
		ret = dfi_unknown_resize(&dn->unknown, dn->cfg.unknown_size);
	mutex_unlock(&dn->lock);
	return ret;
}

static const struct genl_ops dfi_genl_ops[] = {
	{
		.cmd	= DFI_CMD_MODEL_LOAD,
		.doit	= dfi_nl_model_load,
		.policy	= dfi_load_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= DFI_CMD_MODEL_UNLOAD,
		.doit	= dfi_nl_model_unload,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= DFI_CMD_MODEL_GET,
		.doit	= dfi_nl_model_get,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
	},
	{
		.cmd	= DFI_CMD_DSCP_SET,
		.doit	= dfi_nl_dscp_set,
		.policy	= dfi_dscp_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= DFI_CMD_DSCP_GET,
		.doit	= dfi_nl_dscp_get,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
	},
	{
		.cmd	= DFI_CMD_CONFIG_SET,
		.doit	= dfi_nl_config_set,
		.policy	= dfi_config_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= DFI_CMD_CONFIG_GET,
		.doit	= dfi_nl_config_get,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
	},
	{
		.cmd	= DFI_CMD_STATS_GET,
		.doit	= dfi_nl_stats_get,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
	},
	{
		.cmd	= DFI_CMD_FLOWS_GET,
		.dumpit	= dfi_nl_flows_dump,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,	/* other users' flows */
	},
	{
		.cmd	= DFI_CMD_UNKNOWN_GET,
		.dumpit	= dfi_nl_unknown_dump,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,	/* other users' flows */
	},
	{
		.cmd	= DFI_CMD_UNKNOWN_CLEAR,
		.doit	= dfi_nl_unknown_clear,
		.policy	= dfi_empty_policy,
		.maxattr = DFI_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family dfi_genl_family __ro_after_init = {
	.name		= DFI_GENL_NAME,
	.version	= DFI_GENL_VERSION,
	.maxattr	= DFI_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= dfi_genl_ops,
	.n_ops		= ARRAY_SIZE(dfi_genl_ops),
	.resv_start_op	= 0,
};

int dfi_genl_register(void)
{
	int err;

	err = netlink_register_notifier(&dfi_nl_notifier);
	if (err)
		return err;
	err = genl_register_family(&dfi_genl_family);
	if (err)
		netlink_unregister_notifier(&dfi_nl_notifier);
	return err;
}

/* Waits for handlers in progress (genl_unregister_family() does). */
void dfi_genl_unregister(void)
{
	genl_unregister_family(&dfi_genl_family);
	netlink_unregister_notifier(&dfi_nl_notifier);
}
