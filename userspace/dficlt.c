// SPDX-License-Identifier: GPL-2.0
/*
 * dficlt: the operator's tool for the dfi module, over its generic
 * netlink family (include/uapi/linux/dfi.h), in the style of iproute2.
 * Documentation/dficlt.8 is its manual.
 *
 * Exit status: 0 ok, 1 the request failed (message on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <dfi/dscp_policy.h>
#include <dfi/features.h>

#include "cachefile.h"
#include "dscpname.h"
#include "longflowarg.h"
#include "nlclient.h"

#define PROG		"dficlt"
#define EXIT_FAIL	1
#define EXIT_USAGE	2

static int json;

static const char usage[] =
"usage: dficlt [-j] [--netns NAME] COMMAND\n"
"       dficlt [-j] [--netns NAME] -b FILE\n"
"\n"
"  model load FILE       load a model (.dfim); replaces the running one\n"
"  model show            the running model and its classes\n"
"  model unload          no model: traffic is only counted\n"
"  dscp set CLASS DSCP   DSCP for a class: 0..63, a name (EF, AF41, CS4,\n"
"                        LE, ...), or keep (leave packets as they are)\n"
"  dscp show             the class -> DSCP map\n"
"  set KEY VALUE         KEY: enabled (0|1), max_flows, deadline_ms (0: the\n"
"                        model's), mark_mask, unknown_size, ct_dscp_mask,\n"
"                        ct_dscp_flag (act_ctinfo's dscp MASK FLAG, e.g.\n"
"                        0xfc000000 0x01000000), dscp_policy (all|unmarked|\n"
"                        keep-le); the second look at long flows:\n"
"                        second_look (0|1), second_look_classes (web,...),\n"
"                        second_look_age (s), second_look_bytes,\n"
"                        second_look_rate (kbit/s), second_look_share (%)\n"
"  show                  the settings\n"
"  stats                 the counters (as /proc/net/dfi/stats)\n"
"  flows                 flows being classified\n"
"  unknown dump [--format csv|json] [-o FILE]\n"
"                        the unknown-flow cache (csv: the training input)\n"
"  unknown clear         empty the unknown-flow cache\n"
"\n"
"  -b, --batch FILE      the commands in FILE (- for stdin), one a line,\n"
"                        # starting a comment; stops at the first failure\n"
"  -j, --json            JSON output\n"
"  -n, --netns NAME      act in network namespace NAME (/run/netns/NAME)\n"
"  -h, --help            this text\n";

static int fail_errno(struct nlc *c, int err, const char *what)
{
	if (err == -EPERM || err == -EACCES)
		fprintf(stderr, PROG ": %s: permission denied (needs CAP_NET_ADMIN)\n",
			what);
	else if (c && c->errmsg[0])
		fprintf(stderr, PROG ": %s: %s (%s)\n", what, c->errmsg,
			strerror(-err));
	else
		fprintf(stderr, PROG ": %s: %s\n", what, strerror(-err));
	return EXIT_FAIL;
}

static u_int32_t get_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static const char *get_str(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_string(tb[a]) : "";
}

/* --- model --- */

static int model_load(struct nlc *c, const char *path)
{
	unsigned char *buf;
	long size;
	u_int32_t off = 0;
	FILE *f;
	int err;

	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	size = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (size < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, PROG ": %s: cannot size the file\n", path);
		fclose(f);
		return EXIT_FAIL;
	}
	if (size == 0 || size > DFI_MODEL_MAX_SIZE) {
		fprintf(stderr, PROG ": %s: %ld bytes: a model is 1..%d bytes\n",
			path, size, DFI_MODEL_MAX_SIZE);
		fclose(f);
		return EXIT_FAIL;
	}
	buf = malloc(size);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		fprintf(stderr, PROG ": %s: read failed\n", path);
		free(buf);
		fclose(f);
		return EXIT_FAIL;
	}
	fclose(f);

	do {
		u_int32_t n = size - off > DFI_MODEL_CHUNK ?
			      DFI_MODEL_CHUNK : size - off;
		struct nl_msg *msg = nlc_msg(c, DFI_CMD_MODEL_LOAD, 0);

		if (!msg || nla_put_u32(msg, DFI_A_MODEL_TOTAL, size) ||
		    nla_put_u32(msg, DFI_A_MODEL_OFFSET, off) ||
		    nla_put(msg, DFI_A_MODEL_DATA, n, buf + off)) {
			free(buf);
			if (msg)
				nlmsg_free(msg);
			return fail_errno(NULL, -ENOMEM, "model load");
		}
		err = nlc_call(c, msg, NULL, NULL);
		if (err) {
			free(buf);
			return fail_errno(c, err, path);
		}
		off += n;
	} while (off < size);
	free(buf);
	return 0;
}

/* The classes of a reply; -EBADMSG if one does not match nlc_policy. */
static int print_classes(struct nlattr *classes)
{
	struct nlattr *cls, *tb[DFI_A_MAX + 1];
	int rem, n = 0;

	if (!classes)
		return 0;
	if (json)
		printf("\"classes\":[");
	nla_for_each_nested(cls, classes, rem) {
		const char *nm = NULL;
		char d[8] = "keep";
		int dscp;

		if (nla_parse_nested(tb, DFI_A_MAX, cls, nlc_policy))
			return -EBADMSG;
		dscp = tb[DFI_A_DSCP] ? nla_get_u8(tb[DFI_A_DSCP]) : 255;
		if (dscp != 255) {
			snprintf(d, sizeof(d), "%d", dscp);
			nm = dscp_name(dscp);
		}
		if (json) {
			printf("%s{\"index\":%u,\"name\":\"%s\",", n++ ? "," : "",
			       get_u32(tb, DFI_A_CLASS_INDEX),
			       get_str(tb, DFI_A_CLASS_NAME));
			/* the class identity: an older module sends none */
			if (tb[DFI_A_CLASS_ID])
				printf("\"id\":%u,", get_u32(tb, DFI_A_CLASS_ID));
			printf("\"dscp\":%s}", dscp == 255 ? "null" : d);
			continue;
		}
		printf("%-16s %-4s %-4s", get_str(tb, DFI_A_CLASS_NAME), d,
		       nm ? nm : "");
		if (tb[DFI_A_CLASS_ID])
			printf(" id %u", get_u32(tb, DFI_A_CLASS_ID));
		printf("\n");
	}
	if (json)
		printf("]");
	return 0;
}

/* The checkpoints, "4 8 16" or in JSON "4,8,16"; none: nothing. */
static void print_checkpoints(struct nlattr *a, const char *sep)
{
	const u_int8_t *cp = a ? nla_data(a) : NULL;
	int i, n = a ? nla_len(a) : 0;

	for (i = 0; i < n; i++)
		printf("%s%u", i ? sep : "", cp[i]);
}

static int model_show_reply(struct nlattr **tb, void *arg)
{
	unsigned long long t = tb[DFI_A_MODEL_LOAD_TIME] ?
		(unsigned long long)nla_get_u64(tb[DFI_A_MODEL_LOAD_TIME]) : 0;
	int err;

	(void)arg;
	if (json) {
		printf("{\"name\":\"%s\",\"version\":%u,\"generation\":%u,\"seq_len\":%u,\"deadline_ms\":%u,\"size\":%u,\"crc\":\"%08x\",\"macs\":%u,\"load_time_ns\":%llu,",
		       get_str(tb, DFI_A_MODEL_NAME),
		       get_u32(tb, DFI_A_MODEL_VERSION),
		       get_u32(tb, DFI_A_MODEL_GEN),
		       get_u32(tb, DFI_A_MODEL_SEQ_LEN),
		       get_u32(tb, DFI_A_MODEL_DEADLINE_MS),
		       get_u32(tb, DFI_A_MODEL_SIZE),
		       get_u32(tb, DFI_A_MODEL_CRC),
		       get_u32(tb, DFI_A_MODEL_MACS), t);
		printf("\"checkpoints\":[");
		print_checkpoints(tb[DFI_A_MODEL_CHECKPOINTS], ",");
		printf("],");
		err = print_classes(tb[DFI_A_CLASSES]);
		printf("}\n");
		return err;
	}
	printf("name %s\nversion %u\ngeneration %u\nseq_len %u\n"
	       "deadline_ms %u\nsize %u\ncrc %08x\nmacs %u\nload_time_ns %llu\n",
	       get_str(tb, DFI_A_MODEL_NAME), get_u32(tb, DFI_A_MODEL_VERSION),
	       get_u32(tb, DFI_A_MODEL_GEN),
	       get_u32(tb, DFI_A_MODEL_SEQ_LEN),
	       get_u32(tb, DFI_A_MODEL_DEADLINE_MS),
	       get_u32(tb, DFI_A_MODEL_SIZE), get_u32(tb, DFI_A_MODEL_CRC),
	       get_u32(tb, DFI_A_MODEL_MACS), t);
	printf("checkpoints ");
	if (tb[DFI_A_MODEL_CHECKPOINTS])
		print_checkpoints(tb[DFI_A_MODEL_CHECKPOINTS], " ");
	else
		printf("none");
	printf("\nclasses:\n");
	return print_classes(tb[DFI_A_CLASSES]);
}

static int simple(struct nlc *c, u_int8_t cmd, nlc_reply_fn fn,
		  const char *what)
{
	struct nl_msg *msg = nlc_msg(c, cmd, 0);
	int err;

	if (!msg)
		return fail_errno(NULL, -ENOMEM, what);
	err = nlc_call(c, msg, fn, NULL);
	return err ? fail_errno(c, err, what) : 0;
}

/* --- dscp --- */

static int dscp_show_reply(struct nlattr **tb, void *arg)
{
	int err;

	(void)arg;
	if (json)
		printf("{");
	err = print_classes(tb[DFI_A_CLASSES]);
	if (json)
		printf("}\n");
	return err;
}

static int dscp_set(struct nlc *c, const char *cls, const char *val)
{
	struct nl_msg *msg;
	int dscp = dscp_parse(val), err;

	if (dscp < 0) {
		fprintf(stderr, PROG ": bad DSCP '%s' (0..63, a name like EF, AF41, CS4, LE, or keep)\n",
			val);
		return EXIT_USAGE;
	}
	if (!*cls || strlen(cls) > DFI_CLASS_NAME_LEN) {
		fprintf(stderr, PROG ": bad class name '%s'\n", cls);
		return EXIT_USAGE;
	}
	msg = nlc_msg(c, DFI_CMD_DSCP_SET, 0);
	if (!msg)
		return fail_errno(NULL, -ENOMEM, "dscp set");
	if (nla_put_string(msg, DFI_A_CLASS_NAME, cls) ||
	    nla_put_u8(msg, DFI_A_DSCP, dscp)) {
		nlmsg_free(msg);
		return fail_errno(NULL, -ENOMEM, "dscp set");
	}
	err = nlc_call(c, msg, NULL, NULL);
	return err ? fail_errno(c, err, "dscp set") : 0;
}

/* --- settings --- */

static const struct {
	const char *key;
	int attr;
	/*
	 * 0: u32; 1: u8, 0 or 1; 2: u8, a rewrite policy by name; 3: u8;
	 * 4: u32, a class set (longflowarg.h)
	 */
	int is_u8;
} settings[] = {
	{ "enabled", DFI_A_ENABLED, 1 },
	{ "max_flows", DFI_A_MAX_FLOWS, 0 },
	{ "deadline_ms", DFI_A_DEADLINE_MS, 0 },
	{ "mark_mask", DFI_A_MARK_MASK, 0 },
	{ "unknown_size", DFI_A_UNKNOWN_SIZE, 0 },
	{ "ct_dscp_mask", DFI_A_CT_DSCP_MASK, 0 },
	{ "ct_dscp_flag", DFI_A_CT_DSCP_FLAG, 0 },
	{ "dscp_policy", DFI_A_DSCP_POLICY, 2 },
	{ "second_look", DFI_A_LONGFLOW, 1 },
	{ "second_look_classes", DFI_A_LONGFLOW_CLASSES, 4 },
	{ "second_look_age", DFI_A_LONGFLOW_AGE_S, 0 },
	{ "second_look_bytes", DFI_A_LONGFLOW_BYTES, 0 },
	{ "second_look_rate", DFI_A_LONGFLOW_RATE_KBIT, 0 },
	{ "second_look_share", DFI_A_LONGFLOW_SHARE_PCT, 3 },
};

static int config_set(struct nlc *c, const char *key, const char *val)
{
	unsigned long long v;
	struct nl_msg *msg;
	unsigned int i;
	char *end;
	int err;

	for (i = 0; i < DFI_ARRAY_SIZE(settings); i++)
		if (!strcmp(key, settings[i].key))
			break;
	if (i == DFI_ARRAY_SIZE(settings)) {
		fprintf(stderr, PROG ": unknown setting '%s'\n", key);
		return EXIT_USAGE;
	}
	errno = 0;
	if (settings[i].is_u8 == 2) {
		int p = dfi_dscp_policy_parse(val);

		v = p < 0 ? ~0ULL : (unsigned long long)p;
		end = "";
	} else if (settings[i].is_u8 == 4) {
		u_int32_t m;

		v = longflow_classes_parse(val, &m) ? ~0ULL : m;
		end = "";
	} else {
		v = strtoull(val, &end, 0);
		if (*val < '0' || *val > '9')
			v = ~0ULL;
	}
	if (*end || errno || v > 0xffffffffULL ||
	    (settings[i].is_u8 == 1 && v > 1) ||
	    (settings[i].is_u8 == 3 && v > 255)) {
		fprintf(stderr, PROG ": bad value '%s' for %s\n", val, key);
		return EXIT_USAGE;
	}
	msg = nlc_msg(c, DFI_CMD_CONFIG_SET, 0);
	if (!msg)
		return fail_errno(NULL, -ENOMEM, "set");
	if (settings[i].is_u8 && settings[i].is_u8 != 4)
		err = nla_put_u8(msg, settings[i].attr, (u_int8_t)v);
	else
		err = nla_put_u32(msg, settings[i].attr, (u_int32_t)v);
	if (err) {
		nlmsg_free(msg);
		return fail_errno(NULL, -ENOMEM, "set");
	}
	err = nlc_call(c, msg, NULL, NULL);
	return err ? fail_errno(c, err, key) : 0;
}

/* The second look's settings; an older module has none: nothing. */
static void longflow_show(struct nlattr **tb)
{
	char cls[128];

	if (!tb[DFI_A_LONGFLOW])
		return;
	longflow_classes_str(get_u32(tb, DFI_A_LONGFLOW_CLASSES), cls,
			     sizeof(cls));
	printf(json ? ",\"second_look\":%u,\"second_look_classes\":\"%s\",\"second_look_age\":%u,\"second_look_bytes\":%u,\"second_look_rate\":%u,\"second_look_share\":%u" :
		      "second_look %u\nsecond_look_classes %s\nsecond_look_age %u\nsecond_look_bytes %u\nsecond_look_rate %u\nsecond_look_share %u\n",
	       nla_get_u8(tb[DFI_A_LONGFLOW]), cls,
	       get_u32(tb, DFI_A_LONGFLOW_AGE_S),
	       get_u32(tb, DFI_A_LONGFLOW_BYTES),
	       get_u32(tb, DFI_A_LONGFLOW_RATE_KBIT),
	       tb[DFI_A_LONGFLOW_SHARE_PCT] ?
	       nla_get_u8(tb[DFI_A_LONGFLOW_SHARE_PCT]) : 0);
}

static int config_show_reply(struct nlattr **tb, void *arg)
{
	int label = tb[DFI_A_LABEL_BASE] ?
		    (int)nla_get_s32(tb[DFI_A_LABEL_BASE]) : -1;
	unsigned int en = tb[DFI_A_ENABLED] ? nla_get_u8(tb[DFI_A_ENABLED]) : 0;
	/* an older module has no policy: it rewrote every packet */
	unsigned int pol = tb[DFI_A_DSCP_POLICY] ?
			   nla_get_u8(tb[DFI_A_DSCP_POLICY]) : DFI_DSCP_POLICY_ALL;

	(void)arg;
	printf(json ? "{\"enabled\":%u,\"max_flows\":%u,\"deadline_ms\":%u,\"mark_mask\":%u,\"unknown_size\":%u,\"label_base\":%d,\"ct_dscp_mask\":%u,\"ct_dscp_flag\":%u,\"dscp_policy\":\"%s\"" :
		      "enabled %u\nmax_flows %u\ndeadline_ms %u\nmark_mask 0x%08x\nunknown_size %u\nlabel_base %d\nct_dscp_mask 0x%08x\nct_dscp_flag 0x%08x\ndscp_policy %s\n",
	       en, get_u32(tb, DFI_A_MAX_FLOWS),
	       get_u32(tb, DFI_A_DEADLINE_MS), get_u32(tb, DFI_A_MARK_MASK),
	       get_u32(tb, DFI_A_UNKNOWN_SIZE), label,
	       get_u32(tb, DFI_A_CT_DSCP_MASK), get_u32(tb, DFI_A_CT_DSCP_FLAG),
	       dfi_dscp_policy_name(pol));
	longflow_show(tb);
	if (json)
		printf("}\n");
	return 0;
}

/* --- stats --- */

static int stats_reply(struct nlattr **tb, void *arg)
{
	struct nlattr *st, *t2[DFI_A_MAX + 1];
	int rem, n = 0;

	(void)arg;
	if (!tb[DFI_A_STATS])
		return -EBADMSG;
	if (json)
		printf("{");
	nla_for_each_nested(st, tb[DFI_A_STATS], rem) {
		unsigned long long v;

		if (nla_parse_nested(t2, DFI_A_MAX, st, nlc_policy))
			return -EBADMSG;
		if (!t2[DFI_A_STAT_NAME] || !t2[DFI_A_STAT_VALUE])
			continue;
		v = (unsigned long long)nla_get_u64(t2[DFI_A_STAT_VALUE]);
		if (json)
			printf("%s\"%s\":%llu", n++ ? "," : "",
			       nla_get_string(t2[DFI_A_STAT_NAME]), v);
		else
			printf("%s %llu\n", nla_get_string(t2[DFI_A_STAT_NAME]), v);
	}
	if (json)
		printf("}\n");
	return 0;
}

/* --- flows and the unknown cache --- */

static void addr_str(struct nlattr **tb, int a, char *out, size_t len)
{
	int af = tb[DFI_A_FAMILY] && nla_get_u8(tb[DFI_A_FAMILY]) == AF_INET6 ?
		 AF_INET6 : AF_INET;

	if (!tb[a] || nla_len(tb[a]) != (af == AF_INET ? 4 : 16) ||
	    !inet_ntop(af, nla_data(tb[a]), out, len))
		snprintf(out, len, "?");
}

static unsigned int get_u16(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u16(tb[a]) : 0;
}

static const char *l4_name(struct nlattr **tb)
{
	return tb[DFI_A_L4] && nla_get_u8(tb[DFI_A_L4]) == 17 ? "udp" : "tcp";
}

struct out {
	FILE *f;
	int format;	/* 0 text/csv, 1 json */
	unsigned long n;
};

static int flows_reply(struct nlattr **tb, void *arg)
{
	struct out *o = arg;
	char c[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];
	unsigned long long age = tb[DFI_A_AGE_MS] ?
		(unsigned long long)nla_get_u64(tb[DFI_A_AGE_MS]) : 0;

	addr_str(tb, DFI_A_CLIENT, c, sizeof(c));
	addr_str(tb, DFI_A_SERVER, s, sizeof(s));
	if (o->format)
		fprintf(o->f, "%s{\"l4\":\"%s\",\"client\":\"%s\",\"client_port\":%u,\"server\":\"%s\",\"server_port\":%u,\"packets\":%u,\"age_ms\":%llu}",
			o->n ? "," : "", l4_name(tb), c,
			get_u16(tb, DFI_A_CLIENT_PORT), s,
			get_u16(tb, DFI_A_SERVER_PORT),
			get_u32(tb, DFI_A_PACKETS), age);
	else
		fprintf(o->f, "%s %s %u %s %u %u %llu\n", l4_name(tb), c,
			get_u16(tb, DFI_A_CLIENT_PORT), s,
			get_u16(tb, DFI_A_SERVER_PORT),
			get_u32(tb, DFI_A_PACKETS), age);
	o->n++;
	return 0;
}

/*
 * The unknown-cache export, one flow per line, read by models/data.py
 * through userspace/cachefile.c (Documentation/model.md): the 5-tuple and
 * an empty class column to fill in, then the flow's recorded features
 * exactly as the kernel kept them (pkts: 2 hex bytes per packet, size
 * byte then gap byte).  The columns are CACHEFILE_HEADER's; JSON has an
 * object per record with the same names.
 */
struct field {
	const char *val;	/* NULL: the module did not send it (older) */
	int quoted;		/* a JSON string */
};

static void put_record(struct out *o, const struct field *f,
		       unsigned int n)
{
	const char *name = CACHEFILE_HEADER;
	unsigned int i;

	if (o->format)
		fprintf(o->f, "%s{", o->n ? "," : "");
	for (i = 0; i < n; i++) {
		int len = (int)strcspn(name, ",");
		const char *q = f[i].quoted && f[i].val ? "\"" : "";

		if (o->format)
			fprintf(o->f, "%s\"%.*s\":%s%s%s", i ? "," : "", len,
				name, q, f[i].val ? f[i].val : "null", q);
		else
			fprintf(o->f, "%s%s", i ? "," : "",
				f[i].val ? f[i].val : "");
		name += len + (name[len] == ',');
	}
	fputs(o->format ? "}" : "\n", o->f);
}

/* A numeric attribute as text into @buf, NULL when absent. */
static const char *num_str(struct nlattr **tb, int a, char *buf, size_t len)
{
	unsigned long long v;

	if (!tb[a])
		return NULL;
	switch (nla_len(tb[a])) {
	case 1:
		v = nla_get_u8(tb[a]);
		break;
	case 2:
		v = nla_get_u16(tb[a]);
		break;
	case 8:
		v = nla_get_u64(tb[a]);
		break;
	default:
		v = nla_get_u32(tb[a]);
	}
	snprintf(buf, len, "%llu", v);
	return buf;
}

static int unknown_reply(struct nlattr **tb, void *arg)
{
	/* the attributes of CACHEFILE_HEADER's numeric columns, 0: other */
	static const int attr[] = {
		DFI_A_REC_SEQ, DFI_A_REC_TIME, 0, 0, DFI_A_CLIENT_PORT, 0,
		DFI_A_SERVER_PORT, 0, DFI_A_REASON, DFI_A_NET_CLASS,
		DFI_A_DIST, 0, DFI_A_CTX_FLOWS, DFI_A_CTX_SAME_PORT,
		DFI_A_CTX_UDP, DFI_A_CTX_HOST_P2P, DFI_A_CTX_HOST_SAME_CPORT,
		DFI_A_DSCP_C2S, DFI_A_DSCP_S2C, DFI_A_DURATION_US,
		DFI_A_PACKETS, 0,
	};
	enum { C_L4 = 2, C_CIP, C_SIP = 5, C_CLASS = 7, C_MARGIN = 11,
	       C_DSCP1 = 17, C_DSCP2, C_PKTS = 21, NCOLS };
	struct out *o = arg;
	char c[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN], num[NCOLS][24];
	char pkts[2 * DFI_MAX_SEQ * sizeof(struct dfi_pkt) + 1] = "";
	const unsigned char *p = tb[DFI_A_PKTS] ? nla_data(tb[DFI_A_PKTS]) : NULL;
	int plen = tb[DFI_A_PKTS] ? nla_len(tb[DFI_A_PKTS]) : 0, i;
	struct field f[NCOLS];

	_Static_assert(DFI_ARRAY_SIZE(attr) == NCOLS, "a column each");
	/* whole records, no more than DFI_MAX_SEQ (nlc_policy: the latter) */
	if (plen % sizeof(struct dfi_pkt) ||
	    plen > DFI_MAX_SEQ * (int)sizeof(struct dfi_pkt))
		return -EBADMSG;
	for (i = 0; i < NCOLS; i++) {
		f[i].quoted = 0;
		f[i].val = attr[i] ? num_str(tb, attr[i], num[i],
					     sizeof(num[i])) : NULL;
	}
	addr_str(tb, DFI_A_CLIENT, c, sizeof(c));
	addr_str(tb, DFI_A_SERVER, s, sizeof(s));
	f[C_L4].val = l4_name(tb);
	f[C_CIP].val = c;
	f[C_SIP].val = s;
	f[C_CLASS].val = "";
	f[C_L4].quoted = f[C_CIP].quoted = f[C_SIP].quoted = 1;
	f[C_CLASS].quoted = f[C_PKTS].quoted = 1;
	snprintf(num[C_MARGIN], sizeof(num[C_MARGIN]), "%d", tb[DFI_A_MARGIN] ?
		 (int)nla_get_s32(tb[DFI_A_MARGIN]) : 0);
	f[C_MARGIN].val = num[C_MARGIN];
	/* no DSCP seen: 255, as the kernel keeps it */
	if (!f[C_DSCP1].val)
		f[C_DSCP1].val = "255";
	if (!f[C_DSCP2].val)
		f[C_DSCP2].val = "255";
	for (i = 0; p && i < plen; i++)
		snprintf(pkts + 2 * i, 3, "%02x", p[i]);
	f[C_PKTS].val = pkts;
	put_record(o, f, NCOLS);
	o->n++;
	return 0;
}

static int dump(struct nlc *c, u_int8_t cmd, nlc_reply_fn fn, struct out *o,
		const char *what)
{
	struct nl_msg *msg = nlc_msg(c, cmd, 1);
	int err;

	if (!msg)
		return fail_errno(NULL, -ENOMEM, what);
	err = nlc_call(c, msg, fn, o);
	return err ? fail_errno(c, err, what) : 0;
}

static int cmd_flows(struct nlc *c)
{
	struct out o = { .f = stdout, .format = json };
	int ret;

	if (json)
		printf("[");
	else
		printf("l4 client client_port server server_port packets age_ms\n");
	ret = dump(c, DFI_CMD_FLOWS_GET, flows_reply, &o, "flows");
	if (json)
		printf("]\n");
	return ret;
}

static int cmd_unknown_dump(struct nlc *c, int argc, char **argv)
{
	struct out o = { .f = stdout, .format = json };
	const char *file = NULL;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "json")) {
				o.format = 1;
			} else if (!strcmp(argv[i], "csv")) {
				o.format = 0;
			} else {
				fprintf(stderr, PROG ": --format csv|json\n");
				return EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			file = argv[++i];
		} else {
			fprintf(stderr, PROG ": unknown dump: bad argument '%s'\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (file) {
		o.f = fopen(file, "w");
		if (!o.f) {
			fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
			return EXIT_FAIL;
		}
	}
	fputs(o.format ? "[" : CACHEFILE_HEADER "\n", o.f);
	ret = dump(c, DFI_CMD_UNKNOWN_GET, unknown_reply, &o, "unknown dump");
	if (o.format)
		fputs("]\n", o.f);
	if (file && fclose(o.f)) {
		fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}

/* --- main --- */

static int enter_netns(const char *name)
{
	char path[512];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, PROG ": netns %s: %s\n", name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int run(struct nlc *c, int argc, char **argv)
{
	const char *cmd = argv[0];
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "model") && !strcmp(sub, "load") && argc == 3)
		return model_load(c, argv[2]);
	if (!strcmp(cmd, "model") && !strcmp(sub, "show") && argc == 2)
		return simple(c, DFI_CMD_MODEL_GET, model_show_reply, "model show");
	if (!strcmp(cmd, "model") && !strcmp(sub, "unload") && argc == 2)
		return simple(c, DFI_CMD_MODEL_UNLOAD, NULL, "model unload");
	if (!strcmp(cmd, "dscp") && !strcmp(sub, "set") && argc == 4)
		return dscp_set(c, argv[2], argv[3]);
	if (!strcmp(cmd, "dscp") && !strcmp(sub, "show") && argc == 2)
		return simple(c, DFI_CMD_DSCP_GET, dscp_show_reply, "dscp show");
	if (!strcmp(cmd, "set") && argc == 3)
		return config_set(c, argv[1], argv[2]);
	if (!strcmp(cmd, "show") && argc == 1)
		return simple(c, DFI_CMD_CONFIG_GET, config_show_reply, "show");
	if (!strcmp(cmd, "stats") && argc == 1)
		return simple(c, DFI_CMD_STATS_GET, stats_reply, "stats");
	if (!strcmp(cmd, "flows") && argc == 1)
		return cmd_flows(c);
	if (!strcmp(cmd, "unknown") && !strcmp(sub, "dump"))
		return cmd_unknown_dump(c, argc - 2, argv + 2);
	if (!strcmp(cmd, "unknown") && !strcmp(sub, "clear") && argc == 2)
		return simple(c, DFI_CMD_UNKNOWN_CLEAR, NULL, "unknown clear");
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}

#define BATCH_MAX_WORDS	16

/*
 * -b FILE: each line a command as on the command line (words separated by
 * blanks, no quoting), "#" to the end of the line a comment.  Stops at the
 * first command that fails, naming its line: a boot-time configuration
 * (/etc/dfi/dfi.conf) must not half apply in silence.
 */
static int batch(struct nlc *c, const char *file)
{
	char *argv[BATCH_MAX_WORDS + 1];
	FILE *f = stdin;
	char *line = NULL;
	size_t cap = 0;
	unsigned int no = 0;
	int argc, ret = 0;

	if (strcmp(file, "-")) {
		f = fopen(file, "r");
		if (!f) {
			fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
			return EXIT_FAIL;
		}
	}
	while (!ret && getline(&line, &cap, f) != -1) {
		char *p, *save = NULL;

		no++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		argc = 0;
		for (p = strtok_r(line, " \t\r\n", &save); p;
		     p = strtok_r(NULL, " \t\r\n", &save)) {
			if (argc == BATCH_MAX_WORDS) {
				fprintf(stderr, PROG ": %s:%u: more than %d words\n",
					file, no, BATCH_MAX_WORDS);
				ret = EXIT_USAGE;
				break;
			}
			argv[argc++] = p;
		}
		argv[argc] = NULL;
		if (!ret && argc)
			ret = run(c, argc, argv);
		if (ret)
			fprintf(stderr, PROG ": %s:%u: failed, the lines after it not applied\n",
				file, no);
	}
	if (!ret && ferror(f)) {
		fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
		ret = EXIT_FAIL;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "batch", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *batch_file = NULL;
	struct nlc c;
	int opt, ret, err;

	while ((opt = getopt_long(argc, argv, "+b:jn:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			batch_file = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			if (enter_netns(optarg))
				return EXIT_FAIL;
			break;
		case 'h':
			printf("%s", usage);
			return 0;
		default:
			fprintf(stderr, "%s", usage);
			return EXIT_USAGE;
		}
	}
	if (batch_file ? optind < argc : optind >= argc) {
		fprintf(stderr, "%s", usage);
		return EXIT_USAGE;
	}
	err = nlc_open(&c);
	if (err == -ENOENT) {
		fprintf(stderr, PROG ": the dfi module is not loaded (no \"dfi\" generic netlink family)\n");
		return EXIT_FAIL;
	}
	if (err)
		return fail_errno(NULL, err, "netlink");
	if (batch_file)
		ret = batch(&c, batch_file);
	else
		ret = run(&c, argc - optind, argv + optind);
	nlc_close(&c);
	return ret;
}
