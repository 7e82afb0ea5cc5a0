/* SPDX-License-Identifier: ISC */
/*
 * sentences.h: the formats of the event log's most frequent sentences.
 *
 * Send, enqueue, deliver, the consumer's read, ACK and the producer's
 * write are nearly every row of an event log.  Their callers (tcp/, net/)
 * pass these formats to sim_trace(), and trace/sentence_common.c writes
 * each by a function of its own, found by the format's text: one spelling
 * for both, so that a change of wording keeps the fast writer (whose
 * tests, tests/test_events.c, compare it with printf).
 */
#ifndef TCPSIM_SENTENCES_H
#define TCPSIM_SENTENCES_H

/* "sends 1448 bytes at seq 1: new data" (verb, length, plural, seq, why). */
#define SENTENCE_SEND "%s %u byte%s at seq %u%s%s"
/* The default link's queue, its length after the packet joined. */
#define SENTENCE_ENQUEUE                                                       \
	"segment joins the bottleneck queue (%llu packet%s now)"
/* A data segment at the receiver: prefix, length, seq, where it went. */
#define SENTENCE_DELIVER "%s%u byte%s at seq %u arrive%s (%s)"
/* A read by the consumer, and what it leaves. */
#define SENTENCE_READ                                                          \
	"consumer reads %llu byte%s (%llu left in the receive buffer)"
/* An ACK sent: its number, window, then SACK and reason suffixes. */
#define SENTENCE_ACK "ACK %u, window %llu bytes%s%s%s"
/* A write by the producer, and the send buffer after it. */
#define SENTENCE_WRITE                                                         \
	"producer writes %llu byte%s into the send buffer (%llu of %llu "      \
	"bytes used)"

#endif
