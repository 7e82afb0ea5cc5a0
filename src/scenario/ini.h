/* SPDX-License-Identifier: ISC */
/*
 * ini.h: the lines of a scenario file, classified.
 *
 * A small reader of our own rather than a library: it must give every line
 * its number, keep going after a bad line (all errors are reported, not
 * only the first) and know the one special section, [timeline], whose
 * lines are `TIME: KEY = VALUE`.  It knows nothing of keys or values.
 *
 * Syntax: `[section]` headers and `key = value` lines.  `#` and `;` start
 * a comment anywhere on a line (no value of ours contains them).  Keys,
 * values, section names and timeline times are trimmed.  A UTF-8 byte
 * order mark at the very start is skipped; lines may end in LF or CR LF.
 * A line longer than INI_LINE_MAX bytes is malformed; a NUL byte means
 * the input is not text, so reading stops at it.
 */
#ifndef TCPSIM_INI_H
#define TCPSIM_INI_H

#include <stddef.h>

/* Longest line accepted, in bytes, without its line ending. */
#define INI_LINE_MAX 4096

/* The section whose lines are `TIME: KEY = VALUE`. */
#define INI_TIMELINE_SECTION "timeline"

/*
 * The section whose values are prose for the class (lesson.h): a value
 * there runs to the end of its line, `#` and `;` included, since a
 * sentence may hold them and `pause = on EVENT #N: TEXT` does; a comment
 * is a whole line that starts with `#` or `;`.
 */
#define INI_LESSON_SECTION "lesson"

enum ini_line_kind {
	INI_BLANK,     /* empty, or only a comment */
	INI_SECTION,   /* [section] */
	INI_KEY_VALUE, /* key = value, outside [timeline] */
	INI_TIMELINE,  /* TIME: KEY = VALUE, inside [timeline] */
	INI_MALFORMED, /* none of these; `error` says why */
};

/*
 * One line.  The strings live in the reader's buffer: they are valid only
 * during the callback.  Members that do not apply to `kind` are NULL.
 */
struct ini_line {
	int number;		 /* 1 for the first line of the input */
	enum ini_line_kind kind; /* what the line is */
	const char *section;	 /* INI_SECTION: text between the brackets */
	const char *time;	 /* INI_TIMELINE: text before the ':' */
	const char *key; /* INI_KEY_VALUE, INI_TIMELINE: text before '=' */
	const char
		*value; /* INI_KEY_VALUE, INI_TIMELINE: after '='; may be "" */
	const char *error; /* INI_MALFORMED: a sentence, no line number */
	const char *raw;   /* the line as read, without its line ending and
			      not NUL-terminated: kept verbatim by lesson.c */
	size_t raw_len;	   /* bytes at raw */
};

/* Called once per line, in order. */
typedef void ini_line_fn(const struct ini_line *line, void *arg);

/*
 * Call fn for each line of the `len` bytes at `text` (which need not be
 * NUL-terminated).  Lines after a section header named
 * INI_TIMELINE_SECTION are read as timeline lines until the next header;
 * lines after INI_LESSON_SECTION as lesson lines (above).
 */
void ini_read(const char *text, size_t len, ini_line_fn *fn, void *arg);

/* Trim blanks (space, tab, CR, LF, VT, FF) from both ends of s, in place;
 * returns the first non-blank character. */
char *ini_trim(char *s);

#endif
