// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-eval's scores (userspace/metrics.c) on a confusion matrix worked
 * out by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "unit.h"

#define CHECK_NEAR(a, b) CHECK((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

static void fill(struct metrics *mt)
{
	memset(mt, 0, sizeof(*mt));
	mt->conf[CLS_VOICE][CLS_VOICE] = 8;
	mt->conf[CLS_VOICE][CLS_OTHER] = 2;	/* known called other: a miss */
	mt->conf[CLS_VIDEO][CLS_VIDEO] = 5;
	mt->conf[CLS_VIDEO][CLS_WEB] = 5;
	mt->conf[CLS_FILE][CLS_FILE] = 4;
	mt->conf[CLS_WEB][CLS_WEB] = 10;
	mt->conf[CLS_OTHER][CLS_VOICE] = 3;	/* false positives of voice */
	mt->conf[CLS_OTHER][CLS_OTHER] = 7;
	mt->not_found = 1;
}

static void scores(void)
{
	struct class_score s;
	struct metrics mt;

	fill(&mt);
	CHECK_EQ(metrics_flows(&mt), 44);
	metrics_class(&mt, CLS_VOICE, &s);
	CHECK_EQ(s.support, 10);
	CHECK_EQ(s.predicted, 11);
	CHECK_NEAR(s.precision, 8.0 / 11);
	CHECK_NEAR(s.recall, 0.8);
	CHECK_NEAR(s.f1, 16.0 / 21);
	metrics_class(&mt, CLS_GAME, &s);
	CHECK(s.support == 0 && s.precision == 0 && s.recall == 0 && s.f1 == 0);
	metrics_class(&mt, CLS_WEB, &s);
	CHECK_NEAR(s.f1, 0.8);
	CHECK_NEAR(metrics_macro_f1(&mt),
		   (16.0 / 21 + 2.0 / 3 + 0 + 1 + 0.8) / 5);
}

static char *report(int json)
{
	struct metrics_model mm = { "m\"1", 32, 1500 };
	struct metrics mt;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	fill(&mt);
	if (json)
		metrics_print_json(fp, &mt, &mm);
	else
		metrics_print_text(fp, &mt, &mm);
	fclose(fp);
	return text;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && !strcmp(s + n - m, end);
}

static int starts_with(const char *s, const char *start)
{
	return !strncmp(s, start, strlen(start));
}

static void text_report(void)
{
	char *t = report(0), *line, *save = NULL, *copy = strdup(t);

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("# %s\n", line);
	free(copy);
	CHECK(ends_with(t, "\nmacro-F1: 0.646\n"));
	CHECK(strstr(t, "unknown detection rate: 0.700 (7 of 10") != NULL);
	CHECK(strstr(t, "false-unknown rate: 0.059 (2 of 34") != NULL);
	CHECK(strstr(t, "flows evaluated: 44, labelled not found: 1") != NULL);
	free(t);
}

static void json_report(void)
{
	char *t = report(1);

	printf("# %s", t);
	CHECK(starts_with(t, "{\"model\":\"m\\\"1\",\"seq_len\":32,\"deadline_ms\":1500,"));
	CHECK(strstr(t, "\"confusion\":[[8,0,0,0,0,2],[0,5,0,0,5,0],") != NULL);
	CHECK(strstr(t, "\"unknown_detection_rate\":0.700000,") != NULL);
	CHECK(ends_with(t, "\"macro_f1\":0.645714}\n"));
	free(t);
}

static const struct unit_case cases[] = {
	UNIT_CASE(scores),
	UNIT_CASE(text_report),
	UNIT_CASE(json_report),
};

UNIT_MAIN(cases)
