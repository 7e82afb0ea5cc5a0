/* SPDX-License-Identifier: ISC */
/* sentence.c: the event log's sentences (see sentence.h). */
#include "trace/sentence.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace/format.h"
#include "trace/sentence_common.h"
#include "util/xmalloc.h"

/* What follows a piece's literal text. */
enum sentence_conv {
	SENTENCE_END,	 /* nothing: the format ends */
	SENTENCE_STR,	 /* %s */
	SENTENCE_UINT,	 /* %u */
	SENTENCE_ULONG,	 /* %lu */
	SENTENCE_ULLONG, /* %llu */
	SENTENCE_SIZE,	 /* %zu */
	SENTENCE_INT,	 /* %d */
	SENTENCE_LONG,	 /* %ld */
	SENTENCE_LLONG,	 /* %lld */
};

/* Literal text, then one conversion. */
struct sentence_piece {
	size_t text_off;	 /* where the text starts in form->text */
	size_t text_len;	 /* its bytes (%% already one '%') */
	enum sentence_conv conv; /* what follows it */
};

/* One format, read. */
struct sentence_form {
	const char *fmt;	       /* the format: the key */
	bool plain;		       /* only conversions handled here */
	struct sentence_piece *pieces; /* in order, the last one's conv END */
	size_t n_pieces;	       /* how many */
	char *text;		       /* the literal text of every piece */
	sentence_common_fn *common;    /* its writer by hand, or NULL */
	bool text_quote;	       /* its literal text holds a '"' */
};

struct sentence_book {
	struct sentence_form **slots; /* open addressing by address; NULL:
					 empty */
	size_t cap;		      /* slots, a power of two */
	unsigned bits;		      /* log2(cap) */
	size_t used;		      /* forms held */
};

/* Literal text is copied in blocks of this many bytes (padding after the
 * text of a form allows the last block to read past it). */
#define SENTENCE_BLOCK 16

/* A %s argument up to this long is copied a byte at a time. */
#define SENTENCE_SHORT 8

/* Slots at first: the model has a few dozen formats in all. */
#define SENTENCE_BOOK_BITS 7

struct sentence_book *
sentence_book_new(void)
{
	struct sentence_book *book = xcalloc(1, sizeof *book);

	book->bits = SENTENCE_BOOK_BITS;
	book->cap = (size_t)1 << book->bits;
	book->slots = xcalloc(book->cap, sizeof *book->slots);
	return book;
}

static void
sentence_form_free(struct sentence_form *form)
{
	free(form->pieces);
	free(form->text);
	free(form);
}

void
sentence_book_free(struct sentence_book *book)
{
	if (book == NULL)
		return;
	for (size_t i = 0; i < book->cap; i++)
		if (book->slots[i] != NULL)
			sentence_form_free(book->slots[i]);
	free(book->slots);
	free(book);
}

/* The first slot to look at for `fmt`. */
static size_t
sentence_slot(const struct sentence_book *book, const char *fmt)
{
	return sentence_address_hash(fmt, book->bits);
}

/* Read `fmt` into its pieces; a conversion not handled here makes the
 * form not plain (and the reading stops there). */
static struct sentence_form *
sentence_form_read(const char *fmt)
{
	struct sentence_form *form = xcalloc(1, sizeof *form);
	size_t len = strlen(fmt), cap_pieces = 1, text_len = 0, start = 0;
	const char *p;

	form->fmt = fmt;
	form->plain = true;
	/* every '%' may start a conversion: at most one piece each, and the
	 * last one */
	for (p = fmt; *p != '\0'; p++)
		if (*p == '%')
			cap_pieces++;
	form->pieces = xcalloc(cap_pieces, sizeof *form->pieces);
	/* padding for sentence_put_text()'s last block */
	form->text = xcalloc(1, len + SENTENCE_BLOCK);
	for (p = fmt;; p++) {
		enum sentence_conv conv;
		int lmod = 0; /* 1: l, 2: ll, 3: z */
		struct sentence_piece *piece;

		if (*p != '\0' && *p != '%') {
			form->text[text_len++] = *p;
			continue;
		}
		if (*p == '\0') {
			conv = SENTENCE_END;
		} else {
			p++;
			if (p[0] == 'l' && p[1] == 'l') {
				lmod = 2;
				p += 2;
			} else if (*p == 'l' || *p == 'z') {
				lmod = *p == 'z' ? 3 : 1;
				p++;
			}
			if (*p == '%' && lmod == 0) {
				form->text[text_len++] = '%';
				continue;
			}
			if (*p == 's' && lmod == 0)
				conv = SENTENCE_STR;
			else if (*p == 'u')
				conv = lmod == 0   ? SENTENCE_UINT
				       : lmod == 1 ? SENTENCE_ULONG
				       : lmod == 2 ? SENTENCE_ULLONG
						   : SENTENCE_SIZE;
			else if (*p == 'd' && lmod != 3)
				conv = lmod == 0   ? SENTENCE_INT
				       : lmod == 1 ? SENTENCE_LONG
						   : SENTENCE_LLONG;
			else {
				form->plain = false;
				return form;
			}
		}
		piece = &form->pieces[form->n_pieces++];
		piece->text_off = start;
		piece->text_len = text_len - start;
		piece->conv = conv;
		start = text_len;
		if (conv == SENTENCE_END)
			return form;
	}
}

/* The form of `fmt`, read now if it is new. */
static const struct sentence_form *
sentence_lookup(struct sentence_book *book, const char *fmt)
{
	size_t mask = book->cap - 1;
	size_t i;

	for (i = sentence_slot(book, fmt); book->slots[i] != NULL;
	     i = (i + 1) & mask)
		if (book->slots[i]->fmt == fmt)
			return book->slots[i];
	/* New.  Keep the table at most half full: grow it first. */
	if (2 * (book->used + 1) > book->cap) {
		struct sentence_form **old = book->slots;
		size_t old_cap = book->cap;

		book->bits++;
		book->cap <<= 1;
		book->slots = xcalloc(book->cap, sizeof *book->slots);
		mask = book->cap - 1;
		for (size_t k = 0; k < old_cap; k++) {
			if (old[k] == NULL)
				continue;
			for (i = sentence_slot(book, old[k]->fmt);
			     book->slots[i] != NULL; i = (i + 1) & mask)
				;
			book->slots[i] = old[k];
		}
		free(old);
		for (i = sentence_slot(book, fmt); book->slots[i] != NULL;
		     i = (i + 1) & mask)
			;
	}
	book->slots[i] = sentence_form_read(fmt);
	if (book->slots[i]->plain)
		book->slots[i]->common = sentence_common_find(fmt);
	book->slots[i]->text_quote = strchr(fmt, '"') != NULL;
	book->used++;
	return book->slots[i];
}

/* Room for any number: 20 digits and a sign. */
#define SENTENCE_NUMBER_MAX 21

/*
 * `len` bytes of `src` at buf + n, cut at `lim` as vsnprintf cuts; the
 * new n.  When the blocks fit before `lim`, whole blocks are copied: a
 * fixed-size copy is a few moves, where memcpy() of a few bytes is a call
 * and a dispatch on the length (the bytes past n + len are written over
 * later or stay past the NUL).
 */
static inline size_t
sentence_put_text(char *buf, size_t n, size_t lim, const char *src, size_t len)
{
	size_t blocks = (len + SENTENCE_BLOCK - 1) / SENTENCE_BLOCK;

	if (blocks * SENTENCE_BLOCK <= lim - n) {
		for (size_t i = 0; i < blocks; i++)
			memcpy(buf + n + i * SENTENCE_BLOCK,
			       src + i * SENTENCE_BLOCK, SENTENCE_BLOCK);
		return n + len;
	}
	if (len > lim - n)
		len = lim - n;
	memcpy(buf + n, src, len);
	return n + len;
}

/* The largest buffer the writers by hand write for (their room is on
 * the stack); a larger one goes the general way. */
#define SENTENCE_COMMON_SIZE 256

/*
 * A sentence by its writer by hand, written whole (each %s argument cut
 * at size - 1 bytes: no more of one can show) and cut at size - 1.
 * Straight into `buf` when `room` allows it; else into a room of its
 * own, then its first size - 1 bytes copied (in blocks of 16 within
 * `size`; a wide load of bytes just stored one or two at a time stalls,
 * hence the first way when possible).
 */
static int
sentence_format_common(sentence_common_fn *common, char *buf, size_t size,
		       size_t room, va_list ap, bool *quote)
{
	char own[SENTENCE_COMMON_ROOM(SENTENCE_COMMON_SIZE - 1) + 16];
	size_t n, i;

	if (room >= SENTENCE_COMMON_ROOM(size - 1)) {
		n = (size_t)(common(buf, size - 1, ap, quote) - buf);
		if (n > size - 1)
			n = size - 1;
		buf[n] = '\0';
		return (int)n;
	}
	n = (size_t)(common(own, size - 1, ap, quote) - own);
	if (n > size - 1)
		n = size - 1;
	for (i = 0; i < n && i + 16 <= size; i += 16)
		memcpy(buf + i, own + i, 16);
	if (i < n)
		memcpy(buf + i, own + i, n - i);
	buf[n] = '\0';
	return (int)n;
}

sentence_common_fn *
sentence_writer(struct sentence_book *book, const char *fmt)
{
	const struct sentence_form *form = sentence_lookup(book, fmt);

	return form->plain ? form->common : NULL;
}

int
sentence_format(struct sentence_book *book, char *buf, size_t size,
		const char *fmt, va_list ap)
{
	bool quote;

	return sentence_write(book, buf, size, size, fmt, ap, &quote);
}

int
sentence_write(struct sentence_book *book, char *buf, size_t size, size_t room,
	       const char *fmt, va_list ap, bool *quote)
{
	const struct sentence_form *form = sentence_lookup(book, fmt);
	const struct sentence_piece *piece;
	size_t n = 0, lim;

	if (!form->plain || size == 0 || size > INT32_MAX || room < size)
		return -1;
	*quote = form->text_quote;
	/* n <= lim from here on: what does not fit is cut. */
	lim = size - 1;
	if (form->common != NULL && size <= SENTENCE_COMMON_SIZE)
		return sentence_format_common(form->common, buf, size, room, ap,
					      quote);
	for (piece = form->pieces;; piece++) {
		char digits[2 * SENTENCE_BLOCK]; /* >= SENTENCE_NUMBER_MAX, in
						    whole blocks */
		const char *s;
		uint64_t u = 0;
		int64_t d;
		bool minus = false;
		size_t k;

		n = sentence_put_text(buf, n, lim, form->text + piece->text_off,
				      piece->text_len);
		switch (piece->conv) {
		case SENTENCE_END:
			buf[n] = '\0';
			return (int)n;
		case SENTENCE_STR:
			/* Most arguments are short words ("s", "resends"): a
			 * byte loop costs less than calls to strlen() and
			 * memcpy().  A longer one (a reason for an ACK) is
			 * counted, then copied in blocks. */
			s = va_arg(ap, const char *);
			for (k = 0;
			     k < SENTENCE_SHORT && s[k] != '\0' && n < lim;
			     k++) {
				*quote |= s[k] == '"';
				buf[n++] = s[k];
			}
			if (k == SENTENCE_SHORT && s[k] != '\0') {
				/* exact: no block may read past its end */
				k = strlen(s + k);
				if (k > lim - n)
					k = lim - n;
				*quote |= memchr(s + SENTENCE_SHORT, '"', k) !=
					  NULL;
				memcpy(buf + n, s + SENTENCE_SHORT, k);
				n += k;
			}
			continue;
		case SENTENCE_UINT:
			u = va_arg(ap, unsigned);
			break;
		case SENTENCE_ULONG:
			u = va_arg(ap, unsigned long);
			break;
		case SENTENCE_ULLONG:
			u = va_arg(ap, unsigned long long);
			break;
		case SENTENCE_SIZE:
			u = va_arg(ap, size_t);
			break;
		case SENTENCE_INT:
		case SENTENCE_LONG:
		case SENTENCE_LLONG:
			d = piece->conv == SENTENCE_INT ? va_arg(ap, int)
			    : piece->conv == SENTENCE_LONG
				    ? va_arg(ap, long)
				    : va_arg(ap, long long);
			/* the magnitude in unsigned: INT64_MIN has one */
			u = (uint64_t)d;
			if (d < 0) {
				minus = true;
				u = (uint64_t)0 - u;
			}
			break;
		}
		if (lim - n >= SENTENCE_NUMBER_MAX) {
			if (minus)
				buf[n++] = '-';
			n += u <= UINT32_MAX ? format_u32(buf + n, (uint32_t)u)
					     : format_u64(buf + n, u);
			continue;
		}
		/* near the end: the digits aside, then what fits */
		k = 0;
		if (minus)
			digits[k++] = '-';
		k += format_u64(digits + k, u);
		n = sentence_put_text(buf, n, lim, digits, k);
	}
}
