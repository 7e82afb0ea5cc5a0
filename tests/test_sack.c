/* SPDX-License-Identifier: ISC */
/*
 * test_sack.c: loss detection and recovery with `sack`, `limited_transmit`
 * and `careful_timeout`.
 *
 * The scoreboard tests compare tcp/sack.c with RFC 6675's definitions
 * written here again, octet by octet, the plain way: IsLost() (section 4,
 * DupThresh = 3), SetPipe() (section 4) and NextSeg()'s rules 1 to 4 in
 * their order.  PRR is checked against RFC 6937's own example, a single
 * loss in a window of 20 segments with ssthresh = 10.  The whole runs
 * check what follows from the mechanisms: one recovery episode and one
 * retransmission per loss with SACK, no timeout and a busy link on the
 * 100 Mbit/s case, limited transmit's two segments, only the holes after
 * a timeout, no fast retransmit for data sent before a timeout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/sim_internal.h"
#include "tcp/sack.h"
#include "tcp/seq.h"

#define SMSS 1000 /* round numbers for the scoreboard tests */

/* ------------------------------------------------------------------ */
/* RFC 6675 section 4, octet by octet                                  */
/* ------------------------------------------------------------------ */

/* A scoreboard as the RFC sees it: SACKed ranges above una. */
struct board {
	uint64_t una, high_data; /* HighACK + 1, HighData + 1 */
	struct sack_range r[8];	 /* SACKed, sorted, disjoint */
	size_t n;		 /* ranges */
	uint64_t high_rxt;	 /* HighRxt + 1 */
};

static bool
rfc_sacked(const struct board *b, uint64_t s)
{
	for (size_t i = 0; i < b->n; i++)
		if (s >= b->r[i].start && s < b->r[i].end)
			return true;
	return false;
}

/* IsLost(s): DupThresh discontiguous SACKed sequences above s, or more
 * than (DupThresh - 1) * SMSS SACKed octets above s. */
static bool
rfc_is_lost(const struct board *b, uint64_t s)
{
	uint64_t bytes = 0;
	unsigned runs = 0;

	for (uint64_t o = s + 1; o < b->high_data; o++) {
		if (rfc_sacked(b, o)) {
			bytes++;
			if (!rfc_sacked(b, o - 1))
				runs++; /* a new discontiguous sequence */
		}
	}
	return runs >= 3 || bytes > 2 * SMSS;
}

/* SetPipe(): for each octet from HighACK + 1 to HighData that is not
 * SACKed, (a) one if IsLost() is false, (b) one more if it is at or below
 * HighRxt. */
static uint64_t
rfc_pipe(const struct board *b)
{
	uint64_t pipe = 0;

	for (uint64_t s = b->una; s < b->high_data; s++) {
		if (rfc_sacked(b, s))
			continue;
		if (!rfc_is_lost(b, s))
			pipe++;
		if (s < b->high_rxt)
			pipe++;
	}
	return pipe;
}

/* The same board in tcp/sack.c. */
static void
board_load(struct sack_scoreboard *sb, const struct board *b)
{
	sack_init(sb, SMSS, b->una);
	sack_update(sb, b->una, b->high_data, b->r, b->n);
	if (b->high_rxt > b->una)
		sack_sent(sb, SACK_NEXT_LOST, b->una,
			  (uint32_t)(b->high_rxt - b->una), 0);
}

/* Boards to try: losses at the front, in the middle, small ranges, a
 * board whose bytes and whose count of ranges decide differently. */
static const struct board boards[] = {
	{0, 10000, {{3000, 4000}, {5000, 6000}, {7000, 8000}}, 3, 0},
	{0, 10000, {{3000, 4000}, {5000, 6000}, {7000, 8000}}, 3, 1000},
	{0, 10000, {{1000, 3001}}, 1, 0},
	{0, 10000, {{1000, 3000}}, 1, 0},
	{0,
	 9000,
	 {{1000, 1100}, {2000, 2100}, {3000, 3100}, {8000, 8100}},
	 4,
	 0},
	{500, 12000, {{2000, 2500}, {4000, 6600}, {9000, 12000}}, 3, 2000},
	{0, 6000, {{0 + 1000, 1500}, {3000, 3400}}, 2, 0},
};

static void
test_islost_and_pipe_match_rfc6675(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof boards / sizeof boards[0]; k++) {
		const struct board *b = &boards[k];
		struct sack_scoreboard sb;

		board_load(&sb, b);
		for (uint64_t s = b->una; s < b->high_data; s++) {
			bool want = !rfc_sacked(b, s) && rfc_is_lost(b, s);

			if (sack_is_lost(&sb, s) != want)
				fail_msg("board %zu: IsLost(%llu) should be %d",
					 k, (unsigned long long)s, want);
		}
		assert_int_equal(sack_pipe(&sb), rfc_pipe(b));
		sack_free(&sb);
	}
}

/*
 * A board that lives: cumulative ACKs move up (the board drops ranges
 * from its front), SACK blocks arrive anywhere, retransmissions move
 * HighRxt up, timeouts and the starts of recoveries move it down, for
 * 1500 updates over 1200 octets with SMSS = 20, so that the board's
 * arrays fill, move back and grow.  After every update SetPipe() and
 * IsLost() must be RFC 6675's, computed octet by octet from a bitmap of
 * what was SACKed (with, after a timeout, every octet then sent lost, as
 * sack.h says), and the board's own counts must match a recount.
 */
static void
test_pipe_matches_rfc6675_as_the_board_moves(void **state)
{
	enum { SPACE = 1200, MSS = 20 };
	struct sack_scoreboard sb;
	bool sacked[SPACE] = {false};
	uint64_t una = 0, high = 0, timeout_lost = 0, x = 0x853c49e6748fea9bu;

	(void)state;
	sack_init(&sb, MSS, 0);
	for (int step = 0; step < 1500; step++) {
		struct sack_range block[2] = {{0, 0}, {0, 0}};
		size_t n = 0;
		uint64_t want_pipe = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (high < SPACE && x % 3 != 0)
			high += 1 + x % 15 < SPACE - high ? 1 + x % 15
							  : SPACE - high;
		if (high > una && x % 6 == 0) /* the ACK moves a little */
			una += (x >> 8) % ((high - una) / 4 + 1);
		for (int k = 0; k < 2 && high > una; k++) {
			uint64_t a = una + (x >> (16 + 8 * k)) % (high - una);
			uint64_t len = 1 + (x >> (20 + 8 * k)) % 3;

			block[n].start = a;
			block[n].end = a + len < high ? a + len : high;
			n++;
		}
		for (size_t k = 0; k < n; k++)
			for (uint64_t o = block[k].start; o < block[k].end; o++)
				sacked[o] = true;
		/* the ACK moving up also takes SACKed octets in its way */
		while (una < high && sacked[una])
			una++;
		sack_update(&sb, una, high, block, n);
		if (x % 7 == 0 && high > una)
			sack_sent(&sb, SACK_NEXT_LOST, una,
				  (uint32_t)(1 + (x >> 40) % (high - una)), 0);
		else if (x % 7 == 1 && high > una) /* HighRxt within */
			sack_sent(&sb, SACK_NEXT_HOLE,
				  una + (x >> 24) % (high - una),
				  (uint32_t)(1 + (x >> 40) % MSS), 0);
		if (x % 29 == 0) {
			sack_on_timeout(&sb);
			timeout_lost = high;
		} else if (x % 23 == 0 && high > una) {
			sack_enter_recovery(
				&sb, (uint32_t)(1 + (x >> 44) % (high - una)));
		}
		assert_true(sack_consistent(&sb));
		for (uint64_t o = una; o < high; o++) {
			uint64_t bytes = 0;
			unsigned runs = 0;
			bool lost;

			if (sacked[o])
				continue;
			for (uint64_t p = o + 1; p < high; p++)
				if (sacked[p]) {
					bytes++;
					runs += !sacked[p - 1];
				}
			lost = runs >= 3 || bytes > 2 * MSS || o < timeout_lost;
			assert_int_equal(sack_is_lost(&sb, o), lost);
			want_pipe += !lost;
			want_pipe += o < sb.high_rxt;
		}
		assert_int_equal(sack_pipe(&sb), want_pipe);
	}
	sack_free(&sb);
}

/*
 * A board of thousands of ranges, the way heavy loss makes one: data
 * sent in bursts with one segment in ten lost, SACK blocks above, the
 * holes resent in stream order (a tenth of them lost again, filled on a
 * later pass), now and then a block anywhere, a timeout or a recovery's
 * start, and the ACK following the filled front.  The board keeps its
 * ranges around a gap that follows the fills, and searches from where
 * the last ended: after every update its bookkeeping must match a
 * recount, and every 500 updates its ranges must be the bitmap's runs
 * and SetPipe() RFC 6675's, octet by octet.
 */
static void
test_big_board_matches_bitmap(void **state)
{
	enum { SPACE = 3000000, MSS = 100, STEPS = 20000 };
	struct sack_scoreboard sb;
	bool *sacked = calloc(SPACE + 1, sizeof *sacked);
	uint64_t una = 0, high = 0, fill = 0, timeout_lost = 0;
	uint64_t x = 0x2545f4914f6cdd1du;
	size_t most = 0;

	(void)state;
	assert_non_null(sacked);
	sack_init(&sb, MSS, 0);
	for (int step = 0; step < STEPS; step++) {
		struct sack_range block[3];
		size_t n = 0;
		unsigned kind;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* sending first, then resending: the board grows, then
		 * shrinks */
		kind = (unsigned)(x % 16);
		if (step >= STEPS / 2)
			kind = kind < 12 ? 12 : kind == 12 ? 0 : kind;
		if (kind < 12 && high + 20 * MSS <= SPACE) {
			/* a burst of 20 segments, one in ten lost */
			for (int k = 0; k < 20; k++, high += MSS)
				if ((x >> (8 + k)) % 10 != 0 && n < 3) {
					block[n].start = high;
					block[n].end = high + MSS;
					n++;
				} else if ((x >> (8 + k)) % 10 != 0) {
					for (uint64_t o = high; o < high + MSS;
					     o++)
						sacked[o] = true;
					/* (reported by a later ACK) */
					sack_update(&sb, una, high + MSS,
						    &(struct sack_range){
							    high, high + MSS},
						    1);
				}
		} else if ((kind == 12 || kind == 13) && fill < high) {
			/* the next hole above `fill` resent; lost 1 in 10 */
			while (fill < high && sacked[fill])
				fill++;
			if (fill < high) {
				sack_sent(&sb, SACK_NEXT_LOST, fill, MSS, 0);
				if ((x >> 12) % 10 != 0) {
					block[n].start = fill;
					block[n].end = fill + MSS < high
							       ? fill + MSS
							       : high;
					n++;
				}
				fill += MSS;
			} else {
				fill = una; /* the next pass */
			}
		} else if (kind == 14 && high > una) {
			uint64_t a = una + (x >> 16) % (high - una);

			block[n].start = a;
			block[n].end = a + 1 + (x >> 40) % (3 * MSS);
			if (block[n].end > high)
				block[n].end = high;
			n++;
		} else if (x % 97 == 3) {
			sack_on_timeout(&sb);
			timeout_lost = high;
			fill = una;
		} else if (x % 89 == 3 && high > una) {
			sack_enter_recovery(
				&sb, MSS < high - una ? MSS
						      : (uint32_t)(high - una));
		}
		for (size_t k = 0; k < n; k++)
			for (uint64_t o = block[k].start; o < block[k].end; o++)
				sacked[o] = true;
		while (una < high && sacked[una])
			una++;
		if (fill < una)
			fill = una;
		sack_update(&sb, una, high, block, n);
		assert_true(sack_consistent(&sb));
		if (sb.n_ranges > most)
			most = sb.n_ranges;
		if (step % 500 == 0 || step == STEPS - 1) {
			uint64_t o = una, pipe = 0, bytes = 0;
			unsigned runs = 0;
			size_t k = 0;

			/* the ranges are the bitmap's runs above una */
			while (o < high) {
				uint64_t start;

				while (o < high && !sacked[o])
					o++;
				if (o == high)
					break;
				start = o;
				while (o < high && sacked[o])
					o++;
				assert_true(k < sb.n_ranges);
				assert_int_equal(sack_range_at(&sb, k)->start,
						 start);
				assert_int_equal(sack_range_at(&sb, k)->end, o);
				k++;
			}
			assert_int_equal(k, sb.n_ranges);
			/* SetPipe(), from the top down */
			for (uint64_t p = high; p-- > una;) {
				bool lost;

				if (sacked[p]) {
					bytes++;
					runs += p + 1 == high || !sacked[p + 1];
					continue;
				}
				lost = runs >= 3 || bytes > 2 * MSS ||
				       p < timeout_lost;
				assert_int_equal(sack_is_lost(&sb, p), lost);
				pipe += !lost;
				pipe += p < sb.high_rxt;
			}
			assert_int_equal(sack_pipe(&sb), pipe);
		}
	}
	assert_true(most > 1000); /* the premise: a big board */
	sack_free(&sb);
	free(sacked);
}

/*
 * The same by hand on the first board, from the rule's two parts: below
 * 3000 three ranges lie above (lost); in [4000, 5000) two ranges of 1000
 * octets, 2000 = 2 SMSS and not more (not lost).  One range of 2001 octets
 * is enough, one of 2000 is not.
 */
static void
test_islost_by_hand(void **state)
{
	struct sack_scoreboard sb;
	struct sack_range three[] = {{3000, 4000}, {5000, 6000}, {7000, 8000}};
	struct sack_range big[] = {{1000, 3001}};
	struct sack_range just[] = {{1000, 3000}};

	(void)state;
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 10000, three, 3);
	assert_true(sack_is_lost(&sb, 0));
	assert_true(sack_is_lost(&sb, 2999));
	assert_false(sack_is_lost(&sb, 3500)); /* SACKed */
	assert_false(sack_is_lost(&sb, 4500));
	assert_false(sack_is_lost(&sb, 6500));
	assert_false(sack_is_lost(&sb, 9000));
	/* pipe: 10000 sent, 3000 SACKed, 3000 lost below 3000 */
	assert_int_equal(sack_pipe(&sb), 10000 - 3000 - 3000);
	sack_free(&sb);

	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 10000, big, 1);
	assert_true(sack_is_lost(&sb, 0));
	sack_free(&sb);
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 10000, just, 1);
	assert_false(sack_is_lost(&sb, 0));
	sack_free(&sb);
}

/* Update(): blocks below the ACK (D-SACK) and octets SACKed before are
 * not new; touching blocks merge; the cumulative ACK clears what it
 * covers. */
static void
test_update(void **state)
{
	struct sack_scoreboard sb;
	struct sack_range a[] = {{2000, 3000}};
	struct sack_range dsack[] = {{500, 1000}, {2000, 3000}};
	struct sack_range touch[] = {{3000, 4000}, {1500, 2000}};

	(void)state;
	sack_init(&sb, SMSS, 0);
	assert_int_equal(sack_update(&sb, 0, 8000, a, 1), 1000);
	assert_int_equal(sack_update(&sb, 1000, 8000, dsack, 2), 0);
	assert_int_equal(sack_update(&sb, 1000, 8000, touch, 2), 1500);
	assert_true(sack_consistent(&sb));
	assert_int_equal(sb.n_ranges, 1);
	assert_int_equal(sack_range_at(&sb, 0)->start, 1500);
	assert_int_equal(sack_range_at(&sb, 0)->end, 4000);
	assert_int_equal(sb.sacked_bytes, 2500);
	assert_int_equal(sack_update(&sb, 4000, 8000, NULL, 0), 0);
	assert_int_equal(sb.n_ranges, 0);
	assert_int_equal(sb.sacked_bytes, 0);
	sack_free(&sb);
}

/*
 * NextSeg() on the first board, rules in their order: rule 1 gives the
 * lost holes below 3000 one SMSS at a time; then rule 2 new data when
 * there is some; without, rule 3 the holes below the highest SACKed octet
 * that are not lost; then rule 4 once: a segment ending with the highest
 * un-SACKed octet (9999); then nothing.
 */
static void
test_nextseg_rules_in_order(void **state)
{
	struct sack_scoreboard sb;
	struct sack_range three[] = {{3000, 4000}, {5000, 6000}, {7000, 8000}};
	const uint64_t want_rule1[] = {0, 1000, 2000};
	const uint64_t want_rule3[] = {4000, 6000};
	uint64_t off;
	uint32_t len;

	(void)state;
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 10000, three, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(sack_next_seg(&sb, 5000, true, &off, &len),
				 SACK_NEXT_LOST);
		assert_int_equal(off, want_rule1[i]);
		assert_int_equal(len, SMSS);
		sack_sent(&sb, SACK_NEXT_LOST, off, len, 10000);
		/* (C.4): pipe grows by what was sent, as SetPipe() says */
		assert_int_equal(sack_pipe(&sb), 4000 + (i + 1) * SMSS);
	}
	/* rule 2 before rule 3: new data, at most SMSS */
	assert_int_equal(sack_next_seg(&sb, 400, true, &off, &len),
			 SACK_NEXT_NEW);
	assert_int_equal(off, 10000);
	assert_int_equal(len, 400);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(sack_next_seg(&sb, 0, true, &off, &len),
				 SACK_NEXT_HOLE);
		assert_int_equal(off, want_rule3[i]);
		assert_int_equal(len, SMSS);
		sack_sent(&sb, SACK_NEXT_HOLE, off, len, 10000);
	}
	/* no rule 4 outside loss recovery */
	assert_int_equal(sack_next_seg(&sb, 0, false, &off, &len),
			 SACK_NEXT_NONE);
	assert_int_equal(sack_next_seg(&sb, 0, true, &off, &len),
			 SACK_NEXT_RESCUE);
	assert_int_equal(off + len, 10000);
	assert_int_equal(len, SMSS);
	sack_sent(&sb, SACK_NEXT_RESCUE, off, len, 10000);
	assert_int_equal(sack_next_seg(&sb, 0, true, &off, &len),
			 SACK_NEXT_NONE);
	sack_free(&sb);
}

/* Step 4.3 sets RescueRxt to the first retransmission: no rescue until
 * HighACK passes it. */
static void
test_rescue_waits_for_highack(void **state)
{
	struct sack_scoreboard sb;
	struct sack_range r[] = {{1000, 4000}};
	uint64_t off;
	uint32_t len;

	(void)state;
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 6000, r, 1);
	sack_enter_recovery(&sb, SMSS); /* [0, 1000) resent */
	/* rule 3 has nothing (no hole below 4000 above HighRxt) */
	assert_int_equal(sack_next_seg(&sb, 0, true, &off, &len),
			 SACK_NEXT_NONE);
	sack_update(&sb, 4000, 6000, NULL, 0); /* HighACK passes 1000 */
	assert_int_equal(sack_next_seg(&sb, 0, true, &off, &len),
			 SACK_NEXT_RESCUE);
	assert_int_equal(off, 5000);
	assert_int_equal(len, SMSS);
	sack_free(&sb);
}

/* After a timeout every un-SACKed octet sent is lost: NextSeg() resends
 * the holes, in order, and never what was SACKed. */
static void
test_timeout_resends_holes_only(void **state)
{
	struct sack_scoreboard sb;
	struct sack_range r[] = {{2000, 3000}, {8000, 10000}};
	const uint64_t holes[] = {0, 1000, 3000, 4000, 5000, 6000, 7000};
	uint64_t off;
	uint32_t len;

	(void)state;
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, 10000, r, 2);
	sack_on_timeout(&sb);
	assert_int_equal(sack_pipe(&sb), 0);
	for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++) {
		assert_int_equal(sack_next_seg(&sb, 0, false, &off, &len),
				 SACK_NEXT_LOST);
		assert_int_equal(off, holes[i]);
		assert_int_equal(len, SMSS);
		sack_sent(&sb, SACK_NEXT_LOST, off, len, 10000);
	}
	assert_int_equal(sack_next_seg(&sb, 0, false, &off, &len),
			 SACK_NEXT_NONE);
	sack_free(&sb);
}

/* ------------------------------------------------------------------ */
/* RFC 6937's example                                                  */
/* ------------------------------------------------------------------ */

/*
 * A window of 20 segments, the first lost; an ACK per segment (no delayed
 * ACKs), each SACKing one more.  The third duplicate starts recovery with
 * RecoverFS = 20 and ssthresh = 10 (half, as the RFC's example has it).
 * While pipe > ssthresh, PRR lets CEIL(prr_delivered * 10 / 20) - prr_out
 * go: after the k-th ACK of recovery, ceil(k / 2) segments in all, one per
 * two ACKs, the first being the retransmission.  Once pipe reaches
 * ssthresh the slow start reduction bound keeps it there: each further
 * ACK takes one segment out and lets one in.
 */
static void
test_prr_rfc6937_example(void **state)
{
	const uint64_t seg = SMSS, window = 20, ssthresh = 10 * SMSS;
	struct sack_scoreboard sb;
	struct prr prr = {0};
	uint64_t high = window * seg, cwnd = 0, pipe = 0;
	uint64_t sent_total = 0;
	bool recovery = false;
	unsigned k = 0, dupacks = 0;

	(void)state;
	sack_init(&sb, SMSS, 0);
	sack_update(&sb, 0, high, NULL, 0);
	for (uint64_t acked = 1; acked < window; acked++) {
		struct sack_range blk = {seg, (acked + 1) * seg};
		uint64_t before = sb.sacked_bytes, delivered, sndcnt, sent = 0;
		uint64_t off;
		uint32_t len;

		assert_int_equal(sack_update(&sb, 0, high, &blk, 1), seg);
		delivered = sb.sacked_bytes - before;
		dupacks++;
		if (!recovery) {
			if (dupacks < 3)
				continue; /* no limited transmit here */
			recovery = true;
			prr_init(&prr, high); /* RecoverFS = FlightSize */
		}
		k++;
		pipe = sack_pipe(&sb);
		sndcnt = prr_sndcnt(&prr, delivered, pipe, ssthresh, SMSS);
		if (k == 1 && sndcnt < seg)
			sndcnt = seg; /* the fast retransmit goes (4.3) */
		cwnd = pipe + sndcnt;
		if (k == 1)
			sack_enter_recovery(&sb, SMSS);
		while (cwnd >= pipe + seg) {
			enum sack_rule rule = sack_next_seg(&sb, UINT64_MAX,
							    true, &off, &len);

			if (k == 1 && sent == 0) {
				/* 4.3 resends the first hole itself */
				rule = SACK_NEXT_LOST;
				off = 0;
				len = SMSS;
			}
			assert_true(rule == SACK_NEXT_LOST ||
				    rule == SACK_NEXT_NEW);
			if (rule == SACK_NEXT_NEW)
				sack_sent(&sb, rule, off, len, window * seg);
			high = sb.high_data;
			pipe += len;
			prr_sent(&prr, len);
			sent++;
		}
		sent_total += sent;
		if (pipe - sent * seg > ssthresh) {
			/* proportional part: ceil(k/2) in all */
			assert_int_equal(sent_total, (k + 1) / 2);
		} else {
			/* reduction bound: back to ssthresh, not beyond */
			assert_int_equal(pipe, ssthresh);
		}
	}
	/* 17 ACKs in recovery; pipe before sending was 16 segments at the
	 * first, -1 per ACK, +1 per two: it meets ssthresh at the 13th */
	assert_int_equal(k, 17);
	assert_int_equal(pipe, ssthresh);
	(void)cwnd;
	sack_free(&sb);
}

/* ------------------------------------------------------------------ */
/* Whole runs                                                          */
/* ------------------------------------------------------------------ */

/* newreno-multiple-losses.ini's setting, with SACK alone: stack = textbook
 * keeps the other mechanisms (limited transmit, byte counting, Linux's
 * receiver, mss 1448) out of what these runs count. */
#define MULTI_LOSS                                                             \
	"[simulation]\nduration = 20s\n"                                       \
	"[link]\nrate = 10Mbit/s\ndelay = 20ms\nqueue = 100 packets\n"         \
	"[flow bulk]\nstack = textbook\nreceive_buffer = 128KiB\n"             \
	"write_total = 1MB\n"                                                  \
	"drop_segments = 100, 104, 108\nsack = on\ncc = %s\n"

/*
 * Three losses in one window, SACK: the scoreboard shows all three holes
 * at once, so one recovery episode resends exactly the three, with no
 * timeout, for every algorithm (RFC 6675's recovery does not depend on
 * it).  Rule 4 may add one rescue retransmission per episode when no new
 * data can go (here the receive window binds for CUBIC, whose ssthresh is
 * 0.7 of the window).
 */
static void
test_three_losses_one_recovery(void **state)
{
	const char *ccs[] = {"newreno", "reno", "cubic"};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char text[512];
		struct sim *sim;
		struct recorder rec;
		struct flow_snapshot fs;

		snprintf(text, sizeof text, MULTI_LOSS, ccs[i]);
		sim = helper_sim(text);
		recorder_attach(sim, &rec);
		sim_run(sim);
		sim_flow_snapshot(sim, 0, &fs);
		assert_int_equal(fs.drops, 3);
		assert_int_equal(fs.timeouts, 0);
		assert_int_equal(fs.fast_retransmits, 1);
		assert_int_equal(recorder_count(&rec, TRACE_FAST_RETRANSMIT),
				 1);
		assert_int_equal(recorder_count(&rec, TRACE_RECOVERY_EXIT), 1);
		if (i < 2)
			assert_int_equal(fs.retransmits, 3);
		else
			assert_in_range(fs.retransmits, 3, 3 + 1);
		assert_true(fs.completion_ns > 0);
		/* RFC 6937: recovery ends with cwnd = ssthresh; the exit is
		 * the only recovery_exit, so the snapshot at the end of a
		 * flow that grows no more in 19 s of idle is not it: read the
		 * event's own sentence instead */
		for (size_t e = 0; e < rec.n; e++)
			if (rec.ev[e].kind == TRACE_RECOVERY_EXIT)
				assert_non_null(strstr(rec.ev[e].detail,
						       "cwnd = ssthresh"));
		recorder_free(&rec);
		sim_destroy(sim);
	}
}

/*
 * Without congestion control (cc = none) cwnd and ssthresh have no limit:
 * the sentences of a loss recovery say "unlimited", never the digits of
 * the number that stands for it, with SACK or without.
 */
static void
test_cc_none_sentences_say_unlimited(void **state)
{
	char max[32];

	(void)state;
	snprintf(max, sizeof max, "%llu", (unsigned long long)UINT64_MAX);
	for (int sack = 0; sack < 2; sack++) {
		char text[512];
		struct sim *sim;
		struct recorder rec;
		size_t said = 0;

		snprintf(text, sizeof text,
			 "[simulation]\nduration = 20s\n"
			 "[link]\nrate = 10Mbit/s\nqueue = 100 packets\n"
			 "[flow bulk]\nreceive_buffer = 128KiB\n"
			 "write_total = 1MB\ndrop_segments = 100, 104, 108\n"
			 "sack = %s\ncc = none\n",
			 sack ? "on" : "off");
		sim = helper_sim(text);
		recorder_attach(sim, &rec);
		sim_run(sim);
		assert_true(recorder_count(&rec, TRACE_FAST_RETRANSMIT) > 0);
		for (size_t e = 0; e < rec.n; e++) {
			assert_null(strstr(rec.ev[e].detail, max));
			if ((rec.ev[e].kind == TRACE_FAST_RETRANSMIT &&
			     strstr(rec.ev[e].detail, "ssthresh unlimited")) ||
			    (rec.ev[e].kind == TRACE_RECOVERY_EXIT &&
			     strstr(rec.ev[e].detail, "unlimited")))
				said++;
		}
		assert_int_equal(
			said,
			recorder_count(&rec, TRACE_FAST_RETRANSMIT) +
				recorder_count(&rec, TRACE_RECOVERY_EXIT));
		recorder_free(&rec);
		sim_destroy(sim);
	}
}

/* Watch cwnd and ssthresh right after recovery ends. */
struct exit_watch {
	uint64_t cwnd, ssthresh;
	int exits;
};

static void
exit_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct exit_watch *w = ctx;
	struct flow_snapshot fs;

	if (ev->kind != TRACE_RECOVERY_EXIT)
		return;
	sim_flow_snapshot(sim, 0, &fs);
	w->cwnd = fs.cwnd_bytes;
	w->ssthresh = fs.ssthresh_bytes;
	w->exits++;
}

/* RFC 6937 3: at the end of recovery cwnd = ssthresh, and ssthresh is the
 * algorithm's: half the FlightSize at the loss for NewReno. */
static void
test_prr_ends_at_ssthresh(void **state)
{
	char text[512];
	struct sim *sim;
	struct exit_watch w = {0};
	struct sim_observer obs = {.on_event = exit_on_event, .ctx = &w};

	(void)state;
	snprintf(text, sizeof text, MULTI_LOSS, "newreno");
	sim = helper_sim(text);
	sim_add_observer(sim, &obs);
	sim_run(sim);
	assert_int_equal(w.exits, 1);
	assert_int_equal(w.cwnd, w.ssthresh);
	sim_destroy(sim);
}

/*
 * What the UI's ruler reads: sim_flow_sacked() and sim_flow_lost() at
 * every event of the three-loss recovery.  The SACKed ranges are sorted,
 * disjoint, above SND.UNA and not past SND.NXT; the lost holes are
 * exactly the gaps (from SND.UNA up) below which RFC 6675's IsLost()
 * holds: DupThresh or more SACKed ranges above, or more than
 * (DupThresh - 1) * SMSS SACKed bytes.  With sack = off: none.
 */
static void
test_sack_view(void **state)
{
	char text[512];
	struct sim *sim;
	struct flow_snapshot fs;
	struct seq_range sk[64], lo[64], one;
	size_t saw_sacked = 0, saw_lost = 0;

	(void)state;
	snprintf(text, sizeof text, MULTI_LOSS, "newreno");
	sim = helper_sim(text);
	while (sim_step(sim)) {
		size_t n = sim_flow_sacked(sim, 0, sk, 64);
		size_t nl = sim_flow_lost(sim, 0, lo, 64), want = 0;
		uint32_t at;

		assert_true(n <= 64 && nl <= 64);
		if (n > 0)
			assert_int_equal(sim_flow_sacked(sim, 0, &one, 1), n);
		sim_flow_snapshot(sim, 0, &fs);
		at = fs.snd_una;
		for (size_t k = 0; k < n; k++) {
			uint64_t above = 0;

			assert_true((int32_t)(sk[k].start - at) > 0);
			assert_true((int32_t)(sk[k].end - sk[k].start) > 0);
			assert_true((int32_t)(fs.snd_nxt - sk[k].end) >= 0);
			for (size_t j = k; j < n; j++)
				above += sk[j].end - sk[j].start;
			if (n - k >= SACK_DUPTHRESH ||
			    above > (SACK_DUPTHRESH - 1) * (uint64_t)fs.mss) {
				assert_true(want < nl);
				assert_int_equal(lo[want].start, at);
				assert_int_equal(lo[want].end, sk[k].start);
				want++;
			}
			at = sk[k].end;
		}
		assert_int_equal(nl, want);
		saw_sacked += n > 0;
		saw_lost += nl > 0;
	}
	assert_true(saw_sacked > 0);
	assert_true(saw_lost > 0);
	assert_int_equal(sim_flow_sacked(sim, 0, sk, 64), 0);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.timeouts, 0); /* no Loss state: IsLost alone */
	sim_destroy(sim);

	/* sack = off */
	sim = helper_sim("[simulation]\nduration = 20s\n"
			 "[link]\nrate = 10Mbit/s\ndelay = 20ms\n"
			 "queue = 100 packets\n"
			 "[flow bulk]\nsack = off\nreceive_buffer = 128KiB\n"
			 "write_total = 1MB\ndrop_segments = 100, 104, 108\n");
	while (sim_step(sim)) {
		assert_int_equal(sim_flow_sacked(sim, 0, sk, 64), 0);
		assert_int_equal(sim_flow_lost(sim, 0, lo, 64), 0);
	}
	sim_destroy(sim);
}

/* The reference case of bench/bench.sh (ns-3's): 100 Mbit/s, 20 ms each
 * way, a 343-packet queue, big buffers, NewReno, 80 s. */
#define NS3_CASE                                                               \
	"[simulation]\nduration = 80s\n"                                       \
	"[link]\nrate = 100Mbit/s\ndelay = 20ms\nqueue = 343 packets\n"        \
	"[flow bulk]\nreceive_buffer = 16MiB\nsend_buffer = 16MiB\n"           \
	"sack = on\n"

/*
 * With SACK the overshoot of slow start (hundreds of drops in one window)
 * is repaired in one recovery, without a timeout.  Every retransmission
 * is of a hole presumed lost, so there are at most as many as drops, plus
 * one rescue per recovery episode.  The queue holds about one BDP (100
 * Mbit/s x 40 ms / 1500 B = 333 packets), which by the classic result
 * keeps the link busy across each halving: goodput at least 90% of the
 * payload rate, 100 Mbit/s x 1460 / 1500.
 */
static void
test_ns3_case_with_sack(void **state)
{
	struct sim *sim = helper_sim(NS3_CASE);
	struct flow_snapshot fs;
	double goodput, payload = 100e6 * 1460.0 / 1500.0;

	(void)state;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	goodput = (double)fs.read_bytes * 8 / 80.0;
	assert_int_equal(fs.timeouts, 0);
	assert_true(fs.drops > 0);
	assert_true(fs.retransmits <= fs.drops + fs.fast_retransmits);
	if (!(goodput >= 0.9 * payload))
		fail_msg("goodput %.1f Mbit/s < 90%% of %.1f", goodput / 1e6,
			 payload / 1e6);
	sim_destroy(sim);
}

/* Segments sent right after the n-th duplicate ACK of a run: the `send`
 * events that follow it at the same instant. */
static unsigned
sends_after_dupack(const struct recorder *rec, unsigned n)
{
	unsigned seen = 0, sends = 0;

	for (size_t i = 0; i < rec->n; i++) {
		if (rec->ev[i].kind != TRACE_DUPACK)
			continue;
		if (++seen != n)
			continue;
		for (size_t j = i + 1;
		     j < rec->n && rec->ev[j].time_ns == rec->ev[i].time_ns;
		     j++)
			if (rec->ev[j].kind == TRACE_SEND)
				sends++;
		return sends;
	}
	fail_msg("no duplicate ACK #%u", n);
	return 0;
}

/*
 * RFC 3042 without SACK: an initial window of 3, the first segment lost.
 * Segments 2 and 3 bring two duplicate ACKs, too few for a fast
 * retransmit.  With limited transmit each sends one new segment (flight
 * 3 + 1 <= cwnd 3 + 2, then 4 + 1 <= 5), whose ACKs are the third and
 * fourth duplicates: fast retransmit, no timeout.  The third sends no new
 * segment (its window is the halved one).  Without it nothing moves until
 * the retransmission timer.
 */
#define LIMITED                                                                \
	"[simulation]\nduration = 10s\n"                                       \
	"[flow f]\ninitial_window = 3\ndrop_segments = 1\n"                    \
	"write_total = 30000B\ndelayed_ack = off\nlimited_transmit = %s\n"

static void
test_limited_transmit(void **state)
{
	char buf[256];
	struct sim *sim;
	struct recorder rec;
	struct flow_snapshot fs;

	(void)state;
	snprintf(buf, sizeof buf, LIMITED, "on");
	sim = helper_sim(buf);
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(sends_after_dupack(&rec, 1), 1);
	assert_int_equal(sends_after_dupack(&rec, 2), 1);
	assert_int_equal(sends_after_dupack(&rec, 3), 0);
	assert_int_equal(fs.timeouts, 0);
	assert_int_equal(fs.fast_retransmits, 1);
	assert_int_equal(fs.retransmits, 1);
	assert_true(fs.completion_ns > 0);
	for (size_t i = 0; i < rec.n; i++)
		if (rec.ev[i].kind == TRACE_SEND &&
		    strstr(rec.ev[i].detail, "limited transmit") != NULL)
			assert_non_null(strstr(rec.ev[i].detail, "RFC 3042"));
	recorder_free(&rec);
	sim_destroy(sim);

	snprintf(buf, sizeof buf, LIMITED, "off");
	sim = helper_sim(buf);
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(sends_after_dupack(&rec, 1), 0);
	assert_int_equal(sends_after_dupack(&rec, 2), 0);
	assert_int_equal(fs.timeouts, 1);
	assert_int_equal(fs.fast_retransmits, 0);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* The same with SACK: RFC 6675 5 step 3 sends by pipe instead, one new
 * segment for each SACKed one. */
static void
test_limited_transmit_with_sack(void **state)
{
	struct sim *sim =
		helper_sim("[simulation]\nduration = 10s\n"
			   "[flow f]\ninitial_window = 3\ndrop_segments = 1\n"
			   "write_total = 30000B\ndelayed_ack = off\n"
			   "limited_transmit = on\nsack = on\n");
	struct recorder rec;
	struct flow_snapshot fs;

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(sends_after_dupack(&rec, 1), 1);
	assert_int_equal(sends_after_dupack(&rec, 2), 1);
	assert_int_equal(fs.timeouts, 0);
	assert_int_equal(fs.fast_retransmits, 1);
	assert_int_equal(fs.retransmits, 1);
	recorder_free(&rec);
	sim_destroy(sim);
}

/*
 * A timeout with SACK: ten segments, all but 1, 2, 5 and 9 lost.  Segments
 * 5 and 9 bring two duplicate ACKs and 2 SACKed segments, 2 SMSS and not
 * more, in 2 ranges: nothing is presumed lost (IsLost), so the timer fires.
 * The scoreboard is kept: exactly the six holes, 3, 4, 6, 7, 8 and 10, are
 * sent again, never 5 or 9.  Go-back-N resends 5 too: the ACK of 3 makes
 * cwnd 2 segments in slow start, and 4 and 5 leave together, before the
 * ACK of 4 can say that 5 arrived long ago.  stack = textbook: limited
 * transmit would answer the two duplicate ACKs with new segments, whose
 * ACKs would start a fast retransmit instead of the timeout.
 */
#define TIMEOUT_HOLES                                                          \
	"[simulation]\nduration = 10s\n"                                       \
	"[flow f]\nstack = textbook\ndrop_segments = 3, 4, 6, 7, 8, 10\n"      \
	"write_total = 14600B\nsack = %s\n"

static void
test_timeout_resends_only_holes(void **state)
{
	char buf[256];
	struct sim *sim;
	struct recorder rec;
	struct flow_snapshot fs;
	uint32_t isn1 = 1; /* isn 0: data starts at sequence number 1 */
	bool resent5 = false;

	(void)state;
	snprintf(buf, sizeof buf, TIMEOUT_HOLES, "on");
	sim = helper_sim(buf);
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.timeouts, 1);
	assert_int_equal(fs.fast_retransmits, 0);
	assert_int_equal(fs.retransmits, 6);
	assert_true(fs.completion_ns > 0);
	for (size_t i = 0; i < rec.n; i++) {
		uint32_t seg;

		if (rec.ev[i].kind != TRACE_RETRANSMIT)
			continue;
		seg = (rec.ev[i].seq - isn1) / 1460 + 1;
		assert_true(seg != 5 && seg != 9 && seg >= 3 && seg <= 10);
	}
	recorder_free(&rec);
	sim_destroy(sim);

	snprintf(buf, sizeof buf, TIMEOUT_HOLES, "off");
	sim = helper_sim(buf);
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &fs);
	assert_int_equal(fs.timeouts, 1);
	for (size_t i = 0; i < rec.n; i++)
		if (rec.ev[i].kind == TRACE_RETRANSMIT &&
		    (rec.ev[i].seq - isn1) / 1460 + 1 == 5)
			resent5 = true;
	assert_true(resent5);
	assert_true(fs.retransmits >= 7);
	recorder_free(&rec);
	sim_destroy(sim);
}

/*
 * careful_timeout: between a timeout and the first ACK that covers
 * everything sent before it, no fast retransmit (RFC 6582 4.1), and
 * ssthresh stays what the timeout set.  The 100 Mbit/s case without SACK
 * has such duplicate ACKs: its slow start ends in a timeout while segments
 * sent before it still arrive; with careful_timeout = off the ACK
 * heuristic of RFC 6582 3.2 step 1 lets them start a fast retransmit
 * (what the watch must then see, or it would prove nothing).  The flow
 * says stack = textbook, so that only careful_timeout changes between the
 * runs (with SACK, on under linux, the timeout does not happen).
 */
struct careful_watch {
	bool in_loss;	   /* after a timeout, before the ACK passes mark */
	uint32_t mark;	   /* SND.NXT when the timer fired */
	uint64_t ssthresh; /* ssthresh the timeout set */
	bool set;	   /* ssthresh known */
	int early_fast;	   /* fast retransmits inside that interval */
	int ssthresh_cut;  /* ssthresh lowered inside it */
	int timeouts;	   /* timeouts seen */
};

static void
careful_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct careful_watch *w = ctx;
	struct flow_snapshot fs;

	if (ev->flow != 0)
		return;
	sim_flow_snapshot(sim, 0, &fs);
	if (ev->kind == TRACE_TIMEOUT) {
		w->timeouts++;
		w->in_loss = true;
		w->mark = fs.snd_nxt; /* before going back */
		w->set = false;
		return;
	}
	if (!w->in_loss)
		return;
	if (seq_geq(fs.snd_una, w->mark)) {
		w->in_loss = false;
		return;
	}
	if (!w->set && ev->kind == TRACE_RETRANSMIT) {
		w->ssthresh = fs.ssthresh_bytes;
		w->set = true;
	}
	if (ev->kind == TRACE_FAST_RETRANSMIT)
		w->early_fast++;
	if (w->set && fs.ssthresh_bytes < w->ssthresh)
		w->ssthresh_cut++;
}

static void
test_careful_timeout(void **state)
{
	const char *cases[] = {"off", "on"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		char text[512];
		struct sim *sim;
		struct careful_watch w = {0};
		struct sim_observer obs = {.on_event = careful_on_event,
					   .ctx = &w};

		snprintf(text, sizeof text,
			 "[simulation]\nduration = 5s\n[link]\nrate = "
			 "100Mbit/s\ndelay = 20ms\nqueue = 343 packets\n"
			 "[flow bulk]\nstack = textbook\n"
			 "receive_buffer = 16MiB\nsend_buffer = 16MiB\n"
			 "careful_timeout = %s\n",
			 cases[i]);
		sim = helper_sim(text);
		sim_add_observer(sim, &obs);
		sim_run(sim);
		assert_true(w.timeouts >= 1);
		if (i == 0) {
			assert_true(w.early_fast >= 1);
		} else {
			assert_int_equal(w.early_fast, 0);
			assert_int_equal(w.ssthresh_cut, 0);
		}
		sim_destroy(sim);
	}
}

/* Watch the SACK blocks of the ACKs that reach the sender. */
struct ack_watch {
	uint32_t isn1;	    /* first data sequence number */
	bool first_seen;    /* the first ACK with a block was checked */
	bool first_ok;	    /* ... and SACKed segment 101 alone */
	bool three_ok;	    /* an ACK listed 109.., 105-107, 101-103 */
	unsigned most;	    /* most blocks on one ACK */
	unsigned dsacks;    /* ACKs whose first block is below the ACK */
	unsigned with_sack; /* ACKs with blocks */
};

static uint32_t
seg_start(const struct ack_watch *w, unsigned k)
{
	return w->isn1 + (k - 1) * 1460u;
}

static void
ack_on_packet(void *ctx, const struct sim *sim, const struct trace_packet *p)
{
	struct ack_watch *w = ctx;

	(void)sim;
	if (p->from_sender || p->n_sack == 0)
		return;
	w->with_sack++;
	if (p->n_sack > w->most)
		w->most = p->n_sack;
	if (seq_before(p->sack_left[0], p->ack))
		w->dsacks++;
	if (!w->first_seen) {
		w->first_seen = true;
		w->first_ok = p->n_sack == 1 &&
			      p->sack_left[0] == seg_start(w, 101) &&
			      p->sack_right[0] == seg_start(w, 102);
	}
	if (p->n_sack == 3 && p->sack_left[0] == seg_start(w, 109) &&
	    p->sack_left[1] == seg_start(w, 105) &&
	    p->sack_right[1] == seg_start(w, 108) &&
	    p->sack_left[2] == seg_start(w, 101) &&
	    p->sack_right[2] == seg_start(w, 104))
		w->three_ok = true;
}

/*
 * The receiver's blocks (RFC 2018 4): the first names the range that holds
 * the segment just received, then the most recent others, at most 3.
 * Every retransmission that was not of a loss reaches a receiver that has
 * the data and comes back as one D-SACK (RFC 2883): nothing else is lost
 * here.  With sack = off no ACK carries a block.
 */
static void
test_receiver_blocks(void **state)
{
	const char *ccs[] = {"newreno", "cubic"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		char text[512];
		struct sim *sim;
		struct ack_watch w = {.isn1 = 1};
		struct sim_observer obs = {.on_packet = ack_on_packet,
					   .ctx = &w};
		struct flow_snapshot fs;

		snprintf(text, sizeof text, MULTI_LOSS, ccs[i]);
		sim = helper_sim(text);
		sim_add_observer(sim, &obs);
		sim_run(sim);
		sim_flow_snapshot(sim, 0, &fs);
		assert_true(w.first_ok);
		assert_true(w.three_ok);
		assert_int_equal(w.most, 3);
		assert_int_equal(w.dsacks, fs.retransmits - fs.drops);
		sim_destroy(sim);
	}
	{
		struct sim *sim =
			helper_sim("[simulation]\nduration = 20s\n[flow bulk]\n"
				   "stack = textbook\nwrite_total = 1MB\n"
				   "drop_segments = 100, 104, 108\n");
		struct ack_watch w = {.isn1 = 1};
		struct sim_observer obs = {.on_packet = ack_on_packet,
					   .ctx = &w};

		sim_add_observer(sim, &obs);
		sim_run(sim);
		assert_int_equal(w.with_sack, 0);
		sim_destroy(sim);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_islost_and_pipe_match_rfc6675),
		cmocka_unit_test(test_pipe_matches_rfc6675_as_the_board_moves),
		cmocka_unit_test(test_big_board_matches_bitmap),
		cmocka_unit_test(test_cc_none_sentences_say_unlimited),
		cmocka_unit_test(test_islost_by_hand),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_nextseg_rules_in_order),
		cmocka_unit_test(test_rescue_waits_for_highack),
		cmocka_unit_test(test_timeout_resends_holes_only),
		cmocka_unit_test(test_prr_rfc6937_example),
		cmocka_unit_test(test_three_losses_one_recovery),
		cmocka_unit_test(test_prr_ends_at_ssthresh),
		cmocka_unit_test(test_ns3_case_with_sack),
		cmocka_unit_test(test_limited_transmit),
		cmocka_unit_test(test_limited_transmit_with_sack),
		cmocka_unit_test(test_timeout_resends_only_holes),
		cmocka_unit_test(test_careful_timeout),
		cmocka_unit_test(test_receiver_blocks),
		cmocka_unit_test(test_sack_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
