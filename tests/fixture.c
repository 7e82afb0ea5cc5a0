/* SPDX-License-Identifier: ISC */
/* fixture.c: see fixture.h. */
#define _DEFAULT_SOURCE /* nftw's FTW_PHYS */

#include "fixture.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

const char *
fixture_tcpsim_path(void)
{
	const char *p = getenv("TCPSIM");

	return p != NULL ? p : "src/tcpsim";
}

char *
fixture_read_all(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *grown;

			cap = cap * 2 + 8192;
			grown = realloc(buf, cap);
			assert_non_null(grown);
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	fclose(f);
	if (len_out != NULL)
		*len_out = len;
	return buf;
}

char *
fixture_path_in(const struct fixture *fx, const char *name)
{
	size_t len = strlen(fx->dir) + strlen(name) + 2;
	char *p = malloc(len);

	assert_non_null(p);
	snprintf(p, len, "%s/%s", fx->dir, name);
	return p;
}

char *
fixture_write_file(const struct fixture *fx, const char *name, const char *text)
{
	char *path = fixture_path_in(fx, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

bool
fixture_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int
fixture_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

pid_t
fixture_spawn(const struct fixture *fx, const char *in, const char *const *args)
{
	struct fixture_spawn_options o = {false, false, -1};

	return fixture_spawn_with(fx, in, args, &o);
}

pid_t
fixture_spawn_with(const struct fixture *fx, const char *in,
		   const char *const *args,
		   const struct fixture_spawn_options *o)
{
	const char *argv[32];
	char *out_path = fixture_path_in(fx, ".stdout");
	char *err_path = fixture_path_in(fx, ".stderr");
	size_t n = 0;
	pid_t pid;

	argv[n++] = fixture_tcpsim_path();
	while (args[n - 1] != NULL && n < 31) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd_in = open(in != NULL ? in : "/dev/null", O_RDONLY);
		int fd_out = o->stdout_fd >= 0
				     ? o->stdout_fd
				     : open(out_path,
					    O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fd_err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd_in < 0 || fd_out < 0 || fd_err < 0)
			_exit(127);
		dup2(fd_in, 0);
		dup2(fd_out, 1);
		dup2(fd_err, 2);
		if (fd_in > 2)
			close(fd_in);
		if (fd_out > 2)
			close(fd_out);
		if (fd_err > 2)
			close(fd_err);
		if (o->close_stdout)
			close(1);
		if (o->close_stderr)
			close(2);
		signal(SIGPIPE, SIG_DFL); /* as a shell starts a program */
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	free(out_path);
	free(err_path);
	return pid;
}

void
fixture_collect(const struct fixture *fx, pid_t pid, struct result *r)
{
	char *out_path = fixture_path_in(fx, ".stdout");
	char *err_path = fixture_path_in(fx, ".stderr");
	int wstatus;

	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
				       : 128 + WTERMSIG(wstatus);
	r->out = fixture_read_all(out_path, &r->out_len);
	r->err = fixture_read_all(err_path, NULL);
	assert_non_null(r->out);
	assert_non_null(r->err);
	/* The capture files must not count as outputs of the next check. */
	unlink(out_path);
	unlink(err_path);
	free(out_path);
	free(err_path);
	if (r->status == 127)
		fail_msg("cannot run %s (set TCPSIM)", fixture_tcpsim_path());
}

void
fixture_run_in(const struct fixture *fx, struct result *r, const char *in, ...)
{
	const char *args[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, in);
	while (n < 31 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	fixture_collect(fx, fixture_spawn(fx, in, args), r);
}

void
result_free(struct result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

void
expect_status(const struct result *r, int status)
{
	if (r->status != status)
		fail_msg(
			"exit status %d, expected %d\nstdout:\n%s\nstderr:\n%s",
			r->status, status, r->out, r->err);
}

void
expect_in(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("'%s' not found in:\n%s", needle, haystack);
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/tcpsim-test.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

int
fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}
