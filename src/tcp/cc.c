/*
 * cc.c: the algorithm table, and `cc = none`: no congestion window at all,
 * the sender is held back by the advertised window only.
 */
#include "tcp/cc.h"

#include <stddef.h>

uint64_t
cc_half_flight(const struct cc_state *cc, uint64_t flight)
{
	uint64_t half = flight / 2;
	uint64_t floor = 2 * (uint64_t)cc->mss;

	return half > floor ? half : floor;
}

const struct cc_ops *
cc_ops_for(enum cc_kind kind)
{
	switch (kind) {
	case CC_NONE:
		return &cc_none_ops;
	case CC_NEWRENO:
		return &cc_newreno_ops;
	case CC_RENO:
	case CC_CUBIC:
		break;
	}
	return NULL;
}

static void
none_init(struct cc_state *cc, uint32_t initial_window)
{
	(void)initial_window;
	cc->cwnd = CC_UNLIMITED;
	cc->ssthresh = CC_UNLIMITED;
}

static void
none_ack(struct cc_state *cc, uint64_t acked)
{
	(void)cc;
	(void)acked;
}

static void
none_flight(struct cc_state *cc, uint64_t flight)
{
	(void)cc;
	(void)flight;
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
	.init = none_init,
	.on_ack = none_ack,
	.on_enter_recovery = none_flight,
	.on_recovery_dupack = none_dupack,
	.on_partial_ack = none_ack,
	.on_exit_recovery = none_flight,
	.on_timeout = none_timeout,
};
