/* SPDX-License-Identifier: ISC */
/*
 * test_capture.c: the capture's bookkeeping (trace/pcap.c), driven
 * through the library: which flows it looks at, and when it closes them.
 *
 * The capture closes a flow (FIN, FIN-ACK, ACK) once it has finished and
 * nothing of it is on the way.  It used to look for such flows at every
 * sample by a snapshot of every open flow with a finite write_total: with
 * thousands of flows that was the flows times the samples, whatever the
 * flows did.  It now takes the finished flows from the simulator's list
 * (sim_flows_completed()).  The snapshots are counted through the
 * linker (--wrap=sim_flow_snapshot), and the closes read back from the
 * file with libpcap; nothing here depends on a previous output.
 */
/* libpcap's header needs u_char and u_int (see src/trace/pcap.c). */
#define _DEFAULT_SOURCE

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#if HAVE_PCAP
#include <pcap/pcap.h>
#endif

#include "fixture.h"
#include "helpers.h"
#include "model/sim.h"
#include "trace/outfile.h"
#include "trace/pcap.h"

/* ------------------------------------------------------------------ */
/* sim_flow_snapshot(), counted                                        */
/* ------------------------------------------------------------------ */

void __real_sim_flow_snapshot(const struct sim *sim, size_t flow,
			      struct flow_snapshot *out);
void __wrap_sim_flow_snapshot(const struct sim *sim, size_t flow,
			      struct flow_snapshot *out);

static size_t snapshots;

void
__wrap_sim_flow_snapshot(const struct sim *sim, size_t flow,
			 struct flow_snapshot *out)
{
	snapshots++;
	__real_sim_flow_snapshot(sim, flow, out);
}

#if HAVE_PCAP

/* Run `sim` to its end with a capture into `path`; the snapshots taken
 * from the attach (excluded) to the end of the capture (included). */
static size_t
capture_run(struct sim *sim, const char *path)
{
	struct outfile *of = outfile_open(path, stderr);
	struct pcap_writer *w;
	size_t before;

	assert_non_null(of);
	w = pcap_writer_attach(sim, of, 0, stderr);
	assert_non_null(w);
	before = snapshots;
	sim_run(sim);
	pcap_writer_finish(w, sim);
	before = snapshots - before;
	pcap_writer_free(w);
	assert_int_equal(outfile_commit(of, stderr), 0);
	return before;
}

/* ------------------------------------------------------------------ */
/* Flows that never finish are never looked at                         */
/* ------------------------------------------------------------------ */

/*
 * 40 flows with a finite write_total that no run of a second can write,
 * 1000 samples: no flow finishes, so there is nothing to close and no
 * flow to look at, at a sample, at an ACK or at the end.  (Looking at
 * every open flow at every sample took 40 x 1000 snapshots.)
 */
static void
test_unfinished_flows_not_looked_at(void **state)
{
	struct fixture *fx = *state;
	char *path = fixture_path_in(fx, "long.pcap");
	char text[8192];
	size_t n = 0, i, looked;
	struct sim *sim;

	n += (size_t)snprintf(text + n, sizeof text - n,
			      "[simulation]\nduration = 1s\n"
			      "sample_interval = 1ms\n"
			      "[link]\nrate = 100Mbit/s\ndelay = 5ms\n");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "[flow f%zu]\nwrite_total = 1GB\n", i);
	assert_true(n < sizeof text);
	sim = helper_sim(text);
	looked = capture_run(sim, path);
	assert_int_equal(sim_flows_completed(sim), 0);
#ifndef TCPSIM_DEBUG /* which checks the list against every flow */
	assert_int_equal(looked, 0);
#else
	(void)looked;
#endif
	sim_destroy(sim);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Finished flows close, at a sample in the order of their indices     */
/* ------------------------------------------------------------------ */

#define CLOSING_FLOWS 12

/* The sender's FINs of a capture: flow (from its address, 192.0.2.(1 +
 * flow)) and time, in file order. */
struct fin {
	size_t flow;
	uint64_t ns;
};

static size_t
read_sender_fins(const char *path, struct fin *out, size_t max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, err);
	struct pcap_pkthdr *h;
	const u_char *b;
	size_t n = 0;

	assert_non_null(p);
	while (pcap_next_ex(p, &h, &b) == 1) {
		size_t ihl;

		assert_true(h->caplen >= 20);
		ihl = (size_t)(b[0] & 0x0f) * 4;
		assert_true(h->caplen >= ihl + 14);
		/* sender to receiver (192.0.2.x), FIN set, SYN not */
		if (b[12] != 192 || b[13] != 0 || b[14] != 2 ||
		    (b[ihl + 13] & 0x03) != 0x01)
			continue;
		assert_true(n < max);
		out[n].flow = (size_t)b[15] - 1;
		out[n].ns = (uint64_t)h->ts.tv_sec * 1000000000u +
			    (uint64_t)h->ts.tv_usec;
		n++;
	}
	pcap_close(p);
	return n;
}

/*
 * Flows that finish by their consumer's last read, which sends nothing
 * the capture sees: their FINs come at the next sample.  Flow i writes
 * 2 KB less than flow i - 1 (40 ms of its reader), so the later flows
 * finish first, several between two samples 300 ms apart, the reverse of
 * the order of their indices: each flow that finished has its FIN,
 * once, at or after its completion; and FINs at one time come in the
 * order of the flows' indices, as a sample looking at every flow in turn
 * would write them.
 */
static void
test_finished_flows_close_in_index_order(void **state)
{
	struct fixture *fx = *state;
	char *path = fixture_path_in(fx, "close.pcap");
	char text[8192];
	struct fin fins[4 * CLOSING_FLOWS];
	size_t n = 0, i, n_fins, seen[CLOSING_FLOWS] = {0}, ties = 0;
	struct sim *sim;

	n += (size_t)snprintf(text + n, sizeof text - n,
			      "[simulation]\nduration = 20s\n"
			      "sample_interval = 300ms\n"
			      "[link]\nrate = 100Mbit/s\ndelay = 5ms\n");
	for (i = 0; i < CLOSING_FLOWS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "[flow f%zu]\nwrite_total = %zuKB\n"
				      "read_rate = 400kbit/s\n"
				      "read_size = 1KiB\n",
				      i, 100 + 2 * (CLOSING_FLOWS - i));
	/* one that does not finish: never closed */
	n += (size_t)snprintf(text + n, sizeof text - n,
			      "[flow slow]\nwrite_total = 1GB\n");
	assert_true(n < sizeof text);
	sim = helper_sim(text);
	(void)capture_run(sim, path);
	assert_int_equal(sim_flows_completed(sim), CLOSING_FLOWS);

	n_fins = read_sender_fins(path, fins, 4 * CLOSING_FLOWS);
	assert_int_equal(n_fins, CLOSING_FLOWS);
	for (i = 0; i < n_fins; i++) {
		struct flow_snapshot fs;

		assert_true(fins[i].flow < CLOSING_FLOWS);
		seen[fins[i].flow]++;
		sim_flow_snapshot(sim, fins[i].flow, &fs);
		assert_true(fs.completion_ns >= 0);
		assert_true(fins[i].ns >= (uint64_t)fs.completion_ns);
		if (i > 0 && fins[i].ns == fins[i - 1].ns) {
			assert_true(fins[i].flow > fins[i - 1].flow);
			ties++;
		}
	}
	for (i = 0; i < CLOSING_FLOWS; i++)
		assert_int_equal(seen[i], 1);
	/* the order at one sample was put to the test */
	assert_true(ties > 0);
	sim_destroy(sim);
	free(path);
}

#endif /* HAVE_PCAP */

#if !HAVE_PCAP
/* A build without libpcap writes no capture: nothing to check. */
static void
test_unfinished_flows_not_looked_at(void **state)
{
	(void)state;
	skip();
}

static void
test_finished_flows_close_in_index_order(void **state)
{
	(void)state;
	skip();
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_unfinished_flows_not_looked_at, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_finished_flows_close_in_index_order, fixture_setup,
			fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
