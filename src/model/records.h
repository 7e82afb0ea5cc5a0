/* SPDX-License-Identifier: ISC */
/*
 * records.h: when the bytes held somewhere were written, for lag.
 *
 * A FIFO of runs of bytes, each with the time the chain's first producer
 * wrote it (its birth).  A flow keeps one for the bytes written into its
 * send buffer and not yet read from its receive buffer; a relay one for
 * the bytes it holds.  Bytes move from one FIFO to the next with their
 * births, so a consumer at the end of a chain of relays knows when the
 * producer at its start wrote what it has not read yet.
 *
 * A run is one write (or the part of it that moved on); neighbouring runs
 * of one birth are merged.  Memory grows with the writes held, never with
 * simulated time nor with the number of records in a write: 10 GiB held
 * in 64 KiB writes of 1 KiB records is 163 840 runs, not 10 million.
 *
 * Record counts come from stream offsets, not from here: a flow's records
 * are numbered from its first byte, record k holding bytes
 * [k * record_size, (k + 1) * record_size); relays forward whole records,
 * so the boundaries hold in every flow of a chain.
 */
#ifndef TCPSIM_RECORDS_H
#define TCPSIM_RECORDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Bytes written at one instant. */
struct records_run {
	uint64_t bytes;	  /* how many, still held here */
	int64_t birth_ns; /* when the chain's producer wrote them */
};

struct records_fifo {
	struct records_run *ring; /* cap runs, the oldest at head */
	size_t cap;		  /* allocated, 0 or a power of two */
	size_t head;		  /* index of the oldest run */
	size_t n;		  /* runs held */
	uint64_t bytes;		  /* bytes held in all */
};

void records_init(struct records_fifo *q);
void records_free(struct records_fifo *q);

/* `bytes` written at `birth_ns` join the tail. */
void records_push(struct records_fifo *q, uint64_t bytes, int64_t birth_ns);

/*
 * The oldest `bytes` leave; they join `to` with their births, or vanish
 * when `to` is NULL (read by an application, or discarded).  Taking more
 * than is held takes what is held.
 */
void records_move(struct records_fifo *q, uint64_t bytes,
		  struct records_fifo *to);

/* The birth of the oldest byte held, or INT64_MAX when empty. */
int64_t records_oldest(const struct records_fifo *q);

/*
 * Records of `record_size` bytes with their first byte below stream
 * offset `off`: a record counts where its first byte is.
 */
static inline uint64_t
records_below(uint64_t off, uint64_t record_size)
{
	return record_size == 0 ? 0 : (off + record_size - 1) / record_size;
}

#endif
