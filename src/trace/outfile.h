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
 *
 * Errors are printed to `errs` as "tcpsim: cannot write 'PATH': REASON".
 */
#ifndef TCPSIM_OUTFILE_H
#define TCPSIM_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

struct outfile;

/*
 * Create the temporary file for `path` (copied) now, so that a path that
 * cannot be written fails before anything is simulated.  The stream gets a
 * large buffer: trace output must not dominate the run time.  Returns NULL
 * after printing the error.
 */
struct outfile *outfile_open(const char *path, FILE *errs);

/* The stream to write to. */
FILE *outfile_stream(const struct outfile *of);

/* The target path as given. */
const char *outfile_path(const struct outfile *of);

/* True when the target is standard output ("-"). */
bool outfile_is_stdout(const struct outfile *of);

/*
 * Flush, close and rename the temporary file over the target; free `of`.
 * Returns 0, or -1 after printing the error (a write that failed earlier,
 * a full disk, a failed rename) and removing the temporary file.
 */
int outfile_commit(struct outfile *of, FILE *errs);

/* Close and remove the temporary file, leave the target alone; free `of`. NULL
 * is allowed. */
void outfile_abort(struct outfile *of);

#endif
