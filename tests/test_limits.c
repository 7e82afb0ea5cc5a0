/* SPDX-License-Identifier: ISC */
/*
 * test_limits.c: memory is bounded by what is in flight and queued, never
 * by simulated duration.
 *
 * Two ways: inside the library, the packet pool (the only thing that
 * grows with traffic) holds exactly as many packets after a ten times
 * longer run; and for the whole program, the peak resident set size that
 * getrusage reports for a run ten times longer stays within a few percent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/sim_internal.h"

/* A bulk flow at 1 Gbit/s with losses, so every mechanism keeps running. */
#define LONG_RUN                                                               \
	"[simulation]\nduration = %ds\n[link]\nrate = 1Gbit/s\ndelay = 10ms\n" \
	"queue = 500 packets\nloss = 0.01%%\n[flow f]\nreceive_buffer = "      \
	"8MiB\n"                                                               \
	"send_buffer = 8MiB\n[flow g]\ncc = cubic\nreceive_buffer = 8MiB\n"    \
	"send_buffer = 8MiB\nread_rate = 300Mbit/s\n"

static void
test_pool_does_not_grow_with_duration(void **state)
{
	char text[512];
	size_t allocated[2];
	uint64_t segments[2];
	const int seconds[2] = {6, 60};

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct sim *sim;
		struct link_snapshot ls;

		snprintf(text, sizeof(text), LONG_RUN, seconds[i]);
		sim = helper_sim(text);
		sim_run(sim);
		sim_link_snapshot(sim, &ls);
		allocated[i] = sim->pool.allocated;
		segments[i] = ls.departed;
		sim_destroy(sim);
	}
	/* several times the traffic (random loss keeps the windows down
	 * after the first seconds) ... */
	assert_true(segments[1] > 4 * segments[0]);
	/* ... and the pool peaked in the first seconds: the largest window
	 * in flight plus the queue, reached in slow start */
	assert_true(allocated[1] <= allocated[0] + 256);
}

/*
 * Run `tcpsim run path` and return the largest peak RSS, in KiB, of the
 * children waited for so far (getrusage(RUSAGE_CHILDREN) keeps the
 * maximum): called for the short run, then for the long one, the second
 * value is max(short, long), which is what the comparison needs.
 */
static long
peak_rss_kib(const char *path)
{
	const char *tcpsim = getenv("TCPSIM");
	struct rusage ru;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(tcpsim ? tcpsim : "src/tcpsim", "tcpsim", "run", path,
		      "--quiet", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(getrusage(RUSAGE_CHILDREN, &ru), 0);
	return ru.ru_maxrss;
}

static void
test_peak_rss_does_not_grow_with_duration(void **state)
{
	char path[2][64];
	const int seconds[2] = {6, 60};
	long rss[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		FILE *f;

		snprintf(path[i], sizeof(path[i]),
			 "/tmp/tcpsim-limits-%d-%d.ini", (int)getpid(), i);
		f = fopen(path[i], "w");
		assert_non_null(f);
		fprintf(f, LONG_RUN, seconds[i]);
		fclose(f);
		rss[i] = peak_rss_kib(path[i]);
		unlink(path[i]);
	}
	/* within 5% and 256 KiB of page-level noise */
	if (rss[1] > rss[0] + rss[0] / 20 + 256)
		fail_msg("peak RSS %ld KiB for 6 s, %ld KiB for 60 s", rss[0],
			 rss[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_does_not_grow_with_duration),
		cmocka_unit_test(test_peak_rss_does_not_grow_with_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
