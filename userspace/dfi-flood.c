// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-flood: a traffic generator for the VM tests, to stress dfi.ko and
 * conntrack on a router with more flows than real programs make.
 *
 *   dfi-flood spoof: raw packets (root), each one a new flow - a random
 *	source address within --src (else the route's own source address)
 *	and a random source port - as UDP datagrams or TCP SYNs with correct
 *	checksums, paced on absolute CLOCK_MONOTONIC deadlines, a few packets
 *	per wakeup.  Send errors (ENOBUFS, EPERM from a firewall) are counted.
 *   dfi-flood flows: real sockets in one thread with ppoll(): up to
 *	--parallel flows at once, a new one every --every-us, each a fresh
 *	socket (a fresh ephemeral port: a new conntrack entry) that sends
 *	--packets messages, discards whatever comes back (an echo server
 *	may answer, nothing waits for it) and closes.
 *
 * Both stop after --seconds and print one summary line.  Flows still open
 * then are closed and counted as started only.  Exit status: 0 ok,
 * 1 failure (flows: also when no flow completed), 2 usage.
 */
#define _GNU_SOURCE	/* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define PROG		"dfi-flood"
#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL
#define SECONDS_MAX	3600
#define SPOOF_BATCH_MAX	64	/* packets per wakeup */
#define SPOOF_SIZE_MAX	1452	/* UDP payload in 1500 bytes, v4 and v6 */
#define SPOOF_PKT_MAX	(40 + 8 + SPOOF_SIZE_MAX)
#define SYN_LEN		24	/* TCP header and its MSS option */
#define FLOW_SIZE_MAX	65000
#define FLOW_PARALLEL_MAX 10000
#define FLOW_CONNECT_NS	NSEC_PER_SEC		/* a TCP connect's limit */
#define FLOW_RETRY_NS	(NSEC_PER_SEC / 1000)	/* after ENOBUFS */
#define FLOW_READS	16	/* reads per flow per wakeup */

static const char usage[] =
"usage: dfi-flood spoof --dst ADDR [--dport N] [--src CIDR] [--udp | --syn]\n"
"                       [--rate PPS] [--seconds S] [--count N] [--size BYTES]\n"
"                       [--seed N]\n"
"       dfi-flood flows --dst ADDR --port N [--udp | --tcp] [--parallel P]\n"
"                       [--every-us U] [--packets K] [--size BYTES]\n"
"                       [--interval-us I] [--seconds S]\n"
"       dfi-flood --help\n";

static const char help[] =
"\n"
"spoof: raw packets (root), every one a new flow from a random source\n"
"  address in CIDR (default: the route's own source address) and a random\n"
"  source port 1024-65535, to ADDR port N (default 9): UDP with BYTES of\n"
"  payload (default 64, at most 1452) or TCP SYNs.  PPS 0 (the default):\n"
"  as fast as possible.  Stops after S seconds (default 5) or N packets.\n"
"  Prints: spoof: sent N packets in T s (R/s), E send errors\n"
"flows: at most P flows (default 64) at once, a new one every U us\n"
"  (default 1000), each a fresh UDP (default) or TCP socket to ADDR port N\n"
"  that sends K messages (default 40) of BYTES (default 200) I us apart\n"
"  (default 0: as fast as the socket takes them), discards what comes\n"
"  back and closes.  Stops after S seconds (default 5); fails when no\n"
"  flow completed.\n"
"  Prints: flows: started N, completed C, failed F, packets sent P in T s\n";

enum mode { MODE_SPOOF, MODE_FLOWS };

struct opts {
	const char *dst, *src;
	u32 port, rate, seconds, count, size, seed;
	u32 parallel, every_us, packets, interval_us;
	bool tcp, seeded;
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

static struct timespec ns_to_ts(u64 ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return ts;
}

/* xorshift64: fast, and the same run for the same --seed. */
static u64 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ADDR (numeric, v4 or v6) and PORT as a socket address. */
static int parse_dst(const char *addr, u32 port, struct sockaddr_storage *ss,
		     socklen_t *len)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	};
	struct addrinfo *ai;
	char serv[8];
	int err;

	snprintf(serv, sizeof(serv), "%u", port);
	err = getaddrinfo(addr, serv, &hints, &ai);
	if (err) {
		fprintf(stderr, PROG ": bad address '%s': %s\n", addr,
			gai_strerror(err));
		return EXIT_USAGE;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* The raw address bytes of @ss (4 or 16 of them): their count. */
static size_t addr_bytes(const struct sockaddr_storage *ss, u8 *a)
{
	if (ss->ss_family == AF_INET) {
		memcpy(a, &((const struct sockaddr_in *)ss)->sin_addr, 4);
		return 4;
	}
	memcpy(a, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16);
	return 16;
}

/* --- spoof ------------------------------------------------------------ */

struct spoof {
	struct sockaddr_storage dst;	/* for sendto(), port 0 */
	socklen_t dst_len;
	int family;
	size_t alen, iplen;		/* address and IP header bytes */
	u8 daddr[16], snet[16];		/* destination, source network */
	u32 plen;			/* source prefix length */
	u16 dport;
	bool syn;
	u32 size;			/* UDP payload bytes */
	u32 payload_sum;		/* their one's complement sum */
	u64 rnd;
};

static u32 csum_add(u32 sum, const void *data, size_t len)
{
	const u8 *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (u32)p[0] << 8 | p[1];
	if (len)
		sum += (u32)p[0] << 8;
	return sum;
}

/* The checksum field's value, in network order. */
static u16 csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((u16)~sum);
}

/* CIDR: an address of @family and an optional /LEN (default: all bits). */
static int parse_cidr(const char *s, int family, u8 *net, u32 *plen)
{
	u32 max = family == AF_INET ? 32 : 128;
	const char *slash = strchr(s, '/');
	char addr[INET6_ADDRSTRLEN];
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	*plen = max;
	if (n >= sizeof(addr))
		goto bad;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(family, addr, net) != 1)
		goto bad;
	if (slash)
		return cli_u32(PROG, "--src prefix length", slash + 1, 0, max,
			       plen);
	return 0;
bad:
	fprintf(stderr, PROG ": bad --src '%s' (an IPv%d prefix like %s)\n", s,
		family == AF_INET ? 4 : 6,
		family == AF_INET ? "203.0.113.0/24" : "2001:db8::/64");
	return EXIT_USAGE;
}

/* The source address the routing table picks towards @dst. */
static int route_source(const struct sockaddr_storage *dst, socklen_t len,
			u8 *src)
{
	struct sockaddr_storage me;
	socklen_t mlen = sizeof(me);
	int fd, rc = -1;

	fd = socket(dst->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (!connect(fd, (const struct sockaddr *)dst, len) &&
	    !getsockname(fd, (struct sockaddr *)&me, &mlen)) {
		addr_bytes(&me, src);
		rc = 0;
	}
	close(fd);
	return rc;
}

/* A random address within the source network. */
static void spoof_source(struct spoof *sp, u8 *a)
{
	u64 r = 0;
	size_t i;

	for (i = 0; i < sp->alen; i++) {
		u32 bit = 8 * (u32)i;
		u8 keep;

		if (sp->plen >= bit + 8)
			keep = 0xff;
		else if (sp->plen <= bit)
			keep = 0;
		else
			keep = (u8)(0xff << (8 - (sp->plen - bit)));
		if (!(i % 8))
			r = rnd(&sp->rnd);
		a[i] = (sp->snet[i] & keep) | ((u8)r & ~keep);
		r >>= 8;
	}
}

/*
 * One packet in @pkt (the UDP payload is already there): IP header, UDP
 * or TCP SYN, all checksums.  Returns its length.
 */
static size_t spoof_build(struct spoof *sp, u8 *pkt)
{
	u8 proto = sp->syn ? IPPROTO_TCP : IPPROTO_UDP;
	size_t l4len = sp->syn ? SYN_LEN : sizeof(struct udphdr) + sp->size;
	u8 *l4 = pkt + sp->iplen, saddr[16];
	u64 r = rnd(&sp->rnd);
	u16 sport = htons((u16)(1024 + r % 64512));
	u32 sum;

	spoof_source(sp, saddr);
	if (sp->family == AF_INET) {
		struct iphdr *ip = (struct iphdr *)pkt;

		memset(ip, 0, sizeof(*ip));
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons((u16)(sp->iplen + l4len));
		ip->id = (u16)(r >> 32);
		ip->frag_off = htons(IP_DF);
		ip->ttl = 64;
		ip->protocol = proto;
		memcpy(&ip->saddr, saddr, 4);
		memcpy(&ip->daddr, sp->daddr, 4);
		ip->check = csum_fold(csum_add(0, ip, sizeof(*ip)));
	} else {
		struct ip6_hdr *ip6 = (struct ip6_hdr *)pkt;

		memset(ip6, 0, sizeof(*ip6));
		ip6->ip6_flow = htonl(6U << 28);
		ip6->ip6_plen = htons((u16)l4len);
		ip6->ip6_nxt = proto;
		ip6->ip6_hlim = 64;
		memcpy(&ip6->ip6_src, saddr, 16);
		memcpy(&ip6->ip6_dst, sp->daddr, 16);
	}
	/* The pseudo-header: addresses, protocol, L4 length. */
	sum = csum_add(0, saddr, sp->alen);
	sum = csum_add(sum, sp->daddr, sp->alen);
	sum += proto + (u32)l4len;
	if (sp->syn) {
		struct tcphdr *th = (struct tcphdr *)l4;
		u16 mss = sp->family == AF_INET ? 1460 : 1440;

		memset(th, 0, SYN_LEN);
		th->source = sport;
		th->dest = htons(sp->dport);
		th->seq = htonl((u32)(r >> 16));
		th->doff = SYN_LEN / 4;
		th->syn = 1;
		th->window = htons(64240);
		l4[20] = TCPOPT_MAXSEG;
		l4[21] = TCPOLEN_MAXSEG;
		l4[22] = mss >> 8;
		l4[23] = mss & 0xff;
		th->check = csum_fold(csum_add(sum, th, SYN_LEN));
	} else {
		struct udphdr *uh = (struct udphdr *)l4;

		uh->source = sport;
		uh->dest = htons(sp->dport);
		uh->len = htons((u16)l4len);
		uh->check = 0;
		sum = csum_add(sum, uh, sizeof(*uh)) + sp->payload_sum;
		uh->check = csum_fold(sum);
		if (!uh->check)
			uh->check = 0xffff;
	}
	return sp->iplen + l4len;
}

/* Open the raw socket that takes whole IP packets. */
static int spoof_socket(int family)
{
	int one = 1, fd;

	fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0) {
		perror(PROG ": raw socket (root needed)");
		return -1;
	}
	/* IPPROTO_RAW implies it in both families; say it anyway. */
	if (family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror(PROG ": IP_HDRINCL");
		close(fd);
		return -1;
	}
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof(one));
	return fd;
}

static int run_spoof(const struct opts *o)
{
	static u32 pkt_buf[SPOOF_PKT_MAX / 4 + 1];
	u8 *pkt = (u8 *)pkt_buf;
	u64 start, end, now, tries = 0, sent = 0, errs = 0;
	struct spoof sp = { .dport = (u16)o->port, .syn = o->tcp,
			    .size = o->size };
	u32 batch, i;
	int fd, rc;

	rc = parse_dst(o->dst, 0, &sp.dst, &sp.dst_len);
	if (rc)
		return rc;
	sp.family = sp.dst.ss_family;
	sp.alen = addr_bytes(&sp.dst, sp.daddr);
	sp.iplen = sp.family == AF_INET ? sizeof(struct iphdr) :
					  sizeof(struct ip6_hdr);
	if (o->src) {
		rc = parse_cidr(o->src, sp.family, sp.snet, &sp.plen);
		if (rc)
			return rc;
	} else {
		if (route_source(&sp.dst, sp.dst_len, sp.snet)) {
			fprintf(stderr, PROG ": no route to %s: %s\n", o->dst,
				strerror(errno));
			return 1;
		}
		sp.plen = 8 * (u32)sp.alen;
	}
	sp.rnd = o->seeded ? o->seed : now_ns() ^ (u64)getpid() << 32;
	sp.rnd = sp.rnd * 0x9e3779b97f4a7c15ULL | 1;
	/* The payload stays in place: its sum is computed once. */
	for (i = 0; i < sp.size; i++)
		pkt[sp.iplen + sizeof(struct udphdr) + i] = "dfi-flood "[i % 10];
	sp.payload_sum = csum_add(0, pkt + sp.iplen + sizeof(struct udphdr),
				  sp.size);

	fd = spoof_socket(sp.family);
	if (fd < 0)
		return 1;
	batch = o->rate ? o->rate / 1000 : SPOOF_BATCH_MAX;
	if (batch < 1)
		batch = 1;
	if (batch > SPOOF_BATCH_MAX)
		batch = SPOOF_BATCH_MAX;

	start = now_ns();
	end = start + o->seconds * NSEC_PER_SEC;
	for (now = start; now < end && (!o->count || tries < o->count);) {
		for (i = 0; i < batch && (!o->count || tries < o->count); i++) {
			size_t len = spoof_build(&sp, pkt);

			tries++;
			if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sp.dst,
				   sp.dst_len) >= 0) {
				sent++;
				continue;
			}
			errs++;
			if (errno == EINVAL && !sent) {
				fprintf(stderr, PROG ": this kernel refuses whole IPv%d packets on a raw socket\n",
					sp.family == AF_INET ? 4 : 6);
				close(fd);
				return 1;
			}
		}
		now = now_ns();
		if (o->rate) {
			/*
			 * The next batch's deadline, from the start.  Behind
			 * it, no sleep: even an expired timer costs a wakeup.
			 */
			u64 due = start + tries / o->rate * NSEC_PER_SEC +
				  tries % o->rate * NSEC_PER_SEC / o->rate;
			struct timespec ts = ns_to_ts(due < end ? due : end);

			if (due > now) {
				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
						&ts, NULL);
				now = now_ns();
			}
		}
	}
	close(fd);
	printf("spoof: sent %llu packets in %.2f s (%.0f/s), %llu send errors\n",
	       (unsigned long long)sent, (double)(now - start) / NSEC_PER_SEC,
	       (double)sent * NSEC_PER_SEC / (double)(now - start + 1),
	       (unsigned long long)errs);
	return 0;
}

/* --- flows ------------------------------------------------------------ */

enum flow_state { FLOW_CONNECTING, FLOW_SENDING };

struct flow {
	int fd;
	enum flow_state state;
	u32 sent;		/* messages sent whole */
	u32 off;		/* bytes of the next message sent (TCP) */
	u64 due;		/* connect deadline, or the next message's time */
};

struct flows {
	const struct opts *o;
	struct sockaddr_storage dst;
	socklen_t dst_len;
	int type;			/* SOCK_DGRAM or SOCK_STREAM */
	u64 interval_ns;
	struct flow *flow;		/* the active ones first: [0, active) */
	struct pollfd *pfd;		/* pfd[i] watches flow[i] */
	u8 *msg;
	u32 active;
	u64 started, completed, failed, pkts;
};

/* End flow @i; the last active flow takes its place. */
static void flow_end(struct flows *fs, u32 i, bool ok)
{
	close(fs->flow[i].fd);
	if (ok)
		fs->completed++;
	else
		fs->failed++;
	fs->flow[i] = fs->flow[--fs->active];
}

static void flow_start(struct flows *fs, u64 now)
{
	struct flow *f = &fs->flow[fs->active];
	int fd;

	fs->started++;
	fd = socket(fs->dst.ss_family, fs->type | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		fs->failed++;
		return;
	}
	*f = (struct flow){ .fd = fd, .state = FLOW_SENDING, .due = now };
	fs->active++;
	if (connect(fd, (struct sockaddr *)&fs->dst, fs->dst_len)) {
		if (errno != EINPROGRESS) {
			flow_end(fs, fs->active - 1, false);
			return;
		}
		f->state = FLOW_CONNECTING;
		f->due = now + FLOW_CONNECT_NS;
	}
}

/* Read and drop what came back: -1 when the flow broke. */
static int flow_drain(struct flows *fs, struct flow *f)
{
	static u8 sink[65536];
	ssize_t r;
	int i;

	for (i = 0; i < FLOW_READS; i++) {
		r = recv(f->fd, sink, sizeof(sink), MSG_DONTWAIT);
		if (r > 0 || (r == 0 && fs->type == SOCK_DGRAM))
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			      errno == EINTR))
			return 0;
		return -1;	/* TCP end of stream, or an error */
	}
	return 0;
}

/* Send what is due and the socket takes: -1 when the flow broke. */
static int flow_send(struct flows *fs, struct flow *f, u64 now)
{
	u32 size = fs->o->size;
	ssize_t r;

	while (f->sent < fs->o->packets && f->due <= now) {
		r = send(f->fd, fs->msg + f->off, size - f->off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0) {
			if (errno == ENOBUFS)
				f->due = now + FLOW_RETRY_NS;
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == EWOULDBLOCK || errno == EINTR)
				return 0;
			return -1;
		}
		f->off += (u32)r;
		if (f->off < size)
			continue;
		f->off = 0;
		f->sent++;
		fs->pkts++;
		if (fs->interval_ns)
			f->due = now + fs->interval_ns;
	}
	return 0;
}

/* What ppoll() said about flow @i, and its timers. */
static void flow_event(struct flows *fs, u32 i, short revents, u64 now)
{
	struct flow *f = &fs->flow[i];
	socklen_t len = sizeof(int);
	int err = 0;

	if (f->state == FLOW_CONNECTING) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP))) {
			if (now >= f->due)
				flow_end(fs, i, false);
			return;
		}
		if (getsockopt(f->fd, SOL_SOCKET, SO_ERROR, &err, &len) ||
		    err) {
			flow_end(fs, i, false);
			return;
		}
		f->state = FLOW_SENDING;
		f->due = now;
	}
	if ((revents & (POLLIN | POLLERR | POLLHUP)) && flow_drain(fs, f)) {
		flow_end(fs, i, false);
		return;
	}
	if (flow_send(fs, f, now)) {
		flow_end(fs, i, false);
		return;
	}
	if (f->sent == fs->o->packets) {
		flow_drain(fs, f);
		flow_end(fs, i, true);
	}
}

/* Room for @n more open files: raise the soft limit if need be. */
static int want_files(rlim_t n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	if (rl.rlim_cur >= n)
		return 0;
	if (rl.rlim_max < n)
		return -1;
	rl.rlim_cur = n;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

/* One round: start the flows that are due, wait, serve the sockets. */
static int flows_round(struct flows *fs, u64 now, u64 end, u64 *next_start)
{
	u64 every_ns = fs->o->every_us * NSEC_PER_USEC, wake = end;
	struct timespec ts;
	u32 n, i;

	for (n = fs->o->parallel - fs->active; n && now >= *next_start; n--) {
		flow_start(fs, now);
		*next_start += every_ns;
	}
	if (fs->active == fs->o->parallel && *next_start < now)
		*next_start = now;	/* no burst when a place frees up */
	else if (fs->active < fs->o->parallel && *next_start < wake)
		wake = *next_start;
	for (i = 0; i < fs->active; i++) {
		struct flow *f = &fs->flow[i];

		fs->pfd[i].fd = f->fd;
		fs->pfd[i].events = POLLIN;
		if (f->state == FLOW_CONNECTING)
			fs->pfd[i].events = POLLOUT;
		else if (f->due <= now)
			fs->pfd[i].events |= POLLOUT;
		if (f->due > now && f->due < wake)
			wake = f->due;
	}
	n = fs->active;
	ts = ns_to_ts(wake > now ? wake - now : 0);
	if (ppoll(fs->pfd, n, &ts, NULL) < 0 && errno != EINTR) {
		perror(PROG ": ppoll");
		return -1;
	}
	now = now_ns();
	/* Backwards: flow_end() moves the last flow into the hole. */
	for (i = n; i-- > 0;)
		flow_event(fs, i, fs->pfd[i].revents, now);
	return 0;
}

static int run_flows(const struct opts *o)
{
	struct flows fs = { .o = o, .interval_ns = o->interval_us * NSEC_PER_USEC,
			    .type = o->tcp ? SOCK_STREAM : SOCK_DGRAM };
	u64 start, end, now, next_start;
	int rc;

	rc = parse_dst(o->dst, o->port, &fs.dst, &fs.dst_len);
	if (rc)
		return rc;
	if (want_files((rlim_t)o->parallel + 16)) {
		fprintf(stderr, PROG ": --parallel %u: not that many open files allowed (RLIMIT_NOFILE)\n",
			o->parallel);
		return 1;
	}
	fs.flow = calloc(o->parallel, sizeof(*fs.flow));
	fs.pfd = calloc(o->parallel, sizeof(*fs.pfd));
	fs.msg = malloc(o->size);
	rc = 1;
	if (!fs.flow || !fs.pfd || !fs.msg) {
		perror(PROG);
		goto out;
	}
	memset(fs.msg, 'f', o->size);

	start = now_ns();
	end = start + o->seconds * NSEC_PER_SEC;
	next_start = start;
	for (now = start; now < end; now = now_ns())
		if (flows_round(&fs, now, end, &next_start))
			goto out;
	now = now_ns();
	printf("flows: started %llu, completed %llu, failed %llu, packets sent %llu in %.2f s\n",
	       (unsigned long long)fs.started,
	       (unsigned long long)fs.completed,
	       (unsigned long long)fs.failed, (unsigned long long)fs.pkts,
	       (double)(now - start) / NSEC_PER_SEC);
	rc = fs.completed ? 0 : 1;
out:
	while (fs.active)
		close(fs.flow[--fs.active].fd);
	free(fs.flow);
	free(fs.pfd);
	free(fs.msg);
	return rc;
}

/* --- command line ----------------------------------------------------- */

enum {
	OPT_DST = 1, OPT_PORT, OPT_SRC, OPT_UDP, OPT_TCP, OPT_RATE,
	OPT_SECONDS, OPT_COUNT, OPT_SIZE, OPT_SEED, OPT_PARALLEL, OPT_EVERY,
	OPT_PACKETS, OPT_INTERVAL, OPT_HELP = 'h',
};

static const struct option spoof_opts[] = {
	{ "dst", required_argument, NULL, OPT_DST },
	{ "dport", required_argument, NULL, OPT_PORT },
	{ "src", required_argument, NULL, OPT_SRC },
	{ "udp", no_argument, NULL, OPT_UDP },
	{ "syn", no_argument, NULL, OPT_TCP },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const struct option flows_opts[] = {
	{ "dst", required_argument, NULL, OPT_DST },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "udp", no_argument, NULL, OPT_UDP },
	{ "tcp", no_argument, NULL, OPT_TCP },
	{ "parallel", required_argument, NULL, OPT_PARALLEL },
	{ "every-us", required_argument, NULL, OPT_EVERY },
	{ "packets", required_argument, NULL, OPT_PACKETS },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "interval-us", required_argument, NULL, OPT_INTERVAL },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* One option's value into @o: 0, or EXIT_USAGE. */
static int parse_opt(enum mode mode, int c, const char *arg, struct opts *o)
{
	switch (c) {
	case OPT_DST:
		o->dst = arg;
		return 0;
	case OPT_SRC:
		o->src = arg;
		return 0;
	case OPT_UDP:
		o->tcp = false;
		return 0;
	case OPT_TCP:
		o->tcp = true;
		return 0;
	case OPT_PORT:
		return cli_u32(PROG, mode == MODE_SPOOF ? "--dport" : "--port",
			       arg, 1, 65535, &o->port);
	case OPT_RATE:
		return cli_u32(PROG, "--rate", arg, 0, 10000000, &o->rate);
	case OPT_SECONDS:
		return cli_u32(PROG, "--seconds", arg, 1, SECONDS_MAX,
			       &o->seconds);
	case OPT_COUNT:
		return cli_u32(PROG, "--count", arg, 1, 0xffffffffu, &o->count);
	case OPT_SIZE:
		if (mode == MODE_SPOOF)
			return cli_u32(PROG, "--size", arg, 0, SPOOF_SIZE_MAX,
				       &o->size);
		return cli_u32(PROG, "--size", arg, 1, FLOW_SIZE_MAX, &o->size);
	case OPT_SEED:
		o->seeded = true;
		return cli_u32(PROG, "--seed", arg, 0, 0xffffffffu, &o->seed);
	case OPT_PARALLEL:
		return cli_u32(PROG, "--parallel", arg, 1, FLOW_PARALLEL_MAX,
			       &o->parallel);
	case OPT_EVERY:
		return cli_u32(PROG, "--every-us", arg, 0, 10000000,
			       &o->every_us);
	case OPT_PACKETS:
		return cli_u32(PROG, "--packets", arg, 1, 1000000, &o->packets);
	case OPT_INTERVAL:
		return cli_u32(PROG, "--interval-us", arg, 0, 10000000,
			       &o->interval_us);
	case OPT_HELP:
		printf("%s%s", usage, help);
		exit(0);
	}
	fprintf(stderr, PROG ": bad argument '%s'\n%s", arg, usage);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct opts o = { .seconds = 5 };
	enum mode mode;
	int c, rc;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("%s%s", usage, help);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "spoof")) {
		mode = MODE_SPOOF;
		o.port = 9;
		o.size = 64;
	} else if (argc >= 2 && !strcmp(argv[1], "flows")) {
		mode = MODE_FLOWS;
		o.parallel = 64;
		o.every_us = 1000;
		o.packets = 40;
		o.size = 200;
	} else {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	/* The mode word plays argv[0]; getopt's messages are ours. */
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "h",
				mode == MODE_SPOOF ? spoof_opts : flows_opts,
				NULL)) != -1) {
		/* '?': the option getopt refused, or its missing value */
		if (c == '?')
			optarg = argv[optind < argc ? optind : argc - 1];
		rc = parse_opt(mode, c, optarg, &o);
		if (rc)
			return rc;
	}
	if (optind < argc - 1)
		return parse_opt(mode, '?', argv[optind + 1], &o);
	if (!o.dst || (mode == MODE_FLOWS && !o.port)) {
		fprintf(stderr, PROG ": %s needs --dst%s\n%s", argv[1],
			mode == MODE_FLOWS ? " and --port" : "", usage);
		return EXIT_USAGE;
	}
	return mode == MODE_SPOOF ? run_spoof(&o) : run_flows(&o);
}
