/* SPDX-License-Identifier: ISC */
/*
 * scenario.c: what is left of the scenario module once its parts have
 * their own files: the small helpers they share, creating, copying and
 * freeing a scenario with its defaults, finding a flow or a key by name,
 * and the words of the choice keys (see scenario.h and the scenario
 * format contract).  The parts: keys.c (the key table and values),
 * reader.c (files), set.c (`--set`), timeline.c ([timeline]) and
 * validate.c (the checks that involve several keys).
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/lesson.h"
#include "scenario/scenario_internal.h"
#include "scenario/units.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

PRINTF_LIKE(3, 4)
int
scenario_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* s escaped for a message, in buf (QUOTE_SIZE bytes). */
const char *
scenario_quote(char *buf, const char *s)
{
	return escape_text(buf, QUOTE_SIZE, s);
}

/* The name messages show, escaped, in new memory: free it. */
char *
scenario_display_name(const struct scenario *sc)
{
	return escape_dup(sc->name != NULL ? sc->name : "<defaults>");
}

/* "30s", "20ms", "1500us", "7ns": the largest unit that is exact. */
void
scenario_time_text(int64_t ns, char *buf, size_t size)
{
	static const struct {
		int64_t ns;
		const char *name;
	} units[] = {{1000000000, "s"}, {1000000, "ms"}, {1000, "us"}};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (ns % units[i].ns == 0) {
			snprintf(buf, size, "%lld%s",
				 (long long)(ns / units[i].ns), units[i].name);
			return;
		}
	snprintf(buf, size, "%lldns", (long long)ns);
}

/* FNV-1a: a name's hash, for the tables of names. */
static uint64_t
name_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *name != '\0'; name++) {
		h ^= (unsigned char)*name;
		h *= 0x100000001b3u;
	}
	return h;
}

/*
 * A table of names (the flows', the relays'): open addressing, each slot
 * an index + 1, 0 empty; `n_in` of the `n` names in it, the first ones.
 */
struct name_table {
	uint32_t **slots;
	size_t *cap; /* a power of two; 0: no table */
	size_t *n_in;
	size_t n;
	const char *(*name)(const struct scenario *sc, size_t i);
};

static const char *
flow_name_at(const struct scenario *sc, size_t i)
{
	return sc->flows[i].name;
}

static const char *
relay_name_at(const struct scenario *sc, size_t i)
{
	return sc->relays[i].name;
}

static struct name_table
flow_table(struct scenario *sc)
{
	struct name_table t = {&sc->flow_slots, &sc->flow_slots_cap,
			       &sc->flow_slots_n, sc->n_flows, flow_name_at};

	return t;
}

static struct name_table
relay_table(struct scenario *sc)
{
	struct name_table t = {&sc->relay_slots, &sc->relay_slots_cap,
			       &sc->relay_slots_n, sc->n_relays, relay_name_at};

	return t;
}

/* The names added since the table was last brought up to date go in it;
 * it doubles when more than half full. */
static void
name_table_update(const struct scenario *sc, struct name_table t)
{
	if (*t.n_in > t.n) { /* cannot happen: rebuild */
		free(*t.slots);
		*t.slots = NULL;
		*t.cap = *t.n_in = 0;
	}
	if (2 * t.n >= *t.cap) {
		size_t cap = *t.cap ? *t.cap : 64;

		while (2 * t.n >= cap)
			cap *= 2;
		free(*t.slots);
		*t.slots = xcalloc(cap, sizeof **t.slots);
		*t.cap = cap;
		*t.n_in = 0;
	}
	for (; *t.n_in < t.n; (*t.n_in)++) {
		size_t mask = *t.cap - 1;
		size_t k = (size_t)name_hash(t.name(sc, *t.n_in)) & mask;

		while ((*t.slots)[k] != 0)
			k = (k + 1) & mask;
		(*t.slots)[k] = (uint32_t)(*t.n_in + 1);
	}
}

/* The index of `name` in the table's names, or their count; in order
 * when the table does not hold them all (a scenario filled by hand). */
static size_t
name_table_find(const struct scenario *sc, const uint32_t *slots, size_t cap,
		size_t n_in, size_t n,
		const char *(*name_at)(const struct scenario *, size_t),
		const char *name)
{
	size_t i;

	if (cap > 0 && n_in == n) {
		size_t mask = cap - 1;
		size_t k = (size_t)name_hash(name) & mask;

		for (; slots[k] != 0; k = (k + 1) & mask) {
			i = slots[k] - 1;
			if (strcmp(name_at(sc, i), name) == 0)
				return i;
		}
		return n;
	}
	for (i = 0; i < n; i++)
		if (strcmp(name_at(sc, i), name) == 0)
			break;
	return i;
}

static void
flow_slots_update(struct scenario *sc)
{
	name_table_update(sc, flow_table(sc));
}

void
scenario_relay_slots_update(struct scenario *sc)
{
	name_table_update(sc, relay_table(sc));
}

/* The index of the flow called `name`, or sc->n_flows. */
size_t
scenario_flow_find(const struct scenario *sc, const char *name)
{
	return name_table_find(sc, sc->flow_slots, sc->flow_slots_cap,
			       sc->flow_slots_n, sc->n_flows, flow_name_at,
			       name);
}

size_t
scenario_relay_find(const struct scenario *sc, const char *name)
{
	return name_table_find(sc, sc->relay_slots, sc->relay_slots_cap,
			       sc->relay_slots_n, sc->n_relays, relay_name_at,
			       name);
}

/* A copy of a table's slots, for a copy of the scenario. */
uint32_t *
scenario_slots_copy(const uint32_t *slots, size_t cap)
{
	uint32_t *copy;

	if (cap == 0)
		return NULL;
	copy = xreallocarray(NULL, cap, sizeof *copy);
	memcpy(copy, slots, cap * sizeof *copy);
	return copy;
}

/* ------------------------------------------------------------------ */
/* Defaults, names, copies                                             */
/* ------------------------------------------------------------------ */

void
scenario_default_value(enum setting_key key, struct setting_value *value)
{
	char err[MESSAGE_MAX];
	int rc = keys_value_parse(keys_info(key), keys_info(key)->default_value,
				  value, err, sizeof err);

	assert(rc == 0 && "a default of the key table does not parse");
	(void)rc;
}

/* [simulation] and [link] at their defaults, no flows, no timeline. */
void
scenario_defaults_without_flows(struct scenario *sc)
{
	struct setting_value value;
	int k;

	memset(sc, 0, sizeof *sc);
	for (k = 0; k < KEY_COUNT; k++) {
		if (key_table[k].target == TARGET_FLOW ||
		    key_table[k].target == TARGET_RELAY)
			continue;
		scenario_default_value((enum setting_key)k, &value);
		scenario_apply(sc, key_table[k].target, 0, (enum setting_key)k,
			       &value);
	}
}

/* A flow with every key at its default, and no name. */
static void
scenario_flow_defaults_make(struct flow_config *flow)
{
	struct setting_value value;
	int k;

	memset(flow, 0, sizeof *flow);
	for (k = 0; k < KEY_COUNT; k++) {
		/* drop_segments defaults to none: NULL, 0; path to the
		 * default link: n_path = 0 */
		if (key_table[k].target != TARGET_FLOW ||
		    k == KEY_DROP_SEGMENTS || k == KEY_PATH)
			continue;
		scenario_default_value((enum setting_key)k, &value);
		keys_flow_apply(flow, (enum setting_key)k, &value);
	}
	keys_stack_apply_flow(flow); /* the key table's values are textbook */
}

void
scenario_flow_defaults(struct flow_config *flow, const char *name)
{
	/* The defaults are the key table's, the same for every flow: made
	 * once (parsing each key's default text for each of 10 000 flows
	 * was most of the time loading them), then copied.  Nothing in it
	 * is owned (drop_segments is NULL). */
	static struct flow_config defaults;
	static bool made;
	size_t len = strlen(name);

	assert(len <= SCENARIO_NAME_MAX);
	if (!made) {
		scenario_flow_defaults_make(&defaults);
		made = true;
	}
	*flow = defaults;
	memcpy(flow->name, name, len + 1);
}

/* Append a flow with defaults; returns its index.  *cap is the capacity
 * of sc->flows (see xgrow()). */
size_t
scenario_flow_add(struct scenario *sc, size_t *cap, const char *name, int line)
{
	sc->flows = xgrow(sc->flows, cap, sc->n_flows + 1, sizeof *sc->flows);
	scenario_flow_defaults(&sc->flows[sc->n_flows], name);
	sc->flows[sc->n_flows].line = line;
	sc->n_flows++;
	flow_slots_update(sc);
	return sc->n_flows - 1;
}

void
scenario_init_defaults(struct scenario *sc)
{
	size_t cap = 0;

	scenario_defaults_without_flows(sc);
	scenario_flow_add(sc, &cap, "flow1", 0);
}

/* ---- the keys a flow was given (struct key_marks) ---- */

static const struct key_mark *
flow_key_find(const struct flow_config *f, enum setting_key key)
{
	for (uint32_t i = 0; i < f->marks.n; i++)
		if (f->marks.v[i].key == (uint16_t)key)
			return &f->marks.v[i];
	return NULL;
}

int
flow_key_line(const struct flow_config *f, enum setting_key key)
{
	const struct key_mark *m = flow_key_find(f, key);

	return m != NULL ? m->line : SCENARIO_LINE_DEFAULT;
}

const char *
flow_key_text(const struct flow_config *f, enum setting_key key)
{
	const struct key_mark *m = flow_key_find(f, key);

	return m != NULL ? m->text : "";
}

void
flow_key_note(struct flow_config *f, enum setting_key key, int line,
	      const char *text)
{
	struct key_mark *m = (struct key_mark *)flow_key_find(f, key);

	assert((unsigned)key < KEY_COUNT);
	if (m == NULL) {
		size_t cap = f->marks.cap;

		if (f->marks.n == cap) {
			/* a few keys a flow, most often */
			f->marks.v = xgrow(f->marks.v, &cap, cap + 1,
					   sizeof *f->marks.v);
			f->marks.cap = (uint32_t)cap;
		}
		m = &f->marks.v[f->marks.n++];
		m->key = (uint16_t)key;
	}
	m->line = line;
	if (strlen(text) < SCENARIO_VALUE_TEXT)
		strcpy(m->text, text);
	else
		m->text[0] = '\0';
}

void
flow_key_marks_free(struct flow_config *f)
{
	xfree(f->marks.v);
	memset(&f->marks, 0, sizeof f->marks);
}

/* A copy of `f`'s marks of its own, for a copy of `f`. */
static void
flow_key_marks_copy(struct flow_config *f)
{
	const struct key_mark *v = f->marks.v;

	if (v == NULL)
		return;
	f->marks.v = xreallocarray(NULL, f->marks.n, sizeof *v);
	memcpy(f->marks.v, v, f->marks.n * sizeof *v);
	f->marks.cap = f->marks.n;
}

void
scenario_free(struct scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->n_flows; i++) {
		free(sc->flows[i].drop_segments);
		flow_key_marks_free(&sc->flows[i]);
	}
	free(sc->flows);
	free(sc->links);
	free(sc->timeline);
	free(sc->name);
	lesson_free(sc->lesson);
	free(sc->flow_slots);
	relay_free_all(sc);
	memset(sc, 0, sizeof *sc);
}

static void
scenario_copy_marks(struct scenario *dst, const struct scenario *src,
		    bool marks)
{
	size_t i;

	*dst = *src;
	dst->name = src->name != NULL ? xstrdup(src->name) : NULL;
	dst->flows = NULL;
	dst->links = NULL;
	dst->timeline = NULL;
	if (src->n_links > 0) {
		dst->links =
			xreallocarray(NULL, src->n_links, sizeof *dst->links);
		memcpy(dst->links, src->links,
		       src->n_links * sizeof *dst->links);
	}
	dst->lesson = lesson_copy(src->lesson);
	dst->flow_slots =
		scenario_slots_copy(src->flow_slots, src->flow_slots_cap);
	if (src->n_flows > 0) {
		dst->flows =
			xreallocarray(NULL, src->n_flows, sizeof *dst->flows);
		memcpy(dst->flows, src->flows,
		       src->n_flows * sizeof *dst->flows);
	}
	for (i = 0; i < src->n_flows; i++) {
		size_t n = src->flows[i].n_drop_segments;

		if (marks)
			flow_key_marks_copy(&dst->flows[i]);
		else
			memset(&dst->flows[i].marks, 0,
			       sizeof dst->flows[i].marks);
		if (n == 0)
			continue;
		dst->flows[i].drop_segments =
			xreallocarray(NULL, n, sizeof(uint64_t));
		memcpy(dst->flows[i].drop_segments, src->flows[i].drop_segments,
		       n * sizeof(uint64_t));
	}
	relay_copy_all(dst, src);
	if (src->n_timeline > 0) {
		dst->timeline = xreallocarray(NULL, src->n_timeline,
					      sizeof *dst->timeline);
		memcpy(dst->timeline, src->timeline,
		       src->n_timeline * sizeof *dst->timeline);
	}
}

void
scenario_copy(struct scenario *dst, const struct scenario *src)
{
	scenario_copy_marks(dst, src, true);
}

void
scenario_copy_values(struct scenario *dst, const struct scenario *src)
{
	scenario_copy_marks(dst, src, false);
}

const char *
scenario_key_name(enum setting_key key)
{
	return keys_info(key)->name;
}

const char *
scenario_cc_name(enum cc_kind cc)
{
	assert(cc >= CC_NONE && cc <= CC_CUBIC);
	return cc_names[cc];
}

const char *
scenario_on_full_name(enum on_full mode)
{
	assert(mode == ON_FULL_BLOCK || mode == ON_FULL_DROP);
	return on_full_names[mode];
}

uint32_t
scenario_packet_overhead(const struct scenario *sc, const struct flow_config *f)
{
	return sc->link.header_bytes +
	       (f->timestamps ? SCENARIO_TS_OPTION_BYTES : 0);
}

const char *
scenario_choice_word(enum setting_key key, int choice)
{
	const struct key_info *ki = keys_info(key);
	int n = 0;

	if (ki->kind == KIND_SWITCH) {
		if (choice == 0 || choice == 1)
			return choice ? "on" : "off";
		assert(ki->choices != NULL);
		choice -= 2;
	} else {
		assert(ki->kind == KIND_CHOICE);
	}
	while (ki->choices[n] != NULL)
		n++;
	assert(choice >= 0 && choice < n);
	return ki->choices[choice];
}

/* ------------------------------------------------------------------ */
/* Messages about keys, flows and paths                                */
/* ------------------------------------------------------------------ */

/*
 * "unknown key 'read_rte' in [flow bulk]; did you mean 'read_rate'?", or
 * "...; 'rate' belongs in [link]" when the key is another section's.
 */
int
scenario_key_unknown(enum setting_target target, const char *section,
		     const char *key, char *err, size_t errlen)
{
	enum setting_key elsewhere = keys_find_anywhere(key);
	const char *names[KEY_COUNT];
	char q[QUOTE_SIZE];
	const char *meant;
	size_t n = 0;
	int k;

	scenario_quote(q, key);
	if (elsewhere != KEY_COUNT) /* a known key: nothing to escape */
		return scenario_fail(
			err, errlen,
			"unknown key '%s' in %s; '%s' belongs in %s", key,
			section, key,
			keys_target_section(key_table[elsewhere].target));
	for (k = 0; k < KEY_COUNT; k++)
		if (key_table[k].target == target)
			names[n++] = key_table[k].name;
	meant = units_suggest(key, names, n);
	if (meant != NULL)
		return scenario_fail(
			err, errlen,
			"unknown key '%s' in %s; did you mean '%s'?", q,
			section, meant);
	return scenario_fail(err, errlen, "unknown key '%s' in %s", q, section);
}

/* Flows an "unknown flow" message names (then "and N more"). */
#define FLOWS_LISTED 20

/* "unknown flow 'blk' in the timeline; flows: bulk; did you mean 'bulk'?" */
static int
flow_unknown(const struct scenario *sc, const char *name, const char *context,
	     char *err, size_t errlen)
{
	const char **names = xreallocarray(NULL, sc->n_flows + sc->n_links + 1,
					   sizeof *names);
	const char *meant;
	size_t used;
	size_t i;

	char q[QUOTE_SIZE];

	used = (size_t)snprintf(err, errlen, "unknown %s '%s'%s; flows:",
				sc->n_links > 0 ? "flow or link" : "flow",
				scenario_quote(q, name), context);
	for (i = 0; i < sc->n_flows; i++) {
		names[i] = sc->flows[i].name;
		if (used < errlen && i < FLOWS_LISTED)
			used += (size_t)snprintf(err + used, errlen - used,
						 "%s %s", i == 0 ? "" : ",",
						 names[i]);
	}
	if (sc->n_flows > FLOWS_LISTED && used < errlen)
		used += (size_t)snprintf(err + used, errlen - used,
					 " and %zu more",
					 sc->n_flows - FLOWS_LISTED);
	/* named links ([link NAME]) are owners of paths too */
	for (i = 0; i < sc->n_links; i++) {
		names[sc->n_flows + i] = sc->links[i].name;
		if (used < errlen)
			used += (size_t)snprintf(
				err + used, errlen - used, "%s %s",
				i == 0 ? "; links: link," : ",",
				sc->links[i].name);
	}
	meant = units_suggest(name, names, sc->n_flows + sc->n_links);
	if (meant != NULL && used < errlen)
		snprintf(err + used, errlen - used, "; did you mean '%s'?",
			 meant);
	free(names);
	return -1;
}

/* A path with no dot: say what a path is, and guess the full one. */
static int
path_without_owner(const struct scenario *sc, const char *path, char *err,
		   size_t errlen)
{
	enum setting_key key = keys_find_anywhere(path);
	const char *owner;
	char q[QUOTE_SIZE];

	if (key == KEY_COUNT)
		return scenario_fail(err, errlen,
				     "'%s' is not a key path; write link.KEY, "
				     "simulation.KEY or FLOW.KEY",
				     scenario_quote(q, path));
	switch (key_table[key].target) {
	case TARGET_SIMULATION:
		owner = "simulation";
		break;
	case TARGET_LINK:
		owner = "link";
		break;
	default:
		owner = sc->n_flows == 1 ? sc->flows[0].name : "FLOW";
		break;
	}
	return scenario_fail(err, errlen,
			     "'%s' needs its section; did you mean '%s.%s'?",
			     path, owner, path);
}

/*
 * Resolve `path` against the flows of `sc`.  `context` follows "unknown
 * flow 'x'" in messages (" in the timeline", or "").
 */
int
scenario_path_resolve(const struct scenario *sc, const char *path,
		      const char *context, struct path_target *pt, char *err,
		      size_t errlen)
{
	const char *dot = strchr(path, '.');
	char owner[SCENARIO_NAME_MAX + 2];
	char section[SCENARIO_NAME_MAX + 16];
	size_t owner_len;

	pt->unknown_owner = false;
	if (dot == NULL)
		return path_without_owner(sc, path, err, errlen);
	/* Longer than any name: cut, it is unknown anyway. */
	owner_len = (size_t)(dot - path);
	if (owner_len > SCENARIO_NAME_MAX + 1)
		owner_len = SCENARIO_NAME_MAX + 1;
	memcpy(owner, path, owner_len);
	owner[owner_len] = '\0';
	pt->flow = 0;
	if (strcmp(owner, "link") == 0) {
		pt->target = TARGET_LINK;
	} else if (strcmp(owner, "simulation") == 0) {
		pt->target = TARGET_SIMULATION;
	} else if ((pt->flow = scenario_flow_find(sc, owner)) < sc->n_flows) {
		pt->target = TARGET_FLOW; /* flows first: most paths name one */
	} else if (sc->n_relays > 0 &&
		   (pt->flow = scenario_relay_find(sc, owner)) < sc->n_relays) {
		pt->target = TARGET_RELAY;
	} else if (sc->n_links > 0 &&
		   (pt->flow = scenario_link_find(sc, owner)) <
			   scenario_link_count(sc)) {
		pt->target = TARGET_LINK; /* [link NAME]: flow is its id */
	} else {
		pt->unknown_owner = true;
		return flow_unknown(sc, owner, context, err, errlen);
	}
	pt->key = keys_find(pt->target, dot + 1);
	if (pt->key != KEY_COUNT)
		return 0;
	/* the section, for the message */
	if (pt->target == TARGET_FLOW)
		snprintf(section, sizeof section, "[flow %s]", owner);
	else if (pt->target == TARGET_RELAY)
		snprintf(section, sizeof section, "[relay %s]", owner);
	else if (pt->target == TARGET_LINK && pt->flow > 0)
		snprintf(section, sizeof section, "[link %s]", owner);
	else
		snprintf(section, sizeof section, "[%s]", owner);
	return scenario_key_unknown(pt->target, section, dot + 1, err, errlen);
}
