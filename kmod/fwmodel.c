// SPDX-License-Identifier: GPL-2.0
/*
 * The model that loads itself: a model file read with the kernel's
 * firmware loader (from /lib/firmware, or wherever firmware_class.path
 * points), so that "modprobe dfi" alone classifies.
 *
 * - At module load, in the initial netns (the router's), in a kworker:
 *   the file is read with the kernel's credentials and the netns's state
 *   is charged to no task's memory cgroup (a modprobe run by a service
 *   would otherwise pin that service's cgroup for as long as dfi runs).
 * - In any other netns, when "set enabled 1" first puts dfi to use
 *   there: charged to the caller, as an upload is.
 *
 * A missing or malformed file leaves dfi unused in that netns (packets
 * pass, nothing is allocated) with one log line saying why; "dficlt model
 * load" replaces the model at any time.  request_firmware_direct(): no
 * fallback to a user-space helper, so a missing file never waits.
 */
#include <linux/firmware.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "dfi.h"

static char *dfi_param_model = "dfi/default.dfim";
module_param_named(model, dfi_param_model, charp, 0444);
MODULE_PARM_DESC(model, "model file, relative to the firmware directory (/lib/firmware), loaded at module load and when a netns enables dfi; empty: none (default dfi/default.dfim)");
MODULE_FIRMWARE("dfi/default.dfim");

/* model= names a file (empty: none) */
static bool dfi_fw_model_named(void)
{
	return dfi_param_model && *dfi_param_model;
}

/* A name the firmware loader takes: relative, no ".." component. */
int dfi_fw_model_check(void)
{
	const char *p = dfi_param_model;
	size_t n;

	if (!dfi_fw_model_named())
		return 0;
	n = strlen(p);
	if (*p == '/' || n > 255 || !strcmp(p, "..") ||
	    !strncmp(p, "../", 3) || strstr(p, "/../") ||
	    (n >= 3 && !strcmp(p + n - 3, "/.."))) {
		pr_err("dfi: model= must name a file below the firmware directory, without \"..\"\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * The model file, read and validated, not yet in use; NULL when model= is
 * empty or the file is missing or malformed (logged).
 */
struct dfi_loaded_model *dfi_fw_model_prepare(void)
{
	const struct firmware *fw;
	struct dfi_loaded_model *lm;
	const char *err;
	int ret;

	if (!dfi_fw_model_named())
		return NULL;
	if (!IS_REACHABLE(CONFIG_FW_LOADER)) {
		pr_info_once("dfi: this kernel has no firmware loader: model= is not read\n");
		return NULL;
	}
	ret = request_firmware_direct(&fw, dfi_param_model, NULL);
	if (ret) {
		pr_warn_ratelimited("dfi: no model file %s in the firmware directory (%d): dfi stays unused until a model is loaded\n",
				    dfi_param_model, ret);
		return NULL;
	}
	if (fw->size > U32_MAX) {
		lm = NULL;
		err = "model file larger than DFI_MODEL_MAX_SIZE";
	} else {
		lm = dfi_model_prepare(fw->data, fw->size, &err, &ret);
	}
	release_firmware(fw);
	if (!lm)
		pr_warn_ratelimited("dfi: model file %s refused: %s (%d): dfi stays unused until a model is loaded\n",
				    dfi_param_model, err ? err : "no memory",
				    ret);
	return lm;
}

/*
 * Put @lm in @dn's netns, now in use, unless a model got there first;
 * consumes @lm.  Under dn->lock.
 */
void dfi_fw_model_install(struct dfi_net *dn, struct dfi_loaded_model *lm)
{
	const char *err = NULL;
	unsigned int classes, macs;

	lockdep_assert_held(&dn->lock);
	if (rcu_access_pointer(dn->model)) {
		dfi_model_free_rcu(&lm->rcu);
		return;
	}
	classes = lm->m.n_classes;
	macs = lm->m.macs;
	if (dfi_model_install(dn, lm, &err))
		pr_warn_ratelimited("dfi: model file %s not installed: %s\n",
				    dfi_param_model, err ? err : "error");
	else if (net_eq(dn->net, &init_net))
		pr_info("dfi: model %s loaded (%u classes, %u multiply-accumulates per decision)\n",
			dfi_param_model, classes, macs);
}

static void dfi_fw_model_init_net_work(struct work_struct *work)
{
	struct dfi_net *dn = dfi_pernet(&init_net);
	struct dfi_loaded_model *lm;
	int ret;

	lm = dfi_fw_model_prepare();
	if (!lm)
		return;
	mutex_lock(&dn->lock);
	ret = dfi_activate(dn);
	if (ret) {
		pr_warn("dfi: cannot put dfi to use in the initial netns (%d)\n",
			ret);
		dfi_model_free_rcu(&lm->rcu);
	} else {
		dfi_fw_model_install(dn, lm);
	}
	mutex_unlock(&dn->lock);
}

/* At module load: the initial netns gets the model, if there is one. */
void dfi_fw_model_init_net(void)
{
	struct work_struct work;

	if (!dfi_fw_model_named())
		return;
	INIT_WORK_ONSTACK(&work, dfi_fw_model_init_net_work);
	schedule_work(&work);
	flush_work(&work);
	destroy_work_on_stack(&work);
}
