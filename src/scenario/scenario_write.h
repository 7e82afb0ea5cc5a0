/* SPDX-License-Identifier: ISC */
/*
 * scenario_write.h: a scenario as a file again.
 *
 * The inverse of scenario_load_string(): every section and every key,
 * defaults included, in the file syntax of the scenario format contract
 * (../shared/design/scenario-format.md), then the [timeline].  Writing every
 * key makes the file complete on its own: it does not depend on the
 * defaults of the tcpsim version that reads it, and a teacher sees every
 * setting in one place.
 *
 * Values are written so that reading them back gives exactly the same
 * numbers: times in the largest unit that is exact ("20ms", "1500us"),
 * rates and sizes likewise ("4Mbit/s", "64KiB", "1460B"), probabilities
 * with the fewest decimals that parse back to the same double.  Nothing is
 * written through printf's %f or %g, so the locale (the terminal UI calls
 * setlocale()) cannot turn "0.01" into "0,01".
 *
 * What is not kept: comments, the order of keys in the original file and
 * the line numbers (key_line, timeline_entry.line), which describe a file,
 * not a scenario.  timeline_entry.text is rewritten as "PATH = VALUE" with
 * the value as written here.  A [timeline] time keeps the text the file
 * gave it (timeline_entry.time_text).  A key keeps the text the file gave
 * its value (key_text, "1500ms", "64 KiB") while that still reads as the
 * value; a changed value, in the section or in the [timeline], is written
 * in that text's unit when it is exact there (up to three decimals), and
 * in the writer's own spelling otherwise.  A scenario with a [lesson] keeps
 * it as written, last, and opens with the comment lines that opened its
 * file (lesson.h): a lesson is words for a class, not settings.
 */
#ifndef TCPSIM_SCENARIO_WRITE_H
#define TCPSIM_SCENARIO_WRITE_H

#include <stddef.h>
#include <stdio.h>

#include "scenario/scenario.h"

/*
 * Write `sc` to `out`: [simulation], [link], one [flow NAME] per flow and,
 * when there is one, [timeline] in the order of sc->timeline (which must be
 * sorted by time, as the loader leaves it).  Returns 0, or -1 when the
 * stream reports an error.
 */
int scenario_write(FILE *out, const struct scenario *sc);

/* The value of `key` as written in a file ("4Mbit/s", "unlimited"). */
char *scenario_format_value(char *buf, size_t size, enum setting_key key,
			    const struct setting_value *value);

/* The timeline path of a key: "link.rate", "bulk.read_rate". */
char *scenario_format_path(char *buf, size_t size, const struct scenario *sc,
			   enum setting_target target, size_t flow,
			   enum setting_key key);

/* The current value of a key in `sc`, as scenario_apply() would store it. */
void scenario_get(const struct scenario *sc, enum setting_target target,
		  size_t flow, enum setting_key key, struct setting_value *out);

/*
 * Fill e->text with "PATH = VALUE" from e->target, e->flow, e->key and
 * e->value, as the loader does for a [timeline] line.
 */
void scenario_entry_text(struct timeline_entry *e, const struct scenario *sc);

#endif
