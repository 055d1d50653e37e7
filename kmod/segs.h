/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFI_SEGS_H
#define _DFI_SEGS_H

#include <linux/skbuff.h>
#include <dfi/features.h>

int dfi_skb_segs(const struct sk_buff *skb, u32 ip_len, u32 hdr_len,
		 struct dfi_segs *s);

#endif /* _DFI_SEGS_H */
