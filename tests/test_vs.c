/* SPDX-License-Identifier: ISC */
/*
 * test_vs.c: `tcpsim run --vs` (cli/vs.h): the difference of two
 * figures by the rule of vs_diff_text(), and the comparison table built
 * from two summaries made by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/vs.h"
#include "trace/summary.h"

static char *
diff(const char *name, const char *a, const char *b)
{
	static char buf[VS_DIFF_BUF];

	return vs_diff_text(buf, name, a, b);
}

static void
test_counts(void **state)
{
	const char *unit;

	(void)state;
	/* B - A, signed, with the thing counted */
	assert_string_equal(diff("queue_max_packets", "30", "26"),
			    "-4 packets");
	assert_string_equal(diff("drops", "0", "12"), "+12 packets");
	assert_string_equal(diff("delivered_bytes", "1000", "2448"),
			    "+1448 bytes");
	assert_string_equal(diff("wire_bytes_departed", "10", "5"), "-5 bytes");
	/* the name is the unit */
	assert_string_equal(diff("retransmits", "7", "10"), "+3");
	assert_true(vs_figure_is_count("timeouts", &unit));
	assert_string_equal(unit, "");
	assert_false(vs_figure_is_count("goodput_bps", &unit));
	assert_false(vs_figure_is_count("srtt_ms", &unit));
	/* a count above 2^53 is still exact: 2^60 - (2^60 + 1) */
	assert_string_equal(
		diff("events", "1152921504606846977", "1152921504606846976"),
		"-1");
	assert_string_equal(diff("events", "5", "5"), "same");
}

static void
test_relative(void **state)
{
	char want[VS_DIFF_BUF];

	(void)state;
	/* (B - A) / A, one decimal */
	assert_string_equal(diff("goodput_bps", "1000000", "1123000"),
			    "+12.3%");
	assert_string_equal(diff("srtt_ms", "50", "25"), "-50.0%");
	snprintf(want, sizeof want, "%+.1f%%", (0.9 - 0.6) / 0.6 * 100.0);
	assert_string_equal(diff("utilization", "0.6", "0.9"), want);
	/* a tiny change keeps its sign */
	assert_string_equal(diff("goodput_bps", "1000000", "1000001"),
			    "<+0.1%");
	assert_string_equal(diff("goodput_bps", "1000000", "999999"), ">-0.1%");
	/* from zero: no ratio, the absolute difference */
	assert_string_equal(diff("queue_mean_delay_ms", "0", "0.25"), "+0.25");
	/* equal, and nothing to compare */
	assert_string_equal(diff("srtt_ms", "41.2", "41.2"), "same");
	assert_string_equal(diff("srtt_ms", "", "41.2"), "");
	assert_string_equal(diff("completion_s", "3", ""), "");
	assert_string_equal(diff("srtt_ms", "x", "1"), "");
}

/* A summary with the flows named in `names`, delivering `bytes` each. */
static void
make_summary(struct summary *s, struct summary_flow *flows,
	     const char *const *names, size_t n, uint64_t bytes,
	     uint64_t queue_max)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->scenario = "x.ini";
	s->seed = 7;
	s->duration_ns = 1000000000;
	s->link.rate_bps = 1000000;
	s->link.queue_max_packets = queue_max;
	s->flows = flows;
	s->n_flows = n;
	s->n_tcp_flows = n;
	s->jain_fairness = 1.0;
	for (i = 0; i < n; i++) {
		memset(&flows[i], 0, sizeof flows[i]);
		flows[i].snap.name = names[i];
		flows[i].snap.delivered_bytes = bytes;
		flows[i].goodput_bps = (double)bytes * 8;
		flows[i].snap.completion_ns = -1;
	}
}

/* The line of `text` that starts with `label` and a blank. */
static const char *
row_of(const char *text, const char *label)
{
	static char line[512];
	const char *p = text;
	size_t l = strlen(label);

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len > l && strncmp(p, label, l) == 0 && p[l] == ' ') {
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			return line;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return "";
}

/* The blank-separated words of a row, from the second on, joined by |. */
static const char *
cells(const char *row)
{
	static char out[512];
	char copy[512], *w, *save = NULL;
	bool first = true;

	snprintf(copy, sizeof copy, "%s", row);
	out[0] = '\0';
	w = strtok_r(copy, " ", &save);
	while ((w = strtok_r(NULL, " ", &save)) != NULL) {
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
			 first ? "" : "|", w);
		first = false;
	}
	return out;
}

static void
test_table(void **state)
{
	static const char *const names_a[] = {"bulk", "web"};
	static const char *const names_b[] = {"bulk", "video"};
	struct summary_flow fa[2], fb[2];
	struct summary a, b;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	(void)state;
	assert_non_null(mem);
	make_summary(&a, fa, names_a, 2, 1000, 30);
	make_summary(&b, fb, names_b, 2, 1500, 26);
	vs_write_table(mem, &a, &b, "a.ini", "A with k=v", "k=v");
	fclose(mem);

	assert_non_null(strstr(text, "A: a.ini, seed 7"));
	assert_non_null(strstr(text, "B: A with k=v, seed 7"));
	assert_non_null(strstr(text, "B differs: k=v\n"));
	assert_string_equal(cells(row_of(text, "link.queue_max_packets")),
			    "30|26|-4|packets");
	/* 1000 -> 1500 bytes: +500 bytes, and goodput +50.0% */
	assert_string_equal(cells(row_of(text, "flow.bulk.delivered_bytes")),
			    "1000|1500|+500|bytes");
	assert_string_equal(cells(row_of(text, "flow.bulk.goodput_bps")),
			    "8000|12000|+50.0%");
	/* a flow of one run only: "-" in the other's column, no difference */
	assert_string_equal(cells(row_of(text, "flow.web.delivered_bytes")),
			    "1000|-");
	assert_string_equal(cells(row_of(text, "flow.video.delivered_bytes")),
			    "-|1500");
	/* a figure without a value (not completed) */
	assert_string_equal(cells(row_of(text, "flow.bulk.completion_s")),
			    "null|null");
	free(text);
}

/* With relays, records and named links, their rows too, by name. */
static void
test_table_relays_links(void **state)
{
	static const char *const names[] = {"up", "down"};
	struct summary_flow fa[2], fb[2];
	struct relay_snapshot ra = {0}, rb = {0};
	struct summary_link la[2], lb[2];
	struct summary a, b;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	(void)state;
	assert_non_null(mem);
	make_summary(&a, fa, names, 2, 1000, 30);
	make_summary(&b, fb, names, 2, 1000, 30);
	a.records = b.records = true;
	fa[1].lag.lag_records = 120;
	fb[1].lag.lag_records = 20;
	ra.name = rb.name = "broker";
	ra.held_records = 100;
	rb.held_records = 40;
	a.relays = &ra;
	b.relays = &rb;
	a.n_relays = b.n_relays = 1;
	memset(la, 0, sizeof la);
	memset(lb, 0, sizeof lb);
	la[0].name = lb[0].name = "link";
	la[1].name = lb[1].name = "access";
	la[1].snap.queue_max_packets = 5;
	lb[1].snap.queue_max_packets = 9;
	a.links = la;
	b.links = lb;
	a.n_links = b.n_links = 2;
	vs_write_table(mem, &a, &b, "a.ini", "A with k=v", "k=v");
	fclose(mem);

	assert_string_equal(cells(row_of(text, "flow.down.lag_records")),
			    "120|20|-100|records");
	assert_non_null(strstr(cells(row_of(text, "relay.broker.held_records")),
			       "100|40|-60"));
	assert_string_equal(
		cells(row_of(text, "links.access.queue_max_packets")),
		"5|9|+4|packets");
	free(text);
}

/*
 * Calls to strcmp() (all but libc's own and cmocka's): this test is
 * linked with -Wl,--wrap=strcmp (Makefile.am), so that a name looked for
 * among all the others shows as a count, not as a time.
 */
int __real_strcmp(const char *x, const char *y);
int __wrap_strcmp(const char *x, const char *y);
static unsigned long long strcmp_calls;

int
__wrap_strcmp(const char *x, const char *y)
{
	strcmp_calls++;
	return __real_strcmp(x, y);
}

/*
 * The strcmp() calls of vs_write_table() for n flows and n / 2 relays in
 * each run, B's in the reverse order of A's (so that no flow is where A
 * has it); checks a row of a flow and of a relay.
 */
static unsigned long long
many_table_compares(size_t n)
{
	struct summary_flow *fa = calloc(n, sizeof *fa),
			    *fb = calloc(n, sizeof *fb);
	struct relay_snapshot *ra = calloc(n / 2, sizeof *ra),
			      *rb = calloc(n / 2, sizeof *rb);
	const char **na = calloc(n, sizeof *na), **nb = calloc(n, sizeof *nb);
	char *names = malloc(n * 16), *text = NULL, label[64];
	struct summary a, b;
	size_t len = 0;
	unsigned long long calls;
	FILE *mem = open_memstream(&text, &len);

	assert_true(fa && fb && ra && rb && na && nb && names && mem);
	for (size_t i = 0; i < n; i++) {
		snprintf(names + 16 * i, 16, "f%zu", i);
		na[i] = nb[n - 1 - i] = names + 16 * i;
	}
	make_summary(&a, fa, na, n, 1000, 30);
	make_summary(&b, fb, nb, n, 1500, 30);
	for (size_t i = 0; i < n / 2; i++) {
		ra[i].name = rb[n / 2 - 1 - i].name = names + 16 * i;
		ra[i].held_records = i;
		rb[n / 2 - 1 - i].held_records = i + 1;
	}
	a.relays = ra;
	b.relays = rb;
	a.n_relays = b.n_relays = n / 2;
	a.records = b.records = true;
	strcmp_calls = 0;
	vs_write_table(mem, &a, &b, "a.ini", "b.ini", "b.ini");
	calls = strcmp_calls;
	fclose(mem);

	/* the same flows and relays, found by name wherever they are */
	snprintf(label, sizeof label, "flow.f%zu.delivered_bytes", n / 3);
	assert_string_equal(cells(row_of(text, label)), "1000|1500|+500|bytes");
	snprintf(label, sizeof label, "relay.f%zu.held_records", n / 5);
	assert_non_null(strstr(cells(row_of(text, label)), "|+1"));
	assert_null(strstr(text, "|-\n"));

	free(text);
	free(fa);
	free(fb);
	free(ra);
	free(rb);
	free(na);
	free(nb);
	free(names);
	return calls;
}

/*
 * Runs whose flows are not in the same order, or are other flows (--vs
 * OTHER.ini): the table costs about the same per flow and relay whatever
 * their number.  Each of one run's was looked for among all of the
 * other's: 4 times the flows made 16 times the comparisons of names.
 */
static void
test_table_many_flows_cost(void **state)
{
	enum { SMALL = 1000, LARGE = 4000 };
	unsigned long long small, large;

	(void)state;
	small = many_table_compares(SMALL);
	large = many_table_compares(LARGE);
	if (large > 6 * small)
		fail_msg("%d flows: %llu comparisons of names, %d flows: %llu",
			 SMALL, small, LARGE, large);
}

static void
test_json(void **state)
{
	static const char *const names[] = {"bulk"};
	struct summary_flow fa[1], fb[1];
	struct summary a, b;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	(void)state;
	assert_non_null(mem);
	make_summary(&a, fa, names, 1, 1000, 30);
	make_summary(&b, fb, names, 1, 2000, 30);
	vs_write_json(mem, &a, &b, "k=\"v\"");
	fclose(mem);
	assert_true(strncmp(text, "{\"a\": {", 7) == 0);
	assert_non_null(strstr(text, "\n\"b\": {"));
	assert_non_null(strstr(text, "\"differs\": \"k=\\\"v\\\"\"}\n"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_relays_links),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_table_many_flows_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
