/* SPDX-License-Identifier: ISC */
/*
 * vs_play.h: `tcpsim play A.ini --vs ...`: a second run, B, beside the
 * one play shows.
 *
 * B is a player of its own (player.h) that follows A on A's clock: after
 * every frame, step or rewind of A, B runs (or goes back and runs) to
 * A's simulated time, so both show the same instant.  B's work is
 * bounded per frame like A's: while B catches up (its events cost more
 * than A's, or it re-runs from a snapshot), A does not animate further
 * and B's status line says so.  The live knobs
 * ([ ] { } l) and r act on both.  A's screen is above B's, each banner
 * tagged "A" or "B", B's status line saying what differs.  From 30 rows
 * each gets 12 (banner, pipeline, numbers, ruler, status) and the rows
 * below hold the charts overlaid: goodput, cwnd and queue, A and B as
 * two series keyed in the title.  Below 30 rows each gets half, the
 * layout drops what does not fit as on a small terminal, and B's status
 * says the charts need 30 rows.  Below 2 x LAYOUT_MIN_ROWS rows only A
 * is shown, and its status line says why.
 */
#ifndef TCPSIM_VS_PLAY_H
#define TCPSIM_VS_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct grid;
struct scenario;
struct screen_model;
struct vs_play;

/*
 * B's player for the validated scenario `b` (kept by the caller while it
 * plays), named `label` on screen (copied).
 */
struct vs_play *vs_play_create(const struct scenario *b, const char *label,
			       bool verbose);
void vs_play_destroy(struct vs_play *v); /* NULL is allowed */

/* Bring B to simulated time `t_ns` (back too: a re-run from its last
 * snapshot before t_ns, or from the start, with B's live changes). */
void vs_play_sync(struct vs_play *v, int64_t t_ns, bool verbose);

/*
 * The same in pieces: at most `max_events` events of B, true once B is at
 * t_ns (or its run is over).  Until then vs_play_behind() is true and,
 * once it has been for three frames, B's status line says that B is
 * catching up; the next call goes on (to a new t_ns, back or forth, as
 * well).
 */
bool vs_play_sync_bounded(struct vs_play *v, int64_t t_ns, bool verbose,
			  uint64_t max_events);
bool vs_play_behind(const struct vs_play *v); /* NULL: false */

/* B's player (for the tests). */
struct player *vs_play_player(struct vs_play *v);

/* After A's key: the same knob on B ([ ] on flow `shown`), r too. */
void vs_play_key(struct vs_play *v, int key, size_t shown);

/*
 * Redraw `g` as A's screen (the model `a`, already drawn full size by the
 * caller) above B's.
 */
void vs_play_draw(struct vs_play *v, struct grid *g,
		  const struct screen_model *a);

#endif
