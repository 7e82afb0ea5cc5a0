/* SPDX-License-Identifier: ISC */
/* summary.c: the end-of-run summary, as a table and as JSON (see summary.h). */
#include "config.h"

#include "trace/summary.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "sim/time.h"
#include "trace/format.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* Flows side by side in one block of the table: fits 80 columns. */
#define SUMMARY_FLOWS_PER_BLOCK 4

double
summary_jain_fairness(const double *x, size_t n)
{
	double sum = 0.0;
	double sum_sq = 0.0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++) {
		sum += x[i];
		sum_sq += x[i] * x[i];
	}
	if (sum_sq == 0.0)
		return NAN;
	return sum * sum / ((double)n * sum_sq);
}

void
summary_collect(struct summary *s, const struct sim *sim)
{
	double *goodputs;
	size_t i, n_tcp = 0;

	memset(s, 0, sizeof *s);
	s->scenario = sim_scenario(sim)->name;
	s->seed = sim_seed(sim);
	s->duration_ns = sim_now(sim);
	s->events = sim_event_count(sim);
	sim_link_snapshot(sim, &s->link);
	s->n_flows = sim_flow_count(sim);
	s->flows = xcalloc(s->n_flows, sizeof *s->flows);
	goodputs = xcalloc(s->n_flows, sizeof *goodputs);

	for (i = 0; i < s->n_flows; i++) {
		struct summary_flow *f = &s->flows[i];
		int64_t end, elapsed;

		sim_flow_snapshot(sim, i, &f->snap);
		end = f->snap.completion_ns >= 0 ? f->snap.completion_ns
						 : s->duration_ns;
		elapsed = end - f->snap.start_ns;
		f->goodput_bps = elapsed > 0 ? (double)f->snap.delivered_bytes *
						       8.0 /
						       time_to_seconds(elapsed)
					     : 0.0;
		/* Probe flows carry no goodput: fairness is among the
		 * others. */
		f->is_ping = sim_flow_is_ping(sim, i);
		if (f->is_ping)
			sim_flow_ping(sim, i, &f->ping);
		else
			goodputs[n_tcp++] = f->goodput_bps;
	}
	s->jain_fairness = summary_jain_fairness(goodputs, n_tcp);
	s->n_tcp_flows = n_tcp;
	s->latency = sim_reports_latency(sim_scenario(sim));
	if (s->latency)
		sim_link_sojourn(sim, &s->sojourn);
	free(goodputs);
	/* named links: every link, by name */
	if (sim_link_count(sim) > 1) {
		s->n_links = sim_link_count(sim);
		s->links = xcalloc(s->n_links, sizeof *s->links);
		for (i = 0; i < s->n_links; i++) {
			s->links[i].name = sim_link_name(sim, i);
			sim_link_snapshot_id(sim, i, &s->links[i].snap);
		}
	}

	s->records = scenario_uses_records(sim_scenario(sim));
	if (!s->records)
		return;
	for (i = 0; i < s->n_flows; i++)
		sim_flow_lag(sim, i, &s->flows[i].lag);
	s->n_relays = sim_relay_count(sim);
	s->relays =
		s->n_relays ? xcalloc(s->n_relays, sizeof *s->relays) : NULL;
	for (i = 0; i < s->n_relays; i++)
		sim_relay_snapshot(sim, i, &s->relays[i]);
}

void
summary_free(struct summary *s)
{
	free(s->links);
	s->links = NULL;
	s->n_links = 0;
	free(s->flows);
	s->flows = NULL;
	s->n_flows = 0;
	free(s->relays);
	s->relays = NULL;
	s->n_relays = 0;
}

/* Link figures derived from the integrals; NaN when there is no time or no
 * packet.  The _of forms are any link's (named links). */
static double
summary_utilization_of(const struct summary *s, const struct link_snapshot *l)
{
	return (double)l->busy_ns / (double)s->duration_ns;
}

static double
summary_queue_mean_packets_of(const struct summary *s,
			      const struct link_snapshot *l)
{
	return l->queue_packet_ns / (double)s->duration_ns;
}

static double
summary_queue_mean_delay_ms_of(const struct link_snapshot *l)
{
	return l->sojourn_ns_total / (double)l->departed / 1e6;
}

static double
summary_utilization(const struct summary *s)
{
	return summary_utilization_of(s, &s->link);
}

static double
summary_queue_mean_packets(const struct summary *s)
{
	return summary_queue_mean_packets_of(s, &s->link);
}

static double
summary_queue_mean_delay_ms(const struct summary *s)
{
	return summary_queue_mean_delay_ms_of(&s->link);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

enum summary_row {
	ROW_GOODPUT,
	ROW_DELIVERED,
	ROW_WRITTEN,
	ROW_READ,
	ROW_DROPPED_WRITES,
	ROW_SEGMENTS,
	ROW_RETRANSMITS,
	ROW_TIMEOUTS,
	ROW_FAST_RETRANSMITS,
	ROW_ZERO_WINDOWS,
	ROW_PROBES,
	ROW_SRTT,
	ROW_MIN_RTT,
	ROW_COMPLETION,
	/* records and lag (summary.records only) */
	ROW_RECORDS_READ,
	ROW_LAG_RECORDS,
	ROW_LAG_BYTES,
	ROW_TIME_LAG,
	ROW_COUNT
};

/* The rows every scenario shows; the rest with records or relays. */
#define ROW_PLAIN_COUNT ROW_RECORDS_READ

static const char *const summary_row_label[ROW_COUNT] = {
	[ROW_GOODPUT] = "goodput",
	[ROW_DELIVERED] = "delivered",
	[ROW_WRITTEN] = "written",
	[ROW_READ] = "read",
	[ROW_DROPPED_WRITES] = "dropped writes",
	[ROW_SEGMENTS] = "segments sent",
	[ROW_RETRANSMITS] = "retransmits",
	[ROW_TIMEOUTS] = "timeouts",
	[ROW_FAST_RETRANSMITS] = "fast retransmits",
	[ROW_ZERO_WINDOWS] = "zero-window adverts",
	[ROW_PROBES] = "window probes",
	[ROW_SRTT] = "smoothed RTT",
	[ROW_MIN_RTT] = "min RTT",
	[ROW_COMPLETION] = "completed at",
	[ROW_RECORDS_READ] = "records read",
	[ROW_LAG_RECORDS] = "lag (records)",
	[ROW_LAG_BYTES] = "lag (bytes)",
	[ROW_TIME_LAG] = "time lag",
};

static void
summary_count(char *buf, size_t size, uint64_t v)
{
	snprintf(buf, size, "%llu", (unsigned long long)v);
}

/* A time, or "-" for "no sample" (0) or "not completed" (-1). */
static void
summary_time_or_dash(char *buf, size_t size, int64_t ns, bool present)
{
	if (present)
		format_time(buf, size, ns);
	else
		snprintf(buf, size, "-");
}

static void
summary_cell(char *buf, size_t size, const struct summary_flow *f,
	     enum summary_row row)
{
	const struct flow_snapshot *fs = &f->snap;

	switch (row) {
	case ROW_GOODPUT:
		format_rate(buf, size, f->goodput_bps);
		break;
	case ROW_DELIVERED:
		format_size(buf, size, fs->delivered_bytes);
		break;
	case ROW_WRITTEN:
		format_size(buf, size, fs->written_bytes);
		break;
	case ROW_READ:
		format_size(buf, size, fs->read_bytes);
		break;
	case ROW_DROPPED_WRITES:
		format_size(buf, size, fs->dropped_writes_bytes);
		break;
	case ROW_SEGMENTS:
		summary_count(buf, size, fs->segments_sent);
		break;
	case ROW_RETRANSMITS:
		summary_count(buf, size, fs->retransmits);
		break;
	case ROW_TIMEOUTS:
		summary_count(buf, size, fs->timeouts);
		break;
	case ROW_FAST_RETRANSMITS:
		summary_count(buf, size, fs->fast_retransmits);
		break;
	case ROW_ZERO_WINDOWS:
		summary_count(buf, size, fs->zero_window_adverts);
		break;
	case ROW_PROBES:
		summary_count(buf, size, fs->window_probes);
		break;
	case ROW_SRTT:
		summary_time_or_dash(buf, size, fs->srtt_ns, fs->srtt_ns > 0);
		break;
	case ROW_MIN_RTT:
		summary_time_or_dash(buf, size, fs->min_rtt_ns,
				     fs->min_rtt_ns > 0);
		break;
	case ROW_COMPLETION:
		summary_time_or_dash(buf, size, fs->completion_ns,
				     fs->completion_ns >= 0);
		break;
	case ROW_RECORDS_READ:
		summary_count(buf, size, f->lag.records_read);
		break;
	case ROW_LAG_RECORDS:
		summary_count(buf, size, f->lag.lag_records);
		break;
	case ROW_LAG_BYTES:
		format_size(buf, size, f->lag.lag_bytes);
		break;
	case ROW_TIME_LAG:
		summary_time_or_dash(buf, size, f->lag.time_lag_ns,
				     f->lag.time_lag_ns >= 0);
		break;
	case ROW_COUNT:
		buf[0] = '\0';
		break;
	}
}

static int
summary_label_width(void)
{
	size_t w = 0;
	int r;

	for (r = 0; r < ROW_COUNT; r++)
		if (strlen(summary_row_label[r]) > w)
			w = strlen(summary_row_label[r]);
	return (int)w;
}

/* Flows [first, first + n) side by side: a name row, then a row per figure. */
static void
summary_write_block(FILE *out, const struct summary *s, size_t first, size_t n)
{
	char cells[ROW_COUNT][SUMMARY_FLOWS_PER_BLOCK][FORMAT_BUF];
	int width[SUMMARY_FLOWS_PER_BLOCK];
	int label_w = summary_label_width();
	int rows = s->records ? ROW_COUNT : ROW_PLAIN_COUNT;
	size_t c;
	int r;

	for (c = 0; c < n; c++) {
		const struct summary_flow *f = &s->flows[first + c];

		width[c] = (int)strlen(f->snap.name);
		for (r = 0; r < rows; r++) {
			summary_cell(cells[r][c], FORMAT_BUF, f,
				     (enum summary_row)r);
			if ((int)strlen(cells[r][c]) > width[c])
				width[c] = (int)strlen(cells[r][c]);
		}
	}

	fprintf(out, "%-*s", label_w, "flow");
	for (c = 0; c < n; c++)
		fprintf(out, "  %*s", width[c], s->flows[first + c].snap.name);
	putc('\n', out);
	for (r = 0; r < rows; r++) {
		fprintf(out, "%-*s", label_w, summary_row_label[r]);
		for (c = 0; c < n; c++)
			fprintf(out, "  %*s", width[c], cells[r][c]);
		putc('\n', out);
	}
}

/* "p50 41.2ms, p99 52.0ms, max 53.1ms", or "-" without values. */
static void
summary_latency_text(char *buf, size_t size, const struct latency_summary *l)
{
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF];

	if (l->n == 0) {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "p50 %s, p99 %s, max %s",
		 format_time(a, sizeof a, l->p50_ns),
		 format_time(b, sizeof b, l->p99_ns),
		 format_time(c, sizeof c, l->max_ns));
}

/* Queueing delay and the probes' round trips (latency scenarios). */
static void
summary_write_latency(FILE *out, const struct summary *s, int label_w)
{
	char text[3 * FORMAT_BUF + 32];
	size_t i;

	summary_latency_text(text, sizeof text, &s->sojourn);
	fprintf(out, "%-*s  %s (%s", label_w, "queue delay", text,
		scenario_choice_word(KEY_LINK_QUEUE_DISCIPLINE,
				     s->link.discipline));
	if (s->link.discipline != QDISC_DROPTAIL)
		fprintf(out, ": %llu dropped by its rule",
			(unsigned long long)s->link.aqm_drops);
	if (s->link.ecn_marks > 0)
		fprintf(out, ", %llu CE marks",
			(unsigned long long)s->link.ecn_marks);
	fputs(")\n", out);
	for (i = 0; i < s->n_flows; i++) {
		const struct summary_flow *f = &s->flows[i];
		char *name;

		if (!f->is_ping)
			continue;
		summary_latency_text(text, sizeof text, &f->ping.rtt);
		name = escape_dup(f->snap.name);
		fprintf(out, "%-*s  %s (%s: %llu of %llu probes answered)\n",
			label_w, "probe RTT", text, name,
			(unsigned long long)f->ping.replies,
			(unsigned long long)f->ping.sent);
		free(name);
	}
}

/* One line per relay: what it reads and writes, holds, moved, lags. */
static void
summary_write_relays(FILE *out, const struct summary *s, int label_w)
{
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];
	char e[FORMAT_BUF];

	for (size_t i = 0; i < s->n_relays; i++) {
		const struct relay_snapshot *r = &s->relays[i];

		fprintf(out, "%-*s  %s: %s ->", label_w, "relay", r->name,
			s->flows[r->from_flow].snap.name);
		for (size_t k = 0; k < r->n_to; k++)
			fprintf(out, "%s %s", k > 0 ? "," : "",
				s->flows[r->to_flows[k]].snap.name);
		fprintf(out, " (%s, %s)\n",
			scenario_on_full_name((enum on_full)r->on_full),
			scenario_dispatch_name(
				(enum relay_dispatch)r->dispatch));
		fprintf(out,
			"%-*s  holds %s of %s (%llu records), read %s, "
			"forwarded %s, dropped %s\n",
			label_w, "", format_size(a, sizeof a, r->buffer_bytes),
			format_size(b, sizeof b, r->buffer_limit),
			(unsigned long long)r->held_records,
			format_size(c, sizeof c, r->read_bytes),
			format_size(d, sizeof d, r->forwarded_bytes),
			format_size(e, sizeof e, r->dropped_bytes));
		summary_time_or_dash(c, sizeof c, r->group_time_lag_ns,
				     r->group_time_lag_ns >= 0);
		fprintf(out, "%-*s  group lag %llu records, %s, oldest %s\n",
			label_w, "", (unsigned long long)r->group_lag_records,
			format_size(b, sizeof b, r->group_lag_bytes), c);
	}
}

/* A named link's block: its name, then its figures, indented. */
static void
summary_write_named_link(FILE *out, const struct summary *s,
			 const struct summary_link *sl, int label_w)
{
	const struct link_snapshot *l = &sl->snap;
	char a[FORMAT_BUF], b[FORMAT_BUF];
	char *name = escape_dup(sl->name);

	fprintf(out, "\nlink %s\n", name);
	free(name);
	fprintf(out, "  %-*s  %s\n", label_w - 2, "rate",
		format_rate(a, sizeof a, (double)l->rate_bps));
	fprintf(out, "  %-*s  %s\n", label_w - 2, "utilization",
		format_percent(a, sizeof a, summary_utilization_of(s, l)));
	fprintf(out, "  %-*s  %llu (queue full %llu, lost on the link %llu)\n",
		label_w - 2, "drops",
		(unsigned long long)(l->queue_drops + l->loss_drops),
		(unsigned long long)l->queue_drops,
		(unsigned long long)l->loss_drops);
	if (l->departed > 0)
		format_time(
			b, sizeof b,
			(int64_t)(l->sojourn_ns_total / (double)l->departed));
	else
		snprintf(b, sizeof b, "-");
	fprintf(out, "  %-*s  %.2f packets (%s waiting)\n", label_w - 2,
		"queue mean",
		s->duration_ns > 0 ? summary_queue_mean_packets_of(s, l) : 0.0,
		b);
	fprintf(out, "  %-*s  %llu packets\n", label_w - 2, "queue max",
		(unsigned long long)l->queue_max_packets);
}

void
summary_write_table(FILE *out, const struct summary *s)
{
	char a[FORMAT_BUF], b[FORMAT_BUF];
	int label_w = summary_label_width();
	size_t first;

	char *name = escape_dup(s->scenario); /* a file name, as given */

	fprintf(out, "%s, seed %llu: %s simulated, %llu events\n\n", name,
		(unsigned long long)s->seed,
		format_time(a, sizeof a, s->duration_ns),
		(unsigned long long)s->events);
	free(name);

	for (first = 0; first < s->n_flows; first += SUMMARY_FLOWS_PER_BLOCK) {
		size_t n = s->n_flows - first;

		if (n > SUMMARY_FLOWS_PER_BLOCK)
			n = SUMMARY_FLOWS_PER_BLOCK;
		summary_write_block(out, s, first, n);
		putc('\n', out);
	}

	fprintf(out, "%-*s  %s\n", label_w, "link rate",
		format_rate(a, sizeof a, (double)s->link.rate_bps));
	fprintf(out, "%-*s  %s\n", label_w, "utilization",
		format_percent(a, sizeof a, summary_utilization(s)));
	if (s->link.discipline != QDISC_DROPTAIL)
		fprintf(out,
			"%-*s  %llu (queue full %llu, by the discipline's rule "
			"%llu, lost on the link %llu)\n",
			label_w, "drops",
			(unsigned long long)(s->link.queue_drops +
					     s->link.loss_drops),
			(unsigned long long)(s->link.queue_drops -
					     s->link.aqm_drops),
			(unsigned long long)s->link.aqm_drops,
			(unsigned long long)s->link.loss_drops);
	else
		fprintf(out,
			"%-*s  %llu (queue full %llu, lost on the link %llu)\n",
			label_w, "drops",
			(unsigned long long)(s->link.queue_drops +
					     s->link.loss_drops),
			(unsigned long long)s->link.queue_drops,
			(unsigned long long)s->link.loss_drops);
	if (s->link.departed > 0)
		format_time(b, sizeof b,
			    (int64_t)(s->link.sojourn_ns_total /
				      (double)s->link.departed));
	else
		snprintf(b, sizeof b, "-");
	fprintf(out, "%-*s  %.2f packets (%s waiting)\n", label_w, "queue mean",
		s->duration_ns > 0 ? summary_queue_mean_packets(s) : 0.0, b);
	fprintf(out, "%-*s  %llu packets\n", label_w, "queue max",
		(unsigned long long)s->link.queue_max_packets);
	if (s->n_tcp_flows > 1 && isfinite(s->jain_fairness))
		fprintf(out, "%-*s  %.3f (1 = equal shares)\n", label_w,
			"Jain's fairness", s->jain_fairness);
	if (s->latency)
		summary_write_latency(out, s, label_w);
	summary_write_relays(out, s, label_w);
	for (size_t i = 1; i < s->n_links; i++)
		summary_write_named_link(out, s, &s->links[i], label_w);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

void
summary_json_number(FILE *out, double v)
{
	char buf[40];
	int prec;

	if (!isfinite(v)) {
		fputs("null", out);
		return;
	}
	if (v == 0.0) {
		/* -0 is legal JSON, but reads as a bug. */
		fputs("0", out);
		return;
	}
	/* The shortest of %.15g..%.17g that reads back as the same double. */
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, out);
}

/*
 * Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 if it is not one.
 */
static size_t
summary_utf8_length(const unsigned char *p)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		/* The NUL terminator fails this test, so no overrun. */
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return len;
}

size_t
summary_json_escape(char *dst, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *d = dst;

	*d++ = '"';
	while (*p != '\0') {
		const char *pair = NULL;
		size_t len;

		switch (*p) {
		case '"':
			pair = "\\\"";
			break;
		case '\\':
			pair = "\\\\";
			break;
		case '\n':
			pair = "\\n";
			break;
		case '\r':
			pair = "\\r";
			break;
		case '\t':
			pair = "\\t";
			break;
		case '\b':
			pair = "\\b";
			break;
		case '\f':
			pair = "\\f";
			break;
		default:
			break;
		}
		if (pair != NULL) {
			memcpy(d, pair, 2);
			d += 2;
			p++;
			continue;
		}
		if (*p < 0x20) {
			static const char hex[] = "0123456789abcdef";

			memcpy(d, "\\u00", 4);
			d[4] = hex[*p >> 4];
			d[5] = hex[*p & 0xF];
			d += 6;
			p++;
			continue;
		}
		len = summary_utf8_length(p);
		if (len == 0) {
			memcpy(d, "\\ufffd", 6);
			d += 6;
			p++;
			continue;
		}
		memcpy(d, p, len);
		d += len;
		p += len;
	}
	*d++ = '"';
	*d = '\0';
	return (size_t)(d - dst);
}

void
summary_json_string(FILE *out, const char *s)
{
	char room[SUMMARY_JSON_ESCAPED(64)];
	size_t n = strlen(s);
	char *buf = n <= 64 ? room : xmalloc(SUMMARY_JSON_ESCAPED(n));

	fwrite(buf, 1, summary_json_escape(buf, s), out);
	if (buf != room)
		free(buf);
}

/* A small emitter: one key per line, two spaces per level. */
struct summary_json {
	FILE *out;  /* where the object goes */
	int depth;  /* nesting level, for indentation */
	bool first; /* no member yet at this level: no comma before the next */
};

static void
summary_json_newline(struct summary_json *j)
{
	int i;

	putc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Start a member (`key` may be NULL inside an array). */
static void
summary_json_member(struct summary_json *j, const char *key)
{
	if (!j->first)
		putc(',', j->out);
	j->first = false;
	summary_json_newline(j);
	if (key != NULL)
		fprintf(j->out, "\"%s\": ", key);
}

static void
summary_json_open(struct summary_json *j, const char *key, char bracket)
{
	summary_json_member(j, key);
	putc(bracket, j->out);
	j->depth++;
	j->first = true;
}

static void
summary_json_close(struct summary_json *j, char bracket)
{
	bool empty = j->first;

	j->depth--;
	if (!empty)
		summary_json_newline(j);
	putc(bracket, j->out);
	j->first = false;
}

static void
summary_json_u64(struct summary_json *j, const char *key, uint64_t v)
{
	summary_json_member(j, key);
	fprintf(j->out, "%llu", (unsigned long long)v);
}

static void
summary_json_double(struct summary_json *j, const char *key, double v)
{
	summary_json_member(j, key);
	summary_json_number(j->out, v);
}

static void
summary_json_str(struct summary_json *j, const char *key, const char *v)
{
	summary_json_member(j, key);
	summary_json_string(j->out, v);
}

/* Milliseconds, or null when the estimator has no sample yet (0). */
static double
summary_ms_or_nan(int64_t ns)
{
	return ns > 0 ? (double)ns / 1e6 : NAN;
}

/* Milliseconds, or null for "none" (-1). */
static double
summary_ms_or_null(int64_t ns)
{
	return ns >= 0 ? (double)ns / 1e6 : NAN;
}

/* Latency scenarios only: the queue's discipline and its delays. */
static void
summary_json_link_latency(struct summary_json *j, const struct summary *s)
{
	summary_json_str(j, "queue_discipline",
			 scenario_choice_word(KEY_LINK_QUEUE_DISCIPLINE,
					      s->link.discipline));
	summary_json_double(j, "queue_delay_p50_ms",
			    summary_ms_or_null(s->sojourn.p50_ns));
	summary_json_double(j, "queue_delay_p99_ms",
			    summary_ms_or_null(s->sojourn.p99_ns));
	summary_json_double(j, "queue_delay_max_ms",
			    summary_ms_or_null(s->sojourn.max_ns));
	summary_json_u64(j, "aqm_drops", s->link.aqm_drops);
	summary_json_u64(j, "ecn_marks", s->link.ecn_marks);
}

/* Latency scenarios only: the flow's application, ECN, its probes. */
static void
summary_json_flow_latency(struct summary_json *j, const struct summary_flow *f)
{
	summary_json_str(j, "app", f->is_ping ? "ping" : "bulk");
	summary_json_u64(j, "ecn_reductions", f->snap.ecn_reductions);
	summary_json_u64(j, "ce_received", f->snap.ce_received);
	if (!f->is_ping)
		return;
	summary_json_u64(j, "ping_sent", f->ping.sent);
	summary_json_u64(j, "ping_replies", f->ping.replies);
	summary_json_double(j, "ping_rtt_p50_ms",
			    summary_ms_or_null(f->ping.rtt.p50_ns));
	summary_json_double(j, "ping_rtt_p99_ms",
			    summary_ms_or_null(f->ping.rtt.p99_ns));
	summary_json_double(j, "ping_rtt_max_ms",
			    summary_ms_or_null(f->ping.rtt.max_ns));
}

/* A figure of the records lists: a count, or seconds (NaN: null). */
struct summary_value {
	bool is_count; /* print u */
	uint64_t u;    /* a count of records or bytes */
	double x;      /* seconds, NaN for none */
};

static struct summary_value
summary_count_value(uint64_t u)
{
	return (struct summary_value){.is_count = true, .u = u};
}

static struct summary_value
summary_seconds_value(int64_t ns)
{
	return (struct summary_value){.x = ns >= 0 ? time_to_seconds(ns) : NAN};
}

/* Figure i of summary_record_flow_figures. */
static struct summary_value
summary_lag_value(const struct lag_snapshot *l, size_t i)
{
	switch (i) {
	case 0:
		return summary_count_value(l->record_size);
	case 1:
		return summary_count_value(l->records_written);
	case 2:
		return summary_count_value(l->records_read);
	case 3:
		return summary_count_value(l->lag_records);
	case 4:
		return summary_count_value(l->lag_bytes);
	default:
		return summary_seconds_value(l->time_lag_ns);
	}
}

/* Figure i of summary_relay_figures. */
static struct summary_value
summary_relay_value(const struct relay_snapshot *r, size_t i)
{
	switch (i) {
	case 0:
		return summary_count_value(r->buffer_limit);
	case 1:
		return summary_count_value(r->buffer_bytes);
	case 2:
		return summary_count_value(r->held_records);
	case 3:
		return summary_count_value(r->read_bytes);
	case 4:
		return summary_count_value(r->forwarded_bytes);
	case 5:
		return summary_count_value(r->dropped_bytes);
	case 6:
		return summary_count_value(r->group_lag_records);
	case 7:
		return summary_count_value(r->group_lag_bytes);
	default:
		return summary_seconds_value(r->group_time_lag_ns);
	}
}

static void
summary_json_figure(struct summary_json *j, const char *key,
		    struct summary_value v)
{
	if (v.is_count)
		summary_json_u64(j, key, v.u);
	else
		summary_json_double(j, key, v.x);
}

static void
summary_json_flow(struct summary_json *j, const struct summary_flow *f,
		  bool latency, bool records)
{
	const struct flow_snapshot *fs = &f->snap;

	summary_json_open(j, NULL, '{');
	summary_json_str(j, "name", fs->name);
	summary_json_double(j, "goodput_bps", f->goodput_bps);
	summary_json_u64(j, "written_bytes", fs->written_bytes);
	summary_json_u64(j, "delivered_bytes", fs->delivered_bytes);
	summary_json_u64(j, "read_bytes", fs->read_bytes);
	summary_json_u64(j, "dropped_writes_bytes", fs->dropped_writes_bytes);
	summary_json_u64(j, "segments_sent", fs->segments_sent);
	summary_json_u64(j, "retransmits", fs->retransmits);
	summary_json_u64(j, "timeouts", fs->timeouts);
	summary_json_u64(j, "fast_retransmits", fs->fast_retransmits);
	summary_json_u64(j, "zero_window_adverts", fs->zero_window_adverts);
	summary_json_u64(j, "window_probes", fs->window_probes);
	summary_json_double(j, "srtt_ms", summary_ms_or_nan(fs->srtt_ns));
	summary_json_double(j, "min_rtt_ms", summary_ms_or_nan(fs->min_rtt_ns));
	summary_json_u64(j, "max_cwnd_bytes", fs->max_cwnd_bytes);
	summary_json_double(j, "completion_s",
			    fs->completion_ns >= 0
				    ? time_to_seconds(fs->completion_ns)
				    : NAN);
	/* Additions to the contract. */
	summary_json_double(j, "start_s", time_to_seconds(fs->start_ns));
	summary_json_u64(j, "drops", fs->drops);
	summary_json_u64(j, "retransmitted_bytes", fs->retransmitted_bytes);
	summary_json_u64(j, "dropped_bytes", fs->dropped_bytes);
	if (latency)
		summary_json_flow_latency(j, f);
	if (records)
		for (size_t i = 0; i < summary_n_record_flow_figures; i++)
			summary_json_figure(j, summary_record_flow_figures[i],
					    summary_lag_value(&f->lag, i));
	summary_json_close(j, '}');
}

/* Records and relays only: each relay, as summary_relay_figures names
 * its numbers, with its name and its flows'. */
static void
summary_json_relays(struct summary_json *j, const struct summary *s)
{
	summary_json_open(j, "relays", '[');
	for (size_t i = 0; i < s->n_relays; i++) {
		const struct relay_snapshot *r = &s->relays[i];

		summary_json_open(j, NULL, '{');
		summary_json_str(j, "name", r->name);
		summary_json_str(j, "from", s->flows[r->from_flow].snap.name);
		summary_json_open(j, "to", '[');
		for (size_t k = 0; k < r->n_to; k++) {
			summary_json_member(j, NULL);
			summary_json_string(j->out,
					    s->flows[r->to_flows[k]].snap.name);
		}
		summary_json_close(j, ']');
		for (size_t k = 0; k < summary_n_relay_figures; k++)
			summary_json_figure(j, summary_relay_figures[k],
					    summary_relay_value(r, k));
		summary_json_close(j, '}');
	}
	summary_json_close(j, ']');
}

/* One entry of "links": a name and summary_link_figures, in order. */
static void
summary_json_named_link(struct summary_json *j, const struct summary *s,
			size_t link)
{
	char text[SUMMARY_FIGURE_BUF];

	summary_json_open(j, NULL, '{');
	summary_json_str(j, "name", s->links[link].name);
	for (size_t i = 0; i < summary_n_link_figures; i++) {
		summary_links_figure(s, link, i, text);
		/* the figure's text is the JSON number's (summary.h) */
		summary_json_member(j, summary_link_figures[i]);
		fputs(text[0] != '\0' ? text : "null", j->out);
	}
	summary_json_close(j, '}');
}

void
summary_write_json(FILE *out, const struct summary *s)
{
	struct summary_json j = {out, 0, true};
	size_t i;

	putc('{', out);
	j.depth = 1;
	/* Additions to the contract: which layout this is, and by what. */
	summary_json_u64(&j, "schema_version", SUMMARY_JSON_SCHEMA_VERSION);
	summary_json_str(&j, "tcpsim_version", PACKAGE_VERSION);
	summary_json_str(&j, "scenario", s->scenario);
	/*
	 * A JSON number above 2^53 is rounded by most readers (JavaScript,
	 * jq, Python's json into float-minded tools): a seed is a name for a
	 * run and must come back exact, so such a seed is a string.
	 */
	if (s->seed <= SUMMARY_JSON_MAX_EXACT) {
		summary_json_u64(&j, "seed", s->seed);
	} else {
		char digits[24];

		snprintf(digits, sizeof digits, "%llu",
			 (unsigned long long)s->seed);
		summary_json_str(&j, "seed", digits);
	}
	summary_json_double(&j, "duration_s", time_to_seconds(s->duration_ns));
	summary_json_u64(&j, "events", s->events);

	summary_json_open(&j, "link", '{');
	summary_json_u64(&j, "rate_bps", s->link.rate_bps);
	summary_json_double(&j, "utilization", summary_utilization(s));
	summary_json_u64(&j, "drops", s->link.queue_drops + s->link.loss_drops);
	summary_json_double(&j, "queue_mean_packets",
			    summary_queue_mean_packets(s));
	summary_json_u64(&j, "queue_max_packets", s->link.queue_max_packets);
	summary_json_double(&j, "queue_mean_delay_ms",
			    summary_queue_mean_delay_ms(s));
	/* Additions to the contract. */
	summary_json_u64(&j, "queue_drops", s->link.queue_drops);
	summary_json_u64(&j, "loss_drops", s->link.loss_drops);
	summary_json_u64(&j, "arrived", s->link.arrived);
	summary_json_u64(&j, "departed", s->link.departed);
	summary_json_u64(&j, "wire_bytes_departed",
			 s->link.wire_bytes_departed);
	if (s->latency)
		summary_json_link_latency(&j, s);
	summary_json_close(&j, '}');

	/* Named links: every link, the default first, by name. */
	if (s->n_links > 0) {
		summary_json_open(&j, "links", '[');
		for (i = 0; i < s->n_links; i++)
			summary_json_named_link(&j, s, i);
		summary_json_close(&j, ']');
	}

	summary_json_open(&j, "flows", '[');
	for (i = 0; i < s->n_flows; i++)
		summary_json_flow(&j, &s->flows[i], s->latency, s->records);
	summary_json_close(&j, ']');

	summary_json_double(&j, "jain_fairness", s->jain_fairness);
	if (s->records)
		summary_json_relays(&j, s);
	fputs("\n}\n", out);
}

/* ------------------------------------------------------------------ */
/* Figures one by one (summary.h)                                      */
/* ------------------------------------------------------------------ */

/*
 * The names are the JSON summary's keys; the order is theirs too, so a
 * table reads like the JSON.  Strings (scenario, names, versions) and
 * the seed are not figures: a table has them in other columns.
 */
const char *const summary_run_figures[] = {"duration_s", "events",
					   "jain_fairness"};
const char *const summary_link_figures[] = {
	"rate_bps",	      "utilization",	     "drops",
	"queue_mean_packets", "queue_max_packets",   "queue_mean_delay_ms",
	"queue_drops",	      "loss_drops",	     "arrived",
	"departed",	      "wire_bytes_departed",
};
const char *const summary_flow_figures[] = {
	"goodput_bps",
	"written_bytes",
	"delivered_bytes",
	"read_bytes",
	"dropped_writes_bytes",
	"segments_sent",
	"retransmits",
	"timeouts",
	"fast_retransmits",
	"zero_window_adverts",
	"window_probes",
	"srtt_ms",
	"min_rtt_ms",
	"max_cwnd_bytes",
	"completion_s",
	"start_s",
	"drops",
	"retransmitted_bytes",
	"dropped_bytes",
};
const char *const summary_record_flow_figures[] = {
	"record_size", "records_written", "records_read",
	"lag_records", "lag_bytes",	  "time_lag_s",
};
const char *const summary_relay_figures[] = {
	"buffer_limit_bytes", "buffer_bytes",	 "held_records",
	"read_bytes",	      "forwarded_bytes", "dropped_bytes",
	"group_lag_records",  "group_lag_bytes", "group_time_lag_s",
};
const size_t summary_n_record_flow_figures =
	sizeof summary_record_flow_figures /
	sizeof summary_record_flow_figures[0];
const size_t summary_n_relay_figures =
	sizeof summary_relay_figures / sizeof summary_relay_figures[0];
const size_t summary_n_run_figures =
	sizeof summary_run_figures / sizeof summary_run_figures[0];
const size_t summary_n_link_figures =
	sizeof summary_link_figures / sizeof summary_link_figures[0];
const size_t summary_n_flow_figures =
	sizeof summary_flow_figures / sizeof summary_flow_figures[0];

/* As summary_json_number() prints it; "" where it prints null. */
static void
summary_figure_double(char *buf, double v)
{
	int prec;

	if (!isfinite(v)) {
		buf[0] = '\0';
		return;
	}
	if (v == 0.0) {
		snprintf(buf, SUMMARY_FIGURE_BUF, "0");
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, SUMMARY_FIGURE_BUF, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

static void
summary_figure_u64(char *buf, uint64_t v)
{
	snprintf(buf, SUMMARY_FIGURE_BUF, "%llu", (unsigned long long)v);
}

void
summary_run_figure(const struct summary *s, size_t i, char *buf)
{
	switch (i) {
	case 0:
		summary_figure_double(buf, time_to_seconds(s->duration_ns));
		break;
	case 1:
		summary_figure_u64(buf, s->events);
		break;
	default:
		summary_figure_double(buf, s->jain_fairness);
		break;
	}
}

/* Figure i of summary_link_figures for the link `l`. */
static void
summary_link_figure_of(const struct summary *s, const struct link_snapshot *l,
		       size_t i, char *buf)
{
	switch (i) {
	case 0:
		summary_figure_u64(buf, l->rate_bps);
		break;
	case 1:
		summary_figure_double(buf, summary_utilization_of(s, l));
		break;
	case 2:
		summary_figure_u64(buf, l->queue_drops + l->loss_drops);
		break;
	case 3:
		summary_figure_double(buf, summary_queue_mean_packets_of(s, l));
		break;
	case 4:
		summary_figure_u64(buf, l->queue_max_packets);
		break;
	case 5:
		summary_figure_double(buf, summary_queue_mean_delay_ms_of(l));
		break;
	case 6:
		summary_figure_u64(buf, l->queue_drops);
		break;
	case 7:
		summary_figure_u64(buf, l->loss_drops);
		break;
	case 8:
		summary_figure_u64(buf, l->arrived);
		break;
	case 9:
		summary_figure_u64(buf, l->departed);
		break;
	default:
		summary_figure_u64(buf, l->wire_bytes_departed);
		break;
	}
}

void
summary_link_figure(const struct summary *s, size_t i, char *buf)
{
	summary_link_figure_of(s, &s->link, i, buf);
}

void
summary_links_figure(const struct summary *s, size_t link, size_t i, char *buf)
{
	summary_link_figure_of(s, &s->links[link].snap, i, buf);
}

void
summary_flow_figure(const struct summary *s, size_t flow, size_t i, char *buf)
{
	const struct summary_flow *f = &s->flows[flow];
	const struct flow_snapshot *fs = &f->snap;

	switch (i) {
	case 0:
		summary_figure_double(buf, f->goodput_bps);
		break;
	case 1:
		summary_figure_u64(buf, fs->written_bytes);
		break;
	case 2:
		summary_figure_u64(buf, fs->delivered_bytes);
		break;
	case 3:
		summary_figure_u64(buf, fs->read_bytes);
		break;
	case 4:
		summary_figure_u64(buf, fs->dropped_writes_bytes);
		break;
	case 5:
		summary_figure_u64(buf, fs->segments_sent);
		break;
	case 6:
		summary_figure_u64(buf, fs->retransmits);
		break;
	case 7:
		summary_figure_u64(buf, fs->timeouts);
		break;
	case 8:
		summary_figure_u64(buf, fs->fast_retransmits);
		break;
	case 9:
		summary_figure_u64(buf, fs->zero_window_adverts);
		break;
	case 10:
		summary_figure_u64(buf, fs->window_probes);
		break;
	case 11:
		summary_figure_double(buf, summary_ms_or_nan(fs->srtt_ns));
		break;
	case 12:
		summary_figure_double(buf, summary_ms_or_nan(fs->min_rtt_ns));
		break;
	case 13:
		summary_figure_u64(buf, fs->max_cwnd_bytes);
		break;
	case 14:
		summary_figure_double(
			buf, fs->completion_ns >= 0
				     ? time_to_seconds(fs->completion_ns)
				     : NAN);
		break;
	case 15:
		summary_figure_double(buf, time_to_seconds(fs->start_ns));
		break;
	case 16:
		summary_figure_u64(buf, fs->drops);
		break;
	case 17:
		summary_figure_u64(buf, fs->retransmitted_bytes);
		break;
	default:
		summary_figure_u64(buf, fs->dropped_bytes);
		break;
	}
}

static void
summary_figure_value(char *buf, struct summary_value v)
{
	if (v.is_count)
		summary_figure_u64(buf, v.u);
	else
		summary_figure_double(buf, v.x);
}

void
summary_record_flow_figure(const struct summary *s, size_t flow, size_t i,
			   char *buf)
{
	summary_figure_value(buf, summary_lag_value(&s->flows[flow].lag, i));
}

void
summary_relay_figure(const struct summary *s, size_t relay, size_t i, char *buf)
{
	summary_figure_value(buf, summary_relay_value(&s->relays[relay], i));
}
