/* SPDX-License-Identifier: ISC */
/* check_path.c: `tcpsim check` on a path of named links; see check_path.h. */
#include "cli/check_path.h"

#include <stdio.h>

#include "sim/time.h"
#include "trace/format.h"

/* A rate in bit/s as a double; "unlimited" stays recognizable as 2^64. */
static double
check_path_rate(uint64_t bps)
{
	return (double)bps;
}

uint64_t
check_path_ack(const struct scenario *sc, const struct flow_config *f,
	       size_t id)
{
	/* the default link's header is in the overhead: swap in this one's */
	return (uint64_t)scenario_packet_overhead(sc, f) -
	       sc->link.header_bytes + scenario_link(sc, id)->header_bytes;
}

uint64_t
check_path_packet(const struct scenario *sc, const struct flow_config *f,
		  size_t id)
{
	return (uint64_t)f->mss + check_path_ack(sc, f, id);
}

void
check_path_compute(const struct scenario *sc, const struct flow_config *f,
		   struct check_path *out)
{
	double kept = 1.0;
	size_t i;

	out->n = scenario_flow_path(f, out->ids);
	out->bottleneck = out->ids[0];
	out->delay_ns = f->extra_delay_ns;
	out->data_ns = out->ack_ns = 0;
	for (i = 0; i < out->n; i++) {
		const struct link_config *l = scenario_link(sc, out->ids[i]);

		if (l->rate_bps < scenario_link(sc, out->bottleneck)->rate_bps)
			out->bottleneck = out->ids[i];
		out->delay_ns += l->delay_ns;
		out->data_ns +=
			time_for_bytes(check_path_packet(sc, f, out->ids[i]),
				       l->rate_bps, NULL);
		out->ack_ns +=
			time_for_bytes(check_path_ack(sc, f, out->ids[i]),
				       l->reverse_rate_bps, NULL);
		kept *= 1.0 - l->loss;
	}
	out->base_rtt_ns = 2 * out->delay_ns + out->data_ns + out->ack_ns;
	out->loss = 1.0 - kept;
}

void
check_path_print(const struct scenario *sc, const struct flow_config *f,
		 const struct check_path *p)
{
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF];
	size_t i;

	printf("  path                     ");
	for (i = 0; i < p->n; i++)
		printf("%s%s", i > 0 ? " -> " : "",
		       scenario_link_name(sc, p->ids[i]));
	printf("; ACKs come back the other way\n");
	printf("  bottleneck               %s, the slowest link of the path "
	       "(%s)\n",
	       scenario_link_name(sc, p->bottleneck),
	       format_rate(
		       a, sizeof a,
		       check_path_rate(
			       scenario_link(sc, p->bottleneck)->rate_bps)));
	printf("  base RTT                 %s = 2 x %s of delay (%s",
	       format_time(a, sizeof a, p->base_rtt_ns),
	       format_time(b, sizeof b, p->delay_ns),
	       f->extra_delay_ns > 0 ? "extra_delay + " : "");
	for (i = 0; i < p->n; i++)
		printf("%s%s", i > 0 ? " + " : "",
		       scenario_link_name(sc, p->ids[i]));
	printf(")\n");
	for (i = 0; i < p->n; i++) {
		const struct link_config *l = scenario_link(sc, p->ids[i]);

		printf("                           + %s to send a %llu B "
		       "packet at %s (%s)\n",
		       format_time(a, sizeof a,
				   time_for_bytes(
					   check_path_packet(sc, f, p->ids[i]),
					   l->rate_bps, NULL)),
		       (unsigned long long)check_path_packet(sc, f, p->ids[i]),
		       format_rate(b, sizeof b, check_path_rate(l->rate_bps)),
		       scenario_link_name(sc, p->ids[i]));
	}
	for (i = p->n; i-- > 0;) {
		const struct link_config *l = scenario_link(sc, p->ids[i]);

		if (l->reverse_rate_bps == SCENARIO_UNLIMITED)
			continue;
		printf("                           + %s for its ACK on %s "
		       "(%llu B at %s)\n",
		       format_time(
			       a, sizeof a,
			       time_for_bytes(check_path_ack(sc, f, p->ids[i]),
					      l->reverse_rate_bps, NULL)),
		       scenario_link_name(sc, p->ids[i]),
		       (unsigned long long)check_path_ack(sc, f, p->ids[i]),
		       format_rate(c, sizeof c,
				   check_path_rate(l->reverse_rate_bps)));
	}
}

void
check_path_print_link(const struct scenario *sc, size_t id)
{
	const struct link_config *l = scenario_link(sc, id);
	char a[FORMAT_BUF], b[FORMAT_BUF], c[FORMAT_BUF], d[FORMAT_BUF];

	if (l->queue_in_packets)
		snprintf(c, sizeof c, "%llu packets",
			 (unsigned long long)l->queue_limit);
	else
		format_size(c, sizeof c, l->queue_limit);
	printf("link %-6s %s, %s each way, queue %s%s%s%s, ",
	       scenario_link_name(sc, id),
	       format_rate(a, sizeof a, check_path_rate(l->rate_bps)),
	       format_time(b, sizeof b, l->delay_ns), c,
	       l->discipline != QDISC_DROPTAIL ? " (" : "",
	       l->discipline != QDISC_DROPTAIL
		       ? scenario_choice_word(KEY_LINK_QUEUE_DISCIPLINE,
					      (int)l->discipline)
		       : "",
	       l->discipline != QDISC_DROPTAIL ? ")" : "");
	if (l->loss > 0)
		printf("%s random loss,\n",
		       format_percent(d, sizeof d, l->loss));
	else
		printf("no random loss,\n");
	printf("            %s of headers per packet, ACK path %s\n",
	       format_size(a, sizeof a, l->header_bytes),
	       format_rate(b, sizeof b, check_path_rate(l->reverse_rate_bps)));
}
