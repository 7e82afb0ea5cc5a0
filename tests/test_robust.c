/* SPDX-License-Identifier: ISC */
/*
 * test_robust.c: nothing lost and nothing hanging, whatever the caller
 * does to tcpsim run: closed standard descriptors, outputs that are the
 * input or each other by another name, an output that fails, links,
 * long names, FIFOs, signals in the middle of a run that would take
 * minutes, a reader that goes away, a full standard output.
 *
 * Each check spawns the program (fixture.h) and, where it could hang,
 * waits with a bound far above what a working program needs: a hang
 * fails the test instead of stalling `make check`.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

/* A short run with every output worth checking. */
static const char one_flow[] = "[simulation]\n"
			       "duration = 2s\n"
			       "[link]\n"
			       "rate = 10Mbit/s\n"
			       "delay = 10ms\n"
			       "[flow bulk]\n"
			       "receive_buffer = 64KiB\n";

/*
 * The worst case: a link of 2^50 bit/s without delay and 1-byte
 * segments, so that one simulated millisecond holds billions of events
 * (the whole run would take minutes of wall time).
 */
static const char extreme_rate[] = "[simulation]\n"
				   "duration = 10s\n"
				   "[link]\n"
				   "rate = 1125899906842624bit/s\n"
				   "delay = 0\n"
				   "[flow a]\n"
				   "mss = 1B\n";

/* Hang bound: a working program answers in well under a second. */
#define HANG_BOUND_MS 20000

static pid_t
spawn(const struct fixture *fx, const struct fixture_spawn_options *o,
      const char *const *args)
{
	return fixture_spawn_with(fx, NULL, args, o);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait for `pid` at most `bound_ms`; its raw wait status in *wstatus.
 * On a hang, kill it and fail.  Returns the milliseconds waited.
 */
static int64_t
wait_bounded(pid_t pid, int bound_ms, int *wstatus)
{
	int64_t start = now_ms();

	for (;;) {
		pid_t got = waitpid(pid, wstatus, WNOHANG);

		if (got == pid)
			return now_ms() - start;
		assert_int_equal(got, 0);
		if (now_ms() - start > bound_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, wstatus, 0);
			fail_msg("tcpsim did not stop within %d ms", bound_ms);
		}
		sleep_ms(2);
	}
}

/* The exit status as the shell shows it: 128 + N when killed by N. */
static int
shell_status(int wstatus)
{
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
				  : 128 + WTERMSIG(wstatus);
}

static char *
read_stderr(const struct fixture *fx)
{
	char *path = fixture_path_in(fx, ".stderr");
	char *text = fixture_read_all(path, NULL);

	assert_non_null(text);
	unlink(path);
	free(path);
	return text;
}

static void
remove_captures(const struct fixture *fx)
{
	char *p = fixture_path_in(fx, ".stdout");

	unlink(p);
	free(p);
	p = fixture_path_in(fx, ".stderr");
	unlink(p);
	free(p);
}

/* ------------------------------------------------------------------ */
/* Closed standard descriptors                                         */
/* ------------------------------------------------------------------ */

/*
 * `run one.ini --events ev.csv --csv - 2>&- >&-`: without care the
 * temporary file of ev.csv takes descriptor 1 and the CSV meant for
 * standard output is written into it.  The events file must hold
 * exactly the events, its header on line 1.
 */
static void
test_closed_stdout_and_stderr(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char *ev = fixture_path_in(fx, "ev.csv");
	char *pcap = fixture_path_in(fx, "cap.pcap");
	struct fixture_spawn_options o = {true, true, -1};
	const char *args1[] = {"run", sc, "--events", ev, "--csv", "-", NULL};
	const char *args2[] = {"run", sc, "--pcap", pcap, NULL};
	char *text;
	size_t len;
	int ws;

	wait_bounded(spawn(fx, &o, args1), HANG_BOUND_MS, &ws);
	/* The closed descriptors were /dev/null: the CSV went there. */
	assert_int_equal(shell_status(ws), 0);
	text = fixture_read_all(ev, NULL);
	assert_non_null(text);
	assert_true(strncmp(text, "time_s,flow,where,event,", 24) == 0);
	assert_null(strstr(text, "cwnd_bytes"));
	assert_null(strstr(text, "goodput"));
	free(text);
	remove_captures(fx);

	/* The summary table goes to the closed stdout, never into the
	 * capture: the file is a pcap from its first byte (nanosecond
	 * magic a1b23c4d, in either byte order). */
	wait_bounded(spawn(fx, &o, args2), HANG_BOUND_MS, &ws);
#if HAVE_PCAP
	assert_int_equal(shell_status(ws), 0);
	text = fixture_read_all(pcap, &len);
	assert_non_null(text);
	assert_true(len > 24);
	assert_true(memcmp(text, "\x4d\x3c\xb2\xa1", 4) == 0 ||
		    memcmp(text, "\xa1\xb2\x3c\x4d", 4) == 0);
	assert_null(strstr(text, "goodput"));
	free(text);
#else
	(void)len;
#endif
	remove_captures(fx);
	free(sc);
	free(ev);
	free(pcap);
}

/* ------------------------------------------------------------------ */
/* One file by two names                                               */
/* ------------------------------------------------------------------ */

static void
test_output_is_the_input(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "in.ini", one_flow);
	char *link = fixture_path_in(fx, "link.csv");
	char *text;
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", sc);
	expect_status(&r, 2);
	expect_in(r.err, "is the scenario file being read");
	result_free(&r);
	/* By another name: a symbolic link to it. */
	assert_int_equal(symlink("in.ini", link), 0);
	RUN(fx, &r, "run", sc, "--events", link);
	expect_status(&r, 2);
	expect_in(r.err, "is the scenario file being read");
	result_free(&r);
	/* Through standard input. */
	fixture_run_in(fx, &r, sc, "run", "-", "--csv", sc, (const char *)NULL);
	expect_status(&r, 2);
	result_free(&r);
	text = fixture_read_all(sc, NULL);
	assert_string_equal(text, one_flow);
	free(text);
	free(sc);
	free(link);
}

static void
test_two_outputs_one_file(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char *out = fixture_path_in(fx, "out.csv");
	char *other = fixture_path_in(fx, "./out.csv");
	char *sub = fixture_path_in(fx, "sub");
	char *dotdot = fixture_path_in(fx, "sub/../out.csv");
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", out, "--events", other);
	expect_status(&r, 2);
	expect_in(r.err, "are the same file");
	result_free(&r);
	assert_false(fixture_exists(out));
	assert_int_equal(mkdir(sub, 0755), 0);
	RUN(fx, &r, "run", sc, "--csv", dotdot, "--pcap", out);
	expect_status(&r, 2);
	expect_in(r.err, "are the same file");
	result_free(&r);
	/* Standard output already sent to the file an output replaces. */
	{
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		struct fixture_spawn_options o = {false, false, fd};
		const char *args[] = {"run", sc, "--csv", out, NULL};
		int ws;

		assert_true(fd >= 0);
		wait_bounded(spawn(fx, &o, args), HANG_BOUND_MS, &ws);
		close(fd);
		assert_int_equal(shell_status(ws), 2);
		remove_captures(fx);
	}
	free(sc);
	free(out);
	free(other);
	free(sub);
	free(dotdot);
}

/* ------------------------------------------------------------------ */
/* All outputs or none                                                 */
/* ------------------------------------------------------------------ */

/*
 * --events /dev/full fails when it is written; --csv out.csv must then
 * not replace the older out.csv: outputs are renamed only when every
 * one of them is complete.
 */
/* `run --csv out.csv OPTION /dev/full`: exit 1 naming the device (its
 * message contains `says`), out.csv as it was, no temporary file left. */
static void
full_device_commits_none(struct fixture *fx, const char *option,
			 const char *says)
{
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char *out = fixture_write_file(fx, "out.csv", "older\n");
	char *text;
	struct result r;

	RUN(fx, &r, "run", sc, "--csv", out, option, "/dev/full", "--quiet");
	expect_status(&r, 1);
	expect_in(r.err, says);
	result_free(&r);
	text = fixture_read_all(out, NULL);
	assert_string_equal(text, "older\n");
	free(text);
	/* No temporary file left behind: the scenario and out.csv. */
	assert_int_equal(fixture_count_entries(fx->dir), 2);
	free(sc);
	free(out);
}

static void
test_one_failed_output_commits_none(void **state)
{
	full_device_commits_none(*state, "--events", "/dev/full");
}

/* ------------------------------------------------------------------ */
/* What a replaced file keeps                                          */
/* ------------------------------------------------------------------ */

static void
test_replaced_file_keeps_mode_and_link(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char *priv = fixture_write_file(fx, "private.csv", "old\n");
	char *target = fixture_write_file(fx, "target.csv", "old\n");
	char *link = fixture_path_in(fx, "link.csv");
	char *text;
	struct stat st;
	struct result r;

	assert_int_equal(chmod(priv, 0600), 0);
	RUN(fx, &r, "run", sc, "--csv", priv, "--quiet");
	expect_status(&r, 0);
	result_free(&r);
	assert_int_equal(stat(priv, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	text = fixture_read_all(priv, NULL);
	assert_true(strncmp(text, "time_s,", 7) == 0);
	free(text);

	/* A link stays a link; the file it points to is replaced. */
	assert_int_equal(symlink("target.csv", link), 0);
	RUN(fx, &r, "run", sc, "--csv", link, "--quiet");
	expect_status(&r, 0);
	result_free(&r);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	text = fixture_read_all(target, NULL);
	assert_true(strncmp(text, "time_s,", 7) == 0);
	free(text);
	free(sc);
	free(priv);
	free(target);
	free(link);
}

/* A name of 250 bytes, near the 255 a file name may have. */
static void
test_long_file_name(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char name[251];
	char *path;
	struct result r;

	memset(name, 'n', 246);
	memcpy(name + 246, ".csv", 5);
	assert_int_equal(strlen(name), 250);
	path = fixture_path_in(fx, name);
	RUN(fx, &r, "run", sc, "--csv", path, "--quiet");
	expect_status(&r, 0);
	result_free(&r);
	assert_true(fixture_exists(path));
	assert_int_equal(fixture_count_entries(fx->dir), 2);
	free(sc);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */
/* ------------------------------------------------------------------ */

/* Ctrl-C while waiting for a FIFO's reader: 130, nothing left. */
static void
test_sigint_on_fifo(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "one.ini", one_flow);
	char *fifo = fixture_path_in(fx, "fifo");
	const char *args[] = {"run", sc, "--csv", fifo, "--quiet", NULL};
	struct fixture_spawn_options o = {false, false, -1};
	pid_t pid;
	int ws;

	assert_int_equal(mkfifo(fifo, 0644), 0);
	pid = spawn(fx, &o, args);
	sleep_ms(300); /* it is now waiting in open() */
	kill(pid, SIGINT);
	wait_bounded(pid, HANG_BOUND_MS, &ws);
	assert_int_equal(shell_status(ws), 130);
	remove_captures(fx);
	assert_int_equal(fixture_count_entries(fx->dir), 2);
	free(sc);
	free(fifo);
}

/*
 * Ctrl-C while a write is blocked: the FIFO's reader opened it and never
 * reads, so the pipe is full and write(2) waits.  130 at once, and the
 * reader sees the stream end.
 */
/* `run SCENARIO OPTION FIFO` whose reader opens the FIFO and never
 * reads: SIGINT once the pipe is full answers 130 at once, no file left. */
static void
sigint_on_full_fifo(struct fixture *fx, const char *scenario,
		    const char *option)
{
	char *sc = fixture_write_file(fx, "long.ini", scenario);
	char *fifo = fixture_path_in(fx, "fifo");
	const char *args[] = {"run", sc, option, fifo, "--quiet", NULL};
	struct fixture_spawn_options o = {false, false, -1};
	int64_t waited;
	pid_t pid;
	int fd, ws;

	assert_int_equal(mkfifo(fifo, 0644), 0);
	pid = spawn(fx, &o, args);
	fd = open(fifo, O_RDONLY); /* lets its open() go on; never read */
	assert_true(fd >= 0);
	sleep_ms(500); /* 64 KiB of pipe are full long before */
	kill(pid, SIGINT);
	waited = wait_bounded(pid, HANG_BOUND_MS, &ws);
	print_message("SIGINT with a full FIFO (%s) answered in %lld ms\n",
		      option, (long long)waited);
	assert_int_equal(shell_status(ws), 130);
	close(fd);
	remove_captures(fx);
	assert_int_equal(fixture_count_entries(fx->dir), 2);
	free(sc);
	free(fifo);
}

static void
test_sigint_on_full_fifo(void **state)
{
	sigint_on_full_fifo(*state,
			    "[simulation]\nduration = 600s\n"
			    "sample_interval = 1ms\n",
			    "--csv");
}

/*
 * SIGTERM and SIGINT in the middle of a run whose simulated milliseconds
 * each hold billions of events: the run stops at once (the bound is for
 * a hang; the time taken is printed, not asserted) with 128 + N, and
 * leaves no file.
 */
static void
test_signal_in_extreme_run(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "fast.ini", extreme_rate);
	char *csv = fixture_path_in(fx, "out.csv");
	const char *args[] = {"run", sc, "--csv", csv, NULL};
	struct fixture_spawn_options o = {false, false, -1};
	int sigs[2] = {SIGTERM, SIGINT};
	int i;

	for (i = 0; i < 2; i++) {
		pid_t pid = spawn(fx, &o, args);
		int64_t waited;
		char *err;
		int ws;

		sleep_ms(500);
		kill(pid, sigs[i]);
		waited = wait_bounded(pid, HANG_BOUND_MS, &ws);
		print_message("%s answered in %lld ms\n", strsignal(sigs[i]),
			      (long long)waited);
		assert_int_equal(shell_status(ws), 128 + sigs[i]);
		err = read_stderr(fx);
		expect_in(err, "interrupted");
		free(err);
		remove_captures(fx);
		assert_false(fixture_exists(csv));
		assert_int_equal(fixture_count_entries(fx->dir), 1);
	}
	free(sc);
	free(csv);
}

/*
 * `tcpsim run ... --csv - | head -n 1`: the reader goes away; tcpsim
 * ends quietly, as coreutils do (killed by SIGPIPE, nothing on stderr).
 */
static void
test_reader_goes_away(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "long.ini",
				      "[simulation]\nduration = 600s\n"
				      "sample_interval = 1ms\n");
	const char *args[] = {"run", sc, "--csv", "-", "--quiet", NULL};
	char buf[64];
	char *err;
	int fds[2], ws;
	pid_t pid;
	struct fixture_spawn_options o = {false, false, -1};

	assert_int_equal(pipe(fds), 0);
	/* The child must not hold the read end: it would never see EPIPE. */
	assert_int_equal(fcntl(fds[0], F_SETFD, FD_CLOEXEC), 0);
	o.stdout_fd = fds[1];
	pid = spawn(fx, &o, args);
	close(fds[1]);
	assert_true(read(fds[0], buf, sizeof buf) > 0);
	close(fds[0]);
	wait_bounded(pid, HANG_BOUND_MS, &ws);
	assert_int_equal(shell_status(ws), 128 + SIGPIPE);
	err = read_stderr(fx);
	assert_string_equal(err, "");
	free(err);
	remove_captures(fx);
	free(sc);
}

/* ------------------------------------------------------------------ */
/* A full standard output                                              */
/* ------------------------------------------------------------------ */

static void
test_help_to_full_device(void **state)
{
	struct fixture *fx = *state;
	const char *const cases[][3] = {
		{"--help", NULL, NULL},	 {"--version", NULL, NULL},
		{"-V", NULL, NULL},	 {"run", "--help", NULL},
		{"help", "check", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int fd = open("/dev/full", O_WRONLY);
		struct fixture_spawn_options o = {false, false, fd};
		char *err;
		int ws;

		assert_true(fd >= 0);
		wait_bounded(spawn(fx, &o, cases[i]), HANG_BOUND_MS, &ws);
		close(fd);
		assert_int_equal(shell_status(ws), 1);
		err = read_stderr(fx);
		expect_in(err, "cannot write to standard output");
		free(err);
		remove_captures(fx);
	}
}

/* ------------------------------------------------------------------ */
/* The capture: its records bypass the stream (outfile_writev())       */
/* ------------------------------------------------------------------ */

/*
 * --pcap /dev/full: the records' write fails, the run says so naming
 * the file and exits 1, and --csv out.csv is not replaced, as for any
 * other output.
 */
static void
test_pcap_to_full_device(void **state)
{
#if !HAVE_PCAP
	skip(); /* no --pcap in this build (test_cli checks it says so) */
#endif
	full_device_commits_none(*state, "--pcap", "cannot write '/dev/full'");
}

/*
 * Ctrl-C while the capture's writev(2) is blocked on a FIFO whose reader
 * never reads: 130 at once, as with the stream of the other outputs.
 */
static void
test_sigint_on_full_fifo_pcap(void **state)
{
#if !HAVE_PCAP
	skip(); /* no --pcap in this build (test_cli checks it says so) */
#endif
	sigint_on_full_fifo(*state, "[simulation]\nduration = 600s\n",
			    "--pcap");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_closed_stdout_and_stderr,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_output_is_the_input,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_two_outputs_one_file,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_one_failed_output_commits_none, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_replaced_file_keeps_mode_and_link, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_long_file_name, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_sigint_on_fifo, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sigint_on_full_fifo,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_signal_in_extreme_run,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_reader_goes_away, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_help_to_full_device,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pcap_to_full_device,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sigint_on_full_fifo_pcap,
						fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
