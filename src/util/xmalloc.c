/* SPDX-License-Identifier: ISC */
/* xmalloc.c: allocation that cannot fail (see xmalloc.h). */
#include "config.h"

#include "util/xmalloc.h"

#include "util/arena.h"

#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
xmalloc_fail(size_t count, size_t size)
{
	fprintf(stderr, "tcpsim: out of memory (allocating %zu x %zu bytes)\n",
		count, size);
	exit(1);
}

void *
xmalloc(size_t size)
{
	struct arena *a = arena_current();
	void *p = a != NULL ? arena_alloc(a, size) : malloc(size ? size : 1);

	if (p == NULL)
		xmalloc_fail(1, size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	struct arena *a = arena_current();
	void *p;

	if (a != NULL) {
		/* the arena's blocks are reused: clear them */
		if (size != 0 && count > SIZE_MAX / size)
			xmalloc_fail(count, size);
		p = arena_alloc(a, count * size);
		if (p != NULL)
			memset(p, 0, count * size);
	} else {
		p = calloc(count ? count : 1, size ? size : 1);
	}
	if (p == NULL)
		xmalloc_fail(count, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		xmalloc_fail(count, size);
	if (ptr == NULL || arena_owns(arena_current(), ptr))
		p = arena_current() != NULL
			    ? arena_realloc(arena_current(), ptr, count * size)
			    : realloc(ptr, count != 0 && size != 0
						   ? count * size
						   : 1);
	else
		p = realloc(ptr, count != 0 && size != 0 ? count * size : 1);
	if (p == NULL)
		xmalloc_fail(count, size);
	return p;
}

void *
xgrow(void *ptr, size_t *cap, size_t need, size_t size)
{
	size_t grown;

	if (need <= *cap && ptr != NULL)
		return ptr;
	grown = *cap < 8 ? 8 : *cap;
	while (grown < need)
		grown = grown > SIZE_MAX / 2 ? need : 2 * grown;
	ptr = xreallocarray(ptr, grown, size);
	*cap = grown;
	return ptr;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
xfree(void *ptr)
{
	struct arena *a = arena_current();

	if (arena_owns(a, ptr))
		arena_free(a, ptr);
	else
		free(ptr);
}

bool
xmalloc_in_use(size_t *bytes)
{
#ifdef HAVE_MALLINFO2
	struct mallinfo2 mi = mallinfo2();

	*bytes = mi.uordblks + mi.hblkhd;
	return true;
#else
	*bytes = 0;
	return false;
#endif
}
