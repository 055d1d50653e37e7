// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a model file (.dfim) and parsing it with the shared parser.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modelfile.h"

int modelfile_read(const char *prog, const char *path, void **buf, u32 *len)
{
	struct stat st;
	size_t n;
	FILE *fp;

	*buf = NULL;
	fp = fopen(path, "rb");
	if (!fp)
		goto fail;
	if (fstat(fileno(fp), &st))
		goto fail_close;
	errno = EFBIG;
	if (st.st_size > DFI_MODEL_MAX_SIZE)
		goto fail_close;
	/* One byte more than the size, to notice a file that grew. */
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf)
		goto fail_close;
	n = fread(*buf, 1, (size_t)st.st_size + 1, fp);
	errno = EIO;
	if (ferror(fp) || n != (size_t)st.st_size)
		goto fail_close;
	fclose(fp);
	*len = (u32)n;
	return 0;

fail_close:
	fclose(fp);
fail:
	fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
	free(*buf);
	*buf = NULL;
	return -1;
}

int modelfile_load(const char *prog, const char *path, struct dfi_model *m,
		   void **buf)
{
	const char *msg = "unknown error";
	u32 len;

	if (modelfile_read(prog, path, buf, &len))
		return -1;
	if (dfi_model_parse(m, *buf, len, &msg)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, msg);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}
