/* SPDX-License-Identifier: ISC */
/* narration.c: the events pane (see narration.h). */
#include "ui/narration.h"

#include <stdio.h>
#include <string.h>

#include "ui/view_format.h"
#include "util/escape.h"

/* The app_write events that tell of backpressure carry no payload. */
static bool
is_producer_trouble(const struct trace_event *ev)
{
	return ev->kind == TRACE_APP_WRITE && ev->len == 0;
}

bool
narration_wants(const struct trace_event *ev, bool verbose)
{
	switch (ev->kind) {
	case TRACE_ZERO_WINDOW:
	case TRACE_WINDOW_UPDATE:
	case TRACE_PROBE:
	case TRACE_TIMEOUT:
	case TRACE_FAST_RETRANSMIT:
	case TRACE_RECOVERY_EXIT:
	case TRACE_TIMELINE:
	case TRACE_DROP:
	case TRACE_HYSTART:
	case TRACE_ECN:
	case TRACE_RELAY:
		return true;
	case TRACE_APP_WRITE:
		return verbose || is_producer_trouble(ev);
	case TRACE_SEND:
	case TRACE_RETRANSMIT:
	case TRACE_ENQUEUE:
	case TRACE_DELIVER:
	case TRACE_ACK:
	case TRACE_DUPACK:
	case TRACE_APP_READ:
	case TRACE_CE_MARK:
	case TRACE_PING:
	case TRACE_KIND_COUNT:
		break;
	}
	return verbose;
}

void
narration_clear(struct narration *n)
{
	n->next = 0;
	n->count = 0;
	n->started = 0;
	n->untold = 0;
}

const struct narration_line *
narration_get(const struct narration *n, size_t i)
{
	if (i >= n->count)
		return NULL;
	return &n->lines[(n->next + NARRATION_LINES - 1 - i) % NARRATION_LINES];
}

/* The line `ev` goes into: the last one, folded into (*fold), or a new
 * one begun for it (fold may be NULL). */
static struct narration_line *
narration_line_for(struct narration *n, const struct trace_event *ev,
		   bool *fold)
{
	struct narration_line *l;
	bool producer = is_producer_trouble(ev);

	if (n->count > 0) {
		l = &n->lines[(n->next + NARRATION_LINES - 1) %
			      NARRATION_LINES];
		if (l->kind == ev->kind && l->flow == ev->flow &&
		    l->producer == producer) {
			l->repeat++;
			l->time_ns = ev->time_ns;
			if (fold != NULL)
				*fold = true;
			return l;
		}
	}
	l = &n->lines[n->next];
	n->next = (n->next + 1) % NARRATION_LINES;
	if (n->count < NARRATION_LINES)
		n->count++;
	n->started++;
	l->time_ns = ev->time_ns;
	l->flow = ev->flow;
	l->kind = ev->kind;
	l->producer = producer;
	l->repeat = 1;
	l->varied = false;
	if (fold != NULL)
		*fold = false;
	return l;
}

void
narration_add(struct narration *n, const struct trace_event *ev)
{
	bool fold;
	struct narration_line *l = narration_line_for(n, ev, &fold);

	if (fold && strncmp(l->detail, ev->detail, sizeof l->detail - 1) != 0)
		l->varied = true;
	memcpy(l->detail, ev->detail, sizeof l->detail);
	l->detail[sizeof l->detail - 1] = '\0';
}

void
narration_add_untold(struct narration *n, const struct trace_event *ev)
{
	struct narration_line *l = narration_line_for(n, ev, NULL);

	l->detail[0] = '\0';
	n->untold = n->started;
}

bool
narration_untold(const struct narration *n)
{
	return n->untold > 0 && n->started - n->untold < NARRATION_LINES;
}

size_t
narration_wrap(const char *text, int width, size_t *starts, size_t *lens,
	       size_t max)
{
	size_t n = 0, pos = 0, len = strlen(text);

	if (width < 1)
		width = 1;
	while (pos < len && n < max) {
		size_t end = pos, last_space = 0, chars = 0;
		bool cut_at_space = false;

		while (text[pos] == ' ')
			pos++;
		if (pos >= len)
			break;
		end = pos;
		while (end < len && chars < (size_t)width) {
			if (text[end] == ' ') {
				last_space = end;
				cut_at_space = true;
			}
			end += (size_t)grid_char_len(text + end);
			chars++;
		}
		if (end < len && text[end] != ' ' && cut_at_space)
			end = last_space; /* break before the word that spills
					   */
		starts[n] = pos;
		lens[n] = end - pos;
		while (lens[n] > 0 && text[pos + lens[n] - 1] == ' ')
			lens[n]--;
		n++;
		pos = end;
	}
	return n;
}

static int
line_style(const struct narration_line *l)
{
	switch (l->kind) {
	case TRACE_ZERO_WINDOW:
	case TRACE_TIMEOUT:
	case TRACE_DROP:
		return UI_STYLE_ALERT;
	case TRACE_WINDOW_UPDATE:
	case TRACE_RECOVERY_EXIT:
		return UI_STYLE_GOOD;
	case TRACE_PROBE:
	case TRACE_FAST_RETRANSMIT:
	case TRACE_RELAY:
		return UI_STYLE_WARN;
	case TRACE_TIMELINE:
	case TRACE_HYSTART:
		return UI_STYLE_BOLD;
	case TRACE_APP_WRITE:
		return l->producer ? UI_STYLE_WARN : UI_STYLE_NORMAL;
	default:
		return UI_STYLE_NORMAL;
	}
}

/* Rows of wrapped text per line, at most. */
#define WRAP_MAX 8

void
narration_draw(struct grid *g, const struct rect *r, const struct narration *n,
	       const char *const *flow_names, size_t n_flows, bool verbose)
{
	int bottom = r->y + r->rows - 1; /* next row to fill, upwards */
	size_t i;

	grid_put(g, r->y, r->x, r->cols,
		 verbose ? "EVENTS (every event: slow motion or paused)"
			 : "EVENTS (what changes the story; slow motion shows "
			   "every packet)",
		 UI_STYLE_BOLD);
	for (i = 0; bottom > r->y; i++) {
		const struct narration_line *l = narration_get(n, i);
		char head[ESCAPE_SIZE(64) + 32], clock[VIEW_NUM_BUF];
		char name[ESCAPE_SIZE(64)];
		char text[ESCAPE_SIZE(sizeof l->detail) + 32];
		char detail[ESCAPE_SIZE(sizeof l->detail)];
		size_t starts[WRAP_MAX], lens[WRAP_MAX], rows, k;
		int indent, y;

		if (l == NULL)
			break;
		view_clock(clock, sizeof clock, l->time_ns);
		/* sentences quote names and timeline text from the input */
		escape_text(detail, sizeof detail, l->detail);
		if (n_flows > 1 && l->flow < n_flows)
			snprintf(head, sizeof head, "%9s %s: ", clock,
				 escape_text(name, sizeof name,
					     flow_names[l->flow]));
		else
			snprintf(head, sizeof head, "%9s ", clock);
		/* a fold never passes one value off as many: "(x12)" only
		 * for the same sentence, else which one is shown */
		if (l->repeat > 1 && l->varied)
			snprintf(text, sizeof text, "%s (the latest of %u)",
				 detail, l->repeat);
		else if (l->repeat > 1)
			snprintf(text, sizeof text, "%s (x%u)", detail,
				 l->repeat);
		else
			snprintf(text, sizeof text, "%s", detail);
		indent = grid_text_width(head);
		if (indent > r->cols / 2)
			indent = r->cols / 2;
		rows = narration_wrap(text, r->cols - indent, starts, lens,
				      WRAP_MAX);
		if (rows == 0)
			rows = 1, starts[0] = 0, lens[0] = 0;
		/* the newest line may lose its head rows, never its tail */
		y = bottom - (int)rows + 1;
		for (k = 0; k < rows; k++, y++) {
			char part[sizeof text];

			if (y <= r->y)
				continue;
			snprintf(part, sizeof part, "%.*s", (int)lens[k],
				 text + starts[k]);
			if (k == 0)
				grid_put(g, y, r->x, indent, head,
					 UI_STYLE_DIM);
			grid_put(g, y, r->x + indent, r->cols - indent, part,
				 line_style(l));
		}
		bottom -= (int)rows;
	}
}
