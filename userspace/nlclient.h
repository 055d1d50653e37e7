/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A libnl-3 client of the kernel's "dfi" generic netlink family: one
 * socket, requests with their acks, dumps, and the kernel's error
 * messages (extended acks) kept for the caller to print.
 */
#ifndef _DFI_NLCLIENT_H
#define _DFI_NLCLIENT_H

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <uapi/linux/dfi.h>

struct nlc {
	struct nl_sock *sk;
	int family;
	int err;		/* negative errno of the last request */
	char errmsg[256];	/* the kernel's extack message, or "" */
};

/* Return 0, or a negative errno (-ENOENT: module not loaded). */
int nlc_open(struct nlc *c);
void nlc_close(struct nlc *c);

/* A new request message for @cmd; NULL on allocation failure. */
struct nl_msg *nlc_msg(struct nlc *c, u_int8_t cmd, int dump);

/*
 * The attributes a reply may hold, for nla_parse() and nla_parse_nested():
 * integers of their exact size, strings NUL-terminated (names no longer
 * than the ABI's), CLIENT and SERVER of 4..16 bytes, PKTS at most
 * DFI_MAX_SEQ records.  What depends on another attribute (an address's
 * length on FAMILY, PKTS being whole records) is the reader's to check.
 */
extern const struct nla_policy nlc_policy[DFI_A_MAX + 1];

/*
 * Send @msg (freed) and read the answer: @fn is called with the attributes
 * of each reply message, parsed against nlc_policy (a reply that does not
 * match it fails the call with -EBADMSG).  Return 0, or a negative errno
 * (the kernel's, with c->errmsg set if it said why).
 */
typedef int (*nlc_reply_fn)(struct nlattr **tb, void *arg);
int nlc_call(struct nlc *c, struct nl_msg *msg, nlc_reply_fn fn, void *arg);

#endif /* _DFI_NLCLIENT_H */
