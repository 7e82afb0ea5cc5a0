/* SPDX-License-Identifier: ISC */
/* helpers.c: see helpers.h. */
#include "helpers.h"

#include <math.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

void
helper_scenario(struct scenario *sc)
{
	scenario_init_defaults(sc);
	snprintf(sc->flows[0].name, sizeof(sc->flows[0].name), "f");
}

void
helper_scenario_text(struct scenario *sc, const char *text)
{
	int rc = scenario_load_string(sc, "test.ini", text, strlen(text),
				      stderr);

	assert_int_equal(rc, 0);
	assert_int_equal(scenario_validate(sc, stderr), 0);
}

struct sim *
helper_sim(const char *text)
{
	struct scenario sc;
	struct sim *sim;

	helper_scenario_text(&sc, text);
	sim = sim_create(&sc);
	scenario_free(&sc);
	return sim;
}

static void
recorder_on_event(void *ctx, const struct sim *sim,
		  const struct trace_event *ev)
{
	struct recorder *rec = ctx;

	(void)sim;
	if (rec->n == rec->cap) {
		rec->cap = rec->cap ? 2 * rec->cap : 1024;
		rec->ev = realloc(rec->ev, rec->cap * sizeof(*rec->ev));
		assert_non_null(rec->ev);
	}
	rec->ev[rec->n++] = *ev;
}

void
recorder_attach(struct sim *sim, struct recorder *rec)
{
	struct sim_observer obs = {.on_event = recorder_on_event, .ctx = rec};

	memset(rec, 0, sizeof(*rec));
	sim_add_observer(sim, &obs);
}

static bool
recorder_wants(void *ctx, const struct trace_event *ev)
{
	struct recorder *rec = ctx;

	rec->asked++;
	return rec->wants(ev);
}

void
recorder_attach_wanting(struct sim *sim, struct recorder *rec,
			bool (*wants)(const struct trace_event *ev))
{
	struct sim_observer obs = {.on_event = recorder_on_event,
				   .wants_detail = recorder_wants,
				   .ctx = rec};

	memset(rec, 0, sizeof(*rec));
	rec->wants = wants;
	sim_add_observer(sim, &obs);
}

void
recorder_free(struct recorder *rec)
{
	free(rec->ev);
	memset(rec, 0, sizeof(*rec));
}

size_t
recorder_count(const struct recorder *rec, enum trace_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < rec->n; i++)
		if (rec->ev[i].kind == kind)
			n++;
	return n;
}

bool
helper_within(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fabs(b);
}

uint64_t
helper_delivered_between(struct sim *sim, int64_t t0, int64_t t1)
{
	struct flow_snapshot s0, s1;

	sim_run_until(sim, t0);
	sim_flow_snapshot(sim, 0, &s0);
	sim_run_until(sim, t1);
	sim_flow_snapshot(sim, 0, &s1);
	return s1.delivered_bytes - s0.delivered_bytes;
}
