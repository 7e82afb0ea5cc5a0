/* SPDX-License-Identifier: ISC */
/*
 * ranges.h: a set of disjoint byte ranges [off, off + len) of a stream,
 * kept in order: the receiver's out-of-order store.
 *
 * Adding a range merges it with every range it overlaps or touches, so
 * the ranges held never overlap nor touch.  The receiver adds a range per
 * out-of-order segment and takes ranges from the front when RCV.NXT
 * reaches them; with a window of many bandwidth-delay products there can
 * be tens of thousands of ranges, so a sorted array (a scan and a memmove
 * per segment) is too slow.  This is a splay tree: every operation costs
 * O(log n) amortized, and the receiver's usual pattern, segments arriving
 * in order just beyond the last range, and ranges taken from the front,
 * costs O(1) amortized (the sequential-access property of splay trees:
 * the last range touched sits at the root).
 *
 * Nodes live in one array, linked by index, with freed nodes on a free
 * list: no allocation per segment, and nothing depends on addresses, so
 * runs stay deterministic.
 */
#ifndef TCPSIM_RANGES_H
#define TCPSIM_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One range in the tree. */
struct ranges_node {
	uint64_t off;	/* first byte */
	uint64_t len;	/* bytes, > 0 */
	uint32_t left;	/* index of the subtree below off, 0: none */
	uint32_t right; /* index of the subtree above off, 0: none; the next
			   free node while on the free list */
};

struct ranges {
	struct ranges_node *node; /* the nodes; 0 is "none", 1 the splay's
				     scratch header */
	uint32_t cap;		  /* nodes allocated */
	uint32_t used;		  /* nodes ever handed out (indexes below) */
	uint32_t free_list;	  /* first free node, 0: none */
	uint32_t root;		  /* root of the tree, 0: empty */
	size_t count;		  /* ranges held */
	uint64_t bytes;		  /* bytes held, the sum of the lengths */
};

void ranges_init(struct ranges *rs);
void ranges_free(struct ranges *rs);

/* Ranges and bytes held. */
static inline size_t
ranges_count(const struct ranges *rs)
{
	return rs->count;
}

static inline uint64_t
ranges_bytes(const struct ranges *rs)
{
	return rs->bytes;
}

/*
 * Add [off, off + len), len > 0, merging it with the ranges it overlaps
 * or touches; *merged_off and *merged_len receive the range that now
 * holds it.
 */
void ranges_add(struct ranges *rs, uint64_t off, uint64_t len,
		uint64_t *merged_off, uint64_t *merged_len);

/* (The two below on a set that holds something; the receiver asks them
 * of every in-order segment, when the set is nearly always empty.) */
bool ranges_covers_held(struct ranges *rs, uint64_t off, uint64_t end);
size_t ranges_take_front_held(struct ranges *rs, uint64_t *edge);

/* Is [off, end) wholly inside one range held? */
static inline bool
ranges_covers(struct ranges *rs, uint64_t off, uint64_t end)
{
	return rs->count > 0 && ranges_covers_held(rs, off, end);
}

/*
 * Take every range that starts at or below *edge out of the set, moving
 * *edge to the end of each that reaches beyond it (RCV.NXT collecting the
 * data a filled gap joined).  Returns the number of ranges taken.
 */
static inline size_t
ranges_take_front(struct ranges *rs, uint64_t *edge)
{
	return rs->count > 0 ? ranges_take_front_held(rs, edge) : 0;
}

/*
 * The first range that starts above `after` (pass 0 and then each range's
 * offset to walk them all in order; a range at offset 0 is found with
 * ranges_first()).  Returns false when there is none.
 */
bool ranges_next(struct ranges *rs, uint64_t after, uint64_t *off,
		 uint64_t *len);

/* The lowest range, or false when the set is empty. */
bool ranges_first(struct ranges *rs, uint64_t *off, uint64_t *len);

#endif
