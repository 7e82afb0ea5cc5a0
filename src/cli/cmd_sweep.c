/* SPDX-License-Identifier: ISC */
/*
 * cmd_sweep.c: `tcpsim sweep`: one scenario run for every combination of
 * --vary values and seeds, one table row per run.
 *
 * Every run is `tcpsim run SCENARIO --set ... --set simulation.seed=N
 * --quiet --outcome FILE`: locally in a forked worker (cmd_run() itself,
 * so the run is exactly what that command line does), or elsewhere from
 * the lines --emit-jobs writes.  A run's outcome file holds its exit
 * status, its messages and its figures (sweep.h); the table is made from
 * those files alone, in the order of the product, so that it is the same
 * bytes for any -j and for --collect.
 *
 * The order matters here as in run: every argument and every --vary
 * value is checked before the first run starts (exit 2, nothing run);
 * the table is written whole or not at all (trace/outfile.h), again every
 * second or so while the sweep goes on, so that Ctrl-C, or a machine that
 * goes down, leaves a table of the runs done so far, which --resume
 * completes.
 */
#include "config.h"

#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/sweep.h"
#include "scenario/scenario.h"
#include "sim/time.h"
#include "trace/outfile.h"
#include "util/escape.h"
#include "util/xmalloc.h"

static const char cmd_sweep_help[] =
	"Usage: tcpsim sweep SCENARIO --vary KEY=V1,V2,... [--vary ...] "
	"[OPTION]...\n"
	"           --out FILE\n"
	"   or: tcpsim sweep SCENARIO --vary ... --emit-jobs DIR | "
	"--emit-slurm DIR\n"
	"   or: tcpsim sweep --collect DIR --out FILE\n"
	"Run SCENARIO once for every combination of the --vary values and "
	"seeds, in\n"
	"parallel worker processes, and write one table: a row per run with "
	"the\n"
	"varied values, the seed, the run's exit status and messages, and "
	"every figure\n"
	"of the summary (tcpsim run --json) per link and flow.\n"
	"\n"
	"Options:\n"
	"  --vary KEY=V1,V2,...  run each value of KEY (a path as for --set:\n"
	"                   link.queue, bulk.cc); repeat for more keys: the "
	"runs are\n"
	"                   their product.  \\, is a comma inside a value.  "
	"FROM..TO\n"
	"                   and FROM..TO:STEP are ranges with an optional "
	"unit:\n"
	"                   link.loss=0.5%..2%:0.5% is 0.5%,1.0%,1.5%,2.0%\n"
	"  --seeds LIST     the seeds of each combination: 1-10, 1,5,9 or "
	"1-3,7\n"
	"                   (default: the scenario's seed)\n"
	"  --set KEY=VALUE  change a setting for every run (repeatable)\n"
	"  -j, --jobs N     runs at once (default: the online processors)\n"
	"  -o, --out FILE   the table ('-': standard output)\n"
	"  --format F       csv (default) or jsonl (a JSON object per line)\n"
	"  --resume         keep the rows FILE holds (same varied values and "
	"seed)\n"
	"                   and run only the others\n"
	"  --emit-jobs DIR  run nothing: write DIR/jobs.txt, one "
	"self-contained\n"
	"                   `tcpsim run` command per line, for GNU parallel "
	"or a\n"
	"                   cluster; each writes DIR/runs/row-N.json\n"
	"  --emit-slurm DIR  the same, and DIR/sweep.sbatch, a Slurm job "
	"array\n"
	"                   whose task i runs line i of DIR/jobs.txt\n"
	"  --collect DIR    make the table from the runs of --emit-jobs DIR: "
	"the same\n"
	"                   bytes as a local sweep of them\n"
	"  --max-memory SIZE  as for tcpsim run, for each run\n"
	"  -q, --quiet      no progress line\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"Runs go in the product's order: the first --vary changes slowest, "
	"the seed\n"
	"fastest; so do the rows, whatever -j.  Columns: each varied KEY, "
	"seed,\n"
	"status (the run's exit status: 0, or 2 for a combination the "
	"scenario\n"
	"refuses), error (its messages on one line), duration_s, events,\n"
	"jain_fairness, link.FIGURE and flow.NAME.FIGURE for every figure of "
	"the\n"
	"JSON summary (flow.bulk.goodput_bps, link.queue_mean_delay_ms).  A "
	"figure\n"
	"with no value (no RTT sample, a failed run) is empty (null in "
	"jsonl).\n"
	"\n"
	"A progress line with the time left is shown on standard error when "
	"it is a\n"
	"terminal.  The table is replaced whole about every second and at "
	"the end:\n"
	"after Ctrl-C it holds the runs done, and --resume does the rest.\n"
	"\n"
	"Exit status: 0 every run was made (each run's own status is in the "
	"table);\n"
	"1 the table cannot be written, or --collect found runs without an "
	"outcome;\n"
	"2 usage error, a bad --vary or --seeds, an invalid scenario (before "
	"any\n"
	"run); 130 interrupted (the table holds the runs done).\n"
	"\n"
	"Examples:\n"
	"  tcpsim sweep bufferbloat.ini --vary link.queue=10,50,100,343 \\\n"
	"      --vary bulk.cc=newreno,cubic --seeds 1-10 --out table.csv\n"
	"  tcpsim sweep lossy-link.ini --vary link.loss=0.1%,0.2%,0.5%,1%,2% "
	"\\\n"
	"      --emit-jobs sw && parallel < sw/jobs.txt && \\\n"
	"      tcpsim sweep --collect sw --out table.csv\n"
	"\n"
	"See man tcpsim.\n";

void
cmd_sweep_usage(FILE *out)
{
	fputs(cmd_sweep_help, out);
}

/*
 * The signal that asked the sweep to stop, or 0.  Static because a signal
 * handler can reach nothing else; only the handler sets it.
 */
static volatile sig_atomic_t cmd_sweep_stop_signal;

static void
cmd_sweep_on_signal(int sig)
{
	cmd_sweep_stop_signal = sig;
}

/* Most workers: more would only fight over the processors. */
#define SWEEP_MAX_JOBS 1024

/* Refused --vary values of one key whose messages are shown in full. */
#define SWEEP_ERRORS_SHOWN 3

/*
 * The table is written again at most this often while runs finish, and
 * not before SWEEP_CHECKPOINT_SHARE times as long as its last writing
 * took: a table of big rows (thousands of flows, megabytes a row) written
 * whole every second made a sweep write the square of its size (12.9 GiB
 * for a table of 545 MiB); this way writing takes at most about a tenth
 * of the sweep, and the bytes written stay a few times the table's.
 */
#define SWEEP_CHECKPOINT_NS    NS_PER_S
#define SWEEP_CHECKPOINT_SHARE 10

/* The name of the file in DIR that keeps a sweep's arguments. */
#define SWEEP_ARGS_FILE "sweep.args"

/* Everything about the runs of one sweep. */
struct sweep_plan {
	char *scenario;		   /* absolute path of SCENARIO */
	const char **sets;	   /* the --set of every run, in order */
	size_t n_sets;		   /* entries in sets */
	struct sweep_vary *varies; /* every --vary, in order */
	size_t n_varies;	   /* entries in varies */
	uint64_t *seeds;	   /* the seeds, in order */
	size_t n_seeds;		   /* at least 1 */
	size_t n_runs;		   /* product of the values, times seeds */
	const char *max_memory;	   /* --max-memory, passed on, or NULL */
	struct sweep_table table;  /* the columns */
};

static void
cmd_sweep_plan_free(struct sweep_plan *p)
{
	size_t i;

	free(p->scenario);
	for (i = 0; i < p->n_varies; i++)
		sweep_vary_free(&p->varies[i]);
	free(p->varies);
	free(p->seeds);
	sweep_table_free(&p->table);
	memset(p, 0, sizeof *p);
}

/*
 * A message that came from a text the user gave, escaped for the
 * terminal: `prefix` and each of its lines (line breaks kept).
 */
static void
cmd_sweep_say(const char *prefix, const char *text)
{
	const char *line = text;

	while (*line != '\0') {
		size_t len = strcspn(line, "\n");
		char *raw = xstrndup(line, len);
		char *shown = escape_dup(raw);

		fprintf(stderr, "%s%s%s", prefix, shown,
			line[len] == '\n' ? "\n" : "");
		free(shown);
		free(raw);
		line += len + (line[len] == '\n');
	}
}

/*
 * Check one --vary value the way --set would take it, on the scenario
 * `sc`: its messages, with "--set" said as "--vary", when `say`.  Returns
 * 0 or -1.
 */
static int
cmd_sweep_try_value(struct scenario *sc, const char *key, const char *value,
		    bool say)
{
	size_t len = strlen(key) + strlen(value) + 2;
	char *assignment = xmalloc(len);
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *errs = open_memstream(&msgs, &msgs_len);
	int rc;

	snprintf(assignment, len, "%s=%s", key, value);
	rc = scenario_set(sc, assignment, errs != NULL ? errs : stderr);
	if (errs != NULL)
		fclose(errs);
	if (rc != 0 && msgs != NULL && say) {
		const char *m = msgs;

		if (strncmp(m, "--set: ", 7) == 0)
			m += 7;
		cmd_sweep_say("tcpsim: sweep: --vary: ", m);
	}
	free(msgs);
	free(assignment);
	return rc;
}

/* The flow names of `sc`, for the columns. */
static void
cmd_sweep_columns(struct sweep_plan *p, const struct scenario *sc,
		  enum sweep_format format)
{
	const char **names = xcalloc(sc->n_flows, sizeof *names);
	size_t i;

	for (i = 0; i < sc->n_flows; i++)
		names[i] = sc->flows[i].name;
	sweep_table_init(&p->table, format, p->varies, p->n_varies, names,
			 sc->n_flows);
	/* records and relays: their lag figures, after the flows' own */
	if (scenario_uses_records(sc)) {
		const char **relays = xcalloc(sc->n_relays + 1, sizeof *relays);

		for (i = 0; i < sc->n_relays; i++)
			relays[i] = sc->relays[i].name;
		sweep_table_add_records(&p->table, names, sc->n_flows, relays,
					sc->n_relays);
		free(relays);
	}
	free(names);
	/* named links ([link NAME]): their figures after the flows' */
	if (sc->n_links > 0) {
		names = xcalloc(sc->n_links, sizeof *names);
		for (i = 0; i < sc->n_links; i++)
			names[i] = sc->links[i].name;
		sweep_table_add_links(&p->table, names, sc->n_links);
		free(names);
	}
}

/*
 * Everything the runs need, from `args`, checked before any run: the
 * scenario (loaded, every --set and every --vary value applied once, so
 * that an unknown key or a malformed value stops the sweep here), the
 * seeds, the number of runs.  Whether a combination is valid as a whole
 * is for its run to say, in its row.  Returns 0, or -1 after printing
 * the error.
 */
static int
cmd_sweep_plan(struct sweep_plan *p, const struct cli_args *args,
	       enum sweep_format format)
{
	struct scenario sc;
	char installed[4096], err[512];
	const char *path;
	uint64_t budget;
	bool loaded = false;
	size_t i, j;
	int rc = -1;

	memset(p, 0, sizeof *p);
	if (args->scenario == NULL) {
		cli_usage_error("sweep", "sweep: missing SCENARIO");
		return -1;
	}
	if (strcmp(args->scenario, "-") == 0) {
		cli_usage_error("sweep",
				"sweep: SCENARIO '-': every run reads the "
				"scenario again; save it in a file");
		return -1;
	}
	if (args->n_varies == 0) {
		cli_usage_error("sweep",
				"sweep: nothing to vary: give --vary "
				"KEY=V1,V2,... (for one run, tcpsim run)");
		return -1;
	}
	if (cli_memory_budget(args, &budget) != 0)
		return -1;
	path = cli_scenario_file(args->scenario, installed, sizeof installed);
	if (path == NULL) {
		cmd_sweep_say("tcpsim: cannot read '", args->scenario);
		fputs("': no such file\n", stderr);
		return -1;
	}
	p->scenario = realpath(path, NULL);
	if (p->scenario == NULL) {
		cmd_sweep_say("tcpsim: cannot read '", path);
		fprintf(stderr, "': %s\n", strerror(errno));
		return -1;
	}
	p->sets = args->sets;
	p->n_sets = args->n_sets;
	p->max_memory = args->max_memory;

	memset(&sc, 0, sizeof sc);
	loaded = true;
	if (scenario_load_file(&sc, p->scenario, stderr) != 0)
		goto out;
	for (i = 0; i < args->n_sets; i++)
		if (scenario_set(&sc, args->sets[i], stderr) != 0)
			goto out;

	if (args->seeds != NULL) {
		if (sweep_seeds_parse(args->seeds, &p->seeds, &p->n_seeds, err,
				      sizeof err) != 0) {
			cli_usage_error("sweep", "sweep: %s", err);
			goto out;
		}
	} else {
		p->seeds = xmalloc(sizeof *p->seeds);
		p->seeds[0] = sc.sim.seed;
		p->n_seeds = 1;
	}

	p->varies = xcalloc(args->n_varies, sizeof *p->varies);
	for (i = 0; i < args->n_varies; i++) {
		struct sweep_vary *v = &p->varies[i];

		if (sweep_vary_parse(args->varies[i], v, err, sizeof err) !=
		    0) {
			p->n_varies = i + 1;
			cli_usage_error("sweep", "sweep: --vary: %s", err);
			goto out;
		}
		p->n_varies = i + 1;
		if (strcmp(v->key, "simulation.seed") == 0) {
			cli_usage_error("sweep",
					"sweep: --vary simulation.seed: give "
					"the seeds with --seeds");
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(p->varies[j].key, v->key) == 0) {
				cli_usage_error("sweep",
						"sweep: --vary %s: the key is "
						"varied twice; give all its "
						"values in one --vary",
						v->key);
				goto out;
			}
	}
	/* Every value of every key, as --set takes it: all errors at once,
	 * the first few of each key in full (a range of a thousand values
	 * without a unit is one mistake, not a thousand). */
	rc = 0;
	for (i = 0; i < p->n_varies; i++) {
		size_t refused = 0;

		for (j = 0; j < p->varies[i].n_values; j++)
			if (cmd_sweep_try_value(&sc, p->varies[i].key,
						p->varies[i].values[j],
						refused < SWEEP_ERRORS_SHOWN) !=
			    0)
				refused++;
		if (refused > SWEEP_ERRORS_SHOWN) {
			char *key = escape_dup(p->varies[i].key);

			fprintf(stderr,
				"tcpsim: sweep: --vary: %s: %zu more of its "
				"values are refused (%zu of %zu in all)\n",
				key, refused - SWEEP_ERRORS_SHOWN, refused,
				p->varies[i].n_values);
			free(key);
		}
		if (refused > 0)
			rc = -1;
	}
	if (rc != 0)
		goto out;
	rc = -1;

	p->n_runs = p->n_seeds;
	for (i = 0; i < p->n_varies; i++) {
		if (p->varies[i].n_values > SWEEP_MAX_RUNS / p->n_runs) {
			cli_usage_error("sweep",
					"sweep: more than %d runs: vary fewer "
					"values",
					SWEEP_MAX_RUNS);
			goto out;
		}
		p->n_runs *= p->varies[i].n_values;
	}
	cmd_sweep_columns(p, &sc, format);
	rc = 0;
out:
	if (loaded)
		scenario_free(&sc);
	return rc;
}

/* Run `run`'s varied values (pointers into the plan) and its seed. */
static uint64_t
cmd_sweep_run_values(const struct sweep_plan *p, size_t run,
		     const char **values)
{
	size_t *index = xcalloc(p->n_varies + 1, sizeof *index);
	size_t seed_index, k;
	uint64_t seed;

	sweep_run_position(p->varies, p->n_varies, p->n_seeds, run, index,
			   &seed_index);
	for (k = 0; k < p->n_varies; k++)
		values[k] = p->varies[k].values[index[k]];
	seed = p->seeds[seed_index];
	free(index);
	return seed;
}

/* A list of malloc'ed strings. */
struct sweep_argv {
	char **v;   /* the strings, NULL-terminated */
	size_t n;   /* strings, the NULL not counted */
	size_t cap; /* entries allocated */
};

static void
cmd_sweep_argv_add(struct sweep_argv *a, const char *s)
{
	a->v = xgrow(a->v, &a->cap, a->n + 2, sizeof *a->v);
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

static void
cmd_sweep_argv_free(struct sweep_argv *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}

/*
 * The arguments of run `run`, from "run" on: the same for a local worker
 * and in the jobs file, so that both make the same outcome.
 */
static void
cmd_sweep_run_argv(const struct sweep_plan *p, size_t run, const char *outcome,
		   struct sweep_argv *a)
{
	const char **values = xcalloc(p->n_varies + 1, sizeof *values);
	uint64_t seed = cmd_sweep_run_values(p, run, values);
	char text[64];
	size_t i;

	memset(a, 0, sizeof *a);
	cmd_sweep_argv_add(a, "run");
	cmd_sweep_argv_add(a, p->scenario);
	for (i = 0; i < p->n_sets; i++) {
		cmd_sweep_argv_add(a, "--set");
		cmd_sweep_argv_add(a, p->sets[i]);
	}
	for (i = 0; i < p->n_varies; i++) {
		size_t len = strlen(p->varies[i].key) + strlen(values[i]) + 2;
		char *set = xmalloc(len);

		snprintf(set, len, "%s=%s", p->varies[i].key, values[i]);
		cmd_sweep_argv_add(a, "--set");
		cmd_sweep_argv_add(a, set);
		free(set);
	}
	snprintf(text, sizeof text, "simulation.seed=%llu",
		 (unsigned long long)seed);
	cmd_sweep_argv_add(a, "--set");
	cmd_sweep_argv_add(a, text);
	if (p->max_memory != NULL) {
		cmd_sweep_argv_add(a, "--max-memory");
		cmd_sweep_argv_add(a, p->max_memory);
	}
	cmd_sweep_argv_add(a, "--quiet");
	cmd_sweep_argv_add(a, "--outcome");
	cmd_sweep_argv_add(a, outcome);
	free(values);
}

/*
 * The row of run `run` from the text of its outcome file, its exit
 * status in *run_status.  Returns the row (malloc'ed), or NULL with the
 * reason in `err` when the text is no outcome.
 */
static char *
cmd_sweep_row_from_outcome(const struct sweep_plan *p, size_t run,
			   const char *text, size_t len, int *run_status,
			   char *err, size_t size)
{
	const char **values = xcalloc(p->n_varies + 1, sizeof *values);
	uint64_t seed = cmd_sweep_run_values(p, run, values);
	struct sweep_fields f;
	const char *status_text, *error;
	bool is_string = false;
	char *row = NULL, *end;
	long status;

	if (sweep_fields_parse(text, len, &f, err, size) != 0)
		goto out;
	status_text = sweep_fields_get(&f, "exit_status", &is_string);
	if (status_text == NULL || is_string) {
		snprintf(err, size, "no exit_status");
		goto out;
	}
	status = strtol(status_text, &end, 10);
	if (*end != '\0' || status < 0 || status > 255) {
		snprintf(err, size, "exit_status %s is no exit status",
			 status_text);
		goto out;
	}
	error = sweep_fields_get(&f, "error", &is_string);
	if (error != NULL && !is_string)
		error = NULL; /* null */
	row = sweep_table_row(&p->table, values, seed, (int)status, error, &f);
	*run_status = (int)status;
out:
	sweep_fields_free(&f);
	free(values);
	return row;
}

/* The whole of a file, malloc'ed, or NULL (errno set). */
static char *
cmd_sweep_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		text = xgrow(text, &cap, n + 4096 + 1, 1);
		got = fread(text + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(text);
		errno = e;
		return NULL;
	}
	fclose(f);
	text[n] = '\0';
	*len = n;
	return text;
}

static char *
cmd_sweep_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = xmalloc(len);

	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

/*
 * Write the table: the header and the rows there are, in run order;
 * whole or not at all.  Returns 0, or -1 after printing the error.
 */
static int
cmd_sweep_write_table(const struct sweep_plan *p, const char *out_path,
		      char *const *rows)
{
	struct outfile *of = outfile_open(out_path, stderr);
	char *header;
	FILE *out;
	size_t i;

	if (of == NULL)
		return -1;
	out = outfile_stream(of);
	header = sweep_table_header(&p->table);
	fputs(header, out);
	free(header);
	for (i = 0; i < p->n_runs; i++)
		if (rows[i] != NULL)
			fputs(rows[i], out);
	return outfile_commit(of, stderr);
}

/* A key and the run it names, to find a table's rows among the runs. */
struct sweep_key {
	char *key;  /* values and seed joined by '\x1f' */
	size_t run; /* the run */
};

static int
cmd_sweep_key_compare(const void *a, const void *b)
{
	return strcmp(((const struct sweep_key *)a)->key,
		      ((const struct sweep_key *)b)->key);
}

/*
 * --resume: put every row of the existing table into rows[] at its run.
 * A table that does not exist yet is an empty one.  Returns the number of
 * rows kept, or -1 after printing why the table is not this sweep's.
 */
static long
cmd_sweep_resume(const struct sweep_plan *p, const char *out_path, char **rows)
{
	struct sweep_key *keys = xcalloc(p->n_runs, sizeof *keys);
	const char **values = xcalloc(p->n_varies + 1, sizeof *values);
	char *text, *line, *next, *header = NULL;
	char err[256];
	size_t len, i, line_no = 0;
	long kept = 0;

	text = cmd_sweep_read_file(out_path, &len);
	if (text == NULL) {
		free(keys);
		free(values);
		if (errno == ENOENT)
			return 0;
		cmd_sweep_say("tcpsim: sweep: --resume: cannot read '",
			      out_path);
		fprintf(stderr, "': %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < p->n_runs; i++) {
		uint64_t seed = cmd_sweep_run_values(p, i, values);

		keys[i].key = sweep_run_key(values, p->n_varies, seed);
		keys[i].run = i;
	}
	qsort(keys, p->n_runs, sizeof *keys, cmd_sweep_key_compare);
	header = sweep_table_header(&p->table);

	for (line = text; *line != '\0'; line = next) {
		struct sweep_key probe, *found;
		char *key;

		next = strchr(line, '\n');
		if (next == NULL) {
			/* a line without its newline was not written whole */
			cmd_sweep_say("tcpsim: sweep: --resume: '", out_path);
			fputs("' ends in the middle of a line; it was not "
			      "written by tcpsim sweep\n",
			      stderr);
			kept = -1;
			break;
		}
		*next++ = '\0';
		line_no++;
		if (line_no == 1 && p->table.format == SWEEP_FORMAT_CSV) {
			if (strncmp(header, line, strlen(line)) != 0 ||
			    header[strlen(line)] != '\n') {
				cmd_sweep_say("tcpsim: sweep: --resume: '",
					      out_path);
				fputs("': its header is not this sweep's "
				      "(other "
				      "--vary keys, flows or format); resume "
				      "with the same arguments, or write "
				      "another table\n",
				      stderr);
				kept = -1;
				break;
			}
			continue;
		}
		key = sweep_table_row_key(&p->table, line, err, sizeof err);
		if (key == NULL) {
			cmd_sweep_say("tcpsim: sweep: --resume: '", out_path);
			fprintf(stderr, "' line %zu: %s\n", line_no, err);
			kept = -1;
			break;
		}
		probe.key = key;
		found = bsearch(&probe, keys, p->n_runs, sizeof *keys,
				cmd_sweep_key_compare);
		free(key);
		if (found == NULL || rows[found->run] != NULL) {
			cmd_sweep_say("tcpsim: sweep: --resume: '", out_path);
			fprintf(stderr,
				"' line %zu: %s; resume with the same --vary "
				"and --seeds, or write another table\n",
				line_no,
				found == NULL ? "a run that is not in this "
						"sweep"
					      : "a run that is there twice");
			kept = -1;
			break;
		}
		len = strlen(line);
		rows[found->run] = xmalloc(len + 2);
		memcpy(rows[found->run], line, len);
		memcpy(rows[found->run] + len, "\n", 2);
		kept++;
	}
	if (kept < 0)
		for (i = 0; i < p->n_runs; i++) {
			free(rows[i]);
			rows[i] = NULL;
		}
	for (i = 0; i < p->n_runs; i++)
		free(keys[i].key);
	free(keys);
	free(values);
	free(header);
	free(text);
	return kept;
}

/* ------------------------------------------------------------------ */
/* Local runs                                                          */
/* ------------------------------------------------------------------ */

/* Wall-clock nanoseconds (CLOCK_MONOTONIC: immune to clock changes). */
static int64_t
cmd_sweep_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* The progress line on a terminal. */
struct sweep_progress {
	bool enabled;	  /* stderr is a terminal and not --quiet */
	int64_t start_ns; /* wall clock when the first run started */
	size_t total;	  /* runs of the sweep */
	size_t had;	  /* rows the table had (--resume) */
	size_t done;	  /* runs finished by this sweep */
	size_t failed;	  /* of those, with a non-zero status */
	int width;	  /* characters shown, to clear them */
};

static void
cmd_sweep_progress_show(struct sweep_progress *pr)
{
	char left[64] = "";
	int n;

	if (!pr->enabled)
		return;
	if (pr->done > 0 && pr->had + pr->done < pr->total) {
		double spent = (double)(cmd_sweep_wall_ns() - pr->start_ns) /
			       (double)NS_PER_S;
		double rest = spent / (double)pr->done *
			      (double)(pr->total - pr->had - pr->done);
		long s = (long)(rest + 0.5);

		if (s >= 3600)
			snprintf(left, sizeof left, ", about %ldh%02ldm left",
				 s / 3600, s / 60 % 60);
		else if (s >= 60)
			snprintf(left, sizeof left, ", about %ldm%02lds left",
				 s / 60, s % 60);
		else
			snprintf(left, sizeof left, ", about %lds left", s);
	}
	n = fprintf(stderr, "\rtcpsim: sweep: %zu of %zu runs done%s%s  ",
		    pr->had + pr->done, pr->total,
		    pr->failed > 0 ? " (some failed)" : "", left);
	if (n > pr->width)
		pr->width = n;
	fflush(stderr);
}

static void
cmd_sweep_progress_clear(struct sweep_progress *pr)
{
	if (pr->width > 0) {
		fprintf(stderr, "\r%*s\r", pr->width, "");
		fflush(stderr);
		pr->width = 0;
	}
}

/* A worker: the process making one run. */
struct sweep_worker {
	pid_t pid;  /* its process, or 0 for a free slot */
	size_t run; /* the run it makes */
};

/*
 * Start run `run` in a child: cmd_run() with the run's arguments, its
 * outcome and its messages into files of `tmp`.  Returns the pid, or -1
 * after printing the error.
 */
static pid_t
cmd_sweep_start(const struct sweep_plan *p, size_t run, const char *tmp)
{
	char name[64];
	char *outcome, *errs;
	struct sweep_argv a;
	pid_t pid;

	sweep_outcome_name(run, name, sizeof name);
	outcome = cmd_sweep_path(tmp, name);
	strcat(name, ".err");
	errs = cmd_sweep_path(tmp, name);
	cmd_sweep_run_argv(p, run, outcome, &a);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		int null_fd = open("/dev/null", O_RDWR);
		int err_fd = open(errs, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int status;

		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (null_fd >= 0) {
			dup2(null_fd, STDIN_FILENO);
			dup2(null_fd, STDOUT_FILENO);
		}
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
		status = cmd_run((int)a.n, a.v);
		fflush(NULL);
		_exit(status);
	}
	if (pid < 0)
		fprintf(stderr, "tcpsim: sweep: cannot start a run: %s\n",
			strerror(errno));
	cmd_sweep_argv_free(&a);
	free(outcome);
	free(errs);
	return pid;
}

/* True for the statuses of a run that was told to stop. */
static bool
cmd_sweep_was_stopped(int wstatus)
{
	int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus)
		  : WIFEXITED(wstatus) && WEXITSTATUS(wstatus) > 128
			  ? WEXITSTATUS(wstatus) - 128
			  : 0;

	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP;
}

/*
 * The row of a run whose child ended with `wstatus`: from its outcome
 * file; without one (the run died, of a crash or of a signal), a row
 * with the status it ended with and the last line it printed.  NULL for
 * a run that was stopped: it is not done.  The run's exit status in
 * *run_status.
 */
static char *
cmd_sweep_finish(const struct sweep_plan *p, size_t run, const char *tmp,
		 int wstatus, int *run_status)
{
	char name[64], err[256];
	char *outcome, *errs, *text, *row = NULL;
	size_t len;

	sweep_outcome_name(run, name, sizeof name);
	outcome = cmd_sweep_path(tmp, name);
	strcat(name, ".err");
	errs = cmd_sweep_path(tmp, name);
	text = cmd_sweep_read_file(outcome, &len);
	if (text != NULL)
		row = cmd_sweep_row_from_outcome(p, run, text, len, run_status,
						 err, sizeof err);
	free(text);
	if (row == NULL && !cmd_sweep_was_stopped(wstatus)) {
		const char **values = xcalloc(p->n_varies + 1, sizeof *values);
		uint64_t seed = cmd_sweep_run_values(p, run, values);
		char *said = cmd_sweep_read_file(errs, &len);
		char message[512];
		int status = WIFEXITED(wstatus)	    ? WEXITSTATUS(wstatus)
			     : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus)
						    : 1;
		char *last = NULL;

		if (said != NULL) {
			while (len > 0 && said[len - 1] == '\n')
				said[--len] = '\0';
			last = strrchr(said, '\n');
			last = last != NULL ? last + 1 : said;
		}
		if (WIFSIGNALED(wstatus))
			snprintf(message, sizeof message,
				 "the run died of %s without an outcome%s%s",
				 strsignal(WTERMSIG(wstatus)),
				 last != NULL && *last != '\0' ? ": " : "",
				 last != NULL ? last : "");
		else
			snprintf(message, sizeof message,
				 "the run left no outcome%s%s",
				 last != NULL && *last != '\0' ? ": " : "",
				 last != NULL ? last : "");
		if (status == 0)
			status = 1;
		*run_status = status;
		row = sweep_table_row(&p->table, values, seed, status, message,
				      NULL);
		free(said);
		free(values);
	}
	unlink(outcome);
	unlink(errs);
	free(outcome);
	free(errs);
	return row;
}

/*
 * The local sweep: start runs while fewer than `jobs` are running, in run
 * order, skipping those rows[] already has; put each row in rows[] as
 * its run ends; write the table every second and at the end.  Returns
 * the exit status.
 */
static int
cmd_sweep_local(const struct sweep_plan *p, const struct cli_args *args,
		long jobs, char **rows, size_t had)
{
	struct sweep_worker *workers = xcalloc((size_t)jobs, sizeof *workers);
	struct sweep_progress pr;
	const char *tmp_base = getenv("TMPDIR");
	char *tmp;
	size_t next = 0, running = 0, i, done = 0, failed = 0;
	int64_t written_ns, write_ns = 0;
	bool checkpoints, forwarded = false, broken = false;
	struct stat st;
	struct sigaction sa;
	int status = CLI_EXIT_OK;

	if (tmp_base == NULL || tmp_base[0] == '\0')
		tmp_base = "/tmp";
	tmp = cmd_sweep_path(tmp_base, "tcpsim-sweep.XXXXXX");
	if (mkdtemp(tmp) == NULL) {
		cmd_sweep_say("tcpsim: sweep: cannot make a directory in '",
			      tmp_base);
		fprintf(stderr, "': %s\n", strerror(errno));
		free(tmp);
		free(workers);
		return CLI_EXIT_FAILURE;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_sweep_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Rewriting the table as it grows is for a file, not a pipe. */
	checkpoints = strcmp(args->out_path, "-") != 0 &&
		      (stat(args->out_path, &st) != 0 || S_ISREG(st.st_mode));
	if (checkpoints) {
		/* a table that cannot be written fails before any run */
		struct outfile *of = outfile_open(args->out_path, stderr);

		if (of == NULL) {
			rmdir(tmp);
			free(tmp);
			free(workers);
			return CLI_EXIT_FAILURE;
		}
		outfile_abort(of);
	}
	memset(&pr, 0, sizeof pr);
	pr.enabled = !args->quiet && isatty(STDERR_FILENO);
	pr.start_ns = cmd_sweep_wall_ns();
	pr.total = p->n_runs;
	pr.had = had;
	written_ns = pr.start_ns;
	cmd_sweep_progress_show(&pr);

	for (;;) {
		int wstatus, run_status = 0;
		pid_t pid;

		while (cmd_sweep_stop_signal == 0 && !broken &&
		       running < (size_t)jobs && next < p->n_runs) {
			if (rows[next] != NULL) {
				next++;
				continue;
			}
			for (i = 0; workers[i].pid != 0; i++)
				;
			workers[i].pid = cmd_sweep_start(p, next, tmp);
			if (workers[i].pid < 0) {
				workers[i].pid = 0;
				broken = true;
				break;
			}
			workers[i].run = next++;
			running++;
		}
		if (running == 0)
			break;
		pid = waitpid(-1, &wstatus, 0);
		if (pid < 0) {
			if (errno != EINTR)
				break;
			/* SIGTERM or SIGHUP to the sweep alone: pass it on;
			 * Ctrl-C reached the whole process group already */
			if (cmd_sweep_stop_signal != 0 && !forwarded) {
				for (i = 0; i < (size_t)jobs; i++)
					if (workers[i].pid != 0)
						kill(workers[i].pid,
						     cmd_sweep_stop_signal);
				forwarded = true;
			}
			continue;
		}
		for (i = 0; i < (size_t)jobs && workers[i].pid != pid; i++)
			;
		if (i == (size_t)jobs)
			continue; /* not ours */
		workers[i].pid = 0;
		running--;
		rows[workers[i].run] = cmd_sweep_finish(p, workers[i].run, tmp,
							wstatus, &run_status);
		if (rows[workers[i].run] != NULL) {
			done++;
			pr.done = done;
			if (run_status != 0) {
				failed++;
				pr.failed = failed;
			}
		}
		cmd_sweep_progress_show(&pr);
		if (checkpoints && cmd_sweep_stop_signal == 0 &&
		    cmd_sweep_wall_ns() - written_ns >= SWEEP_CHECKPOINT_NS &&
		    cmd_sweep_wall_ns() - written_ns >=
			    SWEEP_CHECKPOINT_SHARE * write_ns) {
			int64_t start = cmd_sweep_wall_ns();

			if (cmd_sweep_write_table(p, args->out_path, rows) != 0)
				broken = true;
			written_ns = cmd_sweep_wall_ns();
			write_ns = written_ns - start;
		}
	}
	cmd_sweep_progress_clear(&pr);
	rmdir(tmp);
	free(tmp);
	free(workers);

	if (cmd_sweep_write_table(p, args->out_path, rows) != 0)
		return CLI_EXIT_FAILURE;
	if (failed > 0)
		fprintf(stderr,
			"tcpsim: sweep: %zu of %zu runs failed: see their "
			"status and error in the table\n",
			failed, done);
	if (cmd_sweep_stop_signal != 0) {
		size_t have = 0;

		for (i = 0; i < p->n_runs; i++)
			have += rows[i] != NULL;
		fprintf(stderr,
			"tcpsim: sweep interrupted (%s): the table has %zu "
			"of %zu runs; --resume makes the others\n",
			strsignal(cmd_sweep_stop_signal), have, p->n_runs);
		return 128 + cmd_sweep_stop_signal;
	}
	if (broken)
		status = CLI_EXIT_FAILURE;
	return status;
}

/* ------------------------------------------------------------------ */
/* Jobs for elsewhere, and gathering their outcomes                    */
/* ------------------------------------------------------------------ */

/* The program's own absolute path, for the jobs file; NULL if unknown. */
static char *
cmd_sweep_program(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* A directory, made if missing; its absolute path (malloc'ed) or NULL. */
static char *
cmd_sweep_make_dir(const char *dir)
{
	char *abs;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cmd_sweep_say("tcpsim: sweep: cannot make directory '", dir);
		fprintf(stderr, "': %s\n", strerror(errno));
		return NULL;
	}
	abs = realpath(dir, NULL);
	if (abs == NULL) {
		cmd_sweep_say("tcpsim: sweep: cannot use directory '", dir);
		fprintf(stderr, "': %s\n", strerror(errno));
	}
	return abs;
}

/* True when directory `runs` holds an outcome file (row-N.json). */
static bool
cmd_sweep_has_outcomes(const char *runs)
{
	DIR *d = opendir(runs);
	struct dirent *de;
	bool found = false;

	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = strncmp(de->d_name, "row-", 4) == 0;
	closedir(d);
	return found;
}

/* An argument that must fit on one line of the jobs or arguments file. */
static int
cmd_sweep_one_line(const char *what, const char *text)
{
	if (strpbrk(text, "\n\r") == NULL)
		return 0;
	cli_usage_error("sweep",
			"sweep: %s: a line break in '%s' cannot go into a "
			"jobs file",
			what, text);
	return -1;
}

/*
 * --emit-jobs DIR / --emit-slurm DIR: write DIR/jobs.txt (line i is run
 * i, 1-based), DIR/sweep.args (what --collect needs to know) and, for
 * Slurm, DIR/sweep.sbatch; make DIR/runs for the outcomes.
 */
static int
cmd_sweep_emit(const struct sweep_plan *p, const struct cli_args *args,
	       const char *dir_arg, bool slurm)
{
	char *program = cmd_sweep_program();
	char *dir = NULL, *runs = NULL, *path = NULL;
	struct outfile *of;
	FILE *out;
	size_t i, k;
	int status = CLI_EXIT_FAILURE;

	for (i = 0; i < args->n_sets; i++)
		if (cmd_sweep_one_line("--set", args->sets[i]) != 0)
			return CLI_EXIT_USAGE;
	for (i = 0; i < args->n_varies; i++)
		if (cmd_sweep_one_line("--vary", args->varies[i]) != 0)
			return CLI_EXIT_USAGE;
	if (cmd_sweep_one_line("SCENARIO", p->scenario) != 0)
		return CLI_EXIT_USAGE;
	if (program == NULL) {
		fputs("tcpsim: sweep: cannot find the path of this program "
		      "(/proc/self/exe) for the jobs file\n",
		      stderr);
		return CLI_EXIT_FAILURE;
	}
	dir = cmd_sweep_make_dir(dir_arg);
	if (dir == NULL)
		goto out;
	runs = cmd_sweep_path(dir, "runs");
	if (mkdir(runs, 0777) != 0 && errno != EEXIST) {
		cmd_sweep_say("tcpsim: sweep: cannot make directory '", runs);
		fprintf(stderr, "': %s\n", strerror(errno));
		goto out;
	}
	if (cmd_sweep_has_outcomes(runs)) {
		/* --collect would take them for runs of this sweep */
		cmd_sweep_say("tcpsim: sweep: '", runs);
		fputs("' holds outcomes of an earlier sweep: remove them, or "
		      "give another DIR\n",
		      stderr);
		status = CLI_EXIT_USAGE;
		goto out;
	}

	/* The jobs: one self-contained command line per run. */
	path = cmd_sweep_path(dir, "jobs.txt");
	of = outfile_open(path, stderr);
	if (of == NULL)
		goto out;
	out = outfile_stream(of);
	for (i = 0; i < p->n_runs; i++) {
		char name[64];
		char *outcome, *q;
		struct sweep_argv a;

		sweep_outcome_name(i, name, sizeof name);
		outcome = cmd_sweep_path(runs, name);
		cmd_sweep_run_argv(p, i, outcome, &a);
		q = sweep_shell_quote(program);
		fputs(q, out);
		free(q);
		for (k = 0; k < a.n; k++) {
			/* options as they are; every value quoted */
			if (a.v[k][0] == '-' && a.v[k][1] == '-') {
				fprintf(out, " %s", a.v[k]);
			} else if (k == 0) {
				fprintf(out, " %s", a.v[k]);
			} else {
				q = sweep_shell_quote(a.v[k]);
				fprintf(out, " %s", q);
				free(q);
			}
		}
		fputc('\n', out);
		cmd_sweep_argv_free(&a);
		free(outcome);
	}
	if (outfile_commit(of, stderr) != 0)
		goto out;
	free(path);

	/* What --collect needs: these arguments, one per line. */
	path = cmd_sweep_path(dir, SWEEP_ARGS_FILE);
	of = outfile_open(path, stderr);
	if (of == NULL)
		goto out;
	out = outfile_stream(of);
	fputs("# tcpsim sweep: the arguments of this sweep, one per line, "
	      "for tcpsim sweep --collect\n",
	      out);
	fprintf(out, "%s\n", p->scenario);
	for (i = 0; i < args->n_sets; i++)
		fprintf(out, "--set\n%s\n", args->sets[i]);
	for (i = 0; i < args->n_varies; i++)
		fprintf(out, "--vary\n%s\n", args->varies[i]);
	if (args->seeds != NULL)
		fprintf(out, "--seeds\n%s\n", args->seeds);
	else
		fprintf(out, "--seeds\n%llu\n",
			(unsigned long long)p->seeds[0]);
	if (args->max_memory != NULL)
		fprintf(out, "--max-memory\n%s\n", args->max_memory);
	if (outfile_commit(of, stderr) != 0)
		goto out;
	free(path);
	path = NULL;

	if (slurm) {
		char *q_jobs, *q_dir;

		path = cmd_sweep_path(dir, "sweep.sbatch");
		of = outfile_open(path, stderr);
		if (of == NULL)
			goto out;
		out = outfile_stream(of);
		free(path);
		path = cmd_sweep_path(dir, "jobs.txt");
		q_jobs = sweep_shell_quote(path);
		q_dir = sweep_shell_quote(dir);
		fprintf(out,
			"#!/bin/sh\n"
			"# tcpsim sweep: %zu runs as a Slurm job array; task "
			"i runs line i of\n"
			"# jobs.txt, which writes runs/row-i.json.  Then:\n"
			"#   tcpsim sweep --collect %s --out table.csv\n"
			"#SBATCH --job-name=tcpsim-sweep\n"
			"#SBATCH --array=1-%zu\n"
			"#SBATCH --ntasks=1\n"
			"#SBATCH --cpus-per-task=1\n"
			"%s%s%s"
			"set -u\n"
			"line=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" %s)\n"
			"if [ -z \"$line\" ]; then\n"
			"\techo \"sweep.sbatch: no line $SLURM_ARRAY_TASK_ID "
			"in\" %s >&2\n"
			"\texit 2\n"
			"fi\n"
			"exec /bin/sh -c \"$line\"\n",
			p->n_runs, q_dir, p->n_runs,
			/* #SBATCH lines are not shell: no quoting there */
			strpbrk(dir, " \t") == NULL ? "#SBATCH --output=" : "",
			strpbrk(dir, " \t") == NULL ? dir : "",
			strpbrk(dir, " \t") == NULL ? "/slurm-%A_%a.out\n" : "",
			q_jobs, q_jobs);
		free(q_jobs);
		free(q_dir);
		if (outfile_commit(of, stderr) != 0)
			goto out;
	}
	{
		char *shown = escape_dup(dir);

		printf("tcpsim sweep: %zu runs, one per line of %s/jobs.txt\n",
		       p->n_runs, shown);
		if (slurm)
			printf("  sbatch %s/sweep.sbatch\n", shown);
		else
			printf("  parallel < %s/jobs.txt\n", shown);
		printf("then: tcpsim sweep --collect %s --out table.csv\n",
		       shown);
		free(shown);
	}
	status = CLI_EXIT_OK;
out:
	free(path);
	free(runs);
	free(dir);
	free(program);
	return status;
}

/*
 * --collect DIR: the arguments of the sweep, read back from
 * DIR/sweep.args into `argv` (malloc'ed, with "sweep" first).  Returns 0,
 * or -1 after printing the error.
 */
static int
cmd_sweep_read_args(const char *dir, struct sweep_argv *argv)
{
	char *path = cmd_sweep_path(dir, SWEEP_ARGS_FILE);
	size_t len;
	char *text = cmd_sweep_read_file(path, &len);
	char *line, *next;

	memset(argv, 0, sizeof *argv);
	if (text == NULL) {
		cmd_sweep_say("tcpsim: sweep: --collect: cannot read '", path);
		fprintf(stderr, "': %s (made by --emit-jobs DIR)\n",
			strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	cmd_sweep_argv_add(argv, "sweep");
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (line[0] != '#')
			cmd_sweep_argv_add(argv, line);
	}
	free(text);
	return 0;
}

/*
 * --collect DIR: the table from DIR/runs/row-N.json.  Runs without an
 * outcome yet leave their row out, as an interrupted sweep does.
 */
static int
cmd_sweep_collect(const struct sweep_plan *p, const char *dir,
		  const char *out_path)
{
	char **rows = xcalloc(p->n_runs, sizeof *rows);
	char *runs = cmd_sweep_path(dir, "runs");
	size_t i, missing = 0;
	int status = CLI_EXIT_OK;

	for (i = 0; i < p->n_runs; i++) {
		char name[64], err[256];
		char *path, *text;
		size_t len;
		int run_status;

		sweep_outcome_name(i, name, sizeof name);
		path = cmd_sweep_path(runs, name);
		text = cmd_sweep_read_file(path, &len);
		if (text == NULL) {
			missing++;
		} else {
			rows[i] = cmd_sweep_row_from_outcome(
				p, i, text, len, &run_status, err, sizeof err);
			if (rows[i] == NULL) {
				cmd_sweep_say("tcpsim: sweep: --collect: '",
					      path);
				fprintf(stderr, "' is no outcome: %s\n", err);
				missing++;
			}
		}
		free(text);
		free(path);
	}
	if (cmd_sweep_write_table(p, out_path, rows) != 0)
		status = CLI_EXIT_FAILURE;
	else if (missing > 0) {
		cmd_sweep_say("tcpsim: sweep: --collect: ", dir);
		fprintf(stderr,
			": %zu of %zu runs have no outcome yet; the table "
			"has the others\n",
			missing, p->n_runs);
		status = CLI_EXIT_FAILURE;
	}
	for (i = 0; i < p->n_runs; i++)
		free(rows[i]);
	free(rows);
	free(runs);
	return status;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

/* True, after saying so, when --out FILE is the scenario being read. */
static bool
cmd_sweep_out_is_scenario(const struct sweep_plan *p, const char *out_path)
{
	struct outfile_identity id;
	struct stat st;
	bool same;

	if (strcmp(out_path, "-") == 0 ||
	    outfile_identity_of(out_path, &id) != 0)
		return false;
	same = stat(p->scenario, &st) == 0 && outfile_identity_is(&id, &st);
	outfile_identity_free(&id);
	if (same)
		cli_usage_error("sweep",
				"sweep: --out '%s' is the scenario file "
				"being read; it would be replaced",
				out_path);
	return same;
}

/* -j N: a whole number from 1 to SWEEP_MAX_JOBS. */
static int
cmd_sweep_jobs(const char *text, long *jobs)
{
	char *end;

	if (text == NULL) {
		*jobs = sysconf(_SC_NPROCESSORS_ONLN);
		if (*jobs < 1)
			*jobs = 1;
		if (*jobs > SWEEP_MAX_JOBS)
			*jobs = SWEEP_MAX_JOBS;
		return 0;
	}
	errno = 0;
	*jobs = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || *jobs < 1 ||
	    *jobs > SWEEP_MAX_JOBS) {
		cli_usage_error("sweep",
				"sweep: -j '%s': a number of runs at once "
				"from 1 to %d is needed",
				text, SWEEP_MAX_JOBS);
		return -1;
	}
	return 0;
}

/* The usage checks that need no scenario; the table's format in *format. */
static int
cmd_sweep_check_args(const struct cli_args *args, enum sweep_format *format)
{
	int modes = (args->emit_jobs_dir != NULL) +
		    (args->emit_slurm_dir != NULL) +
		    (args->collect_dir != NULL);

	*format = SWEEP_FORMAT_CSV;
	if (args->format != NULL) {
		if (strcmp(args->format, "csv") == 0) {
			*format = SWEEP_FORMAT_CSV;
		} else if (strcmp(args->format, "jsonl") == 0) {
			*format = SWEEP_FORMAT_JSONL;
		} else {
			cli_usage_error("sweep",
					"sweep: --format '%s': csv or jsonl",
					args->format);
			return -1;
		}
	}
	if (modes > 1) {
		cli_usage_error("sweep", "sweep: only one of --emit-jobs, "
					 "--emit-slurm and --collect");
		return -1;
	}
	if (args->emit_jobs_dir != NULL || args->emit_slurm_dir != NULL) {
		if (args->out_path != NULL || args->resume ||
		    args->format != NULL || args->jobs != NULL) {
			cli_usage_error("sweep",
					"sweep: --emit-jobs and --emit-slurm "
					"run nothing: --out, --format, "
					"--resume and -j are for a local "
					"sweep or --collect");
			return -1;
		}
		return 0;
	}
	if (args->collect_dir == NULL && args->scenario == NULL) {
		cli_usage_error("sweep", "sweep: missing SCENARIO");
		return -1;
	}
	if (args->out_path == NULL) {
		cli_usage_error("sweep",
				"sweep: missing --out FILE (the table; '-' "
				"for standard output)");
		return -1;
	}
	if (args->resume && strcmp(args->out_path, "-") == 0) {
		cli_usage_error("sweep", "sweep: --resume reads the table "
					 "back: give --out FILE, not '-'");
		return -1;
	}
	if (args->collect_dir != NULL &&
	    (args->scenario != NULL || args->n_varies > 0 || args->n_sets > 0 ||
	     args->seeds != NULL || args->resume || args->jobs != NULL ||
	     args->max_memory != NULL)) {
		cli_usage_error("sweep",
				"sweep: --collect DIR reads the sweep from "
				"DIR/" SWEEP_ARGS_FILE
				": give only --out and --format");
		return -1;
	}
	return 0;
}

int
cmd_sweep(int argc, char **argv)
{
	struct cli_args args, saved;
	struct sweep_argv collected = {NULL, 0, 0};
	struct sweep_plan plan;
	enum sweep_format format;
	char **rows = NULL;
	long jobs, had = 0;
	bool planned = false, have_saved = false;
	int status = CLI_EXIT_USAGE;
	size_t i;

	memset(&plan, 0, sizeof plan);
	if (cli_parse(&args, "sweep", argc, argv) != 0)
		goto out;
	if (args.help) {
		cmd_sweep_usage(stdout);
		status = CLI_EXIT_OK;
		goto out;
	}
	if (cmd_sweep_check_args(&args, &format) != 0 ||
	    cmd_sweep_jobs(args.jobs, &jobs) != 0)
		goto out;

	if (args.collect_dir != NULL) {
		if (cmd_sweep_read_args(args.collect_dir, &collected) != 0) {
			status = CLI_EXIT_FAILURE;
			goto out;
		}
		if (cli_parse(&saved, "sweep", (int)collected.n, collected.v) !=
		    0) {
			cli_args_free(&saved);
			goto out;
		}
		have_saved = true;
		planned = true;
		if (cmd_sweep_plan(&plan, &saved, format) != 0)
			goto out;
		status = cmd_sweep_collect(&plan, args.collect_dir,
					   args.out_path);
		goto out;
	}

	planned = true;
	if (cmd_sweep_plan(&plan, &args, format) != 0)
		goto out;
	if (args.emit_jobs_dir != NULL || args.emit_slurm_dir != NULL) {
		status = cmd_sweep_emit(&plan, &args,
					args.emit_slurm_dir != NULL
						? args.emit_slurm_dir
						: args.emit_jobs_dir,
					args.emit_slurm_dir != NULL);
		goto out;
	}

	if (cmd_sweep_out_is_scenario(&plan, args.out_path))
		goto out;
	rows = xcalloc(plan.n_runs, sizeof *rows);
	if (args.resume) {
		had = cmd_sweep_resume(&plan, args.out_path, rows);
		if (had < 0)
			goto out;
	}
	status = cmd_sweep_local(&plan, &args, jobs, rows, (size_t)had);
out:
	if (rows != NULL)
		for (i = 0; i < plan.n_runs; i++)
			free(rows[i]);
	free(rows);
	if (planned)
		cmd_sweep_plan_free(&plan);
	if (have_saved)
		cli_args_free(&saved);
	cmd_sweep_argv_free(&collected);
	cli_args_free(&args);
	return status;
}
