/* SPDX-License-Identifier: ISC */
/*
 * memory_estimate.h: how much memory a run of a scenario may need, from
 * its settings alone, before anything runs.
 *
 * A valid scenario can still ask for more memory than the machine has:
 * `queue = 1125899906842624 packets` with 1 GiB buffers and `mss = 1B`
 * lets a billion packets be in flight at once.  The estimate is an upper
 * bound built from the simulator's own data structures (sizeof of each,
 * and the rules by which their number is bounded), so that a front end
 * can refuse such a run with a message naming the keys responsible,
 * rather than let the system run out of memory.
 *
 * What grows during a run is what is in flight and queued, never the
 * simulated duration (architecture.md): packets (net/packet.h, a pool that
 * keeps its peak), each sender's records of the segments in flight and
 * each receiver's out-of-order ranges (tcp/sender.h, tcp/receiver.h), the
 * event queue.  The number of packets alive at once is bounded two ways:
 *   - by the windows: a flow has at most min(send_buffer, the largest
 *     window its receiver can advertise, write_total) bytes in flight,
 *     in segments of at least mss bytes (Nagle keeps at most one smaller
 *     segment out; without Nagle, segments of a write are at least
 *     write_size / ceil(write_size / mss), and without SWS avoidance on
 *     either side 1 byte); each segment is counted twice, for a
 *     retransmitted copy or the ACK that answers it;
 *   - by the network, for flows with congestion control when the ACK path
 *     keeps up with the data path: losses at the queue hold the windows
 *     near what the path holds, queue + rate x RTT, and slow start
 *     overshoots that at most twofold; four times that is counted, for
 *     copies and ACKs, plus twice the initial windows.  Congestion control
 *     `none`, or an ACK path slower than the ACKs, leaves the window bound.
 * Timeline entries count too: the largest buffer, rate, delay and queue a
 * run will see, and the smallest write_size.
 *
 * The bound is reached only by runs long enough for the windows to open
 * fully: a short run of a hostile scenario may stay far below it.  For the
 * scenarios of a lesson it is within a small factor of the resident size
 * a run reaches (tests/test_memory.c compares both).
 */
#ifndef TCPSIM_MEMORY_ESTIMATE_H
#define TCPSIM_MEMORY_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct scenario;

/* Contributors kept in an estimate; the others count in the total only. */
#define MEMORY_ESTIMATE_PARTS 8

/* One contributor: what needs the memory and which keys decide it. */
struct memory_part {
	char text[320]; /* "flow a: send_buffer = 1GiB with mss = 1B: ..." */
	uint64_t bytes; /* its share of the total */
};

struct memory_estimate {
	uint64_t total_bytes;	    /* every contributor, listed or not */
	uint64_t packets;	    /* most packets alive at once */
	uint64_t packet_pool_bytes; /* what the packet pool holds for them */
	size_t n_parts;		    /* contributors listed in parts[] */
	struct memory_part parts[MEMORY_ESTIMATE_PARTS]; /* largest first */
};

/*
 * Estimate the peak memory of a run of `sc`, which must have passed
 * scenario_validate().  Sums saturate at UINT64_MAX instead of wrapping.
 */
void memory_estimate_compute(const struct scenario *sc,
			     struct memory_estimate *out);

/*
 * 0 when the estimate fits in `budget_bytes`; otherwise print to `errs`
 *   tcpsim: FILE: the run would need about 64 GiB of memory, more than
 *   the budget of 12 GiB (--max-memory); mostly:
 *       304 GiB  flow a: receive_buffer = 1GiB ... with mss = 1B: ...
 *   Lower those settings, or raise --max-memory (...).
 * naming the main contributors, and return -1.  `scenario_name` is shown
 * escaped (util/escape.h).
 */
int memory_estimate_check(const struct memory_estimate *est,
			  uint64_t budget_bytes, const char *scenario_name,
			  FILE *errs);

/* "3.1 MiB", "64 GiB", "512 B": a size for people, about, binary units. */
char *memory_format_bytes(char *buf, size_t size, uint64_t bytes);

/* The machine's physical memory in bytes, or 0 when it cannot be told. */
uint64_t memory_physical_bytes(void);

#endif
