/* SPDX-License-Identifier: ISC */
/* chain_fill.c: chain and stages figures from the screen model. */
#include "ui/chain_fill.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "ui/screen.h"
#include "util/xmalloc.h"

/* A rate in bits/s as the chain takes it: UINT64_MAX when unlimited. */
static uint64_t
chain_fill_rate(uint64_t bps)
{
	return bps == SCENARIO_UNLIMITED ? UINT64_MAX : bps;
}

bool
chain_fill(struct chain_fill *cf, const struct screen_model *m)
{
	size_t i;

	memset(cf, 0, sizeof(*cf));
	if (m->n_relays == 0 || m->relays == NULL || m->lags == NULL)
		return false;
	cf->flows = xcalloc(m->n_flows, sizeof(*cf->flows));
	cf->sflows = xcalloc(m->n_flows, sizeof(*cf->sflows));
	cf->relays = xcalloc(m->n_relays, sizeof(*cf->relays));
	cf->srelays = xcalloc(m->n_relays, sizeof(*cf->srelays));
	for (i = 0; i < m->n_relays; i++) {
		const struct relay_snapshot *rs = &m->relays[i];

		cf->relays[i] = (struct chain_relay){
			.name = rs->name,
			.full = !rs->reading,
			.to = rs->to_flows,
			.n_to = rs->n_to,
			.process_bps = chain_fill_rate(rs->process_rate_bps),
		};
		cf->srelays[i] = (struct stage_relay){
			.held_bytes = rs->buffer_bytes,
			.limit = rs->buffer_limit,
		};
	}
	for (i = 0; i < m->n_flows; i++) {
		const struct flow_snapshot *fs = &m->flows[i];
		const struct flow_config *fc = &m->config->flows[i];
		const struct lag_snapshot *lag = &m->lags[i];
		bool blocked = fs->producer_blocked;
		uint64_t rate = chain_fill_rate(fc->read_rate_bps);

		if (lag->writer_relay < m->n_relays) {
			const struct relay_snapshot *w =
				&m->relays[lag->writer_relay];

			blocked = w->waiting && (w->waiting_for == i ||
						 w->waiting_for == SIZE_MAX);
		}
		if (rate != UINT64_MAX && fc->readers > 1)
			rate = rate > UINT64_MAX / fc->readers
				       ? UINT64_MAX
				       : rate * fc->readers;
		cf->flows[i] = (struct chain_flow){
			.name = fc->name,
			.limited_by = fs->limited_by,
			.writer_blocked = blocked,
			.reader_relay = lag->reader_relay < m->n_relays
						? lag->reader_relay
						: CHAIN_NONE,
			.consumer_stopped = fc->read_rate_bps == 0,
			.consumer_rate_bps = rate,
		};
		cf->sflows[i] = (struct stage_flow){
			.send_bytes = fs->send_buffer_bytes,
			.send_limit = fs->send_buffer_limit,
			.recv_bytes = fs->recv_buffer_bytes,
			.recv_limit = fs->recv_buffer_limit,
			.producer_shedding =
				lag->shedding ||
				(m->shedding != NULL && m->shedding[i]),
			.has_lag = lag->record_size > 0 && lag->consumer,
			.lag_records = lag->lag_records,
			.lag_age_ns = lag->time_lag_ns,
		};
	}
	cf->chain =
		(struct chain){cf->flows, m->n_flows, cf->relays, m->n_relays};
	return true;
}

void
chain_fill_free(struct chain_fill *cf)
{
	free(cf->flows);
	free(cf->sflows);
	free(cf->relays);
	free(cf->srelays);
	memset(cf, 0, sizeof(*cf));
}

size_t
chain_fill_first(const struct screen_model *m, size_t flow)
{
	for (int hops = 0; hops < CHAIN_HOPS_MAX && flow < m->n_flows; hops++) {
		size_t w = m->lags[flow].writer_relay;

		if (w >= m->n_relays)
			break;
		flow = m->relays[w].from_flow;
	}
	return flow;
}
