// SPDX-License-Identifier: GPL-2.0
/*
 * The class identity registry (include/dfi/classid.h).  Shared core.
 */
#include <dfi/classid.h>

#define DFI_ENOSPC		28	/* Linux's errno number */

/* The well-known names, at their identities (enum dfi_class_id). */
static const char *const dfi_class_well_known[DFI_CLASS_ID_WELL_KNOWN] = {
	[DFI_CLASS_ID_VOICE]	= "voice",
	[DFI_CLASS_ID_VIDEO]	= "video",
	[DFI_CLASS_ID_GAME]	= "game",
	[DFI_CLASS_ID_FILE]	= "file",
	[DFI_CLASS_ID_WEB]	= "web",
	[DFI_CLASS_ID_OTHER]	= "other",
};

/* Names of at most DFI_CLASS_NAME_LEN characters, NUL-terminated. */
static int dfi_name_eq(const char *a, const char *b)
{
	unsigned int i;

	for (i = 0; i <= DFI_CLASS_NAME_LEN; i++) {
		if (a[i] != b[i])
			return 0;
		if (!a[i])
			return 1;
	}
	return 1;
}

static void dfi_name_copy(char *dst, const char *src)
{
	unsigned int i;

	for (i = 0; i < DFI_CLASS_NAME_LEN && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

void dfi_classids_init(struct dfi_classids *r)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < DFI_CLASS_ID_WELL_KNOWN; i++)
		dfi_name_copy(r->name[i], dfi_class_well_known[i]);
}
DFI_EXPORT(dfi_classids_init);

int dfi_classid_find(const struct dfi_classids *r, const char *name)
{
	int i;

	if (!name[0])
		return -1;
	for (i = 0; i < DFI_MAX_CLASS_IDS; i++)
		if (dfi_name_eq(r->name[i], name))
			return i;
	return -1;
}
DFI_EXPORT(dfi_classid_find);

/* The lowest free identity from @from on, or DFI_MAX_CLASS_IDS. */
static unsigned int dfi_classid_free(const struct dfi_classids *r,
				     unsigned int from)
{
	while (from < DFI_MAX_CLASS_IDS && r->name[from][0])
		from++;
	return from;
}

int dfi_classids_assign(struct dfi_classids *r, const struct dfi_model *m,
			u8 id[DFI_MAX_CLASSES], const char **err)
{
	unsigned int c, free = 0, need = 0;

	for (c = 0; c < m->n_classes; c++)
		if (dfi_classid_find(r, m->class_names[c]) < 0)
			need++;
	for (c = dfi_classid_free(r, 0); c < DFI_MAX_CLASS_IDS;
	     c = dfi_classid_free(r, c + 1))
		free++;
	if (need > free) {
		*err = "model: its new class names need more class identities than are free (16 per netns, for the netns's life)";
		return -DFI_ENOSPC;
	}
	for (c = 0; c < m->n_classes; c++) {
		int i = dfi_classid_find(r, m->class_names[c]);

		if (i < 0) {
			i = (int)dfi_classid_free(r, 0);
			dfi_name_copy(r->name[i], m->class_names[c]);
		}
		id[c] = (u8)i;
	}
	return 0;
}
DFI_EXPORT(dfi_classids_assign);
