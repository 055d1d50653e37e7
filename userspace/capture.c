// SPDX-License-Identifier: GPL-2.0
/*
 * Capture files through libpcap (classic pcap and pcapng alike), one
 * TCP/UDP packet at a time.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

struct capture {
	pcap_t *pcap;
	const char *path;
	int dlt;
	u64 last_us;
	struct cap_stats stats;
};

struct capture *cap_open(const char *path, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct capture *c;

	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->path = path;
	c->pcap = pcap_open_offline(path, perr);
	if (!c->pcap) {
		/* libpcap names the file in some messages, not in others */
		if (!strncmp(perr, path, strlen(path)))
			snprintf(err, errlen, "%s", perr);
		else
			snprintf(err, errlen, "%s: %s", path, perr);
		free(c);
		return NULL;
	}
	c->dlt = pcap_datalink(c->pcap);
	if (!cap_link_supported(c->dlt)) {
		const char *name = pcap_datalink_val_to_name(c->dlt);

		snprintf(err, errlen, "%s: unsupported link type %d (%s)",
			 path, c->dlt, name ? name : "unknown");
		cap_close(c);
		return NULL;
	}
	return c;
}

/*
 * A file cut short in its last record (libpcap: "truncated dump file",
 * "truncated pcapng dump file"): what came before it is good.
 */
static int cap_truncated(struct capture *c)
{
	return !strncmp(pcap_geterr(c->pcap), "truncated ", 10);
}

static u64 cap_time_us(const struct pcap_pkthdr *h)
{
	if (h->ts.tv_sec < 0)
		return 0;
	return (u64)h->ts.tv_sec * 1000000 + (u64)h->ts.tv_usec;
}

int cap_next(struct capture *c, struct cap_pkt *p, char *err, size_t errlen)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	enum cap_result r;
	u64 ts;
	int rc;

	for (;;) {
		rc = pcap_next_ex(c->pcap, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			return 0;
		if (rc == PCAP_ERROR && cap_truncated(c)) {
			c->stats.truncated = 1;
			snprintf(err, errlen, "%s: %s", c->path,
				 pcap_geterr(c->pcap));
			return 0;
		}
		if (rc != 1) {
			snprintf(err, errlen, "%s: %s", c->path,
				 pcap_geterr(c->pcap));
			return -1;
		}
		c->stats.frames++;
		ts = cap_time_us(h);
		if (ts < c->last_us)
			c->stats.backwards++;
		c->last_us = ts;

		r = cap_decode(c->dlt, data, h->caplen, h->len, p);
		c->stats.result[r]++;
		if (r == CAP_OK) {
			p->ts_us = ts;
			return 1;
		}
	}
}

const struct cap_stats *cap_stats(const struct capture *c)
{
	return &c->stats;
}

void cap_close(struct capture *c)
{
	if (!c)
		return;
	if (c->pcap)
		pcap_close(c->pcap);
	free(c);
}
