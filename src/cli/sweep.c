/* SPDX-License-Identifier: ISC */
/* sweep.c: lists, outcome files and table rows of `tcpsim sweep` (sweep.h). */
#include "config.h"

#include "cli/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trace/outfile.h"
#include "trace/summary.h"
#include "util/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Small strings                                                       */
/* ------------------------------------------------------------------ */

/* A growing string. */
struct sweep_buf {
	char *s;    /* the text, NUL-terminated once anything was added */
	size_t len; /* its length */
	size_t cap; /* bytes allocated */
};

static void
sweep_buf_add(struct sweep_buf *b, const char *text, size_t len)
{
	b->s = xgrow(b->s, &b->cap, b->len + len + 1, 1);
	memcpy(b->s + b->len, text, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static void
sweep_buf_str(struct sweep_buf *b, const char *text)
{
	sweep_buf_add(b, text, strlen(text));
}

static void sweep_buf_printf(struct sweep_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sweep_buf_printf(struct sweep_buf *b, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n > 0)
		sweep_buf_add(b, text,
			      (size_t)n < sizeof text ? (size_t)n
						      : sizeof text - 1);
}

/* The text so far (an empty string if nothing was added); the caller owns
 * it. */
static char *
sweep_buf_take(struct sweep_buf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* `s` as a JSON string, quotes included (summary_json_string's rules),
 * escaped straight into the buffer. */
static void
sweep_buf_json_string(struct sweep_buf *b, const char *s)
{
	b->s = xgrow(b->s, &b->cap, b->len + SUMMARY_JSON_ESCAPED(strlen(s)),
		     1);
	b->len += summary_json_escape(b->s + b->len, s);
}

/* ------------------------------------------------------------------ */
/* --vary and --seeds                                                  */
/* ------------------------------------------------------------------ */

static char *
sweep_trim_dup(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

static void
sweep_vary_add(struct sweep_vary *v, char *value)
{
	v->values =
		xreallocarray(v->values, v->n_values + 1, sizeof *v->values);
	v->values[v->n_values++] = value;
}

/*
 * One bound of a range: digits with at most one '.', then an optional
 * unit.  The number is scaled to an integer: *digits without the point,
 * *decimals after it.  *unit points at what follows the number.
 */
static int
sweep_range_number(const char *text, uint64_t *digits, int *decimals,
		   const char **unit)
{
	const char *p = text;
	bool point = false, any = false;

	*digits = 0;
	*decimals = 0;
	for (;; p++) {
		if (*p == '.' && !point) {
			point = true;
		} else if (*p >= '0' && *p <= '9') {
			if (*digits > (UINT64_MAX - 9) / 10 || *decimals >= 9)
				return -1;
			*digits = *digits * 10 + (uint64_t)(*p - '0');
			any = true;
			if (point)
				(*decimals)++;
		} else {
			break;
		}
	}
	*unit = p;
	/* a unit is a word or a sign (%, B/s), never more of a number */
	if (*p == '.' || (*p >= '0' && *p <= '9'))
		return -1;
	return any ? 0 : -1;
}

/* 10^n for n <= 9. */
static uint64_t
sweep_pow10(int n)
{
	uint64_t v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

/*
 * An item "FROM..TO" or "FROM..TO:STEP" (`text` trimmed): append its
 * values to `v`.  Returns 0, or -1 with the reason in `err`.
 */
static int
sweep_vary_range(struct sweep_vary *v, const char *text, char *err, size_t size)
{
	char *copy = xstrdup(text);
	char *dots = strstr(copy, "..");
	char *colon, *parts[3];
	uint64_t num[3] = {0, 0, 1}, scaled[3], x, count;
	int dec[3] = {0, 0, 0}, decimals = 0, i, n_parts;
	char *unit = NULL; /* as written after its number, e.g. " packets" */
	const char *u;
	int rc = -1;

	*dots = '\0';
	parts[0] = copy;
	parts[1] = dots + 2;
	colon = strchr(parts[1], ':');
	n_parts = 2;
	if (colon != NULL) {
		*colon = '\0';
		parts[2] = colon + 1;
		n_parts = 3;
	}
	for (i = 0; i < n_parts; i++) {
		char *t = sweep_trim_dup(parts[i], strlen(parts[i]));
		char *ut;

		if (sweep_range_number(t, &num[i], &dec[i], &u) != 0) {
			snprintf(err, size,
				 "range '%s': '%s' is not a number (a range "
				 "is FROM..TO or FROM..TO:STEP)",
				 text, t);
			free(t);
			goto out;
		}
		ut = sweep_trim_dup(u, strlen(u));
		if (ut[0] != '\0' && unit != NULL) {
			char *known = sweep_trim_dup(unit, strlen(unit));
			bool same = strcmp(known, ut) == 0;

			if (!same)
				snprintf(err, size,
					 "range '%s': two units, '%s' and "
					 "'%s'; give one",
					 text, known, ut);
			free(known);
			if (!same) {
				free(ut);
				free(t);
				goto out;
			}
		} else if (ut[0] != '\0') {
			unit = xstrdup(u);
		}
		free(ut);
		free(t);
		if (dec[i] > decimals)
			decimals = dec[i];
	}
	if (n_parts == 2) {
		num[2] = 1;
		dec[2] = 0;
	}
	for (i = 0; i < 3; i++) {
		uint64_t f = sweep_pow10(decimals - dec[i]);

		if (num[i] > UINT64_MAX / 2 / f) {
			snprintf(err, size, "range '%s': a number too large",
				 text);
			goto out;
		}
		scaled[i] = num[i] * f;
	}
	if (scaled[2] == 0) {
		snprintf(err, size, "range '%s': the step is 0", text);
		goto out;
	}
	if (scaled[1] < scaled[0]) {
		snprintf(err, size,
			 "range '%s': TO is below FROM (a range goes up)",
			 text);
		goto out;
	}
	count = (scaled[1] - scaled[0]) / scaled[2] + 1;
	if (count > SWEEP_MAX_RUNS) {
		snprintf(err, size, "range '%s': %llu values, more than %d",
			 text, (unsigned long long)count, SWEEP_MAX_RUNS);
		goto out;
	}
	for (x = scaled[0]; x <= scaled[1]; x += scaled[2]) {
		struct sweep_buf b = {NULL, 0, 0};
		uint64_t p = sweep_pow10(decimals);

		sweep_buf_printf(&b, "%llu", (unsigned long long)(x / p));
		if (decimals > 0)
			sweep_buf_printf(&b, ".%0*llu", decimals,
					 (unsigned long long)(x % p));
		if (unit != NULL) {
			/* the unit as written, a space before it kept */
			char *ut = sweep_trim_dup(unit, strlen(unit));

			if (isspace((unsigned char)unit[0]))
				sweep_buf_str(&b, " ");
			sweep_buf_str(&b, ut);
			free(ut);
		}
		sweep_vary_add(v, sweep_buf_take(&b));
		if (scaled[1] - x < scaled[2])
			break;
	}
	rc = 0;
out:
	free(unit);
	free(copy);
	return rc;
}

int
sweep_vary_parse(const char *arg, struct sweep_vary *v, char *err, size_t size)
{
	const char *eq = strchr(arg, '=');
	const char *p;
	struct sweep_buf item = {NULL, 0, 0};

	memset(v, 0, sizeof *v);
	if (eq == NULL) {
		snprintf(err, size,
			 "'%s' is not KEY=V1,V2,..., such as "
			 "link.queue=10,50,100",
			 arg);
		return -1;
	}
	v->key = sweep_trim_dup(arg, (size_t)(eq - arg));
	if (v->key[0] == '\0') {
		snprintf(err, size, "'%s': the key is missing before '='", arg);
		return -1;
	}
	p = eq + 1;
	while (*p != '\0' && isspace((unsigned char)*p))
		p++;
	if (*p == '\0') {
		snprintf(err, size, "%s: the list of values is empty", v->key);
		return -1;
	}
	for (p = eq + 1;; p++) {
		if (*p == '\\' && (p[1] == ',' || p[1] == '\\')) {
			p++;
			sweep_buf_add(&item, p, 1);
			continue;
		}
		if (*p != ',' && *p != '\0') {
			sweep_buf_add(&item, p, 1);
			continue;
		}
		{
			char *text = sweep_trim_dup(
				item.s != NULL ? item.s : "", item.len);

			free(sweep_buf_take(&item));
			if (text[0] == '\0') {
				snprintf(err, size,
					 "%s: an empty value in '%s' (two "
					 "commas, or one at an end)",
					 v->key, eq + 1);
				free(text);
				return -1;
			}
			if (strstr(text, "..") != NULL) {
				int rc = sweep_vary_range(v, text, err, size);

				free(text);
				if (rc != 0)
					return -1;
			} else {
				sweep_vary_add(v, text);
			}
		}
		if (*p == '\0')
			break;
	}
	return 0;
}

void
sweep_vary_free(struct sweep_vary *v)
{
	size_t i;

	for (i = 0; i < v->n_values; i++)
		free(v->values[i]);
	free(v->values);
	free(v->key);
	memset(v, 0, sizeof *v);
}

/* A seed: decimal digits that fit in 64 bits. */
static int
sweep_seed_number(const char *text, size_t len, uint64_t *seed)
{
	size_t i;

	*seed = 0;
	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		uint64_t d = (uint64_t)(text[i] - '0');

		if (text[i] < '0' || text[i] > '9' ||
		    *seed > (UINT64_MAX - d) / 10)
			return -1;
		*seed = *seed * 10 + d;
	}
	return 0;
}

int
sweep_seeds_parse(const char *arg, uint64_t **seeds, size_t *n, char *err,
		  size_t size)
{
	const char *p = arg;

	*seeds = NULL;
	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char *item = sweep_trim_dup(p, len);
		char *dash = strchr(item, '-');
		uint64_t from, to, s;

		if (item[0] == '\0') {
			snprintf(err, size,
				 "--seeds '%s': an empty item (give seeds "
				 "such as 1-10 or 1,5,9)",
				 arg);
			goto fail_item;
		}
		if (dash != NULL
			    ? sweep_seed_number(item, (size_t)(dash - item),
						&from) != 0 ||
				      sweep_seed_number(dash + 1,
							strlen(dash + 1),
							&to) != 0
			    : sweep_seed_number(item, strlen(item), &from) !=
				      0) {
			snprintf(err, size,
				 "--seeds '%s': '%s' is neither a seed nor a "
				 "range FROM-TO of seeds (whole numbers)",
				 arg, item);
			goto fail_item;
		}
		if (dash == NULL)
			to = from;
		if (to < from) {
			snprintf(err, size,
				 "--seeds '%s': the range '%s' goes down", arg,
				 item);
			goto fail_item;
		}
		if (to - from >= SWEEP_MAX_RUNS ||
		    *n + (size_t)(to - from) >= SWEEP_MAX_RUNS) {
			snprintf(err, size, "--seeds '%s': more than %d seeds",
				 arg, SWEEP_MAX_RUNS);
			goto fail_item;
		}
		for (s = from;; s++) {
			*seeds = xreallocarray(*seeds, *n + 1, sizeof **seeds);
			(*seeds)[(*n)++] = s;
			if (s == to)
				break;
		}
		free(item);
		p += len;
		if (*p == '\0')
			return 0;
		p++;
		continue;
	fail_item:
		free(item);
		free(*seeds);
		*seeds = NULL;
		*n = 0;
		return -1;
	}
}

void
sweep_run_position(const struct sweep_vary *varies, size_t n_varies,
		   size_t n_seeds, size_t run, size_t *index,
		   size_t *seed_index)
{
	size_t k = n_varies;

	*seed_index = run % n_seeds;
	run /= n_seeds;
	while (k-- > 0) {
		index[k] = run % varies[k].n_values;
		run /= varies[k].n_values;
	}
}

void
sweep_outcome_name(size_t run, char *buf, size_t size)
{
	snprintf(buf, size, "row-%06zu.json", run + 1);
}

/* ------------------------------------------------------------------ */
/* Outcome files                                                       */
/* ------------------------------------------------------------------ */

/* "PREFIXNAME.FIGURE":TEXT (null when empty) for one figure of a flow or
 * relay, after a comma.  Thousands of flows make tens of thousands: no
 * printf. */
static void
sweep_outcome_named(struct sweep_buf *b, const char *prefix, const char *name,
		    const char *figure, const char *text)
{
	size_t lp = strlen(prefix), ln = strlen(name), lf = strlen(figure);
	char room[256];
	char *key = lp + ln + lf + 2 <= sizeof room
			    ? room
			    : xmalloc(lp + ln + lf + 2);

	memcpy(key, prefix, lp);
	memcpy(key + lp, name, ln);
	key[lp + ln] = '.';
	memcpy(key + lp + ln + 1, figure, lf + 1);
	sweep_buf_add(b, ",", 1);
	sweep_buf_json_string(b, key);
	sweep_buf_add(b, ":", 1);
	sweep_buf_str(b, text[0] != '\0' ? text : "null");
	if (key != room)
		free(key);
}

/* Records and relays (summary.records): each flow's lag figures
 * ("flow.up.lag_records") and each relay's ("relay.broker.held_records"). */
static void
sweep_outcome_record_figures(struct sweep_buf *b, const struct summary *s)
{
	char text[SUMMARY_FIGURE_BUF];
	size_t i, f;

	for (f = 0; f < s->n_flows; f++)
		for (i = 0; i < summary_n_record_flow_figures; i++) {
			summary_record_flow_figure(s, f, i, text);
			sweep_outcome_named(b, "flow.", s->flows[f].snap.name,
					    summary_record_flow_figures[i],
					    text);
		}
	for (f = 0; f < s->n_relays; f++)
		for (i = 0; i < summary_n_relay_figures; i++) {
			summary_relay_figure(s, f, i, text);
			sweep_outcome_named(b, "relay.", s->relays[f].name,
					    summary_relay_figures[i], text);
		}
}

char *
sweep_outcome_figures(const struct summary *s)
{
	struct sweep_buf b = {NULL, 0, 0};
	char text[SUMMARY_FIGURE_BUF];
	size_t i, f;

	for (i = 0; i < summary_n_run_figures; i++) {
		summary_run_figure(s, i, text);
		sweep_buf_printf(&b, ",\"%s\":%s", summary_run_figures[i],
				 text[0] != '\0' ? text : "null");
	}
	for (i = 0; i < summary_n_link_figures; i++) {
		summary_link_figure(s, i, text);
		sweep_buf_printf(&b, ",\"link.%s\":%s", summary_link_figures[i],
				 text[0] != '\0' ? text : "null");
	}
	for (f = 0; f < s->n_flows; f++)
		for (i = 0; i < summary_n_flow_figures; i++) {
			summary_flow_figure(s, f, i, text);
			sweep_outcome_named(&b, "flow.", s->flows[f].snap.name,
					    summary_flow_figures[i], text);
		}
	if (s->records)
		sweep_outcome_record_figures(&b, s);
	/* named links: links.NAME.FIGURE (s->links[0] is the default
	 * link, whose figures are link.FIGURE above) */
	for (f = 1; f < s->n_links; f++)
		for (i = 0; i < summary_n_link_figures; i++) {
			summary_links_figure(s, f, i, text);
			sweep_buf_printf(&b, ",\"links.%s.%s\":%s",
					 s->links[f].name,
					 summary_link_figures[i],
					 text[0] != '\0' ? text : "null");
		}
	return sweep_buf_take(&b);
}

int
sweep_outcome_save(const char *path, int status, const char *errors,
		   const char *figures, FILE *errs)
{
	struct outfile *of = outfile_open(path, errs);
	FILE *out;

	if (of == NULL)
		return -1;
	out = outfile_stream(of);
	fprintf(out, "{\"exit_status\":%d,\"error\":", status);
	if (errors != NULL && errors[0] != '\0')
		summary_json_string(out, errors);
	else
		fputs("null", out);
	if (figures != NULL)
		fputs(figures, out);
	fputs("}\n", out);
	return outfile_commit(of, errs);
}

/* ------------------------------------------------------------------ */
/* Flat JSON objects                                                   */
/* ------------------------------------------------------------------ */

/* A reader over `len` bytes. */
struct sweep_json {
	const char *p;	 /* next byte */
	const char *end; /* one past the last */
};

static void
sweep_json_space(struct sweep_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Four hex digits at j->p. */
static int
sweep_json_hex4(struct sweep_json *j, uint32_t *cp)
{
	int i;

	*cp = 0;
	if (j->end - j->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = *j->p++;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
sweep_buf_utf8(struct sweep_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sweep_buf_add(b, u, n);
}

/* A JSON string at j->p (its opening quote), unescaped. */
static char *
sweep_json_string(struct sweep_json *j)
{
	struct sweep_buf b = {NULL, 0, 0};
	uint32_t cp, low;

	if (j->p >= j->end || *j->p != '"')
		return NULL;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		if ((unsigned char)*j->p < 0x20)
			goto fail;
		if (*j->p != '\\') {
			sweep_buf_add(&b, j->p++, 1);
			continue;
		}
		if (++j->p >= j->end)
			goto fail;
		switch (*j->p++) {
		case '"':
			sweep_buf_str(&b, "\"");
			break;
		case '\\':
			sweep_buf_str(&b, "\\");
			break;
		case '/':
			sweep_buf_str(&b, "/");
			break;
		case 'b':
			sweep_buf_str(&b, "\b");
			break;
		case 'f':
			sweep_buf_str(&b, "\f");
			break;
		case 'n':
			sweep_buf_str(&b, "\n");
			break;
		case 'r':
			sweep_buf_str(&b, "\r");
			break;
		case 't':
			sweep_buf_str(&b, "\t");
			break;
		case 'u':
			if (sweep_json_hex4(j, &cp) != 0)
				goto fail;
			if (cp >= 0xD800 && cp <= 0xDBFF &&
			    j->end - j->p >= 6 && j->p[0] == '\\' &&
			    j->p[1] == 'u') {
				j->p += 2;
				if (sweep_json_hex4(j, &low) != 0 ||
				    low < 0xDC00 || low > 0xDFFF)
					goto fail;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (low - 0xDC00);
			} else if (cp >= 0xD800 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
			if (cp == 0)
				goto fail; /* no NUL inside a C string */
			sweep_buf_utf8(&b, cp);
			break;
		default:
			goto fail;
		}
	}
	if (j->p >= j->end)
		goto fail;
	j->p++;
	return sweep_buf_take(&b);
fail:
	free(sweep_buf_take(&b));
	return NULL;
}

int
sweep_fields_parse(const char *text, size_t len, struct sweep_fields *f,
		   char *err, size_t size)
{
	struct sweep_json j = {text, text + len};

	memset(f, 0, sizeof *f);
	sweep_json_space(&j);
	if (j.p >= j.end || *j.p != '{') {
		snprintf(err, size, "not a JSON object");
		return -1;
	}
	j.p++;
	sweep_json_space(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
		goto done;
	}
	for (;;) {
		char *name, *value;
		bool is_string;

		sweep_json_space(&j);
		name = sweep_json_string(&j);
		if (name == NULL) {
			snprintf(err, size, "a member name is not a string");
			return -1;
		}
		sweep_json_space(&j);
		if (j.p >= j.end || *j.p != ':') {
			snprintf(err, size, "no ':' after \"%s\"", name);
			free(name);
			return -1;
		}
		j.p++;
		sweep_json_space(&j);
		is_string = j.p < j.end && *j.p == '"';
		if (is_string) {
			value = sweep_json_string(&j);
		} else {
			const char *start = j.p;

			while (j.p < j.end &&
			       (isalnum((unsigned char)*j.p) || *j.p == '-' ||
				*j.p == '+' || *j.p == '.'))
				j.p++;
			value = j.p > start
					? xstrndup(start, (size_t)(j.p - start))
					: NULL;
		}
		if (value == NULL) {
			snprintf(err, size,
				 "the value of \"%s\" is not a "
				 "string, number or null",
				 name);
			free(name);
			return -1;
		}
		f->names = xreallocarray(f->names, f->n + 1, sizeof *f->names);
		f->values =
			xreallocarray(f->values, f->n + 1, sizeof *f->values);
		f->is_string = xreallocarray(f->is_string, f->n + 1,
					     sizeof *f->is_string);
		f->names[f->n] = name;
		f->values[f->n] = value;
		f->is_string[f->n] = is_string;
		f->n++;
		sweep_json_space(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		snprintf(err, size, "no ',' or '}' after \"%s\"", name);
		return -1;
	}
done:
	sweep_json_space(&j);
	if (j.p != j.end) {
		snprintf(err, size, "something after the object");
		return -1;
	}
	return 0;
}

void
sweep_fields_free(struct sweep_fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->names[i]);
		free(f->values[i]);
	}
	free(f->names);
	free(f->values);
	free(f->is_string);
	memset(f, 0, sizeof *f);
}

const char *
sweep_fields_get(const struct sweep_fields *f, const char *name,
		 bool *is_string)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->names[i], name) == 0) {
			if (is_string != NULL)
				*is_string = f->is_string[i];
			return f->values[i];
		}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

static void
sweep_table_add(struct sweep_table *t, char *name)
{
	t->columns =
		xreallocarray(t->columns, t->n_columns + 1, sizeof *t->columns);
	t->columns[t->n_columns++] = name;
}

void
sweep_table_add_links(struct sweep_table *t, const char *const *link_names,
		      size_t n_links)
{
	size_t i, k;

	for (k = 0; k < n_links; k++)
		for (i = 0; i < summary_n_link_figures; i++) {
			struct sweep_buf b = {NULL, 0, 0};

			sweep_buf_printf(&b, "links.%s.%s", link_names[k],
					 summary_link_figures[i]);
			sweep_table_add(t, sweep_buf_take(&b));
		}
}

void
sweep_table_add_records(struct sweep_table *t, const char *const *flow_names,
			size_t n_flows, const char *const *relay_names,
			size_t n_relays)
{
	size_t i, k;

	for (k = 0; k < n_flows; k++)
		for (i = 0; i < summary_n_record_flow_figures; i++) {
			struct sweep_buf b = {NULL, 0, 0};

			sweep_buf_printf(&b, "flow.%s.%s", flow_names[k],
					 summary_record_flow_figures[i]);
			sweep_table_add(t, sweep_buf_take(&b));
		}
	for (k = 0; k < n_relays; k++)
		for (i = 0; i < summary_n_relay_figures; i++) {
			struct sweep_buf b = {NULL, 0, 0};

			sweep_buf_printf(&b, "relay.%s.%s", relay_names[k],
					 summary_relay_figures[i]);
			sweep_table_add(t, sweep_buf_take(&b));
		}
}

void
sweep_table_init(struct sweep_table *t, enum sweep_format format,
		 const struct sweep_vary *varies, size_t n_varies,
		 const char *const *flow_names, size_t n_flows)
{
	size_t i, f;

	memset(t, 0, sizeof *t);
	t->format = format;
	t->n_varies = n_varies;
	for (i = 0; i < n_varies; i++)
		sweep_table_add(t, xstrdup(varies[i].key));
	sweep_table_add(t, xstrdup("seed"));
	sweep_table_add(t, xstrdup("status"));
	sweep_table_add(t, xstrdup("error"));
	for (i = 0; i < summary_n_run_figures; i++)
		sweep_table_add(t, xstrdup(summary_run_figures[i]));
	for (i = 0; i < summary_n_link_figures; i++) {
		struct sweep_buf b = {NULL, 0, 0};

		sweep_buf_printf(&b, "link.%s", summary_link_figures[i]);
		sweep_table_add(t, sweep_buf_take(&b));
	}
	for (f = 0; f < n_flows; f++)
		for (i = 0; i < summary_n_flow_figures; i++) {
			struct sweep_buf b = {NULL, 0, 0};

			sweep_buf_str(&b, "flow.");
			sweep_buf_str(&b, flow_names[f]);
			sweep_buf_str(&b, ".");
			sweep_buf_str(&b, summary_flow_figures[i]);
			sweep_table_add(t, sweep_buf_take(&b));
		}
}

void
sweep_table_free(struct sweep_table *t)
{
	size_t i;

	for (i = 0; i < t->n_columns; i++)
		free(t->columns[i]);
	free(t->columns);
	memset(t, 0, sizeof *t);
}

/* One CSV field, quoted when it holds a comma, a quote or a line break. */
static void
sweep_csv_field(struct sweep_buf *b, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		sweep_buf_str(b, s);
		return;
	}
	sweep_buf_str(b, "\"");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			sweep_buf_str(b, "\"");
		sweep_buf_add(b, p, 1);
	}
	sweep_buf_str(b, "\"");
}

char *
sweep_table_header(const struct sweep_table *t)
{
	struct sweep_buf b = {NULL, 0, 0};
	size_t i;

	if (t->format == SWEEP_FORMAT_JSONL)
		return xstrdup("");
	for (i = 0; i < t->n_columns; i++) {
		if (i > 0)
			sweep_buf_str(&b, ",");
		sweep_csv_field(&b, t->columns[i]);
	}
	sweep_buf_str(&b, "\n");
	return sweep_buf_take(&b);
}

/*
 * The messages of a run on one line: a table row is a line, for awk and
 * grep as much as for CSV readers.  Trailing line breaks go; the ones
 * between messages become " | ".
 */
static char *
sweep_one_line(const char *error)
{
	struct sweep_buf b = {NULL, 0, 0};
	size_t len = strlen(error);
	size_t i;

	while (len > 0 && (error[len - 1] == '\n' || error[len - 1] == '\r'))
		len--;
	for (i = 0; i < len; i++) {
		if (error[i] == '\n')
			sweep_buf_str(&b, " | ");
		else if (error[i] == '\r')
			sweep_buf_str(&b, " ");
		else
			sweep_buf_add(&b, error + i, 1);
	}
	return sweep_buf_take(&b);
}

/* A run's figures by name: their indexes sorted by (name, index). */
struct sweep_name_ix {
	const char *name;
	size_t i;
};

static int
sweep_name_ix_cmp(const void *x, const void *y)
{
	const struct sweep_name_ix *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

/*
 * The figures sorted by name, for sweep_figure(): a row has one column
 * per figure of every flow (19 a flow), and finding each column by a
 * scan of the figures made a sweep of 10 000 flows take minutes a row.
 */
static struct sweep_name_ix *
sweep_figures_index(const struct sweep_fields *f)
{
	struct sweep_name_ix *ix;

	if (f == NULL || f->n == 0)
		return NULL;
	ix = xreallocarray(NULL, f->n, sizeof *ix);
	for (size_t i = 0; i < f->n; i++) {
		ix[i].name = f->names[i];
		ix[i].i = i;
	}
	qsort(ix, f->n, sizeof *ix, sweep_name_ix_cmp);
	return ix;
}

/* What sweep_fields_get() gives (the first member of that name), found
 * in the index. */
static const char *
sweep_figure(const struct sweep_fields *f, const struct sweep_name_ix *ix,
	     const char *name, bool *is_string)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) { /* the first entry not before `name` */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == f->n || strcmp(ix[lo].name, name) != 0)
		return NULL;
	*is_string = f->is_string[ix[lo].i];
	return f->values[ix[lo].i];
}

char *
sweep_table_row(const struct sweep_table *t, const char *const *values,
		uint64_t seed, int status, const char *error,
		const struct sweep_fields *figures)
{
	struct sweep_buf b = {NULL, 0, 0};
	bool json = t->format == SWEEP_FORMAT_JSONL;
	char *line = sweep_one_line(error != NULL ? error : "");
	struct sweep_name_ix *ix = sweep_figures_index(figures);
	size_t i;

	if (json)
		sweep_buf_str(&b, "{");
	for (i = 0; i < t->n_varies; i++) {
		if (json) {
			sweep_buf_json_string(&b, t->columns[i]);
			sweep_buf_str(&b, ":");
			sweep_buf_json_string(&b, values[i]);
			sweep_buf_str(&b, ",");
		} else {
			sweep_csv_field(&b, values[i]);
			sweep_buf_str(&b, ",");
		}
	}
	if (json) {
		/* as the JSON summary: above 2^53 a seed is a string */
		if (seed <= SUMMARY_JSON_MAX_EXACT)
			sweep_buf_printf(&b, "\"seed\":%llu,",
					 (unsigned long long)seed);
		else
			sweep_buf_printf(&b, "\"seed\":\"%llu\",",
					 (unsigned long long)seed);
		sweep_buf_printf(&b, "\"status\":%d,\"error\":", status);
		if (line[0] != '\0')
			sweep_buf_json_string(&b, line);
		else
			sweep_buf_str(&b, "null");
	} else {
		sweep_buf_printf(&b, "%llu,%d,", (unsigned long long)seed,
				 status);
		sweep_csv_field(&b, line);
	}
	for (i = t->n_varies + 3; i < t->n_columns; i++) {
		bool is_string = false;
		const char *v =
			ix != NULL ? sweep_figure(figures, ix, t->columns[i],
						  &is_string)
				   : NULL;

		/* figures are numbers; anything else is no figure */
		if (v != NULL &&
		    (is_string || strcmp(v, "null") == 0 ||
		     strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
			v = NULL;
		if (json) {
			sweep_buf_str(&b, ",");
			sweep_buf_json_string(&b, t->columns[i]);
			sweep_buf_str(&b, ":");
			sweep_buf_str(&b, v != NULL ? v : "null");
		} else {
			sweep_buf_str(&b, ",");
			sweep_buf_str(&b, v != NULL ? v : "");
		}
	}
	sweep_buf_str(&b, json ? "}\n" : "\n");
	free(line);
	free(ix);
	return sweep_buf_take(&b);
}

/* Split a CSV line (no line breaks inside fields) into fields. */
static int
sweep_csv_split(const char *line, char ***fields, size_t *n)
{
	const char *p = line;

	*fields = NULL;
	*n = 0;
	for (;;) {
		struct sweep_buf b = {NULL, 0, 0};

		if (*p == '"') {
			for (p++;; p++) {
				if (*p == '\0') {
					free(sweep_buf_take(&b));
					return -1;
				}
				if (*p == '"' && p[1] == '"') {
					sweep_buf_str(&b, "\"");
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					sweep_buf_add(&b, p, 1);
				}
			}
			if (*p != ',' && *p != '\0') {
				free(sweep_buf_take(&b));
				return -1;
			}
		} else {
			size_t len = strcspn(p, ",\"");

			if (p[len] == '"') {
				free(sweep_buf_take(&b));
				return -1;
			}
			sweep_buf_add(&b, p, len);
			p += len;
		}
		*fields = xreallocarray(*fields, *n + 1, sizeof **fields);
		(*fields)[(*n)++] = sweep_buf_take(&b);
		if (*p == '\0')
			return 0;
		p++; /* the comma */
	}
}

char *
sweep_run_key(const char *const *values, size_t n_varies, uint64_t seed)
{
	struct sweep_buf b = {NULL, 0, 0};
	size_t i;

	for (i = 0; i < n_varies; i++) {
		sweep_buf_str(&b, values[i]);
		sweep_buf_str(&b, "\x1f");
	}
	sweep_buf_printf(&b, "%llu", (unsigned long long)seed);
	return sweep_buf_take(&b);
}

char *
sweep_table_row_key(const struct sweep_table *t, const char *line, char *err,
		    size_t size)
{
	char **fields = NULL;
	const char **values;
	char *key = NULL;
	uint64_t seed;
	size_t n = 0, i;

	if (t->format == SWEEP_FORMAT_JSONL) {
		struct sweep_fields f;
		char why[128];

		if (sweep_fields_parse(line, strlen(line), &f, why,
				       sizeof why) != 0) {
			snprintf(err, size, "not a row of JSON: %s", why);
			sweep_fields_free(&f);
			return NULL;
		}
		if (f.n != t->n_columns) {
			snprintf(err, size,
				 "%zu members where this sweep has %zu "
				 "columns",
				 f.n, t->n_columns);
			sweep_fields_free(&f);
			return NULL;
		}
		for (i = 0; i < f.n; i++)
			if (strcmp(f.names[i], t->columns[i]) != 0) {
				snprintf(err, size,
					 "member %zu is \"%s\" where this "
					 "sweep has \"%s\"",
					 i + 1, f.names[i], t->columns[i]);
				sweep_fields_free(&f);
				return NULL;
			}
		for (i = 0; i < t->n_varies; i++)
			if (!f.is_string[i]) {
				snprintf(err, size, "\"%s\" is not a string",
					 f.names[i]);
				sweep_fields_free(&f);
				return NULL;
			}
		fields = f.values;
		n = f.n;
		f.values = NULL;
		for (i = 0; i < f.n; i++)
			free(f.names[i]);
		free(f.names);
		free(f.is_string);
	} else if (sweep_csv_split(line, &fields, &n) != 0 ||
		   n != t->n_columns) {
		snprintf(err, size,
			 "%zu fields where this sweep has %zu columns", n,
			 t->n_columns);
		goto out;
	}
	if (sweep_seed_number(fields[t->n_varies], strlen(fields[t->n_varies]),
			      &seed) != 0) {
		snprintf(err, size, "the seed '%s' is not a number",
			 fields[t->n_varies]);
		goto out;
	}
	values = (const char **)fields;
	key = sweep_run_key(values, t->n_varies, seed);
out:
	for (i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
	return key;
}

char *
sweep_shell_quote(const char *text)
{
	struct sweep_buf b = {NULL, 0, 0};
	const char *p;

	sweep_buf_str(&b, "'");
	for (p = text; *p != '\0'; p++) {
		if (*p == '\'')
			sweep_buf_str(&b, "'\\''");
		else
			sweep_buf_add(&b, p, 1);
	}
	sweep_buf_str(&b, "'");
	return sweep_buf_take(&b);
}
