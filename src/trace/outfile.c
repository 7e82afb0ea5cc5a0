/* SPDX-License-Identifier: ISC */
/* outfile.c: an output file that appears whole or not at all (see outfile.h).
 */
#define _GNU_SOURCE /* fopencookie: a stream whose writes can be given up */
#include "trace/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util/escape.h"
#include "util/xmalloc.h"

/* Trace rows are small and many: 1 MiB keeps write(2) calls rare. */
#define OUTFILE_BUFFER_BYTES (1u << 20)

enum outfile_kind {
	OUTFILE_RENAME, /* temporary file, renamed over the target on commit */
	OUTFILE_DIRECT, /* existing non-regular target, written in place */
	OUTFILE_STDOUT, /* "-" */
};

struct outfile {
	enum outfile_kind kind; /* how the target is written */
	char *path;		/* target as given */
	char *temp_path;	/* temporary file (OUTFILE_RENAME only) */
	char *target;		/* the file replaced: path, links followed */
	FILE *stream;		/* where rows go; NULL once closed */
	char *buffer;		/* stdio buffer of stream (not for stdout) */
	bool closed;		/* outfile_close() succeeded */
	int fd;			/* the descriptor the stream writes to */
	/* outfile_set_stop(): a write blocked on a FIFO or pipe gives up
	 * when this is non-zero after a signal interrupted it. */
	const volatile sig_atomic_t *stop;
	bool discard; /* outfile_abort(): what is still buffered is dropped */
	int write_errno; /* outfile_writev() failed: its errno, else 0 */
};

/*
 * The write function of the stream of a DIRECT or STDOUT output.  A FIFO
 * or pipe whose reader does not read blocks write(2); a signal
 * interrupts it, but stdio would simply write again and block again.
 * Here a write interrupted while a stop is requested gives up: stdio
 * then marks the stream in error and the caller, seeing its stop flag,
 * ends the run.  Returns the bytes written (fewer: an error).
 */
static ssize_t
outfile_cookie_write(void *cookie, const char *buf, size_t size)
{
	struct outfile *of = cookie;
	size_t done = 0;

	/* Aborting, or stopping: do not start a write that may block. */
	if (of->discard || (of->stop != NULL && *of->stop != 0))
		return 0;
	while (done < size) {
		ssize_t n = write(of->fd, buf + done, size - done);

		if (n > 0)
			done += (size_t)n;
		else if (n == 0 || errno != EINTR)
			break;
		if (of->stop != NULL && *of->stop != 0)
			break; /* interrupted or cut short by the signal */
	}
	return (ssize_t)done;
}

/* Close what the stream writes, but never standard output itself. */
static int
outfile_cookie_close(void *cookie)
{
	struct outfile *of = cookie;

	return of->kind == OUTFILE_DIRECT ? close(of->fd) : 0;
}

/* A stream over of->fd through the functions above. */
static FILE *
outfile_cookie_stream(struct outfile *of)
{
	cookie_io_functions_t io = {
		.read = NULL,
		.write = outfile_cookie_write,
		.seek = NULL,
		.close = outfile_cookie_close,
	};

	return fopencookie(of, "w", io);
}

static void
outfile_error(FILE *errs, const char *path, const char *reason)
{
	if (strcmp(path, "-") == 0)
		fprintf(errs, "tcpsim: cannot write to standard output: %s\n",
			reason);
	else {
		char *shown = escape_dup(path);

		fprintf(errs, "tcpsim: cannot write '%s': %s\n", shown, reason);
		free(shown);
	}
}

static void
outfile_free(struct outfile *of)
{
	free(of->path);
	free(of->target);
	free(of->temp_path);
	free(of->buffer);
	free(of);
}

/*
 * Longest part of the target's name kept in the temporary file's name:
 * with the dot before it and ".XXXXXX" after it, the name stays within
 * the 255 bytes a file name may have on Linux file systems, so a target
 * whose own name is near that limit can still be written.
 */
#define OUTFILE_TEMP_BASE_MAX 200

/*
 * "dir/.name.XXXXXX" for "dir/name": hidden, so that a listing does not
 * show a half-written trace as if it were one, and in the target's
 * directory, so that rename() stays within one file system.
 */
static char *
outfile_temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dir_len;
	size_t base_len = strlen(base);
	size_t len;
	char *t;

	if (base_len > OUTFILE_TEMP_BASE_MAX)
		base_len = OUTFILE_TEMP_BASE_MAX;
	len = dir_len + 1 + base_len + sizeof ".XXXXXX";
	t = xmalloc(len);
	snprintf(t, len, "%.*s.%.*s.XXXXXX", (int)dir_len, path, (int)base_len,
		 base);
	return t;
}

/* Symbolic links followed at most, as the kernel's own limit (ELOOP). */
#define OUTFILE_MAX_LINKS 40

/*
 * The path a write to `path` would land on: symbolic links followed to
 * the end of the chain, even a dangling one (whose target is then
 * created).  New memory; NULL with errno set on a loop or an unreadable
 * link.  Directories on the way are left as they are: rename() works
 * through them.
 */
static char *
outfile_follow_links(const char *path)
{
	char *p = xstrdup(path);
	int hops;

	for (hops = 0; hops < OUTFILE_MAX_LINKS; hops++) {
		struct stat st;
		char link[4096];
		ssize_t n;
		const char *slash;
		size_t dir_len, len;
		char *next;

		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		n = readlink(p, link, sizeof link - 1);
		if (n < 0) {
			free(p);
			return NULL;
		}
		link[n] = '\0';
		slash = strrchr(p, '/');
		dir_len = link[0] == '/' || slash == NULL
				  ? 0
				  : (size_t)(slash - p) + 1;
		len = dir_len + (size_t)n + 1;
		next = xmalloc(len);
		snprintf(next, len, "%.*s%s", (int)dir_len, p, link);
		free(p);
		p = next;
	}
	free(p);
	errno = ELOOP;
	return NULL;
}

int
outfile_identity_of(const char *path, struct outfile_identity *id)
{
	char *target = outfile_follow_links(path);
	const char *slash;
	struct stat st;
	int rc = -1;

	memset(id, 0, sizeof *id);
	if (target == NULL)
		return -1;
	if (stat(target, &st) == 0) {
		id->exists = true;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		rc = 0;
	} else if (errno == ENOENT) {
		slash = strrchr(target, '/');
		if (slash == NULL) {
			rc = stat(".", &st);
		} else if (slash == target) {
			rc = stat("/", &st);
		} else {
			char *dir = xstrndup(target, (size_t)(slash - target));

			rc = stat(dir, &st);
			free(dir);
		}
		if (rc == 0) {
			id->dev = st.st_dev;
			id->ino = st.st_ino;
			id->name = xstrdup(slash != NULL ? slash + 1 : target);
		}
	}
	free(target);
	return rc;
}

void
outfile_identity_free(struct outfile_identity *id)
{
	free(id->name);
	id->name = NULL;
}

bool
outfile_identity_same(const struct outfile_identity *a,
		      const struct outfile_identity *b)
{
	if (a->exists != b->exists || a->dev != b->dev || a->ino != b->ino)
		return false;
	return a->exists || strcmp(a->name, b->name) == 0;
}

bool
outfile_identity_is(const struct outfile_identity *id, const struct stat *st)
{
	return id->exists && id->dev == st->st_dev && id->ino == st->st_ino;
}

/* The permissions a plain fopen() would have given: 0666 less the umask. */
static mode_t
outfile_default_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

static struct outfile *outfile_open_with(const char *path, FILE *errs,
					 bool buffered);

struct outfile *
outfile_open(const char *path, FILE *errs)
{
	return outfile_open_with(path, errs, true);
}

struct outfile *
outfile_open_unbuffered(const char *path, FILE *errs)
{
	return outfile_open_with(path, errs, false);
}

static struct outfile *
outfile_open_with(const char *path, FILE *errs, bool buffered)
{
	struct outfile *of = xcalloc(1, sizeof *of);
	struct stat st;
	int fd;

	of->path = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		of->kind = OUTFILE_STDOUT;
		of->fd = STDOUT_FILENO;
		of->stream = outfile_cookie_stream(of);
		if (of->stream == NULL) {
			outfile_error(errs, path, strerror(errno));
			outfile_free(of);
			return NULL;
		}
		/* Rows show as they come on a terminal, as with stdout. */
		if (isatty(STDOUT_FILENO))
			setvbuf(of->stream, NULL, _IOLBF, 0);
		return of;
	}
	if (path[0] == '\0' || path[strlen(path) - 1] == '/') {
		outfile_error(errs, path, "not a file name");
		outfile_free(of);
		return NULL;
	}
	of->target = outfile_follow_links(path);
	if (of->target == NULL) {
		outfile_error(errs, path, strerror(errno));
		outfile_free(of);
		return NULL;
	}
	if (stat(of->target, &st) == 0 && S_ISDIR(st.st_mode)) {
		outfile_error(errs, path, strerror(EISDIR));
		outfile_free(of);
		return NULL;
	}
	if (stat(of->target, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A FIFO blocks here until its reader comes; a signal
		 * interrupts the wait (EINTR), and the caller sees it. */
		of->kind = OUTFILE_DIRECT;
		of->fd = open(of->target, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (of->fd < 0) {
			outfile_error(errs, path, strerror(errno));
			outfile_free(of);
			return NULL;
		}
		of->stream = outfile_cookie_stream(of);
		if (of->stream == NULL) {
			outfile_error(errs, path, strerror(errno));
			close(of->fd);
			outfile_free(of);
			return NULL;
		}
	} else {
		bool replacing = stat(of->target, &st) == 0;

		of->kind = OUTFILE_RENAME;
		of->temp_path = outfile_temp_template(of->target);
		fd = mkstemp(of->temp_path);
		if (fd < 0) {
			outfile_error(errs, path, strerror(errno));
			outfile_free(of);
			return NULL;
		}
		/*
		 * mkstemp makes 0600.  A replaced file keeps what it had (a
		 * 0600 trace stays private; owner and group too when we may
		 * set them, as root may), a new one looks like any output.
		 */
		if (replacing) {
			/* chown clears set-id bits: set the mode after it,
			 * and keep those bits only with the right owner. */
			if (fchown(fd, st.st_uid, st.st_gid) == 0)
				(void)fchmod(fd, st.st_mode & 07777);
			else
				(void)fchmod(fd, st.st_mode & 0777);
		} else {
			(void)fchmod(fd, outfile_default_mode());
		}
		of->fd = fd;
		of->stream = fdopen(fd, "w");
		if (of->stream == NULL) {
			outfile_error(errs, path, strerror(errno));
			close(fd);
			unlink(of->temp_path);
			outfile_free(of);
			return NULL;
		}
	}
	if (!buffered) {
		/* the writer hands over large blocks: stdio copying them
		 * into a buffer of its own first would only cost time */
		setvbuf(of->stream, NULL, _IONBF, 0);
		return of;
	}
	of->buffer = xmalloc(OUTFILE_BUFFER_BYTES);
	setvbuf(of->stream, of->buffer, _IOFBF, OUTFILE_BUFFER_BYTES);
	return of;
}

FILE *
outfile_stream(const struct outfile *of)
{
	return of->stream;
}

/* True when a signal asked the run to stop (outfile_set_stop()). */
static bool
outfile_stopping(const struct outfile *of)
{
	return of->stop != NULL && *of->stop != 0;
}

int
outfile_writev(struct outfile *of, struct iovec *iov, int n)
{
	if (of->write_errno != 0)
		return -1;
	/* Aborting, or stopping: as outfile_cookie_write(), do not start a
	 * write that may block. */
	if (of->discard || outfile_stopping(of)) {
		of->write_errno = EINTR;
		return -1;
	}
	/* What the stream holds goes first (a failure stays on it). */
	if (fflush(of->stream) != 0)
		return -1;
	while (n > 0) {
		ssize_t done = writev(of->fd, iov, n);

		if (done < 0 && errno == EINTR && !outfile_stopping(of))
			continue;
		if (done <= 0) {
			of->write_errno = done < 0 ? errno : EIO;
			return -1;
		}
		/* Skip what was written, part of a piece too. */
		while (n > 0 && (size_t)done >= iov->iov_len) {
			done -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= (size_t)done;
			/* cut short by a signal that asks to stop */
			if (outfile_stopping(of)) {
				of->write_errno = EINTR;
				return -1;
			}
		}
	}
	return 0;
}

const char *
outfile_path(const struct outfile *of)
{
	return of->path;
}

void
outfile_set_stop(struct outfile *of, const volatile sig_atomic_t *stop)
{
	of->stop = stop;
}

bool
outfile_is_stdout(const struct outfile *of)
{
	return of->kind == OUTFILE_STDOUT;
}

/*
 * Why a stream failed.  stdio keeps only a flag for an earlier failed
 * write, not its errno, so the reason may be a generic one.
 */
static const char *
outfile_flush_error(FILE *stream)
{
	errno = 0;
	if (fflush(stream) != 0 || ferror(stream))
		return errno != 0 ? strerror(errno) : "write error";
	return NULL;
}

int
outfile_close(struct outfile *of, FILE *errs)
{
	const char *reason;

	if (of->closed)
		return 0;
	reason = outfile_flush_error(of->stream);
	if (of->write_errno != 0) /* the first failure */
		reason = strerror(of->write_errno);
	errno = 0;
	if (fclose(of->stream) != 0 && reason == NULL)
		reason = errno != 0 ? strerror(errno) : "write error";
	of->stream = NULL;
	if (reason != NULL) {
		outfile_error(errs, of->path, reason);
		return -1;
	}
	of->closed = true;
	return 0;
}

int
outfile_commit(struct outfile *of, FILE *errs)
{
	int rc = 0;

	if (!of->closed && outfile_close(of, errs) != 0) {
		rc = -1;
	} else if (of->kind == OUTFILE_RENAME &&
		   rename(of->temp_path, of->target) != 0) {
		outfile_error(errs, of->path, strerror(errno));
		rc = -1;
	}
	if (rc != 0 && of->kind == OUTFILE_RENAME)
		unlink(of->temp_path);
	outfile_free(of);
	return rc;
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	of->discard = true; /* fclose() must not wait on a FIFO's reader */
	if (of->stream != NULL)
		fclose(of->stream);
	if (of->kind == OUTFILE_RENAME)
		unlink(of->temp_path);
	outfile_free(of);
}
