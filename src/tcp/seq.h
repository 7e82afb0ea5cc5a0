/* SPDX-License-Identifier: ISC */
/*
 * seq.h: sequence number arithmetic modulo 2^32 (RFC 9293 3.4).
 *
 * Sequence numbers wrap; "a before b" means b is reached from a by going
 * forward less than 2^31.  Every comparison of sequence numbers in the
 * model goes through these, like Linux's before()/after().
 */
#ifndef TCPSIM_SEQ_H
#define TCPSIM_SEQ_H

#include <stdbool.h>
#include <stdint.h>

static inline bool
seq_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool
seq_after(uint32_t a, uint32_t b)
{
	return seq_before(b, a);
}

static inline bool
seq_leq(uint32_t a, uint32_t b)
{
	return !seq_after(a, b);
}

static inline bool
seq_geq(uint32_t a, uint32_t b)
{
	return !seq_before(a, b);
}

/* Bytes from a forward to b (b must not be before a). */
static inline uint32_t
seq_diff(uint32_t b, uint32_t a)
{
	return b - a;
}

#endif
