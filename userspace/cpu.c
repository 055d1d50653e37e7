// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace side of the engine choice kmod/simd.c makes in the
 * kernel: on x86, CPUID's feature bits, and XCR0 for the register state
 * the OS saves (what the kernel's cpu_has_xfeatures() checks there); on
 * arm64, the hardware capabilities the kernel reports (AT_HWCAP: what
 * cpu_have_named_feature() checks there).
 */
#include <stdio.h>
#include <string.h>

#include <dfi/engine.h>

#include "cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>

#define XCR0_SSE_AVX	0x06	/* xmm, ymm */
#define XCR0_AVX512	0xe0	/* opmask, zmm0-15 upper halves, zmm16-31 */

static int has_xcr0(unsigned int want)
{
	unsigned int a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
		return 0;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & want) == want;
}

/* CPUID leaf 7, sub-leaf @sub: ebx, ecx or eax (@reg 'b', 'c', 'a'). */
static int leaf7(unsigned int sub, char reg, unsigned int bit)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid_count(7, sub, &a, &b, &c, &d))
		return 0;
	return !!((reg == 'a' ? a : reg == 'b' ? b : c) & bit);
}

static int x86_avx2(void)
{
	return has_xcr0(XCR0_SSE_AVX) && leaf7(0, 'b', 1u << 5);
}
#elif defined(__aarch64__)
#include <sys/auxv.h>

static int arm64_hwcap(unsigned long want)
{
	return (getauxval(AT_HWCAP) & want) == want;
}
#endif

int cpu_engine_runs(unsigned int e)
{
	if (!dfi_engine_built(e))
		return 0;
	switch (e) {
	case DFI_ENGINE_SCALAR:
	case DFI_ENGINE_REF:
		return 1;
#if defined(__x86_64__)
	case DFI_ENGINE_AVX2:
		return x86_avx2();
	case DFI_ENGINE_AVX_VNNI:
		return x86_avx2() && leaf7(1, 'a', 1u << 4);
	case DFI_ENGINE_AVX512_VNNI:
		return x86_avx2() && has_xcr0(XCR0_SSE_AVX | XCR0_AVX512) &&
		       leaf7(0, 'c', 1u << 11) && leaf7(0, 'b', 1u << 31);
#elif defined(__aarch64__)
	case DFI_ENGINE_NEON:
		return arm64_hwcap(HWCAP_ASIMD);
	case DFI_ENGINE_NEON_DOT:
		return arm64_hwcap(HWCAP_ASIMD | HWCAP_ASIMDDP);
#endif
	}
	return 0;
}

/* The order kmod/simd.c prefers them in. */
static const unsigned int preference[] = {
	DFI_ENGINE_AVX_VNNI, DFI_ENGINE_AVX512_VNNI, DFI_ENGINE_AVX2,
	DFI_ENGINE_NEON_DOT, DFI_ENGINE_NEON,
};

unsigned int cpu_engine_best(void)
{
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(preference); i++)
		if (cpu_engine_runs(preference[i]))
			return preference[i];
	return DFI_ENGINE_SCALAR;
}

int cpu_engine_parse(const char *prog, const char *name)
{
	unsigned int e;

	if (!strcmp(name, "auto"))
		return (int)cpu_engine_best();
	for (e = 0; e < DFI_ENGINE_COUNT; e++) {
		if (strcmp(name, dfi_engine_name(e)))
			continue;
		if (cpu_engine_runs(e))
			return (int)e;
		fprintf(stderr, "%s: engine %s: not %s here\n", prog, name,
			dfi_engine_built(e) ? "supported by this CPU" : "built");
		return -1;
	}
	fprintf(stderr, "%s: no engine '%s' (auto", prog, name);
	for (e = 0; e < DFI_ENGINE_COUNT; e++)
		fprintf(stderr, ", %s", dfi_engine_name(e));
	fprintf(stderr, ")\n");
	return -1;
}
