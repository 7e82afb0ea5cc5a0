/* SPDX-License-Identifier: ISC */
/*
 * set.c: `--set SECTION.KEY=VALUE`, one assignment over a loaded
 * scenario, checked like a line of a file.
 */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "scenario/ini.h"
#include "scenario/scenario_internal.h"
#include "util/xmalloc.h"

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
			scenario_quote(q, assignment));
		goto out;
	}
	*eq = '\0';
	path = ini_trim(copy);
	value = ini_trim(eq + 1);
	if (scenario_path_resolve(sc, path, "", &pt, err, sizeof err) < 0) {
		fprintf(errs, "--set: %s\n", err);
		goto out;
	}
	if (keys_setting_store(sc, pt.target, pt.flow, pt.key, value, err,
			       sizeof err) < 0) {
		fprintf(errs, "--set: %s = %s: %s\n", scenario_quote(q, path),
			scenario_quote(q2, value), err);
		goto out;
	}
	keys_note(sc, pt.target, pt.flow, pt.key, SCENARIO_LINE_SET, value);
	rc = 0;
out:
	free(copy);
	return rc;
}
