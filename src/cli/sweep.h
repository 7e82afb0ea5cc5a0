/* SPDX-License-Identifier: ISC */
/*
 * sweep.h: the pieces of `tcpsim sweep` that are plain data: the --vary
 * and --seeds lists, the order of the runs, the outcome file of one run
 * (`tcpsim run --outcome FILE`) and the rows of the table.
 *
 * A sweep is the product of the values of every --vary, times the seeds.
 * Runs are numbered from 0 in that product's order: the first --vary
 * changes slowest, the seed fastest.  The table has one row per run, in
 * that order whatever order the runs finished in, so that it is the same
 * bytes for any number of workers, and the same again when the runs were
 * made elsewhere (--emit-jobs) and gathered with --collect: both read the
 * outcome files the runs wrote, through the same code.
 *
 * Columns: each varied key as given (link.queue), seed, status (the
 * run's exit status), error (its messages, one line), then the summary's
 * figures (trace/summary.h): duration_s, events, jain_fairness,
 * link.FIGURE, flow.NAME.FIGURE.
 */
#ifndef TCPSIM_SWEEP_H
#define TCPSIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct summary;

/* Most runs one sweep may have: a table beyond that is a typo. */
#define SWEEP_MAX_RUNS 1000000

/* One --vary KEY=V1,V2,...: a key and its values, in order. */
struct sweep_vary {
	char *key;	 /* the path, as given, trimmed ("link.queue") */
	char **values;	 /* each value as --set would take it, owned */
	size_t n_values; /* at least 1 */
};

/*
 * Parse one --vary argument.  Values are separated by commas ("\," is a
 * comma inside a value, "\\" a backslash); an item "FROM..TO" or
 * "FROM..TO:STEP" is a range of decimal numbers, each optionally followed
 * by one unit that is then the unit of every value
 * ("0.5%..2%:0.5%": 0.5%, 1.0%, 1.5%, 2.0%).  Returns 0, or -1 with the
 * reason in `err` (no KEY=, an empty list or value, a malformed range).
 */
int sweep_vary_parse(const char *arg, struct sweep_vary *v, char *err,
		     size_t size);
void sweep_vary_free(struct sweep_vary *v);

/*
 * Parse --seeds: comma-separated seeds and ranges FROM-TO (1-10,20).
 * Returns 0, or -1 with the reason in `err`.  *seeds is owned by the
 * caller (free()).
 */
int sweep_seeds_parse(const char *arg, uint64_t **seeds, size_t *n, char *err,
		      size_t size);

/*
 * Run `run` of a sweep: into index[k] the position of its value of the
 * k-th --vary, and its seed's position in *seed_index.
 */
void sweep_run_position(const struct sweep_vary *varies, size_t n_varies,
			size_t n_seeds, size_t run, size_t *index,
			size_t *seed_index);

/* The name of run `run`'s outcome file: "row-000001.json" (1-based). */
void sweep_outcome_name(size_t run, char *buf, size_t size);

/*
 * The figures of `s` as the members of a flat JSON object, each
 * preceded by a comma (",\"duration_s\":10,..."); malloc'ed.
 */
char *sweep_outcome_figures(const struct summary *s);

/*
 * Write the outcome of a run to `path`, whole or not at all: one line,
 * {"exit_status":N,"error":"MESSAGES" or null, FIGURES}, FIGURES from
 * sweep_outcome_figures() or NULL when the run has none.  Returns 0, or
 * -1 after printing the error to `errs`.
 */
int sweep_outcome_save(const char *path, int status, const char *errors,
		       const char *figures, FILE *errs);

/*
 * A flat JSON object as read back: member names and their values.  A
 * string value is unescaped; any other value (number, null, true, false)
 * is kept as written.
 */
struct sweep_fields {
	char **names;	 /* member names, in order, owned */
	char **values;	 /* their values, owned */
	bool *is_string; /* the value was a JSON string */
	size_t n;	 /* members */
};

/*
 * Parse one flat JSON object (`len` bytes of `text`; nothing but white
 * space after it).  Returns 0, or -1 with the reason in `err`.  Free with
 * sweep_fields_free() either way.
 */
int sweep_fields_parse(const char *text, size_t len, struct sweep_fields *f,
		       char *err, size_t size);
void sweep_fields_free(struct sweep_fields *f);

/* The value of member `name`, or NULL. */
const char *sweep_fields_get(const struct sweep_fields *f, const char *name,
			     bool *is_string);

/* The table's layout. */
enum sweep_format {
	SWEEP_FORMAT_CSV,   /* a header row, then one row per run */
	SWEEP_FORMAT_JSONL, /* one flat JSON object per run */
};

struct sweep_table {
	enum sweep_format format; /* how rows are written */
	char **columns;		  /* every column name, in order, owned */
	size_t n_columns;
	size_t n_varies; /* the first n_varies columns are the varied keys */
};

/*
 * The columns of a sweep over `varies` of a scenario with these flows.
 * Free with sweep_table_free().
 */
void sweep_table_init(struct sweep_table *t, enum sweep_format format,
		      const struct sweep_vary *varies, size_t n_varies,
		      const char *const *flow_names, size_t n_flows);
void sweep_table_free(struct sweep_table *t);

/*
 * A scenario with named links ([link NAME]): after the flows' columns,
 * links.NAME.FIGURE for each named link and each of
 * summary_link_figures, filled from the outcome's figures of the same
 * names (sweep_outcome_figures()).
 */
void sweep_table_add_links(struct sweep_table *t, const char *const *link_names,
			   size_t n_links);

/*
 * A scenario with records or relays (scenario_uses_records()): each
 * flow's lag figures ("flow.up.lag_records", summary_record_flow_figures)
 * and each relay's ("relay.broker.held_records", summary_relay_figures),
 * after the flows' columns, before the named links'.
 */
void sweep_table_add_records(struct sweep_table *t,
			     const char *const *flow_names, size_t n_flows,
			     const char *const *relay_names, size_t n_relays);

/* The CSV header line ("\n" included), or "" for JSONL; malloc'ed. */
char *sweep_table_header(const struct sweep_table *t);

/*
 * The row of one run ("\n" included), malloc'ed: its varied values, its
 * seed, and its outcome (exit status, messages, figures as read from its
 * outcome file; a figure the outcome lacks is empty, or null in JSONL).
 */
char *sweep_table_row(const struct sweep_table *t, const char *const *values,
		      uint64_t seed, int status, const char *error,
		      const struct sweep_fields *figures);

/*
 * Read back a row written by sweep_table_row() (`line` without its
 * newline) and say which run it is: its varied values and seed joined
 * by '\x1f' into a malloc'ed key.  Returns NULL with the reason in `err`
 * when the line is not a row of this table.
 */
char *sweep_table_row_key(const struct sweep_table *t, const char *line,
			  char *err, size_t size);

/* The same key for a run that has its values and seed at hand. */
char *sweep_run_key(const char *const *values, size_t n_varies, uint64_t seed);

/* `text` with every single quote escaped, in single quotes, for sh. */
char *sweep_shell_quote(const char *text);

#endif
