/* SPDX-License-Identifier: ISC */
/* player.c: the simulation behind `tcpsim play` (see player.h). */
#include "ui/player.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_write.h"
#include "sim/time.h"
#include "trace/format.h"
#include "ui/history.h"
#include "ui/narration.h"
#include "ui/numbers.h"
#include "ui/pktlog.h"
#include "ui/screen.h"
#include "ui/view_pipeline.h"
#include "util/arena.h"
#include "util/pack.h"
#include "util/xmalloc.h"

/*
 * ACK windows remembered per flow, for the arrow on the link: as many as
 * a flow can have in flight, within a total for all flows (8 MiB), so
 * that 10000 flows do not take 655 MB.  With that many flows a flow's
 * ring is shorter, and its arrow is left out when more of its ACKs are
 * in flight than the ring remembers (player_window_news()).
 */
#define ACK_RING_MAX   8192
#define ACK_RING_MIN   64
#define ACK_RING_TOTAL (UINT64_C(1) << 20)

/* Drops remembered for the marks on the link (all flows). */
#define DROP_MARKS 16

/* What the observer keeps per flow. */
struct player_flow {
	uint64_t prev_delivered; /* delivered_bytes at the last sample */
	int64_t prev_sample_ns;	 /* time of the last sample, -1 before */
	uint64_t dropped_writes; /* dropped_writes_bytes last seen */
	bool shedding;		 /* the last write was shed */
	uint64_t acks_sent;	 /* ACKs sent in all (ring position) */
};

struct player {
	struct scenario base; /* as loaded, with --set: the restart point */
	struct sim *sim;      /* the run now */
	struct history *history;
	struct narration narration;
	bool verbose;	   /* narrate every event */
	bool absolute_seq; /* narrate wire sequence numbers, not relative */

	struct player_change *log; /* live changes, in the order applied */
	size_t n_log, cap_log;
	size_t applied; /* log entries applied to this sim */

	bool seeking;	      /* a rewind (player_seek_begin) is under way */
	uint64_t seek_target; /* the event count it goes to */

	struct player_flow *flows; /* per flow observer state */
	size_t n_sampled;	   /* flows sampled: the ones charted */
	struct drop_mark drops[DROP_MARKS];	/* the latest drops, a ring */
	size_t n_drops;				/* drops seen in all */
	struct drop_mark drops_out[DROP_MARKS]; /* oldest first, for the
						   model */
	struct numbers_rate *goodput; /* per sampled flow: delivered bytes
					 over the last second, for the
					 GOODPUT headline */
	uint64_t *ack_win;	      /* per flow, a ring of ack_ring windows */
	size_t ack_ring;	      /* entries of each flow's ring */

	/* storage behind player_model() */
	struct flow_snapshot *snaps;
	bool *shedding;
	struct lag_snapshot lag;     /* the shown flow's (records, relays) */
	struct relay_snapshot relay; /* the relay reading it */
	struct lag_snapshot *lags;   /* per flow, with relays (the stages) */
	struct relay_snapshot *relay_snaps; /* per relay */
	size_t n_relays;		    /* relays in the scenario */
	struct link_snapshot link;
	/* named links ([link NAME]): link id i + 1 is named_links[i] */
	struct link_snapshot named_links[SCENARIO_MAX_LINKS];
	struct packet_view *packets;
	size_t cap_packets;
	struct seq_range *sacked; /* the shown flow's SACKed ranges */
	size_t cap_sacked;	  /* entries allocated */
	struct seq_range *lost;	  /* its holes presumed lost */
	size_t cap_lost;	  /* entries allocated */

	/* stopping at an event (player_set_stop) */
	player_stop_fn *stop_fn; /* or NULL */
	void *stop_ctx;		 /* its argument */
	bool stop_pending;	 /* it asked to stop in this call */
	uint64_t kind_count[TRACE_KIND_COUNT]; /* events of each kind since
						  time 0 */

	/* going back from snapshots (player_ckpt_*, below) */
	bool ckpt_allowed;	   /* TCPSIM_PLAY_NO_SNAPSHOTS unset */
	size_t ckpt_sim_max;	   /* CKPT_SIM_MAX, CKPT_SWITCH_MAX unless */
	size_t ckpt_switch_max;	   /* player_snapshot_limits() said */
	struct arena *arena;	   /* the sim's memory, or NULL: going back
				      re-runs from time 0 */
	size_t ckpt_many_flows;	   /* CKPT_MANY_FLOWS unless said */
	size_t ckpt_bytes;	   /* CKPT_BYTES unless said */
	bool arena_measured;	   /* entered after a run outside measured
				      small: no trial */
	bool arena_outgrown;	   /* it grew past that: the next run from
				      time 0 is made outside it */
	bool ckpt_packing;	   /* big sims' snapshots packed (pack.h):
				      pack_available() unless said */
	double pack_ratio;	   /* the last packed sim's bytes per packed
				      byte: the next one's estimate */
	struct player_ckpt *ckpts; /* snapshots, by event count */
	size_t n_ckpts;		   /* snapshots held */
	uint64_t ckpt_next;	   /* event count of the next one */
	uint64_t narr_since;	   /* event count since which the narration has
				      been told as verbose and absolute_seq say */
	struct pktlog *pktlog;	   /* the charted flows' latest packets, for the
				      packet views (views.h) */

	/* the lines of the story told in full (player_untold(), below) */
	struct narration_tally told; /* begun since time 0 */
	uint64_t told_before;	     /* told.lines before the events of... */
	uint64_t told_at;	     /* ...the newest event count traced */
	uint64_t untold_until; /* while rewinding: events of lines up to this
				  (told.lines) go untold; 0 none */
};

/* ------------------------------------------------------------------ */
/* Snapshots for going back                                            */
/* ------------------------------------------------------------------ */

/*
 * Going back re-runs from the last snapshot before the target instead of
 * from time 0: late in a long run that is the difference between seconds
 * and milliseconds per key.  The sim lives in an arena (util/arena.h), so
 * a snapshot of it is a copy of the arena's bytes, pointers and all; the
 * observer's state beside it is copied field by field.  A snapshot is the
 * state between two events, with the log applied up to `applied`: from
 * there player_advance() runs exactly as it would have from time 0.
 *
 * One is taken every CKPT_EVENTS_MIN events or more (more when the sim is
 * big, so that copying costs little beside running: a byte copied is
 * worth about 1/32 of an event), and at most CKPT_MAX of them within
 * CKPT_BYTES, the closest pair thinned first: the newest one is kept, so
 * that stepping back at the front of the run replays at most one interval.
 * Those are events of a plain run, which trace CKPT_ROWS_PER_EVENT rows
 * each (a segment sent, delivered, acknowledged): a replay costs by the
 * row, and with heavy loss and SACK an event can resend thousands of
 * segments (four 256 MiB flows at 10% loss trace ten rows an event, and
 * a step back replayed about a million of them: 1.2 s).  So where the
 * events since the snapshot before traced more rows each, the interval is
 * shorter in proportion.  It is decided as a snapshot is taken, from the
 * counts then, and kept with it: where snapshots fall depends on the run
 * alone, never on the clock or on how the run got there.
 *
 * Whether the sim lives in an arena is decided at each run from time 0.
 * The first is always in one (its allocator is about as compact as
 * malloc()'s, util/arena.c), and keeps snapshots while the sim takes at
 * most CKPT_SIM_MAX, whatever the worst case of memory_estimate.h says
 * (it can be ten times what a run takes: every window at its largest at
 * once).  A scenario of more than CKPT_MANY_FLOWS flows is on trial: its
 * arena keeps snapshots only while within CKPT_SWITCH_MAX, which a
 * thousand flows are and ten thousand are not, because there a snapshot
 * would double the memory per flow that play is held to (bench/play.sh).
 * An arena that grows past its size takes no more snapshots and lets go
 * of those it has, and the next run from time 0 is made outside it.  A
 * run made outside is measured as it is destroyed, and the re-run from
 * time 0 that a step back starts is made in an arena again (no longer on
 * trial) when it took at most CKPT_SWITCH_MAX.  The first snapshot falls
 * due after an interval for the sim's size when it was made (a sim of
 * ten thousand flows takes 26 MB before its first event), like the later
 * ones.
 *
 * Packed (util/pack.h, where the build has it), a snapshot of a sim is
 * five to six times smaller, and costs ten times more to take.  So the
 * snapshots of a scenario of more than CKPT_MANY_FLOWS flows are packed,
 * which is then not on trial (its snapshots no longer double its memory)
 * and holds them to CKPT_FLOW_BYTES a flow in all; and so are those of a
 * sim past CKPT_SIM_MAX, which then keeps them up to CKPT_PACKED_SIM_TIMES
 * that size instead of outgrowing its arena; and those of a sim of which
 * fewer than CKPT_PLAIN_MIN plain copies fit the budget: plain, the
 * newest alone would be kept, and a step back past it would re-run from
 * time 0 (the 40 MB sim of the heavy SACK case above packs ten times
 * smaller: sixteen fit).  Packed snapshots keep the interval of
 * copied ones (at half the rate, a step back from 3 s of ten thousand
 * flows took 910 ms instead of 230: bench/RESULTS.md).
 */
#define PLAYER_ARENA_RESERVE ((size_t)1 << 38) /* address space only */
#define CKPT_EVENTS_MIN	     (UINT64_C(1) << 18)
#define CKPT_MAX	     32
#define CKPT_BYTES	     ((size_t)64 << 20)
#define CKPT_SIM_MAX	     (UINT64_C(64) << 20)
#define CKPT_SWITCH_MAX	     ((size_t)32 << 20)
#define CKPT_MANY_FLOWS	     4096 /* x 8 KiB a flow: CKPT_SWITCH_MAX */
#define CKPT_FLOW_BYTES	      ((size_t)1024)
#define CKPT_PACKED_SIM_TIMES 16
#define CKPT_PLAIN_MIN	      2
#define CKPT_ROWS_PER_EVENT   2
/* Before the first packed snapshot, a guess on the low side: 5-6x. */
#define CKPT_PACK_RATIO 4.0

struct player_ckpt {
	uint64_t events;	      /* sim_event_count() when taken */
	int64_t at_ns;		      /* sim_now() then */
	size_t applied;		      /* log entries applied then */
	void *sim;		      /* the arena's bytes, or them packed */
	size_t sim_size;	      /* their length */
	size_t packed_size;	      /* sim's length packed, or 0: kept
					 as they are */
	size_t bytes;		      /* all it takes, for the budget */
	uint64_t interval;	      /* events from it to the next one:
					 player_ckpt_interval() when taken */
	struct player_flow *flows;    /* the observer's state, copied */
	struct numbers_rate *goodput; /* n_sampled of them */
	uint64_t *ack_win;	      /* n_flows * ack_ring windows */
	size_t ack_packed_size;	      /* packed as sim is, or 0 */
	struct history *history;      /* the charts */
	struct pktlog *pktlog;	      /* the packet views' records, */
	void *pktlog_packed;	      /* or them packed as sim is */
	size_t pktlog_packed_size;
	struct narration narration;   /* the story so far */
	bool verbose;		      /* how it was told */
	bool absolute_seq;	      /* (the same) */
	uint64_t narr_since;	      /* and since when */
	struct drop_mark drops[DROP_MARKS];
	size_t n_drops;
	uint64_t kind_count[TRACE_KIND_COUNT];
	/* the player's lines of the story told in full, then */
	struct narration_tally told;
	uint64_t told_before, told_at;
};

static void
player_ckpt_init(struct player *p)
{
	/* (no arena, and going back re-runs from time 0, when there is no
	 * address space to spare) */
	p->ckpt_allowed = getenv("TCPSIM_PLAY_NO_SNAPSHOTS") == NULL;
	p->ckpt_sim_max = CKPT_SIM_MAX;
	p->ckpt_switch_max = CKPT_SWITCH_MAX;
	p->ckpt_many_flows = CKPT_MANY_FLOWS;
	p->ckpt_bytes = CKPT_BYTES;
	p->ckpt_packing = pack_available();
	p->pack_ratio = CKPT_PACK_RATIO;
	if (p->ckpt_allowed)
		p->arena = arena_create(PLAYER_ARENA_RESERVE);
	p->ckpts = xcalloc(CKPT_MAX + 1, sizeof *p->ckpts);
	p->ckpt_next = CKPT_EVENTS_MIN;
}

static void
player_ckpt_release(struct player_ckpt *c)
{
	if (c->packed_size > 0)
		pack_free(c->sim, c->packed_size);
	else
		free(c->sim);
	free(c->flows);
	free(c->goodput);
	if (c->ack_packed_size > 0)
		pack_free(c->ack_win, c->ack_packed_size);
	else
		free(c->ack_win);
	history_free(c->history);
	pktlog_free(c->pktlog);
	pack_free(c->pktlog_packed, c->pktlog_packed_size);
}

/* Forget the snapshots taken at `events` events or later. */
static void
player_ckpt_drop(struct player *p, uint64_t events)
{
	while (p->n_ckpts > 0 && p->ckpts[p->n_ckpts - 1].events >= events)
		player_ckpt_release(&p->ckpts[--p->n_ckpts]);
}

static void
player_ckpt_free(struct player *p)
{
	player_ckpt_drop(p, 0);
	free(p->ckpts);
	if (p->arena != NULL)
		arena_destroy(p->arena); /* the sim with it */
	else
		sim_destroy(p->sim);
}

/* The sim changes `e` now, allocating from its arena. */
static void
player_apply(struct player *p, const struct timeline_entry *e)
{
	struct arena *arena = arena_use(p->arena);

	sim_apply_now(p->sim, e);
	arena_use(arena);
}

/* Is it a scenario of many flows (more than ckpt_many_flows)? */
static bool
player_many_flows(const struct player *p)
{
	return p->base.n_flows > p->ckpt_many_flows;
}

static size_t player_ckpt_plain_bytes(const struct player *p);
static size_t player_ckpt_budget(const struct player *p);

/* Are the snapshots of the sim now packed? */
static bool
player_ckpt_packs(const struct player *p)
{
	return p->ckpt_packing && (player_many_flows(p) ||
				   arena_size(p->arena) > p->ckpt_sim_max ||
				   player_ckpt_plain_bytes(p) * CKPT_PLAIN_MIN >
					   player_ckpt_budget(p));
}

/* The size up to which the arena keeps snapshots. */
static size_t
player_ckpt_sim_max(const struct player *p)
{
	bool on_trial =
		!p->arena_measured && !p->ckpt_packing && player_many_flows(p);

	if (p->ckpt_packing)
		return p->ckpt_sim_max * CKPT_PACKED_SIM_TIMES;
	return on_trial && p->ckpt_switch_max < p->ckpt_sim_max
		       ? p->ckpt_switch_max
		       : p->ckpt_sim_max;
}

/* Index of the newest snapshot at `events` events or before, or -1. */
static long
player_ckpt_find(const struct player *p, uint64_t events)
{
	long i = (long)p->n_ckpts - 1;

	while (i >= 0 && p->ckpts[i].events > events)
		i--;
	return i;
}

/* Rows traced (events told to the observer) by these counts of them. */
static uint64_t
player_rows(const uint64_t kind_count[TRACE_KIND_COUNT])
{
	uint64_t rows = 0;

	for (size_t k = 0; k < TRACE_KIND_COUNT; k++)
		rows += kind_count[k];
	return rows;
}

/*
 * Events from a snapshot of now to the next one: for a sim of this size,
 * as many as a plain run, fewer in proportion when the events since the
 * snapshot before (or time 0) traced more than CKPT_ROWS_PER_EVENT rows
 * each.
 */
static uint64_t
player_ckpt_interval(const struct player *p)
{
	uint64_t by_size = arena_size(p->arena) / 32;
	uint64_t interval =
		by_size > CKPT_EVENTS_MIN ? by_size : CKPT_EVENTS_MIN;
	uint64_t events = sim_event_count(p->sim);
	uint64_t rows = player_rows(p->kind_count);
	long i = events > 0 ? player_ckpt_find(p, events - 1) : -1;
	double scaled;

	if (i >= 0) {
		events -= p->ckpts[i].events;
		rows -= player_rows(p->ckpts[i].kind_count);
	}
	/* (unless one plain copy alone fits and none is packed: closer, the
	 * newest one would only be passed sooner, and a step back past it
	 * re-runs from time 0) */
	if (events == 0 || rows <= events * CKPT_ROWS_PER_EVENT ||
	    (!p->ckpt_packing && player_ckpt_plain_bytes(p) * CKPT_PLAIN_MIN >
					 player_ckpt_budget(p)))
		return interval;
	scaled = (double)interval * (double)(events * CKPT_ROWS_PER_EVENT) /
		 (double)rows;
	return scaled >= 1.0 ? (uint64_t)scaled : 1;
}

/*
 * The narration a re-run from time 0 shows is told all in the mode of now
 * (verbose, absolute_seq).  A snapshot's narration is told so when it was
 * in that mode, and had been for NARRATION_REPLAY events or since time 0;
 * otherwise a rewind replays at least NARRATION_REPLAY events from it,
 * which tell the NARRATION_LINES lines over (unless many alike events
 * fold into few lines).
 */
#define NARRATION_REPLAY (64 * NARRATION_LINES)

static bool
player_ckpt_told_so(const struct player *p, const struct player_ckpt *c)
{
	return c->verbose == p->verbose && c->absolute_seq == p->absolute_seq &&
	       (c->narr_since == 0 ||
		c->events - c->narr_since >= NARRATION_REPLAY);
}

/*
 * Where the next snapshot is due: the interval of the last one before now
 * after it (or one from time 0), unless one was kept there already (going
 * back and forth again).  Each snapshot's interval is the one of when it
 * was taken, so that they fall at the same events whichever way the run
 * got there.
 */
static void
player_ckpt_plan(struct player *p)
{
	uint64_t now = sim_event_count(p->sim);
	long i = player_ckpt_find(p, now);
	uint64_t next = i >= 0 ? p->ckpts[i].events + p->ckpts[i].interval
			       : player_ckpt_interval(p);

	for (i++; i < (long)p->n_ckpts && p->ckpts[i].events <= next; i++)
		next = p->ckpts[i].events + p->ckpts[i].interval;
	p->ckpt_next = next > now ? next : now + 1;
}

/* Events the sim may run before the next snapshot is due. */
static uint64_t
player_ckpt_room(const struct player *p)
{
	uint64_t now = sim_event_count(p->sim);

	if (p->arena == NULL)
		return UINT64_MAX;
	return p->ckpt_next > now ? p->ckpt_next - now : 1;
}

/* Bytes of the flows' rings of ACK windows. */
static size_t
player_ack_win_bytes(const struct player *p)
{
	return p->base.n_flows * p->ack_ring * sizeof *p->ack_win;
}

/* Bytes of a snapshot beside the sim's, the ACK windows' and the packet
 * log's (the parts that may be packed). */
static size_t
player_ckpt_rest_bytes(const struct player *p)
{
	return p->base.n_flows * sizeof(struct player_flow) +
	       p->n_sampled * sizeof(struct numbers_rate) +
	       HISTORY_BUCKETS * (4 * p->n_sampled + 2) * sizeof(double);
}

/* Bytes a snapshot of now takes unpacked. */
static size_t
player_ckpt_plain_bytes(const struct player *p)
{
	return arena_size(p->arena) + player_ack_win_bytes(p) +
	       pktlog_bytes(p->pktlog) + player_ckpt_rest_bytes(p);
}

/* Bytes a snapshot of now takes (packed: as the last one packed). */
static size_t
player_ckpt_bytes(const struct player *p)
{
	size_t sim = arena_size(p->arena), acks = player_ack_win_bytes(p),
	       log = pktlog_bytes(p->pktlog);

	if (player_ckpt_packs(p)) {
		sim = (size_t)((double)sim / p->pack_ratio);
		acks = (size_t)((double)acks / p->pack_ratio);
		log = (size_t)((double)log / p->pack_ratio);
	}
	return sim + acks + log + player_ckpt_rest_bytes(p);
}

/* The bytes all snapshots may take: CKPT_BYTES (unless said), and
 * CKPT_FLOW_BYTES a flow for many flows (packed, they are within that). */
static size_t
player_ckpt_budget(const struct player *p)
{
	size_t by_flows = p->base.n_flows * CKPT_FLOW_BYTES;

	return player_many_flows(p) && by_flows < p->ckpt_bytes ? by_flows
								: p->ckpt_bytes;
}

/*
 * Make room for a snapshot of `extra` bytes: while there would be more
 * than CKPT_MAX or more than the budget, the one whose neighbours are
 * closest goes (of two, the older; the last one too when a single
 * snapshot is bigger than the whole budget, as with thousands of flows:
 * then the new one is all there is).
 */
static void
player_ckpt_thin(struct player *p, size_t extra)
{
	for (;;) {
		size_t total = extra, i, best = 0;
		uint64_t best_gap = UINT64_MAX;

		for (i = 0; i < p->n_ckpts; i++)
			total += p->ckpts[i].bytes;
		if (p->n_ckpts == 0 ||
		    (p->n_ckpts < CKPT_MAX && total <= player_ckpt_budget(p)))
			return;
		for (i = 1; i + 1 < p->n_ckpts; i++) {
			uint64_t gap =
				p->ckpts[i + 1].events - p->ckpts[i - 1].events;

			if (gap < best_gap) {
				best_gap = gap;
				best = i;
			}
		}
		player_ckpt_release(&p->ckpts[best]);
		memmove(&p->ckpts[best], &p->ckpts[best + 1],
			(p->n_ckpts - best - 1) * sizeof *p->ckpts);
		p->n_ckpts--;
	}
}

/* A snapshot of now, unless one is kept close enough already. */
static void
player_ckpt_take(struct player *p)
{
	uint64_t now = sim_event_count(p->sim);
	struct player_ckpt c;
	long i = player_ckpt_find(p, now);
	size_t at;

	if (i >= 0 && p->ckpts[i].events == now) {
		player_ckpt_plan(p);
		return;
	}
	memset(&c, 0, sizeof c);
	c.interval = player_ckpt_interval(p); /* (from the one before) */
	c.bytes = player_ckpt_bytes(p);
	player_ckpt_thin(p, c.bytes);
	at = (size_t)(player_ckpt_find(p, now) + 1);
	c.events = now;
	c.at_ns = sim_now(p->sim);
	c.applied = p->applied;
	c.sim_size = arena_size(p->arena);
	if (player_ckpt_packs(p)) {
		c.sim = pack_bytes(arena_contents(p->arena), c.sim_size,
				   &c.packed_size);
		if (c.sim == NULL) { /* no memory for it: none this time */
			player_ckpt_plan(p);
			return;
		}
		p->pack_ratio = (double)c.sim_size / (double)c.packed_size;
	} else {
		c.sim = xmalloc(c.sim_size);
		arena_save(p->arena, c.sim);
	}
	c.flows = xmalloc(p->base.n_flows * sizeof *c.flows + 1);
	memcpy(c.flows, p->flows, p->base.n_flows * sizeof *c.flows);
	c.goodput = xmalloc(p->n_sampled * sizeof *c.goodput + 1);
	memcpy(c.goodput, p->goodput, p->n_sampled * sizeof *c.goodput);
	if (c.packed_size > 0) /* (ten thousand flows: 5 MB, nearly all 0) */
		c.ack_win = pack_bytes(p->ack_win, player_ack_win_bytes(p),
				       &c.ack_packed_size);
	if (c.ack_win == NULL) {
		c.ack_packed_size = 0;
		c.ack_win = xmalloc(player_ack_win_bytes(p) + 1);
		memcpy(c.ack_win, p->ack_win, player_ack_win_bytes(p));
	}
	c.history =
		history_create(p->n_sampled, p->base.sim.sample_interval_ns);
	history_copy(c.history, p->history);
	if (c.packed_size > 0)
		c.pktlog_packed = pktlog_pack(p->pktlog, &c.pktlog_packed_size);
	if (c.pktlog_packed == NULL)
		c.pktlog = pktlog_dup(p->pktlog);
	c.bytes = (c.packed_size > 0 ? c.packed_size : c.sim_size) +
		  (c.ack_packed_size > 0 ? c.ack_packed_size
					 : player_ack_win_bytes(p)) +
		  (c.pktlog_packed != NULL ? c.pktlog_packed_size
					   : pktlog_bytes(p->pktlog)) +
		  player_ckpt_rest_bytes(p);
	c.narration = p->narration;
	c.verbose = p->verbose;
	c.absolute_seq = p->absolute_seq;
	c.narr_since = p->narr_since;
	c.told = p->told;
	c.told_before = p->told_before;
	c.told_at = p->told_at;
	memcpy(c.drops, p->drops, sizeof c.drops);
	c.n_drops = p->n_drops;
	memcpy(c.kind_count, p->kind_count, sizeof c.kind_count);
	memmove(&p->ckpts[at + 1], &p->ckpts[at],
		(p->n_ckpts - at) * sizeof *p->ckpts);
	p->ckpts[at] = c;
	p->n_ckpts++;
	player_ckpt_plan(p);
}

/* After events ran: a snapshot when one is due and the sim is not too big
 * for one (then the snapshots go: the next run from time 0 leaves the
 * arena). */
static void
player_ckpt_due(struct player *p)
{
	if (p->arena == NULL || sim_event_count(p->sim) < p->ckpt_next)
		return;
	if (arena_size(p->arena) <= player_ckpt_sim_max(p)) {
		player_ckpt_take(p);
	} else {
		player_ckpt_drop(p, 0);
		p->ckpt_next = UINT64_MAX;
		p->arena_outgrown = true; /* (the sim may shrink again) */
	}
}

/*
 * Back to the newest snapshot at `events` events or before; false when
 * there is none (the caller starts from time 0).  `lines`: the lines a
 * story told in full will have begun by then, when known (player_told_at()),
 * else 0.
 */
static bool
player_ckpt_restore(struct player *p, uint64_t events, uint64_t lines)
{
	long i = p->arena != NULL ? player_ckpt_find(p, events) : -1;
	const struct player_ckpt *c;
	void *into;

	/* a story told otherwise than now must be told over by the replay:
	 * NARRATION_REPLAY events, or more than NARRATION_LINES lines when
	 * the count is known (it pushes out every line the snapshot holds,
	 * and the one the replay's first event may fold into) */
	while (i >= 0 && !player_ckpt_told_so(p, &p->ckpts[i]) &&
	       events - p->ckpts[i].events < NARRATION_REPLAY &&
	       (lines == 0 ||
		lines - p->ckpts[i].told.lines <= NARRATION_LINES))
		i--;
	if (i < 0)
		return false;
	c = &p->ckpts[i];
	into = c->packed_size > 0 ? arena_restore_into(p->arena, c->sim_size)
				  : NULL;
	if (c->packed_size == 0) {
		arena_restore(p->arena, c->sim, c->sim_size);
	} else if (into == NULL ||
		   !unpack_bytes(c->sim, c->packed_size, into, c->sim_size)) {
		/* cannot be (the bytes are ours): from time 0 then, which
		 * resets the arena */
		player_ckpt_drop(p, 0);
		return false;
	}
	memcpy(p->flows, c->flows, p->base.n_flows * sizeof *c->flows);
	memcpy(p->goodput, c->goodput, p->n_sampled * sizeof *c->goodput);
	if (c->ack_packed_size == 0)
		memcpy(p->ack_win, c->ack_win, player_ack_win_bytes(p));
	else if (!unpack_bytes(c->ack_win, c->ack_packed_size, p->ack_win,
			       player_ack_win_bytes(p)))
		memset(p->ack_win, 0, player_ack_win_bytes(p)); /* cannot be */
	history_copy(p->history, c->history);
	if (c->pktlog != NULL)
		pktlog_copy(p->pktlog, c->pktlog);
	else if (!pktlog_unpack(p->pktlog, c->pktlog_packed,
				c->pktlog_packed_size))
		pktlog_reset(p->pktlog); /* cannot be */
	p->narration = c->narration;
	p->narr_since = player_ckpt_told_so(p, c) ? c->narr_since : c->events;
	p->told = c->told;
	p->told_before = c->told_before;
	p->told_at = c->told_at;
	p->untold_until = 0;
	memcpy(p->drops, c->drops, sizeof p->drops);
	p->n_drops = c->n_drops;
	memcpy(p->kind_count, c->kind_count, sizeof p->kind_count);
	p->applied = c->applied;
	p->seeking = false;
	player_ckpt_plan(p);
	return true;
}

/* ------------------------------------------------------------------ */
/* The observer                                                        */
/* ------------------------------------------------------------------ */

/*
 * Paused, a rewind tells every event (verbose), yet of what it tells only
 * the last NARRATION_LINES lines are there to read at its target: a
 * replay of SACK recovery resends thousands of segments an event, and
 * writing their sentences was a third of its time.  So the player counts
 * the lines a story told in full begins, whichever way it is told
 * (narration_tally: one comparison a row traced), and keeps the count
 * before the newest event; a step back from where the run has been knows
 * how many lines there will be at its target, one event back.  An event whose
 * line will have NARRATION_LINES newer ones by then goes untold: its line
 * is kept, without a sentence, for the events after it to fold or not
 * fold into as they would.  The story at the target is the one told in
 * full, line for line (after the replay's first event the lines begun are
 * the same told or counted, so the count is exact).
 *
 * No snapshot may hold a line untold: none is left untold before a
 * snapshot that falls due before the target.  A rewind whose target then
 * moves back, or that stops telling every event, while a line held is
 * untold, starts over from its snapshot and tells them all.
 */

/* Lines begun by `events` events told in full, if known; else 0. */
static uint64_t
player_told_at(const struct player *p, uint64_t events)
{
	uint64_t now = sim_event_count(p->sim);

	if (!p->verbose)
		return 0;
	if (events == now)
		return p->told.lines;
	if (events + 1 == now) /* (nothing traced at now: as at now) */
		return p->told_at == now ? p->told_before : p->told.lines;
	return 0;
}

/* Does `ev`, narrated, go untold (its line pushed out by the target)? */
static bool
player_untold(const struct player *p, const struct trace_event *ev)
{
	if (p->untold_until == 0 || !p->seeking || !p->verbose ||
	    (p->arena != NULL && p->ckpt_next <= p->seek_target))
		return false;
	return p->told.lines + (narration_key(ev) != p->told.last) <=
	       p->untold_until;
}

/* Count `ev` in the lines begun, after the count before its event. */
static void
player_tally(struct player *p, const struct sim *sim,
	     const struct trace_event *ev)
{
	uint64_t now = sim_event_count(sim);

	if (now != p->told_at) {
		p->told_before = p->told.lines;
		p->told_at = now;
	}
	narration_tally_add(&p->told, ev);
}

/*
 * Into the narration, with the sentence's sequence numbers relative to
 * the flow's ISN unless asked otherwise (with ISN 0 they are the same).
 */
static void
player_narrate(struct player *p, const struct sim *sim,
	       const struct trace_event *ev)
{
	struct trace_event rel;
	uint32_t isn;

	if (p->absolute_seq || ev->flow >= sim_flow_count(sim)) {
		narration_add(&p->narration, ev);
		return;
	}
	isn = sim_scenario(sim)->flows[ev->flow].isn;
	if (isn == 0) {
		narration_add(&p->narration, ev);
		return;
	}
	rel = *ev;
	numbers_seq_text(rel.detail, sizeof rel.detail, ev->detail, isn);
	narration_add(&p->narration, &rel);
}

void
player_set_absolute_seq(struct player *p, bool absolute)
{
	if (absolute != p->absolute_seq)
		p->narr_since = sim_event_count(p->sim);
	p->absolute_seq = absolute;
}

static void
player_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct player *p = ctx;
	struct player_flow *pf =
		ev->flow < sim_flow_count(sim) ? &p->flows[ev->flow] : NULL;
	struct arena *arena = arena_use(NULL); /* the player's own memory */

	if (ev->kind == TRACE_DROP &&
	    (ev->where == WHERE_QUEUE || ev->where == WHERE_LINK)) {
		struct drop_mark *d = &p->drops[p->n_drops % DROP_MARKS];

		d->where = ev->where;
		d->flow = ev->flow;
		d->time_ns = ev->time_ns;
		p->n_drops++;
	}
	if (pf != NULL) {
		switch (ev->kind) {
		case TRACE_ACK:
		case TRACE_WINDOW_UPDATE:
		case TRACE_ZERO_WINDOW:
			/* every ACK the receiver sends is one of these */
			p->ack_win[ev->flow * p->ack_ring +
				   pf->acks_sent % p->ack_ring] = ev->win;
			pf->acks_sent++;
			break;
		case TRACE_APP_WRITE: {
			uint64_t dropped = sim_flow_dropped_writes(sim, ev->flow);

			if (dropped > pf->dropped_writes)
				pf->shedding = true;
			else if (ev->len > 0)
				pf->shedding = false;
			pf->dropped_writes = dropped;
			break;
		}
		default:
			break;
		}
	}
	pktlog_on_event(p->pktlog, ev);
	if (narration_wants(ev, p->verbose)) {
		if (player_untold(p, ev))
			narration_add_untold(&p->narration, ev);
		else
			player_narrate(p, sim, ev);
	}
	player_tally(p, sim, ev);
	if ((unsigned)ev->kind < TRACE_KIND_COUNT)
		p->kind_count[ev->kind]++;
	if (p->stop_fn != NULL && !p->seeking &&
	    (unsigned)ev->kind < TRACE_KIND_COUNT &&
	    p->stop_fn(p->stop_ctx, ev, p->kind_count[ev->kind]))
		p->stop_pending = true;
	arena_use(arena);
}

/* player_wants_detail() while events may go untold (out of its way: it
 * is asked at every event traced). */
static __attribute__((noinline)) bool
player_wants_told(const struct player *p, const struct trace_event *ev)
{
	return narration_wants(ev, p->verbose) && !player_untold(p, ev);
}

/* player_on_event() reads the sentence only to narrate the event, and
 * not when it goes untold. */
static bool
player_wants_detail(void *ctx, const struct trace_event *ev)
{
	const struct player *p = ctx;

	if (p->untold_until > 0)
		return player_wants_told(p, ev);
	return narration_wants(ev, p->verbose);
}

/*
 * A sample: O(charted flows), not O(flows), since with a 1 ns interval
 * this runs once per simulated nanosecond.
 */
static void
player_on_sample(void *ctx, const struct sim *sim, int64_t now_ns)
{
	struct player *p = ctx;
	struct history_point pts[HISTORY_FLOWS_MAX];
	struct link_snapshot ls;
	size_t i;

	for (i = 0; i < p->n_sampled; i++) {
		struct player_flow *pf = &p->flows[i];
		struct flow_snapshot fs;
		int64_t dt = now_ns - pf->prev_sample_ns;

		sim_flow_snapshot(sim, i, &fs);
		pts[i].goodput_bps = pf->prev_sample_ns >= 0 && dt > 0
					     ? (double)(fs.delivered_bytes -
							pf->prev_delivered) *
						       8.0 * (double)NS_PER_S /
						       (double)dt
					     : 0.0;
		pts[i].cwnd_bytes = fs.cwnd_bytes == UINT64_MAX
					    ? NAN
					    : (double)fs.cwnd_bytes;
		pts[i].rwnd_bytes = (double)fs.rwnd_bytes;
		pts[i].ssthresh_bytes = fs.ssthresh_bytes == UINT64_MAX
						? NAN
						: (double)fs.ssthresh_bytes;
		numbers_rate_add(&p->goodput[i], now_ns, fs.delivered_bytes);
		pf->prev_delivered = fs.delivered_bytes;
		pf->prev_sample_ns = now_ns;
	}
	sim_link_snapshot(sim, &ls);
	history_add(p->history, now_ns, pts, (double)ls.queue_packets);
}

/* A packet at the sender, for the packet views. */
static void
player_on_packet(void *ctx, const struct sim *sim,
		 const struct trace_packet *pkt)
{
	struct player *p = ctx;

	(void)sim;
	pktlog_on_packet(p->pktlog, pkt);
}

/*
 * Let the sim go before a run from time 0, and choose where the next one
 * lives (the snapshots' comment): in an arena if this one, outside any,
 * took at most CKPT_SWITCH_MAX; outside if this one outgrew its arena.
 */
static void
player_drop_sim(struct player *p)
{
	size_t before, after, took;
	bool known;

	if (p->arena != NULL) {
		if (!p->arena_outgrown &&
		    arena_size(p->arena) <= player_ckpt_sim_max(p)) {
			arena_reset(p->arena); /* the sim was all there */
			return;
		}
		player_ckpt_drop(p, 0);
		arena_destroy(p->arena);
		p->arena = NULL;
		p->arena_outgrown = false;
		p->ckpt_next = CKPT_EVENTS_MIN;
		return;
	}
	if (p->sim == NULL)
		return;
	took = sim_mapped_bytes(p->sim);
	known = xmalloc_in_use(&before);
	sim_destroy(p->sim);
	/* nothing given back: the readings are not the sim's (a sanitizer's
	 * allocator) */
	if (!known || !xmalloc_in_use(&after) || after >= before)
		return;
	took += before - after;
	if (p->ckpt_allowed && took <= p->ckpt_switch_max) {
		p->arena = arena_create(PLAYER_ARENA_RESERVE);
		p->arena_measured = true;
		p->ckpt_next = CKPT_EVENTS_MIN;
	}
}

/* A fresh sim at time 0 with the observer state cleared. */
static void
player_new_sim(struct player *p)
{
	struct sim_observer obs;
	size_t i;

	struct arena *arena;

	player_drop_sim(p);
	arena = arena_use(p->arena);
	p->sim = sim_create_sharing(&p->base); /* p->base outlives it */
	memset(&obs, 0, sizeof obs);
	obs.on_event = player_on_event;
	obs.wants_detail = player_wants_detail;
	obs.on_sample = player_on_sample;
	obs.on_packet = player_on_packet;
	obs.ctx = p;
	sim_add_observer(p->sim, &obs);
	arena_use(arena);
	history_reset(p->history);
	pktlog_reset(p->pktlog);
	narration_clear(&p->narration);
	for (i = 0; i < p->base.n_flows; i++) {
		memset(&p->flows[i], 0, sizeof p->flows[i]);
		p->flows[i].prev_sample_ns = -1;
	}
	for (i = 0; i < p->n_sampled; i++)
		numbers_rate_reset(&p->goodput[i], NUMBERS_GOODPUT_SPAN_NS);
	p->n_drops = 0;
	/* the rings need no clearing: only entries below acks_sent are read */
	memset(p->kind_count, 0, sizeof p->kind_count);
	p->applied = 0;
	p->seeking = false;
	p->narr_since = 0;
	narration_tally_clear(&p->told);
	p->told_before = 0;
	p->told_at = 0;
	p->untold_until = 0;
	if (p->arena != NULL)
		player_ckpt_plan(p); /* by the size of the sim just made */
}

static struct player *player_start(struct player *p, bool verbose);

struct player *
player_create(const struct scenario *sc, bool verbose)
{
	struct player *p = xcalloc(1, sizeof *p);

	scenario_copy(&p->base, sc);
	return player_start(p, verbose);
}

struct player *
player_create_from(struct scenario *sc, bool verbose)
{
	struct player *p = xcalloc(1, sizeof *p);

	p->base = *sc;
	memset(sc, 0, sizeof *sc);
	return player_start(p, verbose);
}

/* The rest of player_create(), from p->base. */
static struct player *
player_start(struct player *p, bool verbose)
{
	const struct scenario *sc = &p->base;

	p->verbose = verbose;
	p->n_sampled = sc->n_flows < HISTORY_FLOWS_MAX ? sc->n_flows
						       : HISTORY_FLOWS_MAX;
	p->history = history_create(p->n_sampled, sc->sim.sample_interval_ns);
	p->goodput = xcalloc(p->n_sampled > 0 ? p->n_sampled : 1,
			     sizeof *p->goodput);
	p->flows = xcalloc(sc->n_flows, sizeof *p->flows);
	p->ack_ring = sc->n_flows > 0 ? ACK_RING_TOTAL / sc->n_flows : 1;
	if (p->ack_ring > ACK_RING_MAX)
		p->ack_ring = ACK_RING_MAX;
	if (p->ack_ring < ACK_RING_MIN)
		p->ack_ring = ACK_RING_MIN;
	p->ack_win = xcalloc(sc->n_flows * p->ack_ring, sizeof *p->ack_win);
	p->snaps = xcalloc(sc->n_flows, sizeof *p->snaps);
	p->shedding = xcalloc(sc->n_flows, sizeof *p->shedding);
	p->n_relays = sc->n_relays;
	if (p->n_relays > 0) {
		p->lags = xcalloc(sc->n_flows, sizeof *p->lags);
		p->relay_snaps = xcalloc(p->n_relays, sizeof *p->relay_snaps);
	}
	player_ckpt_init(p);
	/* the packet views draw the flows the charts draw */
	p->pktlog = pktlog_create(p->n_sampled, PKTLOG_CAPACITY);
	for (size_t i = 0; i < p->n_sampled; i++)
		pktlog_set_isn(p->pktlog, i, sc->flows[i].isn);
	player_new_sim(p);
	return p;
}

void
player_destroy(struct player *p)
{
	if (p == NULL)
		return;
	player_ckpt_free(p); /* and the sim with its arena */
	history_free(p->history);
	free(p->goodput);
	free(p->log);
	free(p->flows);
	free(p->ack_win);
	free(p->snaps);
	free(p->shedding);
	free(p->lags);
	free(p->relay_snaps);
	free(p->packets);
	free(p->sacked);
	free(p->lost);
	pktlog_free(p->pktlog);
	scenario_free(&p->base);
	free(p);
}

const struct sim *
player_sim(const struct player *p)
{
	return p->sim;
}

static void player_seek_over(struct player *p);

void
player_set_verbose(struct player *p, bool verbose)
{
	if (verbose == p->verbose)
		return;
	p->narr_since = sim_event_count(p->sim);
	p->verbose = verbose;
	/* the lines counted to the target were the other way's */
	if (p->seeking && p->untold_until > 0) {
		if (narration_untold(&p->narration))
			player_seek_over(p);
		p->untold_until = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Driving, with the log replayed                                      */
/* ------------------------------------------------------------------ */

/*
 * Every way forward below spends a budget of events, *budget, and says
 * whether it got where it was asked (true) or ran out first (false).
 * Stopping anywhere and calling again with a fresh budget goes on exactly
 * as one call would have: the sim runs the same events in the same order,
 * and only the clock between events may stand elsewhere meanwhile, which
 * nothing reads before the next event sets it.
 */

/*
 * As sim_run_until_bounded(), one event at a time so as to stop right
 * after the event that asked (player_set_stop), with the clock at its
 * time: a budget of 0 only says whether an event is due by t (and moves
 * the clock to t when none is).
 */
static bool
player_sim_until_watched(struct player *p, int64_t t, uint64_t budget)
{
	for (;;) {
		if (sim_run_until_bounded(p->sim, t, 0))
			return true;
		if (budget == 0 || p->stop_pending)
			return false;
		budget--;
		(void)sim_step(p->sim);
		if (p->stop_pending)
			return false;
	}
}

/* Every event up to time t (sim_run_until_bounded within *budget). */
static bool
player_sim_until(struct player *p, int64_t t, uint64_t *budget)
{
	for (;;) {
		/* in pieces that end where the next snapshot is due */
		uint64_t room = player_ckpt_room(p);
		uint64_t chunk = *budget < room ? *budget : room;
		uint64_t before = sim_event_count(p->sim);
		struct arena *arena = arena_use(p->arena);
		bool done = p->stop_fn != NULL && !p->seeking
				    ? player_sim_until_watched(p, t, chunk)
				    : sim_run_until_bounded(p->sim, t, chunk);

		arena_use(arena);
		*budget -= sim_event_count(p->sim) - before;
		player_ckpt_due(p);
		if (done)
			return true;
		if (p->stop_pending || *budget == 0)
			return false;
	}
}

/* Events one by one until `events` have run (or the run ends). */
static bool
player_sim_steps(struct player *p, uint64_t events, uint64_t *budget)
{
	while (sim_event_count(p->sim) < events) {
		struct arena *arena;
		bool ran;

		if (*budget == 0)
			return false;
		arena = arena_use(p->arena);
		ran = sim_step(p->sim);
		arena_use(arena);
		if (!ran)
			break;
		(*budget)--;
		player_ckpt_due(p);
		if (p->stop_pending && sim_event_count(p->sim) < events)
			return false;
	}
	return true;
}

/*
 * Bring the sim to the state change `c` was applied in: `c->events` events
 * run and the clock at `c->at_ns`.  Every event before at_ns had run then
 * (the clock never passes a pending event), and they are at most
 * c->events; events at at_ns itself may have been run only partly (the
 * teacher stepped one event at a time, or a frame's budget ran out in the
 * middle of an instant), hence the stepping.
 */
static bool
player_reach(struct player *p, const struct player_change *c, uint64_t *budget)
{
	if (c->at_ns > 0 && sim_now(p->sim) < c->at_ns - 1 &&
	    !player_sim_until(p, c->at_ns - 1, budget))
		return false;
	if (!player_sim_steps(p, c->events, budget))
		return false;
	if (sim_now(p->sim) < c->at_ns)
		return player_sim_until(p, c->at_ns, budget);
	return true;
}

/*
 * Run forward, never beyond `max_events` events nor beyond `max_time`
 * (max_events = UINT64_MAX: to max_time; otherwise to max_events),
 * applying each logged change that falls within at its state.
 */
static bool
player_advance(struct player *p, uint64_t max_events, int64_t max_time,
	       uint64_t *budget)
{
	while (p->applied < p->n_log) {
		const struct player_change *c = &p->log[p->applied];

		if (c->events > max_events || c->at_ns > max_time)
			break;
		if (!player_reach(p, c, budget))
			return false;
		player_apply(p, &c->entry);
		p->applied++;
	}
	if (max_events == UINT64_MAX)
		return player_sim_until(p, max_time, budget);
	return player_sim_steps(p, max_events, budget);
}

/* The rewind under way, within *budget; true when done (or none). */
static bool
player_seek_run(struct player *p, uint64_t *budget)
{
	if (!p->seeking)
		return true;
	if (!player_advance(p, p->seek_target, INT64_MAX, budget))
		return false;
	p->seeking = false;
	return true;
}

bool
player_run_until_bounded(struct player *p, int64_t t_ns, uint64_t max_events)
{
	uint64_t budget = max_events;

	p->stop_pending = false;
	if (!player_seek_run(p, &budget))
		return false;
	if (t_ns <= sim_now(p->sim))
		return true;
	return player_advance(p, UINT64_MAX, t_ns, &budget);
}

void
player_run_until(struct player *p, int64_t t_ns)
{
	(void)player_run_until_bounded(p, t_ns, UINT64_MAX);
}

bool
player_step(struct player *p)
{
	uint64_t before, budget = UINT64_MAX;

	p->stop_pending = false;
	player_seek_run(p, &budget);
	before = sim_event_count(p->sim);
	if (sim_finished(p->sim))
		return false;
	player_advance(p, before + 1, INT64_MAX, &budget);
	return sim_event_count(p->sim) > before;
}

/* The rewind under way over from its snapshot, every event told. */
static void
player_seek_over(struct player *p)
{
	uint64_t target = p->seek_target;

	if (!player_ckpt_restore(p, target, 0))
		player_new_sim(p);
	p->seeking = true;
	p->seek_target = target;
}

void
player_seek_begin(struct player *p, uint64_t events)
{
	/* a rewind that has not got there yet goes on to the new target
	 * (further on, with the same events untold; back, with none, or
	 * over when some were); otherwise from the last snapshot before it,
	 * or from time 0 */
	bool going_on = p->seeking && events >= sim_event_count(p->sim);
	uint64_t lines = p->seeking ? 0 : player_told_at(p, events);
	uint64_t until =
		going_on && events >= p->seek_target ? p->untold_until : 0;

	if (going_on && events < p->seek_target &&
	    narration_untold(&p->narration))
		going_on = false;
	if (!going_on && !player_ckpt_restore(p, events, lines))
		player_new_sim(p);
	p->seeking = true;
	p->seek_target = events;
	if (!going_on)
		until = lines > NARRATION_LINES ? lines - NARRATION_LINES : 0;
	p->untold_until = until;
}

bool
player_seek_continue(struct player *p, uint64_t max_events)
{
	uint64_t budget = max_events;

	return player_seek_run(p, &budget);
}

bool
player_seeking(const struct player *p)
{
	return p->seeking;
}

uint64_t
player_seek_target(const struct player *p)
{
	return p->seeking ? p->seek_target : sim_event_count(p->sim);
}

void
player_seek(struct player *p, uint64_t events)
{
	p->seeking = false; /* so that player_seek_begin() starts afresh */
	player_seek_begin(p, events);
	player_seek_continue(p, UINT64_MAX);
}

bool
player_step_back_begin(struct player *p)
{
	uint64_t from = player_seek_target(p);

	if (from == 0)
		return false;
	player_seek_begin(p, from - 1);
	return true;
}

bool
player_step_back(struct player *p)
{
	if (!player_step_back_begin(p))
		return false;
	player_seek_continue(p, UINT64_MAX);
	return true;
}

void
player_restart(struct player *p)
{
	p->n_log = 0;
	player_ckpt_drop(p, 0); /* they had the old log's changes */
	player_new_sim(p);
}

int
player_change(struct player *p, const struct timeline_entry *e)
{
	struct player_change *c;

	if (sim_finished(p->sim) || p->seeking)
		return -1;
	p->n_log = p->applied; /* a new change rewrites the future */
	/* and the snapshots taken after now had the old one */
	player_ckpt_drop(p, sim_event_count(p->sim) + 1);
	if (p->n_log == p->cap_log) {
		p->cap_log = p->cap_log ? 2 * p->cap_log : 16;
		p->log = xreallocarray(p->log, p->cap_log, sizeof *p->log);
	}
	c = &p->log[p->n_log++];
	c->events = sim_event_count(p->sim);
	c->at_ns = sim_now(p->sim);
	c->entry = *e;
	c->entry.at_ns = c->at_ns;
	c->entry.line = 0;
	player_apply(p, &c->entry);
	p->applied = p->n_log;
	return 0;
}

void
player_set_stop(struct player *p, player_stop_fn *fn, void *ctx)
{
	p->stop_fn = fn;
	p->stop_ctx = ctx;
	p->stop_pending = false;
}

bool
player_stopped(const struct player *p)
{
	return p->stop_pending;
}

const struct player_change *
player_log(const struct player *p, size_t *n)
{
	*n = p->n_log;
	return p->log;
}

size_t
player_log_applied(const struct player *p)
{
	return p->applied;
}

/* ------------------------------------------------------------------ */
/* The keys' live changes                                              */
/* ------------------------------------------------------------------ */

/* Apply key = value (u) to target/flow, with "PATH = VALUE" as message. */
static int
player_set_u(struct player *p, enum setting_target target, size_t flow,
	     enum setting_key key, struct setting_value *v, char *msg,
	     size_t size)
{
	struct timeline_entry e;

	memset(&e, 0, sizeof e);
	e.target = target;
	e.flow = flow;
	e.key = key;
	e.value = *v;
	scenario_entry_text(&e, &p->base);
	/* "(live)" tells the narration this came from the keyboard */
	snprintf(msg, size, "%s", e.text);
	if (strlen(e.text) + 8 < sizeof e.text)
		strcat(e.text, " (live)");
	if (player_change(p, &e) != 0) {
		snprintf(msg, size,
			 p->seeking ? "rewinding: wait until it is done"
				    : "the run is over: restart (r) to change "
				      "it");
		return -1;
	}
	return 0;
}

/* The keys' changes wait for a rewind to end; -1 with why meanwhile. */
static int
player_refuse_seeking(const struct player *p, char *msg, size_t size)
{
	if (!p->seeking)
		return 0;
	snprintf(msg, size, "rewinding: wait until it is done");
	return -1;
}

#define KBIT	 UINT64_C(1000)
#define LINK_MAX (UINT64_C(100) * 1000 * 1000 * 1000)
#define RATE_MAX (UINT64_C(1) << 50) /* the scenario's cap on rates */

int
player_scale_read_rate(struct player *p, size_t flow, bool up, char *msg,
		       size_t size)
{
	const struct scenario *live = sim_scenario(p->sim);
	uint64_t rate = live->flows[flow].read_rate_bps;
	uint64_t link = live->link.rate_bps;
	struct setting_value v;

	if (player_refuse_seeking(p, msg, size) != 0)
		return -1;
	memset(&v, 0, sizeof v);
	if (up) {
		if (rate == SCENARIO_UNLIMITED) {
			snprintf(msg, size, "%s.read_rate is unlimited already",
				 live->flows[flow].name);
			return -1;
		}
		/* from a stalled reader, start again at 1/64 of the link */
		v.u = rate == 0		    ? (link / 64 > 0 ? link / 64 : 1)
		      : rate * 2 > RATE_MAX ? RATE_MAX
					    : rate * 2;
	} else {
		if (rate == 0) {
			snprintf(msg, size, "%s.read_rate is 0 already",
				 live->flows[flow].name);
			return -1;
		}
		if (rate == SCENARIO_UNLIMITED)
			rate = link; /* "unlimited" halves from the link rate */
		v.u = rate / 2 < KBIT ? 0 : rate / 2;
	}
	return player_set_u(p, TARGET_FLOW, flow, KEY_READ_RATE, &v, msg, size);
}

int
player_scale_link_rate(struct player *p, bool up, char *msg, size_t size)
{
	uint64_t rate = sim_scenario(p->sim)->link.rate_bps;
	struct setting_value v;

	if (player_refuse_seeking(p, msg, size) != 0)
		return -1;
	memset(&v, 0, sizeof v);
	if (up ? rate >= LINK_MAX : rate <= KBIT) {
		snprintf(msg, size,
			 "link.rate stays between 1kbit/s and "
			 "100Gbit/s here");
		return -1;
	}
	v.u = up ? (rate * 2 > LINK_MAX ? LINK_MAX : rate * 2)
		 : (rate / 2 < KBIT ? KBIT : rate / 2);
	return player_set_u(p, TARGET_LINK, 0, KEY_LINK_RATE, &v, msg, size);
}

int
player_cycle_loss(struct player *p, char *msg, size_t size)
{
	double loss = sim_scenario(p->sim)->link.loss;
	struct setting_value v;

	if (player_refuse_seeking(p, msg, size) != 0)
		return -1;
	memset(&v, 0, sizeof v);
	v.prob = loss <= 0 ? 0.01 : loss <= 0.01 ? 0.05 : 0.0;
	return player_set_u(p, TARGET_LINK, 0, KEY_LINK_LOSS, &v, msg, size);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

int
player_export(const struct player *p, FILE *out, const char *origin)
{
	struct scenario sc;
	size_t i, j, k, n_live = p->applied;
	int rc;

	scenario_copy(&sc, &p->base);
	free(sc.timeline);
	sc.n_timeline = p->base.n_timeline + n_live;
	sc.timeline = xcalloc(sc.n_timeline + 1, sizeof *sc.timeline);
	/*
	 * Merge by time.  For equal times the file's entries come first:
	 * the simulator applies those when their time comes, a live change
	 * came after every event of its instant.
	 */
	for (i = j = k = 0; k < sc.n_timeline; k++) {
		if (j >= n_live ||
		    (i < p->base.n_timeline &&
		     p->base.timeline[i].at_ns <= p->log[j].entry.at_ns))
			sc.timeline[k] = p->base.timeline[i++];
		else
			sc.timeline[k] = p->log[j++].entry;
		scenario_entry_text(&sc.timeline[k], &sc);
	}
	fprintf(out,
		"# %s as run by tcpsim play, with %zu live change%s added to "
		"the\n# [timeline] at the simulated time each was made.\n"
		"# Every key is written out, defaults included.\n\n",
		origin, n_live, n_live == 1 ? "" : "s");
	rc = scenario_write(out, &sc);
	scenario_free(&sc);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The model for the screen                                            */
/* ------------------------------------------------------------------ */

/*
 * The oldest ACK of `flow` on the link that advertises a window the
 * sender has not heard yet.  The link's ACKs of a flow are the newest it
 * sent (an ACK enters the link when it is sent and leaves in order), so
 * the k-th oldest of K in flight is ring entry acks_sent - K + k.
 */
static void
player_window_news(struct player *p, size_t flow, size_t n_packets,
		   struct screen_model *m)
{
	const struct player_flow *pf = &p->flows[flow];
	uint64_t in_flight = 0, k = 0;
	size_t i;

	m->news_packet = -1;
	m->news_win = 0;
	for (i = 0; i < n_packets; i++)
		if (p->packets[i].place == PLACE_REVERSE &&
		    p->packets[i].flow == flow)
			in_flight++;
	if (in_flight == 0 || in_flight > pf->acks_sent ||
	    in_flight > p->ack_ring)
		return;
	for (i = 0; i < n_packets; i++) {
		uint64_t win;

		if (p->packets[i].place != PLACE_REVERSE ||
		    p->packets[i].flow != flow)
			continue;
		win = p->ack_win[flow * p->ack_ring +
				 (pf->acks_sent - in_flight + k) % p->ack_ring];
		k++;
		if (win != p->snaps[flow].rwnd_bytes) {
			m->news_packet = (int)i;
			m->news_win = win;
			return;
		}
	}
}

/* All the ranges `get` has for `flow`, into *buf (grown as needed). */
static size_t
player_ranges(const struct sim *sim, size_t flow,
	      size_t (*get)(const struct sim *, size_t, struct seq_range *,
			    size_t),
	      struct seq_range **buf, size_t *cap)
{
	size_t n = get(sim, flow, *buf, *cap);

	if (n > *cap) {
		*cap = n + n / 2 + 16;
		*buf = xreallocarray(*buf, *cap, sizeof **buf);
		n = get(sim, flow, *buf, *cap);
	}
	return n;
}

/* The latest drops, oldest first. */
static void
player_drop_marks(struct player *p, struct screen_model *m)
{
	size_t n = p->n_drops < DROP_MARKS ? p->n_drops : DROP_MARKS, i;

	for (i = 0; i < n; i++)
		p->drops_out[i] = p->drops[(p->n_drops - n + i) % DROP_MARKS];
	m->drops = p->drops_out;
	m->n_drops = n;
}

void
player_model(struct player *p, size_t shown, struct screen_model *m)
{
	size_t i, n;

	m->config = sim_scenario(p->sim);
	m->now_ns = sim_now(p->sim);
	m->duration_ns = sim_duration(p->sim);
	m->events = sim_event_count(p->sim);
	m->finished = sim_finished(p->sim);
	m->n_flows = sim_flow_count(p->sim);
	m->shown = shown < m->n_flows ? shown : 0;
	for (i = 0; i < m->n_flows; i++) {
		sim_flow_snapshot(p->sim, i, &p->snaps[i]);
		p->shedding[i] = p->flows[i].shedding;
	}
	m->flows = p->snaps;
	m->shedding = p->shedding;
	sim_link_snapshot(p->sim, &p->link);
	m->link = &p->link;
	/* named links: their queues, for the numbers (numbers.h) */
	m->n_named_links = sim_link_count(p->sim) - 1;
	for (i = 0; i < m->n_named_links; i++)
		sim_link_snapshot_id(p->sim, i + 1, &p->named_links[i]);
	m->named_links = p->named_links;
	n = sim_packets_in_flight(p->sim, p->packets, p->cap_packets);
	if (n > p->cap_packets) {
		p->cap_packets = n + n / 2 + 64;
		p->packets = xreallocarray(p->packets, p->cap_packets,
					   sizeof *p->packets);
		n = sim_packets_in_flight(p->sim, p->packets, p->cap_packets);
	}
	m->packets = p->packets;
	m->n_packets = n;
	player_window_news(p, m->shown, n, m);
	m->n_sacked = player_ranges(p->sim, m->shown, sim_flow_sacked,
				    &p->sacked, &p->cap_sacked);
	m->sacked = p->sacked;
	m->n_lost = player_ranges(p->sim, m->shown, sim_flow_lost, &p->lost,
				  &p->cap_lost);
	m->lost = p->lost;
	m->history = p->history;
	player_drop_marks(p, m);
	m->goodput_smoothed_bps =
		m->shown < p->n_sampled
			? numbers_rate_bps(&p->goodput[m->shown], m->now_ns,
					   p->snaps[m->shown].delivered_bytes)
			: NAN;
	m->narration = &p->narration;
	m->verbose = p->verbose;
	m->pktlog = p->pktlog;
	m->lag = NULL;
	m->relay = NULL;
	m->lags = NULL;
	m->relays = NULL;
	m->n_relays = 0;
	if (p->n_relays > 0) {
		/* every stage of the pipelines, for the stages view and the
		 * banner's chain of causes */
		for (i = 0; i < m->n_flows; i++)
			sim_flow_lag(p->sim, i, &p->lags[i]);
		for (i = 0; i < p->n_relays; i++)
			sim_relay_snapshot(p->sim, i, &p->relay_snaps[i]);
		m->lags = p->lags;
		m->relays = p->relay_snaps;
		m->n_relays = p->n_relays;
	}
	if (scenario_uses_records(m->config)) {
		sim_flow_lag(p->sim, m->shown, &p->lag);
		m->lag = &p->lag;
		if (p->lag.reader_relay != SIZE_MAX) {
			sim_relay_snapshot(p->sim, p->lag.reader_relay,
					   &p->relay);
			m->relay = &p->relay;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Speed                                                               */
/* ------------------------------------------------------------------ */

/* 1, 2, 5 x 10^k from 0.001 to 10000. */
static const double speed_steps[] = {
	0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,  0.5,	1,    2,
	5,     10,    20,    50,   100,	 200,  500, 1000, 2000, 5000, 10000,
};
#define N_SPEEDS (sizeof speed_steps / sizeof speed_steps[0])

double
player_speed_faster(double speed)
{
	size_t i;

	for (i = 0; i < N_SPEEDS; i++)
		if (speed_steps[i] > speed * 1.0001)
			return speed_steps[i];
	return PLAYER_SPEED_MAX;
}

double
player_speed_slower(double speed)
{
	size_t i;

	for (i = N_SPEEDS; i-- > 0;)
		if (speed_steps[i] < speed * 0.9999)
			return speed_steps[i];
	return PLAYER_SPEED_MIN;
}

uint64_t
player_snapshot_before(const struct player *p, uint64_t events)
{
	long i = p->arena != NULL ? player_ckpt_find(p, events) : -1;

	return i >= 0 ? p->ckpts[i].events : 0;
}

void
player_snapshot_packing(struct player *p, bool on)
{
	p->ckpt_packing = on && pack_available();
}

size_t
player_snapshots_packed(const struct player *p)
{
	size_t n = 0, i;

	for (i = 0; i < p->n_ckpts; i++)
		n += p->ckpts[i].packed_size > 0;
	return n;
}

void
player_snapshot_limits(struct player *p, size_t sim_max, size_t switch_max,
		       size_t many_flows)
{
	p->ckpt_sim_max = sim_max;
	p->ckpt_switch_max = switch_max;
	p->ckpt_many_flows = many_flows;
}

void
player_snapshot_budget(struct player *p, size_t bytes)
{
	p->ckpt_bytes = bytes;
}

size_t
player_snapshots_bytes(const struct player *p)
{
	size_t bytes = 0, i;

	for (i = 0; i < p->n_ckpts; i++)
		bytes += p->ckpts[i].bytes;
	return bytes;
}

void
player_seek_time_begin(struct player *p, int64_t t_ns)
{
	long i = p->arena != NULL ? (long)p->n_ckpts - 1 : -1;

	/* before t, not at it: events due at t may have been left to run */
	while (i >= 0 && p->ckpts[i].at_ns >= t_ns)
		i--;
	if (i < 0 || !player_ckpt_restore(p, p->ckpts[i].events, 0))
		player_new_sim(p);
}
