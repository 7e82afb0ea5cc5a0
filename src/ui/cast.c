/* SPDX-License-Identifier: ISC */
/* cast.c: asciicast v2 recordings of play's screen (see cast.h). */
#include "ui/cast.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/*
 * The styles as SGR, close to what ui_curses.c gives them in colour:
 * what a student sees in the browser is what the class saw.  The
 * projector theme has no dim text (a projector washes it out).
 */
const char *
cast_style_sgr(int style, bool projector)
{
	switch (style) {
	case UI_STYLE_DIM:
	case UI_STYLE_OUTSIDE:
		return projector ? "0" : "2";
	case UI_STYLE_BOLD:
		return "1";
	case UI_STYLE_STATUS:
		return "30;47";
	case UI_STYLE_BANNER:
		return "1;37;44";
	case UI_STYLE_ALERT:
		return "1;37;41";
	case UI_STYLE_GOOD:
	case UI_STYLE_SERIES0:
		return "1;32";
	case UI_STYLE_WARN:
		return "1;33";
	case UI_STYLE_DATA:
	case UI_STYLE_INFLIGHT:
		return "1;36";
	case UI_STYLE_ACK:
		return "33";
	case UI_STYLE_ACKED:
		return "34";
	case UI_STYLE_USABLE:
		return "32";
	case UI_STYLE_SACKED:
	case UI_STYLE_SERIES1:
		return "1;35";
	case UI_STYLE_LOST:
	case UI_STYLE_SERIES5:
		return "1;31";
	case UI_STYLE_HELP:
		return "37;44";
	case UI_STYLE_SERIES2:
		return "1;36";
	case UI_STYLE_SERIES3:
		return "1;33";
	case UI_STYLE_SERIES4:
		return "1;34";
	default:
		return "0";
	}
}

void
cast_json_string(FILE *out, const char *data, size_t len)
{
	size_t i;

	putc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)data[i];

		switch (ch) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			/* ESC and every other control character, and DEL,
			 * which JSON allows raw but a terminal would not */
			if (ch < 0x20 || ch == 0x7f)
				fprintf(out, "\\u%04x", ch);
			else
				putc(ch, out);
			break;
		}
	}
	putc('"', out);
}

int
cast_begin(struct cast *c, FILE *out, int rows, int cols, int64_t timestamp)
{
	memset(c, 0, sizeof *c);
	c->out = out;
	c->rows = rows;
	c->cols = cols;
	fprintf(out,
		"{\"version\": 2, \"width\": %d, \"height\": %d, "
		"\"timestamp\": %lld, \"env\": {\"TERM\": \"xterm-256color\", "
		"\"SHELL\": \"\"}}\n",
		cols, rows, (long long)timestamp);
	return ferror(out) ? -1 : 0;
}

void
cast_end(struct cast *c)
{
	free(c->last_frame);
	free(c->frame);
	c->last_frame = c->frame = NULL;
	c->frame_cap = 0;
}

void
cast_event(struct cast *c, double time, const char *data, size_t len)
{
	if (time < c->last_time)
		time = c->last_time;
	c->last_time = time;
	/* microseconds, as asciinema writes them */
	fprintf(c->out, "[%.6f, \"o\", ", time);
	cast_json_string(c->out, data, len);
	fputs("]\n", c->out);
}

/* Append `len` bytes to the frame being built at *used. */
static void
cast_append(struct cast *c, size_t *used, const char *s, size_t len)
{
	c->frame = xgrow(c->frame, &c->frame_cap, *used + len + 1, 1);
	memcpy(c->frame + *used, s, len);
	*used += len;
	c->frame[*used] = '\0';
}

bool
cast_frame(struct cast *c, const struct grid *g, double time)
{
	static const char home[] = "\033[H";
	size_t used = 0;
	int y, x, style = -1;
	char sgr[32];

	/* the first frame clears what the player showed before it (the
	 * text compared with the next frames starts after that) */
	cast_append(c, &used, "\033[2J", 4);
	cast_append(c, &used, home, sizeof home - 1);
	for (y = 0; y < c->rows; y++) {
		for (x = 0; x < c->cols; x++) {
			const struct grid_cell *cell =
				y < g->rows && x < g->cols
					? grid_at_const(g, y, x)
					: NULL;
			int s = cell != NULL ? cell->style : UI_STYLE_NORMAL;
			const char *glyph = cell != NULL && cell->glyph[0] != 0
						    ? cell->glyph
						    : " ";

			if (s != style) {
				int n = snprintf(
					sgr, sizeof sgr, "\033[0;%sm",
					cast_style_sgr(s, c->projector));

				cast_append(c, &used, sgr, (size_t)n);
				style = s;
			}
			cast_append(c, &used, glyph, strlen(glyph));
		}
		/* no newline after the last row: it would scroll */
		if (y + 1 < c->rows)
			cast_append(c, &used, "\r\n", 2);
	}
	cast_append(c, &used, "\033[0m", 4);
	if (c->last_frame != NULL && strcmp(c->last_frame, c->frame + 4) == 0)
		return false;
	if (c->last_frame == NULL)
		cast_event(c, time, c->frame, used);
	else
		cast_event(c, time, c->frame + 4, used - 4);
	free(c->last_frame);
	c->last_frame = xstrdup(c->frame + 4);
	return true;
}

/* ------------------------------------------------------------------ */
/* The headless clock                                                  */
/* ------------------------------------------------------------------ */

/*
 * One clock for the process: play.c reads time through a function
 * without arguments, and a process renders one recording.
 */
static bool cast_clock_on;    /* cast_clock_start() was called */
static int64_t cast_clock_ns; /* its time */

void
cast_clock_start(void)
{
	cast_clock_on = true;
	cast_clock_ns = 0;
}

bool
cast_clock_running(void)
{
	return cast_clock_on;
}

int64_t
cast_clock_now(void)
{
	return cast_clock_ns;
}

void
cast_clock_advance(int64_t ns)
{
	if (ns > 0)
		cast_clock_ns += ns;
}

/* ------------------------------------------------------------------ */
/* Signals of a headless run                                           */
/* ------------------------------------------------------------------ */

/* The signal that asked a headless run to stop, or 0 (set by the
 * handler only). */
static volatile sig_atomic_t cast_stop;

static void
cast_on_signal(int sig)
{
	cast_stop = sig;
}

void
cast_catch_signals(void)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cast_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
}

int
cast_stop_signal(void)
{
	return cast_stop;
}
