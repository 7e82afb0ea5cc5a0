/* SPDX-License-Identifier: ISC */
/* huge.c: large per-flow arrays on huge pages; see huge.h. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE */

#include "model/huge.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "util/arena.h"
#include "util/xmalloc.h"

/* The huge page of x86-64 and arm64 with 4 KB pages. */
#define HUGE_PAGE ((size_t)2 << 20)

void *
huge_calloc(size_t count, size_t size, size_t *mapped)
{
	size_t len;
	uintptr_t raw, start;
	void *p;

	*mapped = 0;
	if (size == 0 || count > SIZE_MAX / size ||
	    count * size < HUGE_MIN_BYTES || arena_current() != NULL)
		return xcalloc(count, size);
	len = (count * size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	/* a huge page more, to start on one (only whole aligned 2 MB
	 * stretches of a mapping get huge pages) */
	p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return xcalloc(count, size);
	raw = (uintptr_t)p;
	start = (raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (start > raw)
		munmap(p, start - raw);
	if (raw + HUGE_PAGE > start)
		munmap((void *)(start + len), raw + HUGE_PAGE - start);
#ifdef MADV_HUGEPAGE
	/* before the first write: the pages are given at the first touch */
	(void)madvise((void *)start, len, MADV_HUGEPAGE);
#endif
	*mapped = len;
	return (void *)start; /* zeroed by the kernel */
}

void
huge_free(void *p, size_t mapped)
{
	if (mapped > 0)
		munmap(p, mapped);
	else
		free(p);
}
