/* SPDX-License-Identifier: ISC */
/* csv.c: the time-series CSV (see csv.h). */
#include "config.h"

#include "trace/csv.h"

#include <stdbool.h>
#include <stdlib.h>

#include "scenario/scenario.h"
#include "sim/sim.h"
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
	uint64_t last_departed;	  /* link departures at the previous sample */
	double last_sojourn_ns;	  /* their summed sojourn then */
};

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

/* An unsigned field, or an empty one for "no value" (see csv.h). */
static void
csv_field_u64(FILE *out, uint64_t v, bool present)
{
	char digits[20];
	size_t n;

	putc(',', out);
	if (present) {
		n = format_u64(digits, v);
		fwrite(digits, 1, n, out);
	}
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

		fwrite(secs, 1, secs_len, w->out);
		putc(',', w->out);
		fputs(fs.name, w->out);
		csv_field_u64(w->out, fs.cwnd_bytes,
			      fs.cwnd_bytes != UINT64_MAX);
		csv_field_u64(w->out, fs.ssthresh_bytes,
			      fs.ssthresh_bytes != UINT64_MAX);
		csv_field_u64(w->out, fs.rwnd_bytes, true);
		csv_field_u64(w->out, fs.inflight_bytes, true);
		csv_field_u64(w->out, fs.send_buffer_bytes, true);
		csv_field_u64(w->out, fs.recv_buffer_bytes, true);
		csv_field_u64(w->out, link.queue_packets, true);
		csv_field_u64(w->out, link.queue_bytes, true);
		csv_field_u64(w->out, fs.delivered_bytes, true);
		csv_field_u64(w->out, fs.read_bytes, true);
		fprintf(w->out, ",%.0f,", goodput);
		if (fs.srtt_ns > 0)
			fprintf(w->out, "%.3f", (double)fs.srtt_ns / 1e6);
		fprintf(w->out, ",%.3f", (double)fs.rto_ns / 1e6);
		csv_field_u64(w->out, fs.retransmits, true);
		csv_field_u64(w->out, fs.drops, true);
		putc(',', w->out);
		fputs(limited_by_name(fs.limited_by), w->out);
		if (w->latency)
			csv_latency_fields(w->out, sim, i, delay);
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
	fputs(w->latency ? CSV_HEADER CSV_LATENCY_COLUMNS "\n"
			 : CSV_HEADER "\n",
	      out);
	sim_add_observer(sim, &obs);
	return w;
}

void
csv_writer_free(struct csv_writer *w)
{
	if (w == NULL)
		return;
	free(w->last_delivered);
	free(w);
}
