/* SPDX-License-Identifier: ISC */
/*
 * glyphs.h: the characters the terminal UI draws with, in two sets.
 *
 * With a UTF-8 locale the UI uses block elements, braille and arrows,
 * which read well from the back of a room; otherwise plain ASCII, which
 * every terminal shows.  The choice follows the locale's codeset
 * (setlocale(LC_ALL, "") then nl_langinfo(CODESET)), never the terminal
 * type: a UTF-8 terminal with LANG=C gets ASCII, as it should, since
 * curses would then write the bytes of a UTF-8 glyph one by one.
 */
#ifndef TCPSIM_GLYPHS_H
#define TCPSIM_GLYPHS_H

#include <stdbool.h>

struct glyphs {
	bool utf8;		   /* braille and blocks available */
	const char *bar_full;	   /* a full cell of a buffer bar */
	const char *bar_empty;	   /* an empty cell of a buffer bar */
	const char *bar_part[8];   /* [1..7]: a cell filled in eighths */
	const char *block[9];	   /* [0..8]: a column cell in eighths */
	const char *data;	   /* a data packet, moving right */
	const char *data_many;	   /* several data packets in one cell */
	const char *ack;	   /* an ACK, moving left */
	const char *lane;	   /* the empty link */
	const char *arrow_left;	   /* the window arrow's head */
	const char *arrow_right;   /* pipeline arrows */
	const char *mark;	   /* a ruler mark, pointing up */
	const char *ruler_acked;   /* ruler: acknowledged */
	const char *ruler_flight;  /* ruler: in flight */
	const char *ruler_usable;  /* ruler: usable */
	const char *ruler_beyond;  /* ruler: outside the window */
	const char *ruler_sacked;  /* ruler: SACKed by the receiver */
	const char *ruler_lost;	   /* ruler: a hole presumed lost */
	const char *axis_v;	   /* chart y axis */
	const char *axis_h;	   /* chart x axis */
	const char *axis_corner;   /* where they meet */
	const char *box_h, *box_v; /* help box sides */
	const char *box_tl, *box_tr, *box_bl, *box_br;
	const char *infinity; /* ssthresh before the first loss */
	const char *play;     /* status: running */
	const char *pause;    /* status: paused */
	const char *tiny;     /* a data packet under half an MSS */
	const char *drop;     /* where a packet died */
};

/* The UTF-8 set or the ASCII set. */
const struct glyphs *glyphs_get(bool utf8);

/*
 * True when nl_langinfo(CODESET)'s answer names UTF-8 ("UTF-8", "utf8",
 * any case).  NULL is not UTF-8.
 */
bool glyphs_codeset_is_utf8(const char *codeset);

#endif
