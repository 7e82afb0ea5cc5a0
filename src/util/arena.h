/* SPDX-License-Identifier: ISC */
/*
 * arena.h: a region of memory whose whole contents can be saved and put
 * back, for the snapshots behind play's step back (ui/player.c).
 *
 * Why a region rather than a deep copy of the simulator: the simulator is
 * a graph of pointers (events embedded in their owners and linked through
 * the timer wheel, packets chained in queues and pipes, per flow arrays
 * grown as the run goes).  When every allocation of a run comes from one
 * region at a fixed address, the bytes of that region are the whole
 * state, pointers included: saving is one copy out, restoring one copy
 * back to the same addresses, and nothing needs fixing up, whatever the
 * simulator grows in the future.
 *
 * The region is reserved once (address space only; pages are committed as
 * they are touched) and never moves.  Its allocator keeps its own state
 * (the high-water mark, the free lists) inside the region, so that a
 * restore brings that back too.
 *
 * While an arena is "in use" (arena_use(), per thread), xmalloc(),
 * xcalloc(), xreallocarray(), xgrow(), xstrdup(), xstrndup() and xfree()
 * (util/xmalloc.h) allocate from it; xfree() of a block from the arena
 * returns it to the arena's free lists.
 */
#ifndef TCPSIM_ARENA_H
#define TCPSIM_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/*
 * A region of `reserve` bytes of address space, or NULL when the system
 * will not give so much (the caller then does without snapshots).
 */
struct arena *arena_create(size_t reserve);
void arena_destroy(struct arena *a);

/* Forget every allocation: the region is empty again. */
void arena_reset(struct arena *a);

/* Bytes a save takes now (the region's high-water mark). */
size_t arena_size(const struct arena *a);

/* Copy the region's contents to `buf` (arena_size() bytes). */
void arena_save(const struct arena *a, void *buf);

/*
 * Put back contents saved by arena_save() (`size` bytes): every pointer
 * into the region is valid again and sees what it saw then.
 */
void arena_restore(struct arena *a, const void *buf, size_t size);

/*
 * The same two in place, for a caller that transforms the bytes on the
 * way (packs them): the region's contents to read (arena_size() bytes),
 * and where to write `size` saved bytes back (NULL if the region cannot
 * hold that many), which then are the region's as after arena_restore().
 */
const void *arena_contents(const struct arena *a);
void *arena_restore_into(struct arena *a, size_t size);

/*
 * Allocate from `a` from now on in this thread (NULL: from the C library
 * again); returns the arena in use before, to be handed back.
 */
struct arena *arena_use(struct arena *a);

/* (for util/xmalloc.c) the arena in use, or NULL. */
struct arena *arena_current(void);
bool arena_owns(const struct arena *a, const void *p);
void *arena_alloc(struct arena *a, size_t size); /* NULL when full */
void *arena_realloc(struct arena *a, void *p, size_t size);
void arena_free(struct arena *a, void *p);

/*
 * (for tests) Walk every block and every bin and say whether the
 * allocator's bookkeeping holds: sizes, the flags of neighbours, no two
 * free blocks side by side nor one at the end, every free block in its
 * bin and nothing else there.  Sets *free_bytes to the bytes in free
 * blocks (below the mark).
 */
bool arena_check(const struct arena *a, size_t *free_bytes);

#endif
