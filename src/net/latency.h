/* SPDX-License-Identifier: ISC */
/*
 * latency.h: a histogram of delays, for percentiles that cost the same
 * memory whatever the run's length (the architecture's rule: memory
 * follows what is in flight, never simulated time).
 *
 * Buckets are log-linear, as in HdrHistogram: every value under 512 ns
 * has its own bucket; above, each power of two is cut into 256 equal
 * buckets, so a bucket is never wider than 1/256 of its values (0.4 %).
 * Values of 2^40 ns (about 18 minutes) or more share the last bucket.
 * A percentile is reported as the largest value of its bucket (never
 * above the exact maximum, which is kept apart): a slight overstatement,
 * never an understatement.
 *
 * The buckets are kept in chunks of LATENCY_CHUNK, each allocated when a
 * value first falls in it: a flow's round trips span a few powers of two,
 * so a histogram takes a few KiB, not the 66 KiB of every bucket (which
 * 10 000 probe flows paid: 660 MB).
 */
#ifndef TCPSIM_LATENCY_H
#define TCPSIM_LATENCY_H

#include <stddef.h>
#include <stdint.h>

/* Buckets in all, see above. */
#define LATENCY_BUCKETS 8448
/* Buckets of a chunk: those of one power of two. */
#define LATENCY_CHUNK 256
#define LATENCY_CHUNKS (LATENCY_BUCKETS / LATENCY_CHUNK)

struct latency_hist {
	uint64_t **chunks; /* LATENCY_CHUNKS of them, each NULL until a value
			      falls in it; the array itself NULL before a
			      value */
	uint64_t n;	  /* values added */
	int64_t max_ns;	  /* the largest, exact */
	double sum_ns;	  /* their sum, for the mean */
};

void latency_init(struct latency_hist *h);
void latency_free(struct latency_hist *h);
void latency_add(struct latency_hist *h, int64_t ns);

/*
 * The nearest-rank percentile: the smallest bucket value v such that at
 * least ceil(pct/100 n) values are <= v, capped at the maximum; -1 when
 * there are no values.
 */
int64_t latency_percentile(const struct latency_hist *h, double pct);

/* The chunk that bucket latency_bucket(ns) is in (for the estimate). */
size_t latency_chunk(int64_t ns);

/* The bucket of a value and the largest value of a bucket (for tests). */
size_t latency_bucket(int64_t ns);
int64_t latency_bucket_top(size_t bucket);

#endif
