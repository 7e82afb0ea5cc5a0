/* SPDX-License-Identifier: ISC */
/*
 * vs.c: `tcpsim run A.ini --vs ...`: two runs side by side (vs.h).
 *
 * Nothing is written to a file, so a failure or a signal has nothing to
 * clean up: the comparison is printed once both runs are over.
 */
#include "cli/vs.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario/scenario.h"
#include "scenario/scenario_write.h"
#include "model/sim.h"
#include "trace/format.h"
#include "ui/grid.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* Events between two calls into the simulator, as cmd_run.c does. */
#define VS_SLICE_EVENTS 16384

/* Differences named in the header before "and N more". */
#define VS_DIFFERS_SHOWN 6

/* ------------------------------------------------------------------ */
/* Differences                                                         */
/* ------------------------------------------------------------------ */

int
vs_figure_is_count(const char *name, const char **unit)
{
	/* figures that count something the name does not say */
	static const char *const packets[] = {
		"drops",   "queue_drops", "loss_drops",
		"arrived", "departed",	  "queue_max_packets",
	};
	/* counts whose name is their unit */
	static const char *const named[] = {
		"events",	 "segments_sent",    "retransmits",
		"timeouts",	 "fast_retransmits", "zero_window_adverts",
		"window_probes",
	};
	size_t i, len = strlen(name);

	for (i = 0; i < sizeof packets / sizeof packets[0]; i++)
		if (strcmp(name, packets[i]) == 0) {
			*unit = "packets";
			return 1;
		}
	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(name, named[i]) == 0) {
			*unit = "";
			return 1;
		}
	if (len >= 5 && strcmp(name + len - 5, "bytes") == 0) {
		*unit = "bytes";
		return 1;
	}
	/* lag_records, held_records, records_read, ... */
	if (strstr(name, "records") != NULL) {
		*unit = "records";
		return 1;
	}
	if (strstr(name, "bytes_") != NULL) { /* wire_bytes_departed */
		*unit = "bytes";
		return 1;
	}
	*unit = "";
	return 0;
}

/* `text` as a number; false when it is empty or not one. */
static bool
vs_number(const char *text, double *v)
{
	char *end;

	if (text[0] == '\0')
		return false;
	*v = strtod(text, &end);
	return *end == '\0' && isfinite(*v);
}

char *
vs_diff_text(char *buf, const char *name, const char *a, const char *b)
{
	const char *unit;
	double va, vb;

	buf[0] = '\0';
	if (!vs_number(a, &va) || !vs_number(b, &vb))
		return buf;
	if (va == vb && !vs_figure_is_count(name, &unit)) {
		snprintf(buf, VS_DIFF_BUF, "same");
	} else if (vs_figure_is_count(name, &unit)) {
		/* read again as integers: a double loses counts above 2^53 */
		unsigned long long ia = strtoull(a, NULL, 10);
		unsigned long long ib = strtoull(b, NULL, 10);

		if (ia == ib)
			snprintf(buf, VS_DIFF_BUF, "same");
		else
			snprintf(buf, VS_DIFF_BUF, "%c%llu%s%s",
				 ib > ia ? '+' : '-',
				 ib > ia ? ib - ia : ia - ib,
				 unit[0] != '\0' ? " " : "", unit);
	} else if (va == 0.0) {
		snprintf(buf, VS_DIFF_BUF, "%+.6g", vb - va);
	} else {
		double pct = (vb - va) / fabs(va) * 100.0;

		/* a change too small for one decimal still has a sign */
		if (fabs(pct) < 0.05)
			snprintf(buf, VS_DIFF_BUF, "%s0.1%%",
				 pct > 0 ? "<+" : ">-");
		else
			snprintf(buf, VS_DIFF_BUF, "%+.1f%%", pct);
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

/* One row of the table. */
struct vs_row {
	char *label;		    /* "link.drops", escaped */
	char a[SUMMARY_FIGURE_BUF]; /* A's text, "-" when A has none */
	char b[SUMMARY_FIGURE_BUF]; /* B's text, likewise */
	char diff[VS_DIFF_BUF];	    /* vs_diff_text() */
};

/* The rows being built. */
struct vs_rows {
	struct vs_row *rows; /* in table order */
	size_t n, cap;	     /* used and allocated */
};

/*
 * A figure's text for the eye: the JSON summary's digits are exact but
 * long (0.93333333333333335); six significant digits are plenty to
 * compare.  Integers stay whole.
 */
static void
vs_shown(char *out, const char *text)
{
	double v;

	if (text == NULL) {
		snprintf(out, SUMMARY_FIGURE_BUF, "-");
	} else if (text[0] == '\0') {
		snprintf(out, SUMMARY_FIGURE_BUF, "null");
	} else if (strpbrk(text, ".eE") != NULL && vs_number(text, &v)) {
		/* a large rate reads better whole than as 9.63171e+06 */
		snprintf(out, SUMMARY_FIGURE_BUF,
			 fabs(v) >= 1e5 && fabs(v) < 1e15 ? "%.0f" : "%.6g", v);
	} else {
		snprintf(out, SUMMARY_FIGURE_BUF, "%s", text);
	}
}

/* Add a row; `a` or `b` NULL when that run has no such figure. */
static void
vs_add(struct vs_rows *r, const char *label, const char *name, const char *a,
       const char *b)
{
	struct vs_row *row;

	r->rows = xgrow(r->rows, &r->cap, r->n + 1, sizeof *r->rows);
	row = &r->rows[r->n++];
	row->label = escape_dup(label);
	vs_shown(row->a, a);
	vs_shown(row->b, b);
	if (a != NULL && b != NULL)
		vs_diff_text(row->diff, name, a, b);
	else
		row->diff[0] = '\0';
}

/* A run's flows (or relays) by name: a search of all for each of the
 * other run's would be quadratic in 10 000 of them. */
struct vs_named {
	const char *name;
	size_t index;
};

static int
vs_named_cmp(const void *x, const void *y)
{
	return strcmp(((const struct vs_named *)x)->name,
		      ((const struct vs_named *)y)->name);
}

static const char *
vs_flow_name(const struct summary *s, size_t i)
{
	return s->flows[i].snap.name;
}

static const char *
vs_relay_name(const struct summary *s, size_t i)
{
	return s->relays[i].name;
}

/* The names of n flows or relays of `s` sorted, each with its index
 * (free() it). */
static struct vs_named *
vs_names_sorted(const struct summary *s, size_t n,
		const char *(*name_of)(const struct summary *, size_t))
{
	struct vs_named *v = xreallocarray(NULL, n > 0 ? n : 1, sizeof *v);

	for (size_t i = 0; i < n; i++) {
		v[i].name = name_of(s, i);
		v[i].index = i;
	}
	qsort(v, n, sizeof *v, vs_named_cmp);
	return v;
}

/* The index of `name` in sorted `v` of n, or -1 (names are unique). */
static long
vs_names_find(const struct vs_named *v, size_t n, const char *name)
{
	struct vs_named key = {name, 0};
	const struct vs_named *hit =
		bsearch(&key, v, n, sizeof *v, vs_named_cmp);

	return hit != NULL ? (long)hit->index : -1;
}

/* The flow of `s` named `name`, or -1; flow `hint` is tried first (the
 * two runs most often have the same flows in the same order), then
 * `sorted`, s's flows by name. */
static long
vs_find_flow(const struct summary *s, const struct vs_named *sorted,
	     const char *name, size_t hint)
{
	if (hint < s->n_flows && strcmp(s->flows[hint].snap.name, name) == 0)
		return (long)hint;
	return vs_names_find(sorted, s->n_flows, name);
}

/* A figure of entity `index` (a flow, a relay, a named link) of `s`. */
typedef void vs_figure_fn(const struct summary *s, size_t index, size_t i,
			  char *buf);

/*
 * The rows "PREFIX.NAME.FIGURE" of one entity for each of `figures`, from
 * `ia` of A and `ib` of B (-1: that run has none: "-" in its column).
 */
static void
vs_add_figures(struct vs_rows *r, const char *prefix, const char *name,
	       const char *const *figures, size_t n, vs_figure_fn *figure,
	       const struct summary *a, long ia, const struct summary *b,
	       long ib)
{
	char ta[SUMMARY_FIGURE_BUF], tb[SUMMARY_FIGURE_BUF], label[256];

	for (size_t i = 0; i < n; i++) {
		if (ia >= 0)
			figure(a, (size_t)ia, i, ta);
		if (ib >= 0)
			figure(b, (size_t)ib, i, tb);
		snprintf(label, sizeof label, "%s.%s.%s", prefix, name,
			 figures[i]);
		vs_add(r, label, figures[i], ia >= 0 ? ta : NULL,
		       ib >= 0 ? tb : NULL);
	}
}

/* Every figure's row of one flow, named as in A or else in B: its lag
 * too where a run has records. */
static void
vs_add_flow(struct vs_rows *r, const struct summary *a, long fa,
	    const struct summary *b, long fb)
{
	const char *name =
		fa >= 0 ? a->flows[fa].snap.name : b->flows[fb].snap.name;

	vs_add_figures(r, "flow", name, summary_flow_figures,
		       summary_n_flow_figures, summary_flow_figure, a, fa, b,
		       fb);
	fa = fa >= 0 && a->records ? fa : -1;
	fb = fb >= 0 && b->records ? fb : -1;
	if (fa >= 0 || fb >= 0)
		vs_add_figures(r, "flow", name, summary_record_flow_figures,
			       summary_n_record_flow_figures,
			       summary_record_flow_figure, a, fa, b, fb);
}

static void
vs_add_relay(struct vs_rows *r, const struct summary *a, long ra,
	     const struct summary *b, long rb)
{
	vs_add_figures(r, "relay",
		       ra >= 0 ? a->relays[ra].name : b->relays[rb].name,
		       summary_relay_figures, summary_n_relay_figures,
		       summary_relay_figure, a, ra, b, rb);
}

/* The named link of `s` called `name` (links[1..]), or -1. */
static long
vs_find_link(const struct summary *s, const char *name)
{
	for (size_t i = 1; i < s->n_links; i++)
		if (strcmp(s->links[i].name, name) == 0)
			return (long)i;
	return -1;
}

static void
vs_add_link(struct vs_rows *r, const struct summary *a, long la,
	    const struct summary *b, long lb)
{
	vs_add_figures(r, "links",
		       la >= 0 ? a->links[la].name : b->links[lb].name,
		       summary_link_figures, summary_n_link_figures,
		       summary_links_figure, a, la, b, lb);
}

static void
vs_build_rows(struct vs_rows *r, const struct summary *a,
	      const struct summary *b)
{
	char ta[SUMMARY_FIGURE_BUF], tb[SUMMARY_FIGURE_BUF], label[256];
	struct vs_named *fa, *fb, *ra, *rb;
	size_t i;

	for (i = 0; i < summary_n_run_figures; i++) {
		summary_run_figure(a, i, ta);
		summary_run_figure(b, i, tb);
		vs_add(r, summary_run_figures[i], summary_run_figures[i], ta,
		       tb);
	}
	for (i = 0; i < summary_n_link_figures; i++) {
		summary_link_figure(a, i, ta);
		summary_link_figure(b, i, tb);
		snprintf(label, sizeof label, "link.%s",
			 summary_link_figures[i]);
		vs_add(r, label, summary_link_figures[i], ta, tb);
	}
	/* A's flows in A's order, then those only B has */
	fa = vs_names_sorted(a, a->n_flows, vs_flow_name);
	fb = vs_names_sorted(b, b->n_flows, vs_flow_name);
	for (i = 0; i < a->n_flows; i++)
		vs_add_flow(r, a, (long)i, b,
			    vs_find_flow(b, fb, a->flows[i].snap.name, i));
	for (i = 0; i < b->n_flows; i++)
		if (vs_find_flow(a, fa, b->flows[i].snap.name, i) < 0)
			vs_add_flow(r, a, -1, b, (long)i);
	free(fa);
	free(fb);
	/* relays and named links likewise, A's first */
	ra = vs_names_sorted(a, a->n_relays, vs_relay_name);
	rb = vs_names_sorted(b, b->n_relays, vs_relay_name);
	for (i = 0; i < a->n_relays; i++)
		vs_add_relay(r, a, (long)i, b,
			     vs_names_find(rb, b->n_relays, a->relays[i].name));
	for (i = 0; i < b->n_relays; i++)
		if (vs_names_find(ra, a->n_relays, b->relays[i].name) < 0)
			vs_add_relay(r, a, -1, b, (long)i);
	free(ra);
	free(rb);
	for (i = 1; i < a->n_links; i++)
		vs_add_link(r, a, (long)i, b,
			    vs_find_link(b, a->links[i].name));
	for (i = 1; i < b->n_links; i++)
		if (vs_find_link(a, b->links[i].name) < 0)
			vs_add_link(r, a, -1, b, (long)i);
}

void
vs_write_table(FILE *out, const struct summary *a, const struct summary *b,
	       const char *a_name, const char *b_name, const char *differs)
{
	struct vs_rows r = {NULL, 0, 0};
	char t[FORMAT_BUF];
	int wl = (int)strlen("figure"), wa = 1, wb = 1;
	char *name;
	size_t i;

	name = escape_dup(a_name);
	fprintf(out, "A: %s, seed %llu: %s simulated\n", name,
		(unsigned long long)a->seed,
		format_time(t, sizeof t, a->duration_ns));
	free(name);
	name = escape_dup(b_name);
	fprintf(out, "B: %s, seed %llu: %s simulated\n", name,
		(unsigned long long)b->seed,
		format_time(t, sizeof t, b->duration_ns));
	free(name);
	if (differs != NULL) {
		name = escape_dup(differs);
		fprintf(out, "B differs: %s\n", name);
		free(name);
	}
	putc('\n', out);

	vs_build_rows(&r, a, b);
	for (i = 0; i < r.n; i++) {
		int l = grid_text_width(r.rows[i].label);

		if (l > wl)
			wl = l;
		if ((int)strlen(r.rows[i].a) > wa)
			wa = (int)strlen(r.rows[i].a);
		if ((int)strlen(r.rows[i].b) > wb)
			wb = (int)strlen(r.rows[i].b);
	}
	fprintf(out, "%-*s  %*s  %*s  %s\n", wl, "figure", wa, "A", wb, "B",
		"B - A");
	for (i = 0; i < r.n; i++) {
		const struct vs_row *row = &r.rows[i];
		int pad = wl - grid_text_width(row->label);

		fprintf(out, "%s%*s  %*s  %*s%s%s\n", row->label, pad, "", wa,
			row->a, wb, row->b, row->diff[0] != '\0' ? "  " : "",
			row->diff);
		free(row->label);
	}
	free(r.rows);
}

void
vs_write_json(FILE *out, const struct summary *a, const struct summary *b,
	      const char *differs)
{
	/* summary_write_json() ends its object with "}\n": the object is
	 * kept, the newline dropped, so that "b" follows on the same line */
	const struct summary *runs[2] = {a, b};
	size_t i;

	fputs("{\"a\": ", out);
	for (i = 0; i < 2; i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		if (mem == NULL) {
			summary_write_json(out, runs[i]);
		} else {
			summary_write_json(mem, runs[i]);
			fclose(mem);
			while (len > 0 && text[len - 1] == '\n')
				len--;
			fwrite(text, 1, len, out);
			free(text);
		}
		fputs(i == 0 ? ",\n\"b\": " : ",\n\"differs\": ", out);
	}
	summary_json_string(out, differs != NULL ? differs : "");
	fputs("}\n", out);
}

/* ------------------------------------------------------------------ */
/* The two runs                                                        */
/* ------------------------------------------------------------------ */

/*
 * Copy `text` to `errs`, each line that starts with "--set:" starting
 * with "--vs:" instead: B's errors come from --vs values, and the
 * scenario reader names them as it names --set's.
 */
static void
vs_relabel(FILE *errs, const char *text)
{
	const char *line = text;

	while (line != NULL && *line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t len =
			nl != NULL ? (size_t)(nl - line + 1) : strlen(line);

		if (strncmp(line, "--set:", 6) == 0) {
			fputs("--vs:", errs);
			fwrite(line + 6, 1, len - 6, errs);
		} else {
			fwrite(line, 1, len, errs);
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
}

/*
 * The lines of a scenario written out (scenario_write.h) as
 * "SECTION KEY = VALUE", one string each, in `lines` (freed by the
 * caller with the array).
 */
static size_t
vs_scenario_lines(const struct scenario *sc, char ***lines)
{
	char *text = NULL, *p, *save = NULL, section[256] = "";
	size_t len = 0, n = 0, cap = 0;
	FILE *mem = open_memstream(&text, &len);

	*lines = NULL;
	if (mem == NULL)
		return 0;
	scenario_write(mem, sc);
	fclose(mem);
	for (p = strtok_r(text, "\n", &save); p != NULL;
	     p = strtok_r(NULL, "\n", &save)) {
		size_t l;

		if (p[0] == '#' || p[0] == ';' || p[0] == '\0')
			continue;
		if (p[0] == '[') {
			snprintf(section, sizeof section, "%s", p);
			continue;
		}
		/* the [lesson] is words for a class, not a setting */
		if (strncmp(section, "[lesson", 7) == 0)
			continue;
		*lines = xgrow(*lines, &cap, n + 1, sizeof **lines);
		l = strlen(section) + strlen(p) + 2;
		(*lines)[n] = xmalloc(l);
		snprintf((*lines)[n], l, "%s %s", section, p);
		n++;
	}
	free(text);
	return n;
}

static int
vs_line_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * What B sets differently from A, when B is another file: each written
 * line of B that A does not have, "[link] rate = 2Mbit/s", the first
 * VS_DIFFERS_SHOWN of them and how many more.  A new string.  A's lines
 * are sorted and searched: 10 000 flows write hundreds of thousands of
 * lines, and going through all of A for each line of B took hours.
 */
static char *
vs_scenario_differs(const struct scenario *a, const struct scenario *b,
		    const char *b_file)
{
	char **la, **lb;
	size_t na = vs_scenario_lines(a, &la), nb = vs_scenario_lines(b, &lb);
	size_t i, shown = 0, more = 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (na > 0)
		qsort(la, na, sizeof *la, vs_line_cmp);
	if (mem != NULL) {
		fprintf(mem, "scenario %s", b_file);
		for (i = 0; i < nb; i++) {
			if (na > 0 && bsearch(&lb[i], la, na, sizeof *la,
					      vs_line_cmp) != NULL)
				continue;
			if (shown < VS_DIFFERS_SHOWN)
				fprintf(mem, "%s%s", shown == 0 ? ": " : "; ",
					lb[i]);
			else
				more++;
			shown++;
		}
		if (more > 0)
			fprintf(mem, "; and %zu more", more);
		if (shown == 0)
			fputs(": no setting (the same scenario)", mem);
		fclose(mem);
	}
	for (i = 0; i < na; i++)
		free(la[i]);
	for (i = 0; i < nb; i++)
		free(lb[i]);
	free(la);
	free(lb);
	return text != NULL ? text : xstrdup(b_file);
}

/* Run `sc` to its end and summarize it into `s` (the sim kept in *sim). */
static void
vs_simulate(const struct scenario *sc, struct sim **sim, struct summary *s)
{
	int64_t end;

	*sim = sim_create_sharing(sc); /* sc is freed after it */
	end = sim_duration(*sim);
	while (!sim_run_until_bounded(*sim, end, VS_SLICE_EVENTS))
		;
	summary_collect(s, *sim);
}

/*
 * Load B: its scenario file (A's, or the one --vs FILE names), A's seed
 * first, then A's --set (B from A's file only) and every --vs KEY=VALUE.
 * Errors go to `errs`.  Returns 0 or -1; *b_file gets the file named.
 */
/*
 * B from an A read from standard input, which cannot be read twice: A
 * (its --set applied) written out and read back, which gives the same
 * scenario (scenario_write.h), then the seed and the `n` --vs values.
 */
static int
vs_copy_stdin_a(struct scenario *b, const struct scenario *a,
		const char *const *sets, size_t n, const char *seed_set,
		FILE *errs)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	memset(b, 0, sizeof *b);
	if (mem == NULL) {
		fputs("tcpsim: out of memory\n", errs);
		return -1;
	}
	scenario_write(mem, a);
	fclose(mem);
	/* A was read once and its warnings shown: reading back the
	 * complete file it became would only repeat them (or add some about
	 * defaults written out), so what this says is dropped */
	{
		char *said = NULL;
		size_t said_len = 0;
		FILE *quiet = open_memstream(&said, &said_len);

		rc = scenario_load_string(b, "<stdin>", text, len,
					  quiet != NULL ? quiet : errs);
		if (quiet != NULL) {
			fclose(quiet);
			/* not read back: what it said is all there is */
			if (rc != 0 && said != NULL)
				fputs(said, errs);
		}
		free(said);
	}
	free(text);
	if (rc != 0)
		return -1;
	if (scenario_set(b, seed_set, errs) != 0)
		rc = -1;
	for (i = 0; i < n; i++)
		if (scenario_set(b, sets[i], errs) != 0)
			rc = -1;
	/* its warnings too would be about the keys written out: shown only
	 * with an error */
	if (rc == 0) {
		char *said = NULL;
		size_t said_len = 0;
		FILE *quiet = open_memstream(&said, &said_len);

		rc = scenario_validate(b, quiet != NULL ? quiet : errs);
		if (quiet != NULL) {
			fclose(quiet);
			if (rc != 0 && said != NULL)
				fputs(said, errs);
		}
		free(said);
	}
	return rc;
}

int
vs_load_b(struct scenario *b, const struct cli_args *args,
	  const struct scenario *a, const char **b_file, FILE *errs)
{
	struct cli_args bargs = *args;
	const char **sets;
	char seed_set[64];
	char *text = NULL;
	size_t len = 0, i, n = 0;
	FILE *mem;
	int rc;

	*b_file = NULL;
	for (i = 0; i < args->n_vs; i++) {
		if (strchr(args->vs[i], '=') != NULL)
			continue;
		if (*b_file != NULL) {
			cli_usage_error("run",
					"run: --vs '%s' and --vs '%s': one "
					"scenario file for B only",
					*b_file, args->vs[i]);
			memset(b, 0, sizeof *b);
			return -1;
		}
		*b_file = args->vs[i];
	}
	sets = xmalloc((args->n_sets + args->n_vs + 1) * sizeof *sets);
	snprintf(seed_set, sizeof seed_set, "simulation.seed=%llu",
		 (unsigned long long)a->sim.seed);
	sets[n++] = seed_set;
	if (*b_file == NULL)
		for (i = 0; i < args->n_sets; i++)
			sets[n++] = args->sets[i];
	for (i = 0; i < args->n_vs; i++)
		if (strchr(args->vs[i], '=') != NULL)
			sets[n++] = args->vs[i];
	bargs.scenario = *b_file != NULL ? *b_file : args->scenario;
	bargs.sets = sets;
	bargs.n_sets = n;
	mem = open_memstream(&text, &len);
	if (*b_file == NULL && strcmp(args->scenario, "-") == 0)
		rc = vs_copy_stdin_a(b, a, sets + 1 + args->n_sets,
				     n - 1 - args->n_sets, seed_set,
				     mem != NULL ? mem : errs);
	else
		rc = cli_load_scenario(b, &bargs, mem != NULL ? mem : errs);
	if (mem != NULL) {
		fclose(mem);
		vs_relabel(errs, text);
		free(text);
	}
	free(sets);
	return rc;
}

/* The --vs KEY=VALUE list as "k=v, k2=v2", after `prefix`.  New string. */
static char *
vs_sets_text(const struct cli_args *args, const char *prefix)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *mem = open_memstream(&text, &len);
	bool first = true;

	if (mem == NULL)
		return xstrdup(prefix);
	fputs(prefix, mem);
	for (i = 0; i < args->n_vs; i++)
		if (strchr(args->vs[i], '=') != NULL) {
			fprintf(mem, "%s%s", first ? "" : ", ", args->vs[i]);
			first = false;
		}
	fclose(mem);
	return text;
}

char *
vs_differs(const struct cli_args *args, const struct scenario *a,
	   const struct scenario *b, const char *b_file)
{
	char *file_differs, *sets, *differs;

	if (b_file == NULL)
		return vs_sets_text(args, "");
	file_differs = vs_scenario_differs(a, b, b_file);
	if (args->n_vs <= 1)
		return file_differs;
	sets = vs_sets_text(args, ", then ");
	differs = xmalloc(strlen(file_differs) + strlen(sets) + 1);
	strcpy(differs, file_differs);
	strcat(differs, sets);
	free(sets);
	free(file_differs);
	return differs;
}

int
cmd_run_vs(const struct cli_args *args, uint64_t budget)
{
	struct scenario a, b;
	struct sim *sim_a = NULL, *sim_b = NULL;
	struct summary sa, sb;
	const char *b_file = NULL;
	char *differs = NULL, *b_name = NULL;
	bool b_loaded = false;
	int status = CLI_EXIT_USAGE;

	if (args->csv_path != NULL || args->events_path != NULL ||
	    args->pcap_path != NULL || args->outcome_path != NULL) {
		cli_usage_error("run",
				"run: --vs compares two summaries; it does "
				"not go with --csv, --events, --pcap or "
				"--outcome (run each scenario on its own)");
		return CLI_EXIT_USAGE;
	}
	if (cli_load_scenario(&a, args, stderr) != 0 ||
	    cli_check_memory(&a, budget, stderr) != 0)
		goto out;
	b_loaded = true;
	if (vs_load_b(&b, args, &a, &b_file, stderr) != 0 ||
	    cli_check_memory(&b, budget, stderr) != 0)
		goto out;

	differs = vs_differs(args, &a, &b, b_file);
	b_name = b_file == NULL ? vs_sets_text(args, "A with ")
				: xstrdup(b_file);

	vs_simulate(&a, &sim_a, &sa);
	vs_simulate(&b, &sim_b, &sb);
	if (args->json)
		vs_write_json(stdout, &sa, &sb, differs);
	else if (!args->quiet)
		vs_write_table(stdout, &sa, &sb, args->scenario, b_name,
			       differs);
	summary_free(&sa);
	summary_free(&sb);
	status = CLI_EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("tcpsim: cannot write to standard output\n", stderr);
		status = CLI_EXIT_FAILURE;
	}
out:
	if (sim_a != NULL)
		sim_destroy(sim_a);
	if (sim_b != NULL)
		sim_destroy(sim_b);
	free(differs);
	free(b_name);
	scenario_free(&a);
	if (b_loaded)
		scenario_free(&b);
	return status;
}
