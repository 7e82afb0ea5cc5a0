/* SPDX-License-Identifier: ISC */
/*
 * ui_curses.h: the terminal, behind a thin wrapper.  ui_curses.c is the
 * only file of tcpsim that includes curses; everything it draws comes as a
 * struct grid (grid.h) computed elsewhere, and everything it reads comes
 * back as one of the key codes below.
 *
 * The terminal is always given back as it was found: on a normal end, on
 * exit() from anywhere (atexit), on SIGINT/SIGTERM/SIGHUP (the handler
 * only sets a flag; the main loop sees UI_KEY_STOP and ends the screen),
 * and on a crash (SIGSEGV, SIGABRT, ...: the handler writes the saved
 * reset sequences and terminal modes, which is async-signal-safe, then
 * dies as it would have).  While the screen is up, standard error goes to
 * a temporary file, which is copied to the real standard error after the
 * terminal is restored, so that a message printed meanwhile (an invariant
 * violation, out of memory) is seen instead of being painted over.
 */
#ifndef TCPSIM_UI_CURSES_H
#define TCPSIM_UI_CURSES_H

#include <stdbool.h>

struct grid;

/* Keys besides plain characters (which come as their code, '\t' for Tab). */
enum ui_key {
	UI_KEY_NONE = -1,	/* the timeout passed */
	UI_KEY_LEFT = 0x110000, /* beyond every Unicode code point */
	UI_KEY_RIGHT,
	UI_KEY_UP,
	UI_KEY_DOWN,
	UI_KEY_BACKTAB, /* Shift-Tab */
	UI_KEY_RESIZE,	/* the terminal changed size */
	UI_KEY_STOP,	/* SIGINT, SIGTERM or SIGHUP arrived */
	UI_KEY_REDRAW,	/* Ctrl-L */
};

/*
 * Take over the terminal: stdout for drawing, keys from stdin, or from
 * /dev/tty when stdin is not a terminal (the scenario came from a pipe).
 * `colour`: use colours if the terminal has them (NO_COLOR turns them off
 * before this is called).  Returns 0, or -1 after printing why to stderr
 * (the terminal is then untouched): among the reasons, TERM not set or
 * naming a terminal whose terminfo entry cannot clear the screen ("clear")
 * or move the cursor ("cup"), such as TERM=dumb.
 */
int ui_curses_start(bool colour);

/*
 * The projector theme (play --theme projector): no dim text, Okabe-Ito's
 * colour-blind-safe palette.  Call before ui_curses_start().
 */
void ui_curses_set_projector(bool projector);

/* Give the terminal back; copy what went to stderr meanwhile.  Idempotent. */
void ui_curses_end(void);

/* True when the locale is UTF-8 (chosen at start; see glyphs.h). */
bool ui_curses_utf8(void);

/* The terminal's size now. */
void ui_curses_size(int *rows, int *cols);

/* Show `g` (the same size as the terminal) and update the screen. */
void ui_curses_draw(const struct grid *g);

/* Redraw everything on the next ui_curses_draw() (after Ctrl-L). */
void ui_curses_invalidate(void);

/*
 * Wait for a key at most `timeout_ms` milliseconds (-1: as long as it
 * takes, using no CPU), and return it, or UI_KEY_NONE on timeout.
 */
int ui_curses_wait(int timeout_ms);

/*
 * The signal behind UI_KEY_STOP, or 0: also the way for a long piece of
 * work between two waits to notice SIGINT/SIGTERM/SIGHUP and stop early.
 */
int ui_curses_stop_signal(void);

#endif
