/* SPDX-License-Identifier: ISC */
/* route.c: a packet's way across the links of its flow's path; see route.h. */
#include "model/route.h"

#include "model/sim_internal.h"
#include "net/link.h"
#include "net/packet.h"
#include "tcp/flow.h"

struct link *
route_link(struct sim *sim, size_t id)
{
	return id == SCENARIO_DEFAULT_LINK ? &sim->link : &sim->links[id - 1];
}

/* p leaves a link whose header is `from` for one whose header is `to`. */
static void
route_reheader(struct packet *p, const struct link *from, const struct link *to)
{
	p->wire_len =
		p->wire_len - from->cfg->header_bytes + to->cfg->header_bytes;
}

void
route_send_data(struct sim *sim, struct packet *p)
{
	const struct flow_config *fc;
	struct link *first;

	p->hop = 0;
	sim->on_links[p->flow]++;
	if (sim->n_links == 0) { /* no named link: every path is `link` */
		link_send_data(sim, &sim->link, p);
		return;
	}
	fc = &sim->config.flows[p->flow];
	first = fc->n_path == 0 ? &sim->link : route_link(sim, fc->path[0]);
	route_reheader(p, &sim->link, first);
	link_send_data(sim, first, p);
}

void
route_data_out(struct sim *sim, struct link *l, struct packet *p)
{
	const struct flow_config *fc;
	struct link *next;

	if (sim->n_links == 0) {
		sim->on_links[p->flow]--;
		flow_on_data_arrival(sim, p);
		return;
	}
	fc = &sim->config.flows[p->flow];
	if ((size_t)p->hop + 1 >= fc->n_path) { /* the last link */
		route_reheader(p, l, &sim->link);
		sim->on_links[p->flow]--;
		flow_on_data_arrival(sim, p);
		return;
	}
	next = route_link(sim, fc->path[++p->hop]);
	route_reheader(p, l, next);
	link_send_data(sim, next, p);
}

void
route_send_ack(struct sim *sim, struct packet *p)
{
	const struct flow_config *fc;
	struct link *last;

	p->hop = 0;
	sim->on_links[p->flow]++;
	if (sim->n_links == 0) {
		link_send_ack(sim, &sim->link, p);
		return;
	}
	fc = &sim->config.flows[p->flow];
	if (fc->n_path > 0)
		p->hop = (uint8_t)(fc->n_path - 1);
	last = fc->n_path == 0 ? &sim->link : route_link(sim, fc->path[p->hop]);
	route_reheader(p, &sim->link, last);
	link_send_ack(sim, last, p);
}

void
route_ack_out(struct sim *sim, struct link *l, struct packet *p)
{
	const struct flow_config *fc;
	struct link *next;

	if (sim->n_links == 0) {
		sim->on_links[p->flow]--;
		flow_on_ack_arrival(sim, p);
		return;
	}
	if (p->hop == 0) { /* crossed the first link: to the sender */
		route_reheader(p, l, &sim->link);
		sim->on_links[p->flow]--;
		flow_on_ack_arrival(sim, p);
		return;
	}
	fc = &sim->config.flows[p->flow];
	next = route_link(sim, fc->path[--p->hop]);
	route_reheader(p, l, next);
	link_send_ack(sim, next, p);
}
