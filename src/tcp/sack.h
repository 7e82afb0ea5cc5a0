/* SPDX-License-Identifier: ISC */
/*
 * sack.h: the SACK scoreboard of RFC 6675 and the Proportional Rate
 * Reduction of RFC 6937, as arithmetic on stream offsets.
 *
 * The scoreboard knows nothing of packets, time or the simulator: the
 * sender (sender.c) turns the SACK blocks of an ACK into stream offsets
 * and asks it the questions RFC 6675 section 4 names:
 *   Update()   sack_update(): record a cumulative ACK and SACK blocks;
 *   IsLost()   sack_is_lost(): is this octet presumed lost?
 *   SetPipe()  sack_pipe(): the octets still in the network;
 *   NextSeg()  sack_next_seg(): what to send next, by rules 1 to 4.
 * Offsets stand for sequence numbers: `una` is HighACK + 1 (the first
 * unacknowledged octet), `high_data` is HighData + 1 (the octet after the
 * last one sent), `high_rxt` is HighRxt + 1.  Ranges are half open,
 * [start, end).
 *
 * IsLost(S) with DupThresh = 3 holds when 3 or more discontiguous SACKed
 * ranges lie above S, or more than 2 * SMSS SACKed octets do.  Both counts
 * only grow as S goes down, so one boundary splits the un-SACKed octets:
 * those below it are lost, those above are not.  Update() recomputes that
 * boundary (`lost_end`), from the top down, and SetPipe() is then a sum
 * over ranges instead of a walk over octets: over the few ranges above
 * that boundary (at most DupThresh of them, or those above the timeout's
 * boundary, fewer still), and the SACKed octets below HighRxt, a count
 * the board keeps as it changes (`rxt_sacked`).  No running total of all
 * the ranges is kept: with a burst of drops the board holds tens of
 * thousands of ranges, and each retransmission filling a hole low in it
 * changed every total above (a run with a 1 GiB window at 10% loss spent
 * 90% of its time there).
 *
 * After a retransmission timeout the sender keeps the scoreboard (the
 * receiver of this model never discards SACKed data, RFC 2018 8's
 * reneging) and, as Linux does, takes every un-SACKed octet sent before
 * the timeout as lost (sack_on_timeout()): what goes again is the holes,
 * not everything (RFC 6675 5.1).
 *
 * Invariants: the ranges are sorted, disjoint, not touching, non-empty and
 * within [una, high_data); sacked_bytes is their total; una <= high_rxt;
 * rxt_sacked is their total below high_rxt.
 */
#ifndef TCPSIM_SACK_H
#define TCPSIM_SACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* DupThresh of RFC 6675 2 (and RFC 5681's three duplicate ACKs). */
#define SACK_DUPTHRESH 3

/* A range of stream offsets, [start, end). */
struct sack_range {
	uint64_t start; /* first octet */
	uint64_t end;	/* the octet after the last */
};

struct sack_scoreboard {
	/* every ACK reads or moves these (the first cache line): */
	struct sack_range *range_alloc; /* the ranges: sack_range_at() */
	size_t n_ranges;		/* SACKed ranges, sorted, above una */
	uint64_t sacked_bytes;	   /* total of the ranges */
	uint64_t una;		   /* HighACK + 1 */
	uint64_t high_data;	   /* HighData + 1 */
	uint64_t high_rxt;	   /* HighRxt + 1: retransmitted below this */
	uint64_t lost_end;     /* IsLost() holds for un-SACKed octets below */
	uint64_t timeout_lost; /* after a timeout: un-SACKed octets below are
				  lost (Linux's Loss state); else una */
	uint64_t rxt_sacked;   /* SACKed octets below high_rxt */
	size_t rxt_hint;       /* near the first range ending after high_rxt:
				  where searches there start */
	/*
	 * The ranges lie in range_alloc from `first` on, in order, with a
	 * gap of gap_len unused entries before the one numbered gap_at.
	 * The ACK takes ranges from the front by moving `first` forward;
	 * new data's blocks go at the end; and the retransmissions that
	 * fill holes, in stream order, take or give entries where the gap
	 * follows them.  Without the gap each hole filled low in a board of
	 * tens of thousands moved every entry above it (36% of a run with a
	 * 128 MiB window at 20% loss).
	 */
	/* (32-bit counts: the board stays within the sender's second and
	 * third lines, and 2^32 ranges would need 64 GiB first) */
	uint32_t first;	     /* unused entries before the first range */
	uint32_t gap_at;     /* ranges before the gap */
	uint32_t gap_len;    /* unused entries in it */
	uint32_t cap_ranges; /* entries allocated (grows, never shrinks) */
	uint64_t rescue_rxt; /* RescueRxt + 1, when rescue_set */
	bool rescue_set;     /* RescueRxt is defined */
	uint32_t smss;	     /* SMSS, bytes */
};

/* What NextSeg() chose (RFC 6675 4). */
enum sack_rule {
	SACK_NEXT_NONE,	  /* nothing to send */
	SACK_NEXT_LOST,	  /* rule 1: the first lost hole above HighRxt */
	SACK_NEXT_NEW,	  /* rule 2: new data */
	SACK_NEXT_HOLE,	  /* rule 3: a hole not yet presumed lost */
	SACK_NEXT_RESCUE, /* rule 4: the rescue retransmission */
};

/* Range k of the board, 0 <= k < n_ranges, in order. */
static inline const struct sack_range *
sack_range_at(const struct sack_scoreboard *sb, size_t k)
{
	return &sb->range_alloc[sb->first + k +
				(k >= sb->gap_at ? sb->gap_len : 0)];
}

void sack_init(struct sack_scoreboard *sb, uint32_t smss, uint64_t una);
void sack_free(struct sack_scoreboard *sb);

/*
 * Update(): the cumulative ACK is now `una` (it never goes back), the
 * highest octet sent is `high_data` - 1, and the ACK carried `n` blocks.
 * Blocks at or below una (D-SACK, RFC 2883) or beyond high_data are
 * clipped or ignored.  Returns the octets SACKed for the first time: an
 * ACK with any is a duplicate acknowledgment in RFC 6675's sense (2).
 */
uint64_t sack_update_board(struct sack_scoreboard *sb, uint64_t una,
			   uint64_t high_data, const struct sack_range *blocks,
			   size_t n);

/* (Inline for its usual case, every ACK of a flow without losses: no
 * block, nothing SACKed; what sack_update_board() comes to then.) */
static inline uint64_t
sack_update(struct sack_scoreboard *sb, uint64_t una, uint64_t high_data,
	    const struct sack_range *blocks, size_t n)
{
	if (n > 0 || sb->n_ranges > 0)
		return sack_update_board(sb, una, high_data, blocks, n);
	if (una > sb->una) {
		sb->una = una;
		if (una > sb->high_rxt)
			sb->high_rxt = una;
		if (una > sb->high_data)
			sb->high_data = una;
	}
	if (high_data > sb->high_data)
		sb->high_data = high_data;
	sb->lost_end = sb->una;
	return 0;
}

/* Is octet `off` SACKed? */
bool sack_is_sacked(const struct sack_scoreboard *sb, uint64_t off);

/* IsLost(): is the un-SACKed octet `off` presumed lost? */
bool sack_is_lost(const struct sack_scoreboard *sb, uint64_t off);

/*
 * SetPipe() (RFC 6675 4): for each octet from una to high_data that is not
 * SACKed, one if it is not lost and one more if it lies below high_rxt.
 */
uint64_t sack_pipe(const struct sack_scoreboard *sb);

/*
 * NextSeg() (RFC 6675 4): the next segment to send, of at most SMSS
 * octets, into *off and *len.  `new_room` is how many octets of new data
 * may go (what is written and unsent, within the receiver's window; 0:
 * none), `rescue_ok` whether rule 4 may be used (in loss recovery only).
 * Does not change the scoreboard: after sending, the caller records it
 * with sack_sent().
 */
enum sack_rule sack_next_seg(const struct sack_scoreboard *sb,
			     uint64_t new_room, bool rescue_ok, uint64_t *off,
			     uint32_t *len);

/*
 * A segment [off, off + len) chosen by `rule` went out: RFC 6675 5 (C.2),
 * (C.3) and rule 4's RescueRxt = RecoveryPoint (`recovery_point` is
 * RecoveryPoint + 1).
 */
void sack_sent(struct sack_scoreboard *sb, enum sack_rule rule, uint64_t off,
	       uint32_t len, uint64_t recovery_point);

/*
 * Loss recovery starts (RFC 6675 5 step 4.3): the retransmission of
 * [una, una + len) sets HighRxt and RescueRxt to its end.
 */
void sack_enter_recovery(struct sack_scoreboard *sb, uint32_t len);

/*
 * A retransmission timeout: every un-SACKed octet below high_data is lost
 * and nothing has been retransmitted since (HighRxt = HighACK).
 */
void sack_on_timeout(struct sack_scoreboard *sb);

/* The invariants above, recounted in full (--enable-debug builds). */
bool sack_consistent(const struct sack_scoreboard *sb);

/* Largest SACKed offset + 1, or una when nothing is SACKed. */
uint64_t sack_high_sacked(const struct sack_scoreboard *sb);

/*
 * IsLost() as a boundary: an un-SACKed octet in [una, high_data) is
 * presumed lost exactly when it lies below this (una when none is), so
 * that a reader (the terminal UI's ruler) can draw the lost holes without
 * asking octet by octet.
 */
uint64_t sack_lost_below(const struct sack_scoreboard *sb);

/*
 * Proportional Rate Reduction (RFC 6937 3), in bytes, with the Slow Start
 * Reduction Bound (PRR-SSRB), the variant RFC 6937 recommends and Linux
 * runs.
 */
struct prr {
	uint64_t recover_fs; /* RecoverFS: FlightSize when recovery began */
	uint64_t delivered;  /* prr_delivered: octets delivered since */
	uint64_t out;	     /* prr_out: octets sent since */
};

void prr_init(struct prr *prr, uint64_t recover_fs);

/*
 * One ACK in recovery delivered `delivered` octets (the change of HighACK
 * plus the change of SACKed octets); `pipe` is SetPipe() after it.
 * Returns sndcnt, the octets that may be sent now (cwnd = pipe + sndcnt):
 *   pipe > ssthresh:  CEIL(prr_delivered * ssthresh / RecoverFS) - prr_out
 *                     (CEIL in whole SMSS: Linux counts segments)
 *   otherwise:        MIN(ssthresh - pipe,
 *                         MAX(prr_delivered - prr_out, delivered) + SMSS)
 * and never less than 0.
 */
uint64_t prr_sndcnt(struct prr *prr, uint64_t delivered, uint64_t pipe,
		    uint64_t ssthresh, uint32_t smss);

/* prr_out += len: a segment was sent in recovery. */
void prr_sent(struct prr *prr, uint32_t len);

#endif
