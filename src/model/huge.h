/* SPDX-License-Identifier: ISC */
/*
 * huge.h: memory for the run's large per-flow arrays (the flows and their
 * settings), backed by huge pages where the system lets a program ask for
 * them (transparent huge pages in "madvise" mode).
 *
 * With thousands of flows each packet reads the state of another flow,
 * on pages of its own, and the misses of the TLB cost as much as those of
 * the caches; 2 MB pages cover the arrays with a few TLB entries.  A
 * hint: no result depends on it.  Small arrays, and memory while an arena
 * is in use (util/arena.h, which must hold the whole run), come from
 * xcalloc() as before.
 */
#ifndef TCPSIM_HUGE_H
#define TCPSIM_HUGE_H

#include <stddef.h>

/* Arrays from this size on are mapped on their own. */
#define HUGE_MIN_BYTES ((size_t)4 << 20)

/*
 * `count` zeroed elements of `size` bytes.  *mapped is set to the length
 * of the mapping made for them, or 0 when they came from xcalloc(): give
 * it back to huge_free().
 */
void *huge_calloc(size_t count, size_t size, size_t *mapped);

/* Free what huge_calloc() returned, with the *mapped it set. */
void huge_free(void *p, size_t mapped);

#endif
