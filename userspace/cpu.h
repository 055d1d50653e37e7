/* SPDX-License-Identifier: GPL-2.0 */
/* Which of the core's engines this CPU runs (include/dfi/engine.h). */
#ifndef _DFI_CPU_H
#define _DFI_CPU_H

/* Whether engine @e is built and this CPU (and its OS) can run it. */
int cpu_engine_runs(unsigned int e);

/* The fastest engine that runs here: what the kernel module would pick. */
unsigned int cpu_engine_best(void);

/*
 * An engine by name ("scalar", "reference", "avx2", "avx-vnni",
 * "avx512-vnni") or "auto" (cpu_engine_best()); -1 with a message on
 * stderr for an unknown name or one this CPU cannot run.
 */
int cpu_engine_parse(const char *prog, const char *name);

#endif /* _DFI_CPU_H */
