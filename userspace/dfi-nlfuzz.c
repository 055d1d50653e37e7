// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-nlfuzz: a fuzzer of the "dfi" generic netlink family.
 *
 * Each step sends the kernel a message that starts as a valid request of
 * one of the family's commands (model chunks of a real model file, DSCP
 * rules with the model's class names, settings in range) and is then,
 * most of the time, broken: bits flipped in payloads, attribute types
 * swapped, lengths cut or stretched, attributes duplicated, dropped or
 * nested where nothing nests, types past DFI_A_MAX, unknown commands,
 * garbage in the genl header and in nlmsg_len and the flags, empty and
 * oversized messages, several messages in one datagram.  Model files go
 * up in chunks in order, shuffled, repeated, skipped, cut short, from two
 * sockets at once, whole or with bits flipped (and the CRC made right
 * again, to reach the parser).  Dumps are cut short: part of one read and
 * the socket closed, or another request sent on the socket in the middle.
 * A share of the rounds runs in a child that dropped to uid/gid 65534
 * with no capabilities, on sockets of its own.
 *
 * Every datagram is followed by a NOOP with NLM_F_ACK (in the same
 * datagram when the kernel's walk of it will reach it), so the outcome
 * of each message is known: accepted, refused with an errno, with or
 * without an extack message, or not answered at all.
 *
 * Exit 1 only when the kernel answers as it never should: a request its
 * policy forbids accepted (an attribute type 0 or past DFI_A_MAX or
 * outside the command's policy, a wrong length, a missing required
 * attribute, an unknown command, reserved header bits), an admin command
 * accepted from the unprivileged child (or refused there with anything
 * but EPERM), no answer within a minute, a malformed reply; when the tool itself crashes; or when at the end the
 * family is gone or the model cannot be loaded again.  At the end (and
 * alone with --restore) it puts back the settings and DSCP map it found,
 * loads --model again and sets enabled 1.
 *
 * Usage: dfi-nlfuzz [--seed N] [--count N] [--seconds S] [--model FILE]
 *                   [--unpriv-share PERCENT] [--restore] [-v]
 * Needs CAP_NET_ADMIN (root, for the unprivileged child); runs in the
 * caller's netns.  Used by tests/vm/t-nlfuzz.sh.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <uapi/linux/dfi.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define NSOCK		3	/* sockets each side keeps open */
#define ROUND		64	/* steps of one round, at one privilege level */
#define MAX_ATTRS	64	/* attributes of a built message */
#define MAX_REQS	64	/* messages noted per exchange */
#define MAX_CHUNKS	128
#define ARENA_SIZE	(2 << 20)
#define WBUF_SIZE	(2 << 20)
#define SOCK_BUF	(4 << 20)
#define ERRNO_SLOTS	256
#define NX_SLOTS	64
#define MSG_SLOTS	64
#define REPLY_TIMEOUT_S	60	/* the debug kernel under TCG is slow */
#define MAX_REPORTS	20
#define NOBODY		65534

/* keys of commands that are not the family's */
#define NO_HDR		256	/* too short for a genl header */
#define NO_CMD		257	/* a command the family does not have */

/* kmod/netlink.c's limits: values in range are drawn below them */
#define MAX_FLOWS_LIMIT		(1U << 22)
#define MAX_UNKNOWN_LIMIT	65536
#define MAX_DEADLINE_MS		600000

#define BIT_A(x)	(1ULL << (x))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The commands as include/uapi/linux/dfi.h documents them. */
static const struct cmd_info {
	const char *name;
	bool admin;		/* "(admin)": needs CAP_NET_ADMIN */
	bool dump;
	uint64_t policy;	/* the attributes it takes */
} cmds[DFI_CMD_MAX + 1] = {
	[DFI_CMD_MODEL_LOAD] = { "MODEL_LOAD", true, false,
		BIT_A(DFI_A_MODEL_TOTAL) | BIT_A(DFI_A_MODEL_OFFSET) |
		BIT_A(DFI_A_MODEL_DATA) },
	[DFI_CMD_MODEL_UNLOAD] = { "MODEL_UNLOAD", true },
	[DFI_CMD_MODEL_GET] = { "MODEL_GET" },
	[DFI_CMD_DSCP_SET] = { "DSCP_SET", true, false,
		BIT_A(DFI_A_CLASS_NAME) | BIT_A(DFI_A_DSCP) },
	[DFI_CMD_DSCP_GET] = { "DSCP_GET" },
	[DFI_CMD_CONFIG_SET] = { "CONFIG_SET", true, false,
		BIT_A(DFI_A_ENABLED) | BIT_A(DFI_A_MAX_FLOWS) |
		BIT_A(DFI_A_DEADLINE_MS) | BIT_A(DFI_A_MARK_MASK) |
		BIT_A(DFI_A_UNKNOWN_SIZE) | BIT_A(DFI_A_CT_DSCP_MASK) |
		BIT_A(DFI_A_CT_DSCP_FLAG) | BIT_A(DFI_A_DSCP_POLICY) },
	[DFI_CMD_CONFIG_GET] = { "CONFIG_GET" },
	[DFI_CMD_STATS_GET] = { "STATS_GET" },
	[DFI_CMD_FLOWS_GET] = { "FLOWS_GET", false, true },
	[DFI_CMD_UNKNOWN_GET] = { "UNKNOWN_GET", false, true },
	[DFI_CMD_UNKNOWN_CLEAR] = { "UNKNOWN_CLEAR", true },
};

/* What an attribute carries, as dfi.h says. */
enum kind { K_PAD, K_U8, K_U16, K_U32, K_U64, K_STR, K_BIN, K_ADDR, K_NEST };

static const uint8_t attr_kind[DFI_A_MAX + 1] = {
	[DFI_A_MODEL_TOTAL] = K_U32,	[DFI_A_MODEL_OFFSET] = K_U32,
	[DFI_A_MODEL_DATA] = K_BIN,	[DFI_A_MODEL_NAME] = K_STR,
	[DFI_A_MODEL_GEN] = K_U32,	[DFI_A_MODEL_SEQ_LEN] = K_U32,
	[DFI_A_MODEL_DEADLINE_MS] = K_U32, [DFI_A_MODEL_SIZE] = K_U32,
	[DFI_A_MODEL_CRC] = K_U32,	[DFI_A_MODEL_MACS] = K_U32,
	[DFI_A_MODEL_LOAD_TIME] = K_U64, [DFI_A_CLASSES] = K_NEST,
	[DFI_A_CLASS] = K_NEST,		[DFI_A_CLASS_INDEX] = K_U32,
	[DFI_A_CLASS_NAME] = K_STR,	[DFI_A_DSCP] = K_U8,
	[DFI_A_ENABLED] = K_U8,		[DFI_A_MAX_FLOWS] = K_U32,
	[DFI_A_DEADLINE_MS] = K_U32,	[DFI_A_MARK_MASK] = K_U32,
	[DFI_A_UNKNOWN_SIZE] = K_U32,	[DFI_A_LABEL_BASE] = K_U32,
	[DFI_A_STATS] = K_NEST,		[DFI_A_STAT] = K_NEST,
	[DFI_A_STAT_NAME] = K_STR,	[DFI_A_STAT_VALUE] = K_U64,
	[DFI_A_FAMILY] = K_U8,		[DFI_A_L4] = K_U8,
	[DFI_A_CLIENT] = K_ADDR,	[DFI_A_CLIENT_PORT] = K_U16,
	[DFI_A_SERVER] = K_ADDR,	[DFI_A_SERVER_PORT] = K_U16,
	[DFI_A_PACKETS] = K_U32,	[DFI_A_AGE_MS] = K_U64,
	[DFI_A_REC_SEQ] = K_U64,	[DFI_A_REC_TIME] = K_U64,
	[DFI_A_REASON] = K_U8,		[DFI_A_NET_CLASS] = K_U8,
	[DFI_A_DIST] = K_U32,		[DFI_A_MARGIN] = K_U32,
	[DFI_A_CTX_FLOWS] = K_U32,	[DFI_A_CTX_SAME_PORT] = K_U32,
	[DFI_A_CTX_UDP] = K_U32,	[DFI_A_DSCP_C2S] = K_U8,
	[DFI_A_DSCP_S2C] = K_U8,	[DFI_A_DURATION_US] = K_U32,
	[DFI_A_PKTS] = K_BIN,		[DFI_A_PAD] = K_PAD,
	[DFI_A_MODEL_VERSION] = K_U32,	[DFI_A_CTX_HOST_P2P] = K_U32,
	[DFI_A_CTX_HOST_SAME_CPORT] = K_U32,	[DFI_A_CLASS_ID] = K_U32,
	[DFI_A_CT_DSCP_MASK] = K_U32,	[DFI_A_CT_DSCP_FLAG] = K_U32,
	[DFI_A_DSCP_POLICY] = K_U8,
};

/* An error reply without an extack message, by command and errno. */
struct nx {
	uint16_t cmd;
	uint16_t err;
	bool unpriv;
	uint32_t n;
	uint32_t miss;		/* of them with NLMSGERR_ATTR_MISS_TYPE */
};

struct msgcount {
	char msg[128];
	uint32_t n;
};

/* Shared with the unprivileged child (one runs at a time). */
struct stats {
	uint64_t sent, accepted, refused, ignored, silent, unreached, unpriv;
	uint64_t noext, send_err, overruns, stray, loads, dumps, dumps_cut;
	uint64_t violations, crashes;
	uint64_t by_errno[ERRNO_SLOTS];
	struct nx nx[NX_SLOTS];
	unsigned int n_nx;
	struct msgcount msgs[MSG_SLOTS];
	unsigned int n_msgs;
};

struct fsock {
	struct nl_sock *sk;
	int fd;
};

struct fz {
	int family;
	uint8_t ops[256];	/* CTRL_ATTR_OP_FLAGS by command, 0: none */
	bool unpriv;		/* the child */
	int verbose;
	uint32_t seq;
	struct fsock pool[NSOCK];
	struct stats *st;
	const uint8_t *model;
	uint32_t model_len;
	char cls[DFI_MAX_CLASSES][DFI_CLASS_NAME_LEN + 1];
	unsigned int n_cls;
	uint64_t count;
	double deadline;	/* monotonic seconds, 0: none */
};

static sig_atomic_t stop;	/* SIGINT, SIGTERM: end, put dfi back */

/* ---- random numbers: splitmix64, one stream per seed ---- */

static uint64_t rng;

static uint64_t rnd64(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd64();
}

/* Values at and around the limits, or anything. */
static uint32_t rnd_u32(void)
{
	static const uint32_t edge[] = {
		0, 1, 2, 63, 64, 255, 256, 4096, DFI_MODEL_CHUNK,
		DFI_MODEL_CHUNK + 1, 65535, 65536, 65537, MAX_DEADLINE_MS,
		MAX_DEADLINE_MS + 1, DFI_MODEL_MAX_SIZE - 1, DFI_MODEL_MAX_SIZE,
		DFI_MODEL_MAX_SIZE + 1, MAX_FLOWS_LIMIT, MAX_FLOWS_LIMIT + 1,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (chance(60))
		return edge[rnd(ARRAY_SIZE(edge))];
	return chance(50) ? rnd(70000) : (uint32_t)rnd64();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffff;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

/* ---- messages: a list of attributes, then bytes ---- */

struct fattr {
	uint16_t type;		/* with any NLA_F_* bits */
	uint16_t len;
	const uint8_t *data;
};

struct fmsg {
	uint16_t flags;
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
	unsigned int n;
	struct fattr a[MAX_ATTRS];
};

/* Attribute payloads of the message being built. */
static uint8_t arena[ARENA_SIZE];
static size_t arena_used;

static uint8_t *arena_alloc(size_t len)
{
	uint8_t *p;

	if (len > ARENA_SIZE - arena_used)
		return NULL;
	p = arena + arena_used;
	arena_used += len;
	return p;
}

/* The datagram being sent. */
static uint32_t wmem32[WBUF_SIZE / 4];
static uint8_t *const wmem = (uint8_t *)wmem32;

struct wbuf {
	uint8_t *p;
	size_t len;
};

static bool add_attr(struct fmsg *m, uint16_t type, const void *data,
		     size_t len)
{
	uint8_t *p;

	if (m->n >= MAX_ATTRS || len > 0xffff - NLA_HDRLEN)
		return false;
	p = arena_alloc(len);
	if (!p)
		return false;
	if (len)
		memcpy(p, data, len);
	m->a[m->n].type = type;
	m->a[m->n].len = (uint16_t)len;
	m->a[m->n].data = p;
	m->n++;
	return true;
}

static void add_u8(struct fmsg *m, uint16_t type, uint8_t v)
{
	add_attr(m, type, &v, 1);
}

static void add_u32(struct fmsg *m, uint16_t type, uint32_t v)
{
	add_attr(m, type, &v, 4);
}

static void add_str(struct fmsg *m, uint16_t type, const char *s)
{
	add_attr(m, type, s, strlen(s) + 1);
}

static void msg_init(struct fmsg *m, uint8_t cmd)
{
	m->cmd = cmd;
	m->version = DFI_GENL_VERSION;
	m->reserved = 0;
	m->n = 0;
	m->flags = NLM_F_REQUEST | NLM_F_ACK;
	if (cmd <= DFI_CMD_MAX && cmds[cmd].dump)
		m->flags = NLM_F_REQUEST | NLM_F_DUMP;
}

static size_t attrs_size(const struct fattr *a, unsigned int n)
{
	size_t size = 0;

	while (n--)
		size += NLA_ALIGN(NLA_HDRLEN + (a++)->len);
	return size;
}

static size_t put_attrs(uint8_t *dst, const struct fattr *a, unsigned int n)
{
	size_t off = 0, pad;
	struct nlattr h;

	for (; n--; a++) {
		h.nla_len = NLA_HDRLEN + a->len;
		h.nla_type = a->type;
		memcpy(dst + off, &h, sizeof(h));
		memcpy(dst + off + NLA_HDRLEN, a->data, a->len);
		pad = NLA_ALIGN(h.nla_len) - h.nla_len;
		memset(dst + off + h.nla_len, 0, pad);
		off += h.nla_len + pad;
	}
	return off;
}

/* Append @m to @w with sequence number @seq; its offset, or -1. */
static long put_msg(const struct fz *z, struct wbuf *w, const struct fmsg *m,
		    uint32_t seq)
{
	size_t off = NLMSG_ALIGN(w->len);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN + attrs_size(m->a, m->n);
	struct nlmsghdr *h = (struct nlmsghdr *)(w->p + off);
	struct genlmsghdr *g = (struct genlmsghdr *)(w->p + off + NLMSG_HDRLEN);

	if (off + len > WBUF_SIZE)
		return -1;
	memset(w->p + w->len, 0, off - w->len);
	h->nlmsg_len = (uint32_t)len;
	h->nlmsg_type = (uint16_t)z->family;
	h->nlmsg_flags = m->flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = 0;
	g->cmd = m->cmd;
	g->version = m->version;
	g->reserved = m->reserved;
	put_attrs(w->p + off + NLMSG_HDRLEN + GENL_HDRLEN, m->a, m->n);
	w->len = off + len;
	return (long)off;
}

/* ---- valid requests ---- */

static const char *class_name(struct fz *z)
{
	static char name[DFI_CLASS_NAME_LEN + 2];
	unsigned int i, n;

	if (z->n_cls && chance(85))
		return z->cls[rnd(z->n_cls)];
	n = chance(10) ? rnd(DFI_CLASS_NAME_LEN + 2) : 1 + rnd(10);
	for (i = 0; i < n; i++)
		name[i] = "abcdefghijklmnopqrstuvwxyz0123456789_-"[rnd(38)];
	name[n] = '\0';
	return name;
}

static void gen_config(struct fmsg *m)
{
	unsigned int width, shift;
	bool any = false;

	while (!any) {
		if (chance(40)) {
			add_u8(m, DFI_A_ENABLED, chance(85));
			any = true;
		}
		if (chance(40)) {
			add_u32(m, DFI_A_MAX_FLOWS, chance(80) ?
				1 + rnd(65536) : rnd(MAX_FLOWS_LIMIT + 1));
			any = true;
		}
		if (chance(40)) {
			add_u32(m, DFI_A_DEADLINE_MS, chance(80) ?
				rnd(5000) : rnd(MAX_DEADLINE_MS + 1));
			any = true;
		}
		if (chance(40)) {
			/* 0, or one run of at least 5 bits */
			width = 5 + rnd(28);
			shift = rnd(33 - width);
			add_u32(m, DFI_A_MARK_MASK, chance(10) ? 0 :
				(uint32_t)(((1ULL << width) - 1) << shift));
			any = true;
		}
		if (chance(20)) {
			/* act_ctinfo's usual field, or 6 bits anywhere */
			add_u32(m, DFI_A_CT_DSCP_MASK, chance(30) ? 0 :
				chance(50) ? 0xfc000000U : 0x3fU << rnd(27));
			any = true;
		}
		if (chance(20)) {
			add_u32(m, DFI_A_CT_DSCP_FLAG,
				chance(30) ? 0 : 1U << rnd(32));
			any = true;
		}
		if (chance(20)) {
			add_u8(m, DFI_A_DSCP_POLICY, rnd(5));
			any = true;
		}
		if (chance(40)) {
			add_u32(m, DFI_A_UNKNOWN_SIZE, chance(95) ?
				rnd(1025) : rnd(MAX_UNKNOWN_LIMIT + 1));
			any = true;
		}
	}
}

/* A request the kernel should take (state permitting). */
static void gen_valid(struct fz *z, struct fmsg *m, uint8_t cmd)
{
	uint32_t len;

	msg_init(m, cmd);
	switch (cmd) {
	case DFI_CMD_MODEL_LOAD:
		/* the whole file if it fits, or a first chunk left hanging */
		len = z->model_len < DFI_MODEL_CHUNK ? z->model_len :
			DFI_MODEL_CHUNK;
		if (chance(50))
			len = 1 + rnd(len);
		add_u32(m, DFI_A_MODEL_TOTAL, z->model_len);
		add_u32(m, DFI_A_MODEL_OFFSET, 0);
		add_attr(m, DFI_A_MODEL_DATA, z->model, len);
		break;
	case DFI_CMD_DSCP_SET:
		add_str(m, DFI_A_CLASS_NAME, class_name(z));
		add_u8(m, DFI_A_DSCP, chance(80) ? rnd(64) : DFI_DSCP_KEEP);
		break;
	case DFI_CMD_CONFIG_SET:
		gen_config(m);
		break;
	default:
		break;
	}
}

/* A command, mostly the family's, with a model running most of the time. */
static uint8_t pick_cmd(void)
{
	uint8_t cmd = 1 + rnd(DFI_CMD_MAX);

	if (cmd == DFI_CMD_MODEL_UNLOAD && chance(70))
		cmd = DFI_CMD_MODEL_GET;
	return cmd;
}

/* ---- random and broken requests ---- */

static size_t rnd_payload(struct fz *z, unsigned int kind, uint8_t *buf,
			  unsigned int depth);

/* Up to 3 small attributes of any type, as the payload of a nest. */
static size_t rnd_nest(struct fz *z, uint8_t *buf, unsigned int depth)
{
	uint8_t data[3][256];
	struct fattr a[3];
	unsigned int i, n = rnd(4);

	for (i = 0; i < n; i++) {
		a[i].type = 1 + rnd(DFI_A_MAX);
		if (chance(50))
			a[i].type |= NLA_F_NESTED;
		a[i].len = (uint16_t)rnd_payload(z, depth < 1 ?
			attr_kind[a[i].type & NLA_TYPE_MASK] : K_BIN,
			data[i], depth + 1);
		if (a[i].len > 48)
			a[i].len = 48;
		a[i].data = data[i];
	}
	return put_attrs(buf, a, n);
}

/* A payload for an attribute of @kind in @buf (>= 256 bytes). */
static size_t rnd_payload(struct fz *z, unsigned int kind, uint8_t *buf,
			  unsigned int depth)
{
	static const uint8_t size[] = {
		[K_U8] = 1, [K_U16] = 2, [K_U32] = 4, [K_U64] = 8,
	};
	uint32_t v;
	size_t n;

	if (chance(10)) {	/* a length the kind does not have */
		n = rnd(10);
		rnd_bytes(buf, n);
		return n;
	}
	switch (kind) {
	case K_PAD:
		return 0;
	case K_STR:
		n = strlen(class_name(z));
		memcpy(buf, class_name(z), n + 1);
		return chance(90) ? n + 1 : n;
	case K_BIN:
		n = rnd(65);
		rnd_bytes(buf, n);
		return n;
	case K_ADDR:
		n = chance(50) ? 4 : 16;
		rnd_bytes(buf, n);
		return n;
	case K_NEST:
		return rnd_nest(z, buf, depth);
	default:
		v = rnd_u32();
		memset(buf, 0, 8);
		memcpy(buf, &v, 4);
		if (size[kind] == 8 && chance(30))
			rnd_bytes(buf + 4, 4);
		return size[kind];
	}
}

static uint16_t rnd_type(uint8_t cmd)
{
	uint64_t policy = cmd <= DFI_CMD_MAX ? cmds[cmd].policy : 0;
	unsigned int t;

	if (policy && chance(60)) {
		do {
			t = 1 + rnd(DFI_A_MAX);
		} while (!(policy & BIT_A(t)));
		return t;
	}
	if (chance(75))
		return 1 + rnd(DFI_A_MAX);
	/* past DFI_A_MAX, or 0 */
	return chance(80) ? DFI_A_MAX + 1 + rnd(NLA_TYPE_MASK - DFI_A_MAX) : 0;
}

static void add_rnd_attr(struct fz *z, struct fmsg *m, uint16_t type)
{
	uint8_t buf[256];
	unsigned int kind = (type & NLA_TYPE_MASK) <= DFI_A_MAX ?
		attr_kind[type & NLA_TYPE_MASK] : K_BIN;

	add_attr(m, type, buf, rnd_payload(z, kind, buf, 0));
}

/* A command number, flags and attributes drawn at random. */
static void gen_random(struct fz *z, struct fmsg *m)
{
	uint8_t cmd = chance(80) ? rnd(DFI_CMD_MAX + 2) : (uint8_t)rnd(256);
	unsigned int i, n = rnd(7);

	msg_init(m, cmd);
	if (chance(20))
		m->flags ^= NLM_F_DUMP;
	for (i = 0; i < n; i++)
		add_rnd_attr(z, m, rnd_type(cmd));
}

/* Attributes @i..@j-1 of @m into one nest attribute of type @type. */
static void nest_attrs(struct fmsg *m, unsigned int i, unsigned int j,
		       uint16_t type)
{
	size_t size = attrs_size(m->a + i, j - i);
	uint8_t *p;

	if (size > 0xffff - NLA_HDRLEN)
		return;
	p = arena_alloc(size);
	if (!p)
		return;
	put_attrs(p, m->a + i, j - i);
	m->a[i].type = type;
	m->a[i].len = (uint16_t)size;
	m->a[i].data = p;
	memmove(m->a + i + 1, m->a + j, (m->n - j) * sizeof(m->a[0]));
	m->n -= j - i - 1;
}

/* One change to the attribute list. */
static void mutate_attrs(struct fz *z, struct fmsg *m)
{
	unsigned int i = m->n ? rnd(m->n) : 0, j, k, op = rnd(9);
	struct fattr *a = &m->a[i];
	uint8_t *p;

	if (!m->n && op != 7)
		op = 7;
	switch (op) {
	case 0:		/* bit flips in a payload */
		if (!a->len)
			break;
		p = arena_alloc(a->len);
		if (!p)
			break;
		memcpy(p, a->data, a->len);
		for (k = 1 + rnd(8); k; k--)
			p[rnd(a->len)] ^= 1 << rnd(8);
		a->data = p;
		break;
	case 1:		/* another type */
		a->type = (a->type & ~NLA_TYPE_MASK) | (1 + rnd(DFI_A_MAX));
		break;
	case 2:		/* cut */
		a->len = (uint16_t)rnd(a->len + 1);
		break;
	case 3:		/* stretched */
		k = chance(90) ? 1 + rnd(16) : 1 + rnd(DFI_MODEL_CHUNK);
		if (a->len + k > 0xffff - NLA_HDRLEN)
			break;
		p = arena_alloc(a->len + k);
		if (!p)
			break;
		memcpy(p, a->data, a->len);
		rnd_bytes(p + a->len, k);
		a->data = p;
		a->len += k;
		break;
	case 4:		/* duplicated */
		if (m->n >= MAX_ATTRS)
			break;
		j = rnd(m->n + 1);
		memmove(m->a + j + 1, m->a + j, (m->n - j) * sizeof(m->a[0]));
		m->a[j] = m->a[i < j ? i : i + 1];
		m->n++;
		break;
	case 5:		/* dropped */
		memmove(m->a + i, m->a + i + 1, (m->n - i - 1) * sizeof(m->a[0]));
		m->n--;
		break;
	case 6:		/* nested where nothing nests */
		j = i + 1 + rnd(m->n - i);
		nest_attrs(m, i, j, (chance(50) ? DFI_A_CLASSES : rnd_type(m->cmd)) |
			   (chance(70) ? NLA_F_NESTED : 0));
		break;
	case 7:		/* a type past DFI_A_MAX (or 0), or any type */
		add_rnd_attr(z, m, chance(60) ? rnd_type(DFI_CMD_MAX + 1) :
			     rnd_type(m->cmd));
		break;
	case 8:		/* NLA_F_NESTED or NLA_F_NET_BYTEORDER */
		a->type ^= chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		break;
	}
}

/* One change to the bytes of the message at @off, the last in @w. */
static void mutate_bytes(struct wbuf *w, size_t off)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(w->p + off);
	struct genlmsghdr *g = (struct genlmsghdr *)(w->p + off + NLMSG_HDRLEN);
	size_t len = w->len - off, aoff, k;
	struct nlattr *a;

	switch (rnd(6)) {
	case 0:		/* nlmsg_len short of or past the message */
		h->nlmsg_len = chance(60) ? rnd(len + 1) : len + 1 + rnd(64);
		break;
	case 1:		/* flags */
		if (chance(50))
			h->nlmsg_flags ^= 1 << rnd(16);
		else
			h->nlmsg_flags = (uint16_t)rnd(0x10000);
		break;
	case 2:		/* the genl header */
		if (chance(40))
			g->cmd = (uint8_t)rnd(256);
		else if (chance(50))
			g->version = (uint8_t)rnd(256);
		else
			g->reserved = (uint16_t)(1 + rnd(0xffff));
		break;
	case 3:		/* an attribute's length, the payload left as it is */
		aoff = off + NLMSG_HDRLEN + GENL_HDRLEN;
		if (aoff + NLA_HDRLEN > w->len)
			break;
		for (k = rnd(4); k; k--) {
			a = (struct nlattr *)(w->p + aoff);
			if (aoff + NLA_ALIGN(a->nla_len) + NLA_HDRLEN > w->len ||
			    a->nla_len < NLA_HDRLEN)
				break;
			aoff += NLA_ALIGN(a->nla_len);
		}
		a = (struct nlattr *)(w->p + aoff);
		switch (rnd(4)) {
		case 0:
			a->nla_len = (uint16_t)rnd(a->nla_len + 1);
			break;
		case 1:
			a->nla_len += (uint16_t)(1 + rnd(16));
			break;
		case 2:
			a->nla_len = (uint16_t)rnd(NLA_HDRLEN);
			break;
		default:
			a->nla_len = 0xffff;
		}
		break;
	case 4:		/* bit flips past the netlink header */
		if (len <= NLMSG_HDRLEN)
			break;
		for (k = 1 + rnd(4); k; k--)
			w->p[off + NLMSG_HDRLEN + rnd(len - NLMSG_HDRLEN)] ^=
				1 << rnd(8);
		break;
	case 5:		/* bytes after the last attribute */
		k = chance(70) ? 1 + rnd(3) : 4 + rnd(13);
		if (w->len + k > WBUF_SIZE)
			break;
		rnd_bytes(w->p + w->len, k);
		w->len += k;
		h->nlmsg_len += k;
		break;
	}
}

/* ---- sockets ---- */

static int sock_open(struct fsock *s)
{
	int one = 1, cap_ack = chance(80), big = SOCK_BUF;

	s->sk = nl_socket_alloc();
	if (!s->sk)
		return -ENOMEM;
	if (nl_connect(s->sk, NETLINK_GENERIC)) {
		nl_socket_free(s->sk);
		s->sk = NULL;
		return -EIO;
	}
	s->fd = nl_socket_get_fd(s->sk);
	nl_socket_set_nonblocking(s->sk);
	nl_socket_enable_msg_peek(s->sk);
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &cap_ack,
		   sizeof(cap_ack));
	/* room for oversized requests and their echoes; capped unprivileged */
	if (setsockopt(s->fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)) ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)))
		nl_socket_set_buffer_size(s->sk, big, big);
	return 0;
}

static void sock_close(struct fsock *s)
{
	if (s->sk)
		nl_socket_free(s->sk);
	s->sk = NULL;
}

static struct fsock *pick_sock(struct fz *z)
{
	struct fsock *s = &z->pool[rnd(NSOCK)];

	if (!s->sk)
		sock_open(s);
	return s->sk ? s : NULL;
}

/* ---- exchanges: send, read the answers, judge them ---- */

struct req {
	uint32_t seq;
	uint16_t cmd;		/* or NO_HDR */
	bool family;		/* reaches the family (else the core acks it) */
	bool dump, admin;
	bool hdr_ok;		/* past genetlink's checks up to the permission */
	const char *must_fail;	/* why the kernel must refuse it, or NULL */
	bool answered, done, dumping;
	int err;		/* 0 accepted, < 0 refused */
	bool extmsg, miss;
	size_t len;
	uint8_t head[64];	/* the message's first bytes, for reports */
};

struct xchg {
	struct req r[MAX_REQS];
	unsigned int n;
	uint32_t barrier;	/* the NOOP's seq, until it is acked */
	bool cut;		/* cut short on purpose */
	bool overrun;		/* the socket lost messages */
	bool quiet;		/* our own request: no statistics */
	void (*reply)(const struct nlmsghdr *h, void *arg);
	void *arg;
	char msg[128];		/* the last extack message */
};

static const char *cmd_name(unsigned int cmd, char *buf, size_t size)
{
	if (cmd == NO_HDR)
		return "(no genl hdr)";
	if (cmd == NO_CMD)
		return "(unknown cmd)";
	if (cmd <= DFI_CMD_MAX && cmds[cmd].name)
		return cmds[cmd].name;
	snprintf(buf, size, "cmd %u", cmd);
	return buf;
}

static const char *err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

static void violation(struct fz *z, const struct req *r, const char *fmt, ...)
{
	char buf[16];
	va_list ap;
	size_t i;

	if (++z->st->violations > MAX_REPORTS)
		return;
	printf("# VIOLATION (%s): ", z->unpriv ? "unprivileged" : "privileged");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (r) {
		printf(" [seq %u, %s, answer %d, %zu bytes:", r->seq,
		       cmd_name(r->cmd, buf, sizeof(buf)), r->err, r->len);
		for (i = 0; i < r->len && i < sizeof(r->head); i++)
			printf(" %02x", r->head[i]);
		printf("%s]", r->len > sizeof(r->head) ? " ..." : "");
	}
	printf("\n");
	fflush(stdout);
}

static bool nul_string_ok(const char *s, int len)
{
	int minlen = len < DFI_CLASS_NAME_LEN + 1 ? len : DFI_CLASS_NAME_LEN + 1;

	if (minlen <= 0 || !memchr(s, '\0', minlen))
		return false;
	if (s[len - 1] == '\0')
		len--;
	return len <= DFI_CLASS_NAME_LEN;
}

/* Why the strict policy of @cmd refuses attribute @a, or NULL. */
static const char *attr_check(uint8_t cmd, const struct nlattr *a)
{
	int t = nla_type(a), len = nla_len(a);

	if (t == 0 || t > DFI_A_MAX)
		return "an attribute type 0 or past DFI_A_MAX";
	if (!(cmds[cmd].policy & BIT_A(t)))
		return "an attribute the command does not take";
	if (a->nla_type & NLA_F_NESTED)
		return "NLA_F_NESTED on a plain attribute";
	switch (attr_kind[t]) {
	case K_U8:
		return len != 1 ? "a u8 attribute of another length" : NULL;
	case K_U32:
		return len != 4 ? "a u32 attribute of another length" : NULL;
	case K_BIN:
		return len > DFI_MODEL_CHUNK ? "MODEL_DATA over DFI_MODEL_CHUNK" :
			NULL;
	case K_STR:
		return nul_string_ok(nla_data(a), len) ? NULL :
			"CLASS_NAME not a string of at most 16 bytes";
	}
	return NULL;
}

/* What dfi.h promises to refuse whatever the state. */
static const char *semantic_check(uint8_t cmd, struct nlattr **tb)
{
	uint32_t total, off;

	switch (cmd) {
	case DFI_CMD_MODEL_LOAD:
		if (!tb[DFI_A_MODEL_TOTAL] || !tb[DFI_A_MODEL_OFFSET] ||
		    !tb[DFI_A_MODEL_DATA])
			return "MODEL_LOAD without TOTAL, OFFSET or DATA";
		total = nla_get_u32(tb[DFI_A_MODEL_TOTAL]);
		off = nla_get_u32(tb[DFI_A_MODEL_OFFSET]);
		if (!total || total > DFI_MODEL_MAX_SIZE ||
		    off >= DFI_MODEL_MAX_SIZE)
			return "MODEL_TOTAL or MODEL_OFFSET out of range";
		if (off > total ||
		    (uint32_t)nla_len(tb[DFI_A_MODEL_DATA]) > total - off)
			return "a chunk past MODEL_TOTAL";
		return NULL;
	case DFI_CMD_DSCP_SET:
		if (!tb[DFI_A_CLASS_NAME] || !tb[DFI_A_DSCP])
			return "DSCP_SET without CLASS_NAME or DSCP";
		if (nla_get_u8(tb[DFI_A_DSCP]) > 63 &&
		    nla_get_u8(tb[DFI_A_DSCP]) != DFI_DSCP_KEEP)
			return "DSCP over 63, not 255";
		if (!*(char *)nla_data(tb[DFI_A_CLASS_NAME]))
			return "an empty class name";
		return NULL;
	case DFI_CMD_CONFIG_SET:
		if (tb[DFI_A_ENABLED] && nla_get_u8(tb[DFI_A_ENABLED]) > 1)
			return "ENABLED over 1";
		return NULL;
	}
	return NULL;
}

static const char *policy_check(uint8_t cmd, uint8_t *p, int len)
{
	struct nlattr *tb[DFI_A_MAX + 1] = { NULL };
	struct nlattr *a;
	const char *why;
	int rem = len;

	if (cmd > DFI_CMD_MAX || !cmds[cmd].name)
		return NULL;	/* a command newer than this tool */
	for (a = (struct nlattr *)p; nla_ok(a, rem); a = nla_next(a, &rem)) {
		why = attr_check(cmd, a);
		if (why)
			return why;
		tb[nla_type(a)] = a;
	}
	if (rem > 0)
		return "bytes left over after the attributes";
	return semantic_check(cmd, tb);
}

/* What the kernel will make of the message at @p, as genetlink does. */
static void classify(struct fz *z, uint8_t *p, struct req *r)
{
	struct nlmsghdr *h = (struct nlmsghdr *)p;
	struct genlmsghdr *g = (struct genlmsghdr *)(p + NLMSG_HDRLEN);
	uint16_t flags = h->nlmsg_flags;
	uint8_t op;

	memset(r, 0, sizeof(*r));
	r->seq = h->nlmsg_seq;
	r->cmd = NO_HDR;
	r->err = 1;
	r->len = h->nlmsg_len;
	memcpy(r->head, p, r->len < sizeof(r->head) ? r->len : sizeof(r->head));
	if (!(flags & NLM_F_REQUEST) || h->nlmsg_type < NLMSG_MIN_TYPE)
		return;
	r->family = true;
	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		r->must_fail = "no room for the genl header";
		return;
	}
	r->cmd = g->cmd;
	r->dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	op = z->ops[g->cmd];
	if (!(op & (r->dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO)))
		r->cmd = NO_CMD;
	if (g->reserved) {
		r->must_fail = "genlmsghdr.reserved not 0";
		return;
	}
	if (r->dump)
		flags &= ~NLM_F_DUMP;
	if (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
		r->must_fail = "reserved bits in nlmsg_flags";
		return;
	}
	if (r->cmd == NO_CMD) {
		r->must_fail = r->dump ? "a dump of a command without one" :
			"a command the family does not have";
		return;
	}
	r->hdr_ok = true;
	r->admin = (op & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM)) ||
		(g->cmd <= DFI_CMD_MAX && cmds[g->cmd].admin);
	r->must_fail = policy_check(g->cmd, p + NLMSG_HDRLEN + GENL_HDRLEN,
				    h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
}

/*
 * Walk @w as netlink_rcv_skb() will, point every message that is not a
 * control message at the family, and note each in @x.  Return whether a
 * message appended to @w would be reached.
 */
static bool scan(struct fz *z, struct wbuf *w, struct xchg *x)
{
	size_t off = 0, left, step;
	struct nlmsghdr *h;

	while ((left = w->len - off) >= NLMSG_HDRLEN) {
		h = (struct nlmsghdr *)(w->p + off);
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > left)
			return false;
		if (!x->quiet && h->nlmsg_type >= NLMSG_MIN_TYPE)
			h->nlmsg_type = (uint16_t)z->family;
		if (x->n < MAX_REQS)
			classify(z, w->p + off, &x->r[x->n++]);
		step = NLMSG_ALIGN(h->nlmsg_len);
		off += step < left ? step : left;
	}
	return off == w->len;
}

static void put_barrier(struct fz *z, struct wbuf *w, struct xchg *x)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(w->p + w->len);

	h->nlmsg_len = NLMSG_HDRLEN;
	h->nlmsg_type = NLMSG_NOOP;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = x->barrier = ++z->seq;
	h->nlmsg_pid = 0;
	w->len += NLMSG_HDRLEN;
}

static int send_barrier(struct fz *z, struct fsock *s, struct xchg *x)
{
	struct nlmsghdr buf;
	struct wbuf w = { (uint8_t *)&buf, 0 };

	put_barrier(z, &w, x);
	if (nl_sendto(s->sk, &buf, w.len) < 0) {
		x->barrier = 0;
		return -1;
	}
	return 0;
}

/*
 * Send the @built messages of @w, then (@barrier) the NOOP that ends the
 * exchange.  Return 0, or -1 if nothing went out.
 */
static int x_send(struct fz *z, struct fsock *s, struct xchg *x,
		  struct wbuf *w, unsigned int built, bool barrier)
{
	unsigned int first = x->n;
	bool tail;

	while (w->len & (NLMSG_ALIGNTO - 1))
		w->p[w->len++] = 0;
	tail = scan(z, w, x) && w->len && barrier;
	if (tail)
		put_barrier(z, w, x);
	if (!x->quiet) {
		z->st->sent += built;
		if (x->n - first < built)	/* nlmsg_len past the datagram */
			z->st->unreached += built - (x->n - first);
		if (z->unpriv)
			z->st->unpriv += built;
	}
	if (nl_sendto(s->sk, w->p, w->len) < 0) {
		if (!x->quiet)
			z->st->send_err++;
		x->n = first;
		x->barrier = 0;
		return -1;
	}
	if (barrier && !tail)
		send_barrier(z, s, x);
	return 0;
}

static struct req *x_find(struct xchg *x, uint32_t seq)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (x->r[i].family && x->r[i].seq == seq && !x->r[i].done)
			return &x->r[i];
	for (i = 0; i < x->n; i++)
		if (x->r[i].seq == seq)
			return &x->r[i];
	return NULL;
}

static void count_msg(struct fz *z, const char *msg)
{
	struct stats *st = z->st;
	unsigned int i;

	for (i = 0; i < st->n_msgs; i++)
		if (!strncmp(st->msgs[i].msg, msg, sizeof(st->msgs[i].msg) - 1))
			break;
	if (i == st->n_msgs) {
		if (i == MSG_SLOTS)
			return;
		snprintf(st->msgs[i].msg, sizeof(st->msgs[i].msg), "%s", msg);
		st->n_msgs++;
	}
	st->msgs[i].n++;
}

/* The extack attributes of an error or done message, from @off on. */
static void parse_extack(struct fz *z, struct xchg *x,
			 const struct nlmsghdr *h, size_t off, struct req *r)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || h->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)h + off),
		      (int)(h->nlmsg_len - off), NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG]) {
		r->extmsg = true;
		snprintf(x->msg, sizeof(x->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
		if (!x->quiet)
			count_msg(z, x->msg);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		r->miss = true;
}

/* A reply of the family: well-formed, for the command asked. */
static void check_reply(struct fz *z, struct req *r, const struct nlmsghdr *h)
{
	const struct genlmsghdr *g = nlmsg_data(h);
	struct nlattr *a;
	int rem;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		violation(z, r, "a reply too short for its genl header");
		return;
	}
	if (r->cmd <= DFI_CMD_MAX && g->cmd != r->cmd)
		violation(z, r, "a reply with command %u", g->cmd);
	rem = genlmsg_attrlen(g, 0);
	for (a = genlmsg_attrdata(g, 0); nla_ok(a, rem); a = nla_next(a, &rem))
		if (!nla_type(a) || nla_type(a) > DFI_A_MAX)
			violation(z, r, "a reply with attribute type %d",
				  nla_type(a));
	if (rem > 0)
		violation(z, r, "a reply with %d bytes after its attributes",
			  rem);
}

static void on_msg(struct fz *z, struct xchg *x, const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = nlmsg_data(h);
	struct req *r;
	size_t off;
	int err;

	if (h->nlmsg_type == NLMSG_ERROR && x->barrier &&
	    h->nlmsg_seq == x->barrier) {
		x->barrier = 0;
		return;
	}
	r = x_find(x, h->nlmsg_seq);
	if (!r) {
		if (!x->quiet)
			z->st->stray++;
		return;
	}
	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		r->answered = r->done = true;
		r->dumping = false;
		if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
			violation(z, r, "a truncated NLMSG_ERROR");
			break;
		}
		if (e->error > 0)
			violation(z, r, "a positive error %d", e->error);
		if (e->error >= 0) {
			if (r->err > 0)
				r->err = 0;
			break;
		}
		r->err = e->error;
		off = NLMSG_HDRLEN + sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len > NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		parse_extack(z, x, h, off, r);
		break;
	case NLMSG_DONE:
		r->answered = r->done = true;
		r->dumping = false;
		err = 0;
		if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(err))
			memcpy(&err, nlmsg_data(h), sizeof(err));
		if (err >= 0) {
			if (r->err > 0)
				r->err = 0;
			break;
		}
		r->err = err;
		parse_extack(z, x, h, NLMSG_HDRLEN + sizeof(err), r);
		break;
	default:
		if (!x->quiet && h->nlmsg_type != z->family) {
			violation(z, r, "a reply of type %u", h->nlmsg_type);
			break;
		}
		r->answered = true;
		if (r->err > 0)
			r->err = 0;
		if ((h->nlmsg_flags & NLM_F_MULTI) && !r->done)
			r->dumping = true;
		if (!x->quiet)
			check_reply(z, r, h);
		if (x->reply)
			x->reply(h, x->arg);
	}
}

static bool x_pending(const struct xchg *x)
{
	unsigned int i;

	if (x->barrier)
		return true;
	for (i = 0; i < x->n; i++)
		if (x->r[i].dumping)
			return true;
	return false;
}

static bool x_all_done(const struct xchg *x)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (x->r[i].family && !x->r[i].done)
			return false;
	return true;
}

/*
 * Read answers: @reads datagrams at most (stopping early once every
 * request is done), or with @reads < 0 until the barrier is acked and no
 * dump runs.  Return -1 when the kernel stays silent.
 */
static int x_wait(struct fz *z, struct fsock *s, struct xchg *x, int reads)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	double since = now();
	struct sockaddr_nl peer;
	struct nlmsghdr *h;
	unsigned char *buf;
	int n;

	for (;;) {
		if (reads < 0 ? !x_pending(x) : !reads || x_all_done(x))
			return 0;
		if (poll(&pfd, 1, 1000) <= 0) {
			if (now() - since < REPLY_TIMEOUT_S)
				continue;
			violation(z, NULL, "no answer from the kernel in %d s",
				  REPLY_TIMEOUT_S);
			x->barrier = 0;
			return -1;
		}
		n = nl_recv(s->sk, &peer, &buf, NULL);
		if (n == -NLE_NOMEM) {	/* ENOBUFS: answers were lost */
			x->overrun = true;
			if (!x->quiet)
				z->st->overruns++;
			if (x->barrier)
				send_barrier(z, s, x);
			continue;
		}
		if (n <= 0)
			continue;
		since = now();
		for (h = (struct nlmsghdr *)buf; nlmsg_ok(h, n);
		     h = nlmsg_next(h, &n))
			on_msg(z, x, h);
		free(buf);
		if (reads > 0)
			reads--;
	}
}

static void count_noext(struct fz *z, const struct req *r)
{
	struct stats *st = z->st;
	unsigned int i;

	for (i = 0; i < st->n_nx; i++)
		if (st->nx[i].cmd == r->cmd && st->nx[i].err == -r->err &&
		    st->nx[i].unpriv == z->unpriv)
			break;
	if (i == st->n_nx) {
		if (i == NX_SLOTS)
			return;
		st->nx[i].cmd = r->cmd;
		st->nx[i].err = (uint16_t)-r->err;
		st->nx[i].unpriv = z->unpriv;
		st->n_nx++;
	}
	st->nx[i].n++;
	st->nx[i].miss += r->miss;
}

static void x_log(const struct fz *z, const struct xchg *x,
		  const struct req *r)
{
	char buf[16];

	if (z->verbose < 2)
		return;
	printf("# %s seq %u %s len %zu%s: ", z->unpriv ? "U" : "P", r->seq,
	       cmd_name(r->cmd, buf, sizeof(buf)), r->len,
	       r->must_fail ? " (must fail)" : "");
	if (!r->family)
		printf("not for the family\n");
	else if (!r->answered)
		printf("no answer\n");
	else if (!r->err)
		printf("accepted\n");
	else
		printf("%s%s%s\n", err_name(-r->err), r->extmsg ? ": " : "",
		       r->extmsg ? x->msg : "");
}

/* Count the outcomes and judge them. */
static void x_finish(struct fz *z, struct xchg *x)
{
	struct stats *st = z->st;
	struct req *r;
	unsigned int i;

	for (i = 0; i < x->n && !x->quiet; i++) {
		r = &x->r[i];
		x_log(z, x, r);
		if (!r->family) {
			st->ignored++;
		} else if (!r->answered) {
			st->silent++;
			if (x->cut || x->overrun)
				continue;
			if (r->must_fail)
				violation(z, r, "no error for: %s", r->must_fail);
			else if (z->unpriv && r->admin)
				violation(z, r, "an admin command not refused");
		} else if (!r->err) {
			st->accepted++;
			if (r->must_fail)
				violation(z, r, "accepted: %s", r->must_fail);
			else if (z->unpriv && r->admin)
				violation(z, r, "an admin command accepted");
		} else {
			if (z->unpriv && r->admin && r->hdr_ok &&
			    r->err != -EPERM)
				violation(z, r, "an admin command refused with %s, not EPERM",
					  err_name(-r->err));
			st->refused++;
			st->by_errno[-r->err < ERRNO_SLOTS ? -r->err : 0]++;
			if (!r->extmsg) {
				st->noext++;
				count_noext(z, r);
			}
		}
	}
}

/* Send @w (@built messages) on @s and judge the answers. */
static int run(struct fz *z, struct fsock *s, struct wbuf *w,
	       unsigned int built)
{
	struct xchg x = { .n = 0 };
	int ret = 0;

	if (!s)
		return -1;
	if (x_send(z, s, &x, w, built, true) == 0)
		ret = x_wait(z, s, &x, -1);
	x_finish(z, &x);
	return ret;
}

/* ---- scenarios ---- */

/* Draw how many changes of each sort, then make them. */
static void build_mutated(struct fz *z, struct fmsg *m, struct wbuf *w)
{
	unsigned int n_struct = 0, n_bytes = 0, k;
	long off;

	for (k = 1 + rnd(3); k; k--) {
		if (chance(60))
			n_struct++;
		else
			n_bytes++;
	}
	for (k = 0; k < n_struct; k++)
		mutate_attrs(z, m);
	off = put_msg(z, w, m, ++z->seq);
	while (off >= 0 && n_bytes--)
		mutate_bytes(w, (size_t)off);
}

/* One message: valid (@how 0), broken (1) or random (2). */
static void build_one(struct fz *z, struct wbuf *w, unsigned int how)
{
	static struct fmsg m;

	if (how == 2) {
		gen_random(z, &m);
		if (chance(70)) {
			put_msg(z, w, &m, ++z->seq);
			return;
		}
		build_mutated(z, &m, w);
		return;
	}
	gen_valid(z, &m, pick_cmd());
	if (how == 0)
		put_msg(z, w, &m, ++z->seq);
	else
		build_mutated(z, &m, w);
}

static void sc_one(struct fz *z, unsigned int how)
{
	struct wbuf w = { wmem, 0 };

	arena_used = 0;
	build_one(z, &w, how);
	run(z, pick_sock(z), &w, 1);
}

/* Several messages in one datagram. */
static void sc_batch(struct fz *z)
{
	struct wbuf w = { wmem, 0 };
	unsigned int i, n = 2 + rnd(3);

	arena_used = 0;
	for (i = 0; i < n; i++)
		build_one(z, &w, rnd(3));
	run(z, pick_sock(z), &w, n);
}

/* A model file as it is, or broken (and its CRC made right, mostly). */
static uint32_t model_variant(struct fz *z, uint8_t *buf)
{
	uint32_t len = z->model_len, k, crc;

	memcpy(buf, z->model, len);
	if (chance(60))
		return len;
	switch (rnd(4)) {
	case 0:
		for (k = 1 + rnd(4); k; k--)
			buf[rnd(len > 4 ? len - 4 : len)] ^= 1 << rnd(8);
		break;
	case 1:
		k = rnd(len < sizeof(struct dfi_model_hdr) ? len :
			sizeof(struct dfi_model_hdr));
		buf[k] = chance(30) ? 0 : chance(50) ? 0xff : (uint8_t)rnd(256);
		break;
	case 2:
		len = 1 + rnd(len);
		break;
	default:
		k = 1 + rnd(64);
		rnd_bytes(buf + len, k);
		len += k;
	}
	if (len > 4 && chance(70)) {
		crc = htole32(crc32_ieee(buf, len - 4));
		memcpy(buf + len - 4, &crc, 4);
	}
	return len;
}

struct chunk {
	uint32_t off, len;
};

static unsigned int split(uint32_t len, struct chunk *c)
{
	uint32_t off = 0, max = len / 2 ? len / 2 : 1, clen;
	unsigned int n = 0;
	bool whole = chance(40);

	if (max > DFI_MODEL_CHUNK)
		max = DFI_MODEL_CHUNK;
	while (off < len) {
		clen = whole || n >= MAX_CHUNKS / 2 ? DFI_MODEL_CHUNK :
			1 + rnd(max);
		if (clen > len - off)
			clen = len - off;
		c[n].off = off;
		c[n].len = clen;
		off += clen;
		n++;
	}
	return n;
}

struct load {
	struct fsock *s;
	uint8_t *file;
	uint32_t len;
	struct chunk c[MAX_CHUNKS];
	unsigned int order[MAX_CHUNKS + 1];
	unsigned int n, next;
	bool mismatch;		/* one chunk with another total */
};

static void load_plan(struct fz *z, struct load *l, unsigned int variant)
{
	unsigned int i, j, k;

	l->len = model_variant(z, l->file);
	l->n = split(l->len, l->c);
	l->next = 0;
	l->mismatch = false;
	for (i = 0; i < l->n; i++)
		l->order[i] = i;
	switch (variant) {
	case 1:		/* shuffled */
		for (i = l->n; i > 1; i--) {
			j = rnd(i);
			k = l->order[i - 1];
			l->order[i - 1] = l->order[j];
			l->order[j] = k;
		}
		break;
	case 2:		/* a chunk twice */
		j = rnd(l->n + 1);
		k = l->order[rnd(l->n)];
		memmove(l->order + j + 1, l->order + j,
			(l->n - j) * sizeof(l->order[0]));
		l->order[j] = k;
		l->n++;
		break;
	case 3:		/* a chunk left out */
		if (l->n > 1) {
			j = rnd(l->n);
			memmove(l->order + j, l->order + j + 1,
				(l->n - j - 1) * sizeof(l->order[0]));
			l->n--;
		}
		break;
	case 4:		/* cut short */
		l->n = rnd(l->n + 1);
		break;
	case 5:
		l->mismatch = true;
		break;
	}
}

/* Send the next chunk of @l; whether it was the last, and accepted. */
static bool load_step(struct fz *z, struct load *l)
{
	static struct fmsg m;
	struct wbuf w = { wmem, 0 };
	struct chunk *c = &l->c[l->order[l->next]];
	uint32_t total = l->len;
	struct xchg x = { .n = 0 };
	bool last;

	arena_used = 0;
	if (l->mismatch && chance(100 / l->n + 1))
		total = chance(50) ? total + 1 + rnd(64) : rnd(total);
	msg_init(&m, DFI_CMD_MODEL_LOAD);
	add_u32(&m, DFI_A_MODEL_TOTAL, total);
	add_u32(&m, DFI_A_MODEL_OFFSET, c->off);
	add_attr(&m, DFI_A_MODEL_DATA, l->file + c->off, c->len);
	if (chance(8))
		build_mutated(z, &m, &w);
	else
		put_msg(z, &w, &m, ++z->seq);
	last = ++l->next == l->n && c->off + c->len == l->len;
	if (!l->s || x_send(z, l->s, &x, &w, 1, true))
		return false;
	x_wait(z, l->s, &x, -1);
	x_finish(z, &x);
	return last && x.n && x.r[0].answered && !x.r[0].err;
}

static uint8_t mfile[2][DFI_MODEL_MAX_SIZE + 64];

/* A model file in chunks: in order, shuffled, ... or from two sockets. */
static void sc_model_load(struct fz *z)
{
	static struct load l[2];
	unsigned int variant = rnd(7), i;
	bool loaded = false;

	for (i = 0; i < 2; i++) {
		l[i].s = &z->pool[i];
		if (!l[i].s->sk)
			sock_open(l[i].s);
		l[i].file = mfile[i];
	}
	load_plan(z, &l[0], variant);
	if (variant == 6) {	/* interleaved with a second load */
		load_plan(z, &l[1], rnd(6));
		while (l[0].next < l[0].n || l[1].next < l[1].n) {
			i = l[0].next < l[0].n && (l[1].next == l[1].n ||
						   chance(50)) ? 0 : 1;
			loaded |= load_step(z, &l[i]);
		}
	} else {
		while (l[0].next < l[0].n)
			loaded |= load_step(z, &l[0]);
		if (variant == 4 && chance(50)) {	/* and its socket gone */
			sock_close(l[0].s);
			sock_open(l[0].s);
		}
	}
	z->st->loads += loaded;
}

/*
 * A dump, read whole; or part of it read and the socket closed; or part
 * of it read and another request sent on the same socket.
 */
static void sc_dump(struct fz *z)
{
	static struct fmsg m;
	uint8_t cmd = chance(50) ? DFI_CMD_FLOWS_GET : DFI_CMD_UNKNOWN_GET;
	unsigned int mode = rnd(4), reads = rnd(3), then = rnd(3);
	struct wbuf w = { wmem, 0 };
	struct xchg x = { .n = 0 };
	struct fsock s;

	arena_used = 0;
	z->st->dumps++;
	gen_valid(z, &m, cmd);
	if (chance(20))
		m.flags |= NLM_F_ACK;
	if (mode >= 2) {
		if (mode == 3)
			build_mutated(z, &m, &w);
		else
			put_msg(z, &w, &m, ++z->seq);
		run(z, pick_sock(z), &w, 1);
		return;
	}
	put_msg(z, &w, &m, ++z->seq);
	if (sock_open(&s))
		return;
	z->st->dumps_cut++;
	if (x_send(z, &s, &x, &w, 1, false) == 0)
		x_wait(z, &s, &x, reads);
	if (mode == 0) {
		x.cut = true;
	} else {
		/* another dump, a valid request or a broken one, mid-dump */
		w.len = 0;
		arena_used = 0;
		if (then == 0) {
			gen_valid(z, &m, chance(50) ? DFI_CMD_FLOWS_GET :
				  DFI_CMD_UNKNOWN_GET);
			put_msg(z, &w, &m, ++z->seq);
		} else {
			build_one(z, &w, then);
		}
		if (x_send(z, &s, &x, &w, 1, true) == 0)
			x_wait(z, &s, &x, -1);
	}
	x_finish(z, &x);
	sock_close(&s);
}

/*
 * Messages no builder makes: an empty datagram, a bare netlink header,
 * a datagram shorter than one, an oversized request, control types.
 */
static void sc_special(struct fz *z)
{
	struct wbuf w = { wmem, 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)wmem;
	struct genlmsghdr *g = (struct genlmsghdr *)(wmem + NLMSG_HDRLEN);
	struct nlattr a;
	size_t target;
	uint8_t v;

	switch (rnd(5)) {
	case 0:			/* empty */
		break;
	case 1:			/* a bare header, twice as often */
	case 4:
		h->nlmsg_len = NLMSG_HDRLEN;
		h->nlmsg_type = (uint16_t)z->family;
		h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		h->nlmsg_seq = ++z->seq;
		h->nlmsg_pid = 0;
		w.len = NLMSG_HDRLEN;
		if (chance(50)) {	/* a control type, with a payload */
			h->nlmsg_type = (uint16_t)rnd(NLMSG_MIN_TYPE);
			w.len += rnd(32);
			rnd_bytes(wmem + NLMSG_HDRLEN, w.len - NLMSG_HDRLEN);
			h->nlmsg_len = (uint32_t)w.len;
		}
		break;
	case 2:			/* shorter than a header */
		w.len = 1 + rnd(NLMSG_HDRLEN - 1);
		rnd_bytes(wmem, w.len);
		break;
	case 3:
		/* 64 KiB to 1 MiB of attributes; one kind each time */
		target = z->unpriv ? 65536 + rnd(131072) :
			65536 + rnd(DFI_MODEL_MAX_SIZE - 65536);
		h->nlmsg_type = (uint16_t)z->family;
		h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		h->nlmsg_seq = ++z->seq;
		h->nlmsg_pid = 0;
		g->cmd = chance(50) ? DFI_CMD_CONFIG_SET : pick_cmd();
		g->version = DFI_GENL_VERSION;
		g->reserved = 0;
		w.len = NLMSG_HDRLEN + GENL_HDRLEN;
		a.nla_type = chance(70) ? DFI_A_ENABLED : rnd_type(g->cmd);
		a.nla_len = chance(70) ? NLA_HDRLEN + 1 :
			NLA_HDRLEN + rnd(0xffff - NLA_HDRLEN);
		v = (uint8_t)chance(90);
		while (w.len + NLA_ALIGN(a.nla_len) <= target) {
			memcpy(wmem + w.len, &a, sizeof(a));
			memset(wmem + w.len + NLA_HDRLEN, v,
			       NLA_ALIGN(a.nla_len) - NLA_HDRLEN);
			w.len += NLA_ALIGN(a.nla_len);
		}
		h->nlmsg_len = (uint32_t)w.len;
		break;
	}
	if (w.len == 0) {	/* an empty datagram, then the barrier */
		struct fsock *s = pick_sock(z);
		struct xchg x = { .n = 0 };

		if (!s)
			return;
		z->st->sent++;
		z->st->silent++;
		z->st->unpriv += z->unpriv;
		if (nl_sendto(s->sk, wmem, 0) < 0)
			z->st->send_err++;
		if (send_barrier(z, s, &x) == 0)
			x_wait(z, s, &x, -1);
		return;
	}
	run(z, pick_sock(z), &w, 1);
}

/* A socket closed and a new one in its place (a load may be running). */
static void sc_churn(struct fz *z)
{
	struct fsock *s = &z->pool[rnd(NSOCK)];

	sock_close(s);
	sock_open(s);
}

static void step(struct fz *z)
{
	unsigned int r = rnd(1000);

	if (r < 250)
		sc_one(z, 0);
	else if (r < 600)
		sc_one(z, 1);
	else if (r < 750)
		sc_one(z, 2);
	else if (r < 850)
		sc_model_load(z);
	else if (r < 930)
		sc_dump(z);
	else if (r < 970)
		sc_batch(z);
	else if (r < 990)
		sc_special(z);
	else
		sc_churn(z);
}

static bool done(const struct fz *z)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED) ||
		z->st->sent >= z->count ||
		(z->deadline && now() >= z->deadline);
}

static void pool_open(struct fz *z)
{
	unsigned int i;

	for (i = 0; i < NSOCK; i++)
		sock_open(&z->pool[i]);
}

static void pool_close(struct fz *z)
{
	unsigned int i;

	for (i = 0; i < NSOCK; i++)
		sock_close(&z->pool[i]);
}

/* ---- the unprivileged child ---- */

static int drop_privileges(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct cap[2];

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return -errno;
	if (syscall(SYS_capget, &hdr, cap))
		return -errno;
	if (cap[0].effective || cap[1].effective || cap[0].permitted ||
	    cap[1].permitted)
		return -EPERM;
	return 0;
}

static void unpriv_round(struct fz *z)
{
	uint64_t seed = rnd64();
	unsigned int i;
	int status, err;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		violation(z, NULL, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		rng = seed;
		for (i = 0; i < NSOCK; i++)	/* the parent's, not ours */
			sock_close(&z->pool[i]);
		err = drop_privileges();
		if (err) {
			printf("# nlfuzz: cannot drop privileges: %s\n",
			       strerror(-err));
			fflush(stdout);
			_exit(3);
		}
		z->unpriv = true;
		pool_open(z);
		for (i = 0; i < ROUND && !done(z); i++)
			step(z);
		pool_close(z);
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		z->st->crashes++;
		violation(z, NULL, "the unprivileged child died of signal %d",
			  WTERMSIG(status));
	} else if (WEXITSTATUS(status)) {
		z->st->crashes++;
		violation(z, NULL, "the unprivileged child failed (status %d)",
			  WEXITSTATUS(status));
	}
}

/* ---- the family, the state before and after ---- */

static void ctrl_reply(const struct nlmsghdr *h, void *arg)
{
	struct fz *z = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *otb[CTRL_ATTR_OP_MAX + 1];
	struct nlattr *op;
	uint32_t id;
	int rem;

	if (genlmsg_parse((struct nlmsghdr *)h, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return;
	z->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	memset(z->ops, 0, sizeof(z->ops));
	if (!tb[CTRL_ATTR_OPS])
		return;
	nla_for_each_nested(op, tb[CTRL_ATTR_OPS], rem) {
		if (nla_parse_nested(otb, CTRL_ATTR_OP_MAX, op, NULL) ||
		    !otb[CTRL_ATTR_OP_ID])
			continue;
		id = nla_get_u32(otb[CTRL_ATTR_OP_ID]);
		if (id < 256)
			z->ops[id] = otb[CTRL_ATTR_OP_FLAGS] ?
				nla_get_u32(otb[CTRL_ATTR_OP_FLAGS]) : 0;
	}
}

/*
 * A request of our own on @s: @m for the family (or, with @m's cmd and
 * @type GENL_ID_CTRL, the controller).  Return 0 or the negative errno.
 */
static int request(struct fz *z, struct fsock *s, struct fmsg *m, int type,
		   void (*reply)(const struct nlmsghdr *, void *), void *arg,
		   char *msg, size_t msg_size)
{
	struct wbuf w = { wmem, 0 };
	struct xchg x = { .quiet = true, .reply = reply, .arg = arg };
	int family = z->family;

	z->family = type;
	m->flags = NLM_F_REQUEST | NLM_F_ACK;
	put_msg(z, &w, m, ++z->seq);
	z->family = family;
	if (x_send(z, s, &x, &w, 1, true) || !x.n)
		return -EIO;
	if (x_wait(z, s, &x, -1))
		return -ETIMEDOUT;
	if (msg)
		snprintf(msg, msg_size, "%s", x.msg);
	if (!x.r[0].answered)
		return -EIO;
	return x.r[0].err;
}

static int resolve(struct fz *z, struct fsock *s)
{
	static struct fmsg m;

	arena_used = 0;
	z->family = -1;
	msg_init(&m, CTRL_CMD_GETFAMILY);
	m.version = 2;
	add_str(&m, CTRL_ATTR_FAMILY_NAME, DFI_GENL_NAME);
	if (request(z, s, &m, GENL_ID_CTRL, ctrl_reply, z, NULL, 0) ||
	    z->family < 0)
		return -ENOENT;
	return 0;
}

struct snapshot {
	bool config;
	uint32_t v[DFI_A_MAX + 1];
	bool have[DFI_A_MAX + 1];
	unsigned int n;
	char name[DFI_MAX_CLASSES][DFI_CLASS_NAME_LEN + 1];
	uint8_t dscp[DFI_MAX_CLASSES];
	char model[DFI_MODEL_NAME_LEN + 1];
	uint32_t model_size;
};

static void attrs_of(const struct nlmsghdr *h, struct nlattr **tb)
{
	if (genlmsg_parse((struct nlmsghdr *)h, 0, tb, DFI_A_MAX, NULL))
		memset(tb, 0, sizeof(*tb) * (DFI_A_MAX + 1));
}

static void config_reply(const struct nlmsghdr *h, void *arg)
{
	static const int keys[] = {
		DFI_A_ENABLED, DFI_A_MAX_FLOWS, DFI_A_DEADLINE_MS,
		DFI_A_MARK_MASK, DFI_A_UNKNOWN_SIZE,
	};
	struct nlattr *tb[DFI_A_MAX + 1];
	struct snapshot *sn = arg;
	unsigned int i;
	int k;

	attrs_of(h, tb);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		k = keys[i];
		if (!tb[k])
			continue;
		sn->have[k] = true;
		sn->v[k] = k == DFI_A_ENABLED ? nla_get_u8(tb[k]) :
			nla_get_u32(tb[k]);
	}
	sn->config = true;
}

static void classes_reply(const struct nlmsghdr *h, void *arg)
{
	struct nlattr *tb[DFI_A_MAX + 1], *ctb[DFI_A_MAX + 1], *c;
	struct snapshot *sn = arg;
	int rem;

	attrs_of(h, tb);
	if (tb[DFI_A_MODEL_NAME])
		snprintf(sn->model, sizeof(sn->model), "%s",
			 nla_get_string(tb[DFI_A_MODEL_NAME]));
	if (tb[DFI_A_MODEL_SIZE])
		sn->model_size = nla_get_u32(tb[DFI_A_MODEL_SIZE]);
	if (!tb[DFI_A_CLASSES])
		return;
	sn->n = 0;
	nla_for_each_nested(c, tb[DFI_A_CLASSES], rem) {
		if (sn->n == DFI_MAX_CLASSES ||
		    nla_parse_nested(ctb, DFI_A_MAX, c, NULL) ||
		    !ctb[DFI_A_CLASS_NAME] || !ctb[DFI_A_DSCP])
			continue;
		snprintf(sn->name[sn->n], sizeof(sn->name[0]), "%s",
			 nla_get_string(ctb[DFI_A_CLASS_NAME]));
		sn->dscp[sn->n++] = nla_get_u8(ctb[DFI_A_DSCP]);
	}
}

static void take_snapshot(struct fz *z, struct fsock *s, struct snapshot *sn)
{
	static struct fmsg m;

	memset(sn, 0, sizeof(*sn));
	arena_used = 0;
	msg_init(&m, DFI_CMD_CONFIG_GET);
	request(z, s, &m, z->family, config_reply, sn, NULL, 0);
	msg_init(&m, DFI_CMD_DSCP_GET);
	request(z, s, &m, z->family, classes_reply, sn, NULL, 0);
}

/*
 * Put dfi back: the settings of @sn (if any) with enabled 1, the model
 * file loaded again, the DSCP of its classes.  Return 0, or -1 with the
 * reason printed.
 */
static int restore(struct fz *z, const struct snapshot *sn)
{
	static const int keys[] = {
		DFI_A_MAX_FLOWS, DFI_A_DEADLINE_MS, DFI_A_MARK_MASK,
		DFI_A_UNKNOWN_SIZE,
	};
	static struct fmsg m;
	struct snapshot after;
	struct fsock s;
	uint32_t off, len;
	char msg[128];
	unsigned int i;
	int err;

	if (sock_open(&s)) {
		printf("# nlfuzz: putting dfi back: no netlink socket\n");
		return -1;
	}
	if (resolve(z, &s)) {
		printf("# nlfuzz: putting dfi back: the dfi family is gone\n");
		sock_close(&s);
		return -1;
	}
	for (off = 0; off < z->model_len; off += len) {
		len = z->model_len - off;
		if (len > DFI_MODEL_CHUNK)
			len = DFI_MODEL_CHUNK;
		arena_used = 0;
		msg_init(&m, DFI_CMD_MODEL_LOAD);
		add_u32(&m, DFI_A_MODEL_TOTAL, z->model_len);
		add_u32(&m, DFI_A_MODEL_OFFSET, off);
		add_attr(&m, DFI_A_MODEL_DATA, z->model + off, len);
		err = request(z, &s, &m, z->family, NULL, NULL, msg,
			      sizeof(msg));
		if (err) {
			printf("# nlfuzz: putting dfi back: model load: %s%s%s\n",
			       strerror(-err), *msg ? ": " : "", msg);
			sock_close(&s);
			return -1;
		}
	}
	arena_used = 0;
	msg_init(&m, DFI_CMD_CONFIG_SET);
	add_u8(&m, DFI_A_ENABLED, 1);
	for (i = 0; sn && i < ARRAY_SIZE(keys); i++)
		if (sn->have[keys[i]])
			add_u32(&m, keys[i], sn->v[keys[i]]);
	err = request(z, &s, &m, z->family, NULL, NULL, msg, sizeof(msg));
	if (err) {
		printf("# nlfuzz: putting dfi back: config set: %s%s%s\n",
		       strerror(-err), *msg ? ": " : "", msg);
		sock_close(&s);
		return -1;
	}
	for (i = 0; sn && i < sn->n; i++) {
		arena_used = 0;
		msg_init(&m, DFI_CMD_DSCP_SET);
		add_str(&m, DFI_A_CLASS_NAME, sn->name[i]);
		add_u8(&m, DFI_A_DSCP, sn->dscp[i]);
		request(z, &s, &m, z->family, NULL, NULL, NULL, 0);
	}
	memset(&after, 0, sizeof(after));
	msg_init(&m, DFI_CMD_MODEL_GET);
	err = request(z, &s, &m, z->family, classes_reply, &after, msg,
		      sizeof(msg));
	if (!err) {
		msg_init(&m, DFI_CMD_CONFIG_GET);
		err = request(z, &s, &m, z->family, config_reply, &after, msg,
			      sizeof(msg));
	}
	sock_close(&s);
	if (err || after.model_size != z->model_len ||
	    !after.have[DFI_A_ENABLED] || after.v[DFI_A_ENABLED] != 1) {
		printf("# nlfuzz: putting dfi back: model get/config get: %s (size %u of %u, enabled %u)\n",
		       err ? strerror(-err) : "ok", after.model_size,
		       z->model_len, after.v[DFI_A_ENABLED]);
		return -1;
	}
	printf("# nlfuzz: restored: model \"%s\" (%u bytes), enabled 1%s\n",
	       after.model, after.model_size,
	       sn && sn->config ? ", the settings and DSCP map found at the start" : "");
	return 0;
}

/* ---- the model file, the report, main ---- */

static int read_model(struct fz *z, const char *path)
{
	static uint8_t buf[DFI_MODEL_MAX_SIZE + 1];
	const struct dfi_model_hdr *h = (const struct dfi_model_hdr *)buf;
	uint32_t off;
	size_t len;
	unsigned int i;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (!len || len > DFI_MODEL_MAX_SIZE)
		return -EFBIG;
	z->model = buf;
	z->model_len = (uint32_t)len;
	/* the class names, for DSCP_SET */
	if (len < sizeof(*h) || h->n_classes > DFI_MAX_CLASSES)
		return 0;
	off = le32toh(h->classes_off);
	if (off > len || h->n_classes * sizeof(struct dfi_model_class) > len - off)
		return 0;
	for (i = 0; i < h->n_classes; i++) {
		memcpy(z->cls[i], buf + off + i * sizeof(struct dfi_model_class),
		       DFI_CLASS_NAME_LEN);
		z->cls[i][DFI_CLASS_NAME_LEN] = '\0';
	}
	z->n_cls = h->n_classes;
	return 0;
}

/* Why an error may come without a message; NULL: it should have one. */
static const char *noext_reason(const struct nx *nx)
{
	switch (nx->err) {
	case EPERM:
		return "the permission check (genetlink)";
	case EOPNOTSUPP:
		return "no such command or no do/dump of it (genetlink)";
	case ENOMEM:
		return "out of memory";
	case EBUSY:
		return "a dump already running on the socket (netlink)";
	case EINVAL:
		if (nx->cmd == NO_HDR)
			return "no room for the genl header (genetlink)";
		if (nx->miss == nx->n)
			return "a missing attribute, named by NLMSGERR_ATTR_MISS_TYPE only";
	}
	return NULL;
}

static void report(const struct fz *z, double secs, uint64_t seed)
{
	const struct stats *st = z->st;
	bool used[ERRNO_SLOTS] = { false };
	const char *sep = "", *why;
	unsigned int i, best, k;
	char buf[16];

	printf("nlfuzz: sent %llu, accepted %llu, refused %llu (",
	       (unsigned long long)st->sent, (unsigned long long)st->accepted,
	       (unsigned long long)st->refused);
	for (;;) {		/* errnos, most frequent first */
		best = 0;
		for (i = 1; i < ERRNO_SLOTS; i++)
			if (!used[i] && st->by_errno[i] &&
			    (!best || st->by_errno[i] > st->by_errno[best]))
				best = i;
		if (!best)
			break;
		used[best] = true;
		printf("%s%s %llu", sep, err_name(best),
		       (unsigned long long)st->by_errno[best]);
		sep = ", ";
	}
	printf("), no-extack %llu, unpriv %llu\n", (unsigned long long)st->noext,
	       (unsigned long long)st->unpriv);
	printf("# nlfuzz: seed %llu, %.1f s, %.0f messages/s; not for the family %llu, not reached %llu, no answer %llu, send errors %llu, overruns %llu, strays %llu; model loads %llu; dumps %llu (%llu cut short)\n",
	       (unsigned long long)seed, secs, secs > 0 ? st->sent / secs : 0,
	       (unsigned long long)st->ignored,
	       (unsigned long long)st->unreached,
	       (unsigned long long)st->silent,
	       (unsigned long long)st->send_err,
	       (unsigned long long)st->overruns, (unsigned long long)st->stray,
	       (unsigned long long)st->loads, (unsigned long long)st->dumps,
	       (unsigned long long)st->dumps_cut);
	if (!z->verbose)
		return;
	for (i = 0; i < st->n_nx; i++) {
		why = noext_reason(&st->nx[i]);
		printf("# no-extack: %-14s %-11s %8u%s%s  %s\n",
		       cmd_name(st->nx[i].cmd, buf, sizeof(buf)),
		       err_name(st->nx[i].err), st->nx[i].n,
		       st->nx[i].unpriv ? " unpriv" : "",
		       st->nx[i].miss && st->nx[i].miss != st->nx[i].n ?
		       " (some MISS_TYPE)" : "",
		       why ? why : "UNEXPLAINED: should say why");
	}
	for (k = 0; k < st->n_msgs; k++)
		printf("# extack: %8u  %s\n", st->msgs[k].n, st->msgs[k].msg);
}

static void on_signal(int sig)
{
	(void)sig;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: dfi-nlfuzz [--seed N] [--count N] [--seconds S] [--model FILE]\n"
		"                  [--unpriv-share PERCENT] [--restore] [-v]\n"
		"Fuzzes the dfi generic netlink family in this netns, then loads FILE\n"
		"(default models/default.dfim) again and sets enabled 1.\n"
		"  --count N     stop after N messages (default 10000)\n"
		"  --seconds S   stop after S seconds (default: no limit)\n"
		"  --unpriv-share P  P%% of the rounds from uid 65534 (default 20)\n"
		"  --restore     only reload the model and set enabled 1\n"
		"  -v            the errors without extack, the extack messages;\n"
		"                -v -v: every message\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 't' },
		{ "model", required_argument, NULL, 'm' },
		{ "unpriv-share", required_argument, NULL, 'u' },
		{ "restore", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *model = "models/default.dfim";
	unsigned int share = 20, i;
	bool restore_only = false;
	struct snapshot sn;
	struct fz z = { .count = 10000 };
	double seconds = 0, start;
	uint64_t seed = 1, round;
	int c, err, ok;

	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			z.count = strtoull(optarg, NULL, 0);
			break;
		case 't':
			seconds = strtod(optarg, NULL);
			break;
		case 'm':
			model = optarg;
			break;
		case 'u':
			share = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'r':
			restore_only = true;
			break;
		case 'v':
			z.verbose++;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || share > 100) {
		print_usage(stderr);
		return 2;
	}
	err = read_model(&z, model);
	if (err) {
		fprintf(stderr, "dfi-nlfuzz: %s: %s\n", model, strerror(-err));
		return 2;
	}
	z.st = mmap(NULL, sizeof(*z.st), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (z.st == MAP_FAILED) {
		perror("dfi-nlfuzz: mmap");
		return 1;
	}
	memset(z.st, 0, sizeof(*z.st));
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	rng = seed;

	pool_open(&z);
	if (!z.pool[0].sk || resolve(&z, &z.pool[0])) {
		printf("not ok - dfi-nlfuzz: the dfi family is not there (module not loaded?)\n");
		return 1;
	}
	if (restore_only) {
		ok = restore(&z, NULL) == 0;
		printf("%s - dfi-nlfuzz --restore: model %s loaded, enabled 1\n",
		       ok ? "ok" : "not ok", model);
		return ok ? 0 : 1;
	}
	take_snapshot(&z, &z.pool[0], &sn);
	if (geteuid() != 0 && share) {
		printf("# nlfuzz: not root: no unprivileged rounds\n");
		share = 0;
	}

	start = now();
	z.deadline = seconds > 0 ? start + seconds : 0;
	for (round = 0; !done(&z); round++) {
		/* share% of the rounds unprivileged, the first one among them */
		if ((round * share + share + 99) / 100 != (round * share + 99) / 100) {
			unpriv_round(&z);
			continue;
		}
		for (i = 0; i < ROUND && !done(&z); i++)
			step(&z);
	}
	pool_close(&z);

	report(&z, now() - start, seed);
	ok = restore(&z, &sn) == 0;
	ok &= !z.st->violations && !z.st->crashes;
	printf("%s - dfi-nlfuzz seed %llu: %llu messages, %llu answers the kernel should never give, %s\n",
	       ok ? "ok" : "not ok", (unsigned long long)seed,
	       (unsigned long long)z.st->sent,
	       (unsigned long long)z.st->violations,
	       ok || !z.st->violations ? "dfi usable after" : "see above");
	return ok ? 0 : 1;
}
