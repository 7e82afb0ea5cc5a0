/* SPDX-License-Identifier: ISC */
/* chain.c: why a sender is held back, hop by hop (see chain.h). */
#include "ui/chain.h"

#include <stdio.h>
#include <string.h>

#include "trace/format.h"

/* Append "text" (after `sep` unless it is the first step) to buf. */
static void
chain_step(char *buf, size_t size, size_t *len, size_t *steps, const char *sep,
	   const char *text)
{
	int n;

	if (size == 0 || *len >= size - 1) {
		(*steps)++;
		return;
	}
	n = snprintf(buf + *len, size - *len, "%s%s", *steps > 0 ? sep : "",
		     text);
	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - 1 - *len;
	(*steps)++;
}

/* What the flow's own state says, "upload: zero window". */
static void
chain_flow_state(const struct chain_flow *f, char *out, size_t size)
{
	const char *what;

	switch (f->limited_by) {
	case LIMITED_ZERO_WINDOW:
		what = "zero window";
		break;
	case LIMITED_RWND:
		what = "limited by rwnd";
		break;
	case LIMITED_CWND:
		what = "limited by cwnd";
		break;
	case LIMITED_RECOVERY:
		what = "in recovery";
		break;
	case LIMITED_SNDBUF:
		what = "send buffer full";
		break;
	case LIMITED_APP:
		what = "waits for data";
		break;
	case LIMITED_NAGLE:
		what = "Nagle holds a small segment";
		break;
	case LIMITED_NONE:
	default:
		what = "sending";
		break;
	}
	snprintf(out, size, "%s: %s", f->name, what);
}

size_t
chain_explain(const struct chain *c, size_t flow, const char *sep, char *buf,
	      size_t size)
{
	size_t len = 0, steps = 0;
	char text[160], rate[FORMAT_BUF];
	/* each flow once: a loop in the figures cannot make this spin (a
	 * chain longer than CHAIN_HOPS_MAX flows is cut there) */
	size_t seen[CHAIN_HOPS_MAX], n_seen = 0;

	if (size > 0)
		buf[0] = '\0';
	while (flow < c->n_flows && n_seen < CHAIN_HOPS_MAX) {
		const struct chain_flow *f = &c->flows[flow];
		const struct chain_relay *r;
		size_t next = CHAIN_NONE;

		for (size_t k = 0; k < n_seen; k++)
			if (seen[k] == flow)
				return steps;
		seen[n_seen++] = flow;

		chain_flow_state(f, text, sizeof(text));
		chain_step(buf, size, &len, &steps, sep, text);
		if (f->limited_by != LIMITED_ZERO_WINDOW &&
		    f->limited_by != LIMITED_RWND)
			break; /* its own state is the story */
		if (f->reader_relay == CHAIN_NONE) {
			if (f->consumer_stopped) {
				chain_step(buf, size, &len, &steps, sep,
					   "consumer stopped");
			} else if (f->consumer_rate_bps != UINT64_MAX) {
				format_rate(rate, sizeof(rate),
					    (double)f->consumer_rate_bps);
				snprintf(text, sizeof(text),
					 "consumer reads %s", rate);
				chain_step(buf, size, &len, &steps, sep, text);
			}
			break;
		}
		if (f->reader_relay >= c->n_relays)
			break;
		r = &c->relays[f->reader_relay];
		if (!r->full)
			break; /* the relay keeps up: the window is small */
		snprintf(text, sizeof(text), "%s: buffer full", r->name);
		chain_step(buf, size, &len, &steps, sep, text);
		for (size_t k = 0; k < r->n_to; k++)
			if (r->to[k] < c->n_flows &&
			    c->flows[r->to[k]].writer_blocked) {
				next = r->to[k];
				break;
			}
		if (next == CHAIN_NONE) {
			if (r->process_bps == 0) {
				snprintf(text, sizeof(text),
					 "%s: processing stopped", r->name);
				chain_step(buf, size, &len, &steps, sep, text);
			} else if (r->process_bps != UINT64_MAX) {
				format_rate(rate, sizeof(rate),
					    (double)r->process_bps);
				snprintf(text, sizeof(text), "%s processes %s",
					 r->name, rate);
				chain_step(buf, size, &len, &steps, sep, text);
			}
			break;
		}
		flow = next;
	}
	return steps;
}
