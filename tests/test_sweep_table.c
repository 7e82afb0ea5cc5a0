/* SPDX-License-Identifier: ISC */
/*
 * test_sweep_table.c: the data of `tcpsim sweep` (cli/sweep.h): --vary
 * lists and ranges, --seeds, the order of the runs, outcome objects read
 * back, table rows and their keys; and the summary's figures one by one
 * (trace/summary.h) against the JSON summary they must repeat.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/sweep.h"
#include "scenario/scenario.h"
#include "model/sim.h"
#include "trace/summary.h"

/* The values of `arg` joined by '|', or "ERROR: reason". */
static char *
vary_text(const char *arg)
{
	static char out[1024];
	struct sweep_vary v;
	char err[256];
	size_t i;

	if (sweep_vary_parse(arg, &v, err, sizeof err) != 0) {
		snprintf(out, sizeof out, "ERROR: %s", err);
		sweep_vary_free(&v);
		return out;
	}
	snprintf(out, sizeof out, "%s:", v.key);
	for (i = 0; i < v.n_values; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
			 i > 0 ? "|" : "", v.values[i]);
	sweep_vary_free(&v);
	return out;
}

static void
test_vary_lists(void **state)
{
	(void)state;
	assert_string_equal(vary_text("link.queue=10pkt, 50pkt ,100pkt"),
			    "link.queue:10pkt|50pkt|100pkt");
	assert_string_equal(vary_text(" bulk.cc = cubic"), "bulk.cc:cubic");
	/* a comma inside a value, and a backslash */
	assert_string_equal(vary_text("bulk.drop_segments=1\\,2,3"),
			    "bulk.drop_segments:1,2|3");
	assert_string_equal(vary_text("k=a\\\\b"), "k:a\\b");
}

static void
test_vary_ranges(void **state)
{
	(void)state;
	assert_string_equal(vary_text("k=1..4"), "k:1|2|3|4");
	assert_string_equal(vary_text("k=10..30:10 packets"),
			    "k:10 packets|20 packets|30 packets");
	/* decimals kept to the finest of the three numbers, no binary
	 * fractions creeping in: 0.1 x 3 is 0.3 */
	assert_string_equal(vary_text("link.loss=0.1%..0.3%:0.1%"),
			    "link.loss:0.1%|0.2%|0.3%");
	assert_string_equal(vary_text("link.loss=0.5%..2%:0.5%"),
			    "link.loss:0.5%|1.0%|1.5%|2.0%");
	/* TO not on a step: the last value below it */
	assert_string_equal(vary_text("k=1..10:4ms"), "k:1ms|5ms|9ms");
	/* a range and plain values mixed */
	assert_string_equal(vary_text("k=1pkt..2pkt,7pkt"), "k:1pkt|2pkt|7pkt");
}

static void
test_vary_errors(void **state)
{
	static const char *const bad[] = {
		"link.queue",	 /* no = */
		"=10pkt",	 /* no key */
		"link.queue=",	 /* empty list */
		"link.queue=  ", /* empty list */
		"k=1,,2",	 /* empty value */
		"k=1,",		 /* empty value at the end */
		"k=5..1",	 /* goes down */
		"k=1..5:0",	 /* step 0 */
		"k=1pkt..5B",	 /* two units */
		"k=a..b",	 /* not numbers */
		"k=1..",	 /* no TO */
		"k=..5",	 /* no FROM */
		"k=0..2000000",	 /* too many values */
		"k=1.2.3..4",	 /* not a number */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *t = vary_text(bad[i]);

		if (strncmp(t, "ERROR: ", 7) != 0)
			fail_msg("--vary '%s' was taken: %s", bad[i], t);
	}
}

static void
test_seeds(void **state)
{
	static const char *const bad[] = {
		"",   "3-1",  "a",     "1-",
		"-3", "1,,2", "1-2-3", "99999999999999999999"};
	uint64_t *seeds;
	size_t n, i;
	char err[256];

	(void)state;
	assert_int_equal(
		sweep_seeds_parse("1-3, 7,5", &seeds, &n, err, sizeof err), 0);
	assert_int_equal(n, 5);
	assert_true(seeds[0] == 1 && seeds[1] == 2 && seeds[2] == 3 &&
		    seeds[3] == 7 && seeds[4] == 5);
	free(seeds);
	assert_int_equal(sweep_seeds_parse("18446744073709551615", &seeds, &n,
					   err, sizeof err),
			 0);
	assert_true(n == 1 && seeds[0] == UINT64_MAX);
	free(seeds);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sweep_seeds_parse(bad[i], &seeds, &n, err, sizeof err) !=
		    -1)
			fail_msg("--seeds '%s' was taken", bad[i]);
}

/* Runs in the product's order: the first --vary slowest, the seed fastest. */
static void
test_run_order(void **state)
{
	struct sweep_vary v[2];
	size_t index[2], seed_index, run, a, b, s;
	char err[64];

	(void)state;
	assert_int_equal(sweep_vary_parse("a=1,2", &v[0], err, sizeof err), 0);
	assert_int_equal(sweep_vary_parse("b=x,y,z", &v[1], err, sizeof err),
			 0);
	run = 0;
	for (a = 0; a < 2; a++)
		for (b = 0; b < 3; b++)
			for (s = 0; s < 4; s++, run++) {
				sweep_run_position(v, 2, 4, run, index,
						   &seed_index);
				assert_int_equal(index[0], a);
				assert_int_equal(index[1], b);
				assert_int_equal(seed_index, s);
			}
	sweep_vary_free(&v[0]);
	sweep_vary_free(&v[1]);
}

static void
test_fields(void **state)
{
	/* what summary_json_string() writes reads back as it was */
	const char *text = "{\"exit_status\":2, \"error\":\"a \\\"b\\\"\\n"
			   "\\u00e9\\ud83d\\ude00\\\\\", \"x\":-1.5e-07, "
			   "\"y\":null}\n";
	struct sweep_fields f;
	bool is_string;
	char err[128];

	(void)state;
	assert_int_equal(
		sweep_fields_parse(text, strlen(text), &f, err, sizeof err), 0);
	assert_int_equal(f.n, 4);
	assert_string_equal(sweep_fields_get(&f, "exit_status", &is_string),
			    "2");
	assert_false(is_string);
	assert_string_equal(sweep_fields_get(&f, "error", &is_string),
			    "a \"b\"\n\xc3\xa9\xf0\x9f\x98\x80\\");
	assert_true(is_string);
	assert_string_equal(sweep_fields_get(&f, "x", NULL), "-1.5e-07");
	assert_string_equal(sweep_fields_get(&f, "y", NULL), "null");
	assert_null(sweep_fields_get(&f, "z", NULL));
	sweep_fields_free(&f);

	/* not objects, or broken ones */
	static const char *const bad[] = {
		"",
		"[1]",
		"{\"a\":1",
		"{\"a\" 1}",
		"{\"a\":}",
		"{a:1}",
		"{\"a\":1} x",
		"{\"a\":\"\\u0000\"}",
		"{\"a\":\"\\q\"}",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (sweep_fields_parse(bad[i], strlen(bad[i]), &f, err,
				       sizeof err) != -1)
			fail_msg("'%s' was read as an object", bad[i]);
		sweep_fields_free(&f);
	}
}

/* A row written and read back names the same run; CSV quoting holds. */
static void
test_table_rows(void **state)
{
	struct sweep_vary v[2];
	struct sweep_table t;
	const char *flows[] = {"bulk"};
	const char *values[] = {"1\\,2", "a\"b"};
	struct sweep_fields f;
	const char *outcome = "{\"exit_status\":0,\"error\":null,"
			      "\"flow.bulk.goodput_bps\":123.5,"
			      "\"flow.bulk.srtt_ms\":null}";
	char err[128];
	char *row, *key, *want, *header;
	int fmt;

	(void)state;
	assert_int_equal(sweep_vary_parse("bulk.drop_segments=1\\,2", &v[0],
					  err, sizeof err),
			 0);
	assert_int_equal(sweep_vary_parse("x=a\"b", &v[1], err, sizeof err), 0);
	values[0] = v[0].values[0];
	assert_int_equal(sweep_fields_parse(outcome, strlen(outcome), &f, err,
					    sizeof err),
			 0);
	for (fmt = 0; fmt < 2; fmt++) {
		sweep_table_init(
			&t, fmt == 0 ? SWEEP_FORMAT_CSV : SWEEP_FORMAT_JSONL, v,
			2, flows, 1);
		assert_int_equal(t.n_columns, 2 + 3 + summary_n_run_figures +
						      summary_n_link_figures +
						      summary_n_flow_figures);
		header = sweep_table_header(&t);
		if (fmt == 0)
			assert_true(strncmp(header,
					    "bulk.drop_segments,x,seed,status,"
					    "error,duration_s,",
					    40) == 0);
		else
			assert_string_equal(header, "");
		free(header);
		row = sweep_table_row(&t, values, 42, 2, "one\ntwo\n", &f);
		if (fmt == 0) {
			assert_non_null(strstr(row, "\"1,2\",\"a\"\"b\",42,2,"
						    "one | two,"));
			assert_non_null(strstr(row, ",123.5,"));
		} else {
			assert_non_null(strstr(
				row, "{\"bulk.drop_segments\":\"1,2\","
				     "\"x\":\"a\\\"b\",\"seed\":42,"
				     "\"status\":2,\"error\":\"one | two\""));
			assert_non_null(strstr(
				row, "\"flow.bulk.goodput_bps\":123.5,"
				     "\"flow.bulk.written_bytes\":null"));
		}
		/* one line, ending in a newline */
		assert_ptr_equal(strchr(row, '\n'), row + strlen(row) - 1);
		row[strlen(row) - 1] = '\0';
		key = sweep_table_row_key(&t, row, err, sizeof err);
		want = sweep_run_key(values, 2, 42);
		assert_non_null(key);
		assert_string_equal(key, want);
		free(key);
		free(want);
		/* a row of another table is refused */
		assert_null(sweep_table_row_key(&t, "1,2,3", err, sizeof err));
		free(row);
		sweep_table_free(&t);
	}
	sweep_fields_free(&f);
	sweep_vary_free(&v[0]);
	sweep_vary_free(&v[1]);
}

/*
 * Many flows, their figures in another order than the columns: each
 * column takes its own figure (the first member of that name, as
 * sweep_fields_get() says), a figure the run did not give is empty.
 */
static void
test_table_row_many_flows(void **state)
{
	enum { N = 60 };
	struct sweep_vary v;
	struct sweep_table t;
	struct sweep_fields f;
	char names[N][8], json[N * 96 + 256], err[128], *row, *p, *cell;
	const char *flows[N], *values[1];
	size_t n = 0, col;

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "f%d", i);
		flows[i] = names[i];
	}
	/* last flow first; f3's goodput given twice, the first counts; f7
	 * has no goodput */
	n += (size_t)snprintf(json + n, sizeof json - n,
			      "{\"exit_status\":0,\"error\":null");
	for (int i = N - 1; i >= 0; i--)
		if (i != 7)
			n += (size_t)snprintf(
				json + n, sizeof json - n,
				",\"flow.f%d.goodput_bps\":%d", i, 1000 + i);
	snprintf(json + n, sizeof json - n,
		 ",\"flow.f3.goodput_bps\":9,\"link.drops\":5}");
	assert_int_equal(sweep_fields_parse(json, strlen(json), &f, err,
					    sizeof err),
			 0);
	assert_int_equal(sweep_vary_parse("link.rate=1Mbit/s", &v, err,
					  sizeof err),
			 0);
	values[0] = v.values[0];
	sweep_table_init(&t, SWEEP_FORMAT_CSV, &v, 1, flows, N);
	row = sweep_table_row(&t, values, 1, 0, NULL, &f);
	row[strlen(row) - 1] = '\0';
	for (col = 0, p = row; p != NULL; col++) {
		const char *name = t.columns[col];
		int i;
		char want[16] = "";

		cell = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		assert_true(col < t.n_columns);
		char goodput[40] = "";

		if (sscanf(name, "flow.f%d.", &i) == 1)
			snprintf(goodput, sizeof goodput,
				 "flow.f%d.goodput_bps", i);
		if (strcmp(name, goodput) == 0 && i != 7)
			snprintf(want, sizeof want, "%d", 1000 + i);
		else if (strcmp(name, "link.drops") == 0)
			snprintf(want, sizeof want, "5");
		else if (col < 4) /* the varied value, seed, status, error */
			continue;
		assert_string_equal(cell, want);
	}
	assert_int_equal(col, t.n_columns);
	free(row);
	sweep_table_free(&t);
	sweep_fields_free(&f);
	sweep_vary_free(&v);
}

static void
test_shell_quote(void **state)
{
	char *q;

	(void)state;
	q = sweep_shell_quote("it's $HOME");
	assert_string_equal(q, "'it'\\''s $HOME'");
	free(q);
}

/* Is `name` one of the `n` names of `list`? */
static bool
in_list(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/*
 * The figures are the JSON summary's numbers, same text: a two-flow run
 * with losses (so that retransmits and RTTs are not 0), its JSON, and
 * every figure found in it; and every number in the JSON is a figure, so
 * that a key added to the JSON summary without its figure fails here.
 */
static void
test_figures_are_the_json(void **state)
{
	const char *ini = "[simulation]\nduration = 3s\n[link]\nloss = 1%\n"
			  "[flow bulk]\n[flow other]\nwrite_total = 100KB\n";
	static const char *const not_figures[] = {
		"schema_version", "tcpsim_version", "scenario", "seed",
		"name",		  "link",	    "flows"};
	struct scenario sc;
	struct summary s;
	struct sim *sim;
	char *json = NULL, *figures, *p;
	size_t len = 0, i, f;
	FILE *out;
	char text[SUMMARY_FIGURE_BUF], want[256];

	(void)state;
	assert_int_equal(
		scenario_load_string(&sc, "t.ini", ini, strlen(ini), stderr),
		0);
	assert_int_equal(scenario_validate(&sc, stderr), 0);
	sim = sim_create(&sc);
	sim_run(sim);
	summary_collect(&s, sim);
	out = open_memstream(&json, &len);
	summary_write_json(out, &s);
	fclose(out);

	for (i = 0; i < summary_n_run_figures; i++) {
		summary_run_figure(&s, i, text);
		snprintf(want, sizeof want, "\n  \"%s\": %s",
			 summary_run_figures[i], text[0] ? text : "null");
		if (strstr(json, want) == NULL)
			fail_msg("%s not in the JSON", want);
	}
	for (i = 0; i < summary_n_link_figures; i++) {
		summary_link_figure(&s, i, text);
		snprintf(want, sizeof want, "\n    \"%s\": %s",
			 summary_link_figures[i], text[0] ? text : "null");
		if (strstr(json, want) == NULL)
			fail_msg("link %s not in the JSON", want);
	}
	for (f = 0; f < s.n_flows; f++) {
		/* this flow's object, from its name to the next flow's */
		char *start, *end;

		snprintf(want, sizeof want, "\"name\": \"%s\"",
			 s.flows[f].snap.name);
		start = strstr(json, want);
		assert_non_null(start);
		end = strstr(start + 1, "\"name\": ");
		if (end != NULL)
			*end = '\0';
		for (i = 0; i < summary_n_flow_figures; i++) {
			summary_flow_figure(&s, f, i, text);
			snprintf(want, sizeof want, "\n      \"%s\": %s",
				 summary_flow_figures[i],
				 text[0] ? text : "null");
			if (strstr(start, want) == NULL)
				fail_msg("flow %zu %s not in the JSON", f,
					 want);
		}
		if (end != NULL)
			*end = '"';
	}
	/* the other way: every key of the JSON is a figure (or a name) */
	for (p = strchr(json, '"'); p != NULL; p = strchr(p, '"')) {
		char *close = strchr(p + 1, '"');
		char key[64];

		assert_non_null(close);
		if (close[1] != ':') { /* a string value */
			p = close + 1;
			continue;
		}
		snprintf(key, sizeof key, "%.*s", (int)(close - p - 1), p + 1);
		if (!in_list(not_figures,
			     sizeof not_figures / sizeof not_figures[0], key) &&
		    !in_list(summary_run_figures, summary_n_run_figures, key) &&
		    !in_list(summary_link_figures, summary_n_link_figures,
			     key) &&
		    !in_list(summary_flow_figures, summary_n_flow_figures, key))
			fail_msg("the JSON key \"%s\" is no figure of the "
				 "table",
				 key);
		p = close + 1;
	}
	/* the outcome's figures read back to the same texts */
	figures = sweep_outcome_figures(&s);
	{
		size_t n = strlen(figures) + 3;
		char *obj = malloc(n);
		struct sweep_fields fl;
		char err[128];

		snprintf(obj, n, "{%s}", figures + 1);
		assert_int_equal(sweep_fields_parse(obj, strlen(obj), &fl, err,
						    sizeof err),
				 0);
		assert_int_equal(fl.n, summary_n_run_figures +
					       summary_n_link_figures +
					       2 * summary_n_flow_figures);
		summary_flow_figure(&s, 1, 0, text);
		assert_string_equal(
			sweep_fields_get(&fl, "flow.other.goodput_bps", NULL),
			text);
		sweep_fields_free(&fl);
		free(obj);
	}
	free(figures);
	free(json);
	summary_free(&s);
	sim_destroy(sim);
	scenario_free(&sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vary_lists),
		cmocka_unit_test(test_vary_ranges),
		cmocka_unit_test(test_vary_errors),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_run_order),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_table_row_many_flows),
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_figures_are_the_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
