/* SPDX-License-Identifier: ISC */
/*
 * vs.h: `tcpsim run A.ini --vs ...`: two runs side by side.
 *
 * B is A changed by every --vs KEY=VALUE (as --set would), or the
 * scenario of --vs FILE (then changed by any --vs KEY=VALUE after it);
 * B always runs with A's seed, so that a difference comes from the
 * change, not from the random draws.  The comparison is built from the
 * summary's figures one by one (summary.h), so it has every number of
 * the JSON summary under the same names.
 */
#ifndef TCPSIM_VS_H
#define TCPSIM_VS_H

#include <stddef.h>
#include <stdio.h>

#include "trace/summary.h"

/* Longest difference text, NUL included ("+123456789012 packets"). */
#define VS_DIFF_BUF 48

/*
 * The difference B - A of figure `name` whose texts (as the JSON summary
 * prints them, "" for null) are `a` and `b`, into `buf` (VS_DIFF_BUF):
 *   - "" when either is "" (nothing to compare) or not a number;
 *   - "same" when both are equal;
 *   - a count (vs_figure_is_count()): the signed difference and the
 *     unit, "-4 packets", "+1448 bytes", "+3";
 *   - any other figure (rates, times, ratios): the change relative to
 *     A with one decimal, "+12.3%"; when A is 0, the signed absolute
 *     difference instead ("+0.25"), a ratio having no meaning.
 * Returns buf.
 */
char *vs_diff_text(char *buf, const char *name, const char *a, const char *b);

/*
 * True for a figure that counts things (events, bytes, packets,
 * segments, retransmits...), whose difference is told as a number of
 * them; `unit` then gets the thing counted ("packets", "bytes", or ""
 * when the name says it: "retransmits").
 */
int vs_figure_is_count(const char *name, const char **unit);

/*
 * The comparison table: a header naming the runs (`a_name`, `b_name`)
 * and what differs (`differs`, one line, may be NULL), then one row per
 * figure "NAME  A  B  DIFFERENCE": the run's, the link's ("link.NAME")
 * and each flow's ("flow.FLOW.NAME"), flows matched by name (a flow of
 * one run only has "-" in the other's column).  Names are escaped.
 */
void vs_write_table(FILE *out, const struct summary *a, const struct summary *b,
		    const char *a_name, const char *b_name,
		    const char *differs);

/* {"a": SUMMARY, "b": SUMMARY, "differs": TEXT}, and a newline. */
void vs_write_json(FILE *out, const struct summary *a, const struct summary *b,
		   const char *differs);

struct cli_args;
struct scenario;

/*
 * Load B (`b`, free it with scenario_free() either way) for A (`a`,
 * loaded from args): its file (A's, or the one --vs FILE names: in
 * *b_file, else NULL), A's seed, A's --set when B is A's file, every
 * --vs KEY=VALUE; validated.  Errors go to `errs`, those of --vs values
 * as "--vs: ...".  Returns 0 or -1.
 */
int vs_load_b(struct scenario *b, const struct cli_args *args,
	      const struct scenario *a, const char **b_file, FILE *errs);

/*
 * What B sets differently, one line: "k=v, k2=v2", or "scenario FILE:
 * [link] rate = 2Mbit/s; ..." for another file.  A new string.
 */
char *vs_differs(const struct cli_args *args, const struct scenario *a,
		 const struct scenario *b, const char *b_file);

#endif
