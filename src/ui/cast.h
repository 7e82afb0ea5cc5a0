/* SPDX-License-Identifier: ISC */
/*
 * cast.h: `tcpsim play --record FILE.cast`: the session as an asciicast.
 *
 * asciinema's asciicast v2 format: a header line, one JSON object
 *   {"version": 2, "width": W, "height": H, "timestamp": T,
 *    "env": {"TERM": "xterm-256color", "SHELL": ""}}
 * then one event per line, [TIME, "o", DATA], TIME the seconds since the
 * start and DATA what the terminal printed.  The frames come from the
 * grid every panel is drawn into (grid.h), not from curses: each frame
 * that differs from the last is written whole as ANSI text (cursor home,
 * every row, colours as SGR), which any asciicast player shows, in a
 * browser too.  Times never go back: a frame stamped earlier than the
 * last one written gets the last one's time.
 *
 * --headless renders a whole lesson without a terminal: the loop of
 * play.c runs on a clock of its own (cast_clock_*), which advances only
 * when a frame is waited for, so that the cast's time axis is the
 * simulated time divided by the speed, however long the rendering took;
 * the lesson's pauses are shown CAST_PAUSE_NS each and continue by
 * themselves (play.c asks no key of a person).
 */
#ifndef TCPSIM_CAST_H
#define TCPSIM_CAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ui/grid.h"

/* How long a lesson's pause (a box, the question) shows in a headless
 * recording before it continues: 3 s of recording time. */
#define CAST_PAUSE_NS (INT64_C(3) * 1000000000)

/* The end of a finished run shows this long before the recording ends. */
#define CAST_END_NS (INT64_C(2) * 1000000000)

struct cast {
	FILE *out;	  /* where the events go */
	int rows, cols;	  /* the header's height and width */
	double last_time; /* time of the last event written, seconds */
	char *last_frame; /* the last frame's ANSI text, or NULL */
	size_t frame_cap; /* bytes allocated for the frame being built */
	char *frame;	  /* the frame being built */
	bool projector;	  /* --theme projector: no dim text */
};

/*
 * Start a recording on `out`: the header line, with `timestamp` (Unix
 * seconds) and TERM.  Returns 0, or -1 when the stream failed.
 */
int cast_begin(struct cast *c, FILE *out, int rows, int cols,
	       int64_t timestamp);

/* Release what cast_begin() and the frames took (not the stream). */
void cast_end(struct cast *c);

/*
 * Write one event [time, "o", data]: `len` bytes of `data` as a JSON
 * string (quotes, backslashes and every control character escaped, other
 * bytes as they are: the data is UTF-8).  `time` below the last one
 * written is raised to it.
 */
void cast_event(struct cast *c, double time, const char *data, size_t len);

/*
 * `g` as ANSI text (cursor home, each row, SGR for each change of
 * style), written as an event at `time` when it differs from the last
 * frame.  A grid not of the recording's size is drawn clipped or padded
 * to it.  Returns true when it was written.
 */
bool cast_frame(struct cast *c, const struct grid *g, double time);

/* The SGR parameters ("1;32") of a style, "0" for the normal one. */
const char *cast_style_sgr(int style, bool projector);

/* JSON string of `len` bytes of `data`, quotes included, to `out`. */
void cast_json_string(FILE *out, const char *data, size_t len);

/* ------------------------------------------------------------------ */
/* --headless: the clock and the keys, without a terminal             */
/* ------------------------------------------------------------------ */

/* Start the clock of a headless run at 0; true from then on. */
void cast_clock_start(void);
bool cast_clock_running(void);

/* Nanoseconds on that clock. */
int64_t cast_clock_now(void);

/* Let `ns` nanoseconds pass on it (a frame's wait). */
void cast_clock_advance(int64_t ns);

/*
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE end a headless run between two
 * frames (without a terminal, ui_curses.c catches nothing); the signal,
 * or 0.
 */
void cast_catch_signals(void);
int cast_stop_signal(void);

#endif
