/* SPDX-License-Identifier: ISC */
/* gso.c: segments per packet as Linux sizes them; see gso.h. */
#include "tcp/gso.h"

/* sk_pacing_shift: a packet is about 2^-10 s of the pacing rate. */
#define GSO_PACING_SHIFT 10
/* tcp_tso_rtt_log: the short-path allowance halves per 2^9 us of min
 * RTT. */
#define GSO_RTT_LOG 9

uint64_t
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

uint32_t
gso_linux_segs(uint64_t pacing_rate, int64_t min_rtt_ns, uint32_t mss)
{
	uint64_t bytes = pacing_rate >> GSO_PACING_SHIFT;
	uint64_t segs;

	if (min_rtt_ns > 0) {
		uint64_t r = (uint64_t)(min_rtt_ns / 1000) >> GSO_RTT_LOG;

		if (r < 32)
			bytes += GSO_LINUX_MAX_BYTES >> r;
	}
	if (bytes > GSO_LINUX_MAX_BYTES)
		bytes = GSO_LINUX_MAX_BYTES;
	segs = mss > 0 ? bytes / mss : 0;
	return segs < GSO_LINUX_MIN_SEGS ? GSO_LINUX_MIN_SEGS : (uint32_t)segs;
}

uint64_t
gso_linux_size_goal(uint64_t max_window, uint32_t mss)
{
	uint64_t goal = GSO_LINUX_MAX_BYTES;

	if (max_window > 536 && max_window / 2 < goal)
		goal = max_window / 2;
	if (mss == 0)
		return 1;
	goal = goal / mss * mss;
	return goal < mss ? mss : goal;
}
