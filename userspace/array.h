/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growing arrays: room for one more element.
 */
#ifndef _DFI_ARRAY_H
#define _DFI_ARRAY_H

#include <stdlib.h>

/*
 * Make room for element @n of array @a (of *@cap elements of @size
 * bytes).  Returns the array, moved or not, or NULL out of memory (@a is
 * then still valid).
 */
static inline void *array_reserve(void *a, size_t n, size_t *cap, size_t size)
{
	size_t c = *cap ? *cap * 2 : 64;

	if (n < *cap)
		return a;
	if (c > ((size_t)-1) / size)
		return NULL;
	a = realloc(a, c * size);
	if (a)
		*cap = c;
	return a;
}

#endif /* _DFI_ARRAY_H */
