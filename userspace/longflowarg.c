// SPDX-License-Identifier: GPL-2.0
/*
 * The second look's class set on the command line (longflowarg.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/classid.h>

#include "longflowarg.h"

/* One item: a well-known name or an identity number. */
static int class_item(const struct dfi_classids *r, const char *s)
{
	char *end;
	long v;

	if (*s >= '0' && *s <= '9') {
		v = strtol(s, &end, 10);
		return *end || v >= DFI_MAX_CLASS_IDS ? -1 : (int)v;
	}
	return dfi_classid_find(r, s);
}

int longflow_classes_parse(const char *s, u32 *mask)
{
	char buf[256], *item, *save = NULL, *end;
	struct dfi_classids r;
	unsigned long v;
	u32 m = 0;

	if (!strncmp(s, "0x", 2)) {
		v = strtoul(s, &end, 16);
		if (*end || !v || v >> DFI_MAX_CLASS_IDS)
			return -1;
		*mask = (u32)v;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	dfi_classids_init(&r);
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		int id = class_item(&r, item);

		if (id < 0)
			return -1;
		m |= 1U << id;
	}
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

void longflow_classes_str(u32 mask, char *buf, size_t len)
{
	struct dfi_classids r;
	size_t n = 0;
	int id;

	dfi_classids_init(&r);
	buf[0] = 0;
	for (id = 0; id < DFI_MAX_CLASS_IDS && n < len; id++) {
		if (!(mask & (1U << id)))
			continue;
		if (r.name[id][0])
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      r.name[id]);
		else
			n += snprintf(buf + n, len - n, "%s%d", n ? "," : "",
				      id);
	}
}
