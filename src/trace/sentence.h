/* SPDX-License-Identifier: ISC */
/*
 * sentence.h: the event log's sentences, from printf-like formats read
 * once.
 *
 * Every trace event carries a sentence ("sends 1448 bytes at seq 1"),
 * written from a format and its arguments at the place the event
 * happens (sim_trace()).  A run with --events writes millions of them,
 * and reading the format a byte at a time, as printf does, was most of
 * the log's cost.  So each format is read once, the first time it is
 * used, into its pieces (literal text, then one conversion), kept in a
 * book looked up by the format's address; later uses copy the text and
 * write the numbers.
 *
 * The formats are string literals (sim_trace()'s callers), which live
 * and stay as they are for the whole program: the address is the key.
 * Conversions handled: %s, %u, %d (with l, ll; %u also with z) and %%;
 * a format with anything else (a width, a precision, %g) is marked, and
 * sentence_format() leaves it to vsnprintf.
 */
#ifndef TCPSIM_SENTENCE_H
#define TCPSIM_SENTENCE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/sentence_common.h"

/* A format's slot in a table of 2^bits kept by its address (Fibonacci
 * hashing: literals sit a few bytes apart, the product spreads them);
 * 1 <= bits <= 63. */
static inline size_t
sentence_address_hash(const char *fmt, unsigned bits)
{
	uint64_t h = (uint64_t)(uintptr_t)fmt * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> (64 - bits));
}

/* The formats read so far, by address. */
struct sentence_book;

struct sentence_book *sentence_book_new(void);
/* NULL is allowed. */
void sentence_book_free(struct sentence_book *book);

/*
 * What vsnprintf(buf, size, fmt, ap) writes (cut at size - 1 bytes, NUL
 * terminated), and its length, when the format's conversions are those
 * above.  Otherwise returns -1 without touching `ap` or `buf`: the caller
 * hands `ap` to vsnprintf.  `fmt` must not change while the book is in
 * use (a string literal).
 */
int sentence_format(struct sentence_book *book, char *buf, size_t size,
		    const char *fmt, va_list ap);

/*
 * sentence_format(), for a writer that puts the sentence straight into a
 * larger buffer of its own: bytes up to buf + room (room >= size) may be
 * written past the sentence, and *quote is set to false when the
 * sentence surely holds no '"' (true: it may; the CSV writer looks).
 */
int sentence_write(struct sentence_book *book, char *buf, size_t size,
		   size_t room, const char *fmt, va_list ap, bool *quote);

/*
 * The writer by hand of `fmt` (trace/sentence_common.h), or NULL when it
 * has none; `fmt` is read now if it is new.  For a writer that keeps
 * the answer by address and calls the writer itself, as sentence_write()
 * would: its room, and its sentence then cut at size - 1.
 */
sentence_common_fn *sentence_writer(struct sentence_book *book,
				    const char *fmt);

#endif
