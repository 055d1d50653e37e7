/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dfi: behaviour-based traffic classification for QoS.  The userspace ABI:
 *
 * 1. The model file (.dfim), loaded into the kernel by dficlt and read by
 *    the offline tools.  All integers little-endian.
 *
 *    offset 0:  struct dfi_model_hdr (124 bytes)
 *    hdr.classes_off:  n_classes x struct dfi_model_class (16 bytes each)
 *    hdr.layers_off:   n_layers x struct dfi_model_layer (40 bytes each)
 *    hdr.gate_off:     struct dfi_model_gate (32 bytes)
 *    anywhere after the header: the arrays the descriptors point at, every
 *      offset relative to the file start, 4-byte aligned for 32-bit arrays
 *    last 4 bytes: CRC-32 (IEEE 802.3, as zlib's crc32()) of all bytes
 *      before it
 *
 *    The network: the sequence input int8 [in_ch][seq_len] and the static
 *    input int8 [n_static] (their meaning is fixed by feature_spec, see
 *    include/dfi/features.h: spec 2 has 23 static inputs, spec 1 the
 *    first 16 of them, so n_static is at most 16 in a spec-1 file and 23
 *    in a spec-2 one) flow through the layers in order.  Tensors
 *    are int8, symmetric (zero point 0).  Each layer with weights computes
 *    int32 acc = bias[o] + sum(w * x) and then, unless it is the final
 *    (logits) layer, requantizes per output channel:
 *
 *      y = clamp((acc * mult[o] + 2^(shift[o] - 1)) >> shift[o], lo, 127)
 *
 *    in 64-bit arithmetic (>> rounds toward minus infinity), with lo = 0
 *    when the layer has DFI_LAYER_F_RELU and -128 otherwise.  The final
 *    layer is DENSE with out = n_classes and DFI_LAYER_F_LOGITS: its int32
 *    acc are the logits.
 *
 *    Layer types and shapes (in_ch x in_len -> out_ch x out_len):
 *    CONV1D   C x L -> O x ((L + 2 pad - k) / stride + 1); zero padding;
 *             w int8 [O][C][k], bias int32 [O], requant [O]
 *    MAXPOOL1D C x L -> C x ((L - k) / stride + 1)
 *    GLOBALPOOL C x L -> 2C x 1: out[c] is channel c's rounded mean
 *             floor((sum + L/2) / L) over the L columns, out[C + c] its
 *             max (all means first, then all maxes); the layer input
 *             must be >= 0 (follow a RELU layer, or a MAXPOOL1D of one)
 *    STATIC   V x 1 -> (V + n_static) x 1: appends the static input
 *    DENSE    V x 1 -> O x 1; w int8 [O][V], bias int32 [O], requant [O]
 *
 *    So that no int32 accumulator can overflow, |bias[o]| must not exceed
 *    2^31 - 1 - (inputs per output) * 16384.  Fields a layer type does not
 *    use (k, stride, pad, offsets) must be 0.
 *
 *    The known/unknown gate: a histogram of the flow's recorded packets
 *    (DFI_GATE_BINS bins, see dfi_gate_hist() in include/dfi/engine.h)
 *    is compared with n_centroids centroids (uint8 [n][DFI_GATE_BINS]) by
 *    L1 distance; a flow whose nearest distance exceeds dist_max, or
 *    whose two largest logits differ by less than the margin its class
 *    needs, is "other".  A flow the network itself puts in other_class is
 *    "other" too.  The margin a class needs is margin_min, or with
 *    class_margin_off its own entry of uint32 [n_classes] (the decision
 *    rule: a class whose errors cost a QoS operator more, such as one
 *    mapped to a priority tin, can ask for more certainty; the entry of
 *    other_class is not used and must be 0).
 *
 *    Early verdicts: a flow is decided once it has seq_len packets, or
 *    when its deadline passes.  A model may also name up to
 *    DFI_MAX_CHECKPOINTS packet counts in hdr.checkpoints (increasing,
 *    each 1..seq_len - 1; the unused ones 0, after the used ones) with
 *    hdr.early_margin_off pointing at uint32 [n][n_classes], n the
 *    checkpoints named (both 0 for none).  When a packet brings a flow in
 *    progress to a checkpoint's count or past it (a GSO aggregate may
 *    pass several at once: the last one passed counts), the flow is
 *    classified on what it has so far, as if it ended there; if the gate
 *    calls it known and its margin is at least its class's entry for
 *    that checkpoint, that is its verdict and it is decided now, else it
 *    goes on.  An entry of DFI_EARLY_NEVER means never early; that of
 *    other_class must be DFI_EARLY_NEVER (a flow is never called other
 *    early).
 *
 * 2. The generic netlink family DFI_GENL_NAME (commands: see below as they
 *    are added).
 */
#ifndef _UAPI_LINUX_DFI_H
#define _UAPI_LINUX_DFI_H

#include <linux/types.h>

#define DFI_MODEL_MAGIC		0x4d494644	/* "DFIM" */
#define DFI_MODEL_VERSION	1
#define DFI_MODEL_MAX_SIZE	(1 << 20)
/*
 * The kernel runs a model's network once per flow, in softirq: it refuses
 * a model over this many multiply-accumulates a decision (the default
 * model does 20 896, about 7 us on an x86 core; this bound is about 45 us
 * there, and a few hundred on a small ARM router).  The offline tools
 * accept up to 2^20.
 */
#define DFI_MODEL_KERNEL_MAX_MACS	(1 << 17)
/* A model's deadline_ms and the operator's override: at most this. */
#define DFI_MAX_DEADLINE_MS	600000
#define DFI_MAX_CLASSES		16
#define DFI_CLASS_NAME_LEN	16
#define DFI_MODEL_NAME_LEN	32
#define DFI_MAX_LAYERS		16
#define DFI_GATE_BINS		16
#define DFI_NO_CLASS		0xff
#define DFI_MAX_CHECKPOINTS	4
#define DFI_EARLY_NEVER		0xffffffff	/* early margin: never early */

/*
 * Class identities.  The verdict dfi keeps on a conntrack entry is the
 * class's identity, not its index in the model: conntrack label bit
 * label_base + id, and the value id + 1 in the ct mark field.  So a
 * classified flow keeps its class (and that class's DSCP) across model
 * loads, and a "ct label" or "ct mark" rule keeps its meaning.  The
 * well-known names have these fixed identities on every router:
 */
enum dfi_class_id {
	DFI_CLASS_ID_VOICE,	/* "voice": label bit base + 0, mark 1 */
	DFI_CLASS_ID_VIDEO,	/* "video": base + 1, mark 2 */
	DFI_CLASS_ID_GAME,	/* "game": base + 2, mark 3 */
	DFI_CLASS_ID_FILE,	/* "file": base + 3, mark 4 */
	DFI_CLASS_ID_WEB,	/* "web": base + 4, mark 5 */
	DFI_CLASS_ID_OTHER,	/* "other": base + 5, mark 6 */
	DFI_CLASS_ID_WELL_KNOWN,	/* first identity of other names */
};
/*
 * Any other name gets the lowest free identity when the first model that
 * has it is loaded, and keeps it as long as the network namespace lives
 * (loads and unloads of models do not free it; reloading dfi.ko starts
 * over).  There are DFI_MAX_CLASS_IDS, the room of the label and mark
 * encoding: a model whose new names do not all find one is refused
 * (-ENOSPC, with an extack message) and the running model stays.
 */
#define DFI_MAX_CLASS_IDS	16

struct dfi_model_hdr {
	__le32	magic;		/* DFI_MODEL_MAGIC */
	__le16	version;	/* DFI_MODEL_VERSION */
	__le16	hdr_len;	/* sizeof(struct dfi_model_hdr) */
	__le32	total_len;	/* file size, CRC included */
	char	name[DFI_MODEL_NAME_LEN];	/* NUL-padded */
	__u8	feature_spec;	/* of the inputs: 1 or 2 (DFI_FEATURE_SPEC) */
	__u8	n_classes;	/* 2..DFI_MAX_CLASSES */
	__u8	other_class;	/* class meaning "other", or DFI_NO_CLASS */
	__u8	n_layers;	/* 1..DFI_MAX_LAYERS */
	__u8	seq_len;	/* packets per flow the model reads, 1..64 */
	__u8	in_ch;		/* sequence input channels */
	__u8	n_static;	/* static inputs */
	__u8	reserved0;
	__le32	classes_off;
	__le32	layers_off;
	__le32	gate_off;
	/* decide after this long at the latest: 1..DFI_MAX_DEADLINE_MS */
	__le32	deadline_ms;
	/* early verdicts (see above): packet counts, 0 when unused */
	__u8	checkpoints[DFI_MAX_CHECKPOINTS];
	__le32	early_margin_off;	/* uint32 [n][n_classes], 0: none */
	__le32	reserved[12];	/* 0 */
};

struct dfi_model_class {
	char	name[DFI_CLASS_NAME_LEN];	/* NUL-padded, [a-z0-9_-] */
};

enum dfi_layer_type {
	DFI_LAYER_CONV1D = 1,
	DFI_LAYER_MAXPOOL1D = 2,
	DFI_LAYER_GLOBALPOOL = 3,
	DFI_LAYER_STATIC = 4,
	DFI_LAYER_DENSE = 5,
};

#define DFI_LAYER_F_RELU	0x01
#define DFI_LAYER_F_LOGITS	0x02

struct dfi_model_layer {
	__u8	type;		/* enum dfi_layer_type */
	__u8	flags;		/* DFI_LAYER_F_* */
	__u8	k;		/* kernel size (CONV1D, MAXPOOL1D) */
	__u8	stride;		/* (CONV1D, MAXPOOL1D) */
	__u8	pad;		/* zero padding each side (CONV1D) */
	__u8	reserved0[3];
	__le16	in_ch;
	__le16	in_len;
	__le16	out_ch;
	__le16	out_len;
	__le32	w_off;		/* int8 weights, 0 if none */
	__le32	bias_off;	/* int32 [out_ch], 0 if none */
	__le32	mult_off;	/* int32 [out_ch], 1..2^31-1 */
	__le32	shift_off;	/* uint8 [out_ch], 1..62 */
	__le32	reserved[2];
};

struct dfi_model_gate {
	__le16	n_bins;		/* DFI_GATE_BINS */
	__le16	n_centroids;	/* 0 (no distance test)..256 */
	__le32	centroids_off;	/* uint8 [n_centroids][n_bins] */
	__le32	dist_max;	/* L1 distance above which a flow is other */
	__le32	margin_min;	/* top-2 logit margin below which: other */
	__le32	class_margin_off; /* uint32 [n_classes], 4-byte aligned: the
				   * margin per class; 0: margin_min for all
				   */
	__le32	reserved[3];
};

/*
 * 2. The generic netlink family "dfi" (version 1), per network namespace:
 *    each netns has its own model, DSCP map, settings, statistics and
 *    unknown-flow cache, and a request acts on the sender's netns.
 *    Commands marked (admin) need CAP_NET_ADMIN in the user namespace
 *    owning the netns (GENL_UNS_ADMIN_PERM): those that change dfi, and
 *    those that show other users' flows.  Every command has a strict
 *    policy; a bad or missing attribute fails with an extack message
 *    naming it.  dfi costs a netns nothing until it is enabled there: by
 *    the first MODEL_LOAD, or CONFIG_SET ENABLED 1; settings sent before
 *    are kept and take effect then (MAX_FLOWS also sizes the flow table's
 *    buckets then).  Handlers run in parallel; a netns's changes are
 *    serialized.  What a request allocates is charged to the sender's
 *    memory cgroup: past its limit it fails with -ENOMEM.
 *
 *    DFI_CMD_MODEL_LOAD (admin): MODEL_TOTAL (file size), MODEL_OFFSET,
 *        MODEL_DATA (at most DFI_MODEL_CHUNK bytes).  A file is sent in
 *        chunks at increasing offsets from 0, all from one socket; offset
 *        0 starts a new load (dropping one in progress from the same
 *        socket; another socket's is refused with -EBUSY unless left
 *        unfinished for 10 s); the chunk that completes the file has it
 *        parsed and validated in full (and refused over
 *        DFI_MODEL_KERNEL_MAX_MACS), and only then does it replace the
 *        running model.  On any error the running model is untouched and
 *        the partial load dropped; so is a load whose socket closes.
 *    DFI_CMD_MODEL_UNLOAD (admin): no model; traffic is only counted.
 *    DFI_CMD_MODEL_GET: MODEL_NAME, MODEL_VERSION (file format),
 *        MODEL_GEN, MODEL_SEQ_LEN,
 *        MODEL_DEADLINE_MS, MODEL_SIZE, MODEL_CRC, MODEL_MACS,
 *        MODEL_LOAD_TIME (ns, wall clock), CLASSES (as DSCP_GET's),
 *        MODEL_CHECKPOINTS (the early-verdict checkpoints, if the model
 *        has any; an older module does not send it); -ENOENT if none.
 *    DFI_CMD_DSCP_SET (admin): CLASS_NAME, DSCP (0..63 or DFI_DSCP_KEEP):
 *        the DSCP of a class by name, for this and later models; -ENOENT
 *        if a model is running and has no class of that name.  The DSCP
 *        map is kept per class identity: a flow classified under an
 *        earlier model gets its class name's DSCP while a model runs,
 *        whether or not this model has that class.
 *    DFI_CMD_DSCP_GET: CLASSES, the running model's, in its order (each:
 *        CLASS_INDEX in the model, CLASS_NAME, DSCP, CLASS_ID: the class
 *        identity, see above; an older module does not send CLASS_ID).
 *    DFI_CMD_CONFIG_SET (admin): any of ENABLED, MAX_FLOWS, DEADLINE_MS
 *        (0: the model's), MARK_MASK, UNKNOWN_SIZE, CT_DSCP_MASK,
 *        CT_DSCP_FLAG, DSCP_POLICY.  Once dfi is enabled, MAX_FLOWS over
 *        16 per bucket of the table is refused (-ERANGE).
 *        CT_DSCP_MASK and CT_DSCP_FLAG: the ct mark DSCP field in the
 *        layout of tc's act_ctinfo ("action ctinfo dscp MASK FLAG"): when
 *        a flow is classified, dfi writes its class's DSCP into the 6
 *        bits of CT_DSCP_MASK and sets the bits of CT_DSCP_FLAG (a class
 *        mapped to DFI_DSCP_KEEP clears both), so that act_ctinfo can
 *        restore it on packets that meet a qdisc before netfilter (an IFB
 *        on WAN ingress).  CT_DSCP_MASK is 0 (off) or 6 contiguous bits;
 *        CT_DSCP_FLAG any bits (0: none, act_ctinfo then restores
 *        unconditionally); neither may overlap the other or MARK_MASK
 *        (-EINVAL); while dfi is enabled, not the ones in use either
 *        (-EBUSY: move one field at a time).  DSCP_POLICY: which arriving
 *        packets of a classified flow get their DSCP rewritten (enum
 *        dfi_dscp_policy); the DSCP field is written for a flow only when
 *        the policy lets dfi rewrite its originator's packets.
 *        LONGFLOW, LONGFLOW_CLASSES, LONGFLOW_AGE_S, LONGFLOW_BYTES,
 *        LONGFLOW_RATE_KBIT, LONGFLOW_SHARE_PCT: the second look (see
 *        "Second look" below); a value out of its range is refused
 *        (-EINVAL, -ERANGE) with an extack message naming it.
 *    DFI_CMD_CONFIG_GET: those, and LABEL_BASE (-1: labels unused).
 *    DFI_CMD_STATS_GET: STATS, a nest of STAT nests (STAT_NAME,
 *        STAT_VALUE), the names being those of /proc/net/dfi/stats (new
 *        figures are new names, e.g. "hosts": no attribute of their own).
 *    DFI_CMD_FLOWS_GET (dump, admin): a message per flow in progress: FAMILY,
 *        L4, CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, PACKETS, AGE_MS.
 *    DFI_CMD_UNKNOWN_GET (dump, admin): a message per record of the unknown-flow
 *        cache, oldest first: REC_SEQ, REC_TIME, MODEL_GEN, FAMILY, L4,
 *        CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, REASON, NET_CLASS (the
 *        class identity of the network's own top class),
 *        DIST, MARGIN, CTX_FLOWS, CTX_SAME_PORT, CTX_UDP, PACKETS,
 *        DSCP_C2S, DSCP_S2C, DURATION_US, PKTS (2 bytes per packet, as
 *        struct dfi_pkt in include/dfi/features.h: size byte, gap byte),
 *        CTX_HOST_P2P, CTX_HOST_SAME_CPORT.  CTX_*: the flow's multi-flow
 *        context (struct dfi_flow_ctx, include/dfi/context.h): flows
 *        between the same two hosts, of them to the same server port, of
 *        them UDP; the client host's flows to other server hosts with
 *        both ports >= 1024, and from the same client port (the last two
 *        since feature spec 2; an older module does not send them).
 *    DFI_CMD_UNKNOWN_CLEAR (admin): empty the cache.
 */
#define DFI_GENL_NAME		"dfi"
#define DFI_GENL_VERSION	1
#define DFI_MODEL_CHUNK		32768
#define DFI_DSCP_KEEP		0xff

enum dfi_cmd {
	DFI_CMD_UNSPEC,
	DFI_CMD_MODEL_LOAD,
	DFI_CMD_MODEL_UNLOAD,
	DFI_CMD_MODEL_GET,
	DFI_CMD_DSCP_SET,
	DFI_CMD_DSCP_GET,
	DFI_CMD_CONFIG_SET,
	DFI_CMD_CONFIG_GET,
	DFI_CMD_STATS_GET,
	DFI_CMD_FLOWS_GET,
	DFI_CMD_UNKNOWN_GET,
	DFI_CMD_UNKNOWN_CLEAR,
	__DFI_CMD_MAX,
};
#define DFI_CMD_MAX (__DFI_CMD_MAX - 1)

enum dfi_attr {
	DFI_A_UNSPEC,
	DFI_A_MODEL_TOTAL,	/* u32 */
	DFI_A_MODEL_OFFSET,	/* u32 */
	DFI_A_MODEL_DATA,	/* binary */
	DFI_A_MODEL_NAME,	/* string */
	DFI_A_MODEL_GEN,	/* u32 */
	DFI_A_MODEL_SEQ_LEN,	/* u32 */
	DFI_A_MODEL_DEADLINE_MS,	/* u32 */
	DFI_A_MODEL_SIZE,	/* u32 */
	DFI_A_MODEL_CRC,	/* u32 */
	DFI_A_MODEL_MACS,	/* u32 */
	DFI_A_MODEL_LOAD_TIME,	/* u64 */
	DFI_A_CLASSES,		/* nest of DFI_A_CLASS */
	DFI_A_CLASS,		/* nest: CLASS_INDEX, CLASS_NAME, DSCP */
	DFI_A_CLASS_INDEX,	/* u32 */
	DFI_A_CLASS_NAME,	/* string, <= DFI_CLASS_NAME_LEN */
	DFI_A_DSCP,		/* u8 */
	DFI_A_ENABLED,		/* u8, 0 or 1 */
	DFI_A_MAX_FLOWS,	/* u32 */
	DFI_A_DEADLINE_MS,	/* u32 */
	DFI_A_MARK_MASK,	/* u32 */
	DFI_A_UNKNOWN_SIZE,	/* u32 */
	DFI_A_LABEL_BASE,	/* s32 */
	DFI_A_STATS,		/* nest of DFI_A_STAT */
	DFI_A_STAT,		/* nest: STAT_NAME, STAT_VALUE */
	DFI_A_STAT_NAME,	/* string */
	DFI_A_STAT_VALUE,	/* u64 */
	DFI_A_FAMILY,		/* u8: AF_INET / AF_INET6 */
	DFI_A_L4,		/* u8: IPPROTO_TCP / IPPROTO_UDP */
	DFI_A_CLIENT,		/* binary, 4 or 16 bytes, network order */
	DFI_A_CLIENT_PORT,	/* u16 */
	DFI_A_SERVER,		/* binary, 4 or 16 bytes */
	DFI_A_SERVER_PORT,	/* u16 */
	DFI_A_PACKETS,		/* u32 */
	DFI_A_AGE_MS,		/* u64 */
	DFI_A_REC_SEQ,		/* u64 */
	DFI_A_REC_TIME,		/* u64, ns, wall clock */
	DFI_A_REASON,		/* u8: 1 class other, 2 distance, 3 margin */
	DFI_A_NET_CLASS,	/* u8 */
	DFI_A_DIST,		/* u32 */
	DFI_A_MARGIN,		/* s32 */
	DFI_A_CTX_FLOWS,	/* u32 */
	DFI_A_CTX_SAME_PORT,	/* u32 */
	DFI_A_CTX_UDP,		/* u32 */
	DFI_A_DSCP_C2S,		/* u8, 0xff: none seen */
	DFI_A_DSCP_S2C,		/* u8 */
	DFI_A_DURATION_US,	/* u32 */
	DFI_A_PKTS,		/* binary */
	DFI_A_PAD,
	DFI_A_MODEL_VERSION,	/* u32 */
	DFI_A_CTX_HOST_P2P,	/* u32 */
	DFI_A_CTX_HOST_SAME_CPORT,	/* u32 */
	DFI_A_CLASS_ID,		/* u32: enum dfi_class_id, < DFI_MAX_CLASS_IDS */
	DFI_A_CT_DSCP_MASK,	/* u32 */
	DFI_A_CT_DSCP_FLAG,	/* u32 */
	DFI_A_DSCP_POLICY,	/* u8, enum dfi_dscp_policy */
	DFI_A_MODEL_CHECKPOINTS,	/* binary, u8 [n]: packet counts */
	DFI_A_LONGFLOW,		/* u8, 0 or 1: the second look (below) */
	DFI_A_LONGFLOW_CLASSES,	/* u32: bit per class identity */
	DFI_A_LONGFLOW_AGE_S,	/* u32 */
	DFI_A_LONGFLOW_BYTES,	/* u32 */
	DFI_A_LONGFLOW_RATE_KBIT,	/* u32 */
	DFI_A_LONGFLOW_SHARE_PCT,	/* u8 */
	__DFI_A_MAX,
};
#define DFI_A_MAX (__DFI_A_MAX - 1)

/*
 * Which packets of a classified flow dfi rewrites, by the DSCP they
 * arrive with (after the operator's own mangle rules):
 * ALL       every packet;
 * UNMARKED  only packets arriving with DSCP 0 (the default): a DSCP set
 *           by an endpoint or by an operator's rule is left as it is;
 * KEEP_LE   every packet but those arriving LE (1) or CS1 (8): dfi never
 *           lifts what an endpoint marked as background traffic.
 * A packet that arrives with the class's own DSCP counts as rewritable
 * (it is already what dfi would make it).
 */
enum dfi_dscp_policy {
	DFI_DSCP_POLICY_ALL,
	DFI_DSCP_POLICY_UNMARKED,
	DFI_DSCP_POLICY_KEEP_LE,
	__DFI_DSCP_POLICY_MAX,
};
#define DFI_DSCP_POLICY_MAX (__DFI_DSCP_POLICY_MAX - 1)

/*
 * Second look (CONFIG_SET LONGFLOW*; off by default): a flow classified
 * in one of the classes of LONGFLOW_CLASSES (a bit per class identity;
 * default web only; file itself may not be one) is moved to class file
 * (its ct state and its DSCP become file's) once it is bulk:
 *   it is at least LONGFLOW_AGE_S seconds old (1..86400, default 10),
 *   its dominant direction (the one with more bytes) has carried at least
 *     LONGFLOW_BYTES bytes (>= 1, default 4000000),
 *   at an average of at least LONGFLOW_RATE_KBIT kbit/s over its whole
 *     age (0..10000000, default 1000; 0: any rate),
 *   and at least LONGFLOW_SHARE_PCT percent of the flow's bytes in both
 *     directions (50..100, default 90).
 * Bytes and age are conntrack's own: its accounting extension (IP packet
 * lengths) and its timestamp extension's start (wall clock, set when the
 * entry was confirmed).  Conntrack adds them to an entry only when it is
 * created with net.netfilter.nf_conntrack_acct=1 and
 * nf_conntrack_timestamp=1 in its netns; without them the second look
 * does nothing for the flow (stats second_look_no_acct,
 * second_look_no_tstamp; ct_acct and ct_timestamp show the sysctls).  The
 * rule is checked once per 64 KiB of each direction (by conntrack's byte
 * count: the packet that crosses a multiple of it), and keeps nothing per
 * flow.  It
 * cannot tell a stream of periodic bursts from a download: at an average
 * above the rate threshold, a long video stream classified web is bulk
 * too (Documentation/design.md).
 */
#define DFI_LONGFLOW_DEF_CLASSES	(1U << DFI_CLASS_ID_WEB)
#define DFI_LONGFLOW_DEF_AGE_S		10
#define DFI_LONGFLOW_DEF_BYTES		4000000
#define DFI_LONGFLOW_DEF_RATE_KBIT	1000
#define DFI_LONGFLOW_DEF_SHARE_PCT	90
#define DFI_LONGFLOW_MAX_AGE_S		86400
#define DFI_LONGFLOW_MAX_RATE_KBIT	10000000

#endif /* _UAPI_LINUX_DFI_H */
