/* SPDX-License-Identifier: ISC */
/*
 * cli.h: the command line, shared by the subcommands.
 *
 *   tcpsim run   SCENARIO [--set KEY=VALUE]... [--csv FILE] [--events FILE]
 *                         [--pcap FILE [--snaplen N]] [--json] [--quiet]
 *   tcpsim check SCENARIO [--set KEY=VALUE]...
 *   tcpsim play  SCENARIO [--set KEY=VALUE]... [--speed X] [--paused]
 *   tcpsim sweep SCENARIO --vary KEY=V1,V2,... [--seeds LIST] [-j N]
 *                         --out FILE (or --emit-jobs DIR, --collect DIR)
 *
 * Options may come before or after SCENARIO; "--opt=VALUE" and
 * "--opt VALUE" are the same; "--" ends the options; "-" is an argument
 * (standard input or output), not an option.  The contract is
 * ../shared/design/cli-and-outputs.md.
 *
 * Usage errors print "tcpsim: MESSAGE" and a one-line hint to
 * `tcpsim help` on stderr; the command then exits CLI_EXIT_USAGE.
 */
#ifndef TCPSIM_CLI_H
#define TCPSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct scenario;

/* Exit statuses (cli-and-outputs.md); a signal N gives 128 + N. */
#define CLI_EXIT_OK	 0
#define CLI_EXIT_FAILURE 1 /* an output cannot be written, out of memory */
#define CLI_EXIT_USAGE	 2 /* usage error or invalid scenario */

/* A subcommand's arguments, pointing into argv. */
struct cli_args {
	const char *command;  /* "run", "check", "play" */
	const char *scenario; /* SCENARIO ("-" = standard input) or NULL */
	const char **sets;    /* every --set KEY=VALUE, in order */
	size_t n_sets;
	const char *csv_path;	 /* --csv FILE, or NULL */
	bool csv_comments;	 /* --csv-comments: '#' lines in both CSVs */
	const char *events_path; /* --events FILE, or NULL */
	const char *pcap_path;	 /* --pcap FILE, or NULL */
	const char *snaplen;	 /* --snaplen N as given (cmd_run checks it) */
	bool json;		 /* --json */
	bool quiet;		 /* --quiet */
	bool help;		 /* -h / --help */
	const char *speed; /* play --speed X as given (cmd_play checks it) */
	bool paused;	   /* play --paused */
	const char *max_memory; /* --max-memory SIZE as given, or NULL */
	/* run --outcome, and the options of sweep (cmd_sweep.c checks them) */
	const char *outcome_path; /* run --outcome FILE, or NULL */
	const char **varies;	  /* every --vary KEY=V1,V2,..., in order */
	size_t n_varies;
	const char *seeds;	    /* --seeds LIST as given, or NULL */
	const char *jobs;	    /* -j/--jobs N as given, or NULL */
	const char *out_path;	    /* --out FILE, or NULL */
	const char *format;	    /* --format csv|jsonl as given, or NULL */
	bool resume;		    /* --resume */
	const char *emit_jobs_dir;  /* --emit-jobs DIR, or NULL */
	const char *emit_slurm_dir; /* --emit-slurm DIR, or NULL */
	const char *collect_dir;    /* --collect DIR, or NULL */
	/* play: the lesson's display */
	bool absolute_seq; /* play --absolute-seq: wire sequence numbers */
	const char *theme; /* play --theme NAME as given, or NULL */
	/* run --vs: what the second run B changes (vs.c) */
	const char **vs; /* every --vs KEY=VALUE or FILE, in order */
	size_t n_vs;	 /* how many */
	/* play --record FILE, --headless, --size WxH (ui/cast.h) */
	const char *record_path; /* the asciicast to write, or NULL */
	bool headless;		 /* render without a terminal */
	const char *size;	 /* --size as given (cmd_play checks it) */
};

/*
 * Parse argv[1..argc-1] of `command` (argv[0] is the command's name).
 * Each command accepts only its own options.  Returns 0, or -1 after
 * printing the usage error.  A later --csv/--events/--pcap replaces an
 * earlier one.  Free with cli_args_free() either way.
 */
int cli_parse(struct cli_args *args, const char *command, int argc,
	      char **argv);
void cli_args_free(struct cli_args *args);

/*
 * Print "tcpsim: MESSAGE" and "Try 'tcpsim help [COMMAND]'." to stderr.
 * `command` may be NULL (the hint then names plain `tcpsim help`).
 */
void cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True if `name` is one of the subcommands. */
bool cli_is_command(const char *name);

/* The command `word` is a plausible typo of (`rnu`: "run"), or NULL. */
const char *cli_suggest_command(const char *word);

/*
 * Print the help of `topic` ("run", "check", "play", "list", "sweep"; NULL for
 * the program) to `out`.  Returns 0, or -1 (printing nothing) for an unknown
 * topic.
 */
int cli_help(FILE *out, const char *topic);

/* "tcpsim VERSION". */
void cli_version(FILE *out);

/*
 * The file SCENARIO names: `name` itself, or the installed scenario of
 * that name (in `buf`) when `name` is a bare file name not found in the
 * current directory; NULL when neither exists.  Prints nothing.
 */
const char *cli_scenario_file(const char *name, char *buf, size_t size);

/*
 * Load args->scenario, apply every --set in order and validate, printing
 * every error to `errs`.  Returns 0 or -1.  Free `sc` with scenario_free()
 * either way.
 */
int cli_load_scenario(struct scenario *sc, const struct cli_args *args,
		      FILE *errs);

/*
 * The memory budget of --max-memory in *budget (UINT64_MAX for
 * "unlimited"), or half of the physical memory without the option.
 * Returns 0, or -1 after printing the usage error.
 */
int cli_memory_budget(const struct cli_args *args, uint64_t *budget);

/*
 * Estimate the peak memory of a run of `sc` (model/memory_estimate.h).
 * Returns 0 when it fits in `budget`, or -1 after printing to `errs`
 * how much it would need and which settings drive it.
 */
int cli_check_memory(const struct scenario *sc, uint64_t budget, FILE *errs);

/* The subcommands: each takes its argv (argv[0] = the command) and returns the
 * exit status. */
int cmd_run(int argc, char **argv);   /* cmd_run.c */
int cmd_check(int argc, char **argv); /* cmd_check.c */
int cmd_play(int argc, char **argv);  /* cmd_play.c */
int cmd_list(int argc, char **argv);  /* cmd_list.c */
void cmd_list_usage(FILE *out);	      /* its help */
int cmd_sweep(int argc, char **argv); /* cmd_sweep.c */
/* run --vs (vs.c): both runs and their comparison; the exit status */
int cmd_run_vs(const struct cli_args *args, uint64_t budget);
void cmd_sweep_usage(FILE *out); /* its help */

#endif
