/* SPDX-License-Identifier: ISC */
/*
 * view_status.h: the banner, the status line, the help overlay and the
 * "terminal too small" message.
 *
 * The banner names what limits the shown flow's sender now, in capitals,
 * with a few words of why, styled by how bad it is: the one line a class
 * should be able to read from the back of the room.
 */
#ifndef TCPSIM_VIEW_STATUS_H
#define TCPSIM_VIEW_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sim.h"
#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* "ZERO WINDOW" and "the receiver's buffer is full: the sender probes". */
const char *view_limit_title(enum limited_by lim);
const char *view_limit_reason(enum limited_by lim);
int view_limit_style(enum limited_by lim);

struct banner_view {
	const char *flow_name; /* the shown flow */
	size_t shown, n_flows; /* its index and how many */
	enum limited_by limited_by;
	bool finished;	   /* the run is over */
	const char *chain; /* with relays: the causes after the flow's own
			      state, "broker: buffer full <- ...", shown
			      instead of the reason; NULL or "" if none */
};

void view_banner(struct grid *g, const struct rect *r,
		 const struct banner_view *b);

/* Bytes of the file name and of the message shown, before escaping. */
#define STATUS_NAME_MAX	   128
#define STATUS_MESSAGE_MAX 256

/*
 * The scenario's name and the message are shown through escape_text():
 * they hold file names and text from the input, which may carry control
 * characters.
 */
struct status_view {
	const char *scenario;	/* name as given */
	int64_t now_ns;		/* simulated time */
	int64_t duration_ns;	/* the configured end */
	uint64_t events;	/* events run */
	double speed;		/* asked for */
	double actual_speed;	/* reached, 0 when unknown */
	bool behind;		/* the simulation cannot keep up with speed */
	bool paused, finished;	/* state */
	bool rewinding;		/* going back: re-running from the start */
	uint64_t rewind_target; /* the event count the rewind goes to */
	const char *message;	/* last message (export, change), or NULL */
};

/* "1000x", "0.1x", "0.005x": the speed as the status line shows it. */
char *view_speed(char *buf, size_t size, double speed);

/*
 * " (behind: 20x slower than asked)": how far a simulation that cannot
 * keep up lags, from the speed asked and the one reached (0: unknown,
 * then without a number).
 */
char *view_behind(char *buf, size_t size, double speed, double actual_speed);

/* The status line, into a one-row rect. */
void view_status(struct grid *g, const struct rect *r,
		 const struct status_view *s, const struct glyphs *gl);

/* The keys, as a box in the middle of a `rows` x `cols` screen. */
void view_help(struct grid *g, int rows, int cols, const struct glyphs *gl);

/* Lines of the help text (for tests). */
extern const char *const view_help_lines[];

/* The whole screen says it is too small, and how big it must be. */
void view_too_small(struct grid *g, int rows, int cols);

#endif
