/* SPDX-License-Identifier: ISC */
/*
 * cc.c: the algorithm table, the pieces the algorithms share, and
 * `cc = none`: no congestion window at all, the sender is held back by the
 * advertised window only (loss recovery still resends what is lost).
 */
#include "tcp/cc.h"

#include <stddef.h>

const struct cc_ops *
cc_ops_for(enum cc_kind kind)
{
	switch (kind) {
	case CC_NONE:
		return &cc_none_ops;
	case CC_RENO:
		return &cc_reno_ops;
	case CC_NEWRENO:
		return &cc_newreno_ops;
	case CC_CUBIC:
		return &cc_cubic_ops;
	}
	return NULL;
}

uint64_t
cc_half_flight(const struct cc_state *cc, uint64_t flight)
{
	uint64_t half = flight / 2;
	uint64_t floor = 2 * (uint64_t)cc->mss;

	return half > floor ? half : floor;
}

void
cc_slow_start(struct cc_state *cc, uint64_t acked)
{
	cc->cwnd += acked < cc->mss ? acked : cc->mss;
}

void
cc_reno_increase(struct cc_state *cc)
{
	uint64_t inc = (uint64_t)cc->mss * cc->mss / cc->cwnd;

	cc->cwnd += inc ? inc : 1;
}

void
cc_recovery_inflate(struct cc_state *cc)
{
	cc->cwnd += cc->mss; /* RFC 5681 3.2 step 4: a segment has left */
}

void
cc_partial_deflate(struct cc_state *cc, uint64_t acked)
{
	/* Deflate by what was acknowledged, then add back one SMSS if at
	 * least one SMSS was acknowledged. */
	cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
	if (acked >= cc->mss)
		cc->cwnd += cc->mss;
	if (cc->cwnd < cc->mss)
		cc->cwnd = cc->mss;
}

void
cc_newreno_exit(struct cc_state *cc, uint64_t flight)
{
	uint64_t f = flight > cc->mss ? flight : cc->mss;
	uint64_t w = f + cc->mss;

	cc->cwnd = w < cc->ssthresh ? w : cc->ssthresh;
}

/* ---- cc = none ---- */

static void
none_init(struct cc_state *cc, uint32_t initial_window)
{
	(void)initial_window;
	cc->cwnd = CC_UNLIMITED;
	cc->ssthresh = CC_UNLIMITED;
}

static void
none_bytes(struct cc_state *cc, uint64_t bytes)
{
	(void)cc;
	(void)bytes;
}

static void
none_dupack(struct cc_state *cc)
{
	(void)cc;
}

static void
none_timeout(struct cc_state *cc, uint64_t flight, bool first)
{
	(void)cc;
	(void)flight;
	(void)first;
}

const struct cc_ops cc_none_ops = {
	.name = "none",
	.newreno_recovery = true,
	.init = none_init,
	.on_ack = none_bytes,
	.on_loss = none_bytes,
	.on_dupack = none_dupack,
	.on_partial_ack = none_bytes,
	.on_recovery_exit = none_bytes,
	.on_timeout = none_timeout,
};
