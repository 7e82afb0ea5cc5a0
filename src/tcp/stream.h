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
 *
 * The pattern is built so that a capture costs no work per byte: the
 * stream is cut into blocks of 64 KiB, and each block is a window of
 * STREAM_PERIOD pseudo-random bytes (stream_pattern_byte()), read
 * circularly from a place that a hash of the block's number picks
 * (stream_block_start()).  So a block's bytes are a slice of one fixed
 * table (two, where the window wraps), which a writer copies or points
 * to, and whose checksum it gets from prefix sums of the table
 * (trace/tcpip.c), instead of computing and summing byte by byte.
 *
 * Every bit of the offset still changes the bytes: the low 16 bits move
 * within the pattern, the others pick another start, so a shift by a
 * whole number of kibibytes, of blocks or of 2^32 (a sequence number's
 * wrap) still changes what a segment carries.  The period is longer
 * than a block, so that no block repeats itself, and prime, so that the
 * pattern has no shorter period either.
 */
#ifndef TCPSIM_STREAM_H
#define TCPSIM_STREAM_H

#include <stdint.h>

/* log2 of the bytes of a block. */
#define STREAM_BLOCK_BITS 16
/* The bytes of a block: each block reads the pattern from its own start. */
#define STREAM_BLOCK_BYTES (UINT32_C(1) << STREAM_BLOCK_BITS)
/* The length of the pattern: 2^16 + 1, the smallest prime above a block. */
#define STREAM_PERIOD UINT32_C(65537)

/* Seeds of the two hashes (2^64 / golden ratio; the fractional part of
 * sqrt(2)): any two different odd constants would do. */
#define STREAM_PATTERN_SEED UINT64_C(0x9e3779b97f4a7c15)
#define STREAM_BLOCK_SEED   UINT64_C(0x6a09e667f3bcc909)

/* SplitMix64's finalizer (Steele, Lea and Flood, 2014): a bijection of
 * 64-bit values in which every input bit changes about half the output
 * bits. */
static inline uint64_t
stream_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

/* Byte i of the pattern, 0 <= i < STREAM_PERIOD. */
static inline uint8_t
stream_pattern_byte(uint32_t i)
{
	return (uint8_t)(stream_mix(i + STREAM_PATTERN_SEED) >> 56);
}

/*
 * Where block `block` (offsets block * 2^16 and on) starts in the pattern,
 * in [0, STREAM_PERIOD): the top 32 bits of a hash scaled to the period
 * (a multiplication, not a division).
 */
static inline uint32_t
stream_block_start(uint64_t block)
{
	uint64_t h = stream_mix(block + STREAM_BLOCK_SEED) >> 32;

	return (uint32_t)((h * STREAM_PERIOD) >> 32);
}

/*
 * The byte at stream offset `off`: pattern byte (start + off mod 2^16)
 * mod STREAM_PERIOD, start being that of the offset's block.
 */
static inline uint8_t
stream_byte(uint64_t off)
{
	uint32_t i = stream_block_start(off >> STREAM_BLOCK_BITS) +
		     (uint32_t)(off & (STREAM_BLOCK_BYTES - 1));

	if (i >= STREAM_PERIOD)
		i -= STREAM_PERIOD;
	return stream_pattern_byte(i);
}

#endif
