/* SPDX-License-Identifier: ISC */
/*
 * fuzz_scenario.c: the libFuzzer target for the scenario reader, --set,
 * validation and the first events of a run.  Build with
 *     ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_scenario
 * and run with a copy of scenarios/ as the seed corpus:
 *     tests/fuzz/fuzz_scenario -max_total_time=60 CORPUS_DIR
 * A crashing input goes into tests/fuzz/regressions/, which make check
 * replays (tests/test_fuzz_regressions.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size);
	return 0;
}
