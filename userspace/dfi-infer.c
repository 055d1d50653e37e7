// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-infer [--engine NAME] MODEL: run the shared core's engine on inputs
 * from stdin; --engine picks one of the core's engines (default: scalar;
 * "auto": the fastest this CPU runs).  dfi-infer --engines lists the
 * engines this CPU runs, one name per line.
 *
 * Each input line holds in_ch * seq_len sequence values (channel-major,
 * as the engine reads them) then n_static static values, all int8, space
 * separated; blank lines and lines starting with '#' are skipped.  For
 * each, one line of n_classes logits goes to stdout.  Exit status: 0 ok,
 * 1 an unreadable or malformed model or input (the message names the
 * line), 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/engine.h>
#include <dfi/model.h>

#include "cpu.h"
#include "modelfile.h"

static const char *prog = "dfi-infer";

/* Parse one input line into seq and stat; 0, or -1 with a message. */
static int parse_line(char *line, unsigned long lineno,
		      const struct dfi_model *m, s8 *seq, s8 *stat)
{
	unsigned int n_seq = m->in_ch * m->seq_len;
	unsigned int want = n_seq + m->n_static, got = 0;
	char *p = line, *end;

	for (;;) {
		long v;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || (*end && !strchr(" \t\r\n", *end))) {
			int n = (int)strcspn(p, " \t\r\n");

			fprintf(stderr, "%s: line %lu: not an integer: '%.*s'\n",
				prog, lineno, n < 20 ? n : 20, p);
			return -1;
		}
		if (errno || v < -128 || v > 127) {
			fprintf(stderr, "%s: line %lu: value %d out of int8 range\n",
				prog, lineno, got + 1);
			return -1;
		}
		if (got >= want) {
			fprintf(stderr, "%s: line %lu: more than %u values\n",
				prog, lineno, want);
			return -1;
		}
		if (got < n_seq)
			seq[got] = (s8)v;
		else
			stat[got - n_seq] = (s8)v;
		got++;
		p = end;
	}
	if (got != want) {
		fprintf(stderr,
			"%s: line %lu: %u values, expected %u (in_ch %u x seq_len %u + n_static %u)\n",
			prog, lineno, got, want, m->in_ch, m->seq_len,
			m->n_static);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct dfi_scratch ws;
	static struct dfi_model m;
	s32 logits[DFI_MAX_CLASSES];
	unsigned long lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	const char *err;
	unsigned int i;
	void *buf;
	int ret = 0;
	u32 len;

	if (argc == 2 && !strcmp(argv[1], "--engines")) {
		for (i = 0; i < DFI_ENGINE_COUNT; i++)
			if (cpu_engine_runs(i))
				printf("%s\n", dfi_engine_name(i));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "--engine")) {
		int e = cpu_engine_parse(prog, argv[2]);

		if (e < 0)
			return 2;
		ws.engine = (u8)e;
		argc -= 2;
		argv += 2;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr,
			"usage: %s [--engine NAME] MODEL < INPUTS\n"
			"       %s --engines\n", prog, prog);
		return 2;
	}
	if (modelfile_read(prog, argv[1], &buf, &len))
		return 1;
	ret = dfi_model_parse(&m, buf, len, &err);
	if (ret) {
		fprintf(stderr, "%s: %s: %s (%s)\n", prog, argv[1], err,
			strerror(-ret));
		free(buf);
		return 1;
	}

	while (getline(&line, &cap, stdin) >= 0) {
		char *p = line;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
			continue;
		if (parse_line(line, lineno, &m, ws.seq, ws.stat)) {
			ret = 1;
			break;
		}
		dfi_infer(&m, ws.seq, ws.stat, &ws, logits);
		for (i = 0; i < m.n_classes; i++)
			printf(i ? " %d" : "%d", logits[i]);
		putchar('\n');
	}
	free(line);
	free(buf);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		ret = 1;
	}
	return ret;
}
