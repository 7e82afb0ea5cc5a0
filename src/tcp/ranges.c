/* SPDX-License-Identifier: ISC */
/*
 * ranges.c: a set of disjoint byte ranges as a top-down splay tree
 * (Sleator and Tarjan, "Self-adjusting binary search trees", 1985),
 * keyed by each range's first byte.
 */
#include "tcp/ranges.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define RANGES_NONE   0 /* index of no node */
#define RANGES_HEADER 1 /* index of the splay's scratch header */
#define RANGES_FIRST  2 /* first index of a real node */

void
ranges_init(struct ranges *rs)
{
	memset(rs, 0, sizeof *rs);
}

void
ranges_free(struct ranges *rs)
{
	free(rs->node);
	memset(rs, 0, sizeof *rs);
}

static uint32_t
ranges_node_new(struct ranges *rs, uint64_t off, uint64_t len)
{
	uint32_t i;

	if (rs->free_list != RANGES_NONE) {
		i = rs->free_list;
		rs->free_list = rs->node[i].right;
	} else {
		if (rs->used < RANGES_FIRST)
			rs->used = RANGES_FIRST;
		if (rs->used >= rs->cap) {
			rs->cap = rs->cap ? 2 * rs->cap : 16;
			rs->node = xreallocarray(rs->node, rs->cap,
						 sizeof *rs->node);
		}
		i = rs->used++;
	}
	rs->node[i].off = off;
	rs->node[i].len = len;
	rs->node[i].left = rs->node[i].right = RANGES_NONE;
	return i;
}

static void
ranges_node_release(struct ranges *rs, uint32_t i)
{
	rs->node[i].right = rs->free_list;
	rs->free_list = i;
}

/*
 * Splay the subtree at t for key: the node with that offset, or else the
 * last node on the search path (the one just below or just above key),
 * becomes its root.  Returns the new root.
 */
static uint32_t
ranges_splay(struct ranges *rs, uint32_t t, uint64_t key)
{
	struct ranges_node *n = rs->node;
	uint32_t l = RANGES_HEADER, r = RANGES_HEADER, y;

	if (t == RANGES_NONE)
		return t;
	n[RANGES_HEADER].left = n[RANGES_HEADER].right = RANGES_NONE;
	for (;;) {
		if (key < n[t].off) {
			if (n[t].left == RANGES_NONE)
				break;
			if (key < n[n[t].left].off) { /* rotate right */
				y = n[t].left;
				n[t].left = n[y].right;
				n[y].right = t;
				t = y;
				if (n[t].left == RANGES_NONE)
					break;
			}
			n[r].left = t; /* link right */
			r = t;
			t = n[t].left;
		} else if (key > n[t].off) {
			if (n[t].right == RANGES_NONE)
				break;
			if (key > n[n[t].right].off) { /* rotate left */
				y = n[t].right;
				n[t].right = n[y].left;
				n[y].left = t;
				t = y;
				if (n[t].right == RANGES_NONE)
					break;
			}
			n[l].right = t; /* link left */
			l = t;
			t = n[t].right;
		} else {
			break;
		}
	}
	n[l].right = n[t].left; /* assemble */
	n[r].left = n[t].right;
	n[t].left = n[RANGES_HEADER].right;
	n[t].right = n[RANGES_HEADER].left;
	return t;
}

void
ranges_add(struct ranges *rs, uint64_t off, uint64_t len, uint64_t *merged_off,
	   uint64_t *merged_len)
{
	uint64_t end = off + len;
	uint32_t low = RANGES_NONE, high = RANGES_NONE, t, keep;

	/* Split the tree: `low` holds the ranges that start below off,
	 * `high` the others. */
	t = ranges_splay(rs, rs->root, off);
	if (t != RANGES_NONE) {
		if (rs->node[t].off < off) {
			low = t;
			high = rs->node[t].right;
			rs->node[t].right = RANGES_NONE;
		} else {
			high = t;
			low = rs->node[t].left;
			rs->node[t].left = RANGES_NONE;
		}
	}
	/* The last range of `low` joins when it reaches off. */
	if (low != RANGES_NONE) {
		low = ranges_splay(rs, low, UINT64_MAX);
		t = low;
		if (rs->node[t].off + rs->node[t].len >= off) {
			off = rs->node[t].off;
			if (rs->node[t].off + rs->node[t].len > end)
				end = rs->node[t].off + rs->node[t].len;
			rs->bytes -= rs->node[t].len;
			rs->count--;
			low = rs->node[t].left;
			ranges_node_release(rs, t);
		}
	}
	/* The first ranges of `high` join while they start at or below
	 * end. */
	while (high != RANGES_NONE) {
		high = ranges_splay(rs, high, 0);
		t = high;
		if (rs->node[t].off > end)
			break;
		if (rs->node[t].off + rs->node[t].len > end)
			end = rs->node[t].off + rs->node[t].len;
		rs->bytes -= rs->node[t].len;
		rs->count--;
		high = rs->node[t].right;
		ranges_node_release(rs, t);
	}
	keep = ranges_node_new(rs, off, end - off);
	rs->node[keep].left = low;
	rs->node[keep].right = high;
	rs->root = keep;
	rs->count++;
	rs->bytes += end - off;
	*merged_off = off;
	*merged_len = end - off;
}

bool
ranges_covers_held(struct ranges *rs, uint64_t off, uint64_t end)
{
	uint32_t t;

	rs->root = t = ranges_splay(rs, rs->root, off);
	if (t == RANGES_NONE)
		return false;
	if (rs->node[t].off > off) {
		/* the root is the range just above off: the one that could
		 * hold it is the last of the left subtree */
		uint32_t l = rs->node[t].left;

		if (l == RANGES_NONE)
			return false;
		l = ranges_splay(rs, l, UINT64_MAX);
		rs->node[t].left = l;
		t = l;
	}
	return end <= rs->node[t].off + rs->node[t].len;
}

size_t
ranges_take_front_held(struct ranges *rs, uint64_t *edge)
{
	size_t taken = 0;
	uint32_t t;

	while (rs->root != RANGES_NONE) {
		rs->root = t = ranges_splay(rs, rs->root, 0);
		if (rs->node[t].off > *edge)
			break;
		if (rs->node[t].off + rs->node[t].len > *edge)
			*edge = rs->node[t].off + rs->node[t].len;
		rs->bytes -= rs->node[t].len;
		rs->count--;
		rs->root = rs->node[t].right;
		ranges_node_release(rs, t);
		taken++;
	}
	return taken;
}

bool
ranges_next(struct ranges *rs, uint64_t after, uint64_t *off, uint64_t *len)
{
	uint32_t t;

	rs->root = t = ranges_splay(rs, rs->root, after);
	if (t == RANGES_NONE)
		return false;
	if (rs->node[t].off <= after) {
		/* the root is at or below `after`: the next is the first of
		 * the right subtree */
		uint32_t r = rs->node[t].right;

		if (r == RANGES_NONE)
			return false;
		r = ranges_splay(rs, r, 0);
		rs->node[t].right = r;
		t = r;
	}
	*off = rs->node[t].off;
	*len = rs->node[t].len;
	return true;
}

bool
ranges_first(struct ranges *rs, uint64_t *off, uint64_t *len)
{
	uint32_t t;

	rs->root = t = ranges_splay(rs, rs->root, 0);
	if (t == RANGES_NONE)
		return false;
	*off = rs->node[t].off;
	*len = rs->node[t].len;
	return true;
}
