/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading captures: pcap/pcapng files through libpcap, each frame decoded
 * from its link layer down to the TCP/UDP ports (link.c, ip.c).  Tunnels
 * are not decapsulated.
 */
#ifndef _DFI_CAPTURE_H
#define _DFI_CAPTURE_H

#include <dfi/port.h>

/* One TCP or UDP packet, as much as flow keying and features need. */
struct cap_pkt {
	u64 ts_us;		/* capture time, microseconds since the epoch */
	u8 family;		/* AF_INET or AF_INET6 */
	u8 l4;			/* DFI_IPPROTO_TCP or DFI_IPPROTO_UDP */
	u8 tcp_flags;		/* TCP header byte 13, 0 for UDP */
	u8 dscp;		/* IPv4 TOS >> 2, IPv6 traffic class >> 2 */
	u8 frag;		/* first fragment of a fragmented datagram */
	u16 sport;		/* host order */
	u16 dport;
	u32 ip_len;		/* IPv4 total length, IPv6 payload length + 40 */
	u16 hdr_len;		/* IP (with IPv6 extensions) and L4 headers */
	u8 l4_hlen;		/* L4 header: TCP data offset * 4, UDP 8 */
	u16 mss;		/* TCP SYN: its MSS option, else 0 */
	u8 src[16];		/* IPv4: first 4 bytes, rest 0 */
	u8 dst[16];
};

/* What cap_decode() made of a frame. */
enum cap_result {
	CAP_OK = 0,		/* a TCP/UDP packet: the record is filled */
	CAP_NOT_IP,		/* not IPv4/IPv6 (ARP, LLDP, MPLS pseudowire, ...) */
	CAP_NOT_L4,		/* IP but not TCP/UDP (ICMP, GRE, ESP, ...) */
	CAP_FRAG,		/* a non-first IP fragment: no ports */
	CAP_BAD,		/* truncated or malformed */
	CAP_LINK,		/* a link type inside PPI that is not supported */
	CAP_NRESULTS,
};

/* Link types cap_decode() understands (DLT_* values as libpcap returns). */
int cap_link_supported(int dlt);

/*
 * Decode one frame of link type @dlt.  Reads at most @caplen bytes of
 * @data; @wirelen (the frame's length on the wire) is used only when an IP
 * header gives no length (TSO captures).  Fills every field of @p but
 * ts_us, which is left 0.
 */
enum cap_result cap_decode(int dlt, const u8 *data, u32 caplen, u32 wirelen,
			   struct cap_pkt *p);

struct cap_stats {
	u64 frames;
	u64 result[CAP_NRESULTS];	/* frames by enum cap_result */
	u64 backwards;			/* timestamps earlier than the last one */
	u64 truncated;			/* the file ends inside a record */
};

struct capture;

/*
 * Open a capture.  On error returns NULL with a message naming @path in
 * @err (unreadable, not a capture, or a link type cap_decode() does not
 * support).
 */
struct capture *cap_open(const char *path, char *err, size_t errlen);

/*
 * The next TCP/UDP packet: 1 with @p filled, 0 at the end, -1 on a read
 * error (message in @err).  A file that ends inside a record (cut short
 * while copied, as a few public captures are) ends there: 0, with
 * stats.truncated set and libpcap's message in @err.  Frames that are
 * not TCP/UDP packets are counted in the stats and skipped.  Packets come
 * in file order with their timestamps as recorded, even when those go
 * backwards (counted in stats.backwards).
 */
int cap_next(struct capture *c, struct cap_pkt *p, char *err, size_t errlen);

const struct cap_stats *cap_stats(const struct capture *c);
void cap_close(struct capture *c);

#endif /* _DFI_CAPTURE_H */
