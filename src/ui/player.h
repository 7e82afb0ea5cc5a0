/* SPDX-License-Identifier: ISC */
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
 * The re-run starts from the newest snapshot of the run before the target
 * rather than from time 0 (player_snapshot_before(), at the end).
 *
 * Bounded driving: what a number of events costs in simulated time has no
 * bound (a fast link with tiny segments runs billions of events per
 * simulated millisecond; a 1 ns sample interval makes every nanosecond an
 * event), so the front end never asks for "time t" or "event n" in one
 * call: player_run_until_bounded() and player_seek_continue() run at most
 * a given number of events and say whether they got there, and play.c
 * sizes that number so that each call takes about a millisecond and keys
 * are answered between calls.
 *
 * Memory does not grow with the flows' sampling either: the charts show
 * at most HISTORY_FLOWS_MAX flows (history.h), so only those are sampled,
 * and the ACK windows remembered per flow share a fixed total.
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
#include "model/sim.h"

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

/* The same, taking what `sc` holds instead of a copy: `sc` is left empty
 * (scenario_free() on it does nothing).  With 10 000 flows the caller's
 * scenario and the player's copy were two of the three copies play kept
 * of every flow's settings. */
struct player *player_create_from(struct scenario *sc, bool verbose);
void player_destroy(struct player *p);

/* The simulator now (valid until the next call that goes back). */
const struct sim *player_sim(const struct player *p);

/*
 * The narration's sequence numbers as on the wire (true), or relative to
 * each flow's ISN as Wireshark shows them (false, the default): the
 * convention of the ruler.  Takes effect for the events narrated after.
 */
void player_set_absolute_seq(struct player *p, bool absolute);

/* Narration of every event (slow motion, paused) or only the story. */
void player_set_verbose(struct player *p, bool verbose);

/* Run to simulated time t (or the end), replaying logged changes due. */
void player_run_until(struct player *p, int64_t t_ns);

/*
 * As player_run_until(), but run at most `max_events` events (a rewind
 * under way, player_seek_begin(), is finished first, within the same
 * budget).  Returns true when the run reached t (or its end); false when
 * the budget ran out first: the clock then stands at the last event run,
 * and another call goes on from there exactly as one unbounded call
 * would have.
 */
bool player_run_until_bounded(struct player *p, int64_t t_ns,
			      uint64_t max_events);

/* One event forward; false at the end of the run.  Finishes a rewind. */
bool player_step(struct player *p);

/* One event back (re-runs from a snapshot or the start); false at the
 * start. */
bool player_step_back(struct player *p);

/* Re-run from the start to `events` events, with the logged changes. */
void player_seek(struct player *p, uint64_t events);

/*
 * The same in pieces, for a front end that must stay responsive:
 * player_seek_begin() starts a fresh run towards `events` events (when a
 * rewind is under way and `events` is not behind it, it only moves the
 * target); player_seek_continue() runs at most `max_events` more of it
 * and returns true once there (or at the end of the run), after which
 * the state is exactly that of player_seek().  Meanwhile the sim shown is
 * the replay as far as it got, and live changes are refused.
 */
void player_seek_begin(struct player *p, uint64_t events);
bool player_seek_continue(struct player *p, uint64_t max_events);

/* A rewind is under way; the event count it goes to. */
bool player_seeking(const struct player *p);
uint64_t player_seek_target(const struct player *p);

/*
 * player_seek_begin() one event before where the run is, or before the
 * target of the rewind under way; false at the start.
 */
bool player_step_back_begin(struct player *p);

/* Back to time 0, forgetting every live change. */
void player_restart(struct player *p);

/*
 * Apply `e` now (its at_ns is ignored) and log it; the log entries not yet
 * replayed are dropped first.  Refused (returns -1) after the end of the
 * run, where nothing can change any more, and during a rewind, whose
 * state is not the one the teacher sees as "now".
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
 * Stopping at an event (lesson_play.h: a lesson's `pause = on EVENT`, the
 * N key).  `fn` is called for every event of the run going forward (not
 * during a rewind), with `nth` = 1 for the first event of its kind since
 * time 0, 2 for the second...; when it returns true, the run stops right
 * after the simulator event that emitted it, the clock at that event's
 * time, as if the budget of the call had run out there
 * (player_run_until_bounded() returns false).  player_stopped() says
 * whether the last call stopped so.  NULL: no stops, and no cost.
 */
typedef bool player_stop_fn(void *ctx, const struct trace_event *ev,
			    uint64_t nth);
void player_set_stop(struct player *p, player_stop_fn *fn, void *ctx);
bool player_stopped(const struct player *p);

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

/*
 * Going back from snapshots: a rewind starts from the newest snapshot
 * kept at or before the state it goes to, instead of from time 0 (see
 * player.c).  The event count a rewind to `events` would start from; 0
 * when it would re-run from time 0.  TCPSIM_PLAY_NO_SNAPSHOTS in the
 * environment when the player is created turns snapshots off.
 */
uint64_t player_snapshot_before(const struct player *p, uint64_t events);

/*
 * The sizes that decide where the sim lives (player.c, the snapshots'
 * comment): snapshots are taken while the sim takes at most `sim_max`
 * bytes, or `switch_max` for a scenario of more than `many_flows` flows
 * (until a run measured small), and a run from time 0 goes into an arena
 * when the one before, outside any, took at most `switch_max`.  64 MiB,
 * 32 MiB and 4096 unless changed here (by the tests, to cross them with
 * small runs).
 */
void player_snapshot_limits(struct player *p, size_t sim_max,
			    size_t switch_max, size_t many_flows);

/*
 * The bytes all snapshots may take (a scenario of many flows: 1 KiB a
 * flow, when that is less): 64 MiB unless changed here (by the tests, to
 * cross the rule that packs a sim when fewer than two plain copies of it
 * fit).  And the bytes they take now.
 */
void player_snapshot_budget(struct player *p, size_t bytes);
size_t player_snapshots_bytes(const struct player *p);

/*
 * Whether snapshots of a sim bigger than `sim_max`, of one of which
 * fewer than two plain copies fit the budget, and of a scenario of more
 * than `many_flows` flows, are packed (util/pack.h; then such a scenario
 * is not on trial).  On in a build with libzstd unless turned off here
 * (by the tests, to reach the rules for a build without).
 */
void player_snapshot_packing(struct player *p, bool on);
/* Snapshots held packed. */
size_t player_snapshots_packed(const struct player *p);

/*
 * Going back in time (the g key): back to the newest snapshot taken
 * before `t_ns`, or to time 0, from where player_run_until_bounded(p,
 * t_ns, ...) gets to t exactly as a run from time 0 would.
 */
void player_seek_time_begin(struct player *p, int64_t t_ns);

#endif
