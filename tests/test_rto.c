/* SPDX-License-Identifier: ISC */
/*
 * test_rto.c: RFC 6298 arithmetic (property 14) and backoff (property 15).
 * Expected values are worked out here from the RFC's formulas in doubles
 * and compared with the model's integer nanoseconds.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6298_sequence_exact),
		cmocka_unit_test(test_granularity_floor),
		cmocka_unit_test(test_min_rto),
		cmocka_unit_test(test_backoff_and_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
