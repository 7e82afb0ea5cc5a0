/* SPDX-License-Identifier: ISC */
/* relay.c: an application between two TCP flows; see relay.h. */
#ifdef HAVE_CONFIG_H
#include "config.h" /* TCPSIM_DEBUG */
#endif

#include "model/relay.h"

#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "sim/time.h"
#include "tcp/app.h"
#include "tcp/flow.h"
#include "tcp/receiver.h"
#include "tcp/sender.h"
#include "util/xmalloc.h"

static void relay_on_timer(struct sim *sim, struct event *ev);
static void relay_run(struct sim *sim, struct relay *r, bool from_arrival);

static inline uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* "256 KiB", "10 GiB", "1500 B": a buffer size for the event sentences. */
static void
relay_size_text(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	unsigned u = 0;

	while (u < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, size, "%llu %s", (unsigned long long)bytes, units[u]);
}

/* Words of the relay's bit sets. */
static size_t
relay_words(const struct relay *r)
{
	return (r->n_to + 63) / 64;
}

/* Room in flow f's send buffer. */
static uint64_t
relay_room(const struct flow *f)
{
	uint64_t used = sender_buffered(&f->snd);

	return used < f->cfg->send_buffer ? f->cfg->send_buffer - used : 0;
}

/*
 * least_loaded's question for a unit of `len` bytes, of one flow: may it
 * take the unit (started, room for all of it, or for a whole send buffer
 * when the unit is larger), and then its load; UINT64_MAX when not.
 */
static uint64_t
relay_ll_load(const struct flow *f, uint64_t len)
{
	if (!f->prod.started ||
	    relay_room(f) < min_u64(len, f->cfg->send_buffer))
		return UINT64_MAX;
	return sender_buffered(&f->snd);
}

/* The better of two flows: the smaller load, ties to the first. */
static inline uint32_t
relay_ll_better(const struct relay *r, uint32_t a, uint32_t b)
{
	uint64_t ka = r->ll_key[a], kb = r->ll_key[b];

	return kb < ka || (kb == ka && b < a) ? b : a;
}

/* Every flow not started yet: every leaf UINT64_MAX, flow 0 the winner. */
static void
relay_ll_create(struct relay *r)
{
	size_t n = r->n_to;

	r->ll_key = xcalloc(n, sizeof *r->ll_key);
	r->ll_win = xcalloc(2 * n, sizeof *r->ll_win);
	for (size_t k = 0; k < n; k++) {
		r->ll_key[k] = UINT64_MAX;
		r->ll_win[n + k] = (uint32_t)k;
	}
	for (size_t i = n; i-- > 1;)
		r->ll_win[i] = relay_ll_better(r, r->ll_win[2 * i],
					       r->ll_win[2 * i + 1]);
}

/*
 * Leaf k again, then its way to the root.  A node whose winner is still
 * the same other flow leaves everything above it as it was: its key did
 * not move.
 */
static void
relay_ll_update(struct relay *r, uint32_t k)
{
	uint64_t key = relay_ll_load(r->to[k], r->unit);
	size_t n = r->n_to;

	if (key == r->ll_key[k])
		return;
	r->ll_key[k] = key;
	for (size_t i = (n + k) / 2; i >= 1; i /= 2) {
		uint32_t was = r->ll_win[i];
		uint32_t now = relay_ll_better(r, r->ll_win[2 * i],
					       r->ll_win[2 * i + 1]);

		r->looks++;
		r->ll_win[i] = now;
		if (now == was && now != k)
			break;
	}
}

/* to[k] becomes odd, or no longer is. */
static void
relay_odd_add(struct relay *r, uint32_t k)
{
	r->odd_bits[k / 64] |= 1ull << (k % 64);
	r->odd_pos[k] = (uint32_t)r->n_odd;
	r->odd[r->n_odd++] = k;
}

static void
relay_odd_remove(struct relay *r, uint32_t k)
{
	uint32_t at = r->odd_pos[k], last = r->odd[--r->n_odd];

	r->odd_bits[k / 64] &= ~(1ull << (k % 64));
	r->odd[at] = last;
	r->odd_pos[last] = at;
}

void
relay_note_to(struct relay *r, const struct flow *f)
{
	uint32_t k = f->writer_slot;
	uint64_t bit = 1ull << (k % 64);

	if (f->prod.started && !(r->started_bits[k / 64] & bit)) {
		/* a flow starts free: odd while they all wait */
		r->started_bits[k / 64] |= bit;
		r->n_started++;
		if (r->all_blocked)
			relay_odd_add(r, k);
	}
	if (r->ll_key != NULL)
		relay_ll_update(r, k);
}

void
relay_create_all(struct sim *sim)
{
	const struct scenario *sc = &sim->config;
	size_t *reader, *writer, *heads;

	sim->n_relays = sc->n_relays;
	sim->relays = sc->n_relays ? xcalloc(sc->n_relays, sizeof *sim->relays)
				   : NULL;
	for (size_t i = 0; i < sc->n_relays; i++) {
		struct relay *r = &sim->relays[i];

		r->index = (uint32_t)i;
		r->cfg = &sim->config.relays[i];
		r->from = &sim->flows[scenario_relay_from(sc, i)];
		r->from->reader_relay = r;
		r->n_to = r->cfg->n_to;
		r->to = xcalloc(r->n_to, sizeof *r->to);
		r->to_index = xcalloc(r->n_to, sizeof *r->to_index);
		for (size_t k = 0; k < r->n_to; k++) {
			r->to_index[k] = scenario_relay_to(sc, i, k);
			r->to[k] = &sim->flows[r->to_index[k]];
			r->to[k]->writer_relay = r;
			r->to[k]->writer_slot = (uint32_t)k;
		}
		r->started_bits = xcalloc(relay_words(r), sizeof(uint64_t));
		r->odd_bits = xcalloc(relay_words(r), sizeof(uint64_t));
		r->odd = xcalloc(r->n_to, sizeof *r->odd);
		r->odd_pos = xcalloc(r->n_to, sizeof *r->odd_pos);
		r->cur = SIZE_MAX;
		records_init(&r->births);
		event_init(&r->next_unit, relay_on_timer, r);
	}
	if (sim->n_relays > 0)
		sim->chain_memo = xcalloc(sc->n_flows, sizeof *sim->chain_memo);
	/* Units and record sizes follow the chains (validated: each has a
	 * head) */
	reader = xcalloc(sc->n_flows + 1, sizeof *reader);
	writer = xcalloc(sc->n_flows + 1, sizeof *writer);
	heads = xcalloc(sc->n_flows + 1, sizeof *heads);
	scenario_relay_owners(sc, reader, writer);
	scenario_relay_heads(sc, writer, heads);
	for (size_t i = 0; i < sc->n_flows; i++)
		if (heads[i] == SIZE_MAX)
			heads[i] = i; /* (not validated: a loop) its own */
	for (size_t i = 0; i < sim->n_relays; i++) {
		struct relay *r = &sim->relays[i];
		const struct flow *head = &sim->flows[heads[r->from->index]];

		r->record_size = head->cfg->record_size;
		r->unit = r->record_size > 0 ? r->record_size
					     : head->cfg->write_size;
		if (r->cfg->dispatch == RELAY_LEAST_LOADED)
			relay_ll_create(r);
	}
	for (size_t i = 0; i < sc->n_flows; i++)
		sim->flows[i].record_size =
			sim->flows[heads[i]].cfg->record_size;
	xfree(reader);
	xfree(writer);
	xfree(heads);
}

void
relay_free_all_sim(struct sim *sim)
{
	for (size_t i = 0; i < sim->n_relays; i++) {
		xfree(sim->relays[i].to);
		xfree(sim->relays[i].to_index);
		xfree(sim->relays[i].ll_key);
		xfree(sim->relays[i].ll_win);
		xfree(sim->relays[i].started_bits);
		xfree(sim->relays[i].odd_bits);
		xfree(sim->relays[i].odd);
		xfree(sim->relays[i].odd_pos);
		records_free(&sim->relays[i].births);
	}
	xfree(sim->relays);
	sim->relays = NULL;
	sim->n_relays = 0;
	xfree(sim->chain_memo);
	sim->chain_memo = NULL;
}

/* ---- reading from `from` ---- */

/* Take n bytes of `from`'s receive buffer; keep them or not. */
static void
relay_take(struct sim *sim, struct relay *r, uint64_t n, bool keep)
{
	struct flow *f = r->from;

	f->rcv.read_off += n;
	r->read_bytes += n;
	records_move(&f->births, n, keep ? &r->births : NULL);
	sim->births_version++;
	if (keep)
		r->in_off += n;
	else
		r->dropped += n;
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_RECEIVER, TRACE_APP_READ, 0, 0,
			  (uint32_t)min_u64(n, UINT32_MAX), 0,
			  "relay %s %s %llu byte%s (%llu held of %llu)",
			  r->cfg->name, keep ? "reads" : "discards",
			  (unsigned long long)n, sim_plural(n),
			  (unsigned long long)relay_held(r),
			  (unsigned long long)r->cfg->buffer);
}

/* on_full = block: read what fits; say when it stops and starts again. */
static bool
relay_read_block(struct sim *sim, struct relay *r)
{
	uint64_t avail = receiver_readable(&r->from->rcv);
	uint64_t held = relay_held(r);
	uint64_t room = held < r->cfg->buffer ? r->cfg->buffer - held : 0;
	uint64_t n = min_u64(avail, room);
	char size[32];

	if (n > 0) {
		if (r->full && sim->eng.tracing)
			sim_trace(sim, r->from->index, WHERE_RECEIVER,
				  TRACE_RELAY, 0, 0, 0, 0,
				  "relay %s: reading again from %s",
				  r->cfg->name, r->from->cfg->name);
		r->full = false;
		relay_take(sim, r, n, true);
	}
	if (!r->full && relay_held(r) >= r->cfg->buffer) {
		r->full = true;
		relay_size_text(size, sizeof size, r->cfg->buffer);
		if (sim->eng.tracing)
			sim_trace(sim, r->from->index, WHERE_RECEIVER,
				  TRACE_RELAY, 0, 0, 0, 0,
				  "relay %s: buffer full (%s): stops reading "
				  "from %s",
				  r->cfg->name, size, r->from->cfg->name);
	}
	return n > 0;
}

/* on_full = drop: read everything; a unit that does not fit whole is
 * discarded whole. */
static bool
relay_read_drop(struct sim *sim, struct relay *r)
{
	uint64_t avail = receiver_readable(&r->from->rcv);
	bool any = avail > 0;

	while (avail > 0) {
		uint64_t n;

		if (r->unit_left == 0) {
			uint64_t held = relay_held(r);

			r->unit_left = r->unit;
			r->unit_kept = held < r->cfg->buffer &&
				       r->cfg->buffer - held >= r->unit;
			if (!r->unit_kept && sim->eng.tracing)
				sim_trace(sim, r->from->index, WHERE_RECEIVER,
					  TRACE_RELAY, 0, 0, 0, 0,
					  "relay %s: buffer full (%llu of "
					  "%llu bytes): drops a %llu-byte "
					  "unit from %s",
					  r->cfg->name,
					  (unsigned long long)held,
					  (unsigned long long)r->cfg->buffer,
					  (unsigned long long)r->unit,
					  r->from->cfg->name);
		}
		n = min_u64(avail, r->unit_left);
		relay_take(sim, r, n, r->unit_kept);
		r->unit_left -= n;
		avail -= n;
	}
	return any;
}

/* ---- forwarding to the `to` flows ---- */

/*
 * The relay waits for room in to[k], or no longer does (its producer's
 * blocked state); the event log says when it starts to.
 */
static void
relay_set_blocked(struct sim *sim, struct relay *r, size_t k, bool blocked)
{
	if (relay_to_blocked(r, (uint32_t)k) == blocked)
		return;
	if (blocked)
		producer_relay_blocks(sim, r->to[k]);
	if (blocked == r->all_blocked)
		relay_odd_remove(r, (uint32_t)k);
	else
		relay_odd_add(r, (uint32_t)k);
}

static int
relay_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * least_loaded: every started flow's producer waits while none has room,
 * none once one has.  Those that already do as told stay as they are,
 * silent; the others change, and each that starts to wait says so, in
 * the order of the flows.  Without the event log that is all_blocked
 * and the odd ones cleared, whatever the number of flows; with it, the
 * flows that say something are visited.
 */
static void
relay_block_all(struct sim *sim, struct relay *r, bool blocked)
{
	if (blocked == r->all_blocked) {
		/* the odd ones change */
		if (r->n_odd == 0)
			return;
		if (blocked && sim->eng.tracing)
			qsort(r->odd, r->n_odd, sizeof *r->odd, relay_cmp_u32);
		for (size_t i = 0; i < r->n_odd; i++) {
			uint32_t k = r->odd[i];

			r->looks++;
			if (blocked)
				producer_relay_blocks(sim, r->to[k]);
			r->odd_bits[k / 64] &= ~(1ull << (k % 64));
		}
		r->n_odd = 0;
		return;
	}
	/* all the others change: the started flows that are not odd */
	r->looks++;
	if (blocked && sim->eng.tracing)
		for (size_t w = 0; w < relay_words(r); w++) {
			uint64_t says = r->started_bits[w] & ~r->odd_bits[w];

			for (; says != 0; says &= says - 1) {
				size_t k =
					64 * w + (size_t)__builtin_ctzll(says);

				r->looks++;
				producer_relay_blocks(sim, r->to[k]);
			}
		}
	for (size_t i = 0; i < r->n_odd; i++) {
		uint32_t k = r->odd[i];

		r->looks++;
		r->odd_bits[k / 64] &= ~(1ull << (k % 64));
	}
	r->n_odd = 0;
	r->all_blocked = blocked;
}

/* least_loaded by a look at every flow: the rule as relay.h states it. */
static size_t
relay_ll_scan(const struct relay *r, uint64_t len)
{
	size_t best = SIZE_MAX;
	uint64_t best_load = UINT64_MAX;

	for (size_t k = 0; k < r->n_to; k++) {
		uint64_t load = relay_ll_load(r->to[k], len);

		if (load != UINT64_MAX &&
		    (best == SIZE_MAX || load < best_load)) {
			best = k;
			best_load = load;
		}
	}
	return best;
}

#ifdef TCPSIM_DEBUG
/* The tree and the bits against the flows themselves. */
static void
relay_ll_check(struct sim *sim, const struct relay *r)
{
	size_t n = r->n_to;

	for (size_t k = 0; k < n; k++) {
		const struct flow *f = r->to[k];
		uint64_t bit = 1ull << (k % 64);

		SIM_CHECK(sim, f->index,
			  r->ll_key[k] == relay_ll_load(f, r->unit),
			  "relay %s: the tree's load of %s is stale",
			  r->cfg->name, f->cfg->name);
		SIM_CHECK(sim, f->index,
			  !!(r->started_bits[k / 64] & bit) == f->prod.started,
			  "relay %s: the bits of %s are stale", r->cfg->name,
			  f->cfg->name);
	}
	for (size_t i = n; i-- > 1;)
		SIM_CHECK(sim, r->from->index,
			  r->ll_win[i] == relay_ll_better(r, r->ll_win[2 * i],
							  r->ll_win[2 * i + 1]),
			  "relay %s: tree node %zu is stale", r->cfg->name, i);
}

/* After relay_block_all(): every started flow as told, the odd ones in
 * their list and bits. */
static void
relay_block_check(struct sim *sim, const struct relay *r, bool blocked)
{
	size_t odd = 0;

	for (size_t k = 0; k < r->n_to; k++) {
		SIM_CHECK(sim, r->to[k]->index,
			  relay_to_blocked(r, (uint32_t)k) ==
				  (blocked && r->to[k]->prod.started),
			  "relay %s: %s is not %s", r->cfg->name,
			  r->to[k]->cfg->name, blocked ? "blocked" : "free");
		odd += (r->odd_bits[k / 64] >> (k % 64)) & 1;
	}
	SIM_CHECK(sim, r->from->index, odd == r->n_odd && r->n_odd == 0,
		  "relay %s: %zu odd flows, %zu listed", r->cfg->name, odd,
		  r->n_odd);
}
#endif

/*
 * The to flow the next unit of `len` bytes goes to, or SIZE_MAX to wait.
 * round_robin: the next in turn, once it has started (the group is served
 * in order; a full flow makes the relay wait for it).  least_loaded: the
 * started flow with the fewest bytes in its send buffer among those with
 * room for the whole unit (ties to the first), so that one stalled
 * consumer does not hold up the others; none: every flow is full, and the
 * relay waits for room in any.
 */
static size_t
relay_pick(struct sim *sim, struct relay *r, uint64_t len)
{
	size_t best = SIZE_MAX;

	if (r->cfg->dispatch == RELAY_ROUND_ROBIN) {
		best = r->rr_next;
		if (!r->to[best]->prod.started)
			return SIZE_MAX;
		r->rr_next = (r->rr_next + 1) % r->n_to;
		return best;
	}
	/* The tree answers for a whole unit; a shorter one is the stream's
	 * last (relay_start_unit() waits for a whole unit until `from` has
	 * ended), and a flow may have room for it and not for a unit: the
	 * scan then. */
	r->picks++;
	if (len == r->unit) {
		r->looks++;
		best = r->ll_key[r->ll_win[1]] == UINT64_MAX ? SIZE_MAX
							     : r->ll_win[1];
	} else {
		r->scans++;
		r->looks += r->n_to;
		best = relay_ll_scan(r, len);
	}
#ifdef TCPSIM_DEBUG
	relay_ll_check(sim, r);
	SIM_CHECK(sim, r->from->index, best == relay_ll_scan(r, len),
		  "relay %s: the tree's pick is not the scan's", r->cfg->name);
#endif
	relay_block_all(sim, r, best == SIZE_MAX);
#ifdef TCPSIM_DEBUG
	relay_block_check(sim, r, best == SIZE_MAX);
#endif
	return best;
}

/* Has `from` delivered its last byte to the relay? */
static bool
relay_upstream_done(const struct relay *r)
{
	return r->from->finished;
}

/* Start the next unit if it is whole and due.  False if none starts. */
static bool
relay_start_unit(struct sim *sim, struct relay *r)
{
	uint64_t held = relay_held(r);
	uint64_t rate = r->cfg->process_rate_bps;
	size_t k;

	if (held == 0 || (held < r->unit && !relay_upstream_done(r)))
		return false;
	if (rate == 0)
		return false; /* paused: a timeline change wakes it */
	if (rate != SCENARIO_UNLIMITED && r->unit_len > 0) {
		int64_t at = r->unit_started +
			     time_for_bytes(r->unit_len, rate, NULL);

		if (at > sim->eng.now) {
			sim_schedule(sim, &r->next_unit, at);
			return false;
		}
	}
	k = relay_pick(sim, r, min_u64(r->unit, held));
	if (k == SIZE_MAX)
		return false;
	r->cur = k;
	r->cur_left = min_u64(r->unit, held);
	r->unit_started = sim->eng.now;
	r->unit_len = r->cur_left;
	return true;
}

/* Copy what fits of the current unit.  False when it must wait. */
static bool
relay_copy(struct sim *sim, struct relay *r)
{
	struct flow *f = r->to[r->cur];
	uint64_t n = min_u64(r->cur_left, relay_room(f));

	if (n > 0) {
		records_move(&r->births, n, &f->births);
		sim->births_version++;
		r->out_off += n;
		r->cur_left -= n;
		if (sim->eng.tracing)
			sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE,
				  0, 0, (uint32_t)min_u64(n, UINT32_MAX), 0,
				  "relay %s writes %llu byte%s into the send "
				  "buffer of %s",
				  r->cfg->name, (unsigned long long)n,
				  sim_plural(n), f->cfg->name);
		producer_relay_write(sim, f, n);
		if (r->ll_key != NULL)
			relay_ll_update(r, (uint32_t)r->cur);
	}
	if (r->cur_left > 0) {
		relay_set_blocked(sim, r, r->cur, true);
		return false;
	}
	relay_set_blocked(sim, r, r->cur, false);
	r->cur = SIZE_MAX;
	return true;
}

/* Everything forwarded: the to flows have written their last byte. */
static void
relay_check_done(struct sim *sim, struct relay *r)
{
	if (r->done || !relay_upstream_done(r) || relay_held(r) > 0 ||
	    r->cur != SIZE_MAX)
		return;
	r->done = true;
	if (sim->eng.tracing)
		sim_trace(sim, r->from->index, WHERE_RECEIVER, TRACE_RELAY, 0,
			  0, 0, 0,
			  "relay %s: %s has ended and everything is forwarded",
			  r->cfg->name, r->from->cfg->name);
	for (size_t k = 0; k < r->n_to; k++) {
		r->to[k]->prod.done = true;
		flow_check_finished(sim, r->to[k]);
	}
}

/*
 * Forward and read until neither moves: forwarding frees room to read,
 * reading may complete a unit.
 */
static void
relay_run(struct sim *sim, struct relay *r, bool from_arrival)
{
	bool read_any = false;

	if (r->running)
		return; /* the outer call goes round again */
	r->running = true;
	for (;;) {
		bool moved = false, read;

		while (r->cur != SIZE_MAX || relay_start_unit(sim, r)) {
			if (!relay_copy(sim, r))
				break;
			moved = true;
		}
		read = r->cfg->on_full == ON_FULL_DROP
			       ? relay_read_drop(sim, r)
			       : relay_read_block(sim, r);
		if (read) {
			read_any = true;
			flow_check_finished(sim, r->from);
		}
		if (!read && !moved)
			break;
	}
	r->running = false;
	if (read_any && !from_arrival)
		receiver_after_read(sim, r->from);
	relay_check_done(sim, r);
}

static void
relay_on_timer(struct sim *sim, struct event *ev)
{
	relay_run(sim, ev->owner, false);
}

void
relay_on_data(struct sim *sim, struct relay *r, bool from_arrival)
{
	relay_run(sim, r, from_arrival);
}

void
relay_on_space(struct sim *sim, struct relay *r)
{
	relay_run(sim, r, false);
}

void
relay_on_change(struct sim *sim, struct relay *r)
{
	sim_cancel(sim, &r->next_unit);
	relay_run(sim, r, false);
}

int64_t
relay_chain_oldest_in(const struct sim *sim, const struct flow *f,
		      const struct records_fifo **where)
{
	int64_t oldest = records_oldest(&f->births);
	const struct records_fifo *in = &f->births;
	const struct relay *r = f->reader_relay;
	struct relay_memo *memo;

	if (r == NULL) {
		*where = oldest == INT64_MAX ? NULL : in;
		return oldest;
	}
	memo = &sim->chain_memo[f->index];
	if (memo->version == sim->births_version + 1) {
		*where = memo->where;
		return memo->oldest;
	}
	if (records_oldest(&r->births) < oldest) {
		oldest = records_oldest(&r->births);
		in = &r->births;
	}
	for (size_t k = 0; k < r->n_to; k++) {
		const struct records_fifo *w;
		int64_t t = relay_chain_oldest_in(sim, r->to[k], &w);

		if (t < oldest) {
			oldest = t;
			in = w;
		}
	}
	memo->oldest = oldest;
	memo->walks++;
	memo->where = oldest == INT64_MAX ? NULL : in;
	memo->version = sim->births_version + 1;
	*where = memo->where;
	return oldest;
}

int64_t
relay_chain_oldest(const struct sim *sim, const struct flow *f)
{
	const struct records_fifo *where;

	return relay_chain_oldest_in(sim, f, &where);
}

/* ---- what front ends read (sim.h) ---- */

size_t
sim_relay_count(const struct sim *sim)
{
	return sim->n_relays;
}

const char *
sim_relay_name(const struct sim *sim, size_t relay)
{
	return sim->relays[relay].cfg->name;
}

static int64_t
relay_age(const struct sim *sim, int64_t birth)
{
	return birth == INT64_MAX ? -1 : sim->eng.now - birth;
}

void
sim_flow_lag(const struct sim *sim, size_t flow, struct lag_snapshot *out)
{
	const struct flow *f = &sim->flows[flow];
	uint64_t s = f->record_size;

	memset(out, 0, sizeof(*out));
	out->record_size = s;
	out->records_written = records_below(f->snd.written, s);
	out->records_read = records_below(f->rcv.read_off, s);
	out->lag_records = out->records_written - out->records_read;
	out->lag_bytes = f->snd.written - f->rcv.read_off;
	out->time_lag_ns = relay_age(sim, records_oldest(&f->births));
	out->consumer = f->reader_relay == NULL;
	out->reader_relay =
		f->reader_relay != NULL ? f->reader_relay->index : SIZE_MAX;
	out->writer_relay =
		f->writer_relay != NULL ? f->writer_relay->index : SIZE_MAX;
	out->shedding = f->prod.shedding;
}

void
sim_relay_snapshot(const struct sim *sim, size_t relay,
		   struct relay_snapshot *out)
{
	const struct relay *r = &sim->relays[relay];
	int64_t oldest = records_oldest(&r->births);

	memset(out, 0, sizeof(*out));
	out->name = r->cfg->name;
	out->from_flow = r->from->index;
	out->n_to = r->n_to;
	out->to_flows = r->to_index;
	out->buffer_bytes = relay_held(r);
	out->buffer_limit = r->cfg->buffer;
	out->held_records = records_below(r->in_off, r->record_size) -
			    records_below(r->out_off, r->record_size);
	out->oldest_age_ns = relay_age(sim, oldest);
	out->unit_bytes = r->unit;
	out->record_size = r->record_size;
	out->process_rate_bps = r->cfg->process_rate_bps;
	out->on_full = (int)r->cfg->on_full;
	out->dispatch = (int)r->cfg->dispatch;
	out->reading = !r->full;
	out->waiting = r->cur != SIZE_MAX && r->cur_left > 0;
	out->waiting_for = out->waiting ? r->to_index[r->cur] : SIZE_MAX;
	if (!out->waiting) /* least_loaded: all; any blocked */
		out->waiting =
			r->all_blocked ? r->n_odd < r->n_started : r->n_odd > 0;
	out->done = r->done;
	out->read_bytes = r->read_bytes;
	out->forwarded_bytes = r->out_off;
	out->dropped_bytes = r->dropped;
	out->group_lag_records = out->held_records;
	out->group_lag_bytes = out->buffer_bytes;
	for (size_t k = 0; k < r->n_to; k++) {
		struct lag_snapshot lag;
		int64_t t = relay_chain_oldest(sim, r->to[k]);

		sim_flow_lag(sim, r->to_index[k], &lag);
		out->group_lag_records += lag.lag_records;
		out->group_lag_bytes += lag.lag_bytes;
		if (t < oldest)
			oldest = t;
	}
	out->group_time_lag_ns = relay_age(sim, oldest);
}
