/* SPDX-License-Identifier: ISC */
/* relay.c: an application between two TCP flows; see relay.h. */
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
		}
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

/* Room in flow f's send buffer. */
static uint64_t
relay_room(const struct flow *f)
{
	uint64_t used = sender_buffered(&f->snd);

	return used < f->cfg->send_buffer ? f->cfg->send_buffer - used : 0;
}

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
	for (size_t k = 0; k < r->n_to; k++) {
		const struct flow *f = r->to[k];

		if (!f->prod.started ||
		    relay_room(f) < min_u64(len, f->cfg->send_buffer))
			continue;
		if (best == SIZE_MAX ||
		    sender_buffered(&f->snd) <
			    sender_buffered(&r->to[best]->snd))
			best = k;
	}
	/* Every flow's producer waits while none has room; none once one
	 * has. */
	for (size_t k = 0; k < r->n_to; k++)
		if (r->to[k]->prod.started)
			producer_relay_blocked(sim, r->to[k], best == SIZE_MAX);
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
	}
	if (r->cur_left > 0) {
		producer_relay_blocked(sim, f, true);
		return false;
	}
	producer_relay_blocked(sim, f, false);
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
	for (size_t k = 0; k < r->n_to && !out->waiting; k++)
		out->waiting = r->to[k]->prod.blocked; /* least_loaded: all */
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
