/* SPDX-License-Identifier: ISC */
/* latency.c: a log-linear histogram of delays; see latency.h. */
#include "net/latency.h"

#include <math.h>
#include <stdlib.h>

#include "util/xmalloc.h"

/* 2^LATENCY_SUB_BITS buckets per power of two above 2^(SUB_BITS+1). */
#define LATENCY_SUB_BITS 8
#define LATENCY_SUB	 (1 << LATENCY_SUB_BITS)
#define LATENCY_EXACT	 (2 * LATENCY_SUB) /* values with their own bucket */
#define LATENCY_CAP_NS	 (INT64_C(1) << 40)

/* a chunk is one power of two's buckets (the exact ones: two chunks) */
_Static_assert(LATENCY_CHUNK == LATENCY_SUB &&
		       LATENCY_BUCKETS % LATENCY_CHUNK == 0 &&
		       LATENCY_BUCKETS ==
			       LATENCY_EXACT + 31 * LATENCY_SUB,
	       "latency chunks");

void
latency_init(struct latency_hist *h)
{
	h->chunks = NULL;
	h->n = 0;
	h->max_ns = 0;
	h->sum_ns = 0.0;
}

void
latency_free(struct latency_hist *h)
{
	if (h->chunks != NULL)
		for (size_t i = 0; i < LATENCY_CHUNKS; i++)
			xfree(h->chunks[i]);
	xfree(h->chunks);
	latency_init(h);
}

size_t
latency_bucket(int64_t ns)
{
	uint64_t v;
	int top = 0;
	int shift;

	if (ns < 0)
		ns = 0;
	if (ns >= LATENCY_CAP_NS)
		ns = LATENCY_CAP_NS - 1;
	v = (uint64_t)ns;
	if (v < LATENCY_EXACT)
		return (size_t)v;
	while ((v >> top) > 1)
		top++;
	/* v in [2^top, 2^(top+1)), top >= SUB_BITS + 1 */
	shift = top - LATENCY_SUB_BITS;
	return (size_t)(LATENCY_EXACT + (shift - 1) * LATENCY_SUB +
			(int)((v >> shift) - LATENCY_SUB));
}

int64_t
latency_bucket_top(size_t bucket)
{
	size_t above;
	int shift;
	uint64_t mantissa;

	if (bucket < LATENCY_EXACT)
		return (int64_t)bucket;
	above = bucket - LATENCY_EXACT;
	shift = (int)(above / LATENCY_SUB) + 1;
	mantissa = above % LATENCY_SUB + LATENCY_SUB;
	return (int64_t)(((mantissa + 1) << shift) - 1);
}

void
latency_add(struct latency_hist *h, int64_t ns)
{
	size_t b = latency_bucket(ns);
	uint64_t **chunk;

	if (h->chunks == NULL)
		h->chunks = xcalloc(LATENCY_CHUNKS, sizeof *h->chunks);
	chunk = &h->chunks[b / LATENCY_CHUNK];
	if (*chunk == NULL)
		*chunk = xcalloc(LATENCY_CHUNK, sizeof **chunk);
	(*chunk)[b % LATENCY_CHUNK]++;
	if (h->n == 0 || ns > h->max_ns)
		h->max_ns = ns;
	h->n++;
	h->sum_ns += (double)ns;
}

int64_t
latency_percentile(const struct latency_hist *h, double pct)
{
	uint64_t rank, seen = 0;
	size_t b;

	if (h->n == 0)
		return -1;
	rank = (uint64_t)ceil(pct / 100.0 * (double)h->n);
	if (rank < 1)
		rank = 1;
	if (rank > h->n)
		rank = h->n;
	for (b = 0; b < LATENCY_BUCKETS; b++) {
		const uint64_t *chunk = h->chunks[b / LATENCY_CHUNK];

		if (chunk == NULL) { /* no value in it */
			b += LATENCY_CHUNK - 1;
			continue;
		}
		seen += chunk[b % LATENCY_CHUNK];
		if (seen >= rank) {
			int64_t top = latency_bucket_top(b);

			return top < h->max_ns ? top : h->max_ns;
		}
	}
	return h->max_ns;
}

size_t
latency_chunk(int64_t ns)
{
	return latency_bucket(ns) / LATENCY_CHUNK;
}
