/* SPDX-License-Identifier: ISC */
/*
 * helpers.h: shared pieces of the model tests: scenarios built in code,
 * an observer that records every trace event, and small numeric helpers.
 */
#ifndef TCPSIM_TEST_HELPERS_H
#define TCPSIM_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "model/sim.h"

/* Every trace event of a run, in order. */
struct recorder {
	struct trace_event *ev;
	size_t n, cap;
	/* recorder_attach_wanting(): the events whose sentence it reads,
	 * and how many times the engine asked */
	bool (*wants)(const struct trace_event *ev);
	size_t asked;
};

/* A scenario with every default and one flow named "f". */
void helper_scenario(struct scenario *sc);

/* Parse scenario text (aborts the test on an error). */
void helper_scenario_text(struct scenario *sc, const char *text);

/* A simulator for scenario text. */
struct sim *helper_sim(const char *text);

void recorder_attach(struct sim *sim, struct recorder *rec);
/* The same, reading the sentence only of the events `wants` says
 * (sim_observer.wants_detail). */
void recorder_attach_wanting(struct sim *sim, struct recorder *rec,
			     bool (*wants)(const struct trace_event *ev));
void recorder_free(struct recorder *rec);
size_t recorder_count(const struct recorder *rec, enum trace_kind kind);

/* |a - b| <= tol * |b| */
bool helper_within(double a, double b, double tol);

/* Bytes of payload delivered to flow 0 between t0 and t1 (runs the sim). */
uint64_t helper_delivered_between(struct sim *sim, int64_t t0, int64_t t1);

#endif
