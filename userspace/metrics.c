// SPDX-License-Identifier: GPL-2.0
/*
 * Classifier scores over labelled flows (metrics.h).
 */
#include "metrics.h"

u64 metrics_flows(const struct metrics *mt)
{
	u64 n = 0;
	int t, p;

	for (t = 0; t < CLS_N; t++)
		for (p = 0; p < CLS_N; p++)
			n += mt->conf[t][p];
	return n;
}

static double ratio(u64 num, u64 den)
{
	return den ? (double)num / (double)den : 0.0;
}

void metrics_class(const struct metrics *mt, int cls, struct class_score *s)
{
	u64 tp = mt->conf[cls][cls];
	int i;

	s->support = 0;
	s->predicted = 0;
	for (i = 0; i < CLS_N; i++) {
		s->support += mt->conf[cls][i];
		s->predicted += mt->conf[i][cls];
	}
	s->precision = ratio(tp, s->predicted);
	s->recall = ratio(tp, s->support);
	s->f1 = s->precision + s->recall > 0 ?
		2 * s->precision * s->recall / (s->precision + s->recall) : 0;
}

double metrics_macro_f1(const struct metrics *mt)
{
	struct class_score s;
	double sum = 0;
	int c;

	for (c = 0; c < CLS_OTHER; c++) {
		metrics_class(mt, c, &s);
		sum += s.f1;
	}
	return sum / CLS_OTHER;
}

/* Known flows predicted other (*num) of all known flows (*den). */
static void false_unknown(const struct metrics *mt, u64 *num, u64 *den)
{
	int t, p;

	*num = 0;
	*den = 0;
	for (t = 0; t < CLS_OTHER; t++) {
		*num += mt->conf[t][CLS_OTHER];
		for (p = 0; p < CLS_N; p++)
			*den += mt->conf[t][p];
	}
}

/* Other flows predicted other (*num) of all other flows (*den). */
static void unknown_detection(const struct metrics *mt, u64 *num, u64 *den)
{
	struct class_score s;

	metrics_class(mt, CLS_OTHER, &s);
	*num = mt->conf[CLS_OTHER][CLS_OTHER];
	*den = s.support;
}

static void print_rate(FILE *out, const char *what, u64 num, u64 den,
		       const char *of)
{
	if (den)
		fprintf(out, "%s: %.3f (%llu of %llu %s)\n", what,
			ratio(num, den), (unsigned long long)num,
			(unsigned long long)den, of);
	else
		fprintf(out, "%s: n/a (no %s)\n", what, of);
}

static void print_confusion(FILE *out, const struct metrics *mt)
{
	int t, p;

	fprintf(out, "confusion (rows: true class, columns: predicted)\n%-8s",
		"");
	for (p = 0; p < CLS_N; p++)
		fprintf(out, " %7s", label_class_name[p]);
	fputc('\n', out);
	for (t = 0; t < CLS_N; t++) {
		fprintf(out, "%-8s", label_class_name[t]);
		for (p = 0; p < CLS_N; p++)
			fprintf(out, " %7llu", (unsigned long long)mt->conf[t][p]);
		fputc('\n', out);
	}
}

void metrics_print_scores(FILE *out, const struct metrics *mt,
			  const struct metrics_model *model)
{
	struct class_score s;
	u64 num, den;
	int c;

	fprintf(out, "model: %s (seq_len %u, deadline %u ms)\n", model->name,
		model->seq_len, model->deadline_ms);
	fprintf(out, "flows evaluated: %llu, labelled not found: %llu\n",
		(unsigned long long)metrics_flows(mt),
		(unsigned long long)mt->not_found);
	print_confusion(out, mt);
	fprintf(out, "%-8s %9s %9s %9s %9s %9s\n", "class", "precision",
		"recall", "f1", "support", "predicted");
	for (c = 0; c < CLS_N; c++) {
		metrics_class(mt, c, &s);
		fprintf(out, "%-8s %9.3f %9.3f %9.3f %9llu %9llu\n",
			label_class_name[c], s.precision, s.recall, s.f1,
			(unsigned long long)s.support,
			(unsigned long long)s.predicted);
	}
	unknown_detection(mt, &num, &den);
	print_rate(out, "unknown detection rate", num, den,
		   "other flows predicted other");
	false_unknown(mt, &num, &den);
	print_rate(out, "false-unknown rate", num, den,
		   "known flows predicted other");
}

void metrics_print_text(FILE *out, const struct metrics *mt,
			const struct metrics_model *model)
{
	metrics_print_scores(out, mt, model);
	fprintf(out, "macro-F1: %.3f\n", metrics_macro_f1(mt));
}

void metrics_json_rate(FILE *out, const char *key, u64 num, u64 den)
{
	if (den)
		fprintf(out, "\"%s\":%.6f,", key, ratio(num, den));
	else
		fprintf(out, "\"%s\":null,", key);
}

/* A JSON string (model names are printable ASCII, but be safe). */
void metrics_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

void metrics_json_matrix(FILE *out, const char *key, const u64 *m,
			 unsigned int n)
{
	unsigned int t, p;

	fprintf(out, "\"%s\":[", key);
	for (t = 0; t < n; t++) {
		fprintf(out, "%s[", t ? "," : "");
		for (p = 0; p < n; p++)
			fprintf(out, "%s%llu", p ? "," : "",
				(unsigned long long)m[t * n + p]);
		fputc(']', out);
	}
	fprintf(out, "],");
}

static void json_classes(FILE *out, const struct metrics *mt)
{
	struct class_score s;
	int c;

	fprintf(out, "\"per_class\":{");
	for (c = 0; c < CLS_N; c++) {
		metrics_class(mt, c, &s);
		fprintf(out, "%s\"%s\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"support\":%llu,\"predicted\":%llu}",
			c ? "," : "", label_class_name[c], s.precision,
			s.recall, s.f1, (unsigned long long)s.support,
			(unsigned long long)s.predicted);
	}
	fprintf(out, "},");
}

void metrics_json_head(FILE *out, const struct metrics *mt,
		       const struct metrics_model *model)
{
	fprintf(out, "{\"model\":");
	metrics_json_string(out, model->name);
	fprintf(out, ",\"seq_len\":%u,\"deadline_ms\":%u,\"labelled_not_found\":%llu,",
		model->seq_len, model->deadline_ms,
		(unsigned long long)mt->not_found);
}

void metrics_json_body(FILE *out, const struct metrics *mt)
{
	u64 num, den;
	int c;

	fprintf(out, "\"flows_evaluated\":%llu,\"classes\":[",
		(unsigned long long)metrics_flows(mt));
	for (c = 0; c < CLS_N; c++)
		fprintf(out, "%s\"%s\"", c ? "," : "", label_class_name[c]);
	fprintf(out, "],");
	metrics_json_matrix(out, "confusion", &mt->conf[0][0], CLS_N);
	json_classes(out, mt);
	unknown_detection(mt, &num, &den);
	metrics_json_rate(out, "unknown_detection_rate", num, den);
	false_unknown(mt, &num, &den);
	metrics_json_rate(out, "false_unknown_rate", num, den);
	fprintf(out, "\"macro_f1\":%.6f", metrics_macro_f1(mt));
}

void metrics_print_json(FILE *out, const struct metrics *mt,
			const struct metrics_model *model)
{
	metrics_json_head(out, mt, model);
	metrics_json_body(out, mt);
	fprintf(out, "}\n");
}
