/* SPDX-License-Identifier: ISC */
/*
 * scenario.c: the key table, and everything that goes through it: the
 * file reader, `--set`, the [timeline], defaults and the checks that
 * involve several keys (see scenario.h and the scenario format contract).
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
#include "scenario/units.h"
#include "util/escape.h"
#include "util/xmalloc.h"

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/*
 * Caps that keep the simulator far from overflow: it multiplies sizes by
 * 8 * 10^9 and adds times over a whole run.  Nobody teaches with more.
 */
#define TIME_CAP_NS (INT64_C(30) * 24 * 3600 * 1000000000)
#define SIZE_CAP    (UINT64_C(1) << 50)
#define RATE_CAP    (UINT64_C(1) << 50)

/* A message: key, value as written (a line is at most 4096 bytes) and why. */
#define MESSAGE_MAX 6144

/*
 * Room for a piece of the input quoted in a message, escaped
 * (util/escape.h): a key, a value, a path or a name may hold any byte,
 * and a control character must not reach the terminal raw.  Longer input
 * is cut with "...".
 */
#define QUOTE_SIZE 512

/* A scenario file larger than this is surely something else. */
#define FILE_MAX ((size_t)16 << 20)

/* How a key's value is written. */
enum value_kind {
	KIND_TIME,	  /* units_parse_time() */
	KIND_RATE,	  /* units_parse_rate() */
	KIND_SIZE,	  /* units_parse_size() */
	KIND_QUEUE,	  /* units_parse_queue() */
	KIND_COUNT,	  /* units_parse_count() */
	KIND_PROBABILITY, /* units_parse_probability() */
	KIND_SWITCH,	  /* units_parse_switch() */
	KIND_CHOICE,	  /* units_parse_choice() */
	KIND_SEGMENTS,	  /* "300, 305" or "none": drop_segments only */
};

/* Readable names for the two flags of the key table. */
enum { FINITE = 0, OR_UNLIMITED = 1 };
enum { FIXED = 0, MID_RUN = 1 };

/* One key of one section: everything the reader, --set and timeline need. */
struct key_info {
	const char *name;	    /* as written in files */
	enum setting_target target; /* its section */
	enum value_kind kind;	    /* how its value is written */
	const char *default_value;  /* as the contract writes it */
	uint64_t min, max;	    /* range in ns, bit/s, B or plain numbers */
	bool unlimited_ok;	    /* takes `unlimited` (beyond max) */
	bool mid_run;		    /* may change in the [timeline] */
	const char *range;	    /* the range in words, after "must be " */
	const char *const *choices; /* KIND_CHOICE: NULL-terminated words;
				     * KIND_SWITCH: extra words, or NULL */
	unsigned open;		    /* OPEN_*: which ends are strict */
};

/*
 * min and max are the smallest and largest values stored.  Where the range
 * says "more than 0" or "less than 500ms", the limit itself is one unit
 * beyond: OPEN_MIN says the documented limit is min - 1, excluded, and
 * OPEN_MAX that it is max + 1, excluded.  Both matter only for values
 * written with more decimals than a whole unit (range_check()).
 */
enum { OPEN_MIN = 1, OPEN_MAX = 2 };

/* In enum cc_kind and enum on_full order. */
static const char *const cc_names[] = {"none", "reno", "newreno", "cubic",
				       NULL};
static const char *const on_full_names[] = {"block", "drop", NULL};
/* The words nagle takes beyond on and off, from NAGLE_MINSHALL on. */
static const char *const nagle_extra_names[] = {"minshall", NULL};
/* hystart: on (HyStart++), off, or linux (HYSTART_LINUX = 2). */
static const char *const hystart_extra_names[] = {"linux", NULL};
/* In enum ack_policy, enum rto_clamp and enum window_probe order. */
static const char *const ack_policy_names[] = {"textbook", "linux", NULL};
static const char *const rto_clamp_names[] = {"rfc6298", "linux", NULL};
static const char *const window_probe_names[] = {"rfc9293", "linux", NULL};
static const char *const stack_names[] = {"textbook", "linux", NULL};
/* In enum cubic_variant order. */
static const char *const cubic_variant_names[] = {"rfc9438", "linux", NULL};
/* In enum queue_discipline and enum flow_app order. */
static const char *const discipline_names[] = {"droptail", "red", "codel",
					       "fq_codel", NULL};
static const char *const app_names[] = {"bulk", "ping", NULL};

#define SIM	   TARGET_SIMULATION
#define LINK	   TARGET_LINK
#define FLOW	   TARGET_FLOW
#define NO_RANGE   0, UINT64_MAX
#define SOME_TIME  0, TIME_CAP_NS, FINITE
#define SOME_BYTES 1, SIZE_CAP

/* Indexed by enum setting_key; defaults exactly as in the contract. */
static const struct key_info key_table[KEY_COUNT] = {
	/* name, section, kind, default, min, max, unlimited, mid-run, range */
	[KEY_DURATION] = {"duration", SIM, KIND_TIME, "10s", 1, TIME_CAP_NS,
			  FINITE, FIXED, "more than 0 and at most 30 days",
			  NULL, OPEN_MIN},
	[KEY_SEED] = {"seed", SIM, KIND_COUNT, "1", NO_RANGE, FINITE, FIXED,
		      "a whole number", NULL},
	[KEY_SAMPLE_INTERVAL] = {"sample_interval", SIM, KIND_TIME, "10ms", 1,
				 TIME_CAP_NS, FINITE, FIXED,
				 "more than 0 and at most 30 days", NULL,
				 OPEN_MIN},

	[KEY_LINK_RATE] = {"rate", LINK, KIND_RATE, "10Mbit/s", 1, RATE_CAP,
			   FINITE, MID_RUN,
			   "more than 0 and at most 2^50 bit/s", NULL,
			   OPEN_MIN},
	[KEY_LINK_DELAY] = {"delay", LINK, KIND_TIME, "20ms", SOME_TIME,
			    MID_RUN, "at most 30 days", NULL},
	[KEY_LINK_QUEUE] = {"queue", LINK, KIND_QUEUE, "100 packets", 1,
			    SIZE_CAP, FINITE, MID_RUN,
			    "at least 1 packet (or 1 B) and at most 2^50",
			    NULL},
	[KEY_LINK_LOSS] = {"loss", LINK, KIND_PROBABILITY, "0", NO_RANGE,
			   FINITE, MID_RUN, "between 0 and 1", NULL},
	[KEY_LINK_HEADER] = {"header", LINK, KIND_SIZE, "40B", 0, 1000, FINITE,
			     FIXED, "between 0 B and 1000 B", NULL},
	[KEY_LINK_REVERSE_RATE] = {"reverse_rate", LINK, KIND_RATE, "unlimited",
				   1, RATE_CAP, OR_UNLIMITED, MID_RUN,
				   "more than 0 and at most 2^50 bit/s, or "
				   "unlimited",
				   NULL, OPEN_MIN},

	[KEY_START] = {"start", FLOW, KIND_TIME, "0s", SOME_TIME, FIXED,
		       "at most 30 days", NULL},
	[KEY_MSS] = {"mss", FLOW, KIND_SIZE, "1460B", 1, 65495, FINITE, FIXED,
		     "between 1 B and 65495 B", NULL},
	[KEY_CC] = {"cc", FLOW, KIND_CHOICE, "newreno", NO_RANGE, FINITE, FIXED,
		    "one of the choices", cc_names},
	[KEY_INITIAL_WINDOW] = {"initial_window", FLOW, KIND_COUNT, "10", 1,
				10000, FINITE, FIXED,
				"between 1 and 10000 segments", NULL},
	[KEY_MIN_RTO] = {"min_rto", FLOW, KIND_TIME, "1s", SOME_TIME, MID_RUN,
			 "at most 30 days (0 means no lower bound)", NULL},
	[KEY_SEND_BUFFER] = {"send_buffer", FLOW, KIND_SIZE, "256KiB",
			     SOME_BYTES, FINITE, MID_RUN,
			     "between 1 B and 2^50 B", NULL},
	[KEY_WRITE_RATE] = {"write_rate", FLOW, KIND_RATE, "unlimited", 0,
			    RATE_CAP, OR_UNLIMITED, MID_RUN,
			    "at most 2^50 bit/s, or unlimited", NULL},
	[KEY_WRITE_TOTAL] = {"write_total", FLOW, KIND_SIZE, "unlimited",
			     SOME_BYTES, OR_UNLIMITED, MID_RUN,
			     "between 1 B and 2^50 B, or unlimited", NULL},
	[KEY_WRITE_SIZE] = {"write_size", FLOW, KIND_SIZE, "64KiB", SOME_BYTES,
			    FINITE, MID_RUN, "between 1 B and 2^50 B", NULL},
	[KEY_ON_FULL] = {"on_full", FLOW, KIND_CHOICE, "block", NO_RANGE,
			 FINITE, MID_RUN, "one of the choices", on_full_names},
	/* A switch with one more word: its `choices` are the extra words. */
	[KEY_NAGLE] = {"nagle", FLOW, KIND_SWITCH, "on", NO_RANGE, FINITE,
		       MID_RUN, "on, off or minshall", nagle_extra_names},
	[KEY_EXTRA_DELAY] = {"extra_delay", FLOW, KIND_TIME, "0ms", SOME_TIME,
			     FIXED, "at most 30 days", NULL},
	[KEY_ISN] = {"isn", FLOW, KIND_COUNT, "0", 0, UINT32_MAX, FINITE, FIXED,
		     "between 0 and 4294967295", NULL},
	[KEY_DROP_SEGMENTS] = {"drop_segments", FLOW, KIND_SEGMENTS, "none", 1,
			       UINT64_MAX, FINITE, FIXED,
			       "whole numbers from 1", NULL},

	[KEY_RECEIVE_BUFFER] = {"receive_buffer", FLOW, KIND_SIZE, "64KiB", 1,
				UINT64_C(1) << 30, FINITE, MID_RUN,
				"between 1 B and 1 GiB", NULL},
	[KEY_READ_RATE] = {"read_rate", FLOW, KIND_RATE, "unlimited", 0,
			   RATE_CAP, OR_UNLIMITED, MID_RUN,
			   "at most 2^50 bit/s, or unlimited", NULL},
	[KEY_READ_SIZE] = {"read_size", FLOW, KIND_SIZE, "64KiB", SOME_BYTES,
			   FINITE, MID_RUN, "between 1 B and 2^50 B", NULL},
	[KEY_READERS] = {"readers", FLOW, KIND_COUNT, "1", 1, 1000, FINITE,
			 MID_RUN, "between 1 and 1000", NULL},
	[KEY_DELAYED_ACK] = {"delayed_ack", FLOW, KIND_SWITCH, "on", NO_RANGE,
			     FINITE, MID_RUN, "on or off", NULL},
	/* RFC 9293 3.8.6.3: an ACK must not be delayed 0.5 s or more. */
	[KEY_ACK_DELAY] = {"ack_delay", FLOW, KIND_TIME, "40ms", 1,
			   INT64_C(500000000) - 1, FINITE, MID_RUN,
			   "more than 0 and less than 500ms", NULL,
			   OPEN_MIN | OPEN_MAX},
	[KEY_WINDOW_SCALE] = {"window_scale", FLOW, KIND_SWITCH, "on", NO_RANGE,
			      FINITE, FIXED, "on or off", NULL},
	[KEY_SWS_AVOIDANCE] = {"sws_avoidance", FLOW, KIND_SWITCH, "on",
			       NO_RANGE, FINITE, FIXED, "on or off", NULL},

	/* Linux variants; the defaults keep the textbook behaviour. */
	[KEY_ACK_POLICY] = {"ack_policy", FLOW, KIND_CHOICE, "textbook",
			    NO_RANGE, FINITE, FIXED, "one of the choices",
			    ack_policy_names},
	[KEY_RTO_CLAMP] = {"rto_clamp", FLOW, KIND_CHOICE, "rfc6298", NO_RANGE,
			   FINITE, FIXED, "one of the choices",
			   rto_clamp_names},
	[KEY_WINDOW_PROBE] = {"window_probe", FLOW, KIND_CHOICE, "rfc9293",
			      NO_RANGE, FINITE, FIXED, "one of the choices",
			      window_probe_names},
	/* loss detection and recovery */
	[KEY_SACK] = {"sack", FLOW, KIND_SWITCH, "off", NO_RANGE, FINITE, FIXED,
		      "on or off", NULL},
	[KEY_LIMITED_TRANSMIT] = {"limited_transmit", FLOW, KIND_SWITCH, "off",
				  NO_RANGE, FINITE, FIXED, "on or off", NULL},
	[KEY_STACK] = {"stack", FLOW, KIND_CHOICE, "linux", NO_RANGE, FINITE,
		       FIXED, "one of the choices", stack_names},
	[KEY_CAREFUL_TIMEOUT] = {"careful_timeout", FLOW, KIND_SWITCH, "off",
				 NO_RANGE, FINITE, FIXED, "on or off", NULL},
	/* congestion control growth and idle */
	[KEY_BYTE_COUNTING] = {"byte_counting", FLOW, KIND_SWITCH, "off",
			       NO_RANGE, FINITE, FIXED, "on or off", NULL},
	[KEY_HYSTART] = {"hystart", FLOW, KIND_SWITCH, "off", NO_RANGE, FINITE,
			 FIXED, "on, off or linux", hystart_extra_names},
	[KEY_RESTART_AFTER_IDLE] = {"restart_after_idle", FLOW, KIND_SWITCH,
				    "off", NO_RANGE, FINITE, FIXED, "on or off",
				    NULL},
	[KEY_CUBIC_VARIANT] = {"cubic_variant", FLOW, KIND_CHOICE, "rfc9438",
			       NO_RANGE, FINITE, FIXED, "one of the choices",
			       cubic_variant_names},
	[KEY_TIMESTAMPS] = {"timestamps", FLOW, KIND_SWITCH, "off", NO_RANGE,
			    FINITE, FIXED, "on or off", NULL},

	/* [link] queue disciplines (net/aqm.h); each reads its own keys
	 * and ignores the others' (scenario_validate() warns). */
	[KEY_LINK_QUEUE_DISCIPLINE] = {"queue_discipline", LINK, KIND_CHOICE,
				       "droptail", NO_RANGE, FINITE, FIXED,
				       "one of the choices", discipline_names},
	/* RED: Floyd & Jacobson 1993; the defaults are ns-2's of 1997
	 * (max_th = 3 min_th, max_p = 0.1, w_q = 0.002, gentle). */
	[KEY_LINK_RED_MIN_TH] = {"min_th", LINK, KIND_QUEUE, "5 packets", 1,
				 SIZE_CAP, FINITE, FIXED,
				 "at least 1 packet (or 1 B) and at most 2^50",
				 NULL},
	[KEY_LINK_RED_MAX_TH] = {"max_th", LINK, KIND_QUEUE, "15 packets", 1,
				 SIZE_CAP, FINITE, FIXED,
				 "at least 1 packet (or 1 B) and at most 2^50",
				 NULL},
	[KEY_LINK_RED_MAX_P] = {"max_p", LINK, KIND_PROBABILITY, "0.1",
				NO_RANGE, FINITE, FIXED, "between 0 and 1",
				NULL},
	[KEY_LINK_RED_W_Q] = {"w_q", LINK, KIND_PROBABILITY, "0.002", NO_RANGE,
			      FINITE, FIXED, "more than 0 and at most 1", NULL},
	[KEY_LINK_RED_GENTLE] = {"gentle", LINK, KIND_SWITCH, "on", NO_RANGE,
				 FINITE, FIXED, "on or off", NULL},
	/* CoDel (RFC 8289 4.3, 4.4), also per queue of fq_codel. */
	[KEY_LINK_CODEL_TARGET] = {"target", LINK, KIND_TIME, "5ms", 1,
				   TIME_CAP_NS, FINITE, FIXED,
				   "more than 0 and at most 30 days", NULL,
				   OPEN_MIN},
	[KEY_LINK_CODEL_INTERVAL] = {"interval", LINK, KIND_TIME, "100ms", 1,
				     TIME_CAP_NS, FINITE, FIXED,
				     "more than 0 and at most 30 days", NULL,
				     OPEN_MIN},
	/* FQ-CoDel's DRR quantum (RFC 8290 4.1: the MTU, 1514 B in Linux). */
	[KEY_LINK_FQ_QUANTUM] = {"quantum", LINK, KIND_SIZE, "1514B", 1,
				 UINT64_C(1) << 20, FINITE, FIXED,
				 "between 1 B and 1 MiB", NULL},
	/* RFC 3168: the AQM marks CE on ECN-capable packets instead of
	 * dropping them. */
	[KEY_LINK_ECN] = {"ecn_marking", LINK, KIND_SWITCH, "off", NO_RANGE,
			  FINITE, FIXED, "on or off", NULL},
	/* [flow] ECN and the latency probe */
	[KEY_ECN] = {"ecn", FLOW, KIND_SWITCH, "off", NO_RANGE, FINITE, FIXED,
		     "on or off", NULL},
	[KEY_APP] = {"app", FLOW, KIND_CHOICE, "bulk", NO_RANGE, FINITE, FIXED,
		     "one of the choices", app_names},
	[KEY_PING_INTERVAL] = {"ping_interval", FLOW, KIND_TIME, "100ms",
			       1000000, TIME_CAP_NS, FINITE, FIXED,
			       "at least 1ms and at most 30 days", NULL},
	[KEY_PING_SIZE] = {"ping_size", FLOW, KIND_SIZE, "64B", 1, 65535,
			   FINITE, FIXED, "between 1 B and 65535 B", NULL},
};

#undef SIM
#undef LINK
#undef FLOW

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

PRINTF_LIKE(3, 4)
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* s escaped for a message, in buf (QUOTE_SIZE bytes). */
static const char *
quote(char *buf, const char *s)
{
	return escape_text(buf, QUOTE_SIZE, s);
}

/* The name messages show, escaped, in new memory: free it. */
static char *
display_name(const struct scenario *sc)
{
	return escape_dup(sc->name != NULL ? sc->name : "<defaults>");
}

/* "30s", "20ms", "1500us", "7ns": the largest unit that is exact. */
static void
time_text(int64_t ns, char *buf, size_t size)
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

static const struct key_info *
key_info(enum setting_key key)
{
	assert(key >= 0 && key < KEY_COUNT && key_table[key].name != NULL);
	return &key_table[key];
}

/* The key called `name` in `target`'s section, or KEY_COUNT. */
static enum setting_key
key_find(enum setting_target target, const char *name)
{
	int k;

	for (k = 0; k < KEY_COUNT; k++)
		if (key_table[k].target == target &&
		    strcmp(key_table[k].name, name) == 0)
			return (enum setting_key)k;
	return KEY_COUNT;
}

/* Key names are unique across sections, so this finds at most one. */
static enum setting_key
key_find_anywhere(const char *name)
{
	int k;

	for (k = 0; k < KEY_COUNT; k++)
		if (strcmp(key_table[k].name, name) == 0)
			return (enum setting_key)k;
	return KEY_COUNT;
}

static const char *
target_section(enum setting_target target)
{
	switch (target) {
	case TARGET_SIMULATION:
		return "[simulation]";
	case TARGET_LINK:
		return "[link]";
	case TARGET_FLOW:
		return "[flow NAME]";
	}
	assert(!"no such target");
	return "";
}

/* FNV-1a: a flow name's hash, for the table of names. */
static uint64_t
flow_name_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *name != '\0'; name++) {
		h ^= (unsigned char)*name;
		h *= 0x100000001b3u;
	}
	return h;
}

/* Put flows[i] in the table of names (its name is not there yet). */
static void
flow_slots_put(struct scenario *sc, size_t i)
{
	size_t mask = sc->flow_slots_cap - 1;
	size_t k = (size_t)flow_name_hash(sc->flows[i].name) & mask;

	while (sc->flow_slots[k] != 0)
		k = (k + 1) & mask;
	sc->flow_slots[k] = (uint32_t)(i + 1);
}

/* The flows added since the table was last brought up to date go in it;
 * it doubles when more than half full. */
static void
flow_slots_update(struct scenario *sc)
{
	if (sc->flow_slots_n > sc->n_flows) { /* cannot happen: rebuild */
		free(sc->flow_slots);
		sc->flow_slots = NULL;
		sc->flow_slots_cap = sc->flow_slots_n = 0;
	}
	if (2 * sc->n_flows >= sc->flow_slots_cap) {
		size_t cap = sc->flow_slots_cap ? sc->flow_slots_cap : 64;

		while (2 * sc->n_flows >= cap)
			cap *= 2;
		free(sc->flow_slots);
		sc->flow_slots = xcalloc(cap, sizeof *sc->flow_slots);
		sc->flow_slots_cap = cap;
		sc->flow_slots_n = 0;
	}
	for (; sc->flow_slots_n < sc->n_flows; sc->flow_slots_n++)
		flow_slots_put(sc, sc->flow_slots_n);
}

/* The index of the flow called `name`, or sc->n_flows. */
static size_t
flow_find(const struct scenario *sc, const char *name)
{
	size_t i;

	if (sc->flow_slots_cap > 0 && sc->flow_slots_n == sc->n_flows) {
		size_t mask = sc->flow_slots_cap - 1;
		size_t k = (size_t)flow_name_hash(name) & mask;

		for (; sc->flow_slots[k] != 0; k = (k + 1) & mask) {
			i = sc->flow_slots[k] - 1;
			if (strcmp(sc->flows[i].name, name) == 0)
				return i;
		}
		return sc->n_flows;
	}
	for (i = 0; i < sc->n_flows; i++)
		if (strcmp(sc->flows[i].name, name) == 0)
			break;
	return i;
}

/* Where key_line lives for a key. */
static int *
key_line_slot(struct scenario *sc, enum setting_target target, size_t flow,
	      enum setting_key key)
{
	if (target == TARGET_FLOW)
		return &sc->flows[flow].key_line[key];
	return &sc->key_line[key];
}

/*
 * Keep the text a key's value was given as ("1500ms"), so that writing
 * the scenario back keeps the file's units; a text too long is not kept.
 */
static void
key_text_store(struct scenario *sc, enum setting_target target, size_t flow,
	       enum setting_key key, const char *value)
{
	char *slot = target == TARGET_FLOW ? sc->flows[flow].key_text[key]
					   : sc->key_text[key];

	if (strlen(value) < SCENARIO_VALUE_TEXT)
		strcpy(slot, value);
	else
		slot[0] = '\0';
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

/*
 * Is the value as written within the key's range?  *value is what will be
 * stored: the written value rounded to a whole unit, `rounded` the way it
 * went (units.h).  A limit judges the value as written, never its rounded
 * form: 499.9999999999ms is less than 500ms though it rounds to 500ms,
 * and is then stored as the largest value under the limit, 499999999 ns;
 * 0.6B is not "at least 1 B" though it rounds to 1 B.
 */
static int
range_check(const struct key_info *ki, uint64_t *value, int rounded, char *err,
	    size_t errlen)
{
	uint64_t v = *value;
	bool inside = v >= ki->min && v <= ki->max;

	if (inside && rounded > 0 && v == ki->min && !(ki->open & OPEN_MIN))
		inside = false; /* written below an included minimum */
	else if (inside && rounded < 0 && v == ki->max &&
		 !(ki->open & OPEN_MAX))
		inside = false; /* written above an included maximum */
	else if (!inside && rounded > 0 && v > 0 && v - 1 == ki->max &&
		 (ki->open & OPEN_MAX)) {
		inside = true; /* just under an excluded limit: rounded up */
		*value = ki->max;
	} else if (!inside && rounded < 0 && v + 1 == ki->min &&
		   (ki->open & OPEN_MIN)) {
		inside = true; /* just over an excluded limit: rounded down */
		*value = ki->min;
	}
	if (inside)
		return 0;
	return fail(err, errlen, "must be %s", ki->range);
}

/* A rate or size: `unlimited` is beyond every range. */
static int
measure_check(const struct key_info *ki, uint64_t *value, int rounded,
	      char *err, size_t errlen)
{
	if (*value == SCENARIO_UNLIMITED && ki->unlimited_ok)
		return 0;
	return range_check(ki, value, rounded, err, errlen);
}

/*
 * A switch: v->on, and v->choice 0 (off) or 1 (on).  A switch with more
 * words (nagle = minshall) takes those too: v->on is then true and
 * v->choice 2 for the first extra word, 3 for the next.
 */
static int
switch_parse(const struct key_info *ki, const char *text,
	     struct setting_value *v, char *err, size_t errlen)
{
	size_t used;
	int extra;

	if (units_parse_switch(text, &v->on, err, errlen) == 0) {
		v->choice = v->on ? 1 : 0;
		return 0;
	}
	if (ki->choices == NULL)
		return -1;
	if (units_parse_choice(text, ki->choices, &extra, NULL, 0) == 0) {
		v->on = true;
		v->choice = 2 + extra;
		return 0;
	}
	used = strlen(err);
	for (extra = 0; ki->choices[extra] != NULL && used < errlen; extra++) {
		int n = snprintf(err + used, errlen - used, "; or %s",
				 ki->choices[extra]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return -1;
}

/* Parse `text` as the value of `ki` and check its range. */
static int
value_parse(const struct key_info *ki, const char *text,
	    struct setting_value *v, char *err, size_t errlen)
{
	uint64_t ns;
	int rounded;
	int rc;

	memset(v, 0, sizeof *v);
	switch (ki->kind) {
	case KIND_TIME:
		if (units_parse_time_rounded(text, &v->time_ns, &rounded, err,
					     errlen) < 0)
			return -1;
		ns = (uint64_t)v->time_ns;
		rc = range_check(ki, &ns, rounded, err, errlen);
		v->time_ns = (int64_t)ns; /* range_check() keeps it in range */
		return rc;
	case KIND_RATE:
		if (units_parse_rate_rounded(text, ki->unlimited_ok, &v->u,
					     &rounded, err, errlen) < 0)
			return -1;
		return measure_check(ki, &v->u, rounded, err, errlen);
	case KIND_SIZE:
		if (units_parse_size_rounded(text, ki->unlimited_ok, &v->u,
					     &rounded, err, errlen) < 0)
			return -1;
		return measure_check(ki, &v->u, rounded, err, errlen);
	case KIND_QUEUE:
		if (units_parse_queue_rounded(text, &v->u, &v->packets,
					      &rounded, err, errlen) < 0)
			return -1;
		return range_check(ki, &v->u, rounded, err, errlen);
	case KIND_COUNT:
		if (units_parse_count(text, &v->u, err, errlen) < 0)
			return -1;
		return range_check(ki, &v->u, 0, err, errlen);
	case KIND_PROBABILITY:
		return units_parse_probability(text, &v->prob, err, errlen);
	case KIND_SWITCH:
		return switch_parse(ki, text, v, err, errlen);
	case KIND_CHOICE:
		return units_parse_choice(text, ki->choices, &v->choice, err,
					  errlen);
	case KIND_SEGMENTS:
		break;
	}
	assert(!"drop_segments has no struct setting_value member");
	return -1;
}

static int
compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a;
	uint64_t y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Sort and drop repeats; returns the new count. */
static size_t
sort_unique(uint64_t *numbers, size_t n)
{
	size_t i, kept = 0;

	qsort(numbers, n, sizeof *numbers, compare_u64);
	for (i = 0; i < n; i++)
		if (kept == 0 || numbers[kept - 1] != numbers[i])
			numbers[kept++] = numbers[i];
	return kept;
}

/* One whole number >= 1 of a drop_segments list. */
static int
segment_parse(char *item, uint64_t *number, char *err, size_t errlen)
{
	item = ini_trim(item);
	if (*item == '\0')
		return fail(err, errlen,
			    "empty entry in the list (two commas?)");
	if (units_parse_count(item, number, err, errlen) < 0)
		return -1;
	if (*number == 0)
		return fail(err, errlen,
			    "segments are numbered from 1 (the "
			    "first data segment)");
	return 0;
}

/* "300, 305, 310" or "none": a new sorted list without repeats. */
static int
segments_parse(const char *text, uint64_t **numbers, size_t *n, char *err,
	       size_t errlen)
{
	char *copy = xstrdup(text);
	char *item = ini_trim(copy);
	char *comma;
	int rc = 0;

	*numbers = NULL;
	*n = 0;
	if (strcmp(item, "none") == 0)
		goto out;
	if (*item == '\0') {
		rc = fail(err, errlen,
			  "missing value; list segment numbers "
			  "such as 300, 305, 310, or write none");
		goto out;
	}
	for (;;) {
		comma = strchr(item, ',');
		if (comma != NULL)
			*comma = '\0';
		*numbers = xreallocarray(*numbers, *n + 1, sizeof **numbers);
		rc = segment_parse(item, &(*numbers)[*n], err, errlen);
		if (rc < 0 || comma == NULL)
			break;
		++*n;
		item = comma + 1;
	}
	if (rc == 0)
		*n = sort_unique(*numbers, *n + 1);
out:
	if (rc < 0) {
		free(*numbers);
		*numbers = NULL;
		*n = 0;
	}
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Storing values                                                      */
/* ------------------------------------------------------------------ */

static void
simulation_apply(struct simulation_config *sim, enum setting_key key,
		 const struct setting_value *v)
{
	switch (key) {
	case KEY_DURATION:
		sim->duration_ns = v->time_ns;
		break;
	case KEY_SEED:
		sim->seed = v->u;
		break;
	case KEY_SAMPLE_INTERVAL:
		sim->sample_interval_ns = v->time_ns;
		break;
	default:
		assert(!"not a [simulation] key");
	}
}

static void
link_apply(struct link_config *link, enum setting_key key,
	   const struct setting_value *v)
{
	switch (key) {
	case KEY_LINK_RATE:
		link->rate_bps = v->u;
		break;
	case KEY_LINK_DELAY:
		link->delay_ns = v->time_ns;
		break;
	case KEY_LINK_QUEUE:
		link->queue_limit = v->u;
		link->queue_in_packets = v->packets;
		break;
	case KEY_LINK_LOSS:
		link->loss = v->prob;
		break;
	case KEY_LINK_HEADER:
		link->header_bytes = (uint32_t)v->u; /* range 0..1000 */
		break;
	case KEY_LINK_REVERSE_RATE:
		link->reverse_rate_bps = v->u;
		break;
	case KEY_LINK_QUEUE_DISCIPLINE:
		link->discipline = (enum queue_discipline)v->choice;
		break;
	case KEY_LINK_RED_MIN_TH:
		link->red_min_th = v->u;
		link->red_min_th_in_packets = v->packets;
		break;
	case KEY_LINK_RED_MAX_TH:
		link->red_max_th = v->u;
		link->red_max_th_in_packets = v->packets;
		break;
	case KEY_LINK_RED_MAX_P:
		link->red_max_p = v->prob;
		break;
	case KEY_LINK_RED_W_Q:
		link->red_w_q = v->prob;
		break;
	case KEY_LINK_RED_GENTLE:
		link->red_gentle = v->on;
		break;
	case KEY_LINK_CODEL_TARGET:
		link->codel_target_ns = v->time_ns;
		break;
	case KEY_LINK_CODEL_INTERVAL:
		link->codel_interval_ns = v->time_ns;
		break;
	case KEY_LINK_FQ_QUANTUM:
		link->fq_quantum = v->u;
		break;
	case KEY_LINK_ECN:
		link->ecn = v->on;
		break;
	default:
		assert(!"not a [link] key");
	}
}

/* The sender-side keys of a flow. */
static bool
flow_apply_sender(struct flow_config *f, enum setting_key key,
		  const struct setting_value *v)
{
	switch (key) {
	case KEY_START:
		f->start_ns = v->time_ns;
		return true;
	case KEY_MSS:
		f->mss = (uint32_t)v->u; /* range 1..65495 */
		return true;
	case KEY_CC:
		f->cc = (enum cc_kind)v->choice;
		return true;
	case KEY_INITIAL_WINDOW:
		f->initial_window = (uint32_t)v->u; /* range 1..10000 */
		return true;
	case KEY_MIN_RTO:
		f->min_rto_ns = v->time_ns;
		return true;
	case KEY_SEND_BUFFER:
		f->send_buffer = v->u;
		return true;
	case KEY_WRITE_RATE:
		f->write_rate_bps = v->u;
		return true;
	case KEY_WRITE_TOTAL:
		f->write_total = v->u;
		return true;
	case KEY_WRITE_SIZE:
		f->write_size = v->u;
		return true;
	case KEY_ON_FULL:
		f->on_full = (enum on_full)v->choice;
		return true;
	case KEY_NAGLE:
		/* v->on alone (off or on) or v->choice (minshall) */
		f->nagle = !v->on			 ? NAGLE_OFF
			   : v->choice == NAGLE_MINSHALL ? NAGLE_MINSHALL
							 : NAGLE_ON;
		return true;
	case KEY_EXTRA_DELAY:
		f->extra_delay_ns = v->time_ns;
		return true;
	case KEY_ISN:
		f->isn = (uint32_t)v->u; /* range 0..2^32-1 */
		return true;
	/* loss detection and recovery */
	case KEY_SACK:
		f->sack = v->on;
		return true;
	case KEY_LIMITED_TRANSMIT:
		f->limited_transmit = v->on;
		return true;
	case KEY_CAREFUL_TIMEOUT:
		f->careful_timeout = v->on;
		return true;
	case KEY_STACK:
		f->stack = (enum tcp_stack)v->choice;
		return true;
	/* congestion control growth and idle */
	case KEY_BYTE_COUNTING:
		f->byte_counting = v->on;
		return true;
	case KEY_HYSTART:
		/* v->on alone (off or on) or v->choice (linux) */
		f->hystart = !v->on			  ? HYSTART_OFF
			     : v->choice == HYSTART_LINUX ? HYSTART_LINUX
							  : HYSTART_ON;
		return true;
	case KEY_RESTART_AFTER_IDLE:
		f->restart_after_idle = v->on;
		return true;
	case KEY_CUBIC_VARIANT:
		f->cubic_variant = (enum cubic_variant)v->choice;
		return true;
	case KEY_TIMESTAMPS:
		f->timestamps = v->on;
		return true;
	default:
		return false;
	}
}

/* The receiver-side keys of a flow. */
static bool
flow_apply_receiver(struct flow_config *f, enum setting_key key,
		    const struct setting_value *v)
{
	switch (key) {
	case KEY_RECEIVE_BUFFER:
		f->receive_buffer = v->u;
		return true;
	case KEY_READ_RATE:
		f->read_rate_bps = v->u;
		return true;
	case KEY_READ_SIZE:
		f->read_size = v->u;
		return true;
	case KEY_READERS:
		f->readers = (uint32_t)v->u; /* range 1..1000 */
		return true;
	case KEY_DELAYED_ACK:
		f->delayed_ack = v->on;
		return true;
	case KEY_ACK_DELAY:
		f->ack_delay_ns = v->time_ns;
		return true;
	case KEY_WINDOW_SCALE:
		f->window_scale = v->on;
		return true;
	case KEY_SWS_AVOIDANCE:
		f->sws_avoidance = v->on;
		return true;
	default:
		return false;
	}
}

/* The Linux variants of a flow (nagle = minshall is a sender key). */
static bool
flow_apply_linux(struct flow_config *f, enum setting_key key,
		 const struct setting_value *v)
{
	switch (key) {
	case KEY_ACK_POLICY:
		f->ack_policy = (enum ack_policy)v->choice;
		return true;
	case KEY_RTO_CLAMP:
		f->rto_clamp = (enum rto_clamp)v->choice;
		return true;
	case KEY_WINDOW_PROBE:
		f->window_probe = (enum window_probe)v->choice;
		return true;
	default:
		return false;
	}
}

/* ECN and the latency probe. */
static bool
flow_apply_probe(struct flow_config *f, enum setting_key key,
		 const struct setting_value *v)
{
	switch (key) {
	case KEY_ECN:
		f->ecn = v->on;
		return true;
	case KEY_APP:
		f->app = (enum flow_app)v->choice;
		return true;
	case KEY_PING_INTERVAL:
		f->ping_interval_ns = v->time_ns;
		return true;
	case KEY_PING_SIZE:
		f->ping_size = (uint32_t)v->u; /* range 1..65535 */
		return true;
	default:
		return false;
	}
}

static void
flow_apply(struct flow_config *f, enum setting_key key,
	   const struct setting_value *v)
{
	bool known = flow_apply_sender(f, key, v) ||
		     flow_apply_receiver(f, key, v) ||
		     flow_apply_linux(f, key, v) || flow_apply_probe(f, key, v);

	assert(known && "not a [flow] key, or drop_segments");
	(void)known;
}

void
scenario_apply(struct scenario *sc, enum setting_target target, size_t flow,
	       enum setting_key key, const struct setting_value *value)
{
	assert(key_info(key)->target == target);
	switch (target) {
	case TARGET_SIMULATION:
		simulation_apply(&sc->sim, key, value);
		break;
	case TARGET_LINK:
		link_apply(&sc->link, key, value);
		break;
	case TARGET_FLOW:
		assert(flow < sc->n_flows);
		flow_apply(&sc->flows[flow], key, value);
		break;
	}
}

/*
 * What `stack = linux` sets, where the flow's own lines do not: the
 * mechanisms a Linux host runs (each key's page in tcpsim-scenario(5)
 * says which of its behaviours it models).  `stack = textbook` puts the
 * key table's defaults back.  A key given in the flow's section or by
 * --set, before or after `stack`, keeps its own value.
 */
static const struct {
	enum setting_key key;	 /* a [flow] key */
	const char *linux_value; /* its value under stack = linux */
} stack_linux[] = {
	{KEY_MSS, "1448B"},	      /* 1500 B MTU less IP, TCP, timestamps */
	{KEY_MIN_RTO, "200ms"},	      /* TCP_RTO_MIN */
	{KEY_NAGLE, "minshall"},      /* tcp_minshall_check() */
	{KEY_ACK_POLICY, "linux"},    /* quick-ACK, ATO, tcp_input.c */
	{KEY_RTO_CLAMP, "linux"},     /* __tcp_set_rto() */
	{KEY_WINDOW_PROBE, "linux"},  /* tcp_xmit_probe_skb() */
	{KEY_SACK, "on"},	      /* net.ipv4.tcp_sack = 1, with PRR */
	{KEY_LIMITED_TRANSMIT, "on"}, /* tcp_xmit_retransmit_queue() */
	{KEY_CAREFUL_TIMEOUT, "on"},  /* the Loss state, TCP_CA_Loss */
	{KEY_BYTE_COUNTING, "on"}, /* tcp_slow_start(), tcp_cong_avoid_ai() */
	{KEY_HYSTART, "linux"},	   /* tcp_cubic.c's HyStart (CUBIC only) */
	{KEY_RESTART_AFTER_IDLE, "on"}, /* net.ipv4.tcp_slow_start_after_idle */
	{KEY_CUBIC_VARIANT, "linux"},	/* bictcp_update() */
	{KEY_TIMESTAMPS, "on"},		/* net.ipv4.tcp_timestamps = 1 */
};

static void
stack_apply_flow(struct flow_config *f)
{
	struct setting_value value;
	char err[MESSAGE_MAX];
	size_t i;

	for (i = 0; i < sizeof stack_linux / sizeof stack_linux[0]; i++) {
		enum setting_key key = stack_linux[i].key;
		const char *text = f->stack == TCP_STACK_LINUX
					   ? stack_linux[i].linux_value
					   : key_info(key)->default_value;
		int rc;

		if (f->key_line[key] != SCENARIO_LINE_DEFAULT)
			continue; /* the flow says so itself */
		rc = value_parse(key_info(key), text, &value, err, sizeof err);
		assert(rc == 0 && "a value of the stack table does not parse");
		(void)rc;
		flow_apply(f, key, &value);
	}
}

static void
stack_apply(struct scenario *sc, size_t flow)
{
	stack_apply_flow(&sc->flows[flow]);
}

/* Parse `text` for `key` and store it; -1 with err on a bad value. */
static int
setting_store(struct scenario *sc, enum setting_target target, size_t flow,
	      enum setting_key key, const char *text, char *err, size_t errlen)
{
	struct setting_value value;
	struct flow_config *f;
	uint64_t *numbers;
	size_t n;

	if (key == KEY_DROP_SEGMENTS) {
		if (segments_parse(text, &numbers, &n, err, errlen) < 0)
			return -1;
		f = &sc->flows[flow];
		free(f->drop_segments);
		f->drop_segments = numbers;
		f->n_drop_segments = n;
		return 0;
	}
	if (value_parse(key_info(key), text, &value, err, errlen) < 0)
		return -1;
	scenario_apply(sc, target, flow, key, &value);
	if (key == KEY_STACK)
		stack_apply(sc, flow);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Defaults, names, copies                                             */
/* ------------------------------------------------------------------ */

static void
default_value(enum setting_key key, struct setting_value *value)
{
	char err[MESSAGE_MAX];
	int rc = value_parse(key_info(key), key_info(key)->default_value, value,
			     err, sizeof err);

	assert(rc == 0 && "a default of the key table does not parse");
	(void)rc;
}

/* [simulation] and [link] at their defaults, no flows, no timeline. */
static void
scenario_defaults_without_flows(struct scenario *sc)
{
	struct setting_value value;
	int k;

	memset(sc, 0, sizeof *sc);
	for (k = 0; k < KEY_COUNT; k++) {
		if (key_table[k].target == TARGET_FLOW)
			continue;
		default_value((enum setting_key)k, &value);
		scenario_apply(sc, key_table[k].target, 0, (enum setting_key)k,
			       &value);
	}
}

void
scenario_flow_defaults(struct flow_config *flow, const char *name)
{
	struct setting_value value;
	int k;

	assert(strlen(name) <= SCENARIO_NAME_MAX);
	memset(flow, 0, sizeof *flow);
	snprintf(flow->name, sizeof flow->name, "%s", name);
	for (k = 0; k < KEY_COUNT; k++) {
		/* drop_segments defaults to none: NULL, 0 */
		if (key_table[k].target != TARGET_FLOW ||
		    k == KEY_DROP_SEGMENTS)
			continue;
		default_value((enum setting_key)k, &value);
		flow_apply(flow, (enum setting_key)k, &value);
	}
	stack_apply_flow(flow); /* the key table's values are textbook */
}

/* Append a flow with defaults; returns its index.  *cap is the capacity
 * of sc->flows (see xgrow()). */
static size_t
flow_add(struct scenario *sc, size_t *cap, const char *name, int line)
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
	flow_add(sc, &cap, "flow1", 0);
}

void
scenario_free(struct scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->n_flows; i++)
		free(sc->flows[i].drop_segments);
	free(sc->flows);
	free(sc->timeline);
	free(sc->name);
	lesson_free(sc->lesson);
	free(sc->flow_slots);
	memset(sc, 0, sizeof *sc);
}

void
scenario_copy(struct scenario *dst, const struct scenario *src)
{
	size_t i;

	*dst = *src;
	dst->name = src->name != NULL ? xstrdup(src->name) : NULL;
	dst->flows = NULL;
	dst->timeline = NULL;
	dst->lesson = lesson_copy(src->lesson);
	dst->flow_slots = NULL;
	if (src->flow_slots_cap > 0) {
		dst->flow_slots = xreallocarray(NULL, src->flow_slots_cap,
						sizeof *dst->flow_slots);
		memcpy(dst->flow_slots, src->flow_slots,
		       src->flow_slots_cap * sizeof *dst->flow_slots);
	}
	if (src->n_flows > 0) {
		dst->flows =
			xreallocarray(NULL, src->n_flows, sizeof *dst->flows);
		memcpy(dst->flows, src->flows,
		       src->n_flows * sizeof *dst->flows);
	}
	for (i = 0; i < src->n_flows; i++) {
		size_t n = src->flows[i].n_drop_segments;

		if (n == 0)
			continue;
		dst->flows[i].drop_segments =
			xreallocarray(NULL, n, sizeof(uint64_t));
		memcpy(dst->flows[i].drop_segments, src->flows[i].drop_segments,
		       n * sizeof(uint64_t));
	}
	if (src->n_timeline > 0) {
		dst->timeline = xreallocarray(NULL, src->n_timeline,
					      sizeof *dst->timeline);
		memcpy(dst->timeline, src->timeline,
		       src->n_timeline * sizeof *dst->timeline);
	}
}

const char *
scenario_key_name(enum setting_key key)
{
	return key_info(key)->name;
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
	const struct key_info *ki = key_info(key);
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
static int
key_unknown(enum setting_target target, const char *section, const char *key,
	    char *err, size_t errlen)
{
	enum setting_key elsewhere = key_find_anywhere(key);
	const char *names[KEY_COUNT];
	char q[QUOTE_SIZE];
	const char *meant;
	size_t n = 0;
	int k;

	quote(q, key);
	if (elsewhere != KEY_COUNT) /* a known key: nothing to escape */
		return fail(err, errlen,
			    "unknown key '%s' in %s; '%s' belongs in %s", key,
			    section, key,
			    target_section(key_table[elsewhere].target));
	for (k = 0; k < KEY_COUNT; k++)
		if (key_table[k].target == target)
			names[n++] = key_table[k].name;
	meant = units_suggest(key, names, n);
	if (meant != NULL)
		return fail(err, errlen,
			    "unknown key '%s' in %s; did you mean '%s'?", q,
			    section, meant);
	return fail(err, errlen, "unknown key '%s' in %s", q, section);
}

/* "unknown flow 'blk' in the timeline; flows: bulk; did you mean 'bulk'?" */
static int
flow_unknown(const struct scenario *sc, const char *name, const char *context,
	     char *err, size_t errlen)
{
	const char **names =
		xreallocarray(NULL, sc->n_flows + 1, sizeof *names);
	const char *meant;
	size_t used;
	size_t i;

	char q[QUOTE_SIZE];

	used = (size_t)snprintf(err, errlen,
				"unknown flow '%s'%s; flows:", quote(q, name),
				context);
	for (i = 0; i < sc->n_flows; i++) {
		names[i] = sc->flows[i].name;
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used,
						 "%s %s", i == 0 ? "" : ",",
						 names[i]);
	}
	meant = units_suggest(name, names, sc->n_flows);
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
	enum setting_key key = key_find_anywhere(path);
	const char *owner;
	char q[QUOTE_SIZE];

	if (key == KEY_COUNT)
		return fail(err, errlen,
			    "'%s' is not a key path; write link.KEY, "
			    "simulation.KEY or FLOW.KEY",
			    quote(q, path));
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
	return fail(err, errlen,
		    "'%s' needs its section; did you mean '%s.%s'?", path,
		    owner, path);
}

/* Where a path (link.rate, simulation.seed, bulk.read_rate) points. */
struct path_target {
	enum setting_target target; /* its section */
	size_t flow;		    /* TARGET_FLOW: index into flows[] */
	enum setting_key key;	    /* the key */
};

/*
 * Resolve `path` against the flows of `sc`.  `context` follows "unknown
 * flow 'x'" in messages (" in the timeline", or "").
 */
static int
path_resolve(const struct scenario *sc, const char *path, const char *context,
	     struct path_target *pt, char *err, size_t errlen)
{
	const char *dot = strchr(path, '.');
	char owner[SCENARIO_NAME_MAX + 2];
	char section[SCENARIO_NAME_MAX + 16];
	size_t owner_len;

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
	} else {
		pt->target = TARGET_FLOW;
		pt->flow = flow_find(sc, owner);
		if (pt->flow == sc->n_flows)
			return flow_unknown(sc, owner, context, err, errlen);
	}
	snprintf(section, sizeof section, "[%s%s]",
		 pt->target == TARGET_FLOW ? "flow " : "", owner);
	pt->key = key_find(pt->target, dot + 1);
	if (pt->key == KEY_COUNT)
		return key_unknown(pt->target, section, dot + 1, err, errlen);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading a file                                                      */
/* ------------------------------------------------------------------ */

enum section {
	SECTION_NONE,	    /* before the first header */
	SECTION_SIMULATION, /* [simulation] */
	SECTION_LINK,	    /* [link] */
	SECTION_TIMELINE,   /* [timeline] */
	SECTION_LESSON,	    /* [lesson]: lesson.h */
	SECTION_FLOW,	    /* [flow NAME] */
	SECTION_IGNORED,    /* a refused header: its lines are skipped,
			       rather than reported one by one */
};

/* One message of the file, printed at the end, sorted by line. */
struct diagnostic {
	int line;     /* line it is about */
	size_t order; /* position among messages: keeps ties in order */
	bool warning; /* printed as "warning:", does not fail the load */
	char *text;   /* the message, owned */
};

/* A [timeline] line, kept until every flow is known. */
struct pending_entry {
	int line;	    /* line in the file */
	int64_t at_ns;	    /* its time */
	bool time_ok;	    /* the time parsed (else: already reported) */
	char *path;	    /* "bulk.read_rate", owned */
	char *value;	    /* "0", owned */
	char time_text[24]; /* the time as written; "" when longer */
};

/* The state of one file being read. */
struct loader {
	struct scenario *sc;  /* being filled */
	enum section section; /* the section being read */
	size_t flow;	      /* SECTION_FLOW: index into flows[] */
	char title[SCENARIO_NAME_MAX + 16]; /* "[flow bulk]", for messages */
	int header_line[SECTION_FLOW]; /* first header of each single section */
	int key_line[KEY_COUNT];       /* keys given in the current section */
	size_t n_flow_headers;	       /* [flow] headers so far, for flowN */
	struct diagnostic *diags;      /* messages so far */
	size_t n_diags;
	size_t n_errors;	       /* messages that are not warnings */
	struct pending_entry *pending; /* [timeline] lines */
	size_t n_pending;
	size_t cap_flows, cap_timeline; /* capacities (xgrow) of sc's arrays */
	size_t cap_diags, cap_pending;	/* and of ours */
	bool too_many_flows;		/* said once, not once per flow */
	bool too_many_entries;		/* the same for the timeline */
	/*
	 * The keys under a refused header ([link] twice, [link fast], a
	 * flow defined twice or badly named) are still checked, so that
	 * every error of the file is reported: they are stored here, in a
	 * scenario of one flow that is thrown away, and never in sc.
	 */
	struct scenario scratch;
	bool scratch_ready; /* scratch holds defaults */
	bool in_scratch;    /* the current section's keys go to scratch */
	/* [lesson], kept as written for play's `e` (lesson.h) */
	struct lesson *lesson_scratch;	 /* a refused [lesson]'s keys */
	char *header;			 /* the opening comment lines */
	size_t header_len, cap_header;	 /* bytes in header, allocated */
	bool header_done;		 /* a line other than a comment came */
	char *section_text;		 /* the [lesson] lines, as written */
	size_t section_len, cap_section; /* bytes in section_text, allocated */
};

/* Send the current section's keys to the scratch scenario. */
static void
loader_use_scratch(struct loader *ld)
{
	if (!ld->scratch_ready)
		scenario_init_defaults(&ld->scratch);
	ld->scratch_ready = true;
	ld->in_scratch = true;
}

PRINTF_LIKE(4, 5)
static void
diag_add(struct loader *ld, int line, bool warning, const char *fmt, ...)
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

/* Warnings of one kind shown before the rest are only counted. */
#define WARNINGS_SHOWN 10

static void
diag_flush(struct loader *ld, FILE *errs)
{
	size_t i, warnings = 0;
	char *name;

	if (ld->n_diags == 0)
		return; /* qsort() wants a non-NULL array even for none */
	name = display_name(ld->sc);
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

/* A flow name: a word of letters, digits, '_' and '-'. */
static int
flow_name_check(const char *name, char *err, size_t errlen)
{
	size_t len = strlen(name);
	char q[QUOTE_SIZE];
	size_t i;

	if (len > SCENARIO_NAME_MAX)
		return fail(err, errlen,
			    "flow name '%s...' is longer than "
			    "%d bytes",
			    escape_text_n(q, sizeof q, name, 20),
			    SCENARIO_NAME_MAX);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return fail(err, errlen,
				    "flow name '%s' may hold only letters, "
				    "digits, '_' and '-'",
				    quote(q, name));
	}
	/* Timeline paths would be ambiguous: link.rate, simulation.seed. */
	if (strcmp(name, "link") == 0 || strcmp(name, "simulation") == 0)
		return fail(err, errlen,
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
		diag_add(ld, line, false, "%s", err);
		loader_use_scratch(ld);
		return;
	} else {
		snprintf(ld->title, sizeof ld->title, "[flow %s]", name);
	}
	if (ld->sc->n_flows >= SCENARIO_MAX_FLOWS) {
		if (!ld->too_many_flows)
			diag_add(ld, line, false,
				 "too many flows: at most %d in one scenario",
				 SCENARIO_MAX_FLOWS);
		ld->too_many_flows = true;
		loader_use_scratch(ld);
		return;
	}
	existing = flow_find(ld->sc, name);
	if (existing < ld->sc->n_flows) {
		diag_add(ld, line, false,
			 "flow '%s' is already defined on line %d%s", name,
			 ld->sc->flows[existing].line,
			 bare ? " (a bare [flow] is named after its position)"
			      : "");
		loader_use_scratch(ld);
		return;
	}
	ld->flow = flow_add(ld->sc, &ld->cap_flows, name, line);
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
		diag_add(ld, line->number, rc > 0, "%s", err);
}

/* "unknown section [lnk]; the sections are ...; did you mean [link]?" */
static void
section_unknown(struct loader *ld, int line, const char *text, const char *word)
{
	static const char *const names[] = {"simulation", "link", "flow",
					    "timeline", "lesson"};
	const char *meant = units_suggest(word, names, 5);
	char q[QUOTE_SIZE];

	diag_add(ld, line, false,
		 "unknown section [%s]; the sections are [simulation], [link], "
		 "[flow NAME], [timeline] and [lesson]%s%s%s",
		 quote(q, text), meant ? "; did you mean [" : "",
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
	if (strcmp(word, "flow") == 0) {
		loader_flow_header(ld, line->number, rest);
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
		diag_add(ld, line->number, false,
			 "[%s] takes no name; only flows have names, as in "
			 "[flow bulk]",
			 word);
		/* ini.c reads the lines of [timeline x] as key = value:
		 * there is no timeline line to check. */
		if (s == SECTION_TIMELINE)
			ld->section = SECTION_IGNORED;
		else
			loader_use_scratch(ld);
	} else if (ld->header_line[s] != 0) {
		diag_add(ld, line->number, false,
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
		diag_add(ld, line->number, false,
			 "'%s' looks like a timeline line; those go under "
			 "[timeline]",
			 quote(q, line->key));
		return;
	}
	if (strchr(line->key, '.') != NULL) {
		diag_add(ld, line->number, false,
			 "'%s' is a path, for [timeline] and --set; inside a "
			 "section write the key alone",
			 quote(q, line->key));
		return;
	}
	key_unknown(target, ld->title, line->key, err, sizeof err);
	diag_add(ld, line->number, false, "%s", err);
}

/* A key before the first header. */
static void
loader_key_outside(struct loader *ld, const struct ini_line *line)
{
	enum setting_key key = key_find_anywhere(line->key);
	char q[QUOTE_SIZE];

	if (key == KEY_COUNT)
		diag_add(ld, line->number, false,
			 "'%s' comes before any section header",
			 quote(q, line->key));
	else
		diag_add(ld, line->number, false,
			 "'%s' comes before any section header; it belongs in "
			 "%s",
			 line->key, target_section(key_table[key].target));
}

static void
loader_key(struct loader *ld, const struct ini_line *line)
{
	static const enum setting_target targets[] = {
		[SECTION_SIMULATION] = TARGET_SIMULATION,
		[SECTION_LINK] = TARGET_LINK,
		[SECTION_FLOW] = TARGET_FLOW,
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
	key = key_find(target, line->key);
	if (key == KEY_COUNT) {
		loader_key_unknown(ld, line, target);
		return;
	}
	sc = ld->in_scratch ? &ld->scratch : ld->sc;
	flow = ld->in_scratch ? 0 : ld->flow;
	if (setting_store(sc, target, flow, key, line->value, err, sizeof err) <
	    0) {
		diag_add(ld, line->number, false, "%s = %s: %s", line->key,
			 quote(q, line->value), err);
		return;
	}
	if (ld->key_line[key] != 0)
		diag_add(
			ld, line->number, true,
			"'%s' given twice (first on line %d); using this value",
			line->key, ld->key_line[key]);
	else
		ld->key_line[key] = line->number;
	*key_line_slot(sc, target, flow, key) = line->number;
	key_text_store(sc, target, flow, key, line->value);
}

/* Keep a [timeline] line until the flows are known; check its time now. */
static void
loader_timeline(struct loader *ld, const struct ini_line *line)
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
		diag_add(ld, line->number, false, "time '%s': %s",
			 quote(q, line->time), err);
	else if (p->at_ns > TIME_CAP_NS ||
		 (p->at_ns == TIME_CAP_NS && rounded < 0))
		diag_add(ld, line->number, false,
			 "time '%s': must be at most 30 days",
			 quote(q, line->time));
	else
		p->time_ok = true;
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
		diag_add(ld, line->number, false, "%s", line->error);
		break;
	case INI_SECTION:
		loader_section(ld, line);
		break;
	case INI_KEY_VALUE:
		loader_key(ld, line);
		break;
	case INI_TIMELINE:
		loader_timeline(ld, line);
		break;
	}
}

static int
timeline_compare(const void *a, const void *b)
{
	const struct timeline_entry *x = a;
	const struct timeline_entry *y = b;

	/* File order (line order) for equal times: qsort is not stable. */
	if (x->at_ns != y->at_ns)
		return x->at_ns < y->at_ns ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Turn one pending line into a timeline entry, or report why not. */
static void
timeline_resolve(struct loader *ld, const struct pending_entry *p)
{
	struct scenario *sc = ld->sc;
	char err[MESSAGE_MAX];
	struct path_target pt;
	struct setting_value value;
	struct timeline_entry *e;
	char q[QUOTE_SIZE], q2[QUOTE_SIZE];

	if (path_resolve(sc, p->path, " in the timeline", &pt, err,
			 sizeof err) < 0) {
		diag_add(ld, p->line, false, "%s", err);
		return;
	}
	if (!key_info(pt.key)->mid_run) {
		diag_add(ld, p->line, false, "'%s' cannot change during a run",
			 quote(q, p->path));
		return;
	}
	if (value_parse(key_info(pt.key), p->value, &value, err, sizeof err) <
	    0) {
		diag_add(ld, p->line, false, "%s = %s: %s", quote(q, p->path),
			 quote(q2, p->value), err);
		return;
	}
	if (!p->time_ok)
		return;
	if (sc->n_timeline >= SCENARIO_MAX_TIMELINE) {
		if (!ld->too_many_entries)
			diag_add(ld, p->line, false,
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
	/* For narration on a terminal: the value as written, escaped. */
	snprintf(e->text, sizeof e->text, "%s = %s", quote(q, p->path),
		 quote(q2, p->value));
}

/* After the last line: the implicit flow, the timeline, the messages. */
static int
loader_finish(struct loader *ld, FILE *errs)
{
	struct scenario *sc = ld->sc;
	size_t i;

	if (sc->n_flows == 0)
		flow_add(sc, &ld->cap_flows, "flow1", 0);
	for (i = 0; i < ld->n_pending; i++) {
		timeline_resolve(ld, &ld->pending[i]);
		free(ld->pending[i].path);
		free(ld->pending[i].value);
	}
	free(ld->pending);
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
	if (sc->n_timeline > 0)
		qsort(sc->timeline, sc->n_timeline, sizeof *sc->timeline,
		      timeline_compare);
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

/* ------------------------------------------------------------------ */
/* --set                                                               */
/* ------------------------------------------------------------------ */

int
scenario_set(struct scenario *sc, const char *assignment, FILE *errs)
{
	char *copy = xstrdup(assignment);
	char *eq = strchr(copy, '=');
	char err[MESSAGE_MAX];
	struct path_target pt;
	char q[QUOTE_SIZE], q2[QUOTE_SIZE];
	char *path;
	char *value;
	int rc = -1;

	if (eq == NULL) {
		fprintf(errs,
			"--set: '%s' is not KEY=VALUE, such as "
			"link.rate=100Mbit/s\n",
			quote(q, assignment));
		goto out;
	}
	*eq = '\0';
	path = ini_trim(copy);
	value = ini_trim(eq + 1);
	if (path_resolve(sc, path, "", &pt, err, sizeof err) < 0) {
		fprintf(errs, "--set: %s\n", err);
		goto out;
	}
	if (setting_store(sc, pt.target, pt.flow, pt.key, value, err,
			  sizeof err) < 0) {
		fprintf(errs, "--set: %s = %s: %s\n", quote(q, path),
			quote(q2, value), err);
		goto out;
	}
	*key_line_slot(sc, pt.target, pt.flow, pt.key) = SCENARIO_LINE_SET;
	key_text_store(sc, pt.target, pt.flow, pt.key, value);
	rc = 0;
out:
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Checks that involve several keys                                    */
/* ------------------------------------------------------------------ */

/*
 * Print where a key's value came from, then `tag`, then the key as its
 * writer wrote it: "slow.ini:7: cc" for a line of the file (the line
 * names the flow), "--set: bulk.cc" for the command line, and
 * "slow.ini: bulk.cc" for a default.
 */
static void
key_origin_print(FILE *errs, const struct scenario *sc, size_t flow,
		 enum setting_key key, const char *tag)
{
	const struct key_info *ki = key_info(key);
	bool is_flow = ki->target == TARGET_FLOW;
	int line = is_flow ? sc->flows[flow].key_line[key] : sc->key_line[key];
	const char *owner = is_flow			? sc->flows[flow].name
			    : ki->target == TARGET_LINK ? "link"
							: "simulation";
	char *name = display_name(sc);

	if (line > 0)
		fprintf(errs, "%s:%d: %s%s", name, line, tag, ki->name);
	else if (line == SCENARIO_LINE_SET)
		fprintf(errs, "--set: %s%s.%s", tag, owner, ki->name);
	else
		fprintf(errs, "%s: %s%s.%s", name, tag, owner, ki->name);
	free(name);
}

/*
 * What is wrong with a producer that sheds load, as the rest of a
 * sentence starting "on_full = drop "; false if nothing is.
 */
static bool
writes_problem(const struct flow_config *f, char *why, size_t size)
{
	if (f->on_full != ON_FULL_DROP)
		return false;
	if (f->write_rate_bps == SCENARIO_UNLIMITED) {
		snprintf(why, size,
			 "needs a finite write_rate: with unlimited writes "
			 "the producer would discard data forever at one "
			 "instant");
		return true;
	}
	if (f->write_size > f->send_buffer) {
		snprintf(why, size,
			 "needs write_size (%llu B) to fit in send_buffer "
			 "(%llu B): otherwise every write is discarded",
			 (unsigned long long)f->write_size,
			 (unsigned long long)f->send_buffer);
		return true;
	}
	return false;
}

static size_t
check_writes(const struct scenario *sc, size_t flow, FILE *errs)
{
	char why[256];

	if (!writes_problem(&sc->flows[flow], why, sizeof why))
		return 0;
	key_origin_print(errs, sc, flow, KEY_ON_FULL, "");
	fprintf(errs, " = drop %s\n", why);
	return 1;
}

/*
 * Play the timeline on a copy and report each entry that turns a sane
 * producer into one of writes_problem()'s; a flow that starts out wrong
 * was reported by check_writes() already.
 */
static size_t
check_timeline_writes(const struct scenario *sc, FILE *errs)
{
	struct scenario state;
	size_t errors = 0;
	char why[256];
	char *name = display_name(sc);
	size_t i;

	scenario_copy(&state, sc);
	for (i = 0; i < sc->n_timeline; i++) {
		const struct timeline_entry *e = &sc->timeline[i];
		bool was_wrong =
			e->target == TARGET_FLOW &&
			writes_problem(&state.flows[e->flow], why, sizeof why);

		scenario_apply(&state, e->target, e->flow, e->key, &e->value);
		if (e->target != TARGET_FLOW || was_wrong ||
		    !writes_problem(&state.flows[e->flow], why, sizeof why))
			continue;
		fprintf(errs, "%s:%d: %s: then on_full = drop %s\n", name,
			e->line, e->text, why);
		errors++;
	}
	scenario_free(&state);
	free(name);
	return errors;
}

/* Legal, but probably not what the teacher meant.  A generated file can
 * have thousands of such lines: the first WARNINGS_SHOWN are shown, then
 * how many more there are. */
static void
warn_after_the_end(const struct scenario *sc, FILE *errs)
{
	char when[32], end[32];
	char *name = display_name(sc);
	size_t i, late = 0;

	time_text(sc->sim.duration_ns, end, sizeof end);
	for (i = 0; i < sc->n_timeline; i++) {
		if (sc->timeline[i].at_ns <= sc->sim.duration_ns)
			continue;
		if (++late > WARNINGS_SHOWN)
			continue;
		time_text(sc->timeline[i].at_ns, when, sizeof when);
		fprintf(errs,
			"%s:%d: warning: %s at %s comes after the end of the "
			"run (duration %s); it never happens\n",
			name, sc->timeline[i].line, sc->timeline[i].text, when,
			end);
	}
	if (late > WARNINGS_SHOWN)
		fprintf(errs,
			"%s: warning: %zu more timeline entries come after the "
			"end of the run\n",
			name, late - WARNINGS_SHOWN);
	for (i = 0; i < sc->n_flows; i++) {
		if (sc->flows[i].start_ns < sc->sim.duration_ns)
			continue;
		time_text(sc->flows[i].start_ns, when, sizeof when);
		key_origin_print(errs, sc, i, KEY_START, "warning: ");
		fprintf(errs,
			" = %s is not before the end of the run (duration %s); "
			"flow '%s' never starts\n",
			when, end, sc->flows[i].name);
	}
	free(name);
}

/* hystart asked for explicitly with an algorithm that has none:
 * HyStart++ is CUBIC's here, as in Linux, and other algorithms ignore it
 * (a default set for every flow stays silent). */
static void
warn_hystart_not_cubic(const struct scenario *sc, FILE *errs)
{
	size_t i;

	for (i = 0; i < sc->n_flows; i++) {
		const struct flow_config *f = &sc->flows[i];

		if (!f->hystart || f->cc == CC_CUBIC ||
		    f->key_line[KEY_HYSTART] == SCENARIO_LINE_DEFAULT)
			continue;
		key_origin_print(errs, sc, i, KEY_HYSTART, "warning: ");
		fprintf(errs,
			" = %s is ignored: flow '%s' has cc = %s, and "
			"HyStart is CUBIC's (cc = cubic)\n",
			scenario_choice_word(KEY_HYSTART, (int)f->hystart),
			f->name, scenario_cc_name(f->cc));
	}
}

/*
 * RED's thresholds: in one unit, min_th below max_th, and a weight above
 * 0 (with w_q = 0 the average never moves).  Checked when RED runs or
 * when the file sets a threshold, whatever the discipline.
 */
static size_t
check_red(const struct scenario *sc, FILE *errs)
{
	const struct link_config *l = &sc->link;
	bool asked =
		sc->key_line[KEY_LINK_RED_MIN_TH] != SCENARIO_LINE_DEFAULT ||
		sc->key_line[KEY_LINK_RED_MAX_TH] != SCENARIO_LINE_DEFAULT;
	enum setting_key at =
		sc->key_line[KEY_LINK_RED_MAX_TH] != SCENARIO_LINE_DEFAULT
			? KEY_LINK_RED_MAX_TH
			: KEY_LINK_RED_MIN_TH;
	size_t errors = 0;

	if (l->discipline != QDISC_RED && !asked)
		return 0;
	if (l->red_min_th_in_packets != l->red_max_th_in_packets) {
		key_origin_print(errs, sc, 0, at, "");
		fprintf(errs,
			": min_th and max_th must use one unit (both packets "
			"or both bytes)\n");
		errors++;
	} else if (l->red_min_th >= l->red_max_th) {
		key_origin_print(errs, sc, 0, at, "");
		fprintf(errs,
			": min_th (%llu) must be less than max_th (%llu): "
			"RED's drop probability rises between the two\n",
			(unsigned long long)l->red_min_th,
			(unsigned long long)l->red_max_th);
		errors++;
	}
	if (l->discipline == QDISC_RED && !(l->red_w_q > 0.0)) {
		key_origin_print(errs, sc, 0, KEY_LINK_RED_W_Q, "");
		fprintf(errs, " = 0: must be more than 0, or RED's average "
			      "queue never moves\n");
		errors++;
	}
	return errors;
}

/* ping_interval and ping_size mean nothing to a TCP flow. */
static size_t
check_ping_keys(const struct scenario *sc, size_t flow, FILE *errs)
{
	static const enum setting_key keys[] = {KEY_PING_INTERVAL,
						KEY_PING_SIZE};
	const struct flow_config *f = &sc->flows[flow];
	size_t errors = 0;
	size_t k;

	if (f->app == APP_PING)
		return 0;
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (f->key_line[keys[k]] == SCENARIO_LINE_DEFAULT)
			continue;
		key_origin_print(errs, sc, flow, keys[k], "");
		fprintf(errs,
			": applies only to a probe flow; flow '%s' has "
			"app = %s (write app = ping)\n",
			f->name, app_names[f->app]);
		errors++;
	}
	return errors;
}

/* Does a discipline's key hold its default?  (A file that tcpsim wrote
 * gives every key, at its default when unused.) */
static bool
discipline_key_is_default(const struct link_config *l, enum setting_key key)
{
	struct setting_value v;

	default_value(key, &v);
	switch (key) {
	case KEY_LINK_RED_MAX_P:
		return l->red_max_p == v.prob;
	case KEY_LINK_RED_W_Q:
		return l->red_w_q == v.prob;
	case KEY_LINK_RED_GENTLE:
		return l->red_gentle == v.on;
	case KEY_LINK_CODEL_TARGET:
		return l->codel_target_ns == v.time_ns;
	case KEY_LINK_CODEL_INTERVAL:
		return l->codel_interval_ns == v.time_ns;
	case KEY_LINK_FQ_QUANTUM:
		return l->fq_quantum == v.u;
	default:
		return false;
	}
}

/* A discipline's key given (other than at its default) while another
 * discipline runs is ignored. */
static void
warn_discipline_keys(const struct scenario *sc, FILE *errs)
{
	static const struct {
		enum setting_key key;		 /* a discipline's key */
		enum queue_discipline owner;	 /* who reads it */
		enum queue_discipline also_read; /* and who else */
	} keys[] = {
		{KEY_LINK_RED_MAX_P, QDISC_RED, QDISC_RED},
		{KEY_LINK_RED_W_Q, QDISC_RED, QDISC_RED},
		{KEY_LINK_RED_GENTLE, QDISC_RED, QDISC_RED},
		{KEY_LINK_CODEL_TARGET, QDISC_CODEL, QDISC_FQ_CODEL},
		{KEY_LINK_CODEL_INTERVAL, QDISC_CODEL, QDISC_FQ_CODEL},
		{KEY_LINK_FQ_QUANTUM, QDISC_FQ_CODEL, QDISC_FQ_CODEL},
	};
	enum queue_discipline d = sc->link.discipline;
	size_t i;

	/* A discipline chosen by --set compares variants of a file that
	 * sets another's keys: nothing to warn about. */
	if (sc->key_line[KEY_LINK_QUEUE_DISCIPLINE] == SCENARIO_LINE_SET)
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (sc->key_line[keys[i].key] == SCENARIO_LINE_DEFAULT ||
		    d == keys[i].owner || d == keys[i].also_read ||
		    discipline_key_is_default(&sc->link, keys[i].key))
			continue;
		key_origin_print(errs, sc, 0, keys[i].key, "warning: ");
		fprintf(errs, " is ignored: queue_discipline = %s\n",
			discipline_names[d]);
	}
	if (sc->link.ecn && d == QDISC_DROPTAIL) {
		key_origin_print(errs, sc, 0, KEY_LINK_ECN, "warning: ");
		fprintf(errs,
			" = on does nothing: a drop-tail queue only drops "
			"(choose red, codel or fq_codel)\n");
	}
}

int
scenario_validate(const struct scenario *sc, FILE *errs)
{
	size_t errors = 0;
	size_t i;

	errors += check_red(sc, errs);
	for (i = 0; i < sc->n_flows; i++)
		errors += check_ping_keys(sc, i, errs);
	warn_discipline_keys(sc, errs);

	for (i = 0; i < sc->n_flows; i++) {
		errors += check_writes(sc, i, errs);
	}
	errors += check_timeline_writes(sc, errs);
	warn_after_the_end(sc, errs);
	warn_hystart_not_cubic(sc, errs);
	return errors > 0 ? -1 : 0;
}
