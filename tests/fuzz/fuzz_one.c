/* SPDX-License-Identifier: ISC */
/* fuzz_one.c: see fuzz_one.h. */
#include "fuzz_one.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "model/sim.h"

/* Messages go nowhere: the fuzzer looks for crashes, hangs and leaks. */
static FILE *
fuzz_sink(void)
{
	static FILE *sink;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	return sink;
}

/* Apply every line after "%%" as a --set; returns -1 on the first error. */
static int
fuzz_sets(struct scenario *sc, const char *sets, size_t len, FILE *errs)
{
	char *copy = malloc(len + 1);
	char *line, *save = NULL;
	int rc = 0;

	if (copy == NULL)
		return -1;
	memcpy(copy, sets, len);
	copy[len] = '\0';
	for (line = strtok_r(copy, "\n", &save); line != NULL && rc == 0;
	     line = strtok_r(NULL, "\n", &save))
		rc = scenario_set(sc, line, errs);
	free(copy);
	return rc;
}

int
fuzz_one(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *sep = NULL;
	size_t text_len = size;
	FILE *errs = fuzz_sink();
	struct scenario sc, copy;
	struct sim *sim;
	int ran = 0;

	for (size_t i = 0; i + 3 <= size; i++) {
		if ((i == 0 || data[i - 1] == '\n') &&
		    memcmp(data + i, "%%\n", 3) == 0) {
			sep = text + i;
			break;
		}
	}
	if (sep != NULL)
		text_len = (size_t)(sep - text);
	if (scenario_load_string(&sc, "fuzz.ini", text, text_len, errs) != 0) {
		scenario_free(&sc);
		return 0;
	}
	if ((sep != NULL &&
	     fuzz_sets(&sc, sep + 3, size - text_len - 3, errs) != 0) ||
	    scenario_validate(&sc, errs) != 0) {
		scenario_free(&sc);
		return 0;
	}
	scenario_copy(&copy, &sc);
	scenario_free(&sc);
	sim = sim_create(&copy);
	scenario_free(&copy);
	for (int i = 0; i < FUZZ_MAX_EVENTS && sim_step(sim); i++)
		ran = 1;
	sim_destroy(sim);
	return ran;
}
