/* SPDX-License-Identifier: ISC */
/*
 * red.h: Random Early Detection (Floyd & Jacobson 1993), with the gentle
 * variant (Floyd 2000, recommended by RFC 2309).
 *
 * At each arrival RED updates an exponentially weighted average of the
 * queue length, avg <- (1 - w_q) avg + w_q q; after an idle period it
 * decays avg as if m small packets had arrived to an empty queue,
 * avg <- (1 - w_q)^m avg (section 4 of the paper).  Then:
 *   avg < min_th:           accept (count = -1)
 *   min_th <= avg < max_th: p_b = max_p (avg - min_th) / (max_th - min_th)
 *   gentle, max_th <= avg < 2 max_th:
 *                           p_b = max_p + (1 - max_p)(avg - max_th)/max_th
 *   otherwise:              drop (count = 0)
 * and in the two sloped regions the packet is dropped (or CE-marked) with
 * p_a = p_b / (1 - count p_b), count being the packets accepted since the
 * last drop: that spaces drops about 1/p_b apart instead of leaving them
 * to clump (section 7, "method 2").
 *
 * The state and the formulas know nothing of the simulator: tests drive
 * them directly.
 */
#ifndef TCPSIM_RED_H
#define TCPSIM_RED_H

#include <stdbool.h>
#include <stdint.h>

struct rng;

struct red_params {
	double min_th; /* below: no early drop (packets or bytes) */
	double max_th; /* above (2 max_th when gentle): forced drop */
	double max_p;  /* p_b at max_th */
	double w_q;    /* weight of the newest queue length in avg */
	bool gentle;   /* p_b rises to 1 between max_th and 2 max_th */
};

struct red {
	double avg;	    /* average queue length */
	long count;	    /* packets since the last drop; -1 below min_th */
	bool idle;	    /* the queue is empty since idle_since */
	int64_t idle_since; /* when it emptied */
};

/* What RED decides for one arrival. */
enum red_verdict {
	RED_ACCEPT,	 /* enqueue */
	RED_EARLY_DROP,	 /* a probabilistic drop (or CE mark) */
	RED_FORCED_DROP, /* avg beyond the sloped region(s): drop */
};

void red_init(struct red *r);

/*
 * The average at an arrival that finds `q` (packets or bytes, the unit of
 * the thresholds) in the queue; `idle_packets` is m, the small packets the
 * link could have sent while it was idle (used when q is 0 and the queue
 * was idle).
 */
void red_update_avg(struct red *r, const struct red_params *prm, double q,
		    double idle_packets);

/* p_b for an average: 0 below min_th, 1 in the forced region. */
double red_pb(const struct red_params *prm, double avg);

/* p_a from p_b and count: p_b / (1 - count p_b), at most 1 (and 1 once
 * count p_b >= 1). */
double red_pa(double pb, long count);

/*
 * The decision for an arrival, after red_update_avg(): updates count, and
 * draws one number from `rng` in the sloped regions.  *pa_out (may be
 * NULL) gets the probability used.
 */
enum red_verdict red_decide(struct red *r, const struct red_params *prm,
			    struct rng *rng, double *pa_out);

#endif
