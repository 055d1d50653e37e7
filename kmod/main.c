// SPDX-License-Identifier: GPL-2.0
/*
 * dfi: classification of encrypted traffic by flow behaviour, in the
 * kernel, for QoS on a Linux router.
 */
#include <linux/module.h>

#include "dfi.h"

static int __init dfi_init(void)
{
	return dfi_pernet_register();
}

static void __exit dfi_exit(void)
{
	dfi_pernet_unregister();
}

module_init(dfi_init);
module_exit(dfi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dfi: deep flow inspection, behaviour-based traffic classification for QoS");
MODULE_AUTHOR("The dfi authors");
