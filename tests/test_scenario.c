/* SPDX-License-Identifier: ISC */
/*
 * test_scenario.c: reading scenario files, --set, the timeline and
 * validation (src/scenario/scenario.c, keys.c, reader.c, set.c,
 * timeline.c, validate.c and ini.c).
 *
 * Messages are captured with open_memstream() and checked for their exact
 * "t.ini:LINE:" prefixes; expected numbers are the arithmetic of the
 * contract (10Mbit/s is 10 * 1000 * 1000), not copies of the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "scenario/scenario.h"

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)
#define KIB	  UINT64_C(1024)
#define MBIT	  UINT64_C(1000000)

/* The example of the contract, docs/scenario-format.md. */
static const char contract_example[] =
	"# slow-reader.ini: the consumer is slower than the network.\n" /* 1 */
	"[simulation]\n"						/* 2 */
	"duration = 30s\n"						/* 3 */
	"\n"								/* 4 */
	"[link]\n"							/* 5 */
	"rate  = 10Mbit/s\n"						/* 6 */
	"delay = 20ms\n"						/* 7 */
	"queue = 50 packets\n"						/* 8 */
	"\n"								/* 9 */
	"[flow bulk]\n"							/* 10 */
	"receive_buffer = 64KiB\n"					/* 11 */
	"read_rate      = 100KB/s   # the slow consumer\n"		/* 12 */
	"\n"								/* 13 */
	"[timeline]\n"							/* 14 */
	"10s: bulk.read_rate = 0\n"					/* 15 */
	"15s: bulk.read_rate = 1MB/s\n";				/* 16 */

/* ---- helpers ---- */

static FILE *
capture_open(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	assert_non_null(f);
	return f;
}

/* Load `text` shown as "t.ini"; *errs gets everything printed (free it). */
static int
load(struct scenario *sc, const char *text, char **errs)
{
	size_t len;
	FILE *f = capture_open(errs, &len);
	int rc = scenario_load_string(sc, "t.ini", text, strlen(text), f);

	fclose(f);
	return rc;
}

/* Load text that must be valid and silent. */
static void
load_ok(struct scenario *sc, const char *text)
{
	char *errs;

	if (load(sc, text, &errs) != 0 || errs[0] != '\0')
		fail_msg("loading failed or spoke:\n%s", errs);
	free(errs);
}

static int
set(struct scenario *sc, const char *assignment, char **errs)
{
	size_t len;
	FILE *f = capture_open(errs, &len);
	int rc = scenario_set(sc, assignment, f);

	fclose(f);
	return rc;
}

static int
validate(const struct scenario *sc, char **errs)
{
	size_t len;
	FILE *f = capture_open(errs, &len);
	int rc = scenario_validate(sc, f);

	fclose(f);
	return rc;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in:\n%s", needle, haystack);
}

/* errs is exactly n lines, the i-th starting "t.ini:lines[i]: ". */
static void
assert_error_lines(const char *errs, const int *lines, size_t n)
{
	const char *p = errs;
	char prefix[32];
	size_t i;

	if (count_lines(errs) != n)
		fail_msg("expected %zu lines, got:\n%s", n, errs);
	for (i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "t.ini:%d: ", lines[i]);
		if (strncmp(p, prefix, strlen(prefix)) != 0)
			fail_msg("line %zu should start with '%s':\n%s", i + 1,
				 prefix, errs);
		p = strchr(p, '\n') + 1;
	}
}

/* Loading fails with exactly `expected` on errs. */
static void
load_fails_with(const char *text, const char *expected)
{
	struct scenario sc;
	char *errs;

	assert_int_equal(load(&sc, text, &errs), -1);
	assert_string_equal(errs, expected);
	free(errs);
	scenario_free(&sc);
}

/* Loading fails with one message, on `line`, containing `needle`. */
static void
load_fails_on(const char *text, int line, const char *needle)
{
	struct scenario sc;
	char *errs;

	if (load(&sc, text, &errs) != -1)
		fail_msg("accepted:\n%s", text);
	assert_error_lines(errs, &line, 1);
	assert_contains(errs, needle);
	free(errs);
	scenario_free(&sc);
}

/* Every field of a flow at the contract's defaults: stack = linux, whose
 * values are a Linux host's (test_stack_sets_the_defaults says why). */
static void
assert_flow_defaults(const struct flow_config *f)
{
	assert_int_equal(f->stack, TCP_STACK_LINUX);
	assert_int_equal(f->start_ns, 0);
	/* a 1500-byte MTU less 20 B of IP, 20 of TCP, 12 of timestamps */
	assert_int_equal(f->mss, 1500 - 20 - 20 - 12);
	assert_int_equal(f->cc, CC_NEWRENO);
	assert_int_equal(f->initial_window, 10);
	assert_int_equal(f->min_rto_ns, 200 * NS_PER_MS); /* TCP_RTO_MIN */
	assert_int_equal(f->send_buffer, 256 * KIB);
	assert_true(f->write_rate_bps == SCENARIO_UNLIMITED);
	assert_true(f->write_total == SCENARIO_UNLIMITED);
	assert_int_equal(f->write_size, 64 * KIB);
	assert_int_equal(f->on_full, ON_FULL_BLOCK);
	assert_true(f->nagle);
	assert_int_equal(f->extra_delay_ns, 0);
	assert_int_equal(f->isn, 0);
	assert_null(f->drop_segments);
	assert_int_equal(f->n_drop_segments, 0);
	assert_int_equal(f->receive_buffer, 64 * KIB);
	assert_true(f->read_rate_bps == SCENARIO_UNLIMITED);
	assert_int_equal(f->read_size, 64 * KIB);
	assert_int_equal(f->readers, 1);
	assert_true(f->delayed_ack);
	assert_int_equal(f->ack_delay_ns, 40 * NS_PER_MS);
	assert_true(f->window_scale);
	assert_true(f->sws_avoidance);
	/* the Linux variants of every mechanism stack = linux names */
	assert_int_equal(f->nagle, NAGLE_MINSHALL);
	assert_int_equal(f->ack_policy, ACK_POLICY_LINUX);
	assert_int_equal(f->rto_clamp, RTO_CLAMP_LINUX);
	assert_int_equal(f->window_probe, WINDOW_PROBE_LINUX);
	assert_true(f->sack);
	assert_true(f->limited_transmit);
	assert_true(f->careful_timeout);
	assert_true(f->byte_counting);
	assert_true(f->hystart);
	assert_true(f->restart_after_idle);
	assert_int_equal(f->gso, GSO_LINUX);
	/* not a stack key: the send buffer does not grow as Linux's does */
	assert_int_equal(f->write_wakeup, WRITE_WAKEUP_ROOM);
}

static void
assert_defaults(const struct scenario *sc)
{
	assert_int_equal(sc->sim.duration_ns, 10 * NS_PER_S);
	assert_int_equal(sc->sim.seed, 1);
	assert_int_equal(sc->sim.sample_interval_ns, 10 * NS_PER_MS);
	assert_int_equal(sc->link.rate_bps, 10 * MBIT);
	assert_int_equal(sc->link.delay_ns, 20 * NS_PER_MS);
	assert_int_equal(sc->link.queue_limit, 100);
	assert_true(sc->link.queue_in_packets);
	assert_true(sc->link.loss == 0);
	assert_int_equal(sc->link.header_bytes, 40);
	assert_true(sc->link.reverse_rate_bps == SCENARIO_UNLIMITED);
	assert_int_equal(sc->n_flows, 1);
	assert_string_equal(sc->flows[0].name, "flow1");
	assert_int_equal(sc->flows[0].line, 0);
	assert_flow_defaults(&sc->flows[0]);
	assert_int_equal(sc->n_timeline, 0);
}

/* ---- defaults and the contract's example ---- */

static void
test_empty_file_is_defaults(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "");
	assert_string_equal(sc.name, "t.ini");
	assert_defaults(&sc);
	scenario_free(&sc);
	load_ok(&sc, "# only a comment\n\n; and another\n");
	assert_defaults(&sc);
	scenario_free(&sc);
}

static void
test_init_defaults(void **state)
{
	struct scenario sc;
	struct flow_config flow;

	(void)state;
	scenario_init_defaults(&sc);
	assert_defaults(&sc);
	scenario_free(&sc);
	scenario_flow_defaults(&flow, "bulk");
	assert_string_equal(flow.name, "bulk");
	assert_flow_defaults(&flow);
}

/*
 * A flow keeps the keys it was given, each with its line and text: a copy
 * has its own (the original freed, the copy still reads them), a key given
 * again takes the later line and text, and the simulator's copy
 * (scenario_copy_values()) keeps values and no marks.
 */
static void
test_flow_key_marks(void **state)
{
	struct scenario sc, copy, values;
	char *errs;

	(void)state;
	assert_int_equal(load(&sc,
			      "[flow a]\n"		/* 1 */
			      "send_buffer = 1MiB\n"	/* 2 */
			      "[flow b]\n"		/* 3 */
			      "mss = 1000B\n"		/* 4 */
			      "read_rate = 2Mbit/s\n" /* 5 */
			      "mss = 500B\n",		/* 6 */
			      &errs),
			 0);
	assert_non_null(strstr(errs, "'mss' given twice (first on line 4)"));
	free(errs);
	assert_int_equal(flow_key_line(&sc.flows[0], KEY_SEND_BUFFER), 2);
	assert_string_equal(flow_key_text(&sc.flows[0], KEY_SEND_BUFFER),
			    "1MiB");
	assert_int_equal(flow_key_line(&sc.flows[0], KEY_MSS),
			 SCENARIO_LINE_DEFAULT);
	assert_int_equal(flow_key_line(&sc.flows[1], KEY_MSS), 6);
	assert_string_equal(flow_key_text(&sc.flows[1], KEY_MSS), "500B");
	assert_int_equal(sc.flows[1].mss, 500);
	assert_int_equal(sc.flows[1].marks.n, 2); /* mss once, read_rate */

	scenario_copy(&copy, &sc);
	scenario_copy_values(&values, &sc);
	scenario_free(&sc);
	assert_int_equal(flow_key_line(&copy.flows[1], KEY_READ_RATE), 5);
	assert_string_equal(flow_key_text(&copy.flows[1], KEY_READ_RATE),
			    "2Mbit/s");
	assert_int_equal(copy.flows[1].read_rate_bps, values.flows[1].read_rate_bps);
	for (size_t i = 0; i < values.n_flows; i++) {
		assert_int_equal(values.flows[i].marks.n, 0);
		assert_null(values.flows[i].marks.v);
		assert_int_equal(flow_key_line(&values.flows[i], KEY_MSS),
				 SCENARIO_LINE_DEFAULT);
	}
	assert_int_equal(values.flows[1].mss, 500);

	/* a text longer than the room is not kept, the line is */
	flow_key_note(&copy.flows[0], KEY_WRITE_SIZE, SCENARIO_LINE_SET,
		      "123456789012345B");
	assert_int_equal(flow_key_line(&copy.flows[0], KEY_WRITE_SIZE),
			 SCENARIO_LINE_SET);
	assert_string_equal(flow_key_text(&copy.flows[0], KEY_WRITE_SIZE), "");
	scenario_free(&copy);
	scenario_free(&values);
}

static void
test_contract_example(void **state)
{
	struct scenario sc;
	const struct timeline_entry *t;

	(void)state;
	load_ok(&sc, contract_example);
	assert_int_equal(sc.sim.duration_ns, 30 * NS_PER_S);
	assert_int_equal(sc.link.rate_bps, 10 * MBIT);
	assert_int_equal(sc.link.delay_ns, 20 * NS_PER_MS);
	assert_int_equal(sc.link.queue_limit, 50);
	assert_true(sc.link.queue_in_packets);
	assert_int_equal(sc.n_flows, 1);
	assert_string_equal(sc.flows[0].name, "bulk");
	assert_int_equal(sc.flows[0].line, 10);
	assert_int_equal(sc.flows[0].receive_buffer, 64 * KIB);
	assert_int_equal(sc.flows[0].read_rate_bps, 100 * 1000 * 8);
	assert_int_equal(flow_key_line(&sc.flows[0], KEY_READ_RATE), 12);
	assert_string_equal(flow_key_text(&sc.flows[0], KEY_READ_RATE),
			    "100KB/s");
	assert_int_equal(flow_key_line(&sc.flows[0], KEY_WRITE_RATE),
			 SCENARIO_LINE_DEFAULT);
	assert_string_equal(flow_key_text(&sc.flows[0], KEY_WRITE_RATE), "");
	assert_int_equal(sc.key_line[KEY_LINK_QUEUE], 8);
	assert_int_equal(sc.key_line[KEY_LINK_LOSS], SCENARIO_LINE_DEFAULT);

	assert_int_equal(sc.n_timeline, 2);
	t = &sc.timeline[0];
	assert_int_equal(t->at_ns, 10 * NS_PER_S);
	assert_int_equal(t->line, 15);
	assert_int_equal(t->target, TARGET_FLOW);
	assert_int_equal(t->flow, 0);
	assert_int_equal(t->key, KEY_READ_RATE);
	assert_int_equal(t->value.u, 0);
	assert_string_equal(t->text, "bulk.read_rate = 0");
	t = &sc.timeline[1];
	assert_int_equal(t->at_ns, 15 * NS_PER_S);
	assert_int_equal(t->line, 16);
	assert_int_equal(t->value.u, 1000 * 1000 * 8);
	assert_string_equal(t->text, "bulk.read_rate = 1MB/s");
	scenario_free(&sc);
}

/* ---- syntax ---- */

static void
test_comments(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "# a comment\n"
		     "; another\n"
		     "   # indented\n"
		     "[link] # after a header\n"
		     "rate = 5Mbit/s # after a value\n"
		     "delay = 7ms ; the other kind\n"
		     "header=20B#tight\n"
		     "[flow a] ; named\n"
		     "[timeline] # lines\n"
		     "1s: a.nagle = off # after a timeline line\n");
	assert_int_equal(sc.link.rate_bps, 5 * MBIT);
	assert_int_equal(sc.link.delay_ns, 7 * NS_PER_MS);
	assert_int_equal(sc.link.header_bytes, 20);
	assert_string_equal(sc.flows[0].name, "a");
	assert_int_equal(sc.n_timeline, 1);
	assert_false(sc.timeline[0].value.on);
	assert_string_equal(sc.timeline[0].text, "a.nagle = off");
	scenario_free(&sc);
}

/* nagle = minshall: a third word for a switch, on the timeline too. */
static void
test_nagle_minshall_value(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "[flow a]\nnagle = minshall\n[timeline]\n"
		     "1s: a.nagle = on\n2s: a.nagle = minshall\n");
	assert_int_equal(sc.flows[0].nagle, NAGLE_MINSHALL);
	assert_true(sc.timeline[1].value.on); /* some form of Nagle */
	assert_string_equal(sc.timeline[0].text, "a.nagle = on");
	assert_string_equal(sc.timeline[1].text, "a.nagle = minshall");
	scenario_apply(&sc, TARGET_FLOW, 0, KEY_NAGLE, &sc.timeline[0].value);
	assert_int_equal(sc.flows[0].nagle, NAGLE_ON);
	scenario_apply(&sc, TARGET_FLOW, 0, KEY_NAGLE, &sc.timeline[1].value);
	assert_int_equal(sc.flows[0].nagle, NAGLE_MINSHALL);
	assert_string_equal(scenario_choice_word(KEY_NAGLE, NAGLE_MINSHALL),
			    "minshall");
	assert_string_equal(
		scenario_choice_word(KEY_ACK_POLICY, ACK_POLICY_LINUX),
		"linux");
	scenario_free(&sc);
}

static void
test_crlf_and_bom(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "\xEF\xBB\xBF[link]\r\n"
		     "rate = 5Mbit/s\r\n"
		     "[flow a]\r\n"
		     "mss = 1000B\r\n");
	assert_int_equal(sc.link.rate_bps, 5 * MBIT);
	assert_int_equal(sc.flows[0].mss, 1000);
	scenario_free(&sc);
	/* the line numbers stay right, and no '\r' leaks into messages */
	load_fails_with("\xEF\xBB\xBF[link]\r\nrate = 0\r\n",
			"t.ini:2: rate = 0: must be more than 0 and at most "
			"2^50 bit/s\n");
}

static void
test_malformed_lines(void **state)
{
	(void)state;
	load_fails_on("[link\n", 1, "missing ']'");
	load_fails_on("[link] x\n", 1, "text after ']'");
	load_fails_on("[ ]\n", 1, "empty section name");
	load_fails_on("[link]\nrate\n", 2, "expected 'key = value'");
	load_fails_on("[link]\n= 5Mbit/s\n", 2, "missing key before '='");
	load_fails_on("[link]\nrate =\n", 2, "rate = : missing value");
	load_fails_on("[timeline]\nbulk.read_rate = 0\n", 2,
		      "expected 'TIME: KEY = VALUE'");
	load_fails_on("[timeline]\n: flow1.nagle = off\n", 2,
		      "missing time before ':'");
}

static void
test_nul_byte_and_long_line(void **state)
{
	static const char binary[] = "[link]\nrate = 1\0Mbit/s\nx\ny\n";
	struct scenario sc;
	char *text;
	char *errs;
	size_t len;
	FILE *f;
	int line = 2;

	(void)state;
	/* one message for a binary file, not one per line */
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_string(&sc, "t.ini", binary,
					      sizeof binary - 1, f),
			 -1);
	fclose(f);
	assert_error_lines(errs, &line, 1);
	assert_contains(errs, "NUL byte");
	free(errs);
	scenario_free(&sc);

	text = malloc(5000);
	assert_non_null(text);
	strcpy(text, "[link]\n# ");
	memset(text + 9, 'x', 4100);
	strcpy(text + 4109, "\nrate = 0\n");
	assert_int_equal(load(&sc, text, &errs), -1);
	assert_error_lines(errs, (const int[]){2, 3}, 2);
	assert_contains(errs, "longer than 4096 bytes");
	free(errs);

	/* 4096 bytes exactly is fine, and the CR of CR LF does not count */
	strcpy(text, "[link]\r\n# ");
	memset(text + 10, 'x', 4096 - 2);
	strcpy(text + 10 + 4096 - 2, "\r\nrate = 1Mbit/s\r\n");
	load_ok(&sc, text);
	assert_int_equal(sc.link.rate_bps, 1 * MBIT);
	free(text);
	scenario_free(&sc);
}

/* ---- keys and sections ---- */

static void
test_duplicate_key_warns_later_wins(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(
		load(&sc, "[link]\nrate = 1Mbit/s\nrate = 2Mbit/s\n", &errs),
		0);
	assert_string_equal(errs, "t.ini:3: warning: 'rate' given twice (first "
				  "on line 2); using this value\n");
	assert_int_equal(sc.link.rate_bps, 2 * MBIT);
	assert_int_equal(sc.key_line[KEY_LINK_RATE], 3);
	free(errs);
	scenario_free(&sc);

	/* the same key in two flows is no repeat */
	load_ok(&sc, "[flow a]\nmss = 1000B\n[flow b]\nmss = 1200B\n");
	assert_int_equal(sc.flows[0].mss, 1000);
	assert_int_equal(sc.flows[1].mss, 1200);
	scenario_free(&sc);
}

static void
test_unknown_section(void **state)
{
	(void)state;
	/* its keys are skipped, not reported one by one */
	load_fails_with(
		"[foo]\nx = 1\n",
		"t.ini:1: unknown section [foo]; the sections are "
		"[simulation], [link], [flow NAME], [timeline] and [lesson]\n");
	load_fails_on("[lnk]\n", 1, "did you mean [link]?");
	load_fails_on("[simulation fast]\n", 1, "[simulation] takes no name");
	/* [link NAME] is a named link; [link link] is not one */
	load_fails_on("[link link]\n", 1, "[link link]: 'link' is the default");
}

static void
test_section_only_once(void **state)
{
	(void)state;
	/* the refused section's keys are checked too: every error shows */
	load_fails_with(
		"[link]\nrate = 1Mbit/s\n[simulation]\n[link]\nrate = 0\n",
		"t.ini:4: [link] appears twice (first on line 1); a "
		"section may appear only once\n"
		"t.ini:5: rate = 0: must be more than 0 and at most 2^50 "
		"bit/s\n");
}

/*
 * Every error of a file is reported with its line, those under a refused
 * header included: a teacher who fixes the header must not then meet a
 * second round of errors that were there all along.
 */
static void
test_errors_under_refused_headers(void **state)
{
	(void)state;
	load_fails_with(
		"[link]\n"
		"[link]\n"
		"rte = 1Mbit/s\n"
		"delay = soon\n"
		"[simulation]\n"
		"[simulation]\n"
		"duration = 0s\n",
		"t.ini:2: [link] appears twice (first on line 1); a "
		"section may appear only once\n"
		"t.ini:3: unknown key 'rte' in [link]; did you mean "
		"'rate'?\n"
		"t.ini:4: delay = soon: 'soon' is not a time; write a "
		"number and a unit, such as 20ms\n"
		"t.ini:6: [simulation] appears twice (first on line 5); "
		"a section may appear only once\n"
		"t.ini:7: duration = 0s: must be more than 0 and at most "
		"30 days\n");
	load_fails_with("[flow a]\n"
			"[timeline]\n"
			"1s: a.read_rate = 0\n"
			"[timeline]\n"
			"2s: b.read_rate = 0\n"
			"3s: a.read_rate = fast\n",
			"t.ini:4: [timeline] appears twice (first on line 2); "
			"a section may appear only once\n"
			"t.ini:5: unknown flow 'b' in the timeline; flows: a\n"
			"t.ini:6: a.read_rate = fast: 'fast' is not a rate; "
			"write a number and a unit, such as 10Mbit/s\n");
	/* a badly named flow, a named [link]: their keys are checked */
	load_fails_with("[flow a.b]\nmss = 0\nread_rte = 0\n",
			"t.ini:1: flow name 'a.b' may hold only letters, "
			"digits, '_' and '-'\n"
			"t.ini:2: mss = 0: must be between 1 B and 65495 B\n"
			"t.ini:3: unknown key 'read_rte' in [flow]; did you "
			"mean 'read_rate'?\n");
	load_fails_with(
		"[simulation fast]\nduration = 0\n",
		"t.ini:1: [simulation] takes no name; only flows, links and "
		"relays have names, as in [flow bulk]\n"
		"t.ini:2: duration = 0: must be more than 0 and at most 30 "
		"days\n");
	load_fails_with("[link link]\nrate = 0\n",
			"t.ini:1: [link link]: 'link' is the default link's "
			"name; write [link] for it, or choose another name\n"
			"t.ini:2: rate = 0: must be more than 0 and at most "
			"2^50 bit/s\n");
	/* what the refused header held does not leak into the flows */
	load_fails_with("[flow a]\n[flow a]\nmss = 0\n[timeline]\n"
			"1s: a.mss = 1B\n",
			"t.ini:2: flow 'a' is already defined on line 1\n"
			"t.ini:3: mss = 0: must be between 1 B and 65495 B\n"
			"t.ini:5: 'a.mss' cannot change during a run\n");
}

static void
test_unknown_key_suggestion(void **state)
{
	(void)state;
	load_fails_with("[flow bulk]\nread_rte = 1MB/s\n",
			"t.ini:2: unknown key 'read_rte' in [flow bulk]; did "
			"you mean 'read_rate'?\n");
	load_fails_with("[link]\nqueu = 10 packets\n",
			"t.ini:2: unknown key 'queu' in [link]; did you mean "
			"'queue'?\n");
	load_fails_with("[link]\nflavour = 1\n",
			"t.ini:2: unknown key 'flavour' in [link]\n");
}

static void
test_key_from_another_section(void **state)
{
	(void)state;
	load_fails_with("[flow bulk]\nrate = 1Mbit/s\n",
			"t.ini:2: unknown key 'rate' in [flow bulk]; 'rate' "
			"belongs in [link]\n");
	load_fails_on("[link]\nmss = 1000B\n", 2,
		      "'mss' belongs in [flow NAME]");
	load_fails_on("[simulation]\ndelay = 1ms\n", 2,
		      "'delay' belongs in [link]");
	load_fails_on("rate = 1Mbit/s\n", 1,
		      "before any section header; it belongs in [link]");
	load_fails_on("[link]\n5s: bulk.read_rate = 0\n", 2,
		      "looks like a timeline line");
}

static void
test_bare_number_for_a_time(void **state)
{
	(void)state;
	load_fails_on(
		"[link]\ndelay = 20\n", 2,
		"delay = 20: '20' has no unit, and units are never guessed");
}

/* ---- ranges ---- */

struct range_case {
	const char *section; /* "[link]" */
	const char *line;    /* "rate = 0" */
	bool ok;	     /* accepted? */
	const char *message; /* when refused: part of the message */
};

/* Load each "SECTION\nLINE\n": accepted, or refused on line 2 with the
 * expected message. */
static void
check_range_cases(const struct range_case *cases, size_t n)
{
	struct scenario sc;
	char text[256];
	char *errs;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(text, sizeof text, "%s\n%s\n", cases[i].section,
			 cases[i].line);
		rc = load(&sc, text, &errs);
		if (cases[i].ok && rc != 0)
			fail_msg("'%s' refused:\n%s", cases[i].line, errs);
		if (!cases[i].ok && rc != -1)
			fail_msg("'%s' accepted", cases[i].line);
		if (!cases[i].ok) {
			assert_error_lines(errs, (const int[]){2}, 1);
			assert_contains(errs, cases[i].message);
		}
		free(errs);
		scenario_free(&sc);
	}
}

static void
test_ranges(void **state)
{
	static const struct range_case cases[] = {
		{"[link]", "rate = 0", false, "rate = 0: must be more than 0"},
		{"[link]", "rate = unlimited", false, "not allowed"},
		{"[link]", "rate = 1bit/s", true, NULL},
		{"[flow a]", "mss = 0", false,
		 "mss = 0: must be between 1 B and 65495 B"},
		{"[flow a]", "mss = 65495B", true, NULL},
		{"[flow a]", "mss = 65496B", false, "between 1 B and 65495 B"},
		{"[flow a]", "readers = 0", false,
		 "readers = 0: must be between 1 and 1000"},
		{"[flow a]", "readers = 1000", true, NULL},
		{"[flow a]", "readers = 1001", false, "between 1 and 1000"},
		{"[flow a]", "ack_delay = 500ms", false,
		 "ack_delay = 500ms: must be more than 0 and less than 500ms"},
		{"[flow a]", "ack_delay = 499.999999ms", true, NULL},
		{"[flow a]", "ack_delay = 0", false, "more than 0"},
		{"[link]", "delay = -1ms", false, "must not be negative"},
		{"[link]", "delay = 0", true, NULL},
		{"[link]", "loss = 1", true, NULL}, /* a black hole */
		{"[link]", "loss = 100.1%", false, "between 0 and 1"},
		{"[link]", "queue = 0 packets", false, "at least 1 packet"},
		{"[link]", "queue = 1B", true, NULL},
		{"[link]", "header = 1000B", true, NULL},
		{"[link]", "header = 1001B", false, "between 0 B and 1000 B"},
		{"[link]", "reverse_rate = 0", false, "or unlimited"},
		{"[simulation]", "duration = 0s", false, "more than 0"},
		{"[simulation]", "duration = 43200min", true, NULL}, /* 30 d */
		{"[simulation]", "duration = 43201min", false, "30 days"},
		{"[simulation]", "sample_interval = 0", false, "more than 0"},
		{"[simulation]", "seed = 18446744073709551615", true, NULL},
		{"[flow a]", "isn = 4294967295", true, NULL},
		{"[flow a]", "isn = 4294967296", false,
		 "between 0 and 4294967295"},
		{"[flow a]", "initial_window = 0", false,
		 "between 1 and 10000"},
		{"[flow a]", "min_rto = 0", true, NULL},
		{"[flow a]", "write_rate = 0", true, NULL},
		{"[flow a]", "read_rate = 0", true, NULL},
		{"[flow a]", "write_total = 0", false, "or unlimited"},
		{"[flow a]", "send_buffer = 1125899906842624B", true, NULL},
		{"[flow a]", "send_buffer = 1125899906842625B", false, "2^50"},
		{"[flow a]", "receive_buffer = 1GiB", true, NULL},
		{"[flow a]", "receive_buffer = 1.5GiB", false,
		 "between 1 B and 1 GiB"},
		{"[flow a]", "write_size = 0", false, "between 1 B"},
		{"[flow a]", "cc = vegas", false,
		 "'vegas' is not one of none, reno, newreno, cubic"},
		{"[flow a]", "on_full = shed", false, "block, drop"},
		{"[flow a]", "nagle = maybe", false, "use on or off"},
		{"[flow a]", "nagle = maybe", false, "or minshall"},
		{"[flow a]", "nagle = minshall", true, NULL},
		{"[flow a]", "nagle = yes", true, NULL},
		{"[flow a]", "ack_policy = linux", true, NULL},
		{"[flow a]", "ack_policy = bsd", false,
		 "'bsd' is not one of textbook, linux"},
		{"[flow a]", "rto_clamp = linux", true, NULL},
		{"[flow a]", "rto_clamp = rfc2988", false, "rfc6298, linux"},
		{"[flow a]", "window_probe = linux", true, NULL},
		{"[flow a]", "window_probe = rfc793", false, "rfc9293, linux"},
		{"[flow a]", "gso = linux", true, NULL},
		{"[flow a]", "gso = on", false,
		 "'on' is not one of off, linux"},
		{"[flow a]", "write_wakeup = room", true, NULL},
		{"[flow a]", "write_wakeup = half", false, "room, linux"},
		{"[flow a]", "drop_segments = 0", false, "numbered from 1"},
		{"[flow a]", "drop_segments = 1,,2", false, "empty entry"},
	};

	(void)state;
	check_range_cases(cases, sizeof cases / sizeof cases[0]);
}

/* One value of one key, loaded alone in its section. */
static struct scenario
load_value(const char *section, const char *line)
{
	char text[256];
	struct scenario sc;

	snprintf(text, sizeof text, "%s\n%s\n", section, line);
	load_ok(&sc, text);
	return sc;
}

/*
 * A limit judges the value as written, though values are stored in whole
 * nanoseconds, bits per second and bytes.  "less than 500ms": every value
 * under 500 ms is taken, however many decimals it has, and is stored as
 * the largest whole nanosecond under the limit when rounding would reach
 * it; 500ms itself is refused.  "more than 0" likewise at the bottom.  An
 * included limit ("at most 30 days", "at least 1 B") refuses a value just
 * beyond it even when that value rounds onto the limit.
 */
static void
test_ranges_judge_the_written_value(void **state)
{
	static const struct range_case cases[] = {
		{"[flow a]", "ack_delay = 499.999999999ms", true, NULL},
		{"[flow a]", "ack_delay = 499.9999999ms", true, NULL},
		{"[flow a]", "ack_delay = 499.9999995ms", true, NULL},
		{"[flow a]", "ack_delay = 499999999ns", true, NULL},
		{"[flow a]", "ack_delay = 500ms", false, "less than 500ms"},
		{"[flow a]", "ack_delay = 500.0000000001ms", false,
		 "less than 500ms"},
		{"[flow a]", "ack_delay = 0.5s", false, "less than 500ms"},
		{"[flow a]", "ack_delay = 0.4ns", true, NULL},
		{"[flow a]", "ack_delay = 0ns", false, "more than 0"},
		{"[simulation]", "duration = 0.1ns", true, NULL},
		{"[simulation]", "duration = 720h", true, NULL},
		{"[simulation]", "duration = 720.0000000000001h", false,
		 "at most 30 days"},
		{"[simulation]", "sample_interval = 0.3ns", true, NULL},
		{"[link]", "rate = 0.4bit/s", true, NULL},
		{"[link]", "rate = 0bit/s", false, "more than 0"},
		{"[link]", "reverse_rate = 0.2bit/s", true, NULL},
		{"[flow a]", "mss = 0.6B", false, "between 1 B and 65495 B"},
		{"[flow a]", "mss = 65495.4B", false,
		 "between 1 B and 65495 B"},
		{"[flow a]", "mss = 1B", true, NULL},
		{"[link]", "queue = 0.6B", false, "at least 1 packet (or 1 B)"},
		{"[link]", "header = 1000.3B", false, "between 0 B and 1000 B"},
		{"[flow a]", "receive_buffer = 1.0000000001GiB", false,
		 "between 1 B and 1 GiB"},
		{"[link]", "delay = 720h", true, NULL},
		{"[link]", "delay = 720.0000000000001h", false,
		 "at most 30 days"},
	};
	struct scenario sc;

	(void)state;
	check_range_cases(cases, sizeof cases / sizeof cases[0]);

	/* What is stored: the nearest whole unit within the limits. */
	sc = load_value("[flow a]", "ack_delay = 499.999999999ms");
	assert_int_equal(sc.flows[0].ack_delay_ns, 500 * NS_PER_MS - 1);
	scenario_free(&sc);
	sc = load_value("[flow a]", "ack_delay = 499.9999994ms");
	assert_int_equal(sc.flows[0].ack_delay_ns, 500 * NS_PER_MS - 1);
	scenario_free(&sc);
	sc = load_value("[flow a]", "ack_delay = 0.4ns");
	assert_int_equal(sc.flows[0].ack_delay_ns, 1);
	scenario_free(&sc);
	sc = load_value("[simulation]", "duration = 0.1ns");
	assert_int_equal(sc.sim.duration_ns, 1);
	scenario_free(&sc);
	sc = load_value("[link]", "rate = 0.4bit/s");
	assert_int_equal(sc.link.rate_bps, 1);
	scenario_free(&sc);
	/* away from a limit, rounding is to the nearest, halves up */
	sc = load_value("[flow a]", "ack_delay = 40.0000005ms");
	assert_int_equal(sc.flows[0].ack_delay_ns, 40 * NS_PER_MS + 1);
	scenario_free(&sc);
}

/* The same rule for --set and for the time of a timeline line. */
static void
test_ranges_judge_the_written_value_everywhere(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, "[flow a]\n");
	assert_int_equal(set(&sc, "a.ack_delay=499.999999999ms", &errs), 0);
	free(errs);
	assert_int_equal(sc.flows[0].ack_delay_ns, 500 * NS_PER_MS - 1);
	assert_int_equal(set(&sc, "a.ack_delay=500ms", &errs), -1);
	assert_contains(errs, "less than 500ms");
	free(errs);
	scenario_free(&sc);

	load_ok(&sc, "[simulation]\nduration = 720h\n[flow a]\n[timeline]\n"
		     "720h: a.ack_delay = 499.999999999ms\n");
	assert_int_equal(sc.n_timeline, 1);
	assert_int_equal(sc.timeline[0].value.time_ns, 500 * NS_PER_MS - 1);
	scenario_free(&sc);
	load_fails_on("[flow a]\n[timeline]\n"
		      "720.0000000000001h: a.ack_delay = 1ms\n",
		      3, "must be at most 30 days");
}

static void
test_drop_segments_sorted_unique(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "[flow a]\ndrop_segments = 310, 300 ,305,300\n"
		     "[flow b]\ndrop_segments = none\n");
	assert_int_equal(sc.flows[0].n_drop_segments, 3);
	assert_int_equal(sc.flows[0].drop_segments[0], 300);
	assert_int_equal(sc.flows[0].drop_segments[1], 305);
	assert_int_equal(sc.flows[0].drop_segments[2], 310);
	assert_int_equal(sc.flows[1].n_drop_segments, 0);
	assert_null(sc.flows[1].drop_segments);
	scenario_free(&sc);
}

static void
test_all_errors_reported(void **state)
{
	static const char text[] = "[link]\n"		   /* 1 */
				   "rate = 0\n"		   /* 2 */
				   "delay = 5ms\n"	   /* 3: fine */
				   "queue = 10\n"	   /* 4 */
				   "loss = lots\n"	   /* 5 */
				   "[flow bulk]\n"	   /* 6 */
				   "mss = 0\n"		   /* 7 */
				   "readers = 2\n"	   /* 8: fine */
				   "read_rte = 1MB/s\n"	   /* 9 */
				   "[timeline]\n"	   /* 10 */
				   "1s: blk.nagle = off\n" /* 11 */
				   "2s: bulk.mss = 1B\n";  /* 12 */
	static const int lines[] = {2, 4, 5, 7, 9, 11, 12};
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(load(&sc, text, &errs), -1);
	assert_error_lines(errs, lines, sizeof lines / sizeof lines[0]);
	free(errs);
	/* nothing useful is left, but it can be freed (again) */
	assert_int_equal(sc.n_flows, 0);
	assert_null(sc.flows);
	scenario_free(&sc);
}

static void
test_errors_sorted_by_line(void **state)
{
	/* the timeline is checked after the whole file, yet its message
	   comes first, in line order */
	static const char text[] = "[timeline]\n"	   /* 1 */
				   "1s: blk.nagle = off\n" /* 2 */
				   "[link]\n"		   /* 3 */
				   "rate = 0\n"		   /* 4 */
				   "[flow bulk]\n";	   /* 5 */
	struct scenario sc;
	char *errs;

	(void)state;
	assert_int_equal(load(&sc, text, &errs), -1);
	assert_error_lines(errs, (const int[]){2, 4}, 2);
	free(errs);
	scenario_free(&sc);
}

/* ---- flows ---- */

static void
test_bare_flow_naming(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "[flow]\n[flow bulk]\n[flow]\nmss = 1000B\n");
	assert_int_equal(sc.n_flows, 3);
	assert_string_equal(sc.flows[0].name, "flow1");
	assert_string_equal(sc.flows[1].name, "bulk");
	assert_string_equal(sc.flows[2].name, "flow3");
	assert_int_equal(sc.flows[2].line, 3);
	assert_int_equal(sc.flows[2].mss, 1000);
	assert_int_equal(sc.flows[0].mss, 1500 - 20 - 20 - 12); /* linux */
	scenario_free(&sc);
	/* its position counts refused headers too: here it is flow2 */
	load_fails_with("[flow bad.name]\n[flow]\n[flow flow2]\n",
			"t.ini:1: flow name 'bad.name' may hold only letters, "
			"digits, '_' and '-'\n"
			"t.ini:3: flow 'flow2' is already defined on line 2\n");
}

static void
test_duplicate_flow_name(void **state)
{
	(void)state;
	/* the refused section's keys are reported as well */
	load_fails_with("[flow bulk]\nmss = 1000B\n[flow bulk]\nmss = 0\n",
			"t.ini:3: flow 'bulk' is already defined on line 1\n"
			"t.ini:4: mss = 0: must be between 1 B and 65495 B\n");
	load_fails_on("[flow flow2]\n[flow]\n", 2,
		      "'flow2' is already defined");
}

static void
test_flow_names(void **state)
{
	char text[128];
	struct scenario sc;

	(void)state;
	load_fails_on("[flow a.b]\n", 1, "only letters, digits, '_' and '-'");
	load_fails_on("[flow two words]\n", 1, "only letters");
	load_fails_on("[flow link]\n", 1, "cannot be named 'link'");
	load_fails_on("[flow simulation]\n", 1, "cannot be named 'simulation'");
	snprintf(text, sizeof text, "[flow %0*d]\n", SCENARIO_NAME_MAX + 1, 0);
	load_fails_on(text, 1, "longer than 63 bytes");
	snprintf(text, sizeof text, "[flow %0*d]\n", SCENARIO_NAME_MAX, 0);
	load_ok(&sc, text);
	assert_int_equal(strlen(sc.flows[0].name), SCENARIO_NAME_MAX);
	scenario_free(&sc);
	load_ok(&sc, "[flow Web_2-b]\n");
	assert_string_equal(sc.flows[0].name, "Web_2-b");
	scenario_free(&sc);
}

/* ---- timeline ---- */

static void
test_timeline_sorted_and_stable(void **state)
{
	static const char text[] = "[flow a]\n"		    /* 1 */
				   "[timeline]\n"	    /* 2 */
				   "5s: a.nagle = off\n"    /* 3 */
				   "1s: link.loss = 1%\n"   /* 4 */
				   "5s: a.readers = 3\n"    /* 5 */
				   "0: link.delay = 1ms\n"  /* 6 */
				   "1000ms: a.nagle = on\n" /* 7 */
				   "5s: a.nagle = on\n";    /* 8 */
	static const int order[] = {6, 4, 7, 3, 5, 8};
	struct scenario sc;
	size_t i;

	(void)state;
	load_ok(&sc, text);
	assert_int_equal(sc.n_timeline, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(sc.timeline[i].line, order[i]);
	assert_int_equal(sc.timeline[0].at_ns, 0);
	assert_int_equal(sc.timeline[1].at_ns, 1 * NS_PER_S);
	assert_int_equal(sc.timeline[2].at_ns, 1000 * NS_PER_MS);
	assert_int_equal(sc.timeline[3].at_ns, 5 * NS_PER_S);
	assert_int_equal(sc.timeline[1].target, TARGET_LINK);
	assert_int_equal(sc.timeline[1].key, KEY_LINK_LOSS);
	assert_true(sc.timeline[1].value.prob == 1.0 / 100);
	assert_string_equal(sc.timeline[4].text, "a.readers = 3");
	assert_int_equal(sc.timeline[4].value.u, 3);
	scenario_free(&sc);
}

static void
test_timeline_unknown_flow(void **state)
{
	(void)state;
	load_fails_with("[flow bulk]\n[timeline]\n5s: blk.read_rate = 0\n",
			"t.ini:3: unknown flow 'blk' in the timeline; flows: "
			"bulk; did you mean 'bulk'?\n");
	load_fails_with("[flow a]\n[flow b]\n[timeline]\n5s: zzzz.nagle = on\n",
			"t.ini:4: unknown flow 'zzzz' in the timeline; flows: "
			"a, b\n");
	load_fails_on("[timeline]\n1s: flow1.read_rte = 0\n", 2,
		      "unknown key 'read_rte' in [flow flow1]; did you mean "
		      "'read_rate'?");
	load_fails_on("[timeline]\n1s: nagle = on\n", 2,
		      "did you mean 'flow1.nagle'?");
}

/*
 * The same unknown flow on several lines is told on each (the message is
 * made once and said again); another name, even one it starts, gets its
 * own; a known one after them resolves.
 */
static void
test_timeline_unknown_repeated(void **state)
{
	(void)state;
	load_fails_with("[flow zzzz]\n[timeline]\n1s: zz.nagle = on\n"
			"2s: zz.read_rate = 0\n3s: zzz.nagle = on\n"
			"4s: zz.nagle = on\n5s: zzzz.nagle = off\n",
			"t.ini:3: unknown flow 'zz' in the timeline; flows: "
			"zzzz\n"
			"t.ini:4: unknown flow 'zz' in the timeline; flows: "
			"zzzz\n"
			"t.ini:5: unknown flow 'zzz' in the timeline; flows: "
			"zzzz; did you mean 'zzzz'?\n"
			"t.ini:6: unknown flow 'zz' in the timeline; flows: "
			"zzzz\n");
}

/*
 * Among 30 flows, an unknown one is told with the first 20 names and how
 * many more there are (a file of thousands of flows printed them all on
 * every such line); the guess still looks at all 30: "flwo25" is one swap
 * from flow25, past the names listed.
 */
static void
test_timeline_unknown_among_many(void **state)
{
	char text[2048], want[1024];
	size_t len = 0, wlen;

	(void)state;
	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"[flow flow%d]\n", i);
	len += (size_t)snprintf(text + len, sizeof text - len,
				"[timeline]\n5s: flwo25.nagle = off\n");
	assert_true(len < sizeof text);
	wlen = (size_t)snprintf(want, sizeof want,
				"t.ini:32: unknown flow 'flwo25' in the "
				"timeline; flows:");
	for (int i = 0; i < 20; i++)
		wlen += (size_t)snprintf(want + wlen, sizeof want - wlen,
					 "%s flow%d", i == 0 ? "" : ",", i);
	snprintf(want + wlen, sizeof want - wlen,
		 " and 10 more; did you mean 'flow25'?\n");
	load_fails_with(text, want);
}

static void
test_timeline_fixed_keys(void **state)
{
	(void)state;
	load_fails_with("[flow bulk]\n[timeline]\n5s: bulk.mss = 1000B\n",
			"t.ini:3: 'bulk.mss' cannot change during a run\n");
	load_fails_on("[timeline]\n5s: simulation.duration = 20s\n", 2,
		      "'simulation.duration' cannot change during a run");
	load_fails_on("[timeline]\n5s: link.header = 20B\n", 2,
		      "'link.header' cannot change");
	load_fails_on("[timeline]\n5s: flow1.drop_segments = 3\n", 2,
		      "'flow1.drop_segments' cannot change");
	load_fails_on("[timeline]\n5s: flow1.ack_policy = linux\n", 2,
		      "'flow1.ack_policy' cannot change");
	load_fails_on("[timeline]\n5s: flow1.rto_clamp = linux\n", 2,
		      "'flow1.rto_clamp' cannot change");
	load_fails_on("[timeline]\n5s: flow1.window_probe = linux\n", 2,
		      "'flow1.window_probe' cannot change");
	load_fails_on("[timeline]\n5: flow1.nagle = off\n", 2,
		      "time '5': '5' has no unit");
	load_fails_on("[timeline]\n43201min: flow1.nagle = off\n", 2,
		      "time '43201min': must be at most 30 days");
	load_fails_on("[timeline]\n5s: flow1.readers = 0\n", 2,
		      "flow1.readers = 0: must be between 1 and 1000");
}

static void
test_timeline_before_flows(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, "[timeline]\n"
		     "5s: web.read_rate = 0\n"
		     "6s: bulk.nagle = off\n"
		     "[flow bulk]\n"
		     "[flow web]\n");
	assert_int_equal(sc.n_timeline, 2);
	assert_int_equal(sc.timeline[0].flow, 1);
	assert_int_equal(sc.timeline[1].flow, 0);
	scenario_free(&sc);
	/* and the implicit flow1 exists for the timeline too */
	load_ok(&sc, "[timeline]\n1s: flow1.nagle = off\n");
	assert_int_equal(sc.timeline[0].target, TARGET_FLOW);
	assert_int_equal(sc.timeline[0].flow, 0);
	scenario_free(&sc);
}

static void
test_timeline_past_the_end_warns(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, "[simulation]\nduration = 10s\n[timeline]\n"
		     "20s: link.loss = 1%\n");
	assert_int_equal(sc.n_timeline, 1); /* kept */
	assert_int_equal(validate(&sc, &errs), 0);
	assert_string_equal(errs,
			    "t.ini:4: warning: link.loss = 1% at 20s comes "
			    "after the end of the run (duration 10s); it "
			    "never happens\n");
	free(errs);
	scenario_free(&sc);

	/* a flow that starts after the end, from the file and from --set */
	load_ok(&sc, "[flow a]\nstart = 20s\n[flow b]\n");
	assert_int_equal(validate(&sc, &errs), 0);
	assert_string_equal(errs, "t.ini:2: warning: start = 20s is not before "
				  "the end of the run (duration 10s); flow 'a' "
				  "never starts\n");
	free(errs);
	assert_int_equal(set(&sc, "a.start=1s", &errs), 0);
	free(errs);
	assert_int_equal(set(&sc, "b.start=10s", &errs), 0);
	free(errs);
	assert_int_equal(validate(&sc, &errs), 0);
	assert_string_equal(errs, "--set: warning: b.start = 10s is not before "
				  "the end of the run (duration 10s); flow 'b' "
				  "never starts\n");
	free(errs);
	scenario_free(&sc);
}

/* ---- --set ---- */

static void
test_set_good(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, contract_example);
	assert_int_equal(set(&sc, "bulk.receive_buffer=16KiB", &errs), 0);
	free(errs);
	assert_int_equal(sc.flows[0].receive_buffer, 16 * KIB);
	assert_int_equal(flow_key_line(&sc.flows[0], KEY_RECEIVE_BUFFER),
			 SCENARIO_LINE_SET);
	assert_int_equal(set(&sc, " link.rate = 100Mbit/s ", &errs), 0);
	free(errs);
	assert_int_equal(sc.link.rate_bps, 100 * MBIT);
	assert_int_equal(sc.key_line[KEY_LINK_RATE], SCENARIO_LINE_SET);
	/* keys that cannot change mid-run can still be set before it */
	assert_int_equal(set(&sc, "simulation.seed=42", &errs), 0);
	free(errs);
	assert_int_equal(sc.sim.seed, 42);
	assert_int_equal(set(&sc, "bulk.mss=1000B", &errs), 0);
	free(errs);
	assert_int_equal(sc.flows[0].mss, 1000);
	scenario_free(&sc);

	load_ok(&sc, "");
	assert_int_equal(set(&sc, "flow1.drop_segments=5,3,5", &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(sc.flows[0].n_drop_segments, 2);
	assert_int_equal(sc.flows[0].drop_segments[0], 3);
	assert_int_equal(sc.flows[0].drop_segments[1], 5);
	scenario_free(&sc);
}

static void
set_fails_with(struct scenario *sc, const char *assignment,
	       const char *expected)
{
	char *errs;

	assert_int_equal(set(sc, assignment, &errs), -1);
	assert_string_equal(errs, expected);
	free(errs);
}

static void
test_set_bad(void **state)
{
	struct scenario sc;

	(void)state;
	load_ok(&sc, contract_example);
	set_fails_with(&sc, "link.rate=0",
		       "--set: link.rate = 0: must be more than 0 and at most "
		       "2^50 bit/s\n");
	assert_int_equal(sc.link.rate_bps, 10 * MBIT); /* unchanged */
	set_fails_with(&sc, "blk.read_rate=1MB/s",
		       "--set: unknown flow 'blk'; flows: bulk; did you mean "
		       "'bulk'?\n");
	set_fails_with(&sc, "rate=1Mbit/s",
		       "--set: 'rate' needs its section; did you mean "
		       "'link.rate'?\n");
	set_fails_with(&sc, "read_rate=1MB/s",
		       "--set: 'read_rate' needs its section; did you mean "
		       "'bulk.read_rate'?\n");
	set_fails_with(&sc, "link.speed=1Mbit/s",
		       "--set: unknown key 'speed' in [link]\n");
	set_fails_with(&sc, "link.rate",
		       "--set: 'link.rate' is not KEY=VALUE, such as "
		       "link.rate=100Mbit/s\n");
	set_fails_with(&sc, "bulk.mss=1000",
		       "--set: bulk.mss = 1000: '1000' has no unit, and units "
		       "are never guessed; a size takes B, KB, MB, GB, KiB, "
		       "MiB or GiB (such as 64KiB)\n");
	/* unchanged: stack = linux's 1500 - 20 - 20 - 12 */
	assert_int_equal(sc.flows[0].mss, 1500 - 20 - 20 - 12);
	scenario_free(&sc);
}

/* ---- validation ---- */

static void
test_validate_drop_needs_finite_write_rate(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, "[flow a]\nmss = 1000B\non_full = drop\n");
	assert_int_equal(validate(&sc, &errs), -1);
	assert_error_lines(errs, (const int[]){3}, 1);
	assert_contains(errs,
			"t.ini:3: on_full = drop needs a finite write_rate");
	free(errs);

	assert_int_equal(set(&sc, "a.write_rate=1Mbit/s", &errs), 0);
	free(errs);
	assert_int_equal(validate(&sc, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);

	/* a write that can never fit the buffer would always be dropped */
	assert_int_equal(set(&sc, "a.write_size=1MiB", &errs), 0);
	free(errs);
	assert_int_equal(validate(&sc, &errs), -1);
	assert_contains(errs, "t.ini:3: on_full = drop needs write_size");
	free(errs);
	scenario_free(&sc);

	/* from --set the message says so */
	load_ok(&sc, "[flow a]\n");
	assert_int_equal(set(&sc, "a.on_full=drop", &errs), 0);
	free(errs);
	assert_int_equal(validate(&sc, &errs), -1);
	assert_contains(errs,
			"--set: a.on_full = drop needs a finite write_rate");
	free(errs);
	scenario_free(&sc);
}

static void
test_validate_drop_after_timeline(void **state)
{
	static const char text[] = "[flow a]\n"			    /* 1 */
				   "on_full = drop\n"		    /* 2 */
				   "write_rate = 1Mbit/s\n"	    /* 3 */
				   "[timeline]\n"		    /* 4 */
				   "9s: a.write_rate = 2Mbit/s\n"   /* 5 */
				   "5s: a.write_rate = unlimited\n" /* 6 */
				   "7s: a.on_full = block\n"	    /* 7 */
				   "8s: a.on_full = drop\n";	    /* 8 */
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, text);
	assert_int_equal(validate(&sc, &errs), -1);
	/* 5s makes it wrong; 7s fixes it; 8s breaks it again; 9s fixes it */
	assert_error_lines(errs, (const int[]){6, 8}, 2);
	assert_contains(errs, "t.ini:6: a.write_rate = unlimited: then on_full "
			      "= drop needs a finite write_rate");
	free(errs);
	scenario_free(&sc);

	/* wrong from the start: one message, not one more per entry */
	load_ok(&sc, "[flow a]\non_full = drop\n[timeline]\n"
		     "1s: a.nagle = off\n2s: a.write_size = 1KiB\n");
	assert_int_equal(validate(&sc, &errs), -1);
	assert_error_lines(errs, (const int[]){2}, 1);
	free(errs);
	scenario_free(&sc);
}

static void
test_validate_every_cc(void **state)
{
	struct scenario sc;
	char *errs;

	(void)state;
	load_ok(&sc, "[flow a]\ncc = cubic\n[flow b]\ncc = reno\n"
		     "[flow c]\ncc = none\n[flow d]\ncc = newreno\n");
	assert_int_equal(sc.flows[0].cc, CC_CUBIC);
	assert_int_equal(sc.flows[1].cc, CC_RENO);
	assert_int_equal(sc.flows[2].cc, CC_NONE);
	assert_int_equal(sc.flows[3].cc, CC_NEWRENO);
	assert_int_equal(validate(&sc, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(set(&sc, "a.cc=vegas", &errs), -1);
	assert_contains(errs, "--set: ");
	free(errs);
	scenario_free(&sc);
}

/* ---- copies, names, apply ---- */

static void
test_copy_is_deep(void **state)
{
	struct scenario sc, copy;

	(void)state;
	load_ok(&sc, "[flow a]\ndrop_segments = 4, 2\n[timeline]\n"
		     "1s: a.nagle = off\n");
	scenario_copy(&copy, &sc);
	assert_ptr_not_equal(copy.name, sc.name);
	assert_ptr_not_equal(copy.flows, sc.flows);
	assert_ptr_not_equal(copy.timeline, sc.timeline);
	assert_ptr_not_equal(copy.flows[0].drop_segments,
			     sc.flows[0].drop_segments);
	copy.flows[0].drop_segments[0] = 99;
	copy.timeline[0].at_ns = 7;
	assert_int_equal(sc.flows[0].drop_segments[0], 2);
	assert_int_equal(sc.timeline[0].at_ns, 1 * NS_PER_S);
	/* the copy outlives the original (ASan would catch a shared pointer) */
	scenario_free(&sc);
	assert_string_equal(copy.name, "t.ini");
	assert_string_equal(copy.flows[0].name, "a");
	assert_int_equal(copy.flows[0].n_drop_segments, 2);
	assert_int_equal(copy.flows[0].drop_segments[1], 4);
	assert_string_equal(copy.timeline[0].text, "a.nagle = off");
	scenario_free(&copy);
}

static void
test_names(void **state)
{
	int i, j;

	(void)state;
	assert_string_equal(scenario_key_name(KEY_READ_RATE), "read_rate");
	assert_string_equal(scenario_key_name(KEY_LINK_RATE), "rate");
	assert_string_equal(scenario_key_name(KEY_SWS_AVOIDANCE),
			    "sws_avoidance");
	/* names are unique: "belongs in [link]" relies on it */
	for (i = 0; i < KEY_COUNT; i++)
		for (j = i + 1; j < KEY_COUNT; j++)
			assert_string_not_equal(
				scenario_key_name((enum setting_key)i),
				scenario_key_name((enum setting_key)j));
	assert_string_equal(scenario_cc_name(CC_NONE), "none");
	assert_string_equal(scenario_cc_name(CC_RENO), "reno");
	assert_string_equal(scenario_cc_name(CC_NEWRENO), "newreno");
	assert_string_equal(scenario_cc_name(CC_CUBIC), "cubic");
	assert_string_equal(scenario_on_full_name(ON_FULL_BLOCK), "block");
	assert_string_equal(scenario_on_full_name(ON_FULL_DROP), "drop");
}

static void
test_apply(void **state)
{
	struct scenario sc;
	struct setting_value v = {0};

	(void)state;
	scenario_init_defaults(&sc);
	v.u = 3000;
	v.packets = false;
	scenario_apply(&sc, TARGET_LINK, 0, KEY_LINK_QUEUE, &v);
	assert_int_equal(sc.link.queue_limit, 3000);
	assert_false(sc.link.queue_in_packets);
	v.time_ns = 5 * NS_PER_MS;
	scenario_apply(&sc, TARGET_FLOW, 0, KEY_ACK_DELAY, &v);
	assert_int_equal(sc.flows[0].ack_delay_ns, 5 * NS_PER_MS);
	v.choice = ON_FULL_DROP;
	scenario_apply(&sc, TARGET_FLOW, 0, KEY_ON_FULL, &v);
	assert_int_equal(sc.flows[0].on_full, ON_FULL_DROP);
	scenario_free(&sc);
}

/* ---- input quoted in messages is escaped ---- */

/*
 * No byte of `text` may act on a terminal: no C0 control but the newline
 * that ends each message, no DEL, no C1 control encoded in UTF-8.
 */
static void
assert_terminal_safe(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("control byte 0x%02x in \"%s\"", *p, text);
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fail_msg("C1 control U+00%02X in \"%s\"", p[1], text);
	}
}

/* Loading `text` fails; the messages are safe and contain `shown`. */
static void
load_fails_escaped(const char *text, const char *shown)
{
	struct scenario sc;
	char *errs;

	if (load(&sc, text, &errs) != -1)
		fail_msg("accepted: %s", errs);
	assert_terminal_safe(errs);
	assert_contains(errs, shown);
	free(errs);
	scenario_free(&sc);
}

/*
 * `rate = 1<ESC>[2JMbit/s` would clear the screen of whoever reads the
 * message, if the value were echoed raw.  Every message that quotes the
 * input (values, keys, section and flow names, paths, times, --set text,
 * file names) shows control characters as escapes instead.
 */
static void
test_messages_escape_the_input(void **state)
{
	static const struct {
		const char *text;  /* the scenario */
		const char *shown; /* in the messages */
	} cases[] = {
		{"[link]\nrate = 1\x1b[2JMbit/s\n", "rate = 1\\x1b[2JMbit/s"},
		{"[link]\nrate = 1\x1b[2JMbit/s\n",
		 "unknown unit '\\x1b[2JMbit/s'"},
		{"[link]\nrate = \x1b\n", "'\\x1b' is not a rate"},
		{"[link]\nrate = 10\x07\n", "unknown unit '\\x07'"},
		{"[link]\nrate = 10 \x1b\n", "unknown unit '\\x1b'"},
		{"[link]\nrate = Unlimite\x1b\n", "'Unlimite\\x1b'"},
		{"[link]\nra\x1bte = 1Mbit/s\n", "unknown key 'ra\\x1bte'"},
		{"[link]\nx\x1b.rate = 1\n", "'x\\x1b.rate' is a path"},
		{"[link]\nx\x1b: rate = 1\n", "'x\\x1b: rate' looks like"},
		{"k\x1b = 1\n", "'k\\x1b' comes before any section"},
		{"[l\x1bnk]\n", "unknown section [l\\x1bnk]"},
		{"[flow a\x1b"
		 "b]\n",
		 "flow name 'a\\x1bb' may hold only"},
		{"[flow \x1b"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaa"
		 "]\n",
		 "flow name '\\x1baaaaaaaaaaaaaaaaaaa...' is longer"},
		{"[flow a]\nnagle = o\x1bn\n", "'o\\x1bn' is not a switch"},
		{"[flow a]\ncc = re\x1bno\n", "'re\\x1bno' is not one of"},
		{"[flow a]\nreaders = 1\x1b\n", "'1\\x1b' is not a count"},
		{"[link]\nloss = 0.\x1b\n", "'0.\\x1b' is not a probability"},
		{"[flow a]\ndrop_segments = 3, \x1b\n",
		 "'\\x1b' is not a count"},
		{"[link]\n[link]\nrate = \x1b\n", "'\\x1b' is not a rate"},
		{"[timeline]\n1\x1bs: link.rate = 1Mbit/s\n",
		 "time '1\\x1bs': unknown unit '\\x1bs'"},
		{"[timeline]\n1s: \x1b.rate = 1Mbit/s\n",
		 "unknown flow '\\x1b' in the timeline"},
		{"[timeline]\n1s: link.r\x1bte = 1Mbit/s\n",
		 "unknown key 'r\\x1bte' in [link]"},
		{"[timeline]\n1s: r\x1bte = 1Mbit/s\n",
		 "'r\\x1bte' is not a key path"},
		{"[timeline]\n1s: link.rate = 1\x1b[2JMbit/s\n",
		 "link.rate = 1\\x1b[2JMbit/s: unknown unit"},
		/* C1 controls in UTF-8 (U+009B is an 8-bit CSI), DEL */
		{"[link]\nrate = 1\xc2\x9b"
		 "2JMbit/s\n",
		 "1\\u009b2JMbit/s"},
		{"[link]\nrate = 1\x7fMbit/s\n", "1\\x7fMbit/s"},
	};
	struct scenario sc;
	char path[] = "/tmp/test_scenario_\x1b[2J_XXXXXX";
	char *errs;
	size_t i, len;
	FILE *f;
	int fd;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		load_fails_escaped(cases[i].text, cases[i].shown);

	/* --set: the whole assignment, the path, the value */
	load_ok(&sc, "[flow bulk]\n");
	assert_int_equal(set(&sc, "link.rate=1\x1b[2JMbit/s", &errs), -1);
	assert_terminal_safe(errs);
	assert_contains(errs, "--set: link.rate = 1\\x1b[2JMbit/s: unknown "
			      "unit '\\x1b[2JMbit/s'");
	free(errs);
	assert_int_equal(set(&sc, "\x1b[2J", &errs), -1);
	assert_terminal_safe(errs);
	assert_contains(errs, "'\\x1b[2J' is not KEY=VALUE");
	free(errs);
	assert_int_equal(set(&sc, "b\x1bk.rate=1Mbit/s", &errs), -1);
	assert_terminal_safe(errs);
	assert_contains(errs, "unknown flow 'b\\x1bk'");
	free(errs);
	assert_int_equal(set(&sc, "bulk.read_r\x1bte=1", &errs), -1);
	assert_terminal_safe(errs);
	assert_contains(errs, "unknown key 'read_r\\x1bte' in [flow bulk]");
	free(errs);
	scenario_free(&sc);

	/* a value the parser takes (a vertical tab is a blank) is kept
	 * escaped in the timeline's text, which the player narrates */
	load_ok(&sc, "[timeline]\n1s: link.rate = 1\vMbit/s\n");
	assert_int_equal(sc.n_timeline, 1);
	assert_terminal_safe(sc.timeline[0].text);
	assert_string_equal(sc.timeline[0].text, "link.rate = 1\\x0bMbit/s");
	scenario_free(&sc);

	/* file names: in "cannot read" and in every FILE:LINE */
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, "/nonexistent/\x1b[2J.ini", f),
			 -1);
	fclose(f);
	assert_terminal_safe(errs);
	assert_contains(errs, "cannot read '/nonexistent/\\x1b[2J.ini'");
	free(errs);
	scenario_free(&sc);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, "[link]\nrate = 0\n", 16) == 16);
	close(fd);
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, path, f), -1);
	fclose(f);
	assert_terminal_safe(errs);
	assert_contains(errs, "/tmp/test_scenario_\\x1b[2J_");
	assert_contains(errs, ":2: rate = 0: must be more than 0");
	free(errs);
	scenario_free(&sc);
	unlink(path);
}

/* ---- files ---- */

static void
test_load_file(void **state)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	struct scenario sc;
	char *errs;
	size_t len;
	FILE *f;
	int fd;

	(void)state;
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, "/nonexistent/x.ini", f), -1);
	fclose(f);
	assert_string_equal(errs, "tcpsim: cannot read '/nonexistent/x.ini': "
				  "No such file or directory\n");
	free(errs);
	assert_int_equal(sc.n_flows, 0);
	scenario_free(&sc);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, "[link]\nrate = 0\n", 16) == 16);
	close(fd);
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, path, f), -1);
	fclose(f);
	/* the name is shown as given */
	assert_true(strncmp(errs, path, strlen(path)) == 0);
	assert_true(strncmp(errs + strlen(path), ":2: rate = 0", 12) == 0);
	free(errs);
	scenario_free(&sc);

	/* "-" is standard input, shown as <stdin> */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_true(write(fd, "[link]\nrate = 2Mbit/s\nrate = 3Mbit/s\n", 36) ==
		    36);
	close(fd);
	assert_non_null(freopen(path, "r", stdin));
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, "-", f), 0);
	fclose(f);
	assert_string_equal(sc.name, "<stdin>");
	assert_int_equal(sc.link.rate_bps, 3 * MBIT);
	assert_true(strncmp(errs, "<stdin>:3: warning:", 19) == 0);
	free(errs);
	scenario_free(&sc);
	unlink(path);
}

/*
 * Write a valid scenario of exactly `size` bytes to `path`: a [link]
 * section, then comment lines to fill.
 */
static void
write_scenario_of_size(const char *path, size_t size)
{
	static const char head[] = "[link]\nrate = 2Mbit/s\n";
	char line[1024];
	size_t written = 0;
	FILE *out = fopen(path, "wb");

	assert_non_null(out);
	assert_true(fwrite(head, 1, sizeof head - 1, out) == sizeof head - 1);
	written = sizeof head - 1;
	while (written < size) {
		size_t n = size - written < sizeof line ? size - written
							: sizeof line;

		/* "#xxx...x\n", or a lone "\n" when one byte is left */
		memset(line, 'x', n);
		line[0] = n > 1 ? '#' : '\n';
		line[n - 1] = '\n';
		assert_true(fwrite(line, 1, n, out) == n);
		written += n;
	}
	assert_int_equal(fclose(out), 0);
}

/*
 * "a file at most 16 MiB" (tcpsim-scenario(5), LIMITS): 16 MiB is taken,
 * from a file and from standard input; one byte more is refused.  The
 * files are made here, in a temporary directory, not kept in the tree.
 */
static void
test_file_size_limit_is_inclusive(void **state)
{
	const size_t limit = (size_t)16 * 1024 * 1024;
	char path[] = "/tmp/test_scenario_XXXXXX";
	struct scenario sc;
	struct stat st;
	char *errs;
	size_t len;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);

	write_scenario_of_size(path, limit);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, limit);
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, path, f), 0);
	fclose(f);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(sc.link.rate_bps, 2 * MBIT);
	scenario_free(&sc);

	assert_non_null(freopen(path, "r", stdin));
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, "-", f), 0);
	fclose(f);
	free(errs);
	assert_int_equal(sc.link.rate_bps, 2 * MBIT);
	scenario_free(&sc);

	write_scenario_of_size(path, limit + 1);
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, path, f), -1);
	fclose(f);
	assert_contains(errs, "larger than 16 MiB");
	free(errs);
	scenario_free(&sc);

	assert_non_null(freopen(path, "r", stdin));
	f = capture_open(&errs, &len);
	assert_int_equal(scenario_load_file(&sc, "-", f), -1);
	fclose(f);
	assert_contains(errs, "<stdin>");
	assert_contains(errs, "larger than 16 MiB");
	free(errs);
	scenario_free(&sc);
	unlink(path);
}

/* A generated file with many warnings: the first ten are shown, then a
 * count of the rest; errors are never cut. */
static void
test_warnings_are_capped(void **state)
{
	struct scenario sc;
	char text[4096], *errs;
	size_t len = 0;

	(void)state;
	len += (size_t)snprintf(text + len, sizeof(text) - len, "[link]\n");
	for (int i = 0; i < 16; i++) /* 15 repeats: 15 warnings */
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"rate = %dMbit/s\n", i + 1);
	assert_int_equal(load(&sc, text, &errs), 0);
	assert_int_equal(count_lines(errs), 10 + 1);
	assert_contains(errs, "t.ini: warning: 5 more warnings not shown");
	assert_int_equal(sc.link.rate_bps, 16000000); /* the last one wins */
	free(errs);
	scenario_free(&sc);

	len = (size_t)snprintf(text, sizeof(text), "[flow a]\n[timeline]\n");
	for (int i = 0; i < 13; i++) /* 13 entries after the 10 s end */
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"%ds: a.read_rate = 0\n", 20 + i);
	assert_int_equal(load(&sc, text, &errs), 0);
	free(errs);
	assert_int_equal(validate(&sc, &errs), 0);
	assert_int_equal(count_lines(errs), 10 + 1);
	assert_contains(errs, "3 more timeline entries come after the end");
	free(errs);
	scenario_free(&sc);
}

/*
 * stack = linux: the defaults of a Linux host for every mechanism it
 * names, each as tcpsim-scenario(5) lists it (the values are Linux's own:
 * TCP_RTO_MIN 200 ms, a 1500-byte MTU less 20 B of IP, 20 of TCP and 12
 * of timestamps = 1448 B of payload; net.ipv4.tcp_sack,
 * tcp_slow_start_after_idle on; CUBIC's HyStart).  A key the flow sets
 * itself, before or after `stack`, keeps its value; --set stack=textbook
 * puts the textbook back for the others.
 */
static void
test_stack_sets_the_defaults(void **state)
{
	struct scenario sc;
	const struct flow_config *a, *b;
	char *errs;

	(void)state;
	load_ok(&sc, "[flow a]\nstack = linux\n"
		     "[flow b]\nsack = off\nstack = linux\nmss = 1000B\n"
		     "[flow c]\n");
	a = &sc.flows[0];
	b = &sc.flows[1];
	assert_int_equal(a->stack, TCP_STACK_LINUX);
	assert_int_equal(a->mss, 1500 - 20 - 20 - 12);
	assert_int_equal(a->min_rto_ns, 200 * 1000000LL);
	assert_int_equal(a->nagle, NAGLE_MINSHALL);
	assert_int_equal(a->ack_policy, ACK_POLICY_LINUX);
	assert_int_equal(a->rto_clamp, RTO_CLAMP_LINUX);
	assert_int_equal(a->window_probe, WINDOW_PROBE_LINUX);
	assert_true(a->sack);
	assert_true(a->limited_transmit);
	assert_true(a->careful_timeout);
	assert_true(a->byte_counting);
	assert_true(a->hystart);
	assert_true(a->restart_after_idle);
	assert_int_equal(a->gso, GSO_LINUX);
	assert_int_equal(a->write_wakeup, WRITE_WAKEUP_ROOM);
	/* b's own lines win, before and after `stack` */
	assert_false(b->sack);
	assert_int_equal(b->mss, 1000);
	assert_true(b->limited_transmit);
	/* c has no stack: linux is the default, with the same values */
	assert_int_equal(sc.flows[2].stack, TCP_STACK_LINUX);
	assert_int_equal(sc.flows[2].mss, 1500 - 20 - 20 - 12);
	assert_true(sc.flows[2].sack);
	assert_int_equal(sc.flows[2].nagle, NAGLE_MINSHALL);
	/* back to the textbook from the command line */
	assert_int_equal(set(&sc, "a.stack=textbook", &errs), 0);
	free(errs);
	assert_int_equal(a->mss, 1460);
	assert_false(a->sack);
	assert_false(a->byte_counting);
	assert_int_equal(a->min_rto_ns, 1000 * 1000000LL);
	assert_int_equal(a->gso, GSO_OFF);
	assert_int_equal(a->write_wakeup, WRITE_WAKEUP_ROOM);
	/* and a key given by --set survives a later stack change */
	assert_int_equal(set(&sc, "a.sack=on", &errs), 0);
	free(errs);
	assert_int_equal(set(&sc, "a.stack=linux", &errs), 0);
	free(errs);
	assert_int_equal(set(&sc, "a.stack=textbook", &errs), 0);
	free(errs);
	assert_true(a->sack);
	assert_false(a->limited_transmit);
	scenario_free(&sc);
	load_fails_on("[flow a]\nstack = bsd\n", 2,
		      "stack = bsd: 'bsd' is not one of textbook, linux");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_file_is_defaults),
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_contract_example),
		cmocka_unit_test(test_flow_key_marks),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_nul_byte_and_long_line),
		cmocka_unit_test(test_duplicate_key_warns_later_wins),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_section_only_once),
		cmocka_unit_test(test_errors_under_refused_headers),
		cmocka_unit_test(test_unknown_key_suggestion),
		cmocka_unit_test(test_key_from_another_section),
		cmocka_unit_test(test_bare_number_for_a_time),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_ranges_judge_the_written_value),
		cmocka_unit_test(
			test_ranges_judge_the_written_value_everywhere),
		cmocka_unit_test(test_drop_segments_sorted_unique),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_errors_sorted_by_line),
		cmocka_unit_test(test_bare_flow_naming),
		cmocka_unit_test(test_duplicate_flow_name),
		cmocka_unit_test(test_flow_names),
		cmocka_unit_test(test_timeline_sorted_and_stable),
		cmocka_unit_test(test_timeline_unknown_flow),
		cmocka_unit_test(test_timeline_unknown_among_many),
		cmocka_unit_test(test_timeline_unknown_repeated),
		cmocka_unit_test(test_timeline_fixed_keys),
		cmocka_unit_test(test_nagle_minshall_value),
		cmocka_unit_test(test_timeline_before_flows),
		cmocka_unit_test(test_timeline_past_the_end_warns),
		cmocka_unit_test(test_set_good),
		cmocka_unit_test(test_set_bad),
		cmocka_unit_test(test_validate_drop_needs_finite_write_rate),
		cmocka_unit_test(test_validate_drop_after_timeline),
		cmocka_unit_test(test_validate_every_cc),
		cmocka_unit_test(test_warnings_are_capped),
		cmocka_unit_test(test_copy_is_deep),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_messages_escape_the_input),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_file_size_limit_is_inclusive),
		cmocka_unit_test(test_stack_sets_the_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
