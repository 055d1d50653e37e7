// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier's engine (include/dfi/engine.h): chosen once at load,
 * the fastest this CPU runs unless the engine= parameter names one, and
 * entered around each classification.  The x86 SIMD engines use the
 * vector registers: they run between kernel_fpu_begin() and
 * kernel_fpu_end(), and only where irq_fpu_usable() says the registers
 * may be taken now (in a softirq that interrupted a kernel FPU section
 * they may not); there the scalar engine runs instead, which computes
 * the same integers.  The arm64 NEON engines likewise run between
 * kernel_neon_begin() and kernel_neon_end(), where may_use_simd() allows.
 */
#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#ifdef CONFIG_X86_64
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/fpu/types.h>
#endif
#ifdef CONFIG_ARM64
#include <asm/cpufeature.h>
#include <asm/neon.h>
#include <asm/simd.h>
#endif

#include "simd.h"

static unsigned int dfi_engine __read_mostly = DFI_ENGINE_SCALAR;

/* engine=: the name asked for; read back, the engine in use */
static char dfi_param_engine[16] = "auto";

static int dfi_engine_param_set(const char *val, const struct kernel_param *kp)
{
	size_t n = strcspn(val, "\n");

	if (n >= sizeof(dfi_param_engine))
		return -EINVAL;
	memcpy(dfi_param_engine, val, n);
	dfi_param_engine[n] = '\0';
	return 0;
}

static int dfi_engine_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", dfi_engine_name(dfi_engine));
}

static const struct kernel_param_ops dfi_engine_param_ops = {
	.set = dfi_engine_param_set,
	.get = dfi_engine_param_get,
};

module_param_cb(engine, &dfi_engine_param_ops, NULL, 0444);
MODULE_PARM_DESC(engine, "classifier engine: auto, scalar, reference, avx2, avx-vnni, avx512-vnni, neon, neon-dot (default auto: the fastest this CPU runs); reads back the one in use");

/* Whether engine @e is built into the module and runs on this CPU. */
bool dfi_simd_runs(unsigned int e)
{
	if (!dfi_engine_built(e))
		return false;
	switch (e) {
	case DFI_ENGINE_SCALAR:
	case DFI_ENGINE_REF:
		return true;
#ifdef CONFIG_X86_64
	case DFI_ENGINE_AVX2:
		return boot_cpu_has(X86_FEATURE_AVX2) &&
		       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM,
					 NULL);
	case DFI_ENGINE_AVX_VNNI:
		return dfi_simd_runs(DFI_ENGINE_AVX2) &&
		       boot_cpu_has(X86_FEATURE_AVX_VNNI);
	case DFI_ENGINE_AVX512_VNNI:
		/* EVEX on ymm: the OS must have enabled AVX-512's state */
		return dfi_simd_runs(DFI_ENGINE_AVX2) &&
		       boot_cpu_has(X86_FEATURE_AVX512_VNNI) &&
		       boot_cpu_has(X86_FEATURE_AVX512VL) &&
		       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM |
					 XFEATURE_MASK_AVX512, NULL);
#endif
#ifdef CONFIG_ARM64
	case DFI_ENGINE_NEON:
		return cpu_have_named_feature(ASIMD);
	case DFI_ENGINE_NEON_DOT:
		return cpu_have_named_feature(ASIMD) &&
		       cpu_have_named_feature(ASIMDDP);
#endif
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_simd_runs);

/* userspace/cpu.c prefers them in the same order */
static const unsigned int dfi_engine_preference[] = {
	DFI_ENGINE_AVX_VNNI, DFI_ENGINE_AVX512_VNNI, DFI_ENGINE_AVX2,
	DFI_ENGINE_NEON_DOT, DFI_ENGINE_NEON,
};

int dfi_simd_init(void)
{
	unsigned int e, i;

	if (!strcmp(dfi_param_engine, "auto")) {
		dfi_engine = DFI_ENGINE_SCALAR;
		for (i = 0; i < ARRAY_SIZE(dfi_engine_preference); i++)
			if (dfi_simd_runs(dfi_engine_preference[i])) {
				dfi_engine = dfi_engine_preference[i];
				break;
			}
		goto done;
	}
	for (e = 0; e < DFI_ENGINE_COUNT; e++) {
		if (strcmp(dfi_param_engine, dfi_engine_name(e)))
			continue;
		if (!dfi_simd_runs(e)) {
			pr_err("dfi: engine=%s: not supported by this CPU or build\n",
			       dfi_param_engine);
			return -EINVAL;
		}
		dfi_engine = e;
		goto done;
	}
	pr_err("dfi: engine must be auto, scalar, reference, avx2, avx-vnni, avx512-vnni, neon or neon-dot\n");
	return -EINVAL;
done:
	pr_info("dfi: classifier engine %s\n", dfi_engine_name(dfi_engine));
	return 0;
}

unsigned int dfi_simd_engine(void)
{
	return dfi_engine;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_simd_engine);

/*
 * Before a classification on @ws with engine @e (one dfi_simd_runs()
 * said yes to): sets @ws->engine to @e, or to the scalar engine where the
 * vector registers cannot be taken now; true if the FPU section is held
 * (dfi_simd_end(true) ends it).  Bottom halves or preemption off.
 */
bool dfi_simd_begin(struct dfi_scratch *ws, unsigned int e)
{
	ws->engine = e;
	if (e <= DFI_ENGINE_REF)
		return false;
#ifdef CONFIG_X86_64
	if (irq_fpu_usable()) {
		kernel_fpu_begin();
		return true;
	}
#endif
#ifdef CONFIG_ARM64
	if (may_use_simd()) {
		kernel_neon_begin();
		return true;
	}
#endif
	ws->engine = DFI_ENGINE_SCALAR;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(dfi_simd_begin);

void dfi_simd_end(bool held)
{
#ifdef CONFIG_X86_64
	if (held)
		kernel_fpu_end();
#endif
#ifdef CONFIG_ARM64
	if (held)
		kernel_neon_end();
#endif
}
EXPORT_SYMBOL_IF_KUNIT(dfi_simd_end);
