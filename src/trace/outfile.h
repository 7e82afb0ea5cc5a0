/* SPDX-License-Identifier: ISC */
/*
 * outfile.h: an output file that appears whole or not at all.
 *
 * A trace that stops in the middle looks like a short run.  So outputs are
 * written to a temporary file beside the target (same directory, hence
 * same file system, so rename() is atomic) and renamed over the target
 * only when the run completed; a failed or interrupted run removes the
 * temporary file and leaves any earlier target untouched.
 *
 * Special targets:
 *   "-"                  standard output; nothing to rename or remove.
 *   an existing non-regular file (/dev/null, a FIFO): written directly,
 *                        since renaming over a device would replace it.
 *   a symbolic link      followed: the file it points to (at the end of
 *                        the chain) is replaced, the link stays a link.
 * A replaced file keeps its permission bits (and its owner and group
 * where we may set them); a new one gets 0666 less the umask, as with a
 * plain fopen().
 *
 * Several outputs of one run appear together: outfile_close() each (all
 * the writing and its errors happen there), and only when every one
 * closed cleanly outfile_commit() each (a rename, which does not fail on
 * a full disk); otherwise outfile_abort() each.
 *
 * Errors are printed to `errs` as "tcpsim: cannot write 'PATH': REASON".
 */
#ifndef TCPSIM_OUTFILE_H
#define TCPSIM_OUTFILE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

struct outfile;

/*
 * Create the temporary file for `path` (copied) now, so that a path that
 * cannot be written fails before anything is simulated.  The stream gets a
 * large buffer: trace output must not dominate the run time.  Returns NULL
 * after printing the error.
 */
struct outfile *outfile_open(const char *path, FILE *errs);

/*
 * The same, but the stream has no buffer (standard output keeps stdio's,
 * so that a terminal still gets whole lines): for a writer that keeps
 * its output in large blocks itself (the event log), which stdio would
 * otherwise copy into its buffer before writing.
 */
struct outfile *outfile_open_unbuffered(const char *path, FILE *errs);

/* The stream to write to. */
FILE *outfile_stream(const struct outfile *of);

/*
 * Write `n` pieces (at most IOV_MAX) after what the stream holds, with
 * writev(2), without copying them into the stream's buffer: for a writer
 * whose bytes already lie in memory (the capture's payload, a slice of a
 * table).  The stream is flushed first; `iov` is the caller's scratch,
 * changed by a partial write.  Returns 0, or -1 when the write failed or
 * gave up (as outfile_set_stop() says); outfile_close() then reports the
 * error as it would a failed write of the stream, and later calls write
 * nothing.
 */
struct iovec;
int outfile_writev(struct outfile *of, struct iovec *iov, int n);

/* The target path as given. */
const char *outfile_path(const struct outfile *of);

/*
 * Where a path leads, to tell when two names are one file: the device
 * and inode of the file (symbolic links followed), or, for a file that
 * does not exist yet, of its directory and its name there.
 */
struct outfile_identity {
	bool exists; /* the file exists: dev and ino are its own */
	dev_t dev;   /* device of the file, or of its directory */
	ino_t ino;   /* inode of the file, or of its directory */
	char *name;  /* !exists: its name in that directory (owned) */
};

/*
 * The identity of `path`, following symbolic links.  Returns 0, or -1
 * when it cannot be found out (the directory does not exist, a loop of
 * links), errno set.  Free with outfile_identity_free().
 */
int outfile_identity_of(const char *path, struct outfile_identity *id);
void outfile_identity_free(struct outfile_identity *id);

/* True when the two identities are one file. */
bool outfile_identity_same(const struct outfile_identity *a,
			   const struct outfile_identity *b);

/* True when `id` is the existing file that `st` describes. */
bool outfile_identity_is(const struct outfile_identity *id,
			 const struct stat *st);

/*
 * Flush and close the stream, keeping the temporary file for
 * outfile_commit().  Returns 0, or -1 after printing the error (a write
 * that failed earlier, a full disk).  Standard output is only flushed.
 */
int outfile_close(struct outfile *of, FILE *errs);

/*
 * A flag that a signal handler sets to ask the run to stop.  Once set, a
 * write blocked on a FIFO or pipe whose reader does not read (which the
 * signal interrupts) gives up instead of waiting on, so that Ctrl-C ends
 * the run at once; the stream is then in error.
 */
void outfile_set_stop(struct outfile *of, const volatile sig_atomic_t *stop);

/* True when the target is standard output ("-"). */
bool outfile_is_stdout(const struct outfile *of);

/*
 * outfile_close() if not done yet, then rename the temporary file over
 * the target; free `of`.  Returns 0, or -1 after printing the error (a
 * write that failed earlier, a full disk, a failed rename) and removing
 * the temporary file.
 */
int outfile_commit(struct outfile *of, FILE *errs);

/* Close and remove the temporary file, leave the target alone; free `of`. NULL
 * is allowed. */
void outfile_abort(struct outfile *of);

#endif
