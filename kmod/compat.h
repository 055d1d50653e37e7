/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels dfi builds against (6.1 and later), in
 * one place.
 */
#ifndef _DFI_COMPAT_H
#define _DFI_COMPAT_H

#include <linux/netlink.h>

/*
 * An extack message that is not a string literal (the model parser's,
 * static strings all): 6.2 added NL_SET_ERR_MSG_FMT, which copies it;
 * before, the pointer is stored as NL_SET_ERR_MSG() itself does.
 */
static inline void dfi_extack_msg(struct netlink_ext_ack *extack,
				  const char *msg)
{
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack, "%s", msg);
#else
	if (extack)
		extack->_msg = msg;
#endif
}

#endif /* _DFI_COMPAT_H */
