/* SPDX-License-Identifier: ISC */
/*
 * events.h: the event CSV (`tcpsim run --events FILE`).
 *
 * The header row on line 1 ('#' lines first only with run --csv-comments,
 * as in the time-series CSV), then one
 * row per trace_event in simulated-time order:
 *   time_s,flow,where,event,seq,ack,len,win,detail
 * time_s has 9 decimals (the clock's nanoseconds, exactly); flow is the
 * flow's name (empty for an event that belongs to no flow, such as a
 * link timeline change); detail is always quoted, quotes doubled
 * (RFC 4180), so commas in the sentence are safe.
 */
#ifndef TCPSIM_EVENTS_H
#define TCPSIM_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim;

#define EVENTS_HEADER "time_s,flow,where,event,seq,ack,len,win,detail"

struct events_writer;

/* Write the comments and header to `out`; subscribe to `sim`'s events. */
struct events_writer *events_writer_attach(struct sim *sim, FILE *out,
					   bool comments);
/*
 * Rows are kept in the writer and handed to `out` in large blocks (each
 * one at once on a line-buffered stream, a terminal): call
 * events_writer_finish() when the run has ended, before closing `out`,
 * to hand over the last of them.  NULL is allowed.
 */
void events_writer_finish(struct events_writer *w);
/* Free `w` (NULL is allowed); rows not handed over are dropped. */
void events_writer_free(struct events_writer *w);

/*
 * `src` as one quoted CSV field into `dst` (NUL-terminated, truncated to
 * `size`, a truncated field still closed by its quote when size >= 3;
 * an empty string when size < 3).
 * Returns the length written.  2 * strlen(src) + 3 bytes always suffice.
 */
size_t events_csv_quote(char *dst, size_t size, const char *src);

#endif
