/* SPDX-License-Identifier: ISC */
/*
 * memory_estimate.c: an upper bound of a run's memory (see
 * memory_estimate.h), from the sizes of the simulator's structures and the
 * rules that bound how many of them a run holds at once.
 */
#include "model/memory_estimate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/latency.h"
#include "net/packet.h"
#include "scenario/scenario.h"
#include "scenario/scenario_write.h"
#include "model/relay.h"
#include "model/sim.h"
#include "model/sim_internal.h"
#include "tcp/app.h"
#include "tcp/flow.h"
#include "tcp/receiver.h"
#include "tcp/sender.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/*
 * What every run needs whatever its scenario: the program, the C library
 * and their data, as a run of the smallest scenario shows in its peak
 * resident size (about 3.5 MiB on Linux with glibc), rounded up.
 */
#define MEMORY_PROGRAM_BYTES (UINT64_C(4) << 20)

/* One buffer per output file (trace/outfile.c): --csv, --events, --pcap. */
#define MEMORY_OUTPUT_BYTES (UINT64_C(3) << 20)

/* What malloc() adds to each block it hands out, about. */
#define MEMORY_MALLOC_OVERHEAD 16

/* Events a flow may have queued besides its readers': the sender's RTO
 * and persist timers, the delayed ACK, the producer's next write, the
 * heads of its two access pipes. */
#define MEMORY_EVENTS_PER_FLOW 6

/* The link's four (two serializers, two propagation pipes), the sample
 * and the timeline, and some room. */
#define MEMORY_EVENTS_FIXED 8

/*
 * Bytes a packet alive costs: itself in the pool, and twice its view in
 * the arrays --pcap and play keep of the packets in flight (they grow to
 * twice the number they need).
 */
#define MEMORY_PACKET_BYTES                                                    \
	(sizeof(struct packet) + 2 * sizeof(struct packet_view))

/* Contributors before the N largest are kept. */
#define MEMORY_CANDIDATES 16

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{
	if (a != 0 && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

static uint64_t
ceil_div(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The capacity a doubling array reaches to hold n, from `first`. */
static uint64_t
doubling_capacity(uint64_t n, uint64_t first)
{
	uint64_t cap = first;

	while (cap < n && cap <= UINT64_MAX / 2)
		cap *= 2;
	return cap;
}

/*
 * Bytes of a doubling array of `n` elements: while it grows, the old
 * block (half the new one) and the new one are both alive.
 */
static uint64_t
doubling_bytes(uint64_t n, uint64_t first, size_t element)
{
	uint64_t cap = doubling_capacity(n, first);

	return sat_add(sat_mul(cap, element), sat_mul(cap / 2, element));
}

/* ---- the largest (or smallest) value a key takes during the run ---- */

/* The value of a key in the file (or --set), or as a timeline entry. */
static uint64_t
setting_u(enum setting_key key, const struct setting_value *v)
{
	switch (key) {
	case KEY_LINK_DELAY:
	case KEY_EXTRA_DELAY:
	case KEY_ACK_DELAY:
	case KEY_START:
	case KEY_MIN_RTO:
		return (uint64_t)v->time_ns;
	default:
		return v->u;
	}
}

/*
 * The timeline entries of each flow, in order: a file of 10 000 flows and
 * 100 000 timeline lines would otherwise cost a pass over the timeline
 * per flow and key.  Flow f's entries are entry[first[f] .. first[f+1]).
 */
struct timeline_by_flow {
	size_t *first; /* n_flows + 1 starts into entry[] */
	size_t *entry; /* indexes into sc->timeline, grouped by flow */
};

static void
timeline_by_flow_build(const struct scenario *sc, struct timeline_by_flow *tf)
{
	size_t *next = xcalloc(sc->n_flows + 1, sizeof *next);
	size_t i, n = 0;

	tf->first = xcalloc(sc->n_flows + 1, sizeof *tf->first);
	for (i = 0; i < sc->n_timeline; i++)
		if (sc->timeline[i].target == TARGET_FLOW)
			tf->first[sc->timeline[i].flow + 1]++, n++;
	for (i = 0; i < sc->n_flows; i++)
		tf->first[i + 1] += tf->first[i];
	tf->entry = xcalloc(n + 1, sizeof *tf->entry);
	memcpy(next, tf->first, (sc->n_flows + 1) * sizeof *next);
	for (i = 0; i < sc->n_timeline; i++)
		if (sc->timeline[i].target == TARGET_FLOW)
			tf->entry[next[sc->timeline[i].flow]++] = i;
	free(next);
}

static void
timeline_by_flow_free(struct timeline_by_flow *tf)
{
	free(tf->first);
	free(tf->entry);
}

/*
 * key_extreme()'s answers for the links and the simulation, kept for the
 * scenario memory_estimate_compute() is estimating: those are asked for
 * every flow (a probe's path, each flow's round trip), and each answer
 * is a pass over the whole timeline, 10 000 flows times 100 000 lines.
 */
static struct {
	const struct scenario *sc; /* NULL: nothing kept */
	size_t n_ids;		   /* the simulation, then each link id */
	uint64_t *value;	   /* by (id, key, largest) */
	unsigned char *known;
	bool any_queue;	      /* the timeline sets some link's queue */
	unsigned char *queue; /* by link id: it sets that link's queue */
} extreme_memo;

/*
 * Does the timeline set a queue: any link's (`id` SIZE_MAX), or link
 * `id`'s?  Kept with extreme_memo, found by a pass otherwise.
 */
static bool
timeline_sets_queue(const struct scenario *sc, size_t id)
{
	size_t i;

	if (extreme_memo.sc == sc)
		return id == SIZE_MAX ? extreme_memo.any_queue
		       : id < extreme_memo.n_ids - 1 ? extreme_memo.queue[id]
						     : false;
	for (i = 0; i < sc->n_timeline; i++)
		if (sc->timeline[i].key == KEY_LINK_QUEUE &&
		    (id == SIZE_MAX || sc->timeline[i].flow == id))
			return true;
	return false;
}

static size_t
extreme_slot(enum setting_target target, size_t id, enum setting_key key,
	     bool largest)
{
	size_t row = target == TARGET_LINK ? 1 + id : 0;

	return (row * KEY_COUNT + (size_t)key) * 2 + (largest ? 1 : 0);
}

/*
 * The largest (`largest`) or smallest value `key` of `target` (flow
 * `flow`) takes: its value before the run, and every timeline entry.
 * A flow's entries are found through `tf`; a link's or the simulation's
 * answer is kept (extreme_memo).
 */
static uint64_t
key_extreme(const struct scenario *sc, const struct timeline_by_flow *tf,
	    enum setting_target target, size_t flow, enum setting_key key,
	    bool largest)
{
	struct setting_value v;
	uint64_t best;
	size_t i, from = 0, to = sc->n_timeline, slot = SIZE_MAX;

	if (target != TARGET_FLOW && extreme_memo.sc == sc &&
	    (target == TARGET_SIMULATION ||
	     (target == TARGET_LINK && flow + 1 < extreme_memo.n_ids))) {
		slot = extreme_slot(target, flow, key, largest);
		if (extreme_memo.known[slot])
			return extreme_memo.value[slot];
	}

	scenario_get(sc, target, flow, key, &v);
	best = setting_u(key, &v);
	if (target == TARGET_FLOW) {
		from = tf->first[flow];
		to = tf->first[flow + 1];
	}
	for (i = from; i < to; i++) {
		const struct timeline_entry *e =
			&sc->timeline[target == TARGET_FLOW ? tf->entry[i] : i];
		uint64_t u;

		/* a link's entries: `flow` is the link id ([link NAME]) */
		if (e->target != target || e->key != key ||
		    (target != TARGET_SIMULATION && e->flow != flow))
			continue;
		u = setting_u(key, &e->value);
		if (largest ? u > best : u < best)
			best = u;
	}
	if (slot != SIZE_MAX) {
		extreme_memo.value[slot] = best;
		extreme_memo.known[slot] = 1;
	}
	return best;
}

/* Is a switch on for the whole run? */
static bool
switch_always_on(const struct scenario *sc, const struct timeline_by_flow *tf,
		 size_t flow, enum setting_key key)
{
	struct setting_value v;
	size_t i;

	scenario_get(sc, TARGET_FLOW, flow, key, &v);
	if (!v.on)
		return false;
	for (i = tf->first[flow]; i < tf->first[flow + 1]; i++) {
		const struct timeline_entry *e = &sc->timeline[tf->entry[i]];

		if (e->key == key && !e->value.on)
			return false;
	}
	return true;
}

/* "send_buffer = 1GiB", with the value as a file would write it. */
static char *
key_text(char *buf, size_t size, enum setting_key key, uint64_t value)
{
	struct setting_value v;
	char shown[64];

	memset(&v, 0, sizeof v);
	if (key == KEY_LINK_DELAY || key == KEY_EXTRA_DELAY ||
	    key == KEY_DURATION)
		v.time_ns = (int64_t)value;
	else
		v.u = value;
	scenario_format_value(shown, sizeof shown, key, &v);
	snprintf(buf, size, "%s = %s", scenario_key_name(key), shown);
	return buf;
}

/* ---- one flow ---- */

/* What bounds one flow's packets, and why. */
struct flow_bound {
	uint64_t window_bytes;	/* most bytes in flight, probe byte included */
	uint64_t segment_bytes; /* the smallest segment counted */
	uint64_t segments;	/* most segments in flight */
	uint64_t records;	/* most sender records / 2x receiver ranges */
	bool congestion;	/* cc is not none */
	char window_why[192];	/* "send_buffer = 1GiB" */
	char segment_why[128];	/* "mss = 1B" */
};

static void
flow_bound_compute(const struct scenario *sc, const struct timeline_by_flow *tf,
		   size_t i, struct flow_bound *b)
{
	const struct flow_config *f = &sc->flows[i];
	uint64_t send =
		key_extreme(sc, tf, TARGET_FLOW, i, KEY_SEND_BUFFER, true);
	uint64_t recv =
		key_extreme(sc, tf, TARGET_FLOW, i, KEY_RECEIVE_BUFFER, true);
	uint64_t total =
		key_extreme(sc, tf, TARGET_FLOW, i, KEY_WRITE_TOTAL, true);
	uint64_t write_size =
		key_extreme(sc, tf, TARGET_FLOW, i, KEY_WRITE_SIZE, false);
	unsigned shift = 0;
	uint64_t field_cap;

	/* receiver_init(): the shift is chosen once, for the first buffer */
	if (f->window_scale)
		while (shift < 14 && (f->receive_buffer >> shift) > 65535)
			shift++;
	field_cap = (uint64_t)65535 << shift;

	b->window_bytes = send;
	key_text(b->window_why, sizeof b->window_why, KEY_SEND_BUFFER, send);
	if (recv < b->window_bytes) {
		b->window_bytes = recv;
		key_text(b->window_why, sizeof b->window_why,
			 KEY_RECEIVE_BUFFER, recv);
	}
	if (field_cap < b->window_bytes) {
		char buffer[96];

		b->window_bytes = field_cap;
		if (f->window_scale)
			key_text(buffer, sizeof buffer, KEY_RECEIVE_BUFFER,
				 recv);
		else
			snprintf(buffer, sizeof buffer, "window_scale = off");
		snprintf(b->window_why, sizeof b->window_why,
			 "%s (a window of at most %" PRIu64 " B)", buffer,
			 field_cap);
	}
	if (total != SCENARIO_UNLIMITED && total < b->window_bytes) {
		b->window_bytes = total;
		key_text(b->window_why, sizeof b->window_why, KEY_WRITE_TOTAL,
			 total);
	}
	b->window_bytes = sat_add(b->window_bytes, 1); /* a window probe */

	b->segment_bytes = f->mss;
	key_text(b->segment_why, sizeof b->segment_why, KEY_MSS, f->mss);
	if (!switch_always_on(sc, tf, i, KEY_NAGLE)) {
		/* Without Nagle each write goes out at once, in
		 * ceil(write_size / mss) segments. */
		uint64_t per_write = write_size / ceil_div(write_size, f->mss);

		if (!f->sws_avoidance) {
			b->segment_bytes = 1;
			snprintf(b->segment_why, sizeof b->segment_why,
				 "nagle = off and sws_avoidance = off "
				 "(segments as small as 1 B)");
		} else if (per_write < b->segment_bytes) {
			b->segment_bytes = per_write;
			snprintf(b->segment_why, sizeof b->segment_why,
				 "nagle = off with write_size = %" PRIu64
				 " B (segments of %" PRIu64 " B)",
				 write_size, per_write);
		}
	}
	if (b->segment_bytes == 0)
		b->segment_bytes = 1;
	/* + one segment smaller than the rest (Nagle allows one), + the
	 * probe */
	b->segments = sat_add(ceil_div(b->window_bytes, b->segment_bytes), 2);
	b->records = b->segments;
	b->congestion = f->cc != CC_NONE;
}

/* ---- contributors ---- */

struct candidates {
	struct memory_part part[MEMORY_CANDIDATES];
	size_t n;
	uint64_t total;
};

/* Count `bytes`; keep a line for it when there is room (else it only
 * counts in the total). */
__attribute__((format(printf, 3, 4))) static void
candidate_add(struct candidates *c, uint64_t bytes, const char *fmt, ...)
{
	size_t at = c->n, i;
	va_list ap;

	c->total = sat_add(c->total, bytes);
	if (bytes == 0)
		return;
	if (c->n == MEMORY_CANDIDATES) {
		/* no room: take the place of the smallest, if larger */
		at = 0;
		for (i = 1; i < c->n; i++)
			if (c->part[i].bytes < c->part[at].bytes)
				at = i;
		if (c->part[at].bytes >= bytes)
			return;
	} else {
		c->n++;
	}
	c->part[at].bytes = bytes;
	va_start(ap, fmt);
	vsnprintf(c->part[at].text, sizeof c->part[at].text, fmt, ap);
	va_end(ap);
}

static int
part_compare(const void *a, const void *b)
{
	const struct memory_part *x = a;
	const struct memory_part *y = b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

/* ---- the estimate ---- */

/* The network's bound on the packets of congestion-controlled flows. */
struct net_bound {
	bool valid;	  /* the ACK path keeps up: the bound holds */
	uint64_t path;	  /* queue + rate x RTT, in packets */
	uint64_t packets; /* the bound: 4 path + 2 (IW + 2) per flow */
	char why[256];	  /* "queue = 100 packets, rate = ..., delay = ..." */
	const char *invalid; /* why it does not hold, or NULL */
};

/*
 * What a named link ([link NAME], id >= 1) holds at most, in packets of
 * `min_wire` bytes (its header may differ: the smaller packet counts):
 * its queue at its largest, its pipe both ways (rate x 2 (delay +
 * extra)) and 2 more.  A path's links each hold their own, so the sum
 * over the links is an upper bound of what a path holds.  *invalid is
 * set when its ACK path cannot keep up.
 */
static uint64_t
named_link_packets(const struct scenario *sc, size_t id, uint64_t min_wire,
		   uint64_t extra, const char **invalid)
{
	const struct link_config *l = scenario_link(sc, id);
	uint64_t rate =
		key_extreme(sc, NULL, TARGET_LINK, id, KEY_LINK_RATE, true);
	uint64_t delay =
		key_extreme(sc, NULL, TARGET_LINK, id, KEY_LINK_DELAY, true);
	uint64_t reverse = key_extreme(sc, NULL, TARGET_LINK, id,
				       KEY_LINK_REVERSE_RATE, false);
	uint64_t wire = min_wire, queue, n;
	double in_pipe;
	size_t i;

	if (l->header_bytes < sc->link.header_bytes && wire != UINT64_MAX)
		wire = wire - sc->link.header_bytes + l->header_bytes;
	if (wire == 0)
		wire = 1;
	queue = l->queue_in_packets ? l->queue_limit
				    : ceil_div(l->queue_limit, wire);
	for (i = 0; i < sc->n_timeline; i++) {
		const struct timeline_entry *e = &sc->timeline[i];
		uint64_t q;

		if (e->target != TARGET_LINK || e->key != KEY_LINK_QUEUE ||
		    e->flow != id)
			continue;
		q = e->value.packets ? e->value.u : ceil_div(e->value.u, wire);
		if (q > queue)
			queue = q;
	}
	in_pipe = (double)rate / 8.0 / (double)wire *
		  (2.0 * ((double)delay + (double)extra)) / 1e9;
	n = sat_add(queue, 2);
	n = in_pipe >= 1e18 ? UINT64_MAX : sat_add(n, (uint64_t)in_pipe);
	if (reverse != SCENARIO_UNLIMITED && l->header_bytes > 0 &&
	    (double)reverse * (double)wire <
		    (double)rate * (double)l->header_bytes)
		*invalid = "the ACK path of a named link is slower than the "
			   "ACKs";
	return n;
}

static void
net_bound_compute(const struct scenario *sc, const struct flow_bound *fb,
		  struct net_bound *nb)
{
	const struct link_config *l = &sc->link;
	uint64_t rate =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_RATE, true);
	uint64_t delay =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_DELAY, true);
	uint64_t reverse = key_extreme(sc, NULL, TARGET_LINK, 0,
				       KEY_LINK_REVERSE_RATE, false);
	uint64_t min_wire = UINT64_MAX, extra = 0, queue = 0;
	uint64_t queue_shown = l->queue_limit;
	bool queue_shown_packets = l->queue_in_packets;
	char rate_text[64], delay_text[64], queue_text[64];
	struct setting_value v;
	double in_pipe;
	size_t i;

	memset(nb, 0, sizeof *nb);
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t wire = sat_add(fb[i].segment_bytes, l->header_bytes);

		if (wire < min_wire)
			min_wire = wire;
		if ((uint64_t)sc->flows[i].extra_delay_ns > extra)
			extra = (uint64_t)sc->flows[i].extra_delay_ns;
	}
	/* The queue in packets of the smallest size, at its largest. */
	queue = l->queue_in_packets ? l->queue_limit
				    : ceil_div(l->queue_limit, min_wire);
	for (i = 0; i < sc->n_timeline; i++) {
		const struct timeline_entry *e = &sc->timeline[i];
		uint64_t q;

		if (e->target != TARGET_LINK || e->key != KEY_LINK_QUEUE ||
		    e->flow != SCENARIO_DEFAULT_LINK)
			continue;
		q = e->value.packets ? e->value.u
				     : ceil_div(e->value.u, min_wire);
		if (q > queue) {
			queue = q;
			queue_shown = e->value.u;
			queue_shown_packets = e->value.packets;
		}
	}
	/* What is on the wire and in the access paths, both ways: Little's
	 * law at the link's packet rate over the longest round trip.  In
	 * floating point: rate x time overflows 64 bits. */
	in_pipe = (double)rate / 8.0 / (double)min_wire *
		  (2.0 * ((double)delay + (double)extra)) / 1e9;
	nb->path = sat_add(queue, 2);
	nb->path = in_pipe >= 1e18 ? UINT64_MAX
				   : sat_add(nb->path, (uint64_t)in_pipe);
	/* named links: each holds its own queue and its own pipe */
	for (i = 1; i < scenario_link_count(sc); i++)
		nb->path = sat_add(nb->path,
				   named_link_packets(sc, i, min_wire, extra,
						      &nb->invalid));
	nb->packets = sat_mul(nb->path, 4);
	for (i = 0; i < sc->n_flows; i++)
		if (fb[i].congestion)
			nb->packets = sat_add(
				nb->packets,
				2 * ((uint64_t)sc->flows[i].initial_window +
				     2));
	nb->valid = nb->invalid == NULL;
	/* A slow ACK path queues ACKs without any loss to stop the windows
	 * from growing: only the windows bound the packets then. */
	if (reverse != SCENARIO_UNLIMITED && l->header_bytes > 0 &&
	    (double)reverse * (double)min_wire <
		    (double)rate * (double)l->header_bytes) {
		nb->valid = false;
		nb->invalid = "the ACK path is slower than the ACKs";
	}
	memset(&v, 0, sizeof v);
	v.u = queue_shown;
	v.packets = queue_shown_packets;
	scenario_format_value(queue_text, sizeof queue_text, KEY_LINK_QUEUE,
			      &v);
	key_text(rate_text, sizeof rate_text, KEY_LINK_RATE, rate);
	key_text(delay_text, sizeof delay_text, KEY_LINK_DELAY, delay);
	snprintf(nb->why, sizeof nb->why, "queue = %s, %s, %s", queue_text,
		 rate_text, delay_text);
}

/*
 * The run's length bounds the congestion windows too: each ACK opens a
 * window by at most 2 MSS (slow start adds at most one MSS per ACK, with
 * byte counting two; CUBIC at most half the segments it acknowledges;
 * each duplicate ACK of fast recovery one), and there are no more ACKs
 * than data packets through the link, at most rate x duration / (8 x
 * the smallest packet).  So the windows of all congestion-controlled
 * flows together hold at most their initial windows plus 2 x mss x that
 * many bytes; that many segments of the smallest size, counted twice (a
 * copy or its ACK).  A short run of a hostile scenario (mss = 1B and
 * windows of 1 GiB over a 10 Mbit/s link) stays far below its window
 * bound, and this is what says so.
 */
struct time_bound {
	uint64_t packets; /* the bound, copies and ACKs included */
	uint64_t acks;	  /* data packets the link can carry in the run */
	char why[224];	  /* "simulation.duration = 10s at rate = ..." */
};

static void
time_bound_compute(const struct scenario *sc, const struct flow_bound *fb,
		   struct time_bound *tb)
{
	uint64_t rate =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_RATE, true);
	uint64_t min_wire = UINT64_MAX, min_segment = UINT64_MAX, mss_max = 0;
	uint64_t initial = 0, grow, header = sc->link.header_bytes;
	char rate_text[96], duration_text[96];
	double acks;
	size_t i;

	memset(tb, 0, sizeof *tb);
	/* named links: the fastest link, and the smallest header, bound
	 * what any link of any path carries */
	for (i = 1; i < scenario_link_count(sc); i++) {
		uint64_t r = key_extreme(sc, NULL, TARGET_LINK, i,
					 KEY_LINK_RATE, true);

		if (r > rate)
			rate = r;
		if (scenario_link(sc, i)->header_bytes < header)
			header = scenario_link(sc, i)->header_bytes;
	}
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t wire = sat_add(fb[i].segment_bytes, header);

		if (!fb[i].congestion)
			continue;
		if (wire < min_wire)
			min_wire = wire;
		if (fb[i].segment_bytes < min_segment)
			min_segment = fb[i].segment_bytes;
		if (sc->flows[i].mss > mss_max)
			mss_max = sc->flows[i].mss;
		/* the initial window, in the flow's smallest segments, + the
		 * odd small segment and a probe */
		initial = sat_add(
			initial,
			sat_add(ceil_div(sat_mul(sc->flows[i].initial_window,
						 sc->flows[i].mss),
					 fb[i].segment_bytes),
				2));
	}
	if (min_wire == UINT64_MAX) {
		tb->packets = UINT64_MAX; /* no flow with a congestion window */
		return;
	}
	/* In floating point: rate x duration overflows 64 bits. */
	acks = (double)rate / 8.0 / (double)min_wire *
		       ((double)sc->sim.duration_ns / 1e9) +
	       1.0;
	tb->acks = acks >= 1e18 ? UINT64_MAX : (uint64_t)acks;
	grow = ceil_div(sat_mul(sat_mul(tb->acks, 2), mss_max), min_segment);
	tb->packets = sat_mul(sat_add(initial, grow), 2);
	key_text(rate_text, sizeof rate_text, KEY_LINK_RATE, rate);
	key_text(duration_text, sizeof duration_text, KEY_DURATION,
		 (uint64_t)sc->sim.duration_ns);
	snprintf(tb->why, sizeof tb->why, "simulation.%s at %s", duration_text,
		 rate_text);
}

/* ---- queue disciplines and probes (net/aqm.h, net/ping.h) ---- */

/*
 * Probes alive at once for a probe flow: one leaves every ping_interval
 * and lives one round trip at most, the longest the run allows: the
 * propagation both ways (link and access path), a full queue ahead of
 * it at the slowest rate (`queue` at its largest, in packets of the
 * largest size any flow sends), its own serialization both ways, and on
 * a limited ACK path every packet counted so far (`others`) ahead of the
 * reply; plus the one being made and one for rounding.
 */
/*
 * What ping_packets() adds up, the same for every probe flow: computed
 * once (10 000 probe flows each looked at every flow for the largest
 * packet: 0.2 s for `check`).  Each term is kept apart so that a flow's
 * sum is made in the same order, and to the same bit, as it always was.
 */
struct ping_path {
	double delay;	  /* the link's largest delay, ns */
	double serial;	  /* the full queue and the probe, both ways */
	double reverse;	  /* the ACK path's packets ahead, or 0 */
	bool has_reverse; /* (a limited ACK path) */
	double named[SCENARIO_MAX_LINKS]; /* each named link's share */
	size_t n_named;
};

static void
ping_path_compute(const struct scenario *sc, uint64_t others,
		  struct ping_path *pp)
{
	const struct link_config *l = &sc->link;
	uint64_t rate =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_RATE, false);
	uint64_t delay =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_DELAY, true);
	uint64_t reverse = key_extreme(sc, NULL, TARGET_LINK, 0,
				       KEY_LINK_REVERSE_RATE, false);
	uint64_t queue =
		key_extreme(sc, NULL, TARGET_LINK, 0, KEY_LINK_QUEUE, true);
	uint64_t wire = 0, queue_bytes;
	size_t i;

	/* the largest packet of any flow (a probe's own among them) */
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t w = sc->flows[i].app == APP_PING
				     ? sc->flows[i].ping_size
				     : sat_add(sc->flows[i].mss,
					       scenario_packet_overhead(
						       sc, &sc->flows[i]));

		if (w > wire)
			wire = w;
	}
	/* a timeline may change the unit too: then count it as packets */
	queue_bytes = sat_mul(queue, wire);
	if (!l->queue_in_packets) {
		queue_bytes = queue;
		if (timeline_sets_queue(sc, SIZE_MAX))
			queue_bytes = sat_mul(queue, wire);
	}
	pp->delay = (double)delay;
	pp->serial =
		((double)queue_bytes + 2.0 * (double)wire) * 8e9 / (double)rate;
	pp->has_reverse = reverse != SCENARIO_UNLIMITED;
	pp->reverse = pp->has_reverse ? ((double)others + 1.0) * (double)wire *
						8e9 / (double)reverse
				      : 0.0;
	/* named links: each adds its own delay, queue and serialization
	 * (a path crosses some of them; all of them bound it) */
	pp->n_named = 0;
	for (i = 1; i < scenario_link_count(sc); i++) {
		const struct link_config *nl = scenario_link(sc, i);
		uint64_t r = key_extreme(sc, NULL, TARGET_LINK, i,
					 KEY_LINK_RATE, false);
		uint64_t d = key_extreme(sc, NULL, TARGET_LINK, i,
					 KEY_LINK_DELAY, true);
		uint64_t rev = key_extreme(sc, NULL, TARGET_LINK, i,
					   KEY_LINK_REVERSE_RATE, false);
		uint64_t q = key_extreme(sc, NULL, TARGET_LINK, i,
					 KEY_LINK_QUEUE, true);
		/* in bytes of the largest packet, whatever the unit */
		uint64_t qb = nl->queue_in_packets ? sat_mul(q, wire) : q;
		double term;

		if (timeline_sets_queue(sc, i))
			qb = sat_mul(q, wire);
		term = 2.0 * (double)d +
		       ((double)qb + 2.0 * (double)wire) * 8e9 / (double)r;
		pp->named[pp->n_named++] = term;
		if (rev != SCENARIO_UNLIMITED)
			pp->named[pp->n_named++] = ((double)others + 1.0) *
						   (double)wire * 8e9 /
						   (double)rev;
	}
}

static uint64_t
ping_packets(const struct scenario *sc, size_t flow, const struct ping_path *pp,
	     uint64_t *rtt_out)
{
	const struct flow_config *f = &sc->flows[flow];
	uint64_t rtt;
	double ns;

	ns = 2.0 * (pp->delay + (double)f->extra_delay_ns) + pp->serial;
	if (pp->has_reverse)
		ns += pp->reverse;
	for (size_t i = 0; i < pp->n_named; i++)
		ns += pp->named[i];
	rtt = ns >= 1.8e19 ? UINT64_MAX : (uint64_t)ns + 1;
	*rtt_out = rtt;
	return sat_add(rtt / (uint64_t)f->ping_interval_ns, 2);
}

/* A latency histogram's chunk array and one chunk (net/latency.h). */
#define LATENCY_ARRAY_BYTES                                                    \
	(LATENCY_CHUNKS * sizeof(uint64_t *) + MEMORY_MALLOC_OVERHEAD)
#define LATENCY_CHUNK_BYTES                                                    \
	(LATENCY_CHUNK * sizeof(uint64_t) + MEMORY_MALLOC_OVERHEAD)

/*
 * A probe flow's histogram of round trips: the chunks between the
 * shortest round trip (the propagation both ways at the smallest delay;
 * 0 on a path of named links) and the longest (`rtt`, ping_packets()).
 */
static uint64_t
ping_histogram_bytes(const struct scenario *sc, uint64_t rtt)
{
	uint64_t low = 0;

	if (sc->n_links == 0)
		low = sat_mul(2, key_extreme(sc, NULL, TARGET_LINK, 0,
					     KEY_LINK_DELAY, false));
	if (rtt > INT64_MAX)
		rtt = INT64_MAX;
	if (low > rtt)
		low = rtt;
	return LATENCY_ARRAY_BYTES +
	       (latency_chunk((int64_t)rtt) - latency_chunk((int64_t)low) + 1) *
		       LATENCY_CHUNK_BYTES;
}

static uint64_t
ping_packets_add(const struct scenario *sc, struct candidates *c,
		 uint64_t others, uint64_t *histograms)
{
	uint64_t all = 0;
	struct ping_path pp;
	bool computed = false;
	size_t i;

	*histograms = 0;
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t n, rtt;

		if (sc->flows[i].app != APP_PING)
			continue;
		if (!computed) {
			ping_path_compute(sc, others, &pp);
			computed = true;
		}
		n = ping_packets(sc, i, &pp, &rtt);
		all = sat_add(all, n);
		*histograms =
			sat_add(*histograms, ping_histogram_bytes(sc, rtt));
		candidate_add(c, sat_mul(n, MEMORY_PACKET_BYTES),
			      "flow %s: app = ping: up to %" PRIu64
			      " probes alive (the longest round trip over "
			      "ping_interval), %zu B each",
			      sc->flows[i].name, n, MEMORY_PACKET_BYTES);
	}
	return all;
}

/* The links (default and named) whose queue is fq_codel. */
static size_t
fq_codel_links(const struct scenario *sc)
{
	size_t n = 0;

	for (size_t i = 0; i < scenario_link_count(sc); i++)
		if (scenario_link(sc, i)->discipline == QDISC_FQ_CODEL)
			n++;
	return n;
}

/*
 * The latency histograms (net/latency.h): every link's queueing delays
 * (all of its chunks) and the probe flows' round trips (`pings`, from
 * ping_packets_add()); and on each fq_codel link a queue per flow and
 * the tree that finds the fattest (net/aqm.h).
 */
static uint64_t
latency_bytes(const struct scenario *sc, uint64_t pings)
{
	uint64_t bytes = 0, leaves = 1;

	if (sim_reports_latency(sc))
		bytes = sat_add(
			pings,
			sat_mul(scenario_link_count(sc),
				LATENCY_ARRAY_BYTES +
					LATENCY_CHUNKS * LATENCY_CHUNK_BYTES));
	while (leaves < sc->n_flows)
		leaves *= 2;
	bytes = sat_add(
		bytes,
		sat_mul(fq_codel_links(sc),
			sat_mul(sc->n_flows, sizeof(struct fq_queue)) +
				2 * leaves * sizeof(struct aqm_fat) +
				2 * MEMORY_MALLOC_OVERHEAD));
	return bytes;
}

/*
 * Records and relays (model/records.h): when each write held in a flow
 * or a relay was written, one run per write at most, each write at least
 * the smallest write_size (or mss: an unlimited producer writes what an
 * ACK frees).  A relay's store counts as its largest buffer.
 */
static void
records_estimate(const struct scenario *sc, const struct timeline_by_flow *tf,
		 struct candidates *c)
{
	uint64_t chunk = UINT64_MAX, runs = 0, relays_bytes = 0;
	uint64_t *buffer;
	size_t i;

	if (!scenario_uses_records(sc))
		return;
	/* each relay's largest buffer, the timeline's included: one pass
	 * over the timeline, not one per relay */
	buffer = xcalloc(sc->n_relays + 1, sizeof *buffer);
	for (i = 0; i < sc->n_relays; i++)
		buffer[i] = sc->relays[i].buffer;
	for (size_t k = 0; k < sc->n_timeline; k++) {
		const struct timeline_entry *e = &sc->timeline[k];

		if (e->target == TARGET_RELAY && e->flow < sc->n_relays &&
		    e->key == KEY_RELAY_BUFFER && e->value.u > buffer[e->flow])
			buffer[e->flow] = e->value.u;
	}
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t ws = key_extreme(sc, tf, TARGET_FLOW, i,
					  KEY_WRITE_SIZE, false);

		chunk = min_u64(chunk, min_u64(ws, sc->flows[i].mss));
	}
	chunk = chunk > 0 ? chunk : 1;
	for (i = 0; i < sc->n_flows; i++) {
		uint64_t held = sat_add(key_extreme(sc, tf, TARGET_FLOW, i,
						    KEY_SEND_BUFFER, true),
					key_extreme(sc, tf, TARGET_FLOW, i,
						    KEY_RECEIVE_BUFFER, true));

		runs = sat_add(runs, ceil_div(held, chunk) + 2);
	}
	for (i = 0; i < sc->n_relays; i++) {
		runs = sat_add(runs, ceil_div(buffer[i], chunk) + 2);
		/* per to flow: its pointer, index and name; its leaf and two
		 * nodes of least_loaded's tree, its place in the list of odd
		 * flows, and two bits (relay.h) */
		relays_bytes = sat_add(
			relays_bytes,
			sizeof(struct relay) + sizeof(struct relay_config) +
				2 * sizeof(uint64_t) +
				sat_mul(sc->relays[i].n_to,
					2 * sizeof(void *) + SCENARIO_NAME_MAX +
						1 + sizeof(uint64_t) +
						4 * sizeof(uint32_t) + 1));
	}
	/* each ring doubles: twice the runs, at most */
	candidate_add(c,
		      sat_add(sat_mul(runs, 2 * sizeof(struct records_run)),
			      relays_bytes),
		      "records and relays: when each write held was written, "
		      "for lag: %" PRIu64 " runs at most, %zu B each, and %zu "
		      "relays",
		      runs, sizeof(struct records_run), sc->n_relays);
	free(buffer);
}

/* Named links: their structures, each with its FQ-CoDel queues. */
static uint64_t
named_links_bytes(const struct scenario *sc)
{
	uint64_t bytes = 0;
	size_t i;

	for (i = 1; i < scenario_link_count(sc); i++) {
		bytes = sat_add(bytes, sizeof(struct link) +
					       2 * sizeof(struct named_link));
		if (scenario_link(sc, i)->discipline == QDISC_FQ_CODEL)
			bytes = sat_add(
				bytes,
				sat_mul(sc->n_flows, sizeof(struct fq_queue)) +
					MEMORY_MALLOC_OVERHEAD);
	}
	return bytes;
}

void
memory_estimate_compute(const struct scenario *sc, struct memory_estimate *out)
{
	struct flow_bound *fb = xcalloc(sc->n_flows, sizeof *fb);
	struct timeline_by_flow tf;
	struct candidates *c = xcalloc(1, sizeof *c);
	struct net_bound nb;
	struct time_bound tb;
	uint64_t window_cc = 0, packets = 0, chunks, pool_bytes;
	uint64_t records_bytes = 0, ranges_bytes = 0, fixed_bytes = 0;
	uint64_t ping_histograms = 0;
	uint64_t events = MEMORY_EVENTS_FIXED, readers = 0;
	uint64_t largest_records = 0;
	size_t largest_flow = 0, n_cc = 0, i;
	bool use_net, use_time;

	memset(out, 0, sizeof *out);
	timeline_by_flow_build(sc, &tf);
	extreme_memo.sc = sc;
	extreme_memo.n_ids = 1 + scenario_link_count(sc);
	extreme_memo.value = xcalloc(extreme_memo.n_ids * KEY_COUNT * 2,
				     sizeof *extreme_memo.value);
	extreme_memo.known = xcalloc(extreme_memo.n_ids * KEY_COUNT * 2, 1);
	extreme_memo.queue = xcalloc(extreme_memo.n_ids, 1);
	for (i = 0; i < sc->n_timeline; i++)
		if (sc->timeline[i].key == KEY_LINK_QUEUE) {
			extreme_memo.any_queue = true;
			if (sc->timeline[i].flow < extreme_memo.n_ids - 1)
				extreme_memo.queue[sc->timeline[i].flow] = 1;
		}
	for (i = 0; i < sc->n_flows; i++) {
		flow_bound_compute(sc, &tf, i, &fb[i]);
		if (sc->flows[i].app == APP_PING) {
			/* its TCP sends nothing: the probes are counted
			 * below */
			fb[i].segments = fb[i].records = 0;
			fb[i].congestion = false;
		}
		if (fb[i].congestion) {
			window_cc =
				sat_add(window_cc, sat_mul(fb[i].segments, 2));
			n_cc++;
		}
	}
	net_bound_compute(sc, fb, &nb);
	time_bound_compute(sc, fb, &tb);
	use_net = n_cc > 0 && nb.valid && nb.packets < window_cc &&
		  nb.packets <= tb.packets;
	use_time = n_cc > 0 && !use_net && tb.packets < window_cc;

	/* Packets: per flow, or the network's bound for the flows with
	 * congestion control when it is the lower. */
	for (i = 0; i < sc->n_flows; i++) {
		const struct flow_bound *b = &fb[i];
		uint64_t n = sat_mul(b->segments, 2);

		if (b->congestion && (use_net || use_time))
			continue;
		if (sc->flows[i].app == APP_PING)
			continue;
		packets = sat_add(packets, n);
		candidate_add(c, sat_mul(n, MEMORY_PACKET_BYTES),
			      "flow %s: %s with %s: up to %" PRIu64
			      " segments in flight, counted twice (a copy or "
			      "its ACK), %zu B each with its views%s",
			      sc->flows[i].name, b->window_why, b->segment_why,
			      b->segments, MEMORY_PACKET_BYTES,
			      b->congestion ? ""
					    : " (cc = none: no congestion "
					      "window holds it back)");
	}
	if (use_net) {
		packets = sat_add(packets, nb.packets);
		candidate_add(
			c, sat_mul(nb.packets, MEMORY_PACKET_BYTES),
			"link: %s: congestion control keeps about %" PRIu64
			" packets in the queue and on the path, counted "
			"4 times (slow start's overshoot, copies, ACKs), "
			"%zu B each",
			nb.why, nb.path, MEMORY_PACKET_BYTES);
	}
	if (use_time) {
		packets = sat_add(packets, tb.packets);
		candidate_add(c, sat_mul(tb.packets, MEMORY_PACKET_BYTES),
			      "congestion windows: %s: at most %" PRIu64
			      " ACKs, each opening a window by 2 segments at "
			      "most; %" PRIu64
			      " packets counted twice (a copy or its ACK), "
			      "%zu B each",
			      tb.why, tb.acks, tb.packets / 2,
			      MEMORY_PACKET_BYTES);
	}
	packets = sat_add(packets,
			  ping_packets_add(sc, c, packets, &ping_histograms));
	/* The pool allocates blocks of PACKET_POOL_CHUNK and keeps them; its
	 * list of blocks grows one by one (realloc: old and new at once). */
	chunks = ceil_div(packets, PACKET_POOL_CHUNK);
	pool_bytes = sat_mul(chunks, PACKET_POOL_CHUNK * sizeof(struct packet) +
					     MEMORY_MALLOC_OVERHEAD +
					     2 * sizeof(void *));
	candidate_add(c,
		      pool_bytes -
			      min_u64(pool_bytes,
				      sat_mul(packets, sizeof(struct packet))),
		      "packet pool: blocks of %d packets", PACKET_POOL_CHUNK);

	/* Per flow: the sender's records of segments in flight, the
	 * receiver's out-of-order ranges (at most one per two segments),
	 * the fixed structures, the readers. */
	for (i = 0; i < sc->n_flows; i++) {
		struct flow_bound *b = &fb[i];
		uint64_t r =
			key_extreme(sc, &tf, TARGET_FLOW, i, KEY_READERS, true);
		uint64_t bytes;

		if (b->congestion && nb.valid)
			b->records = min_u64(
				b->records,
				sat_add(sat_mul(nb.path, 3),
					(uint64_t)sc->flows[i].initial_window +
						2));
		if (b->congestion)
			b->records = min_u64(b->records, tb.packets / 2);
		bytes = doubling_bytes(b->records, 64,
				       sizeof(struct sender_segment));
		records_bytes = sat_add(records_bytes, bytes);
		if (bytes > largest_records) {
			largest_records = bytes;
			largest_flow = i;
		}
		ranges_bytes =
			sat_add(ranges_bytes,
				doubling_bytes(b->records / 2 + 1 + 2, 16,
					       sizeof(struct ranges_node)));
		/* (tcp/ranges.h: tree nodes in one array that doubles, two
		 * of them reserved) */
		/* sack = on: the sender's scoreboard holds as many ranges as
		 * the receiver reports (tcp/sack.h), at most one per two
		 * segments in flight too */
		if (sc->flows[i].sack)
			ranges_bytes = sat_add(
				ranges_bytes,
				doubling_bytes(b->records / 2 + 1, 16,
					       sizeof(struct sack_range)));
		readers = sat_add(readers, r);
		events = sat_add(events, sat_add(r, MEMORY_EVENTS_PER_FLOW));
		fixed_bytes = sat_add(
			fixed_bytes,
			sizeof(struct flow) + 2 * sizeof(struct flow_config) +
				2 * sizeof(uint64_t) *
					sc->flows[i].n_drop_segments);
		/* the array of readers; the first lives in struct flow
		 * (cons.first), the others in allocations of their own */
		fixed_bytes = sat_add(fixed_bytes, sat_mul(r, sizeof(void *)));
		/* which of them are idle: a bit each past the first 64 */
		fixed_bytes = sat_add(fixed_bytes, r / 64 * sizeof(uint64_t));
		if (r > 0)
			fixed_bytes = sat_add(
				fixed_bytes,
				sat_mul(r - 1, sizeof(struct consumer_reader) +
						       MEMORY_MALLOC_OVERHEAD));
	}
	if (sc->n_flows > 0)
		candidate_add(c, records_bytes,
			      "senders' records of the segments in flight "
			      "(RTT samples), %zu B each; most for flow %s: %s "
			      "with %s",
			      sizeof(struct sender_segment),
			      sc->flows[largest_flow].name,
			      fb[largest_flow].window_why,
			      fb[largest_flow].segment_why);
	candidate_add(c, ranges_bytes,
		      "out-of-order ranges (receivers, %zu B each) and SACK "
		      "scoreboards (senders, %zu B each)",
		      sizeof(struct ranges_node), sizeof(struct sack_range));
	candidate_add(c, fixed_bytes,
		      "flows: %zu, with %" PRIu64 " readers in all (readers)",
		      sc->n_flows, readers);
	candidate_add(c, latency_bytes(sc, ping_histograms),
		      "latency histograms: the queueing delay of %zu "
		      "link%s, the round trips of each probe flow "
		      "(%zu B a power of two they span)%s",
		      1 + sc->n_links, sc->n_links > 0 ? "s" : "",
		      LATENCY_CHUNK_BYTES,
		      fq_codel_links(sc) > 0 ? "; FQ-CoDel's queues" : "");
	/* named links: their own serializers and pipes, 4 events each */
	if (sc->n_links > 0)
		candidate_add(c, named_links_bytes(sc),
			      "named links: %zu, each with its queue and "
			      "its serializers",
			      sc->n_links);
	events = sat_add(events, 4 * (uint64_t)sc->n_links);
	candidate_add(c,
		      sat_add(doubling_bytes(events, 64,
					     sizeof(struct event_queue_slot)),
			      EVENT_WHEEL_BUCKETS * sizeof(struct event *) +
				      EVENT_WHEEL_BUCKETS / 8),
		      "event queue: %" PRIu64 " events at most, and the timer "
		      "wheel's %d buckets",
		      events, EVENT_WHEEL_BUCKETS);
	/* the scenario's; the run reads it in place (sim_create_sharing());
	 * validation replays it on a copy, freed before the run */
	candidate_add(
		c, sat_mul(sc->n_timeline, 2 * sizeof(struct timeline_entry)),
		"timeline: %zu entries, in 2 copies (the scenario's, and "
		"one while it is validated)",
		sc->n_timeline);
	records_estimate(sc, &tf, c);
	candidate_add(c, MEMORY_PROGRAM_BYTES + sizeof(struct sim),
		      "the program and its libraries");
	candidate_add(c, MEMORY_OUTPUT_BYTES,
		      "output buffers (--csv, --events, --pcap)");

	qsort(c->part, c->n, sizeof *c->part, part_compare);
	out->total_bytes = c->total;
	out->packets = packets;
	out->packet_pool_bytes = pool_bytes;
	out->n_parts = min_u64(c->n, MEMORY_ESTIMATE_PARTS);
	memcpy(out->parts, c->part, out->n_parts * sizeof *out->parts);
	free(c);
	free(fb);
	timeline_by_flow_free(&tf);
	free(extreme_memo.value);
	free(extreme_memo.known);
	free(extreme_memo.queue);
	memset(&extreme_memo, 0, sizeof extreme_memo);
}

char *
memory_format_bytes(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = {"B",   "KiB", "MiB", "GiB",
					    "TiB", "PiB", "EiB"};
	uint64_t scale = 1;
	size_t u = 0;
	uint64_t tenths;

	while (u + 1 < sizeof units / sizeof units[0] &&
	       bytes / scale >= 1024) {
		scale *= 1024;
		u++;
	}
	if (u == 0) {
		snprintf(buf, size, "%" PRIu64 " B", bytes);
		return buf;
	}
	/* One decimal below 10, rounded, in integers (no locale): bytes /
	 * (scale / 1024) is below 10240 here. */
	tenths = (bytes / (scale / 1024) * 10 + 512) / 1024;
	if (bytes / scale >= 10)
		snprintf(buf, size, "%" PRIu64 " %s",
			 bytes / scale + (bytes % scale >= scale / 2),
			 units[u]);
	else
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 " %s", tenths / 10,
			 tenths % 10, units[u]);
	return buf;
}

int
memory_estimate_check(const struct memory_estimate *est, uint64_t budget_bytes,
		      const char *scenario_name, FILE *errs)
{
	char need[32], budget[32];
	char *name;
	size_t i, shown = 0;

	if (est->total_bytes <= budget_bytes)
		return 0;
	name = escape_dup(scenario_name);
	fprintf(errs,
		"tcpsim: %s: the run would need about %s of memory, more than "
		"the budget of %s (--max-memory); mostly:\n",
		name, memory_format_bytes(need, sizeof need, est->total_bytes),
		memory_format_bytes(budget, sizeof budget, budget_bytes));
	/* The contributors that matter: each a tenth of the total or more,
	 * at most three, the largest always; one a line, as check shows
	 * them. */
	for (i = 0; i < est->n_parts && shown < 3; i++) {
		if (shown > 0 && est->parts[i].bytes < est->total_bytes / 10)
			break;
		fprintf(errs, "  %9s  %s\n",
			memory_format_bytes(need, sizeof need,
					    est->parts[i].bytes),
			est->parts[i].text);
		shown++;
	}
	fprintf(errs, "Lower those settings, or raise --max-memory "
		      "(--max-memory=unlimited: no limit).\n");
	free(name);
	return -1;
}

uint64_t
memory_physical_bytes(void)
{
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
	long pages = sysconf(_SC_PHYS_PAGES);
	long page = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || page <= 0)
		return 0;
	return sat_mul((uint64_t)pages, (uint64_t)page);
#else
	return 0;
#endif
}
