// SPDX-License-Identifier: GPL-2.0
/*
 * dfi-bench [--engine NAME] MODEL [FLOWS]: what one classification costs
 * with the shared
 * core, on one core.  Builds FLOWS (default 20000) synthetic flows of
 * seq_len packets with random sizes, directions and gaps (a fixed seed),
 * classifies each with dfi_classify() in rounds, with every engine this
 * CPU runs in turn within each round (so that their ratios come from the
 * same moments of a noisy machine), and prints per engine the median
 * nanoseconds per flow over the rounds, of the whole decision and of the
 * network alone (dfi_infer()), the speedups over the reference, the time
 * the model's multiply-accumulates take as bare dot products (dotbench.c),
 * the model's multiply-accumulates and the per-flow feature state's size.
 * --engine times that engine alone (and the reference, for the ratio).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dfi/engine.h>

#include "cpu.h"
#include "dotbench.h"
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

/* The median of ROUNDS round times, per flow. */
static double median_ns(u64 *t, unsigned int n)
{
	qsort(t, ROUNDS, sizeof(t[0]), cmp_u64);
	return (double)t[ROUNDS / 2] / n;
}

int main(int argc, char **argv)
{
	static u64 tc[DFI_ENGINE_COUNT][ROUNDS], ti[DFI_ENGINE_COUNT][ROUNDS];
	static struct dfi_scratch ws;
	static struct dfi_model m;
	u64 seed = 0x9e3779b97f4a7c15ULL, t[ROUNDS], sink = 0;
	double ns_c[DFI_ENGINE_COUNT], ns_i[DFI_ENGINE_COUNT], dot;
	unsigned int eng[DFI_ENGINE_COUNT], ne = 0, ref = 0, best = 0, e, k;
	unsigned int n = 20000, fsz, isz, nseq, i, j, r;
	struct dfi_verdict v;
	unsigned char *flows;
	int only = -1;
	s8 *in;
	void *buf;

	if (argc >= 3 && !strcmp(argv[1], "--engine")) {
		only = cpu_engine_parse(PROG, argv[2]);
		if (only < 0)
			return 2;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: " PROG " [--engine NAME] MODEL [FLOWS]\n");
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
	nseq = m.in_ch * m.seq_len;
	isz = nseq + DFI_STATIC_N;
	flows = malloc((size_t)n * fsz);
	in = malloc((size_t)n * isz);
	if (!flows || !in) {
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
		/* the network's input, for timing it alone */
		dfi_feat_input(f, m.seq_len, NULL, ws.seq, ws.stat);
		memcpy(in + (size_t)i * isz, ws.seq, nseq);
		memcpy(in + (size_t)i * isz + nseq, ws.stat, DFI_STATIC_N);
	}

	for (e = 0; e < DFI_ENGINE_COUNT; e++)
		if (cpu_engine_runs(e) &&
		    (only < 0 || e == (unsigned int)only || e == DFI_ENGINE_REF))
			eng[ne++] = e;
	for (r = 0; r < ROUNDS; r++) {
		for (k = 0; k < ne; k++) {
			u64 t0 = now_ns();

			ws.engine = (u8)eng[k];
			for (i = 0; i < n; i++) {
				dfi_classify(&m, (void *)(flows + (size_t)i * fsz),
					     NULL, &ws, &v);
				sink += v.cls;
			}
			tc[k][r] = now_ns() - t0;

			t0 = now_ns();
			for (i = 0; i < n; i++) {
				dfi_infer(&m, in + (size_t)i * isz,
					  in + (size_t)i * isz + nseq, &ws,
					  v.logits);
				sink += (u32)v.logits[0];
			}
			ti[k][r] = now_ns() - t0;
		}
	}
	printf("model: %s (seq_len %u, %u classes, %u bytes)\n", m.name,
	       m.seq_len, m.n_classes, m.size);
	printf("flows: %u x %u rounds (checksum %llu)\n", n, ROUNDS,
	       (unsigned long long)sink);
	for (k = 0; k < ne; k++) {
		ns_c[k] = median_ns(tc[k], n);
		ns_i[k] = median_ns(ti[k], n);
		if (eng[k] == DFI_ENGINE_REF)
			ref = k;
		if (ns_c[k] < ns_c[best])
			best = k;
	}
	for (k = 0; k < ne; k++)
		printf("classify_ns_per_flow[%s]: %.0f (network alone: %.0f)\n",
		       dfi_engine_name(eng[k]), ns_c[k], ns_i[k]);
	/* the module's choice on this CPU (kmod/simd.c), and the best here */
	printf("engine_auto: %s\n", dfi_engine_name(cpu_engine_best()));
	printf("classify_ns_per_flow: %.0f (%s)\n", ns_c[best],
	       dfi_engine_name(eng[best]));
	printf("speedup_over_reference: %.1f (network alone: %.1f)\n",
	       ns_c[ref] / ns_c[best], ns_i[ref] / ns_i[best]);
	dot = dotbench_ns(m.macs);
	if (dot > 0)
		printf("dot_ns_per_flow: %.0f (the model's MACs as bare vpdpbusd; network alone / dot: %.1f)\n",
		       dot, ns_i[best] / dot);
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
	free(in);
	free(flows);
	free(buf);
	return 0;
}
