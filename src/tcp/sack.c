/* SPDX-License-Identifier: ISC */
/* sack.c: the RFC 6675 scoreboard and RFC 6937 PRR (see sack.h). */
#include "tcp/sack.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static inline uint64_t
max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static inline uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void
sack_init(struct sack_scoreboard *sb, uint32_t smss, uint64_t una)
{
	memset(sb, 0, sizeof *sb);
	sb->smss = smss;
	sb->una = sb->high_data = sb->high_rxt = una;
	sb->timeout_lost = sb->lost_end = una;
}

void
sack_free(struct sack_scoreboard *sb)
{
	free(sb->range_alloc);
	sb->range_alloc = NULL;
	sb->n_ranges = sb->cap_ranges = sb->first = 0;
	sb->gap_at = sb->gap_len = 0;
}

/* Range k, to change. */
static inline struct sack_range *
sack_at(struct sack_scoreboard *sb, size_t k)
{
	return &sb->range_alloc[sb->first + k +
				(k >= sb->gap_at ? sb->gap_len : 0)];
}

/* A gap at either end is room at that end. */
static inline void
sack_fold_gap(struct sack_scoreboard *sb)
{
	if (sb->gap_at == 0) {
		sb->first += sb->gap_len;
		sb->gap_len = 0;
	}
	if (sb->gap_at >= sb->n_ranges) {
		sb->gap_at = (uint32_t)sb->n_ranges;
		sb->gap_len = 0;
	}
}

/*
 * The ranges moved to the start of an allocation with at least `room`
 * unused entries after them, and no gap.  (Copies them all: called when
 * the room at the end has run out, with room for n / 2 more.)
 */
static void
sack_relayout(struct sack_scoreboard *sb, size_t room)
{
	size_t n = sb->n_ranges, cap = sb->cap_ranges;

	if (cap < n + room) {
		cap = cap > 16 ? cap : 16;
		while (cap < n + room)
			cap *= 2;
		sb->range_alloc = xreallocarray(sb->range_alloc, cap,
						sizeof *sb->range_alloc);
		sb->cap_ranges = (uint32_t)cap;
	}
	memmove(sb->range_alloc, sb->range_alloc + sb->first,
		sb->gap_at * sizeof *sb->range_alloc);
	memmove(sb->range_alloc + sb->gap_at,
		sb->range_alloc + sb->first + sb->gap_at + sb->gap_len,
		(n - sb->gap_at) * sizeof *sb->range_alloc);
	sb->first = 0;
	sb->gap_at = (uint32_t)n;
	sb->gap_len = 0;
}

/* Unused entries after the last range. */
static inline size_t
sack_tail_room(const struct sack_scoreboard *sb)
{
	return sb->cap_ranges - sb->first - sb->n_ranges - sb->gap_len;
}

/* The gap (not empty) moved to just before range i, 0 <= i <= n. */
static void
sack_move_gap(struct sack_scoreboard *sb, size_t i)
{
	struct sack_range *at = sb->range_alloc + sb->first;

	if (i < sb->gap_at)
		memmove(at + i + sb->gap_len, at + i,
			(sb->gap_at - i) * sizeof *at);
	else if (i > sb->gap_at)
		memmove(at + sb->gap_at, at + sb->gap_at + sb->gap_len,
			(i - sb->gap_at) * sizeof *at);
	sb->gap_at = (uint32_t)i;
}

/* A new range numbered i (its bounds for the caller to set): the ranges
 * from i on are numbered one more. */
static void
sack_open(struct sack_scoreboard *sb, size_t i)
{
	size_t n = sb->n_ranges;

	if (i == n) { /* at the end: new data's blocks */
		if (sack_tail_room(sb) == 0)
			sack_relayout(sb, n / 2 > 16 ? n / 2 : 16);
		sb->n_ranges++;
		sack_fold_gap(sb);
		return;
	}
	if (sb->gap_len == 0) {
		/* a gap of an eighth of the ranges, taken from the room at
		 * the end: the ranges above i move up once for that many */
		size_t len = n / 8 > 16 ? n / 8 : 16;

		if (sack_tail_room(sb) < len)
			sack_relayout(sb, n / 2 > len ? n / 2 : len);
		memmove(sb->range_alloc + sb->first + i + len,
			sb->range_alloc + sb->first + i,
			(n - i) * sizeof *sb->range_alloc);
		sb->gap_at = (uint32_t)i;
		sb->gap_len = (uint32_t)len;
	} else {
		sack_move_gap(sb, i);
	}
	sb->gap_at++; /* the gap's first entry is range i */
	sb->gap_len--;
	sb->n_ranges++;
	sack_fold_gap(sb);
}

/* Ranges [a, b) go, 0 <= a < b <= n: those above are numbered less. */
static void
sack_close(struct sack_scoreboard *sb, size_t a, size_t b)
{
	if (sb->gap_len == 0)
		sb->gap_at = (uint32_t)a; /* they become the gap */
	else
		sack_move_gap(sb, a); /* they follow it: it takes them */
	sb->gap_len += (uint32_t)(b - a);
	sb->n_ranges -= b - a;
	sack_fold_gap(sb);
}

/* Octets of [s, e) within [a, b). */
static inline uint64_t
sack_overlap(uint64_t s, uint64_t e, uint64_t a, uint64_t b)
{
	uint64_t lo = max_u64(s, a), hi = min_u64(e, b);

	return hi > lo ? hi - lo : 0;
}

/* The first range in [lo, hi) that ends after `off` (hi if none). */
static inline size_t
sack_bisect(const struct sack_scoreboard *sb, uint64_t off, size_t lo,
	    size_t hi)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sack_range_at(sb, mid)->end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first range that ends after `off` (n_ranges if none). */
static size_t
sack_first_ending_after(const struct sack_scoreboard *sb, uint64_t off)
{
	size_t lo = 0, hi = sb->n_ranges;

	/* on one side of the gap: there the entries are contiguous */
	if (sb->gap_len > 0) {
		if (sack_range_at(sb, sb->gap_at - 1)->end > off)
			hi = sb->gap_at;
		else
			lo = sb->gap_at;
	}
	return sack_bisect(sb, off, lo, hi);
}

/*
 * The same, looked for from range h on, up or down by 1, 2, 4...
 * ranges, then halving: a few steps, all near, when the answer is near h.
 * The board's searches come in runs near one place (the holes resent in
 * stream order, new data at the top), and a search from the middle of
 * tens of thousands of ranges fetched a line from memory at each step.
 */
static size_t
sack_search_from(const struct sack_scoreboard *sb, uint64_t off, size_t h)
{
	size_t n = sb->n_ranges, lo, hi, step = 1;

	if (h > n)
		h = n;
	if (h < n && sack_range_at(sb, h)->end <= off) {
		lo = h + 1; /* the answer lies above h */
		while (lo + step - 1 < n &&
		       sack_range_at(sb, lo + step - 1)->end <= off) {
			lo += step;
			step *= 2;
		}
		hi = lo + step - 1 < n ? lo + step - 1 : n;
	} else {
		hi = h; /* at h or below */
		while (hi >= step && sack_range_at(sb, hi - step)->end > off) {
			hi -= step;
			step *= 2;
		}
		lo = hi >= step ? hi - step + 1 : 0;
	}
	return sack_bisect(sb, off, lo, hi);
}

bool
sack_is_sacked(const struct sack_scoreboard *sb, uint64_t off)
{
	size_t i = sack_first_ending_after(sb, off);

	return i < sb->n_ranges && sack_range_at(sb, i)->start <= off;
}

bool
sack_consistent(const struct sack_scoreboard *sb)
{
	uint64_t sum = 0, below_rxt = 0, last_end = sb->una;

	if (sb->high_rxt < sb->una || sb->high_data < sb->una)
		return false;
	for (size_t i = 0; i < sb->n_ranges; i++) {
		const struct sack_range *g = sack_range_at(sb, i);

		/* sorted, disjoint, not touching (merged), within the data */
		if (g->start >= g->end || g->end > sb->high_data ||
		    (i > 0 ? g->start <= last_end : g->start < sb->una))
			return false;
		last_end = g->end;
		sum += g->end - g->start;
		below_rxt += sack_overlap(g->start, g->end, 0, sb->high_rxt);
	}
	return sum == sb->sacked_bytes && below_rxt == sb->rxt_sacked;
}

uint64_t
sack_high_sacked(const struct sack_scoreboard *sb)
{
	return sb->n_ranges ? sack_range_at(sb, sb->n_ranges - 1)->end
			    : sb->una;
}

/* SACKed octets at or above `off`: a walk down from the top, for an
 * `off` with few ranges above it. */
static uint64_t
sack_sacked_above(const struct sack_scoreboard *sb, uint64_t off)
{
	uint64_t sum = 0;

	for (size_t k = sb->n_ranges;
	     k-- > 0 && sack_range_at(sb, k)->end > off;)
		sum += sack_range_at(sb, k)->end -
		       max_u64(sack_range_at(sb, k)->start, off);
	return sum;
}

/* SACKed octets within [a, b): a walk up from the first range ending
 * after a (looked for from range h), for an interval holding few ranges.
 * *next is the first range ending after b. */
static uint64_t
sack_sacked_within(const struct sack_scoreboard *sb, uint64_t a, uint64_t b,
		   size_t h, size_t *next)
{
	uint64_t sum = 0;
	size_t k = sack_search_from(sb, a, h);

	for (; k < sb->n_ranges && sack_range_at(sb, k)->start < b; k++)
		sum += sack_overlap(sack_range_at(sb, k)->start,
				    sack_range_at(sb, k)->end, a, b);
	if (k > 0 && sack_range_at(sb, k - 1)->end > b)
		k--; /* the last one walked goes on past b */
	*next = k;
	return sum;
}

/*
 * HighRxt + 1 becomes `rxt`, and rxt_sacked with it: counting the ranges
 * it passes going up (a retransmission passes a hole and the range below
 * it), or those below it going down (to una or just above it: a timeout,
 * the start of a recovery).
 */
static void
sack_set_high_rxt(struct sack_scoreboard *sb, uint64_t rxt)
{
	if (rxt >= sb->high_rxt)
		sb->rxt_sacked += sack_sacked_within(
			sb, sb->high_rxt, rxt, sb->rxt_hint, &sb->rxt_hint);
	else
		sb->rxt_sacked =
			sack_sacked_within(sb, 0, rxt, 0, &sb->rxt_hint);
	sb->high_rxt = rxt;
}

/*
 * The IsLost() boundary: the start of the highest range from which up
 * there are DupThresh ranges or more than (DupThresh - 1) * SMSS SACKed
 * octets.  An un-SACKed octet below it has at least that much above it.
 */
static void
sack_find_lost_end(struct sack_scoreboard *sb)
{
	uint64_t bytes = 0;
	size_t count = 0;

	sb->lost_end = sb->una;
	for (size_t k = sb->n_ranges; k-- > 0;) {
		const struct sack_range *g = sack_range_at(sb, k);

		bytes += g->end - g->start;
		count++;
		if (count >= SACK_DUPTHRESH ||
		    bytes > (uint64_t)(SACK_DUPTHRESH - 1) * sb->smss) {
			sb->lost_end = g->start;
			return;
		}
	}
}

/* Record [start, end) as SACKed; returns the octets new to the board. */
static uint64_t
sack_insert(struct sack_scoreboard *sb, uint64_t start, uint64_t end)
{
	/* new data's blocks above the top; the holes resent near the gap */
	size_t n = sb->n_ranges;
	size_t i = n > 0 && sack_range_at(sb, n - 1)->end <= start
			   ? n
			   : sack_search_from(sb, start,
					      sb->gap_len > 0 ? sb->gap_at : n);
	size_t j;
	uint64_t covered = 0, covered_below_rxt = 0, lo = start, hi = end;

	/* A range ending exactly at `start` touches it: merge that too. */
	if (i > 0 && sack_at(sb, i - 1)->end == start)
		i--;
	for (j = i; j < sb->n_ranges && sack_at(sb, j)->start <= end; j++) {
		const struct sack_range *g = sack_at(sb, j);
		uint64_t s = max_u64(g->start, start);
		uint64_t e = min_u64(g->end, end);

		if (e > s)
			covered += e - s;
		covered_below_rxt += sack_overlap(s, e, 0, sb->high_rxt);
		lo = min_u64(lo, g->start);
		hi = max_u64(hi, g->end);
		sb->sacked_bytes -= g->end - g->start;
	}
	if (j == i)
		sack_open(sb, i);
	else if (j > i + 1)
		sack_close(sb, i + 1, j);
	sack_at(sb, i)->start = lo;
	sack_at(sb, i)->end = hi;
	sb->sacked_bytes += hi - lo;
	sb->rxt_sacked +=
		sack_overlap(start, end, 0, sb->high_rxt) - covered_below_rxt;
	return (end - start) - covered;
}

/* The cumulative ACK moved to `una`: forget what it covers. */
static void
sack_advance(struct sack_scoreboard *sb, uint64_t una)
{
	size_t k = 0;
	uint64_t gone = 0;

	if (una <= sb->una)
		return;
	sb->una = una;
	while (k < sb->n_ranges && sack_at(sb, k)->end <= una) {
		gone += sack_at(sb, k)->end - sack_at(sb, k)->start;
		k++;
	}
	if (k > 0) { /* from the front, the gap with them if it was there */
		if (k <= sb->gap_at) {
			sb->first += (uint32_t)k;
			sb->gap_at -= (uint32_t)k;
		} else {
			sb->first += (uint32_t)k + sb->gap_len;
			sb->gap_at = 0;
			sb->gap_len = 0;
		}
		sb->n_ranges -= k;
		sack_fold_gap(sb);
	}
	if (sb->n_ranges > 0 && sack_at(sb, 0)->start < una) {
		/* Only a receiver that reneged would ACK into a range; keep
		 * the board consistent all the same. */
		gone += una - sack_at(sb, 0)->start;
		sack_at(sb, 0)->start = una;
	}
	sb->sacked_bytes -= gone;
	/* what went lay below una: below HighRxt too, or else nothing is
	 * left below HighRxt once it is una */
	if (sb->high_rxt > una)
		sb->rxt_sacked -= gone;
	else
		sb->rxt_sacked = 0;
	sb->high_rxt = max_u64(sb->high_rxt, una);
	sb->high_data = max_u64(sb->high_data, una);
}

/* sack_update() with blocks or ranges (sack.h has the empty board). */
uint64_t
sack_update_board(struct sack_scoreboard *sb, uint64_t una, uint64_t high_data,
		  const struct sack_range *blocks, size_t n)
{
	uint64_t fresh = 0;

	sack_advance(sb, una);
	sb->high_data = max_u64(sb->high_data, high_data);
	for (size_t i = 0; i < n; i++) {
		uint64_t s = max_u64(blocks[i].start, sb->una);
		uint64_t e = min_u64(blocks[i].end, sb->high_data);

		if (e > s) /* else a D-SACK below the ACK, or nonsense */
			fresh += sack_insert(sb, s, e);
	}
	sack_find_lost_end(sb);
	return fresh;
}

bool
sack_is_lost(const struct sack_scoreboard *sb, uint64_t off)
{
	if (off < sb->una || off >= sb->high_data || sack_is_sacked(sb, off))
		return false;
	return off < sb->lost_end || off < sb->timeout_lost;
}

/* Octets below this, un-SACKed, are lost. */
static uint64_t
sack_lost_limit(const struct sack_scoreboard *sb)
{
	uint64_t l = max_u64(sb->lost_end, sb->timeout_lost);

	return min_u64(max_u64(l, sb->una), sb->high_data);
}

uint64_t
sack_lost_below(const struct sack_scoreboard *sb)
{
	return sack_lost_limit(sb);
}

uint64_t
sack_pipe(const struct sack_scoreboard *sb)
{
	uint64_t lost = sack_lost_limit(sb);
	uint64_t rxt = min_u64(max_u64(sb->high_rxt, sb->una), sb->high_data);

	/* SetPipe's (a): un-SACKed and not lost, all at or above `lost`
	 * (few ranges lie above it: sack_find_lost_end()); its (b):
	 * un-SACKed at or below HighRxt (no range lies above high_data) */
	return (sb->high_data - lost) - sack_sacked_above(sb, lost) +
	       (rxt - sb->una) - sb->rxt_sacked;
}

/* The first un-SACKed octet at or above `off` (high_data if none), and
 * the end of the hole it begins. */
static uint64_t
sack_hole_at(const struct sack_scoreboard *sb, uint64_t off, uint64_t *hole_end)
{
	/* (asked at HighRxt, where the last sack_set_high_rxt() ended) */
	size_t i = sack_search_from(sb, off, sb->rxt_hint);

	if (i < sb->n_ranges && sack_range_at(sb, i)->start <= off) {
		off = sack_range_at(sb, i)
			      ->end; /* ranges never touch: a hole */
		i++;
	}
	*hole_end =
		i < sb->n_ranges ? sack_range_at(sb, i)->start : sb->high_data;
	if (off > sb->high_data)
		off = sb->high_data;
	return off;
}

enum sack_rule
sack_next_seg(const struct sack_scoreboard *sb, uint64_t new_room,
	      bool rescue_ok, uint64_t *off, uint32_t *len)
{
	uint64_t hole_end, top, bottom;
	uint64_t s2 =
		sack_hole_at(sb, max_u64(sb->una, sb->high_rxt), &hole_end);
	uint64_t high_sacked = sack_high_sacked(sb);

	/* Rule 1: S2 > HighRxt, S2 below the highest SACKed octet, and
	 * IsLost(S2) (after a timeout: lost as sent before it). */
	if (s2 < sb->high_data && ((s2 < high_sacked && s2 < sb->lost_end) ||
				   s2 < sb->timeout_lost)) {
		uint64_t end = min_u64(hole_end, s2 + sb->smss);

		if (s2 >= sb->lost_end)
			end = min_u64(end, sb->timeout_lost);
		*off = s2;
		*len = (uint32_t)(end - s2);
		return SACK_NEXT_LOST;
	}
	/* Rule 2: new data, as the window and the buffer allow. */
	if (new_room > 0) {
		*off = sb->high_data;
		*len = (uint32_t)min_u64(new_room, sb->smss);
		return SACK_NEXT_NEW;
	}
	/* Rule 3: rule 1 without IsLost(). */
	if (s2 < sb->high_data && s2 < high_sacked) {
		*off = s2;
		*len = (uint32_t)(min_u64(hole_end, s2 + sb->smss) - s2);
		return SACK_NEXT_HOLE;
	}
	/* Rule 4: once per recovery, when HighACK > RescueRxt, a segment
	 * with the highest un-SACKed octet. */
	if (!rescue_ok || (sb->rescue_set && sb->una <= sb->rescue_rxt))
		return SACK_NEXT_NONE;
	top = sb->high_data;
	bottom = sb->una;
	if (sb->n_ranges > 0 &&
	    sack_range_at(sb, sb->n_ranges - 1)->end == sb->high_data) {
		top = sack_range_at(sb, sb->n_ranges - 1)->start;
		if (sb->n_ranges > 1)
			bottom = sack_range_at(sb, sb->n_ranges - 2)->end;
	} else if (sb->n_ranges > 0) {
		bottom = sack_range_at(sb, sb->n_ranges - 1)->end;
	}
	if (top <= sb->una)
		return SACK_NEXT_NONE;
	*off = top - bottom > sb->smss ? top - sb->smss : bottom;
	*len = (uint32_t)(top - *off);
	return SACK_NEXT_RESCUE;
}

void
sack_sent(struct sack_scoreboard *sb, enum sack_rule rule, uint64_t off,
	  uint32_t len, uint64_t recovery_point)
{
	switch (rule) {
	case SACK_NEXT_LOST:
	case SACK_NEXT_HOLE:
		if (off + len > sb->high_rxt) /* (C.2) */
			sack_set_high_rxt(sb, off + len);
		break;
	case SACK_NEXT_NEW:
		sb->high_data = max_u64(sb->high_data, off + len); /* (C.3) */
		break;
	case SACK_NEXT_RESCUE:
		sb->rescue_rxt = recovery_point; /* rule 4: not HighRxt */
		sb->rescue_set = true;
		break;
	case SACK_NEXT_NONE:
		break;
	}
}

void
sack_enter_recovery(struct sack_scoreboard *sb, uint32_t len)
{
	sack_set_high_rxt(sb, sb->una + len);
	sb->rescue_rxt = sb->una + len;
	sb->rescue_set = true;
}

void
sack_on_timeout(struct sack_scoreboard *sb)
{
	sb->timeout_lost = sb->high_data;
	sb->high_rxt = sb->una;
	sb->rxt_sacked = 0; /* every range lies at or above una */
	sb->rescue_set = false;
}

void
prr_init(struct prr *prr, uint64_t recover_fs)
{
	prr->recover_fs = recover_fs > 0 ? recover_fs : 1;
	prr->delivered = 0;
	prr->out = 0;
}

uint64_t
prr_sndcnt(struct prr *prr, uint64_t delivered, uint64_t pipe,
	   uint64_t ssthresh, uint32_t smss)
{
	prr->delivered += delivered;
	if (pipe > ssthresh) {
		/* Proportional: spread the reduction over the ACKs.  The
		 * product fits: both factors are at most a window (2^30 B,
		 * the largest receive_buffer, plus what is queued). */
		uint64_t target =
			(prr->delivered * ssthresh + prr->recover_fs - 1) /
			prr->recover_fs;

		/* In whole segments, as Linux counts and as the RFC's example
		 * runs: RFC 6675's (C) sends only a full SMSS, so a byte-exact
		 * CEIL would hold each segment back one more ACK. */
		target = (target + smss - 1) / smss * smss;
		return target > prr->out ? target - prr->out : 0;
	} else {
		/* Slow start reduction bound: grow back towards ssthresh no
		 * faster than slow start would. */
		uint64_t owed = prr->delivered > prr->out
					? prr->delivered - prr->out
					: 0;
		uint64_t limit = max_u64(owed, delivered) + smss;

		return min_u64(ssthresh - pipe, limit);
	}
}

void
prr_sent(struct prr *prr, uint32_t len)
{
	prr->out += len;
}
