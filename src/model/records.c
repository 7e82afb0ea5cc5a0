/* SPDX-License-Identifier: ISC */
/* records.c: births of the bytes held, for lag; see records.h. */
#include "model/records.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
records_init(struct records_fifo *q)
{
	memset(q, 0, sizeof *q);
}

void
records_free(struct records_fifo *q)
{
	xfree(q->ring);
	memset(q, 0, sizeof *q);
}

/* Double the ring, the runs kept in order from index 0. */
static void
records_grow(struct records_fifo *q)
{
	size_t cap = q->cap ? q->cap * 2 : 16;
	struct records_run *ring = xreallocarray(NULL, cap, sizeof *ring);

	for (size_t i = 0; i < q->n; i++)
		ring[i] = q->ring[(q->head + i) & (q->cap - 1)];
	xfree(q->ring);
	q->ring = ring;
	q->cap = cap;
	q->head = 0;
}

void
records_push(struct records_fifo *q, uint64_t bytes, int64_t birth_ns)
{
	struct records_run *tail;

	if (bytes == 0)
		return;
	q->bytes += bytes;
	if (q->n > 0) {
		tail = &q->ring[(q->head + q->n - 1) & (q->cap - 1)];
		if (tail->birth_ns == birth_ns) {
			tail->bytes += bytes;
			return;
		}
	}
	if (q->n == q->cap)
		records_grow(q);
	tail = &q->ring[(q->head + q->n) & (q->cap - 1)];
	tail->bytes = bytes;
	tail->birth_ns = birth_ns;
	q->n++;
}

void
records_move(struct records_fifo *q, uint64_t bytes, struct records_fifo *to)
{
	while (bytes > 0 && q->n > 0) {
		struct records_run *head = &q->ring[q->head];
		uint64_t n = head->bytes < bytes ? head->bytes : bytes;

		if (to != NULL)
			records_push(to, n, head->birth_ns);
		head->bytes -= n;
		q->bytes -= n;
		bytes -= n;
		if (head->bytes == 0) {
			q->head = (q->head + 1) & (q->cap - 1);
			q->n--;
		}
	}
}

int64_t
records_oldest(const struct records_fifo *q)
{
	return q->n > 0 ? q->ring[q->head].birth_ns : INT64_MAX;
}
