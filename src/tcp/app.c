/* SPDX-License-Identifier: ISC */
/* app.c: the producing and consuming applications; see app.h. */
#include "tcp/app.h"

#include <stdlib.h>
#include <string.h>

#include "model/relay.h"
#include "model/sim_internal.h"
#include "trace/sentences.h"
#include "sim/time.h"
#include "tcp/flow.h"
#include "tcp/sender.h"
#include "util/xmalloc.h"

static void producer_on_timer(struct sim *sim, struct event *ev);
static void reader_on_ready(struct sim *sim, struct event *ev);

static inline uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* flow_check_finished() after its first test, inline: a flow whose
 * producer still writes cannot have finished, and that is every read and
 * every ACK of a bulk transfer. */
static inline void
app_check_finished(struct sim *sim, struct flow *f)
{
	if (f->prod.done && !f->finished)
		flow_check_finished(sim, f);
}

/* Word w of the consumer's bits of idle readers. */
static inline uint64_t *
consumer_idle_word(struct consumer *c, uint32_t w)
{
	return w == 0 ? &c->idle0 : &c->idle_more[w - 1];
}

static void
consumer_grow(struct flow *f, uint32_t n)
{
	struct consumer *c = &f->cons;

	if (n <= c->cap)
		return;
	c->readers = xreallocarray(c->readers, n, sizeof(*c->readers));
	if (n > 64) {
		size_t had = c->cap > 64 ? (c->cap - 1) / 64 : 0;
		size_t words = (n - 1) / 64;

		c->idle_more = xreallocarray(c->idle_more, words,
					     sizeof *c->idle_more);
		memset(c->idle_more + had, 0,
		       (words - had) * sizeof *c->idle_more);
	}
	for (uint32_t i = c->cap; i < n; i++) {
		struct consumer_reader *rd =
			i == 0 ? &c->first : xcalloc(1, sizeof(*rd));

		memset(rd, 0, sizeof(*rd));

		event_init(&rd->ready, reader_on_ready, rd);
		rd->flow = f;
		rd->index = i;
		c->readers[i] = rd;
		*consumer_idle_word(c, i / 64) |= 1ull << (i % 64);
	}
	c->cap = n;
}

/* A reader starts or ends its pause after a read. */
static void
reader_set_busy(struct consumer *c, struct consumer_reader *rd, bool busy)
{
	uint64_t *w = consumer_idle_word(c, rd->index / 64);

	rd->busy = busy;
	if (busy)
		*w &= ~(1ull << (rd->index % 64));
	else
		*w |= 1ull << (rd->index % 64);
}

void
app_init(struct sim *sim, struct flow *f)
{
	struct producer *pr = &f->prod;

	pr->pending = pr->attempted = pr->dropped = 0;
	pr->write_started = 0;
	pr->write_len = 0;
	pr->started = pr->blocked = pr->done = false;
	pr->tat_ns = 0;
	pr->shedding = false;
	pr->shed_floor_set = false;
	pr->shed_floor = 0;
	pr->shed_witness = NULL;
	event_init(&pr->next_write, producer_on_timer, f);
	sim_schedule(sim, &pr->next_write, f->cfg->start_ns);
	f->cons.readers = NULL;
	f->cons.idle_more = NULL;
	f->cons.idle0 = 0;
	f->cons.cap = 0;
	consumer_grow(f, f->cfg->readers);
}

void
app_free(struct sim *sim, struct flow *f)
{
	(void)sim;
	for (uint32_t i = 1; i < f->cons.cap; i++) /* 0 is cons.first */
		free(f->cons.readers[i]);
	free(f->cons.readers);
	free(f->cons.idle_more);
	f->cons.readers = NULL;
	f->cons.idle_more = NULL;
	f->cons.cap = 0;
}

/* ---- producer ---- */

static uint64_t
producer_room(const struct flow *f)
{
	uint64_t held = sender_buffered(&f->snd);

	return held < f->cfg->send_buffer ? f->cfg->send_buffer - held : 0;
}

static void
producer_copy(struct sim *sim, struct flow *f, uint64_t n)
{
	f->snd.written += n;
	sender_note_write(&f->snd, f->cfg, f->snd.written - n, f->snd.written);
	if (sim->track_records) {
		records_push(&f->births, n, f->prod.write_started);
		sim->births_version++;
	}
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0,
			  (uint32_t)min_u64(n, UINT32_MAX), 0, SENTENCE_WRITE,
			  (unsigned long long)n, sim_plural(n),
			  (unsigned long long)sender_buffered(&f->snd),
			  (unsigned long long)f->cfg->send_buffer);
}

static void
producer_set_blocked(struct sim *sim, struct flow *f, bool blocked)
{
	if (f->prod.blocked == blocked)
		return;
	f->prod.blocked = blocked;
	if (blocked && sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0, 0,
			  0,
			  "producer blocks: the %llu-byte send buffer is full "
			  "of unacknowledged data (backpressure)",
			  (unsigned long long)f->cfg->send_buffer);
}

/*
 * shed_when_lag_exceeds: is the oldest byte the chain has not handed to
 * an application older than that?  Says so when it starts and stops.
 *
 * The answer needs a look at every flow and relay downstream, a consumer
 * group's every member, at every write.  Most writes need none: the
 * chain's bytes all come from this producer, written at times that never
 * go back, and leave it only by being read or discarded, so its oldest
 * byte never gets older than the last look found (or than that look's
 * time, when the chain was empty: writes start no sooner, and none is
 * pending here).  While not shedding, that floor within the threshold
 * says no; while shedding, the FIFO that held the oldest byte says yes
 * as long as its own oldest byte is still past the threshold.  Either way
 * the answer is the same, and unchanged, so nothing is said.
 */
static bool
producer_sheds(struct sim *sim, struct flow *f)
{
	struct producer *pr = &f->prod;
	const struct records_fifo *where;
	int64_t oldest, lag;
	bool shed;

	if (!pr->shedding && pr->shed_floor_set &&
	    sim->eng.now - pr->shed_floor <= f->cfg->shed_lag_ns)
		return false;
	if (pr->shedding && pr->shed_witness != NULL) {
		oldest = records_oldest(pr->shed_witness);
		if (oldest != INT64_MAX &&
		    sim->eng.now - oldest > f->cfg->shed_lag_ns)
			return true;
	}
	oldest = relay_chain_oldest_in(sim, f, &where);
	lag = oldest == INT64_MAX ? 0 : sim->eng.now - oldest;
	shed = lag > f->cfg->shed_lag_ns;
	pr->shed_floor_set = true;
	pr->shed_floor = oldest == INT64_MAX ? sim->eng.now : oldest;
	pr->shed_witness = where;

	if (shed != pr->shedding && sim->eng.tracing && oldest == INT64_MAX)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0, 0,
			  0,
			  "producer stops shedding: nothing it wrote is unread "
			  "(shed_when_lag_exceeds %.3f s)",
			  time_to_seconds(f->cfg->shed_lag_ns));
	else if (shed != pr->shedding && sim->eng.tracing && shed)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0, 0,
			  0,
			  "producer starts shedding: the oldest unread "
			  "record is %.3f s old, more than "
			  "shed_when_lag_exceeds (%.3f s)",
			  time_to_seconds(lag),
			  time_to_seconds(f->cfg->shed_lag_ns));
	else if (shed != pr->shedding && sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0, 0,
			  0,
			  "producer stops shedding: the oldest unread "
			  "record is %.3f s old, within "
			  "shed_when_lag_exceeds (%.3f s)",
			  time_to_seconds(lag),
			  time_to_seconds(f->cfg->shed_lag_ns));
	pr->shedding = shed;
	return shed;
}

/*
 * When the next write of n bytes may start.  write_burst: a token bucket
 * of that depth filled at write_rate, as the GCRA computes it, so that
 * from an idle start the producer writes write_burst + write_rate * t
 * bytes by time t; without it, n*8/rate after the last write started.
 */
static int64_t
producer_next_write(const struct sim *sim, const struct flow *f, uint64_t n)
{
	const struct producer *pr = &f->prod;
	uint64_t rate = f->cfg->write_rate_bps;

	if (f->cfg->write_burst > 0) {
		int64_t at = pr->tat_ns + time_for_bytes(n, rate, NULL) -
			     time_for_bytes(f->cfg->write_burst, rate, NULL);

		return at > sim->eng.now ? at : sim->eng.now;
	}
	return pr->write_len == 0
		       ? sim->eng.now
		       : pr->write_started +
				 time_for_bytes(pr->write_len, rate, NULL);
}

/*
 * Do every write that is due now, as far as the buffer allows.  Returns
 * true if bytes went into the buffer.
 */
static bool
producer_work(struct sim *sim, struct flow *f)
{
	struct producer *pr = &f->prod;
	const struct flow_config *cfg = f->cfg;
	bool copied = false;

	while (!pr->done) {
		uint64_t room = producer_room(f);
		/* write_total may have been lowered below what is written */
		uint64_t left = cfg->write_total == SCENARIO_UNLIMITED
					? UINT64_MAX
				: cfg->write_total > pr->attempted
					? cfg->write_total - pr->attempted
					: 0;
		int64_t next_at;
		uint64_t n;

		if (pr->pending > 0) {
			n = min_u64(pr->pending, room);
			if (n > 0) {
				pr->pending -= n;
				producer_copy(sim, f, n);
				copied = true;
			}
			if (pr->pending > 0) {
				producer_set_blocked(sim, f, true);
				return copied;
			}
		}
		if (left == 0) {
			pr->done = true;
			break;
		}
		if (cfg->write_rate_bps == 0)
			break; /* paused: a timeline change wakes it */
		if (cfg->write_rate_bps == SCENARIO_UNLIMITED &&
		    cfg->on_full == ON_FULL_BLOCK) {
			/* Back-to-back writes: one copy of all that fits. */
			n = min_u64(room, left);
			if (n == 0) {
				producer_set_blocked(sim, f, true);
				return copied;
			}
			pr->attempted += n;
			pr->write_started = sim->eng.now;
			pr->write_len = n;
			producer_copy(sim, f, n);
			copied = true;
			if (n < left) {
				/* n was the room: the next turn would find the
				 * buffer full and block (said here, without it)
				 */
				producer_set_blocked(sim, f, true);
				return copied;
			}
			continue;
		}
		/* Paced: a write of n bytes starts n*8/rate after the last. */
		n = min_u64(cfg->write_size, left);
		next_at = producer_next_write(sim, f, n);
		if (next_at > sim->eng.now) {
			sim_schedule(sim, &pr->next_write, next_at);
			break;
		}
		if (cfg->write_burst > 0)
			pr->tat_ns =
				(pr->tat_ns > sim->eng.now ? pr->tat_ns
							   : sim->eng.now) +
				time_for_bytes(n, cfg->write_rate_bps, NULL);
		pr->attempted += n;
		pr->write_started = sim->eng.now;
		pr->write_len = n;
		if (cfg->shed_lag_ns > 0 && producer_sheds(sim, f)) {
			pr->dropped += n; /* shed, as on_full = drop does */
		} else if (cfg->on_full == ON_FULL_DROP) {
			if (room >= n) {
				producer_copy(sim, f, n);
				copied = true;
			} else {
				pr->dropped += n;
				if (sim->eng.tracing)
					sim_trace(
						sim, f->index, WHERE_SENDER,
						TRACE_APP_WRITE, 0, 0, 0, 0,
						"producer sheds a %llu-byte "
						"write: the send buffer has "
						"room for %llu (load shedding)",
						(unsigned long long)n,
						(unsigned long long)room);
			}
		} else {
			pr->pending = n;
		}
	}
	producer_set_blocked(sim, f, false);
	return copied;
}

static void
producer_run(struct sim *sim, struct flow *f)
{
	if (!f->prod.started)
		return;
	if (f->writer_relay != NULL) {
		relay_on_space(sim, f->writer_relay);
		return;
	}
	if (producer_work(sim, f))
		sender_output(sim, f);
	flow_check_finished(sim, f);
}

static void
producer_on_timer(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;

	f->prod.started = true;
	if (f->writer_relay != NULL)
		relay_note_to(f->writer_relay, f);
	producer_run(sim, f);
}

/*
 * write_wakeup = linux: sk_stream_write_space() wakes a writer blocked on
 * a full send buffer only when the free space is at least half of what
 * the buffer holds (sk_stream_min_wspace(): sndbuf - queued >= queued /
 * 2), that is once a third of a full buffer has drained; the writer then
 * fills it again in one go, so a bulk writer writes in large chunks.
 * Linux counts the buffer in memory (skb truesize), the model in bytes.
 */
static bool
producer_may_wake(const struct flow *f)
{
	uint64_t held = sender_buffered(&f->snd);

	if (f->cfg->write_wakeup != WRITE_WAKEUP_LINUX)
		return true;
	return 2 * producer_room(f) >= held;
}

void
producer_on_space(struct sim *sim, struct flow *f)
{
	if (f->writer_relay != NULL) {
		relay_note_to(f->writer_relay, f); /* bytes acknowledged */
		if (relay_to_blocked(f->writer_relay, f->writer_slot))
			relay_on_space(sim, f->writer_relay);
		return;
	}
	/* producer_run() without its sender_output(): the caller sends
	 * next, and one output per ACK is enough.  (When the writes copy
	 * nothing new in, the flow cannot have finished since: the order of
	 * the output and flow_check_finished() does not matter.) */
	if ((f->prod.pending > 0 || f->prod.blocked) && f->prod.started &&
	    producer_may_wake(f)) {
		producer_work(sim, f);
		app_check_finished(sim, f);
	}
}

/* ---- consumers ---- */

/*
 * Reader i (idle) reads what it may now; false when there was nothing
 * to read.
 */
static inline __attribute__((always_inline)) bool
consumer_read_one(struct sim *sim, struct flow *f, uint32_t i)
{
	const struct flow_config *cfg = f->cfg;
	struct receiver *r = &f->rcv;
	/* (the first without a look at the array: see cons.first) */
	struct consumer_reader *rd =
		i == 0 ? &f->cons.first : f->cons.readers[i];
	uint64_t avail = receiver_readable(r);
	uint64_t n;

	if (avail == 0)
		return false;
	if (cfg->read_rate_bps == SCENARIO_UNLIMITED)
		n = avail; /* back-to-back reads take it all at once */
	else
		n = min_u64(cfg->read_size, avail);
	r->read_off += n;
	if (sim->track_records) {
		records_move(&f->births, n, NULL);
		sim->births_version++;
	}
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_RECEIVER, TRACE_APP_READ, 0, 0,
			  (uint32_t)min_u64(n, UINT32_MAX), 0, SENTENCE_READ,
			  (unsigned long long)n, sim_plural(n),
			  (unsigned long long)receiver_readable(r));
	if (cfg->read_rate_bps != SCENARIO_UNLIMITED) {
		reader_set_busy(&f->cons, rd, true);
		rd->busy_from = sim->eng.now;
		rd->busy_bytes = n;
		sim_schedule(sim, &rd->ready,
			     sim->eng.now + time_for_bytes(n,
							   cfg->read_rate_bps,
							   NULL));
	}
	return true;
}

/* Let idle readers read.  Returns true if any byte was read.  (Inline in
 * consumer_on_data(), its only caller, at every arrival of data.) */
static inline __attribute__((always_inline)) bool
consumer_read(struct sim *sim, struct flow *f)
{
	const struct flow_config *cfg = f->cfg;
	struct receiver *r = &f->rcv;
	bool any = false;
	uint32_t limit;

	if (cfg->read_rate_bps == 0)
		return false; /* the consumer is stalled */
	if (cfg->read_rate_bps == SCENARIO_UNLIMITED && cfg->readers > 0 &&
	    f->cons.cap > 0 && !f->cons.first.busy && !sim->track_records &&
	    !sim->eng.tracing) {
		/* The loop below for a reader that is never paced: the first
		 * takes everything, the others find nothing left. */
		uint64_t avail = receiver_readable(r);

		if (avail == 0)
			return false;
		r->read_off += avail;
		app_check_finished(sim, f);
		return true;
	}
	/* the idle readers among the first `readers`, in order, while there
	 * is data */
	limit = cfg->readers < f->cons.cap ? cfg->readers : f->cons.cap;
	for (uint32_t w = 0; w < (limit + 63) / 64; w++) {
		uint64_t idle = *consumer_idle_word(&f->cons, w);

		if (limit - 64 * w < 64)
			idle &= (1ull << (limit - 64 * w)) - 1;
		for (; idle != 0; idle &= idle - 1) {
			uint32_t i = 64 * w + (uint32_t)__builtin_ctzll(idle);

			if (!consumer_read_one(sim, f, i))
				goto out;
			any = true;
		}
	}
out:
	if (any)
		app_check_finished(sim, f);
	return any;
}

void
consumer_on_data(struct sim *sim, struct flow *f, bool from_arrival)
{
	if (f->reader_relay != NULL) {
		relay_on_data(sim, f->reader_relay, from_arrival);
		return;
	}
	if (consumer_read(sim, f) && !from_arrival)
		receiver_after_read(sim, f);
}

static void
reader_on_ready(struct sim *sim, struct event *ev)
{
	struct consumer_reader *rd = ev->owner;

	reader_set_busy(&rd->flow->cons, rd, false);
	consumer_on_data(sim, rd->flow, false);
}

void
app_on_change(struct sim *sim, struct flow *f)
{
	const struct flow_config *cfg = f->cfg;

	/* A relay at either end reads its own keys (the flow's keys of that
	 * end are refused by scenario_validate()); it looks again. */
	if (f->writer_relay != NULL)
		relay_note_to(f->writer_relay, f); /* send_buffer, maybe */
	if (f->reader_relay != NULL)
		relay_on_data(sim, f->reader_relay, false);
	if (f->writer_relay != NULL && f->prod.started)
		relay_on_space(sim, f->writer_relay);

	if (f->reader_relay == NULL) {
		/* Readers pacing at the old rate finish at the new one. */
		consumer_grow(f, cfg->readers);
		for (uint32_t i = 0; i < f->cons.cap; i++) {
			struct consumer_reader *rd = f->cons.readers[i];
			int64_t at;

			if (!rd->busy || cfg->read_rate_bps == 0)
				continue;
			at = rd->busy_from + time_for_bytes(rd->busy_bytes,
							    cfg->read_rate_bps,
							    NULL);
			sim_schedule(sim, &rd->ready,
				     at > sim->eng.now ? at : sim->eng.now);
		}
		consumer_on_data(sim, f, false);
	}

	/* The producer: a paused one may resume, a paced one re-paces. */
	if (f->writer_relay == NULL && f->prod.started) {
		sim_cancel(sim, &f->prod.next_write);
		producer_run(sim, f);
	}
}

bool
producer_is_blocked(const struct flow *f)
{
	return f->writer_relay != NULL
		       ? relay_to_blocked(f->writer_relay, f->writer_slot)
		       : f->prod.blocked;
}

/* ---- a relay as the producer ---- */

void
producer_relay_write(struct sim *sim, struct flow *f, uint64_t n)
{
	f->prod.attempted += n;
	f->snd.written += n;
	sender_note_write(&f->snd, f->cfg, f->snd.written - n, f->snd.written);
	sender_output(sim, f);
}

void
producer_relay_blocks(struct sim *sim, struct flow *f)
{
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_APP_WRITE, 0, 0, 0,
			  0,
			  "relay %s blocks on %s: the %llu-byte send buffer is "
			  "full of unacknowledged data (backpressure)",
			  f->writer_relay->cfg->name, f->cfg->name,
			  (unsigned long long)f->cfg->send_buffer);
}
