/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for the userspace unit tests: each UNIT_CASE
 * prints "ok N name" or "not ok N name", with the failed checks above it.
 */
#ifndef _DFI_UNIT_H
#define _DFI_UNIT_H

#include <stdio.h>
#include <stdlib.h>

static int unit_failed_checks;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stdout, "# %s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		unit_failed_checks++;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		fprintf(stdout, "# %s:%d: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, #a, _a, #b, _b);		\
		unit_failed_checks++;					\
	}								\
} while (0)

struct unit_case {
	const char *name;
	void (*fn)(void);
};

#define UNIT_CASE(f) { #f, f }

static inline int unit_run(const struct unit_case *cases, int n)
{
	int i, bad = 0;

	printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		int before = unit_failed_checks;

		cases[i].fn();
		if (unit_failed_checks != before)
			bad++;
		printf("%sok %d %s\n", unit_failed_checks != before ? "not " : "",
		       i + 1, cases[i].name);
	}
	return bad ? 1 : 0;
}

/* Write @text to @path (a test's fixture file); exits on failure. */
static inline const char *unit_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		perror(path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	return path;
}

#define UNIT_MAIN(cases) \
	int main(void) { return unit_run(cases, sizeof(cases) / sizeof(cases[0])); }

#endif /* _DFI_UNIT_H */
