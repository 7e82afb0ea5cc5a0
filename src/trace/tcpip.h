/* SPDX-License-Identifier: ISC */
/*
 * tcpip.h: IPv4 and TCP headers for a packet capture.
 *
 * The model carries only what TCP acts on (seq, ack, window, length, the
 * stream offset of the payload); a capture needs whole packets that
 * Wireshark dissects and analyses like real ones.  This module writes one
 * packet into a caller's buffer: an IPv4 header (RFC 791) without
 * options, a TCP header (RFC 9293 3.1) with the MSS (RFC 9293 3.7.1),
 * window-scale (RFC 7323 2.2) and SACK-permitted (RFC 2018 2) options on
 * SYNs only and SACK blocks (RFC 2018 3) on other segments, the payload of the
 * byte stream (stream.h), and both checksums (RFC 1071, with the TCP
 * pseudo-header of RFC 9293 3.1).  It knows nothing of files or of the
 * simulator, so the tests can check it byte by byte.
 *
 * A capture is mostly payload (a gigabyte for a minute at 100 Mbit/s), so
 * the payload costs no work per byte: the stream's bytes are slices of
 * one table of the pattern (stream.h), built once, and their sum comes
 * from prefix sums of that table, two subtractions per slice.  A writer
 * that takes the headers and the slices apart (tcpip_build_headers())
 * can write the payload straight from the table, never copying it.
 */
#ifndef TCPSIM_TCPIP_H
#define TCPSIM_TCPIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TCP control bits (RFC 9293 3.1). */
#define TCPIP_FIN 0x01u
#define TCPIP_SYN 0x02u
#define TCPIP_RST 0x04u
#define TCPIP_PSH 0x08u
#define TCPIP_ACK 0x10u
#define TCPIP_ECE 0x40u /* ECN-Echo (RFC 3168 6.1) */
#define TCPIP_CWR 0x80u /* Congestion Window Reduced (RFC 3168 6.1) */

/* The IP header's ECN field (RFC 3168 5). */
#define TCPIP_ECN_NOT_ECT 0u
#define TCPIP_ECN_ECT0	  2u
#define TCPIP_ECN_CE	  3u

#define TCPIP_IPV4_HEADER_BYTES 20 /* no IP options */
#define TCPIP_TCP_HEADER_BYTES	20 /* without options */
#define TCPIP_HEADER_BYTES	(TCPIP_IPV4_HEADER_BYTES + TCPIP_TCP_HEADER_BYTES)
/* MSS (kind 2, 4 bytes), NOP, window scale (kind 3, 3 bytes): a multiple of
 * 4, as the data offset counts 32-bit words. */
#define TCPIP_SYN_OPTION_BYTES 8
/* NOP, NOP, SACK-permitted (kind 4, 2 bytes), after the above on a SYN. */
#define TCPIP_SACK_PERM_OPTION_BYTES 4
/* SACK blocks a segment may carry: 4 fill the 40 bytes of options, 3
 * beside the timestamps option. */
#define TCPIP_SACK_MAX	  4
#define TCPIP_SACK_MAX_TS 3
/* NOP, NOP, timestamps (kind 8, 10 bytes: TSval, TSecr), RFC 7323 3.2. */
#define TCPIP_TS_OPTION_BYTES 12
/* The largest packet: the IPv4 total length is a 16-bit field. */
#define TCPIP_MAX_PACKET_BYTES 65535u

/* An IPv4 address a.b.c.d in host byte order. */
#define TCPIP_ADDR(a, b, c, d)                                                 \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) |                       \
	 ((uint32_t)(c) << 8) | (uint32_t)(d))

/* One segment to write. */
struct tcpip_segment {
	uint32_t src_addr;   /* IPv4 source address, host byte order */
	uint32_t dst_addr;   /* IPv4 destination address, host byte order */
	uint16_t src_port;   /* TCP source port */
	uint16_t dst_port;   /* TCP destination port */
	uint16_t ip_id;	     /* IPv4 identification (RFC 6864) */
	uint32_t seq;	     /* sequence number */
	uint32_t ack;	     /* acknowledgment number (0 without TCPIP_ACK) */
	uint8_t flags;	     /* TCPIP_* control bits */
	uint8_t ecn;	     /* IP ECN field, TCPIP_ECN_* */
	uint16_t window;     /* the 16-bit window field, as sent (unscaled) */
	uint16_t mss_option; /* SYN: the MSS option's value; 0: no option */
	int wscale_option;   /* SYN: the window shift announced; -1: none */
	bool sack_permitted; /* SYN: with the SACK-permitted option */
	bool ts_option;	     /* with the timestamps option (RFC 7323) */
	uint32_t tsval;	     /* ts_option: TSval */
	uint32_t tsecr;	     /* ts_option: TSecr */
	unsigned n_sack;     /* not SYN: SACK blocks (0: no option) */
	uint32_t sack_left[TCPIP_SACK_MAX];  /* first seq of each block */
	uint32_t sack_right[TCPIP_SACK_MAX]; /* seq after each block */
	uint32_t payload_len;		     /* payload bytes */
	uint64_t stream_off; /* stream offset of the first payload byte */
};

/*
 * The length of the whole packet, headers and payload: at most
 * TCPIP_MAX_PACKET_BYTES for a payload of at most 65495 bytes, the
 * scenario's largest MSS.
 */
size_t tcpip_packet_length(const struct tcpip_segment *seg);

/*
 * Write the whole packet to `buf` (room for tcpip_packet_length() bytes)
 * and return its length.  Payload byte k is stream_byte(stream_off + k);
 * the checksums cover every byte, so a capture cut by a snaplen still
 * carries the checksums of the packet that was sent.  The MSS,
 * window-scale and SACK-permitted options are written only when seg->flags
 * has TCPIP_SYN; SACK blocks only when it has not (two NOPs, then kind 5,
 * the order Linux sends them in).
 */
size_t tcpip_build(uint8_t *buf, const struct tcpip_segment *seg);

/*
 * A piece of a packet's payload: `len` bytes at `data`, in the read-only
 * table of the pattern, valid for the rest of the run.
 */
struct tcpip_slice {
	const uint8_t *data; /* the first byte */
	size_t len;	     /* bytes */
};

/* The most slices of one payload: it spans at most two blocks of the
 * stream (a payload is shorter than STREAM_BLOCK_BYTES). */
#define TCPIP_MAX_SLICES 2

/*
 * tcpip_build() without the payload: write the IPv4 and TCP headers, both
 * checksums those of the whole packet, to `buf` (room for
 * TCPIP_MAX_HEADER_BYTES) and return their length; the payload is
 * slices[0..*n_slices) in order (none for an empty payload), the same
 * bytes tcpip_build() writes after the headers.
 */
size_t tcpip_build_headers(uint8_t *buf, const struct tcpip_segment *seg,
			   struct tcpip_slice slices[TCPIP_MAX_SLICES],
			   unsigned *n_slices);

/* The longest headers: IPv4 without options, TCP with 40 bytes of them. */
#define TCPIP_MAX_HEADER_BYTES (TCPIP_HEADER_BYTES + 40)

/*
 * RFC 1071: add `len` bytes to a one's complement sum, as big-endian
 * 16-bit words, an odd last byte padded with a zero.  Start from 0; the
 * sum of a 64 KiB packet cannot overflow the 64-bit accumulator.
 */
uint64_t tcpip_sum(uint64_t sum, const uint8_t *data, size_t len);

/* Fold a sum to 16 bits and complement it: the checksum field's value. */
uint16_t tcpip_checksum(uint64_t sum);

#endif
