/* SPDX-License-Identifier: ISC */
/*
 * test_relay.c: relays, records, lag, write_burst and load shedding.
 *
 * Each expected value follows from the rule under test: a chain moves
 * data at its slower hop; a stall travels upstream one step at a time;
 * a broker's store grows at the difference of the rates; round robin
 * halves; lag grows by what the producer writes; a record's age is now
 * minus when it was written; a token bucket lets B + R t bytes through by
 * time t.  Rates are chosen so that the times are whole nanoseconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/relay.h" /* relay_chain_oldest() */
#include "model/sim.h"
#include "model/sim_internal.h"
#include "tcp/app.h" /* producer_is_blocked() */
#include "tcp/flow.h"
#include "scenario/scenario.h"
#include "scenario/scenario_internal.h" /* scenario_flow_find() */
#include "scenario/scenario_write.h"
#include "sim/time.h"
#include "trace/csv.h"
#include "trace/summary.h"

#define MS INT64_C(1000000)
#define S  INT64_C(1000000000)

/* The index of flow `name`. */
static size_t
flow_index(const struct sim *sim, const char *name)
{
	for (size_t i = 0; i < sim_flow_count(sim); i++)
		if (strcmp(sim_flow_name(sim, i), name) == 0)
			return i;
	fail_msg("no flow %s", name);
	return 0;
}

static uint64_t
read_bytes(const struct sim *sim, const char *name)
{
	struct flow_snapshot fs;

	sim_flow_snapshot(sim, flow_index(sim, name), &fs);
	return fs.read_bytes;
}

/* The first event of `kind` on flow `name` whose sentence holds `text`
 * (NULL: any); its time, or -1. */
static int64_t
first_event(const struct sim *sim, const struct recorder *rec,
	    enum trace_kind kind, const char *name, const char *text)
{
	size_t flow = flow_index(sim, name);

	for (size_t i = 0; i < rec->n; i++) {
		const struct trace_event *ev = &rec->ev[i];

		if (ev->kind == kind && ev->flow == flow &&
		    (text == NULL || strstr(ev->detail, text) != NULL))
			return ev->time_ns;
	}
	return -1;
}

/* ---- a chain moves data at its slower hop ---- */

static const char *const chain_fmt =
	"[simulation]\nduration = 30s\n"
	"[link]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 packets\n"
	"[flow up]\nwrite_rate = %s\nwrite_size = 8KiB\n"
	"[flow down]\nread_rate = %s\nread_size = 8KiB\n"
	"[relay proxy]\nfrom = up\nto = down\n";

/* Bytes the end consumer reads per second between 10 s and 20 s. */
static double
chain_rate(const char *up_rate, const char *down_rate)
{
	char text[1024];
	struct sim *sim;
	uint64_t a, b;

	snprintf(text, sizeof text, chain_fmt, up_rate, down_rate);
	sim = helper_sim(text);
	sim_run_until(sim, 10 * S);
	a = read_bytes(sim, "down");
	sim_run_until(sim, 20 * S);
	b = read_bytes(sim, "down");
	sim_destroy(sim);
	return (double)(b - a) * 8.0 / 10.0;
}

static void
test_goodput_is_the_slower_hop(void **state)
{
	(void)state;
	/* Either hop can be the slower one: the chain goes at its pace. */
	assert_true(helper_within(chain_rate("2Mbit/s", "5Mbit/s"), 2e6, 0.02));
	assert_true(helper_within(chain_rate("5Mbit/s", "2Mbit/s"), 2e6, 0.02));
}

/* ---- a stall travels upstream, one step after the other ---- */

/* The relay's store when it says it stops reading. */
struct stop_probe {
	uint64_t held;	/* buffer_bytes then */
	uint64_t limit; /* buffer_limit then */
	bool seen;	/* it said so */
};

static void
stop_probe_on_event(void *ctx, const struct sim *sim,
		    const struct trace_event *ev)
{
	struct stop_probe *p = ctx;
	struct relay_snapshot r;

	if (ev->kind != TRACE_RELAY || p->seen ||
	    strstr(ev->detail, "stops reading") == NULL)
		return;
	sim_relay_snapshot(sim, 0, &r);
	p->held = r.buffer_bytes;
	p->limit = r.buffer_limit;
	p->seen = true;
}

static void
test_stall_travels_upstream(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 20s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 10ms\n"
		"[flow up]\nwrite_rate = 4Mbit/s\nwrite_size = 1KiB\n"
		"[flow down]\n"
		"[relay broker]\nfrom = up\nto = down\nbuffer = 100KiB\n"
		"[timeline]\n1s: down.read_rate = 0\n");
	struct stop_probe probe = {0};
	struct sim_observer obs = {.on_event = stop_probe_on_event,
				   .ctx = &probe};
	struct recorder rec = {0};
	int64_t down_zero, down_blocked, relay_full, up_zero, up_blocked;

	(void)state;
	recorder_attach(sim, &rec);
	sim_add_observer(sim, &obs);
	sim_run(sim);
	down_zero = first_event(sim, &rec, TRACE_ZERO_WINDOW, "down", NULL);
	down_blocked = first_event(sim, &rec, TRACE_APP_WRITE, "down",
				   "relay broker blocks on down");
	relay_full = first_event(sim, &rec, TRACE_RELAY, "up",
				 "buffer full (100 KiB): stops reading from "
				 "up");
	up_zero = first_event(sim, &rec, TRACE_ZERO_WINDOW, "up", NULL);
	up_blocked = first_event(sim, &rec, TRACE_APP_WRITE, "up",
				 "producer blocks");
	assert_true(down_zero >= 1 * S);
	assert_true(down_blocked > down_zero);
	assert_true(relay_full > down_blocked);
	assert_true(up_zero > relay_full);
	assert_true(up_blocked > up_zero);
	/* it stops reading when the store holds exactly `buffer` */
	assert_true(probe.seen);
	assert_int_equal(probe.limit, 100 * 1024);
	assert_int_equal(probe.held, 100 * 1024);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* ---- a broker absorbs the difference of the rates ---- */

static void
test_broker_absorbs(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 20s\n"
		"[link]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 packets\n"
		"[flow up]\nwrite_rate = 4Mbit/s\nwrite_size = 8KiB\n"
		"[flow down]\nread_rate = 1Mbit/s\nread_size = 8KiB\n"
		"[relay broker]\nfrom = up\nto = down\nbuffer = 10GiB\n");
	struct relay_snapshot r;
	struct flow_snapshot up;
	uint64_t held5;
	double grown, expected = (4e6 - 1e6) / 8.0 * 10.0;

	(void)state;
	sim_run_until(sim, 5 * S);
	sim_relay_snapshot(sim, 0, &r);
	held5 = r.buffer_bytes;
	sim_run_until(sim, 15 * S);
	sim_relay_snapshot(sim, 0, &r);
	grown = (double)(r.buffer_bytes - held5);
	/* (upstream rate - downstream rate) x 10 s, within a write or two */
	assert_true(helper_within(grown, expected, 0.01));
	sim_flow_snapshot(sim, flow_index(sim, "up"), &up);
	assert_int_equal(up.zero_window_adverts, 0);
	assert_false(up.producer_blocked);
	assert_true(r.reading);
	sim_destroy(sim);
}

/* on_full = drop: the relay keeps reading and discards whole units. */
static void
test_drop_keeps_reading(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 20s\n"
		"[link]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 packets\n"
		"[flow up]\nwrite_rate = 4Mbit/s\nwrite_size = 8KiB\n"
		"[flow down]\nread_rate = 1Mbit/s\nread_size = 8KiB\n"
		"[relay r]\nfrom = up\nto = down\nbuffer = 64KiB\n"
		"on_full = drop\n");
	struct relay_snapshot r;
	struct flow_snapshot up, down;

	(void)state;
	for (int64_t t = 100 * MS; t <= 20 * S; t += 100 * MS) {
		sim_run_until(sim, t);
		sim_relay_snapshot(sim, 0, &r);
		assert_true(r.buffer_bytes <= r.buffer_limit);
		assert_true(r.reading);
	}
	sim_relay_snapshot(sim, 0, &r);
	sim_flow_snapshot(sim, flow_index(sim, "up"), &up);
	sim_flow_snapshot(sim, flow_index(sim, "down"), &down);
	/* it never stops reading: the upstream window never closes */
	assert_int_equal(up.zero_window_adverts, 0);
	assert_false(up.producer_blocked);
	/* what it read was kept (held or forwarded) or dropped, whole */
	assert_true(r.dropped_bytes > 0);
	assert_int_equal(r.dropped_bytes % 8192, 0);
	assert_int_equal(r.read_bytes,
			 r.buffer_bytes + r.forwarded_bytes + r.dropped_bytes);
	assert_int_equal(down.written_bytes, r.forwarded_bytes);
	sim_destroy(sim);
}

/* ---- dispatch over a consumer group ---- */

static const char *const group_fmt =
	"[simulation]\nduration = 60s\n"
	"[link]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 packets\n"
	"[flow up]\nwrite_total = %s\nwrite_rate = %s\nrecord_size = 1KiB\n"
	"write_size = 8KiB\n"
	"[flow c1]\nread_rate = %s\nread_size = 1KiB\n"
	"[flow c2]\nread_rate = %s\nread_size = 1KiB\n"
	"[relay broker]\nfrom = up\nto = c1, c2\ndispatch = %s\n";

static void
test_round_robin_halves(void **state)
{
	char text[1024];
	struct lag_snapshot l1, l2;
	struct sim *sim;
	uint64_t total = 1001; /* records: an odd number */

	(void)state;
	snprintf(text, sizeof text, group_fmt, "1001KiB", "8Mbit/s",
		 "unlimited", "unlimited", "round_robin");
	sim = helper_sim(text);
	sim_run(sim);
	sim_flow_lag(sim, flow_index(sim, "c1"), &l1);
	sim_flow_lag(sim, flow_index(sim, "c2"), &l2);
	assert_int_equal(l1.records_read + l2.records_read, total);
	/* within one unit (a record) of half each */
	assert_true(l1.records_read >= total / 2 &&
		    l1.records_read <= total / 2 + 1);
	assert_true(l2.records_read >= total / 2 &&
		    l2.records_read <= total / 2 + 1);
	assert_int_equal(l1.lag_records + l2.lag_records, 0);
	assert_true(sim_finished(sim));
	sim_destroy(sim);
}

static void
test_least_loaded_favours_the_faster(void **state)
{
	char text[1024];
	struct lag_snapshot l1, l2;
	struct sim *sim;

	(void)state;
	snprintf(text, sizeof text, group_fmt, "unlimited", "8Mbit/s",
		 "4Mbit/s", "1Mbit/s", "least_loaded");
	sim = helper_sim(text);
	sim_run_until(sim, 20 * S);
	sim_flow_lag(sim, flow_index(sim, "c1"), &l1);
	sim_flow_lag(sim, flow_index(sim, "c2"), &l2);
	/* c1 reads four times as fast: it empties its buffers sooner and
	 * gets more; round robin would have held it to c2's pace */
	assert_true(l1.records_read > 3 * l2.records_read);
	sim_destroy(sim);
}

/* least_loaded passes a stalled consumer by: once its send buffer is
 * full, every unit goes to the other. */
static void
test_least_loaded_passes_a_stall(void **state)
{
	char text[1024];
	struct flow_snapshot c1, c2;
	struct relay_snapshot r;
	struct sim *sim;

	(void)state;
	snprintf(text, sizeof text, group_fmt, "4MiB", "8Mbit/s", "unlimited",
		 "0", "least_loaded");
	sim = helper_sim(text);
	sim_run_until(sim, 30 * S);
	sim_flow_snapshot(sim, flow_index(sim, "c1"), &c1);
	sim_flow_snapshot(sim, flow_index(sim, "c2"), &c2);
	sim_relay_snapshot(sim, 0, &r);
	/* c2 took no more than its send buffer and its receive buffer
	 * (256 KiB + 64 KiB, the defaults), c1 all the rest */
	assert_true(c2.written_bytes <= (256 + 64) * 1024);
	assert_int_equal(r.buffer_bytes, 0);
	assert_int_equal(c1.read_bytes + c2.written_bytes, 4 << 20);
	sim_destroy(sim);
}

/* ---- lag ---- */

/*
 * 800 kbit/s in writes of one 1 KiB record: record k is written at
 * k x 10.24 ms.  The consumer stops at 1 s behind a 10 GiB broker: from
 * then on every record written adds to the lag.
 */
static const char *const lag_text =
	"[simulation]\nduration = 20s\n"
	"[link]\nrate = 100Mbit/s\ndelay = 5ms\nqueue = 1000 packets\n"
	"[flow up]\nwrite_rate = 800kbit/s\nwrite_size = 1KiB\n"
	"record_size = 1KiB\n"
	"[flow down]\nread_size = 1KiB\n"
	"[relay broker]\nfrom = up\nto = down\nbuffer = 10GiB\n"
	"[timeline]\n1s: down.read_rate = 0\n";
#define LAG_PERIOD_NS (INT64_C(10240000))

/* Records the producer wrote and the consumer has not read: the flows'
 * lag and the broker's held records, the group's lag plus upstream. */
static uint64_t
total_lag(const struct sim *sim, uint64_t *bytes)
{
	struct relay_snapshot r;
	struct lag_snapshot up;

	sim_relay_snapshot(sim, 0, &r);
	sim_flow_lag(sim, flow_index(sim, "up"), &up);
	*bytes = r.group_lag_bytes + up.lag_bytes;
	return r.group_lag_records + up.lag_records;
}

static void
test_lag_grows_with_writes(void **state)
{
	struct sim *sim = helper_sim(lag_text);
	uint64_t b5, b15, r5, r15;
	/* write_rate x 10 s: 1 MB, in 1 KiB records */
	double bytes = 800e3 / 8.0 * 10.0, records = bytes / 1024.0;

	(void)state;
	sim_run_until(sim, 5 * S);
	r5 = total_lag(sim, &b5);
	sim_run_until(sim, 15 * S);
	r15 = total_lag(sim, &b15);
	/* writes are 10.24 ms apart: 10 s holds 976 or 977 of them */
	assert_true((double)(b15 - b5) >= bytes - 1024.0 &&
		    (double)(b15 - b5) <= bytes + 1024.0);
	assert_true((double)(r15 - r5) >= records - 1.0 &&
		    (double)(r15 - r5) <= records + 1.0);
	sim_destroy(sim);
}

static void
test_time_lag_is_the_oldest_record(void **state)
{
	struct sim *sim = helper_sim(lag_text);
	struct lag_snapshot down;
	struct flow_snapshot fs;
	int64_t birth;

	(void)state;
	sim_run_until(sim, 7 * S);
	sim_flow_snapshot(sim, flow_index(sim, "down"), &fs);
	sim_flow_lag(sim, flow_index(sim, "down"), &down);
	/* the oldest unread byte is at read_bytes; its record was written
	 * at its index times the period (one relay, no drop: down's stream
	 * is up's) */
	birth = (int64_t)(fs.read_bytes / 1024) * LAG_PERIOD_NS;
	assert_true(fs.read_bytes < fs.written_bytes);
	assert_int_equal(down.time_lag_ns, 7 * S - birth);
	sim_run_until(sim, 9 * S);
	sim_flow_lag(sim, flow_index(sim, "down"), &down);
	assert_int_equal(down.time_lag_ns, 9 * S - birth);
	sim_destroy(sim);
}

/* The age of the oldest unread byte of relay `i`'s group, by its
 * definition: its own oldest held byte, each to flow's oldest unread byte
 * and, through the relay reading that flow, that relay's group. */
static int64_t
group_age_reference(const struct sim *sim, size_t i)
{
	struct relay_snapshot rs;
	int64_t age;

	sim_relay_snapshot(sim, i, &rs);
	age = rs.oldest_age_ns;
	for (size_t k = 0; k < rs.n_to; k++) {
		struct lag_snapshot lag;

		sim_flow_lag(sim, rs.to_flows[k], &lag);
		if (lag.time_lag_ns > age)
			age = lag.time_lag_ns;
		if (lag.reader_relay != SIZE_MAX) {
			int64_t down = group_age_reference(sim, lag.reader_relay);

			if (down > age)
				age = down;
		}
	}
	return age;
}

/* The age of the oldest byte of flow `f`'s chain not yet read by an
 * application, by its definition: f's own, its reading relay's held
 * bytes and, downstream, each of that relay's to flows' chains; -1:
 * none. */
static int64_t
chain_age_reference(const struct sim *sim, size_t f)
{
	struct lag_snapshot lag;
	struct relay_snapshot rs;
	int64_t age;

	sim_flow_lag(sim, f, &lag);
	age = lag.time_lag_ns;
	if (lag.reader_relay == SIZE_MAX)
		return age;
	sim_relay_snapshot(sim, lag.reader_relay, &rs);
	if (rs.oldest_age_ns > age)
		age = rs.oldest_age_ns;
	for (size_t k = 0; k < rs.n_to; k++) {
		int64_t down = chain_age_reference(sim, rs.to_flows[k]);

		if (down > age)
			age = down;
	}
	return age;
}

/*
 * Each relay's group lag, asked of every relay after every event (as a
 * sample asks it of all at one instant), is what its definition gives
 * from each part's own oldest byte; so is the chain's oldest byte that
 * a shedding producer asks of its flow (relay_chain_oldest()).  Three chains: one with a fan-out
 * and a slow end, which always lags; one whose producer writes a record
 * every 100 ms to readers that keep up, so that the chain empties and
 * fills again; one whose relay drops what does not fit.
 */
static void
test_group_lag_along_a_chain(void **state)
{
	static const char *const texts[] = {
		"[simulation]\nduration = 3s\n"
		"[flow src]\nwrite_rate = 2Mbit/s\nrecord_size = 1KiB\n"
		"write_size = 1KiB\n"
		"[flow m1]\n[flow m2]\n[flow x]\nread_rate = 1Mbit/s\n"
		"[flow sink]\nread_rate = 500kbit/s\n"
		"[relay r0]\nfrom = src\nto = m1\n"
		"[relay r1]\nfrom = m1\nto = m2, x\n"
		"[relay r2]\nfrom = m2\nto = sink\nprocess_rate = 1Mbit/s\n",
		"[simulation]\nduration = 2s\n"
		"[flow src]\nwrite_rate = 81920bit/s\nrecord_size = 1KiB\n"
		"write_size = 1KiB\n[flow m1]\n[flow sink]\n"
		"[relay r0]\nfrom = src\nto = m1\n"
		"[relay r1]\nfrom = m1\nto = sink\n",
		"[simulation]\nduration = 2s\n"
		"[flow src]\nwrite_rate = 4Mbit/s\nrecord_size = 1KiB\n"
		"write_size = 1KiB\n[flow m1]\n"
		"[flow sink]\nread_rate = 200kbit/s\n"
		"[relay r0]\nfrom = src\nto = m1\non_full = drop\n"
		"buffer = 4KiB\nprocess_rate = 1Mbit/s\n"
		"[relay r1]\nfrom = m1\nto = sink\n",
	};

	(void)state;
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		struct sim *sim = helper_sim(texts[t]);
		int64_t end = sim_duration(sim);
		size_t checks = 0, lagging = 0, empty = 0;

		while (!sim_run_until_bounded(sim, end, 1)) {
			for (size_t i = 0; i < sim_relay_count(sim); i++) {
				struct relay_snapshot rs;

				sim_relay_snapshot(sim, i, &rs);
				assert_int_equal(rs.group_time_lag_ns,
						 group_age_reference(sim, i));
				lagging += rs.group_time_lag_ns > 0;
				empty += rs.group_time_lag_ns < 0;
				checks++;
			}
			for (size_t f = 0; f < sim_flow_count(sim); f++) {
				int64_t oldest =
					relay_chain_oldest(sim, &sim->flows[f]);

				assert_int_equal(oldest == INT64_MAX
							 ? -1
							 : sim_now(sim) - oldest,
						 chain_age_reference(sim, f));
			}
		}
		assert_true(checks > 200);
		if (t == 0)
			assert_true(lagging > checks / 2); /* always behind */
		if (t == 1)
			assert_true(empty > 0 && lagging > 0); /* empties */
		sim_destroy(sim);
	}
}

static void
test_shedding_starts_past_the_threshold(void **state)
{
	char text[1024];
	struct recorder rec = {0};
	struct flow_snapshot fs;
	struct sim *sim;
	int64_t start, birth;

	(void)state;
	/* the lag scenario with the producer shedding past 2 s of lag */
	{
		const char *cut = strstr(lag_text, "record_size = 1KiB\n");
		size_t head = (size_t)(cut - lag_text) +
			      strlen("record_size = 1KiB\n");

		snprintf(text, sizeof text,
			 "%.*sshed_when_lag_exceeds = 2s\n%s", (int)head,
			 lag_text, lag_text + head);
	}
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run_until(sim, 2 * S);
	sim_flow_snapshot(sim, flow_index(sim, "down"), &fs);
	/* stalled since 1 s: the oldest unread record stays the same */
	birth = (int64_t)(fs.read_bytes / 1024) * LAG_PERIOD_NS;
	sim_run_until(sim, 10 * S);
	start = first_event(sim, &rec, TRACE_APP_WRITE, "up",
			    "starts shedding");
	/* at the first write after the lag passed 2 s: writes are one
	 * period apart */
	assert_true(start > birth + 2 * S);
	assert_true(start - LAG_PERIOD_NS <= birth + 2 * S);
	sim_flow_snapshot(sim, flow_index(sim, "up"), &fs);
	/* from then on every write is shed: 10 s - start of them */
	assert_true(fs.dropped_writes_bytes >=
		    (uint64_t)((10 * S - start) / LAG_PERIOD_NS) * 1024);
	recorder_free(&rec);
	sim_destroy(sim);
}

/* ---- write_burst ---- */

static void
test_write_burst_bucket(void **state)
{
	/* R = 8 Mbit/s = 1 000 000 B/s, B = 64 KiB, writes of 1 KiB */
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 2s\n"
		"[link]\nrate = 1Gbit/s\ndelay = 1ms\nqueue = 10000 packets\n"
		"[flow f]\nwrite_rate = 8Mbit/s\nwrite_burst = 64KiB\n"
		"write_size = 1KiB\nsend_buffer = 16MiB\n"
		"receive_buffer = 16MiB\n");
	const int64_t times[] = {0, 1 * MS, 100 * MS, 500 * MS, 1500 * MS};

	(void)state;
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		struct flow_snapshot fs;
		/* B + R t, in whole writes */
		uint64_t allowed = 65536 + (uint64_t)(times[i] / 1000);

		sim_run_until(sim, times[i]);
		sim_flow_snapshot(sim, 0, &fs);
		assert_false(fs.producer_blocked);
		assert_int_equal(fs.written_bytes, allowed / 1024 * 1024);
	}
	sim_destroy(sim);
}

/* ---- least_loaded without a walk of the group ---- */

/*
 * A producer writing 1 KiB records at `rate` into a broker that deals
 * them, least_loaded, to K consumers reading `read_rate` each, with
 * send and receive buffers of `buffers` bytes (0: the defaults) and
 * delayed ACKs off, so that each segment is acknowledged by an ACK of
 * its own.  Free the text.
 */
static char *
group_text(int k, const char *rate, const char *read_rate, unsigned buffers)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fprintf(f,
		"[simulation]\nduration = 3s\n"
		"[link]\nrate = 1Gbit/s\ndelay = 1ms\nqueue = 10000 packets\n"
		"[flow up]\nwrite_rate = %s\nwrite_size = 1KiB\n"
		"record_size = 1KiB\n",
		rate);
	for (int i = 0; i < k; i++) {
		fprintf(f, "[flow c%d]\nread_rate = %s\ndelayed_ack = off\n", i,
			read_rate);
		if (buffers > 0)
			fprintf(f, "send_buffer = %uB\nreceive_buffer = %uB\n",
				buffers, buffers);
	}
	fprintf(f, "[relay b]\nfrom = up\nbuffer = 10GiB\n"
		   "dispatch = least_loaded\nto = c0");
	for (int i = 1; i < k; i++)
		fprintf(f, ",c%d", i);
	fputc('\n', f);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* The height of a tournament tree over k leaves: ceil(log2 k). */
static uint64_t
tree_height(uint64_t k)
{
	uint64_t h = 0;

	while ((UINT64_C(1) << h) < k)
		h++;
	return h;
}

/* Data segments the broker's consumers were sent. */
static uint64_t
group_segments(const struct sim *sim, const struct relay *r)
{
	uint64_t n = 0;

	for (size_t k = 0; k < r->n_to; k++) {
		struct flow_snapshot fs;

		sim_flow_snapshot(sim, r->to_index[k], &fs);
		n += fs.segments_sent;
	}
	return n;
}

/*
 * A group that keeps up: every record finds a consumer with room.  Its
 * pick reads the tree's root; what moves a consumer's load is the record
 * written into its send buffer and an ACK that frees bytes (one per
 * segment at most), and each moves one leaf, whose way to the root is
 * the tree's height; so is each consumer's start.  A walk of the group
 * looked at every consumer twice for each record (the choice, then the
 * producers' blocked states).
 */
static void
test_least_loaded_looks_grow_with_the_log(void **state)
{
	static const int sizes[] = {64, 512};

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char *text = group_text(sizes[i], "8Mbit/s", "unlimited", 0);
		struct sim *sim = helper_sim(text);
		const struct relay *r = &sim->relays[0];
		uint64_t units, h = tree_height((uint64_t)sizes[i]), bound;

		sim_run(sim);
		units = r->out_off / 1024;
		/* 8 Mbit/s of 1 KiB records for 3 s, less the last RTTs */
		assert_true(units > 2800);
		assert_int_equal(r->scans, 0); /* no short unit */
		bound = units + (units + group_segments(sim, r) + r->n_to) * h;
		if (r->looks > bound)
			fail_msg("%d consumers: %llu looks for %llu records, "
				 "more than %llu",
				 sizes[i], (unsigned long long)r->looks,
				 (unsigned long long)units,
				 (unsigned long long)bound);
		sim_destroy(sim);
		free(text);
	}
}

/*
 * A group that cannot keep up (16 Mbit/s of records, 256 consumers
 * reading 10 kbit/s each, 2 KiB buffers): within a second every consumer
 * is full, and the broker waits for any (every producer blocked) after
 * about every record, then frees them all when an ACK makes room in one.
 * A pick reads the root and, when it blocks or frees the group, sets one
 * state for all (one look) and clears the flows that differed from it,
 * each put there once (started while the group waited); the leaves move
 * as above.  A walk of the group looked at every consumer twice a pick.
 */
static void
test_least_loaded_saturated_looks_grow_with_the_log(void **state)
{
	enum { K = 256 };
	char *text = group_text(K, "16Mbit/s", "10kbit/s", 2048);
	struct sim *sim = helper_sim(text);
	const struct relay *r = &sim->relays[0];
	struct recorder rec;
	uint64_t units, h = tree_height(K), bound, blocks;

	(void)state;
	sim_run(sim);
	units = r->out_off / 1024;
	/* more than the consumers' buffers hold: 256 x (2 + 2) records */
	assert_true(units > 4 * K);
	bound = 2 * r->picks + K + (units + group_segments(sim, r) + K) * h;
	if (r->looks > bound)
		fail_msg("%llu looks for %llu picks, %llu records: more than "
			 "%llu",
			 (unsigned long long)r->looks,
			 (unsigned long long)r->picks,
			 (unsigned long long)units, (unsigned long long)bound);
	sim_destroy(sim);
	/* the same run, narrated: the whole group did wait, more than a
	 * hundred times (each time every consumer says so) */
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	blocks = 0;
	for (size_t i = 0; i < rec.n; i++)
		blocks += strstr(rec.ev[i].detail, "relay b blocks on") != NULL;
	assert_true(blocks > 100 * K);
	recorder_free(&rec);
	sim_destroy(sim);
	free(text);
}

/* xorshift64: the same scenario at every run */
static uint64_t
test_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * A group of K consumers drawn at random: send buffers from 1500 B (less
 * than a record) to 8 KiB, read rates from 0 to 50 kbit/s (less than the
 * producer's 16 Mbit/s in all: the group fills), late starts, and a
 * timeline that changes send buffers and read rates mid-run; 2000-byte
 * records, the stream ending in a shorter one.
 */
static char *
random_group_text(int k, uint64_t seed)
{
	static const char *const sizes[] = {"1500B", "2000B", "3000B", "4KiB",
					    "8KiB"};
	static const char *const rates[] = {"0", "2kbit/s", "5kbit/s",
					    "10kbit/s", "50kbit/s"};
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fprintf(f,
		"[simulation]\nduration = 6s\n"
		"[link]\nrate = 1Gbit/s\ndelay = 1ms\nqueue = 10000 packets\n"
		"[flow up]\nwrite_rate = 16Mbit/s\nwrite_size = 8000B\n"
		"record_size = 2000B\nwrite_total = 3000500B\n"
		"send_buffer = 1MiB\n");
	for (int i = 0; i < k; i++) {
		fprintf(f,
			"[flow c%d]\nsend_buffer = %s\nread_rate = %s\n"
			"receive_buffer = 4KiB\n",
			i, sizes[test_random(&seed) % 5],
			rates[test_random(&seed) % 5]);
		if (test_random(&seed) % 4 == 0)
			fprintf(f, "start = %llums\n",
				(unsigned long long)(test_random(&seed) %
						     2000));
	}
	fprintf(f, "[relay b]\nfrom = up\nbuffer = 10GiB\n"
		   "dispatch = least_loaded\nto = c0");
	for (int i = 1; i < k; i++)
		fprintf(f, ",c%d", i);
	fprintf(f, "\n[timeline]\n");
	for (int t = 100; t < 6000; t += 100) {
		int c = (int)(test_random(&seed) % (uint64_t)k);

		if (test_random(&seed) % 2)
			fprintf(f, "%dms: c%d.send_buffer = %s\n", t, c,
				sizes[test_random(&seed) % 5]);
		else
			fprintf(f, "%dms: c%d.read_rate = %s\n", t, c,
				rates[test_random(&seed) % 5]);
	}
	assert_int_equal(fclose(f), 0);
	return text;
}

/* least_loaded as relay.h states it, by a look at every consumer. */
static size_t
reference_pick(const struct relay *r, uint64_t len)
{
	size_t best = SIZE_MAX;

	for (size_t k = 0; k < r->n_to; k++) {
		const struct flow *f = r->to[k];
		uint64_t used = f->snd.written - f->snd.una_off;
		uint64_t room = used < f->cfg->send_buffer
					? f->cfg->send_buffer - used
					: 0;
		uint64_t need =
			len < f->cfg->send_buffer ? len : f->cfg->send_buffer;

		if (!f->prod.started || room < need)
			continue;
		if (best == SIZE_MAX ||
		    used < r->to[best]->snd.written - r->to[best]->snd.una_off)
			best = k;
	}
	return best;
}

struct pick_probe {
	uint64_t units;	      /* first writes of a unit seen */
	uint64_t short_units; /* of them, shorter than a record */
	uint64_t waits;	      /* "blocks on" while no unit was being copied */
	uint64_t partial;     /* "blocks on" the flow of a unit being copied */
};

/*
 * At the first write of each unit the choice has just been made, and
 * nothing it read has moved since: it must be the reference's, and the
 * choice has freed every consumer.  A consumer said to block while no
 * unit is being copied is one of a group where none has room.
 */
static void
pick_probe_on_event(void *ctx, const struct sim *sim,
		    const struct trace_event *ev)
{
	struct pick_probe *p = ctx;
	const struct relay *r = &sim->relays[0];

	if (ev->kind != TRACE_APP_WRITE)
		return;
	if (strstr(ev->detail, "relay b writes") != NULL &&
	    r->cur_left + ev->len == r->unit_len) {
		size_t want = reference_pick(r, r->unit_len);

		if (want != r->cur)
			fail_msg("at %lld ns a %llu-byte unit went to %s, not "
				 "%s",
				 (long long)ev->time_ns,
				 (unsigned long long)r->unit_len,
				 r->to[r->cur]->cfg->name,
				 want == SIZE_MAX ? "none"
						  : r->to[want]->cfg->name);
		for (size_t k = 0; k < r->n_to; k++)
			assert_false(producer_is_blocked(r->to[k]));
		p->units++;
		p->short_units += r->unit_len < r->unit;
	} else if (strstr(ev->detail, "relay b blocks on") != NULL) {
		if (r->cur == SIZE_MAX) {
			uint64_t held = relay_held(r);

			assert_int_equal(reference_pick(r, r->unit < held
								   ? r->unit
								   : held),
					 SIZE_MAX);
			p->waits++;
		} else {
			assert_int_equal(r->to_index[r->cur], ev->flow);
			p->partial++;
		}
	}
}

/*
 * The choices against a look at every consumer, in a random group of 300
 * whose consumers stall, start late and change buffers mid-run: each
 * choice in a narrated run (the event says when one is made); and in a
 * silent one, stepped an event at a time, the tree's answer between
 * events.  Both runs give every consumer the same bytes.
 */
static void
test_least_loaded_picks_as_the_scan(void **state)
{
	enum { K = 300 };
	char *text = random_group_text(K, 0x9e3779b97f4a7c15u);
	struct pick_probe probe = {0};
	struct sim_observer obs = {.on_event = pick_probe_on_event,
				   .ctx = &probe};
	struct sim *told = helper_sim(text), *silent = helper_sim(text);
	const struct relay *r = &silent->relays[0];
	uint64_t steps = 0;

	(void)state;
	sim_add_observer(told, &obs);
	sim_run(told);
	/* every kind of choice was made and checked: each unit of the
	 * stream, 3000500 = 1500 x 2000 + 500 bytes; a group where none had
	 * room; a record larger than a send buffer, copied in parts */
	assert_int_equal(probe.units, 1501);
	assert_int_equal(probe.short_units, 1);
	assert_true(probe.waits > 0);
	assert_true(probe.partial > 0);
	while (sim_step(silent)) {
		size_t want = reference_pick(r, r->unit);
		size_t got = r->ll_key[r->ll_win[1]] == UINT64_MAX
				     ? SIZE_MAX
				     : r->ll_win[1];

		if (got != want)
			fail_msg("after step %llu: the tree says %zu, the scan "
				 "%zu",
				 (unsigned long long)steps, got, want);
		steps++;
	}
	for (size_t k = 0; k < K; k++) {
		struct flow_snapshot a, b;

		sim_flow_snapshot(told, r->to_index[k], &a);
		sim_flow_snapshot(silent, r->to_index[k], &b);
		assert_int_equal(a.written_bytes, b.written_bytes);
		assert_int_equal(a.producer_blocked, b.producer_blocked);
	}
	assert_int_equal(told->relays[0].out_off, r->out_off);
	sim_destroy(told);
	sim_destroy(silent);
	free(text);
}

/* ---- bad input ---- */

/* Load and validate `text`; the messages in *out (free it). */
static int
load_and_validate(const char *text, char **out)
{
	struct scenario sc;
	size_t len;
	FILE *errs = open_memstream(out, &len);
	int rc;

	assert_non_null(errs);
	rc = scenario_load_string(&sc, "t.ini", text, strlen(text), errs);
	if (rc == 0) {
		rc = scenario_validate(&sc, errs);
		scenario_free(&sc);
	}
	fclose(errs);
	return rc;
}

/*
 * A shedding producer in front of a broker with a large consumer group:
 * while the group keeps up, a write needs no look at every consumer (the
 * chain's oldest byte never gets older than the last look found), so the
 * chain is walked far less often than the producer writes.  At 3 s one
 * consumer stalls: a second later its oldest record is past the
 * threshold, and the producer sheds.
 */
static void
test_shedding_asks_the_group_seldom(void **state)
{
	enum { K = 200 };
	size_t cap = 64 * K + 1024, n = 0;
	char *text = malloc(cap);
	struct flow_snapshot fs;
	struct sim *sim;
	const struct flow *up;
	uint64_t writes, walks;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n,
			      "[simulation]\nduration = 5s\n"
			      "[link]\nrate = 1Gbit/s\ndelay = 1ms\n"
			      "queue = 10000 packets\n"
			      "[flow up]\nwrite_rate = 8Mbit/s\n"
			      "write_size = 8KiB\nrecord_size = 1KiB\n"
			      "shed_when_lag_exceeds = 1s\n");
	for (int i = 0; i < K; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "[flow c%d]\nread_rate = 50kbit/s\n"
				      "read_size = 1KiB\n",
				      i);
	n += (size_t)snprintf(text + n, cap - n,
			      "[relay b]\nfrom = up\nto = c0");
	for (int i = 1; i < K; i++)
		n += (size_t)snprintf(text + n, cap - n, ",c%d", i);
	n += (size_t)snprintf(text + n, cap - n,
			      "\nbuffer = 10GiB\n[timeline]\n"
			      "3s: c0.read_rate = 0\n");
	assert_true(n < cap);
	sim = helper_sim(text);
	up = &sim->flows[flow_index(sim, "up")];
	sim_run_until(sim, 3 * S - 1);
	sim_flow_snapshot(sim, up->index, &fs);
	assert_int_equal(fs.dropped_writes_bytes, 0); /* it keeps up */
	writes = up->prod.attempted / (8 * 1024);
	walks = sim->chain_memo[up->index].walks;
	assert_true(writes > 350);
	if (walks * 10 > writes)
		fail_msg("%llu looks down the group for %llu writes",
			 (unsigned long long)walks, (unsigned long long)writes);
	sim_run_until(sim, 5 * S);
	sim_flow_snapshot(sim, up->index, &fs);
	assert_true(fs.dropped_writes_bytes > 0); /* past 1 s: it sheds */
	sim_destroy(sim);
	free(text);
}

static void
refused(const char *text, const char *message)
{
	char *msgs = NULL;

	assert_int_equal(load_and_validate(text, &msgs), -1);
	if (strstr(msgs, message) == NULL)
		fail_msg("expected \"%s\" in:\n%s", message, msgs);
	free(msgs);
}

#define FLOWS "[flow a]\n[flow b]\n[flow c]\n"

/*
 * The unit a relay forwards comes from the producer at its chain's head,
 * however long the chain: at the head a 300 KiB record (the relays hold
 * 256 KiB by default), so every relay of the chain is too small but r_K,
 * given 512 KiB; a second chain whose producer writes 64 KiB at a time
 * fits everywhere.
 */
static void
test_relay_unit_along_long_chain(void **state)
{
	enum { C = 2000, K = 1500 };
	size_t cap = 80 * (2 * C + 16), n = 0, small = 0;
	char *text = malloc(cap), *msgs = NULL, want[96];
	const char *p;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n,
			      "[flow g0]\nrecord_size = 300KiB\n"
			      "send_buffer = 1MiB\n"
			      "[flow h0]\nwrite_size = 64KiB\n[flow h1]\n"
			      "[relay s]\nfrom = h0\nto = h1\n");
	for (int i = 1; i <= C; i++)
		n += (size_t)snprintf(text + n, cap - n, "[flow g%d]\n", i);
	for (int i = 0; i < C; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "[relay r%d]\nfrom = g%d\nto = g%d\n%s",
				      i, i, i + 1,
				      i == K ? "buffer = 512KiB\n" : "");
	assert_int_equal(load_and_validate(text, &msgs), -1);
	for (p = msgs; (p = strstr(p, "is smaller than the unit")) != NULL;
	     p++)
		small++;
	assert_int_equal(small, C - 1);
	snprintf(want, sizeof want,
		 "buffer = 262144 B is smaller than the unit it forwards "
		 "(%d B",
		 300 * 1024);
	assert_non_null(strstr(msgs, want));
	/* each of the others by name, the last of the chain included */
	for (int i = 0; i < C; i++) {
		snprintf(want, sizeof want, "t.ini: r%d.buffer = ", i);
		if ((strstr(msgs, want) != NULL) != (i != K))
			fail_msg("relay r%d %s", i,
				 i != K ? "not named" : "named");
	}
	assert_null(strstr(msgs, "s.buffer"));
	free(msgs);
	free(text);
}

/*
 * Names are found by a table: each of 500 relays and 501 flows by its
 * name, in the loaded scenario and in a copy; a name nobody has gives the
 * count; the timeline's relay entries point at the relay they name.
 */
static void
test_relay_and_flow_names_found(void **state)
{
	enum { R = 500 };
	size_t cap = 64 * (3 * R + 8), n = 0;
	char *text = malloc(cap), name[16];
	struct scenario sc, copy;
	char *errs = NULL;
	size_t len;
	FILE *mem = open_memstream(&errs, &len);

	(void)state;
	assert_non_null(text);
	assert_non_null(mem);
	for (int i = 0; i <= R; i++)
		n += (size_t)snprintf(text + n, cap - n, "[flow g%d]\n", i);
	for (int i = 0; i < R; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "[relay r%d]\nfrom = g%d\nto = g%d\n", i,
				      i, i + 1);
	n += (size_t)snprintf(text + n, cap - n,
			      "[timeline]\n1s: r%d.buffer = 1MiB\n"
			      "2s: r%d.buffer = 2MiB\n",
			      R - 1, 7);
	assert_int_equal(scenario_load_string(&sc, "t.ini", text, n, mem), 0);
	fclose(mem);
	free(errs);
	scenario_copy(&copy, &sc);
	for (int i = 0; i < R; i++) {
		snprintf(name, sizeof name, "r%d", i);
		assert_int_equal(scenario_relay_find(&sc, name), i);
		assert_int_equal(scenario_relay_find(&copy, name), i);
		snprintf(name, sizeof name, "g%d", i);
		assert_int_equal(scenario_flow_find(&sc, name), i);
		assert_int_equal(scenario_flow_find(&copy, name), i);
	}
	assert_int_equal(scenario_relay_find(&sc, "g1"), R); /* a flow's */
	assert_int_equal(scenario_relay_find(&copy, "r500"), R);
	assert_int_equal(scenario_flow_find(&sc, "r1"), R + 1);
	assert_int_equal(sc.n_timeline, 2);
	assert_int_equal(sc.timeline[0].flow, R - 1);
	assert_int_equal(sc.timeline[1].flow, 7);
	scenario_free(&copy);
	scenario_free(&sc);
	free(text);
}

/*
 * A chain of C relays, r_i reading g_i and writing g_i+1 (r5 also writes
 * g_C+1, which nobody reads), beside a loop of L relays, q_j reading h_j
 * and writing h_j+1, the last writing h_0 back: each q_j is named, no
 * r_i.  (A flow has one writer, so nothing outside a loop feeds it.)
 * Long, so that following every path from every relay would take long.
 */
static void
test_relay_loop_beside_long_chain(void **state)
{
	enum { C = 3000, L = 700 };
	size_t cap = 64 * (2 * (C + L) + 8), n = 0;
	char *text = malloc(cap), *msgs = NULL, want[64];
	size_t loops = 0;
	const char *p;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i <= C + 1; i++)
		n += (size_t)snprintf(text + n, cap - n, "[flow g%d]\n", i);
	for (int j = 0; j < L; j++)
		n += (size_t)snprintf(text + n, cap - n, "[flow h%d]\n", j);
	for (int i = 0; i < C; i++) {
		n += (size_t)snprintf(text + n, cap - n,
				      "[relay r%d]\nfrom = g%d\nto = g%d", i, i,
				      i + 1);
		n += (size_t)snprintf(text + n, cap - n,
				      i == 5 ? ", g%d\n" : "\n", C + 1);
	}
	for (int j = 0; j < L; j++)
		n += (size_t)snprintf(text + n, cap - n,
				      "[relay q%d]\nfrom = h%d\nto = h%d\n", j,
				      j, (j + 1) % L);
	assert_int_equal(load_and_validate(text, &msgs), -1);
	for (p = msgs; (p = strstr(p, ": relay loop")) != NULL; p++)
		loops++;
	assert_int_equal(loops, L);
	for (int j = 0; j < L; j++) {
		snprintf(want, sizeof want, "[relay q%d]: relay loop", j);
		if (strstr(msgs, want) == NULL)
			fail_msg("relay q%d is on the loop, not named", j);
	}
	assert_null(strstr(msgs, "[relay r"));
	free(msgs);
	free(text);
}


static void
test_bad_relays(void **state)
{
	(void)state;
	/* a loop: r1 writes b, which r2 reads and writes back into a */
	refused(FLOWS "[relay r1]\nfrom = a\nto = b\n"
		      "[relay r2]\nfrom = b\nto = a\n",
		"t.ini:4: [relay r1]: relay loop");
	refused(FLOWS "[relay r1]\nfrom = a\nto = b\n"
		      "[relay r2]\nfrom = a\nto = c\n",
		"t.ini:8: from = a: relay 'r1' reads that flow already");
	refused(FLOWS "[relay r1]\nfrom = a\nto = c\n"
		      "[relay r2]\nfrom = b\nto = c\n",
		"t.ini:9: to: flow 'c' is written by relay 'r1' already");
	refused(FLOWS "[relay r1]\nfrom = x\nto = b\n",
		"t.ini:5: from = x: no flow has that name");
	refused(FLOWS "[relay r1]\nfrom = a\nto = b, y\n",
		"t.ini:6: to: flow 'y': no flow has that name");
	refused(FLOWS "[relay r1]\nfrom = a\nto = b, a\n",
		"t.ini:6: to: flow 'a': a relay cannot write the flow it "
		"reads");
	refused(FLOWS "[relay r1]\nto = b\n",
		"t.ini:4: [relay r1]: a relay needs from = FLOW");
	refused("[flow a]\nrecord_size = 2MiB\n",
		"t.ini:2: record_size = 2097152 B is larger than "
		"send_buffer");
	refused(FLOWS "[relay a]\nfrom = b\nto = c\n",
		"t.ini:4: relay 'a': flow 'a' on line 1 has that name");
	refused(FLOWS "[relay r1]\nfrom = a\nto = b\n"
		      "[relay r1]\nfrom = b\nto = c\n",
		"t.ini:7: relay 'r1' is already defined on line 4");
	/* a named link's name, before or after the relay */
	refused("[link access]\n" FLOWS "[relay access]\nfrom = a\nto = b\n",
		"t.ini:5: relay 'access': the link on line 1 has that name");
	refused(FLOWS "[relay access]\nfrom = a\nto = b\n[link access]\n",
		"t.ini:4: relay 'access': the link on line 7 has that name");
	/* the keys a relay makes meaningless */
	refused("[flow a]\n[flow b]\nwrite_rate = 1Mbit/s\n"
		"[relay r]\nfrom = a\nto = b\n",
		"t.ini:3: write_rate: means nothing here: relay 'r' writes "
		"flow 'b'");
	refused("[flow a]\nread_rate = 1Mbit/s\n[flow b]\n"
		"[relay r]\nfrom = a\nto = b\n",
		"t.ini:2: read_rate: means nothing here: relay 'r' reads "
		"flow 'a'");
	refused("[flow a]\n[flow b]\n[relay r]\nfrom = a\nto = b\n"
		"[timeline]\n1s: a.read_rate = 0\n",
		"t.ini:7: a.read_rate = 0: means nothing");
	refused("[flow a]\nwrite_size = 64KiB\n[flow b]\n"
		"[relay r]\nfrom = a\nto = b\nbuffer = 1KiB\n",
		"t.ini:7: buffer = 1024 B is smaller than the unit");
	refused("[flow a]\n[flow b]\n[relay r]\nfrom = a\nto = b\n"
		"[timeline]\n1s: r.on_full = drop\n",
		"t.ini:7: 'r.on_full = drop': a relay's on_full cannot change");
	refused("[flow a]\nshed_when_lag_exceeds = 1s\n",
		"t.ini:2: shed_when_lag_exceeds = 1s needs a finite "
		"write_rate");
}

static void
test_good_relay_round_trip(void **state)
{
	char *msgs = NULL;
	const char *text = FLOWS "[relay r1]\nfrom = a\nto = b, c\n"
				 "buffer = 10GiB\nprocess_rate = 1Mbit/s\n"
				 "on_full = drop\ndispatch = least_loaded\n"
				 "[timeline]\n1s: r1.process_rate = 0\n"
				 "2s: r1.buffer = 1MiB\n";
	struct scenario sc;

	(void)state;
	assert_int_equal(load_and_validate(text, &msgs), 0);
	free(msgs);
	helper_scenario_text(&sc, text);
	assert_int_equal(sc.n_relays, 1);
	assert_string_equal(sc.relays[0].from, "a");
	assert_int_equal(sc.relays[0].n_to, 2);
	assert_string_equal(sc.relays[0].to[1], "c");
	assert_true(sc.relays[0].buffer == UINT64_C(10) << 30);
	assert_int_equal(sc.relays[0].process_rate_bps, 1000000);
	assert_int_equal(sc.relays[0].on_full, ON_FULL_DROP);
	assert_int_equal(sc.relays[0].dispatch, RELAY_LEAST_LOADED);
	assert_int_equal(sc.n_timeline, 2);
	assert_int_equal(sc.timeline[0].target, TARGET_RELAY);
	assert_int_equal(sc.timeline[1].key, KEY_RELAY_BUFFER);
	assert_int_equal(scenario_set(&sc, "r1.dispatch=round_robin", stderr),
			 0);
	assert_int_equal(sc.relays[0].dispatch, RELAY_ROUND_ROBIN);
	scenario_free(&sc);
}

/* Fields of a CSV line. */
static size_t
csv_fields(const char *line)
{
	size_t n = 1;

	for (; *line != '\0' && *line != '\n'; line++)
		n += *line == ',';
	return n;
}

/* The CSV of `text` in *out, and its JSON summary in *json. */
static void
outputs_of(const char *text, char **out, char **json)
{
	struct sim *sim = helper_sim(text);
	size_t len = 0, jlen = 0;
	FILE *f = open_memstream(out, &len);
	FILE *j = open_memstream(json, &jlen);
	struct csv_writer *w = csv_writer_attach(sim, f, false);
	struct summary s;

	sim_run(sim);
	summary_collect(&s, sim);
	summary_write_json(j, &s);
	summary_free(&s);
	csv_writer_free(w);
	fclose(f);
	fclose(j);
	sim_destroy(sim);
}

/* The record columns and keys come with records or relays only. */
static void
test_outputs_only_with_records(void **state)
{
	char *csv, *json, *row;

	(void)state;
	outputs_of("[simulation]\nduration = 1s\n[flow a]\n"
		   "write_total = 100KiB\n",
		   &csv, &json);
	assert_int_equal(strncmp(csv, CSV_HEADER "\n", strlen(CSV_HEADER) + 1),
			 0);
	assert_null(strstr(json, "lag_records"));
	assert_null(strstr(json, "\"relays\""));
	free(csv);
	free(json);

	outputs_of("[simulation]\nduration = 2s\n[flow a]\n"
		   "write_total = 100KiB\nrecord_size = 1KiB\n[flow b]\n"
		   "[relay r]\nfrom = a\nto = b\n",
		   &csv, &json);
	assert_int_equal(strncmp(csv, CSV_HEADER CSV_RECORD_COLUMNS "\n",
				 strlen(CSV_HEADER CSV_RECORD_COLUMNS) + 1),
			 0);
	/* every row has the header's fields: flow a's (read by r) and b's
	 * (read by its consumer: empty relay fields) */
	for (row = strchr(csv, '\n') + 1; *row != '\0';
	     row = strchr(row, '\n') + 1)
		assert_int_equal(csv_fields(row), csv_fields(csv));
	/* 100 records went through: b read them all */
	assert_non_null(strstr(json, "\"records_read\": 100,"));
	assert_non_null(strstr(json, "\"relays\": ["));
	free(csv);
	free(json);
}

/* A scenario written back reads as the same relays and records. */
static void
test_write_back(void **state)
{
	const char *text =
		"[flow a]\nrecord_size = 2KiB\nwrite_burst = 64KiB\n"
		"write_rate = 1Mbit/s\nshed_when_lag_exceeds = 1.5s\n"
		"[flow b]\n[flow c]\n"
		"[relay r1]\nfrom = a\nto = b, c\n"
		"buffer = 10GiB\nprocess_rate = 1Mbit/s\n"
		"on_full = drop\ndispatch = least_loaded\n"
		"[timeline]\n1s: r1.process_rate = 0\n";
	struct scenario a, b;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	helper_scenario_text(&a, text);
	f = open_memstream(&out, &len);
	assert_int_equal(scenario_write(f, &a), 0);
	fclose(f);
	assert_non_null(strstr(out, "[relay r1]\nfrom = a\nto = b, c\n"));
	assert_non_null(strstr(out, "record_size = 2KiB\n"));
	assert_non_null(strstr(out, "1s: r1.process_rate = 0\n"));
	helper_scenario_text(&b, out);
	assert_int_equal(b.n_relays, 1);
	assert_string_equal(b.relays[0].from, "a");
	assert_int_equal(b.relays[0].n_to, 2);
	assert_string_equal(b.relays[0].to[0], "b");
	assert_true(b.relays[0].buffer == a.relays[0].buffer);
	assert_true(b.relays[0].process_rate_bps ==
		    a.relays[0].process_rate_bps);
	assert_int_equal(b.relays[0].on_full, ON_FULL_DROP);
	assert_int_equal(b.relays[0].dispatch, RELAY_LEAST_LOADED);
	assert_int_equal(b.flows[0].record_size, 2048);
	assert_int_equal(b.flows[0].write_burst, 65536);
	assert_int_equal(b.flows[0].shed_lag_ns, 1500 * MS);
	/* the flows without them write no line for them: files written
	 * before records existed are written as they were */
	assert_null(strstr(strstr(out, "[flow b]"), "record_size"));
	assert_int_equal(b.n_timeline, 1);
	assert_int_equal(b.timeline[0].target, TARGET_RELAY);
	free(out);
	scenario_free(&a);
	scenario_free(&b);
}

/* A relay's process_rate of 0 on the timeline stops it; buffer changes
 * mid-run; the run still ends once everything went through. */
static void
test_timeline_process_rate(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 60s\n"
		"[link]\nrate = 100Mbit/s\ndelay = 5ms\n"
		"[flow up]\nwrite_total = 2MiB\nwrite_rate = 8Mbit/s\n"
		"[flow down]\n"
		"[relay r]\nfrom = up\nto = down\n"
		"[timeline]\n1s: r.process_rate = 0\n"
		"1s: r.buffer = 4MiB\n5s: r.process_rate = unlimited\n");
	struct relay_snapshot r;
	uint64_t fwd1;

	(void)state;
	sim_run_until(sim, 1 * S + 1);
	sim_relay_snapshot(sim, 0, &r);
	fwd1 = r.forwarded_bytes;
	sim_run_until(sim, 4 * S);
	sim_relay_snapshot(sim, 0, &r);
	assert_int_equal(r.forwarded_bytes, fwd1); /* paused */
	assert_int_equal(r.buffer_limit, 4 << 20);
	sim_run(sim);
	assert_true(sim_finished(sim));
	assert_int_equal(read_bytes(sim, "down"), 2 << 20);
	sim_relay_snapshot(sim, 0, &r);
	assert_true(r.done);
	assert_int_equal(r.buffer_bytes, 0);
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goodput_is_the_slower_hop),
		cmocka_unit_test(test_stall_travels_upstream),
		cmocka_unit_test(test_broker_absorbs),
		cmocka_unit_test(test_drop_keeps_reading),
		cmocka_unit_test(test_round_robin_halves),
		cmocka_unit_test(test_least_loaded_favours_the_faster),
		cmocka_unit_test(test_least_loaded_passes_a_stall),
		cmocka_unit_test(test_lag_grows_with_writes),
		cmocka_unit_test(test_time_lag_is_the_oldest_record),
		cmocka_unit_test(test_group_lag_along_a_chain),
		cmocka_unit_test(test_shedding_starts_past_the_threshold),
		cmocka_unit_test(test_shedding_asks_the_group_seldom),
		cmocka_unit_test(test_least_loaded_looks_grow_with_the_log),
		cmocka_unit_test(
			test_least_loaded_saturated_looks_grow_with_the_log),
		cmocka_unit_test(test_least_loaded_picks_as_the_scan),
		cmocka_unit_test(test_write_burst_bucket),
		cmocka_unit_test(test_bad_relays),
		cmocka_unit_test(test_relay_and_flow_names_found),
		cmocka_unit_test(test_relay_loop_beside_long_chain),
		cmocka_unit_test(test_relay_unit_along_long_chain),
		cmocka_unit_test(test_good_relay_round_trip),
		cmocka_unit_test(test_write_back),
		cmocka_unit_test(test_outputs_only_with_records),
		cmocka_unit_test(test_timeline_process_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
