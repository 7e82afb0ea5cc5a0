/* SPDX-License-Identifier: ISC */
/*
 * text.h: a sentence built piece by piece into a fixed buffer, as
 * snprintf() would build it (always NUL-terminated, cut at size - 1),
 * without printf's parsing.  The event log's SACK blocks and the reasons
 * of recovery's segments are built this way on every ACK and segment of a
 * loss episode.
 */
#ifndef TCPSIM_TEXT_H
#define TCPSIM_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trace/format.h"

struct text {
	char *buf;   /* the sentence, NUL-terminated */
	size_t size; /* bytes of buf, at least 1 */
	size_t len;  /* bytes written, < size */
};

/* An empty sentence in `buf` (size >= 1). */
static inline struct text
text_start(char *buf, size_t size)
{
	struct text t = {buf, size, 0};

	buf[0] = '\0';
	return t;
}

/* `len` bytes of `s`, or what fits. */
static inline void
text_putn(struct text *t, const char *s, size_t len)
{
	size_t room = t->size - 1 - t->len;

	if (len > room)
		len = room;
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
}

static inline void
text_put(struct text *t, const char *s)
{
	text_putn(t, s, strlen(s));
}

/* `v` in decimal, as "%llu" writes it. */
static inline void
text_u64(struct text *t, uint64_t v)
{
	char digits[20];

	text_putn(t, digits, format_u64(digits, v));
}

#endif
