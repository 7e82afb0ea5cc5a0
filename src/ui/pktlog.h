/* SPDX-License-Identifier: ISC */
/*
 * pktlog.h: the latest packets of each charted flow, for the views of
 * `tcpsim play` that draw single packets (view_tsg.h, view_ladder.h).
 *
 * One record per packet: a data segment from the moment it leaves the
 * sender (the capture point, on_packet) until it reaches the receiver
 * (a deliver event) or dies (a drop event); an ACK from the moment the
 * receiver sends it (an ack, window_update or zero_window event) until
 * it reaches the sender (on_packet, which brings its SACK blocks).  So a
 * record knows both of its ends, which neither the events nor the
 * capture alone do.
 *
 * Each flow keeps its last `capacity` records in a ring of fixed size
 * (PKTLOG_CAPACITY in play): memory does not grow with the run.  Only
 * the first `n_flows` flows are recorded (play records those its charts
 * draw, HISTORY_FLOWS_MAX), so that 10000 flows cost nothing.
 *
 * Sequence numbers are kept relative to the flow's ISN (the first data
 * byte is 1) and unwrapped to 64 bits against the highest seen, so that
 * a run past 4 GiB, or one that starts just below the 2^32 wrap, still
 * climbs.
 *
 * Matching an end to its record: data segments and ACKs of a flow travel
 * in order (one FIFO path each way, constant delays), so an arrival is
 * the oldest record in flight with its numbers; a drop-tail drop is the
 * newest, so drops are looked for from the newest back.  Each search is
 * bounded by the ring; an end whose record has left the ring is ignored.
 * A ring counts its records that left it still flying: while there are
 * such, an arrival is one of theirs (arrivals come in the order sent), so
 * a window larger than the ring costs no search per arrival; a drop is
 * looked for in the ring first, since it may come before the ends of
 * older packets still crossing the path.  A table counts the ring's
 * flying data records by number, so that a drop whose packet left the
 * ring (a link's random loss of a packet sent a window ago) is known as
 * such without a search, and one in it is found at once.
 */
#ifndef TCPSIM_PKTLOG_H
#define TCPSIM_PKTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"

/* Records per flow in play: a few windows of a fast flow. */
#define PKTLOG_CAPACITY 4096

/* SACK blocks a record keeps: all an ACK carries (TRACE_SACK_MAX). */
#define PKTLOG_SACK_MAX TRACE_SACK_MAX

enum pktlog_kind {
	PKTLOG_DATA, /* a data segment (probes and retransmissions too) */
	PKTLOG_ACK,  /* an ACK from the receiver */
};

enum pktlog_fate {
	PKTLOG_FLYING,	/* on its way */
	PKTLOG_ARRIVED, /* reached the other end at end_ns */
	PKTLOG_DROPPED, /* died on the way at end_ns (queue or link) */
};

struct pktlog_rec {
	int64_t sent_ns; /* left its sender: data the sender, an ACK the
			    receiver */
	int64_t end_ns;	 /* arrived or dropped; 0 while flying */
	uint64_t seq;	 /* data: its first byte; ACK: the cumulative ACK;
			    relative to the ISN, unwrapped */
	uint64_t win;	 /* ACK: the window advertised, in bytes (scaled) */
	uint32_t len;	 /* data: payload bytes */
	uint32_t sack_left[PKTLOG_SACK_MAX];  /* ACK: each block's first
						 byte, as seq + this (most
						 recent first) */
	uint32_t sack_right[PKTLOG_SACK_MAX]; /* ACK: the byte after each
						 block, as seq + this */
	uint8_t kind;			      /* enum pktlog_kind */
	uint8_t fate;			      /* enum pktlog_fate */
	uint8_t n_sack;	 /* ACK: blocks kept (known once it arrived) */
	bool retransmit; /* data: sent before */
	bool probe;	 /* data: a zero-window probe */
};

struct pktlog;

/*
 * A log of flows 0 .. n_flows - 1, each keeping its last `capacity`
 * records (at least 1).  Aborts on no memory.
 */
struct pktlog *pktlog_create(size_t n_flows, size_t capacity);
void pktlog_free(struct pktlog *log);

/* The ISN of `flow` (sequence numbers are kept relative to it). */
void pktlog_set_isn(struct pktlog *log, size_t flow, uint32_t isn);

/* Forget every record (a restart or a replay); the ISNs stay. */
void pktlog_reset(struct pktlog *log);

/* A log of the same shape (pktlog_create with src's flows and capacity),
 * and `dst` made equal to `src`: play's snapshots keep the packets seen
 * up to the instant they were taken. */
struct pktlog *pktlog_dup(const struct pktlog *src);
void pktlog_copy(struct pktlog *dst, const struct pktlog *src);
/* The bytes a copy holds. */
size_t pktlog_bytes(const struct pktlog *log);
/* The log packed (util/pack.h) into a new buffer of *size bytes (NULL
 * without packing or memory), and put back into a log of the same shape
 * (false if `packed` is not that): a smaller snapshot than a copy. */
void *pktlog_pack(const struct pktlog *log, size_t *size);
bool pktlog_unpack(struct pktlog *log, const void *packed, size_t size);

/* The observer's callbacks, forwarded (other flows and kinds: ignored). */
void pktlog_on_event(struct pktlog *log, const struct trace_event *ev);
void pktlog_on_packet(struct pktlog *log, const struct trace_packet *pkt);

/* Flows recorded, and the ring's size. */
size_t pktlog_flows(const struct pktlog *log);
size_t pktlog_capacity(const struct pktlog *log);

/* Records of `flow` kept (at most the capacity; 0 for a flow not kept). */
size_t pktlog_count(const struct pktlog *log, size_t flow);

/* Records of `flow` since the start, kept or not. */
uint64_t pktlog_total(const struct pktlog *log, size_t flow);

/* The i-th record kept of `flow`, oldest first (i < pktlog_count()). */
const struct pktlog_rec *pktlog_get(const struct pktlog *log, size_t flow,
				    size_t i);

/*
 * The one-way time of the latest packet of `kind` of `flow` that
 * arrived (queueing included), or -1 before one has.
 */
int64_t pktlog_transit(const struct pktlog *log, size_t flow,
		       enum pktlog_kind kind);

/* A 32-bit relative number unwrapped to the 64-bit one nearest `ref`. */
uint64_t pktlog_unwrap(uint32_t rel, uint64_t ref);

#endif
