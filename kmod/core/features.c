// SPDX-License-Identifier: GPL-2.0
/*
 * Per-flow feature state and the classifier input built from it (feature
 * spec 2, see include/dfi/features.h).  Shared core: freestanding C.
 */
#include <dfi/features.h>

void dfi_feat_init(struct dfi_flow_feat *f, u8 l4, u16 client_port,
		   u16 server_port, u64 now_us)
{
	f->first_us = now_us;
	f->last_us = now_us;
	f->npkts = 0;
	f->l4 = l4;
	f->dscp_c2s = 0xff;
	f->dscp_s2c = 0xff;
	f->server_port = server_port;
	f->client_port = client_port;
}
DFI_EXPORT(dfi_feat_init);

/**
 * dfi_feat_add() - record one packet of the flow
 * @f: the flow's state
 * @seq_len: how many packets the model looks at (<= DFI_MAX_SEQ)
 * @now_us: the packet's time; earlier than the previous one counts as 0
 * @ip_len: IP total length (IPv6: payload length + 40)
 * @reply: nonzero for server->client
 * @tcp_flags: the TCP flags byte, 0 for UDP
 * @dscp: the packet's DSCP as it arrived
 *
 * Packets past @seq_len are not recorded.
 *
 * Return: packets recorded, including this one.
 */
unsigned int dfi_feat_add(struct dfi_flow_feat *f, unsigned int seq_len,
			  u64 now_us, u32 ip_len, int reply, u8 tcp_flags,
			  u8 dscp)
{
	struct dfi_pkt *p;
	u64 iat = 0;

	if (f->npkts >= seq_len)
		return f->npkts;
	if (f->npkts > 0 && now_us > f->last_us)
		iat = now_us - f->last_us;
	if (now_us > f->last_us)
		f->last_us = now_us;

	p = &f->pkt[f->npkts++];
	p->size = dfi_q_size(ip_len) | (reply ? DFI_PKT_REPLY : 0);
	p->iat = dfi_q_iat(iat);
	if (tcp_flags & (DFI_TCP_SYN | DFI_TCP_FIN | DFI_TCP_RST))
		p->iat |= DFI_PKT_CTRL;
	if (tcp_flags & DFI_TCP_PSH)
		p->iat |= DFI_PKT_PSH;

	if (reply && f->dscp_s2c == 0xff)
		f->dscp_s2c = dscp & 0x3f;
	else if (!reply && f->dscp_c2s == 0xff)
		f->dscp_c2s = dscp & 0x3f;
	return f->npkts;
}
DFI_EXPORT(dfi_feat_add);

enum dfi_step dfi_feat_step(struct dfi_flow_feat *f, unsigned int seq_len,
			    u64 deadline_us, u64 now_us, u32 ip_len,
			    int reply, u8 tcp_flags, u8 dscp)
{
	if (deadline_us && now_us >= f->first_us &&
	    now_us - f->first_us >= deadline_us)
		return DFI_STEP_DEADLINE;
	if (dfi_feat_add(f, seq_len, now_us, ip_len, reply, tcp_flags,
			 dscp) >= seq_len)
		return DFI_STEP_FULL;
	return DFI_STEP_RECORDED;
}
DFI_EXPORT(dfi_feat_step);

/**
 * dfi_segs_split() - the segments of a GSO/GRO aggregate
 * @s: out
 * @ip_len: the aggregate's length from its (outer) IP header on
 * @hdr_len: headers each segment carries: IP and L4, and for an
 *	encapsulated aggregate the inner IP and L4 headers too
 * @seg_size: L4 payload per segment (gso_size); 0: unknown
 * @segs: the segment count the packet claims, 0 if unknown (a DODGY
 *	skb from a tap or packet socket has none)
 *
 * Every segment but the last carries @seg_size bytes of payload, the last
 * the rest: what segmentation puts on the wire (skb_gso_network_seglen()).
 * With @seg_size the count follows from the lengths: a claimed @segs that
 * disagrees is not believed.  Without it, @segs > 1 segments share the
 * payload evenly (the last one the rest), else the aggregate is one
 * packet.
 *
 * Return: the number of segments, or -1 if @ip_len < @hdr_len.
 */
int dfi_segs_split(struct dfi_segs *s, u32 ip_len, u32 hdr_len, u32 seg_size,
		   u32 segs)
{
	u32 payload;

	if (ip_len < hdr_len)
		return -1;
	payload = ip_len - hdr_len;
	if (!seg_size && segs > 1)
		seg_size = (payload + segs - 1) / segs;
	s->n = 1;
	s->len = ip_len;
	s->last_len = ip_len;
	if (!seg_size || payload <= seg_size)
		return 1;
	s->n = (payload + seg_size - 1) / seg_size;
	s->len = hdr_len + seg_size;
	s->last_len = hdr_len + payload - (s->n - 1) * seg_size;
	return s->n;
}
DFI_EXPORT(dfi_segs_split);

enum dfi_step dfi_feat_step_segs(struct dfi_flow_feat *f, unsigned int seq_len,
				 u64 deadline_us, u64 now_us,
				 const struct dfi_segs *s, int reply,
				 u8 tcp_flags, u8 dscp)
{
	u8 mid = tcp_flags & ~(DFI_TCP_PSH | DFI_TCP_FIN);
	enum dfi_step step = DFI_STEP_RECORDED;
	u32 i;

	for (i = 0; i < s->n && step == DFI_STEP_RECORDED; i++) {
		int last = i + 1 == s->n;

		step = dfi_feat_step(f, seq_len, deadline_us, now_us,
				     last ? s->last_len : s->len, reply,
				     last ? tcp_flags : mid, dscp);
	}
	return step;
}
DFI_EXPORT(dfi_feat_step_segs);

/* Ports of network plumbing rather than of applications. */
int dfi_port_is_service(u16 port)
{
	switch (port) {
	case 53:	/* DNS */
	case 67:	/* DHCP */
	case 68:
	case 123:	/* NTP */
	case 137:	/* NetBIOS */
	case 138:
	case 161:	/* SNMP */
	case 162:
	case 514:	/* syslog */
	case 1900:	/* SSDP */
	case 5353:	/* mDNS */
	case 5355:	/* LLMNR */
		return 1;
	}
	return 0;
}

u8 dfi_q_count(u32 n)
{
	u8 b = 0;

	while (n && b < 16) {
		n >>= 1;
		b++;
	}
	return b;
}

/* The class the flow's port is registered for (static inputs 18..22). */
static enum dfi_app_port flow_app_port(const struct dfi_flow_feat *f)
{
	enum dfi_app_port app = dfi_app_port(f->server_port);

	if (app == DFI_APP_PORT_NONE &&
	    (f->server_port >= 32768 || f->client_port < 1024))
		app = dfi_app_port(f->client_port);
	return app;
}

/**
 * dfi_feat_input() - the classifier's input for a flow
 * @f: the flow's state
 * @seq_len: the model's sequence length
 * @ctx: multi-flow context, or NULL for none
 * @seq: out, int8 [DFI_SEQ_CH][@seq_len]
 * @stat: out, int8 [DFI_STATIC_N]
 */
void dfi_feat_input(const struct dfi_flow_feat *f, unsigned int seq_len,
		    const struct dfi_flow_ctx *ctx, s8 *seq, s8 *stat)
{
	enum dfi_app_port app;
	unsigned int i;

	memset(seq, 0, DFI_SEQ_CH * seq_len);
	for (i = 0; i < f->npkts && i < seq_len; i++) {
		const struct dfi_pkt *p = &f->pkt[i];
		s8 size = p->size & DFI_PKT_SIZE_MASK;

		if (p->size & DFI_PKT_REPLY)
			seq[1 * seq_len + i] = size;
		else
			seq[0 * seq_len + i] = size;
		seq[2 * seq_len + i] = p->iat & DFI_PKT_IAT_MASK;
		seq[3 * seq_len + i] = (p->iat & DFI_PKT_CTRL ? 64 : 0) +
				       (p->iat & DFI_PKT_PSH ? 32 : 0);
	}

	memset(stat, 0, DFI_STATIC_N);
	stat[0] = f->l4 == DFI_IPPROTO_UDP ? 64 : 0;
	stat[1 + dfi_port_class(f->server_port)] = 64;
	stat[4] = (f->server_port == 443 || f->server_port == 8443) ? 64 : 0;
	stat[5] = (f->server_port == 80 || f->server_port == 8080) ? 64 : 0;
	stat[6] = f->dscp_c2s == 0xff ? 0 : f->dscp_c2s;
	stat[7] = f->dscp_s2c == 0xff ? 0 : f->dscp_s2c;
	stat[8] = f->npkts;
	stat[9] = dfi_q_iat(f->last_us - f->first_us);
	if (ctx) {
		stat[10] = dfi_q_count(ctx->pair_flows);
		stat[11] = dfi_q_count(ctx->pair_same_port);
		stat[12] = dfi_q_count(ctx->pair_udp);
		stat[16] = dfi_q_count(ctx->host_p2p);
		stat[17] = dfi_q_count(ctx->host_same_cport);
	}
	stat[13] = dfi_port_is_service(f->server_port) ? 64 : 0;
	stat[14] = f->client_port < 1024 ? 64 : 0;
	stat[15] = (f->client_port >= 1024 && f->server_port >= 1024) ? 64 : 0;
	app = flow_app_port(f);
	if (app != DFI_APP_PORT_NONE)
		stat[17 + app] = 64;
}
DFI_EXPORT(dfi_feat_input);
