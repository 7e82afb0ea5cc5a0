/* SPDX-License-Identifier: ISC */
/*
 * narration.h: the latest events as sentences that say why.
 *
 * Every trace event carries a `detail` sentence; the narration keeps the
 * ones worth reading at the current pace.  At normal speeds the per-packet
 * events (send, deliver, enqueue, ack, app reads and writes) would scroll
 * hundreds of lines a second, so only what changes the story is kept:
 * zero_window, window_update, probe, timeout, fast_retransmit,
 * recovery_exit, timeline (live changes included), drop, and the producer
 * blocking or shedding.  In slow motion or when paused (stepping one event
 * at a time) every event is kept.
 *
 * Consecutive events of the same kind and flow fold into one line with a
 * repeat count ("(x12)") showing the latest sentence: a closed window
 * acknowledged probe after probe, or a slow reader's stream of window
 * updates, stays one readable line.
 */
#ifndef TCPSIM_NARRATION_H
#define TCPSIM_NARRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"
#include "ui/grid.h"
#include "ui/layout.h"

/* Lines kept; more than any screen shows. */
#define NARRATION_LINES 128

struct narration_line {
	int64_t time_ns;      /* of the latest event folded in */
	uint32_t flow;	      /* or TRACE_NO_FLOW */
	enum trace_kind kind; /* what happened */
	bool producer;	      /* an app_write that blocked or shed */
	unsigned repeat;      /* events folded into this line, >= 1 */
	bool varied;	      /* their sentences differ: the line shows
				 the latest of them, and says so */
	char detail[200];     /* the latest sentence */
};

struct narration {
	struct narration_line lines[NARRATION_LINES]; /* a ring */
	size_t next;	  /* where the next line goes */
	size_t count;	  /* lines held, at most NARRATION_LINES */
	uint64_t started; /* lines begun since cleared */
	uint64_t untold;  /* `started` at the newest line that took an event
			     untold (narration_add_untold()), or 0 */
};

/* Is `ev` worth a line?  `verbose`: slow motion or paused. */
bool narration_wants(const struct trace_event *ev, bool verbose);

void narration_clear(struct narration *n);

/* Add `ev` (already filtered), folding it into the last line if alike. */
void narration_add(struct narration *n, const struct trace_event *ev);

/*
 * What events fold by (kind, flow, the producer's trouble or not): two
 * narrated one after the other are one line when their keys are equal.
 */
static inline uint64_t
narration_key(const struct trace_event *ev)
{
	bool producer = ev->kind == TRACE_APP_WRITE && ev->len == 0;

	return (uint64_t)ev->kind << 33 | (uint64_t)producer << 32 | ev->flow;
}

/*
 * Add `ev` as narration_add() does, without reading its sentence (which
 * need not be written): for a replay that knows newer lines will push
 * this one out before anyone reads it.  Until then the line shows no
 * sentence, and narration_untold() says so.
 */
void narration_add_untold(struct narration *n, const struct trace_event *ev);

/* Does a line held take an event added untold? */
bool narration_untold(const struct narration *n);

/*
 * The lines a story told in full (verbose: every event narrated) begins,
 * counted whichever way it is told: how many lines a replay told in full
 * will have begun by the event it goes to.
 */
struct narration_tally {
	uint64_t lines; /* lines begun */
	uint64_t last;	/* narration_key() of the last event, or UINT64_MAX
			   before any */
};

static inline void
narration_tally_clear(struct narration_tally *t)
{
	t->lines = 0;
	t->last = UINT64_MAX;
}

static inline void
narration_tally_add(struct narration_tally *t, const struct trace_event *ev)
{
	uint64_t key = narration_key(ev);

	if (key != t->last) {
		t->lines++;
		t->last = key;
	}
}

/* The i-th newest line (0 = newest), or NULL. */
const struct narration_line *narration_get(const struct narration *n, size_t i);

/*
 * Break `text` into lines of at most `width` characters at spaces (a word
 * longer than a line is cut).  starts[i] and lens[i] are byte offsets;
 * returns the number of lines, at most max.
 */
size_t narration_wrap(const char *text, int width, size_t *starts, size_t *lens,
		      size_t max);

/*
 * The pane: a title row, then the newest lines at the bottom, each
 * "12.345s bulk: sentence" wrapped with its continuation indented under
 * the sentence.  Flow names are shown only when there are several flows.
 */
void narration_draw(struct grid *g, const struct rect *r,
		    const struct narration *n, const char *const *flow_names,
		    size_t n_flows, bool verbose);

#endif
