/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-flow feature state: what dfi remembers of a flow's first packets
 * while it is being classified, and how that becomes the classifier's
 * input.  Shared by the kernel (one state per flow in progress) and the
 * offline tools (which replay captures through the same functions).
 *
 * Feature spec 2 (DFI_FEATURE_SPEC), the meaning of the model's inputs.
 * Spec 1 is spec 2 without static inputs 16 and 17: a spec-1 model reads
 * at most DFI_STATIC_N_SPEC1 static inputs, which spec 2 computes the
 * same way, so both kinds of model run on this input (the engine appends
 * the first n_static of it).
 *
 * Sequence input, int8 [DFI_SEQ_CH][seq_len], packet i in column i, columns
 * past the flow's last recorded packet are 0:
 *   0  client->server packet: dfi_q_size(IP length), else 0
 *   1  server->client packet: dfi_q_size(IP length), else 0
 *   2  dfi_q_iat(time since the flow's previous packet), 0 for the first
 *   3  TCP flags: 64 if SYN, FIN or RST, plus 32 if PSH; 0 for UDP
 *
 * Static input, int8 [DFI_STATIC_N]:
 *   0  64 if UDP, 0 if TCP
 *   1..3  one-hot (64) server port class: well-known, registered, ephemeral
 *   4  64 if the server port is 443 or 8443
 *   5  64 if the server port is 80 or 8080
 *   6  DSCP of the flow's first client->server packet (0..63)
 *   7  DSCP of the flow's first server->client packet (0..63)
 *   8  packets recorded when the decision was made (1..64)
 *   9  dfi_q_iat(last - first recorded packet)
 *   10 multi-flow: flows begun between the same two hosts in the last
 *      DFI_CTX_WINDOW_US before this one, log2 bucket (0..16)
 *   11 multi-flow: of those, flows to the same server port, log2 bucket
 *   12 multi-flow: of those, UDP flows, log2 bucket
 *   13 64 if the server port is a network-service port (DNS, DHCP, NTP,
 *      NetBIOS, SNMP, syslog, SSDP, mDNS, LLMNR: dfi_port_is_service())
 *   14 64 if the client port is below 1024
 *   15 64 if both ports are 1024 or above
 *   16 host fan-out (spec 2): flows the client host began in the last
 *      DFI_CTX_WINDOW_US before this one to another server host, both
 *      of their ports 1024 or above, log2 bucket (dfi_host_ctx_start())
 *   17 host fan-out (spec 2): flows the client host began in that window
 *      to another server host from this flow's client port and L4
 *      protocol, log2 bucket
 *   18..22 (spec 2) one-hot (64) of the class the flow's port is
 *      registered for (dfi_app_port(): voice, video, game, file, other):
 *      the server port's, or when it has none and the server port is
 *      32768 or above or the client port below 1024 (the flow was
 *      probably first seen from its server), the client port's
 */
#ifndef _DFI_FEATURES_H
#define _DFI_FEATURES_H

#include <dfi/appport.h>
#include <dfi/port.h>
#include <dfi/quantize.h>

#define DFI_FEATURE_SPEC	2
#define DFI_FEATURE_SPEC_MIN	1	/* the oldest spec models may have */
#define DFI_MAX_SEQ		64
#define DFI_SEQ_CH		4
#define DFI_STATIC_N		23
#define DFI_STATIC_N_SPEC1	16
#define DFI_CTX_WINDOW_US	10000000ULL	/* 10 s */
#define DFI_CTX_MAX		32	/* most recent flow starts per history */

#define DFI_IPPROTO_TCP		6
#define DFI_IPPROTO_UDP		17

/* TCP flag bits as in the TCP header's 13th byte. */
#define DFI_TCP_FIN		0x01
#define DFI_TCP_SYN		0x02
#define DFI_TCP_RST		0x04
#define DFI_TCP_PSH		0x08

/* One packet: 2 bytes. */
struct dfi_pkt {
	u8 size;	/* bit 7: server->client; bits 0-6: dfi_q_size() */
	u8 iat;		/* bits 0-5: dfi_q_iat(); bit 6: PSH; bit 7: SYN/FIN/RST */
};

#define DFI_PKT_REPLY		0x80
#define DFI_PKT_SIZE_MASK	0x7f
#define DFI_PKT_IAT_MASK	0x3f
#define DFI_PKT_PSH		0x40
#define DFI_PKT_CTRL		0x80

/*
 * What the router knows, when a flow begins, about the flows begun in the
 * window before it (include/dfi/context.h): host_* count the client host's
 * flows to server hosts other than this flow's.
 */
struct dfi_flow_ctx {
	u16 pair_flows;		/* between the same two hosts */
	u16 pair_same_port;	/* ... of them to the same server port */
	u16 pair_udp;		/* ... of them UDP */
	u16 host_p2p;		/* client host: both ports >= 1024 */
	u16 host_same_cport;	/* client host: same client port and L4 */
};

/**
 * struct dfi_flow_feat - feature state of one flow in progress
 * @first_us: time of the first packet, microseconds (any epoch)
 * @last_us: time of the latest recorded packet
 * @npkts: packets recorded in @pkt
 * @l4: DFI_IPPROTO_TCP or DFI_IPPROTO_UDP
 * @dscp_c2s: DSCP of the first client->server packet, 0xff before it
 * @dscp_s2c: DSCP of the first server->client packet, 0xff before it
 * @server_port: the original direction's destination port, host order
 * @client_port: the original direction's source port, host order
 * @pkt: the first packets; sized by the caller for the model's seq_len
 *
 * 24 bytes plus 2 per packet: 88 bytes for seq_len 32, 152 for 64.
 */
struct dfi_flow_feat {
	u64 first_us;
	u64 last_us;
	u8 npkts;
	u8 l4;
	u8 dscp_c2s;
	u8 dscp_s2c;
	u16 server_port;
	u16 client_port;
	struct dfi_pkt pkt[];
};

static inline unsigned int dfi_feat_size(unsigned int seq_len)
{
	return sizeof(struct dfi_flow_feat) + seq_len * sizeof(struct dfi_pkt);
}

void dfi_feat_init(struct dfi_flow_feat *f, u8 l4, u16 client_port,
		   u16 server_port, u64 now_us);
/* Returns the number of packets recorded after this one (<= seq_len). */
unsigned int dfi_feat_add(struct dfi_flow_feat *f, unsigned int seq_len,
			  u64 now_us, u32 ip_len, int reply, u8 tcp_flags,
			  u8 dscp);
/* What a packet of a flow in progress does to it (dfi_feat_step()). */
enum dfi_step {
	DFI_STEP_RECORDED,	/* recorded; the flow is still in progress */
	DFI_STEP_FULL,		/* recorded, and seq_len packets now are */
	DFI_STEP_DEADLINE,	/* not recorded: the deadline passed before it */
};

/*
 * The decision rule, the same in the kernel and the offline tools: a
 * packet @deadline_us (0: none) or more after the flow's first decides
 * the flow before it is recorded; otherwise it is recorded, and the flow
 * is decided once seq_len packets are.
 */
enum dfi_step dfi_feat_step(struct dfi_flow_feat *f, unsigned int seq_len,
			    u64 deadline_us, u64 now_us, u32 ip_len,
			    int reply, u8 tcp_flags, u8 dscp);

/**
 * struct dfi_segs - the packets on the wire a GSO/GRO aggregate stands for
 * @n: segments, at least 1
 * @len: IP length of each segment but the last
 * @last_len: IP length of the last segment
 */
struct dfi_segs {
	u32 n;
	u32 len;
	u32 last_len;
};

/*
 * Split an aggregate of IP length @ip_len, whose segments each carry
 * @hdr_len bytes of headers (IP and L4, inner ones too when encapsulated)
 * and at most @seg_size bytes of payload (0: not an aggregate), into its
 * segments (dfi_segs_split()).  Used by the kernel (gso_size) and the
 * offline decoder (a segment size it estimates) alike.
 */
int dfi_segs_split(struct dfi_segs *s, u32 ip_len, u32 hdr_len, u32 seg_size,
		   u32 segs);

/*
 * dfi_feat_step() for each segment of @s in turn, all at @now_us (the
 * segments after the first have gap 0), PSH and FIN on the last only;
 * stops at the first that does not leave the flow in progress.
 */
enum dfi_step dfi_feat_step_segs(struct dfi_flow_feat *f, unsigned int seq_len,
				 u64 deadline_us, u64 now_us,
				 const struct dfi_segs *s, int reply,
				 u8 tcp_flags, u8 dscp);

void dfi_feat_input(const struct dfi_flow_feat *f, unsigned int seq_len,
		    const struct dfi_flow_ctx *ctx, s8 *seq, s8 *stat);

int dfi_port_is_service(u16 port);

/* log2 bucket used for counts: 0 -> 0, n -> floor(log2 n) + 1, max 16. */
u8 dfi_q_count(u32 n);

#endif /* _DFI_FEATURES_H */
