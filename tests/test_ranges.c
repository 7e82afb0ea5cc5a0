/* SPDX-License-Identifier: ISC */
/*
 * test_ranges.c: the out-of-order store (tcp/ranges.c) against the plain
 * definition, a bitmap of the bytes held: after every operation the
 * ranges walked in order must be exactly the maximal runs of set bits,
 * an add must report the run that holds the added bytes, a cover query
 * must say whether the bytes are all set within one run, and taking the
 * front must clear the runs that start at or below the edge and move the
 * edge to the end of the last one that touches it.  Also the receiver's
 * usual patterns at a size where a quadratic store would show: 100 000
 * ranges appended in order, then taken from the front.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcp/ranges.h"

#define SPACE 512 /* bytes of the model's stream */

/* A small deterministic generator (xorshift64), for the operations. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* The ranges walked with ranges_first()/ranges_next() are the maximal
 * runs of the bitmap, and the counts agree. */
static void
check_against_bitmap(struct ranges *rs, const bool *held)
{
	uint64_t off, len, bytes = 0, runs = 0, pos = 0;
	bool more = ranges_first(rs, &off, &len);

	while (pos < SPACE) {
		uint64_t start, end;

		while (pos < SPACE && !held[pos])
			pos++;
		if (pos == SPACE)
			break;
		start = pos;
		while (pos < SPACE && held[pos])
			pos++;
		end = pos;
		assert_true(more);
		assert_int_equal(off, start);
		assert_int_equal(len, end - start);
		bytes += end - start;
		runs++;
		more = ranges_next(rs, off, &off, &len);
	}
	assert_false(more);
	assert_int_equal(ranges_count(rs), runs);
	assert_int_equal(ranges_bytes(rs), bytes);
}

/* Random adds, cover queries and front takes, checked one by one. */
static void
test_matches_bitmap(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15u;

	(void)state;
	for (int round = 0; round < 40; round++) {
		struct ranges rs;
		bool held[SPACE] = {false};
		uint64_t edge = 0;

		ranges_init(&rs);
		for (int op = 0; op < 400 && edge + 1 < SPACE; op++) {
			uint64_t r = next_random(&seed);
			uint64_t off = edge + 1 + r % 64;
			uint64_t len = 1 + (r >> 16) % 12;

			if (off >= SPACE)
				continue;
			if (off + len > SPACE)
				len = SPACE - off;
			if ((r >> 32) % 8 == 0) {
				/* RCV.NXT moves to `off` and takes what
				 * starts at or below it */
				uint64_t want = off;
				size_t runs = 0;
				bool in_run = false;

				for (uint64_t b = 0; b < SPACE; b++) {
					if (held[b] && !in_run && b <= want)
						runs++;
					in_run = held[b];
				}
				while (want < SPACE && held[want])
					want++;
				for (uint64_t b = 0; b < want; b++)
					held[b] = false;
				edge = off;
				assert_int_equal(ranges_take_front(&rs, &edge),
						 runs);
				assert_int_equal(edge, want);
			} else if ((r >> 32) % 8 == 1) {
				bool all = true;

				for (uint64_t b = off; b < off + len; b++)
					all = all && held[b];
				assert_int_equal(
					ranges_covers(&rs, off, off + len),
					all);
			} else {
				uint64_t m_off, m_len, lo = off, hi = off + len;

				for (uint64_t b = off; b < off + len; b++)
					held[b] = true;
				while (lo > 0 && held[lo - 1])
					lo--;
				while (hi < SPACE && held[hi])
					hi++;
				ranges_add(&rs, off, len, &m_off, &m_len);
				assert_int_equal(m_off, lo);
				assert_int_equal(m_len, hi - lo);
			}
			check_against_bitmap(&rs, held);
		}
		ranges_free(&rs);
	}
}

/* A segment that touches a range on either side joins it; one that
 * bridges two ranges makes one of them. */
static void
test_touching_ranges_merge(void **state)
{
	struct ranges rs;
	uint64_t off, len;

	(void)state;
	ranges_init(&rs);
	ranges_add(&rs, 100, 10, &off, &len);
	ranges_add(&rs, 120, 10, &off, &len);
	assert_int_equal(ranges_count(&rs), 2);
	ranges_add(&rs, 110, 10, &off, &len); /* fills the gap exactly */
	assert_int_equal(off, 100);
	assert_int_equal(len, 30);
	assert_int_equal(ranges_count(&rs), 1);
	ranges_add(&rs, 130, 5, &off, &len); /* touches the end */
	assert_int_equal(off, 100);
	assert_int_equal(len, 35);
	assert_true(ranges_covers(&rs, 100, 135));
	assert_false(ranges_covers(&rs, 99, 101));
	assert_false(ranges_covers(&rs, 134, 136));
	ranges_free(&rs);
}

/* 100 000 ranges, every other segment of a window, appended in order,
 * then RCV.NXT fills each hole from the front: everything is taken once,
 * in order, and the bytes add up. */
static void
test_many_ranges_in_order(void **state)
{
	enum { N = 100000, SEG = 1448 };
	struct ranges rs;
	uint64_t off, len, edge = 0;

	(void)state;
	ranges_init(&rs);
	for (uint64_t i = 0; i < N; i++) {
		ranges_add(&rs, (2 * i + 1) * SEG, SEG, &off, &len);
		assert_int_equal(off, (2 * i + 1) * SEG);
		assert_int_equal(len, SEG);
	}
	assert_int_equal(ranges_count(&rs), N);
	assert_int_equal(ranges_bytes(&rs), (uint64_t)N * SEG);
	/* a duplicate of a segment in the middle is covered */
	assert_true(ranges_covers(&rs, (2 * (N / 2) + 1) * SEG,
				  (2 * (N / 2) + 2) * SEG));
	for (uint64_t i = 0; i < N; i++) {
		edge += SEG; /* the hole's retransmission arrives */
		assert_int_equal(ranges_take_front(&rs, &edge), 1);
		assert_int_equal(edge, (2 * i + 2) * SEG);
	}
	assert_int_equal(ranges_count(&rs), 0);
	assert_int_equal(ranges_bytes(&rs), 0);
	assert_false(ranges_first(&rs, &off, &len));
	ranges_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_bitmap),
		cmocka_unit_test(test_touching_ranges_merge),
		cmocka_unit_test(test_many_ranges_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
