/* SPDX-License-Identifier: ISC */
/* rto.c: RFC 6298 retransmission timeout; see rto.h. */
#include "tcp/rto.h"

static inline int64_t
max_i64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static void
rto_recompute(struct rto *r)
{
	int64_t var4 = 4 * r->rttvar_ns;
	int64_t rto;

	if (!r->has_sample)
		rto = RTO_INITIAL_NS;
	else if (r->linux_clamp) /* __tcp_set_rto(): the floor is on RTTVAR */
		rto = r->srtt_ns +
		      max_i64(var4, max_i64(r->min_rto_ns, RTO_GRANULARITY_NS));
	else
		rto = r->srtt_ns + max_i64(var4, RTO_GRANULARITY_NS);
	if (!r->linux_clamp && rto < r->min_rto_ns)
		rto = r->min_rto_ns; /* RFC 6298 2.4 */
	if (rto > rto_max(r))
		rto = rto_max(r); /* RFC 6298 2.5; Linux's tcp_bound_rto() */
	r->rto_ns = rto;
}

void
rto_init(struct rto *r, int64_t min_rto_ns)
{
	r->srtt_ns = 0;
	r->rttvar_ns = 0;
	r->min_rtt_ns = 0;
	r->rtt_now_ns = 0;
	r->min_rto_ns = min_rto_ns;
	r->backoff = 0;
	r->has_sample = false;
	r->linux_clamp = false;
	rto_recompute(r);
}

void
rto_sample(struct rto *r, int64_t rtt_ns)
{
	if (rtt_ns < 0)
		rtt_ns = 0;
	if (!r->has_sample) {
		r->srtt_ns = rtt_ns; /* 2.2 */
		r->rttvar_ns = rtt_ns / 2;
		r->has_sample = true;
	} else {
		int64_t err = r->srtt_ns - rtt_ns;

		if (err < 0)
			err = -err;
		/* 2.3: RTTVAR first, with the SRTT from before this sample. */
		r->rttvar_ns = (3 * r->rttvar_ns + err) / 4;
		r->srtt_ns = (7 * r->srtt_ns + rtt_ns) / 8;
	}
	if (r->min_rtt_ns == 0 || rtt_ns < r->min_rtt_ns)
		r->min_rtt_ns = rtt_ns;
	r->rtt_now_ns = rtt_ns;
	r->backoff = 0; /* 5.7: a new sample ends the backoff */
	rto_recompute(r);
}

void
rto_backoff(struct rto *r)
{
	if (rto_current(r) < rto_max(r))
		r->backoff++;
}

void
rto_set_linux_clamp(struct rto *r, bool linux_clamp)
{
	r->linux_clamp = linux_clamp;
	rto_recompute(r);
}

void
rto_set_min(struct rto *r, int64_t min_rto_ns)
{
	r->min_rto_ns = min_rto_ns;
	rto_recompute(r);
}

int64_t
rto_backed_off(const struct rto *r)
{
	int64_t rto = r->rto_ns;

	for (unsigned i = 0; i < r->backoff && rto < rto_max(r); i++)
		rto *= 2;
	return rto > rto_max(r) ? rto_max(r) : rto;
}
