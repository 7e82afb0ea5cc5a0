/* SPDX-License-Identifier: ISC */
/* view_status.c: banner, status line, help, too small (view_status.h). */
#include "ui/view_status.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view_format.h"
#include "util/escape.h"

const char *
view_limit_title(enum limited_by lim)
{
	switch (lim) {
	case LIMITED_NONE:
		return "NOTHING";
	case LIMITED_APP:
		return "THE APP";
	case LIMITED_SNDBUF:
		return "SEND BUFFER";
	case LIMITED_CWND:
		return "CWND";
	case LIMITED_RWND:
		return "RWND";
	case LIMITED_ZERO_WINDOW:
		return "ZERO WINDOW";
	case LIMITED_RECOVERY:
		return "RECOVERY";
	case LIMITED_NAGLE:
		return "NAGLE";
	}
	return "?";
}

const char *
view_limit_reason(enum limited_by lim)
{
	switch (lim) {
	case LIMITED_NONE:
		return "the sender is sending";
	case LIMITED_APP:
		return "the producer has nothing more to send";
	case LIMITED_SNDBUF:
		return "the send buffer is full of unacknowledged data";
	case LIMITED_CWND:
		return "the congestion window: the network's share";
	case LIMITED_RWND:
		return "the receiver's advertised window";
	case LIMITED_ZERO_WINDOW:
		return "the receive buffer is full; the sender probes";
	case LIMITED_RECOVERY:
		return "fast recovery: repairing a loss";
	case LIMITED_NAGLE:
		return "a small segment waits for the ACK";
	}
	return "";
}

int
view_limit_style(enum limited_by lim)
{
	switch (lim) {
	case LIMITED_NONE:
	case LIMITED_APP:
		return UI_STYLE_GOOD;
	case LIMITED_CWND:
	case LIMITED_RWND:
	case LIMITED_SNDBUF:
	case LIMITED_RECOVERY:
	case LIMITED_NAGLE:
		return UI_STYLE_WARN;
	case LIMITED_ZERO_WINDOW:
		return UI_STYLE_ALERT;
	}
	return UI_STYLE_BANNER;
}

/* The length of the separator a chain starts with (" <- "): up to and
 * including the blank after the arrow. */
static size_t
view_chain_sep_len(const char *chain)
{
	const char *p = chain;

	while (*p == ' ')
		p++;
	while (*p != '\0' && *p != ' ')
		p++;
	return *p == ' ' ? (size_t)(p - chain) + 1 : 0;
}

/* The last step's separator and text, or NULL for a one-step chain. */
static const char *
view_chain_last(const char *chain)
{
	size_t sep = view_chain_sep_len(chain);
	const char *last = NULL;

	if (sep == 0)
		return NULL;
	for (const char *p = chain + sep; (p = strstr(p, " ")) != NULL; p++)
		if (strncmp(p, chain, sep) == 0)
			last = p;
	return last;
}

void
view_banner(struct grid *g, const struct rect *r, const struct banner_view *b)
{
	char left[ESCAPE_SIZE(64) + 64], name[ESCAPE_SIZE(64)], limit[512];
	int x, len;

	/* a flow name is a word (scenario.c), but the screen takes no risk */
	escape_text(name, sizeof name, b->flow_name);
	grid_fill(g, r->y, r->x, r->cols, " ", UI_STYLE_BANNER);
	if (b->n_flows > 1)
		snprintf(left, sizeof left, " %s (%zu/%zu, Tab) ", name,
			 b->shown + 1, b->n_flows);
	else
		snprintf(left, sizeof left, " %s ", name);
	x = grid_put(g, r->y, r->x, r->cols, left, UI_STYLE_BANNER);
	if (b->finished)
		snprintf(limit, sizeof limit, " RUN FINISHED ");
	else if (b->chain != NULL && b->chain[0] != '\0')
		snprintf(limit, sizeof limit, " LIMITED BY: %s%s ",
			 view_limit_title(b->limited_by), b->chain);
	else
		snprintf(limit, sizeof limit, " LIMITED BY: %s - %s ",
			 view_limit_title(b->limited_by),
			 view_limit_reason(b->limited_by));
	len = grid_text_width(limit);
	if (x + len > r->cols && !b->finished && b->chain != NULL &&
	    b->chain[0] != '\0') {
		/* the root cause stays: the first and last steps, the
		 * middle ones elided */
		const char *last = view_chain_last(b->chain);

		if (last != NULL) {
			snprintf(limit, sizeof limit,
				 " LIMITED BY: %s%.*s%s%s ",
				 view_limit_title(b->limited_by),
				 (int)view_chain_sep_len(b->chain), b->chain,
				 "...", last);
			len = grid_text_width(limit);
		}
	}
	if (x + len > r->cols && !b->finished) {
		/* the words of why go first: the title must stay */
		snprintf(limit, sizeof limit, " LIMITED BY: %s ",
			 view_limit_title(b->limited_by));
		len = grid_text_width(limit);
	}
	/* centred when there is room, else right after the flow name */
	if ((r->cols - len) / 2 > x)
		x = (r->cols - len) / 2;
	grid_put(g, r->y, r->x + x, r->cols - x, limit,
		 b->finished ? UI_STYLE_BANNER
			     : view_limit_style(b->limited_by));
}

char *
view_speed(char *buf, size_t size, double speed)
{
	if (speed >= 10)
		snprintf(buf, size, "%.0fx", speed);
	else if (speed >= 1)
		snprintf(buf, size, "%.3gx", speed);
	else
		snprintf(buf, size, "%.3gx", speed);
	return buf;
}

char *
view_behind(char *buf, size_t size, double speed, double actual_speed)
{
	double factor = actual_speed > 0 ? speed / actual_speed : 0;

	if (factor < 1.05)
		snprintf(buf, size, " (behind: slower than asked)");
	else if (factor < 10)
		snprintf(buf, size, " (behind: %.1fx slower than asked)",
			 factor);
	else if (factor < 1e6)
		snprintf(buf, size, " (behind: %.0fx slower than asked)",
			 factor);
	else
		snprintf(buf, size, " (behind: %.1ex slower than asked)",
			 factor);
	return buf;
}

/*
 * A message is news: when it and the line do not fit together, the line
 * gives up the scenario's name, the end time and the speed (all on the
 * screen a moment ago and again when the message goes), keeping the
 * clock and the state.
 */
static void
status_make_room(char *line, size_t size, int cols, const struct status_view *s,
		 const char *now, const char *state, const char *events)
{
	char msg[ESCAPE_SIZE(STATUS_MESSAGE_MAX)];

	escape_text(msg, sizeof msg, s->message);
	if (grid_text_width(line) + grid_text_width(msg) <= cols)
		return;
	snprintf(line, size, " %s  %s%s  ", now, state, events);
}

void
view_status(struct grid *g, const struct rect *r, const struct status_view *s,
	    const struct glyphs *gl)
{
	static const char keys[] = "space pause  n/\u2192 step  \u2190 back  "
				   "+/- speed  ? help  q quit";
	static const char keys_ascii[] =
		"space pause  n step  Left back  +/- speed  ? help  q quit";
	static const char keys_short[] = "space pause  ? help  q quit";
	char now[VIEW_NUM_BUF], end[VIEW_NUM_BUF], speed[VIEW_NUM_BUF];
	char line[ESCAPE_SIZE(STATUS_NAME_MAX) + 256], lag[96], events[64];
	char name[ESCAPE_SIZE(STATUS_NAME_MAX)];
	const char *state, *base, *hint = gl->utf8 ? keys : keys_ascii;
	int x, hint_len;

	state = s->rewinding  ? "REWINDING"
		: s->finished ? "FINISHED"
		: s->paused   ? "PAUSED"
			      : "running";
	lag[0] = '\0';
	if (s->behind && !s->paused && !s->finished && !s->rewinding)
		view_behind(lag, sizeof lag, s->speed, s->actual_speed);
	/* the file name without its directory: the line is short */
	base = strrchr(s->scenario, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : s->scenario;
	escape_text(name, sizeof name, base);
	/* the event count matters when stepping: shown when not running */
	events[0] = '\0';
	if (s->rewinding)
		snprintf(events, sizeof events,
			 " to event %" PRIu64 " (%d%%, q quits)",
			 s->rewind_target,
			 s->rewind_target > 0 && s->events < s->rewind_target
				 ? (int)(s->events * 100 / s->rewind_target)
				 : 100);
	else if (s->paused || s->finished)
		snprintf(events, sizeof events, " event %" PRIu64, s->events);
	snprintf(line, sizeof line, " %s  %s/%s  %s %s%s  %s%s  ", name,
		 view_clock(now, sizeof now, s->now_ns),
		 view_time_short(end, sizeof end, s->duration_ns),
		 s->paused || s->finished ? gl->pause : gl->play,
		 view_speed(speed, sizeof speed, s->speed), lag, state, events);
	grid_fill(g, r->y, r->x, r->cols, " ", UI_STYLE_STATUS);
	if (s->message != NULL && s->message[0] != '\0')
		status_make_room(line, sizeof line, r->cols, s, now, state,
				 events);
	x = grid_put(g, r->y, r->x, r->cols, line, UI_STYLE_STATUS);
	if (s->message != NULL && s->message[0] != '\0') {
		char msg[ESCAPE_SIZE(STATUS_MESSAGE_MAX)];

		/* messages quote file names and values from the input */
		escape_text(msg, sizeof msg, s->message);
		x += grid_put(g, r->y, r->x + x, r->cols - x, msg,
			      UI_STYLE_STATUS) +
		     2;
	}
	/* the keys, as many as fit: the long hint, the short one, "? help" */
	hint_len = grid_text_width(hint);
	if (x + hint_len + 1 > r->cols) {
		hint = keys_short;
		hint_len = grid_text_width(hint);
	}
	if (x + hint_len + 1 > r->cols) {
		hint = "? help";
		hint_len = 6;
	}
	if (x + hint_len + 1 <= r->cols)
		grid_put(g, r->y, r->x + r->cols - hint_len - 1, hint_len, hint,
			 UI_STYLE_STATUS);
}

const char *const view_help_lines[] = {
	"tcpsim play: keys",
	"",
	"space      pause / resume",
	"n, Right   one event forward",
	"Left       one event back (re-runs to there)",
	"+  -       faster / slower, 0.001x to 10000x",
	"r          restart (forgets the live changes)",
	"[ ]  { }   halve / double the read rate, the link rate",
	"l          link loss: 0, 1%, 5%",
	"Tab        show the next flow in detail",
	"e          save scenario + live changes as a file",
	"g          go to a time (typed: 2.5s, 300ms), forward or back",
	"N          on to the next event the narration tells",
	"i          the lesson's question again ([lesson] in the file)",
	"z          keep the ruler's scale; again: fit the window",
	"v  w       views: charts, time-seq., ladder, pipeline; w: zoom",
	"?          this help (any key closes it, q too)",
	"q          quit",
	"",
	"GOODPUT    mean over the last 1 s of simulated time;",
	"           now: over the last sample_interval",
	"Jain       fairness of the flows' goodputs so far (1: equal)",
	NULL,
};

void
view_help(struct grid *g, int rows, int cols, const struct glyphs *gl)
{
	int n = 0, width = 0, i, y0, x0, h, w;

	for (n = 0; view_help_lines[n] != NULL; n++)
		if (grid_text_width(view_help_lines[n]) > width)
			width = grid_text_width(view_help_lines[n]);
	h = n + 2;
	w = width + 4;
	y0 = (rows - h) / 2;
	x0 = (cols - w) / 2;
	if (y0 < 0)
		y0 = 0;
	if (x0 < 0)
		x0 = 0;
	for (i = 0; i < h; i++) {
		const char *l = i == 0 || i == h - 1 ? gl->box_h : " ";

		grid_fill(g, y0 + i, x0, w, l, UI_STYLE_HELP);
		grid_put(g, y0 + i, x0, 1,
			 i == 0	      ? gl->box_tl
			 : i == h - 1 ? gl->box_bl
				      : gl->box_v,
			 UI_STYLE_HELP);
		grid_put(g, y0 + i, x0 + w - 1, 1,
			 i == 0	      ? gl->box_tr
			 : i == h - 1 ? gl->box_br
				      : gl->box_v,
			 UI_STYLE_HELP);
		if (i > 0 && i < h - 1)
			grid_put(g, y0 + i, x0 + 2, width,
				 view_help_lines[i - 1],
				 i == 1 ? UI_STYLE_BOLD : UI_STYLE_HELP);
	}
}

void
view_too_small(struct grid *g, int rows, int cols)
{
	char lines[3][64];
	int i, n = 3;

	snprintf(lines[0], sizeof lines[0], "Terminal too small (%dx%d).", cols,
		 rows);
	snprintf(lines[1], sizeof lines[1], "tcpsim play needs %dx%d.",
		 LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	snprintf(lines[2], sizeof lines[2], "Enlarge it, or press q.");
	grid_clear(g);
	for (i = 0; i < n; i++) {
		int len = (int)strlen(lines[i]);
		int x = (cols - len) / 2;
		int y = (rows - n) / 2 + i;

		grid_put(g, y < 0 ? 0 : y, x < 0 ? 0 : x, cols, lines[i],
			 i == 0 ? UI_STYLE_ALERT : UI_STYLE_NORMAL);
	}
}
