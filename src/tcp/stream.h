/* SPDX-License-Identifier: ISC */
/*
 * stream.h: the content of a flow's byte stream.
 *
 * Byte number `off` of every stream (counted from 0, the first byte the
 * producer writes) has the value stream_byte(off).  The model does not
 * copy payload around: a segment is identified by the stream offset of
 * its first byte (packet.stream_off), set by the sender from its send
 * buffer.  The receiver places a segment by its 32-bit sequence number
 * only; if that place is not the segment's stream offset, the bytes the
 * consumer reads would differ from the bytes written, and the run fails.
 * The pattern itself is what a packet capture writes as payload.
 */
#ifndef TCPSIM_STREAM_H
#define TCPSIM_STREAM_H

#include <stdint.h>

/* The multiplier of the pattern (2^64 / golden ratio). */
#define STREAM_FACTOR UINT64_C(0x9e3779b97f4a7c15)

static inline uint8_t
stream_byte(uint64_t off)
{
	/* Varies with every bit of the offset, so a shift by a whole number
	 * of kibibytes or of 2^32 still changes the bytes. */
	uint64_t x = off * STREAM_FACTOR;

	return (uint8_t)(x >> 56);
}

#endif
