/* SPDX-License-Identifier: ISC */
/*
 * test_events.c: the event log's fast paths write what the slow ones
 * did: integers as printf writes them, sentences as vsnprintf writes
 * them (cut where it cuts), and each row of --events as the contract of
 * cli-and-outputs.md spells it, rebuilt here with printf from the events
 * an observer saw.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/sim_internal.h"
#include "sim/observer.h"
#include "sim/time.h"
#include "trace/events.h"
#include "trace/format.h"
#include "trace/outfile.h"
#include "trace/sentence.h"
#include "trace/sentence_common.h"
#include "trace/sentences.h"

/* Every length of integer, and each side of every power of ten. */
static void
test_integers_of_every_length(void **state)
{
	char got[32], want[32];
	uint64_t p = 1;

	(void)state;
	for (int k = 0; k < 20; k++) {
		uint64_t vs[3] = {p - 1, p, p + 1};

		for (int j = 0; j < 3; j++) {
			snprintf(want, sizeof want, "%llu",
				 (unsigned long long)vs[j]);
			got[format_u64(got, vs[j])] = '\0';
			assert_string_equal(got, want);
			if (vs[j] <= UINT32_MAX) {
				got[format_u32(got, (uint32_t)vs[j])] = '\0';
				assert_string_equal(got, want);
			}
		}
		if (k < 19)
			p *= 10;
	}
	got[format_u32(got, UINT32_MAX)] = '\0';
	assert_string_equal(got, "4294967295");
	got[format_u64(got, (uint64_t)UINT32_MAX + 1)] = '\0';
	assert_string_equal(got, "4294967296");
}

/*
 * sentence_format() against vsnprintf for every buffer size from 1 to
 * past the sentence's length: the same bytes, and the length written;
 * and sentence_write() with room to spare: the same sentence, nothing
 * written past the room, and its quote flag false only for a sentence
 * without '"'.  Returns whether the fast path took the format.
 */
static bool
check_sentence(struct sentence_book *book, const char *fmt, ...)
{
	enum { ROOM = 1500 };
	static char want[2048], got[2048];
	va_list ap;
	int full, n;
	bool plain = true, quote;

	va_start(ap, fmt);
	full = vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	assert_true(full >= 0 && full < (int)sizeof want - 8);
	for (size_t size = 1; size <= (size_t)full + 4; size++) {
		memset(got, 'x', sizeof got);
		va_start(ap, fmt);
		n = sentence_format(book, got, size, fmt, ap);
		va_end(ap);
		va_start(ap, fmt);
		vsnprintf(want, size, fmt, ap);
		va_end(ap);
		if (n < 0) {
			plain = false;
			/* nothing written: left to vsnprintf */
			assert_int_equal(got[0], 'x');
			continue;
		}
		assert_string_equal(got, want);
		assert_int_equal((size_t)n, strlen(want));
		/* nothing past the size given */
		assert_int_equal(got[size], 'x');

		if (size > ROOM)
			continue;
		memset(got, 'x', sizeof got);
		va_start(ap, fmt);
		n = sentence_write(book, got, size, ROOM, fmt, ap, &quote);
		va_end(ap);
		assert_true(n >= 0);
		assert_string_equal(got, want);
		assert_int_equal((size_t)n, strlen(want));
		assert_int_equal(got[ROOM], 'x');
		if (strchr(want, '"') != NULL)
			assert_true(quote);
	}
	return plain;
}

static void
test_sentences_as_vsnprintf(void **state)
{
	struct sentence_book *book = sentence_book_new();
	char word[64];

	(void)state;
	assert_true(check_sentence(book, "plain words only"));
	assert_true(check_sentence(book, ""));
	assert_true(check_sentence(book, "%s %u byte%s at seq %u%s%s", "sends",
				   1448u, "s", 4294967295u, ": ",
				   "a reason longer than eight bytes"));
	assert_true(check_sentence(book, "%s%u byte%s at seq %u arrive%s (%s)",
				   "", 1u, "", 0u, "s", "in order"));
	assert_true(check_sentence(book, "%llu %lu %zu %d %ld %lld 100%%",
				   18446744073709551615ull, 42ul, (size_t)7,
				   -2147483647 - 1, -5l,
				   -9223372036854775807ll - 1));
	assert_true(check_sentence(book, "%d%d%d", 0, -1, 2147483647));
	assert_true(check_sentence(book, "quote \"%s\" and %%s", "say \"hi\""));
	/* words of every length around the byte loop's limit */
	for (size_t len = 0; len < 40; len++) {
		memset(word, 'a' + (int)(len % 26), len);
		word[len] = '\0';
		assert_true(
			check_sentence(book, "[%s] %u", word, (unsigned)len));
	}
	/* the same format again: found in the book */
	assert_true(check_sentence(book, "%s %u byte%s at seq %u%s%s",
				   "resends", 1u, "", 1u, "", ""));
	/* the formats written by hand (sentence_common.c), their words of
	 * every kind: short, long, empty, quoted, longer than a sentence */
	{
		static char longer[400];

		memset(longer, 'w', sizeof longer - 1);
		/* each has its writer: the callers' formats, as they spell
		 * them (trace/sentences.h) */
		assert_non_null(sentence_common_find(SENTENCE_SEND));
		assert_non_null(sentence_common_find(SENTENCE_ENQUEUE));
		assert_non_null(sentence_common_find(SENTENCE_DELIVER));
		assert_non_null(sentence_common_find(SENTENCE_READ));
		assert_non_null(sentence_common_find(SENTENCE_ACK));
		assert_non_null(sentence_common_find(SENTENCE_WRITE));
		assert_true(check_sentence(book, SENTENCE_SEND, "sends", 1448u,
					   "s", 1u, ": ",
					   "the \"window\" opened"));
		assert_true(check_sentence(book, SENTENCE_SEND, "resends",
					   4294967295u, "", 0u, ": ", longer));
		assert_true(check_sentence(book, SENTENCE_ENQUEUE,
					   18446744073709551615ull, "s"));
		assert_true(check_sentence(book, SENTENCE_DELIVER,
					   "zero-window probe: ", 1u, "", 7u,
					   "s", "in order"));
		assert_true(check_sentence(book, SENTENCE_READ, 1448ull, "s",
					   4294967296ull));
		assert_true(check_sentence(book, SENTENCE_ACK, 1u, 16777216ull,
					   longer, ": ", longer));
		assert_true(check_sentence(book, SENTENCE_WRITE, 2896ull, "s",
					   0ull, 16777216ull));
	}
	/* conversions left to vsnprintf */
	assert_false(check_sentence(book, "after %.3g s", 0.2));
	assert_false(check_sentence(book, "%5u wide", 3u));
	assert_false(check_sentence(book, "%x hex", 255u));
	sentence_book_free(book);
}

/* Many formats: the book grows, and every one is still found. */
static void
test_sentence_book_grows(void **state)
{
	enum { N = 300 };
	static char fmts[N][32];
	struct sentence_book *book = sentence_book_new();

	(void)state;
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < N; i++) {
			if (round == 0)
				snprintf(fmts[i], sizeof fmts[i],
					 "format %d: %%u and %%s", i);
			assert_true(check_sentence(book, fmts[i],
						   (unsigned)(i * round),
						   round ? "again" : "first"));
		}
	sentence_book_free(book);
}

/* A field of the detail column: quoted, quotes doubled (RFC 4180). */
static void
put_quoted(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/*
 * A run written by the events writer, and the same run's events as an
 * observer saw them, written here with printf by the contract
 * (time_s,flow,where,event,seq,ack,len,win,detail; time with the
 * clock's nine decimals): the two texts are the same.  The run writes
 * over a megabyte, so the writer hands its buffer over several times,
 * and has a link change (a row of no flow) and two flows.
 */
static void
test_rows_follow_the_contract(void **state)
{
	static const char text[] = "[simulation]\nduration = 3s\n"
				   "[link]\nrate = 20Mbit/s\ndelay = 10ms\n"
				   "queue = 20 packets\n"
				   "[flow a]\n[flow second]\nstart = 100ms\n"
				   "[timeline]\n1s: link.rate = 5Mbit/s\n";
	struct sim *sim = helper_sim(text);
	struct recorder rec;
	struct events_writer *w;
	char *got = NULL, *want = NULL;
	size_t got_len = 0, want_len = 0;
	FILE *out = open_memstream(&got, &got_len);
	FILE *exp = open_memstream(&want, &want_len);

	(void)state;
	assert_non_null(out);
	assert_non_null(exp);
	recorder_attach(sim, &rec);
	w = events_writer_attach(sim, out, false);
	sim_run(sim);
	events_writer_finish(w);
	assert_int_equal(fclose(out), 0);

	fputs(EVENTS_HEADER "\n", exp);
	for (size_t i = 0; i < rec.n; i++) {
		const struct trace_event *ev = &rec.ev[i];
		int64_t t = ev->time_ns;
		uint64_t mag = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;

		fprintf(exp, "%s%llu.%09llu,%s,%s,%s,%u,%u,%u,%llu,",
			t < 0 ? "-" : "",
			(unsigned long long)(mag / (uint64_t)NS_PER_S),
			(unsigned long long)(mag % (uint64_t)NS_PER_S),
			ev->flow < sim_flow_count(sim)
				? sim_flow_name(sim, ev->flow)
				: "",
			trace_where_name(ev->where), trace_kind_name(ev->kind),
			(unsigned)ev->seq, (unsigned)ev->ack, (unsigned)ev->len,
			(unsigned long long)ev->win);
		put_quoted(exp, ev->detail);
		putc('\n', exp);
	}
	assert_int_equal(fclose(exp), 0);
	assert_true(got_len > 1024 * 1024);
	assert_true(recorder_count(&rec, TRACE_TIMELINE) == 1);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	events_writer_free(w);
	recorder_free(&rec);
	sim_destroy(sim);

	/* The writer alone (the engine writes no sentence for it, and
	 * hands it the arguments themselves): the same file. */
	sim = helper_sim(text);
	free(want);
	want = NULL;
	want_len = 0;
	out = open_memstream(&want, &want_len);
	assert_non_null(out);
	w = events_writer_attach(sim, out, false);
	sim_run(sim);
	events_writer_finish(w);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	events_writer_free(w);
	sim_destroy(sim);
	free(got);
	free(want);
}

/* A sentence with quotes: the field doubles them (RFC 4180), alone or
 * with another observer, and long ones are cut as trace_event cuts. */
static void
test_quotes_doubled(void **state)
{
	static char longer[300];
	char *got = NULL;
	size_t got_len = 0;

	(void)state;
	memset(longer, '"', sizeof longer - 1);
	for (int with_recorder = 0; with_recorder < 2; with_recorder++) {
		struct sim *sim = helper_sim("[flow q]\n");
		struct recorder rec;
		struct events_writer *w;
		FILE *out = open_memstream(&got, &got_len);
		char want[2048];
		int n;

		assert_non_null(out);
		if (with_recorder)
			recorder_attach(sim, &rec);
		w = events_writer_attach(sim, out, false);
		sim_trace(sim, 0, WHERE_SENDER, TRACE_TIMELINE, 1, 2, 3, 4,
			  "say \"%s\" %u", "hi \"there\"", 5u);
		sim_trace(sim, 0, WHERE_SENDER, TRACE_TIMELINE, 0, 0, 0, 0,
			  "%s", longer);
		/* a format with its writer by hand, its reason long and
		 * quoted */
		sim_trace(sim, 0, WHERE_SENDER, TRACE_SEND, 1, 0, 1448, 4,
			  SENTENCE_SEND, "sends", 1448u, "s", 1u, ": ",
			  longer + 100);
		events_writer_finish(w);
		assert_int_equal(fclose(out), 0);
		/* 199 bytes of the sentence, each quote doubled */
		n = snprintf(want, sizeof want,
			     EVENTS_HEADER
			     "\n"
			     "0.000000000,q,sender,timeline,1,2,3,4,"
			     "\"say \"\"hi \"\"there\"\"\"\" 5\"\n"
			     "0.000000000,q,sender,timeline,0,0,0,0,\"");
		for (int i = 0; i < 199; i++)
			n += snprintf(want + n, sizeof want - (size_t)n,
				      "\"\"");
		n += snprintf(want + n, sizeof want - (size_t)n, "\"\n");
		/* the third: as snprintf() cuts it at 199 bytes, quoted */
		{
			char detail[600]; /* whole, then cut as snprintf()
					     into 200 bytes would */

			snprintf(detail, sizeof detail, SENTENCE_SEND, "sends",
				 1448u, "s", 1u, ": ", longer + 100);
			detail[199] = '\0';
			n += snprintf(want + n, sizeof want - (size_t)n,
				      "0.000000000,q,sender,send,1,0,1448,4,\"");
			for (const char *c = detail; *c != '\0'; c++) {
				if (*c == '"')
					want[n++] = '"';
				want[n++] = *c;
			}
			snprintf(want + n, sizeof want - (size_t)n, "\"\n");
		}
		assert_string_equal(got, want);
		if (with_recorder) {
			assert_int_equal(rec.n, 3);
			assert_string_equal(rec.ev[0].detail,
					    "say \"hi \"there\"\" 5");
			recorder_free(&rec);
		}
		events_writer_free(w);
		sim_destroy(sim);
		free(got);
		got = NULL;
	}
}

/*
 * The event log's output has no stdio buffer (outfile_open_unbuffered):
 * blocks larger than any buffer still land whole, in order, and only on
 * commit; an aborted one leaves nothing.
 */
static void
test_unbuffered_output_whole_or_nothing(void **state)
{
	char dir[] = "/tmp/tcpsim-events-XXXXXX";
	char path[64], *block, *back;
	size_t n = 300 * 1024, got = 0;
	struct outfile *of;
	FILE *in;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/ev.csv", dir);
	block = malloc(n);
	back = malloc(n + 16);
	assert_non_null(block);
	assert_non_null(back);
	for (size_t i = 0; i < n; i++)
		block[i] = (char)('a' + i % 26);

	of = outfile_open_unbuffered(path, stderr);
	assert_non_null(of);
	fputs("head\n", outfile_stream(of));
	assert_int_equal(fwrite(block, 1, n, outfile_stream(of)), n);
	assert_int_equal(access(path, F_OK), -1); /* not before commit */
	assert_int_equal(outfile_commit(of, stderr), 0);
	in = fopen(path, "r");
	assert_non_null(in);
	got = fread(back, 1, n + 16, in);
	fclose(in);
	assert_int_equal(got, n + 5);
	assert_memory_equal(back, "head\n", 5);
	assert_memory_equal(back + 5, block, n);

	/* aborted: the committed file stays as it was */
	of = outfile_open_unbuffered(path, stderr);
	assert_non_null(of);
	fputs("other\n", outfile_stream(of));
	outfile_abort(of);
	in = fopen(path, "r");
	assert_non_null(in);
	got = fread(back, 1, n + 16, in);
	fclose(in);
	assert_int_equal(got, n + 5);
	assert_memory_equal(back, "head\n", 5);

	unlink(path);
	rmdir(dir);
	free(block);
	free(back);
}

/* The sentence of sends only, asked before it is written. */
static bool
sends_only(const struct trace_event *ev)
{
	assert_string_equal(ev->detail, "");
	return ev->kind == TRACE_SEND;
}

/*
 * wants_detail: the sentence is written for the events an observer
 * asks it for, the same words an observer without the hook gets, and
 * left empty for the others; every event still reaches on_event.  With
 * a second observer that wants every sentence, both get all of them.
 */
static void
test_detail_only_where_wanted(void **state)
{
	static const char text[] = "[simulation]\nduration = 300ms\n"
				   "[link]\nqueue = 8 packets\n"
				   "[flow f]\nreceive_buffer = 64KiB\n";
	struct recorder all, s;
	size_t sends = 0;

	(void)state;
	for (int with_all = 0; with_all < 2; with_all++) {
		struct sim *plain = helper_sim(text);
		struct sim *sim = helper_sim(text);
		struct recorder other;

		recorder_attach(plain, &all);
		recorder_attach_wanting(sim, &s, sends_only);
		if (with_all)
			recorder_attach(sim, &other);
		sim_run(plain);
		sim_run(sim);
		assert_true(all.n > 100);
		assert_int_equal(s.n, all.n);
		assert_int_equal(s.asked, all.n);
		for (size_t i = 0; i < all.n; i++) {
			const struct trace_event *a = &all.ev[i];
			const struct trace_event *b = &s.ev[i];

			assert_int_equal(b->kind, a->kind);
			assert_int_equal(b->time_ns, a->time_ns);
			assert_true(a->detail[0] != '\0');
			if (with_all || a->kind == TRACE_SEND)
				assert_string_equal(b->detail, a->detail);
			else
				assert_string_equal(b->detail, "");
			sends += a->kind == TRACE_SEND;
		}
		if (with_all)
			recorder_free(&other);
		recorder_free(&all);
		recorder_free(&s);
		sim_destroy(plain);
		sim_destroy(sim);
	}
	assert_true(sends > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_of_every_length),
		cmocka_unit_test(test_sentences_as_vsnprintf),
		cmocka_unit_test(test_sentence_book_grows),
		cmocka_unit_test(test_rows_follow_the_contract),
		cmocka_unit_test(test_quotes_doubled),
		cmocka_unit_test(test_unbuffered_output_whole_or_nothing),
		cmocka_unit_test(test_detail_only_where_wanted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
