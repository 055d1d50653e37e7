// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-replay: the labelled captures of a data set, replayed as packets
 * through a router (tests/vm/replay-guest.sh), or written to one pcap.
 *
 * Each capture is read whole and run through the offline flow table
 * (flowtab.h, the kernel's decision rule).  Only the packets that flow
 * table records are kept - a flow's packets up to its decision, nothing
 * after - so what a router sees of a flow is what the kernel needs.  Each
 * original address gets its own lab address, fresh for every capture
 * (the captures never share a host pair): the sender of a flow's first
 * packet on the client side (10.64.0.0/10, fd10::/64), other addresses on
 * the server side (10.128.0.0/10, fd20::/64).  A packet is sent from the
 * side its source address is on, as an Ethernet frame to the router's
 * MAC, at its original time relative to the capture's start.
 *
 * A GRO/TSO aggregate of a TCP flow (one the flow table splits into
 * segments, flowtab.h) is sent as a GSO packet (PACKET_VNET_HDR, its
 * segment size as gso_size), which the router counts as its segments as
 * the flow table does.  A UDP aggregate goes as one packet (UDP L4 GSO
 * through a packet socket needs 6.2).
 *
 * Packets are rewritten: addresses, TTL / hop limit 64 (the router must
 * forward them), lengths of 0 (TSO captures) filled in, zero padding up to
 * the IP length (the snap length cut most captures short: the kernel
 * drops short packets), the IPv4 header checksum.  L4 checksums are left
 * wrong (the router netns sets nf_conntrack_checksum=0).  IP fragments
 * are left out.
 *
 * A capture is cut into segments at every gap of --split-ms (default
 * 11 s) or more between kept packets: no flow is in progress across such
 * a gap (a flow's kept packets lie within the deadline of its first), and
 * flow starts more than 10 s apart never count in each other's multi-flow
 * context, so the segments are independent.  Each segment gets fresh lab
 * addresses and keeps its own timing; segments run side by side in
 * --lanes lanes (default 8), one after the other in each lane.
 */
#define _GNU_SOURCE	/* setns, sched_setaffinity */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "cli.h"
#include "flowtab.h"
#include "htab.h"
#include "labels.h"
#include "modelfile.h"

#define PROG		"dfi-replay"
#define LAB_TTL		64
#define SEG_GAP_US	100000	/* between two segments of a lane */
#define LANES_MAX	64

static const char usage[] =
"usage: dfi-replay --model FILE --captures DIR --labels FILE --lab-labels OUT\n"
"                  [--lab-pcap NAME] [--min-packets N] [--split-ms MS]\n"
"                  [--lanes N]"
"                  [--write FILE.pcap]\n"
"                  [--send --client-netns PATH --client-if IF --client-mac MAC\n"
"                          --server-netns PATH --server-if IF --server-mac MAC\n"
"                          [--cpu N]]\n"
"\n"
"Replays the captures of a labelled data set: the packets of each flow up\n"
"to the model's decision, addresses mapped to lab ranges (client side\n"
"10.64.0.0/10 fd10::/64, server side 10.128.0.0/10 fd20::/64, fresh for\n"
"every capture), sent from the netns of their side (--send) and/or written\n"
"to one Ethernet pcap (--write).  OUT gets labels.csv for the lab flows\n"
"(pcap column NAME, default router.pcap; app 'CAPTURE:LINE:APP'; packets: the\n"
"packets replayed) of the labelled flows with at least N packets.\n";

struct opts {
	const char *model, *captures, *labels, *lab_labels, *lab_pcap;
	const char *write;
	const char *netns[2], *ifname[2], *mac[2];	/* [0] client side */
	u32 min_packets, split_ms, lanes, cpu;
	int send, cpu_set;
};

/* One kept packet: its frame and the side that sends it. */
struct out_pkt {
	u64 ts_us;		/* from its segment's start, then on the timeline */
	u32 seg;
	u32 idx;		/* the order packets were kept in */
	const struct flow *flow;
	u8 first;		/* the first packet of its flow */
	u8 side;		/* 0 client, 1 server */
	u32 len;		/* IP packet length */
	u16 gso_size;		/* a TCP aggregate's segment payload, else 0 */
	u16 l4_off;		/* its TCP header's offset in @ip */
	u8 *ip;
};

/* An original address and its lab address. */
struct amap {
	u32 seg;
	u8 family;
	u8 side;
	u8 orig[16];
	u8 lab[16];
};

struct replay {
	const struct opts *o;
	struct dfi_model m;
	void *mbuf;
	struct labels ls;
	FILE *lab;
	pcap_dumper_t *dump;
	pcap_t *dead;
	int fd[2];
	int ifindex[2];
	u8 src_mac[2][6], dst_mac[2][6];
	u32 next_host[2][2];	/* [v6][side] */
	/* per capture */
	struct amap *map;
	size_t nmap, cap_map;
	struct htab map_idx;
	/* all captures */
	struct out_pkt *pkt;
	size_t npkt, cap_pkt;
	u64 *seg_len;		/* duration of each segment, then its start */
	size_t nseg, cap_seg;
	u64 t_us;		/* the timeline's length */
	u64 captures, skipped, flows, labelled, missing, send_errors;
	u64 late_us;		/* the latest a packet went out */
};

static int parse_mac(const char *s, u8 *mac)
{
	unsigned int b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = (u8)b[i];
	}
	return 0;
}

/* ---- lab addresses ---- */

static u64 amap_hash(u32 seg, u8 family, const u8 *addr)
{
	return flow_hash_bytes(addr, 16, FLOW_HASH_SEED ^ family ^
			       (u64)seg << 8);
}

struct amap_q {
	u32 seg;
	u8 family;
	const u8 *addr;
};

static int amap_eq(const void *ctx, u32 id, const void *key)
{
	const struct replay *r = ctx;
	const struct amap_q *q = key;

	return r->map[id].seg == q->seg && r->map[id].family == q->family &&
	       !memcmp(r->map[id].orig, q->addr, 16);
}

static struct amap *amap_find(struct replay *r, u32 seg, u8 family,
			      const u8 *addr)
{
	struct amap_q q = { seg, family, addr };
	long id = htab_find(&r->map_idx, amap_hash(seg, family, addr), amap_eq,
			    r, &q);

	return id < 0 ? NULL : &r->map[id];
}

/* The lab address of @addr, given one on @side if it has none yet. */
static struct amap *amap_get(struct replay *r, u32 seg, u8 family,
			     const u8 *addr, int side)
{
	struct amap *a = amap_find(r, seg, family, addr), *arr;
	int v6 = family == AF_INET6;
	u32 n;

	if (a)
		return a;
	n = ++r->next_host[v6][side];
	if (!v6 && n >= (1u << 22)) {
		fprintf(stderr, PROG ": out of lab IPv4 addresses\n");
		return NULL;
	}
	arr = array_reserve(r->map, r->nmap, &r->cap_map, sizeof(*arr));
	if (!arr || htab_insert(&r->map_idx, amap_hash(seg, family, addr),
				(u32)r->nmap)) {
		fprintf(stderr, PROG ": out of memory\n");
		return NULL;
	}
	r->map = arr;
	a = &r->map[r->nmap++];
	memset(a, 0, sizeof(*a));
	a->seg = seg;
	a->family = family;
	a->side = (u8)side;
	memcpy(a->orig, addr, 16);
	if (v6) {
		a->lab[0] = 0xfd;
		a->lab[1] = side ? 0x20 : 0x10;
		a->lab[12] = (u8)(n >> 24);
		a->lab[13] = (u8)(n >> 16);
		a->lab[14] = (u8)(n >> 8);
		a->lab[15] = (u8)n;
	} else {
		n |= side ? 0x0a800000u : 0x0a400000u;
		a->lab[0] = (u8)(n >> 24);
		a->lab[1] = (u8)(n >> 16);
		a->lab[2] = (u8)(n >> 8);
		a->lab[3] = (u8)n;
	}
	return a;
}

/* ---- packets ---- */

static u16 ip_csum(const u8 *h, unsigned int len)
{
	u32 s = 0;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		s += (u32)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

/*
 * The offset of the IP header cap_decode() read in @data: the first place
 * where a header of that version carries the decoded addresses (link
 * headers are a few bytes; tunnels are not decapsulated, so it is the
 * outermost IP header).
 */
static long ip_offset(const u8 *data, u32 caplen, const struct cap_pkt *p)
{
	u32 o;

	for (o = 0; o + (p->family == AF_INET ? 20u : 40u) <= caplen; o++) {
		if (p->family == AF_INET) {
			if (data[o] >> 4 == 4 && !memcmp(data + o + 12, p->src, 4) &&
			    !memcmp(data + o + 16, p->dst, 4))
				return o;
		} else if (data[o] >> 4 == 6 &&
			   !memcmp(data + o + 8, p->src, 16) &&
			   !memcmp(data + o + 24, p->dst, 16)) {
			return o;
		}
	}
	return -1;
}

/*
 * Keep packet @p of @flow (its IP header at @ip, @avail bytes captured),
 * padded, with the lengths filled in; addresses are rewritten later.
 */
static int keep(struct replay *r, const struct cap_pkt *p, const u8 *ip,
		u32 avail, const struct flow *flow, int first)
{
	struct out_pkt *arr, *k;
	u8 *b;

	if (p->ip_len > 65535 || (p->family == AF_INET6 && p->ip_len < 40))
		return 0;	/* jumbograms: not for a 64 KiB MTU */
	arr = array_reserve(r->pkt, r->npkt, &r->cap_pkt, sizeof(*arr));
	b = calloc(1, p->ip_len);
	if (!arr || !b) {
		free(b);
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	r->pkt = arr;
	memcpy(b, ip, avail < p->ip_len ? avail : p->ip_len);
	if (p->family == AF_INET) {
		b[2] = (u8)(p->ip_len >> 8);
		b[3] = (u8)p->ip_len;
	} else {
		b[4] = (u8)((p->ip_len - 40) >> 8);
		b[5] = (u8)(p->ip_len - 40);
	}
	k = &r->pkt[r->npkt];
	memset(k, 0, sizeof(*k));
	k->ts_us = flow->feat->last_us;		/* the flow's clamped time */
	k->idx = (u32)r->npkt++;
	k->len = p->ip_len;
	k->ip = b;
	k->flow = flow;
	k->first = (u8)first;
	if (flow->seg_size && p->l4 == DFI_IPPROTO_TCP) {
		k->gso_size = flow->seg_size;
		k->l4_off = (u16)(p->hdr_len - p->l4_hlen);
	}
	return 0;
}

/* Lab addresses, TTL / hop limit, IPv4 header checksum. */
static void rewrite(struct out_pkt *k, const struct amap *src,
		    const struct amap *dst)
{
	u8 *b = k->ip;

	k->seg = src->seg;
	k->side = src->side;
	if ((b[0] >> 4) == 4) {
		unsigned int ihl = (b[0] & 0x0f) * 4u;
		u16 c;

		b[8] = LAB_TTL;
		memcpy(b + 12, src->lab, 4);
		memcpy(b + 16, dst->lab, 4);
		b[10] = b[11] = 0;
		c = ip_csum(b, ihl < k->len ? ihl : k->len);
		b[10] = (u8)(c >> 8);
		b[11] = (u8)c;
	} else {
		b[7] = LAB_TTL;
		memcpy(b + 8, src->lab, 16);
		memcpy(b + 24, dst->lab, 16);
	}
}

/* ---- output ---- */

static int frame(const struct replay *r, const struct out_pkt *k, u8 *f)
{
	int v6 = (k->ip[0] >> 4) == 6;

	memcpy(f, r->dst_mac[k->side], 6);
	memcpy(f + 6, r->src_mac[k->side], 6);
	f[12] = v6 ? 0x86 : 0x08;
	f[13] = v6 ? 0xdd : 0x00;
	memcpy(f + 14, k->ip, k->len);
	return 14 + (int)k->len;
}

static u64 mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000;
}

static void sleep_until(u64 us)
{
	struct timespec ts = { (time_t)(us / 1000000),
			       (long)(us % 1000000) * 1000 };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

/* Send or write the kept packets of one capture, then free them. */
/* Segments into lanes, first come first served: their start times. */
static void schedule(struct replay *r)
{
	u64 lane[LANES_MAX] = { 0 };
	size_t i, j;

	for (i = 0; i < r->nseg; i++) {
		u64 dur = r->seg_len[i];
		unsigned int best = 0, l;

		for (l = 1; l < r->o->lanes; l++)
			if (lane[l] < lane[best])
				best = l;
		r->seg_len[i] = lane[best];
		lane[best] += dur + SEG_GAP_US;
		if (lane[best] > r->t_us)
			r->t_us = lane[best];
	}
	for (j = 0; j < r->npkt; j++)
		r->pkt[j].ts_us += r->seg_len[r->pkt[j].seg];
}

static int pkt_cmp(const void *a, const void *b)
{
	const struct out_pkt *x = a, *y = b;

	if (x->ts_us != y->ts_us)
		return x->ts_us < y->ts_us ? -1 : 1;
	return x->idx < y->idx ? -1 : 1;
}

/* The virtio-net header of @k: a TCP aggregate's GSO, else none. */
static void vnet_hdr(const struct out_pkt *k, struct virtio_net_hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (!k->gso_size)
		return;
	/* native byte order: a packet socket's are little-endian on x86 */
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->gso_type = (k->ip[0] >> 4) == 6 ? VIRTIO_NET_HDR_GSO_TCPV6 :
					     VIRTIO_NET_HDR_GSO_TCPV4;
	h->gso_size = k->gso_size;
	h->csum_start = (u16)(14 + k->l4_off);
	h->csum_offset = 16;	/* struct tcphdr's check */
	h->hdr_len = (u16)(14 + k->l4_off + 20);
}

/* Send and/or write every kept packet, in timeline order. */
static void send_all(struct replay *r)
{
	static u8 buf[sizeof(struct virtio_net_hdr) + 14 + 65536];
	u8 *f = buf + sizeof(struct virtio_net_hdr);
	u64 start;
	size_t i;

	qsort(r->pkt, r->npkt, sizeof(*r->pkt), pkt_cmp);
	start = mono_us();
	for (i = 0; i < r->npkt; i++) {
		const struct out_pkt *k = &r->pkt[i];
		int len = frame(r, k, f);
		int vlen = len + (int)sizeof(struct virtio_net_hdr);

		if (r->o->send) {
			struct sockaddr_ll sa = {
				.sll_family = AF_PACKET,
				.sll_ifindex = r->ifindex[k->side],
				.sll_halen = 6,
			};
			u64 now;

			memcpy(sa.sll_addr, r->dst_mac[k->side], 6);
			sleep_until(start + k->ts_us);
			now = mono_us();
			if (now - start - k->ts_us > r->late_us)
				r->late_us = now - start - k->ts_us;
			vnet_hdr(k, (struct virtio_net_hdr *)buf);
			if (sendto(r->fd[k->side], buf, (size_t)vlen, 0,
				   (struct sockaddr *)&sa, sizeof(sa)) != vlen &&
			    !r->send_errors++)
				fprintf(stderr, PROG ": send: %s\n",
					strerror(errno));
		}
		if (r->dump) {
			struct pcap_pkthdr h;
			u64 t = 1000000000ull * 1000000 + k->ts_us;

			h.ts.tv_sec = (time_t)(t / 1000000);
			h.ts.tv_usec = (suseconds_t)(t % 1000000);
			h.caplen = h.len = (bpf_u_int32)len;
			pcap_dump((u_char *)r->dump, &h, f);
		}
	}
}

/* ---- one capture ---- */

static int lab_label(struct replay *r, const struct label *lb,
		     const struct flowtab *t, const struct out_pkt *k, size_t n)
{
	char c[ADDR_STRLEN], s[ADDR_STRLEN];
	const struct amap *ac = NULL, *as = NULL;
	const struct flow *f;
	unsigned int sent = 0;
	size_t i, j;

	if (lb->packets < r->o->min_packets)
		return 0;
	r->labelled++;
	f = flowtab_find(t, &lb->key);
	for (i = 0; f && i < n; i++)
		if (k[i].flow == f)
			break;
	/* frames sent (an aggregate is one, as conntrack counts it) */
	for (j = i; f && j < n; j++)
		sent += k[j].flow == f;
	if (f && i < n) {
		ac = amap_find(r, k[i].seg, lb->key.family, lb->client.addr);
		as = amap_find(r, k[i].seg, lb->key.family, lb->server.addr);
	}
	if (!ac || !as) {
		fprintf(stderr, PROG ": %s: labelled flow of line %u not in the capture\n",
			lb->pcap, lb->line);
		r->missing++;
		return 0;
	}
	fprintf(r->lab, "%s,%s,%s,%u,%s,%u,%s,%s:%u:%s,%u\n", r->o->lab_pcap,
		lb->key.l4 == DFI_IPPROTO_TCP ? "tcp" : "udp",
		addr_str(lb->key.family, ac->lab, c), lb->client.port,
		addr_str(lb->key.family, as->lab, s), lb->server.port,
		label_class_name[lb->cls], lb->pcap, lb->line, lb->app, sent);
	return 0;
}

/* A new segment. */
static int seg_new(struct replay *r)
{
	u64 *arr = array_reserve(r->seg_len, r->nseg, &r->cap_seg,
				 sizeof(*arr));

	if (!arr)
		return -1;
	r->seg_len = arr;
	r->seg_len[r->nseg++] = 0;
	return 0;
}

/*
 * The kept packets of one capture, @k[0..n), sorted by time: cut into
 * segments, given lab addresses.
 */
static int segment(struct replay *r, struct out_pkt *k, size_t n)
{
	u64 split_us = (u64)r->o->split_ms * 1000, t0 = 0, last = 0;
	size_t i;

	qsort(k, n, sizeof(*k), pkt_cmp);
	for (i = 0; i < n; i++) {
		int v6 = (k[i].ip[0] >> 4) == 6;
		u8 fam = v6 ? AF_INET6 : AF_INET, sa[16] = { 0 }, da[16] = { 0 };
		struct amap src, *a;
		u32 seg;

		memcpy(sa, k[i].ip + (v6 ? 8 : 12), v6 ? 16 : 4);
		memcpy(da, k[i].ip + (v6 ? 24 : 16), v6 ? 16 : 4);

		if (!i || k[i].ts_us - last >= split_us) {
			if (seg_new(r))
				return -1;
			t0 = k[i].ts_us;
		}
		last = k[i].ts_us;
		seg = (u32)(r->nseg - 1);
		r->seg_len[seg] = last - t0;
		k[i].ts_us -= t0;
		/* a copy: the second call may move the map */
		a = amap_get(r, seg, fam, sa, !k[i].first);
		if (!a)
			return -1;
		src = *a;
		a = amap_get(r, seg, fam, da, 1);
		if (!a)
			return -1;
		rewrite(&k[i], &src, a);
	}
	return 0;
}

/*
 * Read capture @name, keep its packets; then its labelled flows @lb[0..n)
 * into the lab labels.  A capture that cannot be read is skipped (1).
 */
static int replay_capture(struct replay *r, const char *name,
			  const struct label *lb, size_t n)
{
	char path[4096], perr[PCAP_ERRBUF_SIZE];
	u64 deadline_us = (u64)r->m.deadline_ms * 1000;
	size_t i, first_pkt = r->npkt;
	struct pcap_pkthdr *h;
	const u_char *data;
	struct flowtab *t;
	pcap_t *pc;
	int rc, dlt, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", r->o->captures, name);
	pc = pcap_open_offline(path, perr);
	if (!pc) {
		fprintf(stderr, PROG ": %s: skipped: %s\n", path, perr);
		return 1;
	}
	dlt = pcap_datalink(pc);
	if (!cap_link_supported(dlt)) {
		fprintf(stderr, PROG ": %s: skipped: unsupported link type %d\n",
			path, dlt);
		pcap_close(pc);
		return 1;
	}
	t = flowtab_new(r->m.seq_len, deadline_us, NULL, NULL);
	if (!t || htab_init(&r->map_idx)) {
		fprintf(stderr, PROG ": out of memory\n");
		flowtab_free(t);
		pcap_close(pc);
		return -1;
	}
	r->nmap = 0;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		struct endpoint e1, e2;
		struct flow_key k;
		struct cap_pkt p;
		struct flow *f;
		u8 before;
		long off;

		if (cap_decode(dlt, data, h->caplen, h->len, &p) != CAP_OK ||
		    p.frag)
			continue;
		p.ts_us = h->ts.tv_sec < 0 ? 0 :
			  (u64)h->ts.tv_sec * 1000000 + (u64)h->ts.tv_usec;
		memcpy(e1.addr, p.src, 16);
		e1.port = p.sport;
		memcpy(e2.addr, p.dst, 16);
		e2.port = p.dport;
		flow_key_make(&k, p.family, p.l4, &e1, &e2);
		f = flowtab_find(t, &k);
		before = f ? f->feat->npkts : 0;
		if (f && f->decided_by != FLOW_UNDECIDED)
			continue;
		if (flowtab_add(t, &p)) {
			fprintf(stderr, PROG ": out of memory\n");
			ret = -1;
			break;
		}
		f = flowtab_find(t, &k);
		if (f->feat->npkts == before)
			continue;	/* past the deadline: not recorded */
		off = ip_offset(data, h->caplen, &p);
		if (off < 0) {
			fprintf(stderr, PROG ": %s: IP header not found\n", path);
			ret = -1;
			break;
		}
		if (keep(r, &p, data + off, h->caplen - (u32)off, f, !before)) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != PCAP_ERROR_BREAK &&
	    strncmp(pcap_geterr(pc), "truncated ", 10))
		fprintf(stderr, PROG ": %s: %s (replayed up to there)\n", path,
			pcap_geterr(pc));
	if (ret == 0)
		ret = segment(r, r->pkt + first_pkt, r->npkt - first_pkt);
	if (ret == 0) {
		r->captures++;
		r->flows += flowtab_count(t);
		for (i = 0; i < n; i++)
			lab_label(r, &lb[i], t, r->pkt + first_pkt,
				  r->npkt - first_pkt);
	}
	for (i = first_pkt; i < r->npkt; i++)
		r->pkt[i].flow = NULL;	/* freed with the flow table */
	htab_free(&r->map_idx);
	flowtab_free(t);
	pcap_close(pc);
	return ret;
}

/* ---- setup ---- */

/* An AF_PACKET socket on @ifname in the netns at @netns. */
static int open_side(struct replay *r, int side)
{
	const struct opts *o = r->o;
	int self, ns, fd = -1, one = 1;
	struct ifreq ifr;

	self = open("/proc/self/ns/net", O_RDONLY);
	ns = open(o->netns[side], O_RDONLY);
	if (self < 0 || ns < 0 || setns(ns, CLONE_NEWNET)) {
		fprintf(stderr, PROG ": netns %s: %s\n", o->netns[side],
			strerror(errno));
		goto out;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	r->ifindex[side] = (int)if_nametoindex(o->ifname[side]);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", o->ifname[side]);
	if (fd < 0 || !r->ifindex[side] || ioctl(fd, SIOCGIFHWADDR, &ifr) ||
	    setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one))) {
		fprintf(stderr, PROG ": %s in %s: %s\n", o->ifname[side],
			o->netns[side], strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		memcpy(r->src_mac[side], ifr.ifr_hwaddr.sa_data, 6);
	}
	if (setns(self, CLONE_NEWNET)) {
		fprintf(stderr, PROG ": back to our netns: %s\n", strerror(errno));
		exit(1);
	}
out:
	if (self >= 0)
		close(self);
	if (ns >= 0)
		close(ns);
	r->fd[side] = fd;
	return fd < 0 ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'M' },
		{ "captures", required_argument, NULL, 'c' },
		{ "labels", required_argument, NULL, 'l' },
		{ "lab-labels", required_argument, NULL, 'L' },
		{ "lab-pcap", required_argument, NULL, 'P' },
		{ "min-packets", required_argument, NULL, 'm' },
		{ "split-ms", required_argument, NULL, 'g' },
		{ "lanes", required_argument, NULL, 'n' },
		{ "write", required_argument, NULL, 'w' },
		{ "send", no_argument, NULL, 's' },
		{ "client-netns", required_argument, NULL, 1 },
		{ "client-if", required_argument, NULL, 2 },
		{ "client-mac", required_argument, NULL, 3 },
		{ "server-netns", required_argument, NULL, 4 },
		{ "server-if", required_argument, NULL, 5 },
		{ "server-mac", required_argument, NULL, 6 },
		{ "cpu", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	o->min_packets = 1;
	o->split_ms = 11000;
	o->lanes = 8;
	o->lab_pcap = "router.pcap";
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'M': o->model = optarg; break;
		case 'c': o->captures = optarg; break;
		case 'l': o->labels = optarg; break;
		case 'L': o->lab_labels = optarg; break;
		case 'P': o->lab_pcap = optarg; break;
		case 'w': o->write = optarg; break;
		case 's': o->send = 1; break;
		case 1: case 2: case 3: case 4: case 5: case 6: {
			const char **dst[] = { o->netns, o->ifname, o->mac };

			dst[(c - 1) % 3][(c - 1) / 3] = optarg;
			break;
		}
		case 'm':
			rc = cli_u32(PROG, "--min-packets", optarg, 0,
				     0xffffffffu, &o->min_packets);
			break;
		case 'g':
			rc = cli_u32(PROG, "--split-ms", optarg, 10500, 3600000,
				     &o->split_ms);
			break;
		case 'n':
			rc = cli_u32(PROG, "--lanes", optarg, 1, LANES_MAX,
				     &o->lanes);
			break;
		case 'C':
			rc = cli_u32(PROG, "--cpu", optarg, 0, 1023, &o->cpu);
			o->cpu_set = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
		if (rc)
			return rc;
	}
	if (optind < argc || !o->model || !o->captures || !o->labels ||
	    !o->lab_labels || (o->send && (!o->netns[0] || !o->ifname[0] ||
	    !o->mac[0] || !o->netns[1] || !o->ifname[1] || !o->mac[1]))) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return 0;
}

static int setup(struct replay *r)
{
	const struct opts *o = r->o;
	char err[512];
	int side;

	if (modelfile_load(PROG, o->model, &r->m, &r->mbuf))
		return -1;
	if (labels_load(&r->ls, o->labels, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return -1;
	}
	if (strchr(o->lab_pcap, '/') || !*o->lab_pcap) {
		fprintf(stderr, PROG ": bad --lab-pcap\n");
		return -1;
	}
	if (o->send) {
		for (side = 0; side < 2; side++) {
			if (parse_mac(o->mac[side], r->dst_mac[side])) {
				fprintf(stderr, PROG ": bad MAC '%s'\n", o->mac[side]);
				return -1;
			}
			if (open_side(r, side))
				return -1;
		}
		if (o->cpu_set) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(o->cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				fprintf(stderr, PROG ": --cpu: %s\n", strerror(errno));
		}
	}
	if (o->write) {
		r->dead = pcap_open_dead(DLT_EN10MB, 65535 + 14);
		r->dump = r->dead ? pcap_dump_open(r->dead, o->write) : NULL;
		if (!r->dump) {
			fprintf(stderr, PROG ": %s: %s\n", o->write,
				r->dead ? pcap_geterr(r->dead) : "out of memory");
			return -1;
		}
	}
	r->lab = fopen(o->lab_labels, "w");
	if (!r->lab) {
		fprintf(stderr, PROG ": %s: %s\n", o->lab_labels, strerror(errno));
		return -1;
	}
	fputs("pcap,l4,client_ip,client_port,server_ip,server_port,class,app,packets\n",
	      r->lab);
	return 0;
}

int main(int argc, char **argv)
{
	struct replay r;
	struct opts o;
	size_t i, j;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	r.fd[0] = r.fd[1] = -1;
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	r.o = &o;
	if (setup(&r))
		return 1;
	u64 t0 = mono_us();
	/* labels are sorted by capture: one run of rows per capture */
	for (i = 0; i < r.ls.n && rc >= 0; i = j) {
		for (j = i; j < r.ls.n && !strcmp(r.ls.row[j].pcap,
						   r.ls.row[i].pcap); j++)
			;
		rc = replay_capture(&r, r.ls.row[i].pcap, &r.ls.row[i], j - i);
		if (rc > 0) {
			r.skipped++;
			for (; i < j; i++)
				if (r.ls.row[i].packets >= o.min_packets) {
					r.labelled++;
					r.missing++;
				}
		}
	}
	if (rc >= 0) {
		schedule(&r);
		send_all(&r);
	}
	if (r.dump)
		pcap_dump_close(r.dump);
	if (r.dead)
		pcap_close(r.dead);
	if (fclose(r.lab)) {
		fprintf(stderr, PROG ": %s: write error\n", o.lab_labels);
		rc = -1;
	}
	printf("replay: %llu captures (%llu skipped), %zu segments, %llu flows, "
	       "%zu packets, %llu labelled flows, %llu not replayed, "
	       "timeline %.1f s, wall %.1f s, latest send %.1f ms late, "
	       "%llu send errors\n",
	       (unsigned long long)r.captures, (unsigned long long)r.skipped,
	       r.nseg, (unsigned long long)r.flows, r.npkt,
	       (unsigned long long)r.labelled, (unsigned long long)r.missing,
	       r.t_us / 1e6, (mono_us() - t0) / 1e6, r.late_us / 1e3,
	       (unsigned long long)r.send_errors);
	labels_free(&r.ls);
	for (i = 0; i < r.npkt; i++)
		free(r.pkt[i].ip);
	free(r.pkt);
	free(r.seg_len);
	free(r.map);
	free(r.mbuf);
	return rc < 0 || r.send_errors ? 1 : 0;
}
