/* SPDX-License-Identifier: ISC */
/* arena.c: a region that can be saved and restored whole (see arena.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * The allocator: blocks carved from the region in order, each with a
 * 16-byte header, sizes in steps of 16 bytes.  A freed block merges with
 * its free neighbours (boundary tags: the header says whether the block
 * before is free and, when it is, its size), and one that ends at the
 * high-water mark lowers the mark instead of waiting in a list, so the
 * region stays about as compact as malloc()'s heap: a sim of 10 000 flows
 * grows and shrinks its per-flow arrays all along, and with free lists of
 * fixed classes those arrays left a fifth of the region in blocks nothing
 * asked for again.  Free blocks wait in bins, four per doubling of their
 * size; a bitmap says which bins hold any.  A request takes the first
 * block that fits among the first few of its own bin, else the first
 * block of the next bin that holds any (all of whose blocks fit), else
 * fresh bytes at the mark; what it leaves of a bigger block is free
 * again.  Everything is decided by the sizes and the order of the calls:
 * the same run makes the same region.
 */
#define ARENA_MIN_BLOCK	 ((size_t)32) /* a free block's links fit */
#define ARENA_BINS	 192
#define ARENA_BIN_WORDS	 (ARENA_BINS / 64)
#define ARENA_FIT_TRIES	 16 /* blocks looked at in the request's own bin */
#define ARENA_INUSE	 ((size_t)1)
#define ARENA_PREV_INUSE ((size_t)2)
#define ARENA_FLAGS	 (ARENA_INUSE | ARENA_PREV_INUSE)

/*
 * Before every block.  16 bytes, so that the payload keeps the alignment
 * malloc() gives.
 */
struct arena_block {
	size_t prev_size; /* the block before, when it is free */
	size_t head;	  /* size in bytes, header included | flags */
};

/* In the payload of a free block: its bin's list. */
struct arena_free {
	struct arena_block *next, *prev;
};

/*
 * The allocator's state, at the start of the region itself, so that a
 * restore brings back the bins and the high-water mark with the blocks.
 */
struct arena_head {
	size_t used;			      /* bytes of the region in use */
	struct arena_block *bins[ARENA_BINS]; /* free blocks by size */
	unsigned long long nonempty[ARENA_BIN_WORDS]; /* bins holding any */
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

/* Where the first block starts: 16-byte aligned after the head. */
static size_t
arena_first(const struct arena *a)
{
	(void)a;
	return (sizeof(struct arena_head) + 15) & ~(size_t)15;
}

void
arena_reset(struct arena *a)
{
	struct arena_head *h = (struct arena_head *)a->base;

	memset(h, 0, sizeof *h);
	/* the first block starts 16-byte aligned after the head */
	h->used = arena_first(a);
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

const void *
arena_contents(const struct arena *a)
{
	return a->base;
}

void *
arena_restore_into(struct arena *a, size_t size)
{
	return size <= a->reserve ? a->base : NULL;
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

static inline size_t
arena_bsize(const struct arena_block *b)
{
	return b->head & ~ARENA_FLAGS;
}

static inline struct arena_block *
arena_after(const struct arena_block *b)
{
	return (struct arena_block *)((unsigned char *)b + arena_bsize(b));
}

static inline struct arena_free *
arena_links(struct arena_block *b)
{
	return (struct arena_free *)(b + 1);
}

/*
 * The bin of a free block of `bytes`: one for each 16 bytes up to 128,
 * then four between two powers of two (bin b holds the sizes above the
 * last of bin b - 1, up to its own last).
 */
static size_t
arena_bin(size_t bytes)
{
	size_t k, step, bin;

	if (bytes <= 128)
		return (bytes - ARENA_MIN_BLOCK) / 16;
	/* 2^k < bytes <= 2^(k+1), k >= 7 */
	k = (size_t)(8 * sizeof(unsigned long long) - 1) -
	    (size_t)__builtin_clzll((unsigned long long)(bytes - 1));
	step = (size_t)1 << (k - 2);
	bin = 7 + (k - 7) * 4 + (bytes - ((size_t)1 << k) + step - 1) / step -
	      1;
	return bin < ARENA_BINS ? bin : ARENA_BINS - 1;
}

static void
arena_bin_insert(struct arena_head *h, struct arena_block *b)
{
	size_t bin = arena_bin(arena_bsize(b));
	struct arena_free *f = arena_links(b);

	f->next = h->bins[bin];
	f->prev = NULL;
	if (f->next != NULL)
		arena_links(f->next)->prev = b;
	h->bins[bin] = b;
	h->nonempty[bin / 64] |= 1ull << (bin % 64);
}

static void
arena_bin_remove(struct arena_head *h, struct arena_block *b)
{
	size_t bin = arena_bin(arena_bsize(b));
	struct arena_free *f = arena_links(b);

	if (f->prev != NULL)
		arena_links(f->prev)->next = f->next;
	else
		h->bins[bin] = f->next;
	if (f->next != NULL)
		arena_links(f->next)->prev = f->prev;
	if (h->bins[bin] == NULL)
		h->nonempty[bin / 64] &= ~(1ull << (bin % 64));
}

/* The first block of the first bin after `bin` that holds any, or NULL. */
static struct arena_block *
arena_bin_above(const struct arena_head *h, size_t bin)
{
	for (size_t w = (bin + 1) / 64; w < ARENA_BIN_WORDS; w++) {
		unsigned long long bits = h->nonempty[w];

		if (w == (bin + 1) / 64)
			bits &= ~0ull << ((bin + 1) % 64);
		if (bits != 0)
			return h->bins[w * 64 + (size_t)__builtin_ctzll(bits)];
	}
	return NULL;
}

/*
 * Make `b` (its size in its head, the block before it in use) free:
 * merged with the block after it when that is free, or given back to the
 * high-water mark when it ends there.
 */
static void
arena_release(struct arena *a, struct arena_block *b)
{
	struct arena_head *h = (struct arena_head *)a->base;
	struct arena_block *after = arena_after(b);
	size_t size = arena_bsize(b);

	if ((unsigned char *)after == a->base + h->used) {
		h->used = (size_t)((unsigned char *)b - a->base);
		return;
	}
	if (!(after->head & ARENA_INUSE)) { /* never the last block */
		arena_bin_remove(h, after);
		size += arena_bsize(after);
	}
	b->head = size | ARENA_PREV_INUSE;
	after = arena_after(b);
	after->prev_size = size;
	after->head &= ~ARENA_PREV_INUSE;
	arena_bin_insert(h, b);
}

/*
 * `b`, in use, now has `have` bytes of which it keeps `bytes`: the rest
 * becomes a free block when it is big enough to be one.
 */
static void
arena_trim(struct arena *a, struct arena_block *b, size_t have, size_t bytes)
{
	struct arena_block *rest;

	if (have - bytes < ARENA_MIN_BLOCK) {
		b->head = have | (b->head & ARENA_FLAGS);
		return;
	}
	b->head = bytes | (b->head & ARENA_FLAGS);
	rest = arena_after(b);
	rest->head = (have - bytes) | ARENA_PREV_INUSE;
	arena_release(a, rest);
}

/* Bytes of the block for `size` bytes of payload; 0 when too big. */
static size_t
arena_block_bytes(const struct arena *a, size_t size)
{
	size_t bytes;

	if (size > a->reserve)
		return 0;
	bytes = (size + sizeof(struct arena_block) + 15) & ~(size_t)15;
	return bytes < ARENA_MIN_BLOCK ? ARENA_MIN_BLOCK : bytes;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_head *h = (struct arena_head *)a->base;
	size_t bytes = arena_block_bytes(a, size);
	size_t bin, tries;
	struct arena_block *b, *after;

	if (bytes == 0)
		return NULL;
	bin = arena_bin(bytes);
	b = h->bins[bin];
	for (tries = 0; b != NULL && tries < ARENA_FIT_TRIES; tries++) {
		if (arena_bsize(b) >= bytes)
			break;
		b = arena_links(b)->next;
	}
	if (b == NULL || tries == ARENA_FIT_TRIES)
		b = arena_bin_above(h, bin);
	if (b != NULL) {
		arena_bin_remove(h, b);
		b->head |= ARENA_INUSE; /* the block before: in use */
		after = arena_after(b);
		after->head |= ARENA_PREV_INUSE;
		arena_trim(a, b, arena_bsize(b), bytes);
		return b + 1;
	}
	if (a->reserve - h->used < bytes)
		return NULL;
	/* fresh: the block before it (if any) is in use, no free block
	 * ends at the mark */
	b = (struct arena_block *)(a->base + h->used);
	b->head = bytes | ARENA_INUSE | ARENA_PREV_INUSE;
	h->used += bytes;
	return b + 1;
}

void *
arena_realloc(struct arena *a, void *p, size_t size)
{
	struct arena_head *h = (struct arena_head *)a->base;
	struct arena_block *b, *after;
	size_t have, bytes;
	void *n;

	if (p == NULL)
		return arena_alloc(a, size);
	b = (struct arena_block *)p - 1;
	have = arena_bsize(b);
	bytes = arena_block_bytes(a, size);
	if (bytes == 0)
		return NULL;
	if (bytes <= have) { /* smaller: the tail goes back */
		arena_trim(a, b, have, bytes);
		return p;
	}
	after = arena_after(b);
	if ((unsigned char *)after == a->base + h->used) { /* the last */
		if (a->reserve - (size_t)((unsigned char *)b - a->base) < bytes)
			return NULL;
		h->used = (size_t)((unsigned char *)b - a->base) + bytes;
		b->head = bytes | (b->head & ARENA_FLAGS);
		return p;
	}
	if (!(after->head & ARENA_INUSE) &&
	    have + arena_bsize(after) >= bytes) { /* into the free next */
		have += arena_bsize(after);
		arena_bin_remove(h, after);
		b->head = have | (b->head & ARENA_FLAGS);
		arena_after(b)->head |= ARENA_PREV_INUSE;
		arena_trim(a, b, have, bytes);
		return p;
	}
	n = arena_alloc(a, size);
	if (n == NULL)
		return NULL;
	memcpy(n, p, have - sizeof *b);
	arena_free(a, p);
	return n;
}

void
arena_free(struct arena *a, void *p)
{
	struct arena_head *h = (struct arena_head *)a->base;
	struct arena_block *b, *before;

	if (p == NULL)
		return;
	b = (struct arena_block *)p - 1;
	if (!(b->head & ARENA_PREV_INUSE)) { /* merged into the free one */
		before = (struct arena_block *)((unsigned char *)b -
						b->prev_size);
		arena_bin_remove(h, before);
		before->head =
			(b->prev_size + arena_bsize(b)) | ARENA_PREV_INUSE;
		b = before;
	} else {
		b->head &= ~ARENA_INUSE;
	}
	arena_release(a, b);
}

bool
arena_check(const struct arena *a, size_t *free_bytes)
{
	const struct arena_head *h = (const struct arena_head *)a->base;
	struct arena_block *b =
		(struct arena_block *)(a->base + arena_first(a));
	struct arena_block *end = (struct arena_block *)(a->base + h->used);
	size_t n_free = 0, in_bins = 0;
	bool prev_inuse = true;

	*free_bytes = 0;
	while (b < end) {
		size_t size = arena_bsize(b);
		bool inuse = (b->head & ARENA_INUSE) != 0;

		if (size < ARENA_MIN_BLOCK || size % 16 != 0 ||
		    size > (size_t)((unsigned char *)end - (unsigned char *)b))
			return false;
		if (((b->head & ARENA_PREV_INUSE) != 0) != prev_inuse)
			return false;
		if (!inuse) {
			struct arena_block *after = arena_after(b);

			if (!prev_inuse || after == end ||
			    after->prev_size != size)
				return false;
			n_free++;
			*free_bytes += size;
		}
		prev_inuse = inuse;
		b = arena_after(b);
	}
	if (b != end)
		return false;
	for (size_t bin = 0; bin < ARENA_BINS; bin++) {
		bool marked = (h->nonempty[bin / 64] >> (bin % 64)) & 1;
		struct arena_block *prev = NULL;

		if (marked != (h->bins[bin] != NULL))
			return false;
		for (b = h->bins[bin]; b != NULL; b = arena_links(b)->next) {
			if ((unsigned char *)b < a->base + arena_first(a) ||
			    b >= end || (b->head & ARENA_INUSE) ||
			    arena_bin(arena_bsize(b)) != bin ||
			    arena_links(b)->prev != prev || ++in_bins > n_free)
				return false;
			prev = b;
		}
	}
	return in_bins == n_free;
}
