/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a model file (.dfim) from disk and parsing it with the shared
 * parser, as every userspace tool does.
 */
#ifndef _DFI_MODELFILE_H
#define _DFI_MODELFILE_H

#include <dfi/model.h>

/*
 * Read @path into a malloc'ed buffer (*@buf, freed by the caller) and
 * parse it into @m.  0, or -1 after a message "PROG: PATH: reason".
 */
int modelfile_load(const char *prog, const char *path, struct dfi_model *m,
		   void **buf);

/* Just the bytes: 0, or -1 after a message.  Files over the format's cap
 * are refused before they are read. */
int modelfile_read(const char *prog, const char *path, void **buf, u32 *len);

#endif /* _DFI_MODELFILE_H */
