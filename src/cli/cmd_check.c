/* SPDX-License-Identifier: ISC */
/*
 * cmd_check.c: `tcpsim check`: validate a scenario and say what to expect.
 *
 * Everything here is computed from the settings alone, with the formulas a
 * lesson uses (../shared/design/properties.md):
 *   base RTT   = 2 (delay + extra_delay) + (mss + header) 8 / rate
 *                + header 8 / reverse_rate          (one data packet, one ACK)
 *   BDP        = rate x base RTT, in bytes and in packets of mss + header
 *   payload    = rate x mss / (mss + header)        (headers cost capacity)
 * and per flow the goodput each limit allows; the smallest binds.  With
 * random loss p, congestion control adds one more limit, the estimate of
 * Mathis, Semke, Mahdavi and Ott (1997) for a sawtooth that halves at
 * each loss and grows one segment per b RTTs:
 *   goodput    = (mss / base RTT) x sqrt(3 / (2 b)) / sqrt(p)
 * with b = 2 segments per ACK when delayed_ack is on, else 1 (and 1 with
 * byte_counting, which grows one segment per RTT whatever the ACKs).  The
 * estimate ignores queueing delay and timeouts: it is what to expect,
 * which `tcpsim run` then confirms or refutes.
 */
#include "cli/cli.h"
#include "cli/check_path.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/lesson.h"
#include "scenario/scenario.h"
#include "model/memory_estimate.h"
#include "model/sim.h"
#include "sim/time.h"
#include "trace/format.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* What can limit a flow's goodput, in the order ties are resolved. */
enum check_limit {
	LIMIT_LINK,   /* its share of the bottleneck's payload rate */
	LIMIT_RWND,   /* receive window per RTT */
	LIMIT_SNDBUF, /* send buffer per RTT */
	LIMIT_READER, /* read_rate x readers */
	LIMIT_WRITER, /* write_rate */
	LIMIT_LOSS,   /* random loss: the Mathis estimate */
	LIMIT_COUNT
};

static const char *const check_limit_label[LIMIT_COUNT] = {
	[LIMIT_LINK] = "link share",	[LIMIT_RWND] = "receive window",
	[LIMIT_SNDBUF] = "send buffer", [LIMIT_READER] = "reader",
	[LIMIT_WRITER] = "writer",	[LIMIT_LOSS] = "random loss",
};

/* A rate in bit/s as a double; "unlimited" stays recognizable as 2^64. */
static double
check_rate(uint64_t bps)
{
	return (double)bps;
}

static bool
check_unlimited(double bps)
{
	return bps >= 18446744073709551615.0;
}

/* The link that limits flow f: its path's slowest (check_path.h), or the
 * default link for a flow with no path. */
static const struct link_config *
check_flow_link(const struct scenario *sc, const struct flow_config *f)
{
	struct check_path p;

	if (f->n_path == 0)
		return &sc->link;
	check_path_compute(sc, f, &p);
	return scenario_link(sc, p.bottleneck);
}

/* A full data packet of f on that link, headers included. */
static uint64_t
check_flow_packet(const struct scenario *sc, const struct flow_config *f)
{
	struct check_path p;

	if (f->n_path == 0)
		return (uint64_t)f->mss + scenario_packet_overhead(sc, f);
	check_path_compute(sc, f, &p);
	return check_path_packet(sc, f, p.bottleneck);
}

/* Base RTT of one flow, in ns: propagation both ways, one data packet, one ACK.
 */
static int64_t
check_base_rtt_ns(const struct scenario *sc, const struct flow_config *f)
{
	const struct link_config *l = &sc->link;

	if (f->n_path > 0) { /* each link of the path: check_path.h */
		struct check_path p;

		check_path_compute(sc, f, &p);
		return p.base_rtt_ns;
	}

	return 2 * (l->delay_ns + f->extra_delay_ns) +
	       time_for_bytes((uint64_t)f->mss +
				      scenario_packet_overhead(sc, f),
			      l->rate_bps, NULL) +
	       time_for_bytes(scenario_packet_overhead(sc, f),
			      l->reverse_rate_bps, NULL);
}

/* Mathis's b: segments acknowledged per window increment of one segment
 * per ACK.  Byte counting (RFC 3465) grows one segment per RTT whatever
 * the ACKs, as with b = 1. */
static int
check_mathis_b(const struct flow_config *f)
{
	return f->delayed_ack && !f->byte_counting ? 2 : 1;
}

/*
 * The Mathis et al. (1997) estimate of a congestion-controlled flow's
 * goodput under random loss p, in bit/s: (mss / RTT) sqrt(3 / (2 b)) /
 * sqrt(p), b = 2 segments per ACK with delayed ACKs.  Unlimited without
 * loss, and with cc = none (no window to halve).
 */
static double
check_mathis(double p, const struct flow_config *f, double rtt_s)
{
	double b = check_mathis_b(f);

	if (!(p > 0) || f->cc == CC_NONE || !(rtt_s > 0))
		return check_rate(SCENARIO_UNLIMITED);
	return (double)f->mss * 8.0 / rtt_s * sqrt(3.0 / (2.0 * b)) / sqrt(p);
}

/*
 * The largest window the receiver can advertise, in whole segments: the
 * sender's SWS avoidance keeps only full segments in flight, so
 * floor(window / mss) * mss is what one RTT carries.
 */
static uint64_t
check_window_bytes(const struct flow_config *f)
{
	uint64_t w = f->receive_buffer;

	if (!f->window_scale && w > 65535)
		w = 65535;
	return w / f->mss * f->mss;
}

static void
check_print_link(const struct scenario *sc)
{
	const struct link_config *l = &sc->link;
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];

	printf("simulation  %s, seed %llu, a sample every %s\n",
	       format_time(a, sizeof a, sc->sim.duration_ns),
	       (unsigned long long)sc->sim.seed,
	       format_time(b, sizeof b, sc->sim.sample_interval_ns));
	if (l->queue_in_packets)
		snprintf(c, sizeof c, "%llu packets",
			 (unsigned long long)l->queue_limit);
	else
		format_size(c, sizeof c, l->queue_limit);
	printf("link        %s, %s each way, queue %s, ",
	       format_rate(a, sizeof a, check_rate(l->rate_bps)),
	       format_time(b, sizeof b, l->delay_ns), c);
	if (l->loss > 0)
		printf("%s random loss,\n",
		       format_percent(d, sizeof d, l->loss));
	else
		printf("no random loss,\n");
	printf("            %s of headers per packet, ACK path %s\n",
	       format_size(a, sizeof a, l->header_bytes),
	       format_rate(b, sizeof b, check_rate(l->reverse_rate_bps)));
	/* [link NAME]s, after the default link */
	for (size_t i = 1; i < scenario_link_count(sc); i++)
		check_path_print_link(sc, i);
}

/*
 * The window exceeds the BDP: what follows, as a condition rather than a
 * promise.  Congestion control starts below the BDP and may never reach it
 * in a short run (slow-start.ini, cubic-vs-newreno.ini), and a small queue
 * caps how much the RTT can grow (small-buffer.ini): say both.
 */
static void
check_print_excess(const struct scenario *sc, const struct flow_config *f,
		   uint64_t window, double bdp_bytes)
{
	const struct link_config *l = check_flow_link(sc, f);
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];
	uint64_t packet = check_flow_packet(sc, f);
	uint64_t queue_bytes =
		l->queue_in_packets ? l->queue_limit * packet : l->queue_limit;
	/* the window's segments on the wire, less what the path holds */
	double excess = (double)(window / f->mss * packet) - bdp_bytes;

	if (l->queue_in_packets)
		snprintf(c, sizeof c, "%llu packets",
			 (unsigned long long)l->queue_limit);
	else
		format_size(c, sizeof c, l->queue_limit);
	printf(";\n     the window (%s) exceeds the BDP (%s): once %s "
	       "grows past the BDP,\n     the excess waits in the queue: "
	       "the RTT grows",
	       format_size(a, sizeof a, window),
	       format_size(b, sizeof b, (uint64_t)bdp_bytes),
	       f->cc == CC_NONE ? "the window" : "cwnd");
	if (excess < (double)queue_bytes)
		printf(" by up to %s\n     (the queue, %s, holds it "
		       "all)\n",
		       format_time(d, sizeof d,
				   time_for_bytes((uint64_t)excess, l->rate_bps,
						  NULL)),
		       c);
	else
		printf(" by at most %s (a full queue of %s),\n     "
		       "and what does not fit is dropped\n",
		       format_time(
			       d, sizeof d,
			       time_for_bytes(queue_bytes, l->rate_bps, NULL)),
		       c);
}

/*
 * The reader binds: the buffer fills and the window opens as the reader
 * frees space.  When one round of reads can empty the whole buffer
 * (readers x read_size >= receive_buffer) and the readers then rest for
 * many round trips, the sender may fill the buffer again before the next
 * read, and the window swings from the whole buffer to zero once per read
 * (slow-reader.ini).  Whether it does depends on the sender's window
 * after the idle rest, on delayed ACKs and on the override timer for a
 * last part-segment, so this is said as a condition, never a promise.
 * Smaller reads reopen the window a piece at a time, and whether it ever
 * reaches zero depends on how segments fit the freed space
 * (backpressure-block.ini has none): nothing is said about it then.
 */
static void
check_print_reader(const struct flow_config *f, int64_t rtt_ns)
{
	char a[FORMAT_BUF], b[FORMAT_BUF];
	uint64_t round = f->read_size * f->readers;
	uint64_t read;
	int64_t rest;

	if (f->read_rate_bps == SCENARIO_UNLIMITED || f->read_rate_bps == 0)
		return;
	/* a read takes at most what the buffer holds */
	read = f->read_size < f->receive_buffer ? f->read_size
						: f->receive_buffer;
	rest = time_for_bytes(read, f->read_rate_bps, NULL);
	if (round >= f->receive_buffer && rtt_ns > 0 && rest > 4 * rtt_ns)
		printf("     each read empties the receive buffer, then the "
		       "reader rests %s (%.0f RTTs):\n     when the sender "
		       "fills the buffer before the next read, the receiver\n"
		       "     advertises a zero window, and the next read "
		       "reopens it\n",
		       format_time(a, sizeof a, rest),
		       (double)rest / (double)rtt_ns);
	else
		printf("     the receive buffer fills; each read frees at "
		       "most %s (every %s per reader)\n     and the window "
		       "reopens by what the reader frees\n",
		       format_size(a, sizeof a, read),
		       format_time(b, sizeof b, rest));
}

/*
 * What the explanations ask of every flow, found once for the whole
 * scenario (check_index_build()): the number of TCP flows, and which
 * relay reads and which writes each flow.  Searching the relays and
 * counting the flows for each flow, along chains of relays, made
 * `tcpsim check` quadratic: 5000 relays in a chain took seconds.  Used
 * while check_ix.sc is the scenario asked about, else found each time.
 */
static struct {
	const struct scenario *sc;
	size_t n_tcp;	 /* check_tcp_flows() */
	size_t *reader;	 /* each flow: the relay reading it, or SIZE_MAX */
	size_t *writer;	 /* each flow: the relay writing it, or SIZE_MAX */
} check_ix;

static void
check_index_build(const struct scenario *sc)
{
	size_t i, n = 0;

	for (i = 0; i < sc->n_flows; i++)
		if (sc->flows[i].app != APP_PING)
			n++;
	check_ix.n_tcp = n > 0 ? n : 1;
	check_ix.reader = xreallocarray(NULL, sc->n_flows + 1, sizeof(size_t));
	check_ix.writer = xreallocarray(NULL, sc->n_flows + 1, sizeof(size_t));
	scenario_relay_owners(sc, check_ix.reader, check_ix.writer);
	check_ix.sc = sc;
}

static void
check_index_free(void)
{
	free(check_ix.reader);
	free(check_ix.writer);
	memset(&check_ix, 0, sizeof check_ix);
}

/* Flows that share the link's payload: all but the probes (app = ping),
 * whose few bytes take no share worth counting; at least 1. */
static size_t
check_tcp_flows(const struct scenario *sc)
{
	size_t i, n = 0;

	if (check_ix.sc == sc)
		return check_ix.n_tcp;

	for (i = 0; i < sc->n_flows; i++)
		if (sc->flows[i].app != APP_PING)
			n++;
	return n > 0 ? n : 1;
}

/* What the queue discipline does with its parameters, in words. */
static void
check_print_discipline(const struct scenario *sc)
{
	const struct link_config *l = &sc->link;
	const char *unit = l->red_min_th_in_packets ? "packets" : "B";
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF],
		e[FORMAT_BUF];

	switch (l->discipline) {
	case QDISC_DROPTAIL:
		if (sim_reports_latency(sc))
			printf("queue       droptail: one FIFO; an arrival "
			       "that "
			       "finds it full is dropped\n");
		return;
	case QDISC_RED:
		printf("queue       red (Floyd & Jacobson 1993): at each "
		       "arrival avg <- (1 - w_q) avg + w_q q,\n"
		       "            w_q = %g (avg follows about %.0f "
		       "arrivals); "
		       "then by avg:\n",
		       l->red_w_q, 1.0 / l->red_w_q);
		printf("              under min_th = %llu %s: no drop\n"
		       "              up to max_th = %llu %s: drop with p_b = "
		       "max_p (avg - min_th) / (max_th - min_th),\n"
		       "                max_p = %g, spaced by p_a = p_b / (1 - "
		       "count p_b) (count: arrivals since a drop)\n",
		       (unsigned long long)l->red_min_th, unit,
		       (unsigned long long)l->red_max_th, unit, l->red_max_p);
		if (l->red_gentle)
			printf("              up to 2 max_th = %llu %s: "
			       "gentle, "
			       "p_b rises from max_p to 1\n"
			       "              beyond: every arrival is "
			       "dropped\n",
			       (unsigned long long)(2 * l->red_max_th), unit);
		else
			printf("              beyond max_th: every arrival is "
			       "dropped (gentle = off)\n");
		break;
	case QDISC_CODEL:
	case QDISC_FQ_CODEL:
		if (l->discipline == QDISC_FQ_CODEL)
			printf("queue       fq_codel (RFC 8290): a queue per "
			       "flow, served in turn (deficit round robin,\n"
			       "            quantum = %llu B a turn), a newly "
			       "active flow first; when `queue` overflows,\n"
			       "            the head of the longest queue is "
			       "dropped; CoDel on each queue:\n",
			       (unsigned long long)l->fq_quantum);
		else
			printf("queue       codel (RFC 8289): one FIFO, judged "
			       "as packets leave it:\n");
		printf("            once every packet has waited at least "
		       "target = %s for interval = %s,\n"
		       "            drop one, then the next "
		       "interval/sqrt(count) "
		       "later (%s, %s, %s, ...)\n"
		       "            until the wait falls under target\n",
		       format_time(a, sizeof a, l->codel_target_ns),
		       format_time(b, sizeof b, l->codel_interval_ns),
		       format_time(c, sizeof c, l->codel_interval_ns),
		       format_time(d, sizeof d,
				   (int64_t)((double)l->codel_interval_ns /
					     sqrt(2.0))),
		       format_time(e, sizeof e,
				   (int64_t)((double)l->codel_interval_ns /
					     sqrt(3.0))));
		break;
	}
	if (l->ecn)
		printf("            ecn_marking = on: an ECN-capable packet "
		       "(flow ecn = on) is marked CE instead of\n"
		       "            dropped (RFC 3168); a full queue still "
		       "drops\n");
}

/* ecn = on: what the flow does with a CE mark. */
static void
check_print_ecn(const struct scenario *sc, const struct flow_config *f)
{
	if (!f->ecn)
		return;
	printf("  ecn = on                 ECN-capable (RFC 3168): a CE mark "
	       "comes back as ECE; cwnd is cut\n"
	       "                           as for a loss, once per window, "
	       "and nothing is resent\n");
	if (f->n_path > 0) { /* some link of its path marks */
		uint8_t ids[SCENARIO_MAX_PATH];
		size_t n = scenario_flow_path(f, ids), i;

		for (i = 0; i < n; i++)
			if (scenario_link(sc, ids[i])->ecn &&
			    scenario_link(sc, ids[i])->discipline !=
				    QDISC_DROPTAIL)
				return;
		printf("                           (but no link of its path "
		       "marks: a link needs ecn_marking = on\n"
		       "                           and a queue_discipline "
		       "other than droptail)\n");
		return;
	}
	if (!sc->link.ecn || sc->link.discipline == QDISC_DROPTAIL)
		printf("                           (but this link never marks: "
		       "it needs ecn_marking = on and a\n"
		       "                           queue_discipline other than "
		       "droptail)\n");
}

/* A probe flow: what it sends and what its round trip will be. */
static void
check_print_ping(const struct scenario *sc, const struct flow_config *f)
{
	const struct link_config *l = &sc->link;
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF];
	int64_t base =
		2 * (l->delay_ns + f->extra_delay_ns) +
		(int64_t)((double)f->ping_size * 8e9 / (double)l->rate_bps);

	if (l->reverse_rate_bps != SCENARIO_UNLIMITED)
		base += (int64_t)((double)f->ping_size * 8e9 /
				  (double)l->reverse_rate_bps);
	printf("\nflow %s: app = ping, from %s: a %s request every %s, "
	       "answered at once\n",
	       f->name, format_time(a, sizeof a, f->start_ns),
	       format_size(b, sizeof b, f->ping_size),
	       format_time(c, sizeof c, f->ping_interval_ns));
	printf("  base RTT                 %s = 2 x %s of delay + the "
	       "probe's serialization\n",
	       format_time(a, sizeof a, base),
	       format_time(b, sizeof b, l->delay_ns + f->extra_delay_ns));
	printf("  what it measures         the base RTT plus the queueing "
	       "its requests meet; no TCP, no\n"
	       "                           window, no retransmission (the "
	       "summary gives p50, p99, max)\n");
}

/* The sentence that says which limit binds, and what follows from it. */
static void
check_print_verdict(const struct scenario *sc, const struct flow_config *f,
		    const double *limit, enum check_limit binding,
		    int64_t rtt_ns, uint64_t window, double bdp_bytes)
{
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];
	double link = limit[LIMIT_LINK];

	format_rate(c, sizeof c, link);
	printf("  => ");
	switch (binding) {
	case LIMIT_LINK:
		printf("the link binds: %s of payload",
		       format_rate(a, sizeof a, link));
		if (check_tcp_flows(sc) > 1)
			printf(" each, if all %zu flows are active",
			       check_tcp_flows(sc));
		if ((double)window > bdp_bytes)
			check_print_excess(sc, f, window, bdp_bytes);
		else
			printf("\n");
		break;
	case LIMIT_RWND:
		printf("the receive window binds: %s per %s RTT = %s < link "
		       "%s\n",
		       format_size(a, sizeof a, window),
		       format_time(b, sizeof b, rtt_ns),
		       format_rate(d, sizeof d, limit[LIMIT_RWND]), c);
		break;
	case LIMIT_SNDBUF:
		printf("the send buffer binds: %s per %s RTT = %s < link %s\n",
		       format_size(a, sizeof a, f->send_buffer),
		       format_time(b, sizeof b, rtt_ns),
		       format_rate(d, sizeof d, limit[LIMIT_SNDBUF]), c);
		break;
	case LIMIT_READER:
		printf("the reader binds: %s < link %s;\n",
		       format_rate(a, sizeof a, limit[LIMIT_READER]), c);
		check_print_reader(f, rtt_ns);
		break;
	case LIMIT_WRITER:
		if (f->write_burst > 0)
			printf("the writer binds: %s < link %s;\n     the "
			       "sender is application-limited: only a burst "
			       "(write_burst %s) fills the window\n",
			       format_rate(a, sizeof a, limit[LIMIT_WRITER]), c,
			       format_size(b, sizeof b, f->write_burst));
		else
			printf("the writer binds: %s < link %s;\n     the "
			       "sender is application-limited and never fills "
			       "the window\n",
			       format_rate(a, sizeof a, limit[LIMIT_WRITER]),
			       c);
		break;
	case LIMIT_LOSS:
		printf("random loss binds: the Mathis estimate %s < link "
		       "%s;\n     each loss halves the window: expect fast "
		       "retransmits and a sawtooth\n     (and timeouts, which "
		       "the formula leaves out)\n",
		       format_rate(a, sizeof a, limit[LIMIT_LOSS]), c);
		break;
	case LIMIT_COUNT:
		break;
	}
}

/* The Linux variants this flow uses, when any differs from its default. */
static void
check_print_linux_variants(const struct flow_config *f)
{
	if (f->nagle == NAGLE_MINSHALL)
		printf("  nagle = minshall         a short segment waits only "
		       "for "
		       "an unacknowledged short one\n");
	if (f->ack_policy == ACK_POLICY_LINUX)
		printf("  ack_policy = linux       quick-ACKs at the start, "
		       "delayed ACKs timed as Linux does\n");
	if (f->rto_clamp == RTO_CLAMP_LINUX)
		printf("  rto_clamp = linux        RTO = SRTT + max(4 RTTVAR, "
		       "min_rto), at most 120 s\n");
	if (f->window_probe == WINDOW_PROBE_LINUX)
		printf("  window_probe = linux     zero-window probes carry no "
		       "data, seq = SND.UNA - 1\n");
	if (f->sws_avoidance == SWS_LINUX)
		printf("  sws_avoidance = linux    the receiver offers nothing "
		       "under one MSS when its\n"
		       "                           buffer is over half full; "
		       "unscaled, whole segments\n");
	if (f->timestamps)
		printf("  timestamps = on          12 B more per packet; an "
		       "ACK "
		       "of data sent again\n"
		       "                           is timed by its TSecr (RFC "
		       "7323)\n");
	if (f->cubic_variant == CUBIC_LINUX && f->cc == CC_CUBIC)
		printf("  cubic_variant = linux    W_cubic(t + min RTT), and "
		       "5%% "
		       "a round trip at least\n"
		       "                           before the first loss "
		       "(tcp_cubic.c)\n");
	if (f->gso == GSO_LINUX)
		printf("  gso = linux              segments leave in packets "
		       "of "
		       "about 1 ms at the pacing\n"
		       "                           rate (at least 2), PSH on "
		       "the last of each\n");
	if (f->write_wakeup == WRITE_WAKEUP_LINUX)
		printf("  write_wakeup = linux     a writer blocked on a full "
		       "send buffer resumes when\n"
		       "                           the room is half of what "
		       "the buffer holds\n");
}

/* Loss detection and recovery settings that differ from the defaults. */
static void
check_print_recovery(const struct flow_config *f)
{
	const char *indent = "                           ";
	const char *lead = "  loss recovery            ";

	if (f->sack) {
		printf("%sSACK (RFC 2018, D-SACK RFC 2883) with RFC 6675 "
		       "recovery and\n%sPRR (RFC 6937) for cwnd; after a "
		       "timeout only the holes go again\n",
		       lead, indent);
		lead = indent;
	}
	if (f->limited_transmit) {
		printf("%slimited transmit (RFC 3042): a new segment on each "
		       "of the first two\n%sduplicate ACKs\n",
		       lead, indent);
		lead = indent;
	}
	if (f->careful_timeout || f->sack)
		printf("%sno fast retransmit for duplicate ACKs of data sent "
		       "before a timeout\n%s(RFC 6582 4.1%s)\n",
		       lead, indent, f->sack ? ", RFC 6675 5.1" : "");
}

/* Congestion control growth and idle settings that are not the default,
 * with what they change. */
static void
check_print_cc_growth(const struct flow_config *f)
{
	const char *head = "  congestion control       ";
	const char *more = "                           ";
	bool first = true;

	if (f->cc == CC_NONE)
		return; /* no window to grow */
	if (f->byte_counting) {
		printf("%sbyte_counting = on: cwnd grows by bytes acknowledged "
		       "(RFC 3465):\n%s  x2 per RTT in slow start, +1 segment "
		       "per RTT after\n",
		       head, more);
		first = false;
	}
	/* With another cc, say so only when the file asked for it: under
	 * stack = linux it is CUBIC's, as in Linux, and silent. */
	if (f->hystart && (f->cc == CC_CUBIC ||
			   flow_key_line(f, KEY_HYSTART) != SCENARIO_LINE_DEFAULT)) {
		if (f->cc == CC_CUBIC && f->hystart == HYSTART_ON)
			printf("%shystart = on: slow start ends when the RTT "
			       "rises (HyStart++, RFC 9406)\n",
			       first ? head : more);
		else if (f->cc == CC_CUBIC)
			printf("%shystart = linux: slow start ends on a train "
			       "of ACKs longer than\n"
			       "%s  half the min RTT, or an RTT 1/8 (4-16 ms) "
			       "over it (tcp_cubic.c)\n",
			       first ? head : more, more);
		else
			printf("%shystart = %s is ignored: HyStart is for "
			       "cc = cubic\n",
			       first ? head : more,
			       scenario_choice_word(KEY_HYSTART,
						    (int)f->hystart));
		first = false;
	}
	if (f->restart_after_idle)
		printf("%srestart_after_idle = on: after an idle RTO, cwnd "
		       "back to %u segments\n%s  (RFC 5681 4.1)%s\n",
		       first ? head : more, (unsigned)f->initial_window, more,
		       f->cc == CC_CUBIC ? "; CUBIC's clock skips idle time "
					   "(RFC 9438 5.8)"
					 : "");
}

/* The relay that writes flow `f`, or NULL: its producer does. */
static const char *
check_relay_writing(const struct scenario *sc, const struct flow_config *f)
{
	if (check_ix.sc == sc) {
		size_t i = check_ix.writer[f - sc->flows];

		return i < sc->n_relays ? sc->relays[i].name : NULL;
	}
	for (size_t i = 0; i < sc->n_relays; i++)
		for (size_t k = 0; k < sc->relays[i].n_to; k++)
			if (strcmp(sc->relays[i].to[k], f->name) == 0)
				return sc->relays[i].name;
	return NULL;
}

/* Each relay: what it reads and writes, and how (relay.h). */
static void
check_print_relays(const struct scenario *sc)
{
	char a[FORMAT_BUF], b[FORMAT_BUF];

	for (size_t i = 0; i < sc->n_relays; i++) {
		const struct relay_config *r = &sc->relays[i];

		printf("\nrelay %s: reads %s, writes", r->name, r->from);
		for (size_t k = 0; k < r->n_to; k++)
			printf("%s %s", k > 0 ? "," : "", r->to[k]);
		printf("\n  buffer %s, on_full = %s: %s\n",
		       format_size(a, sizeof a, r->buffer),
		       scenario_on_full_name(r->on_full),
		       r->on_full == ON_FULL_BLOCK
			       ? "when full it stops reading, and the window "
				 "of its from flow closes"
			       : "when full it keeps reading and discards "
				 "what does not fit");
		printf("  process_rate %s",
		       r->process_rate_bps == SCENARIO_UNLIMITED
			       ? "unlimited"
			       : format_rate(b, sizeof b,
					     (double)r->process_rate_bps));
		if (r->n_to > 1)
			printf(", dispatch = %s: each record (or write) to "
			       "one flow",
			       scenario_dispatch_name(r->dispatch));
		putchar('\n');
	}
}
static void check_print_default_rtt(const struct scenario *sc,
				    const struct flow_config *f,
				    int64_t rtt_ns);
static void check_print_flow_limits(const struct scenario *sc,
				    const struct flow_config *f,
				    const struct link_config *l,
				    uint64_t packet, int64_t rtt_ns,
				    double loss);

/*
 * Flows joined by relays.  A relay-read flow's reader is the relay, which
 * takes what its `to` flows take (round robin: as many times the slowest
 * as it has flows, each taking its turn; least_loaded: their sum), at
 * most process_rate, once its store is full; a relay-written flow's
 * writer is the relay, which gives what its `from` flow brings, at most
 * process_rate.  Each flow's own part (link share, windows, loss) comes
 * from the same figures as its own limits.
 */
static const struct relay_config *
check_relay_of(const struct scenario *sc, const struct flow_config *f,
	       bool reading)
{
	if (check_ix.sc == sc) {
		size_t i = (reading ? check_ix.reader
				    : check_ix.writer)[f - sc->flows];

		return i < sc->n_relays ? &sc->relays[i] : NULL;
	}
	for (size_t i = 0; i < sc->n_relays; i++) {
		const struct relay_config *r = &sc->relays[i];

		if (reading && strcmp(r->from, f->name) == 0)
			return r;
		for (size_t k = 0; !reading && k < r->n_to; k++)
			if (strcmp(r->to[k], f->name) == 0)
				return r;
	}
	return NULL;
}

/* The smallest of flow f's own limits: neither its reader nor its
 * writer. */
static double
check_flow_own(const struct scenario *sc, const struct flow_config *f)
{
	const struct link_config *l = check_flow_link(sc, f);
	uint64_t packet = check_flow_packet(sc, f);
	double rtt_s = time_to_seconds(check_base_rtt_ns(sc, f));
	struct check_path path;
	double own, loss;

	check_path_compute(sc, f, &path);
	loss = f->n_path > 0 ? path.loss : sc->link.loss;
	own = (double)l->rate_bps * f->mss / (double)packet /
	      (double)check_tcp_flows(sc);
	if (rtt_s > 0) {
		own = fmin(own, (double)check_window_bytes(f) * 8.0 / rtt_s);
		own = fmin(own, (double)f->send_buffer * 8.0 / rtt_s);
	}
	if (loss > 0 && f->cc != CC_NONE)
		own = fmin(own, check_mathis(loss, f, rtt_s));
	return own;
}

static double check_chain_reader(const struct scenario *sc,
				 const struct relay_config *r, int depth);

/* What flow f's writer can give it: its producer, or its relay. */
static double
check_chain_writer(const struct scenario *sc, const struct flow_config *f,
		   int depth)
{
	const struct relay_config *r = check_relay_of(sc, f, false);
	size_t from;

	if (r == NULL || depth > 32)
		return check_rate(f->write_rate_bps);
	from = scenario_relay_from(sc, (size_t)(r - sc->relays));
	if (from >= sc->n_flows)
		return check_rate(SCENARIO_UNLIMITED);
	return fmin(check_rate(r->process_rate_bps),
		    fmin(check_flow_own(sc, &sc->flows[from]),
			 check_chain_writer(sc, &sc->flows[from], depth + 1)));
}

/* What flow f takes downstream: its own limits and its reader's. */
static double
check_chain_taken(const struct scenario *sc, const struct flow_config *f,
		  int depth)
{
	const struct relay_config *r = check_relay_of(sc, f, true);
	double reader = f->read_rate_bps == SCENARIO_UNLIMITED
				? check_rate(SCENARIO_UNLIMITED)
				: (double)f->read_rate_bps * f->readers;

	if (r != NULL && depth <= 32)
		reader = check_chain_reader(sc, r, depth + 1);
	return fmin(check_flow_own(sc, f), reader);
}

/* What relay r takes from its `from` flow once its store is full. */
static double
check_chain_reader(const struct scenario *sc, const struct relay_config *r,
		   int depth)
{
	double sum = 0, slowest = check_rate(SCENARIO_UNLIMITED);

	for (size_t k = 0; k < r->n_to; k++) {
		size_t to = scenario_relay_to(sc, (size_t)(r - sc->relays), k);
		double t =
			to < sc->n_flows
				? check_chain_taken(sc, &sc->flows[to], depth)
				: 0;

		sum += t;
		slowest = fmin(slowest, t);
	}
	if (r->n_to > 1 && r->dispatch == RELAY_ROUND_ROBIN)
		sum = slowest * (double)r->n_to;
	return fmin(check_rate(r->process_rate_bps), sum);
}

static void
check_print_flow(const struct scenario *sc, const struct flow_config *f)
{
	const struct link_config *l = check_flow_link(sc, f);
	char a[FORMAT_BUF], c[FORMAT_BUF];
	uint64_t packet = check_flow_packet(sc, f);
	int64_t rtt_ns = check_base_rtt_ns(sc, f);
	struct check_path path;

	printf("\nflow %s: starts at %s, cc %s, mss %u B, ", f->name,
	       format_time(a, sizeof a, f->start_ns), scenario_cc_name(f->cc),
	       (unsigned)f->mss);
	if (check_relay_writing(sc, f) != NULL)
		printf("written by relay %s\n", check_relay_writing(sc, f));
	else if (f->write_total == SCENARIO_UNLIMITED)
		printf("writes without end\n");
	else
		printf("writes %s in all\n",
		       format_size(c, sizeof c, f->write_total));
	if (f->stack == TCP_STACK_LINUX)
		printf("  stack = linux            a Linux host's defaults for "
		       "the keys below\n");
	check_print_linux_variants(f);
	check_print_recovery(f);
	check_print_cc_growth(f);

	check_path_compute(sc, f, &path);
	if (f->n_path > 0) /* a path of named links: check_path.h */
		check_path_print(sc, f, &path);
	else
		check_print_default_rtt(sc, f, rtt_ns);
	/* the default link's loss as written: 1 - (1 - p) is not always p */
	check_print_flow_limits(sc, f, l, packet, rtt_ns,
				f->n_path > 0 ? path.loss : sc->link.loss);
}

/* The base RTT of a flow that crosses the default link alone. */
static void
check_print_default_rtt(const struct scenario *sc, const struct flow_config *f,
			int64_t rtt_ns)
{
	const struct link_config *l = &sc->link;
	uint64_t packet = (uint64_t)f->mss + scenario_packet_overhead(sc, f);
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];

	printf("  base RTT                 %s = 2 x %s of delay\n",
	       format_time(a, sizeof a, rtt_ns),
	       format_time(b, sizeof b, l->delay_ns + f->extra_delay_ns));
	printf("                           + %s to send a %llu B packet at "
	       "%s\n",
	       format_time(c, sizeof c,
			   time_for_bytes(packet, l->rate_bps, NULL)),
	       (unsigned long long)packet,
	       format_rate(d, sizeof d, check_rate(l->rate_bps)));
	if (l->reverse_rate_bps == SCENARIO_UNLIMITED)
		printf("                           + 0 s for its ACK "
		       "(the ACK path is unlimited)\n");
	else
		printf("                           + %s for its ACK "
		       "(%u B at %s)\n",
		       format_time(
			       a, sizeof a,
			       time_for_bytes(scenario_packet_overhead(sc, f),
					      l->reverse_rate_bps, NULL)),
		       (unsigned)scenario_packet_overhead(sc, f),
		       format_rate(b, sizeof b,
				   check_rate(l->reverse_rate_bps)));
}

/* The BDP, the window and the limits on goodput of flow f, whose
 * bottleneck is `l` (packets of `packet` bytes, random loss `loss`). */
static void
check_print_flow_limits(const struct scenario *sc, const struct flow_config *f,
			const struct link_config *l, uint64_t packet,
			int64_t rtt_ns, double loss)
{
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF];
	double rtt_s = time_to_seconds(rtt_ns);
	double bdp_bytes = (double)l->rate_bps * rtt_s / 8.0;
	double payload = (double)l->rate_bps * f->mss / (double)packet;
	uint64_t window = check_window_bytes(f);
	double limit[LIMIT_COUNT];
	enum check_limit binding = LIMIT_LINK;
	const struct relay_config *reading, *writing;
	double fill_s = -1; /* time the reading relay's store takes to fill */
	bool store_binds = true;
	int i;

	printf("  bandwidth-delay product  %.0f B (%s) = %.1f packets of %llu "
	       "B\n",
	       bdp_bytes, format_size(a, sizeof a, (uint64_t)bdp_bytes),
	       bdp_bytes / (double)packet, (unsigned long long)packet);
	printf("  largest window           %s (%llu segments%s): %s the BDP\n",
	       format_size(a, sizeof a, window),
	       (unsigned long long)(window / f->mss),
	       !f->window_scale && f->receive_buffer > 65535
		       ? ", capped at 65535 B: window_scale = off"
		       : "",
	       (double)window >= bdp_bytes ? "fills" : "is below");

	limit[LIMIT_LINK] = payload / (double)check_tcp_flows(sc);
	limit[LIMIT_RWND] = rtt_s > 0 ? (double)window * 8.0 / rtt_s
				      : check_rate(SCENARIO_UNLIMITED);
	limit[LIMIT_SNDBUF] = rtt_s > 0 ? (double)f->send_buffer * 8.0 / rtt_s
					: check_rate(SCENARIO_UNLIMITED);
	limit[LIMIT_READER] = f->read_rate_bps == SCENARIO_UNLIMITED
				      ? check_rate(SCENARIO_UNLIMITED)
				      : (double)f->read_rate_bps * f->readers;
	limit[LIMIT_WRITER] = check_rate(f->write_rate_bps);
	limit[LIMIT_LOSS] = check_mathis(loss, f, rtt_s);
	reading = check_relay_of(sc, f, true);
	writing = check_relay_of(sc, f, false);
	if (reading != NULL)
		limit[LIMIT_READER] = check_chain_reader(sc, reading, 0);
	if (writing != NULL)
		limit[LIMIT_WRITER] = check_chain_writer(sc, f, 0);
	/* a store the run cannot fill holds nothing back */
	if (reading != NULL && !check_unlimited(limit[LIMIT_READER])) {
		double in = fmin(check_chain_writer(sc, f, 0),
				 check_flow_own(sc, f));

		if (in > limit[LIMIT_READER])
			fill_s = (double)reading->buffer * 8.0 /
				 (in - limit[LIMIT_READER]);
		else
			store_binds = false; /* it keeps up: never fills */
	}

	printf("  limits on goodput:\n");
	for (i = 0; i < LIMIT_COUNT; i++) {
		if (i == LIMIT_LOSS && !(loss > 0))
			continue; /* no random loss, no line */
		printf("    %-15s  %12s", check_limit_label[i],
		       format_rate(a, sizeof a, limit[i]));
		switch ((enum check_limit)i) {
		case LIMIT_LINK:
			printf("  (payload rate %s / %zu flow%s)",
			       format_rate(b, sizeof b, payload),
			       check_tcp_flows(sc),
			       check_tcp_flows(sc) == 1 ? "" : "s");
			break;
		case LIMIT_RWND:
			printf("  (%s per %s RTT)",
			       format_size(b, sizeof b, window),
			       format_time(c, sizeof c, rtt_ns));
			break;
		case LIMIT_SNDBUF:
			printf("  (%s per %s RTT)",
			       format_size(b, sizeof b, f->send_buffer),
			       format_time(c, sizeof c, rtt_ns));
			break;
		case LIMIT_READER:
			if (reading != NULL && !store_binds && fill_s < 0) {
				printf("  (relay %s: its flows take all %s "
				       "brings; its store does not fill)",
				       reading->name, f->name);
			} else if (reading != NULL) {
				printf("  (relay %s, once its store is full: "
				       "what its flows take)",
				       reading->name);
				if (fill_s >
				    time_to_seconds(sc->sim.duration_ns)) {
					printf("\n%35s(its %s store fills in "
					       "%s, after the run's end: it "
					       "holds nothing back)",
					       "",
					       format_size(b, sizeof b,
							   reading->buffer),
					       format_time(c, sizeof c,
							   (int64_t)(fill_s *
								     1e9)));
					store_binds = false;
				}
			} else if (f->read_rate_bps != SCENARIO_UNLIMITED)
				printf("  (%s x %u reader%s)",
				       format_rate(
					       b, sizeof b,
					       check_rate(f->read_rate_bps)),
				       (unsigned)f->readers,
				       f->readers == 1 ? "" : "s");
			break;
		case LIMIT_LOSS:
			if (f->cc == CC_NONE)
				printf("  (cc = none: losses are resent, the "
				       "window is never reduced)");
			else
				printf("  (Mathis: mss/RTT x "
				       "sqrt(3/2b)/sqrt(p), "
				       "b = %d, p = %s)",
				       check_mathis_b(f),
				       format_percent(b, sizeof b, loss));
			break;
		case LIMIT_WRITER:
			if (writing != NULL)
				printf("  (relay %s: what %s brings)",
				       writing->name, writing->from);
			break;
		case LIMIT_COUNT:
			break;
		}
		putchar('\n');
		if (i == LIMIT_READER && !store_binds)
			continue;
		if (!check_unlimited(limit[i]) && limit[i] < limit[binding])
			binding = (enum check_limit)i;
	}
	if (binding == LIMIT_READER && reading != NULL) {
		printf("  => relay %s binds: %s < link %s;\n     its store "
		       "fills, it stops reading and %s's window closes\n",
		       reading->name, format_rate(a, sizeof a, limit[binding]),
		       format_rate(b, sizeof b, limit[LIMIT_LINK]), f->name);
		return;
	}
	if (binding == LIMIT_WRITER && writing != NULL) {
		printf("  => relay %s binds: %s < link %s;\n     %s sends "
		       "what %s brings, no faster\n",
		       writing->name, format_rate(a, sizeof a, limit[binding]),
		       format_rate(b, sizeof b, limit[LIMIT_LINK]), f->name,
		       writing->from);
		return;
	}
	check_print_verdict(sc, f, limit, binding, rtt_ns, window, bdp_bytes);
}

/* A plain-words gloss for the timeline changes a lesson uses most. */
static void
check_print_gloss(const struct scenario *sc, const struct timeline_entry *e)
{
	const char *flow =
		e->target == TARGET_FLOW ? sc->flows[e->flow].name : "";
	char a[FORMAT_BUF];

	switch (e->key) {
	case KEY_READ_RATE:
		if (e->value.u == 0)
			printf(": the reader of %s stops; its window closes, "
			       "probes follow",
			       flow);
		else
			printf(": the reader of %s reads at %s", flow,
			       format_rate(a, sizeof a,
					   check_rate(e->value.u)));
		break;
	case KEY_WRITE_RATE:
		if (e->value.u == 0)
			printf(": the writer of %s pauses", flow);
		else
			printf(": the writer of %s writes at %s", flow,
			       format_rate(a, sizeof a,
					   check_rate(e->value.u)));
		break;
	case KEY_LINK_RATE:
		if (e->flow != SCENARIO_DEFAULT_LINK) /* [link NAME] */
			printf(": link %s now runs at %s",
			       scenario_link_name(sc, e->flow),
			       format_rate(a, sizeof a,
					   check_rate(e->value.u)));
		else
			printf(": the bottleneck now runs at %s",
			       format_rate(a, sizeof a,
					   check_rate(e->value.u)));
		break;
	case KEY_LINK_DELAY:
		printf(": the one-way delay%s%s becomes %s",
		       e->flow != SCENARIO_DEFAULT_LINK ? " of link " : "",
		       e->flow != SCENARIO_DEFAULT_LINK
			       ? scenario_link_name(sc, e->flow)
			       : "",
		       format_time(a, sizeof a, e->value.time_ns));
		break;
	case KEY_LINK_LOSS:
		if (e->value.prob > 0)
			printf(": %s of data packets are lost at random%s%s",
			       format_percent(a, sizeof a, e->value.prob),
			       e->flow != SCENARIO_DEFAULT_LINK ? " on link "
								: "",
			       e->flow != SCENARIO_DEFAULT_LINK
				       ? scenario_link_name(sc, e->flow)
				       : "");
		else
			printf(": random loss stops%s%s",
			       e->flow != SCENARIO_DEFAULT_LINK ? " on link "
								: "",
			       e->flow != SCENARIO_DEFAULT_LINK
				       ? scenario_link_name(sc, e->flow)
				       : "");
		break;
	case KEY_RECEIVE_BUFFER:
		printf(": the receive buffer of %s becomes %s", flow,
		       format_size(a, sizeof a, e->value.u));
		break;
	case KEY_READERS:
		/* the rate in force at the start; a timeline change of
		 * read_rate is glossed on its own line */
		if (sc->flows[e->flow].read_rate_bps == SCENARIO_UNLIMITED)
			printf(": %s now has %llu readers", flow,
			       (unsigned long long)e->value.u);
		else {
			const struct flow_config *f = &sc->flows[e->flow];
			double all =
				(double)f->read_rate_bps * (double)e->value.u;
			double link = (double)sc->link.rate_bps * f->mss /
				      (double)(f->mss +
					       scenario_packet_overhead(sc, f));

			printf(": %s now has %llu readers, %s in all%s", flow,
			       (unsigned long long)e->value.u,
			       format_rate(a, sizeof a, all),
			       all > link ? ", more than the link carries"
					  : "");
		}
		break;
	default:
		break;
	}
}

/* qsort order of flow indexes: by start time, file order for ties. */
static const struct scenario *check_sort_sc;

static int
check_start_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t sx = check_sort_sc->flows[x].start_ns;
	int64_t sy = check_sort_sc->flows[y].start_ns;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return (x > y) - (x < y);
}

/* Flow starts and [timeline] entries, merged in time order, then the end.
 * The flows are sorted once by start: 10 000 flows and 100 000 entries
 * would otherwise cost a pass over the flows per line printed. */
static void
check_print_timeline(const struct scenario *sc)
{
	char a[FORMAT_BUF];
	size_t *order = xcalloc(sc->n_flows + 1, sizeof *order);
	size_t t = 0, k = 0, i;

	for (i = 0; i < sc->n_flows; i++)
		order[i] = i;
	check_sort_sc = sc;
	qsort(order, sc->n_flows, sizeof *order, check_start_order);
	printf("\ntimeline\n");
	for (;;) {
		size_t next_flow = k < sc->n_flows ? order[k] : sc->n_flows;

		if (next_flow < sc->n_flows &&
		    (t == sc->n_timeline ||
		     sc->flows[next_flow].start_ns <= sc->timeline[t].at_ns)) {
			const struct flow_config *nf = &sc->flows[next_flow];
			const char *relay = check_relay_writing(sc, nf);

			printf("  at %-9s %s starts %s%s%s\n",
			       format_time(a, sizeof a, nf->start_ns), nf->name,
			       nf->app == APP_PING ? "probing"
			       : relay != NULL	   ? "sending what relay "
						   : "writing",
			       nf->app != APP_PING && relay != NULL ? relay
								    : "",
			       nf->app != APP_PING && relay != NULL ? " writes"
								    : "");
			k++;
		} else if (t < sc->n_timeline) {
			const struct timeline_entry *e = &sc->timeline[t++];

			printf("  at %-9s %s",
			       format_time(a, sizeof a, e->at_ns), e->text);
			check_print_gloss(sc, e);
			putchar('\n');
		} else {
			break;
		}
	}
	printf("  at %-9s the run ends (earlier if every flow finishes)\n",
	       format_time(a, sizeof a, sc->sim.duration_ns));
	free(order);
}

/*
 * Segments per wall-clock second that a conservative estimate assumes:
 * bench/RESULTS.md measures 6 to 11 million on one core; a slow machine,
 * many flows or --events make it less.
 */
#define CHECK_SEGMENTS_PER_SECOND 2e6
/* Past this estimated wall time, check warns. */
#define CHECK_WARN_SECONDS 600.0
/*
 * Paced application writes and reads per wall-clock second: each is an
 * event of its own whatever the network does (a write shed with on_full =
 * drop, 1-byte writes or reads), about 14 ns in bench/RESULTS.md, so
 * some 70 million a second: assumed 20, as the segments are 2.
 */
#define CHECK_APP_EVENTS_PER_SECOND 20e6

/*
 * At most how many paced writes and reads the run makes: a producer with
 * a write_rate writes write_size bytes at a time, a reader with a
 * read_rate at most read_size (each of a flow's readers), however fast
 * the network drains them.  Unpaced ones move what the network moves,
 * in the segments' count.
 */
static double
check_app_events(const struct scenario *sc)
{
	double seconds = (double)sc->sim.duration_ns / 1e9, n = 0.0;
	size_t i;

	for (i = 0; i < sc->n_flows; i++) {
		const struct flow_config *f = &sc->flows[i];

		if (f->app == APP_PING)
			continue;
		if (f->write_rate_bps != SCENARIO_UNLIMITED &&
		    f->write_size > 0)
			n += (double)f->write_rate_bps / 8.0 /
			     (double)f->write_size * seconds;
		if (f->read_rate_bps != SCENARIO_UNLIMITED &&
		    f->read_size > 0)
			n += (double)f->read_rate_bps / 8.0 /
			     (double)f->read_size * seconds *
			     (double)(f->readers > 0 ? f->readers : 1);
	}
	return n;
}

/*
 * What the run will cost: at most the link's capacity in the smallest
 * segments of any flow, over the whole duration (the link carries no
 * more; ACKs and timers add about as many events again).
 */
static void
check_print_cost(const struct scenario *sc)
{
	uint32_t smallest = UINT32_MAX;
	double segments, seconds, app;
	size_t i;

	for (i = 0; i < sc->n_flows; i++)
		if (sc->flows[i].mss < smallest)
			smallest = sc->flows[i].mss;
	segments = (double)sc->link.rate_bps / 8.0 /
		   (double)(smallest + sc->link.header_bytes) *
		   ((double)sc->sim.duration_ns / 1e9);
	/* named links: no more than the fastest link carries, at each of
	 * the links a path crosses */
	for (i = 1; i < scenario_link_count(sc); i++) {
		const struct link_config *l = scenario_link(sc, i);
		double more = (double)l->rate_bps / 8.0 /
			      (double)(smallest + l->header_bytes) *
			      ((double)sc->sim.duration_ns / 1e9);

		segments += more;
	}
	app = check_app_events(sc);
	seconds = segments / CHECK_SEGMENTS_PER_SECOND +
		  app / CHECK_APP_EVENTS_PER_SECOND;
	printf("\ncost        at most %.3g million data segments (the link "
	       "full for the whole run)",
	       segments / 1e6);
	/* (only where they may matter: a segment's worth of them) */
	if (app / CHECK_APP_EVENTS_PER_SECOND >
	    segments / CHECK_SEGMENTS_PER_SECOND / 10.0)
		printf("\n            and %.3g million paced application "
		       "writes and reads",
		       app / 1e6);
	printf(":\n            ");
	if (seconds < 1.0)
		printf("under a second to simulate\n");
	else if (seconds < 120.0)
		printf("up to %.0f s to simulate\n", seconds);
	else if (seconds < 7200.0)
		printf("up to %.0f minutes to simulate\n", seconds / 60.0);
	else
		printf("up to %.0f hours to simulate\n", seconds / 3600.0);
	if (seconds > CHECK_WARN_SECONDS)
		printf("warning     this run may take long: shorten the "
		       "duration or slow the link;\n            `tcpsim run` "
		       "stops at Ctrl-C and writes nothing\n");
}

/* Bytes of a time-series row, about: 89 to 135 in bench.sh's runs; and
 * the two columns each named link adds (8 in a run of 32 links). */
#define CHECK_CSV_ROW_BYTES  110.0
#define CHECK_CSV_LINK_BYTES 10.0
/* From this many rows on, check warns. */
#define CHECK_CSV_WARN_ROWS 1e8

/*
 * What --csv would write: a row per flow at every sample, time 0
 * included.  A 1 us interval over many flows is billions of rows.
 */
static void
check_print_csv(const struct scenario *sc)
{
	double rows = ((double)(sc->sim.duration_ns /
				sc->sim.sample_interval_ns) +
		       1.0) *
		      (double)sc->n_flows;
	double row_bytes = CHECK_CSV_ROW_BYTES +
			   CHECK_CSV_LINK_BYTES * (double)sc->n_links;
	char a[32], b[32], c[32];

	if (rows < 2)
		snprintf(a, sizeof a, "%.0f row", rows);
	else if (rows < 1e3)
		snprintf(a, sizeof a, "%.0f rows", rows);
	else if (rows < 1e6)
		snprintf(a, sizeof a, "%.3g thousand rows", rows / 1e3);
	else if (rows < 1e9)
		snprintf(a, sizeof a, "%.3g million rows", rows / 1e6);
	else if (rows < 1e12)
		snprintf(a, sizeof a, "%.3g billion rows", rows / 1e9);
	else
		snprintf(a, sizeof a, "%.0f billion rows", rows / 1e9);
	printf("csv         --csv writes about %s, about %s: one per "
	       "flow every %s\n",
	       a,
	       format_size(b, sizeof b,
			   rows * row_bytes < 1e18
				   ? (uint64_t)(rows * row_bytes)
				   : UINT64_C(1000000000000000000)),
	       format_time(c, sizeof c, sc->sim.sample_interval_ns));
	if (rows >= CHECK_CSV_WARN_ROWS)
		printf("warning     that is a large file: a longer "
		       "simulation.sample_interval makes it smaller\n");
}

/* From this estimate on, check names what needs the memory. */
#define CHECK_MEMORY_DETAIL_BYTES (UINT64_C(64) << 20)

/* Contributors check names for a large estimate. */
#define CHECK_MEMORY_PARTS 3

/*
 * What the run may need in memory at most (model/memory_estimate.h), and
 * when that is a lot, what needs it and which keys decide it.
 */
static bool
check_print_memory(const struct scenario *sc, uint64_t budget)
{
	struct memory_estimate est;
	char size[32];
	size_t i;

	memory_estimate_compute(sc, &est);
	printf("memory      about %s at most",
	       memory_format_bytes(size, sizeof size, est.total_bytes));
	if (est.total_bytes < CHECK_MEMORY_DETAIL_BYTES) {
		printf("\n");
		return false;
	}
	printf(", mostly:\n");
	for (i = 0; i < est.n_parts && i < CHECK_MEMORY_PARTS; i++)
		printf("            %9s  %s\n",
		       memory_format_bytes(size, sizeof size,
					   est.parts[i].bytes),
		       est.parts[i].text);
	return est.total_bytes > budget;
}

int
cmd_check(int argc, char **argv)
{
	struct cli_args args;
	struct scenario sc;
	bool loaded = false;
	int status = CLI_EXIT_USAGE;
	uint64_t budget;
	size_t i;

	if (cli_parse(&args, "check", argc, argv) != 0)
		goto out;
	if (args.help) {
		cli_help(stdout, "check");
		status = CLI_EXIT_OK;
		goto out;
	}
	if (args.scenario == NULL) {
		cli_usage_error("check", "check: missing SCENARIO");
		goto out;
	}
	if (cli_memory_budget(&args, &budget) != 0)
		goto out;
	loaded = true;
	if (cli_load_scenario(&sc, &args, stderr) != 0)
		goto out;

	{
		char *name = escape_dup(sc.name); /* a file name, as given */

		printf("%s is valid.\n\n", name);
		free(name);
	}
	check_index_build(&sc);
	check_print_link(&sc);
	check_print_discipline(&sc);
	for (i = 0; i < sc.n_flows; i++)
		if (sc.flows[i].app == APP_PING)
			check_print_ping(&sc, &sc.flows[i]);
		else {
			check_print_flow(&sc, &sc.flows[i]);
			check_print_ecn(&sc, &sc.flows[i]);
		}
	check_print_relays(&sc);
	check_print_timeline(&sc);
	/* what `tcpsim play` will tell the class, and where it stops */
	if (sc.lesson != NULL)
		lesson_print(stdout, sc.lesson, sc.sim.duration_ns);
	check_print_cost(&sc);
	check_print_csv(&sc);
	check_index_free();
	status = CLI_EXIT_OK;
	/* Over the budget: everything said, then why run would refuse. */
	if (check_print_memory(&sc, budget)) {
		fflush(stdout);
		(void)cli_check_memory(&sc, budget, stderr);
		status = CLI_EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("tcpsim: cannot write to standard output\n", stderr);
		status = CLI_EXIT_FAILURE;
	}
out:
	if (loaded)
		scenario_free(&sc);
	cli_args_free(&args);
	return status;
}
