/* SPDX-License-Identifier: ISC */
/*
 * units.h: values with units, as a teacher writes them in a scenario.
 *
 * Every parser takes the value text (surrounding whitespace is allowed),
 * stores the result and returns 0, or returns -1 and writes one sentence
 * into err (at most errlen bytes with the NUL; nothing if errlen is 0)
 * without a file name, line or key: the caller adds those
 * ("slow.ini:7: rate = 10: ...").  On error the result may be changed.
 *
 * Times, rates and sizes are parsed as exact decimal fixed point, never
 * through floating point: "1.5s" is 1500000000 ns, "1.5Mbit/s" is 1500000
 * bit/s.  When a fraction of the base unit is left ("0.1ns") the value is
 * rounded to the nearest whole unit, halves up; the _rounded variants also
 * say which way (*rounded: +1 when the stored value is above the written
 * one, -1 below, 0 when exact), so that a range check can judge the value
 * as written (keys.c).  A value that does not fit
 * (int64_t nanoseconds; uint64_t below SCENARIO_UNLIMITED for rates and
 * sizes) is "value too large".
 *
 * Units are matched exactly as written in the scenario format ("Mbit/s",
 * not "mbit/s"); a near miss is refused with a suggestion ("did you mean
 * 'Mbit/s'?").  A few other spellings are accepted but never listed or
 * suggested: the SI "kB" for KB, and tc(8)'s bit rates "bit", "kbit",
 * "mbit", "gbit", in any case as tc takes them.  tc's "bps" (bytes per
 * second there) is not among them: "bps" here is bits per second.  A bare
 * number is refused for times, rates and sizes, except 0, which means the same
 * in every unit: units are never guessed. Negative numbers are always refused.
 */
#ifndef TCPSIM_UNITS_H
#define TCPSIM_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Time: ns us ms s min h.  Stored as nanoseconds. */
int units_parse_time(const char *text, int64_t *ns, char *err, size_t errlen);
int units_parse_time_rounded(const char *text, int64_t *ns, int *rounded,
			     char *err, size_t errlen);

/*
 * Rate: bit/s kbit/s Mbit/s Gbit/s, bps kbps Mbps Gbps (SI, 1000),
 * B/s KB/s MB/s GB/s (1000 x 8), KiB/s MiB/s GiB/s (1024 x 8), and tc's
 * bit kbit mbit gbit (any case).  Stored as bits per second.  "unlimited"
 * gives SCENARIO_UNLIMITED (UINT64_MAX) when unlimited_ok, and is refused
 * otherwise.
 */
int units_parse_rate(const char *text, bool unlimited_ok, uint64_t *bps,
		     char *err, size_t errlen);
int units_parse_rate_rounded(const char *text, bool unlimited_ok, uint64_t *bps,
			     int *rounded, char *err, size_t errlen);

/*
 * Size: B KB kB MB GB (1000), KiB MiB GiB (1024).  Stored as bytes.
 * "unlimited" as for rates.
 */
int units_parse_size(const char *text, bool unlimited_ok, uint64_t *bytes,
		     char *err, size_t errlen);
int units_parse_size_rounded(const char *text, bool unlimited_ok,
			     uint64_t *bytes, int *rounded, char *err,
			     size_t errlen);

/*
 * Queue limit: a size, or a whole number of `packets` (or `pkt`), in
 * which case *packets is set to true.
 */
int units_parse_queue(const char *text, uint64_t *limit, bool *packets,
		      char *err, size_t errlen);
int units_parse_queue_rounded(const char *text, uint64_t *limit, bool *packets,
			      int *rounded, char *err, size_t errlen);

/* Count: a whole number with no unit, 0 to UINT64_MAX. */
int units_parse_count(const char *text, uint64_t *count, char *err,
		      size_t errlen);

/* Probability: "0.01" or "1%", from 0 to 1 inclusive. */
int units_parse_probability(const char *text, double *p, char *err,
			    size_t errlen);

/* Switch: on yes true, off no false. */
int units_parse_switch(const char *text, bool *on, char *err, size_t errlen);

/*
 * Choice: one of the words in `choices` (a NULL-terminated list); *index
 * is its position in the list.  The error lists the choices.
 */
int units_parse_choice(const char *text, const char *const *choices, int *index,
		       char *err, size_t errlen);

/*
 * The candidate closest to `word` by edit distance (adjacent swaps count
 * as one edit, case is ignored), or NULL when none is close enough to be
 * a plausible typo.  Ties go to the earlier candidate.  Used for "did you
 * mean" hints on units, choices, keys, sections and flow names.
 */
const char *units_suggest(const char *word, const char *const *candidates,
			  size_t n_candidates);

#endif
