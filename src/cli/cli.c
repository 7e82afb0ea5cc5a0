/* SPDX-License-Identifier: ISC */
/* cli.c: argument parsing and help texts (see cli.h). */
#include "config.h"

#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "scenario/units.h"
#include "model/memory_estimate.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Help texts                                                          */
/* ------------------------------------------------------------------ */

static const char cli_help_main[] =
	"Usage: tcpsim COMMAND [ARGUMENT]...\n"
	"Simulate TCP's sliding window over a bottleneck link (or a path of "
	"links,\n"
	"with relays between flows), as described by a scenario file, and "
	"show what\n"
	"limits each flow.\n"
	"\n"
	"Commands:\n"
	"  run SCENARIO     simulate; print a summary; write CSV traces on "
	"request\n"
	"  check SCENARIO   validate and print what to expect (RTT, BDP, which "
	"limit\n"
	"                   binds) without simulating\n"
	"  play SCENARIO    watch the run animated in the terminal: buffers, "
	"window,\n"
	"                   packets on the link, what limits the sender\n"
	"  list [DIR]       the lessons (scenario files) with the question "
	"each asks\n"
	"  sweep SCENARIO   run it for every combination of --vary values "
	"and seeds,\n"
	"                   in parallel; one table row per run\n"
	"  help [COMMAND]   this help, or a command's (also: tcpsim COMMAND "
	"--help)\n"
	"\n"
	"Options:\n"
	"  -h, --help       print this help and exit\n"
	"  -V, --version    print \"tcpsim VERSION\" and exit\n"
	"Long options may be shortened to any unambiguous prefix (--vers).\n"
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
	"what to watch, are in the scenarios/ directory, installed under\n"
	"share/tcpsim/scenarios: a bare name such as reader-stall.ini finds "
	"them\n"
	"from any directory when no file of that name is there.\n";

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
	"  --pcap FILE      write a packet capture (pcap) of every packet on "
	"the\n"
	"                   sender's side of the bottleneck, for Wireshark or "
	"tshark:\n"
	"                   raw IPv4 (no link header), nanosecond timestamps "
	"(the\n"
	"                   simulated time), a handshake at each flow's start "
	"and\n"
	"                   FINs when it finishes; flow i is "
	"192.0.2.(1+i):(40000+i)\n"
	"                   -> 198.51.100.(1+i):20\n"
	"  --snaplen N      store at most N bytes of each packet in the "
	"capture (40 to\n"
	"                   262144; 0 or no --snaplen: whole packets); IP "
	"lengths\n"
	"                   stay those of the whole packets\n"
	"  --csv-comments   start both CSV files with '#' lines (tool version,"
	"\n"
	"                   scenario, seed) before the header row\n"
	"  --json           print one JSON object instead of the summary "
	"table\n"
	"  -q, --quiet      print neither the summary table nor the progress "
	"line\n"
	"  --vs KEY=VALUE   run a second time, B, changed as by --set "
	"(repeatable),\n"
	"  --vs FILE.ini    or from another scenario; same seed.  Prints A, B "
	"and\n"
	"                   their difference in columns (--json: {\"a\": "
	"..., \"b\": ...});\n"
	"                   not with --csv, --events, --pcap, --outcome\n"
	"  --max-memory SIZE  refuse (exit 2) a run whose estimated peak "
	"memory is\n"
	"                   above SIZE (512MiB, 4GiB; 'unlimited' turns the "
	"check\n"
	"                   off); default: half of the physical memory\n"
	"  --outcome FILE   write what became of the run as one line of "
	"JSON:\n"
	"                   exit_status, error (the messages, or null) and "
	"every\n"
	"                   figure of the summary as tcpsim sweep names them\n"
	"                   (flow.bulk.goodput_bps); written also when the "
	"scenario\n"
	"                   is invalid (status 2), not when interrupted.  "
	"tcpsim sweep\n"
	"                   --collect makes its table from these files\n"
	"  -h, --help       print this help and exit\n"
	"Long options may be shortened to any unambiguous prefix (--ev for "
	"--events).\n"
	"\n"
	"'-' as SCENARIO reads standard input; '-' as FILE writes standard "
	"output.\n"
	"At most one of --csv -, --events -, --pcap - and --json may use "
	"standard\n"
	"output (two would mix: usage error, exit 2).  When a trace goes to "
	"standard\n"
	"output, the summary table goes to standard error instead.\n"
	"\n"
	"Output files are written under a hidden temporary name beside FILE "
	"and\n"
	"renamed when every one of them is complete: a failed or interrupted "
	"run\n"
	"leaves no partial file, and older FILEs stay as they were.  Nothing "
	"is\n"
	"written when the scenario is invalid.  A replaced FILE keeps its "
	"permissions;\n"
	"a symbolic link is followed (the file it points to is replaced); a "
	"FIFO or\n"
	"device is written in place.  Two outputs that are one file by two "
	"names, an\n"
	"output that is the scenario being read or where standard output "
	"already\n"
	"goes, are refused (exit 2).\n"
	"\n"
	"Both CSV files have their header row on line 1, so that\n"
	"pandas.read_csv(FILE), csv.DictReader and spreadsheets read them as "
	"they\n"
	"are; the tool version, scenario and seed are in the JSON summary, or "
	"in '#'\n"
	"lines before the header with --csv-comments.\n"
	"time_s is in seconds, 9 decimals in the event file.  In the time "
	"series\n"
	"an empty field means \"no value\": cwnd_bytes with cc = none,\n"
	"ssthresh_bytes before the first loss (it is infinite), srtt_ms "
	"before the\n"
	"first RTT sample.  goodput_bps is over the last interval.  For "
	"gnuplot:\n"
	"  set datafile separator ','; set datafile columnheaders\n"
	"The progress line appears on standard error only when it is a "
	"terminal\n"
	"and the run takes over a second.\n"
	"\n"
	/* latency scenarios (net/aqm.h, net/ping.h) */
	"A scenario about latency (queue_discipline = red, codel or "
	"fq_codel,\n"
	"ecn_marking or a flow's ecn, or a probe flow: app = ping) adds the\n"
	"queueing delay's and the probes' round trips' p50, p99 and max to "
	"the\n"
	"summary and the JSON, and CSV columns: queue_delay_ms (mean wait "
	"of the\n"
	"packets that left the queue in the last interval), ping_rtt_ms (a "
	"probe\n"
	"flow's latest round trip) and ping_p50_ms, ping_p99_ms, ping_max_ms "
	"(its\n"
	"round trips so far).  Other scenarios' outputs stay as they were.\n"
	"\n"
	/* named links ([link NAME], a flow's path) */
	"A scenario with named links ([link NAME], a flow's path = a, b) "
	"adds each\n"
	"named link's figures to the summary, a links array to the JSON, "
	"and CSV\n"
	"columns queue_packets@NAME and queue_bytes@NAME at the end of each "
	"row.\n"
	"\n"
	"Exit status: 0 success; 1 an output file or standard output cannot "
	"be\n"
	"written; 2 usage error, invalid scenario, or a run that would need "
	"more\n"
	"memory than --max-memory; 130 interrupted by Ctrl-C (143 SIGTERM, "
	"129\n"
	"SIGHUP; answered within a fraction of a second whatever the "
	"scenario), with\n"
	"no output file left behind.  A reader that goes away (| head) ends "
	"the run\n"
	"quietly, by SIGPIPE (status 141), as other command-line tools do.\n"
	"\n"
	"Examples:\n"
	"  tcpsim run window-limited.ini --csv w.csv --events w-events.csv\n"
	"  tcpsim run bottleneck.ini --set link.loss=1% --json\n"
	"  tcpsim run bufferbloat.ini --set link.queue_discipline=fq_codel\n"
	"  tcpsim run slow-reader.ini --quiet --csv - | head\n"
	"  tcpsim run reader-stall.ini --pcap - | wireshark -k -i -\n"
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
	"buffer, reader, writer; with random loss, the Mathis et al. estimate\n"
	"(mss / RTT) x sqrt(3 / 2b) / sqrt(p), b = 2 with delayed ACKs) and "
	"which one\n"
	"binds; then the timeline in words.\n"
	"Nothing is simulated.\n"
	"\n"
	"It also estimates the run's peak memory (packets in flight and "
	"queued,\n"
	"buffers, samples) and names the settings that drive it.\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE  change a setting, as for tcpsim run (repeatable)\n"
	"  --max-memory SIZE  exit 2 when the estimate is above SIZE "
	"(default: half\n"
	"                   of the physical memory; 'unlimited': never)\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"'-' as SCENARIO reads standard input.\n"
	"\n"
	"Exit status: 0 the scenario is valid; 2 usage error, invalid "
	"scenario, or\n"
	"a run that would need more memory than --max-memory.\n"
	"\n"
	"Example:\n"
	"  tcpsim check slow-reader.ini --set bulk.receive_buffer=16KiB\n"
	"\n"
	"See man tcpsim and man 5 tcpsim-scenario.\n";

static const char cli_help_play[] =
	"Usage: tcpsim play SCENARIO [--set KEY=VALUE]... [--speed X] "
	"[--paused]\n"
	"                   [--absolute-seq] [--theme default|projector]\n"
	"                   [--vs KEY=VALUE|FILE]...\n"
	"                   [--record FILE.cast [--headless [--size WxH]]]\n"
	"Watch the run animated in the terminal: the producer, the send "
	"buffer, the\n"
	"bottleneck queue, packets and ACKs on the link, the receive buffer "
	"and the\n"
	"consumer; what limits the sender now; its window as a ruler over the "
	"byte\n"
	"stream; charts of goodput, cwnd/rwnd and the queue; the events that "
	"matter,\n"
	"as sentences.  Keys change the run while it plays.\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE  change a setting, as for tcpsim run (repeatable)\n"
	"  --speed X        simulated seconds per wall second, 0.001 to 10000 "
	"(0.1\n"
	"                   or 0.1x; default 0.1: packets can be followed on a "
	"10 Mbit/s\n"
	"                   link with 20 ms of delay)\n"
	"  --paused         start paused (space starts)\n"
	"  --max-memory SIZE  as for tcpsim run\n"
	"  --absolute-seq   sequence numbers as on the wire; by default they "
	"are\n"
	"                   relative to the ISN, as Wireshark shows them (the "
	"first\n"
	"                   data byte is 1), on the ruler and in the events\n"
	"  --theme NAME     default, or projector: no dim text, the "
	"Okabe-Ito\n"
	"                   colour-blind-safe palette, for a room's screen\n"
	"  --vs KEY=VALUE   play a second run B beside A (or --vs FILE.ini), "
	"as for\n"
	"                   run --vs: one clock, the knobs act on both, "
	"charts overlaid\n"
	"  --record FILE    write the session as an asciicast v2 recording "
	"(asciinema\n"
	"                   play FILE, or in a browser), kept when play ends "
	"with q\n"
	"  --headless       with --record: no terminal; the whole run, its "
	"lesson's\n"
	"                   pauses shown 3 s each, on a clock of simulated "
	"time / speed\n"
	"  --size WxH       the headless screen (default 80x24), such as "
	"100x30\n"
	"  -h, --help       print this help and exit\n"
	"\n"
	"Keys:\n"
	"  space     pause / resume           n, Right  one event forward\n"
	"  Left      one event back           + -       faster / slower\n"
	"  r         restart (forgets the live changes)\n"
	"  [ ]       halve / double the shown flow's read rate\n"
	"  { }       halve / double the link rate\n"
	"  l         link loss 0, 1%, 5%      Tab       next flow in detail\n"
	"  e         save the scenario with the live changes so far as\n"
	"            NAME-live-N.ini beside it (in . for standard input)\n"
	"  ?         help                     q         quit\n"
	"  g         go to a typed time (2.5s, 300ms), forward or back\n"
	"  N         run on to the next event the events pane tells\n"
	"  i         the lesson's question again\n"
	"  v         the charts' area shows the strip charts, the shown "
	"flow's\n"
	"            time-sequence graph or its ladder diagram, in turn; with\n"
	"            relays, the pipeline stage by stage too (play opens on "
	"it)\n"
	"  w         the time-sequence graph: the last 8 RTTs or the whole "
	"run\n"
	"\n"
	"The time-sequence graph plots sequence number (relative to the ISN) "
	"over\n"
	"time: each segment sent, R for a retransmission, X for a drop, the "
	"ACK line\n"
	"and the window edge above it, SACK blocks.  The ladder diagram draws "
	"the\n"
	"last packets as lines from the sender (left) to the receiver (right), "
	"time\n"
	"flowing down, labelled SEQ+LEN and ack/win; a dropped one ends in "
	"X.\n"
	"\n"
	"A scenario with a [lesson] section is played as a lesson: it opens "
	"with its\n"
	"question, paused; a key shows the prediction, the next starts the "
	"run, which\n"
	"stops at each of the lesson's pauses (tcpsim-scenario(5), LESSON).\n"
	"  z         keep the ruler's scale (a shrinking window then looks\n"
	"            smaller); z again fits the ruler to the window\n"
	"\n"
	"The GOODPUT headline is the mean over the last second of simulated "
	"time;\n"
	"\"now\" beside it is the last sample_interval.  Jain's fairness "
	"index, with\n"
	"several flows, is over each started flow's goodput from its start so "
	"far.\n"
	"LIMITED BY and the producer's state stay at least half a second on "
	"screen\n"
	"while the run animates, so that a state changing at every ACK can be "
	"read.\n"
	"\n"
	"Stepping back re-runs the simulation from the start to one event "
	"earlier,\n"
	"replaying every live change where it was made: the run is "
	"deterministic.\n"
	"When the computer cannot keep up (many flows, a tiny "
	"sample_interval, a very\n"
	"fast link), the animation runs slower than asked and the status line "
	"says so:\n"
	"\"behind: 20x slower than asked\".  Stepping back re-runs in "
	"pieces, with\n"
	"REWINDING in the status line; q and Ctrl-C work meanwhile.\n"
	"play needs a terminal that can clear the screen and move the cursor: "
	"with\n"
	"TERM unset, TERM=dumb or a type terminfo does not know, it says so "
	"and\n"
	"exits 2; use tcpsim run.\n"
	"The UI uses UTF-8 block and braille characters when the locale is "
	"UTF-8,\n"
	"ASCII otherwise; colours when the terminal has them, unless NO_COLOR "
	"is set.\n"
	"It needs at least 64x8 characters and uses 80x24 fully; more room "
	"makes\n"
	"the link, the ruler and the charts larger.\n"
	"\n"
	"play needs a terminal on standard output and exits 2 at once without "
	"one.\n"
	"'-' as SCENARIO reads standard input; keys then come from /dev/tty.\n"
	"\n"
	"Exit status: 0 after q; 2 usage error, invalid scenario or no "
	"terminal;\n"
	"130 interrupted by Ctrl-C (143 SIGTERM, 129 SIGHUP).  The terminal is "
	"restored\n"
	"in every case.\n"
	"\n"
	"Examples:\n"
	"  tcpsim play reader-stall.ini\n"
	"  tcpsim play bottleneck.ini --set link.loss=1% --speed 1 --paused\n"
	"\n"
	"See man tcpsim.\n";

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/* Which commands accept an option. */
#define CLI_FOR_RUN   1u
#define CLI_FOR_CHECK 2u
#define CLI_FOR_PLAY  4u
#define CLI_FOR_SWEEP 8u
#define CLI_FOR_ALL   (CLI_FOR_RUN | CLI_FOR_CHECK | CLI_FOR_PLAY | CLI_FOR_SWEEP)

enum cli_option_id {
	OPT_SET,
	OPT_CSV,
	OPT_CSV_COMMENTS,
	OPT_EVENTS,
	OPT_PCAP,
	OPT_SNAPLEN,
	OPT_JSON,
	OPT_QUIET,
	OPT_HELP,
	OPT_SPEED,
	OPT_PAUSED,
	OPT_MAX_MEMORY,
	/* run --outcome and the options of sweep */
	OPT_OUTCOME,
	OPT_VARY,
	OPT_SEEDS,
	OPT_JOBS,
	OPT_OUT,
	OPT_FORMAT,
	OPT_RESUME,
	OPT_EMIT_JOBS,
	OPT_EMIT_SLURM,
	OPT_COLLECT,
	OPT_ABSOLUTE_SEQ,
	OPT_THEME,
	/* run --vs: a second run beside the first (vs.c) */
	OPT_VS,
	/* play --record, --headless, --size (ui/cast.h) */
	OPT_RECORD,
	OPT_HEADLESS,
	OPT_SIZE,
};

struct cli_option {
	const char *name;      /* without the leading "--" */
	char short_name;       /* "-q" for --quiet, or 0 */
	enum cli_option_id id; /* what it sets */
	const char *value; /* name of its value in messages, NULL for a flag */
	unsigned commands; /* CLI_FOR_* */
};

static const struct cli_option cli_options[] = {
	{"set", 0, OPT_SET, "KEY=VALUE", CLI_FOR_ALL},
	{"csv", 0, OPT_CSV, "FILE", CLI_FOR_RUN},
	{"csv-comments", 0, OPT_CSV_COMMENTS, NULL, CLI_FOR_RUN},
	{"events", 0, OPT_EVENTS, "FILE", CLI_FOR_RUN},
	{"pcap", 0, OPT_PCAP, "FILE", CLI_FOR_RUN},
	{"snaplen", 0, OPT_SNAPLEN, "N", CLI_FOR_RUN},
	{"json", 0, OPT_JSON, NULL, CLI_FOR_RUN},
	{"quiet", 'q', OPT_QUIET, NULL, CLI_FOR_RUN | CLI_FOR_SWEEP},
	{"help", 'h', OPT_HELP, NULL, CLI_FOR_ALL},
	{"speed", 0, OPT_SPEED, "X", CLI_FOR_PLAY},
	{"paused", 0, OPT_PAUSED, NULL, CLI_FOR_PLAY},
	{"max-memory", 0, OPT_MAX_MEMORY, "SIZE", CLI_FOR_ALL},
	/* run --outcome and the options of sweep */
	{"outcome", 0, OPT_OUTCOME, "FILE", CLI_FOR_RUN},
	{"vary", 0, OPT_VARY, "KEY=V1,V2,...", CLI_FOR_SWEEP},
	{"seeds", 0, OPT_SEEDS, "LIST", CLI_FOR_SWEEP},
	{"jobs", 'j', OPT_JOBS, "N", CLI_FOR_SWEEP},
	{"out", 'o', OPT_OUT, "FILE", CLI_FOR_SWEEP},
	{"format", 0, OPT_FORMAT, "csv|jsonl", CLI_FOR_SWEEP},
	{"resume", 0, OPT_RESUME, NULL, CLI_FOR_SWEEP},
	{"emit-jobs", 0, OPT_EMIT_JOBS, "DIR", CLI_FOR_SWEEP},
	{"emit-slurm", 0, OPT_EMIT_SLURM, "DIR", CLI_FOR_SWEEP},
	{"collect", 0, OPT_COLLECT, "DIR", CLI_FOR_SWEEP},
	{"absolute-seq", 0, OPT_ABSOLUTE_SEQ, NULL, CLI_FOR_PLAY},
	{"theme", 0, OPT_THEME, "NAME", CLI_FOR_PLAY},
	/* run --vs: a second run beside the first (vs.c) */
	{"vs", 0, OPT_VS, "KEY=VALUE|FILE", CLI_FOR_RUN | CLI_FOR_PLAY},
	/* play --record, --headless, --size (ui/cast.h) */
	{"record", 0, OPT_RECORD, "FILE", CLI_FOR_PLAY},
	{"headless", 0, OPT_HEADLESS, NULL, CLI_FOR_PLAY},
	{"size", 0, OPT_SIZE, "WxH", CLI_FOR_PLAY},
};

#define CLI_N_OPTIONS (sizeof cli_options / sizeof cli_options[0])

/* The commands, for "did you mean" (`tcpsim rnu`). */
static const char *const cli_commands[] = {"run",  "check", "play",
					   "list", "help",  "sweep"};

static unsigned
cli_command_bit(const char *command)
{
	if (strcmp(command, "run") == 0)
		return CLI_FOR_RUN;
	if (strcmp(command, "check") == 0)
		return CLI_FOR_CHECK;
	if (strcmp(command, "play") == 0)
		return CLI_FOR_PLAY;
	if (strcmp(command, "sweep") == 0)
		return CLI_FOR_SWEEP;
	return 0;
}

bool
cli_is_command(const char *name)
{
	return cli_command_bit(name) != 0;
}

const char *
cli_suggest_command(const char *word)
{
	return units_suggest(word, cli_commands,
			     sizeof cli_commands / sizeof cli_commands[0]);
}

void
cli_usage_error(const char *command, const char *fmt, ...)
{
	char text[1024];
	char *shown;
	va_list ap;

	/* The message quotes arguments: escape what a terminal would obey. */
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	shown = escape_dup(text);
	fprintf(stderr, "tcpsim: %s", shown);
	free(shown);
	if (command != NULL)
		fprintf(stderr, "\nTry 'tcpsim help %s'.\n", command);
	else
		fputs("\nTry 'tcpsim help'.\n", stderr);
}

/*
 * Find the option "--name" (the part before any '=') among those of
 * `command`: the exact name, or else the one option whose name starts
 * with it (getopt_long's unambiguous prefixes: --cs for --csv).  Returns
 * NULL after printing the usage error.
 */
static const struct cli_option *
cli_find_option(const char *command, const char *name, size_t len)
{
	unsigned bit = cli_command_bit(command);
	const struct cli_option *found = NULL;
	char choices[256] = "";
	size_t i, n_found = 0;

	for (i = 0; i < CLI_N_OPTIONS; i++) {
		const struct cli_option *o = &cli_options[i];

		if ((o->commands & bit) == 0 ||
		    strncmp(o->name, name, len) != 0)
			continue;
		/* exact: --csv, although --csv-comments starts so too */
		if (strlen(o->name) == len)
			return o;
		found = o;
		n_found++;
		snprintf(choices + strlen(choices),
			 sizeof choices - strlen(choices), "%s--%s",
			 n_found > 1 ? ", " : "", o->name);
	}
	if (n_found == 1)
		return found;
	if (n_found > 1) {
		cli_usage_error(command, "%s: option '--%.*s' is ambiguous: %s",
				command, (int)len, name, choices);
		return NULL;
	}
	for (i = 0; i < CLI_N_OPTIONS; i++)
		if (strlen(cli_options[i].name) == len &&
		    strncmp(cli_options[i].name, name, len) == 0) {
			cli_usage_error(command,
					"%s: option '--%s' is not for this "
					"command",
					command, cli_options[i].name);
			return NULL;
		}
	cli_usage_error(command, "%s: unknown option '--%.*s'", command,
			(int)len, name);
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
	case OPT_CSV_COMMENTS:
		args->csv_comments = true;
		break;
	case OPT_EVENTS:
		args->events_path = value;
		break;
	case OPT_PCAP:
		args->pcap_path = value;
		break;
	case OPT_SNAPLEN:
		args->snaplen = value;
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
	case OPT_SPEED:
		args->speed = value;
		break;
	case OPT_PAUSED:
		args->paused = true;
		break;
	case OPT_MAX_MEMORY:
		args->max_memory = value;
		break;
	case OPT_OUTCOME:
		args->outcome_path = value;
		break;
	case OPT_VARY:
		args->varies = xreallocarray(args->varies, args->n_varies + 1,
					     sizeof *args->varies);
		args->varies[args->n_varies++] = value;
		break;
	case OPT_SEEDS:
		args->seeds = value;
		break;
	case OPT_JOBS:
		args->jobs = value;
		break;
	case OPT_OUT:
		args->out_path = value;
		break;
	case OPT_FORMAT:
		args->format = value;
		break;
	case OPT_RESUME:
		args->resume = true;
		break;
	case OPT_EMIT_JOBS:
		args->emit_jobs_dir = value;
		break;
	case OPT_EMIT_SLURM:
		args->emit_slurm_dir = value;
		break;
	case OPT_COLLECT:
		args->collect_dir = value;
		break;
	case OPT_ABSOLUTE_SEQ:
		args->absolute_seq = true;
		break;
	case OPT_THEME:
		args->theme = value;
		break;
	case OPT_VS:
		args->vs = xreallocarray(args->vs, args->n_vs + 1,
					 sizeof *args->vs);
		args->vs[args->n_vs++] = value;
		break;
	case OPT_RECORD:
		args->record_path = value;
		break;
	case OPT_HEADLESS:
		args->headless = true;
		break;
	case OPT_SIZE:
		args->size = value;
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
	const struct cli_option *opt = cli_find_option(args->command, arg, len);
	const char *value = eq != NULL ? eq + 1 : NULL;

	if (opt == NULL)
		return -1;
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

/*
 * "-q", "-h", or several flags at once ("-qh"), as getopt allows; an
 * option with a value takes the rest of the word or the next one ("-j4",
 * "-j 4").  May consume argv[*i + 1].
 */
static int
cli_parse_short(struct cli_args *args, int argc, char **argv, int *i_arg)
{
	unsigned bit = cli_command_bit(args->command);
	const char *arg = argv[*i_arg];
	const char *c;
	size_t i;

	for (c = arg + 1; *c != '\0'; c++) {
		const struct cli_option *opt = NULL;

		for (i = 0; i < CLI_N_OPTIONS; i++)
			if (cli_options[i].short_name == *c &&
			    (cli_options[i].commands & bit) != 0)
				opt = &cli_options[i];
		if (opt == NULL) {
			cli_usage_error(args->command,
					"%s: unknown option '-%c'",
					args->command, *c);
			return -1;
		}
		if (opt->value != NULL) {
			const char *value = c[1] != '\0' ? c + 1 : NULL;

			if (value == NULL && *i_arg + 1 >= argc) {
				cli_usage_error(args->command,
						"%s: option '-%c' needs %s",
						args->command, *c, opt->value);
				return -1;
			}
			if (value == NULL)
				value = argv[++*i_arg];
			cli_store(args, opt->id, value);
			return 0;
		}
		cli_store(args, opt->id, NULL);
	}
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
		} else if (!options_done && strncmp(arg, "--", 2) == 0) {
			if (cli_parse_long(args, argc, argv, &i) != 0)
				return -1;
		} else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
			if (cli_parse_short(args, argc, argv, &i) != 0)
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
	free(args->varies);
	args->varies = NULL;
	args->n_varies = 0;
	free(args->vs);
	args->vs = NULL;
	args->n_vs = 0;
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
	else if (strcmp(topic, "list") == 0) {
		cmd_list_usage(out);
		return 0;
	} else if (strcmp(topic, "sweep") == 0) {
		cmd_sweep_usage(out);
		return 0;
	} else
		return -1;
	fputs(text, out);
	return 0;
}

void
cli_version(FILE *out)
{
	fputs("tcpsim " PACKAGE_VERSION "\n", out);
}

static int
cli_compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The installed classroom scenarios (Makefile.am passes $(scenariodir)). */
#ifndef TCPSIM_SCENARIO_DIR
#define TCPSIM_SCENARIO_DIR "/usr/local/share/tcpsim/scenarios"
#endif

/*
 * Where to read SCENARIO from: the name as given; or, when it is a bare
 * file name (no '/') that does not exist in the current directory, the
 * installed scenario of that name, so that `tcpsim run reader-stall.ini`
 * works from anywhere.  The source tree's scenarios/ is never guessed.
 */
const char *
cli_scenario_file(const char *name, char *buf, size_t size)
{
	struct stat st;
	int n;

	if (strcmp(name, "-") == 0 || strchr(name, '/') != NULL ||
	    stat(name, &st) == 0 || errno != ENOENT)
		return name; /* the loader reports any other error */
	n = snprintf(buf, size, "%s/%s", TCPSIM_SCENARIO_DIR, name);
	if (n > 0 && (size_t)n < size &&
	    (stat(buf, &st) == 0 || errno != ENOENT))
		return buf;
	return NULL;
}

/*
 * The .ini files of `dir` whose names, without ".ini", are closest to
 * `name` (a typo of a lesson: reader-stal), as "NAME.ini" in `out`, or
 * an empty string.
 */
static void
cli_suggest_scenario(const char *dir, const char *name, char *out, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **stems = NULL;
	size_t n = 0, cap = 0, i, len = strlen(name);
	char *word;
	const char *meant;

	out[0] = '\0';
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l <= 4 || strcmp(de->d_name + l - 4, ".ini") != 0)
			continue;
		stems = xgrow(stems, &cap, n + 1, sizeof *stems);
		stems[n++] = xstrndup(de->d_name, l - 4);
	}
	closedir(d);
	/* Sorted, so that a tie goes to the same name on every system. */
	if (n > 0)
		qsort(stems, n, sizeof *stems, cli_compare_strings);
	word = len > 4 && strcmp(name + len - 4, ".ini") == 0
		       ? xstrndup(name, len - 4)
		       : xstrdup(name);
	meant = units_suggest(word, (const char *const *)stems, n);
	if (meant != NULL)
		snprintf(out, size, "%s.ini", meant);
	free(word);
	for (i = 0; i < n; i++)
		free(stems[i]);
	free(stems);
}

/* cli_scenario_file(), or NULL after saying where it looked. */
static const char *
cli_scenario_path(const char *name, char *buf, size_t size, FILE *errs)
{
	const char *path = cli_scenario_file(name, buf, size);
	const char *slash = strrchr(name, '/');
	char meant[512];
	char *shown;
	struct stat st;

	if (path != NULL && slash != NULL && stat(name, &st) != 0 &&
	    errno == ENOENT) {
		/* A path to a file that is not there: a typo in its name? */
		char *dir = slash == name
				    ? xstrdup("/")
				    : xstrndup(name, (size_t)(slash - name));

		cli_suggest_scenario(dir, slash + 1, meant, sizeof meant);
		free(dir);
		if (meant[0] == '\0')
			return path; /* the loader says why it cannot */
		shown = escape_dup(name);
		fprintf(errs, "tcpsim: cannot read '%s': %s", shown,
			strerror(ENOENT));
		free(shown);
		{
			char full[4096];

			snprintf(full, sizeof full, "%.*s%s",
				 (int)(slash - name + 1), name, meant);
			shown = escape_dup(full);
		}
		fprintf(errs, "; did you mean '%s'?\n", shown);
		free(shown);
		return NULL;
	}
	if (path != NULL)
		return path;
	cli_suggest_scenario(".", name, meant, sizeof meant);
	if (meant[0] == '\0')
		cli_suggest_scenario(TCPSIM_SCENARIO_DIR, name, meant,
				     sizeof meant);
	shown = escape_dup(name);
	fprintf(errs,
		"tcpsim: cannot read '%s': no such file in the current "
		"directory (./%s) nor among the installed scenarios (%s/%s)",
		shown, shown, TCPSIM_SCENARIO_DIR, shown);
	if (meant[0] != '\0') {
		free(shown);
		shown = escape_dup(meant);
		fprintf(errs, "; did you mean '%s'?", shown);
	}
	fputs("\n", errs);
	free(shown);
	return NULL;
}

int
cli_memory_budget(const struct cli_args *args, uint64_t *budget)
{
	char err[256];
	uint64_t physical;

	if (args->max_memory == NULL) {
		physical = memory_physical_bytes();
		*budget = physical > 0 ? physical / 2 : UINT64_MAX;
		return 0;
	}
	if (units_parse_size(args->max_memory, true, budget, err, sizeof err) !=
	    0) {
		cli_usage_error(args->command, "%s: --max-memory '%s': %s",
				args->command, args->max_memory, err);
		return -1;
	}
	if (*budget == 0) {
		cli_usage_error(args->command,
				"%s: --max-memory '%s': a run needs some "
				"memory; give a size such as 4GiB, or "
				"unlimited",
				args->command, args->max_memory);
		return -1;
	}
	return 0; /* unlimited is SCENARIO_UNLIMITED, UINT64_MAX */
}

int
cli_check_memory(const struct scenario *sc, uint64_t budget, FILE *errs)
{
	struct memory_estimate est;

	memory_estimate_compute(sc, &est);
	return memory_estimate_check(
		&est, budget, strcmp(sc->name, "-") == 0 ? "<stdin>" : sc->name,
		errs);
}

int
cli_load_scenario(struct scenario *sc, const struct cli_args *args, FILE *errs)
{
	char installed[4096];
	const char *path;
	int rc = 0;
	size_t i;

	memset(sc, 0, sizeof *sc);
	path = cli_scenario_path(args->scenario, installed, sizeof installed,
				 errs);
	if (path == NULL || scenario_load_file(sc, path, errs) != 0)
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
