/* SPDX-License-Identifier: ISC */
/*
 * test_cli.c: the tcpsim program as a user meets it: commands, options,
 * exit statuses, what is written and what is not.
 *
 * Runs the binary named by $TCPSIM (the Makefile sets it) with fork/exec,
 * standard output and error captured in files; scenarios are written to a
 * temporary directory.  Expected numbers are derived here from the
 * formulas, not from earlier runs.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "scenario/lesson.h"
#include "scenario/scenario.h"
#include "trace/csv.h"
#include "trace/events.h"

/* A short, valid scenario: 2 s, some random loss, so the seed matters. */
static const char short_scenario[] = "# test scenario\n"
				     "[simulation]\n"
				     "duration = 2s\n"
				     "[link]\n"
				     "rate = 10Mbit/s\n"
				     "delay = 10ms\n"
				     "queue = 20 packets\n"
				     "loss = 1%\n"
				     "[flow bulk]\n"
				     "receive_buffer = 128KiB\n";

/* ------------------------------------------------------------------ */
/* A tiny JSON validator: enough to say "this parses as JSON".         */
/* ------------------------------------------------------------------ */

static bool json_value(const char **p, int depth);

static void
json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool
json_string(const char **p)
{
	if (**p != '"')
		return false;
	for ((*p)++; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return false;
		if (**p == '\\') {
			(*p)++;
			if (**p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)(*p)[i]))
						return false;
				*p += 4;
			} else if (strchr("\"\\/bfnrt", **p) == NULL ||
				   **p == '\0') {
				return false;
			}
		}
	}
	(*p)++;
	return true;
}

static bool
json_number(const char **p)
{
	const char *s = *p;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (isdigit((unsigned char)*s))
			s++;
	else
		return false;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	*p = s;
	return true;
}

static bool
json_members(const char **p, char close, int depth)
{
	(*p)++;
	json_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		if (close == '}') {
			json_ws(p);
			if (!json_string(p))
				return false;
			json_ws(p);
			if (**p != ':')
				return false;
			(*p)++;
		}
		if (!json_value(p, depth + 1))
			return false;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (**p != ',')
			return false;
		(*p)++;
	}
}

static bool
json_value(const char **p, int depth)
{
	if (depth > 32)
		return false;
	json_ws(p);
	switch (**p) {
	case '{':
		return json_members(p, '}', depth);
	case '[':
		return json_members(p, ']', depth);
	case '"':
		return json_string(p);
	case 't':
		return strncmp(*p, "true", 4) == 0 ? (*p += 4, true) : false;
	case 'f':
		return strncmp(*p, "false", 5) == 0 ? (*p += 5, true) : false;
	case 'n':
		return strncmp(*p, "null", 4) == 0 ? (*p += 4, true) : false;
	default:
		return json_number(p);
	}
}

/* True if `text` is exactly one JSON object (whitespace around allowed). */
static bool
json_is_object(const char *text)
{
	const char *p = text;

	json_ws(&p);
	if (*p != '{' || !json_value(&p, 0))
		return false;
	json_ws(&p);
	return *p == '\0';
}

static void
test_json_validator(void **state)
{
	(void)state;
	/* The validator itself must be able to say no. */
	assert_true(
		json_is_object("{\"a\": [1, -2.5e3, null, true, \"x\\n\"]}\n"));
	assert_false(json_is_object("{\"a\": 1,}"));
	assert_false(json_is_object("{\"a\": nan}"));
	assert_false(json_is_object("[1]"));
	assert_false(json_is_object("{\"a\": 1} x"));
	assert_false(json_is_object("{\"a\": \"\x01\"}"));
}

/* ------------------------------------------------------------------ */
/* Help, version, usage errors                                         */
/* ------------------------------------------------------------------ */

static void
test_help_and_version(void **state)
{
	struct fixture *fx = *state;
	struct result r;
	static const char *const topics[] = {"run", "check", "play"};
	size_t i;

	RUN(fx, &r, "--help");
	expect_status(&r, 0);
	expect_in(r.out, "Usage: tcpsim");
	expect_in(r.out, "man tcpsim");
	expect_in(r.out, "man 5 tcpsim-scenario");
	expect_in(r.out, "Exit status");
	result_free(&r);

	RUN(fx, &r, "-h");
	expect_status(&r, 0);
	expect_in(r.out, "Usage: tcpsim");
	result_free(&r);

	RUN(fx, &r, "--version");
	expect_status(&r, 0);
	assert_string_equal(r.out, "tcpsim " PACKAGE_VERSION "\n");
	result_free(&r);

	for (i = 0; i < sizeof topics / sizeof topics[0]; i++) {
		char want[64];

		snprintf(want, sizeof want, "Usage: tcpsim %s", topics[i]);
		RUN(fx, &r, "help", topics[i]);
		expect_status(&r, 0);
		expect_in(r.out, want);
		result_free(&r);
		RUN(fx, &r, topics[i], "--help");
		expect_status(&r, 0);
		expect_in(r.out, want);
		result_free(&r);
	}

	RUN(fx, &r, "help", "run");
	expect_in(r.out, "--csv");
	expect_in(r.out, "--events");
	expect_in(r.out, "--json");
	expect_in(r.out, "--quiet");
	expect_in(r.out, "--set");
	expect_in(r.out, "standard output");
	result_free(&r);
}

static void
test_usage_errors(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	struct result r;

	RUN(fx, &r, "frobnicate");
	expect_status(&r, 2);
	expect_in(r.err, "unknown command 'frobnicate'");
	expect_in(r.err, "tcpsim help");
	result_free(&r);

	/* No command at all. */
	fixture_run_in(fx, &r, NULL, (const char *)NULL);
	expect_status(&r, 2);
	expect_in(r.err, "tcpsim help");
	result_free(&r);

	RUN(fx, &r, "run", sc, "--frob");
	expect_status(&r, 2);
	expect_in(r.err, "unknown option '--frob'");
	expect_in(r.err, "tcpsim help run");
	result_free(&r);

	RUN(fx, &r, "run", "-x", sc);
	expect_status(&r, 2);
	result_free(&r);

	/* An option of another command. */
	RUN(fx, &r, "check", sc, "--csv", "x.csv");
	expect_status(&r, 2);
	result_free(&r);

	/* A missing value, a missing scenario, a second scenario. */
	RUN(fx, &r, "run", sc, "--csv");
	expect_status(&r, 2);
	expect_in(r.err, "--csv");
	result_free(&r);
	RUN(fx, &r, "run");
	expect_status(&r, 2);
	expect_in(r.err, "SCENARIO");
	result_free(&r);
	RUN(fx, &r, "run", sc, sc);
	expect_status(&r, 2);
	result_free(&r);

	/* A flag given a value. */
	RUN(fx, &r, "run", sc, "--json=yes");
	expect_status(&r, 2);
	result_free(&r);

	/* Two outputs on standard output would mix. */
	RUN(fx, &r, "run", sc, "--csv", "-", "--json");
	expect_status(&r, 2);
	result_free(&r);

	RUN(fx, &r, "help", "nonsense");
	expect_status(&r, 2);
	result_free(&r);
	free(sc);
}

/* ------------------------------------------------------------------ */
/* Invalid scenarios write nothing                                     */
/* ------------------------------------------------------------------ */

static void
test_bad_scenario_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "bad.ini", "[link]\nrate = fast\n");
	char *csv = fixture_path_in(fx, "out.csv");
	char *ev = fixture_path_in(fx, "events.csv");
	char want[256];
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", csv, "--events", ev);
	expect_status(&r, 2);
	snprintf(want, sizeof want, "%s:2:", sc);
	expect_in(r.err, want);
	assert_false(fixture_exists(csv));
	assert_false(fixture_exists(ev));
	assert_int_equal(fixture_count_entries(fx->dir), 1); /* bad.ini alone */
	assert_string_equal(r.out, "");
	result_free(&r);

	RUN(fx, &r, "check", sc);
	expect_status(&r, 2);
	expect_in(r.err, want);
	result_free(&r);
	free(sc);
	free(csv);
	free(ev);
}

static void
test_bad_set(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *csv = fixture_path_in(fx, "out.csv");
	struct result r;

	RUN(fx, &r, "run", sc, "--set", "link.rate=banana", "--csv", csv);
	expect_status(&r, 2);
	expect_in(r.err, "--set");
	assert_false(fixture_exists(csv));
	result_free(&r);

	RUN(fx, &r, "run", sc, "--set=nosuch.key=1");
	expect_status(&r, 2);
	result_free(&r);

	RUN(fx, &r, "check", sc, "--set", "bulk.mss");
	expect_status(&r, 2);
	result_free(&r);

	/* A valid --set is fine, in both spellings. */
	RUN(fx, &r, "check", sc, "--set", "link.rate=20Mbit/s",
	    "--set=bulk.receive_buffer=16KiB");
	expect_status(&r, 0);
	result_free(&r);
	free(sc);
	free(csv);
}

static void
test_unknown_flow_in_timeline(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "tl.ini",
				      "[flow bulk]\n"
				      "[timeline]\n"
				      "1s: nosuch.read_rate = 0\n");
	char *csv = fixture_path_in(fx, "out.csv");
	char want[256];
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", csv);
	expect_status(&r, 2);
	snprintf(want, sizeof want, "%s:3:", sc);
	expect_in(r.err, want);
	assert_false(fixture_exists(csv));
	result_free(&r);
	free(sc);
	free(csv);
}

/* ------------------------------------------------------------------ */
/* Outputs that cannot be written                                      */
/* ------------------------------------------------------------------ */

static void
test_missing_directory(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *csv = fixture_path_in(fx, "out.csv");
	char *ev = fixture_path_in(fx, "missing/dir/events.csv");
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", csv, "--events", ev);
	expect_status(&r, 1);
	expect_in(r.err, "cannot write");
	expect_in(r.err, ev);
	/* The CSV opened first is removed, not left half-made. */
	assert_false(fixture_exists(csv));
	assert_int_equal(fixture_count_entries(fx->dir), 1);
	result_free(&r);
	free(sc);
	free(csv);
	free(ev);
}

static void
test_not_implemented(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *pcap = fixture_path_in(fx, "x.pcap");
	struct result r;

	/* stdout is a file here, not a terminal. */
	RUN(fx, &r, "play", sc);
	expect_status(&r, 2);
	expect_in(r.err, "not a terminal");
	result_free(&r);

	/* --pcap is built (test_pcap.c checks the capture), unless
	 * configure said --without-pcap: then it says so and exits 2. */
	RUN(fx, &r, "run", sc, "--pcap", pcap, "--quiet");
#if HAVE_PCAP
	expect_status(&r, 0);
	assert_true(fixture_exists(pcap));
#else
	expect_status(&r, 2);
	expect_in(r.err, "--pcap: this tcpsim was built without libpcap");
	assert_false(fixture_exists(pcap));
#endif
	result_free(&r);
	free(sc);
	free(pcap);
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */
/* ------------------------------------------------------------------ */

static void
test_outputs_are_reproducible(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *csv[2] = {fixture_path_in(fx, "a.csv"),
			fixture_path_in(fx, "b.csv")};
	char *ev[2] = {fixture_path_in(fx, "a-ev.csv"),
		       fixture_path_in(fx, "b-ev.csv")};
	char *text[2][2];
	struct result r;
	int i;

	for (i = 0; i < 2; i++) {
		char csv_opt[300];

		/* The second run spells the options differently. */
		snprintf(csv_opt, sizeof csv_opt, "--csv=%s", csv[i]);
		if (i == 0)
			RUN(fx, &r, "run", sc, "--csv", csv[i], "--events",
			    ev[i], "--quiet");
		else
			RUN(fx, &r, "run", "--quiet", csv_opt, "--events",
			    ev[i], sc);
		expect_status(&r, 0);
		assert_string_equal(r.out, "");
		result_free(&r);
		text[i][0] = fixture_read_all(csv[i], NULL);
		text[i][1] = fixture_read_all(ev[i], NULL);
		assert_non_null(text[i][0]);
		assert_non_null(text[i][1]);
	}
	assert_string_equal(text[0][0], text[1][0]);
	assert_string_equal(text[0][1], text[1][1]);

	/* Plain CSV: the contract's header rows on line 1, then data. */
	assert_true(strncmp(text[0][0],
			    "time_s,flow,cwnd_bytes,ssthresh_bytes,rwnd_bytes,"
			    "inflight_bytes,send_buffer_bytes,"
			    "recv_buffer_bytes,queue_packets,queue_bytes,"
			    "delivered_bytes,read_bytes,goodput_bps,srtt_ms,"
			    "rto_ms,retransmits,drops,limited_by\n"
			    "0.000000000,bulk,",
			    strlen(CSV_HEADER) + 18) == 0);
	assert_null(strchr(text[0][0], '#'));
	assert_true(strncmp(text[0][1],
			    "time_s,flow,where,event,seq,ack,len,win,detail\n",
			    strlen(EVENTS_HEADER) + 1) == 0);
	expect_in(text[0][1], ",bulk,sender,send,");

	for (i = 0; i < 2; i++) {
		free(text[i][0]);
		free(text[i][1]);
		free(csv[i]);
		free(ev[i]);
	}
	/* The scenario and four outputs: no temporary file left over. */
	assert_int_equal(fixture_count_entries(fx->dir), 5);
	free(sc);
}

static void
test_json_summary(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	static const char *const keys[] = {
		"scenario",
		"seed",
		"duration_s",
		"events",
		"link",
		"rate_bps",
		"utilization",
		"drops",
		"queue_mean_packets",
		"queue_max_packets",
		"queue_mean_delay_ms",
		"flows",
		"name",
		"goodput_bps",
		"written_bytes",
		"delivered_bytes",
		"read_bytes",
		"dropped_writes_bytes",
		"segments_sent",
		"retransmits",
		"timeouts",
		"fast_retransmits",
		"zero_window_adverts",
		"window_probes",
		"srtt_ms",
		"min_rtt_ms",
		"max_cwnd_bytes",
		"completion_s",
		"jain_fairness",
	};
	char want[64];
	struct result r;
	size_t i;

	RUN(fx, &r, "run", sc, "--json");
	expect_status(&r, 0);
	if (!json_is_object(r.out))
		fail_msg("not one JSON object:\n%s", r.out);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		snprintf(want, sizeof want, "\"%s\":", keys[i]);
		expect_in(r.out, want);
	}
	expect_in(r.out, "\"name\": \"bulk\"");
	expect_in(r.out, "\"rate_bps\": 10000000");
	expect_in(r.out, "\"duration_s\": 2");
	result_free(&r);

	/* The same from standard input. */
	fixture_run_in(fx, &r, sc, "run", "-", "--json", (const char *)NULL);
	expect_status(&r, 0);
	assert_true(json_is_object(r.out));
	expect_in(r.out, "\"goodput_bps\":");
	result_free(&r);
	free(sc);
}

static void
test_summary_table_and_stdout_csv(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	struct result r;

	RUN(fx, &r, "run", sc);
	expect_status(&r, 0);
	expect_in(r.out, "goodput");
	expect_in(r.out, "bulk");
	expect_in(r.out, "utilization");
	expect_in(r.out, "retransmits");
	expect_in(r.out, "zero-window adverts");
	result_free(&r);

	/* With the CSV on standard output, the table moves to standard error.
	 */
	RUN(fx, &r, "run", sc, "--csv", "-");
	expect_status(&r, 0);
	assert_true(strncmp(r.out, "time_s,flow,", 12) == 0);
	assert_null(strstr(r.out, "utilization"));
	expect_in(r.err, "utilization");
	result_free(&r);
	free(sc);
}

static void
test_check_prints_rtt(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "rtt.ini",
				      "[link]\n"
				      "rate = 8Mbit/s\n"
				      "delay = 15ms\n"
				      "[flow bulk]\n"
				      "receive_buffer = 16KiB\n");
	/* RTT = 2 d + (mss + header + options) 8 / C, ACK path unlimited;
	 * the default mss is stack = linux's, 1500 - 20 (IP) - 20 (TCP) - 12
	 * (timestamps) = 1448 B, the link's default header 40 B, and the
	 * timestamps option (on under linux) 12 B: a 1500-byte packet. */
	const int mss = 1500 - 20 - 20 - 12;
	double rate = 8e6, d = 0.015, wire = mss + 40 + 12;
	double rtt = 2 * d + wire * 8 / rate;
	double bdp_packets = rate * rtt / 8 / wire;
	/* Window limit: floor(16 KiB / mss) mss per RTT. */
	double window = (double)(16 * 1024 / mss * mss);
	double window_mbps = window * 8 / rtt / 1e6;
	char want[64];
	struct result r;

	RUN(fx, &r, "check", sc);
	expect_status(&r, 0);
	snprintf(want, sizeof want, "%.1f ms", rtt * 1e3);
	expect_in(r.out, want);
	snprintf(want, sizeof want, "%.1f packets", bdp_packets);
	expect_in(r.out, want);
	snprintf(want, sizeof want, "%.2f Mbit/s", window_mbps);
	expect_in(r.out, want);
	expect_in(r.out, "receive window binds");
	result_free(&r);
	free(sc);
}

/* With random loss, check prints the Mathis et al. estimate
 * (MSS / RTT) sqrt(3 / (2b)) / sqrt(p), b = 2 with delayed ACKs, 1
 * without, and says that it binds when it is below the link.  The flow
 * says stack = textbook: b = 2 is the per-ACK growth of the textbook
 * (byte counting, on under linux, makes b = 1; the last case). */
static void
test_check_prints_mathis(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "lossy.ini",
				      "[link]\n"
				      "rate = 10Mbit/s\n"
				      "delay = 20ms\n"
				      "loss = 2%\n"
				      "[flow bulk]\n"
				      "stack = textbook\n"
				      "receive_buffer = 1MiB\n");
	double rtt = 2 * 0.020 + 1500 * 8 / 10e6;
	/* stack = linux's mss, 1500 - 20 - 20 - 12 B, 40 B headers and 12 B
	 * of timestamps */
	const int linux_mss = 1500 - 20 - 20 - 12;
	double linux_rtt = 2 * 0.020 + (linux_mss + 40 + 12) * 8 / 10e6;
	double linux_mathis;
	const int b[] = {2, 1};
	char want[64];
	struct result r;

	for (int i = 0; i < 2; i++) {
		double mathis =
			1460 * 8 / rtt * sqrt(3.0 / (2.0 * b[i])) / sqrt(0.02);

		if (b[i] == 2)
			RUN(fx, &r, "check", sc);
		else
			RUN(fx, &r, "check", sc, "--set",
			    "bulk.delayed_ack=off");
		expect_status(&r, 0);
		snprintf(want, sizeof want, "random loss       %.2f Mbit/s",
			 mathis / 1e6);
		expect_in(r.out, want);
		snprintf(want, sizeof want, "b = %d, p = 2.0%%", b[i]);
		expect_in(r.out, want);
		expect_in(r.out, "random loss binds");
		result_free(&r);
	}
	/* the default stack: linux's mss, and b = 1 with byte counting
	 * although delayed ACKs are on */
	linux_mathis = linux_mss * 8 / linux_rtt * sqrt(3.0 / 2.0) / sqrt(0.02);
	RUN(fx, &r, "check", sc, "--set", "bulk.stack=linux");
	expect_status(&r, 0);
	snprintf(want, sizeof want, "random loss       %.2f Mbit/s",
		 linux_mathis / 1e6);
	expect_in(r.out, want);
	expect_in(r.out, "b = 1, p = 2.0%");
	result_free(&r);
	/* no loss, no line */
	RUN(fx, &r, "check", sc, "--set", "link.loss=0");
	expect_status(&r, 0);
	assert_null(strstr(r.out, "Mathis"));
	result_free(&r);
	free(sc);
}

/* Ctrl-C during a long run: exit 130, and no output file left behind. */
static void
test_interrupt_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "long.ini",
				      "[simulation]\nduration = 60min\n"
				      "[link]\nrate = 1Gbit/s\ndelay = 1ms\n"
				      "[flow bulk]\nreceive_buffer = 4MiB\n");
	char *csv = fixture_path_in(fx, "out.csv");
	const char *const args[] = {"run", sc, "--csv", csv, NULL};
	struct timespec pause = {0, 500 * 1000 * 1000};
	struct result r;
	pid_t pid;

	pid = fixture_spawn(fx, NULL, args);
	nanosleep(&pause, NULL);
	kill(pid, SIGINT);
	fixture_collect(fx, pid, &r);
	expect_status(&r, 130);
	expect_in(r.err, "interrupted");
	assert_false(fixture_exists(csv));
	assert_int_equal(fixture_count_entries(fx->dir), 1);
	result_free(&r);
	free(sc);
	free(csv);
}

/* ------------------------------------------------------------------ */
/* Every kind of bad input: exit 2, FILE:LINE and a useful message,     */
/* nothing written                                                      */
/* ------------------------------------------------------------------ */

struct bad_case {
	const char *text;   /* the scenario */
	const char *set;    /* a --set, or NULL */
	int line;	    /* the line named, 0 for "--set:" */
	const char *needle; /* part of the message */
};

static void
test_bad_inputs_table(void **state)
{
	struct fixture *fx = *state;
	static const struct bad_case cases[] = {
		{"[simulation]\nduration = 1s\n[lnk]\nrate = 1Mbit/s\n", NULL,
		 3, "did you mean [link]"},
		{"[flow bulk]\nread_rte = 1MB/s\n", NULL, 2,
		 "did you mean 'read_rate'"},
		{"[link]\ndelay = 20\n", NULL, 2, "never guessed"},
		{"[simulation]\nduration = 5\n", NULL, 2, "never guessed"},
		{"[link]\ndelay = -5ms\n", NULL, 2, "negative"},
		{"[link]\nrate = 0\n", NULL, 2, "rate"},
		{"[flow bulk]\nmss = 0B\n", NULL, 2, "mss"},
		{"[flow bulk]\nreaders = 0\n", NULL, 2, "readers"},
		{"[simulation]\nduration = 0s\n", NULL, 2, "duration"},
		{"[link]\nloss = 150%\n", NULL, 2, "loss"},
		{"[flow bulk]\n[timeline]\n1s: blk.read_rate = 0\n", NULL, 3,
		 "did you mean 'bulk'"},
		{"[flow bulk]\n[timeline]\n1s: bulk.mss = 100B\n", NULL, 3,
		 "mss"},
		{"[flow bulk]\n", "bulk.read_rate=-1MB/s", 0, "negative"},
		{"[flow bulk]\n", "bulk.red_rate=1MB/s", 0,
		 "did you mean 'read_rate'"},
		{"[flow bulk]\n", "nosuch.read_rate=1MB/s", 0, "nosuch"},
		{"[flow bulk]\n", "link.delay=3", 0, "never guessed"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *sc = fixture_write_file(fx, "bad.ini", cases[i].text);
		char *csv = fixture_path_in(fx, "out.csv");
		char *ev = fixture_path_in(fx, "events.csv");
		char want[256];
		struct result r;

		if (cases[i].set != NULL)
			RUN(fx, &r, "run", sc, "--set", cases[i].set, "--csv",
			    csv, "--events", ev);
		else
			RUN(fx, &r, "run", sc, "--csv", csv, "--events", ev);
		if (r.status != 2)
			fail_msg("case %zu: status %d, stderr: %s", i, r.status,
				 r.err);
		if (cases[i].line > 0)
			snprintf(want, sizeof want, "%s:%d: ", sc,
				 cases[i].line);
		else
			snprintf(want, sizeof want, "--set: ");
		if (strstr(r.err, want) == NULL ||
		    strstr(r.err, cases[i].needle) == NULL)
			fail_msg("case %zu: want '%s' and '%s' in: %s", i, want,
				 cases[i].needle, r.err);
		assert_false(fixture_exists(csv));
		assert_false(fixture_exists(ev));
		assert_int_equal(fixture_count_entries(fx->dir),
				 1); /* bad.ini alone */
		assert_string_equal(r.out, "");
		result_free(&r);
		free(sc);
		free(csv);
		free(ev);
	}
}

/* The program's JSON agrees with the formula: a window-limited flow gets
 * floor(rwnd/MSS) MSS / RTT_min, with RTT_min = 2d + 1500*8/C + 40*8/C
 * (ACKs serialized at C, delayed ACKs off), within 2%. */
static void
test_window_limited_goodput_from_json(void **state)
{
	struct fixture *fx = *state;
	const double d = 0.020, c = 10e6, mss = 1460, rwnd = 16 * 1460;
	char *sc = fixture_write_file(
		fx, "w.ini",
		"[simulation]\nduration = 20s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 20ms\nreverse_rate = "
		"10Mbit/s\n"
		"[flow bulk]\nreceive_buffer = 23360B\ndelayed_ack = off\n");
	double rtt = 2 * d + (mss + 40) * 8 / c + 40 * 8 / c;
	double want = rwnd * 8 / rtt;
	const char *p;
	double got;
	struct result r;

	RUN(fx, &r, "run", sc, "--json");
	expect_status(&r, 0);
	p = strstr(r.out, "\"goodput_bps\":");
	assert_non_null(p);
	got = strtod(p + strlen("\"goodput_bps\":"), NULL);
	if (fabs(got - want) > 0.02 * want)
		fail_msg("goodput %.0f, formula %.0f", got, want);
	result_free(&r);
	free(sc);
}

/* A link change in the timeline belongs to no flow: empty flow field. */
static void
test_link_timeline_row_has_no_flow(void **state)
{
	struct fixture *fx = *state;
	char *sc =
		fixture_write_file(fx, "t.ini",
				   "[simulation]\nduration = 1s\n[flow bulk]\n"
				   "[timeline]\n500ms: link.loss = 1%\n");
	char *ev = fixture_path_in(fx, "events.csv");
	char *text;
	struct result r;

	RUN(fx, &r, "run", sc, "--events", ev, "--quiet");
	expect_status(&r, 0);
	text = fixture_read_all(ev, NULL);
	assert_non_null(text);
	expect_in(text, "\n0.500000000,,link,timeline,");
	free(text);
	result_free(&r);
	free(sc);
	free(ev);
}

/* `check` warns about a run that would take long to simulate: 10 Gbit/s
 * for 30 minutes is 10e9 / 8 / (1448 + 40) * 1800 = 1.51e9 full segments
 * (stack = linux's mss 1500 - 20 - 20 - 12 B, 40 B of headers), over ten
 * minutes at two million a second; the default scenario is not. */
static void
test_check_warns_long_runs(void **state)
{
	struct fixture *fx = *state;
	char *slow = fixture_write_file(fx, "slow.ini",
					"[simulation]\nduration = 30min\n"
					"[link]\nrate = 10Gbit/s\n");
	char *quick = fixture_write_file(fx, "quick.ini", "");
	struct result r;
	char want[64];

	snprintf(want, sizeof want, "at most %.3g million data segments",
		 10e9 / 8 / (1500 - 20 - 20 - 12 + 40) * 1800 / 1e6);
	assert_string_equal(want, "at most 1.51e+03 million data segments");
	RUN(fx, &r, "check", slow);
	expect_status(&r, 0);
	expect_in(r.out, want);
	expect_in(r.out, "warning     this run may take long");
	result_free(&r);
	RUN(fx, &r, "check", quick);
	expect_status(&r, 0);
	expect_in(r.out, "under a second to simulate");
	assert_null(strstr(r.out, "may take long"));
	assert_null(strstr(r.out, "paced application"));
	result_free(&r);
	free(slow);
	free(quick);
}

/* Paced writes are events of their own, however little the link
 * carries: 1-byte writes at 8 Gbit/s shed for a second are 8e9 / 8 / 1 =
 * 1e9 writes, at the 20 million a second check assumes 50 s, beside
 * 10e6 / 8 / (1448 + 40) = 840 segments at two million a second. */
static void
test_check_counts_paced_writes(void **state)
{
	struct fixture *fx = *state;
	char *tiny = fixture_write_file(fx, "tiny.ini",
					"[simulation]\nduration = 1s\n"
					"[link]\nrate = 10Mbit/s\n"
					"[flow bulk]\nwrite_rate = 8Gbit/s\n"
					"write_size = 1B\non_full = drop\n");
	struct result r;
	char want[96];
	double seconds = 10e6 / 8 / (1448 + 40) / 2e6 + 8e9 / 8 / 1 / 20e6;

	snprintf(want, sizeof want,
		 "and %.3g million paced application writes and reads:",
		 8e9 / 8 / 1 / 1e6);
	RUN(fx, &r, "check", tiny);
	expect_status(&r, 0);
	expect_in(r.out, want);
	snprintf(want, sizeof want, "up to %.0f s to simulate", seconds);
	assert_string_equal(want, "up to 50 s to simulate");
	expect_in(r.out, want);
	result_free(&r);
	free(tiny);
}

/*
 * `check` says how many rows --csv writes: one per flow at every sample,
 * time 0 included: 3 flows over 2 s every 1 ms are 3 x 2001 = 6003,
 * which the file has (and one more row per flow for the state at the end,
 * when events ran after the last sample).  100 s every 1 us is 1e8 + 1
 * rows, which check warns about.
 */
static void
test_check_counts_csv_rows(void **state)
{
	struct fixture *fx = *state;
	char *three = fixture_write_file(fx, "three.ini",
					 "[simulation]\nduration = 2s\n"
					 "sample_interval = 1ms\n"
					 "[flow a]\n[flow b]\n[flow c]\n");
	char *fine = fixture_write_file(fx, "fine.ini",
					"[simulation]\nduration = 100s\n"
					"sample_interval = 1us\n");
	char *csv = fixture_path_in(fx, "three.csv");
	char *text;
	size_t len, lines = 0;
	struct result r;

	RUN(fx, &r, "check", three);
	expect_status(&r, 0);
	expect_in(r.out, "--csv writes about 6 thousand rows");
	expect_in(r.out, "one per flow every 1.00 ms");
	assert_null(strstr(r.out, "large file"));
	result_free(&r);
	RUN(fx, &r, "run", three, "--csv", csv, "-q");
	expect_status(&r, 0);
	result_free(&r);
	text = fixture_read_all(csv, &len);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_true(lines - 1 == 3 * 2001 || lines - 1 == 3 * 2002);
	free(text);
	RUN(fx, &r, "check", fine);
	expect_status(&r, 0);
	expect_in(r.out, "--csv writes about 100 million rows");
	expect_in(r.out, "warning     that is a large file");
	result_free(&r);
	free(three);
	free(fine);
	free(csv);
}

/* Options as getopt_long takes them: unambiguous prefixes, -q, -V. */
static void
test_option_prefixes_and_short_options(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *csv = fixture_path_in(fx, "p.csv");
	struct result r;

	/* --ev is --events alone. */
	RUN(fx, &r, "run", sc, "--ev", csv, "-q");
	expect_status(&r, 0);
	assert_string_equal(r.out, "");
	result_free(&r);
	assert_true(fixture_exists(csv));
	/* --csv is exact although --csv-comments starts with it too; --cs
	 * is either. */
	RUN(fx, &r, "run", sc, "--csv", csv, "-q");
	expect_status(&r, 0);
	result_free(&r);
	RUN(fx, &r, "run", sc, "--cs", csv, "-q");
	expect_status(&r, 2);
	expect_in(r.err, "ambiguous: --csv, --csv-comments");
	result_free(&r);
	/* --s: --set or --snaplen. */
	RUN(fx, &r, "run", sc, "--s", "x");
	expect_status(&r, 2);
	expect_in(r.err, "ambiguous: --set, --snaplen");
	result_free(&r);
	/* In check only --set starts with s: no ambiguity there. */
	RUN(fx, &r, "check", sc, "--se", "link.rate=1Mbit/s");
	expect_status(&r, 0);
	expect_in(r.out, "link        1.00 Mbit/s,");
	result_free(&r);
	RUN(fx, &r, "run", sc, "--qu", "--js");
	expect_status(&r, 0);
	expect_in(r.out, "\"schema_version\": 1");
	result_free(&r);
	RUN(fx, &r, "-V");
	expect_status(&r, 0);
	assert_string_equal(r.out, "tcpsim " PACKAGE_VERSION "\n");
	result_free(&r);
	RUN(fx, &r, "--vers");
	expect_status(&r, 0);
	assert_string_equal(r.out, "tcpsim " PACKAGE_VERSION "\n");
	result_free(&r);
	RUN(fx, &r, "run", sc, "-x");
	expect_status(&r, 2);
	expect_in(r.err, "unknown option '-x'");
	result_free(&r);
	free(sc);
	free(csv);
}

/* A misspelled command or scenario gets the nearest name. */
static void
test_suggestions(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "reader-stall.ini", short_scenario);
	char *typo = fixture_path_in(fx, "reader-stal");
	struct result r;

	RUN(fx, &r, "rnu", sc);
	expect_status(&r, 2);
	expect_in(r.err, "unknown command 'rnu'; did you mean 'run'?");
	result_free(&r);
	RUN(fx, &r, "chekc", sc);
	expect_status(&r, 2);
	expect_in(r.err, "did you mean 'check'?");
	result_free(&r);
	RUN(fx, &r, "run", typo);
	expect_status(&r, 2);
	expect_in(r.err, "did you mean '");
	expect_in(r.err, "/reader-stall.ini'?");
	result_free(&r);
	free(sc);
	free(typo);
}

/* tcpsim list DIR: every lesson, its title and its question. */
static void
test_list_lessons(void **state)
{
	struct fixture *fx = *state;
	const char *dir = getenv("SCENARIOS");
	struct result r;
	DIR *d;
	struct dirent *de;
	int files = 0;
	char count[32], want[160], *path;
	struct scenario sc;

	(void)fx;
	assert_non_null(dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		files += l > 4 && strcmp(de->d_name + l - 4, ".ini") == 0;
	}
	closedir(d);
	RUN(fx, &r, "list", dir);
	expect_status(&r, 0);
	snprintf(count, sizeof count, "%d lessons in ", files);
	expect_in(r.out, count);
	/* the title from the header's first line, the question from
	 * [lesson] (its first words: the rest is wrapped) */
	path = malloc(strlen(dir) + 32);
	assert_non_null(path);
	sprintf(path, "%s/reader-stall.ini", dir);
	memset(&sc, 0, sizeof sc);
	assert_int_equal(scenario_load_file(&sc, path, stderr), 0);
	assert_non_null(sc.lesson);
	assert_non_null(sc.lesson->question);
	snprintf(want, sizeof want,
		 "\nreader-stall.ini: the consumer stops reading for "
		 "20 seconds.\n    Ask the class: %.30s",
		 sc.lesson->question);
	expect_in(r.out, want);
	scenario_free(&sc);
	free(path);
	expect_in(r.out, "\nwindow-limited.ini: ");
	result_free(&r);
	RUN(fx, &r, "list", "/no/such/dir");
	expect_status(&r, 1);
	expect_in(r.err, "/no/such/dir");
	result_free(&r);
}

/*
 * tcpsim list takes a lesson's question from its [lesson] section, the
 * one play asks, and falls back to the header's "Ask the class:"
 * paragraph when there is none (or the file does not load).
 */
static void
test_list_lesson_question(void **state)
{
	struct fixture *fx = *state;
	static const char header[] = "# %s.ini: what it shows.\n"
				     "#\n"
				     "# Ask the class: the header's question?\n"
				     "\n"
				     "[flow bulk]\n";
	char text[512], *file;
	struct result r;

	snprintf(text, sizeof text, header, "with");
	strcat(text, "[lesson]\nquestion = The section's question?\n");
	file = fixture_write_file(fx, "with.ini", text);
	free(file);
	snprintf(text, sizeof text, header, "without");
	file = fixture_write_file(fx, "without.ini", text);
	free(file);
	/* a file that does not load keeps its header's question */
	snprintf(text, sizeof text, header, "broken");
	strcat(text, "[lesson]\nquestion = Never shown?\n"
		     "[link]\nrate = fast\n");
	file = fixture_write_file(fx, "broken.ini", text);
	free(file);
	RUN(fx, &r, "list", fx->dir);
	expect_status(&r, 0);
	expect_in(r.out, "\nwith.ini: what it shows.\n"
			 "    Ask the class: The section's question?\n");
	expect_in(r.out, "\nwithout.ini: what it shows.\n"
			 "    Ask the class: the header's question?\n");
	expect_in(r.out, "\nbroken.ini: what it shows.\n"
			 "    Ask the class: the header's question?\n");
	result_free(&r);
}

/* A seed beyond 2^53 would be rounded by JSON readers: a string. */
static void
test_json_seed_exact(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	struct result r;

	/* 2^53 - 1 is exact in a double: a number. */
	RUN(fx, &r, "run", sc, "--json", "--set",
	    "simulation.seed=9007199254740991");
	expect_status(&r, 0);
	expect_in(r.out, "\"seed\": 9007199254740991,");
	result_free(&r);
	/* 2^53 + 1 is not (it reads back as 2^53). */
	RUN(fx, &r, "run", sc, "--json", "--set",
	    "simulation.seed=9007199254740993");
	expect_status(&r, 0);
	expect_in(r.out, "\"seed\": \"9007199254740993\",");
	result_free(&r);
	free(sc);
}

/* --csv-comments: the '#' lines of earlier versions, before the header. */
static void
test_csv_comments_option(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "ok.ini", short_scenario);
	char *ev = fixture_path_in(fx, "ev.csv");
	char *text;
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", "-", "--events", ev, "--csv-comments",
	    "--set", "simulation.seed=7");
	expect_status(&r, 0);
	assert_true(strncmp(r.out, "# tcpsim " PACKAGE_VERSION "\n",
			    10 + strlen(PACKAGE_VERSION)) == 0);
	expect_in(r.out, "\n# seed: 7\n" CSV_HEADER "\n");
	result_free(&r);
	text = fixture_read_all(ev, NULL);
	assert_true(strncmp(text, "# tcpsim ", 9) == 0);
	expect_in(text, "\n# seed: 7\n" EVENTS_HEADER "\n");
	free(text);
	free(ev);
	free(sc);
}

/*
 * A run that ends at t = 0 (one byte, a link of 2^50 bit/s and no
 * delay: sent, delivered and read within the first nanosecond) still
 * has a row with its final state: delivered_bytes = read_bytes = 1.
 */
static void
test_csv_row_for_run_ending_at_zero(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "zero.ini",
				      "[link]\n"
				      "rate = 1125899906842624bit/s\n"
				      "delay = 0\n"
				      "[flow a]\n"
				      "write_total = 1B\n"
				      "delayed_ack = off\n");
	const char *last;
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", "-", "--quiet");
	expect_status(&r, 0);
	last = strrchr(r.out, '\n');
	assert_non_null(last);
	while (last > r.out && last[-1] != '\n')
		last--;
	assert_true(strncmp(last, "0.000000000,a,", 14) == 0);
	{
		/* delivered_bytes and read_bytes are the 11th and 12th of
		 * the contract's columns: after the 10th comma. */
		const char *f = last;
		int comma = 0;

		while (*f != '\0' && comma < 10)
			comma += *f++ == ',';
		assert_true(strncmp(f, "1,1,", 4) == 0);
	}
	result_free(&r);
	free(sc);
}

/*
 * A valid scenario that would need more memory than the budget: with
 * cc = none, 1 GiB windows of 1-byte segments fill at once (a billion
 * packets).  run and play refuse it before simulating, naming the keys;
 * check explains it, then exits 2; --max-memory=unlimited lifts it.
 */
static void
test_memory_budget(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "hostile.ini",
				      "[link]\n"
				      "queue = 1125899906842624 packets\n"
				      "[flow a]\n"
				      "mss = 1B\n"
				      "cc = none\n"
				      "send_buffer = 1GiB\n"
				      "receive_buffer = 1GiB\n");
	char *ok = fixture_write_file(fx, "ok.ini", short_scenario);
	char *csv = fixture_path_in(fx, "out.csv");
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", csv, "--max-memory", "12GiB");
	expect_status(&r, 2);
	expect_in(r.err, "more than the budget of 12 GiB (--max-memory)");
	expect_in(r.err, "flow a: ");
	expect_in(r.err, "mss = 1B");
	assert_string_equal(r.out, "");
	result_free(&r);
	assert_false(fixture_exists(csv));
	/* The default budget is half of the machine's memory: no machine
	 * has 2 x 300 GiB. */
	RUN(fx, &r, "run", sc);
	expect_status(&r, 2);
	expect_in(r.err, "(--max-memory)");
	result_free(&r);
	RUN(fx, &r, "check", sc, "--max-memory=12GiB");
	expect_status(&r, 2);
	expect_in(r.out, "is valid.");
	expect_in(r.out, "\nmemory      about ");
	expect_in(r.err, "more than the budget of 12 GiB");
	result_free(&r);
	RUN(fx, &r, "check", sc, "--max-memory=unlimited");
	expect_status(&r, 0);
	result_free(&r);
	/* An ordinary run over a tiny budget is refused too. */
	RUN(fx, &r, "run", ok, "--max-memory", "1MiB");
	expect_status(&r, 2);
	expect_in(r.err, "more than the budget of 1.0 MiB");
	result_free(&r);
	RUN(fx, &r, "run", ok, "--max-memory", "lots");
	expect_status(&r, 2);
	expect_in(r.err, "--max-memory 'lots'");
	result_free(&r);
	free(sc);
	free(ok);
	free(csv);
}

/*
 * check on a path of named links: the bottleneck is the slowest link,
 * the base RTT 2 (d_access + d_link) + a 1500 B packet's serialization
 * at each link, the BDP the bottleneck's rate times that RTT.  A bad
 * path is refused with its line and exit status 2, by check and run.
 */
static void
test_check_explains_a_path(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "path.ini",
				      "[link access]\nrate = 100Mbit/s\n"
				      "delay = 5ms\n"
				      "[link]\nrate = 10Mbit/s\ndelay = 20ms\n"
				      "[flow bulk]\nstack = textbook\n"
				      "path = access, link\n");
	char *bad = fixture_write_file(fx, "bad.ini",
				       "[link access]\n[flow bulk]\n"
				       "path = access, acess\n");
	/* mss 1460 + header 40: 1500 B at each hop */
	double rtt_s = 2 * (0.005 + 0.020) + 1500 * 8 / 100e6 + 1500 * 8 / 10e6;
	char want[256];
	struct result r;

	(void)state;
	RUN(fx, &r, "check", sc);
	expect_status(&r, 0);
	expect_in(r.out, "path                     access -> link");
	expect_in(r.out, "bottleneck               link, the slowest link "
			 "of the path (10.0 Mbit/s)");
	snprintf(want, sizeof want,
		 "base RTT                 %.1f ms = 2 x 25.0 ms of delay "
		 "(access + link)",
		 rtt_s * 1e3);
	expect_in(r.out, want);
	snprintf(want, sizeof want, "bandwidth-delay product  %.0f B",
		 10e6 * rtt_s / 8);
	expect_in(r.out, want);
	expect_in(r.out, "link access 100 Mbit/s, 5.00 ms each way");
	result_free(&r);

	RUN(fx, &r, "check", bad);
	expect_status(&r, 2);
	snprintf(want, sizeof want,
		 "%s:3: path = access, acess: unknown link 'acess'", bad);
	expect_in(r.err, want);
	result_free(&r);
	RUN(fx, &r, "run", bad);
	expect_status(&r, 2);
	expect_in(r.err, want);
	result_free(&r);
	free(sc);
	free(bad);
}

/*
 * check across a relay: the upstream flow's reader is the relay, which
 * takes what its flow takes once its store is full (a proxy before a 3
 * Mbit/s consumer: 3 Mbit/s, below the 4 Mbit/s writer, so the relay
 * binds); the downstream flow's writer is the relay, bringing what the
 * upstream brings (4 Mbit/s).  A broker's store that the run cannot fill
 * holds nothing back: 10 GiB at 8 - 2 x 1 Mbit/s (round robin over two
 * consumers is held to twice the slower) takes 10 x 2^30 x 8 / 6e6 s.
 */
static void
test_check_explains_a_relay(void **state)
{
	struct fixture *fx = *state;
	char *proxy = fixture_write_file(
		fx, "proxy.ini",
		"[flow upload]\nwrite_rate = 4Mbit/s\n"
		"[flow download]\nread_rate = 3Mbit/s\n"
		"[relay proxy]\nfrom = upload\nto = download\n");
	char *broker = fixture_write_file(
		fx, "broker.ini",
		"[simulation]\nduration = 60s\n[link]\nrate = 100Mbit/s\n"
		"[flow produce]\nwrite_rate = 8Mbit/s\n"
		"[flow fast]\nread_rate = 4Mbit/s\n"
		"[flow slow]\nread_rate = 1Mbit/s\n"
		"[relay broker]\nfrom = produce\nto = fast, slow\n"
		"buffer = 10GiB\n");
	char want[256];
	struct result r;

	(void)state;
	RUN(fx, &r, "check", proxy);
	expect_status(&r, 0);
	expect_in(r.out, "reader            3.00 Mbit/s  (relay proxy, once "
			 "its store is full");
	expect_in(r.out, "=> relay proxy binds: 3.00 Mbit/s");
	expect_in(r.out, "writer            4.00 Mbit/s  (relay proxy: what "
			 "upload brings)");
	result_free(&r);
	RUN(fx, &r, "check", broker);
	expect_status(&r, 0);
	expect_in(r.out, "reader            2.00 Mbit/s  (relay broker");
	snprintf(want, sizeof want,
		 "store fills in %.0f s, after the run's end",
		 10.0 * 1073741824.0 * 8 / 6e6);
	expect_in(r.out, want);
	expect_in(r.out, "=> the writer binds: 8.00 Mbit/s");
	result_free(&r);
	free(proxy);
	free(broker);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_validator),
		cmocka_unit_test_setup_teardown(
			test_help_and_version, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_usage_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_bad_scenario_writes_nothing, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_set, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_flow_in_timeline,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_not_implemented, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outputs_are_reproducible,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_json_summary, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_summary_table_and_stdout_csv, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_check_prints_rtt, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_prints_mathis,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_leaves_nothing,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_bad_inputs_table, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_window_limited_goodput_from_json, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_link_timeline_row_has_no_flow, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_warns_long_runs,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_counts_paced_writes,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_counts_csv_rows,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_option_prefixes_and_short_options, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(test_suggestions, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_list_lessons, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_lesson_question,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_json_seed_exact, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_csv_comments_option,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_csv_row_for_run_ending_at_zero, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_memory_budget, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_explains_a_relay,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_explains_a_path,
						fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
