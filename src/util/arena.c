/* SPDX-License-Identifier: ISC */
/* arena.c: a region that can be saved and restored whole (see arena.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * Blocks come in size classes, header included, from 32 bytes up to
 * 64 KiB: every 16 bytes up to 128, then four classes between two powers
 * of two (160, 192, 224, 256, 320, ...), so that a block wastes at most a
 * fifth of itself.  (With powers of two alone, an array of 2^k bytes and
 * its header took a block of 2^(k+1): a sim of 10 000 flows took a quarter
 * more memory than from malloc().)  Bigger blocks come in whole pages,
 * reused first fit.
 */
#define ARENA_SMALL_CLASSES 7  /* 32, 48, ..., 128 */
#define ARENA_CLASSES	    43 /* and 4 per doubling up to 1 << 16 */
#define ARENA_LARGE	    ARENA_CLASSES /* cls of a large block */
#define ARENA_MAX_CLASS	    ((size_t)1 << 16)
#define ARENA_PAGE	    ((size_t)4096)

/*
 * Before every block: its size.  16 bytes, so that the payload keeps the
 * alignment malloc() gives.
 */
struct arena_block {
	size_t cls;  /* its size class (arena_class()), or ARENA_LARGE */
	size_t size; /* block size in bytes, header included */
};

/*
 * The allocator's state, at the start of the region itself, so that a
 * restore brings back the free lists and the high-water mark with the
 * blocks.
 */
struct arena_head {
	size_t used;			     /* bytes of the region in use */
	void *free_lists[ARENA_CLASSES + 1]; /* freed payloads of each class
						and the large ones, chained
						through their first word */
};

/* The handle, outside the region (it must survive restores). */
struct arena {
	unsigned char *base; /* the region; starts with a struct arena_head */
	size_t reserve;	     /* bytes reserved */
};

static _Thread_local struct arena *arena_in_use;

struct arena *
arena_create(size_t reserve)
{
	struct arena *a;
	void *base;

	base = mmap(NULL, reserve, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	a = malloc(sizeof *a);
	if (a == NULL) {
		munmap(base, reserve);
		return NULL;
	}
	a->base = base;
	a->reserve = reserve;
	arena_reset(a);
	return a;
}

void
arena_destroy(struct arena *a)
{
	if (a == NULL)
		return;
	if (arena_in_use == a)
		arena_in_use = NULL;
	munmap(a->base, a->reserve);
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct arena_head *h = (struct arena_head *)a->base;

	memset(h, 0, sizeof *h);
	/* the first block starts 16-byte aligned after the head */
	h->used = (sizeof *h + 15) & ~(size_t)15;
}

size_t
arena_size(const struct arena *a)
{
	return ((const struct arena_head *)a->base)->used;
}

void
arena_save(const struct arena *a, void *buf)
{
	memcpy(buf, a->base, arena_size(a));
}

void
arena_restore(struct arena *a, const void *buf, size_t size)
{
	memcpy(a->base, buf, size);
}

struct arena *
arena_use(struct arena *a)
{
	struct arena *before = arena_in_use;

	arena_in_use = a;
	return before;
}

struct arena *
arena_current(void)
{
	return arena_in_use;
}

bool
arena_owns(const struct arena *a, const void *p)
{
	return a != NULL && (const unsigned char *)p >= a->base &&
	       (const unsigned char *)p < a->base + a->reserve;
}

/* Bytes of a block of class `cls` (< ARENA_CLASSES), header included. */
static size_t
arena_class_bytes(size_t cls)
{
	size_t k;

	if (cls < ARENA_SMALL_CLASSES)
		return 32 + 16 * cls;
	cls -= ARENA_SMALL_CLASSES;
	k = 7 + cls / 4; /* between 2^k and 2^(k+1) */
	return ((size_t)1 << k) + (cls % 4 + 1) * ((size_t)1 << (k - 2));
}

/*
 * The smallest class whose blocks hold `size` bytes after the header, or
 * ARENA_LARGE.
 */
static size_t
arena_class(size_t size)
{
	size_t bytes, k, step;

	if (size > ARENA_MAX_CLASS - sizeof(struct arena_block))
		return ARENA_LARGE;
	bytes = size + sizeof(struct arena_block);
	if (bytes <= 128)
		return bytes <= 32 ? 0 : (bytes - 32 + 15) / 16;
	/* 2^k < bytes <= 2^(k+1), k >= 7 */
	k = (size_t)(8 * sizeof(unsigned long) - 1) -
	    (size_t)__builtin_clzl((unsigned long)(bytes - 1));
	step = (size_t)1 << (k - 2);
	return ARENA_SMALL_CLASSES + (k - 7) * 4 +
	       (bytes - ((size_t)1 << k) + step - 1) / step - 1;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_head *h = (struct arena_head *)a->base;
	struct arena_block *b;
	size_t cls = arena_class(size);
	size_t bytes;
	void **link;

	if (cls == ARENA_LARGE) {
		if (size > a->reserve)
			return NULL;
		bytes = (size + sizeof *b + ARENA_PAGE - 1) & ~(ARENA_PAGE - 1);
	} else {
		bytes = arena_class_bytes(cls);
	}
	/* a freed block: the class's first, or the first large one that
	 * fits without wasting more than half of it */
	for (link = &h->free_lists[cls]; *link != NULL;) {
		void *p = *link;

		b = (struct arena_block *)p - 1;
		if (b->size >= bytes && b->size / 2 <= bytes) {
			memcpy(link, p, sizeof(void *));
			return p;
		}
		link = (void **)p;
	}
	if (a->reserve - h->used < bytes)
		return NULL;
	b = (struct arena_block *)(a->base + h->used);
	b->cls = cls;
	b->size = bytes;
	h->used += bytes;
	return b + 1;
}

void *
arena_realloc(struct arena *a, void *p, size_t size)
{
	struct arena_block *b;
	size_t room;
	void *n;

	if (p == NULL)
		return arena_alloc(a, size);
	b = (struct arena_block *)p - 1;
	room = b->size - sizeof *b;
	if (size <= room)
		return p;
	n = arena_alloc(a, size);
	if (n == NULL)
		return NULL;
	memcpy(n, p, room);
	arena_free(a, p);
	return n;
}

void
arena_free(struct arena *a, void *p)
{
	struct arena_head *h = (struct arena_head *)a->base;
	struct arena_block *b;

	if (p == NULL)
		return;
	b = (struct arena_block *)p - 1;
	memcpy(p, &h->free_lists[b->cls], sizeof(void *));
	h->free_lists[b->cls] = p;
}
