/* SPDX-License-Identifier: ISC */
/*
 * xmalloc.h: allocation that cannot fail.
 *
 * Running out of memory is not an input error the program can report
 * usefully in the middle of a simulation, so every allocation goes through
 * these wrappers, which print one message and exit with status 1.
 */
#ifndef TCPSIM_XMALLOC_H
#define TCPSIM_XMALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);

/*
 * Make room for `need` elements of `size` bytes in an array whose
 * capacity is *cap, growing it geometrically (so that appending n
 * elements one by one costs O(n), not O(n^2), even where realloc always
 * moves, as under AddressSanitizer).
 */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t size);
char *xstrndup(const char *s, size_t n);

/*
 * free() for what the functions above return: a block from the arena in
 * use (util/arena.h) goes back to it.  Code that frees while a simulation
 * runs uses this, so that the simulation can live in an arena.
 */
void xfree(void *ptr);

/*
 * Bytes the C library's allocator has handed out and not had back (its
 * chunks, headers included, mapped ones too), in *bytes; false when the
 * library cannot tell (then *bytes is 0).  Not the arena's: a difference
 * of two readings around a free() says what that free gave back.
 */
bool xmalloc_in_use(size_t *bytes);

#endif
