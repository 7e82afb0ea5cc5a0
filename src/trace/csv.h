/* SPDX-License-Identifier: ISC */
/*
 * csv.h: the time-series CSV (`tcpsim run --csv FILE`).
 *
 * The header row on line 1 (so that pandas.read_csv(), csv.DictReader and
 * spreadsheets read it as it is), then one row per flow at every on_sample
 * callback of the simulator (every sample_interval, and once more at the end).
 * The columns are the contract of ../shared/design/cli-and-outputs.md, in that
 * order.
 *
 * Empty fields mean "no value": cwnd_bytes when cc = none (the window is
 * the receiver's alone), ssthresh_bytes before the first loss (it is
 * infinite), srtt_ms before the first RTT sample.  gnuplot (with
 * `set datafile separator ","`) and spreadsheets treat an empty field as
 * missing, where a huge number or a 0 would wreck the plot's scale.
 */
#ifndef TCPSIM_CSV_H
#define TCPSIM_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct sim;

/* The header row, without its newline. */
#define CSV_HEADER                                                             \
	"time_s,flow,cwnd_bytes,ssthresh_bytes,rwnd_bytes,inflight_bytes,"     \
	"send_buffer_bytes,recv_buffer_bytes,queue_packets,queue_bytes,"       \
	"delivered_bytes,read_bytes,goodput_bps,srtt_ms,rto_ms,"               \
	"retransmits,drops,limited_by"

/*
 * Columns a latency scenario (sim_reports_latency(): a queue discipline
 * other than drop-tail, ECN, or a probe flow) adds at the end of each
 * row; other scenarios' CSV is as it always was.
 *   queue_delay_ms: mean sojourn time (enqueue to leaving the
 *     bottleneck) of the packets that left it during the last interval,
 *     empty if none did.  The same for every flow's row of an instant.
 *   ping_rtt_ms: a probe flow's latest round trip, empty for a TCP flow
 *     and before the first reply.
 *   ping_p50_ms, ping_p99_ms, ping_max_ms: a probe flow's round trips
 *     from the start to this row (as in the summary), empty likewise.
 */
#define CSV_LATENCY_COLUMNS                                                    \
	",queue_delay_ms,ping_rtt_ms,ping_p50_ms,ping_p99_ms,ping_max_ms"

/*
 * Columns a scenario with records or relays (scenario_uses_records():
 * a [relay], a record_size or a shed_when_lag_exceeds) adds at the end
 * of each row, after the latency columns when there are both; other
 * scenarios' CSV is as it always was.  Counts are cumulative; lag is as
 * tcpsim-scenario(5) defines it (sim.h, struct lag_snapshot).
 *   records_written, records_read: the flow's records (0 without
 *     record_size), counted where their first byte is.
 *   lag_records, lag_bytes: written into the flow and not yet read out.
 *   time_lag_ms: age of the oldest unread byte (its write time at the
 *     chain's producer), empty when nothing is unread.
 *   shedding: 1 while the producer sheds writes on lag.
 *   relay: the relay reading this flow, empty for an application.
 *   relay_buffer_bytes, relay_held_records, relay_reading (1, or 0 when
 *     full and on_full = block), relay_dropped_bytes: that relay's store;
 *     empty without one.
 */
#define CSV_RECORD_COLUMNS                                                     \
	",records_written,records_read,lag_records,lag_bytes,time_lag_ms,"     \
	"shedding,relay,relay_buffer_bytes,relay_held_records,relay_reading,"  \
	"relay_dropped_bytes"

/*
 * Columns a scenario with named links ([link NAME]) adds at the very end
 * of each row (after the latency columns, if any), two per named link in
 * file order: queue_packets@NAME and queue_bytes@NAME, that link's queue
 * at the instant, as queue_packets and queue_bytes are the default
 * link's.  The same for every flow's row of an instant.
 */

struct csv_writer;

/*
 * Write the header to `out` and subscribe to `sim`'s samples.  With
 * `comments` (run --csv-comments) the '#' lines of csv_write_comments()
 * come first, for tools that skip them (gnuplot; pandas with
 * comment='#').  `out` stays the caller's; the writer must outlive the
 * run.
 */
struct csv_writer *csv_writer_attach(struct sim *sim, FILE *out, bool comments);
void csv_writer_free(struct csv_writer *w);

/*
 * The '#' lines every trace starts with: "# tcpsim VERSION",
 * "# scenario: NAME", "# seed: SEED".  Shared with the event CSV.
 */
void csv_write_comments(FILE *out, const char *scenario_name, uint64_t seed);

#endif
