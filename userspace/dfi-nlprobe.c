// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-nlprobe: sends the dfi generic netlink family hand-made requests
 * that are wrong in one way each (unknown or mistyped attributes, sizes
 * over the limits, missing attributes, truncated attributes, chunks out
 * of order), through libnl directly, and checks that the kernel refuses
 * every one with an error.  Prints TAP; exit 1 if any was accepted.
 * Needs CAP_NET_ADMIN (the refusals must come from the checks, not from
 * the permission test).  Used by tests/vm/t-dficlt.sh.
 *
 * dfi-nlprobe --hold SECONDS: begin a model upload (the first 64 bytes of
 * 100), print "holding", keep the socket open for SECONDS, then exit
 * without finishing it: an abandoned upload, for the tests of what the
 * kernel does with one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nlclient.h"

static int n, fails;

/*
 * The request must fail; when @said is given, the extack message must
 * contain it (a refusal the user can read).
 */
static void expect_error_said(struct nlc *c, struct nl_msg *msg,
			      const char *what, const char *said)
{
	int err;

	if (!msg) {
		printf("not ok %d - %s: could not build the message\n", ++n, what);
		fails++;
		return;
	}
	err = nlc_call(c, msg, NULL, NULL);
	if (err < 0 && said && !strstr(c->errmsg, said)) {
		printf("not ok %d - %s: refused (%s) without a message saying \"%s\" (\"%s\")\n",
		       ++n, what, strerror(-err), said, c->errmsg);
		fails++;
	} else if (err < 0) {
		printf("ok %d - %s: refused (%s%s%s)\n", ++n, what,
		       strerror(-err), c->errmsg[0] ? ": " : "", c->errmsg);
	} else {
		printf("not ok %d - %s: accepted\n", ++n, what);
		fails++;
	}
}

static void expect_error(struct nlc *c, struct nl_msg *msg, const char *what)
{
	expect_error_said(c, msg, what, NULL);
}

static struct nl_msg *msg_u32(struct nlc *c, u_int8_t cmd, int attr, u_int32_t v)
{
	struct nl_msg *m = nlc_msg(c, cmd, 0);

	if (m && nla_put_u32(m, attr, v)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* An attribute with @len bytes of payload, whatever its policy says. */
static struct nl_msg *msg_raw(struct nlc *c, u_int8_t cmd, int attr,
			      const void *data, int len)
{
	struct nl_msg *m = nlc_msg(c, cmd, 0);

	if (m && nla_put(m, attr, len, data)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* CONFIG_SET of two u32 settings at once. */
static struct nl_msg *msg_u32x2(struct nlc *c, int a1, u_int32_t v1, int a2,
				u_int32_t v2)
{
	struct nl_msg *m = msg_u32(c, DFI_CMD_CONFIG_SET, a1, v1);

	if (m && nla_put_u32(m, a2, v2)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

static struct nl_msg *chunk(struct nlc *c, u_int32_t total, u_int32_t off,
			    const void *data, int len)
{
	struct nl_msg *m = nlc_msg(c, DFI_CMD_MODEL_LOAD, 0);

	if (m && (nla_put_u32(m, DFI_A_MODEL_TOTAL, total) ||
		  nla_put_u32(m, DFI_A_MODEL_OFFSET, off) ||
		  nla_put(m, DFI_A_MODEL_DATA, len, data))) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* An upload begun and left: the socket stays open for @seconds. */
static int hold(struct nlc *c, unsigned int seconds)
{
	unsigned char junk[64] = "the first chunk of an upload never finished";
	struct nl_msg *m = chunk(c, 100, 0, junk, sizeof(junk));
	int err = m ? nlc_call(c, m, NULL, NULL) : -ENOMEM;

	if (err) {
		fprintf(stderr, "dfi-nlprobe: first chunk refused: %s%s%s\n",
			strerror(-err), c->errmsg[0] ? ": " : "", c->errmsg);
		return 1;
	}
	printf("holding\n");
	fflush(stdout);
	sleep(seconds);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char big[DFI_MODEL_CHUNK + 1];
	unsigned char junk[64] = "definitely not a model";
	struct nl_msg *m;
	struct nlc c;
	u_int16_t two = 7;
	int err;

	if (argc != 1 && (argc != 3 || strcmp(argv[1], "--hold"))) {
		fprintf(stderr, "usage: dfi-nlprobe [--hold SECONDS]\n");
		return 2;
	}
	err = nlc_open(&c);
	if (err) {
		printf("not ok 1 - open the dfi family: %s\n", strerror(-err));
		return 1;
	}
	if (argc == 3) {
		err = hold(&c, (unsigned int)strtoul(argv[2], NULL, 10));
		nlc_close(&c);
		return err;
	}

	expect_error_said(&c, nlc_msg(&c, DFI_CMD_MODEL_LOAD, 0),
			  "model load without attributes",
			  "needs DFI_A_MODEL_TOTAL");
	expect_error_said(&c, msg_u32(&c, DFI_CMD_MODEL_LOAD,
				      DFI_A_MODEL_TOTAL, 100),
			  "model load without offset and data",
			  "needs DFI_A_MODEL_OFFSET");
	expect_error(&c, chunk(&c, 0, 0, junk, 8), "model load, total 0");
	expect_error(&c, chunk(&c, DFI_MODEL_MAX_SIZE + 1, 0, junk, 8),
		     "model load, total over DFI_MODEL_MAX_SIZE");
	expect_error(&c, chunk(&c, sizeof(big), 0, big, sizeof(big)),
		     "model load, a chunk over DFI_MODEL_CHUNK");
	/* a first chunk is fine; the next must continue where it ended */
	m = chunk(&c, 100, 0, junk, 64);
	err = m ? nlc_call(&c, m, NULL, NULL) : -ENOMEM;
	printf("%s %d - model load, a first chunk of 64 of 100 bytes: accepted (%s)\n",
	       err ? "not ok" : "ok", ++n, strerror(-err));
	fails += !!err;
	expect_error(&c, chunk(&c, 100, 50, junk, 8),
		     "model load, next chunk at the wrong offset");
	expect_error(&c, chunk(&c, 16, 0, junk, 32),
		     "model load, chunk longer than the total");
	expect_error(&c, chunk(&c, sizeof(junk), 0, junk, sizeof(junk)),
		     "model load, a complete file that is not a model");
	expect_error(&c, msg_raw(&c, DFI_CMD_MODEL_LOAD, DFI_A_MODEL_TOTAL,
				 &two, sizeof(two)),
		     "model load, a u32 attribute of 2 bytes");
	expect_error(&c, msg_u32(&c, DFI_CMD_MODEL_GET, DFI_A_MODEL_GEN, 1),
		     "model get with an attribute it does not take");
	expect_error(&c, msg_u32(&c, DFI_CMD_MODEL_GET, DFI_A_MAX + 5, 1),
		     "an attribute type past DFI_A_MAX");
	expect_error(&c, nlc_msg(&c, DFI_CMD_MAX + 1, 0), "an unknown command");
	expect_error_said(&c, nlc_msg(&c, DFI_CMD_DSCP_SET, 0),
			  "dscp set without attributes",
			  "needs DFI_A_CLASS_NAME");
	m = nlc_msg(&c, DFI_CMD_DSCP_SET, 0);
	if (m && (nla_put_string(m, DFI_A_CLASS_NAME, "voice") ||
		  nla_put_u8(m, DFI_A_DSCP, 64))) {
		nlmsg_free(m);
		m = NULL;
	}
	expect_error(&c, m, "dscp set, DSCP 64");
	m = nlc_msg(&c, DFI_CMD_DSCP_SET, 0);
	if (m && (nla_put(m, DFI_A_CLASS_NAME, 5, "voice") ||
		  nla_put_u8(m, DFI_A_DSCP, 46))) {
		nlmsg_free(m);
		m = NULL;
	}
	expect_error(&c, m, "dscp set, a class name without its NUL");
	m = nlc_msg(&c, DFI_CMD_DSCP_SET, 0);
	if (m && (nla_put_string(m, DFI_A_CLASS_NAME,
				 "a-class-name-far-too-long") ||
		  nla_put_u8(m, DFI_A_DSCP, 46))) {
		nlmsg_free(m);
		m = NULL;
	}
	expect_error(&c, m, "dscp set, a class name over 16 bytes");
	expect_error(&c, msg_u32(&c, DFI_CMD_CONFIG_SET, DFI_A_MARK_MASK, 0x0f),
		     "set mark_mask of 4 bits");
	expect_error(&c, msg_u32(&c, DFI_CMD_CONFIG_SET, DFI_A_MARK_MASK, 0x1f01),
		     "set mark_mask not contiguous");
	expect_error(&c, msg_u32(&c, DFI_CMD_CONFIG_SET, DFI_A_MAX_FLOWS,
				 0xffffffff), "set max_flows over its limit");
	expect_error(&c, msg_u32(&c, DFI_CMD_CONFIG_SET, DFI_A_UNKNOWN_SIZE,
				 1 << 20), "set unknown_size over its limit");
	expect_error(&c, msg_raw(&c, DFI_CMD_CONFIG_SET, DFI_A_ENABLED,
				 "\x02", 1), "set enabled 2");
	/* act_ctinfo's dscp mask is 6 contiguous bits, apart from its flag */
	expect_error_said(&c, msg_u32(&c, DFI_CMD_CONFIG_SET,
				      DFI_A_CT_DSCP_MASK, 0xfe000000),
			  "set ct_dscp_mask of 7 bits", "6 contiguous bits");
	expect_error_said(&c, msg_u32(&c, DFI_CMD_CONFIG_SET,
				      DFI_A_CT_DSCP_MASK, 0x0c000000),
			  "set ct_dscp_mask of 2 bits", "6 contiguous bits");
	expect_error_said(&c, msg_u32(&c, DFI_CMD_CONFIG_SET,
				      DFI_A_CT_DSCP_MASK, 0xf6000000),
			  "set ct_dscp_mask not contiguous", "6 contiguous bits");
	expect_error_said(&c, msg_u32x2(&c, DFI_A_CT_DSCP_MASK, 0xfc000000,
					DFI_A_CT_DSCP_FLAG, 0x04000000),
			  "set ct_dscp_flag inside ct_dscp_mask",
			  "overlaps ct_dscp_mask");
	expect_error_said(&c, msg_u32x2(&c, DFI_A_MARK_MASK, 0x1f00,
					DFI_A_CT_DSCP_MASK, 0x3f00),
			  "set ct_dscp_mask over the class field",
			  "overlap dfi's class field");
	expect_error_said(&c, msg_u32x2(&c, DFI_A_MARK_MASK, 0x1f00,
					DFI_A_CT_DSCP_FLAG, 0x100),
			  "set ct_dscp_flag inside the class field",
			  "overlap dfi's class field");
	expect_error(&c, msg_raw(&c, DFI_CMD_CONFIG_SET, DFI_A_DSCP_POLICY,
				 "\x03", 1), "set dscp_policy 3 (none such)");
	expect_error(&c, msg_u32(&c, DFI_CMD_STATS_GET, DFI_A_STATS, 0),
		     "stats get with an attribute");
	/* a message cut in the middle of its last attribute */
	m = chunk(&c, sizeof(junk), 0, junk, sizeof(junk));
	if (m)
		nlmsg_hdr(m)->nlmsg_len -= 5;
	expect_error(&c, m, "model load, the message cut inside an attribute");
	m = nlc_msg(&c, DFI_CMD_DSCP_SET, 0);
	if (m && (nla_put_string(m, DFI_A_CLASS_NAME, "voise") ||
		  nla_put_u8(m, DFI_A_DSCP, 46))) {
		nlmsg_free(m);
		m = NULL;
	}
	expect_error(&c, m, "dscp set, a class the running model lacks");
	nlc_close(&c);
	printf("1..%d\n", n);
	return fails ? 1 : 0;
}
