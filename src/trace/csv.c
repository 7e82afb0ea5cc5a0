/* SPDX-License-Identifier: ISC */
/* csv.c: the time-series CSV (see csv.h). */
#include "config.h"

#include "trace/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "sim/time.h"
#include "trace/format.h"
#include "util/xmalloc.h"

struct csv_writer {
	FILE *out;	/* the caller's stream */
	size_t n_flows; /* flows of the sim, known at the first sample */
	uint64_t *last_delivered; /* delivered_bytes at the previous sample */
	int64_t last_sample_ns;	  /* time of the previous sample */
	bool sampled;		  /* false until the first sample */
	bool latency;		  /* add CSV_LATENCY_COLUMNS */
	bool records;		  /* add CSV_RECORD_COLUMNS */
	uint64_t last_departed;	  /* link departures at the previous sample */
	double last_sojourn_ns;	  /* their summed sojourn then */
	size_t n_links;		  /* links in all: > 1 adds CSV_LINK_COLUMNS */
	struct link_snapshot *links; /* each named link at this sample */
	char *link_text;	     /* their columns, written once a sample
					for every row */
	size_t link_text_len;
};

/* Bytes of one link's two columns at most: ",%llu,%llu". */
#define CSV_LINK_TEXT (2 * 21)

void
csv_write_comments(FILE *out, const char *scenario_name, uint64_t seed)
{
	const char *p;

	fputs("# tcpsim " PACKAGE_VERSION "\n# scenario: ", out);
	/* A newline in a file name would end the comment and break the file. */
	for (p = scenario_name; *p != '\0'; p++)
		putc(*p == '\n' || *p == '\r' ? '?' : *p, out);
	fprintf(out, "\n# seed: %llu\n", (unsigned long long)seed);
}

/* A field: a comma, then the digits (none for "no value", see csv.h).
 * Inline: a row has twelve. */
static inline __attribute__((always_inline)) size_t
csv_put_u64(char *line, size_t n, uint64_t v, bool present)
{
	line[n++] = ',';
	if (present)
		n += v <= UINT32_MAX ? format_u32(line + n, (uint32_t)v)
				     : format_u64(line + n, v);
	return n;
}

/*
 * One row, built in a local buffer and written with one fwrite: at 1 ms
 * samples printf's parsing and its floating-point conversions cost more
 * than simulating the millisecond.  The digits are printf's (format.h).
 */
static void
csv_row(FILE *out, const char *secs, size_t secs_len,
	const struct flow_snapshot *fs, const struct link_snapshot *link,
	double goodput)
{
	char line[24 + SCENARIO_NAME_MAX + 14 * 21 + 2 * FORMAT_BUF + 64];
	const char *s;
	size_t n = 0, k;

	memcpy(line, secs, secs_len);
	n = secs_len;
	line[n++] = ',';
	for (s = fs->name; *s != '\0' && s - fs->name < SCENARIO_NAME_MAX; s++)
		line[n++] = *s;
	n = csv_put_u64(line, n, fs->cwnd_bytes, fs->cwnd_bytes != UINT64_MAX);
	n = csv_put_u64(line, n, fs->ssthresh_bytes,
			fs->ssthresh_bytes != UINT64_MAX);
	n = csv_put_u64(line, n, fs->rwnd_bytes, true);
	n = csv_put_u64(line, n, fs->inflight_bytes, true);
	n = csv_put_u64(line, n, fs->send_buffer_bytes, true);
	n = csv_put_u64(line, n, fs->recv_buffer_bytes, true);
	n = csv_put_u64(line, n, link->queue_packets, true);
	n = csv_put_u64(line, n, link->queue_bytes, true);
	n = csv_put_u64(line, n, fs->delivered_bytes, true);
	n = csv_put_u64(line, n, fs->read_bytes, true);
	line[n++] = ',';
	k = format_round0(line + n, goodput);
	if (k == 0) { /* rare: printf writes what no row of ours holds */
		fwrite(line, 1, n, out);
		fprintf(out, "%.0f", goodput);
		n = 0;
	}
	n += k;
	line[n++] = ',';
	if (fs->srtt_ns > 0)
		n += format_ms3(line + n, fs->srtt_ns);
	line[n++] = ',';
	n += format_ms3(line + n, fs->rto_ns);
	n = csv_put_u64(line, n, fs->retransmits, true);
	n = csv_put_u64(line, n, fs->drops, true);
	line[n++] = ',';
	for (s = limited_by_name(fs->limited_by); *s != '\0'; s++)
		line[n++] = *s;
	fwrite(line, 1, n, out); /* the caller ends the row */
}

/* queue_delay_ms over the interval since the previous sample. */
static void
csv_queue_delay(struct csv_writer *w, const struct link_snapshot *link,
		char *buf, size_t size)
{
	uint64_t left = link->departed - w->last_departed;

	buf[0] = '\0';
	if (left > 0)
		snprintf(buf, size, "%.3f",
			 (link->sojourn_ns_total - w->last_sojourn_ns) /
				 (double)left / 1e6);
	w->last_departed = link->departed;
	w->last_sojourn_ns = link->sojourn_ns_total;
}

static void
csv_latency_fields(FILE *out, const struct sim *sim, size_t flow,
		   const char *delay)
{
	struct ping_snapshot ps;

	fprintf(out, ",%s,", delay);
	if (!sim_flow_is_ping(sim, flow)) {
		fputs(",,,", out);
		return;
	}
	sim_flow_ping(sim, flow, &ps);
	if (ps.last_rtt_ns < 0) {
		fputs(",,,", out);
		return;
	}
	fprintf(out, "%.3f,%.3f,%.3f,%.3f", (double)ps.last_rtt_ns / 1e6,
		(double)ps.rtt.p50_ns / 1e6, (double)ps.rtt.p99_ns / 1e6,
		(double)ps.rtt.max_ns / 1e6);
}

/*
 * CSV_LINK_COLUMNS: each named link's queue, at the end of every row of a
 * sample: made once a sample (10 000 flows over 32 links formatted the
 * same 64 numbers in every row).
 */
static void
csv_link_text(struct csv_writer *w)
{
	size_t n = 0;

	for (size_t i = 1; i < w->n_links; i++)
		n += (size_t)snprintf(
			w->link_text + n, CSV_LINK_TEXT + 1, ",%llu,%llu",
			(unsigned long long)w->links[i - 1].queue_packets,
			(unsigned long long)w->links[i - 1].queue_bytes);
	w->link_text_len = n;
}

static void
csv_record_fields(FILE *out, const struct sim *sim, size_t flow)
{
	struct lag_snapshot lag;
	struct relay_snapshot r;

	sim_flow_lag(sim, flow, &lag);
	fprintf(out, ",%llu,%llu,%llu,%llu,",
		(unsigned long long)lag.records_written,
		(unsigned long long)lag.records_read,
		(unsigned long long)lag.lag_records,
		(unsigned long long)lag.lag_bytes);
	if (lag.time_lag_ns >= 0)
		fprintf(out, "%.3f", (double)lag.time_lag_ns / 1e6);
	fprintf(out, ",%d,", lag.shedding ? 1 : 0);
	if (lag.reader_relay == SIZE_MAX) {
		fputs(",,,,", out); /* the five relay fields, empty */
		return;
	}
	sim_relay_snapshot(sim, lag.reader_relay, &r);
	fprintf(out, "%s,%llu,%llu,%d,%llu", r.name,
		(unsigned long long)r.buffer_bytes,
		(unsigned long long)r.held_records, r.reading ? 1 : 0,
		(unsigned long long)r.dropped_bytes);
}

static void
csv_on_sample(void *ctx, const struct sim *sim, int64_t now_ns)
{
	struct csv_writer *w = ctx;
	struct link_snapshot link;
	struct flow_snapshot fs;
	char secs[24];
	char delay[32] = "";
	size_t secs_len;
	double elapsed_s;
	size_t i;

	if (!w->sampled) {
		w->n_flows = sim_flow_count(sim);
		w->last_delivered =
			xcalloc(w->n_flows, sizeof *w->last_delivered);
	}
	sim_link_snapshot(sim, &link);
	for (i = 1; i < w->n_links; i++)
		sim_link_snapshot_id(sim, i, &w->links[i - 1]);
	if (w->n_links > 1)
		csv_link_text(w);
	secs_len = format_seconds(secs, now_ns);
	if (w->latency)
		csv_queue_delay(w, &link, delay, sizeof delay);
	elapsed_s = time_to_seconds(now_ns - w->last_sample_ns);

	for (i = 0; i < w->n_flows; i++) {
		double goodput = 0.0;

		sim_flow_snapshot(sim, i, &fs);
		/* Over the last interval; the first row has no interval. */
		if (w->sampled && elapsed_s > 0.0)
			goodput = (double)(fs.delivered_bytes -
					   w->last_delivered[i]) *
				  8.0 / elapsed_s;
		w->last_delivered[i] = fs.delivered_bytes;

		csv_row(w->out, secs, secs_len, &fs, &link, goodput);
		if (w->latency)
			csv_latency_fields(w->out, sim, i, delay);
		if (w->records)
			csv_record_fields(w->out, sim, i);
		if (w->n_links > 1)
			fwrite(w->link_text, 1, w->link_text_len, w->out);
		putc('\n', w->out);
	}
	w->last_sample_ns = now_ns;
	w->sampled = true;
}

struct csv_writer *
csv_writer_attach(struct sim *sim, FILE *out, bool comments)
{
	struct csv_writer *w = xcalloc(1, sizeof *w);
	struct sim_observer obs = {.on_sample = csv_on_sample, .ctx = w};

	w->out = out;
	if (comments)
		csv_write_comments(out, sim_scenario(sim)->name, sim_seed(sim));
	w->latency = sim_reports_latency(sim_scenario(sim));
	w->records = scenario_uses_records(sim_scenario(sim));
	fputs(w->latency ? CSV_HEADER CSV_LATENCY_COLUMNS : CSV_HEADER, out);
	if (w->records)
		fputs(CSV_RECORD_COLUMNS, out);
	/* named links: their queues, after everything else */
	w->n_links = sim_link_count(sim);
	if (w->n_links > 1) {
		w->links = xcalloc(w->n_links - 1, sizeof *w->links);
		w->link_text = xmalloc((w->n_links - 1) * CSV_LINK_TEXT + 1);
	}
	for (size_t i = 1; i < w->n_links; i++)
		fprintf(out, ",queue_packets@%s,queue_bytes@%s",
			sim_link_name(sim, i), sim_link_name(sim, i));
	putc('\n', out);
	sim_add_observer(sim, &obs);
	return w;
}

void
csv_writer_free(struct csv_writer *w)
{
	if (w == NULL)
		return;
	free(w->last_delivered);
	free(w->links);
	free(w->link_text);
	free(w);
}
