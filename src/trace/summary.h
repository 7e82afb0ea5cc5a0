/* SPDX-License-Identifier: ISC */
/*
 * summary.h: the end-of-run summary, as a table for people and as JSON.
 *
 * summary_collect() reads everything from the simulator once, after the
 * run, into plain data; the writers only format that data, so the tests
 * can build a struct summary by hand and check the output byte by byte.
 * The JSON keys and their meanings are the contract of
 * ../shared/design/cli-and-outputs.md; keys are added, never renamed.
 *
 * Output is deterministic: the same summary gives the same bytes (numbers
 * are printed with the fewest digits that read back as the same double,
 * and never depend on the locale, which tcpsim leaves at "C").
 */
#ifndef TCPSIM_SUMMARY_H
#define TCPSIM_SUMMARY_H

/*
 * The JSON summary's "schema_version": raised when a key is removed or
 * changes meaning (the contract forbids it, so only for a new major
 * layout); new keys keep it.
 */
#define SUMMARY_JSON_SCHEMA_VERSION 1

/* Largest integer every JSON reader holds exactly (2^53 - 1). */
#define SUMMARY_JSON_MAX_EXACT ((UINT64_C(1) << 53) - 1)

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/sim.h"

/* One flow at the end of the run. */
struct summary_flow {
	struct flow_snapshot snap; /* counters; snap.name is this flow's name */
	/*
	 * delivered_bytes * 8 over the time from the flow's start to its
	 * completion, or to the end of the run; 0 if it had no time at all.
	 */
	double goodput_bps;
	bool is_ping;		   /* app = ping: a probe flow */
	struct ping_snapshot ping; /* its probes (is_ping only) */
	struct lag_snapshot lag;   /* records and lag (summary.records) */
};

/* One link at the end of the run, by name (named links: [link NAME]). */
struct summary_link {
	const char *name;	   /* "link" for the default, else NAME */
	struct link_snapshot snap; /* its counters */
};

struct summary {
	const char *scenario;	    /* scenario name as loaded */
	uint64_t seed;		    /* the run's seed */
	int64_t duration_ns;	    /* simulated time actually run */
	uint64_t events;	    /* events the simulator executed */
	struct link_snapshot link;  /* the bottleneck at the end */
	struct summary_flow *flows; /* one per flow, in scenario order */
	size_t n_flows;
	double jain_fairness; /* over the goodputs; NaN if undefined */
	size_t n_tcp_flows;   /* flows that are not probes (app = ping) */
	/* sim_reports_latency(): the latency figures are written too */
	bool latency;
	struct latency_summary sojourn; /* queueing delay (latency only) */
	/* scenario_uses_records(): the records, lag and relay figures are
	 * written too (flows' `lag`, and the relays) */
	bool records;
	struct relay_snapshot *relays; /* n_relays, in scenario order */
	size_t n_relays;
	/* Every link, the default one first, when the scenario names links
	 * ([link NAME]); NULL and 0 otherwise, and the outputs are then
	 * what they were before names. */
	struct summary_link *links;
	size_t n_links;
};

/*
 * Fill `s` from `sim` after the run.  The strings point into the sim:
 * print before sim_destroy().  summary_free() releases the flows array.
 */
void summary_collect(struct summary *s, const struct sim *sim);
void summary_free(struct summary *s);

/* The aligned table of `tcpsim run`. */
void summary_write_table(FILE *out, const struct summary *s);

/* One JSON object, ending with a newline. */
void summary_write_json(FILE *out, const struct summary *s);

/*
 * Jain's fairness index (Σx)² / (n·Σx²): 1 when all x are equal, 1/n when
 * one flow takes everything.  NaN when n = 0 or every x is 0 (undefined).
 */
double summary_jain_fairness(const double *x, size_t n);

/* `s` as a JSON string, quotes included; invalid UTF-8 becomes U+FFFD. */
void summary_json_string(FILE *out, const char *s);

/*
 * The same into dst, NUL-terminated; the length written, the NUL aside.
 * dst must hold SUMMARY_JSON_ESCAPED(strlen(s)) bytes: at most six for
 * each byte of s (\u001f, \ufffd), the quotes and the NUL.
 */
#define SUMMARY_JSON_ESCAPED(n) (6 * (n) + 3)
size_t summary_json_escape(char *dst, const char *s);

/* `v` as a JSON number, or null when it is not finite (JSON has no NaN). */
void summary_json_number(FILE *out, double v);

/*
 * The summary's figures one by one, for tables with one row per run
 * (`tcpsim sweep`, `run --outcome`): every number of the JSON summary,
 * by the name a table column gives it, and its text as the JSON summary
 * prints it.  Three lists, in table order: the run's figures
 * ("duration_s"), the link's (a column "link.utilization"), and each
 * flow's (a column "flow.bulk.goodput_bps").  A figure the JSON prints
 * as null (no RTT sample yet, a flow not completed) has the text "".
 * In a scenario with named links, each entry of the JSON's "links"
 * array has a "name" and the link figures of summary_link_figures, each
 * link's own (summary_links_figure(); a column would be
 * "links.access.utilization"): no key of the JSON is outside these
 * lists.
 */
extern const char *const summary_run_figures[];
extern const char *const summary_link_figures[];
extern const char *const summary_flow_figures[];
extern const size_t summary_n_run_figures;
extern const size_t summary_n_link_figures;
extern const size_t summary_n_flow_figures;

/*
 * The figures a scenario with records or relays adds (summary.records):
 * each flow's ("flow.up.lag_records") and each relay's
 * ("relay.broker.held_records"), as the JSON summary names them; `run
 * --outcome` writes them (sweep.c), and a sweep's table has a column for
 * each.  The lists above stay as they were, so that other scenarios'
 * tables are too.
 */
extern const char *const summary_record_flow_figures[];
extern const char *const summary_relay_figures[];
extern const size_t summary_n_record_flow_figures;
extern const size_t summary_n_relay_figures;

/* Longest text of one figure, NUL included. */
#define SUMMARY_FIGURE_BUF 40

/* The text of figure `i` of a list, into `buf` (SUMMARY_FIGURE_BUF). */
void summary_run_figure(const struct summary *s, size_t i, char *buf);
void summary_link_figure(const struct summary *s, size_t i, char *buf);
/* Figure `i` of summary_link_figures for s->links[link]. */
void summary_links_figure(const struct summary *s, size_t link, size_t i,
			  char *buf);
void summary_flow_figure(const struct summary *s, size_t flow, size_t i,
			 char *buf);
void summary_record_flow_figure(const struct summary *s, size_t flow, size_t i,
				char *buf);
void summary_relay_figure(const struct summary *s, size_t relay, size_t i,
			  char *buf);

#endif
