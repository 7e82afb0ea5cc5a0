/* SPDX-License-Identifier: ISC */
/* pcap.c: the packet capture (see pcap.h). */

/*
 * libpcap's header uses u_char and u_int, which glibc declares only with
 * its default feature set, not under -D_XOPEN_SOURCE=700 alone.  This must
 * come before the first system header.
 */
#define _DEFAULT_SOURCE

#include "config.h"

#include "trace/pcap.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "scenario/scenario.h"
#include "model/sim.h"
#include "sim/time.h"
#include "tcp/flow.h"
#include "trace/outfile.h"
#include "trace/tcpip.h"
#include "util/xmalloc.h"

/* Flow i's addresses and ports (pcap.h): RFC 5737 TEST-NET-1 and -2. */
#define ADDRS_PER_NET 254u /* .1 to .254 */
#define SENDER_PORTS  (65536u - PCAP_WRITER_SENDER_PORT)

uint32_t
pcap_writer_sender_addr(size_t flow)
{
	return TCPIP_ADDR(192, 0, 2, 1 + flow % ADDRS_PER_NET);
}

uint32_t
pcap_writer_receiver_addr(size_t flow)
{
	return TCPIP_ADDR(198, 51, 100, 1 + flow % ADDRS_PER_NET);
}

uint16_t
pcap_writer_sender_port(size_t flow)
{
	return (uint16_t)(PCAP_WRITER_SENDER_PORT + flow % SENDER_PORTS);
}

#if HAVE_PCAP

#include <pcap/pcap.h>

/*
 * The sequence number the receiver's SYN-ACK carries (its ISS).  The model's
 * ACKs carry RECEIVER_ISS + 1 (observer.h), as after a SYN-ACK with this.
 */
#define RECEIVER_ISS 0u

/*
 * The sender's side: nothing flows towards it, so the window it offers is
 * constant, the largest an unscaled field holds (its own shift is 0).
 */
#define SENDER_WINDOW 65535u
#define SENDER_WSCALE 0

/* Snaplen of "whole packets": no IPv4 packet is longer. */
#define WHOLE_PACKETS TCPIP_MAX_PACKET_BYTES

/*
 * A record's header in the file (pcap-savefile(5)): what libpcap's
 * pcap_dump() writes, in the machine's byte order as the file header
 * (written by libpcap) says; the second field holds nanoseconds, as the
 * file header's magic number says too.
 */
struct pcap_record {
	uint32_t ts_sec;  /* seconds since the epoch */
	uint32_t ts_frac; /* nanoseconds within the second */
	uint32_t caplen;  /* bytes stored */
	uint32_t len;	  /* bytes of the whole packet */
};

/*
 * Records are written in batches, with one writev(2) each: the pieces
 * are the record and packet headers, built one after the other in one
 * buffer (consecutive ones make one piece), and the payload's slices,
 * straight from the pattern's table (tcpip.h): the payload, most of the
 * file, is never copied in this process.
 */
#if defined(IOV_MAX) && IOV_MAX < 1024
#define BATCH_PIECES IOV_MAX
#else
#define BATCH_PIECES 1024 /* Linux's IOV_MAX */
#endif
/* Payload pieces this short are copied beside the headers: a piece of
 * its own costs more than copying a few bytes (a cut capture's, a
 * window probe's). */
#define COPY_MAX 64
/* The most bytes of the headers' buffer one record takes. */
#define RECORD_HEAD_MAX                                                        \
	(sizeof(struct pcap_record) + TCPIP_MAX_HEADER_BYTES +                 \
	 TCPIP_MAX_SLICES * COPY_MAX)
/* The headers' buffer: room for as many records as pieces, and more,
 * as records without payload share pieces. */
#define BATCH_HEAD_BYTES (128u * 1024)

/* One flow as the capture shows it. */
struct pcap_flow {
	uint32_t snd_addr;	/* sender address (host byte order) */
	uint32_t rcv_addr;	/* receiver address */
	uint16_t snd_port;	/* sender port (the receiver's is fixed) */
	uint32_t isn;		/* sender's initial sequence number */
	uint16_t mss;		/* MSS option of both SYNs */
	int rcv_wscale;		/* receiver's shift, -1 without window_scale */
	bool sack;		/* both SYNs carry SACK-permitted (sack = on) */
	bool ts;		/* every segment carries timestamps */
	uint32_t ack_tsval;	/* ts: the TSval of the latest ACK */
	bool ecn;		/* ECN set up in the handshake (ecn = on) */
	uint16_t synack_window; /* the SYN-ACK's (never scaled) window */
	int64_t start_ns;	/* time of the handshake */
	uint16_t id_out;	/* next IP ID, sender to receiver */
	uint16_t id_in;		/* next IP ID, receiver to sender */
	uint16_t last_window;	/* window field of the receiver's last ACK */
	bool opened;		/* handshake written */
	bool finished;		/* its last byte read (sim_completed_flow()) */
	bool closed;		/* FIN exchange written */
};

/* A handshake to write, in the order of openings. */
struct pcap_opening {
	int64_t start_ns; /* when */
	size_t flow;	  /* whose */
};

struct pcap_writer {
	pcap_t *pcap;	     /* dead handle: link type, snaplen, precision */
	struct outfile *out; /* the caller's output file */
	uint32_t snaplen;    /* bytes stored of each packet at most */
	size_t n_flows;	     /* flows of the sim */
	struct pcap_flow *flows;       /* n_flows of them */
	struct pcap_opening *openings; /* by (start time, flow index) */
	size_t next_open; /* openings[next_open] is the next handshake due */
	/* The finished flows not closed yet: only a finished flow can
	 * close, so a sample looks at these, not at every flow, in the
	 * order of their indices (the order in which it closes them).  The
	 * first n_sorted are in that order; those taken in since (at ACKs,
	 * in the order they finished) are put in order by the next sample,
	 * at once: a sort of them all at each taking costs the flows
	 * finishing times those waiting for their last ACK.  n_taken: the
	 * sim_completed_flow()s taken in so far; scratch: room to merge. */
	size_t *unclosed, *scratch;
	size_t n_unclosed, n_sorted;
	size_t n_taken;
	struct iovec pieces[BATCH_PIECES]; /* the batch, in file order */
	int n_pieces;			   /* entries of pieces */
	bool last_in_heads; /* pieces[n_pieces - 1] ends at heads + used */
	uint8_t *heads;	    /* BATCH_HEAD_BYTES: headers of the batch */
	size_t heads_used;  /* bytes of heads the batch holds */
};

bool
pcap_writer_supported(void)
{
	return true;
}

/* Write the batch out and start an empty one.  A failure is the output
 * file's to report (outfile_writev()). */
static void
pcap_writer_flush(struct pcap_writer *w)
{
	(void)outfile_writev(w->out, w->pieces, w->n_pieces);
	w->n_pieces = 0;
	w->last_in_heads = false;
	w->heads_used = 0;
}

/* Add the `n` bytes at heads + heads_used to the batch: to the last piece
 * when that ends there. */
static void
pcap_writer_add_heads(struct pcap_writer *w, size_t n)
{
	if (w->last_in_heads) {
		w->pieces[w->n_pieces - 1].iov_len += n;
	} else {
		w->pieces[w->n_pieces].iov_base = w->heads + w->heads_used;
		w->pieces[w->n_pieces].iov_len = n;
		w->n_pieces++;
		w->last_in_heads = true;
	}
	w->heads_used += n;
}

/*
 * Write one segment at simulated time t: its record header and packet
 * headers to the headers' buffer, its payload (as much as the snaplen
 * keeps) as pieces of the pattern's table, or copied when short.
 */
static void
pcap_writer_put(struct pcap_writer *w, int64_t t,
		const struct tcpip_segment *seg)
{
	struct tcpip_slice slices[TCPIP_MAX_SLICES];
	struct pcap_record rec;
	uint8_t *head;
	size_t hlen, len, caplen, n, kept;
	unsigned n_slices;

	if (w->n_pieces + 1 + TCPIP_MAX_SLICES > BATCH_PIECES ||
	    w->heads_used + RECORD_HEAD_MAX > BATCH_HEAD_BYTES)
		pcap_writer_flush(w);
	head = w->heads + w->heads_used;
	hlen = tcpip_build_headers(head + sizeof rec, seg, slices, &n_slices);
	len = hlen + seg->payload_len;
	caplen = len < w->snaplen ? len : w->snaplen;
	rec.ts_sec = (uint32_t)(t / NS_PER_S);
	rec.ts_frac = (uint32_t)(t % NS_PER_S);
	rec.caplen = (uint32_t)caplen;
	rec.len = (uint32_t)len;
	memcpy(head, &rec, sizeof rec);
	/* The headers are whole unless the snaplen is below 60 bytes. */
	kept = hlen < caplen ? hlen : caplen;
	n = sizeof rec + kept;
	caplen -= kept;
	for (unsigned i = 0; i < n_slices && caplen > 0; i++) {
		size_t piece = slices[i].len < caplen ? slices[i].len : caplen;

		caplen -= piece;
		if (piece <= COPY_MAX) {
			memcpy(head + n, slices[i].data, piece);
			n += piece;
			continue;
		}
		pcap_writer_add_heads(w, n);
		head += n;
		n = 0;
		w->pieces[w->n_pieces].iov_base = (void *)slices[i].data;
		w->pieces[w->n_pieces].iov_len = piece;
		w->n_pieces++;
		w->last_in_heads = false;
	}
	if (n > 0)
		pcap_writer_add_heads(w, n);
}

/* A segment from the sender to the receiver of flow `pf`. */
static void
pcap_writer_outbound(struct pcap_flow *pf, struct tcpip_segment *seg)
{
	*seg = (struct tcpip_segment){
		.src_addr = pf->snd_addr,
		.dst_addr = pf->rcv_addr,
		.src_port = pf->snd_port,
		.dst_port = PCAP_WRITER_RECEIVER_PORT,
		.ip_id = pf->id_out++,
		.ack = RECEIVER_ISS + 1,
		.flags = TCPIP_ACK,
		.window = SENDER_WINDOW,
		.wscale_option = -1,
	};
}

/* A segment from the receiver back to the sender of flow `pf`. */
static void
pcap_writer_inbound(struct pcap_flow *pf, struct tcpip_segment *seg)
{
	*seg = (struct tcpip_segment){
		.src_addr = pf->rcv_addr,
		.dst_addr = pf->snd_addr,
		.src_port = PCAP_WRITER_RECEIVER_PORT,
		.dst_port = pf->snd_port,
		.ip_id = pf->id_in++,
		.seq = RECEIVER_ISS + 1,
		.flags = TCPIP_ACK,
		.wscale_option = -1,
	};
}

/*
 * The three-way handshake (RFC 9293 3.5), all at the flow's start: the
 * model has no connection setup, so the capture shows one that takes no
 * time.  Its purpose is the options: Wireshark scales the window fields
 * only after seeing both SYNs carry a window-scale option (RFC 7323 1.3).
 */
static void
pcap_writer_open(struct pcap_writer *w, struct pcap_flow *pf)
{
	struct tcpip_segment seg;

	pcap_writer_outbound(pf, &seg);
	seg.seq = pf->isn;
	seg.ack = 0;
	seg.flags = TCPIP_SYN;
	if (pf->ecn) /* RFC 3168 6.1.1: an ECN-setup SYN */
		seg.flags |= TCPIP_ECE | TCPIP_CWR;
	seg.mss_option = pf->mss;
	seg.wscale_option = pf->rcv_wscale >= 0 ? SENDER_WSCALE : -1;
	seg.sack_permitted = pf->sack;
	/* The handshake's timestamps on the segments' clock (tcp/flow.h). */
	seg.ts_option = pf->ts;
	seg.tsval = flow_ts_clock(pf->start_ns);
	seg.tsecr = 0;
	pcap_writer_put(w, pf->start_ns, &seg);

	pcap_writer_inbound(pf, &seg);
	seg.seq = RECEIVER_ISS;
	seg.ack = pf->isn + 1;
	seg.flags = TCPIP_SYN | TCPIP_ACK;
	if (pf->ecn) /* an ECN-setup SYN-ACK */
		seg.flags |= TCPIP_ECE;
	seg.window = pf->synack_window;
	seg.mss_option = pf->mss;
	seg.wscale_option = pf->rcv_wscale;
	seg.sack_permitted = pf->sack;
	seg.ts_option = pf->ts;
	seg.tsval = flow_ts_clock(pf->start_ns);
	seg.tsecr = seg.tsval;
	pcap_writer_put(w, pf->start_ns, &seg);

	pcap_writer_outbound(pf, &seg);
	seg.seq = pf->isn + 1;
	seg.ts_option = pf->ts;
	seg.tsval = flow_ts_clock(pf->start_ns);
	seg.tsecr = seg.tsval;
	pcap_writer_put(w, pf->start_ns, &seg);
	pf->opened = true;
}

/*
 * Write every handshake due by time t, earliest first.  Called before
 * anything is written at time t: a handshake not yet written has a start
 * later than the last record, so the file stays in time order.
 */
static void
pcap_writer_open_due(struct pcap_writer *w, int64_t t)
{
	while (w->next_open < w->n_flows) {
		struct pcap_flow *pf =
			&w->flows[w->openings[w->next_open].flow];

		if (pf->start_ns > t)
			break;
		pcap_writer_open(w, pf);
		w->next_open++;
	}
}

/*
 * The close (RFC 9293 3.6) at time t: the sender's FIN after its last
 * byte, the receiver's FIN-ACK (its consumer has read everything, so it
 * closes too), the sender's last ACK.
 */
static void
pcap_writer_close(struct pcap_writer *w, struct pcap_flow *pf, uint64_t written,
		  int64_t t)
{
	struct tcpip_segment seg;
	uint32_t fin_seq = pf->isn + 1 + (uint32_t)written;
	/* timestamps: both hosts' clocks read t; each echoes the other */
	uint32_t now = flow_ts_clock(t);

	pcap_writer_outbound(pf, &seg);
	seg.seq = fin_seq;
	seg.flags = TCPIP_FIN | TCPIP_ACK;
	seg.ts_option = pf->ts;
	seg.tsval = now;
	seg.tsecr = pf->ack_tsval;
	pcap_writer_put(w, t, &seg);

	pcap_writer_inbound(pf, &seg);
	seg.ack = fin_seq + 1;
	seg.flags = TCPIP_FIN | TCPIP_ACK;
	seg.window = pf->last_window;
	seg.ts_option = pf->ts;
	seg.tsval = now;
	seg.tsecr = now;
	pcap_writer_put(w, t, &seg);

	pcap_writer_outbound(pf, &seg);
	seg.seq = fin_seq + 1;
	seg.ack = RECEIVER_ISS + 2;
	seg.ts_option = pf->ts;
	seg.tsval = now;
	seg.tsecr = now;
	pcap_writer_put(w, t, &seg);
	pf->closed = true;
}

/* The one-way delay of flow f's links: the default link's, or the sum
 * over its path ([link NAME]). */
static int64_t
pcap_path_delay(const struct scenario *sc, const struct flow_config *f)
{
	uint8_t ids[SCENARIO_MAX_PATH];
	size_t n = scenario_flow_path(f, ids), i;
	int64_t delay = 0;

	for (i = 0; i < n; i++)
		delay += scenario_link(sc, ids[i])->delay_ns;
	return delay;
}

/*
 * Close flow `flow` at time t if it is over: finished (every byte written
 * was read), `acked` (the highest ACK the sender has) covering every byte,
 * and no packet of it still on its way, which would arrive after the FINs
 * (Wireshark would call it a keep-alive).  Once every byte is
 * acknowledged, the receiver sends nothing after the last read (a window
 * update at most), so an ACK still on its way was sent by completion_ns:
 * it is on the link, which the simulator shows, or on the flow's access
 * path (extra_delay), which it does not; that one has arrived by
 * completion_ns + delay + extra_delay unless the reverse link queued it.
 * Only finite flows can finish; the check is skipped for others.
 */
static void
pcap_writer_close_if_over(struct pcap_writer *w, const struct sim *sim,
			  size_t flow, uint32_t acked, int64_t t)
{
	const struct scenario *sc = sim_scenario(sim);
	struct pcap_flow *pf = &w->flows[flow];
	int64_t extra = sc->flows[flow].extra_delay_ns;
	struct flow_snapshot fs;

	/* not finished: completion_ns < 0 below, without the snapshot */
	if (pf->closed || !pf->finished || !pf->opened ||
	    sc->flows[flow].write_total == SCENARIO_UNLIMITED)
		return;
	sim_flow_snapshot(sim, flow, &fs);
	if (fs.completion_ns < 0 ||
	    acked != pf->isn + 1 + (uint32_t)fs.written_bytes)
		return;
	if (extra > 0 && t < fs.completion_ns +
					 pcap_path_delay(sc, &sc->flows[flow]) +
					 extra)
		return;
	if (sim_flow_on_links(sim, flow))
		return;
	pcap_writer_close(w, pf, fs.written_bytes, t);
}

static int
pcap_writer_by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* Take in the flows that finished since the last call: each is marked,
 * and joins the end of `unclosed`. */
static void
pcap_writer_take_finished(struct pcap_writer *w, const struct sim *sim)
{
	size_t n = sim_flows_completed(sim);

	for (; w->n_taken < n; w->n_taken++) {
		size_t f = sim_completed_flow(sim, w->n_taken);

		w->flows[f].finished = true;
		w->unclosed[w->n_unclosed++] = f;
	}
}

/* Take in the newly finished, and put `unclosed` in the order of the
 * indices: the new ones sorted, then merged with the others. */
static void
pcap_writer_order_unclosed(struct pcap_writer *w, const struct sim *sim)
{
	size_t *u = w->unclosed, i, j, k;

	pcap_writer_take_finished(w, sim);
	if (w->n_sorted == w->n_unclosed)
		return;
	qsort(u + w->n_sorted, w->n_unclosed - w->n_sorted, sizeof *u,
	      pcap_writer_by_index);
	for (i = 0, j = w->n_sorted, k = 0; k < w->n_unclosed; k++)
		w->scratch[k] =
			j >= w->n_unclosed || (i < w->n_sorted && u[i] < u[j])
				? u[i++]
				: u[j++];
	w->unclosed = w->scratch;
	w->scratch = u;
	w->n_sorted = w->n_unclosed;
}

static void
pcap_writer_on_packet(void *ctx, const struct sim *sim,
		      const struct trace_packet *pkt)
{
	struct pcap_writer *w = ctx;
	struct pcap_flow *pf = &w->flows[pkt->flow];
	struct tcpip_segment seg;

	pcap_writer_open_due(w, pkt->time_ns);
	if (pkt->from_sender) {
		/* Data, retransmissions and zero-window probes alike: the
		 * bytes are those of the stream at stream_off. */
		pcap_writer_outbound(pf, &seg);
		seg.seq = pkt->seq;
		seg.payload_len = pkt->len;
		seg.stream_off = pkt->stream_off;
		if (pkt->push)
			seg.flags |= TCPIP_PSH;
		seg.ts_option = pkt->ts;
		seg.tsval = pkt->tsval;
		seg.tsecr = pkt->tsecr;
		if (pkt->cwr)
			seg.flags |= TCPIP_CWR;
		seg.ecn = pkt->ce    ? TCPIP_ECN_CE
			  : pkt->ect ? TCPIP_ECN_ECT0
				     : TCPIP_ECN_NOT_ECT;
		pcap_writer_put(w, pkt->time_ns, &seg);
		return;
	}
	pcap_writer_inbound(pf, &seg);
	seg.seq = pkt->seq;
	seg.ack = pkt->ack;
	seg.window = (uint16_t)pkt->win;
	seg.ts_option = pkt->ts;
	seg.tsval = pkt->tsval;
	seg.tsecr = pkt->tsecr;
	pf->ack_tsval = pkt->tsval;
	if (pkt->ece)
		seg.flags |= TCPIP_ECE;
	seg.n_sack =
		pkt->n_sack < TCPIP_SACK_MAX ? pkt->n_sack : TCPIP_SACK_MAX;
	for (unsigned i = 0; i < seg.n_sack; i++) {
		seg.sack_left[i] = pkt->sack_left[i];
		seg.sack_right[i] = pkt->sack_right[i];
	}
	pcap_writer_put(w, pkt->time_ns, &seg);
	pf->last_window = (uint16_t)pkt->win;
	if (sim_scenario(sim)->flows[pkt->flow].write_total !=
	    SCENARIO_UNLIMITED) /* the others never close here */
		pcap_writer_take_finished(w, sim);
	/* The snapshot is from before the sender takes this ACK: the ACK's
	 * own number is what the sender has now. */
	pcap_writer_close_if_over(w, sim, pkt->flow, pkt->ack, pkt->time_ns);
}

/*
 * A flow may finish with nothing more to capture (a slow consumer reading
 * the last bytes): samples catch that.  Only a finished flow can close,
 * so a sample looks at the finished ones not closed yet, in the order of
 * their indices, as a look at every flow would close them; with
 * thousands of flows that look cost each sample a snapshot of every
 * flow still open, the flows times the samples in all.
 */
static void
pcap_writer_on_sample(void *ctx, const struct sim *sim, int64_t now_ns)
{
	struct pcap_writer *w = ctx;
	struct flow_snapshot fs;
	size_t i, kept = 0;

	pcap_writer_open_due(w, now_ns);
	pcap_writer_order_unclosed(w, sim);
#ifdef TCPSIM_DEBUG
	/* unclosed holds, in order, the flows a look at each finds
	 * finished and not closed (and those an ACK closed since the last
	 * sample, dropped below) */
	for (i = 0, kept = 0; i < w->n_flows; i++) {
		sim_flow_snapshot(sim, i, &fs);
		if (fs.completion_ns < 0 || w->flows[i].closed)
			continue;
		while (kept < w->n_unclosed &&
		       w->flows[w->unclosed[kept]].closed)
			kept++;
		assert(kept < w->n_unclosed && w->unclosed[kept] == i);
		kept++;
	}
	while (kept < w->n_unclosed && w->flows[w->unclosed[kept]].closed)
		kept++;
	assert(kept == w->n_unclosed);
	kept = 0;
#endif
	for (i = 0; i < w->n_unclosed; i++) {
		size_t f = w->unclosed[i];

		if (w->flows[f].opened &&
		    sim_scenario(sim)->flows[f].write_total !=
			    SCENARIO_UNLIMITED) {
			sim_flow_snapshot(sim, f, &fs);
			pcap_writer_close_if_over(w, sim, f, fs.snd_una,
						  now_ns);
		}
		if (!w->flows[f].closed)
			w->unclosed[kept++] = f;
	}
	w->n_unclosed = w->n_sorted = kept;
}

/* Order of the handshakes: by start time, then by flow index. */
static int
pcap_writer_by_start(const void *a, const void *b)
{
	const struct pcap_opening *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	return x->flow < y->flow ? -1 : x->flow > y->flow;
}

struct pcap_writer *
pcap_writer_attach(struct sim *sim, struct outfile *out, uint32_t snaplen,
		   FILE *errs)
{
	struct pcap_writer *w = xcalloc(1, sizeof *w);
	struct sim_observer obs = {
		.on_packet = pcap_writer_on_packet,
		.on_sample = pcap_writer_on_sample,
		.ctx = w,
	};
	const struct scenario *sc = sim_scenario(sim);
	size_t i;

	w->out = out;
	w->snaplen = snaplen == 0 ? WHOLE_PACKETS : snaplen;
	w->pcap = pcap_open_dead_with_tstamp_precision(
		DLT_RAW, (int)w->snaplen, PCAP_TSTAMP_PRECISION_NANO);
	if (w->pcap == NULL) {
		fputs("tcpsim: --pcap: libpcap cannot open a capture\n", errs);
		free(w);
		return NULL;
	}
	/* pcap_dump_fopen() writes the file header to the stream and returns
	 * it in disguise; pcap_dump_close() would fclose() it, so it is never
	 * called: the output file (outfile.h) owns the stream.  The records
	 * go through outfile_writev(), after the header. */
	if (pcap_dump_fopen(w->pcap, outfile_stream(out)) == NULL) {
		fprintf(errs, "tcpsim: --pcap: %s\n", pcap_geterr(w->pcap));
		pcap_close(w->pcap);
		free(w);
		return NULL;
	}

	w->n_flows = sim_flow_count(sim);
	w->flows = xcalloc(w->n_flows, sizeof *w->flows);
	w->openings = xcalloc(w->n_flows, sizeof *w->openings);
	w->unclosed = xcalloc(w->n_flows + 1, sizeof *w->unclosed);
	w->scratch = xcalloc(w->n_flows + 1, sizeof *w->scratch);
	for (i = 0; i < w->n_flows; i++) {
		struct pcap_flow *pf = &w->flows[i];
		const struct flow_config *cfg = &sc->flows[i];
		struct flow_snapshot fs;

		sim_flow_snapshot(sim, i, &fs);
		pf->snd_addr = pcap_writer_sender_addr(i);
		pf->rcv_addr = pcap_writer_receiver_addr(i);
		pf->snd_port = pcap_writer_sender_port(i);
		pf->isn = fs.isn;
		pf->mss = (uint16_t)fs.mss;
		pf->rcv_wscale = cfg->window_scale ? fs.wscale : -1;
		pf->sack = cfg->sack;
		pf->ts = cfg->timestamps;
		pf->ecn = cfg->ecn;
		pf->synack_window = (uint16_t)(cfg->receive_buffer < 65535
						       ? cfg->receive_buffer
						       : 65535);
		pf->last_window = pf->synack_window;
		pf->start_ns = fs.start_ns;
		w->openings[i].start_ns = pf->start_ns;
		w->openings[i].flow = i;
	}
	qsort(w->openings, w->n_flows, sizeof *w->openings,
	      pcap_writer_by_start);

	w->heads = xmalloc(BATCH_HEAD_BYTES);
	sim_add_observer(sim, &obs);
	return w;
}

void
pcap_writer_finish(struct pcap_writer *w, const struct sim *sim)
{
	int64_t now = sim_now(sim);
	struct flow_snapshot fs;
	size_t i;

	pcap_writer_open_due(w, now);
	/* Nothing more will arrive: a finished flow closes now, even if its
	 * last ACKs were still on the way when the run stopped (in the
	 * order of the indices, as ever). */
	pcap_writer_order_unclosed(w, sim);
	for (i = 0; i < w->n_unclosed; i++) {
		size_t f = w->unclosed[i];

		if (w->flows[f].closed || !w->flows[f].opened)
			continue;
		sim_flow_snapshot(sim, f, &fs);
		pcap_writer_close(w, &w->flows[f], fs.written_bytes, now);
	}
	w->n_unclosed = w->n_sorted = 0;
	pcap_writer_flush(w);
}

void
pcap_writer_free(struct pcap_writer *w)
{
	if (w == NULL)
		return;
	pcap_close(w->pcap);
	free(w->flows);
	free(w->openings);
	free(w->unclosed);
	free(w->scratch);
	free(w->heads);
	free(w);
}

#else /* !HAVE_PCAP */

bool
pcap_writer_supported(void)
{
	return false;
}

struct pcap_writer *
pcap_writer_attach(struct sim *sim, struct outfile *out, uint32_t snaplen,
		   FILE *errs)
{
	(void)sim;
	(void)out;
	(void)snaplen;
	fputs("tcpsim: --pcap: this tcpsim was built without libpcap\n", errs);
	return NULL;
}

void
pcap_writer_finish(struct pcap_writer *w, const struct sim *sim)
{
	(void)w;
	(void)sim;
}

void
pcap_writer_free(struct pcap_writer *w)
{
	(void)w;
}

#endif /* HAVE_PCAP */
