/* SPDX-License-Identifier: ISC */
/*
 * links.c: named links ([link NAME]) and a flow's `path`: finding a link
 * by name or id, the [link NAME] header, and the paths, which are read
 * as text and resolved once every link of the file is known (a flow may
 * name a link defined further down).
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_internal.h"
#include "scenario/ini.h"
#include "scenario/units.h"
#include "util/escape.h"
#include "util/xmalloc.h"

size_t
scenario_link_count(const struct scenario *sc)
{
	return sc->n_links + 1;
}

struct link_config *
link_config_of(struct scenario *sc, size_t id)
{
	assert(id <= sc->n_links);
	return id == SCENARIO_DEFAULT_LINK ? &sc->link : &sc->links[id - 1].cfg;
}

const struct link_config *
scenario_link(const struct scenario *sc, size_t id)
{
	assert(id <= sc->n_links);
	return id == SCENARIO_DEFAULT_LINK ? &sc->link : &sc->links[id - 1].cfg;
}

const char *
scenario_link_name(const struct scenario *sc, size_t id)
{
	assert(id <= sc->n_links);
	return id == SCENARIO_DEFAULT_LINK ? "link" : sc->links[id - 1].name;
}

size_t
scenario_link_find(const struct scenario *sc, const char *name)
{
	size_t i;

	if (strcmp(name, "link") == 0)
		return SCENARIO_DEFAULT_LINK;
	for (i = 0; i < sc->n_links; i++)
		if (strcmp(sc->links[i].name, name) == 0)
			return i + 1;
	return scenario_link_count(sc);
}

size_t
scenario_flow_path(const struct flow_config *f, uint8_t out[SCENARIO_MAX_PATH])
{
	if (f->n_path == 0) {
		out[0] = SCENARIO_DEFAULT_LINK;
		return 1;
	}
	memcpy(out, f->path, f->n_path);
	return f->n_path;
}

int
scenario_name_free(const struct scenario *sc, const char *name, char *err,
		   size_t errlen)
{
	size_t i;

	i = scenario_link_find(sc, name);
	if (i < scenario_link_count(sc)) {
		if (i == SCENARIO_DEFAULT_LINK)
			return scenario_fail(
				err, errlen,
				"'link' is the name of the default link, "
				"[link]");
		return scenario_fail(
			err, errlen,
			"'%s' is already the name of the link on line %d", name,
			sc->links[i - 1].line);
	}
	i = scenario_flow_find(sc, name);
	if (i < sc->n_flows)
		return scenario_fail(
			err, errlen,
			"'%s' is already the name of the flow on line %d", name,
			sc->flows[i].line);
	return 0;
}

/* A new named link with [link]'s defaults; returns its id. */
static size_t
link_add(struct scenario *sc, size_t *cap, const char *name, int line)
{
	struct setting_value value;
	struct named_link *nl;
	int k;

	sc->links = xgrow(sc->links, cap, sc->n_links + 1, sizeof *sc->links);
	nl = &sc->links[sc->n_links++];
	memset(nl, 0, sizeof *nl);
	snprintf(nl->name, sizeof nl->name, "%s", name);
	nl->line = line;
	for (k = 0; k < KEY_COUNT; k++) {
		if (key_table[k].target != TARGET_LINK)
			continue;
		scenario_default_value((enum setting_key)k, &value);
		scenario_apply(sc, TARGET_LINK, sc->n_links,
			       (enum setting_key)k, &value);
	}
	return sc->n_links;
}

/* A link name: a word, as a flow's, and not one a path means otherwise. */
static int
link_name_check(const char *name, char *err, size_t errlen)
{
	if (reader_name_check("link name", name, err, errlen) < 0)
		return -1;
	if (strcmp(name, "link") == 0)
		return scenario_fail(
			err, errlen,
			"[link link]: 'link' is the default link's name; "
			"write [link] for it, or choose another name");
	if (strcmp(name, "simulation") == 0)
		return scenario_fail(
			err, errlen,
			"a link cannot be named 'simulation': timeline "
			"paths use that name for [simulation]");
	return 0;
}

void
loader_link_header(struct loader *ld, int line, const char *name)
{
	char err[MESSAGE_MAX];

	ld->section = SECTION_LINK;
	ld->link = SCENARIO_DEFAULT_LINK;
	snprintf(ld->title, sizeof ld->title, "[link]");
	if (link_name_check(name, err, sizeof err) < 0 ||
	    scenario_name_free(ld->sc, name, err, sizeof err) < 0) {
		reader_diag_add(ld, line, false, "%s", err);
		loader_use_scratch(ld);
		return;
	}
	snprintf(ld->title, sizeof ld->title, "[link %s]", name);
	if (ld->sc->n_links >= SCENARIO_MAX_LINKS) {
		if (!ld->too_many_links)
			reader_diag_add(
				ld, line, false,
				"too many links: at most %d named links in "
				"one scenario",
				SCENARIO_MAX_LINKS);
		ld->too_many_links = true;
		loader_use_scratch(ld);
		return;
	}
	ld->link = link_add(ld->sc, &ld->cap_links, name, line);
}

/* "unknown link 'x'; links: link, access, core" */
static int
link_unknown(const struct scenario *sc, const char *name, char *err,
	     size_t errlen)
{
	const char *names[SCENARIO_MAX_LINKS + 1];
	size_t used, i, n = scenario_link_count(sc);
	const char *meant;
	char q[QUOTE_SIZE];

	used = (size_t)snprintf(err, errlen, "unknown link '%s'; links:",
				scenario_quote(q, name));
	for (i = 0; i < n; i++) {
		names[i] = scenario_link_name(sc, i);
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used,
						 "%s %s", i == 0 ? "" : ",",
						 names[i]);
	}
	meant = units_suggest(name, names, n);
	if (meant != NULL && used < errlen)
		snprintf(err + used, errlen - used, "; did you mean '%s'?",
			 meant);
	return -1;
}

int
path_parse(const struct scenario *sc, const char *text,
	   uint8_t path[SCENARIO_MAX_PATH], uint8_t *n_path, char *err,
	   size_t errlen)
{
	const char *at = text;
	char name[SCENARIO_NAME_MAX + 2];
	char q[QUOTE_SIZE];
	size_t n = 0;

	at += strspn(at, " \t");
	if (*at == '\0')
		return scenario_fail(
			err, errlen,
			"an empty path; name the links the flow crosses, "
			"in order, as in path = access, link");
	for (;;) {
		size_t len = strcspn(at, ","), word = len, id, k;

		while (word > 0 &&
		       (at[word - 1] == ' ' || at[word - 1] == '\t'))
			word--;
		if (word == 0)
			return scenario_fail(
				err, errlen,
				"an empty name in the list; separate link "
				"names with one comma");
		if (word > SCENARIO_NAME_MAX)
			word = SCENARIO_NAME_MAX + 1; /* unknown anyway */
		memcpy(name, at, word);
		name[word] = '\0';
		id = scenario_link_find(sc, name);
		if (id == scenario_link_count(sc))
			return link_unknown(sc, name, err, errlen);
		for (k = 0; k < n; k++)
			if (path[k] == id)
				return scenario_fail(
					err, errlen,
					"link '%s' appears twice; a path "
					"crosses a link at most once",
					scenario_quote(q, name));
		if (n == SCENARIO_MAX_PATH)
			return scenario_fail(err, errlen,
					     "a path crosses at most %d links",
					     SCENARIO_MAX_PATH);
		path[n++] = (uint8_t)id;
		at += len;
		if (*at == '\0')
			break;
		at++; /* the comma */
		at += strspn(at, " \t");
	}
	*n_path = (uint8_t)n;
	return 0;
}

void
loader_path_keep(struct loader *ld, const struct ini_line *line, size_t flow)
{
	struct pending_path *pp;

	ld->paths = xgrow(ld->paths, &ld->cap_paths, ld->n_paths + 1,
			  sizeof *ld->paths);
	pp = &ld->paths[ld->n_paths++];
	pp->line = line->number;
	pp->flow = ld->in_scratch ? SIZE_MAX : flow;
	pp->value = xstrdup(line->value);
}

void
loader_paths_finish(struct loader *ld)
{
	char err[MESSAGE_MAX];
	char q[QUOTE_SIZE];
	size_t i;

	for (i = 0; i < ld->n_paths; i++) {
		struct pending_path *pp = &ld->paths[i];
		uint8_t path[SCENARIO_MAX_PATH], n;

		if (path_parse(ld->sc, pp->value, path, &n, err, sizeof err) <
		    0)
			reader_diag_add(ld, pp->line, false, "path = %s: %s",
					scenario_quote(q, pp->value), err);
		else if (pp->flow != SIZE_MAX) {
			struct flow_config *f = &ld->sc->flows[pp->flow];

			memcpy(f->path, path, n);
			f->n_path = n;
		}
		free(pp->value);
	}
	free(ld->paths);
	ld->paths = NULL;
	ld->n_paths = 0;
}

int
scenario_links_validate(const struct scenario *sc, FILE *errs)
{
	bool used[SCENARIO_MAX_LINKS + 1] = {false};
	char *name;
	size_t i, k;

	if (sc->n_links == 0)
		return 0;
	for (i = 0; i < sc->n_flows; i++)
		for (k = 0; k < sc->flows[i].n_path; k++)
			used[sc->flows[i].path[k]] = true;
	name = scenario_display_name(sc);
	for (i = 1; i <= sc->n_links; i++) {
		if (used[i])
			continue;
		if (sc->links[i - 1].line > 0)
			fprintf(errs, "%s:%d: ", name, sc->links[i - 1].line);
		else
			fprintf(errs, "%s: ", name);
		fprintf(errs,
			"warning: link '%s' is on no flow's path: no packet "
			"crosses it (add it to a flow's path = ...)\n",
			sc->links[i - 1].name);
	}
	free(name);
	return 0;
}
