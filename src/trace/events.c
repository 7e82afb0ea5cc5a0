/* SPDX-License-Identifier: ISC */
/* events.c: the event CSV (see events.h). */
#include "trace/events.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "sim/observer.h"
#include "model/sim.h"
#include "trace/csv.h"
#include "trace/format.h"
#include "util/xmalloc.h"

struct events_writer {
	FILE *out; /* the caller's stream */
};

size_t
events_csv_quote(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	size_t len;

	/* Two quotes and the NUL: anything less cannot hold a field. */
	if (size < 3) {
		if (size > 0)
			dst[0] = '\0';
		return 0;
	}
	/* Room is kept for the closing quote and the NUL. */
	dst[n++] = '"';
	/* Most details hold no quote: copy them whole (the hot path). */
	len = strlen(src);
	if (memchr(src, '"', len) == NULL) {
		size_t copy = len < size - 3 ? len : size - 3;

		memcpy(dst + n, src, copy);
		n += copy;
		src += len;
	}
	for (; *src != '\0'; src++) {
		size_t need = *src == '"' ? 2 : 1;

		if (n + need + 2 > size)
			break;
		if (*src == '"')
			dst[n++] = '"';
		dst[n++] = *src;
	}
	dst[n++] = '"';
	dst[n] = '\0';
	return n;
}

/*
 * One row, built in a local buffer and written with one fwrite: the event
 * file is the largest output, and printf's format parsing per field would
 * cost more than simulating the event.
 */
static void
events_on_event(void *ctx, const struct sim *sim, const struct trace_event *ev)
{
	struct events_writer *w = ctx;
	char line[sizeof ev->detail * 2 + 256 + SCENARIO_NAME_MAX];
	const char *name = "";
	const char *s;
	size_t n;

	if (ev->flow < sim_flow_count(sim))
		name = sim_flow_name(sim, ev->flow);

	n = format_seconds(line, ev->time_ns);
	line[n++] = ',';
	/* Names are words of at most SCENARIO_NAME_MAX bytes (scenario.h). */
	for (s = name; *s != '\0' && s - name < SCENARIO_NAME_MAX; s++)
		line[n++] = *s;
	line[n++] = ',';
	for (s = trace_where_name(ev->where); *s != '\0'; s++)
		line[n++] = *s;
	line[n++] = ',';
	for (s = trace_kind_name(ev->kind); *s != '\0'; s++)
		line[n++] = *s;
	line[n++] = ',';
	n += format_u64(line + n, ev->seq);
	line[n++] = ',';
	n += format_u64(line + n, ev->ack);
	line[n++] = ',';
	n += format_u64(line + n, ev->len);
	line[n++] = ',';
	n += format_u64(line + n, ev->win);
	line[n++] = ',';
	/* detail is a fixed array: bound it even if it lacks its NUL. */
	{
		char detail[sizeof ev->detail];

		memcpy(detail, ev->detail, sizeof detail);
		detail[sizeof detail - 1] = '\0';
		n += events_csv_quote(line + n, sizeof line - n - 1, detail);
	}
	line[n++] = '\n';
	fwrite(line, 1, n, w->out);
}

struct events_writer *
events_writer_attach(struct sim *sim, FILE *out, bool comments)
{
	struct events_writer *w = xcalloc(1, sizeof *w);
	struct sim_observer obs = {.on_event = events_on_event, .ctx = w};

	w->out = out;
	if (comments)
		csv_write_comments(out, sim_scenario(sim)->name, sim_seed(sim));
	fputs(EVENTS_HEADER "\n", out);
	sim_add_observer(sim, &obs);
	return w;
}

void
events_writer_free(struct events_writer *w)
{
	free(w);
}
