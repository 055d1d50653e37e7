/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A parsed model: validated descriptors pointing into the file's bytes
 * (which the caller keeps, 4-byte aligned, for the model's lifetime).
 * The file format is documented in include/uapi/linux/dfi.h.
 */
#ifndef _DFI_MODEL_H
#define _DFI_MODEL_H

#include <dfi/port.h>
#include <uapi/linux/dfi.h>

/* Caps the parser enforces beyond the format's own limits. */
#define DFI_MAX_CH		64	/* channels of a sequence tensor */
#define DFI_MAX_VEC		512	/* length of a vector (after pooling) */
#define DFI_MAX_ACT		4096	/* int8 elements of any activation */
#define DFI_MAX_MACS		(1 << 20)	/* work per classification */
#define DFI_MAX_CENTROIDS	256

struct dfi_layer {
	u8 type;
	u8 flags;
	u8 k;
	u8 stride;
	u8 pad;
	u16 in_ch;
	u16 in_len;
	u16 out_ch;
	u16 out_len;
	const s8 *w;
	const s32 *bias;
	const s32 *mult;
	const u8 *shift;
};

struct dfi_model {
	char name[DFI_MODEL_NAME_LEN + 1];
	char class_names[DFI_MAX_CLASSES][DFI_CLASS_NAME_LEN + 1];
	u8 feature_spec;
	u8 n_classes;
	u8 other_class;
	u8 n_layers;
	u8 seq_len;
	u8 in_ch;
	u8 n_static;
	u32 deadline_ms;
	u32 size;		/* bytes of the file */
	u32 crc;		/* its CRC-32 */
	u32 macs;		/* multiply-accumulates per classification */
	struct dfi_layer layers[DFI_MAX_LAYERS];
	/* gate */
	u16 n_centroids;
	const u8 *centroids;
	u32 dist_max;
	u32 margin_min;
	/* the margin each class needs, if class_margin_off (else margin_min) */
	u32 class_margin_off;
	u32 class_margin[DFI_MAX_CLASSES];
	/* early verdicts: the checkpoints named, and the margins they need */
	u8 n_checkpoints;
	u8 checkpoint[DFI_MAX_CHECKPOINTS];
	u32 early_margin_off;
	u32 early_margin[DFI_MAX_CHECKPOINTS][DFI_MAX_CLASSES];
};

/* The top-2 logit margin a flow the network puts in class @c needs. */
static inline u32 dfi_model_margin(const struct dfi_model *m, unsigned int c)
{
	return m->class_margin_off ? m->class_margin[c] : m->margin_min;
}

/**
 * dfi_model_parse() - validate a model file and describe it
 * @m: out; on error its contents are unspecified
 * @buf: the file, 4-byte aligned, kept by the caller while @m is used
 * @len: its length
 * @err: out, a static message naming what is wrong (on error)
 *
 * Return: 0, or a negative errno (-EINVAL malformed, -E2BIG over a cap,
 * -EBADMSG checksum, -EOPNOTSUPP version/feature spec/endianness).
 */
int dfi_model_parse(struct dfi_model *m, const void *buf, u32 len,
		    const char **err);

u32 dfi_crc32(const void *buf, u32 len);

#endif /* _DFI_MODEL_H */
