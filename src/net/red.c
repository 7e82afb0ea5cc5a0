/* SPDX-License-Identifier: ISC */
/* red.c: Random Early Detection; see red.h. */
#include "net/red.h"

#include <math.h>
#include <stddef.h>

#include "sim/rng.h"

void
red_init(struct red *r)
{
	r->avg = 0.0;
	r->count = -1;
	r->idle = true;
	r->idle_since = 0;
}

void
red_update_avg(struct red *r, const struct red_params *prm, double q,
	       double idle_packets)
{
	if (q > 0.0 || !r->idle) {
		r->avg = (1.0 - prm->w_q) * r->avg + prm->w_q * q;
		return;
	}
	/* Idle: as if m small packets found the queue empty (section 4). */
	r->avg = pow(1.0 - prm->w_q, idle_packets) * r->avg;
}

double
red_pb(const struct red_params *prm, double avg)
{
	if (avg < prm->min_th)
		return 0.0;
	if (avg < prm->max_th)
		return prm->max_p * (avg - prm->min_th) /
		       (prm->max_th - prm->min_th);
	if (prm->gentle && avg < 2.0 * prm->max_th)
		return prm->max_p +
		       (1.0 - prm->max_p) * (avg - prm->max_th) / prm->max_th;
	return 1.0;
}

double
red_pa(double pb, long count)
{
	double spent = (double)count * pb;
	double pa;

	if (spent >= 1.0)
		return 1.0;
	pa = pb / (1.0 - spent);
	return pa < 1.0 ? pa : 1.0;
}

enum red_verdict
red_decide(struct red *r, const struct red_params *prm, struct rng *rng,
	   double *pa_out)
{
	bool sloped = r->avg >= prm->min_th &&
		      (r->avg < prm->max_th ||
		       (prm->gentle && r->avg < 2.0 * prm->max_th));
	double pa;

	if (pa_out != NULL)
		*pa_out = 0.0;
	if (r->avg < prm->min_th) {
		r->count = -1;
		return RED_ACCEPT;
	}
	if (!sloped) {
		r->count = 0;
		if (pa_out != NULL)
			*pa_out = 1.0;
		return RED_FORCED_DROP;
	}
	r->count++;
	pa = red_pa(red_pb(prm, r->avg), r->count);
	if (pa_out != NULL)
		*pa_out = pa;
	if (rng_uniform(rng) < pa) {
		r->count = 0;
		return RED_EARLY_DROP;
	}
	return RED_ACCEPT;
}
