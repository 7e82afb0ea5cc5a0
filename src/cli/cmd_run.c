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
 *   4. run, in slices, checking for SIGINT/SIGTERM between slices
 *      (exit 128 + signal, temporary files removed);
 *   5. write the summary; rename the outputs over their targets.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "sim/sim.h"
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
 * temporary files left behind.
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

/* Wall time one slice should take: short enough to stop promptly on Ctrl-C. */
#define SLICE_FAST_NS (NS_PER_MS * 20)
#define SLICE_SLOW_NS (NS_PER_MS * 100)

/*
 * Run to the end in slices of simulated time, adapted so that each takes
 * 20-100 ms of wall time whatever the link rate; between slices, look at
 * the stop flag and the progress line.  Returns the signal that stopped
 * the run, or 0 when it completed.
 */
static int
cmd_run_simulate(struct sim *sim, struct cmd_run_progress *progress)
{
	int64_t end = sim_duration(sim);
	int64_t slice = NS_PER_MS;

	while (!sim_finished(sim) && sim_now(sim) < end) {
		int64_t before = sim_now(sim);
		int64_t wall0, wall1;

		if (cmd_run_stop_signal != 0)
			return cmd_run_stop_signal;
		wall0 = cmd_run_wall_ns();
		sim_run_until(sim, end - before > slice ? before + slice : end);
		wall1 = cmd_run_wall_ns();
		if (sim_now(sim) <= before)
			break; /* no progress: let sim_run() finish the run */
		if (wall1 - wall0 < SLICE_FAST_NS && slice < end / 2)
			slice *= 2;
		else if (wall1 - wall0 > SLICE_SLOW_NS && slice > NS_PER_US)
			slice /= 2;
		cmd_run_progress_update(progress, sim, wall1);
	}
	if (cmd_run_stop_signal != 0)
		return cmd_run_stop_signal;
	/* Whatever is left at the end (the final sample) happens here. */
	sim_run(sim);
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
		o->events = outfile_open(args->events_path, stderr);
		if (o->events == NULL)
			goto fail;
	}
	if (args->pcap_path != NULL) {
		o->pcap = outfile_open(args->pcap_path, stderr);
		if (o->pcap == NULL)
			goto fail;
	}
	return 0;
fail:
	cmd_run_abort_outputs(o);
	return -1;
}

/* Rename each output over its target; after a failure, remove the rest. */
static int
cmd_run_commit_outputs(struct cmd_run_outputs *o)
{
	int rc = 0;

	if (o->csv != NULL) {
		rc = outfile_commit(o->csv, stderr);
		o->csv = NULL;
	}
	if (o->events != NULL) {
		if (rc == 0)
			rc = outfile_commit(o->events, stderr);
		else
			outfile_abort(o->events);
		o->events = NULL;
	}
	if (o->pcap != NULL) {
		if (rc == 0)
			rc = outfile_commit(o->pcap, stderr);
		else
			outfile_abort(o->pcap);
		o->pcap = NULL;
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

/* The file two of --csv, --events and --pcap both name ("-" aside), or
 * NULL. */
static const char *
cmd_run_same_file(const struct cli_args *args)
{
	const char *paths[] = {args->csv_path, args->events_path,
			       args->pcap_path};
	size_t i, j;

	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (paths[i] != NULL && paths[j] != NULL &&
			    strcmp(paths[i], "-") != 0 &&
			    strcmp(paths[i], paths[j]) == 0)
				return paths[i];
	return NULL;
}

/*
 * Usage checks that need no scenario: output names that would collide,
 * --pcap in a build without libpcap, --snaplen (its value in *snaplen).
 */
static int
cmd_run_check_outputs(const struct cli_args *args, uint32_t *snaplen)
{
	const char *same;
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
	same = cmd_run_same_file(args);
	if (same != NULL) {
		cli_usage_error("run",
				"run: two of --csv, --events and --pcap name "
				"the same file '%s'",
				same);
		return -1;
	}
	return 0;
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
	int sig;

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
	if (cmd_run_check_outputs(&args, &snaplen) != 0)
		goto out;

	loaded = true;
	if (cli_load_scenario(&sc, &args, stderr) != 0)
		goto out;

	cmd_run_catch_signals();
	if (cmd_run_open_outputs(&outputs, &args) != 0) {
		status = CLI_EXIT_FAILURE;
		goto out;
	}

	sim = sim_create(&sc);
	if (outputs.csv != NULL)
		csv = csv_writer_attach(sim, outfile_stream(outputs.csv));
	if (outputs.events != NULL)
		events = events_writer_attach(sim,
					      outfile_stream(outputs.events));
	if (outputs.pcap != NULL) {
		pcap = pcap_writer_attach(sim, outfile_stream(outputs.pcap),
					  snaplen, stderr);
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
		fprintf(stderr,
			"tcpsim: interrupted (%s) at %.9f s of "
			"simulated time; no output file written\n",
			strsignal(sig), time_to_seconds(sim_now(sim)));
		status = 128 + sig;
		goto out;
	}

	if (pcap != NULL)
		pcap_writer_finish(pcap, sim);
	summary_collect(&summary, sim);
	table = cmd_run_table_stream(&args);
	if (args.json)
		summary_write_json(stdout, &summary);
	else if (table != NULL)
		summary_write_table(table, &summary);
	summary_free(&summary);

	/* A signal during the summary still means "do not commit". */
	if (cmd_run_stop_signal != 0) {
		cmd_run_abort_outputs(&outputs);
		status = 128 + cmd_run_stop_signal;
		goto out;
	}
	status = CLI_EXIT_OK;
	if (cmd_run_commit_outputs(&outputs) != 0)
		status = CLI_EXIT_FAILURE;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("tcpsim: cannot write to standard output\n", stderr);
		status = CLI_EXIT_FAILURE;
	}
out:
	cmd_run_abort_outputs(&outputs);
	csv_writer_free(csv);
	events_writer_free(events);
	pcap_writer_free(pcap);
	if (sim != NULL)
		sim_destroy(sim);
	if (loaded)
		scenario_free(&sc);
	cli_args_free(&args);
	return status;
}
