/* SPDX-License-Identifier: ISC */
/*
 * test_outputs.c: the output side, without running a simulation: human
 * formatting, output files that appear whole or not at all, CSV quoting,
 * JSON escaping and numbers, Jain's index, the summary writers.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/time.h"
#include "trace/csv.h"
#include "trace/events.h"
#include "trace/format.h"
#include "trace/outfile.h"
#include "trace/summary.h"

/* ------------------------------------------------------------------ */
/* format                                                              */
/* ------------------------------------------------------------------ */

static void
check_rate(double bps, const char *want)
{
	char buf[FORMAT_BUF];

	assert_string_equal(format_rate(buf, sizeof buf, bps), want);
}

static void
check_size(uint64_t bytes, const char *want)
{
	char buf[FORMAT_BUF];

	assert_string_equal(format_size(buf, sizeof buf, bytes), want);
}

static void
check_time(int64_t ns, const char *want)
{
	char buf[FORMAT_BUF];

	assert_string_equal(format_time(buf, sizeof buf, ns), want);
}

static void
test_format_rate(void **state)
{
	(void)state;
	/* properties.md A2: 16 x 1460 B per 41.2 ms. */
	check_rate(16.0 * 1460 * 8 / 0.0412, "4.54 Mbit/s");
	check_rate(4.53e6, "4.53 Mbit/s");
	check_rate(10e6, "10.0 Mbit/s");
	check_rate(12.7e6, "12.7 Mbit/s");
	check_rate(800e3, "800 kbit/s");
	check_rate(999.4e3, "999 kbit/s");
	/* The unit is chosen after rounding: never "1000 kbit/s". */
	check_rate(999.7e3, "1.00 Mbit/s");
	check_rate(0, "0 bit/s");
	check_rate(1.5e9, "1.50 Gbit/s");
	check_rate((double)UINT64_MAX, "unlimited");
	check_rate(NAN, "n/a");
	check_rate(-1, "n/a");
}

static void
test_format_size(void **state)
{
	(void)state;
	check_size(0, "0 B");
	check_size(512, "512 B");
	check_size(1023, "1023 B");
	check_size(1024, "1.00 KiB");
	check_size(65536, "64.0 KiB");
	check_size(64240, "62.7 KiB");
	check_size(256 * 1024, "256 KiB");
	check_size(1024 * 1024 - 1, "1.00 MiB");
	check_size(1500000, "1.43 MiB");
	check_size(UINT64_MAX, "unlimited");
}

static void
test_format_time(void **state)
{
	(void)state;
	check_time(41200000, "41.2 ms");
	check_time(0, "0 s");
	check_time(999, "999 ns");
	check_time(850000, "850 us");
	check_time(999999, "1.00 ms");
	check_time(1500000000, "1.50 s");
	check_time(30 * NS_PER_S, "30.0 s");
	check_time(-41200000, "-41.2 ms");
	check_time(TIME_NEVER, "never");
}

static void
test_format_percent(void **state)
{
	char buf[FORMAT_BUF];

	(void)state;
	assert_string_equal(format_percent(buf, sizeof buf, 0.081), "8.1%");
	assert_string_equal(format_percent(buf, sizeof buf, 1.0), "100.0%");
	assert_string_equal(format_percent(buf, sizeof buf, NAN), "n/a");
}

static void
test_format_machine(void **state)
{
	char buf[32];

	(void)state;
	buf[format_u64(buf, 0)] = '\0';
	assert_string_equal(buf, "0");
	buf[format_u64(buf, UINT64_MAX)] = '\0';
	assert_string_equal(buf, "18446744073709551615");
	buf[format_seconds(buf, 12 * NS_PER_S + 1)] = '\0';
	assert_string_equal(buf, "12.000000001");
	buf[format_seconds(buf, 0)] = '\0';
	assert_string_equal(buf, "0.000000000");
	buf[format_seconds(buf, -NS_PER_S / 2)] = '\0';
	assert_string_equal(buf, "-0.500000000");
	buf[format_seconds(buf, INT64_MAX)] = '\0';
	assert_string_equal(buf, "9223372036.854775807");
}

/* The hand-written forms write what printf writes, by definition: digits
 * of integers of every length, times in ms with 3 decimals (ties in
 * decimal included, where the double's error decides), rounded rates. */
static void
test_format_machine_matches_printf(void **state)
{
	char got[64], want[400];
	uint64_t x = 0x2545f4914f6cdd1du;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		uint64_t v;
		int64_t ns;
		double d;
		size_t n;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = x >> (x % 64); /* every length of number */
		got[format_u64(got, v)] = '\0';
		snprintf(want, sizeof want, "%llu", (unsigned long long)v);
		assert_string_equal(got, want);

		ns = (int64_t)(v >> 1);
		if (i % 4 == 0) /* a tie: ...500 ns */
			ns = ns / 1000 * 1000 + 500;
		if (i % 4 == 1) /* a small time, as an RTT is */
			ns %= 10000000000;
		got[format_ms3(got, ns)] = '\0';
		snprintf(want, sizeof want, "%.3f", (double)ns / 1e6);
		assert_string_equal(got, want);

		d = (double)(v % 100000000000u) / (double)(1 + x % 1000);
		if (i % 8 == 0) /* a tie between integers */
			d = (double)(v % 1000000) + 0.5;
		n = format_round0(got, d);
		got[n] = '\0';
		snprintf(want, sizeof want, "%.0f", d);
		assert_true(n > 0);
		assert_string_equal(got, want);
	}
	/* left to printf: nothing written */
	assert_int_equal(format_round0(got, -1.0), 0);
	assert_int_equal(format_round0(got, 1e19), 0);
}

/* ------------------------------------------------------------------ */
/* outfile                                                             */
/* ------------------------------------------------------------------ */

/* A fresh empty directory per test, removed (with its files) afterwards. */
static int
dir_setup(void **state)
{
	char *dir = strdup("/tmp/tcpsim-test-outputs.XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int
dir_teardown(void **state)
{
	char *dir = *state;
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
	free(dir);
	return 0;
}

/* Entries of `dir` other than . and .. */
static int
dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The whole of a small file, NUL-terminated; the caller frees it. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 4096);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 4095, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_outfile_commit(void **state)
{
	const char *dir = *state;
	char path[512];
	struct outfile *of;
	char *text;
	struct stat st;
	mode_t mask;

	snprintf(path, sizeof path, "%s/out.csv", dir);
	of = outfile_open(path, stderr);
	assert_non_null(of);
	assert_false(outfile_is_stdout(of));
	assert_string_equal(outfile_path(of), path);
	fputs("a,b\n1,2\n", outfile_stream(of));
	/* Until the commit only the temporary file exists, under another name.
	 */
	assert_false(file_exists(path));
	assert_int_equal(dir_count(dir), 1);
	assert_int_equal(outfile_commit(of, stderr), 0);
	assert_true(file_exists(path));
	assert_int_equal(dir_count(dir), 1);
	text = slurp(path);
	assert_string_equal(text, "a,b\n1,2\n");
	free(text);
	/* Permissions as a plain fopen() would give, not mkstemp's 0600. */
	mask = umask(0);
	umask(mask);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
}

static void
test_outfile_abort(void **state)
{
	const char *dir = *state;
	char path[512];
	struct outfile *of;

	snprintf(path, sizeof path, "%s/out.csv", dir);
	of = outfile_open(path, stderr);
	assert_non_null(of);
	fputs("half a trace", outfile_stream(of));
	assert_int_equal(dir_count(dir), 1);
	outfile_abort(of);
	assert_false(file_exists(path));
	assert_int_equal(dir_count(dir), 0);
}

static void
test_outfile_keeps_old_target(void **state)
{
	const char *dir = *state;
	char path[512];
	struct outfile *of;
	FILE *f;
	char *text;

	snprintf(path, sizeof path, "%s/out.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("old\n", f);
	fclose(f);

	of = outfile_open(path, stderr);
	assert_non_null(of);
	fputs("new\n", outfile_stream(of));
	fflush(outfile_stream(of));
	text = slurp(path);
	assert_string_equal(text, "old\n");
	free(text);
	outfile_abort(of);
	text = slurp(path);
	assert_string_equal(text, "old\n");
	free(text);

	of = outfile_open(path, stderr);
	assert_non_null(of);
	fputs("new\n", outfile_stream(of));
	assert_int_equal(outfile_commit(of, stderr), 0);
	text = slurp(path);
	assert_string_equal(text, "new\n");
	free(text);
}

static void
test_outfile_missing_directory(void **state)
{
	const char *dir = *state;
	char path[512];
	char *msg = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&msg, &len);

	assert_non_null(errs);
	snprintf(path, sizeof path, "%s/no/such/dir/out.csv", dir);
	assert_null(outfile_open(path, errs));
	fclose(errs);
	assert_non_null(strstr(msg, "tcpsim: cannot write '"));
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, strerror(ENOENT)));
	free(msg);
	assert_int_equal(dir_count(dir), 0);
}

static void
test_outfile_directory_target(void **state)
{
	const char *dir = *state;
	char *msg = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&msg, &len);

	assert_non_null(errs);
	assert_null(outfile_open(dir, errs));
	fclose(errs);
	assert_non_null(strstr(msg, dir));
	free(msg);
}

static void
test_outfile_stdout(void **state)
{
	const char *dir = *state;
	char path[512];
	struct outfile *of;
	char *text;
	int saved, fd;

	/* Standard output is a file of the test for a while. */
	snprintf(path, sizeof path, "%s/stdout.txt", dir);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	close(fd);

	of = outfile_open("-", stderr);
	assert_non_null(of);
	assert_true(outfile_is_stdout(of));
	fputs("a,b\n1,2\n", outfile_stream(of));
	assert_int_equal(outfile_commit(of, stderr), 0);
	/* What was written reached descriptor 1, which stays open. */
	assert_int_equal(write(STDOUT_FILENO, "end\n", 4), 4);
	assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
	text = slurp(path);
	assert_string_equal(text, "a,b\n1,2\nend\n");
	free(text);
	/* stdout stays usable after the commit. */
	assert_int_equal(fflush(stdout), 0);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static void
test_csv_quote(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(events_csv_quote(buf, sizeof buf, "plain"), 7);
	assert_string_equal(buf, "\"plain\"");
	events_csv_quote(buf, sizeof buf, "say \"hi\", then go");
	assert_string_equal(buf, "\"say \"\"hi\"\", then go\"");
	events_csv_quote(buf, sizeof buf, "");
	assert_string_equal(buf, "\"\"");
	events_csv_quote(buf, sizeof buf, "\"");
	assert_string_equal(buf, "\"\"\"\"");
	/* Truncated, but still one closed field. */
	assert_int_equal(events_csv_quote(buf, 6, "abcdef"), 5);
	assert_string_equal(buf, "\"abc\"");
	/* The smallest buffers: two quotes, or nothing at all. */
	assert_int_equal(events_csv_quote(buf, 3, "abc"), 2);
	assert_string_equal(buf, "\"\"");
	memset(buf, 'x', sizeof buf);
	assert_int_equal(events_csv_quote(buf, 2, "abc"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 'x');
	/* A doubled quote is never cut in half. */
	events_csv_quote(buf, 6, "ab\"cd");
	assert_string_equal(buf, "\"ab\"");
}

static void
test_csv_comments(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_non_null(out);
	csv_write_comments(out, "odd\nname.ini", 42);
	fclose(out);
	assert_string_equal(text, "# tcpsim " PACKAGE_VERSION "\n"
				  "# scenario: odd?name.ini\n"
				  "# seed: 42\n");
	free(text);
}

/* ------------------------------------------------------------------ */
/* JSON and the summary                                                */
/* ------------------------------------------------------------------ */

/* What a writer function prints, as a string the caller frees. */
static char *
json_string_of(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	summary_json_string(out, s);
	fclose(out);
	return text;
}

static char *
json_number_of(double v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	summary_json_number(out, v);
	fclose(out);
	return text;
}

/* Both writers of a JSON string: to a stream, and into a buffer of
 * SUMMARY_JSON_ESCAPED() bytes (checked by a guard byte past it). */
static void
check_json_string(const char *in, const char *want)
{
	char *got = json_string_of(in);
	size_t room = SUMMARY_JSON_ESCAPED(strlen(in));
	char *buf = malloc(room + 1);

	assert_string_equal(got, want);
	assert_non_null(buf);
	buf[room] = '#';
	assert_int_equal(summary_json_escape(buf, in), strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(buf[room], '#');
	free(buf);
	free(got);
}

static void
check_json_number(double v, const char *want)
{
	char *got = json_number_of(v);

	assert_string_equal(got, want);
	free(got);
}

static void
test_json_string(void **state)
{
	(void)state;
	check_json_string("slow-reader.ini", "\"slow-reader.ini\"");
	check_json_string("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_json_string("l1\nl2\tx\r", "\"l1\\nl2\\tx\\r\"");
	check_json_string("\x01\x1f", "\"\\u0001\\u001f\"");
	/* the longest: six bytes for each byte, the quotes and the NUL
	 * fill SUMMARY_JSON_ESCAPED() exactly */
	check_json_string("\x1f\xff\x01", "\"\\u001f\\ufffd\\u0001\"");
	check_json_string("", "\"\"");
	/* Valid UTF-8 passes; invalid bytes become U+FFFD. */
	check_json_string("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	check_json_string("a\xff"
			  "b",
			  "\"a\\ufffdb\"");
	check_json_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_json_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_json_string("\xe2\x82", "\"\\ufffd\\ufffd\"");
}

static void
test_json_number(void **state)
{
	(void)state;
	check_json_number(NAN, "null");
	check_json_number(INFINITY, "null");
	check_json_number(-INFINITY, "null");
	check_json_number(0.081, "0.081");
	check_json_number(41.2, "41.2");
	check_json_number(800000.0, "800000");
	check_json_number(-0.0, "0");
	check_json_number(0.1 + 0.2, "0.30000000000000004");
}

/* Jain's index straight from its definition, for comparison. */
static double
jain_by_definition(const double *x, size_t n)
{
	double sum = 0, sum_sq = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += x[i];
		sum_sq += x[i] * x[i];
	}
	return sum * sum / ((double)n * sum_sq);
}

static void
test_jain(void **state)
{
	const double equal[] = {5e6, 5e6, 5e6, 5e6};
	const double hog[] = {10e6, 0, 0, 0};
	const double mixed[] = {3e6, 1e6};
	const double zeros[] = {0, 0};

	(void)state;
	assert_true(fabs(summary_jain_fairness(equal, 4) - 1.0) < 1e-12);
	assert_true(fabs(summary_jain_fairness(hog, 4) - 0.25) < 1e-12);
	/* (3 + 1)^2 / (2 (9 + 1)) = 0.8 */
	assert_true(fabs(summary_jain_fairness(mixed, 2) - 0.8) < 1e-12);
	assert_true(fabs(summary_jain_fairness(mixed, 2) -
			 jain_by_definition(mixed, 2)) < 1e-12);
	assert_true(fabs(summary_jain_fairness(equal, 1) - 1.0) < 1e-12);
	assert_true(isnan(summary_jain_fairness(zeros, 2)));
	assert_true(isnan(summary_jain_fairness(NULL, 0)));
}

/* A summary built by hand: two flows, one finished, one without an RTT sample.
 */
static void
fill_summary(struct summary *s, struct summary_flow flows[2])
{
	double goodputs[2];

	memset(s, 0, sizeof *s);
	memset(flows, 0, 2 * sizeof flows[0]);
	s->scenario = "two \"flows\".ini";
	s->seed = 7;
	s->duration_ns = 2 * NS_PER_S;
	s->events = 12345;
	s->link.rate_bps = 10000000;
	s->link.busy_ns = NS_PER_S;    /* utilization 0.5 */
	s->link.queue_packet_ns = 3e9; /* mean 1.5 packets */
	s->link.queue_max_packets = 9;
	s->link.queue_drops = 2;
	s->link.loss_drops = 1;
	s->link.departed = 4;
	s->link.sojourn_ns_total = 10e6; /* 2.5 ms each */

	flows[0].snap.name = "bulk";
	flows[0].snap.delivered_bytes = 566250;
	flows[0].snap.srtt_ns = 41200000;
	flows[0].snap.min_rtt_ns = 41200000;
	flows[0].snap.completion_ns = 1500000000;
	flows[0].goodput_bps = 4.53e6;
	flows[1].snap.name = "late";
	flows[1].snap.completion_ns = -1;
	flows[1].goodput_bps = 0;
	s->flows = flows;
	s->n_flows = 2;
	goodputs[0] = flows[0].goodput_bps;
	goodputs[1] = flows[1].goodput_bps;
	s->jain_fairness = summary_jain_fairness(goodputs, 2);
}

static void
test_summary_json(void **state)
{
	struct summary s;
	struct summary_flow flows[2];
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	static const char *const want[] = {
		"\"scenario\": \"two \\\"flows\\\".ini\"",
		"\"seed\": 7",
		"\"duration_s\": 2",
		"\"events\": 12345",
		"\"rate_bps\": 10000000",
		"\"utilization\": 0.5",
		"\"drops\": 3",
		"\"queue_mean_packets\": 1.5",
		"\"queue_max_packets\": 9",
		"\"queue_mean_delay_ms\": 2.5",
		"\"name\": \"bulk\"",
		"\"goodput_bps\": 4530000",
		"\"delivered_bytes\": 566250",
		"\"srtt_ms\": 41.2",
		"\"completion_s\": 1.5",
		"\"srtt_ms\": null",
		"\"completion_s\": null",
		"\"jain_fairness\": 0.5",
	};
	size_t i;

	(void)state;
	assert_non_null(out);
	fill_summary(&s, flows);
	summary_write_json(out, &s);
	fclose(out);
	assert_int_equal(text[0], '{');
	assert_string_equal(text + strlen(text) - 2, "}\n");
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (strstr(text, want[i]) == NULL)
			fail_msg("missing %s in:\n%s", want[i], text);
	}
	free(text);
}

static void
test_summary_table(void **state)
{
	struct summary s;
	struct summary_flow flows[2];
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_non_null(out);
	fill_summary(&s, flows);
	summary_write_table(out, &s);
	fclose(out);
	assert_non_null(strstr(text, "bulk"));
	assert_non_null(strstr(text, "4.53 Mbit/s"));
	assert_non_null(strstr(text, "41.2 ms"));
	assert_non_null(strstr(text, "553 KiB"));
	assert_non_null(strstr(text, "50.0%"));
	assert_non_null(strstr(text, "1.50 packets"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_rate),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_format_time),
		cmocka_unit_test(test_format_percent),
		cmocka_unit_test(test_format_machine),
		cmocka_unit_test(test_format_machine_matches_printf),
		cmocka_unit_test_setup_teardown(test_outfile_commit, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_outfile_abort, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_outfile_keeps_old_target,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_outfile_missing_directory,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_outfile_directory_target,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_outfile_stdout, dir_setup,
						dir_teardown),
		cmocka_unit_test(test_csv_quote),
		cmocka_unit_test(test_csv_comments),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_number),
		cmocka_unit_test(test_jain),
		cmocka_unit_test(test_summary_json),
		cmocka_unit_test(test_summary_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
