/* SPDX-License-Identifier: ISC */
/*
 * rng.h: the simulator's one random generator.
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64 so that any
 * 64-bit seed, 0 included, gives a good state.  Never rand(): the same seed
 * must give the same sequence on every machine and C library.
 */
#ifndef TCPSIM_RNG_H
#define TCPSIM_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);

/* Uniform in [0, 1), with 53 random bits. */
double rng_uniform(struct rng *r);

/* True with probability p (p <= 0: never; p >= 1: always, no draw). */
bool rng_bernoulli(struct rng *r, double p);

#endif
