/* SPDX-License-Identifier: ISC */
/*
 * test_memory.c: the memory estimate of a run (src/model/memory_estimate.c).
 *
 * The bound on packets is derived here from the rules its header states,
 * for scenarios small enough to count by hand; then the estimate is held
 * against what runs of the lesson scenarios, and of harder variants of
 * them, really used: the packet pool's peak must never exceed it.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/latency.h"
#include "net/packet.h"
#include "scenario/scenario.h"
#include "model/memory_estimate.h"
#include "model/sim.h"
#include "model/sim_internal.h"
#include "tcp/flow.h"

#define KIB UINT64_C(1024)
#define MIB (KIB * KIB)
#define GIB (MIB * KIB)

static void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", needle, haystack);
}

/* Some listed contributor says `needle`. */
static void
assert_part_says(const struct memory_estimate *est, const char *needle)
{
	size_t i;

	for (i = 0; i < est->n_parts; i++)
		if (strstr(est->parts[i].text, needle) != NULL)
			return;
	fail_msg("no contributor says \"%s\"", needle);
}

static uint64_t
ceil_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* Load text that must be valid. */
static void
load(struct scenario *sc, const char *text)
{
	if (scenario_load_string(sc, "t.ini", text, strlen(text), stderr) !=
		    0 ||
	    scenario_validate(sc, stderr) != 0)
		fail_msg("not valid:\n%s", text);
}

/* What the pool holds for n packets: whole blocks of PACKET_POOL_CHUNK. */
static void
assert_pool_holds(const struct memory_estimate *est, uint64_t packets)
{
	uint64_t blocks = ceil_div(packets, PACKET_POOL_CHUNK);
	uint64_t bytes = blocks * PACKET_POOL_CHUNK * sizeof(struct packet);

	/* the blocks, plus a few bytes per block for malloc and the list */
	assert_true(est->packet_pool_bytes >= bytes);
	assert_true(est->packet_pool_bytes <= bytes + blocks * 64);
	assert_true(est->total_bytes > est->packet_pool_bytes);
}

/*
 * cc = none: only the window bounds the packets.  One flow, send_buffer
 * S, receive_buffer R, mss M, Nagle on: min(S, R) + 1 bytes in flight (a
 * window probe may add one), in segments of M, plus one smaller segment
 * and the probe, each counted twice.
 */
static void
test_window_bound_by_hand(void **state)
{
	const uint64_t S = 100000, R = 64 * KIB, M = 1000;
	struct memory_estimate est;
	struct scenario sc;
	uint64_t segments;

	(void)state;
	load(&sc, "[link]\nqueue = 100 packets\n"
		  "[flow a]\ncc = none\nsend_buffer = 100000B\n"
		  "receive_buffer = 64KiB\nmss = 1000B\n");
	memory_estimate_compute(&sc, &est);
	segments = ceil_div((S < R ? S : R) + 1, M) + 2;
	assert_int_equal(est.packets, 2 * segments);
	assert_pool_holds(&est, 2 * segments);
	scenario_free(&sc);

	/* The timeline counts: the largest send_buffer of the run binds. */
	load(&sc, "[flow a]\ncc = none\nsend_buffer = 10000B\n"
		  "receive_buffer = 64KiB\nmss = 1000B\n"
		  "[timeline]\n1s: a.send_buffer = 20000B\n"
		  "2s: a.send_buffer = 5000B\n");
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, 2 * (ceil_div(20000 + 1, M) + 2));
	scenario_free(&sc);

	/* Without Nagle, writes of 1500 B go out as 1000 + 500: segments of
	 * 1500 / ceil(1500 / 1000) = 750 B are counted. */
	load(&sc, "[flow a]\ncc = none\nsend_buffer = 100000B\n"
		  "receive_buffer = 64KiB\nmss = 1000B\nnagle = off\n"
		  "write_size = 1500B\n");
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, 2 * (ceil_div(R + 1, 750) + 2));
	scenario_free(&sc);

	/* window_scale = off: the 16-bit field caps the window at 65535 B. */
	load(&sc, "[flow a]\ncc = none\nsend_buffer = 1MiB\n"
		  "receive_buffer = 1MiB\nmss = 1000B\nwindow_scale = off\n");
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, 2 * (ceil_div(65535 + 1, M) + 2));
	assert_part_says(&est, "flow a: window_scale = off");
	scenario_free(&sc);
}

/*
 * With congestion control, a queue of Q packets and a path of rate C and
 * one-way delay D hold Q + C x 2D / (8 x (M + header)) packets (plus 2
 * for the one being sent and rounding); four times that is counted, plus
 * twice (initial_window + 2) per flow, when lower than the windows.
 */
static void
test_network_bound_by_hand(void **state)
{
	const uint64_t Q = 50, C = 8000000, M = 1000, H = 40, IW = 10;
	const uint64_t D_NS = 10000000; /* 10 ms */
	struct memory_estimate est;
	struct scenario sc;
	uint64_t path, windows;

	(void)state;
	load(&sc, "[link]\nrate = 8Mbit/s\ndelay = 10ms\nqueue = 50 packets\n"
		  "[flow a]\nsend_buffer = 1MiB\nreceive_buffer = 1MiB\n"
		  "mss = 1000B\n");
	memory_estimate_compute(&sc, &est);
	/* 8 Mbit/s is 1000000 B/s, 961.5 packets of 1040 B a second; 20 ms
	 * of round trip hold 19.2 of them */
	path = Q + 2 + C / 8 * 2 * D_NS / 1000000000 / (M + H);
	windows = 2 * (ceil_div(MIB + 1, M) + 2);
	assert_true(4 * path + 2 * (IW + 2) < windows);
	assert_int_equal(est.packets, 4 * path + 2 * (IW + 2));
	assert_part_says(&est, "link: queue = 50 packets, rate = 8Mbit/s, "
			       "delay = 10ms");
	scenario_free(&sc);

	/* The same with cc = none: the windows bound it. */
	load(&sc, "[link]\nrate = 8Mbit/s\ndelay = 10ms\nqueue = 50 packets\n"
		  "[flow a]\ncc = none\nsend_buffer = 1MiB\n"
		  "receive_buffer = 1MiB\nmss = 1000B\n");
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, windows);
	scenario_free(&sc);

	/* An ACK path slower than the ACKs: no loss stops the windows, so
	 * they bound it too.  8 Mbit/s carry 961.5 data packets of 1040 B a
	 * second; 100 kbit/s carry only 312.5 ACKs of 40 B. */
	load(&sc, "[link]\nrate = 8Mbit/s\ndelay = 10ms\nqueue = 50 packets\n"
		  "reverse_rate = 100kbit/s\n"
		  "[flow a]\nsend_buffer = 1MiB\nreceive_buffer = 1MiB\n"
		  "mss = 1000B\n");
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, windows);
	scenario_free(&sc);
}

/*
 * The scenario that ate all memory: a queue of 2^50 packets, 1-byte
 * segments and 1 GiB buffers let a billion segments be in flight.  With
 * cc = none nothing holds the window back: the sender fills it at once,
 * so the window bound is the estimate, over a budget of 12 GiB, with a
 * message that names the flow and its keys.
 */
static void
test_hostile_scenario_is_over_budget(void **state)
{
	static const char text[] = "[link]\nqueue = 1125899906842624 packets\n"
				   "[flow a]\nmss = 1B\nsend_buffer = 1GiB\n"
				   "receive_buffer = 1GiB\ncc = none\n";
	struct memory_estimate est;
	struct scenario sc;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	load(&sc, text);
	memory_estimate_compute(&sc, &est);
	/* 1 GiB / 1 B segments, each at least one packet of the pool */
	assert_true(est.packets >= GIB / 2);
	assert_true(est.total_bytes > 12 * GIB);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(
		memory_estimate_check(&est, 12 * GIB, "hostile.ini", f), -1);
	fclose(f);
	assert_contains(out, "tcpsim: hostile.ini: the run would need about ");
	assert_contains(out, "more than the budget of 12 GiB (--max-memory); "
			     "mostly:\n");
	assert_contains(out, "  flow a: ");
	assert_contains(out, "mss = 1B");
	assert_contains(out, "receive_buffer = 1GiB");
	assert_contains(out, "\nLower those settings, or raise --max-memory");
	free(out);

	/* within a budget: nothing said */
	f = open_memstream(&out, &len);
	assert_int_equal(memory_estimate_check(&est, UINT64_MAX, "h", f), 0);
	fclose(f);
	assert_string_equal(out, "");
	free(out);
	scenario_free(&sc);
}

/*
 * With congestion control the same windows open only as ACKs come: at
 * most 2 MSS per ACK, and no more ACKs than packets the link carries in
 * the run.  The default 10 Mbit/s over the default 10 s, packets of 1 B
 * of payload + 40 B of headers: 10^7 x 10 / (8 x 41) + 1 = 304879 ACKs
 * (rounded down after the + 1), so at most 10 + 2 segments of the
 * initial window and 2 x 304879 more, each counted twice.  Under the
 * budget; a run of an hour is not.
 */
static void
test_hostile_scenario_bounded_by_time(void **state)
{
	static const char text[] = "[link]\nqueue = 1125899906842624 packets\n"
				   "[flow a]\nmss = 1B\nsend_buffer = 1GiB\n"
				   "receive_buffer = 1GiB\n";
	uint64_t acks = (uint64_t)(10e6 * 10.0 / (8.0 * 41.0) + 1.0);
	struct memory_estimate est;
	struct scenario sc;

	(void)state;
	assert_int_equal(acks, 304879);
	load(&sc, text);
	memory_estimate_compute(&sc, &est);
	assert_int_equal(est.packets, 2 * (10 + 2 + 2 * acks));
	assert_true(est.total_bytes < 12 * GIB);
	assert_int_equal(scenario_set(&sc, "simulation.duration=1h", stderr),
			 0);
	memory_estimate_compute(&sc, &est);
	acks = (uint64_t)(10e6 * 3600.0 / (8.0 * 41.0) + 1.0);
	assert_int_equal(est.packets, 2 * (10 + 2 + 2 * acks));
	assert_true(est.total_bytes > 12 * GIB);
	scenario_free(&sc);
}

/* A scenario name is shown escaped, as every name from the user. */
static void
test_check_escapes_the_name(void **state)
{
	struct memory_estimate est;
	struct scenario sc;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	load(&sc, "");
	memory_estimate_compute(&sc, &est);
	f = open_memstream(&out, &len);
	assert_int_equal(memory_estimate_check(&est, 1, "a\x1b[2J.ini", f), -1);
	fclose(f);
	assert_null(strchr(out, '\x1b'));
	assert_contains(out, "a\\x1b[2J.ini");
	free(out);
	scenario_free(&sc);
}

/* Every *.ini of the scenarios directory, loaded and validated. */
static size_t
for_each_scenario(void (*fn)(struct scenario *sc, const char *name))
{
	const char *dir = getenv("SCENARIOS");
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	if (dir == NULL)
		dir = "scenarios";
	d = opendir(dir);
	if (d == NULL)
		fail_msg("cannot open %s (set SCENARIOS)", dir);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char path[4096];
		struct scenario sc;

		if (len < 4 || strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (scenario_load_file(&sc, path, stderr) != 0 ||
		    scenario_validate(&sc, stderr) != 0)
			fail_msg("%s is not valid", path);
		fn(&sc, de->d_name);
		scenario_free(&sc);
		n++;
	}
	closedir(d);
	return n;
}

static void
assert_under_256_mib(struct scenario *sc, const char *name)
{
	struct memory_estimate est;

	memory_estimate_compute(sc, &est);
	if (est.total_bytes >= 256 * MIB)
		fail_msg("%s: %llu bytes (%s)", name,
			 (unsigned long long)est.total_bytes,
			 est.parts[0].text);
}

/* The lessons fit on any machine, and so pass any sensible budget. */
static void
test_lesson_scenarios_are_small(void **state)
{
	(void)state;
	assert_true(for_each_scenario(assert_under_256_mib) >= 21);
}

/* Run sc and compare the packet pool's peak with the estimate. */
static void
assert_estimate_covers_run(struct scenario *sc, const char *name)
{
	struct memory_estimate est;
	struct sim *sim;

	memory_estimate_compute(sc, &est);
	sim = sim_create(sc);
	sim_run(sim);
	if (sim->pool.peak_in_use > est.packets)
		fail_msg("%s: %zu packets at once, estimate %llu", name,
			 sim->pool.peak_in_use,
			 (unsigned long long)est.packets);
	if (sim->pool.allocated * sizeof(struct packet) > est.packet_pool_bytes)
		fail_msg("%s: pool of %zu packets, estimate %llu B", name,
			 sim->pool.allocated,
			 (unsigned long long)est.packet_pool_bytes);
	sim_destroy(sim);
}

/* The real check: a run never holds more packets than estimated. */
static void
test_estimate_covers_the_lessons(void **state)
{
	(void)state;
	assert_true(for_each_scenario(assert_estimate_covers_run) >= 21);
}

/* Harder variants: spurious timeouts, losses, tiny segments, slow ACKs,
 * no congestion control, long access paths, a deep queue. */
static void
test_estimate_covers_hard_runs(void **state)
{
	static const struct {
		const char *text;
		const char *set; /* one --set, or NULL */
	} cases[] = {
		{"[simulation]\nduration = 20s\n[link]\nqueue = 1000 packets\n"
		 "[flow a]\nmin_rto = 0\nsend_buffer = 2MiB\n"
		 "receive_buffer = 1MiB\n",
		 NULL},
		{"[simulation]\nduration = 20s\n[link]\nloss = 5%\n"
		 "[flow a]\nreceive_buffer = 1MiB\nsend_buffer = 1MiB\n",
		 NULL},
		{"[simulation]\nduration = 5s\n[flow a]\nnagle = off\n"
		 "write_size = 1461B\nreceive_buffer = 256KiB\n",
		 NULL},
		{"[simulation]\nduration = 5s\n[flow a]\nnagle = off\n"
		 "sws_avoidance = off\nwrite_size = 7B\nread_size = 3B\n"
		 "read_rate = 1Mbit/s\n",
		 NULL},
		{"[simulation]\nduration = 10s\n[link]\nreverse_rate = "
		 "50kbit/s\n"
		 "[flow a]\nreceive_buffer = 512KiB\n",
		 NULL},
		{"[simulation]\nduration = 5s\n[link]\nrate = 1Mbit/s\n"
		 "queue = 20 packets\n[flow a]\ncc = none\n"
		 "receive_buffer = 256KiB\n",
		 NULL},
		{"[simulation]\nduration = 10s\n[link]\nqueue = 200 packets\n"
		 "[flow a]\nextra_delay = 200ms\nreceive_buffer = 4MiB\n"
		 "send_buffer = 4MiB\n[flow b]\ncc = cubic\n"
		 "receive_buffer = 4MiB\nsend_buffer = 4MiB\n"
		 "[flow c]\ncc = reno\nreceive_buffer = 4MiB\n",
		 NULL},
		{"[simulation]\nduration = 10s\n[link]\nqueue = 30000B\n"
		 "[flow a]\nmss = 100B\nreceive_buffer = 1MiB\n"
		 "send_buffer = 1MiB\n[timeline]\n"
		 "3s: a.read_rate = 0\n5s: a.read_rate = unlimited\n"
		 "6s: link.queue = 3000 packets\n",
		 NULL},
		{"[simulation]\nduration = 10s\n[link]\n"
		 "queue = 1125899906842624 packets\n[flow a]\nmss = 1B\n"
		 "send_buffer = 1GiB\nreceive_buffer = 1GiB\n",
		 "simulation.duration=2s"},
	};
	struct scenario sc;
	char name[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		load(&sc, cases[i].text);
		if (cases[i].set != NULL)
			assert_int_equal(
				scenario_set(&sc, cases[i].set, stderr), 0);
		snprintf(name, sizeof name, "case %zu", i);
		assert_estimate_covers_run(&sc, name);
		scenario_free(&sc);
	}
}

/* Queue disciplines and probes: FQ-CoDel's queues, the histograms, and
 * probes sent faster than they come back through a bloated queue, in
 * packets and in bytes, and with a slow ACK path. */
static void
test_estimate_covers_aqm_and_probes(void **state)
{
	static const char *const cases[] = {
		"[simulation]\nduration = 5s\n[link]\nqueue = 1000 packets\n"
		"[flow a]\nreceive_buffer = 2MiB\nsend_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\n"
		"ping_size = 1500B\n",
		"[simulation]\nduration = 5s\n[link]\nqueue = 500000B\n"
		"[flow a]\nreceive_buffer = 2MiB\nsend_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\nping_size = 40B\n",
		"[simulation]\nduration = 5s\n[link]\nqueue = 300 packets\n"
		"queue_discipline = fq_codel\nreverse_rate = 200kbit/s\n"
		"[flow a]\nreceive_buffer = 2MiB\nsend_buffer = 2MiB\n"
		"[flow b]\nreceive_buffer = 2MiB\nsend_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\n",
		"[simulation]\nduration = 5s\n[link]\nqueue = 300 packets\n"
		"queue_discipline = red\n[flow a]\nreceive_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\n"
		"[flow q]\napp = ping\nping_interval = 3ms\nextra_delay = 1s\n",
		"[simulation]\nduration = 5s\n[link]\nqueue = 300 packets\n"
		"queue_discipline = codel\necn_marking = on\n"
		"[flow a]\necn = on\nreceive_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\n",
		/* the timeline slows the link and turns its queue from
		 * bytes to packets, under three probes */
		"[simulation]\nduration = 5s\n[link]\nqueue = 30000B\n"
		"[flow a]\nreceive_buffer = 2MiB\nsend_buffer = 2MiB\n"
		"[flow p]\napp = ping\nping_interval = 1ms\nping_size = 40B\n"
		"[flow q]\napp = ping\nping_interval = 2ms\n"
		"[flow r]\napp = ping\nping_interval = 1ms\n"
		"[timeline]\n1s: link.queue = 3000 packets\n"
		"2s: link.rate = 2Mbit/s\n3s: link.rate = 20Mbit/s\n",
	};
	struct scenario sc;
	char name[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		load(&sc, cases[i]);
		snprintf(name, sizeof name, "aqm case %zu", i);
		assert_estimate_covers_run(&sc, name);
		scenario_free(&sc);
	}
}

/* Bytes a latency histogram holds (net/latency.h): its chunk array and
 * the chunks values fell in, without the allocator's headers. */
static uint64_t
histogram_bytes(const struct latency_hist *h, size_t *chunks)
{
	uint64_t bytes = 0;

	*chunks = 0;
	if (h->chunks == NULL)
		return 0;
	bytes = LATENCY_CHUNKS * sizeof(uint64_t *);
	for (size_t i = 0; i < LATENCY_CHUNKS; i++)
		if (h->chunks[i] != NULL) {
			bytes += LATENCY_CHUNK * sizeof(uint64_t);
			(*chunks)++;
		}
	return bytes;
}

/*
 * Fifty probe flows: each keeps a histogram of its round trips, in chunks
 * of one power of two.  Their round trips lie between the propagation, 2
 * x 20 ms, and that plus a full queue ahead, 100 x 1500 B at 10 Mbit/s =
 * 120 ms, and their own 84-byte serialization both ways: so each holds
 * only the chunks from latency_chunk(40 ms) to latency_chunk(161 ms) (a
 * whole histogram was 66 KiB a flow).  The estimate lists the histograms
 * and covers what the run holds.
 */
static void
test_estimate_covers_histograms(void **state)
{
	char text[16384];
	size_t len, chunks, max_chunks = 0;
	struct memory_estimate est;
	struct scenario sc;
	struct sim *sim;
	uint64_t held = 0, listed = 0;
	const size_t most = latency_chunk(161 * INT64_C(1000000)) -
			    latency_chunk(40 * INT64_C(1000000)) + 1;

	(void)state;
	len = (size_t)snprintf(text, sizeof text,
			       "[simulation]\nduration = 3s\n[link]\n"
			       "rate = 10Mbit/s\ndelay = 20ms\n"
			       "queue = 100 packets\n[flow bulk]\n");
	for (int i = 0; i < 50; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"[flow p%d]\napp = ping\n", i);
	assert_true(len < sizeof text);
	load(&sc, text);
	memory_estimate_compute(&sc, &est);
	for (size_t i = 0; i < est.n_parts; i++)
		if (strstr(est.parts[i].text, "latency histograms") != NULL)
			listed = est.parts[i].bytes;
	assert_true(listed > 0);
	sim = sim_create(&sc);
	sim_run(sim);
	held = histogram_bytes(&sim->link.sojourn_hist, &chunks);
	for (size_t i = 1; i < sim->config.n_flows; i++) {
		held += histogram_bytes(&sim->flows[i].ping.rtts, &chunks);
		assert_true(sim->flows[i].ping.rtts.n > 0);
		if (chunks > max_chunks)
			max_chunks = chunks;
	}
	assert_true(max_chunks >= 1 && max_chunks <= most);
	assert_true(held <= listed);
	sim_destroy(sim);
	scenario_free(&sc);
}

/*
 * Records and relays: the runs of births a relay may hold follow its
 * largest buffer, the timeline's included (here 100 MiB, raised from
 * 1 MiB and lowered again), in units of the smallest write or segment.
 */
static void
test_relay_buffer_from_the_timeline(void **state)
{
	struct scenario sc;
	struct memory_estimate est;
	uint64_t chunk = 1448; /* mss, under write_size 64 KiB */
	uint64_t runs = 2 * (ceil_div(128 * KIB, chunk) + 2) +
			ceil_div(100 * MIB, chunk) + 2;
	char want[64];

	(void)state;
	load(&sc, "[flow a]\nwrite_size = 64KiB\nsend_buffer = 64KiB\n"
		  "receive_buffer = 64KiB\n"
		  "[flow b]\nsend_buffer = 64KiB\nreceive_buffer = 64KiB\n"
		  "[relay r]\nfrom = a\nto = b\nbuffer = 1MiB\n"
		  "[timeline]\n1s: r.buffer = 100MiB\n2s: r.buffer = 10MiB\n");
	memory_estimate_compute(&sc, &est);
	snprintf(want, sizeof want, "for lag: %llu runs at most",
		 (unsigned long long)runs);
	assert_part_says(&est, want);
	scenario_free(&sc);
}

static void
test_format_bytes(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 0), "0 B");
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 1023),
			    "1023 B");
	assert_string_equal(memory_format_bytes(buf, sizeof buf, KIB),
			    "1.0 KiB");
	/* 3.1 MiB = 3250585.6 B; 3250585 B shows as 3.1 */
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 3250585),
			    "3.1 MiB");
	/* 1.96 MiB rounds to 2.0 */
	assert_string_equal(
		memory_format_bytes(buf, sizeof buf, 196 * MIB / 100),
		"2.0 MiB");
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 12 * GIB),
			    "12 GiB");
	/* 10.5 GiB and up: whole units, halves up */
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 21 * GIB / 2),
			    "11 GiB");
	assert_string_equal(memory_format_bytes(buf, sizeof buf, 64 * GIB),
			    "64 GiB");
	assert_string_equal(memory_format_bytes(buf, sizeof buf, UINT64_MAX),
			    "16 EiB");
}

static void
test_physical_memory(void **state)
{
	(void)state;
	/* Linux tells; a machine that runs this has at least a megabyte. */
	assert_true(memory_physical_bytes() >= MIB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_bound_by_hand),
		cmocka_unit_test(test_network_bound_by_hand),
		cmocka_unit_test(test_hostile_scenario_is_over_budget),
		cmocka_unit_test(test_hostile_scenario_bounded_by_time),
		cmocka_unit_test(test_check_escapes_the_name),
		cmocka_unit_test(test_lesson_scenarios_are_small),
		cmocka_unit_test(test_estimate_covers_the_lessons),
		cmocka_unit_test(test_estimate_covers_hard_runs),
		cmocka_unit_test(test_estimate_covers_aqm_and_probes),
		cmocka_unit_test(test_estimate_covers_histograms),
		cmocka_unit_test(test_relay_buffer_from_the_timeline),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_physical_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
