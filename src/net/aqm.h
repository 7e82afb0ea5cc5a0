/* SPDX-License-Identifier: ISC */
/*
 * aqm.h: the bottleneck's queue disciplines other than drop-tail:
 * RED (net/red.h), CoDel (net/codel.h) and FQ-CoDel (RFC 8290).
 *
 * With a discipline, the link's serializer (net/link.h, fwd) holds only
 * the packet on the wire; the packets waiting are here.  The link asks
 * aqm_enqueue() at each arrival and aqm_dequeue() each time the
 * serializer is free.  `queue` stays the hard limit of everything held
 * (the packet on the wire included, as with drop-tail):
 *   red:      RED judges each arrival (early drop or CE mark); an arrival
 *             that would overflow the limit is dropped.
 *   codel:    one FIFO; CoDel judges the head as it leaves; an arrival
 *             that would overflow the limit is dropped.
 *   fq_codel: one FIFO per flow (the flow index is the hash: no
 *             collisions), served by deficit round robin with `quantum`
 *             bytes per turn, newly active queues first (new_flows, then
 *             old_flows, RFC 8290 4.2), CoDel on each queue; when the
 *             limit overflows, the head of the queue with the most bytes
 *             is dropped (4.1), which shields a sparse flow from a bulk
 *             one.
 * Drops by these rules count as queue drops (the link's arrived =
 * departed + dropped + held stays true); those decided by RED or CoDel
 * rather than by a full queue are also counted as AQM drops.
 */
#ifndef TCPSIM_AQM_H
#define TCPSIM_AQM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/codel.h"
#include "net/fifo.h"
#include "net/red.h"

struct sim;
struct link;
struct link_config;
struct packet;
struct packet_view;

/* Which list of FQ-CoDel a queue is on. */
enum fq_list_id {
	FQ_LIST_NONE, /* empty and inactive */
	FQ_LIST_NEW,  /* new_flows: became active recently */
	FQ_LIST_OLD,  /* old_flows */
};

/* One flow's queue under FQ-CoDel (RFC 8290 4). */
struct fq_queue {
	struct fifo q;	       /* the flow's waiting packets */
	struct codel codel;    /* CoDel on this queue */
	int64_t deficit;       /* DRR credits, bytes */
	struct fq_queue *next; /* next on its list */
	enum fq_list_id list;  /* the list it is on */
};

/* A list of queues, served from the head. */
struct fq_list {
	struct fq_queue *head, *tail; /* NULL when empty */
};

/* A node of fq_codel's tournament (struct aqm's fat). */
struct aqm_fat {
	uint64_t bytes; /* the winner's bytes */
	uint32_t queue; /* the winner, or UINT32_MAX for none */
};

struct aqm {
	struct fifo fifo;	  /* red, codel: the waiting packets */
	struct red red;		  /* red: its state */
	struct codel codel;	  /* codel: its state */
	struct fq_queue *queues;  /* fq_codel: one per flow, else NULL */
	size_t n_queues;	  /* entries of queues */
	struct aqm_fat *fat;	  /* fq_codel: a tournament over the queues'
				     bytes, the fattest queue at [1]: node k
				     holds its subtree's winner (the most
				     bytes, the lowest index on a tie), the
				     leaves from fat_leaves on */
	size_t fat_leaves;	  /* a power of two >= n_queues */
	struct fq_list new_flows; /* fq_codel: RFC 8290 4.2 */
	struct fq_list old_flows; /* fq_codel */
	uint64_t packets;	  /* waiting, every queue */
	uint64_t bytes;		  /* their wire bytes */
	uint64_t max_wire_len;	  /* largest packet seen: CoDel's
				     MAXPACKET and RED's idle unit */
	uint64_t aqm_drops;	  /* dropped by RED or CoDel's rules */
	uint64_t ecn_marks;	  /* CE marks instead of drops */
};

void aqm_init(struct sim *sim, struct aqm *a, const struct link_config *cfg);
/* Waiting packets go back to the pool; the queues are freed. */
void aqm_clear(struct sim *sim, struct aqm *a);

/* An arrival at link `l` (which counted it); it may be dropped or
 * marked.  `l->aqm` is the discipline's state, `l->cfg` its keys. */
void aqm_enqueue(struct sim *sim, struct link *l, struct packet *p);

/* The next packet for l's serializer, or NULL; drops on the way. */
struct packet *aqm_dequeue(struct sim *sim, struct link *l);

/*
 * The waiting packets in the order the UI draws them (after the one on
 * the wire): out[n..max) from index n; returns the new n, counting past
 * max as sim_packets_in_flight() does.  *queue_index numbers them.
 */
size_t aqm_view(const struct aqm *a, struct packet_view *out, size_t n,
		size_t max, uint32_t *queue_index);

/* The name of a discipline ("fq_codel"). */
const char *aqm_discipline_name(int discipline);

#endif
