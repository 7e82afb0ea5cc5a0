/* SPDX-License-Identifier: ISC */
/* view_ladder.c: the ladder diagram (see view_ladder.h). */
#include "ui/view_ladder.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/canvas.h"
#include "ui/glyphs.h"
#include "ui/view_format.h"
#include "util/xmalloc.h"

/* A dropped packet's mark stays off both lines: 1/5 .. 4/5 across. */
#define LADDER_DROP_MIN 0.2
#define LADDER_DROP_MAX 0.8
/* Bytes of a label's longest form (numbers of 20 digits and all). */
#define LADDER_FORM_MAX 192

/* A packet on its way is drawn at most this far across. */
#define LADDER_FLYING_MAX 0.95

/* When something last happened to `r`. */
static int64_t
ladder_last(const struct pktlog_rec *r)
{
	return r->fate == PKTLOG_FLYING ? r->sent_ns : r->end_ns;
}

/* In ladder_pick()'s heap: is slot a before slot b, an earlier end, or
 * the same end and a lower slot? */
static bool
ladder_before(const int64_t *last, size_t a, size_t b)
{
	if (last[a] != last[b])
		return last[a] < last[b];
	return a < b;
}

/* heap[at] sifted down to its place in the heap of k slots. */
static void
ladder_sift(size_t *heap, size_t k, size_t at, const int64_t *last)
{
	for (;;) {
		size_t least = at, l = 2 * at + 1, r = l + 1, tmp;

		if (l < k && ladder_before(last, heap[l], heap[least]))
			least = l;
		if (r < k && ladder_before(last, heap[r], heap[least]))
			least = r;
		if (least == at)
			return;
		tmp = heap[at];
		heap[at] = heap[least];
		heap[least] = tmp;
		at = least;
	}
}

static int
ladder_cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

size_t
ladder_pick(const struct pktlog *log, size_t flow, size_t n, size_t *out)
{
	size_t count = pktlog_count(log, flow), k = 0, i, j, *heap;
	int64_t *last;

	if (n == 0 || count == 0)
		return 0;
	/*
	 * From the newest record back, out[] keeps the n with the latest
	 * ends: the first n taken, then any that ended later than the
	 * earliest kept (a packet that stayed long on its way), in the
	 * place of that one (of those as early, the one in the first
	 * place).  The places, in a heap by their ends, make this a
	 * logarithm of n per record, not n: a ring's worth of records
	 * for each row cost milliseconds a frame on a tall terminal.
	 */
	last = xcalloc(n, sizeof *last);
	heap = xcalloc(n, sizeof *heap);
	for (i = count; i-- > 0;) {
		int64_t t = ladder_last(pktlog_get(log, flow, i));

		if (k < n) {
			out[k] = i;
			last[k] = t;
			heap[k] = k;
			if (++k == n)
				for (j = n / 2; j-- > 0;)
					ladder_sift(heap, n, j, last);
			continue;
		}
		if (t > last[heap[0]]) {
			out[heap[0]] = i;
			last[heap[0]] = t;
			ladder_sift(heap, n, 0, last);
		}
	}
	free(last);
	free(heap);
	/* the log's order, oldest first */
	qsort(out, k, sizeof *out, ladder_cmp_index);
	return k;
}

bool
ladder_frame_make(struct ladder_frame *f, const struct pktlog *log, size_t flow,
		  const size_t *picked, size_t n_picked, int64_t now, int width,
		  int height)
{
	int64_t first = now, span, longest, d, a;
	size_t i;

	memset(f, 0, sizeof *f);
	f->width = width;
	f->height = height;
	f->bottom_ns = now;
	if (n_picked == 0)
		return false;
	for (i = 0; i < n_picked; i++) {
		int64_t t = pktlog_get(log, flow, picked[i])->sent_ns;

		if (t < first)
			first = t;
	}
	span = now - first;
	d = pktlog_transit(log, flow, PKTLOG_DATA);
	a = pktlog_transit(log, flow, PKTLOG_ACK);
	/* before a packet of a kind arrived, the other kind's time */
	if (d < 0)
		d = a;
	if (a < 0)
		a = d;
	if (d < 0)
		d = a = span / 2 > 0 ? span / 2 : 1;
	f->transit[PKTLOG_DATA] = d > 0 ? d : 1;
	f->transit[PKTLOG_ACK] = a > 0 ? a : 1;
	longest = d > a ? d : a;
	if (span < longest + longest / 4)
		span = longest + longest / 4;
	if (span < 1)
		span = 1;
	f->top_ns = now - span;
	return true;
}

int
ladder_y(const struct ladder_frame *f, int64_t t)
{
	int64_t span = f->bottom_ns - f->top_ns;
	double y;

	if (t < f->top_ns)
		return -1;
	if (t > f->bottom_ns)
		t = f->bottom_ns;
	if (span <= 0 || f->height < 2)
		return f->height > 0 ? f->height - 1 : 0;
	y = (double)(t - f->top_ns) * (double)(f->height - 1) / (double)span;
	return (int)(y + 0.5);
}

double
ladder_along(const struct ladder_frame *f, const struct pktlog_rec *r)
{
	int64_t transit =
		f->transit[r->kind == PKTLOG_ACK ? PKTLOG_ACK : PKTLOG_DATA];
	double along;

	if (r->fate == PKTLOG_ARRIVED)
		return 1.0;
	along = (double)((r->fate == PKTLOG_DROPPED ? r->end_ns
						    : f->bottom_ns) -
			 r->sent_ns) /
		(double)(transit > 0 ? transit : 1);
	if (r->fate == PKTLOG_DROPPED)
		return along < LADDER_DROP_MIN	 ? LADDER_DROP_MIN
		       : along > LADDER_DROP_MAX ? LADDER_DROP_MAX
						 : along;
	return along < 0		   ? 0
	       : along > LADDER_FLYING_MAX ? LADDER_FLYING_MAX
					   : along;
}

int
ladder_x(const struct ladder_frame *f, enum pktlog_kind kind, double along)
{
	int x = (int)(along * (double)(f->width - 1) + 0.5);

	if (x < 0)
		x = 0;
	if (x > f->width - 1)
		x = f->width - 1;
	return kind == PKTLOG_ACK ? f->width - 1 - x : x;
}

/* A relative number as shown: itself, or the wire's with `base`. */
static void
ladder_number(char *buf, size_t size, uint64_t rel, uint32_t base)
{
	if (base == 0)
		snprintf(buf, size, "%" PRIu64, rel);
	else
		snprintf(buf, size, "%" PRIu32, (uint32_t)(rel + base));
}

/* The first of the n `forms` that fits `width`, into buf. */
static char *
ladder_fit(char *buf, size_t size, char forms[][LADDER_FORM_MAX], int n,
	   int width)
{
	int i;

	for (i = 0; i < n; i++)
		if (grid_text_width(forms[i]) <= width) {
			snprintf(buf, size, "%s", forms[i]);
			return buf;
		}
	if (size > 0)
		buf[0] = '\0';
	return buf;
}

char *
ladder_label(char *buf, size_t size, const struct pktlog_rec *r, uint32_t base,
	     int width)
{
	char forms[6][LADDER_FORM_MAX], a[24], b[24], c[24], w[VIEW_NUM_BUF],
		more[16];

	ladder_number(a, sizeof a, r->seq, base);
	if (r->kind == PKTLOG_DATA) {
		const char *tag = r->retransmit ? "R" : r->probe ? "P" : "";

		snprintf(forms[0], sizeof forms[0], "%s%s%s+%" PRIu32, tag,
			 tag[0] != '\0' ? " " : "", a, r->len);
		snprintf(forms[1], sizeof forms[1], "%s%s+%" PRIu32, tag, a,
			 r->len);
		snprintf(forms[2], sizeof forms[2], "%s%s", tag, a);
		snprintf(forms[3], sizeof forms[3], "%s", a);
		return ladder_fit(buf, size, forms, 4, width);
	}
	view_size_short(w, sizeof w, r->win);
	if (r->n_sack == 0) {
		snprintf(forms[0], sizeof forms[0], "ack %s win %s", a, w);
		snprintf(forms[1], sizeof forms[1], "ack %s w%s", a, w);
		snprintf(forms[2], sizeof forms[2], "%s w%s", a, w);
		snprintf(forms[3], sizeof forms[3], "%s", a);
		return ladder_fit(buf, size, forms, 4, width);
	}
	/* the first block is the most recent (RFC 2018 4) */
	ladder_number(b, sizeof b, r->seq + r->sack_left[0], base);
	ladder_number(c, sizeof c, r->seq + r->sack_right[0], base);
	more[0] = '\0';
	if (r->n_sack > 1)
		snprintf(more, sizeof more, " +%u", (unsigned)r->n_sack - 1);
	snprintf(forms[0], sizeof forms[0], "ack %s win %s sack %s-%s%s", a, w,
		 b, c, more);
	snprintf(forms[1], sizeof forms[1], "ack %s w%s S%s-%s%s", a, w, b, c,
		 more);
	snprintf(forms[2], sizeof forms[2], "%s w%s S%s-%s", a, w, b, c);
	snprintf(forms[3], sizeof forms[3], "%s S%s-%s", a, b, c);
	snprintf(forms[4], sizeof forms[4], "%s w%s", a, w);
	snprintf(forms[5], sizeof forms[5], "%s", a);
	return ladder_fit(buf, size, forms, 6, width);
}

/* The style of a packet's line and label. */
static int
ladder_style(const struct pktlog_rec *r)
{
	if (r->fate == PKTLOG_DROPPED)
		return UI_STYLE_LOST;
	if (r->kind == PKTLOG_ACK)
		return UI_STYLE_ACK;
	return r->retransmit ? UI_STYLE_WARN : UI_STYLE_DATA;
}

/*
 * One packet's line, clipped at the top; its end marked (the drop glyph,
 * or an arrowhead at the other side).  False when it ended before the
 * top.
 */
static bool
ladder_draw_one(struct canvas *c, const struct ladder_frame *f,
		const struct pktlog_rec *r, const struct glyphs *gl)
{
	enum pktlog_kind kind =
		r->kind == PKTLOG_ACK ? PKTLOG_ACK : PKTLOG_DATA;
	int64_t end = r->fate == PKTLOG_FLYING ? f->bottom_ns : r->end_ns;
	double along = ladder_along(f, r), from = 0;
	int y0, y1, x0, x1, style = ladder_style(r);

	if (end < f->top_ns)
		return false;
	if (r->sent_ns < f->top_ns && end > r->sent_ns)
		/* it enters at the top, as far across as it was then */
		from = along * (double)(f->top_ns - r->sent_ns) /
		       (double)(end - r->sent_ns);
	y0 = ladder_y(f, r->sent_ns < f->top_ns ? f->top_ns : r->sent_ns);
	y1 = ladder_y(f, end);
	x0 = ladder_x(f, kind, from);
	x1 = ladder_x(f, kind, along);
	canvas_line(c, x0, y0, x1, y1, style, 0);
	if (r->fate == PKTLOG_DROPPED)
		canvas_mark(c, x1, y1, gl->drop, UI_STYLE_LOST);
	else if (r->fate == PKTLOG_ARRIVED)
		canvas_mark(c, x1, y1, kind == PKTLOG_ACK ? gl->ack : gl->data,
			    style);
	return true;
}

/* Text centred on column x, within the pane. */
static void
ladder_centre(struct grid *g, const struct rect *r, int x, const char *text,
	      int style)
{
	int w = grid_text_width(text), at = x - w / 2;

	if (at < r->x)
		at = r->x;
	if (at + w > r->x + r->cols)
		at = r->x + r->cols - w;
	grid_put(g, r->y, at, w, text, style);
}

void
view_ladder(struct grid *g, const struct rect *r, const struct ladder_view *v,
	    const struct glyphs *gl)
{
	struct ladder_frame f;
	struct canvas c;
	int rows = r->rows - 1, right_cols, xs, xr, y, left_w, right_w;
	size_t n, i, *picked;
	char label[128], scale[VIEW_NUM_BUF + 8], t[VIEW_NUM_BUF];
	bool *left_used, *right_used;

	right_cols = r->cols * 3 / 10;
	if (right_cols < LADDER_RIGHT_MIN)
		right_cols = LADDER_RIGHT_MIN;
	xs = r->x + LADDER_LEFT_COLS;
	xr = r->x + r->cols - right_cols - 1;
	left_w = LADDER_LEFT_COLS - 1;
	right_w = right_cols - 1;
	grid_put(g, r->y, r->x, r->cols, "LADDER", UI_STYLE_BOLD);
	if (xr - xs < 4 || rows < 1)
		return;
	ladder_centre(g, r, xs, "sender", UI_STYLE_BOLD);
	ladder_centre(g, r, xr, "receiver", UI_STYLE_BOLD);
	for (y = 0; y < rows; y++) {
		grid_put(g, r->y + 1 + y, xs, 1, gl->axis_v, UI_STYLE_BOLD);
		grid_put(g, r->y + 1 + y, xr, 1, gl->axis_v, UI_STYLE_BOLD);
	}
	if (v->log == NULL || v->flow >= pktlog_flows(v->log)) {
		snprintf(label, sizeof label,
			 "not recorded: the views keep the "
			 "first %zu flows",
			 v->log != NULL ? pktlog_flows(v->log) : (size_t)0);
		grid_put(g, r->y + 1 + rows / 2, xs + 2, xr - xs - 3, label,
			 UI_STYLE_DIM);
		return;
	}
	picked = xcalloc((size_t)rows, sizeof *picked);
	n = ladder_pick(v->log, v->flow, (size_t)rows, picked);
	canvas_init(&c, rows, xr - xs - 1, gl->utf8);
	if (!ladder_frame_make(&f, v->log, v->flow, picked, n, v->now_ns,
			       canvas_width(&c), canvas_height(&c))) {
		canvas_free(&c);
		free(picked);
		grid_put(g, r->y + 1 + rows / 2, xs + 2, xr - xs - 3,
			 "no packets yet", UI_STYLE_DIM);
		return;
	}
	/* the scale, between the names: the time one row stands for */
	snprintf(scale, sizeof scale, "%s/row",
		 view_time_short(t, sizeof t,
				 (f.bottom_ns - f.top_ns) /
					 (rows > 1 ? rows - 1 : 1)));
	ladder_centre(g, r, (xs + xr) / 2, scale, UI_STYLE_DIM);

	/* the lines, oldest first: the newer are drawn over them */
	for (i = 0; i < n; i++)
		ladder_draw_one(&c, &f, pktlog_get(v->log, v->flow, picked[i]),
				gl);
	canvas_draw(&c, g, r->y + 1, xs + 1);
	canvas_free(&c);

	/*
	 * The labels, at the row each packet left, or the first free one
	 * below it beside its line: oldest first, so that they read down
	 * in the order the packets left.
	 */
	left_used = xcalloc((size_t)rows, sizeof *left_used);
	right_used = xcalloc((size_t)rows, sizeof *right_used);
	for (i = 0; i < n; i++) {
		const struct pktlog_rec *p =
			pktlog_get(v->log, v->flow, picked[i]);
		int64_t end =
			p->fate == PKTLOG_FLYING ? f.bottom_ns : p->end_ns;
		int dy = gl->utf8 ? 4 : 1, row, last, w;
		bool *used = p->kind == PKTLOG_ACK ? right_used : left_used;

		row = ladder_y(&f,
			       p->sent_ns < f.top_ns ? f.top_ns : p->sent_ns) /
		      dy;
		last = ladder_y(&f, end) / dy;
		while (row <= last && row < rows && used[row])
			row++;
		if (row > last || row >= rows)
			continue;
		used[row] = true;
		if (p->kind == PKTLOG_ACK) {
			ladder_label(label, sizeof label, p, v->base, right_w);
			grid_put(g, r->y + 1 + row, xr + 2, right_w, label,
				 ladder_style(p));
		} else {
			ladder_label(label, sizeof label, p, v->base, left_w);
			w = grid_text_width(label);
			grid_put(g, r->y + 1 + row, xs - 1 - w, w, label,
				 ladder_style(p));
		}
	}
	free(picked);
	free(left_used);
	free(right_used);
}
