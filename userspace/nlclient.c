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

#include "nlclient.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

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

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, DFI_A_MAX, NULL);
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
	const struct nlmsghdr *nlh = (const void *)((const char *)e -
						    NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - (int)off;
	if (len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off), len, NULL))
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
