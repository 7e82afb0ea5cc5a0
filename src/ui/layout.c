/* SPDX-License-Identifier: ISC */
/* layout.c: panels for a terminal size (see layout.h). */
#include "ui/layout.h"

#include <string.h>

static struct rect
rect_make(int y, int x, int rows, int cols)
{
	struct rect r = {y, x, rows, cols};

	return r;
}

/*
 * The lesson's numbers take the blank rows that set the ruler and the
 * charts apart: they come and go with those panels.
 */
static void
layout_numbers(struct layout *l, int cols)
{
	if (l->ruler.rows > 0)
		l->nums[0] = rect_make(l->ruler.y - 1, 1, 1, cols - 2);
	if (l->charts[0].rows > 0)
		l->nums[1] = rect_make(l->charts[0].y - 1, 1, 1, cols - 2);
}

void
layout_compute(struct layout *l, int rows, int cols)
{
	int y, left, chart_rows, i, w;

	memset(l, 0, sizeof *l);
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
		l->too_small = true;
		return;
	}
	l->banner = rect_make(0, 0, 1, cols);
	l->pipeline = rect_make(1, 1, LAYOUT_PIPELINE_ROWS, cols - 2);
	l->status = rect_make(rows - 1, 0, 1, cols);
	y = 1 + LAYOUT_PIPELINE_ROWS;
	left = rows - 1 - y; /* rows between the pipeline and the status */

	/* The ruler, after a blank row. */
	if (left >= LAYOUT_RULER_ROWS + 1) {
		l->ruler = rect_make(y + 1, 1, LAYOUT_RULER_ROWS, cols - 2);
		y += LAYOUT_RULER_ROWS + 1;
		left -= LAYOUT_RULER_ROWS + 1;
	}
	/*
	 * Charts only with room for the narration too: the sentences say
	 * why, the charts only what.  Charts get a bit more than half of
	 * what is left, at most 16 rows: taller charts add no insight.
	 */
	chart_rows = 0;
	if (left >= LAYOUT_CHART_MIN + 1 + LAYOUT_NARRATION_MIN) {
		chart_rows = left * 11 / 20;
		if (chart_rows < LAYOUT_CHART_MIN)
			chart_rows = LAYOUT_CHART_MIN;
		if (chart_rows > 16)
			chart_rows = 16;
		if (left - chart_rows - 1 < LAYOUT_NARRATION_MIN)
			chart_rows = left - 1 - LAYOUT_NARRATION_MIN;
		w = (cols - 2) / 3;
		for (i = 0; i < 3; i++)
			l->charts[i] =
				rect_make(y + 1, 1 + i * w, chart_rows,
					  i < 2 ? w - 1 : cols - 2 - 2 * w);
		y += chart_rows + 1;
		left -= chart_rows + 1;
	}
	if (left >= LAYOUT_NARRATION_MIN)
		l->narration = rect_make(y, 1, left, cols - 2);
	layout_numbers(l, cols);
}
