/* SPDX-License-Identifier: ISC */
/*
 * ui_curses.c: the one file that includes curses (see ui_curses.h).
 *
 * Input is waited for with poll() on the terminal, not in getch(): poll
 * returns on a key, on the timeout, or when a signal arrives (SIGWINCH,
 * SIGINT), with no busy loop, and getch() is then only asked, without
 * waiting, for what is there.
 */
#include "ui/ui_curses.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "ui/glyphs.h"
#include "ui/grid.h"
#include "util/escape.h"

/*
 * The terminal is one per process, and signal handlers can reach nothing
 * but statics, so the state of this file is static.  Only the handlers
 * and the functions below touch it.
 */
static struct {
	bool active;	      /* between start and end */
	bool utf8;	      /* the locale's codeset is UTF-8 */
	SCREEN *screen;	      /* from newterm() */
	FILE *input;	      /* /dev/tty when stdin is not a terminal */
	int in_fd, out_fd;    /* descriptors of input and output */
	struct termios saved; /* the terminal's modes before us */
	bool have_saved;      /* `saved` is valid */
	char reset[256];      /* bytes that undo the screen, for crashes */
	size_t reset_len;     /* their length */
	int stderr_copy;      /* the real stderr while ours is a file */
	int stderr_file;      /* the temporary file stderr goes to */
	attr_t attrs[UI_STYLE_COUNT]; /* style -> attributes and colour */
	bool projector; /* --theme projector (ui_curses_set_projector) */
} ui;

static volatile sig_atomic_t ui_stop_signal;

static void
ui_on_stop(int sig)
{
	ui_stop_signal = sig;
}

/* Copy the temporary stderr file to the real stderr; async-signal-safe. */
static void
ui_flush_stderr(void)
{
	char buf[4096];
	ssize_t n;

	if (ui.stderr_file < 0)
		return;
	dup2(ui.stderr_copy, STDERR_FILENO);
	lseek(ui.stderr_file, 0, SEEK_SET);
	while ((n = read(ui.stderr_file, buf, sizeof buf)) > 0)
		if (write(STDERR_FILENO, buf, (size_t)n) < 0)
			break;
	close(ui.stderr_file);
	close(ui.stderr_copy);
	ui.stderr_file = ui.stderr_copy = -1;
}

/* A crash: put the terminal back with async-signal-safe calls, then die. */
static void
ui_on_fatal(int sig)
{
	if (ui.active) {
		if (write(ui.out_fd, ui.reset, ui.reset_len) < 0) {
			/* nothing more can be done about it */
		}
		if (ui.have_saved)
			tcsetattr(ui.in_fd, TCSANOW, &ui.saved);
	}
	ui_flush_stderr();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Append a terminfo string without its "$<5>" padding to ui.reset. */
static void
ui_add_reset(const char *capname)
{
	char *s = tigetstr(capname);

	if (s == NULL || s == (char *)-1)
		return;
	for (; *s != '\0' && ui.reset_len + 1 < sizeof ui.reset; s++) {
		if (s[0] == '$' && s[1] == '<') {
			while (*s != '\0' && *s != '>')
				s++;
			if (*s == '\0')
				break;
			continue;
		}
		ui.reset[ui.reset_len++] = *s;
	}
}

static void
ui_catch_signals(void)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_stop;
	for (i = 0; i < sizeof stops / sizeof stops[0]; i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = ui_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

/* stderr into a temporary file while the screen is up. */
static void
ui_capture_stderr(void)
{
	char path[] = "/tmp/tcpsim-play-XXXXXX";
	int fd = mkstemp(path);

	ui.stderr_file = ui.stderr_copy = -1;
	if (fd < 0)
		return; /* then messages show on the screen: still seen */
	unlink(path);
	ui.stderr_copy = dup(STDERR_FILENO);
	if (ui.stderr_copy < 0) {
		close(fd);
		return;
	}
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	ui.stderr_file = fd;
}

/* Colours when the terminal has them; attributes alone otherwise. */
static void
ui_setup_styles(bool colour)
{
	static const struct {
		int style;
		short fg, bg;
		attr_t with, without; /* attributes with / without colour */
	} map[] = {
		{UI_STYLE_NORMAL, -1, -1, A_NORMAL, A_NORMAL},
		{UI_STYLE_DIM, -1, -1, A_DIM, A_DIM},
		{UI_STYLE_BOLD, -1, -1, A_BOLD, A_BOLD},
		{UI_STYLE_STATUS, COLOR_BLACK, COLOR_WHITE, A_NORMAL,
		 A_REVERSE},
		{UI_STYLE_BANNER, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
		{UI_STYLE_ALERT, COLOR_WHITE, COLOR_RED, A_BOLD,
		 A_BOLD | A_REVERSE},
		{UI_STYLE_GOOD, COLOR_GREEN, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_WARN, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
		{UI_STYLE_DATA, COLOR_CYAN, -1, A_BOLD, A_BOLD},
		{UI_STYLE_ACK, COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
		{UI_STYLE_ACKED, COLOR_BLUE, -1, A_NORMAL, A_DIM},
		{UI_STYLE_INFLIGHT, COLOR_CYAN, -1, A_BOLD, A_BOLD},
		{UI_STYLE_USABLE, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
		{UI_STYLE_OUTSIDE, -1, -1, A_DIM, A_DIM},
		{UI_STYLE_SACKED, COLOR_MAGENTA, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_LOST, COLOR_RED, -1, A_BOLD, A_BOLD},
		{UI_STYLE_HELP, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
		{UI_STYLE_SERIES0, COLOR_GREEN, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES1, COLOR_MAGENTA, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES2, COLOR_CYAN, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES3, COLOR_YELLOW, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES4, COLOR_BLUE, -1, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES5, COLOR_RED, -1, A_BOLD, A_NORMAL},
	};
	size_t i;

	colour = colour && has_colors() && start_color() == OK;
	if (colour && use_default_colors() != OK)
		colour = false; /* -1 (the terminal's own colours) needs it */
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (colour && (map[i].fg >= 0 || map[i].bg >= 0) &&
		    (int)i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), map[i].fg, map[i].bg);
			ui.attrs[map[i].style] =
				map[i].with | COLOR_PAIR((int)(i + 1));
		} else {
			ui.attrs[map[i].style] =
				colour ? map[i].with : map[i].without;
		}
	}
}

/*
 * The projector theme.  A projected screen washes dim text out and a
 * room holds colour-blind students: no A_DIM anywhere, and colours from
 * Okabe and Ito's palette, which stays distinct under the common colour
 * vision deficiencies.  With 256 colours each is the nearest xterm
 * colour; with 8, the nearest basic one (the hues stay apart: orange
 * becomes yellow, sky blue cyan, vermillion red).  Yellow itself is left
 * out: it vanishes on a light background.
 */
enum okabe_ito {
	OI_ORANGE,	   /* #E69F00 */
	OI_SKY_BLUE,	   /* #56B4E9 */
	OI_BLUISH_GREEN,   /* #009E73 */
	OI_BLUE,	   /* #0072B2 */
	OI_VERMILLION,	   /* #D55E00 */
	OI_REDDISH_PURPLE, /* #CC79A7 */
	OI_NONE,	   /* the terminal's own colour */
};

static short
okabe_ito_colour(enum okabe_ito c)
{
	static const short xterm256[] = {214, 74, 36, 25, 166, 175};
	static const short basic[] = {COLOR_YELLOW, COLOR_CYAN, COLOR_GREEN,
				      COLOR_BLUE,   COLOR_RED,	COLOR_MAGENTA};

	if (c == OI_NONE)
		return -1;
	return COLORS >= 256 ? xterm256[c] : basic[c];
}

static void
ui_setup_styles_projector(bool colour)
{
	static const struct {
		int style;
		enum okabe_ito fg, bg;
		attr_t with, without; /* attributes with / without colour */
	} map[] = {
		{UI_STYLE_NORMAL, OI_NONE, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_DIM, OI_NONE, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_BOLD, OI_NONE, OI_NONE, A_BOLD, A_BOLD},
		{UI_STYLE_STATUS, OI_NONE, OI_NONE, A_REVERSE, A_REVERSE},
		{UI_STYLE_BANNER, OI_NONE, OI_BLUE, A_BOLD, A_REVERSE},
		{UI_STYLE_ALERT, OI_NONE, OI_VERMILLION, A_BOLD,
		 A_BOLD | A_REVERSE},
		{UI_STYLE_GOOD, OI_BLUISH_GREEN, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_WARN, OI_ORANGE, OI_NONE, A_BOLD, A_BOLD},
		{UI_STYLE_DATA, OI_SKY_BLUE, OI_NONE, A_BOLD, A_BOLD},
		{UI_STYLE_ACK, OI_ORANGE, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_ACKED, OI_BLUE, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_INFLIGHT, OI_SKY_BLUE, OI_NONE, A_BOLD, A_BOLD},
		{UI_STYLE_USABLE, OI_BLUISH_GREEN, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_OUTSIDE, OI_NONE, OI_NONE, A_NORMAL, A_NORMAL},
		{UI_STYLE_SACKED, OI_REDDISH_PURPLE, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_LOST, OI_VERMILLION, OI_NONE, A_BOLD, A_BOLD},
		{UI_STYLE_HELP, OI_NONE, OI_BLUE, A_NORMAL, A_REVERSE},
		{UI_STYLE_SERIES0, OI_BLUISH_GREEN, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES1, OI_REDDISH_PURPLE, OI_NONE, A_BOLD,
		 A_NORMAL},
		{UI_STYLE_SERIES2, OI_SKY_BLUE, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES3, OI_ORANGE, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES4, OI_BLUE, OI_NONE, A_BOLD, A_NORMAL},
		{UI_STYLE_SERIES5, OI_VERMILLION, OI_NONE, A_BOLD, A_NORMAL},
	};
	size_t i;

	colour = colour && has_colors() && start_color() == OK;
	if (colour && use_default_colors() != OK)
		colour = false;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		short fg = okabe_ito_colour(map[i].fg);
		short bg = okabe_ito_colour(map[i].bg);

		if (colour && (fg >= 0 || bg >= 0) &&
		    (int)i + 1 < COLOR_PAIRS) {
			/* white text on a coloured ground */
			init_pair((short)(i + 1), bg >= 0 ? COLOR_WHITE : fg,
				  bg);
			ui.attrs[map[i].style] =
				map[i].with | COLOR_PAIR((int)(i + 1));
		} else {
			ui.attrs[map[i].style] =
				colour ? map[i].with : map[i].without;
		}
	}
}

void
ui_curses_set_projector(bool projector)
{
	ui.projector = projector;
}

/* A terminfo string capability the terminal has. */
static bool
ui_has_string(const char *capname)
{
	const char *s = tigetstr(capname);

	return s != NULL && s != (char *)-1 && s[0] != '\0';
}

/*
 * Can `term` draw a screen?  Like tmux, refuse a terminal that cannot
 * clear the screen or move the cursor (dumb, an emacs shell buffer, a
 * line printer, a name terminfo does not know), saying so, before
 * anything is written to it: curses would otherwise scroll frame after
 * frame down a dumb terminal, or fail half way.  The capabilities are
 * read with setupterm() into a terminal description of its own, which is
 * freed before newterm() makes the real one.
 */
static int
ui_check_terminal(const char *term)
{
	char name[ESCAPE_SIZE(64)];
	TERMINAL *saved = cur_term;
	bool clear, cup;
	int err = 0;

	if (term == NULL || term[0] == '\0') {
		fputs("tcpsim: play: TERM is not set, so the terminal cannot "
		      "be driven (needs cursor movement and clear); use "
		      "tcpsim run\n",
		      stderr);
		return -1;
	}
	escape_text(name, sizeof name, term);
	/* err is asked for: setupterm() then reports instead of exiting */
	if (setupterm(term, ui.out_fd, &err) != OK) {
		fprintf(stderr,
			"tcpsim: play: terminal '%s' %s (needs cursor "
			"movement and clear); use tcpsim run\n",
			name,
			err < 0 ? "cannot be looked up: no terminfo database "
				  "found"
				: "is unknown to terminfo, too generic or "
				  "hard-copy");
		cur_term = saved;
		return -1;
	}
	clear = ui_has_string("clear");
	cup = ui_has_string("cup");
	del_curterm(cur_term);
	cur_term = saved;
	if (clear && cup)
		return 0;
	fprintf(stderr,
		"tcpsim: play: terminal '%s' cannot %s (needs cursor movement "
		"and clear); use tcpsim run\n",
		name,
		!clear && !cup ? "clear the screen or move the cursor"
		: !clear       ? "clear the screen"
			       : "move the cursor");
	return -1;
}

int
ui_curses_start(bool colour)
{
	const char *term = getenv("TERM");

	if (ui.active)
		return 0;
	ui.out_fd = STDOUT_FILENO;
	if (ui_check_terminal(term) != 0)
		return -1;
	/* The locale decides UTF-8; numbers stay "1.5", never "1,5". */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	ui.utf8 = glyphs_codeset_is_utf8(nl_langinfo(CODESET));

	if (isatty(STDIN_FILENO)) {
		ui.input = stdin;
		ui.in_fd = STDIN_FILENO;
	} else {
		ui.input = fopen("/dev/tty", "r");
		if (ui.input == NULL) {
			fputs("tcpsim: play: no terminal to read keys from "
			      "(/dev/tty cannot be opened)\n",
			      stderr);
			return -1;
		}
		ui.in_fd = fileno(ui.input);
	}
	ui.have_saved = tcgetattr(ui.in_fd, &ui.saved) == 0;

	/* Ours first, so that curses leaves SIGINT/SIGTERM alone. */
	ui_catch_signals();
	ui.screen = newterm(term, stdout, ui.input);
	if (ui.screen == NULL) {
		char name[ESCAPE_SIZE(64)];

		fprintf(stderr, "tcpsim: play: cannot use the terminal '%s'\n",
			escape_text(name, sizeof name, term));
		if (ui.input != stdin)
			fclose(ui.input);
		return -1;
	}
	set_term(ui.screen);
	ui.active = true;
	atexit(ui_curses_end);

	ui.reset_len = 0;
	ui_add_reset("sgr0");
	ui_add_reset("cnorm");
	ui_add_reset("rmkx");
	ui_add_reset("rmcup");

	cbreak(); /* keys at once; Ctrl-C still a signal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE); /* poll() does the waiting */
	curs_set(0);
	set_escdelay(25);
	if (ui.projector)
		ui_setup_styles_projector(colour);
	else
		ui_setup_styles(colour);
	ui_capture_stderr();
	return 0;
}

void
ui_curses_end(void)
{
	if (!ui.active)
		return;
	ui.active = false;
	endwin();
	delscreen(ui.screen);
	ui.screen = NULL;
	if (ui.input != NULL && ui.input != stdin)
		fclose(ui.input);
	ui.input = NULL;
	fflush(stdout);
	ui_flush_stderr();
}

bool
ui_curses_utf8(void)
{
	return ui.utf8;
}

void
ui_curses_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void
ui_curses_invalidate(void)
{
	clearok(curscr, TRUE);
}

void
ui_curses_draw(const struct grid *g)
{
	char run[4096];
	int y, x, rows, cols;

	getmaxyx(stdscr, rows, cols);
	for (y = 0; y < g->rows && y < rows; y++) {
		x = 0;
		while (x < g->cols && x < cols) {
			const struct grid_cell *c = grid_at_const(g, y, x);
			int style = c->style, start = x;
			size_t len = 0;

			/* one addstr per run of cells in the same style */
			while (x < g->cols && x < cols) {
				const struct grid_cell *d =
					grid_at_const(g, y, x);
				size_t n = strlen(d->glyph);

				if (d->style != style ||
				    len + n + 1 > sizeof run)
					break;
				memcpy(run + len, d->glyph, n);
				len += n;
				x++;
			}
			run[len] = '\0';
			attrset(ui.attrs[style < UI_STYLE_COUNT ? style : 0]);
			/* the bottom-right cell may refuse: the cursor would
			 * have to move past the end of the screen */
			mvaddstr(y, start, run);
		}
	}
	attrset(A_NORMAL);
	refresh();
}

static int
ui_translate(int ch)
{
	switch (ch) {
	case KEY_LEFT:
		return UI_KEY_LEFT;
	case KEY_RIGHT:
		return UI_KEY_RIGHT;
	case KEY_UP:
		return UI_KEY_UP;
	case KEY_DOWN:
		return UI_KEY_DOWN;
	case KEY_BTAB:
		return UI_KEY_BACKTAB;
	case KEY_RESIZE:
		return UI_KEY_RESIZE;
	case 12: /* Ctrl-L */
		return UI_KEY_REDRAW;
	/* for typing in a prompt (g): as the keys send them raw */
	case KEY_BACKSPACE:
		return 127;
	case KEY_ENTER:
		return '\n';
	default:
		return ch >= 0 && ch < 256 ? ch : UI_KEY_NONE;
	}
}

int
ui_curses_wait(int timeout_ms)
{
	struct pollfd pfd;
	int ch, n;

	for (;;) {
		if (ui_stop_signal != 0)
			return UI_KEY_STOP;
		/* a key waiting, or a resize curses noticed (KEY_RESIZE) */
		ch = getch();
		if (ch != ERR)
			return ui_translate(ch);
		pfd.fd = ui.in_fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, timeout_ms);
		if (n == 0)
			return UI_KEY_NONE;
		if (n < 0 && errno != EINTR)
			return UI_KEY_NONE;
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* the terminal went away: stop as on SIGHUP */
			ui_stop_signal = SIGHUP;
			return UI_KEY_STOP;
		}
		/*
		 * A key, or a signal (SIGWINCH, SIGINT): the next turn asks
		 * getch() or sees the flag.  An interrupted wait starts again
		 * with the whole timeout, which delays a frame at most.
		 */
	}
}

int
ui_curses_stop_signal(void)
{
	return ui_stop_signal;
}
