/* SPDX-License-Identifier: ISC */
/* pktlog.c: the latest packets of each charted flow (see pktlog.h). */
#include "ui/pktlog.h"

#include <stdlib.h>
#include <string.h>

#include "util/pack.h"
#include "util/xmalloc.h"

/* One flow's ring and what finding its records' ends needs. */
struct pktlog_flow {
	struct pktlog_rec *recs; /* capacity records, a ring */
	uint64_t total;		 /* records ever added: the next one goes
				    to recs[total % capacity] */
	uint64_t data_from;	 /* no data record before this (absolute
				    index) is still flying */
	uint64_t ack_from;	 /* nor any ACK record before this */
	uint64_t high;		 /* highest relative number seen, unwrapped:
				    the reference of pktlog_unwrap() */
	uint32_t isn;		 /* the flow's ISN */
	int64_t transit[2];	 /* per kind: the latest one-way time, -1 */
	uint64_t gone[2];	 /* per kind: records that left the ring
				    still flying, whose ends are to come */
	struct pktlog_seq *seqs; /* the flying data records of the ring by
				    number (below), or NULL */
};

/*
 * The flying data records of a ring, counted by their first byte: a drop
 * whose number has no count here is not in the ring, and needs no search
 * (a link's random loss hits a packet sent long before, which left a ring
 * smaller than the window long ago).  An open-addressed table of twice
 * the ring's size, linear probing, entries removed by shifting back; a
 * `count` of 0 is an empty entry.  `slot` is the ring's slot of the
 * newest record counted, or PKTLOG_SLOT_UNKNOWN once that one ended
 * while older ones with the number still fly (a retransmission beside
 * its original): then the ring is searched as before.  Only the log that
 * is fed has them; a copy builds them from its ring when first fed.
 */
struct pktlog_seq {
	uint32_t key;	/* the relative number's low 32 bits */
	uint32_t count; /* flying data records with it in the ring */
	uint32_t slot;	/* the newest one's slot, or PKTLOG_SLOT_UNKNOWN */
};

#define PKTLOG_SLOT_UNKNOWN UINT32_MAX

struct pktlog {
	struct pktlog_flow *flows; /* n_flows rings */
	size_t n_flows;		   /* flows recorded */
	size_t capacity;	   /* records per ring */
	size_t seqs_mask;	   /* entries of a table, less 1 */
};

uint64_t
pktlog_unwrap(uint32_t rel, uint64_t ref)
{
	int64_t d = (int32_t)(rel - (uint32_t)ref);

	if (d < 0 && (uint64_t)-d > ref)
		return rel; /* before the start: never below 0 */
	return ref + (uint64_t)d;
}

/* Where `key` starts its probe: the high bits of a Fibonacci hash
 * (numbers are a segment apart, their low bits alike). */
static size_t
pktlog_seq_home(const struct pktlog *log, uint32_t key)
{
	return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15u) >> 32) &
	       log->seqs_mask;
}

/* The entry of `seq` in f's table, or NULL. */
static struct pktlog_seq *
pktlog_seq_find(const struct pktlog *log, const struct pktlog_flow *f,
		uint64_t seq)
{
	uint32_t key = (uint32_t)seq;
	size_t i = pktlog_seq_home(log, key), n;

	/* never full (at most half used): the bound only keeps a mistake
	 * from spinning for ever */
	for (n = 0; f->seqs[i].count > 0 && n <= log->seqs_mask;
	     i = (i + 1) & log->seqs_mask, n++)
		if (f->seqs[i].key == key)
			return &f->seqs[i];
	return NULL;
}

/* One more flying data record numbered `seq`, the newest, at `slot`. */
static void
pktlog_seq_add(const struct pktlog *log, struct pktlog_flow *f, uint64_t seq,
	       size_t slot)
{
	uint32_t key = (uint32_t)seq;
	size_t i = pktlog_seq_home(log, key), n;

	for (n = 0; f->seqs[i].count > 0; i = (i + 1) & log->seqs_mask)
		if (f->seqs[i].key == key || ++n > log->seqs_mask)
			break;
	if (f->seqs[i].count == 0)
		f->seqs[i].key = key;
	f->seqs[i].count++;
	f->seqs[i].slot = (uint32_t)slot;
}

/* The flying data record numbered `seq` at `slot` ended or left the ring. */
static void
pktlog_seq_remove(const struct pktlog *log, struct pktlog_flow *f, uint64_t seq,
		  size_t slot)
{
	struct pktlog_seq *e = pktlog_seq_find(log, f, seq);
	size_t i, j, n, home;

	if (e == NULL)
		return; /* cannot be: every one is counted */
	if (--e->count > 0) {
		if (e->slot == slot)
			e->slot = PKTLOG_SLOT_UNKNOWN;
		return;
	}
	/* empty now: move later entries of the run back over it, each
	 * that may stand there (its home not cyclically in (i, j]) */
	i = (size_t)(e - f->seqs);
	for (j = (i + 1) & log->seqs_mask, n = 0;
	     f->seqs[j].count > 0 && n++ < log->seqs_mask;
	     j = (j + 1) & log->seqs_mask) {
		home = pktlog_seq_home(log, f->seqs[j].key);
		if (i <= j ? (home <= i || home > j)
			   : (home <= i && home > j)) {
			f->seqs[i] = f->seqs[j];
			i = j;
		}
	}
	f->seqs[i].count = 0;
}

/* f's table made from its ring (a copy fed for the first time, or one
 * whose ring was replaced): every flying data record, oldest first. */
static void
pktlog_seqs_build(const struct pktlog *log, struct pktlog_flow *f)
{
	uint64_t abs = f->total > log->capacity ? f->total - log->capacity : 0;

	if (f->seqs == NULL)
		f->seqs = xcalloc(log->seqs_mask + 1, sizeof *f->seqs);
	else
		memset(f->seqs, 0, (log->seqs_mask + 1) * sizeof *f->seqs);
	for (; abs < f->total; abs++) {
		const struct pktlog_rec *r = &f->recs[abs % log->capacity];

		if (r->kind == PKTLOG_DATA && r->fate == PKTLOG_FLYING)
			pktlog_seq_add(log, f, r->seq, abs % log->capacity);
	}
}

struct pktlog *
pktlog_create(size_t n_flows, size_t capacity)
{
	struct pktlog *log = xcalloc(1, sizeof *log);
	size_t i;

	log->n_flows = n_flows;
	log->capacity = capacity > 0 ? capacity : 1;
	log->seqs_mask = 1;
	while (log->seqs_mask + 1 < 2 * log->capacity)
		log->seqs_mask = 2 * log->seqs_mask + 1;
	log->flows = xcalloc(n_flows > 0 ? n_flows : 1, sizeof *log->flows);
	for (i = 0; i < n_flows; i++)
		log->flows[i].recs =
			xcalloc(log->capacity, sizeof *log->flows[i].recs);
	pktlog_reset(log);
	return log;
}

void
pktlog_free(struct pktlog *log)
{
	size_t i;

	if (log == NULL)
		return;
	for (i = 0; i < log->n_flows; i++) {
		free(log->flows[i].recs);
		free(log->flows[i].seqs);
	}
	free(log->flows);
	free(log);
}

struct pktlog *
pktlog_dup(const struct pktlog *src)
{
	struct pktlog *dst = pktlog_create(src->n_flows, src->capacity);

	pktlog_copy(dst, src);
	return dst;
}

void
pktlog_copy(struct pktlog *dst, const struct pktlog *src)
{
	size_t i;

	for (i = 0; i < src->n_flows && i < dst->n_flows; i++) {
		struct pktlog_rec *recs = dst->flows[i].recs;
		struct pktlog_seq *seqs = dst->flows[i].seqs;

		dst->flows[i] = src->flows[i];
		dst->flows[i].recs = recs;
		dst->flows[i].seqs = seqs;
		memcpy(recs, src->flows[i].recs, src->capacity * sizeof *recs);
		if (seqs != NULL)
			pktlog_seqs_build(dst, &dst->flows[i]);
	}
}

/* The pieces of a packed log: each flow's state (`heads`, its pointers
 * left out), then its ring. */
static struct pack_piece *
pktlog_pieces(const struct pktlog *log, struct pktlog_flow *heads)
{
	struct pack_piece *pieces =
		malloc(2 * log->n_flows * sizeof *pieces + 1);
	size_t i;

	for (i = 0; pieces != NULL && i < log->n_flows; i++) {
		pieces[2 * i].data = &heads[i];
		pieces[2 * i].size = sizeof heads[i];
		pieces[2 * i + 1].data = log->flows[i].recs;
		pieces[2 * i + 1].size =
			log->capacity * sizeof *log->flows[i].recs;
	}
	return pieces;
}

void *
pktlog_pack(const struct pktlog *log, size_t *size)
{
	struct pktlog_flow *heads = malloc(log->n_flows * sizeof *heads + 1);
	struct pack_piece *pieces = NULL;
	void *packed = NULL;
	size_t i;

	if (heads != NULL) {
		for (i = 0; i < log->n_flows; i++) {
			/* the pointers are the shape's, not the contents' */
			heads[i] = log->flows[i];
			heads[i].recs = NULL;
			heads[i].seqs = NULL;
		}
		pieces = pktlog_pieces(log, heads);
	}
	if (pieces != NULL)
		packed = pack_pieces(pieces, 2 * log->n_flows, size);
	free(pieces);
	free(heads);
	return packed;
}

bool
pktlog_unpack(struct pktlog *log, const void *packed, size_t size)
{
	struct pktlog_flow *heads = malloc(log->n_flows * sizeof *heads + 1);
	struct pack_piece *pieces =
		heads != NULL ? pktlog_pieces(log, heads) : NULL;
	bool ok = pieces != NULL &&
		  unpack_pieces(packed, size, pieces, 2 * log->n_flows);
	size_t i;

	for (i = 0; ok && i < log->n_flows; i++) {
		struct pktlog_flow *f = &log->flows[i];

		heads[i].recs = f->recs;
		heads[i].seqs = f->seqs;
		*f = heads[i];
		if (f->seqs != NULL)
			pktlog_seqs_build(log, f);
	}
	free(pieces);
	free(heads);
	return ok;
}

size_t
pktlog_bytes(const struct pktlog *log)
{
	return sizeof *log +
	       log->n_flows * (sizeof *log->flows +
			       log->capacity * sizeof *log->flows[0].recs);
}

void
pktlog_set_isn(struct pktlog *log, size_t flow, uint32_t isn)
{
	if (flow < log->n_flows)
		log->flows[flow].isn = isn;
}

void
pktlog_reset(struct pktlog *log)
{
	size_t i;

	/* the rings need no clearing: only entries below total are read */
	for (i = 0; i < log->n_flows; i++) {
		struct pktlog_flow *f = &log->flows[i];

		f->total = f->data_from = f->ack_from = f->high = 0;
		f->transit[PKTLOG_DATA] = f->transit[PKTLOG_ACK] = -1;
		f->gone[PKTLOG_DATA] = f->gone[PKTLOG_ACK] = 0;
		if (f->seqs != NULL)
			memset(f->seqs, 0,
			       (log->seqs_mask + 1) * sizeof *f->seqs);
	}
}

size_t
pktlog_flows(const struct pktlog *log)
{
	return log->n_flows;
}

size_t
pktlog_capacity(const struct pktlog *log)
{
	return log->capacity;
}

size_t
pktlog_count(const struct pktlog *log, size_t flow)
{
	if (flow >= log->n_flows)
		return 0;
	return log->flows[flow].total < log->capacity
		       ? (size_t)log->flows[flow].total
		       : log->capacity;
}

uint64_t
pktlog_total(const struct pktlog *log, size_t flow)
{
	return flow < log->n_flows ? log->flows[flow].total : 0;
}

/* The oldest absolute index still in the ring. */
static uint64_t
pktlog_oldest(const struct pktlog *log, const struct pktlog_flow *f)
{
	return f->total > log->capacity ? f->total - log->capacity : 0;
}

static struct pktlog_rec *
pktlog_at(const struct pktlog *log, const struct pktlog_flow *f, uint64_t abs)
{
	return &f->recs[abs % log->capacity];
}

const struct pktlog_rec *
pktlog_get(const struct pktlog *log, size_t flow, size_t i)
{
	const struct pktlog_flow *f = &log->flows[flow];

	return pktlog_at(log, f, pktlog_oldest(log, f) + i);
}

int64_t
pktlog_transit(const struct pktlog *log, size_t flow, enum pktlog_kind kind)
{
	if (flow >= log->n_flows)
		return -1;
	return log->flows[flow].transit[kind];
}

/* The wire number `seq` of `f`, relative to its ISN and unwrapped. */
static uint64_t
pktlog_rel(struct pktlog_flow *f, uint32_t seq)
{
	uint64_t v = pktlog_unwrap(seq - f->isn, f->high);

	if (v > f->high)
		f->high = v;
	return v;
}

/* A new record of `f`, cleared, flying, sent now. */
static struct pktlog_rec *
pktlog_add(struct pktlog *log, struct pktlog_flow *f, enum pktlog_kind kind,
	   int64_t now)
{
	struct pktlog_rec *r = pktlog_at(log, f, f->total);

	if (f->total++ >= log->capacity && r->fate == PKTLOG_FLYING) {
		f->gone[r->kind]++; /* its end will find no record */
		if (r->kind == PKTLOG_DATA)
			pktlog_seq_remove(log, f, r->seq,
					  (size_t)(r - f->recs));
	}
	memset(r, 0, sizeof *r);
	r->kind = (uint8_t)kind;
	r->fate = PKTLOG_FLYING;
	r->sent_ns = now;
	return r;
}

/* Is `r` a record of `kind` still on its way? */
static bool
pktlog_flying(const struct pktlog_rec *r, enum pktlog_kind kind)
{
	return r->kind == kind && r->fate == PKTLOG_FLYING;
}

/* Move *from past the records that are no longer flying ones of kind. */
static void
pktlog_advance(const struct pktlog *log, const struct pktlog_flow *f,
	       uint64_t *from, enum pktlog_kind kind)
{
	uint64_t oldest = pktlog_oldest(log, f);

	if (*from < oldest)
		*from = oldest;
	while (*from < f->total &&
	       !pktlog_flying(pktlog_at(log, f, *from), kind))
		(*from)++;
}

/* Data (seq, len) reached the receiver (arrived) or died (!arrived). */
static void
pktlog_data_end(struct pktlog *log, struct pktlog_flow *f, uint64_t seq,
		uint32_t len, int64_t now, bool arrived)
{
	struct pktlog_rec *r;
	struct pktlog_seq *e;
	uint64_t i;

	pktlog_advance(log, f, &f->data_from, PKTLOG_DATA);
	if (arrived) {
		/* arrivals come in the order sent: while records that left
		 * the ring are flying, this is one of them (without this,
		 * each arrival of a window larger than the ring searched
		 * the whole ring in vain) */
		if (f->gone[PKTLOG_DATA] > 0) {
			f->gone[PKTLOG_DATA]--;
			return;
		}
		for (i = f->data_from; i < f->total; i++) {
			r = pktlog_at(log, f, i);
			if (pktlog_flying(r, PKTLOG_DATA) && r->seq == seq &&
			    r->len == len)
				goto found;
		}
		return;
	}
	/* the newest flying record with these numbers: the table says
	 * whether there is one with the first, and which is the newest
	 * (without it, each random loss of a packet that left a ring
	 * smaller than the window searched the whole ring in vain) */
	e = pktlog_seq_find(log, f, seq);
	if (e != NULL && e->slot != PKTLOG_SLOT_UNKNOWN) {
		r = &f->recs[e->slot];
		if (pktlog_flying(r, PKTLOG_DATA) && r->seq == seq &&
		    r->len == len)
			goto found;
	}
	for (i = f->total; e != NULL && i-- > f->data_from;) {
		r = pktlog_at(log, f, i);
		if (pktlog_flying(r, PKTLOG_DATA) && r->seq == seq &&
		    r->len == len)
			goto found;
	}
	/* a drop may come before the ends of older packets (those still
	 * crossing the links after it): only one not in the ring is one
	 * that left it */
	if (f->gone[PKTLOG_DATA] > 0)
		f->gone[PKTLOG_DATA]--;
	return;
found:
	pktlog_seq_remove(log, f, r->seq, (size_t)(r - f->recs));
	r->fate = arrived ? PKTLOG_ARRIVED : PKTLOG_DROPPED;
	r->end_ns = now;
	if (arrived)
		f->transit[PKTLOG_DATA] = now - r->sent_ns;
	pktlog_advance(log, f, &f->data_from, PKTLOG_DATA);
}

void
pktlog_on_event(struct pktlog *log, const struct trace_event *ev)
{
	struct pktlog_flow *f;
	struct pktlog_rec *r;

	if (ev->flow >= log->n_flows)
		return;
	f = &log->flows[ev->flow];
	if (f->seqs == NULL)
		pktlog_seqs_build(log, f);
	switch (ev->kind) {
	case TRACE_ACK:
	case TRACE_WINDOW_UPDATE:
	case TRACE_ZERO_WINDOW:
		/* every ACK the receiver sends is one of these */
		r = pktlog_add(log, f, PKTLOG_ACK, ev->time_ns);
		r->seq = pktlog_rel(f, ev->ack);
		r->win = ev->win;
		break;
	case TRACE_DELIVER:
		pktlog_data_end(log, f, pktlog_rel(f, ev->seq), ev->len,
				ev->time_ns, true);
		break;
	case TRACE_DROP:
		if (ev->where == WHERE_QUEUE || ev->where == WHERE_LINK)
			pktlog_data_end(log, f, pktlog_rel(f, ev->seq), ev->len,
					ev->time_ns, false);
		break;
	default:
		break;
	}
}

/* An ACK (ack, SACK blocks) reached the sender. */
static void
pktlog_ack_end(struct pktlog *log, struct pktlog_flow *f,
	       const struct trace_packet *pkt)
{
	uint64_t ack = pktlog_rel(f, pkt->ack), i;
	struct pktlog_rec *r = NULL;
	unsigned k;

	pktlog_advance(log, f, &f->ack_from, PKTLOG_ACK);
	if (f->gone[PKTLOG_ACK] > 0) { /* ACKs too arrive in order */
		f->gone[PKTLOG_ACK]--;
		return;
	}
	for (i = f->ack_from; i < f->total; i++) {
		r = pktlog_at(log, f, i);
		if (pktlog_flying(r, PKTLOG_ACK) && r->seq == ack)
			break;
	}
	if (i == f->total || r == NULL)
		return;
	r->fate = PKTLOG_ARRIVED;
	r->end_ns = pkt->time_ns;
	f->transit[PKTLOG_ACK] = pkt->time_ns - r->sent_ns;
	r->n_sack = (uint8_t)(pkt->n_sack < PKTLOG_SACK_MAX ? pkt->n_sack
							    : PKTLOG_SACK_MAX);
	for (k = 0; k < r->n_sack; k++) {
		r->sack_left[k] = pkt->sack_left[k] - pkt->ack;
		r->sack_right[k] = pkt->sack_right[k] - pkt->ack;
	}
	pktlog_advance(log, f, &f->ack_from, PKTLOG_ACK);
}

void
pktlog_on_packet(struct pktlog *log, const struct trace_packet *pkt)
{
	struct pktlog_flow *f;
	struct pktlog_rec *r;

	if (pkt->flow >= log->n_flows)
		return;
	f = &log->flows[pkt->flow];
	if (f->seqs == NULL)
		pktlog_seqs_build(log, f);
	if (!pkt->from_sender) {
		pktlog_ack_end(log, f, pkt);
		return;
	}
	r = pktlog_add(log, f, PKTLOG_DATA, pkt->time_ns);
	r->seq = pktlog_rel(f, pkt->seq);
	r->len = pkt->len;
	r->retransmit = pkt->retransmit;
	r->probe = pkt->probe;
	pktlog_seq_add(log, f, r->seq, (size_t)(r - f->recs));
}
