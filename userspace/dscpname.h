/* SPDX-License-Identifier: GPL-2.0 */
/* DSCP names (EF, AF41, CS4, LE, ...) and numbers, both ways. */
#ifndef _DFI_DSCPNAME_H
#define _DFI_DSCPNAME_H

/* "EF", "af41", "46", "0x2e", "keep" -> 0..63 or 255 (keep); -1: bad. */
int dscp_parse(const char *s);
/* 46 -> "EF"; values without a name -> NULL; 255 -> "keep". */
const char *dscp_name(int dscp);

#endif /* _DFI_DSCPNAME_H */
