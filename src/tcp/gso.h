/* SPDX-License-Identifier: ISC */
/*
 * gso.h: how many segments Linux's sender puts in one packet (gso =
 * linux).
 *
 * Linux's TCP hands the device packets of several segments (TSO, or GSO
 * in software when the device cannot), sized by tcp_tso_autosize(): what
 * the pacing rate sends in about a millisecond, more on short paths, at
 * most 64 KiB, at least tcp_min_tso_segs (2).  __tcp_transmit_skb() sets
 * PSH on every packet of two or more segments, which after segmentation
 * is the last segment's flag; a packet of one segment keeps only the PSH
 * its write gave it.  The segments on the wire are the same either way:
 * what the model takes from this is where PSH falls, which decides when
 * a Linux receiver ACKs a segment that arrives alone (receiver.c).
 */
#ifndef TCPSIM_GSO_H
#define TCPSIM_GSO_H

#include <stdint.h>

/* tcp_min_tso_segs: no packet is sized below this many segments. */
#define GSO_LINUX_MIN_SEGS 2u

/* The largest packet, bytes: GSO_LEGACY_MAX_SIZE (64 KiB) less the
 * header room Linux keeps (MAX_TCP_HEADER + 1, 321 B on a common
 * build). */
#define GSO_LINUX_MAX_BYTES (65536u - 321u)

/* sk_pacing_shift: a packet is about 2^-10 s of the pacing rate. */
#define GSO_PACING_SHIFT 10
/* tcp_tso_rtt_log: the short-path allowance halves per 2^9 us of min
 * RTT. */
#define GSO_RTT_LOG 9

/*
 * The pacing rate Linux computes (tcp_update_pacing_rate()), bytes per
 * second: cwnd segments (or the segments in flight, if more) per SRTT,
 * times 2 in slow start below half of ssthresh, else times 1.2.  All in
 * bytes and nanoseconds; 0 without an RTT sample.
 */
static inline uint64_t
gso_linux_pacing_rate(uint64_t cwnd, uint64_t ssthresh, uint64_t inflight,
		      uint32_t mss, int64_t srtt_ns)
{
	/* tcp_pacing_ss_ratio and tcp_pacing_ca_ratio, percent */
	uint64_t ratio = cwnd < ssthresh / 2 ? 200 : 120;
	uint64_t window = cwnd > inflight ? cwnd : inflight;

	double rate;

	if (srtt_ns <= 0 || mss == 0)
		return 0;
	/* window bytes per SRTT, times ratio / 100, in bytes per second; a
	 * double is exact enough: only rate / 1024 / MSS matters */
	rate = (double)window * (double)ratio * 1e7 / (double)srtt_ns;
	return rate >= 1.8e19 ? UINT64_MAX : (uint64_t)rate;
}

/*
 * Is gso_linux_pacing_rate() at least `y` bytes per second (y below
 * 2^53)?  1: surely, 0: surely not, -1: too close to tell without the
 * rate itself.  The dividend compared with y times SRTT, with a margin
 * of 2^-50 that covers the roundings of the product and of the rate's
 * own division: a packet's size needs no floating-point division when
 * the rate is far from the edge, which is nearly always.
 */
static inline int
gso_linux_pacing_at_least(uint64_t cwnd, uint64_t ssthresh, uint64_t inflight,
			  uint32_t mss, int64_t srtt_ns, uint64_t y)
{
	uint64_t ratio = cwnd < ssthresh / 2 ? 200 : 120;
	uint64_t window = cwnd > inflight ? cwnd : inflight;
	double a, p;

	if (srtt_ns <= 0 || mss == 0)
		return y == 0;			  /* the rate is 0 */
	a = (double)window * (double)ratio * 1e7; /* as the rate's */
	p = (double)y * (double)srtt_ns;
	if (a >= p * (1 + 0x1p-50))
		return 1;
	if (a <= p * (1 - 0x1p-50))
		return 0;
	return -1;
}

/*
 * tcp_tso_autosize(): segments per packet for a pacing rate (bytes per
 * second) and a minimum RTT (0: none yet): rate >> 10 (about 1 ms of
 * it), plus 64 KiB >> (min RTT / 512 us) when that shift is below 32, at
 * most GSO_LINUX_MAX_BYTES (gso_linux_autosize_bytes()), in whole MSS,
 * at least GSO_LINUX_MIN_SEGS.  Inline, as the pacing rate: the sender
 * asks for most packets, and mostly only compares with the bytes.
 */
/* The short-path allowance of tcp_tso_autosize(), bytes. */
static inline uint64_t
gso_linux_allowance(int64_t min_rtt_ns)
{
	if (min_rtt_ns > 0) {
		uint64_t r = (uint64_t)(min_rtt_ns / 1000) >> GSO_RTT_LOG;

		if (r < 32)
			return GSO_LINUX_MAX_BYTES >> r;
	}
	return 0;
}

static inline uint64_t
gso_linux_autosize_bytes(uint64_t pacing_rate, int64_t min_rtt_ns)
{
	uint64_t bytes = (pacing_rate >> GSO_PACING_SHIFT) +
			 gso_linux_allowance(min_rtt_ns);

	return bytes > GSO_LINUX_MAX_BYTES ? GSO_LINUX_MAX_BYTES : bytes;
}

static inline uint32_t
gso_linux_segs(uint64_t pacing_rate, int64_t min_rtt_ns, uint32_t mss)
{
	uint64_t bytes = gso_linux_autosize_bytes(pacing_rate, min_rtt_ns);
	uint64_t segs;

	segs = mss > 0 ? bytes / mss : 0;
	return segs < GSO_LINUX_MIN_SEGS ? GSO_LINUX_MIN_SEGS : (uint32_t)segs;
}

/*
 * tcp_xmit_size_goal(): the most bytes Linux's sendmsg puts in one buffer
 * of the write queue (an skb) before it starts another: the GSO maximum,
 * or half the largest window the receiver offered (tcp_bound_to_half_wnd,
 * when that window is above 536 B), whichever is less, in whole MSS, at
 * least one.  A write that finds the last buffer unsent and not full
 * appends to it (and takes the PSH the previous write left there).
 */
uint64_t gso_linux_size_goal(uint64_t max_window, uint32_t mss);

#endif
