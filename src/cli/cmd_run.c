/* SPDX-License-Identifier: ISC */
/*
 * cmd_run.c: `tcpsim run`: simulate a scenario, write traces, summarize.
 *
 * The order matters, because a failed run must write nothing:
 *   1. parse the arguments (usage errors: exit 2);
 *   2. load the scenario, apply every --set, validate (exit 2, nothing
 *      written);
 *   3. open every output as a temporary file (exit 1 naming the path,
 *      removing the ones already made) -- before simulating, so that a
 *      long run is not wasted on an output that cannot be written;
 *   4. run, in slices of a bounded number of events, checking for
 *      SIGINT/SIGTERM between slices (exit 128 + signal, temporary files
 *      removed);
 *   5. write the summary; close every output (all the writing happens
 *      by then), and only when all closed cleanly rename them over their
 *      targets: one output that fails leaves every target as it was.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/sweep.h"
#include "scenario/scenario.h"
#include "model/sim.h"
#include "sim/time.h"
#include "trace/csv.h"
#include "trace/events.h"
#include "trace/format.h"
#include "trace/outfile.h"
#include "trace/pcap.h"
#include "trace/summary.h"

/*
 * The signal that asked us to stop, or 0.  Static because a signal handler
 * can reach nothing else; it is only ever set by the handler and read by
 * the run loop, so no state is shared beyond that one flag.
 */
static volatile sig_atomic_t cmd_run_stop_signal;

static void
cmd_run_on_signal(int sig)
{
	cmd_run_stop_signal = sig;
}

/*
 * SIGINT/SIGTERM/SIGHUP end the run cleanly; SIGPIPE too (a reader of
 * `--csv -` that went away), which otherwise would kill the process with
 * temporary files left behind.  No SA_RESTART: a wait for a FIFO's
 * reader, or a write blocked on it, returns at once with EINTR.
 */
static void
cmd_run_catch_signals(void)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_run_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
}

/*
 * Say why the run stopped and return its exit status, 128 + sig.  A
 * broken pipe says nothing: the reader (`| head`) has all it wanted.
 */
static int
cmd_run_interrupted(int sig, int64_t now_ns)
{
	if (sig != SIGPIPE)
		fprintf(stderr,
			"tcpsim: interrupted (%s) at %.9f s of simulated "
			"time; no output file written\n",
			strsignal(sig), time_to_seconds(now_ns));
	return 128 + sig;
}

/* ------------------------------------------------------------------ */
/* Progress line                                                       */
/* ------------------------------------------------------------------ */

/* Wall-clock nanoseconds (CLOCK_MONOTONIC: immune to clock changes). */
static int64_t
cmd_run_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* A progress line on stderr, only for runs long enough to wonder about. */
struct cmd_run_progress {
	bool enabled;	  /* stderr is a terminal and not --quiet */
	int64_t start_ns; /* wall clock at the start of the run */
	int64_t shown_ns; /* wall clock of the last update, 0 before */
	int width;	  /* characters of the line shown, to clear it */
};

/* Runs shorter than this never show the line: it would only flicker. */
#define PROGRESS_DELAY_NS  NS_PER_S
#define PROGRESS_PERIOD_NS (NS_PER_MS * 200)

static void
cmd_run_progress_update(struct cmd_run_progress *p, const struct sim *sim,
			int64_t wall_ns)
{
	char now[FORMAT_BUF], end[FORMAT_BUF];
	int64_t duration = sim_duration(sim);
	int n;

	if (!p->enabled || wall_ns - p->start_ns < PROGRESS_DELAY_NS ||
	    wall_ns - p->shown_ns < PROGRESS_PERIOD_NS)
		return;
	n = fprintf(stderr, "\rtcpsim: simulated %s of %s (%d%%)  ",
		    format_time(now, sizeof now, sim_now(sim)),
		    format_time(end, sizeof end, duration),
		    duration > 0 ? (int)(100.0 * (double)sim_now(sim) /
					 (double)duration)
				 : 100);
	if (n > p->width)
		p->width = n;
	fflush(stderr);
	p->shown_ns = wall_ns;
}

static void
cmd_run_progress_clear(struct cmd_run_progress *p)
{
	if (p->width > 0) {
		fprintf(stderr, "\r%*s\r", p->width, "");
		fflush(stderr);
		p->width = 0;
	}
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

/*
 * Events run between two looks at the stop flag.  The simulated time
 * they cover has no bound (a fast link with tiny segments runs billions
 * of events per simulated millisecond), but their wall time does: well
 * under 100 ms even under AddressSanitizer, so Ctrl-C acts at once.
 */
#define SLICE_EVENTS 16384

/*
 * Run to the end in slices of SLICE_EVENTS events; between slices, look
 * at the stop flag and the progress line.  Returns the signal that
 * stopped the run, or 0 when it completed.
 */
static int
cmd_run_simulate(struct sim *sim, struct cmd_run_progress *progress)
{
	int64_t end = sim_duration(sim);

	while (cmd_run_stop_signal == 0 &&
	       !sim_run_until_bounded(sim, end, SLICE_EVENTS))
		cmd_run_progress_update(progress, sim, cmd_run_wall_ns());
	return cmd_run_stop_signal;
}

/* The output files of one run. */
struct cmd_run_outputs {
	struct outfile *csv;	/* --csv, or NULL */
	struct outfile *events; /* --events, or NULL */
	struct outfile *pcap;	/* --pcap, or NULL */
};

static void
cmd_run_abort_outputs(struct cmd_run_outputs *o)
{
	outfile_abort(o->csv);
	outfile_abort(o->events);
	outfile_abort(o->pcap);
	o->csv = o->events = o->pcap = NULL;
}

/* Open every output before simulating; on failure remove those made. */
static int
cmd_run_open_outputs(struct cmd_run_outputs *o, const struct cli_args *args)
{
	if (args->csv_path != NULL) {
		o->csv = outfile_open(args->csv_path, stderr);
		if (o->csv == NULL)
			goto fail;
	}
	if (args->events_path != NULL) {
		/* unbuffered: the event writer hands over large blocks */
		o->events = outfile_open_unbuffered(args->events_path, stderr);
		if (o->events == NULL)
			goto fail;
	}
	if (args->pcap_path != NULL) {
		o->pcap = outfile_open(args->pcap_path, stderr);
		if (o->pcap == NULL)
			goto fail;
	}
	if (o->csv != NULL)
		outfile_set_stop(o->csv, &cmd_run_stop_signal);
	if (o->events != NULL)
		outfile_set_stop(o->events, &cmd_run_stop_signal);
	if (o->pcap != NULL)
		outfile_set_stop(o->pcap, &cmd_run_stop_signal);
	return 0;
fail:
	cmd_run_abort_outputs(o);
	return -1;
}

/*
 * Close every output, then, only if all closed cleanly, rename each over
 * its target: a full disk under one of them leaves every target as it
 * was.  Returns 0 or -1 (the error printed, nothing committed).
 */
static int
cmd_run_commit_outputs(struct cmd_run_outputs *o)
{
	struct outfile **all[] = {&o->csv, &o->events, &o->pcap};
	int rc = 0;
	size_t i;

	for (i = 0; i < 3; i++)
		if (*all[i] != NULL && outfile_close(*all[i], stderr) != 0)
			rc = -1;
	if (rc != 0 || cmd_run_stop_signal != 0)
		return -1; /* the caller aborts them all */
	for (i = 0; i < 3; i++) {
		if (*all[i] == NULL)
			continue;
		if (outfile_commit(*all[i], stderr) != 0)
			rc = -1;
		*all[i] = NULL;
	}
	return rc;
}

/*
 * --snaplen N: decimal digits, 0 (whole packets, as tcpdump's -s 0) or
 * from the 40 bytes of the IPv4 and TCP headers, which a capture needs
 * to be analysed at all, to tcpdump's largest, 262144.
 */
static int
cmd_run_parse_snaplen(const char *text, uint32_t *snaplen)
{
	uint64_t v = 0;
	const char *p;

	for (p = text; *p >= '0' && *p <= '9'; p++)
		if (v <= PCAP_WRITER_MAX_SNAPLEN)
			v = v * 10 + (uint64_t)(*p - '0');
	if (p == text || *p != '\0' ||
	    (v != 0 && (v < 40 || v > PCAP_WRITER_MAX_SNAPLEN))) {
		cli_usage_error("run",
				"run: --snaplen '%s': a number of bytes from "
				"40 to %u is needed (0: whole packets)",
				text, PCAP_WRITER_MAX_SNAPLEN);
		return -1;
	}
	*snaplen = (uint32_t)v;
	return 0;
}

/* One file the run reads or writes, to tell two names of one file apart. */
struct cmd_run_file {
	const char *what; /* "--csv", "the scenario", "standard output" */
	const char *path; /* as given */
	struct outfile_identity id; /* where it leads */
	bool known;		    /* id was found out */
};

/*
 * Refuse outputs that are one file by two names (--csv out.csv --events
 * ./out.csv: one would silently replace the other), an output that is
 * the scenario being read (--csv in.ini would replace the input with a
 * CSV), and an output that standard output already writes to (`>
 * out.csv --csv out.csv`: the summary would land in a file about to be
 * replaced).  Compared by device and inode, links followed.
 */
static int
cmd_run_check_same_files(const struct cli_args *args)
{
	struct cmd_run_file outs[3] = {
		{"--csv", args->csv_path, {0}, false},
		{"--events", args->events_path, {0}, false},
		{"--pcap", args->pcap_path, {0}, false},
	};
	struct stat in_st, out_st;
	bool have_in = false, have_out = false;
	int rc = 0;
	size_t i, j;

	if (args->scenario != NULL) {
		char buf[4096];
		const char *in =
			cli_scenario_file(args->scenario, buf, sizeof buf);

		if (in != NULL && strcmp(in, "-") == 0)
			have_in = fstat(STDIN_FILENO, &in_st) == 0 &&
				  S_ISREG(in_st.st_mode);
		else if (in != NULL)
			have_in = stat(in, &in_st) == 0;
	}
	have_out =
		fstat(STDOUT_FILENO, &out_st) == 0 && S_ISREG(out_st.st_mode);

	for (i = 0; i < 3; i++)
		if (outs[i].path != NULL && strcmp(outs[i].path, "-") != 0)
			outs[i].known = outfile_identity_of(outs[i].path,
							    &outs[i].id) == 0;
	for (i = 0; i < 3 && rc == 0; i++) {
		if (!outs[i].known)
			continue;
		for (j = i + 1; j < 3 && rc == 0; j++)
			if (outs[j].known &&
			    outfile_identity_same(&outs[i].id, &outs[j].id)) {
				cli_usage_error("run",
						"run: %s '%s' and %s '%s' are "
						"the same file",
						outs[i].what, outs[i].path,
						outs[j].what, outs[j].path);
				rc = -1;
			}
		if (rc == 0 && have_in &&
		    outfile_identity_is(&outs[i].id, &in_st)) {
			cli_usage_error("run",
					"run: %s '%s' is the scenario file "
					"being read; it would be replaced",
					outs[i].what, outs[i].path);
			rc = -1;
		}
		if (rc == 0 && have_out &&
		    outfile_identity_is(&outs[i].id, &out_st)) {
			cli_usage_error("run",
					"run: %s '%s' is where standard "
					"output goes; the summary would be "
					"lost when it is replaced",
					outs[i].what, outs[i].path);
			rc = -1;
		}
	}
	for (i = 0; i < 3; i++)
		outfile_identity_free(&outs[i].id);
	return rc;
}

/*
 * Usage checks that need no scenario: output names that would collide,
 * --pcap in a build without libpcap, --snaplen (its value in *snaplen).
 */
static int
cmd_run_check_outputs(const struct cli_args *args, uint32_t *snaplen)
{
	int on_stdout = 0;

	*snaplen = 0;
	if (args->pcap_path != NULL && !pcap_writer_supported()) {
		fputs("tcpsim: --pcap: this tcpsim was built without libpcap "
		      "(configure --without-pcap)\n",
		      stderr);
		return -1;
	}
	if (args->snaplen != NULL) {
		if (args->pcap_path == NULL) {
			cli_usage_error("run", "run: --snaplen needs --pcap");
			return -1;
		}
		if (cmd_run_parse_snaplen(args->snaplen, snaplen) != 0)
			return -1;
	}
	if (args->csv_path != NULL && strcmp(args->csv_path, "-") == 0)
		on_stdout++;
	if (args->events_path != NULL && strcmp(args->events_path, "-") == 0)
		on_stdout++;
	if (args->pcap_path != NULL && strcmp(args->pcap_path, "-") == 0) {
		/* Binary on a terminal helps no one (tcpdump -w - refuses
		 * too); a pipe to wireshark or a file is what is meant. */
		if (isatty(STDOUT_FILENO)) {
			cli_usage_error("run",
					"run: --pcap -: standard output is a "
					"terminal; pipe it (| wireshark -k -i "
					"-) or name a file");
			return -1;
		}
		on_stdout++;
	}
	if (args->json)
		on_stdout++;
	if (on_stdout > 1) {
		cli_usage_error("run", "run: only one of --csv -, --events -, "
				       "--pcap - and --json can use standard "
				       "output");
		return -1;
	}
	return cmd_run_check_same_files(args);
}

/*
 * The human summary goes to stdout unless a trace is already there, where
 * it would corrupt the CSV; then to stderr.  NULL: no table at all.
 */
static FILE *
cmd_run_table_stream(const struct cli_args *args)
{
	if (args->quiet || args->json)
		return NULL;
	if ((args->csv_path != NULL && strcmp(args->csv_path, "-") == 0) ||
	    (args->events_path != NULL &&
	     strcmp(args->events_path, "-") == 0) ||
	    (args->pcap_path != NULL && strcmp(args->pcap_path, "-") == 0))
		return stderr;
	return stdout;
}

int
cmd_run(int argc, char **argv)
{
	struct cli_args args;
	struct scenario sc;
	struct cmd_run_outputs outputs = {NULL, NULL, NULL};
	struct cmd_run_progress progress;
	struct csv_writer *csv = NULL;
	struct events_writer *events = NULL;
	struct pcap_writer *pcap = NULL;
	uint32_t snaplen;
	struct summary summary;
	struct sim *sim = NULL;
	bool loaded = false;
	FILE *table;
	int status = CLI_EXIT_USAGE;
	uint64_t budget;
	int sig;
	/* --outcome: the scenario's messages, kept for the file as well as
	 * printed, and the figures once the run is summarized */
	FILE *errs = stderr;
	char *errs_text = NULL;
	size_t errs_len = 0;
	char *outcome_figures = NULL;

	if (cli_parse(&args, "run", argc, argv) != 0)
		goto out;
	if (args.help) {
		cli_help(stdout, "run");
		status = CLI_EXIT_OK;
		goto out;
	}
	if (args.scenario == NULL) {
		cli_usage_error("run", "run: missing SCENARIO");
		goto out;
	}
	if (cmd_run_check_outputs(&args, &snaplen) != 0 ||
	    cli_memory_budget(&args, &budget) != 0)
		goto out;
	/* --vs: two runs and their comparison (vs.c) */
	if (args.n_vs > 0) {
		status = cmd_run_vs(&args, budget);
		goto out;
	}

	loaded = true;
	if (args.outcome_path != NULL) {
		errs = open_memstream(&errs_text, &errs_len);
		if (errs == NULL)
			errs = stderr;
	}
	if (cli_load_scenario(&sc, &args, errs) != 0 ||
	    cli_check_memory(&sc, budget, errs) != 0)
		goto out;

	cmd_run_catch_signals();
	if (cmd_run_open_outputs(&outputs, &args) != 0) {
		/* Ctrl-C while waiting for a FIFO's reader is no failure. */
		status = cmd_run_stop_signal != 0
				 ? cmd_run_interrupted(cmd_run_stop_signal, 0)
				 : CLI_EXIT_FAILURE;
		goto out;
	}

	sim = sim_create_sharing(&sc); /* sc is freed after it */
	if (outputs.csv != NULL)
		csv = csv_writer_attach(sim, outfile_stream(outputs.csv),
					args.csv_comments);
	if (outputs.events != NULL)
		events = events_writer_attach(
			sim, outfile_stream(outputs.events), args.csv_comments);
	if (outputs.pcap != NULL) {
		pcap = pcap_writer_attach(sim, outputs.pcap, snaplen, stderr);
		if (pcap == NULL) {
			status = CLI_EXIT_FAILURE;
			goto out;
		}
	}

	memset(&progress, 0, sizeof progress);
	progress.enabled = !args.quiet && isatty(STDERR_FILENO);
	progress.start_ns = cmd_run_wall_ns();
	sig = cmd_run_simulate(sim, &progress);
	cmd_run_progress_clear(&progress);
	if (sig != 0) {
		cmd_run_abort_outputs(&outputs);
		status = cmd_run_interrupted(sig, sim_now(sim));
		goto out;
	}

	if (pcap != NULL)
		pcap_writer_finish(pcap, sim);
	/* the event log's last rows, kept in the writer until now */
	events_writer_finish(events);
	summary_collect(&summary, sim);
	if (args.outcome_path != NULL)
		outcome_figures = sweep_outcome_figures(&summary);
	table = cmd_run_table_stream(&args);
	if (args.json)
		summary_write_json(stdout, &summary);
	else if (table != NULL)
		summary_write_table(table, &summary);
	summary_free(&summary);

	status = CLI_EXIT_OK;
	if (cmd_run_commit_outputs(&outputs) != 0)
		status = CLI_EXIT_FAILURE;
	/* A signal during the summary or the closing means "do not
	 * commit" (cmd_run_commit_outputs() did not). */
	if (cmd_run_stop_signal != 0) {
		cmd_run_abort_outputs(&outputs);
		status = cmd_run_interrupted(cmd_run_stop_signal, sim_now(sim));
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("tcpsim: cannot write to standard output\n", stderr);
		status = CLI_EXIT_FAILURE;
	}
out:
	if (errs != stderr) {
		fclose(errs);
		if (errs_text != NULL)
			fputs(errs_text, stderr);
	}
	/* --outcome: what happened, also when the scenario was invalid; an
	 * interrupted run has no outcome (status 128 + signal). */
	if (args.outcome_path != NULL && loaded && status < 128 &&
	    sweep_outcome_save(args.outcome_path, status, errs_text,
			       outcome_figures, stderr) != 0 &&
	    status == CLI_EXIT_OK)
		status = CLI_EXIT_FAILURE;
	free(errs_text);
	free(outcome_figures);
	cmd_run_abort_outputs(&outputs);
	csv_writer_free(csv);
	events_writer_free(events);
	pcap_writer_free(pcap);
	if (sim != NULL)
		sim_destroy(sim);
	if (loaded)
		scenario_free(&sc);
	cli_args_free(&args);
	if (status == 128 + SIGPIPE) {
		/* As coreutils do under `| head`: die of the signal, quietly,
		 * now that no temporary file is left. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	return status;
}
