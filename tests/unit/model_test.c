// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace build of the model parser against the corpus of
 * model_corpus.h (the one the KUnit suite uses), plus what only a big or
 * exactly sized buffer can test.  Every file is parsed from a malloc()ed
 * buffer of exactly its length, so that ASan catches any read past it.
 */
#include <stdlib.h>

#include "../../kmod/kunit/model_corpus.h"
#include <dfi/engine.h>
#include "unit.h"

static struct dfi_model model;
static u32 scratch_words[DFI_CORPUS_MAX_LEN / 4];
#define scratch ((u8 *)scratch_words)

/* Parse a copy of @len bytes of @data in a buffer of exactly that size. */
static int parse_copy(const u8 *data, u32 len, const char **err)
{
	u8 *buf = malloc(len ? len : 1);
	int ret;

	if (!buf)
		abort();
	memcpy(buf, data, len);
	ret = dfi_model_parse(&model, buf, len, err);
	free(buf);
	return ret;
}

static void crc32(void)
{
	const u8 *v = dfi_corpus_valid.b;
	u32 end = DFI_CORPUS_LEN - 4;

	CHECK_EQ(dfi_crc32("123456789", 9), 0xcbf43926u);
	CHECK_EQ(dfi_crc32("", 0), 0);
	CHECK_EQ(dfi_crc32("a", 1), 0xe8b7be43u);
	CHECK_EQ(dfi_crc32(v, end), v[end] | v[end + 1] << 8 |
		 v[end + 2] << 16 | (u32)v[end + 3] << 24);
}

/* The structures are what models/dfim.py writes. */
static void struct_sizes(void)
{
	CHECK_EQ(sizeof(struct dfi_model_hdr), DFI_CORPUS_HDR_LEN);
	CHECK_EQ(sizeof(struct dfi_model_class), 16);
	CHECK_EQ(sizeof(struct dfi_model_layer), 40);
	CHECK_EQ(sizeof(struct dfi_model_gate), 32);
}

static void valid(void)
{
	static const u32 margins[] = DFI_CORPUS_CLASS_MARGINS;
	static const u8 cps[] = DFI_CORPUS_CHECKPOINTS;
	static const u32 early[][DFI_CORPUS_N_CLASSES] =
		DFI_CORPUS_EARLY_MARGINS;
	const u8 *b = dfi_corpus_valid.b;
	const char *err = "unset";
	int i;

	CHECK_EQ(dfi_model_parse(&model, b, DFI_CORPUS_LEN, &err), 0);
	CHECK(err == NULL);
	CHECK(!strcmp(model.name, DFI_CORPUS_NAME));
	CHECK(!strcmp(model.class_names[1], DFI_CORPUS_CLASS1));
	CHECK_EQ(model.n_classes, DFI_CORPUS_N_CLASSES);
	CHECK_EQ(model.n_layers, DFI_CORPUS_N_LAYERS);
	CHECK_EQ(model.in_ch * model.seq_len, DFI_CORPUS_N_SEQ);
	CHECK_EQ(model.n_static, DFI_CORPUS_N_STATIC);
	CHECK_EQ(model.macs, DFI_CORPUS_MACS);
	CHECK_EQ(model.size, DFI_CORPUS_LEN);
	CHECK_EQ(model.n_centroids, DFI_CORPUS_N_CENTROIDS);
	for (i = 0; i < DFI_CORPUS_N_CLASSES; i++)
		CHECK_EQ(dfi_model_margin(&model, i), margins[i]);
	CHECK_EQ(model.n_checkpoints, sizeof(cps));
	for (i = 0; i < (int)sizeof(cps); i++) {
		int c;

		CHECK_EQ(model.checkpoint[i], cps[i]);
		for (c = 0; c < DFI_CORPUS_N_CLASSES; c++)
			CHECK_EQ(model.early_margin[i][c], early[i][c]);
	}
	CHECK(model.centroids > b && model.centroids < b + DFI_CORPUS_LEN);
	for (i = 0; i < model.n_layers; i++) {
		const struct dfi_layer *l = &model.layers[i];

		CHECK(!l->w || ((const u8 *)l->w > b &&
				(const u8 *)l->w < b + DFI_CORPUS_LEN));
		CHECK(!l->bias || !((uintptr_t)l->bias & 3));
		CHECK(!l->mult || !((uintptr_t)l->mult & 3));
	}
	/* the message pointer is optional */
	CHECK_EQ(dfi_model_parse(&model, b, DFI_CORPUS_LEN, NULL), 0);
}

/* The valid model computes what the Python reference does. */
static void valid_logits(void)
{
	static struct dfi_scratch ws;
	const char *err;
	int i, o;

	CHECK_EQ(dfi_model_parse(&model, dfi_corpus_valid.b, DFI_CORPUS_LEN,
				 &err), 0);
	for (i = 0; i < DFI_CORPUS_N_INPUTS; i++) {
		s32 logits[DFI_MAX_CLASSES];

		memcpy(ws.seq, dfi_corpus_seq[i], DFI_CORPUS_N_SEQ);
		memcpy(ws.stat, dfi_corpus_stat[i], DFI_CORPUS_N_STATIC);
		dfi_infer(&model, ws.seq, ws.stat, &ws, logits);
		for (o = 0; o < DFI_CORPUS_N_CLASSES; o++)
			CHECK_EQ(logits[o], dfi_corpus_logits[i][o]);
	}
}

static void variants(void)
{
	size_t i;

	for (i = 0; i < DFI_CORPUS_COUNT(dfi_corpus_variants); i++) {
		const struct dfi_corpus_variant *v = &dfi_corpus_variants[i];
		const char *err = NULL;
		u32 len = dfi_corpus_build(v, scratch);
		int ret = parse_copy(scratch, len, &err);

		if (ret != -v->err || (v->msg && (!err || strcmp(err, v->msg))))
			printf("# variant %s: %d \"%s\", expected %d \"%s\"\n",
			       v->name, ret, err ? err : "(null)", -v->err,
			       v->msg ? v->msg : "(null)");
		CHECK_EQ(ret, -v->err);
		CHECK(v->msg ? err && !strcmp(err, v->msg) : !err);
	}
}

/* Every prefix: as it is, and with total_len and the CRC made to fit. */
static void truncations(void)
{
	const char *err;
	u32 len;

	for (len = 0; len < DFI_CORPUS_LEN; len++) {
		int ret = parse_copy(dfi_corpus_valid.b, len, &err);

		if (ret != -EINVAL)
			printf("# length %u: %d %s\n", len, ret, err);
		CHECK_EQ(ret, -EINVAL);
		memcpy(scratch, dfi_corpus_valid.b, DFI_CORPUS_LEN);
		dfi_corpus_fix(scratch, len);
		ret = parse_copy(scratch, len, &err);
		if (ret != -EINVAL)
			printf("# length %u fixed: %d %s\n", len, ret, err);
		CHECK_EQ(ret, -EINVAL);
	}
}

/* Any changed byte: the CRC sees it (or a check before it fails). */
static void byte_flips(void)
{
	const char *err;
	u32 off;
	int bit;

	for (off = 0; off < DFI_CORPUS_LEN; off++) {
		for (bit = 0; bit < 8; bit += 3) {
			int ret;

			memcpy(scratch, dfi_corpus_valid.b, DFI_CORPUS_LEN);
			scratch[off] ^= 1 << bit;
			ret = dfi_model_parse(&model, scratch, DFI_CORPUS_LEN,
					      &err);
			if (ret != dfi_corpus_flip_ret(off))
				printf("# byte %u bit %d: %d %s\n", off, bit,
				       ret, err);
			CHECK_EQ(ret, dfi_corpus_flip_ret(off));
		}
	}
}

/* DFI_MODEL_MAX_SIZE is allowed (unused bytes before the CRC), one more
 * byte is not, whatever total_len says.
 */
static void size_limit(void)
{
	u32 *words = calloc(DFI_MODEL_MAX_SIZE / 4 + 1, 4);
	u8 *buf = (u8 *)words;
	const char *err;

	if (!words)
		abort();
	memcpy(buf, dfi_corpus_valid.b, DFI_CORPUS_LEN - 4);
	dfi_corpus_fix(buf, DFI_MODEL_MAX_SIZE);
	CHECK_EQ(dfi_model_parse(&model, buf, DFI_MODEL_MAX_SIZE, &err), 0);
	CHECK_EQ(model.size, DFI_MODEL_MAX_SIZE);

	dfi_corpus_fix(buf, DFI_MODEL_MAX_SIZE + 1);
	CHECK_EQ(dfi_model_parse(&model, buf, DFI_MODEL_MAX_SIZE + 1, &err),
		 -E2BIG);
	CHECK(err && !strcmp(err, "file larger than DFI_MODEL_MAX_SIZE"));
	CHECK_EQ(dfi_model_parse(&model, buf, 0xffffffffu, &err), -E2BIG);
	free(words);
}

static void misaligned(void)
{
	static u32 words[DFI_CORPUS_LEN / 4 + 1];
	const char *err;
	int off;

	for (off = 1; off < 4; off++) {
		memcpy((u8 *)words + off, dfi_corpus_valid.b, DFI_CORPUS_LEN);
		CHECK_EQ(dfi_model_parse(&model, (u8 *)words + off,
					 DFI_CORPUS_LEN, &err), -EINVAL);
		CHECK(err && !strcmp(err,
				     "model buffer NULL or not 4-byte aligned"));
	}
	CHECK_EQ(dfi_model_parse(&model, NULL, DFI_CORPUS_LEN, &err), -EINVAL);
}

static const struct unit_case cases[] = {
	UNIT_CASE(crc32),
	UNIT_CASE(struct_sizes),
	UNIT_CASE(valid),
	UNIT_CASE(valid_logits),
	UNIT_CASE(variants),
	UNIT_CASE(truncations),
	UNIT_CASE(byte_flips),
	UNIT_CASE(size_limit),
	UNIT_CASE(misaligned),
};

UNIT_MAIN(cases)
