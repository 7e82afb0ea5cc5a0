/* SPDX-License-Identifier: ISC */
/*
 * test_numbers.c: the pure rules behind the numbers `tcpsim play` shows
 * (src/ui/numbers.c) and the one rule that names what limits the sender
 * (sender_limit_classify(), shared by the CSV's limited_by column and the
 * banner of play).  Expected values follow from the rule or the formula.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "sim/observer.h"
#include "model/sim.h"
#include "tcp/sender.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/narration.h"
#include "ui/numbers.h"
#include "ui/view_chart.h"
#include "ui/view_format.h"
#include "ui/view_pipeline.h"
#include "ui/view_window.h"

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S  INT64_C(1000000000)

/* ---- limited_by ---- */

/* A sender with data to send and room in both windows. */
static struct sender_limit_facts
facts_free(void)
{
	struct sender_limit_facts k;

	memset(&k, 0, sizeof k);
	k.unsent = 10 * 1000;
	k.inflight = 0;
	k.cwnd = 10 * 1000;
	k.snd_wnd = 20 * 1000;
	k.mss = 1000;
	return k;
}

static void
test_limit_order(void **state)
{
	struct sender_limit_facts k = facts_free();

	(void)state;
	/* zero window comes first, even in recovery */
	k.zero_window_probing = true;
	k.in_recovery = true;
	assert_int_equal(sender_limit_classify(&k), LIMITED_ZERO_WINDOW);
	k.zero_window_probing = false;
	assert_int_equal(sender_limit_classify(&k), LIMITED_RECOVERY);
	k.in_recovery = false;
	/* nothing unsent: the app, or the send buffer when blocked on it */
	k.unsent = 0;
	assert_int_equal(sender_limit_classify(&k), LIMITED_APP);
	k.producer_blocked = true;
	assert_int_equal(sender_limit_classify(&k), LIMITED_SNDBUF);
}

static void
test_limit_windows(void **state)
{
	struct sender_limit_facts k = facts_free();

	(void)state;
	/* cwnd (10 segments) full, rwnd (20) not: cwnd binds */
	k.inflight = k.cwnd;
	assert_int_equal(sender_limit_classify(&k), LIMITED_CWND);
	/* the receiver's window smaller than cwnd and full: rwnd */
	k.snd_wnd = 5 * 1000;
	k.inflight = k.snd_wnd;
	assert_int_equal(sender_limit_classify(&k), LIMITED_RWND);
	/* room for less than one segment is no room */
	k.inflight = k.snd_wnd - k.mss + 1;
	assert_int_equal(sender_limit_classify(&k), LIMITED_RWND);
	/* a blocked producer does not hide the window that binds */
	k.producer_blocked = true;
	assert_int_equal(sender_limit_classify(&k), LIMITED_RWND);
}

static void
test_limit_nagle(void **state)
{
	struct sender_limit_facts k = facts_free();

	(void)state;
	/* 100 bytes written, 100 in flight, the windows wide open */
	k.unsent = 100;
	k.inflight = 100;
	k.nagle_holds = true;
	assert_int_equal(sender_limit_classify(&k), LIMITED_NAGLE);
	/* the same without Nagle: nothing holds it but the app */
	k.nagle_holds = false;
	assert_int_equal(sender_limit_classify(&k), LIMITED_APP);
	/* ...unless the producer waits for room: never "THE APP" then */
	k.producer_blocked = true;
	assert_int_equal(sender_limit_classify(&k), LIMITED_SNDBUF);
	k.producer_blocked = false;
	/* a full window binds before Nagle is asked */
	k.nagle_holds = true;
	k.inflight = k.cwnd;
	assert_int_equal(sender_limit_classify(&k), LIMITED_CWND);
	assert_string_equal(limited_by_name(LIMITED_NAGLE), "nagle");
	assert_string_equal(limited_by_name(LIMITED_SNDBUF), "sndbuf");
}

/* ---- Jain's index ---- */

static void
test_jain(void **state)
{
	struct flow_snapshot f[4];
	double j;
	size_t i;

	(void)state;
	memset(f, 0, sizeof f);
	for (i = 0; i < 4; i++) {
		f[i].completion_ns = -1;
		f[i].delivered_bytes = 1000;
	}
	/* equal shares: 1 */
	j = numbers_jain(f, 4, NS_PER_S);
	assert_true(fabs(j - 1.0) < 1e-12);
	/* one flow has it all: 1/n */
	for (i = 1; i < 4; i++)
		f[i].delivered_bytes = 0;
	j = numbers_jain(f, 4, NS_PER_S);
	assert_true(fabs(j - 0.25) < 1e-12);
	/* rates, not bytes: a flow that started at 0.5 s and delivered
	 * half as much has the same rate as one of 1 s */
	f[1].delivered_bytes = 500;
	f[1].start_ns = NS_PER_S / 2;
	j = numbers_jain(f, 2, NS_PER_S);
	assert_true(fabs(j - 1.0) < 1e-12);
	/* x = (1, 3): (1+3)^2 / (2 (1+9)) = 0.8 */
	f[1].start_ns = 0;
	f[1].delivered_bytes = 3000;
	j = numbers_jain(f, 2, NS_PER_S);
	assert_true(fabs(j - 0.8) < 1e-12);
	/* one flow: not shown */
	assert_true(isnan(numbers_jain(f, 1, NS_PER_S)));
	/* a flow that starts later has no share yet: out of the index
	 * (else 1 and 3 of the two started, and 0, would be 0.533) */
	f[2].start_ns = 2 * NS_PER_S;
	f[2].delivered_bytes = 0;
	j = numbers_jain(f, 3, NS_PER_S);
	assert_true(fabs(j - 0.8) < 1e-12);
	/* one started flow is no comparison */
	f[1].start_ns = 2 * NS_PER_S;
	assert_true(isnan(numbers_jain(f, 3, NS_PER_S)));
}

/* ---- the smoothed rate ---- */

static void
test_rate_window(void **state)
{
	struct numbers_rate r;
	int64_t t;
	uint64_t bytes = 0;

	(void)state;
	numbers_rate_reset(&r, NS_PER_S);
	assert_true(isnan(numbers_rate_bps(&r, 0, 0)));
	/* 1250 bytes per 10 ms = 1 Mbit/s for 2 s */
	for (t = 0; t <= 2 * NS_PER_S; t += 10 * NS_PER_MS) {
		numbers_rate_add(&r, t, bytes);
		bytes += 1250;
	}
	bytes -= 1250; /* the counter at t = 2 s */
	assert_true(fabs(numbers_rate_bps(&r, 2 * NS_PER_S, bytes) - 1e6) <
		    1e-6);
	/*
	 * Then nothing for 0.5 s: over the last second, half the rate.  The
	 * window starts at a kept point, up to s = span/32 + one sample
	 * interval (10 ms) before the second: (0.5 + s) / (1 + s) at most.
	 */
	{
		double v = numbers_rate_bps(&r, 2 * NS_PER_S + NS_PER_S / 2,
					    bytes);
		double s = 1.0 / 32 + 0.01;

		assert_true(v >= 0.5e6 - 1e-6);
		assert_true(v <= 1e6 * (0.5 + s) / (1 + s) + 1e-6);
	}
	/* a young run: the rate since the first point */
	numbers_rate_reset(&r, NS_PER_S);
	numbers_rate_add(&r, 0, 0);
	assert_true(fabs(numbers_rate_bps(&r, NS_PER_S / 10, 12500) - 1e6) <
		    1e-6);
	/* no time since the point: unknown */
	assert_true(isnan(numbers_rate_bps(&r, 0, 0)));
}

/* Points closer than span/32 are skipped: the ring covers two spans. */
static void
test_rate_window_fixed_memory(void **state)
{
	struct numbers_rate r;
	int64_t t;

	(void)state;
	numbers_rate_reset(&r, NS_PER_S);
	for (t = 0; t < 10 * NS_PER_S; t += 1000)
		numbers_rate_add(&r, t, (uint64_t)t);
	assert_int_equal(r.n, NUMBERS_RATE_SLOTS);
	/* bytes = t ns: 8e9 bit/s whatever the window */
	assert_true(fabs(numbers_rate_bps(&r, 10 * NS_PER_S, 10 * NS_PER_S) -
			 8e9) < 1e-3);
}

/* ---- units ---- */

static void
test_units(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(numbers_count(buf, sizeof buf, 1, "byte"),
			    "1 byte");
	assert_string_equal(numbers_count(buf, sizeof buf, 0, "byte"),
			    "0 bytes");
	assert_string_equal(numbers_count(buf, sizeof buf, 2, "packet"),
			    "2 packets");
	assert_string_equal(numbers_count(buf, sizeof buf, 1, "packet"),
			    "1 packet");
	assert_string_equal(numbers_bytes(buf, sizeof buf, 1), "1 byte");
	assert_string_equal(numbers_bytes(buf, sizeof buf, 1023), "1023 bytes");
	/* from 1 KiB on, the short binary form of the rest of the screen */
	assert_string_equal(numbers_bytes(buf, sizeof buf, 1024), "1.00K");
}

/* ---- the hold ---- */

static void
test_hold(void **state)
{
	struct numbers_hold h;
	const int64_t half = NUMBERS_HOLD_NS;

	(void)state;
	memset(&h, 0, sizeof h);
	assert_int_equal(numbers_hold(&h, 1, 0, half), 1);
	/* a change 1 ms later waits... */
	assert_int_equal(numbers_hold(&h, 2, NS_PER_MS, half), 1);
	assert_int_equal(numbers_hold(&h, 2, half - 1, half), 1);
	/* ...until the shown state has been up for the hold */
	assert_int_equal(numbers_hold(&h, 2, half, half), 2);
	/* and the new one is held from then on */
	assert_int_equal(numbers_hold(&h, 1, half + 1, half), 2);
	assert_int_equal(numbers_hold(&h, 1, 2 * half, half), 1);
	/* no hold (paused, stepping): the truth at once */
	assert_int_equal(numbers_hold(&h, 3, 2 * half + 1, 0), 3);
}

/* ---- the lines ---- */

static void
row_text(const struct grid *g, int y, char *out, size_t size)
{
	size_t n = 0;
	int x;

	for (x = 0; x < g->cols && n + 4 < size; x++) {
		const char *c = g->cells[y * g->cols + x].glyph;
		size_t len = strlen(c);

		memcpy(out + n, c, len);
		n += len;
	}
	out[n] = '\0';
}

static void
test_lines(void **state)
{
	struct grid g;
	struct flow_snapshot f;
	struct link_snapshot l;
	struct numbers_view v;
	struct rect r = {0, 0, 1, 78};
	const char *names[2] = {"a", "b"};
	char text[1024];

	(void)state;
	memset(&f, 0, sizeof f);
	memset(&l, 0, sizeof l);
	memset(&v, 0, sizeof v);
	f.last_rtt_ns = 50 * NS_PER_MS;
	f.min_rtt_ns = 40 * NS_PER_MS;
	f.completion_ns = -1;
	f.drops = 1;
	f.retransmits = 2;
	/* bytes, not packets: 1 byte dropped (singular), 4.5 KiB = 4608
	 * bytes resent, with the three digits of every size on screen */
	f.dropped_bytes = 1;
	f.retransmitted_bytes = 4608;
	f.dropped_writes_bytes = 1;
	/* 10 full packets of 1250 bytes at 10 Mbit/s: 10 ms to drain */
	l.rate_bps = 10000000;
	l.queue_bytes = 12500;
	v.flow = &f;
	v.link = &l;
	v.readers = 1;
	v.n_flows = 2;
	v.names = names;
	v.n_names = 2;
	v.jain = 0.5;
	assert_int_equal(numbers_queue_delay_ns(&l), 10 * NS_PER_MS);
	grid_init(&g, 2, 80);
	numbers_path_line(&g, &r, &v);
	row_text(&g, 0, text, sizeof text);
	assert_non_null(strstr(text, "RTT 50.0ms  min 40.0ms"));
	assert_non_null(strstr(text, "queueing 10.0ms"));
	assert_non_null(strstr(text, "1 reader "));
	assert_non_null(strstr(text, "not finished"));
	r.y = 1;
	numbers_loss_line(&g, &r, &v, glyphs_get(false));
	row_text(&g, 1, text, sizeof text);
	assert_non_null(
		strstr(text, "shed 1 byte  dropped 1 byte  resent 4.50K"));
	assert_non_null(strstr(text, "Jain 0.500 1a 2b"));
	/* a narrow line leaves items out whole, never a cut number */
	grid_clear(&g);
	r.cols = 30;
	numbers_loss_line(&g, &r, &v, glyphs_get(false));
	row_text(&g, 1, text, sizeof text);
	assert_non_null(strstr(text, "shed 1 byte  dropped 1 byte"));
	assert_null(strstr(text, "resent"));
	grid_free(&g);
}

/*
 * Bytes dropped and resent, from a run whose segments are all full: every
 * write is a whole number of MSS and Nagle holds no small remainder, so
 * each of the drop_segments is one MSS of payload, and each retransmit
 * is one MSS too.  The queue is large enough that nothing else is lost.
 */
static void
test_dropped_and_resent_bytes(void **state)
{
	enum { MSS = 1000, DROPPED = 3 };
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 10s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 20ms\nqueue = 1000 "
		"packets\n"
		"[flow bulk]\nstack = textbook\nsack = off\nmss = 1000B\n"
		"receive_buffer = 128KiB\nwrite_size = 10000B\n"
		"write_total = 1000000B\n"
		"drop_segments = 100, 104, 108\n");
	struct flow_snapshot f;

	(void)state;
	sim_run(sim);
	sim_flow_snapshot(sim, 0, &f);
	assert_int_equal(f.mss, MSS);
	assert_int_equal(f.drops, DROPPED);
	assert_int_equal(f.dropped_bytes, (uint64_t)DROPPED * MSS);
	/* each dropped segment is sent at least once more */
	assert_true(f.retransmits >= DROPPED);
	assert_int_equal(f.retransmitted_bytes, f.retransmits * MSS);
	/* and the run finished, every byte read */
	assert_true(f.completion_ns >= 0);
	assert_int_equal(f.read_bytes, 1000000);
	sim_destroy(sim);
}

/* ---- sequence numbers ---- */

/*
 * The rule of numbers_seq_text() applied one character at a time: after
 * "SACK ", "seq " or "ACK ", a decimal number of at most 32 bits becomes
 * relative to the ISN (and after "SACK ", each "-R" and " L" that
 * follows); everything else is copied; the output is cut to fit `size`.
 * The program copies runs of other text whole; this checks it against the
 * rule.
 */
static bool
ref_number(char *out, size_t size, size_t *len, const char **in, uint32_t isn)
{
	const char *p = *in;
	unsigned long long v = 0;
	int w;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && v <= UINT32_MAX)
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (v > UINT32_MAX || (*p >= '0' && *p <= '9'))
		return false;
	w = snprintf(out + *len, size - *len, "%lu",
		     (unsigned long)(uint32_t)((uint32_t)v - isn));
	if (w < 0 || (size_t)w >= size - *len)
		return false;
	*len += (size_t)w;
	*in = p;
	return true;
}

static char *
ref_seq_text(char *out, size_t size, const char *in, uint32_t isn)
{
	size_t len = 0;

	if (size == 0)
		return out;
	while (*in != '\0' && len + 1 < size) {
		bool sack = strncmp(in, "SACK ", 5) == 0;
		size_t key = sack			   ? 5
			     : strncmp(in, "seq ", 4) == 0 ? 4
			     : strncmp(in, "ACK ", 4) == 0 ? 4
							   : 0;

		if (key == 0 || len + key + 1 >= size) {
			out[len++] = *in++;
			continue;
		}
		memcpy(out + len, in, key);
		len += key;
		in += key;
		if (!ref_number(out, size, &len, &in, isn) || !sack)
			continue;
		for (;;) {
			if (*in == '-' && len + 2 < size) {
				out[len++] = *in++;
				if (!ref_number(out, size, &len, &in, isn))
					break;
			}
			if (in[0] == ' ' && in[1] >= '0' && in[1] <= '9' &&
			    len + 2 < size) {
				out[len++] = *in++;
				if (ref_number(out, size, &len, &in, isn))
					continue;
			}
			break;
		}
	}
	out[len] = '\0';
	return out;
}

static void
test_seq_text_rule(void **state)
{
	static const char *const texts[] = {
		"sends 1448 bytes at seq 4174968745",
		"ACK 1000, window 65535 bytes, SACK 2000-3000 4000-5000 6-7",
		"SACKS 5 seqs 6 ACKED 7 Seq 8 SACK x ACK  9 seq 99999999999",
		"S",
		"A",
		"s",
		"SACK 1-",
		"SACK 4294967295-4294967296 12 seq",
		"duplicate ACK #3 for seq 4174967397: 2 packets; Sender says "
		"All is well, sure: Ssss AAA sss SACK 10-20 30-40 50-60",
		"",
	};
	const uint32_t isns[] = {0, 4174967296u, 1};
	char got[256], want[256];

	(void)state;
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
		for (size_t k = 0; k < sizeof isns / sizeof isns[0]; k++)
			for (size_t size = 1; size <= sizeof got; size++) {
				memset(got, 'x', sizeof got);
				memset(want, 'x', sizeof want);
				numbers_seq_text(got, size, texts[t], isns[k]);
				ref_seq_text(want, size, texts[t], isns[k]);
				assert_string_equal(got, want);
			}
}

static void
test_seq_text(void **state)
{
	/* the ISN of wraparound.ini: 2^32 - 120000000 */
	const uint32_t isn = 4174967296u;
	char out[256], in[256];

	(void)state;
	/* the first data byte, isn + 1, is 1 */
	snprintf(in, sizeof in, "sends 1448 bytes at seq %u",
		 (uint32_t)(isn + 1));
	assert_string_equal(numbers_seq_text(out, sizeof out, in, isn),
			    "sends 1448 bytes at seq 1");
	/* past the wrap: wire 1000 is 2^32 - isn + 1000 relative */
	assert_string_equal(
		numbers_seq_text(out, sizeof out,
				 "ACK 1000, window 65535 bytes, SACK 2000-3000 "
				 "4000-5000",
				 isn),
		"ACK 120001000, window 65535 bytes, SACK 120002000-120003000 "
		"120004000-120005000");
	/* counts and "duplicate ACK #3" are not sequence numbers */
	snprintf(in, sizeof in, "duplicate ACK #3 for seq %u: 2 packets",
		 (uint32_t)(isn + 101));
	assert_string_equal(numbers_seq_text(out, sizeof out, in, isn),
			    "duplicate ACK #3 for seq 101: 2 packets");
	/* with ISN 0, relative and absolute are the same numbers */
	assert_string_equal(
		numbers_seq_text(out, sizeof out,
				 "fast retransmit of seq 4294967295", 0),
		"fast retransmit of seq 4294967295");
	/* a short buffer is cut, never overrun */
	numbers_seq_text(out, 8, "at seq 123456789", 0);
	assert_true(strlen(out) < 8);
}

static void
ruler_labels_row(const struct flow_snapshot *f, const struct ruler_options *o,
		 char *text, size_t size)
{
	struct grid g;
	struct rect r = {0, 0, LAYOUT_RULER_ROWS, 64};

	grid_init(&g, LAYOUT_RULER_ROWS, 64);
	view_window_opts(&g, &r, f, NULL, o, glyphs_get(false));
	row_text(&g, 3, text, size);
	grid_free(&g);
}

static void
test_ruler_seq(void **state)
{
	const uint32_t isn = 4294967040u; /* 2^32 - 256 */
	struct flow_snapshot f;
	struct ruler_options o = {false, 0};
	char text[1024], want[64];

	(void)state;
	memset(&f, 0, sizeof f);
	f.isn = isn;
	/* 1000 bytes acknowledged, 2000 in flight, window 12000 */
	f.snd_una = isn + 1 + 1000;
	f.snd_nxt = f.snd_una + 2000;
	f.inflight_bytes = 2000;
	f.cwnd_bytes = 12000;
	f.rwnd_bytes = 30000;
	f.ssthresh_bytes = UINT64_MAX;
	f.mss = 1000;
	ruler_labels_row(&f, &o, text, sizeof text);
	/* relative: SND.UNA = 1001, SND.NXT = 3001, edge = 1001 + 12000 */
	assert_non_null(strstr(text, "SND.UNA 1001 "));
	assert_non_null(strstr(text, "SND.NXT 3001 "));
	assert_non_null(strstr(text, "edge 13001"));
	/* absolute: the wire's numbers, wrapped past 2^32 */
	o.absolute_seq = true;
	ruler_labels_row(&f, &o, text, sizeof text);
	snprintf(want, sizeof want, "SND.UNA %u ", (uint32_t)(isn + 1001));
	assert_non_null(strstr(text, want));
	assert_int_equal((uint32_t)(isn + 1001), 745);
	snprintf(want, sizeof want, "edge %u", (uint32_t)(isn + 13001));
	assert_non_null(strstr(text, want));
}

/* z: a kept scale makes a smaller window take fewer cells. */
static void
test_ruler_fixed_scale(void **state)
{
	struct flow_snapshot f;
	struct ruler_scale fit, kept;
	struct ruler_options o = {false, 0};

	(void)state;
	memset(&f, 0, sizeof f);
	f.cwnd_bytes = 12000;
	f.rwnd_bytes = 30000;
	f.mss = 1000;
	view_window_scale_opts(&fit, &f, 64, &o);
	o.fixed_bytes_per_cell = fit.bytes_per_cell;
	/* the window halves: fitted, it takes as many cells as before;
	 * kept, half as many (rounded up, as marks are) */
	f.cwnd_bytes = 6000;
	view_window_scale_opts(&kept, &f, 64, &o);
	assert_int_equal(kept.bytes_per_cell, fit.bytes_per_cell);
	assert_int_equal(
		kept.x_edge - kept.x_una,
		(int)((6000 + fit.bytes_per_cell - 1) / fit.bytes_per_cell));
	view_window_scale_opts(&fit, &f, 64, &(struct ruler_options){0});
	assert_true(kept.x_edge - kept.x_una < fit.x_edge - fit.x_una);
}

/* ---- the RFCs the narration cites ---- */

/* Three holes in one window without SACK: fast recovery with `cc`. */
static struct recorder
recovery_run(const char *cc)
{
	char text[512];
	struct recorder rec = {0};
	struct sim *sim;

	snprintf(text, sizeof text,
		 "[simulation]\nduration = 5s\n"
		 "[link]\nrate = 10Mbit/s\ndelay = 20ms\nqueue = 100 "
		 "packets\n"
		 "[flow bulk]\nstack = textbook\ncc = %s\nsack = off\n"
		 "receive_buffer = 128KiB\nwrite_total = 1MB\n"
		 "drop_segments = 100, 104, 108\n",
		 cc);
	sim = helper_sim(text);
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_destroy(sim);
	return rec;
}

static size_t
details_with(const struct recorder *rec, enum trace_kind kind, const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < rec->n; i++)
		if ((int)kind < 0 || rec->ev[i].kind == kind)
			if (strstr(rec->ev[i].detail, text) != NULL)
				n++;
	return n;
}

static void
test_recovery_citations(void **state)
{
	struct recorder newreno = recovery_run("newreno");
	struct recorder reno = recovery_run("reno");

	(void)state;
	/* NewReno: partial ACKs resend the next hole, RFC 6582 3.2 step 3
	 * (its "response to newly acknowledged data": full and partial) */
	assert_true(details_with(&newreno, TRACE_RETRANSMIT,
				 "partial ACK in fast recovery (RFC 6582 "
				 "3.2 step 3)") >= 1);
	assert_true(details_with(&newreno, TRACE_RECOVERY_EXIT,
				 "RFC 6582 3.2 step 3") >= 1);
	assert_int_equal(details_with(&newreno, (enum trace_kind) - 1,
				      "RFC 6582 3.2 step 5"),
			 0);
	assert_int_equal(details_with(&newreno, (enum trace_kind) - 1,
				      "RFC 6582 3.2 step 6"),
			 0);
	/* Reno is RFC 5681 alone */
	assert_true(details_with(&reno, TRACE_FAST_RETRANSMIT, "RFC 5681") >=
		    1);
	assert_int_equal(details_with(&reno, (enum trace_kind) - 1, "6582"), 0);
	recorder_free(&newreno);
	recorder_free(&reno);
}

/* One byte written, sent, queued, delivered and read: singular words. */
static void
test_singular_sentences(void **state)
{
	struct recorder rec = {0};
	struct sim *sim = helper_sim("[simulation]\nduration = 1s\n"
				     "[flow f]\nwrite_size = 1B\n"
				     "write_total = 1B\n");

	(void)state;
	recorder_attach(sim, &rec);
	sim_run(sim);
	sim_destroy(sim);
	assert_true(details_with(&rec, TRACE_APP_WRITE,
				 "producer writes 1 byte into") >= 1);
	assert_true(details_with(&rec, TRACE_SEND, "sends 1 byte at seq 1") ==
		    1);
	assert_true(details_with(&rec, TRACE_ENQUEUE, "(1 packet now)") == 1);
	assert_true(details_with(&rec, TRACE_DELIVER,
				 "1 byte at seq 1 arrives") == 1);
	assert_true(details_with(&rec, TRACE_APP_READ,
				 "consumer reads 1 byte ") == 1);
	assert_int_equal(details_with(&rec, (enum trace_kind) - 1, " 1 bytes"),
			 0);
	assert_int_equal(
		details_with(&rec, (enum trace_kind) - 1, " 1 packets"), 0);
	recorder_free(&rec);
}

/* ---- the pipeline: tiny segments, drops, the queue's label ---- */

static void
pipeline_rows(const struct pipeline_view *v, char rows[4][1024])
{
	struct grid g;
	struct rect r = {0, 0, LAYOUT_PIPELINE_ROWS, 78};
	int y;

	grid_init(&g, LAYOUT_PIPELINE_ROWS, 78);
	view_pipeline(&g, &r, v, glyphs_get(false));
	for (y = 0; y < 4; y++)
		row_text(&g, y, rows[y], 1024);
	grid_free(&g);
}

static void
test_pipeline_marks(void **state)
{
	struct flow_snapshot f;
	struct flow_config fc;
	struct link_snapshot ls;
	struct link_config lc;
	struct packet_view pk[2];
	struct drop_mark d[2];
	struct pipeline_view v;
	struct pipeline_columns c;
	char rows[4][1024];
	int link_x;

	(void)state;
	memset(&f, 0, sizeof f);
	memset(&fc, 0, sizeof fc);
	memset(&ls, 0, sizeof ls);
	memset(&lc, 0, sizeof lc);
	memset(pk, 0, sizeof pk);
	memset(&v, 0, sizeof v);
	f.mss = 1000;
	f.rwnd_bytes = 65535;
	f.completion_ns = -1;
	ls.rate_bps = 10000000;
	ls.queue_packets = 3187;
	lc.queue_in_packets = true;
	lc.queue_limit = 12000;
	/* a full segment a third of the way, a 100-byte one at two thirds */
	pk[0].place = PLACE_FORWARD;
	pk[0].len = 1000;
	pk[0].progress = 1.0 / 3;
	pk[1].place = PLACE_FORWARD;
	pk[1].len = 100;
	pk[1].progress = 2.0 / 3;
	v.flow = &f;
	v.config = &fc;
	v.link = &ls;
	v.link_config = &lc;
	v.packets = pk;
	v.n_packets = 2;
	v.n_flows = 1;
	v.news_packet = -1;
	v.now_ns = 100 * NS_PER_MS;
	v.drop_mark_ns = 10 * NS_PER_MS;
	pipeline_rows(&v, rows);
	view_pipeline_columns(&c, 78);
	link_x = c.producer + c.send_buffer + c.queue + 3;
	/* one glyph per size: ">" a full segment, "." a tiny one */
	{
		const char *lane = rows[1] + link_x;
		int w = c.link;

		assert_int_equal(lane[(int)((w - 1) / 3.0 + 0.5)], '>');
		assert_int_equal(lane[(int)(2 * (w - 1) / 3.0 + 0.5)], '.');
	}
	/* 3187 of 12000 does not fit "3187/12000 pkt" in the column: the
	 * limit in thousands, exact, never a cut "3187/1200" */
	assert_non_null(strstr(rows[2], "3187/12k"));
	assert_null(strstr(rows[2], "3187/1200 "));
	/* no drops: no marks */
	assert_null(strchr(rows[1], 'X'));
	assert_null(strstr(rows[3], "dropped"));
	/* a drop-tail drop 5 ms ago and a loss 5 ms ago: marked where
	 * each packet died, the queue's door and the link's start */
	d[0].where = WHERE_QUEUE;
	d[0].time_ns = 95 * NS_PER_MS;
	d[1].where = WHERE_LINK;
	d[1].time_ns = 95 * NS_PER_MS;
	v.drops = d;
	v.n_drops = 2;
	pipeline_rows(&v, rows);
	assert_int_equal(rows[1][link_x], 'X');
	assert_int_equal(strstr(rows[3], "X dropped") - rows[3],
			 c.producer + c.send_buffer + 2);
	/* older than drop_mark_ns: gone */
	v.now_ns = 106 * NS_PER_MS;
	pipeline_rows(&v, rows);
	assert_null(strchr(rows[1], 'X'));
	assert_null(strstr(rows[3], "dropped"));
}

/* ---- the events pane: a fold never hides a different value ---- */

static void
test_fold_says_latest(void **state)
{
	static struct narration n; /* large */
	struct trace_event ev;
	struct grid g;
	struct rect r = {0, 0, 3, 70};
	const char *names[1] = {"f"};
	char text[1024];

	(void)state;
	narration_clear(&n);
	memset(&ev, 0, sizeof ev);
	ev.kind = TRACE_DROP;
	ev.where = WHERE_QUEUE;
	snprintf(ev.detail, sizeof ev.detail, "drop-tail drops at seq 1001");
	narration_add(&n, &ev);
	snprintf(ev.detail, sizeof ev.detail, "drop-tail drops at seq 2449");
	narration_add(&n, &ev);
	grid_init(&g, 3, 70);
	narration_draw(&g, &r, &n, names, 1, false);
	row_text(&g, 2, text, sizeof text);
	/* two drops at different seqs: not "seq 2449 (x2)" */
	assert_non_null(strstr(text, "seq 2449 (the latest of 2)"));
	/* the same sentence again and again is one line with a count */
	narration_clear(&n);
	narration_add(&n, &ev);
	narration_add(&n, &ev);
	narration_add(&n, &ev);
	grid_clear(&g);
	narration_draw(&g, &r, &n, names, 1, false);
	row_text(&g, 2, text, sizeof text);
	assert_non_null(strstr(text, "seq 2449 (x3)"));
	grid_free(&g);
}

/* ---- the window chart's scale ---- */

static void
test_chart_unscaled(void **state)
{
	const struct glyphs *gl = glyphs_get(false);
	struct rect r = {0, 0, 6, 30}; /* title, 4 plot rows, time axis */
	int points = chart_points(r.cols, gl), i, level;
	double cw[512], rw[512];
	struct chart_series s[2];
	struct chart c;
	struct grid g;
	char text[1024], want[VIEW_NUM_BUF];

	(void)state;
	for (i = 0; i < points; i++) {
		cw[i] = 8000;	 /* cwnd: 8000 bytes */
		rw[i] = 1 << 20; /* rwnd: a MiB, 131 times more */
	}
	memset(s, 0, sizeof s);
	s[0].values = rw;
	s[0].marker = 'r';
	s[0].dotted = true;
	s[0].unscaled = true;
	s[1].values = cw;
	s[1].marker = 'c';
	memset(&c, 0, sizeof c);
	c.title = "W";
	c.series = s;
	c.n_series = 2;
	c.unit = CHART_BYTES;
	c.span_ns = NS_PER_S;
	grid_init(&g, 6, 30);
	view_chart(&g, &r, &c, gl);
	/* the axis tops at cwnd's nice maximum, not rwnd's */
	row_text(&g, 1, text, sizeof text);
	view_size_short(want, sizeof want,
			(uint64_t)(chart_nice_max(8000) + 0.5));
	assert_int_equal(strncmp(text, want, strlen(want)), 0);
	/* rwnd is clipped to the top row, drawn there */
	assert_non_null(strchr(text + CHART_AXIS_COLS, 'r'));
	/* cwnd stands at its level: 8000 of 10000 over 4 rows of levels
	 * 0..3 is level 2 (rounded), the second row from the top */
	level = (int)(8000.0 / chart_nice_max(8000) * 3 + 0.5);
	row_text(&g, 1 + (3 - level), text, sizeof text);
	assert_non_null(strchr(text + CHART_AXIS_COLS, 'c'));
	/* without unscaled, rwnd sets the scale and cwnd lies flat */
	s[0].unscaled = false;
	grid_clear(&g);
	view_chart(&g, &r, &c, gl);
	row_text(&g, 4, text, sizeof text);
	assert_non_null(strchr(text + CHART_AXIS_COLS, 'c'));
	grid_free(&g);
}

/*
 * Named links ([link NAME]): the path line adds each one's queue after
 * its own items, from the run's snapshots; without them it is as
 * before.  One segment is stopped in the access link's queue at 1 ms:
 * the initial window of 10 leaves at once and the first is on the wire.
 */
static void
test_path_line_named_links(void **state)
{
	struct sim *sim = helper_sim(
		"[simulation]\nduration = 1s\n"
		"[link access]\nrate = 1Mbit/s\ndelay = 1ms\n"
		"[flow f]\npath = access, link\nwrite_total = 10KiB\n");
	struct link_snapshot l, named[1];
	struct flow_snapshot f;
	struct numbers_view v;
	struct rect r = {0, 0, 1, 118};
	struct grid g;
	char text[1024], want[64];

	(void)state;
	sim_run_until(sim, 1000000);
	sim_flow_snapshot(sim, 0, &f);
	sim_link_snapshot(sim, &l);
	sim_link_snapshot_id(sim, 1, &named[0]);
	assert_true(named[0].queue_packets > 1);
	memset(&v, 0, sizeof v);
	v.flow = &f;
	v.link = &l;
	v.readers = 1;
	v.n_flows = 1;
	grid_init(&g, 1, 120);
	numbers_path_line(&g, &r, &v);
	row_text(&g, 0, text, sizeof text);
	assert_null(strstr(text, "link access"));
	v.config = sim_scenario(sim);
	v.named_links = named;
	v.n_named_links = 1;
	numbers_path_line(&g, &r, &v);
	row_text(&g, 0, text, sizeof text);
	snprintf(want, sizeof want, "not finished  link access %llu pkt",
		 (unsigned long long)named[0].queue_packets);
	assert_non_null(strstr(text, want));
	grid_free(&g);
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_order),
		cmocka_unit_test(test_limit_windows),
		cmocka_unit_test(test_limit_nagle),
		cmocka_unit_test(test_jain),
		cmocka_unit_test(test_rate_window),
		cmocka_unit_test(test_rate_window_fixed_memory),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_dropped_and_resent_bytes),
		cmocka_unit_test(test_seq_text),
		cmocka_unit_test(test_seq_text_rule),
		cmocka_unit_test(test_ruler_seq),
		cmocka_unit_test(test_ruler_fixed_scale),
		cmocka_unit_test(test_recovery_citations),
		cmocka_unit_test(test_singular_sentences),
		cmocka_unit_test(test_pipeline_marks),
		cmocka_unit_test(test_fold_says_latest),
		cmocka_unit_test(test_chart_unscaled),
		cmocka_unit_test(test_path_line_named_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
