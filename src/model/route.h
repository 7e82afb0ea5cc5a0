/* SPDX-License-Identifier: ISC */
/*
 * route.h: the links a flow's packets cross, hop by hop.
 *
 * A flow's `path` (scenario.h) lists the links its data crosses, in
 * order; its ACKs cross the same links in reverse, each link's reverse
 * direction (reverse_rate, then delay).  Data: sender, access path
 * (extra_delay), first link (queue, serializer, propagation), next
 * link's queue, ..., receiver.  ACKs: receiver, last link's reverse
 * direction, ..., first link's reverse direction, access path, sender.
 *
 * A packet's `hop` is the index in its flow's path of the link it is
 * crossing.  A link hands every packet that leaves it to
 * route_data_out() or route_ack_out() (its link_deliver_fn), which send
 * it to the next link or to the flow: links know nothing of paths.
 *
 * On each link a packet carries that link's `header` bytes: its
 * wire_len changes by the difference of the headers as it passes from
 * one link to the next.  The TCP ends build packets with the default
 * link's header and get them back with it.
 *
 * A flow with no `path` crosses the default link alone, exactly as
 * before paths existed.
 */
#ifndef TCPSIM_ROUTE_H
#define TCPSIM_ROUTE_H

#include <stddef.h>

struct sim;
struct link;
struct packet;

/* The link of id `id` (0: the default link, i: [link NAME] number i). */
struct link *route_link(struct sim *sim, size_t id);

/* A data packet leaves the access path: it enters its first link. */
void route_send_data(struct sim *sim, struct packet *p);

/* An ACK leaves the receiver: it enters its last link, backwards. */
void route_send_ack(struct sim *sim, struct packet *p);

/* A packet crossed link `l`: on to the next link, or to the flow. */
void route_data_out(struct sim *sim, struct link *l, struct packet *p);
void route_ack_out(struct sim *sim, struct link *l, struct packet *p);

#endif
