/* SPDX-License-Identifier: ISC */
/* escape.c: text from the input, made safe for a terminal (see escape.h). */
#include "util/escape.h"

#include <stdio.h>
#include <string.h>

#include "util/xmalloc.h"

/*
 * The length of the valid UTF-8 sequence at s[0..len) (2 to 4), or 0 when
 * the bytes there are not one (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF).
 */
static size_t
escape_utf8_length(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1fu;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0u) != 0x80u)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * The escaped form of the character at s[0..len) into out (at least 7
 * bytes); sets *used to the input bytes it took.  Returns its length.
 */
static size_t
escape_one(char *out, const unsigned char *s, size_t len, size_t *used)
{
	size_t n;

	*used = 1;
	switch (s[0]) {
	case '\t':
		return (size_t)snprintf(out, 7, "\\t");
	case '\n':
		return (size_t)snprintf(out, 7, "\\n");
	case '\r':
		return (size_t)snprintf(out, 7, "\\r");
	default:
		break;
	}
	if (s[0] < 0x20 || s[0] == 0x7f)
		return (size_t)snprintf(out, 7, "\\x%02x", s[0]);
	if (s[0] < 0x80) {
		out[0] = (char)s[0];
		out[1] = '\0';
		return 1;
	}
	n = escape_utf8_length(s, len);
	if (n == 0)
		return (size_t)snprintf(out, 7, "\\x%02x", s[0]);
	*used = n;
	if (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return (size_t)snprintf(out, 7, "\\u%04x", s[1]);
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

char *
escape_text_n(char *buf, size_t size, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = 0, i = 0, cut = 0;

	if (size == 0)
		return buf;
	while (i < len) {
		char one[8];
		size_t used, n, run = 0;

		/* A run of printable ASCII is itself, copied whole while
		 * "..." would still fit after every byte of it (as the loop
		 * below would copy it, a byte at a time, `cut` following);
		 * names and values are nearly always all of it. */
		while (i + run < len && p[i + run] >= 0x20 && p[i + run] < 0x7f &&
		       at + run + 3 < size)
			run++;
		if (run > 0) {
			memcpy(buf + at, p + i, run);
			at += run;
			i += run;
			cut = at - 1;
			continue;
		}
		n = escape_one(one, p + i, len - i, &used);

		if (at + 3 < size)
			cut = at; /* "..." would still fit here */
		if (at + n >= size) {
			/* It does not all fit: end at a whole escape, with
			 * "..." if there is room for it at all. */
			at = cut;
			if (at + 3 < size) {
				memcpy(buf + at, "...", 3);
				at += 3;
			}
			break;
		}
		memcpy(buf + at, one, n);
		at += n;
		i += used;
	}
	buf[at] = '\0';
	return buf;
}

char *
escape_text(char *buf, size_t size, const char *s)
{
	return escape_text_n(buf, size, s, strlen(s));
}

char *
escape_dup(const char *s)
{
	size_t len = strlen(s);
	size_t size = ESCAPE_SIZE(len);
	char *buf = xmalloc(size);

	return escape_text_n(buf, size, s, len);
}

bool
escape_is_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;

	while (i < len) {
		char one[8];
		size_t used, n = escape_one(one, p + i, len - i, &used);

		if (n != used || memcmp(one, p + i, n) != 0)
			return false;
		i += used;
	}
	return true;
}
