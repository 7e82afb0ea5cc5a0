/* cli.c: argument parsing, help texts and the play placeholder (see cli.h). */
#include "config.h"

#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "util/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Help texts                                                          */
/* ------------------------------------------------------------------ */

static const char cli_help_main[] =
	"Usage: tcpsim COMMAND [ARGUMENT]...\n"
	"Simulate TCP's sliding window over one bottleneck link, as described "
	"by a\n"
	"scenario file, and show what limits each flow.\n"
	"\n"
	"Commands:\n"
	"  run SCENARIO     simulate; print a summary; write CSV traces on "
	"request\n"
	"  check SCENARIO   validate and print what to expect (RTT, BDP, which "
	"limit\n"
	"                   binds) without simulating\n"
	"  play SCENARIO    watch the run in the terminal (not implemented "
	"yet)\n"
	"  help [COMMAND]   this help, or a command's (also: tcpsim COMMAND "
	"--help)\n"
	"\n"
	"Options:\n"
	"  -h, --help       print this help and exit\n"
	"      --version    print \"tcpsim VERSION\" and exit\n"
	"\n"
	"SCENARIO is an INI file (man 5 tcpsim-scenario); '-' reads it from "
	"standard\n"
	"input.  Every key has a default: an empty file is one bulk flow over "
	"a\n"
	"10 Mbit/s link with 20 ms of delay each way.\n"
	"\n"
	"Exit status:\n"
	"  0    success\n"
	"  1    the run failed for a reason outside the scenario (an output "
	"file\n"
	"       cannot be written, out of memory)\n"
	"  2    usage error or invalid scenario: messages FILE:LINE: ... on "
	"stderr,\n"
	"       nothing written\n"
	"  130  interrupted (Ctrl-C; 143 for SIGTERM): no output file written\n"
	"\n"
	"Examples:\n"
	"  tcpsim check slow-reader.ini\n"
	"  tcpsim run slow-reader.ini --set bulk.read_rate=1MB/s --csv "
	"slow.csv\n"
	"  printf '[link]\\nrate = 1Mbit/s\\n' | tcpsim run - --json\n"
	"\n"
	"Documentation: man tcpsim (commands, outputs), man 5 tcpsim-scenario "
	"(the\n"
	"file format, every key).  Classroom scenarios, each with a comment "
	"saying\n"
	"what to watch, are in the scenarios/ directory (installed under\n"
	"share/tcpsim/scenarios).\n";

static const char cli_help_run[] =
	"Usage: tcpsim run SCENARIO [OPTION]...\n"
	"Simulate SCENARIO and print a summary: per flow goodput, bytes "
	"delivered,\n"
	"retransmits, timeouts, zero-window adverts, window probes; for the "
	"link\n"
	"utilization, drops and queue.\n"
	"\n"
	"Options (before or after SCENARIO; --opt=VALUE works as --opt "
	"VALUE):\n"
	"  --set KEY=VALUE  change a setting after the file is read; KEY as in "
	"the\n"
	"                   [timeline]: link.rate=100Mbit/s, "
	"bulk.receive_buffer=16KiB,\n"
	"                   simulation.seed=7.  Repeatable, applied in order\n"
	"  --csv FILE       write the time series: one row per flow every\n"
	"                   sample_interval (cwnd, windows, buffers, queue, "
	"goodput,\n"
	"                   RTT, what limits the sender)\n"
	"  --events FILE    write every packet-level event, one row each, with "
	"a\n"
	"                   short sentence in the detail column\n"
	"  --pcap FILE      write a packet capture (not implemented yet: exits "
	"2)\n"
	"  --json           print one JSON object instead of the summary "
	"table\n"
	"  --quiet          print neither the summary table nor the progress "
	"line\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"'-' as SCENARIO reads standard input; '-' as FILE writes standard "
	"output.\n"
	"At most one of --csv -, --events - and --json may use standard output "
	"(two\n"
	"would mix: usage error, exit 2).  When a trace goes to standard "
	"output,\n"
	"the summary table goes to standard error instead.\n"
	"\n"
	"Output files are written under a hidden temporary name beside FILE "
	"and\n"
	"renamed when the run completes: a failed or interrupted run leaves "
	"no\n"
	"partial file, and an older FILE stays as it was.  Nothing is written "
	"when\n"
	"the scenario is invalid.\n"
	"\n"
	"Both CSV files start with '#' lines (tool version, scenario, seed) "
	"before\n"
	"the header row.  time_s is in seconds, 9 decimals in the event file.  "
	"In\n"
	"the time series an empty field means \"no value\": cwnd_bytes with cc "
	"= none,\n"
	"ssthresh_bytes before the first loss (it is infinite), srtt_ms before "
	"the\n"
	"first RTT sample.  goodput_bps is over the last interval.  For "
	"gnuplot:\n"
	"  set datafile separator ','; set datafile commentschars '#'\n"
	"The progress line appears on standard error only when it is a "
	"terminal\n"
	"and the run takes over a second.\n"
	"\n"
	"Exit status: 0 success; 1 an output file cannot be written; 2 usage "
	"error\n"
	"or invalid scenario; 130 interrupted by Ctrl-C (143 SIGTERM, 129 "
	"SIGHUP,\n"
	"141 broken pipe), with no output file left behind.\n"
	"\n"
	"Examples:\n"
	"  tcpsim run window-limited.ini --csv w.csv --events w-events.csv\n"
	"  tcpsim run bottleneck.ini --set link.loss=1% --json\n"
	"  tcpsim run slow-reader.ini --quiet --csv - | head\n"
	"\n"
	"See man tcpsim and man 5 tcpsim-scenario.\n";

static const char cli_help_check[] =
	"Usage: tcpsim check SCENARIO [--set KEY=VALUE]...\n"
	"Validate SCENARIO (every error as FILE:LINE: message) and print what "
	"a\n"
	"teacher wants to know before running it, computed from the settings "
	"alone:\n"
	"per flow the base RTT (2 x (delay + extra_delay), plus serializing "
	"one\n"
	"data packet and one ACK), the bandwidth-delay product in bytes and\n"
	"packets, the goodput each limit allows (link share, receive window, "
	"send\n"
	"buffer, reader, writer) and which one binds; then the timeline in "
	"words.\n"
	"Nothing is simulated.\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE  change a setting, as for tcpsim run (repeatable)\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"'-' as SCENARIO reads standard input.\n"
	"\n"
	"Exit status: 0 the scenario is valid; 2 usage error or invalid "
	"scenario.\n"
	"\n"
	"Example:\n"
	"  tcpsim check slow-reader.ini --set bulk.receive_buffer=16KiB\n"
	"\n"
	"See man tcpsim and man 5 tcpsim-scenario.\n";

static const char cli_help_play[] =
	"Usage: tcpsim play SCENARIO [--set KEY=VALUE]...\n"
	"Watch the run in the terminal: windows, queue and events, animated.\n"
	"\n"
	"Not implemented yet: the terminal UI comes in a later release; use\n"
	"tcpsim run with --csv and --events meanwhile.  play needs a terminal "
	"on\n"
	"standard output and exits 2 without one; it never waits for input.\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE  change a setting, as for tcpsim run (repeatable)\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"Exit status: 2 (not implemented; or standard output is not a "
	"terminal).\n"
	"\n"
	"See man tcpsim.\n";

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/* Which commands accept an option. */
#define CLI_FOR_RUN   1u
#define CLI_FOR_CHECK 2u
#define CLI_FOR_PLAY  4u
#define CLI_FOR_ALL   (CLI_FOR_RUN | CLI_FOR_CHECK | CLI_FOR_PLAY)

enum cli_option_id {
	OPT_SET,
	OPT_CSV,
	OPT_EVENTS,
	OPT_PCAP,
	OPT_JSON,
	OPT_QUIET,
	OPT_HELP,
};

struct cli_option {
	const char *name;      /* without the leading "--" */
	enum cli_option_id id; /* what it sets */
	const char *value; /* name of its value in messages, NULL for a flag */
	unsigned commands; /* CLI_FOR_* */
};

static const struct cli_option cli_options[] = {
	{"set", OPT_SET, "KEY=VALUE", CLI_FOR_ALL},
	{"csv", OPT_CSV, "FILE", CLI_FOR_RUN},
	{"events", OPT_EVENTS, "FILE", CLI_FOR_RUN},
	{"pcap", OPT_PCAP, "FILE", CLI_FOR_RUN},
	{"json", OPT_JSON, NULL, CLI_FOR_RUN},
	{"quiet", OPT_QUIET, NULL, CLI_FOR_RUN},
	{"help", OPT_HELP, NULL, CLI_FOR_ALL},
};

static unsigned
cli_command_bit(const char *command)
{
	if (strcmp(command, "run") == 0)
		return CLI_FOR_RUN;
	if (strcmp(command, "check") == 0)
		return CLI_FOR_CHECK;
	if (strcmp(command, "play") == 0)
		return CLI_FOR_PLAY;
	return 0;
}

bool
cli_is_command(const char *name)
{
	return cli_command_bit(name) != 0;
}

void
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("tcpsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (command != NULL)
		fprintf(stderr, "\nTry 'tcpsim help %s'.\n", command);
	else
		fputs("\nTry 'tcpsim help'.\n", stderr);
}

/* Find "--name" (the part before any '='); NULL if unknown. */
static const struct cli_option *
cli_find_option(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof cli_options / sizeof cli_options[0]; i++)
		if (strlen(cli_options[i].name) == len &&
		    strncmp(cli_options[i].name, name, len) == 0)
			return &cli_options[i];
	return NULL;
}

static void
cli_store(struct cli_args *args, enum cli_option_id id, const char *value)
{
	switch (id) {
	case OPT_SET:
		args->sets = xreallocarray(args->sets, args->n_sets + 1,
					   sizeof *args->sets);
		args->sets[args->n_sets++] = value;
		break;
	case OPT_CSV:
		args->csv_path = value;
		break;
	case OPT_EVENTS:
		args->events_path = value;
		break;
	case OPT_PCAP:
		args->pcap_path = value;
		break;
	case OPT_JSON:
		args->json = true;
		break;
	case OPT_QUIET:
		args->quiet = true;
		break;
	case OPT_HELP:
		args->help = true;
		break;
	}
}

/* One "--name[=value]" at argv[*i]; may consume argv[*i + 1]. */
static int
cli_parse_long(struct cli_args *args, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	const struct cli_option *opt = cli_find_option(arg, len);
	const char *value = eq != NULL ? eq + 1 : NULL;

	if (opt == NULL) {
		cli_usage_error(args->command, "%s: unknown option '--%.*s'",
				args->command, (int)len, arg);
		return -1;
	}
	if ((opt->commands & cli_command_bit(args->command)) == 0) {
		cli_usage_error(args->command,
				"%s: option '--%s' is not for this command",
				args->command, opt->name);
		return -1;
	}
	if (opt->value == NULL) {
		if (value != NULL) {
			cli_usage_error(args->command,
					"%s: option '--%s' takes no value",
					args->command, opt->name);
			return -1;
		}
	} else if (value == NULL) {
		if (*i + 1 >= argc) {
			cli_usage_error(args->command,
					"%s: option '--%s' needs %s",
					args->command, opt->name, opt->value);
			return -1;
		}
		value = argv[++*i];
	}
	if (opt->value != NULL && value[0] == '\0') {
		cli_usage_error(
			args->command,
			"%s: option '--%s' needs %s, not an empty string",
			args->command, opt->name, opt->value);
		return -1;
	}
	cli_store(args, opt->id, value);
	return 0;
}

int
cli_parse(struct cli_args *args, const char *command, int argc, char **argv)
{
	bool options_done = false;
	int i;

	memset(args, 0, sizeof *args);
	args->command = command;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (!options_done && strcmp(arg, "-h") == 0) {
			args->help = true;
		} else if (!options_done && strncmp(arg, "--", 2) == 0) {
			if (cli_parse_long(args, argc, argv, &i) != 0)
				return -1;
		} else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
			cli_usage_error(command, "%s: unknown option '%s'",
					command, arg);
			return -1;
		} else if (args->scenario == NULL) {
			args->scenario = arg;
		} else {
			cli_usage_error(command,
					"%s: unexpected argument '%s' (one "
					"SCENARIO only)",
					command, arg);
			return -1;
		}
	}
	return 0;
}

void
cli_args_free(struct cli_args *args)
{
	free(args->sets);
	args->sets = NULL;
	args->n_sets = 0;
}

int
cli_help(FILE *out, const char *topic)
{
	const char *text;

	if (topic == NULL)
		text = cli_help_main;
	else if (strcmp(topic, "run") == 0)
		text = cli_help_run;
	else if (strcmp(topic, "check") == 0)
		text = cli_help_check;
	else if (strcmp(topic, "play") == 0)
		text = cli_help_play;
	else if (strcmp(topic, "help") == 0)
		text = cli_help_main;
	else
		return -1;
	fputs(text, out);
	return 0;
}

void
cli_version(FILE *out)
{
	fputs("tcpsim " PACKAGE_VERSION "\n", out);
}

int
cli_load_scenario(struct scenario *sc, const struct cli_args *args, FILE *errs)
{
	int rc = 0;
	size_t i;

	memset(sc, 0, sizeof *sc);
	if (scenario_load_file(sc, args->scenario, errs) != 0)
		return -1;
	/* Every --set is tried, so that all their errors show at once. */
	for (i = 0; i < args->n_sets; i++)
		if (scenario_set(sc, args->sets[i], errs) != 0)
			rc = -1;
	/* Validating a half-applied scenario would only add confusing errors.
	 */
	if (rc == 0 && scenario_validate(sc, errs) != 0)
		rc = -1;
	return rc;
}

/* ------------------------------------------------------------------ */
/* play: not built yet                                                 */
/* ------------------------------------------------------------------ */

int
cli_play(int argc, char **argv)
{
	struct cli_args args;
	int status = CLI_EXIT_USAGE;

	if (cli_parse(&args, "play", argc, argv) != 0)
		goto out;
	if (args.help) {
		cli_help(stdout, "play");
		status = CLI_EXIT_OK;
		goto out;
	}
	if (args.scenario == NULL) {
		cli_usage_error("play", "play: missing SCENARIO");
		goto out;
	}
	/* A terminal UI without a terminal would hang or spew escapes. */
	if (!isatty(STDOUT_FILENO)) {
		fputs("tcpsim: play: standard output is not a terminal (and "
		      "the "
		      "terminal UI is not implemented yet); use 'tcpsim run' "
		      "to "
		      "write files\n",
		      stderr);
		goto out;
	}
	fputs("tcpsim: play: not implemented yet (the terminal UI comes in a "
	      "later release)\n",
	      stderr);
out:
	cli_args_free(&args);
	return status;
}
