/* SPDX-License-Identifier: ISC */
/*
 * cmd_list.c: `tcpsim list [DIR]`: the lessons, each with its question.
 *
 * A lesson is a scenario file that opens with a comment: its first line
 * "# NAME.ini: what it shows." and a paragraph "# Ask the class: ..."
 * (scenarios/ follows that layout; doc/lessons.md is the guide).  A file
 * whose [lesson] section has a `question` is listed with that question,
 * the words tcpsim play puts before the class, rather than the header's.
 * Files without either are listed by name alone.  DIR defaults to the installed
 * scenarios; `tcpsim list scenarios` lists a source tree's.
 */
#include "config.h"

#include "cli/cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/lesson.h"
#include "scenario/scenario.h"
#include "util/escape.h"
#include "util/xmalloc.h"

#ifndef TCPSIM_SCENARIO_DIR
#define TCPSIM_SCENARIO_DIR "/usr/local/share/tcpsim/scenarios"
#endif

/* Lines of a lesson's header read at most: the question is near the top. */
#define LIST_MAX_HEADER_LINES 60
/* Width the question is wrapped to, indent included. */
#define LIST_WIDTH  78
#define LIST_INDENT "    "

static const char cmd_list_help[] =
	"Usage: tcpsim list [DIR]\n"
	"List the lessons: every scenario file (*.ini) in DIR, with what it "
	"shows and\n"
	"the question it asks the class.  DIR defaults to the installed "
	"scenarios\n"
	"(" TCPSIM_SCENARIO_DIR "),\n"
	"which `tcpsim play NAME.ini` finds from any directory; in a source "
	"tree,\n"
	"`tcpsim list scenarios`.\n"
	"\n"
	"Options:\n"
	"  -h, --help  print this help and exit\n"
	"\n"
	"Exit status: 0 listed; 1 DIR cannot be read; 2 usage error.\n";

void
cmd_list_usage(FILE *out)
{
	fputs(cmd_list_help, out);
}

/* What a lesson's header says: both empty when it has no such lines. */
struct list_entry {
	char *file;	/* NAME.ini */
	char *title;	/* "the consumer stops reading for 20 seconds." */
	char *question; /* "Ask the class: ..." joined into one line */
};

static int
list_compare(const void *a, const void *b)
{
	return strcmp(((const struct list_entry *)a)->file,
		      ((const struct list_entry *)b)->file);
}

/* Append the comment text of `line` (after "#" and spaces) to *text. */
static void
list_append(char **text, const char *line)
{
	size_t old = *text != NULL ? strlen(*text) : 0;
	size_t add = strlen(line);

	while (add > 0 && isspace((unsigned char)line[add - 1]))
		add--;
	*text = realloc(*text, old + add + 2);
	if (*text == NULL) {
		fputs("tcpsim: out of memory\n", stderr);
		exit(CLI_EXIT_FAILURE);
	}
	if (old > 0)
		(*text)[old++] = ' ';
	memcpy(*text + old, line, add);
	(*text)[old + add] = '\0';
}

/* Read the header comment of `path` into `e`. */
static void
list_read_header(const char *path, struct list_entry *e)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	bool in_question = false;
	int n;

	if (f == NULL)
		return;
	for (n = 0;
	     n < LIST_MAX_HEADER_LINES && fgets(line, sizeof line, f) != NULL;
	     n++) {
		const char *text = line;
		const char *colon;

		if (line[0] != '#')
			break; /* the header ends where the settings start */
		text = line + 1;
		while (*text == ' ')
			text++;
		if (n == 0) {
			colon = strstr(text, ".ini: ");
			if (colon != NULL)
				list_append(&e->title, colon + 6);
			continue;
		}
		if (strncmp(text, "Ask the class:", 14) == 0)
			in_question = true;
		else if (in_question && (*text == '\n' || *text == '\0'))
			break; /* the paragraph ended */
		if (in_question)
			list_append(&e->question, text);
	}
	fclose(f);
}

/*
 * The question of the [lesson] of `path`, when the file loads and has
 * one, replaces the header's: play asks the class that one.  A file that
 * does not load keeps its header's (its messages are for `tcpsim check`).
 */
static void
list_read_lesson(const char *path, struct list_entry *e)
{
	struct scenario sc;
	char *errs = NULL;
	size_t len = 0;
	FILE *quiet = open_memstream(&errs, &len);

	if (quiet == NULL)
		return;
	memset(&sc, 0, sizeof sc);
	if (scenario_load_file(&sc, path, quiet) == 0 && sc.lesson != NULL &&
	    sc.lesson->question != NULL && sc.lesson->question[0] != '\0') {
		free(e->question);
		e->question = NULL;
		list_append(&e->question, "Ask the class:");
		list_append(&e->question, sc.lesson->question);
	}
	scenario_free(&sc);
	fclose(quiet);
	free(errs);
}

/* Print `text` wrapped at LIST_WIDTH, each line indented. */
static void
list_print_wrapped(FILE *out, const char *text)
{
	char *shown = escape_dup(text);
	const char *p = shown;
	size_t room = LIST_WIDTH - strlen(LIST_INDENT);

	while (*p != '\0') {
		size_t len = strlen(p), cut = len;

		if (len > room) {
			cut = room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = room; /* one word longer than a line */
		}
		fprintf(out, LIST_INDENT "%.*s\n", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
	free(shown);
}

int
cmd_list(int argc, char **argv)
{
	const char *dir = TCPSIM_SCENARIO_DIR;
	struct list_entry *entries = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	char *shown;
	DIR *d;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-h") == 0 ||
		    (strncmp(argv[a], "--help", strlen(argv[a])) == 0 &&
		     strlen(argv[a]) > 2)) {
			cmd_list_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (argv[a][0] == '-' && argv[a][1] != '\0') {
			cli_usage_error("list", "list: unknown option '%s'",
					argv[a]);
			return CLI_EXIT_USAGE;
		}
		if (a > 1) {
			cli_usage_error("list",
					"list: unexpected argument '%s' (one "
					"DIR only)",
					argv[a]);
			return CLI_EXIT_USAGE;
		}
		dir = argv[a];
	}

	d = opendir(dir);
	if (d == NULL) {
		shown = escape_dup(dir);
		fprintf(stderr, "tcpsim: list: cannot read '%s': %s%s\n", shown,
			strerror(errno),
			argc < 2 ? " (no lessons installed there; in a source "
				   "tree: tcpsim list scenarios)"
				 : "");
		free(shown);
		return CLI_EXIT_FAILURE;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char *path;

		if (l <= 4 || strcmp(de->d_name + l - 4, ".ini") != 0 ||
		    de->d_name[0] == '.')
			continue;
		entries = xgrow(entries, &cap, n + 1, sizeof *entries);
		memset(&entries[n], 0, sizeof entries[n]);
		entries[n].file = xstrdup(de->d_name);
		path = xmalloc(strlen(dir) + l + 2);
		sprintf(path, "%s/%s", dir, de->d_name);
		list_read_header(path, &entries[n]);
		list_read_lesson(path, &entries[n]);
		free(path);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(entries, n, sizeof *entries, list_compare);

	shown = escape_dup(dir);
	if (n == 0)
		printf("No lessons (*.ini) in %s.\n", shown);
	else
		printf("%zu lesson%s in %s (tcpsim play NAME.ini):\n", n,
		       n == 1 ? "" : "s", shown);
	free(shown);
	for (i = 0; i < n; i++) {
		shown = escape_dup(entries[i].file);
		printf("\n%s", shown);
		free(shown);
		if (entries[i].title != NULL) {
			shown = escape_dup(entries[i].title);
			printf(": %s", shown);
			free(shown);
		}
		putchar('\n');
		if (entries[i].question != NULL)
			list_print_wrapped(stdout, entries[i].question);
		free(entries[i].file);
		free(entries[i].title);
		free(entries[i].question);
	}
	free(entries);
	return CLI_EXIT_OK;
}
