/* SPDX-License-Identifier: ISC */
/* aqm.c: RED, CoDel and FQ-CoDel at the bottleneck; see aqm.h. */
#include "net/aqm.h"

#include <assert.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/link.h"
#include "net/packet.h"
#include "model/sim_internal.h"
#include "tcp/flow.h"
#include "util/xmalloc.h"

static const char *const aqm_names[] = {"droptail", "red", "codel", "fq_codel"};

const char *
aqm_discipline_name(int discipline)
{
	assert(discipline >= QDISC_DROPTAIL && discipline <= QDISC_FQ_CODEL);
	return aqm_names[discipline];
}

/*
 * fq_codel's fattest queue (RFC 8290 4.1) is asked at every overflow: a
 * scan of every queue was the most of a run of 10 000 flows.  A
 * tournament tree keeps it instead, updated (log2 of the queues' steps)
 * when a queue's bytes change; it names the queue the scan named, the
 * lowest index among the fattest.
 */
#define AQM_FAT_NONE UINT32_MAX

/* The winner of two nodes: the more bytes, the left (lower indices) on a
 * tie; a node without a queue loses. */
static struct aqm_fat
aqm_fat_winner(struct aqm_fat l, struct aqm_fat r)
{
	if (l.queue == AQM_FAT_NONE)
		return r;
	if (r.queue == AQM_FAT_NONE)
		return l;
	return r.bytes > l.bytes ? r : l;
}

static void
aqm_fat_init(struct aqm *a)
{
	size_t k;

	a->fat_leaves = 1;
	while (a->fat_leaves < a->n_queues)
		a->fat_leaves *= 2;
	a->fat = xcalloc(2 * a->fat_leaves, sizeof *a->fat);
	for (k = 0; k < a->fat_leaves; k++) {
		a->fat[a->fat_leaves + k].bytes = 0;
		a->fat[a->fat_leaves + k].queue =
			k < a->n_queues ? (uint32_t)k : AQM_FAT_NONE;
	}
	for (k = a->fat_leaves; k-- > 1;)
		a->fat[k] = aqm_fat_winner(a->fat[2 * k], a->fat[2 * k + 1]);
}

/* Queue `q`'s bytes changed: its leaf, then up while a node changes. */
static void
aqm_fat_update(struct aqm *a, const struct fq_queue *q)
{
	size_t k = a->fat_leaves + (size_t)(q - a->queues);

	a->fat[k].bytes = q->q.bytes;
	for (k /= 2; k >= 1; k /= 2) {
		struct aqm_fat w =
			aqm_fat_winner(a->fat[2 * k], a->fat[2 * k + 1]);

		if (w.queue == a->fat[k].queue && w.bytes == a->fat[k].bytes)
			break; /* and so every node above */
		a->fat[k] = w;
	}
}

void
aqm_init(struct sim *sim, struct aqm *a, const struct link_config *cfg)
{
	size_t i;

	fifo_init(&a->fifo);
	red_init(&a->red);
	codel_init(&a->codel);
	a->queues = NULL;
	a->n_queues = 0;
	a->fat = NULL;
	a->fat_leaves = 0;
	a->new_flows.head = a->new_flows.tail = NULL;
	a->old_flows.head = a->old_flows.tail = NULL;
	a->packets = a->bytes = 0;
	a->max_wire_len = 0;
	a->aqm_drops = a->ecn_marks = 0;
	if (cfg->discipline != QDISC_FQ_CODEL)
		return;
	a->n_queues = sim->config.n_flows;
	a->queues = xcalloc(a->n_queues, sizeof *a->queues);
	for (i = 0; i < a->n_queues; i++) {
		fifo_init(&a->queues[i].q);
		codel_init(&a->queues[i].codel);
		a->queues[i].list = FQ_LIST_NONE;
	}
	aqm_fat_init(a);
}

static void
aqm_fifo_release(struct sim *sim, struct fifo *q)
{
	struct packet *p;

	while ((p = fifo_pop(q)) != NULL)
		packet_release(&sim->pool, p);
}

void
aqm_clear(struct sim *sim, struct aqm *a)
{
	size_t i;

	aqm_fifo_release(sim, &a->fifo);
	for (i = 0; i < a->n_queues; i++)
		aqm_fifo_release(sim, &a->queues[i].q);
	free(a->queues);
	a->queues = NULL;
	a->n_queues = 0;
	free(a->fat);
	a->fat = NULL;
	a->fat_leaves = 0;
	a->packets = a->bytes = 0;
}

/* ---- what a decision does to a packet ---- */

/* A drop at the queue: counted, told, freed.  `by_rule`: RED or CoDel
 * chose it (rather than a full queue). */
__attribute__((format(printf, 5, 6))) static void
aqm_drop(struct sim *sim, struct link *l, struct packet *p, bool by_rule,
	 const char *fmt, ...)
{
	l->queue_drops++;
	if (by_rule)
		l->aqm.aqm_drops++;
	flow_count_drop(sim, p);
	if (sim->eng.tracing) {
		char detail[160];
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(detail, sizeof detail, fmt, ap);
		va_end(ap);
		sim_trace(sim, p->flow, WHERE_QUEUE, TRACE_DROP, p->seq, 0,
			  p->len, 0, "%s", detail);
	}
	packet_release(&sim->pool, p);
}

/*
 * RFC 3168 5: a queue that would drop an ECN-capable packet for
 * congestion marks it CE instead, if the link marks.  True when the
 * packet now carries CE.
 */
static bool
aqm_mark(struct sim *sim, struct link *l, struct packet *p, const char *why)
{
	if (!l->cfg->ecn || !(p->flags & PKT_ECT))
		return false;
	if (!(p->flags & PKT_CE)) {
		p->flags |= PKT_CE;
		l->aqm.ecn_marks++;
		if (sim->eng.tracing)
			sim_trace(sim, p->flow, WHERE_QUEUE, TRACE_CE_MARK,
				  p->seq, 0, p->len, 0,
				  "%s: marks CE (congestion experienced) on "
				  "seq %u instead of dropping it",
				  why, p->seq);
	}
	return true;
}

/* What CoDel's callbacks get: the run and the link it judges for. */
struct aqm_codel_ctx {
	struct sim *sim; /* the run */
	struct link *l;	 /* the link whose queue it is */
};

static bool
aqm_codel_mark(void *ctx, struct packet *p)
{
	struct aqm_codel_ctx *c = ctx;

	return aqm_mark(c->sim, c->l, p, "CoDel");
}

static void
aqm_codel_drop(void *ctx, struct packet *p, const struct codel *c,
	       int64_t sojourn_ns)
{
	struct aqm_codel_ctx *cc = ctx;

	aqm_drop(cc->sim, cc->l, p, true,
		 "CoDel: seq %u waited %.3f ms, above target for an interval: "
		 "drop %u of this episode (count %u: the next after "
		 "interval/sqrt(count))",
		 p->seq, (double)sojourn_ns / 1e6, c->count, c->count);
}

static const struct codel_ops aqm_codel_ops_proto = {aqm_codel_mark,
						     aqm_codel_drop, NULL};

static void
aqm_codel_params(const struct link *l, struct codel_params *prm)
{
	prm->target_ns = l->cfg->codel_target_ns;
	prm->interval_ns = l->cfg->codel_interval_ns;
	prm->mtu_bytes = l->aqm.max_wire_len;
}

/* ---- enqueue ---- */

/* Packets or bytes held in all, the one on the wire included. */
static uint64_t
aqm_held(const struct link *l, bool packets)
{
	return packets ? l->fwd.packets + l->aqm.packets
		       : l->fwd.bytes + l->aqm.bytes;
}

static bool
aqm_over_limit(const struct link *l, uint64_t extra_packets,
	       uint64_t extra_bytes)
{
	const struct link_config *cfg = l->cfg;

	if (cfg->queue_in_packets)
		return aqm_held(l, true) + extra_packets > cfg->queue_limit;
	return aqm_held(l, false) + extra_bytes > cfg->queue_limit;
}

static void
aqm_joined(struct sim *sim, struct link *l, struct packet *p)
{
	struct aqm *a = &l->aqm;

	a->packets++;
	a->bytes += p->wire_len;
	if (sim->eng.tracing)
		sim_trace(
			sim, p->flow, WHERE_QUEUE, TRACE_ENQUEUE, p->seq, 0,
			p->len, 0, "segment joins the %s%s (%llu packets now)",
			l->name == NULL		       ? "bottleneck queue"
			: strcmp(l->name, "link") == 0 ? "default link's queue"
						       : "queue of link ",
			l->name != NULL && strcmp(l->name, "link") != 0
				? l->name
				: "",
			(unsigned long long)aqm_held(l, true));
}

static void
aqm_red_params(const struct link_config *cfg, struct red_params *prm)
{
	prm->min_th = (double)cfg->red_min_th;
	prm->max_th = (double)cfg->red_max_th;
	prm->max_p = cfg->red_max_p;
	prm->w_q = cfg->red_w_q;
	prm->gentle = cfg->red_gentle;
}

static void
aqm_red_enqueue(struct sim *sim, struct link *l, struct packet *p)
{
	const struct link_config *cfg = l->cfg;
	struct aqm *a = &l->aqm;
	struct red_params prm;
	double q, m = 0.0, pa;
	enum red_verdict v;

	aqm_red_params(cfg, &prm);
	q = (double)aqm_held(l, cfg->red_min_th_in_packets);
	if (q == 0.0 && a->red.idle) {
		/* m: small packets the link could have sent while idle */
		double s_ns =
			(double)a->max_wire_len * 8e9 / (double)cfg->rate_bps;

		m = s_ns > 0.0
			    ? (double)(sim->eng.now - a->red.idle_since) / s_ns
			    : 0.0;
	}
	red_update_avg(&a->red, &prm, q, m);
	/* The decay is accounted up to now; the queue stays idle if this
	 * arrival is dropped (an arrival that joins ends the idle time). */
	a->red.idle_since = sim->eng.now;
	v = red_decide(&a->red, &prm, &sim->eng.rng, &pa);
	if (v != RED_ACCEPT) {
		bool forced = v == RED_FORCED_DROP;

		if (!forced && aqm_mark(sim, l, p, "RED"))
			goto accept;
		aqm_drop(sim, l, p, true,
			 "RED: average queue %.2f %s (min_th %llu, max_th "
			 "%llu): %s drop of seq %u (p_a %.3f)",
			 a->red.avg,
			 cfg->red_min_th_in_packets ? "packets" : "bytes",
			 (unsigned long long)cfg->red_min_th,
			 (unsigned long long)cfg->red_max_th,
			 forced ? "forced" : "early", p->seq, pa);
		return;
	}
accept:
	if (aqm_over_limit(l, 1, p->wire_len)) {
		aqm_drop(sim, l, p, false,
			 "queue full (%llu packets): %s drops %u bytes at seq "
			 "%u",
			 (unsigned long long)aqm_held(l, true), "red", p->len,
			 p->seq);
		return;
	}
	fifo_push(&a->fifo, p);
	a->red.idle = false;
	aqm_joined(sim, l, p);
}

/* The non-empty queue with the most bytes (RFC 8290 4.1), the first of
 * them on a tie. */
static struct fq_queue *
aqm_fattest(struct aqm *a)
{
	const struct aqm_fat *w = &a->fat[1];
	struct fq_queue *fat = w->queue != AQM_FAT_NONE && w->bytes > 0
				       ? &a->queues[w->queue]
				       : NULL;

#ifdef TCPSIM_DEBUG
	/* the tree names the queue a scan of them all names */
	struct fq_queue *scan = NULL;

	for (size_t i = 0; i < a->n_queues; i++)
		if (a->queues[i].q.bytes > 0 &&
		    (scan == NULL || a->queues[i].q.bytes > scan->q.bytes))
			scan = &a->queues[i];
	assert(fat == scan);
#endif
	return fat;
}

static void
fq_list_push(struct fq_list *l, struct fq_queue *q, enum fq_list_id id)
{
	q->next = NULL;
	q->list = id;
	if (l->tail != NULL)
		l->tail->next = q;
	else
		l->head = q;
	l->tail = q;
}

static struct fq_queue *
fq_list_pop(struct fq_list *l)
{
	struct fq_queue *q = l->head;

	l->head = q->next;
	if (l->head == NULL)
		l->tail = NULL;
	q->next = NULL;
	q->list = FQ_LIST_NONE;
	return q;
}

static void
aqm_fq_enqueue(struct sim *sim, struct link *l, struct packet *p)
{
	struct aqm *a = &l->aqm;
	struct fq_queue *q;
	uint64_t before;

	assert(p->flow < a->n_queues);
	q = &a->queues[p->flow];
	/* What was held before: a limit lowered on the timeline drops no
	 * more than the arrivals bring (as drop-tail drops nothing already
	 * queued). */
	before = aqm_held(l, l->cfg->queue_in_packets);
	fifo_push(&q->q, p);
	aqm_fat_update(a, q);
	aqm_joined(sim, l, p);
	if (q->list == FQ_LIST_NONE) {
		/* a newly active flow: to new_flows, with a full quantum */
		q->deficit = (int64_t)l->cfg->fq_quantum;
		fq_list_push(&a->new_flows, q, FQ_LIST_NEW);
	}
	while (aqm_over_limit(l, 0, 0) &&
	       aqm_held(l, l->cfg->queue_in_packets) > before) {
		struct fq_queue *fat = aqm_fattest(a);
		struct packet *victim;

		if (fat == NULL)
			break; /* only the packet on the wire: nothing to drop
				*/
		victim = fifo_pop(&fat->q);
		aqm_fat_update(a, fat);
		a->packets--;
		a->bytes -= victim->wire_len;
		aqm_drop(sim, l, victim, false,
			 "queue full (%llu packets): fq_codel drops seq %u at "
			 "the head of the fattest queue (%s, %llu bytes)",
			 (unsigned long long)aqm_held(l, true) + 1, victim->seq,
			 sim->config.flows[victim->flow].name,
			 (unsigned long long)fat->q.bytes + victim->wire_len);
	}
}

void
aqm_enqueue(struct sim *sim, struct link *l, struct packet *p)
{
	struct aqm *a = &l->aqm;

	if (p->wire_len > a->max_wire_len)
		a->max_wire_len = p->wire_len;
	p->enqueued_at = sim->eng.now;
	switch (l->cfg->discipline) {
	case QDISC_RED:
		aqm_red_enqueue(sim, l, p);
		return;
	case QDISC_CODEL:
		if (aqm_over_limit(l, 1, p->wire_len)) {
			aqm_drop(sim, l, p, false,
				 "queue full (%llu packets): %s drops %u "
				 "bytes at seq %u",
				 (unsigned long long)aqm_held(l, true), "codel",
				 p->len, p->seq);
			return;
		}
		fifo_push(&a->fifo, p);
		aqm_joined(sim, l, p);
		return;
	case QDISC_FQ_CODEL:
		aqm_fq_enqueue(sim, l, p);
		return;
	case QDISC_DROPTAIL:
		break;
	}
	assert(!"drop-tail is the link's own");
}

/* ---- dequeue ---- */

/* CoDel on one FIFO, keeping the totals in step with what it took. */
static struct packet *
aqm_codel_take(struct sim *sim, struct link *l, struct codel *c, struct fifo *q)
{
	struct aqm *a = &l->aqm;
	struct codel_ops ops = aqm_codel_ops_proto;
	struct aqm_codel_ctx ctx = {sim, l};
	struct codel_params prm;
	uint64_t packets = q->packets, bytes = q->bytes;
	struct packet *p;

	ops.ctx = &ctx;
	aqm_codel_params(l, &prm);
	p = codel_dequeue(c, &prm, q, sim->eng.now, &ops);
	a->packets -= packets - q->packets;
	a->bytes -= bytes - q->bytes;
	return p;
}

/* A whole round of old_flows has only handed out credit: every queue
 * on it was found with deficit <= 0, and the head, `first`, is there
 * again with deficit <= 0.  If all still have deficit <= 0, the next
 * rounds do the same, each queue in turn taking one quantum and going
 * to the back (which leaves the order as it is), until the first round
 * in which some queue is found with credit left: add those rounds' quanta
 * at once.  A quantum far below the packet size (1 B for 64 KiB packets)
 * would otherwise cost a round of the list per byte of each packet. */
static void
aqm_fq_skip_rounds(struct aqm *a, int64_t quantum)
{
	struct fq_queue *q;
	int64_t rounds = INT64_MAX;

	for (q = a->old_flows.head; q != NULL; q = q->next) {
		if (q->deficit > 0)
			return;
		/* the rounds in which this queue is still found at <= 0 */
		if (-q->deficit / quantum + 1 < rounds)
			rounds = -q->deficit / quantum + 1;
	}
	for (q = a->old_flows.head; q != NULL; q = q->next)
		q->deficit += rounds * quantum;
}

/* RFC 8290 4.2: deficit round robin over new_flows, then old_flows. */
static struct packet *
aqm_fq_dequeue(struct sim *sim, struct link *l)
{
	struct aqm *a = &l->aqm;
	/* the first queue given credit since a packet was taken or a queue
	 * left the lists, NULL if none */
	const struct fq_queue *first = NULL;

	for (;;) {
		struct fq_list *list = a->new_flows.head != NULL ? &a->new_flows
				       : a->old_flows.head != NULL
					       ? &a->old_flows
					       : NULL;
		struct fq_queue *q;
		struct packet *p;

		if (list == NULL)
			return NULL;
		q = list->head;
		if (q->deficit <= 0 && q == first) {
			/* a round with no packet taken: skip those like it */
			aqm_fq_skip_rounds(a, (int64_t)l->cfg->fq_quantum);
			first = NULL;
			continue;
		}
		if (q->deficit <= 0) {
			/* its turn is spent: more credit, to the back */
			if (first == NULL)
				first = q;
			q->deficit += (int64_t)l->cfg->fq_quantum;
			fq_list_push(&a->old_flows, fq_list_pop(list),
				     FQ_LIST_OLD);
			continue;
		}
		p = aqm_codel_take(sim, l, &q->codel, &q->q);
		aqm_fat_update(a, q);
		if (p == NULL) {
			/* Empty: a new queue goes to old_flows once, so
			 * that it cannot starve the others by coming back
			 * as new; an old one leaves the lists. */
			fq_list_pop(list);
			if (list == &a->new_flows && a->old_flows.head != NULL)
				fq_list_push(&a->old_flows, q, FQ_LIST_OLD);
			first = NULL;
			continue;
		}
		q->deficit -= p->wire_len;
		return p;
	}
}

struct packet *
aqm_dequeue(struct sim *sim, struct link *l)
{
	struct aqm *a = &l->aqm;
	struct packet *p;

	switch (l->cfg->discipline) {
	case QDISC_RED:
		p = fifo_pop(&a->fifo);
		if (p != NULL) {
			a->packets--;
			a->bytes -= p->wire_len;
		}
		return p;
	case QDISC_CODEL:
		return aqm_codel_take(sim, l, &a->codel, &a->fifo);
	case QDISC_FQ_CODEL:
		return aqm_fq_dequeue(sim, l);
	case QDISC_DROPTAIL:
		break;
	}
	return NULL;
}

/* ---- for the UI ---- */

static size_t
aqm_view_fifo(const struct fifo *q, struct packet_view *out, size_t n,
	      size_t max, uint32_t *queue_index)
{
	const struct packet *p;

	for (p = q->head; p != NULL; p = p->next, n++) {
		if (n >= max)
			continue;
		out[n] = (struct packet_view){
			.place = PLACE_QUEUE,
			.flow = p->flow,
			.seq = p->seq,
			.len = p->len,
			.queue_index = (*queue_index)++,
		};
	}
	return n;
}

size_t
aqm_view(const struct aqm *a, struct packet_view *out, size_t n, size_t max,
	 uint32_t *queue_index)
{
	size_t i;

	n = aqm_view_fifo(&a->fifo, out, n, max, queue_index);
	for (i = 0; i < a->n_queues; i++)
		n = aqm_view_fifo(&a->queues[i].q, out, n, max, queue_index);
	return n;
}
