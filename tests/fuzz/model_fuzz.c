// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: dfi_model_parse() on any bytes and, when it accepts
 * them, dfi_infer() on the zero input and the two extreme ones, with every
 * engine this CPU runs (userspace/cpu.c): their logits must be the
 * reference engine's.  Under ASan and UBSan a read out of the file or an
 * arithmetic overflow the parser let through aborts.
 *
 * A mutated file stops at the total_len or the CRC check, which would keep
 * the fuzzer out of everything after them; so the target sets both itself
 * in inputs of header size or more, except in those whose length is 1
 * modulo 4, which are parsed exactly as they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dfi/engine.h>
#include <dfi/model.h>

#include "cpu.h"

static struct dfi_scratch ws;

static void put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

/* What the parser promises about a model it accepted. */
static void check_model(const struct dfi_model *m, const u8 *buf, u32 len)
{
	const struct dfi_layer *last = &m->layers[m->n_layers - 1];
	int i;

	if (m->n_layers < 1 || m->n_layers > DFI_MAX_LAYERS ||
	    m->n_classes < 2 || m->n_classes > DFI_MAX_CLASSES ||
	    m->macs > DFI_MAX_MACS || m->size != len ||
	    last->type != DFI_LAYER_DENSE || last->out_ch != m->n_classes)
		abort();
	for (i = 0; i < m->n_layers; i++) {
		const struct dfi_layer *l = &m->layers[i];

		if (l->in_ch * l->in_len > DFI_MAX_ACT ||
		    l->out_ch * l->out_len > DFI_MAX_ACT)
			abort();
		if (l->w && ((const u8 *)l->w < buf ||
			     (const u8 *)l->w >= buf + len))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const s8 fill[] = { 0, 127, -128 };
	struct dfi_model m;
	s32 logits[DFI_MAX_CLASSES], want[DFI_MAX_CLASSES];
	const char *err;
	u8 *buf;
	u32 len;
	size_t i;

	if (size > DFI_MODEL_MAX_SIZE + 1)
		return -1;
	len = (u32)size;
	/* exactly the input's size, so that ASan sees any read past it */
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, len);
	if (len >= sizeof(struct dfi_model_hdr) + 4 && len % 4 != 1) {
		put_le32(buf + 8, len);
		put_le32(buf + len - 4, dfi_crc32(buf, len - 4));
	}
	if (dfi_model_parse(&m, buf, len, &err) == 0) {
		check_model(&m, buf, len);
		for (i = 0; i < sizeof(fill); i++) {
			unsigned int e;

			memset(ws.seq, fill[i], sizeof(ws.seq));
			memset(ws.stat, fill[i], sizeof(ws.stat));
			ws.engine = DFI_ENGINE_REF;
			dfi_infer(&m, ws.seq, ws.stat, &ws, want);
			for (e = 0; e < DFI_ENGINE_COUNT; e++) {
				if (e == DFI_ENGINE_REF || !cpu_engine_runs(e))
					continue;
				ws.engine = (u8)e;
				dfi_infer(&m, ws.seq, ws.stat, &ws, logits);
				if (memcmp(logits, want,
					   m.n_classes * sizeof(s32)))
					abort();
			}
		}
	} else if (!err || !*err) {
		abort();
	}
	free(buf);
	return 0;
}
