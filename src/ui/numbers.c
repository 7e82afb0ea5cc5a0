/* SPDX-License-Identifier: ISC */
/* numbers.c: the lesson's numbers and their helpers (see numbers.h). */
#include "ui/numbers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "trace/summary.h"
#include "ui/glyphs.h"
#include "ui/view_format.h"
#include "util/escape.h"
#include "util/xmalloc.h"

#define NS_PER_S_D 1e9

void
numbers_rate_reset(struct numbers_rate *r, int64_t span_ns)
{
	memset(r, 0, sizeof *r);
	r->span_ns = span_ns > 0 ? span_ns : 1;
}

void
numbers_rate_add(struct numbers_rate *r, int64_t t_ns, uint64_t bytes)
{
	if (r->n > 0) {
		size_t last =
			(r->head + NUMBERS_RATE_SLOTS - 1) % NUMBERS_RATE_SLOTS;

		if (t_ns - r->t_ns[last] < r->span_ns / 32)
			return;
	}
	r->t_ns[r->head] = t_ns;
	r->bytes[r->head] = bytes;
	r->head = (r->head + 1) % NUMBERS_RATE_SLOTS;
	if (r->n < NUMBERS_RATE_SLOTS)
		r->n++;
}

double
numbers_rate_bps(const struct numbers_rate *r, int64_t now_ns,
		 uint64_t bytes_now)
{
	size_t i, oldest, pick;

	if (r->n == 0)
		return NAN;
	oldest = (r->head + NUMBERS_RATE_SLOTS - r->n) % NUMBERS_RATE_SLOTS;
	pick = oldest;
	/* the newest point that is at least a span old */
	for (i = 0; i < r->n; i++) {
		size_t k = (oldest + i) % NUMBERS_RATE_SLOTS;

		if (now_ns - r->t_ns[k] < r->span_ns)
			break;
		pick = k;
	}
	if (now_ns <= r->t_ns[pick] || bytes_now < r->bytes[pick])
		return NAN;
	return (double)(bytes_now - r->bytes[pick]) * 8.0 * NS_PER_S_D /
	       (double)(now_ns - r->t_ns[pick]);
}

char *
numbers_count(char *buf, size_t size, uint64_t n, const char *unit)
{
	snprintf(buf, size, "%llu %s%s", (unsigned long long)n, unit,
		 n == 1 ? "" : "s");
	return buf;
}

char *
numbers_bytes(char *buf, size_t size, uint64_t n)
{
	if (n < 1024)
		return numbers_count(buf, size, n, "byte");
	return view_size_short(buf, size, n);
}

double
numbers_jain(const struct flow_snapshot *flows, size_t n, int64_t now_ns)
{
	double *x, jain;
	size_t i, k = 0;

	if (n < 2)
		return NAN;
	x = xcalloc(n, sizeof *x);
	for (i = 0; i < n; i++) {
		int64_t end = flows[i].completion_ns >= 0
				      ? flows[i].completion_ns
				      : now_ns;
		int64_t elapsed = end - flows[i].start_ns;

		/* a flow that has not started has no share yet */
		if (now_ns <= flows[i].start_ns)
			continue;
		x[k++] = elapsed > 0 ? (double)flows[i].delivered_bytes * 8.0 *
					       NS_PER_S_D / (double)elapsed
				     : 0.0;
	}
	jain = k >= 2 ? summary_jain_fairness(x, k) : NAN;
	free(x);
	return jain;
}

int
numbers_hold(struct numbers_hold *h, int state, int64_t wall_ns, int64_t min_ns)
{
	if (!h->valid ||
	    (state != h->shown && wall_ns - h->since_ns >= min_ns)) {
		h->valid = true;
		h->shown = state;
		h->since_ns = wall_ns;
	}
	return h->shown;
}

/* Copy a decimal number from *in, made relative; false if none. */
static bool
seq_number(char *out, size_t size, size_t *len, const char **in, uint32_t isn)
{
	const char *p = *in;
	unsigned long long v = 0;
	int w;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && v <= UINT32_MAX)
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (v > UINT32_MAX || (*p >= '0' && *p <= '9'))
		return false; /* not a sequence number: leave it */
	w = snprintf(out + *len, size - *len, "%lu",
		     (unsigned long)(uint32_t)((uint32_t)v - isn));
	if (w < 0 || (size_t)w >= size - *len)
		return false;
	*len += (size_t)w;
	*in = p;
	return true;
}

char *
numbers_seq_text(char *out, size_t size, const char *in, uint32_t isn)
{
	size_t len = 0;

	if (size == 0)
		return out;
	while (*in != '\0' && len + 1 < size) {
		/* the three words start with S, s or A: the text up to the
		 * next of those is copied whole (play narrates every event of
		 * a rewind through here) */
		size_t run = strcspn(in, "SsA");
		bool sack;
		size_t key;

		if (run > 0) {
			if (run > size - 1 - len)
				run = size - 1 - len;
			memcpy(out + len, in, run);
			len += run;
			in += run;
			continue;
		}
		/* (strncmp() here, at every 's' of the sentence, was most
		 * of the cost) */
		sack = in[0] == 'S' && in[1] == 'A' && in[2] == 'C' &&
		       in[3] == 'K' && in[4] == ' ';
		key = sack ? 5
		      : (in[0] == 's' && in[1] == 'e' && in[2] == 'q' &&
			 in[3] == ' ') ||
				(in[0] == 'A' && in[1] == 'C' && in[2] == 'K' &&
				 in[3] == ' ')
			  ? 4
			  : 0;

		if (key == 0 || len + key + 1 >= size) {
			out[len++] = *in++;
			continue;
		}
		memcpy(out + len, in, key);
		len += key;
		in += key;
		if (!seq_number(out, size, &len, &in, isn) || !sack)
			continue;
		/* SACK blocks: "L-R L-R ..." */
		for (;;) {
			if (*in == '-' && len + 2 < size) {
				out[len++] = *in++;
				if (!seq_number(out, size, &len, &in, isn))
					break;
			}
			if (in[0] == ' ' && in[1] >= '0' && in[1] <= '9' &&
			    len + 2 < size) {
				out[len++] = *in++;
				if (seq_number(out, size, &len, &in, isn))
					continue;
			}
			break;
		}
	}
	out[len] = '\0';
	return out;
}

int64_t
numbers_queue_delay_ns(const struct link_snapshot *link)
{
	if (link->rate_bps == 0)
		return 0;
	return (int64_t)((double)link->queue_bytes * 8.0 * NS_PER_S_D /
			 (double)link->rate_bps);
}

/*
 * Items left to right, two blanks apart; an item that does not fit ends
 * the line (the ones after it are left out too, so the order stays).
 * Returns the column after the last item drawn, or -1 when one was left
 * out.
 */
static int
put_item(struct grid *g, const struct rect *r, int x, const char *text,
	 int style)
{
	int w = grid_text_width(text);

	if (x < 0)
		return -1;
	if (x > 0)
		x += 2;
	if (x + w > r->cols)
		return -1;
	grid_put(g, r->y, r->x + x, w, text, style);
	return x + w;
}

/*
 * Records and relays: the flow's lag ("lag 320 records 28.0s", or in
 * bytes without records) and the relay reading it, its store and whether
 * it still reads.
 */
static int
numbers_lag_items(struct grid *g, const struct rect *r, int x,
		  const struct numbers_view *v)
{
	const struct lag_snapshot *l = v->lag;
	const struct relay_snapshot *rs = v->relay;
	char item[ESCAPE_SIZE(64) + 3 * VIEW_NUM_BUF + 16], a[VIEW_NUM_BUF],
		b[VIEW_NUM_BUF], name[ESCAPE_SIZE(64)];

	if (l == NULL)
		return x;
	if (l->record_size > 0)
		numbers_count(a, sizeof a, l->lag_records, "record");
	else
		numbers_bytes(a, sizeof a, l->lag_bytes);
	if (l->time_lag_ns >= 0)
		snprintf(item, sizeof item, "lag %s %s", a,
			 view_time_short(b, sizeof b, l->time_lag_ns));
	else
		snprintf(item, sizeof item, "lag %s", a);
	x = put_item(g, r, x, item,
		     l->shedding ? UI_STYLE_WARN : UI_STYLE_NORMAL);
	if (rs == NULL)
		return x;
	escape_text(name, sizeof name, rs->name);
	snprintf(item, sizeof item, "relay %s %s/%s%s", name,
		 numbers_bytes(a, sizeof a, rs->buffer_bytes),
		 numbers_bytes(b, sizeof b, rs->buffer_limit),
		 rs->reading ? "" : " full");
	return put_item(g, r, x, item,
			rs->reading ? UI_STYLE_NORMAL : UI_STYLE_WARN);
}

void
numbers_path_line(struct grid *g, const struct rect *r,
		  const struct numbers_view *v)
{
	const struct flow_snapshot *f = v->flow;
	char item[96], a[VIEW_NUM_BUF], b[VIEW_NUM_BUF];
	int x = 0;

	if (r->rows < 1)
		return;
	if (f->last_rtt_ns > 0)
		snprintf(item, sizeof item, "RTT %s  min %s",
			 view_time_short(a, sizeof a, f->last_rtt_ns),
			 view_time_short(b, sizeof b, f->min_rtt_ns));
	else
		snprintf(item, sizeof item, "RTT -  min -");
	x = put_item(g, r, x, item, UI_STYLE_NORMAL);
	snprintf(item, sizeof item, "queueing %s",
		 view_time_short(a, sizeof a, numbers_queue_delay_ns(v->link)));
	x = put_item(g, r, x, item, UI_STYLE_NORMAL);
	x = numbers_lag_items(g, r, x, v);
	if (v->relay == NULL)
		x = put_item(
			g, r, x,
			numbers_count(item, sizeof item, v->readers, "reader"),
			UI_STYLE_NORMAL);
	if (f->completion_ns >= 0)
		snprintf(item, sizeof item, "finished at %s",
			 view_clock(a, sizeof a, f->completion_ns));
	else
		snprintf(item, sizeof item, "not finished");
	x = put_item(g, r, x, item,
		     f->completion_ns >= 0 ? UI_STYLE_GOOD : UI_STYLE_DIM);
	/* named links: the default link's queue is the charts'; theirs
	 * are here, one item each */
	for (size_t i = 0; i < v->n_named_links && v->config != NULL; i++) {
		char name[ESCAPE_SIZE(24)], link_item[sizeof name + 32];

		/* a long name is cut with "..." */
		escape_text(name, sizeof name,
			    scenario_link_name(v->config, i + 1));
		snprintf(link_item, sizeof link_item, "link %s %llu pkt", name,
			 (unsigned long long)v->named_links[i].queue_packets);
		x = put_item(g, r, x, link_item, UI_STYLE_NORMAL);
	}
}

void
numbers_loss_line(struct grid *g, const struct rect *r,
		  const struct numbers_view *v, const struct glyphs *gl)
{
	const struct flow_snapshot *f = v->flow;
	char item[ESCAPE_SIZE(64) + 32], num[VIEW_NUM_BUF],
		name[ESCAPE_SIZE(64)];
	size_t i;
	int x = 0;

	if (r->rows < 1)
		return;
	snprintf(item, sizeof item, "shed %s",
		 numbers_bytes(num, sizeof num, f->dropped_writes_bytes));
	x = put_item(g, r, x, item,
		     f->dropped_writes_bytes > 0 ? UI_STYLE_WARN
						 : UI_STYLE_NORMAL);
	/*
	 * Bytes, not packets, so that they read beside bytes written and
	 * shed: a dropped segment and its retransmission are both payload.
	 */
	snprintf(item, sizeof item, "dropped %s",
		 numbers_bytes(num, sizeof num, f->dropped_bytes));
	x = put_item(g, r, x, item,
		     f->drops > 0 ? UI_STYLE_ALERT : UI_STYLE_NORMAL);
	snprintf(item, sizeof item, "resent %s",
		 numbers_bytes(num, sizeof num, f->retransmitted_bytes));
	x = put_item(g, r, x, item,
		     f->retransmits > 0 ? UI_STYLE_WARN : UI_STYLE_NORMAL);
	if (v->n_flows < 2)
		return;
	if (isnan(v->jain))
		snprintf(item, sizeof item, "Jain -");
	else
		snprintf(item, sizeof item, "Jain %.3f", v->jain);
	x = put_item(g, r, x, item, UI_STYLE_BOLD);
	/*
	 * The legend: each charted flow's name in its chart colour, one
	 * blank apart, as many as fit; in ASCII with the digit that marks
	 * its line in the charts.
	 */
	for (i = 0; i < v->n_names && i < UI_SERIES_STYLES && x >= 0; i++) {
		int w;
		char digit[2] = {(char)('1' + i), '\0'};

		escape_text(name, sizeof name, v->names[i]);
		snprintf(item, sizeof item, "%s%s", gl->utf8 ? "\u25a0" : digit,
			 name);
		w = grid_text_width(item);
		if (x + 1 + w > r->cols)
			break;
		grid_put(g, r->y, r->x + x + 1, w, item,
			 UI_STYLE_SERIES0 + (int)(i % UI_SERIES_STYLES));
		x += 1 + w;
	}
}