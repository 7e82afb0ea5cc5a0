/* SPDX-License-Identifier: ISC */
/*
 * pcap.h: the packet capture (`tcpsim run --pcap FILE`).
 *
 * Every packet at the capture point of the simulator (observer.h: on the
 * sender's side of the bottleneck; data segments when the sender sends
 * them, before the queue may drop them; ACKs when they reach the sender)
 * becomes one record of a pcap file (its header written by libpcap, the
 * records as libpcap's pcap_dump() writes them) that Wireshark and tshark
 * analyse like a capture of a real connection:
 *
 *   - link type LINKTYPE_RAW (DLT_RAW): each record starts with the IPv4
 *     header, there is no link-layer header;
 *   - nanosecond timestamps: a record's time is the simulated time, as
 *     seconds and nanoseconds since the epoch (simulated 0 s is
 *     1970-01-01 00:00:00 UTC, so Wireshark's relative time is the
 *     simulated time);
 *   - flow i (from 0) runs from 192.0.2.(1 + i % 254) port 40000 + i
 *     % 25536 to 198.51.100.(1 + i % 254) port 20 (RFC 5737
 *     documentation addresses): every flow is its own conversation;
 *   - headers from tcpip.h, with correct checksums and an IP ID counting
 *     up from 0 in each direction of each flow;
 *   - at the flow's start a SYN (seq = isn; MSS and, with window_scale
 *     on, a window-scale option of 0), a SYN-ACK (seq 0, the receiver's
 *     ISS; MSS and the receiver's window shift) and an ACK, all three at
 *     the start time, so that Wireshark knows the scale of the windows;
 *   - data segments carry ack 1 (the receiver's ISS + 1) and a constant
 *     window of 65535 bytes (nothing flows towards the sender); ACKs
 *     carry the model's 16-bit window field as it is;
 *   - a flow that finishes (write_total written and read) closes with a
 *     FIN from the sender, a FIN-ACK from the receiver and the last ACK,
 *     at the first moment the capture sees the flow finished with every
 *     byte acknowledged and none of its packets still on the way (or at
 *     the end of the run);
 *   - payload byte k of a segment is stream_byte(stream_off + k), the
 *     stream's pseudo-random pattern (tcp/stream.h); a snaplen cuts the
 *     bytes stored, never the IP total length.
 *
 * The writer allocates nothing per packet and never copies the payload:
 * headers are built in a buffer, the payload is slices of the pattern's
 * table (tcpip.h), and a batch of about a thousand pieces goes to the
 * file in one writev(2) (outfile_writev()).  A gigabyte of capture costs
 * the process little more than its headers; the kernel's copying of it
 * into a file remains.
 */
#ifndef TCPSIM_PCAP_H
#define TCPSIM_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct outfile;
struct sim;

/* The largest snaplen accepted (tcpdump's MAXIMUM_SNAPLEN). */
#define PCAP_WRITER_MAX_SNAPLEN 262144u

/*
 * Ports of the address scheme above.  The receiver's is ftp-data's, so
 * that Wireshark hands the payload to a dissector that takes any bytes as
 * data.  On a port no dissector claims (iperf's 5001, say) it tries its
 * heuristic dissectors on the stream pattern, and with Wireshark 4.0 the
 * Thrift one takes segments for RPC calls and reports malformed packets.
 */
#define PCAP_WRITER_SENDER_PORT	  40000u
#define PCAP_WRITER_RECEIVER_PORT 20u

struct pcap_writer;

/* False when tcpsim was built without libpcap (configure --without-pcap). */
bool pcap_writer_supported(void);

/* The addresses and port of flow `flow` (host byte order), as above. */
uint32_t pcap_writer_sender_addr(size_t flow);
uint32_t pcap_writer_receiver_addr(size_t flow);
uint16_t pcap_writer_sender_port(size_t flow);

/*
 * Write the file header to `out` and subscribe to `sim`'s packets (and
 * samples, to see flows finish).  `snaplen` is the most bytes stored of
 * each packet, 0 for whole packets.  `out` stays the caller's: the writer
 * never closes it, and writes to it only through outfile_stream() and
 * outfile_writev().  Returns NULL after printing an error to `errs`
 * (libpcap missing, or libpcap failed).
 */
struct pcap_writer *pcap_writer_attach(struct sim *sim, struct outfile *out,
				       uint32_t snaplen, FILE *errs);

/*
 * At the end of the run: write what is still due at the time the run
 * ended (the handshake of a flow that started but sent nothing, the FIN
 * exchange of a finished flow) and flush.  Write errors stay with `out`,
 * for the output file's close or commit to report.  A run that stops
 * early does not call this: the output is aborted, and what the writer
 * still holds is dropped.
 */
void pcap_writer_finish(struct pcap_writer *w, const struct sim *sim);

void pcap_writer_free(struct pcap_writer *w);

#endif
