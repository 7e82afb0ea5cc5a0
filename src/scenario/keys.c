/* SPDX-License-Identifier: ISC */
/*
 * keys.c: the key table, and what goes through it: finding a key,
 * parsing a value as its kind says, storing it into the simulation, link
 * or flow configuration, and what `stack = linux` sets.
 */
#include "scenario/scenario.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/scenario_internal.h"
#include "scenario/units.h"
#include "util/xmalloc.h"

/* In enum cc_kind and enum on_full order. */
const char *const cc_names[] = {"none", "reno", "newreno", "cubic", NULL};
const char *const on_full_names[] = {"block", "drop", NULL};
/* The words nagle takes beyond on and off, from NAGLE_MINSHALL on. */
static const char *const nagle_extra_names[] = {"minshall", NULL};
/* hystart: on (HyStart++), off, or linux (HYSTART_LINUX = 2). */
static const char *const hystart_extra_names[] = {"linux", NULL};
/* sws_avoidance: on, off, or linux (SWS_LINUX = 2). */
static const char *const sws_extra_names[] = {"linux", NULL};
/* In enum ack_policy, enum rto_clamp and enum window_probe order. */
static const char *const ack_policy_names[] = {"textbook", "linux", NULL};
static const char *const rto_clamp_names[] = {"rfc6298", "linux", NULL};
static const char *const window_probe_names[] = {"rfc9293", "linux", NULL};
static const char *const stack_names[] = {"textbook", "linux", NULL};
/* In enum cubic_variant order. */
static const char *const cubic_variant_names[] = {"rfc9438", "linux", NULL};
/* In enum queue_discipline and enum flow_app order. */
const char *const discipline_names[] = {"droptail", "red", "codel", "fq_codel",
					NULL};
const char *const app_names[] = {"bulk", "ping", NULL};
/* In enum relay_dispatch order. */
const char *const dispatch_names[] = {"round_robin", "least_loaded", NULL};
/* In enum gso_mode and enum write_wakeup order. */
static const char *const gso_names[] = {"off", "linux", NULL};
static const char *const write_wakeup_names[] = {"room", "linux", NULL};

#define RELAY	   TARGET_RELAY
#define SIM	   TARGET_SIMULATION
#define LINK	   TARGET_LINK
#define FLOW	   TARGET_FLOW
#define NO_RANGE   0, UINT64_MAX
#define SOME_TIME  0, TIME_CAP_NS, FINITE
#define SOME_BYTES 1, SIZE_CAP

/* Indexed by enum setting_key; defaults exactly as in the contract. */
const struct key_info key_table[KEY_COUNT] = {
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
			       NO_RANGE, FINITE, FIXED, "on, off or linux",
			       sws_extra_names},

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

	/* [flow] records, throttling and load shedding on lag; `none` (0)
	 * keeps the producer as it was without them. */
	[KEY_RECORD_SIZE] = {.name = "record_size",
			     .target = FLOW,
			     .kind = KIND_SIZE,
			     .default_value = "none",
			     .min = 1,
			     .max = SIZE_CAP,
			     .range = "between 1 B and 2^50 B, or none",
			     .none_ok = true},
	[KEY_WRITE_BURST] = {.name = "write_burst",
			     .target = FLOW,
			     .kind = KIND_SIZE,
			     .default_value = "none",
			     .min = 1,
			     .max = SIZE_CAP,
			     .mid_run = MID_RUN,
			     .range = "between 1 B and 2^50 B, or none",
			     .none_ok = true},
	[KEY_SHED_WHEN_LAG_EXCEEDS] = {.name = "shed_when_lag_exceeds",
				       .target = FLOW,
				       .kind = KIND_TIME,
				       .default_value = "none",
				       .min = 1,
				       .max = TIME_CAP_NS,
				       .mid_run = MID_RUN,
				       .range = "more than 0 and at most 30 "
						"days, or none",
				       .open = OPEN_MIN,
				       .none_ok = true},

	/* [relay NAME] (relays.c) */
	[KEY_RELAY_FROM] = {.name = "from",
			    .target = RELAY,
			    .kind = KIND_NAMES,
			    .default_value = "",
			    .range = "the name of one flow"},
	[KEY_RELAY_TO] = {.name = "to",
			  .target = RELAY,
			  .kind = KIND_NAMES,
			  .default_value = "",
			  .range = "names of flows, separated by commas"},
	[KEY_RELAY_BUFFER] = {.name = "buffer",
			      .target = RELAY,
			      .kind = KIND_SIZE,
			      .default_value = "256KiB",
			      .min = 1,
			      .max = SIZE_CAP,
			      .mid_run = MID_RUN,
			      .range = "between 1 B and 2^50 B"},
	[KEY_RELAY_PROCESS_RATE] = {.name = "process_rate",
				    .target = RELAY,
				    .kind = KIND_RATE,
				    .default_value = "unlimited",
				    .min = 0,
				    .max = RATE_CAP,
				    .unlimited_ok = OR_UNLIMITED,
				    .mid_run = MID_RUN,
				    .range = "at most 2^50 bit/s, or "
					     "unlimited"},
	[KEY_RELAY_DISPATCH] = {.name = "dispatch",
				.target = RELAY,
				.kind = KIND_CHOICE,
				.default_value = "round_robin",
				.max = UINT64_MAX,
				.range = "one of the choices",
				.choices = dispatch_names},
	/* [flow] the links its data crosses, by name (links.c) */
	[KEY_PATH] = {"path", FLOW, KIND_PATH, "link", NO_RANGE, FINITE, FIXED,
		      "a list of link names", NULL},
	/* [flow] how Linux's sender packs segments and wakes its writer;
	 * the defaults keep the textbook behaviour */
	[KEY_GSO] = {"gso", FLOW, KIND_CHOICE, "off", NO_RANGE, FINITE, FIXED,
		     "one of the choices", gso_names},
	[KEY_WRITE_WAKEUP] = {"write_wakeup", FLOW, KIND_CHOICE, "room",
			      NO_RANGE, FINITE, FIXED, "one of the choices",
			      write_wakeup_names},
};

#undef RELAY
#undef SIM
#undef LINK
#undef FLOW

const struct key_info *
keys_info(enum setting_key key)
{
	assert(key >= 0 && key < KEY_COUNT && key_table[key].name != NULL);
	return &key_table[key];
}

/* The key called `name` in `target`'s section, or KEY_COUNT. */
enum setting_key
keys_find(enum setting_target target, const char *name)
{
	int k;

	/* the first letter before the whole name: a timeline of 100 000
	 * lines looks up as many keys */
	for (k = 0; k < KEY_COUNT; k++)
		if (key_table[k].target == target &&
		    key_table[k].name[0] == name[0] &&
		    strcmp(key_table[k].name, name) == 0)
			return (enum setting_key)k;
	/* A relay's on_full is the producer's key, with its words: key
	 * names stay unique ("belongs in [link]" relies on it). */
	if (target == TARGET_RELAY && strcmp(name, "on_full") == 0)
		return KEY_ON_FULL;
	return KEY_COUNT;
}

/* Key names are unique across sections, so this finds at most one. */
enum setting_key
keys_find_anywhere(const char *name)
{
	int k;

	for (k = 0; k < KEY_COUNT; k++)
		if (strcmp(key_table[k].name, name) == 0)
			return (enum setting_key)k;
	return KEY_COUNT;
}

const char *
keys_target_section(enum setting_target target)
{
	switch (target) {
	case TARGET_SIMULATION:
		return "[simulation]";
	case TARGET_LINK:
		return "[link]";
	case TARGET_FLOW:
		return "[flow NAME]";
	case TARGET_RELAY:
		return "[relay NAME]";
	}
	assert(!"no such target");
	return "";
}

/*
 * Note where a key was given (a line, or SCENARIO_LINE_SET) and the text
 * its value was given as ("1500ms"), so that messages can point at it
 * and writing the scenario back keeps the file's units; a text too long
 * is not kept.
 */
void
keys_note(struct scenario *sc, enum setting_target target, size_t flow,
	  enum setting_key key, int line, const char *value)
{
	int *line_slot;
	char *slot;

	if (target == TARGET_FLOW) {
		flow_key_note(&sc->flows[flow], key, line, value);
		return;
	}
	if (target == TARGET_RELAY) {
		line_slot = &sc->relays[flow].key_line[key];
		slot = sc->relays[flow].key_text[key];
	} else if (target == TARGET_LINK && flow != SCENARIO_DEFAULT_LINK) {
		line_slot = &sc->links[flow - 1].key_line[key]; /* [link NAME] */
		slot = sc->links[flow - 1].key_text[key];
	} else {
		line_slot = &sc->key_line[key];
		slot = sc->key_text[key];
	}
	*line_slot = line;
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
	return scenario_fail(err, errlen, "must be %s", ki->range);
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
	size_t used, len;
	int extra;
	const char *start = text;

	/* A switch's extra word, as written (stack = linux's defaults give
	 * nagle = minshall to every flow): found before the switch's words,
	 * whose failure would look for a "did you mean" first. */
	while (*start == ' ' || *start == '\t')
		start++;
	len = strlen(start);
	while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t'))
		len--;
	for (extra = 0; ki->choices != NULL && ki->choices[extra] != NULL;
	     extra++)
		if (strlen(ki->choices[extra]) == len &&
		    strncmp(ki->choices[extra], start, len) == 0) {
			v->on = true;
			v->choice = 2 + extra;
			return 0;
		}
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

/* `none`, blanks around it allowed. */
static bool
value_is_none(const char *text)
{
	size_t len;

	text += strspn(text, " \t");
	len = strcspn(text, " \t");
	return len == 4 && strncmp(text, "none", 4) == 0 &&
	       text[len + strspn(text + len, " \t")] == '\0';
}

/* Parse `text` as the value of `ki` and check its range. */
int
keys_value_parse(const struct key_info *ki, const char *text,
		 struct setting_value *v, char *err, size_t errlen)
{
	uint64_t ns;
	int rounded;
	int rc;

	memset(v, 0, sizeof *v);
	if (ki->none_ok && value_is_none(text))
		return 0; /* 0: off */
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
	case KIND_NAMES:
	case KIND_PATH:
		break;
	}
	assert(!"drop_segments, from and to have no setting_value member");
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
		return scenario_fail(err, errlen,
				     "empty entry in the list (two commas?)");
	if (units_parse_count(item, number, err, errlen) < 0)
		return -1;
	if (*number == 0)
		return scenario_fail(err, errlen,
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
		rc = scenario_fail(err, errlen,
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
		/* v->on alone (off or on) or v->choice (linux) */
		f->sws_avoidance = !v->on		    ? SWS_OFF
				   : v->choice == SWS_LINUX ? SWS_LINUX
							    : SWS_ON;
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

/* Records, throttling and load shedding on lag. */
static bool
flow_apply_records(struct flow_config *f, enum setting_key key,
		   const struct setting_value *v)
{
	switch (key) {
	case KEY_RECORD_SIZE:
		f->record_size = v->u;
		return true;
	case KEY_WRITE_BURST:
		f->write_burst = v->u;
		return true;
	case KEY_SHED_WHEN_LAG_EXCEEDS:
		f->shed_lag_ns = v->time_ns;
		return true;
	default:
		return false;
	}
}

/* How Linux's sender packs segments and wakes its writer. */
static bool
flow_apply_push(struct flow_config *f, enum setting_key key,
		const struct setting_value *v)
{
	switch (key) {
	case KEY_GSO:
		f->gso = (enum gso_mode)v->choice;
		return true;
	case KEY_WRITE_WAKEUP:
		f->write_wakeup = (enum write_wakeup)v->choice;
		return true;
	default:
		return false;
	}
}

void
keys_flow_apply(struct flow_config *f, enum setting_key key,
		const struct setting_value *v)
{
	bool known = flow_apply_sender(f, key, v) ||
		     flow_apply_receiver(f, key, v) ||
		     flow_apply_linux(f, key, v) ||
		     flow_apply_probe(f, key, v) ||
		     flow_apply_records(f, key, v) || flow_apply_push(f, key, v);

	assert(known && "not a [flow] key, or drop_segments");
	(void)known;
}

void
scenario_apply(struct scenario *sc, enum setting_target target, size_t flow,
	       enum setting_key key, const struct setting_value *value)
{
	assert(keys_info(key)->target == target ||
	       (target == TARGET_RELAY && key == KEY_ON_FULL));
	switch (target) {
	case TARGET_SIMULATION:
		simulation_apply(&sc->sim, key, value);
		break;
	case TARGET_LINK: /* `flow` is the link id */
		link_apply(link_config_of(sc, flow), key, value);
		break;
	case TARGET_FLOW:
		assert(flow < sc->n_flows);
		keys_flow_apply(&sc->flows[flow], key, value);
		break;
	case TARGET_RELAY:
		assert(flow < sc->n_relays);
		relay_apply(&sc->relays[flow], key, value);
		break;
	}
}

/*
 * What `stack = linux` sets, where the flow's own lines do not: the
 * mechanisms a Linux host runs (each key's page in tcpsim-scenario(5)
 * says which of its behaviours it models).  write_wakeup = linux is not
 * among them: Linux grows its send buffer with cwnd (tcp_sndbuf_expand(),
 * twice cwnd in memory), which keeps its writer's one-third wakeup from
 * starving the sender; send_buffer here is fixed, and the same rule on
 * it would empty the pipe of any flow whose window nears two thirds of
 * the buffer.  `stack = textbook` puts the
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
	{KEY_SWS_AVOIDANCE, "linux"},	/* __tcp_select_window() */
	{KEY_GSO, "linux"},		/* tcp_tso_autosize(), PSH per packet */
};

void
keys_stack_apply_flow(struct flow_config *f)
{
	struct setting_value value;
	char err[MESSAGE_MAX];
	size_t i;

	for (i = 0; i < sizeof stack_linux / sizeof stack_linux[0]; i++) {
		enum setting_key key = stack_linux[i].key;
		const char *text = f->stack == TCP_STACK_LINUX
					   ? stack_linux[i].linux_value
					   : keys_info(key)->default_value;
		int rc;

		if (flow_key_line(f, key) != SCENARIO_LINE_DEFAULT)
			continue; /* the flow says so itself */
		rc = keys_value_parse(keys_info(key), text, &value, err,
				      sizeof err);
		assert(rc == 0 && "a value of the stack table does not parse");
		(void)rc;
		keys_flow_apply(f, key, &value);
	}
}

static void
stack_apply(struct scenario *sc, size_t flow)
{
	keys_stack_apply_flow(&sc->flows[flow]);
}

/* Parse `text` for `key` and store it; -1 with err on a bad value. */
int
keys_setting_store(struct scenario *sc, enum setting_target target, size_t flow,
		   enum setting_key key, const char *text, char *err,
		   size_t errlen)
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
	if (key == KEY_RELAY_FROM || key == KEY_RELAY_TO)
		return relay_names_store(&sc->relays[flow], key, text, err,
					 errlen);
	if (key == KEY_PATH) {
		uint8_t path[SCENARIO_MAX_PATH], n_path;

		if (path_parse(sc, text, path, &n_path, err, errlen) < 0)
			return -1;
		f = &sc->flows[flow];
		memcpy(f->path, path, n_path);
		f->n_path = n_path;
		return 0;
	}
	if (keys_value_parse(keys_info(key), text, &value, err, errlen) < 0)
		return -1;
	scenario_apply(sc, target, flow, key, &value);
	if (key == KEY_STACK)
		stack_apply(sc, flow);
	return 0;
}
