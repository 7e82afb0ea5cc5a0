/* SPDX-License-Identifier: ISC */
/*
 * test_units.c: values with units (src/scenario/units.c).
 *
 * Expected values are written as the arithmetic they stand for
 * (3 * NS_PER_S / 2 for "1.5s"), never copied from the code's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/scenario.h"
#include "scenario/units.h"

#define NS_PER_US INT64_C(1000)
#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)
#define KIB	  UINT64_C(1024)

static char err[512];

static void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", needle, haystack);
}

/* ---- helpers: parse or fail the test, showing the message ---- */

static int64_t
time_of(const char *text)
{
	int64_t ns = -1;

	err[0] = '\0';
	if (units_parse_time(text, &ns, err, sizeof err) != 0)
		fail_msg("time '%s' refused: %s", text, err);
	return ns;
}

/* Refused, with `needle` in the message. */
static void
time_refused(const char *text, const char *needle)
{
	int64_t ns;

	err[0] = '\0';
	if (units_parse_time(text, &ns, err, sizeof err) != -1)
		fail_msg("time '%s' accepted as %lld", text, (long long)ns);
	assert_contains(err, needle);
}

static uint64_t
rate_of(const char *text)
{
	uint64_t bps = 0;

	err[0] = '\0';
	if (units_parse_rate(text, true, &bps, err, sizeof err) != 0)
		fail_msg("rate '%s' refused: %s", text, err);
	return bps;
}

static void
rate_refused(const char *text, bool unlimited_ok, const char *needle)
{
	uint64_t bps;

	err[0] = '\0';
	if (units_parse_rate(text, unlimited_ok, &bps, err, sizeof err) != -1)
		fail_msg("rate '%s' accepted as %llu", text,
			 (unsigned long long)bps);
	assert_contains(err, needle);
}

static uint64_t
size_of(const char *text)
{
	uint64_t bytes = 0;

	err[0] = '\0';
	if (units_parse_size(text, true, &bytes, err, sizeof err) != 0)
		fail_msg("size '%s' refused: %s", text, err);
	return bytes;
}

static void
size_refused(const char *text, bool unlimited_ok, const char *needle)
{
	uint64_t bytes;

	err[0] = '\0';
	if (units_parse_size(text, unlimited_ok, &bytes, err, sizeof err) != -1)
		fail_msg("size '%s' accepted as %llu", text,
			 (unsigned long long)bytes);
	assert_contains(err, needle);
}

/* ---- time ---- */

static void
test_time_every_unit(void **state)
{
	(void)state;
	assert_int_equal(time_of("7ns"), 7);
	assert_int_equal(time_of("7us"), 7 * NS_PER_US);
	assert_int_equal(time_of("7ms"), 7 * NS_PER_MS);
	assert_int_equal(time_of("7s"), 7 * NS_PER_S);
	assert_int_equal(time_of("7min"), 7 * 60 * NS_PER_S);
}

static void
test_time_decimals_are_exact(void **state)
{
	(void)state;
	assert_int_equal(time_of("1.5s"), 3 * NS_PER_S / 2);
	assert_int_equal(time_of("0.25ms"), NS_PER_MS / 4);
	assert_int_equal(time_of(".5s"), NS_PER_S / 2);
	assert_int_equal(time_of("2.s"), 2 * NS_PER_S);
	assert_int_equal(time_of("1.000000001s"), NS_PER_S + 1);
	assert_int_equal(time_of("0.001us"), 1);
	assert_int_equal(time_of("1.5min"), 90 * NS_PER_S);
	/* 0.1 has no exact binary form; a double would give 100000000.00000001
	 */
	assert_int_equal(time_of("0.1s"), NS_PER_S / 10);
	/* any number of decimals, still exact */
	assert_int_equal(time_of("1.0000000000000000000000000000001s"),
			 NS_PER_S);
	assert_int_equal(time_of("0.999999999999999999999999min"),
			 60 * NS_PER_S);
}

static void
test_time_rounds_to_nearest(void **state)
{
	(void)state;
	assert_int_equal(time_of("0.1ns"), 0);
	assert_int_equal(time_of("0.4999ns"), 0);
	assert_int_equal(time_of("0.5ns"), 1); /* halves up */
	assert_int_equal(time_of("1.5ns"), 2);
	assert_int_equal(time_of("0.0000000015s"), 2);
	assert_int_equal(time_of("0.00000000149s"), 1);
	assert_int_equal(time_of("1.0004us"), NS_PER_US + 0);
	assert_int_equal(time_of("1.0005us"), NS_PER_US + 1);
}

static void
test_time_overflow(void **state)
{
	(void)state;
	assert_int_equal(time_of("9223372036854775807ns"), INT64_MAX);
	time_refused("9223372036854775808ns", "value too large");
	/* INT64_MAX / (60 * NS_PER_S) is 153722867.28...: */
	assert_int_equal(time_of("153722867min"),
			 INT64_C(153722867) * 60 * NS_PER_S);
	time_refused("153722868min", "value too large");
	time_refused("99999999999999999999999s", "value too large");
}

static void
test_time_bare_number(void **state)
{
	(void)state;
	assert_int_equal(time_of("0"), 0);
	assert_int_equal(time_of("0.000"), 0);
	time_refused("10", "units are never guessed");
	time_refused("10", "ns, us, ms, s, min or h");
	time_refused("0.5", "no unit");
}

static void
test_time_negative(void **state)
{
	(void)state;
	time_refused("-1s", "must not be negative");
	time_refused(" -0.5ms", "must not be negative");
}

static void
test_time_whitespace(void **state)
{
	(void)state;
	assert_int_equal(time_of("10 ms"), 10 * NS_PER_MS);
	assert_int_equal(time_of("  10\tms  "), 10 * NS_PER_MS);
}

static void
test_time_wrong_unit(void **state)
{
	(void)state;
	time_refused("10MS", "unknown unit 'MS'; did you mean 'ms'?");
	time_refused("1S", "did you mean 's'?");
	time_refused("2Min", "did you mean 'min'?");
	time_refused("10 sec", "did you mean 's'?");
	time_refused("10 msec", "did you mean 'ms'?");
	time_refused(
		"3 parsecs",
		"unknown unit 'parsecs'; a time takes ns, us, ms, s, min or h");
	time_refused("", "missing value");
	time_refused("soon", "'soon' is not a time");
	time_refused("1.2.3s", "unknown unit '.3s'");
}

/* h: an hour is 60 minutes of 60 seconds. */
static void
test_time_hours(void **state)
{
	(void)state;
	assert_int_equal(time_of("1h"), 60 * 60 * NS_PER_S);
	/* 1.5 h = 90 min = 5400 s */
	assert_int_equal(time_of("1.5h"), 5400 * NS_PER_S);
	assert_int_equal(time_of("2min"), 120 * NS_PER_S);
	/* 0.9999999999997222 h = 3.6e12 ns - 1.00008 ns: 1 h less 1 ns
	 * once rounded to the nearest nanosecond */
	assert_int_equal(time_of("0.9999999999997222h"),
			 60 * 60 * NS_PER_S - 1);
	/* 720 h = 30 days, the cap of a scenario's times, fits easily */
	assert_int_equal(time_of("720h"), INT64_C(720) * 3600 * NS_PER_S);
	/* INT64_MAX ns is 2562047.78... h: 2562047h fits, 2562048h does not */
	assert_int_equal(time_of("2562047h"),
			 INT64_C(2562047) * 3600 * NS_PER_S);
	time_refused("2562048h", "value too large");
	time_refused("3 hours", "did you mean 'h'?");
	time_refused("3hr", "did you mean 'h'?");
	time_refused("3H", "did you mean 'h'?");
}

/* Which way a value was rounded, for range checks (units.h). */
static void
test_time_rounding_direction(void **state)
{
	int64_t ns;
	int rounded;

	(void)state;
	assert_int_equal(units_parse_time_rounded("1.5s", &ns, &rounded, err,
						  sizeof err),
			 0);
	assert_int_equal(ns, 3 * NS_PER_S / 2);
	assert_int_equal(rounded, 0);
	/* 499999999.999 ns: up to 500 ms, above the written value */
	assert_int_equal(units_parse_time_rounded("499.999999999ms", &ns,
						  &rounded, err, sizeof err),
			 0);
	assert_int_equal(ns, 500 * NS_PER_MS);
	assert_int_equal(rounded, 1);
	/* 0.01 ns: the last remainder is 0, yet the value is not exact */
	assert_int_equal(units_parse_time_rounded("0.01ns", &ns, &rounded, err,
						  sizeof err),
			 0);
	assert_int_equal(ns, 0);
	assert_int_equal(rounded, -1);
	assert_int_equal(units_parse_time_rounded("7.0000ns", &ns, &rounded,
						  err, sizeof err),
			 0);
	assert_int_equal(ns, 7);
	assert_int_equal(rounded, 0);
	assert_int_equal(
		units_parse_time_rounded("0", &ns, &rounded, err, sizeof err),
		0);
	assert_int_equal(rounded, 0);
}

/* ---- rate ---- */

static void
test_rate_every_unit(void **state)
{
	static const struct {
		const char *text;
		uint64_t bps;
	} cases[] = {
		{"3bit/s", 3},
		{"3kbit/s", 3 * UINT64_C(1000)},
		{"3Mbit/s", 3 * UINT64_C(1000000)},
		{"3Gbit/s", 3 * UINT64_C(1000000000)},
		{"3bps", 3},
		{"3kbps", 3 * UINT64_C(1000)},
		{"3Mbps", 3 * UINT64_C(1000000)},
		{"3Gbps", 3 * UINT64_C(1000000000)},
		{"3B/s", 3 * 8},
		{"3KB/s", 3 * 8 * UINT64_C(1000)},
		{"3MB/s", 3 * 8 * UINT64_C(1000000)},
		{"3GB/s", 3 * 8 * UINT64_C(1000000000)},
		{"3KiB/s", 3 * 8 * KIB},
		{"3MiB/s", 3 * 8 * KIB * KIB},
		{"3GiB/s", 3 * 8 * KIB * KIB * KIB},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (rate_of(cases[i].text) != cases[i].bps)
			fail_msg("'%s' gave %llu, expected %llu", cases[i].text,
				 (unsigned long long)rate_of(cases[i].text),
				 (unsigned long long)cases[i].bps);
}

/*
 * tc(8)'s bit rates, in any case as tc takes them.  tc's "bps" would be
 * bytes per second; ours stays bits per second, as the format says.
 */
static void
test_rate_tc_spellings(void **state)
{
	static const struct {
		const char *text;
		uint64_t bps;
	} cases[] = {
		{"3bit", 3},
		{"3kbit", 3 * UINT64_C(1000)},
		{"3mbit", 3 * UINT64_C(1000000)},
		{"3gbit", 3 * UINT64_C(1000000000)},
		{"3Mbit", 3 * UINT64_C(1000000)},
		{"3MBIT", 3 * UINT64_C(1000000)},
		{"3Kbit", 3 * UINT64_C(1000)},
		{"3GBit", 3 * UINT64_C(1000000000)},
		{"1.5mbit", 3 * UINT64_C(1000000) / 2},
		{"100 kbit", 100 * UINT64_C(1000)},
		/* not tc's meaning: 3 bps is 3 bits, not 24 */
		{"3bps", 3},
	};
	uint64_t bps = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (rate_of(cases[i].text) != cases[i].bps)
			fail_msg("'%s' gave %llu, expected %llu", cases[i].text,
				 (unsigned long long)rate_of(cases[i].text),
				 (unsigned long long)cases[i].bps);
	/* the "/s" forms stay exact: only tc's own words take any case */
	rate_refused("10 mbit/s", true, "did you mean 'Mbit/s'?");
	/* other spellings are not listed: one spelling per unit in messages */
	rate_refused(
		"10 furlongs", true,
		"a rate takes bit/s, kbit/s, Mbit/s, Gbit/s, bps, kbps, "
		"Mbps, Gbps, B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s or GiB/s");
	/* tc's byte rates are not taken: they would clash with ours */
	rate_refused("3kibps", true, "unknown unit");
	assert_int_equal(units_parse_rate("2^50", true, &bps, err, sizeof err),
			 -1);
}

static void
test_rate_decimals_and_rounding(void **state)
{
	(void)state;
	assert_int_equal(rate_of("1.5Mbit/s"), 3 * UINT64_C(1000000) / 2);
	assert_int_equal(rate_of("0.5KiB/s"), 8 * KIB / 2);
	assert_int_equal(rate_of("2.5 MB/s"), 5 * 8 * UINT64_C(1000000) / 2);
	assert_int_equal(rate_of("1.5bps"), 2);	   /* 1.5 bit/s, halves up */
	assert_int_equal(rate_of("0.0625B/s"), 1); /* 0.5 bit/s */
	assert_int_equal(rate_of("0.05B/s"), 0);   /* 0.4 bit/s */
}

static void
test_rate_unlimited(void **state)
{
	uint64_t bps = 0;

	(void)state;
	assert_int_equal(
		units_parse_rate(" unlimited ", true, &bps, err, sizeof err),
		0);
	assert_true(bps == SCENARIO_UNLIMITED);
	rate_refused("unlimited", false, "'unlimited' is not allowed here");
	rate_refused("Unlimited", true, "did you mean 'unlimited'?");
}

static void
test_rate_overflow(void **state)
{
	(void)state;
	/* UINT64_MAX itself is SCENARIO_UNLIMITED, so it cannot be a rate. */
	assert_true(rate_of("18446744073709551614bit/s") == UINT64_MAX - 1);
	rate_refused("18446744073709551615bit/s", true, "value too large");
	assert_true(rate_of("3000000000Gbit/s") ==
		    3000000000 * UINT64_C(1000000000));
	rate_refused("30000000000Gbit/s", true, "value too large");
	rate_refused("3000000000GB/s", true, "value too large");
}

static void
test_rate_wrong_unit(void **state)
{
	(void)state;
	rate_refused("10 mbit/s", true,
		     "unknown unit 'mbit/s'; did you mean 'Mbit/s'?");
	rate_refused("10 Kbps", true, "did you mean 'kbps'?");
	/* a lower-case b is bits, an upper-case B bytes */
	rate_refused("10Mb/s", true, "did you mean 'Mbit/s'?");
	rate_refused("10MBps", true, "did you mean 'MB/s'?");
	rate_refused("10 Mbits/s", true, "did you mean 'Mbit/s'?");
	rate_refused("10 furlongs", true, "a rate takes bit/s, kbit/s, Mbit/s");
	rate_refused("10 furlongs", true, "MiB/s or GiB/s");
}

static void
test_rate_bare_and_negative(void **state)
{
	(void)state;
	assert_int_equal(rate_of("0"), 0);
	rate_refused("100", true, "units are never guessed");
	rate_refused("-1Mbit/s", true, "must not be negative");
}

/* ---- size ---- */

static void
test_size_every_unit(void **state)
{
	(void)state;
	assert_int_equal(size_of("5B"), 5);
	assert_int_equal(size_of("5KB"), 5 * UINT64_C(1000));
	assert_int_equal(size_of("5MB"), 5 * UINT64_C(1000000));
	assert_int_equal(size_of("5GB"), 5 * UINT64_C(1000000000));
	assert_int_equal(size_of("5KiB"), 5 * KIB);
	assert_int_equal(size_of("5MiB"), 5 * KIB * KIB);
	assert_int_equal(size_of("5GiB"), 5 * KIB * KIB * KIB);
}

static void
test_size_decimals_and_rounding(void **state)
{
	(void)state;
	assert_int_equal(size_of("1.5KB"), 3 * UINT64_C(1000) / 2);
	assert_int_equal(size_of("1.5KiB"), 3 * KIB / 2);
	assert_int_equal(size_of("0.3B"), 0);
	assert_int_equal(size_of("0.5B"), 1);
	assert_int_equal(size_of("0.0001KB"), 0); /* 0.1 B */
	assert_int_equal(size_of("1460 B"), 1460);
}

static void
test_size_bare_unlimited_and_case(void **state)
{
	uint64_t bytes = 0;

	(void)state;
	assert_int_equal(size_of("0"), 0);
	size_refused("1460", true, "units are never guessed");
	size_refused("1460", true, "B, KB, MB, GB, KiB, MiB or GiB");
	size_refused("64kib", true, "did you mean 'KiB'?");
	size_refused("64 kb", true, "did you mean 'KB'?");
	size_refused("10 bytes", true, "did you mean 'B'?");
	size_refused("-5B", true, "must not be negative");
	size_refused("unlimited", false, "not allowed");
	assert_int_equal(
		units_parse_size("unlimited", true, &bytes, err, sizeof err),
		0);
	assert_true(bytes == SCENARIO_UNLIMITED);
}

/* kB is SI's symbol for 1000 B, the same as KB. */
static void
test_size_si_kilo(void **state)
{
	(void)state;
	assert_int_equal(size_of("5kB"), 5 * UINT64_C(1000));
	assert_int_equal(size_of("1.5kB"), 3 * UINT64_C(1000) / 2);
	assert_int_equal(size_of("64 kB"), size_of("64KB"));
	/* a near miss of both still suggests the listed spelling */
	size_refused("64 kb", true, "did you mean 'KB'?");
	/* only KB is listed */
	size_refused("1460", true,
		     "a size takes B, KB, MB, GB, KiB, MiB or GiB");
	/* no kiB: not a standard symbol */
	size_refused("64kiB", true, "did you mean 'KiB'?");
}

static void
test_size_overflow(void **state)
{
	(void)state;
	assert_true(size_of("18446744073709551614B") == UINT64_MAX - 1);
	size_refused("18446744073709551615B", true, "value too large");
	/* 2^34 GiB is 2^64 B */
	assert_true(size_of("17179869183GiB") ==
		    UINT64_C(17179869183) * KIB * KIB * KIB);
	size_refused("17179869184GiB", true, "value too large");
}

/* ---- queue ---- */

static void
test_queue_packets_or_bytes(void **state)
{
	uint64_t limit = 0;
	bool packets = false;

	(void)state;
	assert_int_equal(units_parse_queue("100 packets", &limit, &packets, err,
					   sizeof err),
			 0);
	assert_int_equal(limit, 100);
	assert_true(packets);
	assert_int_equal(
		units_parse_queue("7pkt", &limit, &packets, err, sizeof err),
		0);
	assert_int_equal(limit, 7);
	assert_true(packets);
	assert_int_equal(
		units_parse_queue("64KiB", &limit, &packets, err, sizeof err),
		0);
	assert_int_equal(limit, 64 * KIB);
	assert_false(packets);
	assert_int_equal(units_parse_queue("1.5 packets", &limit, &packets, err,
					   sizeof err),
			 -1);
	assert_contains(err, "whole number");
	assert_int_equal(units_parse_queue("10 packet", &limit, &packets, err,
					   sizeof err),
			 -1);
	assert_contains(err, "did you mean 'packets'?");
	assert_int_equal(
		units_parse_queue("100", &limit, &packets, err, sizeof err),
		-1);
	assert_contains(err, "packets or pkt");
}

/* ---- count, probability, switch, choice ---- */

static void
test_count(void **state)
{
	uint64_t n = 0;

	(void)state;
	assert_int_equal(units_parse_count(" 10 ", &n, err, sizeof err), 0);
	assert_int_equal(n, 10);
	assert_int_equal(
		units_parse_count("18446744073709551615", &n, err, sizeof err),
		0);
	assert_true(n == UINT64_MAX);
	assert_int_equal(
		units_parse_count("18446744073709551616", &n, err, sizeof err),
		-1);
	assert_contains(err, "value too large");
	assert_int_equal(units_parse_count("1.5", &n, err, sizeof err), -1);
	assert_contains(err, "whole number");
	assert_int_equal(units_parse_count("10 segments", &n, err, sizeof err),
			 -1);
	assert_contains(err, "no unit");
	assert_int_equal(units_parse_count("-3", &n, err, sizeof err), -1);
	assert_contains(err, "must not be negative");
	assert_int_equal(units_parse_count("", &n, err, sizeof err), -1);
	assert_contains(err, "missing value");
}

static double
probability_of(const char *text)
{
	double p = -1;

	if (units_parse_probability(text, &p, err, sizeof err) != 0)
		fail_msg("probability '%s' refused: %s", text, err);
	return p;
}

static void
probability_refused(const char *text, const char *needle)
{
	double p;

	if (units_parse_probability(text, &p, err, sizeof err) != -1)
		fail_msg("probability '%s' accepted as %g", text, p);
	assert_contains(err, needle);
}

static void
test_probability(void **state)
{
	(void)state;
	/* Exact: both are the double nearest to 1/100. */
	assert_true(probability_of("0.01") == 1.0 / 100);
	assert_true(probability_of("1%") == 1.0 / 100);
	assert_true(probability_of("0.5 %") == 0.5 / 100);
	assert_true(probability_of("0") == 0);
	assert_true(probability_of("1") == 1);
	assert_true(probability_of("100%") == 1);
	assert_true(probability_of("0.125") == 1.0 / 8);
	probability_refused("1.0000001", "between 0 and 1");
	probability_refused("101%", "between 0 and 1");
	probability_refused("-0.1", "must not be negative");
	probability_refused("1e-3", "is not a probability");
	probability_refused("half", "is not a probability");
	probability_refused("", "missing value");
}

static void
test_switch(void **state)
{
	static const struct {
		const char *text;
		bool on;
	} words[] = {
		{"on", true},	{"yes", true}, {"true", true},
		{"off", false}, {"no", false}, {"false", false},
	};
	size_t i;
	bool on;

	(void)state;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		on = !words[i].on;
		assert_int_equal(
			units_parse_switch(words[i].text, &on, err, sizeof err),
			0);
		assert_int_equal(on, words[i].on);
	}
	assert_int_equal(units_parse_switch("On", &on, err, sizeof err), -1);
	assert_contains(err, "did you mean 'on'?");
	assert_int_equal(units_parse_switch("maybe", &on, err, sizeof err), -1);
	assert_contains(err, "use on or off");
}

static void
test_choice(void **state)
{
	static const char *const cc[] = {"none", "reno", "newreno", "cubic",
					 NULL};
	int i, index;

	(void)state;
	for (i = 0; cc[i] != NULL; i++) {
		index = -1;
		assert_int_equal(
			units_parse_choice(cc[i], cc, &index, err, sizeof err),
			0);
		assert_int_equal(index, i);
	}
	assert_int_equal(
		units_parse_choice("NewReno", cc, &index, err, sizeof err), -1);
	assert_contains(err, "did you mean 'newreno'?");
	assert_int_equal(
		units_parse_choice("vegas", cc, &index, err, sizeof err), -1);
	assert_contains(err,
			"'vegas' is not one of none, reno, newreno, cubic");
}

/* ---- suggestions and message buffers ---- */

static void
test_suggest(void **state)
{
	static const char *const keys[] = {"read_rate", "read_size", "readers",
					   "rate"};
	static const char *const flows[] = {"bulk", "mice"};
	static const char *const s[] = {"s"};

	(void)state;
	assert_string_equal(units_suggest("read_rte", keys, 4), "read_rate");
	assert_string_equal(units_suggest("raet", keys, 4), "rate");
	assert_string_equal(units_suggest("READERS", keys, 4), "readers");
	assert_string_equal(units_suggest("blk", flows, 2), "bulk");
	assert_null(units_suggest("zzzzzz", keys, 4));
	assert_null(units_suggest("x", s, 1)); /* one edit, but no typo */
	assert_null(units_suggest("", keys, 4));
	/* lengths apart by exactly the edits allowed still count (the
	 * guess skips only candidates further apart than that): 1 under 5
	 * letters, 2 under 9, 3 from 9 on */
	{
		static const char *const far[] = {"a", "abcdefghijklmnop",
						  "queue"};
		static const char *const two[] = {"abcdefg", "abcdefgxy"};
		static const char *const three[] = {"abcdefghijkl", "xyz"};

		assert_string_equal(units_suggest("queu", far, 3), "queue");
		assert_string_equal(units_suggest("abcdefg", two + 1, 1),
				    "abcdefgxy");
		assert_string_equal(units_suggest("abcdefghi", three, 2),
				    "abcdefghijkl");
		assert_null(units_suggest("abcdef", two + 1, 1)); /* 3 */
	}
}

/* Input quoted in a message is escaped: no control byte reaches it. */
static void
test_messages_escape_the_input(void **state)
{
	static const char *const values[] = {
		"1\x1b[2JMbit/s",
		"\x1b[2J",
		"10 \x1b",
		"Unlimite\x1b",
	};
	uint64_t u;
	double p;
	bool on;
	int index;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		assert_int_equal(
			units_parse_rate(values[i], true, &u, err, sizeof err),
			-1);
		assert_null(strchr(err, '\x1b'));
		assert_contains(err, "\\x1b");
	}
	rate_refused("1\x1b[2JMbit/s", true, "unknown unit '\\x1b[2JMbit/s'");
	assert_int_equal(units_parse_count("1\x1b", &u, err, sizeof err), -1);
	assert_contains(err, "'1\\x1b' is not a count");
	assert_int_equal(units_parse_probability("\x07", &p, err, sizeof err),
			 -1);
	assert_contains(err, "'\\x07' is not a probability");
	assert_int_equal(units_parse_switch("o\x1bn", &on, err, sizeof err),
			 -1);
	assert_contains(err, "'o\\x1bn' is not a switch");
	assert_int_equal(units_parse_choice("\x9b",
					    (const char *const[]){"a", NULL},
					    &index, err, sizeof err),
			 -1);
	assert_contains(err, "'\\x9b' is not one of a");
}

static void
test_small_error_buffer(void **state)
{
	char small[8];
	int64_t ns;

	(void)state;
	memset(small, 'x', sizeof small);
	assert_int_equal(
		units_parse_time("10 parsecs", &ns, small, sizeof small), -1);
	assert_int_equal(strlen(small), sizeof small - 1);
	/* no buffer at all is allowed too */
	assert_int_equal(units_parse_time("10 parsecs", &ns, NULL, 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_every_unit),
		cmocka_unit_test(test_time_decimals_are_exact),
		cmocka_unit_test(test_time_rounds_to_nearest),
		cmocka_unit_test(test_time_overflow),
		cmocka_unit_test(test_time_bare_number),
		cmocka_unit_test(test_time_negative),
		cmocka_unit_test(test_time_whitespace),
		cmocka_unit_test(test_time_wrong_unit),
		cmocka_unit_test(test_time_hours),
		cmocka_unit_test(test_time_rounding_direction),
		cmocka_unit_test(test_rate_every_unit),
		cmocka_unit_test(test_rate_tc_spellings),
		cmocka_unit_test(test_rate_decimals_and_rounding),
		cmocka_unit_test(test_rate_unlimited),
		cmocka_unit_test(test_rate_overflow),
		cmocka_unit_test(test_rate_wrong_unit),
		cmocka_unit_test(test_rate_bare_and_negative),
		cmocka_unit_test(test_size_every_unit),
		cmocka_unit_test(test_size_decimals_and_rounding),
		cmocka_unit_test(test_size_bare_unlimited_and_case),
		cmocka_unit_test(test_size_si_kilo),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_queue_packets_or_bytes),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_probability),
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_messages_escape_the_input),
		cmocka_unit_test(test_small_error_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
