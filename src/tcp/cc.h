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
 * sender sets now_ns, srtt_ns, una_off and nxt_off, and rtt_sample_ns
 * (-1 but in on_ack).  It sets the switches byte_counting and hystart
 * once, before init, from the flow's settings; an algorithm reads them.
 */
#ifndef TCPSIM_CC_H
#define TCPSIM_CC_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/scenario.h"

#define CC_UNLIMITED UINT64_MAX

/* Bytes of private state an algorithm may keep in struct cc_state. */
#define CC_PRIV_SIZE 192

/* What an algorithm may read and change. */
struct cc_state {
	uint64_t cwnd;	   /* congestion window, bytes */
	uint64_t ssthresh; /* slow-start threshold, bytes */
	uint32_t mss;	   /* sender maximum segment size */
	int64_t now_ns;	   /* the simulated time of this call */
	int64_t srtt_ns;   /* smoothed RTT (RFC 6298), 0 before a sample */
	/* The RTT this ACK measured (Karn's rule applied), -1 for none:
	 * HyStart++ (RFC 9406) watches it per ACK. */
	int64_t rtt_sample_ns;
	/* Stream offsets of SND.UNA and of the highest byte sent + 1 at
	 * this call: a round trip ends when una_off passes the nxt_off
	 * recorded at its start (RFC 9406 4.2's windowEnd). */
	uint64_t una_off, nxt_off;
	/* byte_counting = on (RFC 3465, RFC 5681 3.1): grow by bytes
	 * acknowledged, L = 2 SMSS in slow start, one SMSS per cwnd bytes
	 * acknowledged in congestion avoidance. */
	bool byte_counting;
	/* How slow start ends for the algorithms that have HyStart (CUBIC):
	 * HYSTART_ON runs HyStart++ (RFC 9406) in the first slow start,
	 * HYSTART_LINUX the HyStart of Linux's tcp_cubic.c. */
	enum hystart_mode hystart;
	/* CUBIC only: RFC 9438 as written or as Linux's tcp_cubic.c. */
	enum cubic_variant cubic_variant;
	/* Slow start follows a timeout: RFC 3465 2.3 keeps L = 1 SMSS. */
	bool after_timeout;
	/* RFC 3465 2.1: bytes acknowledged in congestion avoidance since
	 * cwnd last grew (byte_counting only). */
	uint64_t bytes_acked;
	/* a sentence for the event log when the algorithm changed phase
	 * on this ACK (HyStart++), "" otherwise; the sender logs and
	 * clears it */
	char note[160];
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
	/* Sending starts again after `idle_ns` with nothing outstanding
	 * (restart_after_idle = on only), after cc_after_idle() has `cut`
	 * cwnd or not; NULL when the algorithm keeps no clock.  CUBIC's
	 * epoch leaves out the idle time (RFC 9438 5.8). */
	void (*on_idle)(struct cc_state *cc, int64_t idle_ns, bool cut);
};

/* The algorithm for `kind`, or NULL when it is not built. */
const struct cc_ops *cc_ops_for(enum cc_kind kind);

/*
 * Pieces the algorithms share (RFC 5681, RFC 6582), in cc.c.
 */
/* ssthresh = max(FlightSize / 2, 2 * SMSS) (RFC 5681 equations 3 and 4). */
uint64_t cc_half_flight(const struct cc_state *cc, uint64_t flight);
/* Slow start: cwnd += min(acked, SMSS) (RFC 5681 3.1, equation 2), or
 * min(acked, L) with byte_counting, L = 2 SMSS (RFC 3465 2.2, 2.3), 1 SMSS
 * after a timeout. */
void cc_slow_start(struct cc_state *cc, uint64_t acked);
/* What cc_slow_start() would add for `acked` bytes. */
uint64_t cc_slow_start_increment(const struct cc_state *cc, uint64_t acked);
/* Congestion avoidance: cwnd += SMSS*SMSS/cwnd per ACK (equation 3). */
void cc_reno_increase(struct cc_state *cc);
/* Congestion avoidance for `acked` bytes: cc_reno_increase(), or with
 * byte_counting one SMSS per cwnd bytes acknowledged (RFC 3465 2.1). */
void cc_reno_avoid(struct cc_state *cc, uint64_t acked);
/* cwnd was cut (loss or timeout): the byte count starts again, and a
 * timeout keeps slow start's L at 1 SMSS (RFC 3465 2.1, 2.3). */
void cc_count_reset(struct cc_state *cc, bool timeout);
/*
 * restart_after_idle: sending starts again after `idle_ns` with nothing
 * outstanding.  If it has been idle for more than `rto_ns`, cwnd =
 * min(cwnd, RW) with RW = min(IW, cwnd), IW = `initial_window` segments
 * (RFC 5681 4.1), and ssthresh keeps the old window's memory, max(ssthresh,
 * 3/4 cwnd), as RFC 2861 3 and Linux's tcp_cwnd_restart() do.  Then the
 * algorithm's on_idle runs.  True when cwnd was cut.
 */
bool cc_after_idle(const struct cc_ops *ops, struct cc_state *cc,
		   int64_t idle_ns, int64_t rto_ns, uint32_t initial_window);

/*
 * HyStart++ (RFC 9406): slow start that leaves on a rise in the round
 * trip time instead of a loss.  Rounds end when an ACK covers the byte
 * sent last when the round began; with at least N_RTT_SAMPLE samples in
 * a round whose minimum RTT rose by RttThresh = clamp(lastRoundMinRTT /
 * 8, 4 ms, 16 ms) over the last round's, slow start becomes Conservative
 * Slow Start (CSS), growing a quarter as fast; a round whose minimum
 * falls back below the baseline resumes slow start; after CSS_ROUNDS
 * rounds of CSS, ssthresh = cwnd and congestion avoidance begins.  Only
 * the first slow start (a loss or timeout ends it for good: 4.3).  Slow
 * start's own increase is cc_slow_start()'s: RFC 9406 allows L = 8 SMSS
 * for a sender that does not pace, more than RFC 3465 and RFC 5681 do,
 * and the simulated sender does not pace.
 */
enum cc_hystart_phase {
	CC_HYSTART_SLOW_START, /* slow start, watching the RTT */
	CC_HYSTART_CSS,	       /* Conservative Slow Start */
	CC_HYSTART_DONE,       /* left: plain RFC 5681 from now on */
};

struct cc_hystart {
	enum cc_hystart_phase phase;  /* where HyStart++ is */
	int64_t last_round_min_rtt;   /* lastRoundMinRTT, INT64_MAX: none */
	int64_t cur_round_min_rtt;    /* currentRoundMinRTT, likewise */
	int64_t css_baseline_min_rtt; /* cssBaselineMinRtt */
	uint32_t rtt_samples;	      /* rttSampleCount in this round */
	uint32_t css_rounds; /* rounds of CSS begun, the partial first too */
	uint64_t round_end;  /* windowEnd: stream offset that ends a round */
	bool round_started;  /* a round has begun (round_end is set) */
};

void cc_hystart_init(struct cc_hystart *hs);
/* A loss or a timeout: HyStart++ is over (RFC 9406 4.3). */
void cc_hystart_stop(struct cc_hystart *hs);
/* Slow start (cwnd < ssthresh) with HyStart++: grow cwnd for `acked`
 * bytes and take this ACK's RTT sample and round; may set ssthresh. */
void cc_hystart_on_ack(struct cc_state *cc, struct cc_hystart *hs,
		       uint64_t acked);
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
