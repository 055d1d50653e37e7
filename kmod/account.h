/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every allocation dfi makes for a netns is charged to a memory cgroup,
 * so that a container's root (the root of a user namespace may enable dfi
 * in its netns) cannot make the kernel allocate beyond its limit:
 *
 * DFI_GFP_CONFIG: what an operator's request allocates (tables when dfi
 * is enabled, the unknown-flow ring, a model and its upload), in process
 * context, charged to the caller's cgroup; past its limit the request
 * fails with ENOMEM rather than OOM-killing a task there.
 *
 * DFI_GFP_DATAPATH: what packets allocate (flow entries, context entries),
 * in softirq: no reclaim, no atomic reserves (a flow dfi cannot follow is
 * not worth them), charged to the cgroup the caller made active with
 * set_active_memcg(): that of whoever enabled dfi in the netns
 * (dfi_net.memcg).
 */
#ifndef _DFI_ACCOUNT_H
#define _DFI_ACCOUNT_H

#include <linux/gfp.h>

#define DFI_GFP_CONFIG		(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | \
				 __GFP_NOWARN)
#define DFI_GFP_DATAPATH	(GFP_NOWAIT | __GFP_NOWARN | __GFP_ACCOUNT)

#endif /* _DFI_ACCOUNT_H */
