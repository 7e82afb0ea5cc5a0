/* SPDX-License-Identifier: ISC */
/* events.c: the event CSV (see events.h). */
#include "config.h"

#include "trace/events.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h> /* __flbf */
#endif
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "sim/observer.h"
#include "model/sim.h"
#include "trace/csv.h"
#include "trace/format.h"
#include "trace/sentence.h"
#include "util/xmalloc.h"

/*
 * Rows wait in the writer's buffer and go to the stream in blocks of about
 * this size: one fwrite per row, with its locking and its checks, cost
 * more than building the row.  256 KiB stays in the processor's cache.
 */
#define EVENTS_BUFFER_BYTES (256u * 1024u)

/*
 * Room kept for one row: the time (21 bytes), the name (63), where and
 * event (25), seq, ack, len (10 each), win (20), nine commas: 188; the
 * sentence, whose writer may use up to SENTENCE_COMMON_ROOM(199) = 1004
 * bytes before it is cut to 199, each quote then doubled (398); two
 * quotes and the newline.  The labels are copied whole (events_label),
 * zero padding included, up to 64 bytes past their text.
 */
#define EVENTS_ROW_MAX 2048

/* The time column is copied from the row before in one block of this
 * many bytes: "SECONDS," is at most 22, a row at least 36. */
#define EVENTS_TIME_BLOCK 32

/* Bytes of a sentence, NUL included, as in trace_event.detail. */
#define EVENTS_DETAIL_BYTES (sizeof(((struct trace_event *)0)->detail))

/* The fixed columns, two quotes, a writer by hand's room and the
 * newline fit a row. */
_Static_assert(188 + 2 + SENTENCE_COMMON_ROOM(EVENTS_DETAIL_BYTES - 1) + 1 <=
		       EVENTS_ROW_MAX,
	       "a row holds the room of a sentence's writer by hand");

/* A column's text and the comma after it, copied as one fixed block. */
struct events_label {
	char text[SCENARIO_NAME_MAX + 1]; /* zero-padded; no NUL needed */
	uint32_t len;			  /* bytes of text, comma included */
};

/* Slots of events_writer.writers, a power of two: the model has a few
 * dozen formats, six of them in nearly every row. */
#define EVENTS_WRITERS_BITS 6
#define EVENTS_WRITERS (1u << EVENTS_WRITERS_BITS)

struct events_writer {
	FILE *out;	/* the caller's stream */
	char *buf;	/* rows not yet handed to out */
	size_t len;	/* bytes in buf */
	bool each_row;	/* out is line-buffered (a terminal): hand each row
			   over at once, so that rows show as they come */
	size_t n_flows; /* flows of the sim, at attach */
	struct events_label *names;  /* "NAME," of each flow */
	struct events_label *places; /* "where,event," by where and kind */
	int64_t last_time_ns;	     /* the time of the last row */
	size_t time_len;	     /* bytes of "SECONDS,"; 0: none yet */
	char time_text[EVENTS_TIME_BLOCK]; /* "SECONDS," of the last row */
	struct sentence_book *sentences; /* the formats, read once */
	/* Formats' writers by hand (sentence_writer()), by address: the
	 * book's lookup and the calls between cost a fifth of a row. */
	struct {
		const char *fmt;	    /* NULL: empty */
		sentence_common_fn *write; /* NULL: the general way */
	} writers[EVENTS_WRITERS];
};

/* Places: where (4) by event kind (TRACE_KIND_COUNT). */
#define EVENTS_N_WHERE 4

static void
events_label_set(struct events_label *l, const char *text)
{
	size_t len = strnlen(text, sizeof l->text - 1);

	memset(l->text, 0, sizeof l->text);
	memcpy(l->text, text, len);
	l->text[len] = ',';
	l->len = (uint32_t)len + 1;
}

/* Hand the buffered rows to the stream (its errors stay with it). */
static void
events_flush(struct events_writer *w)
{
	if (w->len > 0)
		fwrite(w->buf, 1, w->len, w->out);
	w->len = 0;
}

size_t
events_csv_quote(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	size_t len;

	/* Two quotes and the NUL: anything less cannot hold a field. */
	if (size < 3) {
		if (size > 0)
			dst[0] = '\0';
		return 0;
	}
	/* Room is kept for the closing quote and the NUL. */
	dst[n++] = '"';
	/* Most details hold no quote: copy them whole (the hot path). */
	len = strlen(src);
	if (memchr(src, '"', len) == NULL) {
		size_t copy = len < size - 3 ? len : size - 3;

		memcpy(dst + n, src, copy);
		n += copy;
		src += len;
	}
	for (; *src != '\0'; src++) {
		size_t need = *src == '"' ? 2 : 1;

		if (n + need + 2 > size)
			break;
		if (*src == '"')
			dst[n++] = '"';
		dst[n++] = *src;
	}
	dst[n++] = '"';
	dst[n] = '\0';
	return n;
}

/*
 * One row, built at the end of the writer's buffer.  The fixed columns
 * are labels made once (the flow's name, where and event) or kept from
 * the last row (the time, shared by the events of one instant), copied
 * as blocks of a constant size; numbers by format_u32(); the sentence is
 * written in place from its format and arguments (sentence_write()),
 * not copied from the event: a copy reads wide what was just stored a
 * byte or two at a time, which stalls.  At 3 to 4 million rows for a
 * minute of a 100 Mbit/s link, every call and every byte loop here
 * showed.
 */
static void
events_on_event_args(void *ctx, const struct sim *sim,
		     const struct trace_event *ev, const char *fmt, va_list ap)
{
	struct events_writer *w = ctx;
	const struct events_label *name;
	bool quote;
	char *p;
	size_t slot;
	int n;

	if (w->len > EVENTS_BUFFER_BYTES - EVENTS_ROW_MAX)
		events_flush(w);
	p = w->buf + w->len;

	/*
	 * The time: "SECONDS," kept aside, written anew when it changes,
	 * and copied in one block of constant size.  Not copied from the
	 * row before: a wide load of bytes stored a moment ago by narrower
	 * stores (the flow's name, the numbers after the time) waits for
	 * them.
	 */
	if (ev->time_ns != w->last_time_ns || w->time_len == 0) {
		size_t k = format_seconds(w->time_text, ev->time_ns);

		w->time_text[k] = ',';
		w->time_len = k + 1;
		w->last_time_ns = ev->time_ns;
	}
	memcpy(p, w->time_text, EVENTS_TIME_BLOCK);
	p += w->time_len;
	if (ev->flow < w->n_flows) {
		name = &w->names[ev->flow];
		memcpy(p, name->text, sizeof name->text);
		p += name->len;
	} else if (ev->flow < sim_flow_count(sim)) {
		/* a flow the writer did not know at attach (none so far) */
		const char *s = sim_flow_name(sim, ev->flow);
		size_t k = strnlen(s, SCENARIO_NAME_MAX);

		memcpy(p, s, k);
		p += k;
		*p++ = ',';
	} else {
		*p++ = ',';
	}
	if ((unsigned)ev->where < EVENTS_N_WHERE &&
	    (unsigned)ev->kind < TRACE_KIND_COUNT) {
		const struct events_label *place =
			&w->places[(size_t)ev->where * TRACE_KIND_COUNT +
				   (size_t)ev->kind];

		memcpy(p, place->text, sizeof place->text);
		p += place->len;
	} else {
		struct events_label l;
		char text[2 * SCENARIO_NAME_MAX];

		snprintf(text, sizeof text, "%s,%s",
			 trace_where_name(ev->where),
			 trace_kind_name(ev->kind));
		events_label_set(&l, text);
		memcpy(p, l.text, l.len);
		p += l.len;
	}
	p += format_u32(p, ev->seq);
	*p++ = ',';
	p += format_u32(p, ev->ack);
	*p++ = ',';
	p += format_u32(p, ev->len);
	*p++ = ',';
	p += ev->win <= UINT32_MAX ? format_u32(p, (uint32_t)ev->win)
				   : format_u64(p, ev->win);
	*p++ = ',';
	*p++ = '"';
	/* The sentence, as trace_event.detail would hold it (cut at the
	 * same length), written in place: by its writer by hand when it
	 * has one (room: EVENTS_ROW_MAX holds SENTENCE_COMMON_ROOM), else
	 * from the book. */
	slot = sentence_address_hash(fmt, EVENTS_WRITERS_BITS);
	if (w->writers[slot].fmt != fmt) {
		w->writers[slot].fmt = fmt;
		w->writers[slot].write = sentence_writer(w->sentences, fmt);
	}
	if (w->writers[slot].write != NULL) {
		quote = false;
		n = (int)(w->writers[slot].write(p, EVENTS_DETAIL_BYTES - 1, ap,
						 &quote) -
			  p);
		if (n > (int)EVENTS_DETAIL_BYTES - 1)
			n = (int)EVENTS_DETAIL_BYTES - 1;
	} else {
		n = sentence_write(w->sentences, p, EVENTS_DETAIL_BYTES,
				   EVENTS_BUFFER_BYTES - (size_t)(p - w->buf),
				   fmt, ap, &quote);
	}
	if (n < 0) {
		/* a format with conversions of its own */
		p[0] = '\0';
		vsnprintf(p, EVENTS_DETAIL_BYTES, fmt, ap);
		p[EVENTS_DETAIL_BYTES - 1] = '\0';
		n = (int)strlen(p);
		quote = true;
	}
	if (quote && memchr(p, '"', (size_t)n) != NULL) {
		/* quotes doubled (RFC 4180): from a copy aside */
		char detail[EVENTS_DETAIL_BYTES];

		memcpy(detail, p, (size_t)n);
		for (int i = 0; i < n; i++) {
			if (detail[i] == '"')
				*p++ = '"';
			*p++ = detail[i];
		}
	} else {
		p += n;
	}
	*p++ = '"';
	*p++ = '\n';
	w->len = (size_t)(p - w->buf);
	if (w->each_row)
		events_flush(w);
}

struct events_writer *
events_writer_attach(struct sim *sim, FILE *out, bool comments)
{
	struct events_writer *w = xcalloc(1, sizeof *w);
	struct sim_observer obs = {.on_event_args = events_on_event_args,
				   .ctx = w};
	char text[2 * SCENARIO_NAME_MAX];

	w->out = out;
	w->buf = xmalloc(EVENTS_BUFFER_BYTES);
	w->sentences = sentence_book_new();
#ifdef HAVE_STDIO_EXT_H
	w->each_row = __flbf(out) != 0;
#endif
	w->n_flows = sim_flow_count(sim);
	w->names = xcalloc(w->n_flows > 0 ? w->n_flows : 1, sizeof *w->names);
	for (size_t i = 0; i < w->n_flows; i++)
		events_label_set(&w->names[i], sim_flow_name(sim, i));
	w->places = xcalloc((size_t)EVENTS_N_WHERE * TRACE_KIND_COUNT,
			    sizeof *w->places);
	for (size_t i = 0; i < EVENTS_N_WHERE; i++)
		for (size_t k = 0; k < TRACE_KIND_COUNT; k++) {
			snprintf(text, sizeof text, "%s,%s",
				 trace_where_name((enum trace_where)i),
				 trace_kind_name((enum trace_kind)k));
			events_label_set(&w->places[i * TRACE_KIND_COUNT + k],
					 text);
		}
	if (comments)
		csv_write_comments(out, sim_scenario(sim)->name, sim_seed(sim));
	fputs(EVENTS_HEADER "\n", out);
	sim_add_observer(sim, &obs);
	return w;
}

void
events_writer_finish(struct events_writer *w)
{
	if (w != NULL)
		events_flush(w);
}

void
events_writer_free(struct events_writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	sentence_book_free(w->sentences);
	free(w->names);
	free(w->places);
	free(w);
}
