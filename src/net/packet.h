/* SPDX-License-Identifier: ISC */
/*
 * packet.h: one simulated packet, and the pool packets come from.
 *
 * Packets carry no payload bytes: the payload of a data segment is named
 * by `stream_off`, the offset in the flow's byte stream of its first byte
 * as the sender meant it.  The receiver works out where the segment
 * belongs from the 32-bit sequence number alone and checks that the two
 * agree, which is what catches a wrong sequence number or a wrap bug
 * (tcp/stream.h).
 *
 * The pool never returns memory until the simulator is destroyed: after
 * the first round trip a run allocates nothing per packet, and memory
 * follows the largest number of packets in flight and queued at once.
 */
#ifndef TCPSIM_PACKET_H
#define TCPSIM_PACKET_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

enum packet_flags {
	PKT_DATA = 1 << 0,	 /* carries payload (len > 0) */
	PKT_ACK = 1 << 1,	 /* a pure ACK from the receiver */
	PKT_PROBE = 1 << 2,	 /* a zero-window probe (1 byte) */
	PKT_RETRANSMIT = 1 << 3, /* payload sent before */
	PKT_PUSH = 1 << 4,	 /* PSH: where the sender pushed (sender.c) */
	/* ECN (RFC 3168): the IP field's ECT(0) and CE codepoints, and the
	 * TCP header's ECE and CWR flags */
	PKT_ECT = 1 << 5, /* sent by an ECN-capable transport */
	PKT_CE = 1 << 6,  /* Congestion Experienced: marked by the queue */
	PKT_ECE = 1 << 7, /* ACKs: ECN-Echo, a CE arrived (6.1.3) */
	PKT_CWR = 1 << 8, /* data: Congestion Window Reduced (6.1.2) */
	/* the latency probe (net/ping.h): no TCP, seq is the probe number and
	 * stream_off the time the request left, in ns */
	PKT_PING = 1 << 9,	  /* a probe request, sender to receiver */
	PKT_PING_REPLY = 1 << 10, /* its reply, on the ACK path */
	PKT_TS = 1 << 11,	  /* carries the timestamps option (RFC 7323) */
};

/*
 * SACK blocks an ACK carries at most (RFC 2018 3): 40 bytes of TCP options
 * hold 4 blocks, or 3 beside the timestamps option (RFC 7323), which is
 * what real stacks send (the receiver takes 3 when timestamps are on).  A
 * fixed array keeps packets out of the allocator: the pool recycles them
 * whole.
 */
#define PACKET_SACK_BLOCKS    4
#define PACKET_SACK_BLOCKS_TS 3

/* One SACK block: the sequence numbers of its first byte and of the byte
 * after its last (RFC 2018 3, "left edge" and "right edge"). */
struct packet_sack {
	uint32_t left;	/* first sequence number of the block */
	uint32_t right; /* sequence number after the block */
};

struct packet {
	struct packet *next; /* next in whatever FIFO holds it */
	int64_t ready_at;    /* pipe: when it leaves the pipe */
	int64_t enqueued_at; /* bottleneck: when it joined the queue */
	union {
		struct {
			uint64_t stream_off;	 /* data: stream offset of the
						    first payload byte */
			uint64_t segment_number; /* data: 1, 2, ... for first
						    transmissions, else 0 */
		};
		/* ACKs: most recent first (RFC 2018 4), a D-SACK first (RFC
		 * 2883).  ACKs carry no payload: the blocks share the room of
		 * the data fields, which keeps every packet small. */
		struct packet_sack sack[PACKET_SACK_BLOCKS];
	};
	uint32_t flow;	   /* index of the flow */
	uint32_t seq;	   /* sequence number (wire, mod 2^32) */
	uint32_t ack;	   /* acknowledgment number (ACKs) */
	uint32_t len;	   /* payload bytes */
	uint32_t wire_len; /* payload + header bytes */
	uint32_t win;	   /* ACKs: the 16-bit window field, unscaled */
	uint32_t flags;	   /* enum packet_flags */
	uint16_t n_sack;   /* ACKs: SACK blocks in sack[] (0 without) */
	uint8_t hop;	   /* the link of its flow's path it is crossing,
			      0 for the first (model/route.h); the narrow
			      n_sack keeps the packet at 96 bytes */
	uint8_t spare;	   /* unused, zero */
	uint32_t tsval;	   /* PKT_TS: the sender's clock, ms (RFC 7323 3) */
	uint32_t tsecr;	   /* PKT_TS: the TSval echoed (TS.Recent) */
};

/* packet_alloc() zeroes a packet 16 bytes at a time: change it with the
 * size. */
_Static_assert(sizeof(struct packet) == 6 * 16,
	       "packet_alloc() zeroes six 16-byte words");

struct packet_pool {
	struct packet *free_list; /* packets ready for reuse */
	void **chunks;		  /* every block allocated, freed at the end */
	size_t n_chunks;	  /* blocks in `chunks` */
	size_t allocated;	  /* packets allocated in all */
	size_t in_use;		  /* packets handed out and not returned */
	size_t peak_in_use; /* the most in_use has been: what the run needed */
};

/*
 * Packets per block the pool allocates at once (a block is about 24 KiB):
 * the pool holds the peak rounded up to a whole number of blocks.
 */
#define PACKET_POOL_CHUNK 256

/*
 * Ask the processor to fetch packet `p` (both of its cache lines) ahead
 * of its use.  Packets come from a pool of megabytes and wait in queues
 * and pipes for milliseconds: by the time one reaches the head it has
 * long left the caches, and with thousands of flows a cache miss per
 * packet and hop was most of the cost of a segment.  A queue prefetches
 * the packet behind the one it starts on, about a serialization time
 * before it is needed.  A hint only: nothing observable changes.
 */
static inline void
packet_prefetch(const struct packet *p)
{
	__builtin_prefetch(p);
	__builtin_prefetch((const char *)p + sizeof(*p) - 1);
}

void packet_pool_init(struct packet_pool *pool);
void packet_pool_free(struct packet_pool *pool);

/* (packet_alloc()'s slow path: another block of packets.) */
void packet_pool_grow(struct packet_pool *pool);

/*
 * A packet with every field zeroed.  Inline, with the zeroing as six
 * 16-byte stores: a packet is allocated per segment and per ACK, and
 * memset() of 96 bytes compiles to `rep stos`, slow to start.
 */
static inline struct packet *
packet_alloc(struct packet_pool *pool)
{
	typedef uint64_t packet_zero16
		__attribute__((vector_size(16), aligned(8), may_alias));
	struct packet *p;
	packet_zero16 *w;

	if (pool->free_list == NULL)
		packet_pool_grow(pool);
	p = pool->free_list;
	pool->free_list = p->next;
	/* the next packet handed out was freed long ago, maybe: fetch it
	 * now, so that the next call finds its link to the one after */
	if (pool->free_list != NULL)
		packet_prefetch(pool->free_list);
	w = (packet_zero16 *)(void *)p;
	w[0] = w[1] = w[2] = w[3] = w[4] = w[5] = (packet_zero16){0, 0};
	if (++pool->in_use > pool->peak_in_use)
		pool->peak_in_use = pool->in_use;
	return p;
}

static inline void
packet_release(struct packet_pool *pool, struct packet *p)
{
	assert(pool->in_use > 0);
	p->next = pool->free_list;
	pool->free_list = p;
	pool->in_use--;
}

#endif
