/* SPDX-License-Identifier: ISC */
/*
 * receiver.h: the receiving side of a TCP connection.
 *
 * RCV.NXT is the next byte expected; the window is offered up to a right
 * edge `adv_right` (a stream offset) that never moves left (RFC 9293
 * 3.8.6, property 6).  The buffer holds the in-order bytes the consumer
 * has not read (rcv_off - read_off) and out-of-order segments, and never
 * more than receive_buffer: the right edge is at most read_off +
 * receive_buffer when it is set, and read_off only grows.
 *
 * The right edge moves only by at least min(buffer/2, MSS) when SWS
 * avoidance is on (RFC 9293 3.8.6.2.2), and never beyond what the 16-bit
 * window field can say (65535 << shift; the shift is the smallest that
 * covers the buffer, at most 14, RFC 7323 2.3; 0 when window_scale is
 * off).
 *
 * When to ACK follows ack_policy.  textbook: RFC 5681 4.2 as written (every
 * second full-sized segment, out-of-order data and gap fills at once,
 * otherwise after ack_delay).  linux: the rules of Linux's tcp_input.c,
 * written afresh here: a quick-ACK start (every segment ACKed at once for
 * the first rcv_wnd / (2 MSS) ACKs, at least 2, at most 16), an ACK at
 * once when more than one full-sized segment is unacknowledged and the
 * window would move, while out-of-order data is held, when a gap fills,
 * and when a read empties the buffer after a short segment or a
 * full-sized one with PSH (tcp_measure_rcv_mss() since Linux 6.6);
 * otherwise
 * after the ACK timeout `ato`, which follows the spacing of arrivals
 * between ack_delay (TCP_ATO_MIN) and 200 ms.
 */
#ifndef TCPSIM_RECEIVER_H
#define TCPSIM_RECEIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"
#include "sim/event_queue.h"
#include "tcp/ranges.h"

struct sim;
struct flow;
struct packet;

/* A run of out-of-order bytes held beyond RCV.NXT. */
struct receiver_range {
	uint64_t off; /* stream offset of the first byte */
	uint64_t len; /* bytes */
};

/*
 * In the order of how often they are touched (see struct sender): the
 * first lines hold what every data segment reads or writes, then the
 * delayed-ACK timer, whose first fields (time, queue slot, the wheel's
 * links) most segments change; SACK's recent ranges (out-of-order data
 * only) and the counters last.
 */
struct receiver {
	/* ---- every data segment ---- */
	_Alignas(64) uint32_t rcv_nxt; /* RCV.NXT */
	/* timestamps = on (RFC 7323 4.3) */
	uint32_t ts_recent;	/* TS.Recent: the TSval the next ACK echoes */
	uint32_t last_ack_sent; /* Last.ACK.sent: RCV.NXT in the last ACK */
	/* ack_policy = linux: the state of Linux's delayed-ACK engine */
	unsigned quick_acks; /* ACKs still sent at once (icsk_ack.quick) */
	uint64_t rcv_off;    /* stream offset of RCV.NXT = bytes delivered */
	uint64_t read_off;   /* bytes read by the consumer */
	uint64_t adv_right;  /* right edge of the window offered (offset) */
	uint64_t last_ack_right; /* right edge told in the last ACK */
	uint64_t last_ack_wnd;	 /* window told in the last ACK, bytes */
	uint64_t unacked_bytes;	 /* in-order bytes since the last ACK */
	struct ranges ooo;	 /* out-of-order data: disjoint, not touching,
				    beyond rcv_off (all zero: empty) */
	int64_t ato_ns;		 /* ACK timeout estimate (icsk_ack.ato); 0
				    before the first data segment */
	int64_t last_data_ns;	 /* arrival of the last in-order data
				    (icsk_ack.lrcvtime) */
	uint8_t wscale;		 /* our window shift (RFC 7323) */
	bool ack_pending;	 /* data arrived since the last ACK
				    (ICSK_ACK_SCHED) */
	bool pushed;		 /* a short segment arrived since the last ACK
				    (ICSK_ACK_PUSHED) */
	/* ECN (RFC 3168 6.1.3) */
	bool ece_pending;     /* a CE arrived: ACKs carry ECE until a CWR */
	uint64_t acks_sent;   /* counter: ACKs sent, window updates too */
	size_t n_sack_recent; /* entries in sack_recent */
	struct receiver_range dsack; /* a duplicate for the next ACK's first
					block (RFC 2883); len 0: none */
	struct event delack_timer;   /* delayed ACK (RFC 5681 4.2) */
	/* ---- out-of-order data, and counters ---- */
	/* SACK (sack = on): the out-of-order ranges to report, most
	 * recently changed first (RFC 2018 4), each equal to one in ooo */
	struct receiver_range sack_recent[PACKET_SACK_BLOCKS];
	uint64_t zero_window_adverts; /* counter: ACKs offering no room */
	uint64_t ce_received;	      /* data segments that arrived marked CE */
};

void receiver_init(struct sim *sim, struct flow *f);
void receiver_free(struct receiver *r);

/* A data segment (or probe) arrives. */
void receiver_on_data(struct sim *sim, struct flow *f, struct packet *p);

/*
 * The consumer has read: send a window update if the window grew enough
 * to matter (the window doubled, or reopened from zero).  With
 * ack_policy = linux also the ACK a delayed one becomes when the read
 * leaves more than one full-sized segment unacknowledged, or empties the
 * buffer after a short segment (tcp_cleanup_rbuf()).
 */
void receiver_after_read(struct sim *sim, struct flow *f);

/* Bytes held: unread in-order plus out-of-order. */
uint64_t receiver_buffered(const struct receiver *r);

/* Bytes the consumer can read now. */
static inline uint64_t
receiver_readable(const struct receiver *r)
{
	return r->rcv_off - r->read_off;
}

#endif
