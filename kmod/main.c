// SPDX-License-Identifier: GPL-2.0
/*
 * dfi: classification of encrypted traffic by flow behaviour, in the
 * kernel, for QoS on a Linux router.
 *
 * The parameters are the defaults of each network namespace; the
 * settings of a running netns are changed over netlink (dficlt).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>

#include <dfi/dscp_policy.h>

#include "ctstate.h"
#include "dfi.h"
#include "simd.h"

unsigned int dfi_param_max_flows = 8192;
module_param_named(max_flows, dfi_param_max_flows, uint, 0444);
MODULE_PARM_DESC(max_flows, "flows being classified at once, per netns (default 8192)");

unsigned int dfi_param_max_pairs = 4096;
module_param_named(max_pairs, dfi_param_max_pairs, uint, 0444);
MODULE_PARM_DESC(max_pairs, "host pairs remembered for the multi-flow context, per netns (default 4096)");

unsigned int dfi_param_max_hosts = 4096;
module_param_named(max_hosts, dfi_param_max_hosts, uint, 0444);
MODULE_PARM_DESC(max_hosts, "client hosts remembered for the host fan-out context, per netns (default 4096)");

int dfi_param_label_base = 96;
module_param_named(ct_label_base, dfi_param_label_base, int, 0444);
MODULE_PARM_DESC(ct_label_base, "first of the 18 conntrack label bits dfi uses, 0..110; -1: no labels (default 96)");

unsigned int dfi_param_mark_mask;
module_param_named(ct_mark_mask, dfi_param_mark_mask, uint, 0444);
MODULE_PARM_DESC(ct_mark_mask, "ct mark bits dfi may use, contiguous, >= 5 bits; 0: none (default 0)");

unsigned int dfi_param_unknown_size = 256;
module_param_named(unknown_size, dfi_param_unknown_size, uint, 0444);
MODULE_PARM_DESC(unknown_size, "records in the unknown-flow cache, per netns (default 256)");

unsigned int dfi_param_ct_dscp_mask;
module_param_named(ct_dscp_mask, dfi_param_ct_dscp_mask, uint, 0444);
MODULE_PARM_DESC(ct_dscp_mask, "ct mark bits of the DSCP field act_ctinfo restores, 6 contiguous (e.g. 0xfc000000); 0: none (default 0)");

unsigned int dfi_param_ct_dscp_flag;
module_param_named(ct_dscp_flag, dfi_param_ct_dscp_flag, uint, 0444);
MODULE_PARM_DESC(ct_dscp_flag, "ct mark bits set with the DSCP field, act_ctinfo's statemask (e.g. 0x01000000) (default 0)");

unsigned int dfi_param_dscp_policy = DFI_DSCP_POLICY_UNMARKED;
static char *dfi_param_dscp_policy_name = "unmarked";
module_param_named(dscp_policy, dfi_param_dscp_policy_name, charp, 0444);
MODULE_PARM_DESC(dscp_policy, "packets of classified flows whose DSCP is rewritten: all, unmarked (arriving with DSCP 0), keep-le (all but LE/CS1) (default unmarked)");

#define DFI_MAX_UNKNOWN_SIZE	65536
#define DFI_MAX_FLOWS_CAP	(1U << 22)

static int __init dfi_init(void)
{
	const char *why;
	int err, policy;

	why = dfi_ct_dscp_check(dfi_param_mark_mask, dfi_param_ct_dscp_mask,
				dfi_param_ct_dscp_flag);
	if (why) {
		pr_err("dfi: %s\n", why);
		return -EINVAL;
	}
	policy = dfi_dscp_policy_parse(dfi_param_dscp_policy_name);
	if (policy < 0) {
		pr_err("dfi: dscp_policy must be all, unmarked or keep-le\n");
		return -EINVAL;
	}
	dfi_param_dscp_policy = policy;
	if (dfi_param_label_base > 128 - DFI_LABEL_BITS ||
	    dfi_param_label_base < -1 ||
	    dfi_ct_mark_mask_valid(dfi_param_mark_mask) ||
	    dfi_param_unknown_size > DFI_MAX_UNKNOWN_SIZE ||
	    dfi_param_max_flows > DFI_MAX_FLOWS_CAP ||
	    dfi_param_max_pairs > DFI_MAX_FLOWS_CAP ||
	    dfi_param_max_hosts > DFI_MAX_FLOWS_CAP) {
		pr_err("dfi: invalid module parameter\n");
		return -EINVAL;
	}
	err = dfi_fw_model_check();
	if (err)
		return err;
	if (dfi_param_label_base < 0 && !dfi_param_mark_mask)
		pr_warn("dfi: neither ct labels nor ct mark bits: flows are only counted\n");

	err = dfi_simd_init();
	if (err)
		return err;
	err = dfi_scratch_alloc();
	if (err)
		return err;
	err = dfi_pernet_register();
	if (err)
		goto err_scratch;
	err = dfi_genl_register();
	if (err)
		goto err_pernet;
	dfi_cost_init();
	dfi_fw_model_init_net();
	return 0;

err_pernet:
	dfi_pernet_unregister();
	rcu_barrier();
err_scratch:
	dfi_scratch_free();
	return err;
}

static void __exit dfi_exit(void)
{
	dfi_cost_exit();
	dfi_genl_unregister();
	dfi_pernet_unregister();
	rcu_barrier();		/* models freed by call_rcu() */
	dfi_scratch_free();
}

module_init(dfi_init);
module_exit(dfi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dfi: deep flow inspection, behaviour-based traffic classification for QoS");
MODULE_AUTHOR("The dfi authors");
