/* SPDX-License-Identifier: ISC */
/* ping.c: the latency probe; see ping.h. */
#include "net/ping.h"

#include "net/link.h"
#include "net/packet.h"
#include "model/sim_internal.h"
#include "tcp/flow.h"

static void
ping_on_timer(struct sim *sim, struct event *ev)
{
	struct flow *f = ev->owner;
	struct pinger *pg = &f->ping;
	struct packet *p = packet_alloc(&sim->pool);

	p->flow = f->index;
	p->flags = PKT_PING;
	p->seq = (uint32_t)++pg->sent;		/* the probe's number, from 1 */
	p->stream_off = (uint64_t)sim->eng.now; /* when it left */
	p->len = 0;
	p->wire_len = f->cfg->ping_size;
	flow_transmit_data(sim, f, p);
	sim_schedule(sim, &pg->next_probe,
		     sim->eng.now + f->cfg->ping_interval_ns);
}

void
ping_init(struct sim *sim, struct flow *f)
{
	struct pinger *pg = &f->ping;

	pg->sent = pg->replies = 0;
	pg->last_rtt_ns = -1;
	latency_init(&pg->rtts);
	event_init(&pg->next_probe, ping_on_timer, f);
	sim_schedule(sim, &pg->next_probe, f->cfg->start_ns);
}

void
ping_free(struct flow *f)
{
	latency_free(&f->ping.rtts);
}

void
ping_on_request(struct sim *sim, struct flow *f, struct packet *p)
{
	p->flags = PKT_PING_REPLY;
	p->wire_len = f->cfg->ping_size;
	flow_transmit_ack(sim, f, p);
}

void
ping_on_reply(struct sim *sim, struct flow *f, struct packet *p)
{
	struct pinger *pg = &f->ping;
	int64_t rtt = sim->eng.now - (int64_t)p->stream_off;

	pg->replies++;
	pg->last_rtt_ns = rtt;
	latency_add(&pg->rtts, rtt);
	if (sim->eng.tracing)
		sim_trace(sim, f->index, WHERE_SENDER, TRACE_PING, p->seq, 0, 0,
			  0, "probe %u answered: round trip %.3f ms", p->seq,
			  (double)rtt / 1e6);
	packet_release(&sim->pool, p);
}
