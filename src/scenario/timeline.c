/* SPDX-License-Identifier: ISC */
/*
 * timeline.c: the [timeline] section: its lines are kept while the file
 * is read, and resolved against the flows once every flow is known.
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/scenario_internal.h"
#include "scenario/units.h"
#include "util/xmalloc.h"

/* Keep a [timeline] line until the flows are known; check its time now. */
void
timeline_load_line(struct loader *ld, const struct ini_line *line)
{
	char err[MESSAGE_MAX];
	struct pending_entry *p;
	char q[QUOTE_SIZE];
	int rounded;

	/* A second [timeline] is refused, but its lines are checked. */
	assert(ld->section == SECTION_TIMELINE);
	ld->pending = xgrow(ld->pending, &ld->cap_pending, ld->n_pending + 1,
			    sizeof *ld->pending);
	p = &ld->pending[ld->n_pending++];
	p->line = line->number;
	p->path = xstrdup(line->key);
	p->value = xstrdup(line->value);
	p->time_ok = false;
	if (strlen(line->time) < sizeof p->time_text)
		strcpy(p->time_text, line->time);
	else
		p->time_text[0] = '\0';
	if (units_parse_time_rounded(line->time, &p->at_ns, &rounded, err,
				     sizeof err) < 0)
		reader_diag_add(ld, line->number, false, "time '%s': %s",
				scenario_quote(q, line->time), err);
	else if (p->at_ns > TIME_CAP_NS ||
		 (p->at_ns == TIME_CAP_NS && rounded < 0))
		reader_diag_add(ld, line->number, false,
				"time '%s': must be at most 30 days",
				scenario_quote(q, line->time));
	else
		p->time_ok = true;
}

/* The timeline's order: by time, and file order (line order) for equal
 * times (qsort is not stable). */
static int
timeline_order(int64_t at_a, int line_a, int64_t at_b, int line_b)
{
	if (at_a != at_b)
		return at_a < at_b ? -1 : 1;
	return (line_a > line_b) - (line_a < line_b);
}

/* An entry's place in the order, beside its index: sorting these moves
 * 16 bytes, not an entry of 192 (100 000 entries: sorting the entries
 * themselves was a quarter of loading them). */
struct timeline_key {
	int64_t at_ns;
	int line;
	uint32_t index;
};

static int
timeline_key_compare(const void *a, const void *b)
{
	const struct timeline_key *x = a;
	const struct timeline_key *y = b;

	return timeline_order(x->at_ns, x->line, y->at_ns, y->line);
}

void
timeline_sort(struct scenario *sc)
{
	size_t n = sc->n_timeline, i;
	struct timeline_key *keys;
	struct timeline_entry *sorted;

	for (i = 1; i < n; i++)
		if (timeline_order(sc->timeline[i - 1].at_ns,
				   sc->timeline[i - 1].line,
				   sc->timeline[i].at_ns, sc->timeline[i].line) > 0)
			break;
	if (i >= n)
		return; /* in order already, as most files write it */
	keys = xreallocarray(NULL, n, sizeof *keys);
	for (i = 0; i < n; i++)
		keys[i] = (struct timeline_key){sc->timeline[i].at_ns,
						sc->timeline[i].line,
						(uint32_t)i};
	qsort(keys, n, sizeof *keys, timeline_key_compare);
	sorted = xreallocarray(NULL, n, sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = sc->timeline[keys[i].index];
	free(sc->timeline);
	sc->timeline = sorted;
	free(keys);
}

/* "A = B" in dst (size bytes), cut at size - 1 as snprintf() cuts. */
static void
timeline_text_put(char *dst, size_t size, const char *a, const char *b)
{
	const char *part[3] = {a, " = ", b};
	size_t at = 0;

	for (int k = 0; k < 3; k++) {
		size_t len = strlen(part[k]);

		if (len > size - 1 - at)
			len = size - 1 - at;
		memcpy(dst + at, part[k], len);
		at += len;
	}
	dst[at] = '\0';
}

/* Turn one pending line into a timeline entry, or report why not. */
void
timeline_resolve(struct loader *ld, const struct pending_entry *p)
{
	struct scenario *sc = ld->sc;
	char err[MESSAGE_MAX];
	struct path_target pt;
	struct setting_value value;
	struct timeline_entry *e;
	char q[QUOTE_SIZE], q2[QUOTE_SIZE];

	if (ld->unknown_owner != NULL &&
	    strncmp(p->path, ld->unknown_owner, strlen(ld->unknown_owner)) ==
		    0 &&
	    p->path[strlen(ld->unknown_owner)] == '.') {
		reader_diag_add(ld, p->line, false, "%s", ld->unknown_said);
		return;
	}
	if (scenario_path_resolve(sc, p->path, " in the timeline", &pt, err,
				  sizeof err) < 0) {
		reader_diag_add(ld, p->line, false, "%s", err);
		if (pt.unknown_owner && strchr(p->path, '.') != NULL) {
			free(ld->unknown_owner);
			free(ld->unknown_said);
			ld->unknown_owner = xstrndup(
				p->path, (size_t)(strchr(p->path, '.') - p->path));
			ld->unknown_said = xstrdup(err);
		}
		return;
	}
	if (!keys_info(pt.key)->mid_run) {
		reader_diag_add(ld, p->line, false,
				"'%s' cannot change during a run",
				scenario_quote(q, p->path));
		return;
	}
	if (keys_value_parse(keys_info(pt.key), p->value, &value, err,
			     sizeof err) < 0) {
		reader_diag_add(ld, p->line, false, "%s = %s: %s",
				scenario_quote(q, p->path),
				scenario_quote(q2, p->value), err);
		return;
	}
	if (!p->time_ok)
		return;
	if (sc->n_timeline >= SCENARIO_MAX_TIMELINE) {
		if (!ld->too_many_entries)
			reader_diag_add(
				ld, p->line, false,
				"too many timeline entries: at most %d in one "
				"scenario",
				SCENARIO_MAX_TIMELINE);
		ld->too_many_entries = true;
		return;
	}
	sc->timeline = xgrow(sc->timeline, &ld->cap_timeline,
			     sc->n_timeline + 1, sizeof *sc->timeline);
	e = &sc->timeline[sc->n_timeline++];
	memset(e, 0, sizeof *e);
	e->at_ns = p->at_ns;
	e->line = p->line;
	e->target = pt.target;
	e->flow = pt.flow;
	e->key = pt.key;
	e->value = value;
	memcpy(e->time_text, p->time_text, sizeof e->time_text);
	/* For narration on a terminal: the value as written, escaped;
	 * "PATH = VALUE", cut as snprintf() would cut it. */
	timeline_text_put(e->text, sizeof e->text, scenario_quote(q, p->path),
			  scenario_quote(q2, p->value));
}
