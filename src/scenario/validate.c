/* SPDX-License-Identifier: ISC */
/*
 * validate.c: scenario_validate(), the checks and warnings that involve
 * several keys, made once the file and every `--set` are applied.
 */
#include "scenario/scenario.h"

#include <stdlib.h>

#include "scenario/scenario_internal.h"

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
	const struct key_info *ki = keys_info(key);
	bool is_flow = ki->target == TARGET_FLOW;
	int line = is_flow ? flow_key_line(&sc->flows[flow], key)
			   : sc->key_line[key];
	const char *owner = is_flow			? sc->flows[flow].name
			    : ki->target == TARGET_LINK ? "link"
							: "simulation";
	char *name = scenario_display_name(sc);

	/* [link NAME]: `flow` is the link id */
	if (ki->target == TARGET_LINK && flow != SCENARIO_DEFAULT_LINK) {
		line = sc->links[flow - 1].key_line[key];
		owner = sc->links[flow - 1].name;
	}

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
	char *name = scenario_display_name(sc);
	size_t i;

	scenario_copy_values(&state, sc); /* values are what it replays */
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
	char *name = scenario_display_name(sc);
	size_t i, late = 0;

	scenario_time_text(sc->sim.duration_ns, end, sizeof end);
	for (i = 0; i < sc->n_timeline; i++) {
		if (sc->timeline[i].at_ns <= sc->sim.duration_ns)
			continue;
		if (++late > WARNINGS_SHOWN)
			continue;
		scenario_time_text(sc->timeline[i].at_ns, when, sizeof when);
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
		scenario_time_text(sc->flows[i].start_ns, when, sizeof when);
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
		    flow_key_line(f, KEY_HYSTART) == SCENARIO_LINE_DEFAULT)
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
check_red(const struct scenario *sc, size_t id, FILE *errs)
{
	const struct link_config *l = scenario_link(sc, id);
	const int *key_line = id == SCENARIO_DEFAULT_LINK
				      ? sc->key_line
				      : sc->links[id - 1].key_line;
	bool asked = key_line[KEY_LINK_RED_MIN_TH] != SCENARIO_LINE_DEFAULT ||
		     key_line[KEY_LINK_RED_MAX_TH] != SCENARIO_LINE_DEFAULT;
	enum setting_key at =
		key_line[KEY_LINK_RED_MAX_TH] != SCENARIO_LINE_DEFAULT
			? KEY_LINK_RED_MAX_TH
			: KEY_LINK_RED_MIN_TH;
	size_t errors = 0;

	if (l->discipline != QDISC_RED && !asked)
		return 0;
	if (l->red_min_th_in_packets != l->red_max_th_in_packets) {
		key_origin_print(errs, sc, id, at, "");
		fprintf(errs,
			": min_th and max_th must use one unit (both packets "
			"or both bytes)\n");
		errors++;
	} else if (l->red_min_th >= l->red_max_th) {
		key_origin_print(errs, sc, id, at, "");
		fprintf(errs,
			": min_th (%llu) must be less than max_th (%llu): "
			"RED's drop probability rises between the two\n",
			(unsigned long long)l->red_min_th,
			(unsigned long long)l->red_max_th);
		errors++;
	}
	if (l->discipline == QDISC_RED && !(l->red_w_q > 0.0)) {
		key_origin_print(errs, sc, id, KEY_LINK_RED_W_Q, "");
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
		if (flow_key_line(f, keys[k]) == SCENARIO_LINE_DEFAULT)
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

	scenario_default_value(key, &v);
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
warn_discipline_keys(const struct scenario *sc, size_t id, FILE *errs)
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
	const struct link_config *l = scenario_link(sc, id);
	const int *key_line = id == SCENARIO_DEFAULT_LINK
				      ? sc->key_line
				      : sc->links[id - 1].key_line;
	enum queue_discipline d = l->discipline;
	size_t i;

	/* A discipline chosen by --set compares variants of a file that
	 * sets another's keys: nothing to warn about. */
	if (key_line[KEY_LINK_QUEUE_DISCIPLINE] == SCENARIO_LINE_SET)
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (key_line[keys[i].key] == SCENARIO_LINE_DEFAULT ||
		    d == keys[i].owner || d == keys[i].also_read ||
		    discipline_key_is_default(l, keys[i].key))
			continue;
		key_origin_print(errs, sc, id, keys[i].key, "warning: ");
		fprintf(errs, " is ignored: queue_discipline = %s\n",
			discipline_names[d]);
	}
	if (l->ecn && d == QDISC_DROPTAIL) {
		key_origin_print(errs, sc, id, KEY_LINK_ECN, "warning: ");
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

	/* every link: the default one, then each [link NAME] */
	for (i = 0; i < scenario_link_count(sc); i++)
		errors += check_red(sc, i, errs);
	for (i = 0; i < sc->n_flows; i++)
		errors += check_ping_keys(sc, i, errs);
	for (i = 0; i < scenario_link_count(sc); i++)
		warn_discipline_keys(sc, i, errs);
	errors += (size_t)scenario_links_validate(sc, errs);

	for (i = 0; i < sc->n_flows; i++) {
		errors += check_writes(sc, i, errs);
	}
	errors += check_timeline_writes(sc, errs);
	errors += relay_check(sc, errs);
	warn_after_the_end(sc, errs);
	warn_hystart_not_cubic(sc, errs);
	return errors > 0 ? -1 : 0;
}
