/* SPDX-License-Identifier: ISC */
/*
 * fixture.h: running the tcpsim program in tests.
 *
 * Each test gets a temporary directory (fixture_setup/fixture_teardown as
 * cmocka setup and teardown); the program named by $TCPSIM runs with its
 * standard output and error captured in files there and read back.
 */
#ifndef TCPSIM_TEST_FIXTURE_H
#define TCPSIM_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The temporary directory of one test. */
struct fixture {
	char dir[64];
};

/* What one run of tcpsim did. */
struct result {
	int status;	/* exit status, or 128 + signal */
	char *out;	/* standard output */
	size_t out_len; /* its length (a capture holds NUL bytes) */
	char *err;	/* standard error */
};

int fixture_setup(void **state);
int fixture_teardown(void **state);

/* $TCPSIM, or src/tcpsim. */
const char *fixture_tcpsim_path(void);

/* All of a file, NUL-terminated and malloc'ed; NULL if it cannot be read. */
char *fixture_read_all(const char *path, size_t *len_out);

/* "DIR/name", malloc'ed. */
char *fixture_path_in(const struct fixture *fx, const char *name);

/* Write `text` to DIR/name; returns the path, malloc'ed. */
char *fixture_write_file(const struct fixture *fx, const char *name,
			 const char *text);

bool fixture_exists(const char *path);

/* Entries of a directory but . and .., to catch stray temporary files. */
int fixture_count_entries(const char *dir);

/* Start tcpsim with `args` (NULL-terminated, without the program name),
 * standard input from `in` (or /dev/null); returns the child's pid. */
pid_t fixture_spawn(const struct fixture *fx, const char *in,
		    const char *const *args);

/* How fixture_spawn_with() starts the program beyond fixture_spawn(). */
struct fixture_spawn_options {
	bool close_stdout; /* start it with descriptor 1 closed */
	bool close_stderr; /* start it with descriptor 2 closed */
	int stdout_fd;	   /* >= 0: its standard output goes there */
};

pid_t fixture_spawn_with(const struct fixture *fx, const char *in,
			 const char *const *args,
			 const struct fixture_spawn_options *o);

/* Wait for it and read what it printed into *r. */
void fixture_collect(const struct fixture *fx, pid_t pid, struct result *r);

/* Both: run tcpsim with the NULL-terminated arguments after `in`. */
void fixture_run_in(const struct fixture *fx, struct result *r, const char *in,
		    ...);

#define RUN(fx, r, ...)                                                        \
	fixture_run_in((fx), (r), NULL, __VA_ARGS__, (const char *)NULL)

void result_free(struct result *r);
void expect_status(const struct result *r, int status);
void expect_in(const char *haystack, const char *needle);

#endif
