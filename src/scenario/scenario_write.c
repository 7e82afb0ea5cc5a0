/* SPDX-License-Identifier: ISC */
/*
 * scenario_write.c: a scenario as a file again (see scenario_write.h).
 *
 * The key table of scenario.c is private to the reader, so this file keeps
 * its own map from key to section and kind of value.  The switches below
 * have no default case on purpose: a key added to enum setting_key without
 * a line here is a compiler warning (-Wswitch), not a file that silently
 * loses a setting.
 */
#include "scenario/scenario_write.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "scenario/ini.h" /* INI_LINE_MAX */
#include "scenario/lesson.h"
#include "scenario/units.h"

/* How a value is written; mirrors the reader's kinds. */
enum write_kind {
	WRITE_TIME,
	WRITE_RATE,
	WRITE_SIZE,
	WRITE_QUEUE,
	WRITE_COUNT,
	WRITE_PROBABILITY,
	WRITE_SWITCH,
	WRITE_CC,
	WRITE_ON_FULL,
	WRITE_SEGMENTS,
	WRITE_NAGLE,  /* off, on or an extra word (minshall, linux) */
	WRITE_CHOICE, /* a word of the key's choices (ack_policy, ...) */
	WRITE_NAMES,  /* a relay's from and to: names, written apart */
};

static enum write_kind
write_kind(enum setting_key key)
{
	switch (key) {
	case KEY_DURATION:
	case KEY_SAMPLE_INTERVAL:
	case KEY_LINK_DELAY:
	case KEY_START:
	case KEY_MIN_RTO:
	case KEY_EXTRA_DELAY:
	case KEY_ACK_DELAY:
	case KEY_LINK_CODEL_TARGET:
	case KEY_LINK_CODEL_INTERVAL:
	case KEY_PING_INTERVAL:
	case KEY_SHED_WHEN_LAG_EXCEEDS:
		return WRITE_TIME;
	case KEY_LINK_RATE:
	case KEY_LINK_REVERSE_RATE:
	case KEY_WRITE_RATE:
	case KEY_READ_RATE:
	case KEY_RELAY_PROCESS_RATE:
		return WRITE_RATE;
	case KEY_LINK_HEADER:
	case KEY_MSS:
	case KEY_SEND_BUFFER:
	case KEY_WRITE_TOTAL:
	case KEY_WRITE_SIZE:
	case KEY_RECEIVE_BUFFER:
	case KEY_READ_SIZE:
	case KEY_LINK_FQ_QUANTUM:
	case KEY_PING_SIZE:
	case KEY_RECORD_SIZE:
	case KEY_WRITE_BURST:
	case KEY_RELAY_BUFFER:
		return WRITE_SIZE;
	case KEY_LINK_QUEUE:
	case KEY_LINK_RED_MIN_TH:
	case KEY_LINK_RED_MAX_TH:
		return WRITE_QUEUE;
	case KEY_SEED:
	case KEY_INITIAL_WINDOW:
	case KEY_ISN:
	case KEY_READERS:
		return WRITE_COUNT;
	case KEY_LINK_LOSS:
	case KEY_LINK_RED_MAX_P:
	case KEY_LINK_RED_W_Q:
		return WRITE_PROBABILITY;
	case KEY_DELAYED_ACK:
	case KEY_WINDOW_SCALE:
	/* loss detection and recovery */
	case KEY_SACK:
	case KEY_LIMITED_TRANSMIT:
	case KEY_CAREFUL_TIMEOUT:
	/* congestion control growth and idle */
	case KEY_BYTE_COUNTING:
	case KEY_RESTART_AFTER_IDLE:
	case KEY_TIMESTAMPS:
	case KEY_LINK_RED_GENTLE:
	case KEY_LINK_ECN:
	case KEY_ECN:
		return WRITE_SWITCH;
	case KEY_NAGLE:
	case KEY_HYSTART:
	case KEY_SWS_AVOIDANCE:
		return WRITE_NAGLE;
	case KEY_ACK_POLICY:
	case KEY_RTO_CLAMP:
	case KEY_WINDOW_PROBE:
	case KEY_STACK:
	case KEY_CUBIC_VARIANT:
	case KEY_LINK_QUEUE_DISCIPLINE:
	case KEY_APP:
	case KEY_GSO:
	case KEY_WRITE_WAKEUP:
		return WRITE_CHOICE;
	case KEY_CC:
		return WRITE_CC;
	case KEY_ON_FULL:
		return WRITE_ON_FULL;
	case KEY_RELAY_DISPATCH:
		return WRITE_CHOICE;
	case KEY_RELAY_FROM:
	case KEY_RELAY_TO:
		return WRITE_NAMES;
	case KEY_DROP_SEGMENTS:
	case KEY_PATH: /* a list, written by write_path() */
		return WRITE_SEGMENTS;
	case KEY_COUNT:
		break;
	}
	assert(!"no such key");
	return WRITE_COUNT;
}

static enum setting_target
key_target(enum setting_key key)
{
	switch (key) {
	case KEY_DURATION:
	case KEY_SEED:
	case KEY_SAMPLE_INTERVAL:
		return TARGET_SIMULATION;
	case KEY_LINK_RATE:
	case KEY_LINK_DELAY:
	case KEY_LINK_QUEUE:
	case KEY_LINK_LOSS:
	case KEY_LINK_HEADER:
	case KEY_LINK_REVERSE_RATE:
	case KEY_LINK_QUEUE_DISCIPLINE:
	case KEY_LINK_RED_MIN_TH:
	case KEY_LINK_RED_MAX_TH:
	case KEY_LINK_RED_MAX_P:
	case KEY_LINK_RED_W_Q:
	case KEY_LINK_RED_GENTLE:
	case KEY_LINK_CODEL_TARGET:
	case KEY_LINK_CODEL_INTERVAL:
	case KEY_LINK_FQ_QUANTUM:
	case KEY_LINK_ECN:
		return TARGET_LINK;
	case KEY_START:
	case KEY_MSS:
	case KEY_CC:
	case KEY_INITIAL_WINDOW:
	case KEY_MIN_RTO:
	case KEY_SEND_BUFFER:
	case KEY_WRITE_RATE:
	case KEY_WRITE_TOTAL:
	case KEY_WRITE_SIZE:
	case KEY_ON_FULL:
	case KEY_NAGLE:
	case KEY_EXTRA_DELAY:
	case KEY_ISN:
	case KEY_DROP_SEGMENTS:
	case KEY_RECEIVE_BUFFER:
	case KEY_READ_RATE:
	case KEY_READ_SIZE:
	case KEY_READERS:
	case KEY_DELAYED_ACK:
	case KEY_ACK_DELAY:
	case KEY_WINDOW_SCALE:
	case KEY_SWS_AVOIDANCE:
	case KEY_ACK_POLICY:
	case KEY_RTO_CLAMP:
	case KEY_WINDOW_PROBE:
	/* loss detection and recovery */
	case KEY_SACK:
	case KEY_LIMITED_TRANSMIT:
	case KEY_CAREFUL_TIMEOUT:
	/* congestion control growth and idle */
	case KEY_BYTE_COUNTING:
	case KEY_HYSTART:
	case KEY_RESTART_AFTER_IDLE:
	case KEY_CUBIC_VARIANT:
	case KEY_TIMESTAMPS:
	case KEY_STACK:
	case KEY_ECN:
	case KEY_APP:
	case KEY_PING_INTERVAL:
	case KEY_PING_SIZE:
	case KEY_RECORD_SIZE:
	case KEY_WRITE_BURST:
	case KEY_SHED_WHEN_LAG_EXCEEDS:
	case KEY_PATH:
	case KEY_GSO:
	case KEY_WRITE_WAKEUP:
		return TARGET_FLOW;
	case KEY_RELAY_FROM:
	case KEY_RELAY_TO:
	case KEY_RELAY_BUFFER:
	case KEY_RELAY_PROCESS_RATE:
	case KEY_RELAY_DISPATCH:
		return TARGET_RELAY;
	case KEY_COUNT:
		break;
	}
	assert(!"no such key");
	return TARGET_FLOW;
}

/* ------------------------------------------------------------------ */
/* Reading a key back out of the structs                               */
/* ------------------------------------------------------------------ */

static void
simulation_get(const struct simulation_config *s, enum setting_key key,
	       struct setting_value *v)
{
	switch (key) {
	case KEY_DURATION:
		v->time_ns = s->duration_ns;
		break;
	case KEY_SEED:
		v->u = s->seed;
		break;
	case KEY_SAMPLE_INTERVAL:
		v->time_ns = s->sample_interval_ns;
		break;
	default:
		assert(!"not a [simulation] key");
	}
}

static void
link_get(const struct link_config *l, enum setting_key key,
	 struct setting_value *v)
{
	switch (key) {
	case KEY_LINK_RATE:
		v->u = l->rate_bps;
		break;
	case KEY_LINK_DELAY:
		v->time_ns = l->delay_ns;
		break;
	case KEY_LINK_QUEUE:
		v->u = l->queue_limit;
		v->packets = l->queue_in_packets;
		break;
	case KEY_LINK_LOSS:
		v->prob = l->loss;
		break;
	case KEY_LINK_HEADER:
		v->u = l->header_bytes;
		break;
	case KEY_LINK_REVERSE_RATE:
		v->u = l->reverse_rate_bps;
		break;
	case KEY_LINK_QUEUE_DISCIPLINE:
		v->choice = (int)l->discipline;
		break;
	case KEY_LINK_RED_MIN_TH:
		v->u = l->red_min_th;
		v->packets = l->red_min_th_in_packets;
		break;
	case KEY_LINK_RED_MAX_TH:
		v->u = l->red_max_th;
		v->packets = l->red_max_th_in_packets;
		break;
	case KEY_LINK_RED_MAX_P:
		v->prob = l->red_max_p;
		break;
	case KEY_LINK_RED_W_Q:
		v->prob = l->red_w_q;
		break;
	case KEY_LINK_RED_GENTLE:
		v->on = l->red_gentle;
		break;
	case KEY_LINK_CODEL_TARGET:
		v->time_ns = l->codel_target_ns;
		break;
	case KEY_LINK_CODEL_INTERVAL:
		v->time_ns = l->codel_interval_ns;
		break;
	case KEY_LINK_FQ_QUANTUM:
		v->u = l->fq_quantum;
		break;
	case KEY_LINK_ECN:
		v->on = l->ecn;
		break;
	default:
		assert(!"not a [link] key");
	}
}

static void
flow_get(const struct flow_config *f, enum setting_key key,
	 struct setting_value *v)
{
	switch (key) {
	case KEY_START:
		v->time_ns = f->start_ns;
		break;
	case KEY_MSS:
		v->u = f->mss;
		break;
	case KEY_CC:
		v->choice = (int)f->cc;
		break;
	case KEY_INITIAL_WINDOW:
		v->u = f->initial_window;
		break;
	case KEY_MIN_RTO:
		v->time_ns = f->min_rto_ns;
		break;
	case KEY_SEND_BUFFER:
		v->u = f->send_buffer;
		break;
	case KEY_WRITE_RATE:
		v->u = f->write_rate_bps;
		break;
	case KEY_WRITE_TOTAL:
		v->u = f->write_total;
		break;
	case KEY_WRITE_SIZE:
		v->u = f->write_size;
		break;
	case KEY_ON_FULL:
		v->choice = (int)f->on_full;
		break;
	case KEY_NAGLE:
		v->on = f->nagle != NAGLE_OFF;
		v->choice = (int)f->nagle;
		break;
	case KEY_EXTRA_DELAY:
		v->time_ns = f->extra_delay_ns;
		break;
	case KEY_ISN:
		v->u = f->isn;
		break;
	case KEY_RECEIVE_BUFFER:
		v->u = f->receive_buffer;
		break;
	case KEY_READ_RATE:
		v->u = f->read_rate_bps;
		break;
	case KEY_READ_SIZE:
		v->u = f->read_size;
		break;
	case KEY_READERS:
		v->u = f->readers;
		break;
	case KEY_DELAYED_ACK:
		v->on = f->delayed_ack;
		break;
	case KEY_ACK_DELAY:
		v->time_ns = f->ack_delay_ns;
		break;
	case KEY_WINDOW_SCALE:
		v->on = f->window_scale;
		break;
	case KEY_SWS_AVOIDANCE:
		v->on = f->sws_avoidance != SWS_OFF;
		v->choice = (int)f->sws_avoidance;
		break;
	case KEY_ACK_POLICY:
		v->choice = (int)f->ack_policy;
		break;
	case KEY_RTO_CLAMP:
		v->choice = (int)f->rto_clamp;
		break;
	case KEY_WINDOW_PROBE:
		v->choice = (int)f->window_probe;
		break;
	/* loss detection and recovery */
	case KEY_SACK:
		v->on = f->sack;
		break;
	case KEY_LIMITED_TRANSMIT:
		v->on = f->limited_transmit;
		break;
	case KEY_CAREFUL_TIMEOUT:
		v->on = f->careful_timeout;
		break;
	case KEY_STACK:
		v->choice = (int)f->stack;
		break;
	/* congestion control growth and idle */
	case KEY_BYTE_COUNTING:
		v->on = f->byte_counting;
		break;
	case KEY_HYSTART:
		v->on = f->hystart != HYSTART_OFF;
		v->choice = (int)f->hystart;
		break;
	case KEY_RESTART_AFTER_IDLE:
		v->on = f->restart_after_idle;
		break;
	case KEY_CUBIC_VARIANT:
		v->choice = (int)f->cubic_variant;
		break;
	case KEY_TIMESTAMPS:
		v->on = f->timestamps;
		break;
	/* ECN and the latency probe */
	case KEY_ECN:
		v->on = f->ecn;
		break;
	case KEY_APP:
		v->choice = (int)f->app;
		break;
	case KEY_PING_INTERVAL:
		v->time_ns = f->ping_interval_ns;
		break;
	case KEY_PING_SIZE:
		v->u = f->ping_size;
		break;
	/* how Linux's sender packs segments and wakes its writer */
	case KEY_GSO:
		v->choice = (int)f->gso;
		break;
	case KEY_WRITE_WAKEUP:
		v->choice = (int)f->write_wakeup;
		break;
	case KEY_PATH: /* a list: its length stands for it (0: default) */
		v->u = f->n_path;
		break;
	/* records, throttling and load shedding on lag */
	case KEY_RECORD_SIZE:
		v->u = f->record_size;
		break;
	case KEY_WRITE_BURST:
		v->u = f->write_burst;
		break;
	case KEY_SHED_WHEN_LAG_EXCEEDS:
		v->time_ns = f->shed_lag_ns;
		break;
	/* a relay's keys (they come after the flow's): a flow holds none,
	 * and reads as the empty value */
	case KEY_RELAY_FROM:
	case KEY_RELAY_TO:
	case KEY_RELAY_BUFFER:
	case KEY_RELAY_PROCESS_RATE:
	case KEY_RELAY_DISPATCH:
		break;
	default:
		assert(!"not a [flow] key with a value (drop_segments?)");
	}
}

static void
relay_get(const struct relay_config *r, enum setting_key key,
	  struct setting_value *v)
{
	switch (key) {
	case KEY_RELAY_BUFFER:
		v->u = r->buffer;
		break;
	case KEY_RELAY_PROCESS_RATE:
		v->u = r->process_rate_bps;
		break;
	case KEY_ON_FULL:
		v->choice = (int)r->on_full;
		break;
	case KEY_RELAY_DISPATCH:
		v->choice = (int)r->dispatch;
		break;
	default:
		assert(!"not a [relay] key with a value (from, to?)");
	}
}

void
scenario_get(const struct scenario *sc, enum setting_target target, size_t flow,
	     enum setting_key key, struct setting_value *out)
{
	memset(out, 0, sizeof *out);
	switch (target) {
	case TARGET_SIMULATION:
		simulation_get(&sc->sim, key, out);
		break;
	case TARGET_LINK: /* `flow` is the link id */
		link_get(scenario_link(sc, flow), key, out);
		break;
	case TARGET_FLOW:
		assert(flow < sc->n_flows);
		flow_get(&sc->flows[flow], key, out);
		break;
	case TARGET_RELAY:
		assert(flow < sc->n_relays);
		relay_get(&sc->relays[flow], key, out);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Values as text                                                      */
/* ------------------------------------------------------------------ */

/*
 * "30s", "20ms", "1500us": the largest unit that is exact; otherwise
 * decimals of the largest unit below the value ("12.345678901s", which
 * reads better than "12345678901ns" and parses back exactly); "7ns".
 */
static void
time_text(char *buf, size_t size, int64_t ns)
{
	static const struct {
		int64_t ns;
		const char *name;
		int digits; /* decimals of a nanosecond in this unit */
	} units[] = {{1000000000, "s", 9}, {1000000, "ms", 6}, {1000, "us", 3}};
	size_t i;

	if (ns == 0) {
		snprintf(buf, size, "0s");
		return;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (ns % units[i].ns == 0) {
			snprintf(buf, size, "%" PRId64 "%s", ns / units[i].ns,
				 units[i].name);
			return;
		}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (ns >= units[i].ns) {
			char frac[16];
			int len = snprintf(frac, sizeof frac, "%0*" PRId64,
					   units[i].digits, ns % units[i].ns);

			while (len > 0 && frac[len - 1] == '0')
				frac[--len] = '\0';
			snprintf(buf, size, "%" PRId64 ".%s%s",
				 ns / units[i].ns, frac, units[i].name);
			return;
		}
	snprintf(buf, size, "%" PRId64 "ns", ns);
}

/*
 * `v` in `unit` with up to three decimals when that is exact
 * ("1.5Mbit/s"); false when it is not.
 */
static bool
decimal_text(char *buf, size_t size, uint64_t v, uint64_t unit,
	     const char *name)
{
	uint64_t whole, milli;
	char frac[8];
	int len;

	if (v < unit || v % (unit / 1000) != 0)
		return false;
	whole = v / unit;
	milli = (v % unit) / (unit / 1000);
	if (milli == 0) {
		snprintf(buf, size, "%" PRIu64 "%s", whole, name);
		return true;
	}
	len = snprintf(frac, sizeof frac, "%03" PRIu64, milli);
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = '\0';
	snprintf(buf, size, "%" PRIu64 ".%s%s", whole, frac, name);
	return true;
}

static void
rate_text(char *buf, size_t size, uint64_t bps)
{
	if (bps == SCENARIO_UNLIMITED)
		snprintf(buf, size, "unlimited");
	else if (bps == 0)
		snprintf(buf, size, "0");
	else if (!decimal_text(buf, size, bps, UINT64_C(1000000000),
			       "Gbit/s") &&
		 !decimal_text(buf, size, bps, UINT64_C(1000000), "Mbit/s") &&
		 !decimal_text(buf, size, bps, UINT64_C(1000), "kbit/s"))
		snprintf(buf, size, "%" PRIu64 "bit/s", bps);
}

static void
size_text(char *buf, size_t size, uint64_t bytes)
{
	static const struct {
		uint64_t factor;
		const char *name;
	} units[] = {
		{UINT64_C(1) << 30, "GiB"}, {UINT64_C(1) << 20, "MiB"},
		{UINT64_C(1) << 10, "KiB"}, {UINT64_C(1000000000), "GB"},
		{UINT64_C(1000000), "MB"},  {UINT64_C(1000), "KB"},
	};
	size_t i;

	if (bytes == SCENARIO_UNLIMITED) {
		snprintf(buf, size, "unlimited");
		return;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (bytes != 0 && bytes % units[i].factor == 0) {
			snprintf(buf, size, "%" PRIu64 "%s",
				 bytes / units[i].factor, units[i].name);
			return;
		}
	snprintf(buf, size, "%" PRIu64 "B", bytes);
}

/*
 * The fewest decimals that units_parse_probability() reads back as the
 * same double.  Built from integers: printf's %f follows LC_NUMERIC.
 */
static void
probability_text(char *buf, size_t size, double p)
{
	uint64_t scale = 1;
	int decimals;
	double back;

	for (decimals = 0; decimals <= 17; decimals++, scale *= 10) {
		uint64_t scaled = (uint64_t)(p * (double)scale + 0.5);
		uint64_t whole = scaled / scale;
		uint64_t frac = scaled % scale;

		if (decimals == 0)
			snprintf(buf, size, "%" PRIu64, whole);
		else
			snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, whole,
				 decimals, frac);
		if (units_parse_probability(buf, &back, NULL, 0) == 0 &&
		    back == p)
			return;
	}
	/* 17 decimals always name the double closest to p; keep them. */
}

/* The keys whose 0 is written `none` (off). */
static bool
key_none_is_zero(enum setting_key key)
{
	return key == KEY_RECORD_SIZE || key == KEY_WRITE_BURST ||
	       key == KEY_SHED_WHEN_LAG_EXCEEDS;
}

char *
scenario_format_value(char *buf, size_t size, enum setting_key key,
		      const struct setting_value *v)
{
	if (key_none_is_zero(key) && v->u == 0 && v->time_ns == 0) {
		snprintf(buf, size, "none");
		return buf;
	}
	switch (write_kind(key)) {
	case WRITE_TIME:
		time_text(buf, size, v->time_ns);
		break;
	case WRITE_RATE:
		rate_text(buf, size, v->u);
		break;
	case WRITE_SIZE:
		size_text(buf, size, v->u);
		break;
	case WRITE_QUEUE:
		if (v->packets)
			snprintf(buf, size, "%" PRIu64 " packets", v->u);
		else
			size_text(buf, size, v->u);
		break;
	case WRITE_COUNT:
		snprintf(buf, size, "%" PRIu64, v->u);
		break;
	case WRITE_PROBABILITY:
		probability_text(buf, size, v->prob);
		break;
	case WRITE_SWITCH:
		snprintf(buf, size, "%s", v->on ? "on" : "off");
		break;
	case WRITE_CC:
		snprintf(buf, size, "%s",
			 scenario_cc_name((enum cc_kind)v->choice));
		break;
	case WRITE_ON_FULL:
		snprintf(buf, size, "%s",
			 scenario_on_full_name((enum on_full)v->choice));
		break;
	case WRITE_SEGMENTS:
	case WRITE_NAMES:
		assert(!"drop_segments, from, to: no struct setting_value");
		snprintf(buf, size, "none");
		break;
	case WRITE_NAGLE:
		/* v->on alone says off or on; v->choice >= 2 names an
		 * extra word (minshall, linux) */
		snprintf(buf, size, "%s",
			 !v->on		  ? "off"
			 : v->choice >= 2 ? scenario_choice_word(key, v->choice)
					  : "on");
		break;
	case WRITE_CHOICE:
		snprintf(buf, size, "%s", scenario_choice_word(key, v->choice));
		break;
	}
	return buf;
}

char *
scenario_format_path(char *buf, size_t size, const struct scenario *sc,
		     enum setting_target target, size_t flow,
		     enum setting_key key)
{
	const char *owner = "simulation";

	if (target == TARGET_LINK)
		owner = scenario_link_name(sc, flow);
	else if (target == TARGET_FLOW)
		owner = sc->flows[flow].name;
	else if (target == TARGET_RELAY)
		owner = sc->relays[flow].name;
	snprintf(buf, size, "%s.%s", owner, scenario_key_name(key));
	return buf;
}

void
scenario_entry_text(struct timeline_entry *e, const struct scenario *sc)
{
	char path[SCENARIO_NAME_MAX + 32];
	char value[64];
	char line[sizeof path + sizeof value + 4];
	size_t len;

	scenario_format_path(path, sizeof path, sc, e->target, e->flow, e->key);
	scenario_format_value(value, sizeof value, e->key, &e->value);
	snprintf(line, sizeof line, "%s = %s", path, value);
	/* The longest path and value fit; a cut is only a shorter label. */
	len = strlen(line);
	if (len >= sizeof e->text)
		len = sizeof e->text - 1;
	memcpy(e->text, line, len);
	e->text[len] = '\0';
}

/* ------------------------------------------------------------------ */
/* Values in the file's own units                                      */
/* ------------------------------------------------------------------ */

/*
 * Parse `text` as a value of `key` into *v (the members the key uses);
 * false when it does not parse.  Only the kinds with units take part.
 */
static bool
kept_parse(enum setting_key key, const char *text, struct setting_value *v)
{
	memset(v, 0, sizeof *v);
	switch (write_kind(key)) {
	case WRITE_TIME:
		return units_parse_time(text, &v->time_ns, NULL, 0) == 0;
	case WRITE_RATE:
		return units_parse_rate(text, true, &v->u, NULL, 0) == 0;
	case WRITE_SIZE:
		return units_parse_size(text, true, &v->u, NULL, 0) == 0;
	case WRITE_QUEUE:
		return units_parse_queue(text, &v->u, &v->packets, NULL, 0) ==
		       0;
	case WRITE_PROBABILITY:
		return units_parse_probability(text, &v->prob, NULL, 0) == 0;
	default:
		return false;
	}
}

/* Do `a` and `b` hold the same value of `key`? */
static bool
kept_same(enum setting_key key, const struct setting_value *a,
	  const struct setting_value *b)
{
	switch (write_kind(key)) {
	case WRITE_TIME:
		return a->time_ns == b->time_ns;
	case WRITE_QUEUE:
		return a->u == b->u && a->packets == b->packets;
	case WRITE_PROBABILITY:
		return a->prob == b->prob;
	default:
		return a->u == b->u;
	}
}

static uint64_t
kept_gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * `v` as a number of `factor` with the fewest decimals (up to 3) that are
 * exact, followed by `unit_sep` ("ms", " packets"); false when 3 are not
 * enough.  Integers only: (v * 10^d) / factor is whole exactly when
 * factor / gcd(factor, 10^d) divides v, and that never overflows.
 */
static bool
kept_in_unit(char *buf, size_t size, uint64_t v, uint64_t factor,
	     const char *unit_sep)
{
	uint64_t scale = 1;
	int d;

	for (d = 0; d <= 3; d++, scale *= 10) {
		uint64_t g = kept_gcd(factor, scale);

		if (v % (factor / g) != 0)
			continue;
		if (d == 0)
			snprintf(buf, size, "%" PRIu64 "%s", v / factor,
				 unit_sep);
		else
			snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64 "%s",
				 v / factor, d,
				 (v % factor) / (factor / g) * (scale / g),
				 unit_sep);
		return true;
	}
	return false;
}

/* A probability as a percentage ("2.5%"), fewest decimals that read back. */
static bool
kept_percent(char *buf, size_t size, double p, const char *unit_sep)
{
	uint64_t scale = 1;
	int d;
	double back;

	for (d = 0; d <= 9; d++, scale *= 10) {
		uint64_t scaled = (uint64_t)(p * 100.0 * (double)scale + 0.5);

		if (d == 0)
			snprintf(buf, size, "%" PRIu64 "%s", scaled, unit_sep);
		else
			snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64 "%s",
				 scaled / scale, d, scaled % scale, unit_sep);
		if (units_parse_probability(buf, &back, NULL, 0) == 0 &&
		    back == p)
			return true;
	}
	return false;
}

/*
 * `v` of `key` written as the file wrote the key (`kept`, its key_text):
 * the very text when it still reads as `v`; otherwise `v` in the same
 * unit, with the same blank before it, when that is exact and reads back
 * as `v`.  False for no kept text, a value with no unit ("unlimited",
 * a count), a new value of 0 or an inexact one: the caller writes its
 * own spelling.
 */
static bool
kept_text(char *buf, size_t size, enum setting_key key,
	  const struct setting_value *v, const char *kept)
{
	struct setting_value parsed, one;
	char unit_one[SCENARIO_VALUE_TEXT + 2];
	const char *unit_sep = kept;
	uint64_t value, factor;
	bool ok;

	if (kept == NULL || kept[0] == '\0' || !kept_parse(key, kept, &parsed))
		return false;
	if (kept_same(key, &parsed, v) && strlen(kept) < size) {
		strcpy(buf, kept);
		return true;
	}
	/* the unit: what follows the number, blanks before it kept */
	while ((*unit_sep >= '0' && *unit_sep <= '9') || *unit_sep == '.')
		unit_sep++;
	if (unit_sep == kept || unit_sep[strspn(unit_sep, " \t")] == '\0')
		return false;
	if (write_kind(key) == WRITE_PROBABILITY) {
		if (strcmp(unit_sep + strspn(unit_sep, " \t"), "%") != 0)
			return false;
		ok = v->prob != 0 && kept_percent(buf, size, v->prob, unit_sep);
	} else {
		/* one of the unit, parsed as the reader would */
		snprintf(unit_one, sizeof unit_one, "1%s", unit_sep);
		if (!kept_parse(key, unit_one, &one))
			return false;
		if (write_kind(key) == WRITE_TIME) {
			value = (uint64_t)v->time_ns;
			factor = (uint64_t)one.time_ns;
		} else {
			if (v->u == SCENARIO_UNLIMITED ||
			    one.packets != v->packets)
				return false;
			value = v->u;
			factor = one.u;
		}
		/* 0 is the same in every unit, and the writer's "0" says so */
		ok = value != 0 && factor > 0 &&
		     kept_in_unit(buf, size, value, factor, unit_sep);
	}
	/* whatever was made must read back as the value itself */
	return ok && kept_parse(key, buf, &parsed) &&
	       kept_same(key, &parsed, v);
}

/* The value of a key of `sc` in the file's units (kept_text()) or ours. */
static char *
kept_or_format(char *buf, size_t size, const struct scenario *sc,
	       enum setting_target target, size_t flow, enum setting_key key,
	       const struct setting_value *v)
{
	const char *kept = target == TARGET_FLOW
				   ? flow_key_text(&sc->flows[flow], key)
			   : target == TARGET_RELAY
				   ? sc->relays[flow].key_text[key]
				   : sc->key_text[key];

	if (target == TARGET_LINK && flow != SCENARIO_DEFAULT_LINK)
		kept = sc->links[flow - 1].key_text[key]; /* [link NAME] */

	if (!kept_text(buf, size, key, v, kept))
		scenario_format_value(buf, size, key, v);
	return buf;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */
/* ------------------------------------------------------------------ */

/*
 * The separator of a list of `n` items whose text is `items` bytes, after
 * `key` bytes of "KEY = ": ", " when the line fits what the reader takes
 * (INI_LINE_MAX), else ",".  A list read from a file fits with commas
 * alone, as it was read; with a space after each it may not, and the
 * written file would not read back.
 */
static const char *
list_separator(size_t key, size_t items, size_t n)
{
	return key + items + 2 * (n > 0 ? n - 1 : 0) <= INI_LINE_MAX ? ", "
								     : ",";
}

static void
write_segments(FILE *out, const struct flow_config *f)
{
	const char *sep;
	size_t i, digits = 0;
	char buf[24];

	for (i = 0; i < f->n_drop_segments; i++)
		digits += (size_t)snprintf(buf, sizeof buf, "%" PRIu64,
					   f->drop_segments[i]);
	sep = list_separator(strlen("drop_segments = "), digits,
			     f->n_drop_segments);
	fputs("drop_segments = ", out);
	if (f->n_drop_segments == 0)
		fputs("none", out);
	for (i = 0; i < f->n_drop_segments; i++)
		fprintf(out, "%s%" PRIu64, i > 0 ? sep : "",
			f->drop_segments[i]);
	fputc('\n', out);
}

/* A relay's from or to: "to = a, b". */
static void
write_relay_names(FILE *out, const struct relay_config *r, enum setting_key key)
{
	const char *sep;
	size_t i, names = 0;

	if (key == KEY_RELAY_FROM) {
		fprintf(out, "from = %s\n", r->from);
		return;
	}
	for (i = 0; i < r->n_to; i++)
		names += strlen(r->to[i]);
	sep = list_separator(strlen("to = "), names, r->n_to);
	fputs("to = ", out);
	for (i = 0; i < r->n_to; i++)
		fprintf(out, "%s%s", i > 0 ? sep : "", r->to[i]);
	fputc('\n', out);
}

/* A flow's path, only when it has one: a file that names no link is
 * written as before named links existed. */
static void
write_path(FILE *out, const struct scenario *sc, const struct flow_config *f)
{
	size_t i;

	if (f->n_path == 0)
		return;
	fputs("path = ", out);
	for (i = 0; i < f->n_path; i++)
		fprintf(out, "%s%s", i > 0 ? ", " : "",
			scenario_link_name(sc, f->path[i]));
	fputc('\n', out);
}

/* Every key of one section, in the order of enum setting_key. */
static void
write_section(FILE *out, const struct scenario *sc, enum setting_target target,
	      size_t flow)
{
	struct setting_value v;
	char value[64];
	int k;

	for (k = 0; k < KEY_COUNT; k++) {
		enum setting_key key = (enum setting_key)k;

		if (key_target(key) != target)
			continue;
		if (key == KEY_DROP_SEGMENTS) {
			write_segments(out, &sc->flows[flow]);
			continue;
		}
		if (key == KEY_PATH) {
			write_path(out, sc, &sc->flows[flow]);
			continue;
		}
		if (key == KEY_RELAY_FROM || key == KEY_RELAY_TO) {
			write_relay_names(out, &sc->relays[flow], key);
			continue;
		}
		if (key == KEY_RELAY_DISPATCH) { /* on_full, shared */
			scenario_get(sc, target, flow, KEY_ON_FULL, &v);
			fprintf(out, "on_full = %s\n",
				kept_or_format(value, sizeof value, sc, target,
					       flow, KEY_ON_FULL, &v));
		}
		/* records and throttling: a file without them stays as it
		 * was written before they existed */
		if (key_none_is_zero(key) && target == TARGET_FLOW &&
		    flow_key_line(&sc->flows[flow], key) ==
			    SCENARIO_LINE_DEFAULT) {
			scenario_get(sc, target, flow, key, &v);
			if (v.u == 0 && v.time_ns == 0)
				continue;
		}
		/* the probe's keys are an error on another flow */
		if ((key == KEY_PING_INTERVAL || key == KEY_PING_SIZE) &&
		    sc->flows[flow].app != APP_PING)
			continue;
		scenario_get(sc, target, flow, key, &v);
		fprintf(out, "%s = %s\n", scenario_key_name(key),
			kept_or_format(value, sizeof value, sc, target, flow,
				       key, &v));
	}
}

/*
 * The time of a [timeline] entry: as the file wrote it ("1.5s" stays
 * 1.5s, not 1500ms) when that text is kept and reads back as the same
 * time; otherwise in the largest unit that is exact.
 */
static void
timeline_time_text(char *buf, size_t size, const struct timeline_entry *e)
{
	char err[128];
	int64_t ns;

	if (e->time_text[0] != '\0' &&
	    units_parse_time(e->time_text, &ns, err, sizeof err) == 0 &&
	    ns == e->at_ns && strlen(e->time_text) < size) {
		strcpy(buf, e->time_text);
		return;
	}
	time_text(buf, size, e->at_ns);
}

int
scenario_write(FILE *out, const struct scenario *sc)
{
	char when[32], path[SCENARIO_NAME_MAX + 32], value[64];
	size_t i;

	/* a lesson's file opens with its comments: what to ask, to watch */
	if (sc->lesson != NULL && sc->lesson->header != NULL)
		fprintf(out, "%s\n", sc->lesson->header);
	fputs("[simulation]\n", out);
	write_section(out, sc, TARGET_SIMULATION, 0);
	fputs("\n[link]\n", out);
	write_section(out, sc, TARGET_LINK, 0);
	for (i = 0; i < sc->n_links; i++) {
		fprintf(out, "\n[link %s]\n", sc->links[i].name);
		write_section(out, sc, TARGET_LINK, i + 1);
	}
	for (i = 0; i < sc->n_flows; i++) {
		fprintf(out, "\n[flow %s]\n", sc->flows[i].name);
		write_section(out, sc, TARGET_FLOW, i);
	}
	for (i = 0; i < sc->n_relays; i++) {
		fprintf(out, "\n[relay %s]\n", sc->relays[i].name);
		write_section(out, sc, TARGET_RELAY, i);
	}
	if (sc->n_timeline > 0)
		fputs("\n[timeline]\n", out);
	for (i = 0; i < sc->n_timeline; i++) {
		const struct timeline_entry *e = &sc->timeline[i];

		timeline_time_text(when, sizeof when, e);
		fprintf(out, "%s: %s = %s\n", when,
			scenario_format_path(path, sizeof path, sc, e->target,
					     e->flow, e->key),
			kept_or_format(value, sizeof value, sc, e->target,
				       e->flow, e->key, &e->value));
	}
	/* [lesson] last, as the teacher wrote it (lesson.h) */
	if (sc->lesson != NULL && sc->lesson->section != NULL)
		fprintf(out, "\n%s", sc->lesson->section);
	return ferror(out) ? -1 : 0;
}
