/* outfile.c: an output file that appears whole or not at all (see outfile.h).
 */
#include "trace/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	FILE *stream;		/* where rows go */
	char *buffer;		/* stdio buffer of stream (not for stdout) */
};

static void
outfile_error(FILE *errs, const char *path, const char *reason)
{
	if (strcmp(path, "-") == 0)
		fprintf(errs, "tcpsim: cannot write to standard output: %s\n",
			reason);
	else
		fprintf(errs, "tcpsim: cannot write '%s': %s\n", path, reason);
}

static void
outfile_free(struct outfile *of)
{
	free(of->path);
	free(of->temp_path);
	free(of->buffer);
	free(of);
}

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
	size_t len = dir_len + 1 + strlen(base) + sizeof ".XXXXXX";
	char *t = xmalloc(len);

	snprintf(t, len, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
	return t;
}

/* The permissions a plain fopen() would have given: 0666 less the umask. */
static mode_t
outfile_default_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

struct outfile *
outfile_open(const char *path, FILE *errs)
{
	struct outfile *of = xcalloc(1, sizeof *of);
	struct stat st;
	int fd;

	of->path = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		of->kind = OUTFILE_STDOUT;
		of->stream = stdout;
		return of;
	}
	if (path[0] == '\0' || path[strlen(path) - 1] == '/') {
		outfile_error(errs, path, "not a file name");
		outfile_free(of);
		return NULL;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		outfile_error(errs, path, strerror(EISDIR));
		outfile_free(of);
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		of->kind = OUTFILE_DIRECT;
		of->stream = fopen(path, "w");
		if (of->stream == NULL) {
			outfile_error(errs, path, strerror(errno));
			outfile_free(of);
			return NULL;
		}
	} else {
		of->kind = OUTFILE_RENAME;
		of->temp_path = outfile_temp_template(path);
		fd = mkstemp(of->temp_path);
		if (fd < 0) {
			outfile_error(errs, path, strerror(errno));
			outfile_free(of);
			return NULL;
		}
		/* mkstemp makes 0600; the result should look like any output.
		 */
		(void)fchmod(fd, outfile_default_mode());
		of->stream = fdopen(fd, "w");
		if (of->stream == NULL) {
			outfile_error(errs, path, strerror(errno));
			close(fd);
			unlink(of->temp_path);
			outfile_free(of);
			return NULL;
		}
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

const char *
outfile_path(const struct outfile *of)
{
	return of->path;
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
outfile_commit(struct outfile *of, FILE *errs)
{
	const char *reason;
	int rc = 0;

	if (of->kind == OUTFILE_STDOUT) {
		reason = outfile_flush_error(of->stream);
		if (reason != NULL) {
			outfile_error(errs, of->path, reason);
			rc = -1;
		}
		outfile_free(of);
		return rc;
	}

	reason = outfile_flush_error(of->stream);
	errno = 0;
	if (fclose(of->stream) != 0 && reason == NULL)
		reason = errno != 0 ? strerror(errno) : "write error";
	of->stream = NULL;
	if (reason == NULL && of->kind == OUTFILE_RENAME &&
	    rename(of->temp_path, of->path) != 0)
		reason = strerror(errno);
	if (reason != NULL) {
		outfile_error(errs, of->path, reason);
		if (of->kind == OUTFILE_RENAME)
			unlink(of->temp_path);
		rc = -1;
	}
	outfile_free(of);
	return rc;
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->kind != OUTFILE_STDOUT && of->stream != NULL)
		fclose(of->stream);
	if (of->kind == OUTFILE_RENAME)
		unlink(of->temp_path);
	outfile_free(of);
}
