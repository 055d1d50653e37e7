/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Class identities (include/uapi/linux/dfi.h, "Class identities"): the
 * number a verdict is kept under on a conntrack entry, the same across
 * model loads.  The well-known names have fixed identities; other names
 * get the next free one from a registry that lives as long as the netns
 * (the kernel) or the run (the offline tools).  Shared core: the kernel
 * and the tools that read ct marks and labels number classes alike.
 */
#ifndef _DFI_CLASSID_H
#define _DFI_CLASSID_H

#include <dfi/model.h>

/* @name[id]: the class name of identity id, "" while free. */
struct dfi_classids {
	char name[DFI_MAX_CLASS_IDS][DFI_CLASS_NAME_LEN + 1];
};

/* A registry holding the well-known names at their identities only. */
void dfi_classids_init(struct dfi_classids *r);

/* The identity of @name in @r, or -1. */
int dfi_classid_find(const struct dfi_classids *r, const char *name);

/*
 * The identity of each of @m's classes into @id[class index], registering
 * the names @r does not have yet at the lowest free identities, in class
 * order.  All or nothing: when @r has no room for every new name, @r and
 * @id are left as they were.
 * Return: 0, or -ENOSPC with *@err set (a static message).
 */
int dfi_classids_assign(struct dfi_classids *r, const struct dfi_model *m,
			u8 id[DFI_MAX_CLASSES], const char **err);

#endif /* _DFI_CLASSID_H */
