/* SPDX-License-Identifier: ISC */
/*
 * test_ui.c: what `tcpsim play` draws, as text, without a terminal
 * (src/ui/: grid, glyphs, view_*, history, narration, layout, screen).
 *
 * Exact strings where the geometry is the point (bars, the ruler, charts,
 * wrapping); for whole screens, the facts a class must be able to read
 * (what limits the sender, blocked, stopped, the window marks) at 80x24,
 * at 120x40, and the message of a terminal too small.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/history.h"
#include "ui/layout.h"
#include "ui/narration.h"
#include "ui/player.h"
#include "ui/screen.h"
#include "ui/view_bar.h"
#include "ui/view_chart.h"
#include "ui/view_format.h"
#include "ui/view_pipeline.h"
#include "ui/view_status.h"
#include "ui/view_window.h"

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)

static const struct glyphs *
ascii(void)
{
	return glyphs_get(false);
}

static const struct glyphs *
utf8(void)
{
	return glyphs_get(true);
}

/* ------------------------------------------------------------------ */
/* Grid, glyphs, formats                                               */
/* ------------------------------------------------------------------ */

static void
test_grid(void **state)
{
	struct grid g;
	char buf[256];

	(void)state;
	grid_init(&g, 3, 10);
	assert_int_equal(grid_put(&g, 0, 2, -1,
				  "ab\xe2\x96\x88"
				  "cdefghij",
				  1),
			 11);
	assert_string_equal(grid_row_text(&g, 0, buf, sizeof buf),
			    "  ab\xe2\x96\x88"
			    "cdefg");
	assert_int_equal(grid_at(&g, 0, 4)->style, 1);
	grid_put(&g, 1, -2, 3, "xyz", 0); /* clipped on the left */
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf), "z");
	grid_put(&g, 2, 0, -1, "a\tb\nc", 0); /* control characters: '?' */
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf), "a?b");
	/* and ESC, DEL, a C1 control (U+009B, CSI), a stray byte; U+00A0
	 * just after the C1 range is text */
	grid_put(&g, 2, 0, -1, "\x1b\x7f\xc2\x9b\xff\xc2\xa0z", 0);
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "????\xc2\xa0z");
	assert_null(grid_at(&g, 3, 0));
	assert_int_equal(grid_text_width("\xe2\x96\x88x"), 2);
	grid_resize(&g, 1, 1);
	assert_string_equal(grid_row_text(&g, 0, buf, sizeof buf), "");
	grid_free(&g);
}

static void
test_codeset(void **state)
{
	(void)state;
	assert_true(glyphs_codeset_is_utf8("UTF-8"));
	assert_true(glyphs_codeset_is_utf8("utf8"));
	assert_true(glyphs_codeset_is_utf8("UTF8"));
	assert_false(glyphs_codeset_is_utf8("ANSI_X3.4-1968"));
	assert_false(glyphs_codeset_is_utf8("ISO-8859-1"));
	assert_false(glyphs_codeset_is_utf8("UTF-16"));
	assert_false(glyphs_codeset_is_utf8(""));
	assert_false(glyphs_codeset_is_utf8(NULL));
	assert_true(utf8()->utf8);
	assert_false(ascii()->utf8);
}

static void
test_formats(void **state)
{
	char buf[VIEW_NUM_BUF];

	(void)state;
	assert_string_equal(view_size_short(buf, sizeof buf, 65536), "64.0K");
	assert_string_equal(view_size_short(buf, sizeof buf, 131072), "128K");
	assert_string_equal(view_size_short(buf, sizeof buf, 512), "512B");
	assert_string_equal(view_size_short(buf, sizeof buf, UINT64_MAX),
			    "unlim");
	assert_string_equal(view_rate_short(buf, sizeof buf, 4e6), "4.00M");
	assert_string_equal(view_rate_label(buf, sizeof buf, 4e6), "4.00Mb/s");
	assert_string_equal(view_rate_label(buf, sizeof buf, 0), "0b/s");
	assert_string_equal(
		view_rate_label(buf, sizeof buf, 18446744073709551615.0),
		"unlimited");
	assert_string_equal(view_time_short(buf, sizeof buf, 20 * NS_PER_MS),
			    "20.0ms");
	assert_string_equal(view_clock(buf, sizeof buf, INT64_C(12345678901)),
			    "12.345s");
	assert_string_equal(view_count_short(buf, sizeof buf, 100), "100");
}

/* ------------------------------------------------------------------ */
/* Bars                                                                */
/* ------------------------------------------------------------------ */

static void
test_bars(void **state)
{
	char buf[256];

	(void)state;
	/* ASCII: 0%, 50%, 100% */
	assert_string_equal(view_bar(buf, sizeof buf, 12, 0, 100, ascii()),
			    "[..........]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 50, 100, ascii()),
			    "[#####.....]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 100, 100, ascii()),
			    "[##########]");
	/* UTF-8: the same, and eighths in between */
	assert_string_equal(view_bar(buf, sizeof buf, 12, 0, 100, utf8()),
			    "[\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7"
			    "\u00b7\u00b7]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 50, 100, utf8()),
			    "[\u2588\u2588\u2588\u2588\u2588\u00b7\u00b7"
			    "\u00b7\u00b7\u00b7]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 100, 100, utf8()),
			    "[\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
			    "\u2588\u2588\u2588]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 33, 100, utf8()),
			    "[\u2588\u2588\u2588\u258e\u00b7\u00b7\u00b7"
			    "\u00b7\u00b7\u00b7]");
	/* anything shows; only full is full */
	assert_string_equal(view_bar(buf, sizeof buf, 12, 1, 1000000, utf8()),
			    "[\u258f\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7"
			    "\u00b7\u00b7\u00b7]");
	assert_string_equal(view_bar(buf, sizeof buf, 12, 1, 1000000, ascii()),
			    "[#.........]");
	assert_string_equal(
		view_bar(buf, sizeof buf, 12, 999999, 1000000, ascii()),
		"[#########.]");
	assert_string_equal(
		view_bar(buf, sizeof buf, 12, 999999, 1000000, utf8()),
		"[\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
		"\u2588\u2588\u2589]");
	/* no limit: empty; over the limit: full */
	assert_string_equal(view_bar(buf, sizeof buf, 5, 7, 0, ascii()),
			    "[...]");
	assert_string_equal(view_bar(buf, sizeof buf, 5, 7, 5, ascii()),
			    "[###]");
}

/* ------------------------------------------------------------------ */
/* The window ruler                                                    */
/* ------------------------------------------------------------------ */

/* 12000 bytes acknowledged, 6000 in flight, cwnd 12000, rwnd 30000. */
static void
ruler_flow(struct flow_snapshot *f)
{
	memset(f, 0, sizeof *f);
	f->isn = 1000;
	f->snd_una = 1001 + 12000;
	f->snd_nxt = f->snd_una + 6000;
	f->inflight_bytes = 6000;
	f->cwnd_bytes = 12000;
	f->rwnd_bytes = 30000;
	f->ssthresh_bytes = UINT64_MAX;
	f->mss = 1000;
}

static void
test_ruler(void **state)
{
	struct flow_snapshot f;
	struct ruler_scale s;
	struct grid g;
	struct rect r = {0, 0, LAYOUT_RULER_ROWS, 64};
	char buf[1024];

	(void)state;
	ruler_flow(&f);
	/* 16000 bytes (the window and a third) over 56 cells: 286 a cell */
	view_window_scale(&s, &f, 64);
	assert_int_equal(s.window, 12000);
	assert_int_equal(s.bytes_per_cell, 286);
	assert_int_equal(s.x_una, 8);
	assert_int_equal(s.x_nxt, 8 + 21);  /* ceil(6000 / 286) */
	assert_int_equal(s.x_edge, 8 + 42); /* ceil(12000 / 286) */

	grid_init(&g, LAYOUT_RULER_ROWS, 64);
	/* labels relative to the ISN as Wireshark's: 12000 bytes
	 * acknowledged, the first data byte is 1, so SND.UNA is 12001 */
	view_window(&g, &r, &f, ascii());
	assert_string_equal(grid_row_text(&g, 0, buf, sizeof buf),
			    "cwnd 11.7K  rwnd 29.3K  ssthresh inf  in flight "
			    "5.86K  usable 5.");
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "========#####################-----------------"
			    "----..............");
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "        ^                    ^                "
			    "    ^");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "        SND.UNA 12001        SND.NXT 18001    "
			    "    edge 24001");
	assert_string_equal(view_window_ruler(buf, sizeof buf, &f, 16, utf8()),
			    "\u2592\u2592\u2588\u2588\u2588\u2588\u2588\u2588"
			    "\u2591\u2591\u2591\u2591\u2591\u00b7\u00b7\u00b7");

	/* zero window: the three marks coincide, one label says so */
	f.rwnd_bytes = 0;
	f.inflight_bytes = 0;
	f.snd_nxt = f.snd_una;
	grid_clear(&g);
	view_window(&g, &r, &f, ascii());
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "========......................................"
			    "..................");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "        SND.UNA=SND.NXT=edge 12001");

	/* labels that would run off the right end move left together */
	ruler_flow(&f);
	f.isn = 0;
	f.snd_una = 1 + 1000000000;
	f.snd_nxt = f.snd_una + 6000;
	f.cwnd_bytes = 9000;
	grid_clear(&g);
	view_window(&g, &r, &f, ascii());
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "        ^                           ^       "
			    "      ^");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "        SND.UNA 1000000001    SND.NXT 1000006001 "
			    "edge 1000009001");

	/* the window shrank below what is in flight (recovery): the edge
	 * mark stands left of SND.NXT, and so does its label */
	ruler_flow(&f);
	f.cwnd_bytes = 3000;
	view_window_scale(&s, &f, 64);
	assert_true(s.x_una < s.x_edge && s.x_edge < s.x_nxt);
	grid_clear(&g);
	view_window(&g, &r, &f, ascii());
	grid_row_text(&g, 3, buf, sizeof buf);
	assert_non_null(strstr(buf, "edge 15001"));
	assert_non_null(strstr(buf, "SND.NXT 18001"));
	assert_true(strstr(buf, "SND.UNA 12001") < strstr(buf, "edge 15001"));
	assert_true(strstr(buf, "edge 15001") < strstr(buf, "SND.NXT 18001"));
	/* each label under its mark, as room allows */
	assert_int_equal(strstr(buf, "edge 15001") - buf, s.x_edge);
	grid_free(&g);
}

/*
 * With sack = on: two SACKed ranges and a lost hole below them, over the
 * bytes in flight of ruler_flow().  Each range [a, b) (offsets from
 * SND.UNA) must cover exactly the cells from the first whose first byte
 * is at or past a to the first at or past b: x_una + ceil(a / bpc) ..
 * x_una + ceil(b / bpc), derived here from the scale.
 */
static void
test_ruler_sack(void **state)
{
	static const uint32_t sacked_off[2][2] = {{1000, 2000}, {3000, 5000}};
	static const uint32_t lost_off[2] = {0, 1000};
	const struct glyphs *gls[2] = {ascii(), utf8()};
	struct flow_snapshot f;
	struct ruler_scale s;
	struct seq_range sacked[2], lost[1];
	struct ruler_sack rs = {sacked, 2, lost, 1};
	struct grid g;
	struct rect r = {0, 0, LAYOUT_RULER_ROWS, 64};
	char buf[1024];
	int x, i, k, n_sacked_cells = 0;

	(void)state;
	ruler_flow(&f);
	for (i = 0; i < 2; i++) {
		sacked[i].start = f.snd_una + sacked_off[i][0];
		sacked[i].end = f.snd_una + sacked_off[i][1];
	}
	lost[0].start = f.snd_una + lost_off[0];
	lost[0].end = f.snd_una + lost_off[1];
	view_window_scale(&s, &f, 64);
	assert_true(s.bytes_per_cell > 1); /* the ranges do not align */
	grid_init(&g, LAYOUT_RULER_ROWS, 64);
	for (k = 0; k < 2; k++) {
		const struct glyphs *gl = gls[k];

		grid_clear(&g);
		view_window_sack(&g, &r, &f, &rs, gl);
		for (x = 0; x < 64; x++) {
			const struct grid_cell *c = grid_at_const(&g, 1, x);
			uint64_t first =
				(uint64_t)(x - s.x_una) * s.bytes_per_cell;
			bool in_sacked = false, in_lost = false;
			const char *want;
			int style;

			for (i = 0; i < 2; i++) {
				uint64_t x0 = s.x_una + (sacked_off[i][0] +
							 s.bytes_per_cell -
							 1) / s.bytes_per_cell;
				uint64_t x1 = s.x_una + (sacked_off[i][1] +
							 s.bytes_per_cell -
							 1) / s.bytes_per_cell;

				if ((uint64_t)x >= x0 && (uint64_t)x < x1)
					in_sacked = true;
			}
			in_lost = x >= s.x_una && first < lost_off[1];
			if (x < s.x_una) {
				want = gl->ruler_acked;
				style = UI_STYLE_ACKED;
			} else if (in_sacked) {
				want = gl->ruler_sacked;
				style = UI_STYLE_SACKED;
				n_sacked_cells++;
			} else if (in_lost) {
				want = gl->ruler_lost;
				style = UI_STYLE_LOST;
			} else if (x < s.x_nxt) {
				want = gl->ruler_flight;
				style = UI_STYLE_INFLIGHT;
			} else if (x < s.x_edge) {
				want = gl->ruler_usable;
				style = UI_STYLE_USABLE;
			} else {
				want = gl->ruler_beyond;
				style = UI_STYLE_OUTSIDE;
			}
			assert_string_equal(c->glyph, want);
			assert_int_equal(c->style, style);
		}
		/* the legend names the glyph and the bytes (3000 SACKed is
		 * 2.93K, 1000 lost is 1000B), whole on the ruler of an 80x24
		 * screen (78 cells) */
		{
			struct grid g78;
			struct rect r78 = {0, 0, LAYOUT_RULER_ROWS, 78};
			char want_s[64], want_l[64];

			grid_init(&g78, LAYOUT_RULER_ROWS, 78);
			view_window_sack(&g78, &r78, &f, &rs, gl);
			grid_row_text(&g78, 0, buf, sizeof buf);
			grid_free(&g78);

			snprintf(want_s, sizeof want_s, "%s sacked 2.93K",
				 gl->ruler_sacked);
			snprintf(want_l, sizeof want_l, "%s lost 1000B",
				 gl->ruler_lost);
			assert_non_null(strstr(buf, want_s));
			assert_non_null(strstr(buf, want_l));
		}
	}
	/* cells of the two ranges, twice: ceil(b/bpc) - ceil(a/bpc) each */
	assert_int_equal(n_sacked_cells, 2 * (3 + 7));

	/* the same through the plain ruler row */
	view_window_ruler_sack(buf, sizeof buf, &f, &rs, 64, ascii());
	/* 8 acked; lost [0, 1000): ceil(1000/286) = 4 cells; sacked 3;
	 * in flight to ceil(3000/286) = 11: 4; sacked to ceil(5000/286) =
	 * 18: 7; in flight to 21: 3; usable to 42: 21; 14 outside */
	assert_string_equal(buf, "========xxxxsss####sssssss###"
				 "---------------------.............."
				 "");

	/* a range shorter than a cell still shows, in the cell holding it */
	sacked[0].start = f.snd_una + 3 * (uint32_t)s.bytes_per_cell + 10;
	sacked[0].end = sacked[0].start + 20;
	rs.n_sacked = 1;
	rs.n_lost = 0;
	view_window_ruler_sack(buf, sizeof buf, &f, &rs, 64, ascii());
	assert_int_equal(buf[s.x_una + 3], 's');
	assert_int_equal(strchr(buf, 's') - buf, s.x_una + 3);
	assert_null(strchr(buf + s.x_una + 4, 's'));

	/* with nothing SACKed the panel is the plain one, no legend */
	rs.n_sacked = 0;
	grid_clear(&g);
	view_window_sack(&g, &r, &f, &rs, ascii());
	assert_null(strstr(grid_row_text(&g, 0, buf, sizeof buf), "sacked"));
	grid_free(&g);
}

/* ------------------------------------------------------------------ */
/* Charts                                                              */
/* ------------------------------------------------------------------ */

static void
test_chart_scale(void **state)
{
	(void)state;
	assert_true(chart_nice_max(0) == 1);
	assert_true(chart_nice_max(-3) == 1);
	assert_true(chart_nice_max(NAN) == 1);
	assert_true(chart_nice_max(1) == 1);
	assert_true(chart_nice_max(1.2) == 2);
	assert_true(chart_nice_max(2.2) == 2.5);
	assert_true(chart_nice_max(3.7) == 5);
	assert_true(chart_nice_max(100) == 100);
	assert_true(chart_nice_max(101) == 200);
	assert_true(chart_nice_max(9.8e6) == 1e7);
	assert_true(chart_nice_max(0.03) == 0.05);
	assert_int_equal(chart_plot_cols(26), 20);
	assert_int_equal(chart_points(26, utf8()), 40);
	assert_int_equal(chart_points(26, ascii()), 20);
}

/* A ramp 0..1900 over the first half of the points, then no data. */
static void
draw_ramp(struct grid *g, bool area, const struct glyphs *gl)
{
	double v[40];
	struct chart_series cs = {.values = v,
				  .style = UI_STYLE_SERIES0,
				  .marker = '*',
				  .area = area};
	struct chart c = {.title = "RAMP",
			  .series = &cs,
			  .n_series = 1,
			  .unit = CHART_COUNT,
			  .span_ns = 4 * NS_PER_S};
	struct rect r = {0, 0, 6, 26};
	int i;

	for (i = 0; i < 40; i++)
		v[i] = i < 20 ? i * 100.0 : NAN;
	grid_clear(g);
	view_chart(g, &r, &c, gl);
}

static void
test_chart_drawing(void **state)
{
	struct grid g;
	char buf[512];

	(void)state;
	grid_init(&g, 6, 26);
	draw_ramp(&g, false, ascii());
	assert_string_equal(grid_row_text(&g, 0, buf, sizeof buf), "RAMP");
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "2000 |                 ***");
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "     |          *******");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "     |    ******");
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "    0|****");
	assert_string_equal(grid_row_text(&g, 5, buf, sizeof buf),
			    "     +0s-------------4.00s");

	draw_ramp(&g, true, ascii());
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "2000 |                __##");
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "    0| __#################");

	/* braille: twice the points, half the cells */
	draw_ramp(&g, false, utf8());
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "2000 \u2502        \u28e0\u2816");
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "    0\u2502\u28e0\u2816\u280b");
	assert_string_equal(grid_row_text(&g, 5, buf, sizeof buf),
			    "     \u2514"
			    "0s\u2500\u2500\u2500\u2500\u2500"
			    "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
			    "4.00s");
	draw_ramp(&g, true, utf8());
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "    0\u2502\u2582\u2585\u2588\u2588\u2588\u2588"
			    "\u2588\u2588\u2588\u2588");
	grid_free(&g);
}

/* A rate chart labels its axis in bit/s; a drop to 0 is drawn. */
static void
test_chart_steps(void **state)
{
	double cw[40], rw[40]; /* 20 points in ASCII, 40 in braille */
	struct chart_series s[2] = {
		{.values = rw,
		 .style = UI_STYLE_SERIES1,
		 .marker = 'r',
		 .dotted = true},
		{.values = cw, .style = UI_STYLE_SERIES0, .marker = 'c'},
	};
	struct chart c = {.title = "W",
			  .series = s,
			  .n_series = 2,
			  .unit = CHART_BYTES,
			  .span_ns = NS_PER_S};
	struct rect r = {0, 0, 6, 26};
	struct grid g;
	char buf[512];
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		cw[i] = 40000;
		rw[i] = i < 10 ? 65536 : 0;
	}
	grid_init(&g, 6, 26);
	view_chart(&g, &r, &c, ascii());
	/* rwnd dotted at 64K, then 0; cwnd solid at 40000 */
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf), "97.7K|");
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "     |r r r r r");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "     |cccccccccccccccccccc");
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "    0|          r r r r r");
	/* braille: the drop is a vertical stroke */
	grid_clear(&g);
	view_chart(&g, &r, &c, utf8());
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "     \u2502\u2802\u2802\u2802\u2802\u2802"
			    "\u2846");
	grid_free(&g);
}

/* ------------------------------------------------------------------ */
/* History                                                             */
/* ------------------------------------------------------------------ */

static void
test_history(void **state)
{
	struct history *h = history_create(1, 10 * NS_PER_MS);
	struct history_point pt;
	double out[4];
	int i;

	(void)state;
	assert_int_equal(history_last_time(h), -1);
	assert_int_equal(history_span(h, 100, 0), NS_PER_S);
	/* 4000 samples of i: the buckets merge twice (1024 -> 4 x 10ms) */
	for (i = 0; i < 4000; i++) {
		pt.goodput_bps = i;
		pt.cwnd_bytes = NAN;
		pt.rwnd_bytes = 2 * i;
		history_add(h, i * 10 * NS_PER_MS, &pt, 1);
	}
	assert_int_equal(history_last_time(h), 39990 * NS_PER_MS);
	assert_int_equal(history_span(h, 100, 40 * NS_PER_S), 40 * NS_PER_S);
	history_columns(h, HISTORY_GOODPUT, 0, 4, 40 * NS_PER_S, out);
	assert_true(out[0] == 499.5); /* mean of 0..999 */
	assert_true(out[3] == 3499.5);
	history_columns(h, HISTORY_RWND, 0, 4, 40 * NS_PER_S, out);
	assert_true(out[1] == 2 * 1499.5);
	history_columns(h, HISTORY_CWND, 0, 4, 40 * NS_PER_S, out);
	assert_true(isnan(out[2]));
	history_columns(h, HISTORY_QUEUE, 0, 4, 40 * NS_PER_S, out);
	assert_true(out[0] == 1);
	/* past the data: NaN; finer than the buckets: the value repeats */
	history_columns(h, HISTORY_GOODPUT, 0, 4, 80 * NS_PER_S, out);
	assert_true(out[0] == 999.5);
	assert_true(isnan(out[2]) && isnan(out[3]));
	history_reset(h);
	assert_int_equal(history_last_time(h), -1);
	history_free(h);
}

/* ------------------------------------------------------------------ */
/* Narration                                                           */
/* ------------------------------------------------------------------ */

static struct trace_event
event(enum trace_kind kind, uint32_t len, int64_t t, const char *detail)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.len = len;
	ev.time_ns = t;
	ev.flow = 0;
	snprintf(ev.detail, sizeof ev.detail, "%s", detail);
	return ev;
}

static void
test_narration_filter(void **state)
{
	static const enum trace_kind always[] = {
		TRACE_ZERO_WINDOW,     TRACE_WINDOW_UPDATE,
		TRACE_PROBE,	       TRACE_TIMEOUT,
		TRACE_FAST_RETRANSMIT, TRACE_RECOVERY_EXIT,
		TRACE_TIMELINE,	       TRACE_DROP,
		TRACE_HYSTART,
	};
	static const enum trace_kind noise[] = {
		TRACE_SEND, TRACE_RETRANSMIT, TRACE_ENQUEUE,  TRACE_DELIVER,
		TRACE_ACK,  TRACE_DUPACK,     TRACE_APP_READ,
	};
	struct trace_event ev;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof always / sizeof always[0]; i++) {
		ev = event(always[i], 0, 0, "x");
		assert_true(narration_wants(&ev, false));
		assert_true(narration_wants(&ev, true));
	}
	for (i = 0; i < sizeof noise / sizeof noise[0]; i++) {
		ev = event(noise[i], 1460, 0, "x");
		assert_false(narration_wants(&ev, false));
		assert_true(narration_wants(&ev, true));
	}
	/* the producer blocking or shedding (no payload) always shows */
	ev = event(TRACE_APP_WRITE, 0, 0, "producer blocks");
	assert_true(narration_wants(&ev, false));
	ev = event(TRACE_APP_WRITE, 65536, 0, "producer writes");
	assert_false(narration_wants(&ev, false));
	assert_true(narration_wants(&ev, true));
}

static void
test_narration_fold_and_draw(void **state)
{
	struct narration *n = calloc(1, sizeof *n);
	struct trace_event ev;
	struct grid g;
	struct rect r = {0, 0, 5, 40};
	const char *names[] = {"bulk"};
	char buf[256];
	int i;

	(void)state;
	assert_non_null(n);
	ev = event(TRACE_ZERO_WINDOW, 0, 1 * NS_PER_S,
		   "receiver advertises a zero window");
	narration_add(n, &ev);
	for (i = 0; i < 3; i++) {
		ev = event(TRACE_PROBE, 1, (2 + i) * NS_PER_S,
			   "zero-window probe");
		narration_add(n, &ev);
	}
	assert_int_equal(n->count, 2);
	assert_int_equal(narration_get(n, 0)->repeat, 3);
	assert_int_equal(narration_get(n, 0)->time_ns, 4 * NS_PER_S);
	ev = event(TRACE_WINDOW_UPDATE, 0, 5 * NS_PER_S + 1234567,
		   "ACK 1, window 32768 bytes: window update: the consumer "
		   "freed space");
	narration_add(n, &ev);

	grid_init(&g, 5, 40);
	narration_draw(&g, &r, n, names, 1, false);
	assert_string_equal(grid_row_text(&g, 0, buf, sizeof buf),
			    "EVENTS (what changes the story; slow mot");
	/* newest at the bottom, wrapped under its sentence */
	assert_string_equal(grid_row_text(&g, 1, buf, sizeof buf),
			    "   4.000s zero-window probe (x3)");
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "   5.001s ACK 1, window 32768 bytes:");
	assert_string_equal(grid_row_text(&g, 3, buf, sizeof buf),
			    "          window update: the consumer");
	assert_string_equal(grid_row_text(&g, 4, buf, sizeof buf),
			    "          freed space");

	/* the ring keeps the newest NARRATION_LINES lines */
	for (i = 0; i < 3 * NARRATION_LINES; i++) {
		ev = event(i % 2 ? TRACE_DROP : TRACE_TIMEOUT, 0, i, "e");
		narration_add(n, &ev);
	}
	assert_int_equal(n->count, NARRATION_LINES);
	assert_int_equal(narration_get(n, 0)->time_ns, 3 * NARRATION_LINES - 1);
	assert_null(narration_get(n, NARRATION_LINES));
	narration_clear(n);
	assert_null(narration_get(n, 0));
	grid_free(&g);
	free(n);
}

/* Sentences and names are drawn escaped: "\x1b", never a raw ESC. */
static void
test_narration_escapes(void **state)
{
	struct narration *n = calloc(1, sizeof *n);
	struct trace_event ev;
	struct grid g;
	struct rect r = {0, 0, 3, 60};
	const char *names[] = {"a\x1b[2J", "b"};
	char buf[256];

	(void)state;
	assert_non_null(n);
	ev = event(TRACE_TIMELINE, 0, NS_PER_S, "timeline: x\x1b]2;t\x07");
	narration_add(n, &ev);
	grid_init(&g, 3, 60);
	narration_draw(&g, &r, n, names, 2, false);
	assert_string_equal(grid_row_text(&g, 2, buf, sizeof buf),
			    "   1.000s a\\x1b[2J: timeline: x\\x1b]2;t\\x07");
	grid_free(&g);
	free(n);
}

static void
test_narration_wrap(void **state)
{
	static const char text[] = "receiver advertises a zero window: its "
				   "65536-byte buffer is full";
	size_t starts[8], lens[8], n;

	(void)state;
	n = narration_wrap(text, 20, starts, lens, 8);
	assert_int_equal(n, 4);
	assert_memory_equal(text + starts[0], "receiver advertises", lens[0]);
	assert_int_equal(lens[0], 19);
	assert_memory_equal(text + starts[1], "a zero window: its", lens[1]);
	assert_memory_equal(text + starts[2], "65536-byte buffer is", lens[2]);
	assert_memory_equal(text + starts[3], "full", lens[3]);
	/* a word longer than the line is cut */
	n = narration_wrap("abcdefghij klm", 4, starts, lens, 8);
	assert_int_equal(n, 4);
	assert_int_equal(lens[0], 4);
	assert_int_equal(lens[2], 2);
	assert_int_equal(lens[3], 3);
	assert_int_equal(narration_wrap("", 10, starts, lens, 8), 0);
}

/* ------------------------------------------------------------------ */
/* Layout and whole screens                                            */
/* ------------------------------------------------------------------ */

static void
assert_rect(const struct rect *r, int y, int x, int rows, int cols)
{
	assert_int_equal(r->y, y);
	assert_int_equal(r->x, x);
	assert_int_equal(r->rows, rows);
	assert_int_equal(r->cols, cols);
}

static void
test_layout(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 24, 80);
	assert_false(l.too_small);
	assert_rect(&l.banner, 0, 0, 1, 80);
	assert_rect(&l.pipeline, 1, 1, 4, 78);
	assert_rect(&l.ruler, 6, 1, 4, 78);
	assert_rect(&l.charts[0], 11, 1, 7, 25);
	assert_rect(&l.charts[1], 11, 27, 7, 25);
	assert_rect(&l.charts[2], 11, 53, 7, 26);
	assert_rect(&l.narration, 18, 1, 5, 78);
	assert_rect(&l.status, 23, 0, 1, 80);

	layout_compute(&l, 40, 120);
	assert_false(l.too_small);
	assert_rect(&l.ruler, 6, 1, 4, 118);
	assert_rect(&l.charts[0], 11, 1, 15, 38);
	assert_rect(&l.narration, 26, 1, 13, 118);
	assert_rect(&l.status, 39, 0, 1, 120);

	/* smaller: the charts go first, then the narration, then the ruler */
	layout_compute(&l, 16, 80);
	assert_int_equal(l.charts[0].rows, 0);
	assert_rect(&l.narration, 10, 1, 5, 78);
	layout_compute(&l, 12, 70);
	assert_int_equal(l.narration.rows, 0);
	assert_rect(&l.ruler, 6, 1, 4, 68);
	layout_compute(&l, LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS);
	assert_false(l.too_small);
	assert_int_equal(l.ruler.rows, 0);
	assert_rect(&l.status, LAYOUT_MIN_ROWS - 1, 0, 1, LAYOUT_MIN_COLS);

	layout_compute(&l, 10, 40);
	assert_true(l.too_small);
	layout_compute(&l, 24, LAYOUT_MIN_COLS - 1);
	assert_true(l.too_small);
	layout_compute(&l, LAYOUT_MIN_ROWS - 1, 200);
	assert_true(l.too_small);
}

/* A short reader-stall: stalled from 1 s on. */
static const char stall[] = "[link]\n"
			    "rate = 10Mbit/s\n"
			    "delay = 20ms\n"
			    "[flow bulk]\n"
			    "receive_buffer = 64KiB\n"
			    "send_buffer = 128KiB\n"
			    "read_rate = 4Mbit/s\n"
			    "read_size = 16KiB\n"
			    "min_rto = 200ms\n"
			    "[timeline]\n"
			    "1s: bulk.read_rate = 0\n";

/* A screen of `sc` at `t`, `rows` x `cols`, as lines of text. */
struct screen_text {
	int rows;
	char line[64][1024];
};

static void
draw_at(struct screen_text *out, const char *text, int64_t t, int rows,
	int cols, const struct glyphs *gl, bool paused, bool help)
{
	struct scenario sc;
	struct player *p;
	struct screen_model m;
	struct grid g;
	int y;

	memset(&sc, 0, sizeof sc);
	assert_int_equal(scenario_load_string(&sc, "stall.ini", text,
					      strlen(text), stderr),
			 0);
	p = player_create(&sc, paused);
	player_run_until(p, t);
	memset(&m, 0, sizeof m);
	player_model(p, 0, &m);
	m.scenario_name = "lessons/stall.ini";
	m.speed = 0.1;
	m.paused = paused;
	m.show_help = help;
	m.glyphs = gl;
	grid_init(&g, rows, cols);
	screen_draw(&g, &m);
	out->rows = rows;
	for (y = 0; y < rows && y < 64; y++)
		grid_row_text(&g, y, out->line[y], sizeof out->line[y]);
	grid_free(&g);
	player_destroy(p);
	scenario_free(&sc);
}

/* The row holding `what`, or -1. */
static int
find_row(const struct screen_text *s, const char *what)
{
	int y;

	for (y = 0; y < s->rows; y++)
		if (strstr(s->line[y], what) != NULL)
			return y;
	return -1;
}

static void
test_screen_80x24(void **state)
{
	static struct screen_text s;
	int y;

	(void)state;
	draw_at(&s, stall, 6 * NS_PER_S, 24, 80, utf8(), false, false);
	assert_non_null(strstr(s.line[0], "bulk"));
	assert_non_null(strstr(s.line[0], "LIMITED BY: ZERO WINDOW"));
	assert_non_null(strstr(s.line[1], "PRODUCER"));
	assert_non_null(strstr(s.line[1], "SEND BUF"));
	assert_non_null(strstr(s.line[1], "QUEUE"));
	assert_non_null(strstr(s.line[1], "LINK 10.0Mb/s 20.0ms"));
	assert_non_null(strstr(s.line[1], "RECV BUF"));
	assert_non_null(strstr(s.line[1], "CONSUMER"));
	assert_non_null(strstr(s.line[2], "BLOCKED"));
	assert_non_null(strstr(s.line[2], "STOPPED"));
	assert_non_null(strstr(s.line[3], "128K/128K"));
	assert_non_null(strstr(s.line[3], "64.0K/64.0K"));
	assert_non_null(strstr(s.line[4], "rwnd 0: ZERO WINDOW"));
	assert_non_null(strstr(s.line[6], "rwnd 0B"));
	assert_non_null(strstr(s.line[9], "SND.UNA=SND.NXT=edge"));
	assert_non_null(strstr(s.line[11], "GOODPUT"));
	assert_non_null(strstr(s.line[11], "CWND"));
	assert_non_null(strstr(s.line[11], "QUEUE 0 pkt"));
	assert_non_null(strstr(s.line[17], "6.00s")); /* the time axis */
	assert_non_null(strstr(s.line[18], "EVENTS"));
	/* the latest events say why */
	y = find_row(&s, "zero window");
	assert_true(y > 18 && y < 23);
	assert_non_null(strstr(s.line[23], "stall.ini  6.000s/10.0s"));
	assert_non_null(strstr(s.line[23], "0.1x  running"));
	assert_non_null(strstr(s.line[23], "? help"));
	assert_null(strstr(s.line[23], "lessons/")); /* no directory */
	for (y = 0; y < 24; y++)
		assert_true(grid_text_width(s.line[y]) <= 80);
}

static void
test_screen_120x40(void **state)
{
	static struct screen_text s;
	int y, events;

	(void)state;
	draw_at(&s, stall, 6 * NS_PER_S, 40, 120, utf8(), false, false);
	assert_non_null(strstr(s.line[0], "LIMITED BY: ZERO WINDOW - the "
					  "receive buffer is full; the sender "
					  "probes"));
	assert_non_null(strstr(s.line[6], "window 0B = rwnd"));
	assert_non_null(strstr(s.line[39], "space pause  n/\u2192 step  "
					   "\u2190 back  +/- speed  ? help  q "
					   "quit"));
	events = find_row(&s, "EVENTS");
	assert_int_equal(events, 26);
	/* the stall in the narration: the probes, the zero windows */
	assert_true(find_row(&s, "zero-window probe") > events);
	assert_true(find_row(&s, "receiver advertises a zero window") > events);
	for (y = 0; y < 40; y++)
		assert_true(grid_text_width(s.line[y]) <= 120);
}

/*
 * Many flows: the events pane names the flow of each line, whatever its
 * index (the names of the first 64 alone were passed: a zero window of
 * the 70th flow read as nobody's).
 */
static void
test_screen_names_flow_beyond_64(void **state)
{
	static struct screen_text s;
	static char text[8192];
	size_t n = 0;
	int events, y;

	(void)state;
	for (int i = 0; i < 69; i++) /* idle until the end */
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "[flow idle%d]\nstart = 50s\n", i);
	snprintf(text + n, sizeof text - n, "%s", stall);
	draw_at(&s, text, 6 * NS_PER_S, 40, 120, utf8(), false, false);
	events = find_row(&s, "EVENTS");
	assert_true(events > 0);
	y = find_row(&s, "bulk: receiver advertises a zero window");
	assert_true(y > events);
}

/* ASCII: not one byte beyond 7 bits, the same facts. */
static void
test_screen_ascii(void **state)
{
	static struct screen_text s;
	int y;
	const char *c;

	(void)state;
	draw_at(&s, stall, 3 * NS_PER_S, 24, 80, ascii(), true, false);
	for (y = 0; y < 24; y++)
		for (c = s.line[y]; *c != '\0'; c++)
			assert_true((unsigned char)*c < 0x80);
	assert_non_null(strstr(s.line[0], "LIMITED BY: ZERO WINDOW"));
	assert_non_null(strstr(s.line[2], "[#########]"));
	assert_non_null(strstr(s.line[23], "|| 0.1x  PAUSED event "));
	assert_non_null(strstr(s.line[18], "every event"));
}

static void
test_screen_help_and_small(void **state)
{
	static struct screen_text s;

	(void)state;
	draw_at(&s, stall, NS_PER_S / 2, 24, 80, utf8(), false, true);
	assert_true(find_row(&s, "tcpsim play: keys") >= 0);
	assert_true(find_row(&s, "space      pause / resume") >= 0);
	assert_true(find_row(&s, "Left       one event back") >= 0);
	assert_true(find_row(&s, "q          quit") >= 0);

	draw_at(&s, stall, NS_PER_S / 2, 10, 40, utf8(), false, false);
	assert_true(find_row(&s, "Terminal too small (40x10).") >= 0);
	assert_true(find_row(&s, "tcpsim play needs 64x8.") >= 0);
	assert_true(find_row(&s, "Enlarge it, or press q.") >= 0);
	draw_at(&s, stall, NS_PER_S / 2, 3, 12, utf8(), false, false);
	draw_at(&s, stall, NS_PER_S / 2, 1, 1, utf8(), false, false);

	/* the smallest that works shows the banner, pipeline and status */
	draw_at(&s, stall, 2 * NS_PER_S, LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS,
		ascii(), false, false);
	assert_non_null(strstr(s.line[0], "LIMITED BY: ZERO WINDOW"));
	assert_non_null(strstr(s.line[1], "PRODUCER"));
	assert_non_null(strstr(s.line[LAYOUT_MIN_ROWS - 1], "stall.ini"));
}

/* Several flows: Tab's flow in the banner, every flow in the charts. */
static void
test_screen_flows(void **state)
{
	static struct screen_text s;

	(void)state;
	draw_at(&s,
		"[flow a]\n[flow b]\nread_rate = 1Mbit/s\n"
		"[flow c]\ncc = none\n",
		2 * NS_PER_S, 24, 80, ascii(), false, false);
	assert_non_null(strstr(s.line[0], "a (1/3, Tab)"));
	assert_non_null(strstr(s.line[6], "cwnd "));
}

/* How far behind the speed asked the run is, in words. */
static void
test_behind_words(void **state)
{
	char buf[96];

	(void)state;
	/* asked 1x, reached 0.05x: 1 / 0.05 = 20 times slower */
	assert_string_equal(view_behind(buf, sizeof buf, 1.0, 0.05),
			    " (behind: 20x slower than asked)");
	/* 0.1 / 0.04 = 2.5 */
	assert_string_equal(view_behind(buf, sizeof buf, 0.1, 0.04),
			    " (behind: 2.5x slower than asked)");
	/* 1000 / 1e-4 = 1e7 */
	assert_string_equal(view_behind(buf, sizeof buf, 1000, 1e-4),
			    " (behind: 1.0e+07x slower than asked)");
	/* not measured (no simulated time passed): no number */
	assert_string_equal(view_behind(buf, sizeof buf, 0.1, 0),
			    " (behind: slower than asked)");
}

/* One status line, `cols` wide, as text. */
static void
status_row(const struct status_view *sv, int cols, char *buf, size_t size)
{
	struct grid g;
	struct rect r = {0, 0, 1, cols};

	grid_init(&g, 1, cols);
	view_status(&g, &r, sv, ascii());
	grid_row_text(&g, 0, buf, size);
	grid_free(&g);
}

static void
test_status_line(void **state)
{
	struct status_view sv;
	char buf[512];
	const char *c;

	(void)state;
	memset(&sv, 0, sizeof sv);
	sv.scenario = "dir/x\x1b]2;t\x07\x1b[2Jy.ini";
	sv.now_ns = NS_PER_S;
	sv.duration_ns = 10 * NS_PER_S;
	sv.speed = 1;
	sv.actual_speed = 0.05;
	sv.behind = true;
	sv.message = "saved \x1b[2J.ini";
	status_row(&sv, 160, buf, sizeof buf);
	/* the name without its directory, escaped; the message escaped */
	assert_non_null(
		strstr(buf, " x\\x1b]2;t\\x07\\x1b[2Jy.ini  1.000s/10.0s"));
	assert_non_null(
		strstr(buf, "1x (behind: 20x slower than asked)  running"));
	assert_non_null(strstr(buf, "saved \\x1b[2J.ini"));
	for (c = buf; *c != '\0'; c++)
		assert_true((unsigned char)*c >= 0x20);
	/* paused, it is not behind: nothing runs */
	sv.paused = true;
	sv.events = 7;
	status_row(&sv, 160, buf, sizeof buf);
	assert_null(strstr(buf, "behind"));
	assert_non_null(strstr(buf, "PAUSED event 7"));
	/* going back: 50 of 200 events re-run is 25% */
	sv.rewinding = true;
	sv.events = 50;
	sv.rewind_target = 200;
	sv.message = NULL;
	status_row(&sv, 160, buf, sizeof buf);
	assert_non_null(strstr(buf, "REWINDING to event 200 (25%, q quits)"));
}

static void
test_limit_words(void **state)
{
	(void)state;
	assert_string_equal(view_limit_title(LIMITED_ZERO_WINDOW),
			    "ZERO WINDOW");
	assert_string_equal(view_limit_title(LIMITED_SNDBUF), "SEND BUFFER");
	assert_string_equal(view_limit_title(LIMITED_APP), "THE APP");
	assert_int_equal(view_limit_style(LIMITED_ZERO_WINDOW), UI_STYLE_ALERT);
	assert_int_equal(view_limit_style(LIMITED_NONE), UI_STYLE_GOOD);
	assert_true(strlen(view_limit_reason(LIMITED_RECOVERY)) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_codeset),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_ruler),
		cmocka_unit_test(test_ruler_sack),
		cmocka_unit_test(test_chart_scale),
		cmocka_unit_test(test_chart_drawing),
		cmocka_unit_test(test_chart_steps),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_narration_filter),
		cmocka_unit_test(test_narration_fold_and_draw),
		cmocka_unit_test(test_narration_escapes),
		cmocka_unit_test(test_narration_wrap),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_screen_80x24),
		cmocka_unit_test(test_screen_120x40),
		cmocka_unit_test(test_screen_names_flow_beyond_64),
		cmocka_unit_test(test_screen_ascii),
		cmocka_unit_test(test_screen_help_and_small),
		cmocka_unit_test(test_screen_flows),
		cmocka_unit_test(test_behind_words),
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_limit_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
