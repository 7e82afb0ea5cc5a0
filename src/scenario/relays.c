/* SPDX-License-Identifier: ISC */
/*
 * relays.c: the [relay NAME] sections: an application between two flows,
 * the consumer of its `from` flow and the producer of each of its `to`
 * flows (model/relay.h runs it).  Reading a section, its names, and the
 * checks that need every flow: a relay naming no flow, a flow read by two
 * relays or written by two, a loop of relays, and the keys of a flow that
 * a relay makes meaningless.
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/scenario_internal.h"
#include "util/xmalloc.h"

/* Limit of relays in one scenario, as of flows. */
#define RELAYS_MAX SCENARIO_MAX_FLOWS

/* ------------------------------------------------------------------ */
/* Defaults, copies                                                    */
/* ------------------------------------------------------------------ */

void
relay_defaults(struct relay_config *r, const char *name)
{
	struct setting_value value;
	int k;

	assert(strlen(name) <= SCENARIO_NAME_MAX);
	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	for (k = 0; k < KEY_COUNT; k++) {
		if (key_table[k].target != TARGET_RELAY ||
		    key_table[k].kind == KIND_NAMES)
			continue;
		scenario_default_value((enum setting_key)k, &value);
		relay_apply(r, (enum setting_key)k, &value);
	}
	scenario_default_value(KEY_ON_FULL,
			       &value); /* the producer's key, shared */
	relay_apply(r, KEY_ON_FULL, &value);
}

void
relay_apply(struct relay_config *r, enum setting_key key,
	    const struct setting_value *v)
{
	switch (key) {
	case KEY_RELAY_BUFFER:
		r->buffer = v->u;
		break;
	case KEY_RELAY_PROCESS_RATE:
		r->process_rate_bps = v->u;
		break;
	case KEY_ON_FULL:
		r->on_full = (enum on_full)v->choice;
		break;
	case KEY_RELAY_DISPATCH:
		r->dispatch = (enum relay_dispatch)v->choice;
		break;
	default:
		assert(!"not a [relay] key with a value (from, to?)");
	}
}

void
relay_copy_all(struct scenario *dst, const struct scenario *src)
{
	size_t i;

	dst->relays = NULL;
	dst->relay_slots =
		scenario_slots_copy(src->relay_slots, src->relay_slots_cap);
	if (src->n_relays == 0)
		return;
	dst->relays = xreallocarray(NULL, src->n_relays, sizeof *dst->relays);
	memcpy(dst->relays, src->relays, src->n_relays * sizeof *dst->relays);
	for (i = 0; i < src->n_relays; i++) {
		size_t n = src->relays[i].n_to;

		dst->relays[i].to = NULL;
		if (n == 0)
			continue;
		dst->relays[i].to =
			xreallocarray(NULL, n, sizeof *dst->relays[i].to);
		memcpy(dst->relays[i].to, src->relays[i].to,
		       n * sizeof *dst->relays[i].to);
	}
}

void
relay_free_all(struct scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->n_relays; i++)
		free(sc->relays[i].to);
	free(sc->relays);
	sc->relays = NULL;
	sc->n_relays = 0;
	free(sc->relay_slots);
	sc->relay_slots = NULL;
	sc->relay_slots_cap = sc->relay_slots_n = 0;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

void
scenario_relay_owners(const struct scenario *sc, size_t *reader,
		      size_t *writer)
{
	for (size_t i = 0; i < sc->n_flows; i++)
		reader[i] = writer[i] = SIZE_MAX;
	for (size_t i = 0; i < sc->n_relays; i++) {
		size_t f = scenario_flow_find(sc, sc->relays[i].from);

		if (f < sc->n_flows && reader[f] == SIZE_MAX)
			reader[f] = i;
		for (size_t k = 0; k < sc->relays[i].n_to; k++) {
			f = scenario_flow_find(sc, sc->relays[i].to[k]);
			if (f < sc->n_flows && writer[f] == SIZE_MAX)
				writer[f] = i;
		}
	}
}

size_t
scenario_relay_from(const struct scenario *sc, size_t relay)
{
	return scenario_flow_find(sc, sc->relays[relay].from);
}

size_t
scenario_relay_to(const struct scenario *sc, size_t relay, size_t i)
{
	assert(i < sc->relays[relay].n_to);
	return scenario_flow_find(sc, sc->relays[relay].to[i]);
}

bool
scenario_uses_records(const struct scenario *sc)
{
	size_t i;

	if (sc->n_relays > 0)
		return true;
	for (i = 0; i < sc->n_flows; i++)
		if (sc->flows[i].record_size > 0 ||
		    sc->flows[i].shed_lag_ns > 0)
			return true;
	/* shedding switched on later needs the births from the start */
	for (i = 0; i < sc->n_timeline; i++)
		if (sc->timeline[i].key == KEY_SHED_WHEN_LAG_EXCEEDS &&
		    sc->timeline[i].value.time_ns > 0)
			return true;
	return false;
}

const char *
scenario_dispatch_name(enum relay_dispatch d)
{
	assert(d == RELAY_ROUND_ROBIN || d == RELAY_LEAST_LOADED);
	return dispatch_names[d];
}

/*
 * Is `name` free for the relay relays[self] (flows and relays share one
 * set of names, so that a timeline path names one thing)?  If not, *line
 * is the line that took it.
 */
static bool
relay_name_free(const struct scenario *sc, const char *name, size_t self,
		int *line)
{
	size_t i = scenario_flow_find(sc, name);

	if (i < sc->n_flows) {
		*line = sc->flows[i].line;
		return false;
	}
	/* a relay before `self` of that name (the first, by the table) */
	i = scenario_relay_find(sc, name);
	if (i < self && i < sc->n_relays) {
		*line = sc->relays[i].line;
		return false;
	}
	return true;
}

/* "a, b, c" into r->to, or "a" into r->from. */
int
relay_names_store(struct relay_config *r, enum setting_key key,
		  const char *text, char *err, size_t errlen)
{
	char *copy = xstrdup(text);
	char(*names)[SCENARIO_NAME_MAX + 1] = NULL;
	char *item = copy;
	size_t n = 0;
	int rc = 0;

	for (;;) {
		char *comma = strchr(item, ',');
		char *word;

		if (comma != NULL)
			*comma = '\0';
		word = ini_trim(item);
		rc = reader_name_check("a flow name", word, err, errlen);
		if (rc < 0)
			break;
		names = xreallocarray(names, n + 1, sizeof *names);
		snprintf(names[n++], sizeof names[0], "%s", word);
		if (comma == NULL)
			break;
		item = comma + 1;
	}
	if (rc == 0 && key == KEY_RELAY_FROM && n != 1)
		rc = scenario_fail(
			err, errlen,
			"a relay reads one flow (several go in `to`)");
	if (rc == 0 && key == KEY_RELAY_FROM) {
		memcpy(r->from, names[0], sizeof r->from);
	} else if (rc == 0) {
		free(r->to);
		r->to = names;
		r->n_to = n;
		names = NULL;
	}
	free(names);
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* The relay the keys of a refused header go to. */
static void
relay_use_scratch(struct loader *ld)
{
	size_t cap = ld->scratch.n_relays;

	loader_use_scratch(ld);
	if (ld->scratch.n_relays == 0) {
		ld->scratch.relays = xgrow(ld->scratch.relays, &cap, 1,
					   sizeof *ld->scratch.relays);
		relay_defaults(&ld->scratch.relays[0], "scratch");
		ld->scratch.n_relays = 1;
	}
	ld->flow = 0;
}

void
loader_relay_header(struct loader *ld, int line, const char *name)
{
	struct scenario *sc = ld->sc;
	char err[MESSAGE_MAX];
	struct relay_config *r;
	size_t existing;

	ld->section = SECTION_RELAY;
	snprintf(ld->title, sizeof ld->title, "[relay]");
	if (*name == '\0') {
		reader_diag_add(ld, line, false,
				"a relay needs a name, as in [relay broker]");
		relay_use_scratch(ld);
		return;
	}
	if (reader_name_check("relay name", name, err, sizeof err) < 0) {
		reader_diag_add(ld, line, false, "%s", err);
		relay_use_scratch(ld);
		return;
	}
	snprintf(ld->title, sizeof ld->title, "[relay %s]", name);
	if (strcmp(name, "link") == 0 || strcmp(name, "simulation") == 0) {
		reader_diag_add(
			ld, line, false,
			"a relay cannot be named '%s': timeline paths use "
			"that name for [%s]",
			name, name);
		relay_use_scratch(ld);
		return;
	}
	if (sc->n_relays >= RELAYS_MAX) {
		reader_diag_add(ld, line, false,
				"too many relays: at most %d in one scenario",
				RELAYS_MAX);
		relay_use_scratch(ld);
		return;
	}
	existing = scenario_relay_find(sc, name);
	if (existing < sc->n_relays) {
		reader_diag_add(ld, line, false,
				"relay '%s' is already defined on line %d",
				name, sc->relays[existing].line);
		relay_use_scratch(ld);
		return;
	}
	sc->relays = xgrow(sc->relays, &ld->cap_relays, sc->n_relays + 1,
			   sizeof *sc->relays);
	r = &sc->relays[sc->n_relays];
	relay_defaults(r, name);
	r->line = line;
	ld->flow = sc->n_relays++;
	scenario_relay_slots_update(sc);
}

/* Once every flow and link is known: a relay may not take a flow's or a
 * link's name. */
void
loader_relay_finish(struct loader *ld)
{
	struct scenario *sc = ld->sc;
	size_t i;
	int line;

	for (i = 0; i < sc->n_relays; i++) {
		size_t link = scenario_link_find(sc, sc->relays[i].name);

		if (!relay_name_free(sc, sc->relays[i].name, i, &line))
			reader_diag_add(
				ld, sc->relays[i].line, false,
				"relay '%s': flow '%s' on line %d has that "
				"name; flows and relays need different names",
				sc->relays[i].name, sc->relays[i].name, line);
		else if (link < scenario_link_count(sc))
			reader_diag_add(
				ld, sc->relays[i].line, false,
				"relay '%s': the link on line %d has that "
				"name; links and relays need different names",
				sc->relays[i].name, sc->links[link - 1].line);
	}
}

/* ------------------------------------------------------------------ */
/* Checks that need every flow (scenario_validate())                   */
/* ------------------------------------------------------------------ */

/* "t.ini:7: from" (a line), "--set: broker.from", "t.ini: broker.from". */
static void
origin_print(FILE *errs, const struct scenario *sc, enum setting_target target,
	     size_t index, enum setting_key key)
{
	int line = target == TARGET_RELAY
			   ? sc->relays[index].key_line[key]
			   : flow_key_line(&sc->flows[index], key);
	const char *owner = target == TARGET_RELAY ? sc->relays[index].name
						   : sc->flows[index].name;
	char *name = scenario_display_name(sc);

	if (line > 0)
		fprintf(errs, "%s:%d: %s", name, line, keys_info(key)->name);
	else if (line == SCENARIO_LINE_SET)
		fprintf(errs, "--set: %s.%s", owner, keys_info(key)->name);
	else
		fprintf(errs, "%s: %s.%s", name, owner, keys_info(key)->name);
	free(name);
}

/* "t.ini:5: [relay broker]" */
static void
relay_header_print(FILE *errs, const struct scenario *sc, size_t relay)
{
	char *name = scenario_display_name(sc);

	fprintf(errs, "%s:%d: [relay %s]", name, sc->relays[relay].line,
		sc->relays[relay].name);
	free(name);
}

/* Which relay reads each flow, which writes it (SIZE_MAX: none). */
struct relay_map {
	size_t *reader; /* per flow */
	size_t *writer; /* per flow */
};

/* The flows a relay names: each must exist and be a TCP flow. */
static size_t
relay_check_names(const struct scenario *sc, size_t i, FILE *errs)
{
	const struct relay_config *r = &sc->relays[i];
	size_t errors = 0, k, j;

	if (r->from[0] == '\0') {
		relay_header_print(errs, sc, i);
		fprintf(errs,
			": a relay needs from = FLOW, the flow it reads\n");
		errors++;
	} else if (scenario_flow_find(sc, r->from) == sc->n_flows) {
		origin_print(errs, sc, TARGET_RELAY, i, KEY_RELAY_FROM);
		fprintf(errs, " = %s: no flow has that name\n", r->from);
		errors++;
	} else if (sc->flows[scenario_flow_find(sc, r->from)].app == APP_PING) {
		origin_print(errs, sc, TARGET_RELAY, i, KEY_RELAY_FROM);
		fprintf(errs,
			" = %s: a relay reads a TCP flow, and '%s' has app = "
			"ping\n",
			r->from, r->from);
		errors++;
	}
	if (r->n_to == 0) {
		relay_header_print(errs, sc, i);
		fprintf(errs,
			": a relay needs to = FLOW[, FLOW...], the flows it "
			"writes\n");
		errors++;
	}
	for (k = 0; k < r->n_to; k++) {
		size_t f = scenario_flow_find(sc, r->to[k]);
		const char *why = NULL;

		if (f == sc->n_flows)
			why = "no flow has that name";
		else if (sc->flows[f].app == APP_PING)
			why = "a relay writes a TCP flow, and this one has "
			      "app = ping";
		else if (strcmp(r->to[k], r->from) == 0)
			why = "a relay cannot write the flow it reads (from)";
		for (j = 0; j < k && why == NULL; j++)
			if (strcmp(r->to[j], r->to[k]) == 0)
				why = "named twice";
		if (why == NULL)
			continue;
		origin_print(errs, sc, TARGET_RELAY, i, KEY_RELAY_TO);
		fprintf(errs, ": flow '%s': %s\n", r->to[k], why);
		errors++;
	}
	return errors;
}

/* A flow read by two relays, or written by two; fills the map. */
static size_t
relay_check_owners(const struct scenario *sc, struct relay_map *m, FILE *errs)
{
	size_t errors = 0, i, k;

	/* the first relay of each flow owns it; each later one is told */
	scenario_relay_owners(sc, m->reader, m->writer);
	for (i = 0; i < sc->n_relays; i++) {
		const struct relay_config *r = &sc->relays[i];
		size_t f = scenario_flow_find(sc, r->from);

		if (f < sc->n_flows && m->reader[f] != i) {
			origin_print(errs, sc, TARGET_RELAY, i, KEY_RELAY_FROM);
			fprintf(errs,
				" = %s: relay '%s' reads that flow already; "
				"a flow has one reader\n",
				r->from, sc->relays[m->reader[f]].name);
			errors++;
		}
		for (k = 0; k < r->n_to; k++) {
			f = scenario_flow_find(sc, r->to[k]);
			if (f == sc->n_flows)
				continue;
			if (m->writer[f] != i) {
				origin_print(errs, sc, TARGET_RELAY, i,
					     KEY_RELAY_TO);
				fprintf(errs,
					": flow '%s' is written by relay '%s' "
					"already; a flow has one producer\n",
					r->to[k],
					sc->relays[m->writer[f]].name);
				errors++;
			}
		}
	}
	return errors;
}

/*
 * A loop: relay A writes the flow relay B reads, and B (perhaps through
 * others) writes the flow A reads.  In the graph "relay -> the relay
 * reading a flow it writes", a relay is on a loop when it can reach
 * itself: when its strongly connected component has more relays than
 * one, or an edge to itself.  Tarjan's algorithm finds the components in
 * one pass (without recursion: a chain of thousands of relays), where
 * following the paths from each relay was quadratic along a chain.
 * on_loop[i] is set for each relay on a loop.
 */
static void
relay_find_loops(const struct scenario *sc, const struct relay_map *m,
		 bool *on_loop)
{
	size_t n = sc->n_relays, n_edges = 0, next = 0, depth = 0, top = 0;
	size_t *first = xcalloc(n + 1, sizeof *first), *edge;
	size_t *index = xcalloc(n, sizeof *index), *low;
	size_t *stack, *frame, *at;
	bool *on_stack;

	/* the edges, each relay's together: first[i] .. first[i + 1] */
	for (size_t i = 0; i < n; i++)
		n_edges += sc->relays[i].n_to;
	edge = xcalloc(n_edges + 1, sizeof *edge);
	for (size_t i = 0, e = 0; i < n; i++) {
		first[i] = e;
		for (size_t k = 0; k < sc->relays[i].n_to; k++) {
			size_t f = scenario_flow_find(sc, sc->relays[i].to[k]);

			if (f < sc->n_flows && m->reader[f] != SIZE_MAX)
				edge[e++] = m->reader[f];
		}
		first[i + 1] = e;
	}
	low = xcalloc(n, sizeof *low);
	stack = xcalloc(n, sizeof *stack);
	frame = xcalloc(n, sizeof *frame); /* the walk: relays */
	at = xcalloc(n, sizeof *at);	   /* and the next edge of each */
	on_stack = xcalloc(n, sizeof *on_stack);
	/* index[v] = 0: not seen yet; else its order of discovery, from 1 */
	for (size_t root = 0; root < n; root++) {
		if (index[root] != 0)
			continue;
		index[root] = low[root] = ++next;
		stack[top++] = root;
		on_stack[root] = true;
		frame[0] = root;
		at[0] = first[root];
		depth = 1;
		while (depth > 0) {
			size_t v = frame[depth - 1];

			if (at[depth - 1] < first[v + 1]) {
				size_t w = edge[at[depth - 1]++];

				if (index[w] == 0) {
					index[w] = low[w] = ++next;
					stack[top++] = w;
					on_stack[w] = true;
					frame[depth] = w;
					at[depth] = first[w];
					depth++;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			depth--;
			if (depth > 0 && low[v] < low[frame[depth - 1]])
				low[frame[depth - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			/* v roots a component: the relays above it */
			{
				size_t from = top;
				bool loop;

				do
					from--;
				while (stack[from] != v);
				loop = top - from > 1;
				for (size_t e = first[v]; !loop && e < first[v + 1];
				     e++)
					loop = edge[e] == v;
				for (size_t j = from; j < top; j++) {
					on_stack[stack[j]] = false;
					on_loop[stack[j]] = loop;
				}
				top = from;
			}
		}
	}
	free(first);
	free(edge);
	free(index);
	free(low);
	free(stack);
	free(frame);
	free(at);
	free(on_stack);
}

static size_t
relay_check_loops(const struct scenario *sc, const struct relay_map *m,
		  FILE *errs)
{
	size_t errors = 0, i;
	bool *on_loop = xcalloc(sc->n_relays + 1, sizeof *on_loop);

	relay_find_loops(sc, m, on_loop);
	for (i = 0; i < sc->n_relays; i++) {
		if (!on_loop[i])
			continue;
		relay_header_print(errs, sc, i);
		fprintf(errs,
			": relay loop: what relay '%s' writes comes back to "
			"its own from flow '%s' through the relays it feeds\n",
			sc->relays[i].name, sc->relays[i].from);
		errors++;
	}
	free(on_loop);
	return errors;
}

/* The keys a relay makes meaningless on the flows it reads or writes. */
static const enum setting_key written_by_relay[] = {
	KEY_WRITE_RATE,
	KEY_WRITE_TOTAL,
	KEY_WRITE_SIZE,
	KEY_ON_FULL,
	KEY_RECORD_SIZE,
	KEY_WRITE_BURST,
	KEY_SHED_WHEN_LAG_EXCEEDS,
};
static const enum setting_key read_by_relay[] = {
	KEY_READ_RATE,
	KEY_READ_SIZE,
	KEY_READERS,
};

/* Does flow key `key` of `f` hold its default? */
static bool
flow_key_is_default(const struct flow_config *f, enum setting_key key)
{
	struct flow_config d;
	struct setting_value v;

	scenario_default_value(key, &v);
	keys_flow_apply(&d, key, &v);
	switch (key) {
	case KEY_WRITE_RATE:
		return f->write_rate_bps == d.write_rate_bps;
	case KEY_WRITE_TOTAL:
		return f->write_total == d.write_total;
	case KEY_WRITE_SIZE:
		return f->write_size == d.write_size;
	case KEY_ON_FULL:
		return f->on_full == d.on_full;
	case KEY_RECORD_SIZE:
		return f->record_size == d.record_size;
	case KEY_WRITE_BURST:
		return f->write_burst == d.write_burst;
	case KEY_SHED_WHEN_LAG_EXCEEDS:
		return f->shed_lag_ns == d.shed_lag_ns;
	case KEY_READ_RATE:
		return f->read_rate_bps == d.read_rate_bps;
	case KEY_READ_SIZE:
		return f->read_size == d.read_size;
	case KEY_READERS:
		return f->readers == d.readers;
	default:
		assert(!"not a key a relay makes meaningless");
		return true;
	}
}

static size_t
relay_check_flow_keys(const struct scenario *sc, const struct relay_map *m,
		      FILE *errs)
{
	size_t errors = 0, f, k;

	for (f = 0; f < sc->n_flows; f++) {
		for (k = 0;
		     m->writer[f] != SIZE_MAX &&
		     k < sizeof written_by_relay / sizeof *written_by_relay;
		     k++) {
			if (flow_key_is_default(&sc->flows[f],
						written_by_relay[k]))
				continue;
			origin_print(errs, sc, TARGET_FLOW, f,
				     written_by_relay[k]);
			fprintf(errs,
				": means nothing here: relay '%s' writes flow "
				"'%s' (the relay's keys and the upstream "
				"producer's say what it writes)\n",
				sc->relays[m->writer[f]].name,
				sc->flows[f].name);
			errors++;
		}
		for (k = 0; m->reader[f] != SIZE_MAX &&
			    k < sizeof read_by_relay / sizeof *read_by_relay;
		     k++) {
			if (flow_key_is_default(&sc->flows[f],
						read_by_relay[k]))
				continue;
			origin_print(errs, sc, TARGET_FLOW, f,
				     read_by_relay[k]);
			fprintf(errs,
				": means nothing here: relay '%s' reads flow "
				"'%s' (its buffer and process_rate say how)\n",
				sc->relays[m->reader[f]].name,
				sc->flows[f].name);
			errors++;
		}
	}
	return errors;
}

/* The same keys changed by the timeline. */
static size_t
relay_check_timeline(const struct scenario *sc, const struct relay_map *m,
		     FILE *errs)
{
	char *name = scenario_display_name(sc);
	size_t errors = 0, i, k;

	for (i = 0; i < sc->n_timeline; i++) {
		const struct timeline_entry *e = &sc->timeline[i];
		bool bad = false;

		/* a relay's on_full is the flow key's, which may change
		 * mid-run; a relay decides it per unit, and a change in the
		 * middle of one would cut it: fixed for relays */
		if (e->target == TARGET_RELAY && e->key == KEY_ON_FULL) {
			fprintf(errs,
				"%s:%d: '%s': a relay's on_full cannot change "
				"during a run\n",
				name, e->line, e->text);
			errors++;
			continue;
		}
		if (e->target != TARGET_FLOW)
			continue;
		for (k = 0;
		     m->writer[e->flow] != SIZE_MAX &&
		     k < sizeof written_by_relay / sizeof *written_by_relay;
		     k++)
			bad = bad || e->key == written_by_relay[k];
		for (k = 0; m->reader[e->flow] != SIZE_MAX &&
			    k < sizeof read_by_relay / sizeof *read_by_relay;
		     k++)
			bad = bad || e->key == read_by_relay[k];
		if (!bad)
			continue;
		fprintf(errs,
			"%s:%d: %s: means nothing: a relay is that end of "
			"flow '%s'\n",
			name, e->line, e->text, sc->flows[e->flow].name);
		errors++;
	}
	free(name);
	return errors;
}

void
scenario_relay_heads(const struct scenario *sc, const size_t *writer,
		     size_t *head)
{
	size_t n = sc->n_flows;
	unsigned char *state = xcalloc(n + 1, 1); /* 0, 1: on this walk, 2 */
	size_t *path = xcalloc(n + 1, sizeof *path);

	for (size_t start = 0; start < n; start++) {
		size_t len = 0, f = start, h;

		/* up the chain: to a flow answered already, to one met on
		 * this walk (a loop), to the producer, or to no flow */
		for (;;) {
			if (state[f] == 2) {
				h = head[f];
				break;
			}
			if (state[f] == 1) {
				h = SIZE_MAX;
				break;
			}
			state[f] = 1;
			path[len++] = f;
			if (writer[f] == SIZE_MAX) {
				h = f;
				break;
			}
			f = scenario_flow_find(sc, sc->relays[writer[f]].from);
			if (f >= n) {
				h = SIZE_MAX;
				break;
			}
		}
		for (size_t i = 0; i < len; i++) {
			head[path[i]] = h;
			state[path[i]] = 2;
		}
	}
	xfree(state); /* (the simulator's arena may be in use) */
	xfree(path);
}

/* The bytes a relay reading flow `f` forwards at once: a record of its
 * chain's producer, else one of its writes; 0 without a producer. */
static uint64_t
relay_unit(const struct scenario *sc, const size_t *head, size_t f)
{
	const struct flow_config *p;

	if (f >= sc->n_flows || head[f] == SIZE_MAX)
		return 0;
	p = &sc->flows[head[f]];
	return p->record_size > 0 ? p->record_size : p->write_size;
}

/* A relay must hold a whole unit, or it would wait for ever. */
static size_t
relay_check_sizes(const struct scenario *sc, const struct relay_map *m,
		  FILE *errs)
{
	size_t errors = 0, i;
	size_t *head = xcalloc(sc->n_flows + 1, sizeof *head);

	for (i = 0; i < sc->n_flows; i++) {
		const struct flow_config *f = &sc->flows[i];

		if (f->record_size == 0 || f->record_size <= f->send_buffer)
			continue;
		origin_print(errs, sc, TARGET_FLOW, i, KEY_RECORD_SIZE);
		fprintf(errs,
			" = %llu B is larger than send_buffer (%llu B): a "
			"record must fit in the send buffer\n",
			(unsigned long long)f->record_size,
			(unsigned long long)f->send_buffer);
		errors++;
	}
	for (i = 0; i < sc->n_flows; i++) {
		const struct flow_config *f = &sc->flows[i];

		if (f->shed_lag_ns == 0 ||
		    f->write_rate_bps != SCENARIO_UNLIMITED)
			continue;
		origin_print(errs, sc, TARGET_FLOW, i,
			     KEY_SHED_WHEN_LAG_EXCEEDS);
		fprintf(errs,
			" = %s needs a finite write_rate: with unlimited "
			"writes the producer would shed data forever at one "
			"instant\n",
			flow_key_text(f, KEY_SHED_WHEN_LAG_EXCEEDS));
		errors++;
	}
	scenario_relay_heads(sc, m->writer, head);
	for (i = 0; i < sc->n_relays; i++) {
		const struct relay_config *r = &sc->relays[i];
		uint64_t unit =
			relay_unit(sc, head, scenario_flow_find(sc, r->from));

		if (unit == 0 || r->buffer >= unit)
			continue;
		origin_print(errs, sc, TARGET_RELAY, i, KEY_RELAY_BUFFER);
		fprintf(errs,
			" = %llu B is smaller than the unit it forwards "
			"(%llu B: the upstream producer's record_size, else "
			"its write_size)\n",
			(unsigned long long)r->buffer,
			(unsigned long long)unit);
		errors++;
	}
	free(head);
	return errors;
}

size_t
relay_check(const struct scenario *sc, FILE *errs)
{
	struct relay_map m;
	size_t errors = 0, i;

	m.reader = xreallocarray(NULL, sc->n_flows + 1, sizeof *m.reader);
	m.writer = xreallocarray(NULL, sc->n_flows + 1, sizeof *m.writer);
	for (i = 0; i < sc->n_relays; i++)
		errors += relay_check_names(sc, i, errs);
	errors += relay_check_owners(sc, &m, errs);
	if (errors == 0)
		errors += relay_check_loops(sc, &m, errs);
	errors += relay_check_flow_keys(sc, &m, errs);
	errors += relay_check_timeline(sc, &m, errs);
	errors += relay_check_sizes(sc, &m, errs);
	free(m.reader);
	free(m.writer);
	return errors;
}
