/* SPDX-License-Identifier: ISC */
/*
 * test_fuzz_regressions.c: every input in tests/fuzz/regressions/ (inputs
 * the fuzzer once crashed on, and hostile inputs written by hand) goes
 * through the fuzz harness again, under whatever sanitizers this build
 * has.  Each must be refused cleanly or simulated without a crash; the
 * test also checks how many of them are refused and accepted, so that a
 * harness that silently does nothing cannot pass.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/fuzz_one.h"

static uint8_t *
read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0, n;

	assert_non_null(f);
	do {
		if (cap - len < 4096) {
			uint8_t *grown;

			cap = 2 * cap + 4096;
			grown = realloc(buf, cap);
			assert_non_null(grown);
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	*size = len;
	return buf;
}

static void
test_replay_regressions(void **state)
{
	const char *data = getenv("TESTDATA");
	char dir[1024], path[2048];
	DIR *d;
	struct dirent *e;
	int refused = 0, simulated = 0, expect_refused = 0, expect_run = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../fuzz/regressions",
		 data ? data : "tests/data");
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t size;
		uint8_t *buf;
		int ran;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = read_file(path, &size);
		ran = fuzz_one(buf, size);
		free(buf);
		/* names say what should happen: refused-*, run-* */
		if (strncmp(e->d_name, "refused-", 8) == 0) {
			expect_refused++;
			if (ran)
				fail_msg("%s was simulated, not refused",
					 e->d_name);
		} else if (strncmp(e->d_name, "run-", 4) == 0) {
			expect_run++;
			if (!ran)
				fail_msg("%s was refused, not simulated",
					 e->d_name);
		}
		refused += !ran;
		simulated += ran;
	}
	closedir(d);
	assert_true(expect_refused > 0 && expect_run > 0);
	assert_true(refused >= expect_refused && simulated >= expect_run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_regressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
