/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labels.csv of a data set (data/real/README.md): one labelled flow per
 * line,
 *   pcap,l4,client_ip,client_port,server_ip,server_port,class,app,packets
 * after that exact header line.  Parsing is strict: any malformed line is
 * an error "FILE:LINE: message".
 */
#ifndef _DFI_LABELS_H
#define _DFI_LABELS_H

#include <stdio.h>

#include "flowkey.h"
#include "htab.h"

enum label_class {
	CLS_VOICE,
	CLS_VIDEO,
	CLS_GAME,
	CLS_FILE,
	CLS_WEB,
	CLS_OTHER,
	CLS_N,
};

extern const char *const label_class_name[CLS_N];

/* enum label_class of @name, or -1. */
int label_class_parse(const char *name);

struct label {
	char *pcap;		/* file name in the data set's pcap/ */
	char *app;
	struct endpoint client;
	struct endpoint server;
	struct flow_key key;	/* family, l4 and the endpoints */
	u32 packets;
	u32 line;		/* in the file, from 1 (the header) */
	u8 cls;			/* enum label_class */
};

struct labels {
	char *path;
	struct label *row;	/* sorted by pcap, then line */
	size_t n, cap;
	struct htab idx;
};

/* Returns 0, or -1 with "FILE:LINE: message" (or "FILE: ...") in @err. */
int labels_load(struct labels *ls, const char *path, char *err,
		size_t errlen);
void labels_free(struct labels *ls);

/* The label of a flow of capture @pcap, either orientation, or NULL. */
const struct label *labels_find(const struct labels *ls, const char *pcap,
				const struct flow_key *k);

#endif /* _DFI_LABELS_H */
