/* SPDX-License-Identifier: ISC */
/*
 * ini.c: the lines of a scenario file, classified (see ini.h).
 *
 * Each line is copied into a buffer of INI_LINE_MAX + 1 bytes, cut at its
 * comment, and split in place; the ini_line handed to the callback points
 * into that buffer.
 */
#include "scenario/ini.h"

#include <stdbool.h>
#include <string.h>

#define STRINGIFY(x)	    #x
#define EXPAND_STRINGIFY(x) STRINGIFY(x)

static const char timeline_shape[] =
	"expected 'TIME: KEY = VALUE', such as '5s: bulk.read_rate = 0'";

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

char *
ini_trim(char *s)
{
	size_t len;

	while (is_blank(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_blank(s[len - 1]))
		s[--len] = '\0';
	return s;
}

static void
set_malformed(struct ini_line *line, const char *why)
{
	line->kind = INI_MALFORMED;
	line->error = why;
}

/* `[name]`; the caller has seen the '['. */
static void
classify_section(char *text, struct ini_line *line)
{
	size_t len = strlen(text);
	char *name;

	if (text[len - 1] != ']') {
		set_malformed(line,
			      strchr(text, ']') != NULL
				      ? "text after ']' in a section header"
				      : "missing ']' at the end of the "
					"section header");
		return;
	}
	text[len - 1] = '\0';
	name = ini_trim(text + 1);
	if (*name == '\0') {
		set_malformed(line, "empty section name");
		return;
	}
	line->kind = INI_SECTION;
	line->section = name;
}

/* `key = value`; -1 (line left alone) when there is no '=' or no key. */
static int
split_key_value(char *text, struct ini_line *line)
{
	char *eq = strchr(text, '=');

	if (eq == NULL)
		return -1;
	*eq = '\0';
	line->key = ini_trim(text);
	line->value = ini_trim(eq + 1);
	if (*line->key == '\0') {
		set_malformed(line, "missing key before '='");
		return 0;
	}
	return 0;
}

static void
classify_key_value(char *text, struct ini_line *line)
{
	line->kind = INI_KEY_VALUE;
	if (split_key_value(text, line) < 0)
		set_malformed(line, "expected 'key = value'");
}

/* `TIME: KEY = VALUE` */
static void
classify_timeline(char *text, struct ini_line *line)
{
	char *colon = strchr(text, ':');
	char *eq = strchr(text, '=');

	if (colon == NULL || eq == NULL || eq < colon) {
		set_malformed(line, timeline_shape);
		return;
	}
	*colon = '\0';
	line->time = ini_trim(text);
	if (*line->time == '\0') {
		set_malformed(line, "missing time before ':'");
		return;
	}
	line->kind = INI_TIMELINE;
	if (split_key_value(colon + 1, line) < 0)
		set_malformed(line, timeline_shape);
}

/* How the lines after a section header are read. */
enum ini_mode {
	INI_MODE_KEYS,	   /* key = value, comments cut */
	INI_MODE_TIMELINE, /* TIME: KEY = VALUE, comments cut */
	INI_MODE_LESSON,   /* key = prose, only whole-line comments */
};

/*
 * A line of [lesson]: a comment only when the whole line is one, since
 * the prose of a value may hold '#' and ';'.  false when it is neither a
 * comment nor a key line (a section header), for classify() to read.
 */
static bool
classify_lesson(char *text, struct ini_line *line)
{
	text = ini_trim(text);
	if (*text == '[')
		return false;
	if (*text == '\0' || *text == '#' || *text == ';')
		line->kind = INI_BLANK;
	else
		classify_key_value(text, line);
	return true;
}

/*
 * Classify one line (NUL-terminated, in a buffer we may cut).
 * *mode follows the section headers.
 */
static void
classify(char *text, enum ini_mode *mode, struct ini_line *line)
{
	if (*mode == INI_MODE_LESSON && classify_lesson(text, line))
		return;
	/* No value of ours contains '#' or ';', so either starts a comment. */
	text[strcspn(text, "#;")] = '\0';
	text = ini_trim(text);
	if (*text == '\0') {
		line->kind = INI_BLANK;
	} else if (*text == '[') {
		classify_section(text, line);
		if (line->kind == INI_SECTION)
			*mode = strcmp(line->section, INI_TIMELINE_SECTION) == 0
					? INI_MODE_TIMELINE
				: strcmp(line->section, INI_LESSON_SECTION) == 0
					? INI_MODE_LESSON
					: INI_MODE_KEYS;
	} else if (*mode == INI_MODE_TIMELINE) {
		classify_timeline(text, line);
	} else {
		classify_key_value(text, line);
	}
}

void
ini_read(const char *text, size_t len, ini_line_fn *fn, void *arg)
{
	char buf[INI_LINE_MAX + 1];
	enum ini_mode mode = INI_MODE_KEYS;
	size_t pos = 0;
	int number = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *start = text + pos;
		const char *newline = memchr(start, '\n', len - pos);
		size_t line_len =
			newline ? (size_t)(newline - start) : len - pos;
		struct ini_line line = {0};

		pos += line_len + (newline != NULL);
		line.number = ++number;
		if (line_len > 0 && start[line_len - 1] == '\r')
			line_len--;
		line.raw = start;
		line.raw_len = line_len;
		if (memchr(start, '\0', line_len) != NULL) {
			/* Binary input: one message, not one per line. */
			set_malformed(&line, "NUL byte in the line: this does "
					     "not look like a text file");
			fn(&line, arg);
			return;
		}
		if (line_len > INI_LINE_MAX) {
			set_malformed(&line,
				      "line longer than " EXPAND_STRINGIFY(
					      INI_LINE_MAX) " bytes");
			fn(&line, arg);
			continue;
		}
		memcpy(buf, start, line_len);
		buf[line_len] = '\0';
		classify(buf, &mode, &line);
		fn(&line, arg);
	}
}
