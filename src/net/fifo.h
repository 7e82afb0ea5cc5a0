/* SPDX-License-Identifier: ISC */
/*
 * fifo.h: a first-in, first-out list of packets with its counts, for the
 * queue disciplines (net/aqm.h).  Packets link through their `next`
 * field, so a packet is in at most one FIFO (or pipe) at a time.
 */
#ifndef TCPSIM_FIFO_H
#define TCPSIM_FIFO_H

#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"

struct fifo {
	struct packet *head, *tail; /* oldest first */
	uint64_t packets;	    /* packets held */
	uint64_t bytes;		    /* wire bytes held */
};

static inline void
fifo_init(struct fifo *q)
{
	q->head = q->tail = NULL;
	q->packets = q->bytes = 0;
}

static inline void
fifo_push(struct fifo *q, struct packet *p)
{
	p->next = NULL;
	if (q->tail != NULL)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->packets++;
	q->bytes += p->wire_len;
}

/* The oldest packet, taken out; NULL when empty. */
static inline struct packet *
fifo_pop(struct fifo *q)
{
	struct packet *p = q->head;

	if (p == NULL)
		return NULL;
	q->head = p->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->packets--;
	q->bytes -= p->wire_len;
	p->next = NULL;
	return p;
}

#endif
