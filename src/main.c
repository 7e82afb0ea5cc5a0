/* SPDX-License-Identifier: ISC */
/*
 * main.c: tcpsim's entry point: pick the subcommand, return its exit
 * status.  Everything else lives in src/cli/ (see cli.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/*
 * Standard input, output and error open, on /dev/null if they were
 * closed (`tcpsim run ... >&-`): otherwise the first file opened would
 * take descriptor 1 or 2, and the summary or a message would be written
 * into a trace.  Returns 0, or -1 if /dev/null cannot be opened.
 */
static int
main_guard_standard_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got != fd) {
			if (got >= 0)
				close(got);
			return -1;
		}
	}
	return 0;
}

/*
 * A long option of the program itself, "--help" or "--version", written
 * in full or as an unambiguous prefix ("--vers"), as getopt_long allows.
 */
static bool
main_is_option(const char *arg, const char *name)
{
	size_t len = strlen(arg);

	return len > 2 && strncmp(arg, "--", 2) == 0 &&
	       strncmp(arg + 2, name, len - 2) == 0;
}

/*
 * Everything printed reached standard output: help to /dev/full must
 * not exit 0 (coreutils' close_stdout).  Returns `status`, or
 * CLI_EXIT_FAILURE after saying what went wrong.
 */
static int
main_close_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		/* A reader that went away (`| head`) is no error to report. */
		if (errno == EPIPE)
			return status;
		fprintf(stderr, "tcpsim: cannot write to standard output: %s\n",
			errno != 0 ? strerror(errno) : "write error");
		return status == CLI_EXIT_OK ? CLI_EXIT_FAILURE : status;
	}
	return status;
}

static int
main_dispatch(int argc, char **argv)
{
	const char *command, *meant;

	if (argc < 2) {
		cli_usage_error(
			NULL,
			"missing command (run, check, play, list, sweep)");
		return CLI_EXIT_USAGE;
	}
	command = argv[1];

	if (strcmp(command, "-h") == 0 || main_is_option(command, "help")) {
		cli_help(stdout, NULL);
		return CLI_EXIT_OK;
	}
	if (strcmp(command, "-V") == 0 || main_is_option(command, "version")) {
		cli_version(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(command, "help") == 0) {
		if (argc > 3) {
			cli_usage_error(NULL, "help: one COMMAND at most");
			return CLI_EXIT_USAGE;
		}
		if (cli_help(stdout, argc == 3 ? argv[2] : NULL) != 0) {
			meant = cli_suggest_command(argv[2]);
			if (meant != NULL)
				cli_usage_error(NULL,
						"help: unknown command '%s'; "
						"did you mean '%s'?",
						argv[2], meant);
			else
				cli_usage_error(NULL,
						"help: unknown command '%s'",
						argv[2]);
			return CLI_EXIT_USAGE;
		}
		return CLI_EXIT_OK;
	}
	if (strcmp(command, "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(command, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(command, "play") == 0)
		return cmd_play(argc - 1, argv + 1);
	if (strcmp(command, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(command, "sweep") == 0)
		return cmd_sweep(argc - 1, argv + 1);

	if (command[0] == '-') {
		cli_usage_error(NULL, "unknown option '%s'", command);
		return CLI_EXIT_USAGE;
	}
	meant = cli_suggest_command(command);
	if (meant != NULL)
		cli_usage_error(NULL,
				"unknown command '%s'; did you mean '%s'?",
				command, meant);
	else
		cli_usage_error(NULL, "unknown command '%s'", command);
	return CLI_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	if (main_guard_standard_fds() != 0)
		return CLI_EXIT_FAILURE; /* not even /dev/null: nothing to say
					  */
	return main_close_stdout(main_dispatch(argc, argv));
}
