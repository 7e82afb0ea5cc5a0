/* SPDX-License-Identifier: ISC */
/*
 * view_bar.h: a buffer as a horizontal bar, "[#####.....]".
 *
 * Used for the send buffer, the bottleneck queue and the receive buffer.
 * The inside of the bar is width - 2 cells; with UTF-8 a cell is split in
 * eighths, so a bar 12 cells wide resolves 1/80 of the buffer.  Two rules
 * make the states the lesson is about unmistakable: a buffer holding
 * anything shows at least one eighth (or one cell in ASCII), and only a
 * full buffer shows a full bar.
 */
#ifndef TCPSIM_VIEW_BAR_H
#define TCPSIM_VIEW_BAR_H

#include <stddef.h>
#include <stdint.h>

struct glyphs;

/*
 * The bar for `fill` of `limit` in `width` cells (at least 3), brackets
 * included, into buf.  A limit of 0 draws an empty bar.  Returns buf.
 */
char *view_bar(char *buf, size_t size, int width, uint64_t fill, uint64_t limit,
	       const struct glyphs *gl);

#endif
