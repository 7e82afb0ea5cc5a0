/* SPDX-License-Identifier: ISC */
/*
 * sentence_common.h: the most frequent sentences of the event log,
 * written by hand.
 *
 * A minute of a 100 Mbit/s link logs some 3 million events, nearly all
 * of six kinds (send, enqueue, deliver, the consumer's read, ack, the
 * producer's write).  Even read once (sentence.c), a format is walked
 * piece by piece, a branch on each conversion; these six are written by
 * functions that know their format, straight through.  The formats are
 * matched by their text when first read; callers and writers take them
 * from one place, trace/sentences.h (a format written otherwise would
 * simply go the general way, as slowly as before and as correctly).
 */
#ifndef TCPSIM_SENTENCE_COMMON_H
#define TCPSIM_SENTENCE_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Write the sentence of the format's arguments `ap` at `o`, each %s
 * argument cut at `cap` bytes, nothing else cut; return the end.  Room:
 * SENTENCE_COMMON_ROOM(cap).  *quote is set when a '"' was written (the
 * formats' own text has none).
 */
typedef char *sentence_common_fn(char *o, size_t cap, va_list ap, bool *quote);

/* Room a writer may need: its text, four numbers of 20 digits and four
 * %s arguments of `cap` bytes. */
#define SENTENCE_COMMON_ROOM(cap) (128 + 4 * 20 + 4 * (size_t)(cap))

/* The writer of `fmt`, or NULL when it has none. */
sentence_common_fn *sentence_common_find(const char *fmt);

#endif
