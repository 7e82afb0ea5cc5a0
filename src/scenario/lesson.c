/* SPDX-License-Identifier: ISC */
/* lesson.c: the [lesson] section of a scenario (see lesson.h). */
#include "scenario/lesson.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/units.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* The keys of [lesson], in the order of lesson.key_line. */
static const char *const lesson_keys[] = {"title", "question", "prediction",
					  "pause"};
#define N_TEXT_KEYS 3
#define N_KEYS	    (sizeof lesson_keys / sizeof lesson_keys[0])

/* A time may not pass this, as in the rest of the file: 30 days. */
#define LESSON_TIME_CAP_NS (INT64_C(30) * 24 * 3600 * 1000000000)

/* The shape of a `pause` value, for messages. */
static const char pause_shape[] =
	"expected 'TIME: TEXT' or 'on EVENT: TEXT', such as "
	"'2s: the queue is full' or 'on fast_retransmit: the third "
	"duplicate ACK'";

int
lesson_event_find(const char *name)
{
	int k;

	for (k = 0; k < TRACE_KIND_COUNT; k++)
		if (strcmp(name, trace_kind_name((enum trace_kind)k)) == 0)
			return k;
	return -1;
}

/* "unknown event 'x'; the events are ...; did you mean 'y'?" */
static int
event_unknown(const char *name, char *err, size_t errlen)
{
	const char *names[TRACE_KIND_COUNT];
	char list[512] = "", q[ESCAPE_SIZE(64)];
	const char *meant;
	int k;

	for (k = 0; k < TRACE_KIND_COUNT; k++) {
		names[k] = trace_kind_name((enum trace_kind)k);
		if (k > 0)
			strcat(list, k == TRACE_KIND_COUNT - 1 ? " or " : ", ");
		strcat(list, names[k]);
	}
	meant = units_suggest(name, names, TRACE_KIND_COUNT);
	escape_text(q, sizeof q, name);
	snprintf(err, errlen, "unknown event '%s'; the events are %s%s%s%s", q,
		 list, meant ? "; did you mean '" : "", meant ? meant : "",
		 meant ? "'?" : "");
	return -1;
}

/* "#N" after an event name: a whole number from 1. */
static int
occurrence_parse(const char *text, uint64_t *n, char *err, size_t errlen)
{
	char q[ESCAPE_SIZE(64)];
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*text))
		goto bad;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > UINT32_MAX)
		goto bad;
	*n = v;
	return 0;
bad:
	escape_text(q, sizeof q, text);
	snprintf(err, errlen,
		 "'#%s': the occurrence is a whole number from 1 to %" PRIu32
		 ", as in 'on drop #2'",
		 q, UINT32_MAX);
	return -1;
}

/* `on EVENT` or `on EVENT #N` (the text before the ':'), into m. */
static int
event_parse(char *when, struct lesson_moment *m, char *err, size_t errlen)
{
	char *name = ini_trim(when + 2), *hash;
	int kind;

	hash = strchr(name, '#');
	m->occurrence = 1;
	if (hash != NULL) {
		*hash = '\0';
		if (occurrence_parse(ini_trim(hash + 1), &m->occurrence, err,
				     errlen) < 0)
			return -1;
		name = ini_trim(name);
	}
	if (*name == '\0') {
		snprintf(err, errlen,
			 "'on' needs an event, as in 'on fast_retransmit'");
		return -1;
	}
	kind = lesson_event_find(name);
	if (kind < 0)
		return event_unknown(name, err, errlen);
	m->trigger = LESSON_ON_EVENT;
	m->event = (enum trace_kind)kind;
	return 0;
}

/* `TIME` (the text before the ':'), into m. */
static int
time_parse(const char *when, struct lesson_moment *m, char *err, size_t errlen)
{
	char why[256], q[ESCAPE_SIZE(64)];
	int rounded;

	escape_text(q, sizeof q, when);
	if (units_parse_time_rounded(when, &m->at_ns, &rounded, why,
				     sizeof why) < 0) {
		snprintf(err, errlen, "time '%s': %s", q, why);
		return -1;
	}
	if (m->at_ns > LESSON_TIME_CAP_NS ||
	    (m->at_ns == LESSON_TIME_CAP_NS && rounded < 0)) {
		snprintf(err, errlen, "time '%s': must be at most 30 days", q);
		return -1;
	}
	m->trigger = LESSON_AT_TIME;
	return 0;
}

static bool
same_trigger(const struct lesson_moment *a, const struct lesson_moment *b)
{
	if (a->trigger != b->trigger)
		return false;
	if (a->trigger == LESSON_AT_TIME)
		return a->at_ns == b->at_ns;
	return a->event == b->event && a->occurrence == b->occurrence;
}

/* `pause = WHEN: TEXT` */
static int
pause_parse(struct lesson *l, const char *value, int line, char *err,
	    size_t errlen)
{
	char *copy = xstrdup(value), *colon = strchr(copy, ':'), *when, *text;
	struct lesson_moment m;
	char what[64];
	size_t i;

	memset(&m, 0, sizeof m);
	if (colon == NULL) {
		snprintf(err, errlen, "missing ':' after the moment; %s",
			 pause_shape);
		goto fail;
	}
	*colon = '\0';
	when = ini_trim(copy);
	text = ini_trim(colon + 1);
	if (*when == '\0') {
		snprintf(err, errlen, "missing moment before ':'; %s",
			 pause_shape);
		goto fail;
	}
	if (*text == '\0') {
		snprintf(err, errlen, "nothing to show after ':'; %s",
			 pause_shape);
		goto fail;
	}
	m.when = xstrdup(when); /* as written: parsing cuts `when` */
	if (strncmp(when, "on", 2) == 0 &&
	    (when[2] == ' ' || when[2] == '\t' || when[2] == '\0')) {
		if (event_parse(when, &m, err, errlen) < 0)
			goto fail;
	} else if (time_parse(when, &m, err, errlen) < 0) {
		goto fail;
	}
	for (i = 0; i < l->n_moments; i++) {
		if (!same_trigger(&l->moments[i], &m))
			continue;
		snprintf(err, errlen,
			 "a pause %s is given already (line %d); say both in "
			 "one",
			 lesson_moment_when(what, sizeof what, &m),
			 l->moments[i].line);
		goto fail;
	}
	if (l->n_moments >= LESSON_MAX_MOMENTS) {
		snprintf(err, errlen, "too many pauses: at most %d in a lesson",
			 LESSON_MAX_MOMENTS);
		goto fail;
	}
	m.text = xstrdup(text);
	m.line = line;
	l->moments = xgrow(l->moments, &l->cap_moments, l->n_moments + 1,
			   sizeof *l->moments);
	l->moments[l->n_moments++] = m;
	free(copy);
	return 0;
fail:
	free(m.when);
	free(copy);
	return -1;
}

int
lesson_key(struct lesson *l, const char *key, const char *value, int line,
	   char *err, size_t errlen)
{
	char q[ESCAPE_SIZE(64)];
	const char *meant;
	char **slot;
	size_t k;

	for (k = 0; k < N_KEYS; k++)
		if (strcmp(key, lesson_keys[k]) == 0)
			break;
	if (k == N_KEYS) {
		meant = units_suggest(key, lesson_keys, N_KEYS);
		escape_text(q, sizeof q, key);
		snprintf(err, errlen,
			 "unknown key '%s' in [lesson]; the keys are title, "
			 "question, prediction and pause%s%s%s",
			 q, meant ? "; did you mean '" : "", meant ? meant : "",
			 meant ? "'?" : "");
		return -1;
	}
	if (k == N_TEXT_KEYS) {
		char why[1024], *shown;

		if (pause_parse(l, value, line, why, sizeof why) == 0)
			return 0;
		/* "pause = on drp: unknown event 'drp'; ..." */
		shown = escape_dup(value);
		snprintf(err, errlen, "pause = %.200s%s: %s", shown,
			 strlen(shown) > 200 ? "..." : "", why);
		free(shown);
		return -1;
	}
	if (*value == '\0') {
		snprintf(err, errlen, "%s needs a text", key);
		return -1;
	}
	slot = k == 0 ? &l->title : k == 1 ? &l->question : &l->prediction;
	free(*slot);
	*slot = xstrdup(value);
	if (l->key_line[k] != 0) {
		snprintf(err, errlen,
			 "'%s' given twice (first on line %d); using this "
			 "value",
			 key, l->key_line[k]);
		l->key_line[k] = line;
		return 1;
	}
	l->key_line[k] = line;
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct lesson *
lesson_copy(const struct lesson *src)
{
	struct lesson *l;
	size_t i;

	if (src == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	*l = *src;
	l->title = dup_or_null(src->title);
	l->question = dup_or_null(src->question);
	l->prediction = dup_or_null(src->prediction);
	l->header = dup_or_null(src->header);
	l->section = dup_or_null(src->section);
	l->moments = NULL;
	l->cap_moments = src->n_moments;
	if (src->n_moments > 0)
		l->moments = xcalloc(src->n_moments, sizeof *l->moments);
	for (i = 0; i < src->n_moments; i++) {
		l->moments[i] = src->moments[i];
		l->moments[i].when = xstrdup(src->moments[i].when);
		l->moments[i].text = xstrdup(src->moments[i].text);
	}
	return l;
}

void
lesson_free(struct lesson *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n_moments; i++) {
		free(l->moments[i].when);
		free(l->moments[i].text);
	}
	free(l->moments);
	free(l->title);
	free(l->question);
	free(l->prediction);
	free(l->header);
	free(l->section);
	free(l);
}

/* "first", "2nd", "3rd", "11th", "21st" */
static void
ordinal(char *buf, size_t size, uint64_t n)
{
	const char *suffix = "th";

	if (n == 1) {
		snprintf(buf, size, "first");
		return;
	}
	if (n % 100 < 11 || n % 100 > 13)
		suffix = n % 10 == 1   ? "st"
			 : n % 10 == 2 ? "nd"
			 : n % 10 == 3 ? "rd"
				       : "th";
	snprintf(buf, size, "%" PRIu64 "%s", n, suffix);
}

char *
lesson_moment_when(char *buf, size_t size, const struct lesson_moment *m)
{
	char nth[32];

	if (m->trigger == LESSON_AT_TIME) {
		/* as written when there is a text; "at 150ms" */
		if (m->when != NULL)
			snprintf(buf, size, "at %s", m->when);
		else
			snprintf(buf, size, "at %" PRId64 "ns", m->at_ns);
		return buf;
	}
	ordinal(nth, sizeof nth, m->occurrence);
	snprintf(buf, size, "at the %s %s", nth, trace_kind_name(m->event));
	return buf;
}

/* "  question    text", the text escaped. */
static void
print_text(FILE *out, const char *label, const char *text)
{
	char *escaped;

	if (text == NULL)
		return;
	escaped = escape_dup(text);
	fprintf(out, "  %-11s %s\n", label, escaped);
	free(escaped);
}

void
lesson_print(FILE *out, const struct lesson *l, int64_t duration_ns)
{
	size_t i;

	fprintf(out, "\nlesson      %zu pause%s in tcpsim play\n", l->n_moments,
		l->n_moments == 1 ? "" : "s");
	print_text(out, "title", l->title);
	print_text(out, "question", l->question);
	print_text(out, "prediction", l->prediction);
	for (i = 0; i < l->n_moments; i++) {
		const struct lesson_moment *m = &l->moments[i];
		char when[96], *escaped = escape_dup(m->text);
		char *when_escaped;

		lesson_moment_when(when, sizeof when, m);
		when_escaped = escape_dup(when);
		fprintf(out, "  pause %s%s: %s\n", when_escaped,
			m->trigger == LESSON_AT_TIME && m->at_ns > duration_ns
				? " (after the end of the run: never reached)"
				: "",
			escaped);
		free(when_escaped);
		free(escaped);
	}
}
