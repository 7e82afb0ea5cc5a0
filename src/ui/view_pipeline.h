/* SPDX-License-Identifier: ISC */
/*
 * view_pipeline.h: the path of the bytes, left to right, in four rows.
 *
 *   PRODUCER  SEND BUFFER  QUEUE   LINK 10.0Mb/s 20ms      RECV BUFFER CONSUMER
 *   BLOCKED   [#########]  [..]    ----->--->->----->--    [#########] STOPPED
 *   unlimited 128K/128K    0/100   <-----<-----<-----<     64.0K/64.0K 0b/s
 *                                  <  rwnd 0: ZERO WINDOW
 *
 * Data packets move right along the upper lane of the link, ACKs left
 * along the lower one, where sim_packets_in_flight() says they are.  The
 * advertised window travels back as a labelled arrow: the label rides on
 * the oldest ACK in flight that carries a window the sender has not heard
 * yet, and sits at the sender's end (what the sender knows) otherwise.
 */
#ifndef TCPSIM_VIEW_PIPELINE_H
#define TCPSIM_VIEW_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"
#include "model/sim.h"
#include "scenario/scenario.h"
#include "ui/grid.h"
#include "ui/layout.h"

struct glyphs;

/* A packet that died lately, marked where it died (player.h). */
struct drop_mark {
	enum trace_where where; /* WHERE_QUEUE: drop-tail, at the queue's
				   door; WHERE_LINK: lost on the wire, at
				   the start of the link */
	uint32_t flow;		/* whose packet */
	int64_t time_ns;	/* when */
};

struct pipeline_view {
	const struct flow_snapshot *flow;      /* the flow shown in detail */
	const struct flow_config *config;      /* its live settings */
	const struct link_snapshot *link;      /* the bottleneck now */
	const struct link_config *link_config; /* its live settings */
	const struct packet_view *packets;     /* on the link, all flows */
	size_t n_packets;		       /* entries in packets */
	size_t shown;			       /* index of the shown flow */
	size_t n_flows;			       /* flows in the run */
	bool shedding;	   /* the producer is dropping writes */
	int news_packet;   /* packets[] index of the ACK with news, or -1 */
	uint64_t news_win; /* the window that ACK advertises, bytes */
	int64_t now_ns;	   /* simulated time */
	const struct drop_mark *drops; /* lately, oldest first */
	size_t n_drops;		       /* entries of drops */
	int64_t drop_mark_ns;	       /* a mark stays this long (simulated) */
};

/* Column widths for a pipeline `cols` wide (for tests and the layout). */
struct pipeline_columns {
	int producer, send_buffer, queue, link, recv_buffer, consumer;
};
void view_pipeline_columns(struct pipeline_columns *c, int cols);

void view_pipeline(struct grid *g, const struct rect *r,
		   const struct pipeline_view *v, const struct glyphs *gl);

#endif
