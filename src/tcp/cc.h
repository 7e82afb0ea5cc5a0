/*
 * cc.h: the congestion control interface.
 *
 * The sender owns loss detection and recovery (duplicate ACKs, fast
 * retransmit, partial ACKs, timeouts); an algorithm only decides cwnd and
 * ssthresh when the sender tells it what happened.  One algorithm is one
 * file with one `const struct cc_ops`; the sender keeps no
 * algorithm-specific state beyond struct cc_state.
 *
 * Units are bytes.  "No limit" is CC_UNLIMITED.
 */
#ifndef TCPSIM_CC_H
#define TCPSIM_CC_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/scenario.h"

#define CC_UNLIMITED UINT64_MAX

/* What an algorithm may read and change. */
struct cc_state {
	uint64_t cwnd;	   /* congestion window, bytes */
	uint64_t ssthresh; /* slow-start threshold, bytes */
	uint32_t mss;	   /* sender maximum segment size */
};

struct cc_ops {
	const char *name;
	/* Start of the connection: initial window in segments (RFC 5681 3.1).
	 */
	void (*init)(struct cc_state *cc, uint32_t initial_window);
	/* New data acknowledged outside recovery: `acked` bytes. */
	void (*on_ack)(struct cc_state *cc, uint64_t acked);
	/* Third duplicate ACK: enter fast recovery with `flight` bytes out. */
	void (*on_enter_recovery)(struct cc_state *cc, uint64_t flight);
	/* Another duplicate ACK during fast recovery. */
	void (*on_recovery_dupack)(struct cc_state *cc);
	/* A partial ACK during recovery acknowledged `acked` bytes. */
	void (*on_partial_ack)(struct cc_state *cc, uint64_t acked);
	/* Recovery ends; `flight` bytes still outstanding. */
	void (*on_exit_recovery)(struct cc_state *cc, uint64_t flight);
	/* The retransmission timer fired; `first` unless already backing off.
	 */
	void (*on_timeout)(struct cc_state *cc, uint64_t flight, bool first);
};

/* The algorithm for `kind`, or NULL when it is not built. */
const struct cc_ops *cc_ops_for(enum cc_kind kind);

/* ssthresh = max(FlightSize / 2, 2 * SMSS) (RFC 5681 equations 3 and 4). */
uint64_t cc_half_flight(const struct cc_state *cc, uint64_t flight);

extern const struct cc_ops cc_none_ops;
extern const struct cc_ops cc_newreno_ops;

#endif
