/* SPDX-License-Identifier: ISC */
/*
 * reader.c: the scenario file reader: sections, [flow NAME] headers,
 * keys, the [lesson] kept as written, and loading a file or a string.
 *
 * Errors while reading a file are collected with their line numbers and
 * printed sorted by line at the end, because the [timeline] can only be
 * checked once every flow is known, and a teacher fixing a file reads the
 * messages from the top.
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/lesson.h"
#include "scenario/scenario_internal.h"
#include "scenario/units.h"
#include "util/escape.h"
#include "util/xmalloc.h"

/* Send the current section's keys to the scratch scenario. */
void
loader_use_scratch(struct loader *ld)
{
	if (!ld->scratch_ready)
		scenario_init_defaults(&ld->scratch);
	ld->scratch_ready = true;
	ld->in_scratch = true;
}

PRINTF_LIKE(4, 5)
void
reader_diag_add(struct loader *ld, int line, bool warning, const char *fmt, ...)
{
	char text[MESSAGE_MAX];
	struct diagnostic *d;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ld->diags = xgrow(ld->diags, &ld->cap_diags, ld->n_diags + 1,
			  sizeof *ld->diags);
	d = &ld->diags[ld->n_diags];
	d->line = line;
	d->order = ld->n_diags++;
	d->warning = warning;
	d->text = xstrdup(text);
	if (!warning)
		ld->n_errors++;
}

static int
diag_compare(const void *a, const void *b)
{
	const struct diagnostic *x = a;
	const struct diagnostic *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static void
diag_flush(struct loader *ld, FILE *errs)
{
	size_t i, warnings = 0;
	char *name;

	if (ld->n_diags == 0)
		return; /* qsort() wants a non-NULL array even for none */
	name = scenario_display_name(ld->sc);
	qsort(ld->diags, ld->n_diags, sizeof *ld->diags, diag_compare);
	for (i = 0; i < ld->n_diags; i++) {
		/* every error; warnings up to WARNINGS_SHOWN */
		if (!ld->diags[i].warning || ++warnings <= WARNINGS_SHOWN)
			fprintf(errs, "%s:%d: %s%s\n", name, ld->diags[i].line,
				ld->diags[i].warning ? "warning: " : "",
				ld->diags[i].text);
		free(ld->diags[i].text);
	}
	if (warnings > WARNINGS_SHOWN)
		fprintf(errs, "%s: warning: %zu more warnings not shown\n",
			name, warnings - WARNINGS_SHOWN);
	free(name);
	free(ld->diags);
	ld->diags = NULL;
	ld->n_diags = 0;
}

/*
 * A section's name (`what`: "flow name", "link name", ...): a word of
 * letters, digits, '_' and '-', at most SCENARIO_NAME_MAX bytes.  Every
 * named section and a relay's from and to check their names here.
 */
int
reader_name_check(const char *what, const char *name, char *err, size_t errlen)
{
	size_t len = strlen(name);
	char q[QUOTE_SIZE];
	size_t i;

	if (len == 0)
		return scenario_fail(err, errlen, "%s is empty", what);
	if (len > SCENARIO_NAME_MAX)
		return scenario_fail(err, errlen,
				     "%s '%s...' is longer than %d bytes", what,
				     escape_text_n(q, sizeof q, name, 20),
				     SCENARIO_NAME_MAX);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return scenario_fail(
				err, errlen,
				"%s '%s' may hold only letters, digits, '_' "
				"and '-'",
				what, scenario_quote(q, name));
	}
	return 0;
}

/* A flow name: a word, and not one a timeline path means otherwise. */
static int
flow_name_check(const char *name, char *err, size_t errlen)
{
	if (reader_name_check("flow name", name, err, errlen) < 0)
		return -1;
	/* Timeline paths would be ambiguous: link.rate, simulation.seed. */
	if (strcmp(name, "link") == 0 || strcmp(name, "simulation") == 0)
		return scenario_fail(
			err, errlen,
			"a flow cannot be named '%s': timeline paths use "
			"that name for [%s]",
			name, name);
	return 0;
}

/* [flow NAME] or a bare [flow], the n_flow_headers-th flow header. */
static void
loader_flow_header(struct loader *ld, int line, const char *name)
{
	char generated[SCENARIO_NAME_MAX + 1];
	char err[MESSAGE_MAX];
	bool bare = *name == '\0';
	size_t existing;

	ld->n_flow_headers++;
	/* Refused or not, the lines that follow are a flow's keys. */
	ld->section = SECTION_FLOW;
	snprintf(ld->title, sizeof ld->title, "[flow]");
	if (bare) {
		snprintf(generated, sizeof generated, "flow%zu",
			 ld->n_flow_headers);
		name = generated;
	} else if (flow_name_check(name, err, sizeof err) < 0) {
		reader_diag_add(ld, line, false, "%s", err);
		loader_use_scratch(ld);
		return;
	} else {
		snprintf(ld->title, sizeof ld->title, "[flow %s]", name);
	}
	if (ld->sc->n_flows >= SCENARIO_MAX_FLOWS) {
		if (!ld->too_many_flows)
			reader_diag_add(
				ld, line, false,
				"too many flows: at most %d in one scenario",
				SCENARIO_MAX_FLOWS);
		ld->too_many_flows = true;
		loader_use_scratch(ld);
		return;
	}
	existing = scenario_flow_find(ld->sc, name);
	if (existing < ld->sc->n_flows) {
		reader_diag_add(
			ld, line, false,
			"flow '%s' is already defined on line %d%s", name,
			ld->sc->flows[existing].line,
			bare ? " (a bare [flow] is named after its position)"
			     : "");
		loader_use_scratch(ld);
		return;
	}
	/* another section of that name ([link NAME]) */
	if (scenario_name_free(ld->sc, name, err, sizeof err) < 0) {
		reader_diag_add(ld, line, false, "%s", err);
		loader_use_scratch(ld);
		return;
	}
	ld->flow = scenario_flow_add(ld->sc, &ld->cap_flows, name, line);
}

/* Append `len` bytes of `text` and a newline to a growing string. */
static void
text_append(char **buf, size_t *len, size_t *cap, const char *text, size_t n)
{
	*buf = xgrow(*buf, cap, *len + n + 2, 1);
	memcpy(*buf + *len, text, n);
	*len += n;
	(*buf)[(*len)++] = '\n';
	(*buf)[*len] = '\0';
}

/* Cut the blank lines at the end of a kept text; NULL when none is left. */
static char *
text_finish(char *buf, size_t len)
{
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
			   buf[len - 1] == '\t' || buf[len - 1] == '\r'))
		len--;
	if (len == 0) {
		free(buf);
		return NULL;
	}
	buf[len++] = '\n';
	buf[len] = '\0';
	return buf;
}

/*
 * Keep the lines a lesson is written back with (lesson.h): the comment
 * lines that open the file, and every line of [lesson] as written.
 */
static void
loader_keep_raw(struct loader *ld, const struct ini_line *line)
{
	if (!ld->header_done) {
		size_t skip = 0;

		while (skip < line->raw_len &&
		       (line->raw[skip] == ' ' || line->raw[skip] == '\t'))
			skip++;
		if (line->kind == INI_BLANK &&
		    (skip == line->raw_len || line->raw[skip] == '#' ||
		     line->raw[skip] == ';'))
			text_append(&ld->header, &ld->header_len,
				    &ld->cap_header, line->raw, line->raw_len);
		else
			ld->header_done = true;
	}
	if (line->kind != INI_SECTION && ld->section == SECTION_LESSON &&
	    !ld->in_scratch)
		text_append(&ld->section_text, &ld->section_len,
			    &ld->cap_section, line->raw, line->raw_len);
}

/* [lesson]: the lesson its keys go to, and its header line kept. */
static void
loader_lesson_header(struct loader *ld, const struct ini_line *line)
{
	if (ld->in_scratch) {
		if (ld->lesson_scratch == NULL)
			ld->lesson_scratch =
				xcalloc(1, sizeof *ld->lesson_scratch);
		return;
	}
	ld->sc->lesson = xcalloc(1, sizeof *ld->sc->lesson);
	text_append(&ld->section_text, &ld->section_len, &ld->cap_section,
		    line->raw, line->raw_len);
}

/* One line of [lesson] (lesson_key()). */
static void
loader_lesson_key(struct loader *ld, const struct ini_line *line)
{
	struct lesson *l = ld->in_scratch ? ld->lesson_scratch : ld->sc->lesson;
	char err[MESSAGE_MAX];
	int rc = lesson_key(l, line->key, line->value, line->number, err,
			    sizeof err);

	if (rc != 0)
		reader_diag_add(ld, line->number, rc > 0, "%s", err);
}

/* "unknown section [lnk]; the sections are ...; did you mean [link]?" */
static void
section_unknown(struct loader *ld, int line, const char *text, const char *word)
{
	static const char *const names[] = {"simulation", "link", "flow",
					    "timeline", "lesson"};
	const char *meant = units_suggest(word, names, 5);
	char q[QUOTE_SIZE];

	reader_diag_add(
		ld, line, false,
		"unknown section [%s]; the sections are [simulation], [link], "
		"[flow NAME], [timeline] and [lesson]%s%s%s",
		scenario_quote(q, text), meant ? "; did you mean [" : "",
		meant ? meant : "", meant ? "]?" : "");
}

static void
loader_section(struct loader *ld, const struct ini_line *line)
{
	static const char *const singles[SECTION_FLOW] = {
		[SECTION_SIMULATION] = "simulation",
		[SECTION_LINK] = "link",
		[SECTION_TIMELINE] = INI_TIMELINE_SECTION,
		[SECTION_LESSON] = INI_LESSON_SECTION,
	};
	char word[SCENARIO_NAME_MAX + 1];
	size_t word_len = strcspn(line->section, " \t");
	const char *rest = line->section + word_len;
	int s;

	rest += strspn(rest, " \t"); /* blanks between "flow" and its name */
	ld->section = SECTION_IGNORED;
	ld->in_scratch = false;
	memset(ld->key_line, 0, sizeof ld->key_line);
	snprintf(word, sizeof word, "%.*s", (int)word_len, line->section);
	ld->link = SCENARIO_DEFAULT_LINK;
	if (strcmp(word, "flow") == 0) {
		loader_flow_header(ld, line->number, rest);
		return;
	}
	if (strcmp(word, "relay") == 0) {
		loader_relay_header(ld, line->number, rest);
		return;
	}
	if (strcmp(word, "link") == 0 && *rest != '\0') {
		loader_link_header(ld, line->number, rest); /* links.c */
		return;
	}
	for (s = SECTION_SIMULATION; s < SECTION_FLOW; s++)
		if (strcmp(word, singles[s]) == 0)
			break;
	if (s == SECTION_FLOW || word_len > SCENARIO_NAME_MAX) {
		/* No table to check its keys against: they are skipped. */
		section_unknown(ld, line->number, line->section, word);
		return;
	}
	ld->section = (enum section)s;
	snprintf(ld->title, sizeof ld->title, "[%s]", word);
	if (*rest != '\0') {
		reader_diag_add(ld, line->number, false,
				"[%s] takes no name; only flows, links and "
				"relays have names, as in [flow bulk]",
				word);
		/* ini.c reads the lines of [timeline x] as key = value:
		 * there is no timeline line to check. */
		if (s == SECTION_TIMELINE)
			ld->section = SECTION_IGNORED;
		else
			loader_use_scratch(ld);
	} else if (ld->header_line[s] != 0) {
		reader_diag_add(
			ld, line->number, false,
			"[%s] appears twice (first on line %d); a section may "
			"appear only once",
			word, ld->header_line[s]);
		loader_use_scratch(ld);
	} else {
		ld->header_line[s] = line->number;
	}
	if (s == SECTION_LESSON)
		loader_lesson_header(ld, line);
}

/* A key that is not in the current section's table. */
static void
loader_key_unknown(struct loader *ld, const struct ini_line *line,
		   enum setting_target target)
{
	char err[MESSAGE_MAX];
	char q[QUOTE_SIZE];

	if (strchr(line->key, ':') != NULL) {
		reader_diag_add(
			ld, line->number, false,
			"'%s' looks like a timeline line; those go under "
			"[timeline]",
			scenario_quote(q, line->key));
		return;
	}
	if (strchr(line->key, '.') != NULL) {
		reader_diag_add(
			ld, line->number, false,
			"'%s' is a path, for [timeline] and --set; inside a "
			"section write the key alone",
			scenario_quote(q, line->key));
		return;
	}
	scenario_key_unknown(target, ld->title, line->key, err, sizeof err);
	reader_diag_add(ld, line->number, false, "%s", err);
}

/* A key before the first header. */
static void
loader_key_outside(struct loader *ld, const struct ini_line *line)
{
	enum setting_key key = keys_find_anywhere(line->key);
	char q[QUOTE_SIZE];

	if (key == KEY_COUNT)
		reader_diag_add(ld, line->number, false,
				"'%s' comes before any section header",
				scenario_quote(q, line->key));
	else
		reader_diag_add(
			ld, line->number, false,
			"'%s' comes before any section header; it belongs in "
			"%s",
			line->key, keys_target_section(key_table[key].target));
}

static void
loader_key(struct loader *ld, const struct ini_line *line)
{
	static const enum setting_target targets[] = {
		[SECTION_SIMULATION] = TARGET_SIMULATION,
		[SECTION_LINK] = TARGET_LINK,
		[SECTION_FLOW] = TARGET_FLOW,
		[SECTION_RELAY] = TARGET_RELAY,
	};
	char err[MESSAGE_MAX];
	enum setting_target target;
	enum setting_key key;
	struct scenario *sc;
	char q[QUOTE_SIZE];
	size_t flow;

	if (ld->section == SECTION_IGNORED)
		return;
	if (ld->section == SECTION_NONE) {
		loader_key_outside(ld, line);
		return;
	}
	assert(ld->section != SECTION_TIMELINE); /* ini.c gives INI_TIMELINE */
	if (ld->section == SECTION_LESSON) {
		loader_lesson_key(ld, line);
		return;
	}
	target = targets[ld->section];
	key = keys_find(target, line->key);
	if (key == KEY_COUNT) {
		loader_key_unknown(ld, line, target);
		return;
	}
	sc = ld->in_scratch ? &ld->scratch : ld->sc;
	flow = ld->in_scratch ? 0 : ld->flow;
	if (target == TARGET_LINK)
		flow = ld->in_scratch ? 0 : ld->link; /* its link id */
	if (key == KEY_PATH) {
		loader_path_keep(ld, line, flow); /* the links come later */
	} else if (keys_setting_store(sc, target, flow, key, line->value, err,
				      sizeof err) < 0) {
		reader_diag_add(ld, line->number, false, "%s = %s: %s",
				line->key, scenario_quote(q, line->value), err);
		return;
	}
	if (ld->key_line[key] != 0)
		reader_diag_add(
			ld, line->number, true,
			"'%s' given twice (first on line %d); using this value",
			line->key, ld->key_line[key]);
	else
		ld->key_line[key] = line->number;
	keys_note(sc, target, flow, key, line->number, line->value);
}

static void
loader_on_line(const struct ini_line *line, void *arg)
{
	struct loader *ld = arg;

	loader_keep_raw(ld, line);
	switch (line->kind) {
	case INI_BLANK:
		break;
	case INI_MALFORMED:
		reader_diag_add(ld, line->number, false, "%s", line->error);
		break;
	case INI_SECTION:
		loader_section(ld, line);
		break;
	case INI_KEY_VALUE:
		loader_key(ld, line);
		break;
	case INI_TIMELINE:
		timeline_load_line(ld, line);
		break;
	}
}

/* After the last line: the implicit flow, the timeline, the messages. */
static int
loader_finish(struct loader *ld, FILE *errs)
{
	struct scenario *sc = ld->sc;
	size_t i;

	if (sc->n_flows == 0)
		scenario_flow_add(sc, &ld->cap_flows, "flow1", 0);
	loader_relay_finish(ld);
	loader_paths_finish(ld); /* links.c: every link is known now */
	for (i = 0; i < ld->n_pending; i++) {
		timeline_resolve(ld, &ld->pending[i]);
		free(ld->pending[i].path);
		free(ld->pending[i].value);
	}
	free(ld->pending);
	free(ld->unknown_owner);
	free(ld->unknown_said);
	if (ld->scratch_ready)
		scenario_free(&ld->scratch);
	lesson_free(ld->lesson_scratch);
	if (sc->lesson != NULL) {
		sc->lesson->header = text_finish(ld->header, ld->header_len);
		sc->lesson->section =
			text_finish(ld->section_text, ld->section_len);
	} else {
		free(ld->header);
		free(ld->section_text);
	}
	timeline_sort(sc);
	diag_flush(ld, errs);
	return ld->n_errors > 0 ? -1 : 0;
}

int
scenario_load_string(struct scenario *sc, const char *name, const char *text,
		     size_t len, FILE *errs)
{
	struct loader ld;

	scenario_defaults_without_flows(sc);
	sc->name = xstrdup(name);
	memset(&ld, 0, sizeof ld);
	ld.sc = sc;
	ini_read(text, len, loader_on_line, &ld);
	if (loader_finish(&ld, errs) < 0) {
		scenario_free(sc);
		return -1;
	}
	return 0;
}

/*
 * Read all of f.  Returns 0, -1 with errno on a read error, or -2 when it
 * is larger than FILE_MAX (standard input could be endless).  FILE_MAX
 * bytes are allowed: the buffer grows to one byte more, so that a file of
 * exactly FILE_MAX is told from a longer one by reading, not by its size
 * (a pipe has none).
 */
static int
read_all(FILE *f, char **text, size_t *len)
{
	size_t size = 4096;
	size_t used = 0;
	char *buf = xmalloc(size);

	for (;;) {
		size_t got = fread(buf + used, 1, size - used, f);

		used += got;
		if (used > FILE_MAX) {
			free(buf);
			return -2;
		}
		if (used < size)
			break; /* end of file or error */
		size = size * 2 > FILE_MAX ? FILE_MAX + 1 : size * 2;
		buf = xreallocarray(buf, size, 1);
	}
	if (ferror(f)) {
		int saved = errno;

		free(buf);
		errno = saved;
		return -1;
	}
	*text = buf;
	*len = used;
	return 0;
}

int
scenario_load_file(struct scenario *sc, const char *path, FILE *errs)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	char *escaped = escape_dup(shown); /* for messages */
	char *text = NULL;
	size_t len = 0;
	int rc = -1;

	memset(sc, 0, sizeof *sc);
	if (f == NULL) {
		fprintf(errs, "tcpsim: cannot read '%s': %s\n", escaped,
			strerror(errno));
		free(escaped);
		return -1;
	}
	errno = 0;
	switch (read_all(f, &text, &len)) {
	case 0:
		rc = scenario_load_string(sc, shown, text, len, errs);
		free(text);
		break;
	case -1:
		fprintf(errs, "tcpsim: cannot read '%s': %s\n", escaped,
			strerror(errno != 0 ? errno : EIO));
		break;
	default:
		fprintf(errs,
			"tcpsim: cannot read '%s': larger than %zu MiB, "
			"which no scenario is\n",
			escaped, FILE_MAX >> 20);
		break;
	}
	if (!is_stdin)
		fclose(f);
	free(escaped);
	return rc;
}
