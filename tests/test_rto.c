/* SPDX-License-Identifier: ISC */
/*
 * test_rto.c: RFC 6298 arithmetic (property 14) and backoff (property 15).
 * Expected values are worked out here from the RFC's formulas in doubles
 * and compared with the model's integer nanoseconds.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tcp/rto.h"

#define MS 1e6 /* ns per ms, as a double */

/* The RFC's update, in doubles: the reference the model must match. */
struct ref {
	double srtt, rttvar;
	int has;
};

static double
ref_sample(struct ref *r, double sample, double g, double min_rto)
{
	if (!r->has) {
		r->srtt = sample;
		r->rttvar = sample / 2;
		r->has = 1;
	} else {
		r->rttvar = 0.75 * r->rttvar + 0.25 * fabs(r->srtt - sample);
		r->srtt = 0.875 * r->srtt + 0.125 * sample;
	}
	double rto = r->srtt + fmax(g, 4 * r->rttvar);
	return fmax(rto, min_rto);
}

/* Property 14: samples 100, 120, 80 ms with min_rto off and G = 1 ms give
 * 300, 272.5 and 249.6875 ms exactly. */
static void
test_rfc6298_sequence_exact(void **state)
{
	struct rto r;
	struct ref ref = {0};
	const double samples[] = {100, 120, 80};

	(void)state;
	rto_init(&r, 0);
	assert_int_equal(rto_current(&r), 1000 * 1000000LL); /* 2.1: 1 s */
	for (int i = 0; i < 3; i++) {
		double want = ref_sample(&ref, samples[i] * MS, 1 * MS, 0);

		rto_sample(&r, (int64_t)(samples[i] * MS));
		assert_int_equal(rto_current(&r), (int64_t)want);
	}
	/* and the third value is the one the property quotes */
	assert_int_equal(rto_current(&r), (int64_t)(249.6875 * MS));
}

/* G is a floor for the variance term: steady samples drive RTTVAR to 0,
 * RTO then tends to SRTT + G. */
static void
test_granularity_floor(void **state)
{
	struct rto r;

	(void)state;
	rto_init(&r, 0);
	for (int i = 0; i < 200; i++)
		rto_sample(&r, (int64_t)(50 * MS));
	assert_int_equal(r.srtt_ns, (int64_t)(50 * MS));
	assert_int_equal(rto_current(&r), (int64_t)(51 * MS));
}

/* min_rto bounds it from below (2.4). */
static void
test_min_rto(void **state)
{
	struct rto r;

	(void)state;
	rto_init(&r, 200 * 1000000LL);
	rto_sample(&r, (int64_t)(10 * MS)); /* 10 + 4*5 = 30 ms < 200 ms */
	assert_int_equal(rto_current(&r), 200 * 1000000LL);
	rto_set_min(&r, 0);
	assert_int_equal(rto_current(&r), (int64_t)(30 * MS));
}

/* Property 15: each expiry doubles the RTO up to 60 s; a new sample
 * ends the backoff. */
static void
test_backoff_and_reset(void **state)
{
	struct rto r;
	int64_t base;

	(void)state;
	rto_init(&r, 1000000000LL);
	rto_sample(&r, (int64_t)(40 * MS));
	base = rto_current(&r);
	assert_int_equal(base, 1000000000LL);
	for (int k = 1; k <= 5; k++) {
		rto_backoff(&r);
		assert_int_equal(rto_current(&r), base << k);
	}
	for (int k = 0; k < 10; k++)
		rto_backoff(&r);
	assert_int_equal(rto_current(&r), RTO_MAX_NS);
	rto_sample(&r, (int64_t)(40 * MS));
	assert_int_equal(rto_current(&r), base);
}

/* ---- rto_clamp = linux: RTO = SRTT + max(4 RTTVAR, min_rto), 120 s ---- */

/* An estimator holding SRTT and RTTVAR as given, with the clamp chosen. */
static void
linux_state(struct rto *r, bool linux_clamp, double srtt_ms, double rttvar_ms,
	    double min_rto_ms)
{
	rto_init(r, (int64_t)(min_rto_ms * MS));
	r->has_sample = true;
	r->srtt_ns = (int64_t)(srtt_ms * MS);
	r->rttvar_ns = (int64_t)(rttvar_ms * MS);
	rto_set_linux_clamp(r, linux_clamp); /* recomputes */
}

/* The formulas side by side: Linux floors the variance term at min_rto,
 * RFC 6298 the sum. */
static void
test_linux_clamp_formula(void **state)
{
	static const struct {
		double srtt, rttvar, min_rto;
	} cases[] = {
		{100, 5, 200},	/* linux 100 + max(20, 200) = 300; rfc 200 */
		{100, 80, 200}, /* 4 RTTVAR = 320 wins either way: 420 */
		{10, 5, 200},	/* linux 210; rfc 200 */
		{40, 2, 0},	/* min_rto off: 4 RTTVAR = 8 > G: 48 */
		{40, 0.1, 0},	/* min_rto off: G = 1 floors 0.4: 41 */
	};
	struct rto r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double var4 = 4 * cases[i].rttvar;
		double want_linux =
			cases[i].srtt + fmax(var4, fmax(cases[i].min_rto, 1));
		double want_rfc =
			fmax(cases[i].srtt + fmax(var4, 1), cases[i].min_rto);

		linux_state(&r, true, cases[i].srtt, cases[i].rttvar,
			    cases[i].min_rto);
		assert_int_equal(rto_current(&r), (int64_t)(want_linux * MS));
		linux_state(&r, false, cases[i].srtt, cases[i].rttvar,
			    cases[i].min_rto);
		assert_int_equal(rto_current(&r), (int64_t)(want_rfc * MS));
	}
	/* the example of the formula: srtt 100, rttvar 5, rto_min 200 */
	linux_state(&r, true, 100, 5, 200);
	assert_int_equal(rto_current(&r), 300 * 1000000LL);
}

/* Samples through the estimator: the RFC 6298 update, the Linux bound. */
static void
test_linux_clamp_samples(void **state)
{
	struct rto r;
	struct ref ref = {0};
	const double samples[] = {100, 120, 80, 95, 300, 90};

	(void)state;
	rto_init(&r, 200 * 1000000LL);
	rto_set_linux_clamp(&r, true);
	assert_int_equal(rto_current(&r), 1000 * 1000000LL); /* still 1 s */
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		double want;

		(void)ref_sample(&ref, samples[i] * MS, 1 * MS, 0);
		want = ref.srtt + fmax(4 * ref.rttvar, 200 * MS);
		rto_sample(&r, (int64_t)(samples[i] * MS));
		/* integer nanoseconds truncate each division: a few ns */
		assert_true(fabs((double)rto_current(&r) - want) < 10);
		assert_true(rto_current(&r) >=
			    (int64_t)(ref.srtt + 200 * MS) - 10);
	}
}

/* The ceiling is 120 s (TCP_RTO_MAX), for the estimate and the backoff;
 * RFC 6298 stops at 60 s. */
static void
test_linux_clamp_ceiling(void **state)
{
	struct rto r;
	int64_t base;
	int k;

	(void)state;
	linux_state(&r, true, 100000, 10000, 200); /* 100 s + 40 s */
	assert_int_equal(rto_current(&r), 120 * 1000000000LL);
	linux_state(&r, false, 100000, 10000, 200);
	assert_int_equal(rto_current(&r), 60 * 1000000000LL);

	rto_init(&r, 1000000000LL);
	rto_set_linux_clamp(&r, true);
	rto_sample(&r, (int64_t)(40 * MS)); /* 40 + max(80, 1000) ms */
	base = rto_current(&r);
	assert_int_equal(base, 1040 * 1000000LL);
	for (k = 1; (base << k) < 120 * 1000000000LL; k++) {
		rto_backoff(&r);
		assert_int_equal(rto_current(&r), base << k);
	}
	assert_int_equal(k, 7); /* 1.04 s << 7 = 133 s is the first beyond */
	for (int i = 0; i < 5; i++) {
		rto_backoff(&r);
		assert_int_equal(rto_current(&r), 120 * 1000000000LL);
	}
	rto_sample(&r, (int64_t)(40 * MS)); /* a sample ends the backoff */
	assert_true(rto_current(&r) < 2 * base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6298_sequence_exact),
		cmocka_unit_test(test_granularity_floor),
		cmocka_unit_test(test_min_rto),
		cmocka_unit_test(test_backoff_and_reset),
		cmocka_unit_test(test_linux_clamp_formula),
		cmocka_unit_test(test_linux_clamp_samples),
		cmocka_unit_test(test_linux_clamp_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
