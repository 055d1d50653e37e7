// SPDX-License-Identifier: GPL-2.0
/*
 * The model of a netns and the class -> DSCP map that goes with it.
 *
 * Installing a model maps each of its class indexes to a class identity
 * of the netns (include/dfi/classid.h): the datapath keeps, rewrites and
 * counts by identity, so a verdict on a conntrack entry means the same
 * class whatever model is loaded later.
 *
 * A model is parsed and validated completely before it is published with
 * rcu_assign_pointer(); packets see the old model or the new one, never a
 * mix, and never wait.  The old one is freed after a grace period.  Flows
 * in progress remember the generation of the model they began under and
 * are left unclassified if it changed by their decision (counted in
 * flows_model_changed): their feature state was sized for the old model.
 */
#include <kunit/visibility.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "account.h"
#include "dfi.h"
#include "dscp.h"

void dfi_model_free_rcu(struct rcu_head *head)
{
	struct dfi_loaded_model *lm = container_of(head, struct dfi_loaded_model,
						   rcu);

	kvfree(lm->buf);
	kfree(lm);
}

static void dfi_model_publish(struct dfi_net *dn, struct dfi_loaded_model *lm)
{
	struct dfi_loaded_model *old;

	lockdep_assert_held(&dn->lock);
	old = rcu_replace_pointer(dn->model, lm, lockdep_is_held(&dn->lock));
	dfi_dscp_refresh(dn);
	if (old)
		call_rcu(&old->rcu, dfi_model_free_rcu);
}

/*
 * A copy of the file, parsed and validated, not yet in use; NULL with
 * *@err (static) and *@ret set on failure.  Charged to the caller's memory
 * cgroup.
 */
struct dfi_loaded_model *dfi_model_prepare(const void *data, u32 len,
					   const char **err, int *ret)
{
	struct dfi_loaded_model *lm;

	*err = NULL;
	*ret = -ENOMEM;
	if (len > DFI_MODEL_MAX_SIZE) {
		*err = "model file larger than DFI_MODEL_MAX_SIZE";
		*ret = -E2BIG;
		return NULL;
	}
	lm = kzalloc(sizeof(*lm), DFI_GFP_CONFIG);
	if (!lm)
		return NULL;
	/* kvmalloc: >= 8-byte aligned, as the parser wants it */
	lm->buf = kvmalloc(len ? len : 1, DFI_GFP_CONFIG);
	if (!lm->buf)
		goto err;
	memcpy(lm->buf, data, len);
	*ret = dfi_model_parse(&lm->m, lm->buf, len, err);
	if (*ret)
		goto err;
	if (lm->m.macs > DFI_MODEL_KERNEL_MAX_MACS) {
		*err = "model over DFI_MODEL_KERNEL_MAX_MACS multiply-accumulates per decision";
		*ret = -E2BIG;
		goto err;
	}
	return lm;

err:
	kvfree(lm->buf);
	kfree(lm);
	return NULL;
}

/*
 * Put a prepared model in use (the unknown-flow ring with it), its classes
 * given identities; on failure it is freed, *@err set, the running model
 * left in use.
 */
int dfi_model_install(struct dfi_net *dn, struct dfi_loaded_model *lm,
		      const char **err)
{
	int ret;

	lockdep_assert_held(&dn->lock);
	if (!dn->unknown.ring && dn->cfg.unknown_size) {
		ret = dfi_unknown_resize(&dn->unknown, dn->cfg.unknown_size);
		if (ret) {
			*err = "no memory for the unknown-flow cache";
			dfi_model_free_rcu(&lm->rcu);
			return ret;
		}
	}
	ret = dfi_classids_assign(&dn->classids, &lm->m, lm->class_id, err);
	if (ret) {
		dfi_model_free_rcu(&lm->rcu);
		return ret;
	}
	lm->gen = ++dn->model_gen;
	lm->load_time_ns = ktime_get_real_ns();
	dfi_model_publish(dn, lm);
	return 0;
}

int dfi_model_load(struct dfi_net *dn, const void *data, u32 len,
		   const char **err)
{
	struct dfi_loaded_model *lm;
	int ret;

	lm = dfi_model_prepare(data, len, err, &ret);
	if (!lm)
		return ret;
	mutex_lock(&dn->lock);
	ret = dfi_model_install(dn, lm, err);
	mutex_unlock(&dn->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_model_load);

void dfi_model_unload(struct dfi_net *dn)
{
	mutex_lock(&dn->lock);
	dn->model_gen++;
	dfi_model_publish(dn, NULL);
	mutex_unlock(&dn->lock);
}
EXPORT_SYMBOL_IF_KUNIT(dfi_model_unload);

/*
 * While a model runs, every class identity of the netns (those of earlier
 * models' classes too: their flows keep their DSCP) gets its name's rule,
 * else default; without a model, none.
 */
void dfi_dscp_refresh(struct dfi_net *dn)
{
	const struct dfi_loaded_model *lm;
	unsigned int id, r;

	lockdep_assert_held(&dn->lock);
	lm = rcu_dereference_protected(dn->model, lockdep_is_held(&dn->lock));
	for (id = 0; id < DFI_MAX_CLASS_IDS; id++) {
		const char *name = dn->classids.name[id];
		u8 dscp = DFI_DSCP_KEEP;

		if (lm && name[0]) {
			dscp = dfi_dscp_default(name);
			for (r = 0; r < dn->n_rules; r++)
				if (!strcmp(dn->rules[r].name, name))
					dscp = dn->rules[r].dscp;
		}
		WRITE_ONCE(dn->dscp[id], dscp);
	}
}

static bool dfi_model_has_class(const struct dfi_loaded_model *lm,
				const char *name)
{
	unsigned int c;

	for (c = 0; c < lm->m.n_classes; c++)
		if (!strcmp(lm->m.class_names[c], name))
			return true;
	return false;
}

/*
 * Set (or replace) the operator's DSCP for a class name.  With a model
 * running, the name must be one of its classes (-ENOENT: a typo would
 * otherwise go unnoticed); without one, it waits for a model that has it.
 */
int dfi_dscp_rule_set(struct dfi_net *dn, const char *name, u8 dscp)
{
	const struct dfi_loaded_model *lm;
	unsigned int r;

	if (dscp > 63 && dscp != DFI_DSCP_KEEP)
		return -EINVAL;
	if (!name[0] || strlen(name) > DFI_CLASS_NAME_LEN)
		return -EINVAL;
	mutex_lock(&dn->lock);
	lm = rcu_dereference_protected(dn->model, lockdep_is_held(&dn->lock));
	if (lm && !dfi_model_has_class(lm, name)) {
		mutex_unlock(&dn->lock);
		return -ENOENT;
	}
	for (r = 0; r < dn->n_rules; r++)
		if (!strcmp(dn->rules[r].name, name))
			break;
	if (r == dn->n_rules) {
		if (r == DFI_MAX_DSCP_RULES) {
			mutex_unlock(&dn->lock);
			return -ENOSPC;
		}
		strscpy(dn->rules[r].name, name, sizeof(dn->rules[r].name));
		dn->n_rules++;
	}
	dn->rules[r].dscp = dscp;
	dfi_dscp_refresh(dn);
	mutex_unlock(&dn->lock);
	return 0;
}
