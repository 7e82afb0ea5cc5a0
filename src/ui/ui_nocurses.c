/* SPDX-License-Identifier: ISC */
/*
 * ui_nocurses.c: ui_curses.h for a tcpsim built without ncurses
 * (configure --without-ncurses, or ncurses not found).  Everything but
 * the terminal UI works; `tcpsim play` reaches ui_curses_start() first,
 * which says how this tcpsim was built and fails, so play exits 2 before
 * the terminal is touched.  The other functions are never reached after
 * that failure; should one be called first all the same, it says the
 * same once and does nothing.
 */
#include "ui/ui_curses.h"

#include <stdio.h>

/* Say once, on stderr, that there is no terminal UI in this build. */
static void
ui_nocurses_say(void)
{
	static bool said; /* the message is printed once per process */

	if (said)
		return;
	said = true;
	fputs("tcpsim: play: this tcpsim was built without ncurses "
	      "(configure --without-ncurses)\n",
	      stderr);
}

int
ui_curses_start(bool colour)
{
	(void)colour;
	ui_nocurses_say();
	return -1;
}

void
ui_curses_end(void)
{
	/* nothing was taken over: nothing to give back */
}

bool
ui_curses_utf8(void)
{
	ui_nocurses_say();
	return false;
}

void
ui_curses_size(int *rows, int *cols)
{
	ui_nocurses_say();
	*rows = 0;
	*cols = 0;
}

void
ui_curses_draw(const struct grid *g)
{
	(void)g;
	ui_nocurses_say();
}

void
ui_curses_invalidate(void)
{
	ui_nocurses_say();
}

int
ui_curses_wait(int timeout_ms)
{
	(void)timeout_ms;
	ui_nocurses_say();
	return UI_KEY_STOP; /* a loop waiting for keys ends at once */
}

int
ui_curses_stop_signal(void)
{
	return 0;
}

void
ui_curses_set_projector(bool projector)
{
	(void)projector;
}
