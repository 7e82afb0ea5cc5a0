/* SPDX-License-Identifier: ISC */
/*
 * history.h: what the strip charts plot, from the start of the run to now.
 *
 * The player adds one sample per flow every sample_interval (the
 * simulator's on_sample callback): goodput over the interval, cwnd and
 * rwnd; and the queue length.  Samples go into buckets of equal duration;
 * when the buckets run out, neighbours merge and each covers twice the
 * time.  So memory is fixed however long the run, the whole run stays
 * on the chart (the stall and the recovery side by side), and a chart
 * column is never finer than the data.
 */
#ifndef TCPSIM_HISTORY_H
#define TCPSIM_HISTORY_H

#include <stddef.h>
#include <stdint.h>

/* Buckets kept; a power of two, so merging halves them exactly. */
#define HISTORY_BUCKETS 1024

/*
 * Flows a chart draws (screen.c): the first ones of the scenario, which
 * share the series colours.  The player samples only these, so that a
 * scenario of 10000 flows costs neither memory nor time per sample.
 */
#define HISTORY_FLOWS_MAX 6

enum history_series {
	HISTORY_GOODPUT,  /* bit/s delivered in order, over the interval */
	HISTORY_CWND,	  /* bytes; NaN when cc = none */
	HISTORY_RWND,	  /* bytes, as last advertised to the sender */
	HISTORY_QUEUE,	  /* packets in the bottleneck queue (link-wide) */
	HISTORY_SSTHRESH, /* bytes; NaN while unbounded (before a loss) */
};

/* One flow's values at a sample. */
struct history_point {
	double goodput_bps;
	double cwnd_bytes;
	double rwnd_bytes;
	double ssthresh_bytes; /* NaN while unbounded */
};

struct history;

/* For `n_flows` flows sampled every `interval_ns`.  Aborts on no memory. */
struct history *history_create(size_t n_flows, int64_t interval_ns);
void history_free(struct history *h);

/* Forget every sample (a restart or a replay). */
void history_reset(struct history *h);

/* One sample at time `t_ns` (not before the previous one). */
void history_add(struct history *h, int64_t t_ns,
		 const struct history_point *flows, double queue_packets);

/* Time of the last sample, or -1 before the first. */
int64_t history_last_time(const struct history *h);

/*
 * The time span a chart of `columns` columns should cover at `now_ns`: the
 * run so far, but at least one sample interval per column, so that a
 * young run fills the chart from the left instead of stretching.
 */
int64_t history_span(const struct history *h, int columns, int64_t now_ns);

/*
 * `series` of `flow` (ignored for HISTORY_QUEUE) as `columns` values over
 * [0, span_ns): out[i] is the mean of the buckets that start within the
 * i-th of `columns` equal parts.  A part with no bucket start repeats the
 * value before it (a bucket wider than a column) while it lies within the
 * data, and is NaN past the last sample.
 */
void history_columns(const struct history *h, enum history_series series,
		     size_t flow, int columns, int64_t span_ns, double *out);

/*
 * Make `dst` the same as `src`, both created with the same flows and
 * interval (a snapshot for play's step back, ui/player.c).
 */
void history_copy(struct history *dst, const struct history *src);

#endif
