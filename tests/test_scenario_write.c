/* SPDX-License-Identifier: ISC */
/*
 * test_scenario_write.c: a scenario written with scenario_write() and read
 * again with scenario_load_string() is the same scenario, field by field
 * (src/scenario/scenario_write.c).
 *
 * Only what describes a file rather than a scenario may differ: line
 * numbers (key_line, flow_config.line, timeline_entry.line), the values'
 * texts (key_text: a written file spells every key) and the name.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/ini.h" /* INI_LINE_MAX */
#include "scenario/scenario.h"
#include "scenario/scenario_write.h"

/* Many keys away from their defaults, odd units, two flows, ties. */
static const char busy_scenario[] = "[simulation]\n"
				    "duration = 1.5min\n"
				    "seed = 18446744073709551615\n"
				    "sample_interval = 1500us\n"
				    "[link]\n"
				    "rate = 1.5Mbit/s\n"
				    "delay = 7ns\n"
				    "queue = 30000B\n"
				    "loss = 0.013\n"
				    "header = 0B\n"
				    "reverse_rate = 1234567bit/s\n"
				    "[flow bulk]\n"
				    "start = 250ms\n"
				    "mss = 1000B\n"
				    "cc = none\n"
				    "initial_window = 3\n"
				    "min_rto = 0\n"
				    "send_buffer = 1.5MiB\n"
				    "write_rate = 100KB/s\n"
				    "write_total = 10MB\n"
				    "write_size = 1460B\n"
				    "on_full = drop\n"
				    "nagle = off\n"
				    "extra_delay = 3ms\n"
				    "isn = 4294967000\n"
				    "drop_segments = 7, 3, 300\n"
				    "receive_buffer = 16KiB\n"
				    "read_rate = 0\n"
				    "read_size = 100B\n"
				    "readers = 4\n"
				    "delayed_ack = off\n"
				    "ack_delay = 499ms\n"
				    "window_scale = off\n"
				    "sws_avoidance = off\n"
				    "[flow small]\n"
				    "cc = reno\n"
				    "extra_delay = 20000001ns\n"
				    "ack_delay = 1500ns\n"
				    "receive_buffer = 1GiB\n"
				    "nagle = minshall\n"
				    "ack_policy = linux\n"
				    "rto_clamp = linux\n"
				    "window_probe = linux\n"
				    "[timeline]\n"
				    "10s: bulk.read_rate = 4Mbit/s\n"
				    "2s: link.loss = 1%\n"
				    "10s: link.rate = 2Gbit/s\n"
				    "10s: small.nagle = off\n"
				    "11s: bulk.nagle = minshall\n"
				    "20s: link.queue = 5 packets\n"
				    "21s: bulk.write_total = unlimited\n"
				    "22s: link.loss = 0.333333333333\n"
				    "23s: small.on_full = drop\n"
				    "23s: small.write_rate = 1kbit/s\n"
				    "12345678901ns: link.rate = 1Mbit/s\n";

static void
load_ok(struct scenario *sc, const char *name, const char *text)
{
	char *errs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	int rc;

	assert_non_null(f);
	memset(sc, 0, sizeof *sc);
	rc = scenario_load_string(sc, name, text, strlen(text), f);
	fclose(f);
	if (rc != 0 || len != 0)
		fprintf(stderr, "unexpected messages:\n%s\nin:\n%s\n", errs,
			text);
	assert_int_equal(rc, 0);
	assert_int_equal(len, 0);
	free(errs);
}

/* scenario_write() into a new string (free it). */
static char *
write_text(const struct scenario *sc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(scenario_write(f, sc), 0);
	fclose(f);
	return text;
}

/* A flow_config with what describes the file rather than the flow cleared. */
static void
flow_normalized(struct flow_config *out, const struct flow_config *in)
{
	*out = *in;
	out->line = 0;
	memset(&out->marks, 0, sizeof out->marks);
	out->drop_segments = NULL;
}

static void
assert_same_value(enum setting_key key, const struct setting_value *a,
		  const struct setting_value *b)
{
	assert_int_equal(a->time_ns, b->time_ns);
	assert_true(a->u == b->u);
	assert_true(a->prob == b->prob);
	assert_int_equal(a->on, b->on);
	assert_int_equal(a->choice, b->choice);
	assert_int_equal(a->packets, b->packets);
	(void)key;
}

/* Every field of two scenarios, as the contract names them. */
static void
assert_same_scenario(const struct scenario *a, const struct scenario *b)
{
	struct setting_value va, vb;
	size_t i;
	int k;

	/* Key by key, through the same getter the writer uses... */
	for (k = 0; k < KEY_COUNT; k++) {
		enum setting_key key = (enum setting_key)k;

		if (key == KEY_DROP_SEGMENTS)
			continue;
		if (k <= KEY_SAMPLE_INTERVAL) {
			scenario_get(a, TARGET_SIMULATION, 0, key, &va);
			scenario_get(b, TARGET_SIMULATION, 0, key, &vb);
		} else if (k < KEY_START) {
			scenario_get(a, TARGET_LINK, 0, key, &va);
			scenario_get(b, TARGET_LINK, 0, key, &vb);
		} else {
			continue;
		}
		assert_same_value(key, &va, &vb);
	}
	/* ...and the structs whole, which catches a field the getter forgot. */
	assert_memory_equal(&a->sim, &b->sim, sizeof a->sim);
	assert_true(a->link.rate_bps == b->link.rate_bps);
	assert_true(a->link.delay_ns == b->link.delay_ns);
	assert_true(a->link.queue_limit == b->link.queue_limit);
	assert_int_equal(a->link.queue_in_packets, b->link.queue_in_packets);
	assert_true(a->link.loss == b->link.loss);
	assert_int_equal(a->link.header_bytes, b->link.header_bytes);
	assert_true(a->link.reverse_rate_bps == b->link.reverse_rate_bps);

	assert_int_equal(a->n_flows, b->n_flows);
	for (i = 0; i < a->n_flows; i++) {
		struct flow_config fa, fb;

		for (k = KEY_START; k < KEY_COUNT; k++) {
			if (k == KEY_DROP_SEGMENTS)
				continue;
			scenario_get(a, TARGET_FLOW, i, (enum setting_key)k,
				     &va);
			scenario_get(b, TARGET_FLOW, i, (enum setting_key)k,
				     &vb);
			assert_same_value((enum setting_key)k, &va, &vb);
		}
		assert_string_equal(a->flows[i].name, b->flows[i].name);
		assert_int_equal(a->flows[i].n_drop_segments,
				 b->flows[i].n_drop_segments);
		if (a->flows[i].n_drop_segments > 0)
			assert_memory_equal(a->flows[i].drop_segments,
					    b->flows[i].drop_segments,
					    a->flows[i].n_drop_segments *
						    sizeof(uint64_t));
		flow_normalized(&fa, &a->flows[i]);
		flow_normalized(&fb, &b->flows[i]);
		assert_memory_equal(&fa, &fb, sizeof fa);
	}

	assert_int_equal(a->n_timeline, b->n_timeline);
	for (i = 0; i < a->n_timeline; i++) {
		const struct timeline_entry *ea = &a->timeline[i];
		const struct timeline_entry *eb = &b->timeline[i];

		assert_int_equal(ea->at_ns, eb->at_ns);
		assert_int_equal(ea->target, eb->target);
		assert_int_equal(ea->flow, eb->flow);
		assert_int_equal(ea->key, eb->key);
		assert_same_value(ea->key, &ea->value, &eb->value);
	}
}

/* Load, write, load again: the same scenario; writing again: the same text. */
static void
round_trip(const char *text)
{
	struct scenario first, second, third;
	char *written, *rewritten;

	load_ok(&first, "first.ini", text);
	written = write_text(&first);
	load_ok(&second, "second.ini", written);
	assert_same_scenario(&first, &second);
	rewritten = write_text(&second);
	assert_string_equal(written, rewritten);
	load_ok(&third, "third.ini", rewritten);
	assert_same_scenario(&first, &third);
	free(written);
	free(rewritten);
	scenario_free(&first);
	scenario_free(&second);
	scenario_free(&third);
}

/*
 * Lists as long as a line may be: a relay writing 800 flows and 900
 * scripted drops, each on a line that fits the reader's limit with
 * commas alone.  Written with ", " they would not read back; the writer
 * drops the spaces there, and keeps them where they fit.
 */
static void
test_round_trip_long_lists(void **state)
{
	size_t cap = 64 * 1024, n = 0, to = 0, drops = 0;
	char *text = malloc(cap), *written, line[INI_LINE_MAX + 64];
	struct scenario first, second;
	size_t k;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n, "[flow in]\n[flow out]\n"
						 "drop_segments = 1,2, 3\n");
	/* the longest lists that fit with commas alone */
	k = (size_t)snprintf(line, sizeof line, "to = c0");
	while (k + (size_t)snprintf(NULL, 0, ",c%zu", to + 1) <= INI_LINE_MAX)
		k += (size_t)snprintf(line + k, sizeof line - k, ",c%zu", ++to);
	to++;
	for (size_t i = 0; i < to; i++)
		n += (size_t)snprintf(text + n, cap - n, "[flow c%zu]\n", i);
	n += (size_t)snprintf(text + n, cap - n,
			      "[relay r]\nfrom = in\n%s\n[flow d]\n", line);
	k = (size_t)snprintf(line, sizeof line, "drop_segments = 1000");
	while (k + 5 <= INI_LINE_MAX) {
		drops++;
		k += (size_t)snprintf(line + k, sizeof line - k, ",%zu",
				      1000 + drops);
	}
	drops++;
	snprintf(text + n, cap - n, "%s\n", line);
	load_ok(&first, "first.ini", text);
	assert_int_equal(first.relays[0].n_to, to);
	written = write_text(&first);
	assert_non_null(strstr(written, "drop_segments = 1, 2, 3\n"));
	assert_non_null(strstr(written, "to = c0,c1,c2,"));
	assert_non_null(strstr(written, "drop_segments = 1000,1001,"));
	load_ok(&second, "second.ini", written);
	assert_int_equal(second.relays[0].n_to, to);
	for (size_t i = 0; i < to; i++)
		assert_string_equal(second.relays[0].to[i],
				    first.relays[0].to[i]);
	assert_same_scenario(&first, &second);
	assert_int_equal(second.flows[second.n_flows - 1].n_drop_segments,
			 drops);
	free(written);
	free(text);
	scenario_free(&first);
	scenario_free(&second);
}

static void
test_round_trip_defaults(void **state)
{
	(void)state;
	round_trip("");
}

static void
test_round_trip_busy(void **state)
{
	(void)state;
	round_trip(busy_scenario);
}

static void
test_round_trip_contract_example(void **state)
{
	(void)state;
	round_trip("[simulation]\nduration = 30s\n[link]\nrate  = 10Mbit/s\n"
		   "delay = 20ms\nqueue = 50 packets\n[flow bulk]\n"
		   "receive_buffer = 64KiB\nread_rate      = 100KB/s\n"
		   "[timeline]\n10s: bulk.read_rate = 0\n"
		   "15s: bulk.read_rate = 1MB/s\n");
}

/* A timeline added in code (the terminal UI's live changes) round-trips. */
/* Queue disciplines, ECN and a probe flow: every key comes back. */
static void
test_round_trip_aqm(void **state)
{
	(void)state;
	round_trip("[link]\nqueue_discipline = red\nmin_th = 3000B\n"
		   "max_th = 9000B\nmax_p = 0.25\nw_q = 0.01\ngentle = off\n"
		   "target = 2ms\ninterval = 50ms\nquantum = 300B\n"
		   "ecn_marking = on\n[flow a]\necn = on\n"
		   "[flow p]\napp = ping\nping_interval = 20ms\n"
		   "ping_size = 100B\n");
	round_trip("[link]\nqueue_discipline = fq_codel\n[flow p]\n"
		   "app = ping\n");
}

static void
test_round_trip_added_timeline(void **state)
{
	struct scenario sc, back;
	struct timeline_entry *e;
	char *text;

	(void)state;
	load_ok(&sc, "t.ini", "[flow bulk]\n");
	sc.timeline = calloc(2, sizeof *sc.timeline);
	assert_non_null(sc.timeline);
	sc.n_timeline = 2;
	e = &sc.timeline[0];
	e->at_ns = INT64_C(1234567891);
	e->target = TARGET_FLOW;
	e->flow = 0;
	e->key = KEY_READ_RATE;
	e->value.u = UINT64_C(2500000);
	scenario_entry_text(e, &sc);
	assert_string_equal(e->text, "bulk.read_rate = 2.5Mbit/s");
	e = &sc.timeline[1];
	e->at_ns = INT64_C(2000000000);
	e->target = TARGET_LINK;
	e->key = KEY_LINK_LOSS;
	e->value.prob = 0.05;
	scenario_entry_text(e, &sc);
	assert_string_equal(e->text, "link.loss = 0.05");

	text = write_text(&sc);
	assert_non_null(strstr(text,
			       "[timeline]\n"
			       "1.234567891s: bulk.read_rate = 2.5Mbit/s\n"
			       "2s: link.loss = 0.05\n"));
	load_ok(&back, "back.ini", text);
	assert_same_scenario(&sc, &back);
	assert_string_equal(back.timeline[0].text, sc.timeline[0].text);
	free(text);
	scenario_free(&sc);
	scenario_free(&back);
}

/*
 * A file's units survive writing: each key given in an unusual unit is
 * written back in that text while its value is unchanged, and the whole
 * round trip still gives the same scenario.
 */
static void
test_round_trip_keeps_units(void **state)
{
	static const char text[] = "[simulation]\n"
				   "duration = 1500ms\n"
				   "sample_interval = 0.25s\n"
				   "[link]\n"
				   "rate = 10 Mbit/s\n"
				   "delay = 20000us\n"
				   "queue = 64 KiB\n"
				   "loss = 1%\n"
				   "[flow bulk]\n"
				   "receive_buffer = 64KiB\n"
				   "read_rate = 4000kbit/s\n"
				   "write_total = 2000KB\n"
				   "[timeline]\n"
				   "1s: bulk.read_rate = 2000kbit/s\n"
				   "1.2s: link.loss = 0.5%\n";
	static const char *const kept[] = {
		"\nduration = 1500ms\n",
		"\nsample_interval = 0.25s\n",
		"\nrate = 10 Mbit/s\n",
		"\ndelay = 20000us\n",
		"\nqueue = 64 KiB\n",
		"\nloss = 1%\n",
		"\nreceive_buffer = 64KiB\n",
		"\nread_rate = 4000kbit/s\n",
		"\nwrite_total = 2000KB\n",
		/* a file's timeline values in the key's unit too */
		"\n1s: bulk.read_rate = 2000kbit/s\n",
		"\n1.2s: link.loss = 0.5%\n",
	};
	struct scenario sc;
	char *written;
	size_t i;

	(void)state;
	round_trip(text);
	load_ok(&sc, "u.ini", text);
	written = write_text(&sc);
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		if (strstr(written, kept[i]) == NULL)
			fail_msg("%s not kept in:\n%s", kept[i], written);
	free(written);
	scenario_free(&sc);
}

/*
 * A changed value, in the section or as a live change in the [timeline],
 * is written in the unit the file gave the key when it is exact there:
 * read_rate = 5000kbit/s halved is 2500kbit/s (not the writer's own
 * 2.5Mbit/s), halved again 1250kbit/s; any whole bit/s is exact in kbit/s
 * with three decimals (1000000001 bit/s is 1000000.001kbit/s).  Times
 * likewise: duration = 1500ms made 2.5005 s is 2500.5ms (not
 * 2.5005s), and one nanosecond more is not exact in ms to three decimals.
 */
static void
test_changed_value_in_file_unit(void **state)
{
	struct scenario sc, back;
	struct timeline_entry *e;
	char *text, want[128];
	const uint64_t read_rate = UINT64_C(5000) * 1000; /* 5000kbit/s */

	(void)state;
	load_ok(&sc, "c.ini",
		"[simulation]\nduration = 1500ms\n"
		"[flow bulk]\nread_rate = 5000kbit/s\n"
		"receive_buffer = 64 KiB\n");
	assert_true(sc.flows[0].read_rate_bps == read_rate);
	/* live changes: read rate halved, halved again, then 1 Gbit/s + 1 */
	sc.timeline = calloc(3, sizeof *sc.timeline);
	assert_non_null(sc.timeline);
	sc.n_timeline = 3;
	e = &sc.timeline[0];
	e->at_ns = INT64_C(1000000000);
	e->target = TARGET_FLOW;
	e->key = KEY_READ_RATE;
	e->value.u = read_rate / 2;
	sc.timeline[1] = *e;
	sc.timeline[1].at_ns *= 2;
	sc.timeline[1].value.u = read_rate / 4;
	sc.timeline[2] = sc.timeline[1];
	sc.timeline[2].at_ns *= 2;
	sc.timeline[2].value.u = UINT64_C(1000000000) + 1;
	/* a section value changed: duration 2.5005 s, receive buffer 32 KiB */
	sc.sim.duration_ns = INT64_C(2500500000);
	sc.flows[0].receive_buffer = 32 * 1024;
	text = write_text(&sc);
	snprintf(want, sizeof want,
		 "\n1s: bulk.read_rate = %" PRIu64 "kbit/s\n",
		 read_rate / 2 / 1000);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want,
		 "\n2s: bulk.read_rate = %" PRIu64 "kbit/s\n",
		 read_rate / 4 / 1000);
	assert_non_null(strstr(text, want));
	assert_non_null(
		strstr(text, "\n4s: bulk.read_rate = 1000000.001kbit/s\n"));
	assert_non_null(strstr(text, "\nduration = 2500.5ms\n"));
	assert_non_null(strstr(text, "\nreceive_buffer = 32 KiB\n"));
	load_ok(&back, "back.ini", text);
	assert_same_scenario(&sc, &back);
	free(text);
	/* not exact in ms: the writer's own unit */
	sc.sim.duration_ns = INT64_C(2500500001);
	text = write_text(&sc);
	assert_non_null(strstr(text, "\nduration = 2.500500001s\n"));
	free(text);
	scenario_free(&sc);
	scenario_free(&back);
}

/* The exact text of the sections: every key, the contract's syntax; an
 * empty file's flow has stack = linux's values (its table). */
static void
test_text_of_defaults(void **state)
{
	struct scenario sc;
	char *text;

	(void)state;
	load_ok(&sc, "t.ini", "");
	text = write_text(&sc);
	assert_string_equal(
		text, "[simulation]\n"
		      "duration = 10s\n"
		      "seed = 1\n"
		      "sample_interval = 10ms\n"
		      "\n"
		      "[link]\n"
		      "rate = 10Mbit/s\n"
		      "delay = 20ms\n"
		      "queue = 100 packets\n"
		      "loss = 0\n"
		      "header = 40B\n"
		      "reverse_rate = unlimited\n"
		      /* queue disciplines and ECN */
		      "queue_discipline = droptail\n"
		      "min_th = 5 packets\n"
		      "max_th = 15 packets\n"
		      "max_p = 0.1\n"
		      "w_q = 0.002\n"
		      "gentle = on\n"
		      "target = 5ms\n"
		      "interval = 100ms\n"
		      "quantum = 1514B\n"
		      "ecn_marking = off\n"
		      "\n"
		      "[flow flow1]\n"
		      "start = 0s\n"
		      "mss = 1448B\n" /* stack = linux: 1500 - 20 - 20 - 12 */
		      "cc = newreno\n"
		      "initial_window = 10\n"
		      "min_rto = 200ms\n" /* TCP_RTO_MIN */
		      "send_buffer = 256KiB\n"
		      "write_rate = unlimited\n"
		      "write_total = unlimited\n"
		      "write_size = 64KiB\n"
		      "on_full = block\n"
		      "nagle = minshall\n"
		      "extra_delay = 0s\n"
		      "isn = 0\n"
		      "drop_segments = none\n"
		      "receive_buffer = 64KiB\n"
		      "read_rate = unlimited\n"
		      "read_size = 64KiB\n"
		      "readers = 1\n"
		      "delayed_ack = on\n"
		      "ack_delay = 40ms\n"
		      "window_scale = on\n"
		      "sws_avoidance = linux\n" /* __tcp_select_window() */
		      "ack_policy = linux\n"
		      "rto_clamp = linux\n"
		      "window_probe = linux\n"
		      "sack = on\n"
		      "limited_transmit = on\n"
		      "careful_timeout = on\n"
		      /* congestion control growth and idle */
		      "byte_counting = on\n"
		      "hystart = linux\n"
		      "restart_after_idle = on\n"
		      "cubic_variant = linux\n"
		      "timestamps = on\n"
		      "stack = linux\n"
		      /* ECN and the latency probe */
		      "ecn = off\n"
		      "app = bulk\n"
		      /* how Linux's sender packs segments and wakes its
		       * writer */
		      "gso = linux\n"
		      "write_wakeup = room\n");
	free(text);
	scenario_free(&sc);
}

static void
test_value_text(void **state)
{
	struct setting_value v;
	char buf[64];

	(void)state;
	memset(&v, 0, sizeof v);
	v.u = UINT64_C(4000000);
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_READ_RATE, &v),
		"4Mbit/s");
	v.u = UINT64_C(4096000);
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_READ_RATE, &v),
		"4.096Mbit/s");
	v.u = 0;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_READ_RATE, &v), "0");
	v.u = 999;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_LINK_RATE, &v),
		"999bit/s");
	v.u = 1536;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_SEND_BUFFER, &v),
		"1536B");
	v.u = 3000;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_SEND_BUFFER, &v),
		"3KB");
	v.u = UINT64_C(1) << 30;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_RECEIVE_BUFFER, &v),
		"1GiB");
	v.u = 30;
	v.packets = true;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_LINK_QUEUE, &v),
		"30 packets");
	v.time_ns = INT64_C(90000000000);
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_DURATION, &v),
		"90s");
	v.time_ns = 1500;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_DURATION, &v),
		"1.5us");
	v.time_ns = 7;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_DURATION, &v),
		"7ns");
	v.time_ns = INT64_C(20000001);
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_DURATION, &v),
		"20.000001ms");
	v.prob = 0.01;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_LINK_LOSS, &v),
		"0.01");
	v.prob = 1.0;
	assert_string_equal(
		scenario_format_value(buf, sizeof buf, KEY_LINK_LOSS, &v), "1");
	v.choice = CC_CUBIC;
	assert_string_equal(scenario_format_value(buf, sizeof buf, KEY_CC, &v),
			    "cubic");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_long_lists),
		cmocka_unit_test(test_round_trip_defaults),
		cmocka_unit_test(test_round_trip_busy),
		cmocka_unit_test(test_round_trip_aqm),
		cmocka_unit_test(test_round_trip_contract_example),
		cmocka_unit_test(test_round_trip_added_timeline),
		cmocka_unit_test(test_round_trip_keeps_units),
		cmocka_unit_test(test_changed_value_in_file_unit),
		cmocka_unit_test(test_text_of_defaults),
		cmocka_unit_test(test_value_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
