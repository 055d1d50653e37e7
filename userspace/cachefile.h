/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unknown-flow cache as `dficlt unknown dump` writes it (CSV, header
 * line first), with the class column filled in by an operator: training
 * input beside labelled captures.  Rows whose class is empty are skipped.
 * Parsing is strict: a malformed line is an error "FILE:LINE: message".
 * The two ctx_host_* columns came with feature spec 2: an export without
 * them (from an older dficlt, 20 columns) is refused, with a message that
 * says so, rather than read with a host context of 0 that the kernel
 * never computed.
 */
/* The header of exports without the host context (feature spec 1). */
#define CACHEFILE_HEADER_SPEC1 \
	"seq,time_ns,l4,client_ip,client_port,server_ip,server_port,class," \
	"reason,net_class,dist,margin,ctx_flows,ctx_same_port,ctx_udp," \
	"dscp_c2s,dscp_s2c,duration_us,packets,pkts"

#ifndef _DFI_CACHEFILE_H
#define _DFI_CACHEFILE_H

#include <stddef.h>

#include <dfi/features.h>

#define CACHEFILE_HEADER \
	"seq,time_ns,l4,client_ip,client_port,server_ip,server_port,class," \
	"reason,net_class,dist,margin,ctx_flows,ctx_same_port,ctx_udp," \
	"ctx_host_p2p,ctx_host_same_cport," \
	"dscp_c2s,dscp_s2c,duration_us,packets,pkts"

struct cache_flow {
	const char *client_ip;
	const char *server_ip;
	int cls;			/* enum label_class */
	u32 line;
	struct dfi_flow_ctx ctx;
	struct dfi_flow_feat *feat;	/* room for DFI_MAX_SEQ packets */
};

typedef void (*cache_flow_fn)(void *arg, const struct cache_flow *cf);

/*
 * Call @fn for each labelled row of @path.  Returns the number of
 * labelled rows, or -1 with the error in @err.
 */
long cachefile_read(const char *path, cache_flow_fn fn, void *arg,
		    char *err, size_t errlen);

#endif /* _DFI_CACHEFILE_H */
