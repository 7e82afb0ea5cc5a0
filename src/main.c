/*
 * main.c: tcpsim's entry point: pick the subcommand, return its exit
 * status.  Everything else lives in src/cli/ (see cli.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	const char *command;

	if (argc < 2) {
		cli_usage_error(NULL, "missing command (run, check, play)");
		return CLI_EXIT_USAGE;
	}
	command = argv[1];

	if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0) {
		cli_help(stdout, NULL);
		return CLI_EXIT_OK;
	}
	if (strcmp(command, "--version") == 0) {
		cli_version(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(command, "help") == 0) {
		if (argc > 3) {
			cli_usage_error(NULL, "help: one COMMAND at most");
			return CLI_EXIT_USAGE;
		}
		if (cli_help(stdout, argc == 3 ? argv[2] : NULL) != 0) {
			cli_usage_error(NULL, "help: unknown command '%s'",
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

	if (command[0] == '-')
		cli_usage_error(NULL, "unknown option '%s'", command);
	else
		cli_usage_error(NULL, "unknown command '%s'", command);
	return CLI_EXIT_USAGE;
}
