/* SPDX-License-Identifier: ISC */
/*
 * fuzz_one.h: one hostile input through everything a scenario file
 * touches: the reader, --set, validation, the copy the simulator makes,
 * and a bounded stretch of the simulation itself.
 *
 * The input is scenario text; after a line "%%" each further line is a
 * --set assignment.  Used by the libFuzzer target (fuzz_scenario.c) and
 * by the regression test that replays the inputs it once crashed on.
 */
#ifndef TCPSIM_FUZZ_ONE_H
#define TCPSIM_FUZZ_ONE_H

#include <stddef.h>
#include <stdint.h>

/* Events simulated per input at most: enough to reach the first losses,
 * timeouts and timeline entries of most inputs, short enough to keep the
 * fuzzer fast. */
#define FUZZ_MAX_EVENTS 20000

/* Returns 0 if the input was refused, 1 if it was simulated. */
int fuzz_one(const uint8_t *data, size_t size);

#endif
