/* SPDX-License-Identifier: ISC */
/*
 * units.c: values with units, parsed exactly (see units.h).
 *
 * A number is read as its decimal digits (struct decimal) and multiplied
 * by the unit's factor in integer arithmetic, so that "1.5s" is exactly
 * 1500000000 ns whatever the platform's floating point does, and so that
 * the result never depends on the locale (strtod would read "1,5" in a
 * German one once the terminal UI calls setlocale()).
 */
#include "scenario/units.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/escape.h"

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* SCENARIO_UNLIMITED (UINT64_MAX) is taken: a parsed rate or size stays below.
 */
#define MEASURE_LIMIT (UINT64_MAX - 1)

/*
 * Room for a piece of the input quoted in a message, escaped
 * (util/escape.h: a control character in a value must not reach the
 * terminal raw); longer input is cut with "...".
 */
#define QUOTE_SIZE 512

/* Words longer than this get no "did you mean": they are not typos. */
#define SUGGEST_MAX_LEN 64

/*
 * One unit word and how many base units (ns, bit/s, B) it stands for.
 * Some are another accepted spelling of a listed unit (tc's "mbit" for
 * Mbit/s, SI's "kB" for KB): it is accepted but neither listed in
 * messages nor suggested, so that messages show one spelling of each.
 */
struct unit {
	const char *name;
	uint64_t factor;
	bool other_spelling; /* accepted, not listed or suggested */
	bool any_case;	     /* matched ignoring ASCII case, as tc does */
};

/* A kind of value with units, as its messages describe it. */
struct unit_kind {
	const char *what;	  /* "a time" */
	const struct unit *units; /* the words it takes, exactly as written */
	size_t n_units;		  /* entries in units */
	const char *example;	  /* a valid value, shown in messages */
	uint64_t limit;		  /* largest value that can be stored */
};

/* A listed unit, another spelling of one, one of tc's spellings. */
/* clang-format off */
#define UNIT(name, factor)        {name, factor, false, false}
#define SPELLING(name, factor)    {name, factor, true, false}
#define TC_SPELLING(name, factor) {name, factor, true, true}
/* clang-format on */

static const struct unit time_units[] = {
	UNIT("ns", 1),
	UNIT("us", 1000),
	UNIT("ms", 1000000),
	UNIT("s", 1000000000),
	UNIT("min", UINT64_C(60000000000)),
	UNIT("h", UINT64_C(3600000000000)),
};

/* Network people write both bit/s and bps; both are SI (1000). */
static const struct unit rate_units[] = {
	UNIT("bit/s", 1),
	UNIT("kbit/s", 1000),
	UNIT("Mbit/s", 1000000),
	UNIT("Gbit/s", 1000000000),
	UNIT("bps", 1),
	UNIT("kbps", 1000),
	UNIT("Mbps", 1000000),
	UNIT("Gbps", 1000000000),
	UNIT("B/s", 8),
	UNIT("KB/s", 8 * UINT64_C(1000)),
	UNIT("MB/s", 8 * UINT64_C(1000000)),
	UNIT("GB/s", 8 * UINT64_C(1000000000)),
	UNIT("KiB/s", 8 * (UINT64_C(1) << 10)),
	UNIT("MiB/s", 8 * (UINT64_C(1) << 20)),
	UNIT("GiB/s", 8 * (UINT64_C(1) << 30)),
	/*
	 * tc(8)'s spellings of bit rates, in any case as tc takes them
	 * ("mbit", "Mbit", "MBIT").  tc's own "bps" means bytes per second;
	 * ours, from the scenario format, means bits: only the bit spellings
	 * are taken from tc, so no word means bytes here and bits there.
	 */
	TC_SPELLING("bit", 1),
	TC_SPELLING("kbit", 1000),
	TC_SPELLING("mbit", 1000000),
	TC_SPELLING("gbit", 1000000000),
};

/* "kB" is the SI symbol (k for kilo), "KB" the customary one: both 1000. */
#define SIZE_UNITS                                                             \
	UNIT("B", 1), UNIT("KB", 1000), UNIT("MB", 1000000),                   \
		UNIT("GB", 1000000000), UNIT("KiB", UINT64_C(1) << 10),        \
		UNIT("MiB", UINT64_C(1) << 20),                                \
		UNIT("GiB", UINT64_C(1) << 30), SPELLING("kB", 1000)

static const struct unit size_units[] = {SIZE_UNITS};

/* A queue is measured in bytes or in packets; packets count one each. */
static const struct unit queue_units[] = {
	SIZE_UNITS,
	UNIT("packets", 1),
	UNIT("pkt", 1),
};

#define N_OF(array) (sizeof(array) / sizeof((array)[0]))

static const struct unit_kind time_kind = {
	"a time", time_units, N_OF(time_units), "20ms", INT64_MAX,
};
static const struct unit_kind rate_kind = {
	"a rate", rate_units, N_OF(rate_units), "10Mbit/s", MEASURE_LIMIT,
};
static const struct unit_kind size_kind = {
	"a size", size_units, N_OF(size_units), "64KiB", MEASURE_LIMIT,
};
static const struct unit_kind queue_kind = {
	"a queue limit", queue_units,	N_OF(queue_units),
	"100 packets",	 MEASURE_LIMIT,
};

/*
 * Spellings people reach for that are not ours.  They are only suggested,
 * never accepted: a scenario should read the same to everybody.
 */
static const struct {
	const char *written;
	const char *meant;
} unit_aliases[] = {
	{"sec", "s"},	   {"secs", "s"},      {"second", "s"},
	{"seconds", "s"},  {"msec", "ms"},     {"msecs", "ms"},
	{"usec", "us"},	   {"usecs", "us"},    {"\xc2\xb5s", "us"},
	{"nsec", "ns"},	   {"nsecs", "ns"},    {"mins", "min"},
	{"minute", "min"}, {"minutes", "min"}, {"byte", "B"},
	{"hr", "h"},	   {"hrs", "h"},       {"hour", "h"},
	{"hours", "h"},	   {"bytes", "B"},     {"packet", "packets"},
	{"pkts", "pkt"},
};

/* A decimal number as written: "12.50" is whole 12, fraction "50". */
struct decimal {
	uint64_t whole;	      /* digits before the point */
	const char *fraction; /* digits after the point, not NUL-terminated */
	size_t fraction_len;  /* how many */
};

PRINTF_LIKE(3, 4)
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Our own tests: <ctype.h> answers depend on the locale. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static const char *
skip_blanks(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

/*
 * Length of s without trailing blanks, as an int for quote().  Values come
 * from lines of at most INI_LINE_MAX bytes; a longer one (from --set) is
 * only cut short in messages and can match no unit or word anyway.
 */
static int
trimmed_len(const char *s)
{
	size_t len = strlen(s);

	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return len > 4096 ? 4096 : (int)len;
}

/* s[0..len) escaped for a message, in buf (QUOTE_SIZE bytes). */
static const char *
quote(char *buf, const char *s, int len)
{
	return escape_text_n(buf, QUOTE_SIZE, s, len > 0 ? (size_t)len : 0);
}

/*
 * Read digits[.digits] at s (".5" and "5." are numbers too).  Returns the
 * first character after the number, or NULL if there is no digit.
 * *too_large tells that the whole part does not fit in 64 bits.
 */
static const char *
decimal_parse(const char *s, struct decimal *d, bool *too_large)
{
	const char *p = s;
	bool any_digit = false;

	d->whole = 0;
	d->fraction = "";
	d->fraction_len = 0;
	*too_large = false;
	for (; is_digit(*p); p++) {
		unsigned digit = (unsigned)(*p - '0');

		any_digit = true;
		if (d->whole > (UINT64_MAX - digit) / 10)
			*too_large = true;
		else
			d->whole = d->whole * 10 + digit;
	}
	if (*p == '.' && (any_digit || is_digit(p[1]))) {
		d->fraction = ++p;
		while (is_digit(*p))
			p++;
		d->fraction_len = (size_t)(p - d->fraction);
		any_digit = true;
	}
	return any_digit ? p : NULL;
}

static bool
decimal_is_zero(const struct decimal *d)
{
	size_t i;

	if (d->whole != 0)
		return false;
	for (i = 0; i < d->fraction_len; i++)
		if (d->fraction[i] != '0')
			return false;
	return true;
}

static bool
decimal_has_fraction(const struct decimal *d)
{
	struct decimal fraction_only = *d;

	fraction_only.whole = 0;
	return !decimal_is_zero(&fraction_only);
}

/*
 * d * factor, rounded to the nearest whole base unit (halves up); -1 when
 * above limit.  *rounded tells which way: +1 when the result is above the
 * exact product, -1 below, 0 when it is exact.
 *
 * The fraction 0.f1 f2 ... fk times factor is computed from the last digit
 * back, v = (fi * factor + v) / 10, keeping only the integer quotient: the
 * dropped fractions are each below 1 and cannot carry into the quotient,
 * and the last remainder alone says whether the rest is at least a half.
 * Any remainder along the way says the rest is not zero.  So any number
 * of decimals is exact with 64-bit integers, as long as 10 * factor fits,
 * which it does for every unit here.
 */
static int
decimal_scale(const struct decimal *d, uint64_t factor, uint64_t limit,
	      uint64_t *out, int *rounded)
{
	uint64_t quotient = 0;
	uint64_t remainder = 0;
	bool inexact = false;
	uint64_t whole_part;
	uint64_t fraction_part;
	size_t i;

	for (i = d->fraction_len; i-- > 0;) {
		uint64_t n =
			(uint64_t)(d->fraction[i] - '0') * factor + quotient;

		quotient = n / 10;
		remainder = n % 10;
		inexact = inexact || remainder != 0;
	}
	fraction_part = quotient + (remainder >= 5);
	*rounded = remainder >= 5 ? 1 : inexact ? -1 : 0;
	if (d->whole > limit / factor)
		return -1;
	whole_part = d->whole * factor;
	if (fraction_part > limit - whole_part)
		return -1;
	*out = whole_part + fraction_part;
	return 0;
}

/* The value of d as a double, for probabilities only. */
static double
decimal_to_double(const struct decimal *d)
{
	uint64_t digits = 0;
	double scale = 1;
	size_t i;

	/* 18 digits are more than a double holds anyway. */
	for (i = 0; i < d->fraction_len && i < 18; i++) {
		digits = digits * 10 + (uint64_t)(d->fraction[i] - '0');
		scale *= 10;
	}
	return (double)d->whole + (double)digits / scale;
}

/* "ns, us, ms, s, min or h": the listed units, other spellings left out. */
static void
unit_list(const struct unit_kind *kind, char *buf, size_t size)
{
	size_t i, n_listed = 0, shown = 0;
	size_t used = 0;

	for (i = 0; i < kind->n_units; i++)
		n_listed += !kind->units[i].other_spelling;
	buf[0] = '\0';
	for (i = 0; i < kind->n_units && used < size; i++) {
		const char *sep;
		int n;

		if (kind->units[i].other_spelling)
			continue;
		sep = shown == 0 ? "" : shown + 1 == n_listed ? " or " : ", ";
		n = snprintf(buf + used, size - used, "%s%s", sep,
			     kind->units[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
		shown++;
	}
}

/* ASCII lower case; <ctype.h> would follow the locale. */
static char
fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
same_ignoring_case(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

static const struct unit *
unit_find(const struct unit_kind *kind, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < kind->n_units; i++) {
		const struct unit *u = &kind->units[i];

		if (strlen(u->name) != len)
			continue;
		if (memcmp(u->name, name, len) == 0 ||
		    (u->any_case && same_ignoring_case(u->name, name, len)))
			return u;
	}
	return NULL;
}

static const char *
unit_find_ignoring_case(const struct unit_kind *kind, const char *name)
{
	size_t i;

	for (i = 0; i < kind->n_units; i++)
		if (!kind->units[i].other_spelling &&
		    strcasecmp(kind->units[i].name, name) == 0)
			return kind->units[i].name;
	return NULL;
}

/*
 * "Mb/s" and "MBps" are common; the right reading of each differs by a
 * factor of 8 from what plain case folding would suggest ("MB/s", "Mbps"),
 * so they get their own rule: a lower-case b is bits, an upper-case B bytes.
 */
static const char *
rate_suffix_suggest(const struct unit_kind *kind, const char *unit)
{
	char rewritten[SUGGEST_MAX_LEN + 8];
	size_t len = strlen(unit);

	if (kind != &rate_kind || len < 3 || len > SUGGEST_MAX_LEN)
		return NULL;
	if (strcmp(unit + len - 3, "b/s") == 0)
		snprintf(rewritten, sizeof rewritten, "%.*sbit/s",
			 (int)(len - 3), unit);
	else if (strcmp(unit + len - 3, "Bps") == 0)
		snprintf(rewritten, sizeof rewritten, "%.*sB/s", (int)(len - 3),
			 unit);
	else
		return NULL;
	return unit_find_ignoring_case(kind, rewritten);
}

/* The unit the writer of `unit` probably meant, or NULL. */
static const char *
unit_suggest(const struct unit_kind *kind, const char *unit)
{
	const char *names[N_OF(rate_units)];
	const char *meant;
	size_t i, n_names = 0;

	meant = rate_suffix_suggest(kind, unit);
	if (meant != NULL)
		return meant;
	for (i = 0; i < N_OF(unit_aliases); i++)
		if (strcasecmp(unit, unit_aliases[i].written) == 0 &&
		    unit_find(kind, unit_aliases[i].meant,
			      strlen(unit_aliases[i].meant)) != NULL)
			return unit_aliases[i].meant;
	for (i = 0; i < kind->n_units; i++)
		if (!kind->units[i].other_spelling)
			names[n_names++] = kind->units[i].name;
	return units_suggest(unit, names, n_names);
}

static int
unit_unknown(const struct unit_kind *kind, const char *unit, size_t len,
	     char *err, size_t errlen)
{
	char written[SUGGEST_MAX_LEN + 1];
	char list[160];
	const char *meant = NULL;
	char q[QUOTE_SIZE];

	unit_list(kind, list, sizeof list);
	if (len <= SUGGEST_MAX_LEN) {
		memcpy(written, unit, len);
		written[len] = '\0';
		meant = unit_suggest(kind, written);
	}
	if (meant != NULL)
		return fail(err, errlen,
			    "unknown unit '%s'; did you mean '%s'?",
			    quote(q, unit, (int)len), meant);
	return fail(err, errlen, "unknown unit '%s'; %s takes %s",
		    quote(q, unit, (int)len), kind->what, list);
}

/*
 * Read a number and a unit of `kind`.  *used is the unit, or NULL for a
 * bare 0 (which needs none).
 */
static int
measure_parse(const char *text, const struct unit_kind *kind, uint64_t *out,
	      const struct unit **used, int *rounded, char *err, size_t errlen)
{
	const char *start = skip_blanks(text);
	const char *end;
	const char *unit;
	struct decimal d;
	bool too_large;
	char list[160];
	char q[QUOTE_SIZE];
	int len;

	if (*start == '\0')
		return fail(err, errlen, "missing value; %s looks like %s",
			    kind->what, kind->example);
	if (*start == '-')
		return fail(err, errlen, "must not be negative");
	end = decimal_parse(start, &d, &too_large);
	if (end == NULL)
		return fail(err, errlen,
			    "'%s' is not %s; write a number and a unit, "
			    "such as %s",
			    quote(q, start, trimmed_len(start)), kind->what,
			    kind->example);
	if (too_large)
		return fail(err, errlen, "value too large");
	unit = skip_blanks(end);
	len = trimmed_len(unit);
	if (len == 0) {
		/* 0 is 0 in every unit; anything else would be a guess.
		 * (The list of units is written only for the message: a
		 * file of 100 000 values would spend its time on it.) */
		if (!decimal_is_zero(&d)) {
			unit_list(kind, list, sizeof list);
			return fail(err, errlen,
				    "'%s' has no unit, and units are never "
				    "guessed; %s takes %s (such as %s)",
				    quote(q, start, trimmed_len(start)),
				    kind->what, list, kind->example);
		}
		*out = 0;
		*used = NULL;
		*rounded = 0;
		return 0;
	}
	*used = unit_find(kind, unit, (size_t)len);
	if (*used == NULL)
		return unit_unknown(kind, unit, (size_t)len, err, errlen);
	if (decimal_scale(&d, (*used)->factor, kind->limit, out, rounded) < 0)
		return fail(err, errlen, "value too large");
	return 0;
}

int
units_parse_time_rounded(const char *text, int64_t *ns, int *rounded, char *err,
			 size_t errlen)
{
	const struct unit *used;
	uint64_t value;

	if (measure_parse(text, &time_kind, &value, &used, rounded, err,
			  errlen) < 0)
		return -1;
	*ns = (int64_t)value; /* time_kind.limit is INT64_MAX */
	return 0;
}

int
units_parse_time(const char *text, int64_t *ns, char *err, size_t errlen)
{
	int rounded;

	return units_parse_time_rounded(text, ns, &rounded, err, errlen);
}

/* "unlimited", exactly: 1; "Unlimited": a hint; anything else: 0. */
static int
unlimited_parse(const char *text, bool unlimited_ok, const char *what,
		const char *example, char *err, size_t errlen)
{
	const char *start = skip_blanks(text);
	int len = trimmed_len(start);
	bool exact = len == 9 && memcmp(start, "unlimited", 9) == 0;
	char q[QUOTE_SIZE];

	if (exact && !unlimited_ok)
		return fail(
			err, errlen,
			"'unlimited' is not allowed here; give %s such as %s",
			what, example);
	if (exact)
		return 1;
	if (len == 9 && strncasecmp(start, "unlimited", 9) == 0 && unlimited_ok)
		return fail(err, errlen,
			    "'%s' is not %s; did you mean "
			    "'unlimited'?",
			    quote(q, start, len), what);
	return 0;
}

static int
unlimited_measure_parse(const char *text, const struct unit_kind *kind,
			bool unlimited_ok, uint64_t *out, int *rounded,
			char *err, size_t errlen)
{
	const struct unit *used;
	int unlimited = unlimited_parse(text, unlimited_ok, kind->what,
					kind->example, err, errlen);

	*rounded = 0;
	if (unlimited < 0)
		return -1;
	if (unlimited > 0) {
		*out = UINT64_MAX;
		return 0;
	}
	return measure_parse(text, kind, out, &used, rounded, err, errlen);
}

int
units_parse_rate_rounded(const char *text, bool unlimited_ok, uint64_t *bps,
			 int *rounded, char *err, size_t errlen)
{
	return unlimited_measure_parse(text, &rate_kind, unlimited_ok, bps,
				       rounded, err, errlen);
}

int
units_parse_rate(const char *text, bool unlimited_ok, uint64_t *bps, char *err,
		 size_t errlen)
{
	int rounded;

	return units_parse_rate_rounded(text, unlimited_ok, bps, &rounded, err,
					errlen);
}

int
units_parse_size_rounded(const char *text, bool unlimited_ok, uint64_t *bytes,
			 int *rounded, char *err, size_t errlen)
{
	return unlimited_measure_parse(text, &size_kind, unlimited_ok, bytes,
				       rounded, err, errlen);
}

int
units_parse_size(const char *text, bool unlimited_ok, uint64_t *bytes,
		 char *err, size_t errlen)
{
	int rounded;

	return units_parse_size_rounded(text, unlimited_ok, bytes, &rounded,
					err, errlen);
}

int
units_parse_queue_rounded(const char *text, uint64_t *limit, bool *packets,
			  int *rounded, char *err, size_t errlen)
{
	const struct unit *used;
	struct decimal d;
	bool too_large;

	if (measure_parse(text, &queue_kind, limit, &used, rounded, err,
			  errlen) < 0)
		return -1;
	*packets = used != NULL && used->name[0] == 'p';
	/* Bytes may be rounded; a fraction of a packet is a mistake. */
	decimal_parse(skip_blanks(text), &d, &too_large);
	if (*packets && decimal_has_fraction(&d))
		return fail(err, errlen,
			    "a number of packets must be a whole number");
	return 0;
}

int
units_parse_queue(const char *text, uint64_t *limit, bool *packets, char *err,
		  size_t errlen)
{
	int rounded;

	return units_parse_queue_rounded(text, limit, packets, &rounded, err,
					 errlen);
}

int
units_parse_count(const char *text, uint64_t *count, char *err, size_t errlen)
{
	const char *start = skip_blanks(text);
	const char *end;
	struct decimal d;
	bool too_large;
	char q[QUOTE_SIZE];

	if (*start == '\0')
		return fail(err, errlen,
			    "missing value; a count looks like 10");
	if (*start == '-')
		return fail(err, errlen, "must not be negative");
	end = decimal_parse(start, &d, &too_large);
	if (end == NULL || trimmed_len(end) != 0)
		return fail(err, errlen,
			    "'%s' is not a count; write a whole number with "
			    "no unit, such as 10",
			    quote(q, start, trimmed_len(start)));
	if (decimal_has_fraction(&d))
		return fail(err, errlen, "must be a whole number");
	if (too_large)
		return fail(err, errlen, "value too large");
	*count = d.whole;
	return 0;
}

int
units_parse_probability(const char *text, double *p, char *err, size_t errlen)
{
	const char *start = skip_blanks(text);
	const char *end;
	struct decimal d;
	bool too_large;
	bool percent = false;
	uint64_t most;
	char q[QUOTE_SIZE];

	if (*start == '\0')
		return fail(
			err, errlen,
			"missing value; a probability looks like 0.01 or 1%%");
	if (*start == '-')
		return fail(err, errlen, "must not be negative");
	end = decimal_parse(start, &d, &too_large);
	if (end != NULL) {
		end = skip_blanks(end);
		percent = *end == '%';
		end = skip_blanks(end + percent);
	}
	if (end == NULL || *end != '\0')
		return fail(
			err, errlen,
			"'%s' is not a probability; write it as 0.01 or 1%%",
			quote(q, start, trimmed_len(start)));
	/* Compare the digits, not a rounded double: 1.0000001 is over. */
	most = percent ? 100 : 1;
	if (too_large || d.whole > most ||
	    (d.whole == most && decimal_has_fraction(&d)))
		return fail(err, errlen,
			    "must be between 0 and 1 (0%% and 100%%)");
	*p = decimal_to_double(&d);
	if (percent)
		*p /= 100;
	return 0;
}

/* A word from a NULL-terminated list; -1 if absent. */
static int
word_index(const char *start, int len, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if ((int)strlen(words[i]) == len &&
		    memcmp(words[i], start, (size_t)len) == 0)
			return i;
	return -1;
}

/* The nearest word of a NULL-terminated list, for a "did you mean". */
static const char *
word_suggest(const char *start, int len, const char *const *words)
{
	char written[SUGGEST_MAX_LEN + 1];
	size_t n = 0;

	if (len > SUGGEST_MAX_LEN)
		return NULL;
	memcpy(written, start, (size_t)len);
	written[len] = '\0';
	while (words[n] != NULL)
		n++;
	return units_suggest(written, words, n);
}

int
units_parse_switch(const char *text, bool *on, char *err, size_t errlen)
{
	/* Even positions are off, odd ones on; off first so "of" -> "off". */
	static const char *const words[] = {
		"off", "on", "no", "yes", "false", "true", NULL,
	};
	const char *start = skip_blanks(text);
	int len = trimmed_len(start);
	int i = word_index(start, len, words);
	const char *meant;
	char q[QUOTE_SIZE];

	if (i >= 0) {
		*on = i % 2 == 1;
		return 0;
	}
	if (len == 0)
		return fail(err, errlen,
			    "missing value; a switch is on or off");
	meant = word_suggest(start, len, words);
	if (meant != NULL)
		return fail(err, errlen,
			    "'%s' is not a switch; did you mean '%s'?",
			    quote(q, start, len), meant);
	return fail(err, errlen,
		    "'%s' is not a switch; use on or off (yes/no and "
		    "true/false work too)",
		    quote(q, start, len));
}

int
units_parse_choice(const char *text, const char *const *choices, int *index,
		   char *err, size_t errlen)
{
	const char *start = skip_blanks(text);
	int len = trimmed_len(start);
	int i = word_index(start, len, choices);
	const char *meant;
	char list[256];
	size_t used = 0;
	char q[QUOTE_SIZE];

	if (i >= 0) {
		*index = i;
		return 0;
	}
	list[0] = '\0';
	for (i = 0; choices[i] != NULL && used < sizeof list; i++) {
		int n = snprintf(list + used, sizeof list - used, "%s%s",
				 i == 0 ? "" : ", ", choices[i]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	meant = word_suggest(start, len, choices);
	if (meant != NULL)
		return fail(err, errlen,
			    "'%s' is not one of %s; did you mean '%s'?",
			    quote(q, start, len), list, meant);
	return fail(err, errlen, "'%s' is not one of %s", quote(q, start, len),
		    list);
}

/*
 * Optimal string alignment distance, ignoring case: insertions,
 * deletions, substitutions and swaps of two neighbours each cost one.
 * Both strings are at most SUGGEST_MAX_LEN bytes.
 */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t la = strlen(a);
	size_t lb = strlen(b);
	size_t i, j;

	for (j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *cur = rows[i % 3];
		size_t *prev = rows[(i - 1) % 3];
		size_t *prev2 = rows[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
			size_t best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
	}
	return rows[la % 3][lb];
}

const char *
units_suggest(const char *word, const char *const *candidates,
	      size_t n_candidates)
{
	size_t len = strlen(word);
	/* Short words tolerate one slip; longer ones a few. */
	size_t allowed = len < 5 ? 1 : len < 9 ? 2 : 3;
	const char *best = NULL;
	size_t best_distance = (size_t)-1;
	size_t i;

	if (len == 0 || len > SUGGEST_MAX_LEN)
		return NULL;
	for (i = 0; i < n_candidates; i++) {
		size_t clen = strlen(candidates[i]);
		size_t d;

		/* the distance is at least the difference in length: a
		 * candidate too long or too short cannot be the one (and
		 * thousands of flow names cost a comparison each) */
		if (clen > SUGGEST_MAX_LEN ||
		    (clen > len ? clen - len : len - clen) > allowed)
			continue;
		d = edit_distance(word, candidates[i]);
		/* "x" is one edit from "s", but that is no typo. */
		if (d <= allowed && d < len && d < clen && d < best_distance) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}
