/*
 * player.h: the simulation behind `tcpsim play`, without a terminal.
 *
 * A player owns a struct sim built from the scenario, watches it (chart
 * history, narration, the windows carried by ACKs in flight, whether a
 * producer is shedding), drives it forward in time or one event at a time,
 * applies the teacher's live changes and can go back.
 *
 * Going back: the simulator is deterministic but cannot run backwards, so
 * the player keeps a log of every live change with the exact state it was
 * applied in (events run, simulated time) and goes back by building a
 * fresh sim and running it forward again, applying each logged change at
 * the same state as the first time.  That is exact by construction: the
 * same scenario, the same events in the same order, the same calls.
 * Stepping forward again replays the later changes of the log too, like a
 * recording; a new change made after going back replaces the rest of the
 * log (the future is rewritten), as in an editor's undo history.
 *
 * Nothing here knows about curses or wall-clock time (play.c does), so
 * the tests drive a player directly.
 */
#ifndef TCPSIM_PLAYER_H
#define TCPSIM_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario/scenario.h"
#include "sim/sim.h"

struct screen_model;

/* One live change and the state it was applied in. */
struct player_change {
	uint64_t events;	     /* sim_event_count() when applied */
	int64_t at_ns;		     /* sim_now() when applied */
	struct timeline_entry entry; /* what changed (at_ns = the same) */
};

struct player;

/*
 * A player for `sc` (validated; copied), at time 0.  `verbose` starts the
 * narration showing every event.  Aborts on no memory.
 */
struct player *player_create(const struct scenario *sc, bool verbose);
void player_destroy(struct player *p);

/* The simulator now (valid until the next call that goes back). */
const struct sim *player_sim(const struct player *p);

/* Narration of every event (slow motion, paused) or only the story. */
void player_set_verbose(struct player *p, bool verbose);

/* Run to simulated time t (or the end), replaying logged changes due. */
void player_run_until(struct player *p, int64_t t_ns);

/* One event forward; false at the end of the run. */
bool player_step(struct player *p);

/* One event back (re-runs from the start); false at the start. */
bool player_step_back(struct player *p);

/* Re-run from the start to `events` events, with the logged changes. */
void player_seek(struct player *p, uint64_t events);

/* Back to time 0, forgetting every live change. */
void player_restart(struct player *p);

/*
 * Apply `e` now (its at_ns is ignored) and log it; the log entries not yet
 * replayed are dropped first.  Refused (returns -1) after the end of the
 * run, where nothing can change any more.
 */
int player_change(struct player *p, const struct timeline_entry *e);

/* The log: entries [0, player_log_applied()) have been applied. */
const struct player_change *player_log(const struct player *p, size_t *n);
size_t player_log_applied(const struct player *p);

/*
 * The live changes of the keys, on the live settings, with a message for
 * the status line ("bulk.read_rate = 2Mbit/s").  Each returns 0, or -1
 * (with a message saying why) when nothing changed.
 *   [ ] : halve / double the read rate of `flow` (unlimited halves from
 *         the link rate; 0 doubles from 1/64 of it; below 1 kbit/s halving
 *         stops the consumer);
 *   { } : halve / double the link rate (1 kbit/s .. 100 Gbit/s);
 *   l   : link loss 0 -> 1% -> 5% -> 0.
 */
int player_scale_read_rate(struct player *p, size_t flow, bool up, char *msg,
			   size_t size);
int player_scale_link_rate(struct player *p, bool up, char *msg, size_t size);
int player_cycle_loss(struct player *p, char *msg, size_t size);

/*
 * Write the scenario as loaded (with --set) plus the live changes applied
 * so far as [timeline] entries at the times they were applied, merged
 * with the file's own timeline, to `out`.  `origin` names the source in
 * the header comment.  Returns 0, or -1 on a write error.
 */
int player_export(const struct player *p, FILE *out, const char *origin);

/*
 * Fill the parts of `m` that come from the simulation: config, time,
 * events, flows, link, packets, the window news of flow `shown`, history
 * and narration.  The pointers stay valid until the next call on `p`.
 */
void player_model(struct player *p, size_t shown, struct screen_model *m);

/* Speed steps of the + and - keys: 1, 2, 5 x 10^k from 0.001 to 10000. */
#define PLAYER_SPEED_MIN 0.001
#define PLAYER_SPEED_MAX 10000.0
double player_speed_faster(double speed);
double player_speed_slower(double speed);

#endif
