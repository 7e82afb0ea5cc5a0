/* SPDX-License-Identifier: ISC */
/*
 * test_chain.c: the banner's explanation of backpressure, hop by hop
 * (ui/chain.h), and the pipeline drawn stage by stage (ui/view_stages.h),
 * on figures written here: each case states the situation and what the
 * rules in the headers give for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/chain.h"
#include "ui/glyphs.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/view_stages.h"
#include "ui/view_status.h"
#include "ui/views.h"

#define SEP " <- "

/* producer -> upload -> broker -> download -> consumer */
enum { UPLOAD, DOWNLOAD, OTHER, N_FLOWS };

static struct chain_flow flows[N_FLOWS];
static struct chain_relay relays[1];
static const size_t broker_to[] = {OTHER, DOWNLOAD};
static struct chain chain;

static int
setup(void **state)
{
	(void)state;
	memset(flows, 0, sizeof(flows));
	flows[UPLOAD] = (struct chain_flow){
		.name = "upload",
		.limited_by = LIMITED_ZERO_WINDOW,
		.writer_blocked = true,
		.reader_relay = 0,
		.consumer_rate_bps = UINT64_MAX,
	};
	flows[DOWNLOAD] = (struct chain_flow){
		.name = "download",
		.limited_by = LIMITED_ZERO_WINDOW,
		.writer_blocked = true,
		.reader_relay = CHAIN_NONE,
		.consumer_stopped = true,
	};
	flows[OTHER] = (struct chain_flow){
		.name = "other",
		.limited_by = LIMITED_APP,
		.writer_blocked = false,
		.reader_relay = CHAIN_NONE,
		.consumer_rate_bps = UINT64_MAX,
	};
	relays[0] = (struct chain_relay){
		.name = "broker",
		.full = true,
		.to = broker_to,
		.n_to = 2,
		.process_bps = UINT64_MAX,
	};
	chain = (struct chain){flows, N_FLOWS, relays, 1};
	return 0;
}

/* The stall crosses the relay: the blocked `to` flow is followed, the
 * one that is not blocked (listed first) is passed over. */
static void
test_stall_crosses_relay(void **state)
{
	char buf[256];
	size_t steps;

	(void)state;
	steps = chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf));
	assert_int_equal(steps, 4);
	assert_string_equal(buf, "upload: zero window <- broker: buffer full"
				 " <- download: zero window"
				 " <- consumer stopped");
}

/* A relay that still has room is not the cause: the chain ends at the
 * flow (its window is simply what the relay's socket offers). */
static void
test_relay_with_room_ends_chain(void **state)
{
	char buf[256];

	(void)state;
	relays[0].full = false;
	flows[UPLOAD].limited_by = LIMITED_RWND;
	assert_int_equal(chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf)),
			 1);
	assert_string_equal(buf, "upload: limited by rwnd");
}

/* A full relay whose `to` flows all have room is held by its own
 * processing: stopped, or at a rate, or (unlimited) nothing more. */
static void
test_relay_processing(void **state)
{
	char buf[256];

	(void)state;
	flows[DOWNLOAD].writer_blocked = false;
	relays[0].process_bps = 0;
	assert_int_equal(chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf)),
			 3);
	assert_string_equal(buf, "upload: zero window <- broker: buffer full"
				 " <- broker: processing stopped");
	relays[0].process_bps = 8000000; /* 8 Mbit/s */
	chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf));
	assert_non_null(strstr(buf, "broker processes 8.00 Mbit/s"));
	relays[0].process_bps = UINT64_MAX;
	assert_int_equal(chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf)),
			 2);
}

/* A consumer at a limited rate is named with its rate; a flow limited by
 * its own congestion window is its own story. */
static void
test_consumer_rate_and_own_state(void **state)
{
	char buf[256];

	(void)state;
	flows[DOWNLOAD].consumer_stopped = false;
	flows[DOWNLOAD].consumer_rate_bps = 800000; /* 100 KB/s */
	chain_explain(&chain, DOWNLOAD, SEP, buf, sizeof(buf));
	assert_string_equal(buf, "download: zero window"
				 " <- consumer reads 800 kbit/s");
	flows[DOWNLOAD].limited_by = LIMITED_CWND;
	assert_int_equal(chain_explain(&chain, DOWNLOAD, SEP, buf, sizeof(buf)),
			 1);
	assert_string_equal(buf, "download: limited by cwnd");
}

/* Figures that loop (a relay writing into the flow it reads) end after
 * each flow was seen once, and a small buffer is cut, NUL-terminated,
 * still counting the steps. */
static void
test_loop_and_cut(void **state)
{
	static const size_t back[] = {UPLOAD};
	char buf[256], small[12];
	size_t steps;

	(void)state;
	relays[0].to = back;
	relays[0].n_to = 1;
	steps = chain_explain(&chain, UPLOAD, SEP, buf, sizeof(buf));
	/* upload, broker, then upload is not visited again */
	assert_int_equal(steps, 2);
	relays[0].to = broker_to;
	relays[0].n_to = 2;
	steps = chain_explain(&chain, UPLOAD, SEP, small, sizeof(small));
	assert_int_equal(steps, 4);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "upload: zer", sizeof(small));
}

/* Where `needle` starts in grid row y, in cells, or -1. */
static int
find_in_row(const struct grid *g, int y, const char *needle)
{
	char row[1024];
	const char *at;

	grid_row_text(g, y, row, sizeof(row));
	at = strstr(row, needle);
	if (at == NULL)
		return -1;
	{
		char head[1024];

		memcpy(head, row, (size_t)(at - row));
		head[at - row] = '\0';
		return grid_text_width(head);
	}
}

/*
 * The consumer group of the setup drawn 100 columns wide: producer,
 * upload, broker, then two lanes (other, download).  The middle columns
 * share what the producer (10) and consumer (13) columns leave: three
 * stages deep (flow, relay, flow), each (100 - 23) / 3 = 25 wide.
 */
static void
test_stages_drawn(void **state)
{
	struct stage_flow sf[N_FLOWS] = {0};
	struct stage_relay sr[1] = {
		{.held_bytes = 256 * 1024, .limit = 256 * 1024}};
	struct stages_view v = {&chain, sf, sr, UPLOAD};
	struct rect r = {0, 0, 9, 100};
	struct grid g;
	int w = (100 - 10 - 13) / 3;

	(void)state;
	sf[DOWNLOAD].has_lag = true;
	sf[DOWNLOAD].lag_records = 812;
	grid_init(&g, 9, 100);
	assert_int_equal(view_stages_lanes(&v), 2);
	view_stages(&g, &r, &v, glyphs_get(false));
	assert_int_equal(find_in_row(&g, 0, "PRODUCER"), 0);
	assert_int_equal(find_in_row(&g, 1, "BLOCKED"), 0);
	assert_int_equal(grid_at(&g, 1, 0)->style, UI_STYLE_ALERT);
	assert_int_equal(find_in_row(&g, 0, "upload"), 10);
	assert_int_equal(find_in_row(&g, 0, "broker"), 10 + w);
	/* the relay's full buffer, in the alert style */
	assert_int_equal(find_in_row(&g, 2, "FULL 256K"), 10 + w);
	assert_int_equal(grid_at(&g, 2, 10 + w)->style, UI_STYLE_ALERT);
	/* lane 1: the first `to` flow; lane 2, three rows down, the second,
	 * behind the corner */
	assert_int_equal(find_in_row(&g, 0, "other"), 10 + 2 * w);
	assert_int_equal(find_in_row(&g, 3, "download"), 10 + 2 * w);
	assert_int_equal(find_in_row(&g, 3, "`>"), 10 + 2 * w - 3);
	/* every lane ends at a consumer in the last 13 columns */
	assert_int_equal(find_in_row(&g, 0, "CONSUMER"), 100 - 13);
	assert_int_equal(find_in_row(&g, 3, "CONSUMER"), 100 - 13);
	assert_int_equal(find_in_row(&g, 4, "STOPPED"), 100 - 13);
	assert_int_equal(grid_at(&g, 4, 100 - 13)->style, UI_STYLE_ALERT);
	assert_int_equal(find_in_row(&g, 5, "lag 812 rec"), 100 - 13);
	/* no lag figure where none is known */
	assert_int_equal(find_in_row(&g, 2, "lag"), -1);
	/* a lane that does not fit is left out: 5 rows hold one lane */
	grid_clear(&g);
	r.rows = 5;
	view_stages(&g, &r, &v, glyphs_get(false));
	assert_int_equal(find_in_row(&g, 3, "download"), -1);
	grid_free(&g);
}

/*
 * The banner with a chain: the title (the flow's own state), then the
 * causes.  Where they do not fit, the first and the last step stay (the
 * root cause is what the class must read), the middle elided; where even
 * that does not fit, the title alone.
 */
static void
test_banner_chain(void **state)
{
	const char *causes = " <- proxy: buffer full <- download: zero window"
			     " <- consumer stopped";
	struct banner_view b = {
		.flow_name = "upload",
		.shown = 0,
		.n_flows = 2,
		.limited_by = LIMITED_ZERO_WINDOW,
		.chain = causes,
	};
	char row[512];
	struct grid g;
	struct rect r = {0, 0, 1, 140};

	(void)state;
	grid_init(&g, 1, 140);
	view_banner(&g, &r, &b);
	grid_row_text(&g, 0, row, sizeof(row));
	assert_non_null(strstr(row, "LIMITED BY: ZERO WINDOW <- proxy: buffer "
				    "full <- download: zero window <- "
				    "consumer stopped"));
	/* 80 columns: " upload (1/2, Tab) " and the full chain (92 cells)
	 * do not fit; the short form (51 cells) does */
	grid_resize(&g, 1, 80);
	r.cols = 80;
	view_banner(&g, &r, &b);
	grid_row_text(&g, 0, row, sizeof(row));
	assert_non_null(strstr(
		row, "LIMITED BY: ZERO WINDOW <- ... <- consumer stopped"));
	grid_resize(&g, 1, 50);
	r.cols = 50;
	view_banner(&g, &r, &b);
	grid_row_text(&g, 0, row, sizeof(row));
	assert_non_null(strstr(row, "LIMITED BY: ZERO WINDOW"));
	assert_null(strstr(row, "consumer"));
	/* no chain: the reason, as always */
	b.chain = NULL;
	grid_resize(&g, 1, 140);
	r.cols = 140;
	view_banner(&g, &r, &b);
	grid_row_text(&g, 0, row, sizeof(row));
	assert_non_null(strstr(row, view_limit_reason(LIMITED_ZERO_WINDOW)));
	grid_free(&g);
}

/* v cycles charts, time-sequence, ladder and, with relays only, the
 * pipeline; V goes back. */
static void
test_views_cycle(void **state)
{
	struct views_state s = {.view = VIEWS_LADDER};
	char msg[128];

	(void)state;
	assert_true(views_key(&s, 'v', msg, sizeof(msg)));
	assert_int_equal(s.view, VIEWS_CHARTS);
	s.stages = true;
	s.view = VIEWS_LADDER;
	views_key(&s, 'v', msg, sizeof(msg));
	assert_int_equal(s.view, VIEWS_STAGES);
	assert_non_null(strstr(msg, "pipeline"));
	views_key(&s, 'v', msg, sizeof(msg));
	assert_int_equal(s.view, VIEWS_CHARTS);
	views_key(&s, 'V', msg, sizeof(msg));
	assert_int_equal(s.view, VIEWS_STAGES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_stall_crosses_relay, setup),
		cmocka_unit_test_setup(test_relay_with_room_ends_chain, setup),
		cmocka_unit_test_setup(test_relay_processing, setup),
		cmocka_unit_test_setup(test_consumer_rate_and_own_state, setup),
		cmocka_unit_test_setup(test_loop_and_cut, setup),
		cmocka_unit_test_setup(test_stages_drawn, setup),
		cmocka_unit_test(test_banner_chain),
		cmocka_unit_test(test_views_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
