// SPDX-License-Identifier: GPL-2.0
/*
 * libnl-3 client of the "dfi" genl family (nlclient.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <dfi/features.h>

#include "nlclient.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/*
 * What the kernel's replies may hold (include/uapi/linux/dfi.h).  libnl
 * checks only a minimum length by type, and none for signed integers:
 * every integer here is given its exact size.
 */
#define NLC_INT(t, n)	{ .type = (t), .minlen = (n), .maxlen = (n) }

const struct nla_policy nlc_policy[DFI_A_MAX + 1] = {
	[DFI_A_MODEL_NAME]	= { .type = NLA_STRING,
				    .maxlen = DFI_MODEL_NAME_LEN + 1 },
	[DFI_A_MODEL_VERSION]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_GEN]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_SEQ_LEN]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_DEADLINE_MS] = NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_SIZE]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_CRC]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_MACS]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_LOAD_TIME]	= NLC_INT(NLA_U64, 8),
	[DFI_A_CLASSES]		= { .type = NLA_NESTED },
	[DFI_A_CLASS]		= { .type = NLA_NESTED },
	[DFI_A_CLASS_INDEX]	= NLC_INT(NLA_U32, 4),
	[DFI_A_CLASS_NAME]	= { .type = NLA_STRING,
				    .maxlen = DFI_CLASS_NAME_LEN + 1 },
	[DFI_A_DSCP]		= NLC_INT(NLA_U8, 1),
	[DFI_A_ENABLED]		= NLC_INT(NLA_U8, 1),
	[DFI_A_MAX_FLOWS]	= NLC_INT(NLA_U32, 4),
	[DFI_A_DEADLINE_MS]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MARK_MASK]	= NLC_INT(NLA_U32, 4),
	[DFI_A_UNKNOWN_SIZE]	= NLC_INT(NLA_U32, 4),
	[DFI_A_LABEL_BASE]	= NLC_INT(NLA_S32, 4),
	[DFI_A_STATS]		= { .type = NLA_NESTED },
	[DFI_A_STAT]		= { .type = NLA_NESTED },
	[DFI_A_STAT_NAME]	= { .type = NLA_STRING },
	[DFI_A_STAT_VALUE]	= NLC_INT(NLA_U64, 8),
	[DFI_A_FAMILY]		= NLC_INT(NLA_U8, 1),
	[DFI_A_L4]		= NLC_INT(NLA_U8, 1),
	[DFI_A_CLIENT]		= { .type = NLA_BINARY, .minlen = 4, .maxlen = 16 },
	[DFI_A_CLIENT_PORT]	= NLC_INT(NLA_U16, 2),
	[DFI_A_SERVER]		= { .type = NLA_BINARY, .minlen = 4, .maxlen = 16 },
	[DFI_A_SERVER_PORT]	= NLC_INT(NLA_U16, 2),
	[DFI_A_PACKETS]		= NLC_INT(NLA_U32, 4),
	[DFI_A_AGE_MS]		= NLC_INT(NLA_U64, 8),
	[DFI_A_REC_SEQ]		= NLC_INT(NLA_U64, 8),
	[DFI_A_REC_TIME]	= NLC_INT(NLA_U64, 8),
	[DFI_A_REASON]		= NLC_INT(NLA_U8, 1),
	[DFI_A_NET_CLASS]	= NLC_INT(NLA_U8, 1),
	[DFI_A_DIST]		= NLC_INT(NLA_U32, 4),
	[DFI_A_MARGIN]		= NLC_INT(NLA_S32, 4),
	[DFI_A_CTX_FLOWS]	= NLC_INT(NLA_U32, 4),
	[DFI_A_CTX_SAME_PORT]	= NLC_INT(NLA_U32, 4),
	[DFI_A_CTX_UDP]		= NLC_INT(NLA_U32, 4),
	[DFI_A_DSCP_C2S]	= NLC_INT(NLA_U8, 1),
	[DFI_A_DSCP_S2C]	= NLC_INT(NLA_U8, 1),
	[DFI_A_DURATION_US]	= NLC_INT(NLA_U32, 4),
	[DFI_A_PKTS]		= { .type = NLA_BINARY,
				    .maxlen = DFI_MAX_SEQ * sizeof(struct dfi_pkt) },
	[DFI_A_CTX_HOST_P2P]	= NLC_INT(NLA_U32, 4),
	[DFI_A_CTX_HOST_SAME_CPORT] = NLC_INT(NLA_U32, 4),
	[DFI_A_CLASS_ID]	= NLC_INT(NLA_U32, 4),
	[DFI_A_MODEL_CHECKPOINTS] = { .type = NLA_BINARY,
				      .maxlen = DFI_MAX_CHECKPOINTS },
	[DFI_A_LONGFLOW]	= NLC_INT(NLA_U8, 1),
	[DFI_A_LONGFLOW_CLASSES] = NLC_INT(NLA_U32, 4),
	[DFI_A_LONGFLOW_AGE_S]	= NLC_INT(NLA_U32, 4),
	[DFI_A_LONGFLOW_BYTES]	= NLC_INT(NLA_U32, 4),
	[DFI_A_LONGFLOW_RATE_KBIT] = NLC_INT(NLA_U32, 4),
	[DFI_A_LONGFLOW_SHARE_PCT] = NLC_INT(NLA_U8, 1),
};

struct nlc_req {
	struct nlc *c;
	nlc_reply_fn fn;
	void *arg;
	int done;
	int cb_err;
};

int nlc_open(struct nlc *c)
{
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->sk = nl_socket_alloc();
	if (!c->sk)
		return -ENOMEM;
	if (genl_connect(c->sk)) {
		nl_socket_free(c->sk);
		c->sk = NULL;
		return -EIO;
	}
	/* the kernel's error messages, and acks without the request in them */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_set_msg_buf_size(c->sk, 65536);
	c->family = genl_ctrl_resolve(c->sk, DFI_GENL_NAME);
	if (c->family < 0) {
		nl_socket_free(c->sk);
		c->sk = NULL;
		return -ENOENT;
	}
	return 0;
}

void nlc_close(struct nlc *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

struct nl_msg *nlc_msg(struct nlc *c, u_int8_t cmd, int dump)
{
	struct nl_msg *msg = nlmsg_alloc_size(DFI_MODEL_CHUNK + 4096);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
			 dump ? NLM_F_DUMP : NLM_F_ACK, cmd, DFI_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int nlc_valid(struct nl_msg *msg, void *p)
{
	struct nlc_req *r = p;
	struct nlattr *tb[DFI_A_MAX + 1];
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, DFI_A_MAX, nlc_policy);
	if (err < 0) {
		r->cb_err = -EBADMSG;
		return NL_STOP;
	}
	if (r->fn) {
		err = r->fn(tb, r->arg);
		if (err) {
			r->cb_err = err;
			return NL_STOP;
		}
	}
	return NL_OK;
}

/* The extended ack's message, if the kernel sent one. */
static void nlc_extack(struct nlc *c, const struct nlmsgerr *e)
{
	static const struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	};
	const struct nlmsghdr *nlh = (const void *)((const char *)e -
						    NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* the request follows, whole */
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      (int)(nlh->nlmsg_len - off), policy))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(c->errmsg, sizeof(c->errmsg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int nlc_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *p)
{
	struct nlc_req *r = p;

	(void)nla;
	r->c->err = e->error;
	nlc_extack(r->c, e);
	r->done = 1;
	return NL_STOP;
}

static int nlc_finish(struct nl_msg *msg, void *p)
{
	struct nlc_req *r = p;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

int nlc_call(struct nlc *c, struct nl_msg *msg, nlc_reply_fn fn, void *arg)
{
	struct nlc_req r = { .c = c, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	c->err = 0;
	c->errmsg[0] = '\0';
	err = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		return -EIO;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nlc_valid, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nlc_finish, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nlc_finish, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, nlc_error, &r);
	while (!r.done && !r.cb_err) {
		err = nl_recvmsgs(c->sk, cb);
		if (err < 0 && !r.done) {
			if (!c->err)
				c->err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	if (r.cb_err)
		return r.cb_err;
	return c->err;
}
