/* SPDX-License-Identifier: ISC */
/* history.c: samples for the strip charts in merging buckets (history.h). */
#include "ui/history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* Values per bucket: four per flow, then the queue. */
#define PER_FLOW 4

struct history {
	size_t n_flows;	     /* flows sampled */
	size_t stride;	     /* doubles per bucket: PER_FLOW * n_flows + 1 */
	int64_t interval_ns; /* sample spacing, the first bucket width */
	int64_t width_ns;    /* time a bucket covers now */
	size_t used;	     /* buckets holding samples: 0..used-1 */
	int64_t last_ns;     /* time of the last sample, -1 before */
	double *sums;	     /* HISTORY_BUCKETS * stride sums */
	unsigned *counts;    /* samples in each bucket */
};

struct history *
history_create(size_t n_flows, int64_t interval_ns)
{
	struct history *h = xcalloc(1, sizeof *h);

	h->n_flows = n_flows;
	h->stride = PER_FLOW * n_flows + 1;
	h->interval_ns = interval_ns > 0 ? interval_ns : 1;
	h->sums = xcalloc(HISTORY_BUCKETS * h->stride, sizeof *h->sums);
	h->counts = xcalloc(HISTORY_BUCKETS, sizeof *h->counts);
	history_reset(h);
	return h;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	free(h->sums);
	free(h->counts);
	free(h);
}

void
history_reset(struct history *h)
{
	memset(h->sums, 0, HISTORY_BUCKETS * h->stride * sizeof *h->sums);
	memset(h->counts, 0, HISTORY_BUCKETS * sizeof *h->counts);
	h->width_ns = h->interval_ns;
	h->used = 0;
	h->last_ns = -1;
}

/* Pairs of buckets become one: each now covers twice the time. */
static void
history_merge(struct history *h)
{
	size_t i, k, half = HISTORY_BUCKETS / 2;

	for (i = 0; i < half; i++) {
		double *dst = &h->sums[i * h->stride];
		const double *a = &h->sums[2 * i * h->stride];
		const double *b = &h->sums[(2 * i + 1) * h->stride];

		for (k = 0; k < h->stride; k++)
			dst[k] = a[k] + b[k];
		h->counts[i] = h->counts[2 * i] + h->counts[2 * i + 1];
	}
	memset(&h->sums[half * h->stride], 0,
	       half * h->stride * sizeof *h->sums);
	memset(&h->counts[half], 0, half * sizeof *h->counts);
	h->width_ns *= 2;
	h->used = (h->used + 1) / 2;
}

void
history_add(struct history *h, int64_t t_ns, const struct history_point *flows,
	    double queue_packets)
{
	size_t b, f;
	double *sum;

	if (t_ns < 0)
		t_ns = 0;
	while ((uint64_t)(t_ns / h->width_ns) >= HISTORY_BUCKETS)
		history_merge(h);
	b = (size_t)(t_ns / h->width_ns);
	sum = &h->sums[b * h->stride];
	for (f = 0; f < h->n_flows; f++) {
		sum[PER_FLOW * f + 0] += flows[f].goodput_bps;
		sum[PER_FLOW * f + 1] += flows[f].cwnd_bytes;
		sum[PER_FLOW * f + 2] += flows[f].rwnd_bytes;
		sum[PER_FLOW * f + 3] += flows[f].ssthresh_bytes;
	}
	sum[h->stride - 1] += queue_packets;
	h->counts[b]++;
	if (b + 1 > h->used)
		h->used = b + 1;
	h->last_ns = t_ns;
}

int64_t
history_last_time(const struct history *h)
{
	return h->last_ns;
}

int64_t
history_span(const struct history *h, int columns, int64_t now_ns)
{
	int64_t least = h->interval_ns * (columns > 0 ? columns : 1);

	return now_ns > least ? now_ns : least;
}

static size_t
series_index(const struct history *h, enum history_series series, size_t flow)
{
	switch (series) {
	case HISTORY_GOODPUT:
		return PER_FLOW * flow + 0;
	case HISTORY_CWND:
		return PER_FLOW * flow + 1;
	case HISTORY_RWND:
		return PER_FLOW * flow + 2;
	case HISTORY_SSTHRESH:
		return PER_FLOW * flow + 3;
	case HISTORY_QUEUE:
		break;
	}
	return h->stride - 1;
}

void
history_columns(const struct history *h, enum history_series series,
		size_t flow, int columns, int64_t span_ns, double *out)
{
	size_t idx = series_index(h, series, flow);
	double last = NAN;
	size_t b = 0;
	int i;

	if (span_ns <= 0)
		span_ns = 1;
	for (i = 0; i < columns; i++) {
		/* [start, end) of this column, in 128-bit to avoid overflow */
		int64_t end = (int64_t)((__int128)span_ns * (i + 1) / columns);
		int64_t start = (int64_t)((__int128)span_ns * i / columns);
		double sum = 0;
		unsigned count = 0;

		/* buckets are visited once, in order: those starting before
		 * `end` and not taken by an earlier column */
		while (b < h->used && (int64_t)b * h->width_ns < end) {
			sum += h->sums[b * h->stride + idx];
			count += h->counts[b];
			b++;
		}
		if (count > 0)
			last = sum / count;
		else if (h->last_ns < 0 || start > h->last_ns)
			last = NAN;
		out[i] = last;
	}
}

void
history_copy(struct history *dst, const struct history *src)
{
	double *sums = dst->sums;
	unsigned *counts = dst->counts;

	memcpy(sums, src->sums, HISTORY_BUCKETS * src->stride * sizeof *sums);
	memcpy(counts, src->counts, HISTORY_BUCKETS * sizeof *counts);
	*dst = *src;
	dst->sums = sums;
	dst->counts = counts;
}
