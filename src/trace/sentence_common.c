/* SPDX-License-Identifier: ISC */
/*
 * sentence_common.c: the most frequent sentences of the event log,
 * written by hand (see sentence_common.h).
 */
#include "trace/sentence_common.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "trace/format.h"
#include "trace/sentences.h"

/* A literal: its bytes, of a length known when compiling. */
#define COMMON_LIT(o, s) common_lit((o), (s), sizeof(s) - 1)

static inline char *
common_lit(char *o, const char *s, size_t len)
{
	memcpy(o, s, len);
	return o + len;
}

/* A %s argument, at most `cap` bytes of it: most are short words ("s",
 * "sends"), copied a byte at a time; a longer one (a reason) is counted
 * and copied whole.  *quote is set when it holds a '"'. */
static inline char *
common_str(char *o, const char *s, size_t cap, bool *quote)
{
	size_t k;
	bool q = false;

	for (k = 0; k < 8 && k < cap && s[k] != '\0'; k++) {
		q |= s[k] == '"';
		o[k] = s[k];
	}
	if (k == 8 && k < cap && s[k] != '\0') {
		size_t more = strnlen(s + k, cap - k);

		q |= memchr(s + k, '"', more) != NULL;
		memcpy(o + k, s + k, more);
		k += more;
	}
	*quote |= q;
	return o + k;
}

static inline char *
common_u32(char *o, unsigned v)
{
#if UINT_MAX <= UINT32_MAX
	return o + format_u32(o, (uint32_t)v);
#else
	return o + format_u64(o, v);
#endif
}

static inline char *
common_u64(char *o, unsigned long long v)
{
	return o + (v <= UINT32_MAX ? format_u32(o, (uint32_t)v)
				    : format_u64(o, (uint64_t)v));
}

/*
 * Each function reads its format's arguments in order, one statement
 * each (the order of arguments of one call is unspecified), and writes
 * the sentence.
 */

/* sender.c: a segment sent or sent again */
static char *
common_send(char *o, size_t cap, va_list ap, bool *q)
{
	const char *verb = va_arg(ap, const char *);
	unsigned len = va_arg(ap, unsigned);
	const char *plural = va_arg(ap, const char *);
	unsigned seq = va_arg(ap, unsigned);
	const char *sep = va_arg(ap, const char *);
	const char *why = va_arg(ap, const char *);

	o = common_str(o, verb, cap, q);
	*o++ = ' ';
	o = common_u32(o, len);
	o = COMMON_LIT(o, " byte");
	o = common_str(o, plural, cap, q);
	o = COMMON_LIT(o, " at seq ");
	o = common_u32(o, seq);
	o = common_str(o, sep, cap, q);
	return common_str(o, why, cap, q);
}

/* link.c: a packet joins the queue of the link without a name */
static char *
common_enqueue(char *o, size_t cap, va_list ap, bool *q)
{
	unsigned long long packets = va_arg(ap, unsigned long long);
	const char *plural = va_arg(ap, const char *);

	o = COMMON_LIT(o, "segment joins the bottleneck queue (");
	o = common_u64(o, packets);
	o = COMMON_LIT(o, " packet");
	o = common_str(o, plural, cap, q);
	return COMMON_LIT(o, " now)");
}

/* receiver.c: a data segment arrives */
static char *
common_deliver(char *o, size_t cap, va_list ap, bool *q)
{
	const char *probe = va_arg(ap, const char *);
	unsigned len = va_arg(ap, unsigned);
	const char *plural = va_arg(ap, const char *);
	unsigned seq = va_arg(ap, unsigned);
	const char *verb_s = va_arg(ap, const char *);
	const char *how = va_arg(ap, const char *);

	o = common_str(o, probe, cap, q);
	o = common_u32(o, len);
	o = COMMON_LIT(o, " byte");
	o = common_str(o, plural, cap, q);
	o = COMMON_LIT(o, " at seq ");
	o = common_u32(o, seq);
	o = COMMON_LIT(o, " arrive");
	o = common_str(o, verb_s, cap, q);
	o = COMMON_LIT(o, " (");
	o = common_str(o, how, cap, q);
	*o++ = ')';
	return o;
}

/* app.c: the consumer reads */
static char *
common_read(char *o, size_t cap, va_list ap, bool *q)
{
	unsigned long long n = va_arg(ap, unsigned long long);
	const char *plural = va_arg(ap, const char *);
	unsigned long long left = va_arg(ap, unsigned long long);

	o = COMMON_LIT(o, "consumer reads ");
	o = common_u64(o, n);
	o = COMMON_LIT(o, " byte");
	o = common_str(o, plural, cap, q);
	o = COMMON_LIT(o, " (");
	o = common_u64(o, left);
	return COMMON_LIT(o, " left in the receive buffer)");
}

/* receiver.c: an ACK */
static char *
common_ack(char *o, size_t cap, va_list ap, bool *q)
{
	unsigned ack = va_arg(ap, unsigned);
	unsigned long long wnd = va_arg(ap, unsigned long long);
	const char *blocks = va_arg(ap, const char *);
	const char *sep = va_arg(ap, const char *);
	const char *why = va_arg(ap, const char *);

	o = COMMON_LIT(o, "ACK ");
	o = common_u32(o, ack);
	o = COMMON_LIT(o, ", window ");
	o = common_u64(o, wnd);
	o = COMMON_LIT(o, " bytes");
	o = common_str(o, blocks, cap, q);
	o = common_str(o, sep, cap, q);
	return common_str(o, why, cap, q);
}

/* app.c: the producer writes */
static char *
common_write(char *o, size_t cap, va_list ap, bool *q)
{
	unsigned long long n = va_arg(ap, unsigned long long);
	const char *plural = va_arg(ap, const char *);
	unsigned long long used = va_arg(ap, unsigned long long);
	unsigned long long size = va_arg(ap, unsigned long long);

	o = COMMON_LIT(o, "producer writes ");
	o = common_u64(o, n);
	o = COMMON_LIT(o, " byte");
	o = common_str(o, plural, cap, q);
	o = COMMON_LIT(o, " into the send buffer (");
	o = common_u64(o, used);
	o = COMMON_LIT(o, " of ");
	o = common_u64(o, size);
	return COMMON_LIT(o, " bytes used)");
}

/* The formats, as their callers spell them, and their writers. */
static const struct {
	const char *fmt;	   /* the format */
	sentence_common_fn *write; /* its writer */
} sentence_commons[] = {
	{SENTENCE_SEND, common_send},	    {SENTENCE_ENQUEUE, common_enqueue},
	{SENTENCE_DELIVER, common_deliver}, {SENTENCE_READ, common_read},
	{SENTENCE_ACK, common_ack},	    {SENTENCE_WRITE, common_write},
};

sentence_common_fn *
sentence_common_find(const char *fmt)
{
	for (size_t i = 0;
	     i < sizeof sentence_commons / sizeof sentence_commons[0]; i++)
		if (strcmp(fmt, sentence_commons[i].fmt) == 0)
			return sentence_commons[i].write;
	return NULL;
}
