// SPDX-License-Identifier: GPL-2.0
/*
 * The model file parser (shared core: freestanding C, no kernel or libc
 * calls).  A model comes from userspace, so everything in it is checked
 * before anything else trusts it: afterwards the engine indexes the arrays
 * with the shapes alone.  The format is include/uapi/linux/dfi.h.
 *
 * The checks, in order (the error reported is the first that fails):
 *   1. the host (little-endian) and the buffer (4-byte aligned);
 *   2. the file: size, magic, version, hdr_len, total_len, CRC;
 *   3. the header's fields, then the class table;
 *   4. each layer in order: its fields, its shape against the previous
 *      layer's output, the caps, its arrays' places, their values;
 *   5. the gate;
 *   6. that no two regions of the file (tables, arrays) overlap.
 *
 * Errors: -EINVAL malformed; -E2BIG over a cap (the file size, the upper
 * bounds of n_classes, n_layers, seq_len, and the caps of dfi/model.h);
 * -EBADMSG bad CRC; -EOPNOTSUPP format version, feature spec, or a
 * big-endian host (the arrays are used in place, as little-endian).
 */
#include <dfi/features.h>
#include <dfi/model.h>

/* Linux's errno numbers, without libc or kernel headers. */
#define DFI_E2BIG		7
#define DFI_EINVAL		22
#define DFI_EBADMSG		74
#define DFI_EOPNOTSUPP		95

#define DFI_HDR_LEN		((u32)sizeof(struct dfi_model_hdr))
#define DFI_CLASS_LEN		((u32)sizeof(struct dfi_model_class))
#define DFI_LAYER_LEN		((u32)sizeof(struct dfi_model_layer))
#define DFI_GATE_LEN		((u32)sizeof(struct dfi_model_gate))
#define DFI_CRC_LEN		4u

/* The largest |w * x| of int8 operands: -128 * -128. */
#define DFI_MAX_PRODUCT		16384
#define DFI_S32_MAX		0x7fffffff

/* Fields of the file's structures, read byte by byte (little-endian). */
#define DFI_FIELD_SIZE(type, f)	sizeof(((type *)0)->f)
#define DFI_U8(p, type, f)	((p)[__builtin_offsetof(type, f)])
#define DFI_LE16(p, type, f)	dfi_le16((p) + __builtin_offsetof(type, f))
#define DFI_LE32(p, type, f)	dfi_le32((p) + __builtin_offsetof(type, f))
#define DFI_ZERO(p, type, f)	dfi_all_zero((p) + __builtin_offsetof(type, f), \
					     DFI_FIELD_SIZE(type, f))

static u16 dfi_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 dfi_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static int dfi_all_zero(const u8 *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static int dfi_host_is_le(void)
{
	const u16 one = 1;
	u8 first;

	memcpy(&first, &one, 1);
	return first == 1;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32()), a nibble at a time. */
static const u32 dfi_crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

u32 dfi_crc32(const void *buf, u32 len)
{
	const u8 *p = buf;
	u32 crc = 0xffffffff;
	u32 i;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ dfi_crc32_nibble[crc & 15];
		crc = (crc >> 4) ^ dfi_crc32_nibble[crc & 15];
	}
	return ~crc;
}
DFI_EXPORT(dfi_crc32);

static int dfi_fail(const char **err, int e, const char *msg)
{
	*err = msg;
	return -e;
}

/* The parser's view of the file and of the tensor between two layers. */
struct dfi_parse {
	const u8 *b;
	u32 end;		/* offset of the CRC: regions end at or before */
	const char **err;
	u32 ch;			/* shape of the next layer's input */
	u32 len;
	int nonneg;		/* ... whose elements are known to be >= 0 */
	int n_static_layers;
	u64 work;		/* MACs plus pooling reads, so far */
};

/* The regions of the file besides the header and the CRC. */
enum dfi_region {
	DFI_RG_CLASSES,
	DFI_RG_LAYERS,
	DFI_RG_GATE,
	DFI_RG_CENTROIDS,
	DFI_RG_MARGINS,
	DFI_RG_EARLY,
	DFI_RG_W,
	DFI_RG_BIAS,
	DFI_RG_MULT,
	DFI_RG_SHIFT,
};

/* Per region: offset in the header, past the CRC, misaligned. */
static const char *const dfi_region_err[][3] = {
	[DFI_RG_CLASSES] = {
		"class table: offset 0 or inside the header",
		"class table: runs into the CRC or past the end of the file",
		"class table: misaligned",
	},
	[DFI_RG_LAYERS] = {
		"layer table: offset 0 or inside the header",
		"layer table: runs into the CRC or past the end of the file",
		"layer table: misaligned",
	},
	[DFI_RG_GATE] = {
		"gate: offset 0 or inside the header",
		"gate: runs into the CRC or past the end of the file",
		"gate: misaligned",
	},
	[DFI_RG_CENTROIDS] = {
		"gate centroids: offset 0 or inside the header",
		"gate centroids: run into the CRC or past the end of the file",
		"gate centroids: misaligned",
	},
	[DFI_RG_MARGINS] = {
		"gate class margins: offset inside the header",
		"gate class margins: run into the CRC or past the end of the file",
		"gate class margins: offset not 4-byte aligned",
	},
	[DFI_RG_EARLY] = {
		"early margins: offset inside the header",
		"early margins: run into the CRC or past the end of the file",
		"early margins: offset not 4-byte aligned",
	},
	[DFI_RG_W] = {
		"layer weights: offset 0 or inside the header",
		"layer weights: run into the CRC or past the end of the file",
		"layer weights: misaligned",
	},
	[DFI_RG_BIAS] = {
		"layer bias: offset 0 or inside the header",
		"layer bias: runs into the CRC or past the end of the file",
		"layer bias: offset not 4-byte aligned",
	},
	[DFI_RG_MULT] = {
		"layer mult: offset 0 or inside the header",
		"layer mult: runs into the CRC or past the end of the file",
		"layer mult: offset not 4-byte aligned",
	},
	[DFI_RG_SHIFT] = {
		"layer shift: offset 0 or inside the header",
		"layer shift: runs into the CRC or past the end of the file",
		"layer shift: misaligned",
	},
};

/* Check that [off, off + size) lies between the header and the CRC. */
static int dfi_check_region(const struct dfi_parse *p, enum dfi_region r,
			    u32 off, u64 size, u32 align)
{
	if (off < DFI_HDR_LEN)
		return dfi_fail(p->err, DFI_EINVAL, dfi_region_err[r][0]);
	if (off % align)
		return dfi_fail(p->err, DFI_EINVAL, dfi_region_err[r][2]);
	if ((u64)off + size > p->end)
		return dfi_fail(p->err, DFI_EINVAL, dfi_region_err[r][1]);
	return 0;
}

/*
 * A NUL-padded name: characters that @class allows ([a-z0-9_-]) or else
 * printable ASCII, then only NULs.  Class names must not be empty.
 */
static int dfi_name_ok(const u8 *s, u32 n, int class)
{
	u32 i = 0;

	for (; i < n && s[i]; i++) {
		u8 c = s[i];

		if (class && !((c >= 'a' && c <= 'z') ||
			       (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
		if (!class && (c < 0x20 || c > 0x7e))
			return 0;
	}
	if (class && i == 0)
		return 0;
	return dfi_all_zero(s + i, n - i);
}

static int dfi_has_weights(u8 type)
{
	return type == DFI_LAYER_CONV1D || type == DFI_LAYER_DENSE;
}

/* Elements of a layer's weight array. */
static u32 dfi_weights_len(const struct dfi_layer *l)
{
	u32 n = (u32)l->out_ch * l->in_ch;

	return l->type == DFI_LAYER_CONV1D ? n * l->k : n;
}

/* The static inputs a feature spec (a supported one) defines. */
static unsigned int dfi_spec_static_n(u8 spec)
{
	return spec == 1 ? DFI_STATIC_N_SPEC1 : DFI_STATIC_N;
}

static int dfi_parse_header(struct dfi_model *m, const u8 *b,
			    const char **err)
{
	if (!DFI_ZERO(b, struct dfi_model_hdr, reserved0) ||
	    !DFI_ZERO(b, struct dfi_model_hdr, reserved))
		return dfi_fail(err, DFI_EINVAL,
				"header: reserved field not 0");
	m->feature_spec = DFI_U8(b, struct dfi_model_hdr, feature_spec);
	if (m->feature_spec < DFI_FEATURE_SPEC_MIN ||
	    m->feature_spec > DFI_FEATURE_SPEC)
		return dfi_fail(err, DFI_EOPNOTSUPP,
				"header: unsupported feature_spec");
	if (!dfi_name_ok(b + __builtin_offsetof(struct dfi_model_hdr, name),
			 DFI_MODEL_NAME_LEN, 0))
		return dfi_fail(err, DFI_EINVAL,
				"header: model name not NUL-padded printable ASCII");
	memcpy(m->name, b + __builtin_offsetof(struct dfi_model_hdr, name),
	       DFI_MODEL_NAME_LEN);

	m->n_classes = DFI_U8(b, struct dfi_model_hdr, n_classes);
	if (m->n_classes < 2)
		return dfi_fail(err, DFI_EINVAL, "header: n_classes < 2");
	if (m->n_classes > DFI_MAX_CLASSES)
		return dfi_fail(err, DFI_E2BIG,
				"header: n_classes over DFI_MAX_CLASSES");
	m->other_class = DFI_U8(b, struct dfi_model_hdr, other_class);
	if (m->other_class >= m->n_classes && m->other_class != DFI_NO_CLASS)
		return dfi_fail(err, DFI_EINVAL,
				"header: other_class neither a class nor DFI_NO_CLASS");
	m->n_layers = DFI_U8(b, struct dfi_model_hdr, n_layers);
	if (m->n_layers < 1)
		return dfi_fail(err, DFI_EINVAL, "header: n_layers is 0");
	if (m->n_layers > DFI_MAX_LAYERS)
		return dfi_fail(err, DFI_E2BIG,
				"header: n_layers over DFI_MAX_LAYERS");
	m->seq_len = DFI_U8(b, struct dfi_model_hdr, seq_len);
	if (m->seq_len < 1)
		return dfi_fail(err, DFI_EINVAL, "header: seq_len is 0");
	if (m->seq_len > DFI_MAX_SEQ)
		return dfi_fail(err, DFI_E2BIG,
				"header: seq_len over DFI_MAX_SEQ");
	m->in_ch = DFI_U8(b, struct dfi_model_hdr, in_ch);
	if (m->in_ch != DFI_SEQ_CH)
		return dfi_fail(err, DFI_EINVAL,
				"header: in_ch is not the feature spec's DFI_SEQ_CH");
	m->n_static = DFI_U8(b, struct dfi_model_hdr, n_static);
	if (m->n_static > dfi_spec_static_n(m->feature_spec))
		return dfi_fail(err, DFI_EINVAL,
				"header: n_static over the feature spec's DFI_STATIC_N");
	m->deadline_ms = DFI_LE32(b, struct dfi_model_hdr, deadline_ms);
	/* 0 would keep a short flow in progress as long as its conntrack entry */
	if (m->deadline_ms < 1 || m->deadline_ms > DFI_MAX_DEADLINE_MS)
		return dfi_fail(err, DFI_EINVAL,
				"header: deadline_ms not 1..DFI_MAX_DEADLINE_MS");
	return 0;
}

static int dfi_parse_classes(struct dfi_model *m, const struct dfi_parse *p)
{
	u32 off = DFI_LE32(p->b, struct dfi_model_hdr, classes_off);
	const u8 *t = p->b + off;
	u32 i, j;
	int ret;

	ret = dfi_check_region(p, DFI_RG_CLASSES, off,
			       (u64)m->n_classes * DFI_CLASS_LEN, 1);
	if (ret)
		return ret;
	for (i = 0; i < m->n_classes; i++) {
		const u8 *name = t + i * DFI_CLASS_LEN;

		if (!dfi_name_ok(name, DFI_CLASS_NAME_LEN, 1))
			return dfi_fail(p->err, DFI_EINVAL,
					"class name empty, not NUL-padded or not [a-z0-9_-]");
		for (j = 0; j < i; j++)
			if (!memcmp(name, t + j * DFI_CLASS_LEN,
				    DFI_CLASS_NAME_LEN))
				return dfi_fail(p->err, DFI_EINVAL,
						"duplicate class name");
		memcpy(m->class_names[i], name, DFI_CLASS_NAME_LEN);
	}
	return 0;
}

/* The layer's type, flags and kernel fields, on their own. */
static int dfi_check_layer_fields(const struct dfi_parse *p,
				  const struct dfi_layer *l, int last)
{
	const u8 known = DFI_LAYER_F_RELU | DFI_LAYER_F_LOGITS;

	if (l->type < DFI_LAYER_CONV1D || l->type > DFI_LAYER_DENSE)
		return dfi_fail(p->err, DFI_EINVAL, "layer: unknown type");
	if (l->flags & ~known)
		return dfi_fail(p->err, DFI_EINVAL, "layer: unknown flag");
	if ((l->flags & DFI_LAYER_F_RELU) && !dfi_has_weights(l->type))
		return dfi_fail(p->err, DFI_EINVAL,
				"layer: RELU flag on a layer without weights");
	if ((l->flags & DFI_LAYER_F_LOGITS) && !last)
		return dfi_fail(p->err, DFI_EINVAL,
				"layer: LOGITS flag on a layer other than the last");
	if (last && (l->type != DFI_LAYER_DENSE ||
		     !(l->flags & DFI_LAYER_F_LOGITS)))
		return dfi_fail(p->err, DFI_EINVAL,
				"last layer is not DENSE with the LOGITS flag");
	if ((l->flags & DFI_LAYER_F_RELU) && (l->flags & DFI_LAYER_F_LOGITS))
		return dfi_fail(p->err, DFI_EINVAL,
				"layer: RELU and LOGITS flags together");

	switch (l->type) {
	case DFI_LAYER_CONV1D:
	case DFI_LAYER_MAXPOOL1D:
		if (l->k < 1)
			return dfi_fail(p->err, DFI_EINVAL, "layer: k is 0");
		if (l->stride < 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer: stride is 0");
		if (l->type == DFI_LAYER_CONV1D && l->pad >= l->k)
			return dfi_fail(p->err, DFI_EINVAL,
					"conv1d: pad >= k");
		if (l->type == DFI_LAYER_MAXPOOL1D && l->pad)
			return dfi_fail(p->err, DFI_EINVAL,
					"maxpool1d: pad is not 0");
		break;
	default:
		if (l->k || l->stride || l->pad)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer: k, stride or pad not 0 on a layer without a kernel");
	}
	return 0;
}

/* The layer's output shape, and the caps. */
static int dfi_check_layer_shape(struct dfi_parse *p,
				 const struct dfi_model *m,
				 const struct dfi_layer *l)
{
	u32 c = l->in_ch, n = l->in_len, o = l->out_ch;
	u32 max_in = DFI_MAX_VEC, max_out = DFI_MAX_VEC;
	u64 work = 0;

	if (c != p->ch)
		return dfi_fail(p->err, DFI_EINVAL,
				"layer shape chain broken: in_ch is not the previous output's channels");
	if (n != p->len)
		return dfi_fail(p->err, DFI_EINVAL,
				"layer shape chain broken: in_len is not the previous output's length");

	switch (l->type) {
	case DFI_LAYER_CONV1D:
		if (n + 2 * l->pad < l->k)
			return dfi_fail(p->err, DFI_EINVAL,
					"conv1d: k larger than in_len + 2*pad");
		if (l->out_len != (n + 2 * l->pad - l->k) / l->stride + 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: conv1d out_len is not (in_len + 2*pad - k)/stride + 1");
		if (o < 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"conv1d: out_ch is 0");
		max_in = DFI_MAX_CH;
		max_out = DFI_MAX_CH;
		work = (u64)o * l->out_len * c * l->k;
		break;
	case DFI_LAYER_MAXPOOL1D:
		if (n < l->k)
			return dfi_fail(p->err, DFI_EINVAL,
					"maxpool1d: k larger than in_len");
		if (o != c)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: maxpool1d out_ch is not in_ch");
		if (l->out_len != (n - l->k) / l->stride + 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: maxpool1d out_len is not (in_len - k)/stride + 1");
		max_in = DFI_MAX_CH;
		max_out = DFI_MAX_CH;
		work = (u64)c * l->out_len * l->k;
		break;
	case DFI_LAYER_GLOBALPOOL:
		if (o != 2 * c || l->out_len != 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: globalpool output is not 2*in_ch x 1");
		if (!p->nonneg)
			return dfi_fail(p->err, DFI_EINVAL,
					"globalpool: input not from a RELU layer");
		max_in = DFI_MAX_CH;
		work = (u64)c * n;
		break;
	case DFI_LAYER_STATIC:
		if (n != 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"static: input is not a vector (in_len != 1)");
		if (++p->n_static_layers > 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"more than one STATIC layer");
		if (o != c + m->n_static || l->out_len != 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: static output is not (in_ch + n_static) x 1");
		break;
	case DFI_LAYER_DENSE:
		if (n != 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"dense: input is not a vector (in_len != 1)");
		if (o < 1 || l->out_len != 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer shape chain broken: dense output is not out_ch x 1, out_ch >= 1");
		work = (u64)o * c;
		break;
	}

	if (c > max_in || o > max_out)
		return dfi_fail(p->err, DFI_E2BIG,
				max_in == DFI_MAX_CH ?
				"layer: sequence tensor channels over DFI_MAX_CH" :
				"layer: vector length over DFI_MAX_VEC");
	if (c * n > DFI_MAX_ACT || o * l->out_len > DFI_MAX_ACT)
		return dfi_fail(p->err, DFI_E2BIG,
				"layer: activation over DFI_MAX_ACT elements");
	p->work += work;
	if (p->work > DFI_MAX_MACS)
		return dfi_fail(p->err, DFI_E2BIG,
				"model: work per classification over DFI_MAX_MACS");

	/* What the next layer gets. */
	p->ch = o;
	p->len = l->out_len;
	switch (l->type) {
	case DFI_LAYER_CONV1D:
	case DFI_LAYER_DENSE:
		p->nonneg = !!(l->flags & DFI_LAYER_F_RELU);
		break;
	case DFI_LAYER_STATIC:
		p->nonneg = 0;	/* the static inputs are int8 */
		break;
	default:
		break;		/* pooling keeps the sign of its input */
	}
	return 0;
}

/* The layer's arrays: where they are, and the values of the small ones. */
static int dfi_parse_layer_arrays(const struct dfi_parse *p,
				  struct dfi_layer *l, const u8 *d)
{
	u32 w_off = DFI_LE32(d, struct dfi_model_layer, w_off);
	u32 bias_off = DFI_LE32(d, struct dfi_model_layer, bias_off);
	u32 mult_off = DFI_LE32(d, struct dfi_model_layer, mult_off);
	u32 shift_off = DFI_LE32(d, struct dfi_model_layer, shift_off);
	int logits = l->flags & DFI_LAYER_F_LOGITS;
	u32 o = l->out_ch, i;
	s32 bias_max;
	int ret;

	if (!dfi_has_weights(l->type)) {
		if (w_off || bias_off || mult_off || shift_off)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer: array offset not 0 on a layer without weights");
		return 0;
	}
	ret = dfi_check_region(p, DFI_RG_W, w_off, dfi_weights_len(l), 1);
	if (ret)
		return ret;
	ret = dfi_check_region(p, DFI_RG_BIAS, bias_off, 4ull * o, 4);
	if (ret)
		return ret;
	l->w = (const s8 *)(p->b + w_off);
	l->bias = (const s32 *)(const void *)(p->b + bias_off);
	if (logits) {
		if (mult_off || shift_off)
			return dfi_fail(p->err, DFI_EINVAL,
					"logits layer: mult_off or shift_off not 0");
	} else {
		ret = dfi_check_region(p, DFI_RG_MULT, mult_off, 4ull * o, 4);
		if (ret)
			return ret;
		ret = dfi_check_region(p, DFI_RG_SHIFT, shift_off, o, 1);
		if (ret)
			return ret;
		l->mult = (const s32 *)(const void *)(p->b + mult_off);
		l->shift = p->b + shift_off;
	}

	/*
	 * The int32 accumulator must not overflow: |bias| plus the largest
	 * sum of products stays within int32 (at most 64 x 255 or 512
	 * products of 2^14, so a bias up to about 2^30 always fits).
	 */
	bias_max = DFI_S32_MAX -
		   (s32)(dfi_weights_len(l) / o * DFI_MAX_PRODUCT);
	for (i = 0; i < o; i++) {
		if (l->bias[i] > bias_max || l->bias[i] < -bias_max)
			return dfi_fail(p->err, DFI_EINVAL,
					"layer bias: int32 accumulator could overflow");
		if (logits)
			continue;
		if (l->mult[i] < 1)
			return dfi_fail(p->err, DFI_EINVAL,
					"requant: mult not in 1..2^31-1");
		if (l->shift[i] < 1 || l->shift[i] > 62)
			return dfi_fail(p->err, DFI_EINVAL,
					"requant: shift not in 1..62");
	}
	return 0;
}

static int dfi_parse_layers(struct dfi_model *m, struct dfi_parse *p)
{
	u32 off = DFI_LE32(p->b, struct dfi_model_hdr, layers_off);
	u32 i;
	int ret;

	ret = dfi_check_region(p, DFI_RG_LAYERS, off,
			       (u64)m->n_layers * DFI_LAYER_LEN, 1);
	if (ret)
		return ret;
	p->ch = m->in_ch;
	p->len = m->seq_len;
	p->nonneg = 0;
	for (i = 0; i < m->n_layers; i++) {
		const u8 *d = p->b + off + i * DFI_LAYER_LEN;
		struct dfi_layer *l = &m->layers[i];

		if (!DFI_ZERO(d, struct dfi_model_layer, reserved0) ||
		    !DFI_ZERO(d, struct dfi_model_layer, reserved))
			return dfi_fail(p->err, DFI_EINVAL,
					"layer: reserved field not 0");
		l->type = DFI_U8(d, struct dfi_model_layer, type);
		l->flags = DFI_U8(d, struct dfi_model_layer, flags);
		l->k = DFI_U8(d, struct dfi_model_layer, k);
		l->stride = DFI_U8(d, struct dfi_model_layer, stride);
		l->pad = DFI_U8(d, struct dfi_model_layer, pad);
		l->in_ch = DFI_LE16(d, struct dfi_model_layer, in_ch);
		l->in_len = DFI_LE16(d, struct dfi_model_layer, in_len);
		l->out_ch = DFI_LE16(d, struct dfi_model_layer, out_ch);
		l->out_len = DFI_LE16(d, struct dfi_model_layer, out_len);

		ret = dfi_check_layer_fields(p, l, i == m->n_layers - 1u);
		if (ret)
			return ret;
		ret = dfi_check_layer_shape(p, m, l);
		if (ret)
			return ret;
		ret = dfi_parse_layer_arrays(p, l, d);
		if (ret)
			return ret;
		/* every tap, the zero padding's included */
		if (dfi_has_weights(l->type))
			m->macs += dfi_weights_len(l) * (u32)l->out_len;
	}
	if (m->layers[m->n_layers - 1].out_ch != m->n_classes)
		return dfi_fail(p->err, DFI_EINVAL,
				"logits layer: out_ch is not n_classes");
	if (m->n_static && !p->n_static_layers)
		return dfi_fail(p->err, DFI_EINVAL,
				"n_static > 0 but no STATIC layer");
	return 0;
}

/* The margin each class needs (uint32 [n_classes] at @off), if @off. */
static int dfi_parse_class_margins(struct dfi_model *m,
				   const struct dfi_parse *p, u32 off)
{
	unsigned int c;
	int ret;

	if (!off)
		return 0;
	ret = dfi_check_region(p, DFI_RG_MARGINS, off, 4ull * m->n_classes, 4);
	if (ret)
		return ret;
	for (c = 0; c < m->n_classes; c++)
		m->class_margin[c] = dfi_le32(p->b + off + 4 * c);
	if (m->other_class != DFI_NO_CLASS && m->class_margin[m->other_class])
		return dfi_fail(p->err, DFI_EINVAL,
				"gate: class margin of other_class not 0");
	m->class_margin_off = off;
	return 0;
}

/* The checkpoint packet counts of the header. */
static int dfi_parse_checkpoints(struct dfi_model *m,
				 const struct dfi_parse *p)
{
	const u8 *cp = p->b + __builtin_offsetof(struct dfi_model_hdr,
						 checkpoints);
	unsigned int i;

	for (i = 0; i < DFI_MAX_CHECKPOINTS && cp[i]; i++) {
		if (cp[i] >= m->seq_len)
			return dfi_fail(p->err, DFI_EINVAL,
					"header: checkpoint not below seq_len");
		if (i && cp[i] <= cp[i - 1])
			return dfi_fail(p->err, DFI_EINVAL,
					"header: checkpoints not increasing");
		m->checkpoint[i] = cp[i];
	}
	m->n_checkpoints = i;
	if (!dfi_all_zero(cp + i, DFI_MAX_CHECKPOINTS - i))
		return dfi_fail(p->err, DFI_EINVAL,
				"header: checkpoint after an unused (0) one");
	return 0;
}

/* The margins of early verdicts (uint32 [n_checkpoints][n_classes]). */
static int dfi_parse_early(struct dfi_model *m, const struct dfi_parse *p)
{
	u32 off = DFI_LE32(p->b, struct dfi_model_hdr, early_margin_off);
	unsigned int i, c;
	int ret;

	ret = dfi_parse_checkpoints(m, p);
	if (ret)
		return ret;
	if (!m->n_checkpoints) {
		if (off)
			return dfi_fail(p->err, DFI_EINVAL,
					"header: early_margin_off not 0 without checkpoints");
		return 0;
	}
	if (!off)
		return dfi_fail(p->err, DFI_EINVAL,
				"header: checkpoints without early_margin_off");
	ret = dfi_check_region(p, DFI_RG_EARLY, off,
			       4ull * m->n_checkpoints * m->n_classes, 4);
	if (ret)
		return ret;
	for (i = 0; i < m->n_checkpoints; i++) {
		for (c = 0; c < m->n_classes; c++)
			m->early_margin[i][c] =
				dfi_le32(p->b + off + 4 * (i * m->n_classes + c));
		if (m->other_class != DFI_NO_CLASS &&
		    m->early_margin[i][m->other_class] != DFI_EARLY_NEVER)
			return dfi_fail(p->err, DFI_EINVAL,
					"header: early margin of other_class not DFI_EARLY_NEVER");
	}
	m->early_margin_off = off;
	return 0;
}

static int dfi_parse_gate(struct dfi_model *m, const struct dfi_parse *p)
{
	u32 off = DFI_LE32(p->b, struct dfi_model_hdr, gate_off);
	const u8 *g = p->b + off;
	u32 c_off;
	int ret;

	ret = dfi_check_region(p, DFI_RG_GATE, off, DFI_GATE_LEN, 1);
	if (ret)
		return ret;
	if (!DFI_ZERO(g, struct dfi_model_gate, reserved))
		return dfi_fail(p->err, DFI_EINVAL,
				"gate: reserved field not 0");
	if (DFI_LE16(g, struct dfi_model_gate, n_bins) != DFI_GATE_BINS)
		return dfi_fail(p->err, DFI_EINVAL,
				"gate: n_bins is not DFI_GATE_BINS");
	m->n_centroids = DFI_LE16(g, struct dfi_model_gate, n_centroids);
	if (m->n_centroids > DFI_MAX_CENTROIDS)
		return dfi_fail(p->err, DFI_E2BIG,
				"gate: n_centroids over DFI_MAX_CENTROIDS");
	c_off = DFI_LE32(g, struct dfi_model_gate, centroids_off);
	if (m->n_centroids) {
		ret = dfi_check_region(p, DFI_RG_CENTROIDS, c_off,
				       (u64)m->n_centroids * DFI_GATE_BINS, 1);
		if (ret)
			return ret;
		m->centroids = p->b + c_off;
	} else if (c_off) {
		return dfi_fail(p->err, DFI_EINVAL,
				"gate: centroids_off not 0 without centroids");
	}
	m->dist_max = DFI_LE32(g, struct dfi_model_gate, dist_max);
	m->margin_min = DFI_LE32(g, struct dfi_model_gate, margin_min);
	return dfi_parse_class_margins(m, p,
			DFI_LE32(g, struct dfi_model_gate, class_margin_off));
}

/*
 * Region @i of the file: the three tables, the centroids, the class and
 * early margins, then four arrays per layer.  Return: 1 with its place, 0
 * if it is absent.
 */
static int dfi_region_at(const struct dfi_model *m, const u8 *b, u32 i,
			 u32 *off, u32 *size)
{
	const struct dfi_layer *l;

	switch (i) {
	case DFI_RG_CLASSES:
		*off = DFI_LE32(b, struct dfi_model_hdr, classes_off);
		*size = m->n_classes * DFI_CLASS_LEN;
		return 1;
	case DFI_RG_LAYERS:
		*off = DFI_LE32(b, struct dfi_model_hdr, layers_off);
		*size = m->n_layers * DFI_LAYER_LEN;
		return 1;
	case DFI_RG_GATE:
		*off = DFI_LE32(b, struct dfi_model_hdr, gate_off);
		*size = DFI_GATE_LEN;
		return 1;
	case DFI_RG_CENTROIDS:
		if (!m->centroids)
			return 0;
		*off = (u32)(m->centroids - b);
		*size = m->n_centroids * DFI_GATE_BINS;
		return 1;
	case DFI_RG_MARGINS:
		if (!m->class_margin_off)
			return 0;
		*off = m->class_margin_off;
		*size = 4 * m->n_classes;
		return 1;
	case DFI_RG_EARLY:
		if (!m->early_margin_off)
			return 0;
		*off = m->early_margin_off;
		*size = 4 * m->n_checkpoints * m->n_classes;
		return 1;
	}
	l = &m->layers[(i - DFI_RG_W) / 4];
	switch ((i - DFI_RG_W) % 4) {
	case 0:
		if (!l->w)
			return 0;
		*off = (u32)((const u8 *)l->w - b);
		*size = dfi_weights_len(l);
		return 1;
	case 1:
		if (!l->bias)
			return 0;
		*off = (u32)((const u8 *)l->bias - b);
		*size = 4 * l->out_ch;
		return 1;
	case 2:
		if (!l->mult)
			return 0;
		*off = (u32)((const u8 *)l->mult - b);
		*size = 4 * l->out_ch;
		return 1;
	default:
		if (!l->shift)
			return 0;
		*off = (u32)(l->shift - b);
		*size = l->out_ch;
		return 1;
	}
}

static int dfi_check_overlaps(const struct dfi_model *m, const u8 *b,
			      const char **err)
{
	u32 n = DFI_RG_W + 4 * m->n_layers;
	u32 i, j, oi, si, oj, sj;

	for (i = 0; i < n; i++) {
		if (!dfi_region_at(m, b, i, &oi, &si))
			continue;
		for (j = i + 1; j < n; j++) {
			if (!dfi_region_at(m, b, j, &oj, &sj))
				continue;
			if (oi < oj + sj && oj < oi + si)
				return dfi_fail(err, DFI_EINVAL,
						"two regions of the file overlap");
		}
	}
	return 0;
}

int dfi_model_parse(struct dfi_model *m, const void *buf, u32 len,
		    const char **err)
{
	const char *dummy;
	struct dfi_parse p = { .b = buf, .err = err ? err : &dummy };
	const u8 *b = buf;
	int ret;

	err = p.err;
	*err = NULL;
	memset(m, 0, sizeof(*m));
	if (!dfi_host_is_le())
		return dfi_fail(err, DFI_EOPNOTSUPP,
				"big-endian host: the model's arrays are little-endian");
	if (!b || ((uintptr_t)b & 3))
		return dfi_fail(err, DFI_EINVAL,
				"model buffer NULL or not 4-byte aligned");
	if (len > DFI_MODEL_MAX_SIZE)
		return dfi_fail(err, DFI_E2BIG,
				"file larger than DFI_MODEL_MAX_SIZE");
	if (len < DFI_HDR_LEN + DFI_CRC_LEN)
		return dfi_fail(err, DFI_EINVAL,
				"file shorter than the header and the CRC");
	if (DFI_LE32(b, struct dfi_model_hdr, magic) != DFI_MODEL_MAGIC)
		return dfi_fail(err, DFI_EINVAL, "bad magic: not a dfi model");
	if (DFI_LE16(b, struct dfi_model_hdr, version) != DFI_MODEL_VERSION)
		return dfi_fail(err, DFI_EOPNOTSUPP,
				"unsupported model format version");
	if (DFI_LE16(b, struct dfi_model_hdr, hdr_len) != DFI_HDR_LEN)
		return dfi_fail(err, DFI_EINVAL,
				"hdr_len is not the size of struct dfi_model_hdr");
	if (DFI_LE32(b, struct dfi_model_hdr, total_len) != len)
		return dfi_fail(err, DFI_EINVAL,
				"total_len is not the file's length (truncated?)");
	p.end = len - DFI_CRC_LEN;
	m->size = len;
	m->crc = dfi_le32(b + p.end);
	if (dfi_crc32(b, p.end) != m->crc)
		return dfi_fail(err, DFI_EBADMSG, "CRC-32 mismatch");

	ret = dfi_parse_header(m, b, err);
	if (!ret)
		ret = dfi_parse_classes(m, &p);
	if (!ret)
		ret = dfi_parse_layers(m, &p);
	if (!ret)
		ret = dfi_parse_gate(m, &p);
	if (!ret)
		ret = dfi_parse_early(m, &p);
	if (!ret)
		ret = dfi_check_overlaps(m, b, err);
	return ret;
}
DFI_EXPORT(dfi_model_parse);
