/* SPDX-License-Identifier: ISC */
/* glyphs.c: the UTF-8 and ASCII character sets of the UI (see glyphs.h). */
#include "ui/glyphs.h"

#include <ctype.h>
#include <stddef.h>

static const struct glyphs glyphs_utf8 = {
	.utf8 = true,
	.bar_full = "\u2588",
	.bar_empty = "\u00b7",
	.bar_part = {"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b",
		     "\u258a", "\u2589"},
	.block = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585",
		  "\u2586", "\u2587", "\u2588"},
	.data = "\u25b8",
	.data_many = "\u25b6",
	.ack = "\u25c2",
	.lane = "\u2500",
	.arrow_left = "\u25c0",
	.arrow_right = "\u2192",
	.mark = "\u25b2",
	.ruler_acked = "\u2592",
	.ruler_flight = "\u2588",
	.ruler_usable = "\u2591",
	.ruler_beyond = "\u00b7",
	.ruler_sacked = "\u2593",
	.ruler_lost = "\u2573",
	.axis_v = "\u2502",
	.axis_h = "\u2500",
	.axis_corner = "\u2514",
	.box_h = "\u2500",
	.box_v = "\u2502",
	.box_tl = "\u250c",
	.box_tr = "\u2510",
	.box_bl = "\u2514",
	.box_br = "\u2518",
	.infinity = "\u221e",
	.play = "\u25b6",
	.pause = "\u2016",
	.tiny = "\u2022",
	.drop = "\u2717",
};

static const struct glyphs glyphs_ascii = {
	.utf8 = false,
	.bar_full = "#",
	.bar_empty = ".",
	.bar_part = {"", "#", "#", "#", "#", "#", "#", "#"},
	.block = {" ", "_", "_", "_", "#", "#", "#", "#", "#"},
	.data = ">",
	.data_many = "}",
	.ack = "<",
	.lane = "-",
	.arrow_left = "<",
	.arrow_right = ">",
	.mark = "^",
	.ruler_acked = "=",
	.ruler_flight = "#",
	.ruler_usable = "-",
	.ruler_beyond = ".",
	.ruler_sacked = "s",
	.ruler_lost = "x",
	.axis_v = "|",
	.axis_h = "-",
	.axis_corner = "+",
	.box_h = "-",
	.box_v = "|",
	.box_tl = "+",
	.box_tr = "+",
	.box_bl = "+",
	.box_br = "+",
	.infinity = "inf",
	.play = ">",
	.pause = "||",
	.tiny = ".",
	.drop = "X",
};

const struct glyphs *
glyphs_get(bool utf8)
{
	return utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

bool
glyphs_codeset_is_utf8(const char *codeset)
{
	static const char want[] = "utf8";
	size_t i = 0;

	if (codeset == NULL)
		return false;
	/* Compare ignoring case and dashes: "UTF-8", "utf8", "UTF8". */
	for (; *codeset != '\0'; codeset++) {
		if (*codeset == '-' || *codeset == '_')
			continue;
		if (i >= sizeof want - 1 ||
		    tolower((unsigned char)*codeset) != want[i])
			return false;
		i++;
	}
	return i == sizeof want - 1;
}
