// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader and frame decoder (userspace/capture.c, link.c,
 * ip.c) on frames built here: every link layer, IPv4 options and
 * fragments, IPv6 extension headers, truncation at every length, and
 * pcap files written to a temporary directory.
 */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <dfi/features.h>

#include "capture.h"
#include "unit.h"

struct buf {
	u8 b[512];
	size_t n;
};

static void put(struct buf *p, const void *d, size_t n)
{
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static void put8(struct buf *p, u8 v)
{
	put(p, &v, 1);
}

static void put16(struct buf *p, u16 v)
{
	put8(p, (u8)(v >> 8));
	put8(p, (u8)v);
}

static void put32(struct buf *p, u32 v)
{
	put16(p, (u16)(v >> 16));
	put16(p, (u16)v);
}

static void zeros(struct buf *p, size_t n)
{
	memset(p->b + p->n, 0, n);
	p->n += n;
}

static const u8 ip4_a[4] = { 10, 0, 0, 1 };
static const u8 ip4_b[4] = { 192, 168, 7, 9 };
static const u8 ip6_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 ip6_b[16] = { 0xfe, 0x80, [14] = 0xab, [15] = 0xcd };

static void ether(struct buf *p, u16 type)
{
	static const u8 mac[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	put(p, mac, sizeof(mac));
	put16(p, type);
}

/* IPv4 header with @opt_words 4-byte option words. */
static void ipv4(struct buf *p, u8 tos, u16 tot_len, u16 frag, u8 proto,
		 int opt_words)
{
	put8(p, (u8)(0x45 + opt_words));
	put8(p, tos);
	put16(p, tot_len);
	put16(p, 0x1234);	/* id */
	put16(p, frag);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0);		/* checksum: not checked */
	put(p, ip4_a, 4);
	put(p, ip4_b, 4);
	while (opt_words--)
		put32(p, 0x01010101);	/* NOPs */
}

static void ipv6(struct buf *p, u8 tclass, u16 plen, u8 nexthdr)
{
	put32(p, 0x60000000u | (u32)tclass << 20 | 0x12345);
	put16(p, plen);
	put8(p, nexthdr);
	put8(p, 64);
	put(p, ip6_a, 16);
	put(p, ip6_b, 16);
}

static void tcp(struct buf *p, u16 sport, u16 dport, u8 flags)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, 1000);		/* seq */
	put32(p, 0);		/* ack */
	put8(p, 0x50);
	put8(p, flags);
	put16(p, 65535);
	put32(p, 0);		/* checksum, urgent */
}

static void udp(struct buf *p, u16 sport, u16 dport, u16 len)
{
	put16(p, sport);
	put16(p, dport);
	put16(p, len);
	put16(p, 0);
}

/* IPv4 TCP 10.0.0.1:1234 -> 192.168.7.9:443, SYN|PSH, DSCP 46, 40 bytes */
static void ipv4_tcp(struct buf *p)
{
	ipv4(p, 46 << 2, 40, 0x4000, DFI_IPPROTO_TCP, 0);
	tcp(p, 1234, 443, DFI_TCP_SYN | DFI_TCP_PSH);
}

static void check_ipv4_tcp(const struct cap_pkt *k, u32 ip_len)
{
	u8 src[16] = { 0 }, dst[16] = { 0 };

	memcpy(src, ip4_a, 4);
	memcpy(dst, ip4_b, 4);
	CHECK_EQ(k->family, AF_INET);
	CHECK_EQ(k->l4, DFI_IPPROTO_TCP);
	CHECK(!memcmp(k->src, src, 16));
	CHECK(!memcmp(k->dst, dst, 16));
	CHECK_EQ(k->sport, 1234);
	CHECK_EQ(k->dport, 443);
	CHECK_EQ(k->tcp_flags, DFI_TCP_SYN | DFI_TCP_PSH);
	CHECK_EQ(k->dscp, 46);
	CHECK_EQ(k->ip_len, ip_len);
	CHECK_EQ(k->frag, 0);
}

/* Decode @p whole; then every shorter prefix in a buffer of exactly that
 * size (ASan catches any read past it), none of which may decode. */
static enum cap_result decode_all_lengths(int dlt, const struct buf *p,
					  struct cap_pkt *k)
{
	enum cap_result r = cap_decode(dlt, p->b, (u32)p->n, (u32)p->n, k);
	struct cap_pkt tmp;
	size_t len;

	for (len = 0; len < p->n; len++) {
		u8 *b = malloc(len ? len : 1);

		memcpy(b, p->b, len);
		if (r == CAP_OK && cap_decode(dlt, b, (u32)len, (u32)p->n,
					      &tmp) == CAP_OK) {
			/* a TCP packet cut after its flags byte is fine */
			if (tmp.l4 != DFI_IPPROTO_TCP || p->n - len > 6)
				CHECK_EQ(len, p->n);	/* a prefix decoded */
		}
		free(b);
	}
	return r;
}

static void eth_vlan_ipv4_tcp(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	ether(&p, 0x8100);
	put16(&p, 0x0123);
	put16(&p, 0x0800);
	ipv4_tcp(&p);
	CHECK_EQ(decode_all_lengths(DLT_EN10MB, &p, &k), CAP_OK);
	check_ipv4_tcp(&k, 40);
}

static void eth_qinq_pppoe_mpls(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	ether(&p, 0x88a8);		/* 802.1ad */
	put16(&p, 0x0001);
	put16(&p, 0x8100);		/* 802.1Q */
	put16(&p, 0x0002);
	put16(&p, 0x8864);		/* PPPoE session */
	put16(&p, 0x1100);
	put16(&p, 0x0042);
	put16(&p, 42);
	put16(&p, 0x0281);		/* PPP: MPLS */
	put32(&p, 0x00001040);		/* label, not bottom */
	put32(&p, 0x00002140);		/* bottom of stack */
	ipv4_tcp(&p);
	CHECK_EQ(decode_all_lengths(DLT_EN10MB, &p, &k), CAP_OK);
	check_ipv4_tcp(&k, 40);
}

static void eth_snap_and_non_ip(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	ether(&p, 46);			/* 802.3 length */
	put(&p, "\xaa\xaa\x03\x00\x00\x00", 6);
	put16(&p, 0x0800);
	ipv4_tcp(&p);
	CHECK_EQ(decode_all_lengths(DLT_EN10MB, &p, &k), CAP_OK);
	check_ipv4_tcp(&k, 40);

	p.n = 0;
	ether(&p, 0x0806);		/* ARP */
	zeros(&p, 28);
	CHECK_EQ(cap_decode(DLT_EN10MB, p.b, (u32)p.n, (u32)p.n, &k),
		 CAP_NOT_IP);
	p.n = 0;
	ether(&p, 0x0800);		/* ICMP */
	ipv4(&p, 0, 28, 0, 1, 0);
	zeros(&p, 8);
	CHECK_EQ(cap_decode(DLT_EN10MB, p.b, (u32)p.n, (u32)p.n, &k),
		 CAP_NOT_L4);
}

/* Every other link layer in front of the same IPv4 TCP packet. */
static void other_links(void)
{
	static const struct {
		int dlt;
		const char *hdr;
		size_t len;
	} links[] = {
		{ DLT_RAW, "", 0 },
		{ DLT_IPV4, "", 0 },
		{ DLT_LINUX_SLL, "\0\0\0\1\0\6\2\0\0\0\0\1\0\0\x08\0", 16 },
		{ DLT_LINUX_SLL2, "\x08\0\0\0\0\0\0\2\0\1\0\6\2\0\0\0\0\1\0\0", 20 },
		{ DLT_NULL, "\2\0\0\0", 4 },
		{ DLT_NULL, "\0\0\0\2", 4 },
		{ DLT_LOOP, "\0\0\0\2", 4 },
		{ DLT_PPP, "\xff\x03\x00\x21", 4 },
		{ DLT_PPP, "\x21", 1 },
		{ DLT_PPP_SERIAL, "\xff\x03\x00\x21", 4 },
		{ DLT_PPP_SERIAL, "\x0f\x00\x08\x00", 4 },
		{ DLT_C_HDLC, "\x8f\x00\x08\x00", 4 },
		{ DLT_PPI, "\0\0\x0c\0\1\0\0\0\xaa\xbb\xcc\xdd", 12 },
	};
	size_t i;

	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		struct buf p = { .n = 0 };
		struct cap_pkt k;

		put(&p, links[i].hdr, links[i].len);
		if (links[i].dlt == DLT_PPI)
			ether(&p, 0x0800);
		ipv4_tcp(&p);
		printf("# link type %d, header %zu bytes\n", links[i].dlt,
		       links[i].len);
		CHECK_EQ(decode_all_lengths(links[i].dlt, &p, &k), CAP_OK);
		check_ipv4_tcp(&k, 40);
	}
	CHECK(!cap_link_supported(105));	/* 802.11 */
	CHECK(cap_link_supported(DLT_LINUX_SLL2));
}

static void ipv4_options_and_snaplen(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	/* 2 option words; total length 1500 though 48 bytes were captured */
	ipv4(&p, 46 << 2, 1500, 0, DFI_IPPROTO_TCP, 2);
	tcp(&p, 1234, 443, DFI_TCP_SYN | DFI_TCP_PSH);
	CHECK_EQ(decode_all_lengths(DLT_RAW, &p, &k), CAP_OK);
	check_ipv4_tcp(&k, 1500);

	/* total length 0 (TSO): the frame's length on the wire */
	p.n = 0;
	ipv4(&p, 46 << 2, 0, 0, DFI_IPPROTO_TCP, 0);
	tcp(&p, 1234, 443, DFI_TCP_SYN | DFI_TCP_PSH);
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, 9000, &k), CAP_OK);
	CHECK_EQ(k.ip_len, 9000);

	/* a total length that ends inside the TCP header */
	p.n = 0;
	ipv4(&p, 0, 30, 0, DFI_IPPROTO_TCP, 0);
	tcp(&p, 1234, 443, 0);
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_BAD);
	/* IHL below 5 */
	p.b[0] = 0x44;
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_BAD);
}

static void ipv4_fragments(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	/* first fragment: ports, marked */
	ipv4(&p, 0, 1500, 0x2000, DFI_IPPROTO_UDP, 0);
	udp(&p, 5353, 53, 2000);
	CHECK_EQ(decode_all_lengths(DLT_RAW, &p, &k), CAP_OK);
	CHECK_EQ(k.frag, 1);
	CHECK_EQ(k.sport, 5353);
	CHECK_EQ(k.dport, 53);
	CHECK_EQ(k.l4, DFI_IPPROTO_UDP);
	CHECK_EQ(k.ip_len, 1500);

	/* later fragments, with or without MF: skipped */
	p.n = 0;
	ipv4(&p, 0, 528, 0x2000 | 185, DFI_IPPROTO_UDP, 0);
	zeros(&p, 8);
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_FRAG);
	p.b[6] = 0;
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_FRAG);
}

/* IPv6: hop-by-hop (8 bytes), destination options (16), UDP. */
static void ipv6_ext(struct buf *p)
{
	ipv6(p, 0xb8, 8 + 16 + 8 + 100, 0);
	put8(p, 60);
	put8(p, 0);
	zeros(p, 6);
	put8(p, 17);
	put8(p, 1);
	zeros(p, 14);
	udp(p, 40000, 3478, 108);
}

static void check_ipv6_udp(const struct cap_pkt *k)
{
	CHECK_EQ(k->family, AF_INET6);
	CHECK_EQ(k->l4, DFI_IPPROTO_UDP);
	CHECK(!memcmp(k->src, ip6_a, 16));
	CHECK(!memcmp(k->dst, ip6_b, 16));
	CHECK_EQ(k->sport, 40000);
	CHECK_EQ(k->dport, 3478);
	CHECK_EQ(k->ip_len, 40 + 132);
	CHECK_EQ(k->dscp, 46);
	CHECK_EQ(k->tcp_flags, 0);
	CHECK_EQ(k->frag, 0);
}

static void sll2_ipv6_ext_udp(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	put(&p, "\x86\xdd\0\0\0\0\0\2\0\1\0\6\2\0\0\0\0\1\0\0", 20);
	ipv6_ext(&p);
	CHECK_EQ(decode_all_lengths(DLT_LINUX_SLL2, &p, &k), CAP_OK);
	check_ipv6_udp(&k);

	/* an extension header longer than the payload length */
	p.b[20 + 4] = 0;
	p.b[20 + 5] = 20;
	CHECK_EQ(cap_decode(DLT_LINUX_SLL2, p.b, (u32)p.n, (u32)p.n, &k),
		 CAP_BAD);
}

/* A SYN's MSS option among others, header lengths; cut options: no MSS. */
static void tcp_syn_mss(void)
{
	static const u8 opts[20] = {
		1, 1, 4, 2,			/* NOP, NOP, SACK permitted */
		8, 10, 0, 0, 0, 1, 0, 0, 0, 0,	/* timestamps */
		2, 4, 0x05, 0x78,		/* MSS 1400 */
		1, 0,				/* NOP, EOL */
	};
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	ipv4(&p, 0, 60, 0x4000, DFI_IPPROTO_TCP, 0);
	tcp(&p, 1234, 443, DFI_TCP_SYN);
	p.b[20 + 12] = 0xa0;		/* data offset 10: 40 bytes */
	put(&p, opts, sizeof(opts));
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_OK);
	CHECK_EQ(k.hdr_len, 60);
	CHECK_EQ(k.l4_hlen, 40);
	CHECK_EQ(k.mss, 1400);
	/* the snap length cut the option: no MSS, the rest as before */
	CHECK_EQ(cap_decode(DLT_RAW, p.b, 20 + 20 + 16, (u32)p.n, &k), CAP_OK);
	CHECK_EQ(k.mss, 0);
	CHECK_EQ(k.hdr_len, 60);
	/* not a SYN: the option is not read */
	p.b[20 + 13] = DFI_TCP_PSH;
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_OK);
	CHECK_EQ(k.mss, 0);
	/* a data offset below 5 counts 20 bytes */
	p.b[20 + 12] = 0x10;
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_OK);
	CHECK_EQ(k.l4_hlen, 20);
	/* IPv6 with extension headers: they count in hdr_len */
	p.n = 0;
	ipv6_ext(&p);
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_OK);
	CHECK_EQ(k.hdr_len, 40 + 8 + 16 + 8);
	CHECK_EQ(k.l4_hlen, 8);
}

static void ipv6_fragments_and_routing(void)
{
	struct buf p = { .n = 0 };
	struct cap_pkt k;

	/* routing header (24 bytes), first fragment, TCP */
	ipv6(&p, 0, 24 + 8 + 20, 43);
	put8(&p, 44);
	put8(&p, 2);
	zeros(&p, 22);
	put8(&p, 6);
	put8(&p, 0);
	put16(&p, 0x0001);		/* offset 0, M */
	put32(&p, 0xdeadbeef);
	tcp(&p, 50000, 443, DFI_TCP_FIN);
	CHECK_EQ(decode_all_lengths(DLT_IPV6, &p, &k), CAP_OK);
	CHECK_EQ(k.frag, 1);
	CHECK_EQ(k.l4, DFI_IPPROTO_TCP);
	CHECK_EQ(k.sport, 50000);
	CHECK_EQ(k.tcp_flags, DFI_TCP_FIN);
	CHECK_EQ(k.ip_len, 92);

	/* a later fragment */
	p.b[40 + 24 + 2] = 0x05;
	p.b[40 + 24 + 3] = 0x00;
	CHECK_EQ(cap_decode(DLT_IPV6, p.b, (u32)p.n, (u32)p.n, &k), CAP_FRAG);

	/* no next header */
	p.n = 0;
	ipv6(&p, 0, 0, 59);
	CHECK_EQ(cap_decode(DLT_RAW, p.b, (u32)p.n, (u32)p.n, &k), CAP_NOT_L4);
}

/* A pcap file of @dlt with the frames @f at times 1000 s + @ts_us. */
static void write_pcap(const char *path, int dlt, const struct buf *f,
		       const u64 *ts_us, int n, u32 snaplen)
{
	pcap_t *pd = pcap_open_dead(dlt, 65535);
	pcap_dumper_t *d = pcap_dump_open(pd, path);
	int i;

	CHECK(d != NULL);
	for (i = 0; d && i < n; i++) {
		struct pcap_pkthdr h;

		h.ts.tv_sec = 1000 + (time_t)(ts_us[i] / 1000000);
		h.ts.tv_usec = (suseconds_t)(ts_us[i] % 1000000);
		h.len = (u32)f[i].n;
		h.caplen = h.len < snaplen ? h.len : snaplen;
		pcap_dump((u_char *)d, &h, f[i].b);
	}
	if (d)
		pcap_dump_close(d);
	pcap_close(pd);
}

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void pcap_files(void)
{
	struct buf f[4] = { { .n = 0 } };
	u64 ts[4] = { 10, 5, 2000000, 2000001 };
	char err[512];
	struct capture *c;
	struct cap_pkt k;

	ether(&f[0], 0x8100);		/* VLAN IPv4 TCP */
	put16(&f[0], 7);
	put16(&f[0], 0x0800);
	ipv4_tcp(&f[0]);
	ether(&f[1], 0x0806);		/* ARP: skipped */
	zeros(&f[1], 28);
	ether(&f[2], 0x86dd);		/* IPv6 UDP, cut to 60 bytes */
	ipv6_ext(&f[2]);
	zeros(&f[2], 100);
	ether(&f[3], 0x0800);		/* truncated IPv4: skipped */
	put8(&f[3], 0x45);
	write_pcap(tmp_path("eth.pcap"), DLT_EN10MB, f, ts, 4, 100);

	c = cap_open(tmp_path("eth.pcap"), err, sizeof(err));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 1);
	check_ipv4_tcp(&k, 40);
	CHECK_EQ(k.ts_us, 1000000010);
	CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 1);
	check_ipv6_udp(&k);
	CHECK_EQ(k.ts_us, 1002000000);
	CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 0);
	CHECK_EQ(cap_stats(c)->frames, 4);
	CHECK_EQ(cap_stats(c)->result[CAP_OK], 2);
	CHECK_EQ(cap_stats(c)->result[CAP_NOT_IP], 1);
	CHECK_EQ(cap_stats(c)->result[CAP_BAD], 1);
	CHECK_EQ(cap_stats(c)->backwards, 1);
	cap_close(c);

	/* the same file cut inside its third record: the frames before it */
	CHECK(truncate(tmp_path("eth.pcap"), 24 + 16 + 58 + 16 + 42 + 16 + 50) == 0);
	c = cap_open(tmp_path("eth.pcap"), err, sizeof(err));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 1);
	CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 0);
	CHECK_EQ(cap_stats(c)->truncated, 1);
	CHECK(strstr(err, "eth.pcap") != NULL);
	cap_close(c);
}

static void pcap_sll2_ppi(void)
{
	struct buf f[2] = { { .n = 0 } };
	u64 ts[2] = { 0, 1 };
	char err[512];
	struct capture *c;
	struct cap_pkt k;

	put(&f[0], "\x86\xdd\0\0\0\0\0\2\0\1\0\6\2\0\0\0\0\1\0\0", 20);
	ipv6_ext(&f[0]);
	write_pcap(tmp_path("sll2.pcap"), DLT_LINUX_SLL2, f, ts, 1, 65535);
	c = cap_open(tmp_path("sll2.pcap"), err, sizeof(err));
	CHECK(c != NULL);
	if (c) {
		CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 1);
		check_ipv6_udp(&k);
		cap_close(c);
	}

	/* PPI around Ethernet, then PPI around 802.11: not supported */
	f[0].n = 0;
	put(&f[0], "\0\0\x08\0\1\0\0\0", 8);
	ether(&f[0], 0x0800);
	ipv4_tcp(&f[0]);
	put(&f[1], "\0\0\x08\0\x69\0\0\0", 8);
	zeros(&f[1], 60);
	write_pcap(tmp_path("ppi.pcap"), DLT_PPI, f, ts, 2, 65535);
	c = cap_open(tmp_path("ppi.pcap"), err, sizeof(err));
	CHECK(c != NULL);
	if (c) {
		CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 1);
		check_ipv4_tcp(&k, 40);
		CHECK_EQ(cap_next(c, &k, err, sizeof(err)), 0);
		CHECK_EQ(cap_stats(c)->result[CAP_LINK], 1);
		cap_close(c);
	}
}

static void open_errors(void)
{
	struct buf f = { .n = 0 };
	u64 ts = 0;
	char err[512];
	FILE *fp;

	zeros(&f, 40);
	write_pcap(tmp_path("wifi.pcap"), 105, &f, &ts, 1, 65535);
	CHECK(cap_open(tmp_path("wifi.pcap"), err, sizeof(err)) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "wifi.pcap: unsupported link type 105") != NULL);

	CHECK(cap_open(tmp_path("absent.pcap"), err, sizeof(err)) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "absent.pcap") != NULL);

	fp = fopen(tmp_path("text.pcap"), "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("not a capture at all\n", fp);
		fclose(fp);
	}
	CHECK(cap_open(tmp_path("text.pcap"), err, sizeof(err)) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "text.pcap") != NULL);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dfi-capture-test.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static void cleanup(void)
{
	static const char *const names[] = {
		"eth.pcap", "sll2.pcap", "ppi.pcap", "wifi.pcap", "text.pcap",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(tmp_path(names[i]));
	rmdir(tmpdir);
}

static const struct unit_case cases[] = {
	UNIT_CASE(eth_vlan_ipv4_tcp),
	UNIT_CASE(tcp_syn_mss),
	UNIT_CASE(eth_qinq_pppoe_mpls),
	UNIT_CASE(eth_snap_and_non_ip),
	UNIT_CASE(other_links),
	UNIT_CASE(ipv4_options_and_snaplen),
	UNIT_CASE(ipv4_fragments),
	UNIT_CASE(sll2_ipv6_ext_udp),
	UNIT_CASE(ipv6_fragments_and_routing),
	UNIT_CASE(pcap_files),
	UNIT_CASE(pcap_sll2_ppi),
	UNIT_CASE(open_errors),
};

int main(void)
{
	int rc;

	setup();
	rc = unit_run(cases, sizeof(cases) / sizeof(cases[0]));
	cleanup();
	return rc;
}
