/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The second look's class set as the tools write it: class names of the
 * well-known identities (web, other, ...) or identity numbers, joined by
 * commas ("web,other", "4,5"), or one number with the bit of each
 * identity (0x10).  Shared by dficlt and dfi-eval.
 */
#ifndef _DFI_LONGFLOWARG_H
#define _DFI_LONGFLOWARG_H

#include <stddef.h>

#include <dfi/port.h>

/* The class set @s names into *@mask: 0, or -1 if it names none or junk. */
int longflow_classes_parse(const char *s, u32 *mask);
/* @mask as names (identity numbers beyond the well-known ones). */
void longflow_classes_str(u32 mask, char *buf, size_t len);

#endif /* _DFI_LONGFLOWARG_H */
