// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-bench MODEL [FLOWS]: what one classification costs with the shared
 * core, on one core.  Builds FLOWS (default 20000) synthetic flows of
 * seq_len packets with random sizes, directions and gaps (a fixed seed),
 * classifies each with dfi_classify() in rounds, and prints the median
 * nanoseconds per flow over the rounds, the model's multiply-accumulates
 * and the per-flow feature state's size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <dfi/engine.h>

#include "modelfile.h"

#define PROG		"dfi-bench"
#define ROUNDS		15

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* xorshift64: a fixed, portable sequence. */
static u64 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static struct dfi_scratch ws;
	static struct dfi_model m;
	u64 seed = 0x9e3779b97f4a7c15ULL, t[ROUNDS], sink = 0;
	unsigned int n = 20000, fsz, i, j, r;
	struct dfi_verdict v;
	unsigned char *flows;
	void *buf;

	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: " PROG " MODEL [FLOWS]\n");
		return 2;
	}
	if (argc == 3)
		n = (unsigned int)strtoul(argv[2], NULL, 10);
	if (n < 1 || n > 1000000) {
		fprintf(stderr, PROG ": FLOWS must be 1..1000000\n");
		return 2;
	}
	if (modelfile_load(PROG, argv[1], &m, &buf))
		return 1;

	fsz = dfi_feat_size(m.seq_len);
	flows = malloc((size_t)n * fsz);
	if (!flows) {
		perror(PROG);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct dfi_flow_feat *f = (void *)(flows + (size_t)i * fsz);
		u64 ts = 1000000;

		dfi_feat_init(f, rnd(&seed) & 1 ? DFI_IPPROTO_UDP : DFI_IPPROTO_TCP,
			      (u16)rnd(&seed), (u16)rnd(&seed), ts);
		for (j = 0; j < m.seq_len; j++) {
			ts += rnd(&seed) % 200000;
			dfi_feat_add(f, m.seq_len, ts, 40 + rnd(&seed) % 1461,
				     (int)(rnd(&seed) & 1), (u8)rnd(&seed), 0);
		}
	}

	for (r = 0; r < ROUNDS; r++) {
		u64 t0 = now_ns();

		for (i = 0; i < n; i++) {
			dfi_classify(&m, (void *)(flows + (size_t)i * fsz), NULL,
				     &ws, &v);
			sink += v.cls;
		}
		t[r] = now_ns() - t0;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp_u64);
	printf("model: %s (seq_len %u, %u classes, %u bytes)\n", m.name,
	       m.seq_len, m.n_classes, m.size);
	printf("flows: %u x %u rounds (checksum %llu)\n", n, ROUNDS,
	       (unsigned long long)sink);
	printf("classify_ns_per_flow: %.0f\n", (double)t[ROUNDS / 2] / n);
	printf("model_macs: %u\n", m.macs);
	printf("feature_state_bytes: %u\n", fsz);

	/* The per-packet work on a flow in progress: dfi_feat_step(). */
	for (r = 0; r < ROUNDS; r++) {
		u64 t0 = now_ns();

		for (i = 0; i < n; i++) {
			struct dfi_flow_feat *f = (void *)(flows + (size_t)i * fsz);
			u64 ts = 1000000 + i;

			f->npkts = 0;
			f->first_us = ts;
			f->last_us = ts;
			for (j = 0; j < m.seq_len; j++)
				sink += dfi_feat_step(f, m.seq_len, 2000000,
						      ts + j * 1500, 60 + 40 * j,
						      (int)(j & 1), 0, 0);
		}
		t[r] = now_ns() - t0;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp_u64);
	printf("feature_step_ns_per_packet: %.1f (checksum %llu)\n",
	       (double)t[ROUNDS / 2] / ((double)n * m.seq_len),
	       (unsigned long long)sink);
	free(flows);
	free(buf);
	return 0;
}
