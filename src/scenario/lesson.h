/* SPDX-License-Identifier: ISC */
/*
 * lesson.h: the [lesson] section of a scenario, as data.
 *
 * A lesson is what a teacher says around a run: a title, the question to
 * ask the class, the prediction to reveal once the class has answered,
 * and moments where `tcpsim play` stops the animation and shows a
 * sentence:
 *
 *   [lesson]
 *   title      = One loss, no timeout
 *   question   = Segment 100 is lost. How does the sender learn?
 *   prediction = The third duplicate ACK triggers a retransmission.
 *   pause      = 150ms: the sender is still in slow start
 *   pause      = on fast_retransmit: the third duplicate ACK arrived
 *   pause      = on drop #2: the second loss
 *
 * A moment is a simulated time, or the first (or N-th) event of a kind of
 * the events log (`--events`: fast_retransmit, zero_window, timeout, ...)
 * over all flows.  `tcpsim run` reads and checks the section and
 * otherwise ignores it; `tcpsim check` lists it.
 *
 * The section is kept as written too (`section`), with the comments that
 * open the file (`header`), so that `tcpsim play`'s `e` writes the lesson
 * back as the teacher wrote it: its comments, its words and its units.
 */
#ifndef TCPSIM_LESSON_H
#define TCPSIM_LESSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/observer.h"

/* Most `pause` lines in one lesson. */
#define LESSON_MAX_MOMENTS 1000

/* What makes a moment come. */
enum lesson_trigger {
	LESSON_AT_TIME,	 /* the simulated clock reaches at_ns */
	LESSON_ON_EVENT, /* the occurrence-th event of kind `event` */
};

/* One `pause` line. */
struct lesson_moment {
	enum lesson_trigger trigger; /* a time or an event */
	int64_t at_ns;		     /* LESSON_AT_TIME: when */
	enum trace_kind event;	     /* LESSON_ON_EVENT: which kind */
	uint64_t occurrence;	     /* LESSON_ON_EVENT: 1 for the first */
	int line;		     /* line in the scenario file */
	char *when;		     /* "150ms", "on drop #2": as written */
	char *text;		     /* what to show, as written (unescaped) */
};

struct lesson {
	char *title;		       /* or NULL */
	char *question;		       /* or NULL */
	char *prediction;	       /* or NULL */
	int key_line[3];	       /* line of title, question, prediction */
	struct lesson_moment *moments; /* in file order */
	size_t n_moments;
	size_t cap_moments; /* allocated entries of moments */
	char *header;	    /* the comment lines that open the file, with
			       their newlines, verbatim; or NULL */
	char *section;	    /* "[lesson]" and its lines up to the next
			       header, with their newlines, verbatim */
};

/*
 * One `key = value` line of [lesson] (line `line`).  Returns 0, 1 when
 * the key was given before (a warning: the later value wins; *err says
 * so), or -1 with the error in err (no file or line: the caller adds
 * them).
 */
int lesson_key(struct lesson *l, const char *key, const char *value, int line,
	       char *err, size_t errlen);

/* Deep copy into a new lesson; NULL for NULL.  Aborts on no memory. */
struct lesson *lesson_copy(const struct lesson *src);

/* Free a lesson from lesson_copy() or the loader; NULL is fine. */
void lesson_free(struct lesson *l);

/* The kind called `name` in the events log; -1 when none is. */
int lesson_event_find(const char *name);

/*
 * "at 150ms", "at the first fast_retransmit", "at drop #2": when a moment
 * comes, for `tcpsim check` and the play UI.
 */
char *lesson_moment_when(char *buf, size_t size, const struct lesson_moment *m);

/*
 * Print what `tcpsim check` says of the lesson: its title, question,
 * prediction and moments, escaped for a terminal.  `duration_ns` marks
 * moments the run never reaches.
 */
void lesson_print(FILE *out, const struct lesson *l, int64_t duration_ns);

#endif
