// SPDX-License-Identifier: GPL-2.0
/*
 * The class identity registry (include/dfi/classid.h): the well-known
 * names at their fixed identities whatever the model's class order, other
 * names at the lowest free ones, kept across models, and a model whose new
 * names do not fit refused without a change.
 */
#include <string.h>

#include <dfi/classid.h>
#include "unit.h"

/* A model with these class names (all that the registry reads of it). */
static void model(struct dfi_model *m, const char *const *names,
		  unsigned int n)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->n_classes = (u8)n;
	for (i = 0; i < n; i++)
		strcpy(m->class_names[i], names[i]);
}

static void well_known_fixed(void)
{
	static const char *const deflt[] = {
		"voice", "video", "game", "file", "web", "other",
	};
	static const char *const perm[] = {
		"web", "other", "voice", "file", "game", "video",
	};
	struct dfi_classids r;
	struct dfi_model m;
	u8 id[DFI_MAX_CLASSES];
	const char *err = NULL;
	unsigned int i;

	dfi_classids_init(&r);
	CHECK_EQ(dfi_classid_find(&r, "voice"), DFI_CLASS_ID_VOICE);
	CHECK_EQ(dfi_classid_find(&r, "video"), DFI_CLASS_ID_VIDEO);
	CHECK_EQ(dfi_classid_find(&r, "game"), DFI_CLASS_ID_GAME);
	CHECK_EQ(dfi_classid_find(&r, "file"), DFI_CLASS_ID_FILE);
	CHECK_EQ(dfi_classid_find(&r, "web"), DFI_CLASS_ID_WEB);
	CHECK_EQ(dfi_classid_find(&r, "other"), DFI_CLASS_ID_OTHER);
	CHECK_EQ(dfi_classid_find(&r, "voip"), -1);
	CHECK_EQ(dfi_classid_find(&r, ""), -1);
	/* the default model's order is the identities' order */
	model(&m, deflt, 6);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	for (i = 0; i < 6; i++)
		CHECK_EQ(id[i], i);
	/* another order: the same identities by name */
	model(&m, perm, 6);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	for (i = 0; i < 6; i++)
		CHECK_EQ(id[i], dfi_classid_find(&r, perm[i]));
	CHECK_EQ(id[0], DFI_CLASS_ID_WEB);
	CHECK_EQ(id[2], DFI_CLASS_ID_VOICE);
}

static void others_kept(void)
{
	static const char *const a[] = { "voip", "web", "bulk" };
	static const char *const b[] = { "bulk", "stream", "voip" };
	struct dfi_classids r;
	struct dfi_model m;
	u8 id[DFI_MAX_CLASSES];
	const char *err = NULL;

	dfi_classids_init(&r);
	model(&m, a, 3);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	CHECK_EQ(id[0], DFI_CLASS_ID_WELL_KNOWN);
	CHECK_EQ(id[1], DFI_CLASS_ID_WEB);
	CHECK_EQ(id[2], DFI_CLASS_ID_WELL_KNOWN + 1);
	/* a later model: known names keep theirs, a new one the next */
	model(&m, b, 3);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	CHECK_EQ(id[0], DFI_CLASS_ID_WELL_KNOWN + 1);
	CHECK_EQ(id[1], DFI_CLASS_ID_WELL_KNOWN + 2);
	CHECK_EQ(id[2], DFI_CLASS_ID_WELL_KNOWN);
	CHECK(!strcmp(r.name[DFI_CLASS_ID_WELL_KNOWN + 2], "stream"));
}

/* Names c<first>..c<first + n - 1>. */
static void model_n(struct dfi_model *m, unsigned int first, unsigned int n)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->n_classes = (u8)n;
	for (i = 0; i < n; i++)
		snprintf(m->class_names[i], sizeof(m->class_names[i]), "c%u",
			 first + i);
}

static void full_refused(void)
{
	struct dfi_classids r, before;
	struct dfi_model m;
	u8 id[DFI_MAX_CLASSES], id0[DFI_MAX_CLASSES];
	const char *err = NULL;
	const unsigned int room = DFI_MAX_CLASS_IDS - DFI_CLASS_ID_WELL_KNOWN;

	/* 16 new names can never fit: 6 identities are the well-known's */
	dfi_classids_init(&r);
	model_n(&m, 0, DFI_MAX_CLASSES);
	memset(id, 0xee, sizeof(id));
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), -28);
	CHECK(err && strstr(err, "class identities"));
	CHECK_EQ(id[0], 0xee);
	CHECK_EQ(dfi_classid_find(&r, "c0"), -1);
	/* fill it: room - 1 names, then one more */
	model_n(&m, 0, room - 1);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	model_n(&m, room - 1, 1);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	CHECK_EQ(id[0], DFI_MAX_CLASS_IDS - 1);
	/* full: a model with one new name among known ones is refused whole */
	model_n(&m, room - 3, 3);
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	memcpy(&before, &r, sizeof(r));
	memcpy(id0, id, sizeof(id));
	model_n(&m, room - 3, 4);
	err = NULL;
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), -28);
	CHECK(err != NULL);
	CHECK(!memcmp(&before, &r, sizeof(r)));
	CHECK(!memcmp(id0, id, sizeof(id)));
	/* the well-known names still load */
	model_n(&m, 0, 2);
	strcpy(m.class_names[1], "voice");
	CHECK_EQ(dfi_classids_assign(&r, &m, id, &err), 0);
	CHECK_EQ(id[0], DFI_CLASS_ID_WELL_KNOWN);
	CHECK_EQ(id[1], DFI_CLASS_ID_VOICE);
}

int main(void)
{
	static const struct unit_case cases[] = {
		UNIT_CASE(well_known_fixed),
		UNIT_CASE(others_kept),
		UNIT_CASE(full_refused),
	};

	return unit_run(cases, DFI_ARRAY_SIZE(cases));
}
