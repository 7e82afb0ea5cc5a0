/* SPDX-License-Identifier: ISC */
/*
 * cc.h: the congestion control interface.
 *
 * The sender owns loss detection and recovery (duplicate ACKs, fast
 * retransmit, partial ACKs, timeouts); an algorithm only decides cwnd and
 * ssthresh when the sender tells it what happened.  One algorithm is one
 * file with one `const struct cc_ops`; whatever state an algorithm keeps
 * lives in cc_state.priv, so the sender holds nothing algorithm-specific
 * and a new algorithm is one new file plus a line in cc_ops_for().
 *
 * Units are bytes.  "No limit" is CC_UNLIMITED.  Before every call the
 * sender sets now_ns and srtt_ns.
 */
#ifndef TCPSIM_CC_H
#define TCPSIM_CC_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/scenario.h"

#define CC_UNLIMITED UINT64_MAX

/* Bytes of private state an algorithm may keep in struct cc_state. */
#define CC_PRIV_SIZE 96

/* What an algorithm may read and change. */
struct cc_state {
	uint64_t cwnd;	   /* congestion window, bytes */
	uint64_t ssthresh; /* slow-start threshold, bytes */
	uint32_t mss;	   /* sender maximum segment size */
	int64_t now_ns;	   /* the simulated time of this call */
	int64_t srtt_ns;   /* smoothed RTT (RFC 6298), 0 before a sample */
	_Alignas(8) unsigned char priv[CC_PRIV_SIZE]; /* the algorithm's own */
};

struct cc_ops {
	const char *name;
	/*
	 * Loss recovery: true for NewReno recovery (RFC 6582: a partial ACK
	 * resends the next hole and recovery lasts until everything sent
	 * before the loss is acknowledged); false for Reno (RFC 5681 3.2:
	 * the first ACK of new data ends recovery).
	 */
	bool newreno_recovery;
	/* Start of the connection: initial window in segments (RFC 5681 3.1).
	 */
	void (*init)(struct cc_state *cc, uint32_t initial_window);
	/* New data acknowledged outside recovery: `acked` bytes. */
	void (*on_ack)(struct cc_state *cc, uint64_t acked);
	/* Loss detected by the third duplicate ACK, `flight` bytes out: set
	 * ssthresh and cwnd for fast recovery. */
	void (*on_loss)(struct cc_state *cc, uint64_t flight);
	/* Another duplicate ACK during fast recovery. */
	void (*on_dupack)(struct cc_state *cc);
	/* A partial ACK during recovery acknowledged `acked` bytes. */
	void (*on_partial_ack)(struct cc_state *cc, uint64_t acked);
	/* Recovery ends; `flight` bytes still outstanding. */
	void (*on_recovery_exit)(struct cc_state *cc, uint64_t flight);
	/* The retransmission timer fired with `flight` bytes outstanding;
	 * `first` unless the timer is already backing off. */
	void (*on_timeout)(struct cc_state *cc, uint64_t flight, bool first);
};

/* The algorithm for `kind`, or NULL when it is not built. */
const struct cc_ops *cc_ops_for(enum cc_kind kind);

/*
 * Pieces the algorithms share (RFC 5681, RFC 6582), in cc.c.
 */
/* ssthresh = max(FlightSize / 2, 2 * SMSS) (RFC 5681 equations 3 and 4). */
uint64_t cc_half_flight(const struct cc_state *cc, uint64_t flight);
/* Slow start: cwnd += min(acked, SMSS) (RFC 5681 3.1, equation 2). */
void cc_slow_start(struct cc_state *cc, uint64_t acked);
/* Congestion avoidance: cwnd += SMSS*SMSS/cwnd per ACK (equation 3). */
void cc_reno_increase(struct cc_state *cc);
/* Fast recovery: cwnd = ssthresh + 3 SMSS, then + SMSS per duplicate. */
void cc_recovery_inflate(struct cc_state *cc);
/* RFC 6582 3.2 step 5: deflate by what a partial ACK acknowledged. */
void cc_partial_deflate(struct cc_state *cc, uint64_t acked);
/* RFC 6582 3.2 step 6: cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS). */
void cc_newreno_exit(struct cc_state *cc, uint64_t flight);

extern const struct cc_ops cc_none_ops;
extern const struct cc_ops cc_reno_ops;
extern const struct cc_ops cc_newreno_ops;
extern const struct cc_ops cc_cubic_ops;

#endif
