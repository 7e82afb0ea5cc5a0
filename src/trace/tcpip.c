/* SPDX-License-Identifier: ISC */
/* tcpip.c: IPv4 and TCP headers for a packet capture (see tcpip.h). */
#include "trace/tcpip.h"

#include <arpa/inet.h>
#include <assert.h>
#include <string.h>

#include "tcp/stream.h"

/* IPv4 (RFC 791 3.1) */
#define IPV4_VERSION_IHL 0x45 /* version 4, 5 words of header */
#define IPV4_DONT_FRAGMENT                                                     \
	0x4000		  /* flags: DF, as stacks that do path MTU             \
			     discovery (RFC 1191) send */
#define IPV4_TTL       64 /* the usual initial TTL (RFC 1700) */
#define IPV4_PROTO_TCP 6

/* TCP options (RFC 9293 3.2, RFC 7323 2.2) */
#define TCP_OPT_NOP	   1
#define TCP_OPT_MSS	   2
#define TCP_OPT_WSCALE	   3
#define TCP_OPT_MSS_LEN	   4
#define TCP_OPT_WSCALE_LEN 3
#define TCP_OPT_SACK_PERM  4 /* RFC 2018 2 */
#define TCP_OPT_SACK	   5 /* RFC 2018 3 */
#define TCP_OPT_TS	   8 /* RFC 7323 3.2 */
#define TCP_OPT_TS_LEN	   10

/* Big-endian stores, one instruction each (memcpy: any alignment). */
static void
put16(uint8_t *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, sizeof v);
}

static void
put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof v);
}

uint64_t
tcpip_sum(uint64_t sum, const uint8_t *data, size_t len)
{
	size_t i = 0;

	/*
	 * Four bytes at a time: a 32-bit word hi * 2^16 + lo is congruent to
	 * hi + lo modulo 2^16 - 1, so adding 32-bit words and folding at the
	 * end gives the sum of the 16-bit words (RFC 1071 2.C, deferred
	 * carries), at a quarter of the loop count.
	 */
	for (; i + 4 <= len; i += 4)
		sum += (uint32_t)data[i] << 24 | (uint32_t)data[i + 1] << 16 |
		       (uint32_t)data[i + 2] << 8 | data[i + 3];
	for (; i + 1 < len; i += 2)
		sum += (uint32_t)data[i] << 8 | data[i + 1];
	if (i < len)
		sum += (uint32_t)data[i] << 8;
	return sum;
}

uint16_t
tcpip_checksum(uint64_t sum)
{
	/* End-around carry (RFC 1071 4.1), until nothing is left above bit
	 * 15. */
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * A 32-bit field's two 16-bit words, as an RFC 1071 sum adds them.  The
 * headers' sums are added up from the values written, not read back from
 * the packet: a load that spans several stores just made waits for them
 * to reach the cache, and every packet would pay that several times.
 */
static uint64_t
sum32(uint32_t v)
{
	return (v >> 16) + (v & 0xffff);
}

/* SACK blocks written: at most what the options have room for. */
static unsigned
tcpip_sack_blocks(const struct tcpip_segment *seg)
{
	unsigned room = seg->ts_option ? TCPIP_SACK_MAX_TS : TCPIP_SACK_MAX;

	return seg->n_sack < room ? seg->n_sack : room;
}

/* TCP header bytes, options included. */
static size_t
tcpip_tcp_header_length(const struct tcpip_segment *seg)
{
	size_t len = TCPIP_TCP_HEADER_BYTES;

	if (seg->flags & TCPIP_SYN) {
		if (seg->mss_option != 0 || seg->wscale_option >= 0)
			len += TCPIP_SYN_OPTION_BYTES;
		if (seg->sack_permitted)
			len += TCPIP_SACK_PERM_OPTION_BYTES;
		if (seg->ts_option)
			len += TCPIP_TS_OPTION_BYTES;
	} else {
		if (seg->ts_option)
			len += TCPIP_TS_OPTION_BYTES;
		if (seg->n_sack > 0)
			len += 4 + 8 * (size_t)tcpip_sack_blocks(seg);
	}
	return len;
}

size_t
tcpip_packet_length(const struct tcpip_segment *seg)
{
	return TCPIP_IPV4_HEADER_BYTES + tcpip_tcp_header_length(seg) +
	       seg->payload_len;
}

static size_t tcpip_put_ts(uint8_t *opt, const struct tcpip_segment *seg,
			   uint64_t *sum);

/*
 * The SYN's options, padded with NOPs to 8 bytes: MSS first, then NOP and
 * window scale, the order Linux sends them in.  Their sum is added to
 * *sum (read back from the bytes: SYNs are few).
 */
static void
tcpip_put_syn_options(uint8_t *opt, const struct tcpip_segment *seg,
		      uint64_t *sum)
{
	uint8_t *start = opt;
	uint64_t unused = 0;

	if (seg->mss_option != 0 || seg->wscale_option >= 0) {
		memset(opt, TCP_OPT_NOP, TCPIP_SYN_OPTION_BYTES);
		if (seg->mss_option != 0) {
			opt[0] = TCP_OPT_MSS;
			opt[1] = TCP_OPT_MSS_LEN;
			put16(opt + 2, seg->mss_option);
		}
		if (seg->wscale_option >= 0) {
			opt[5] = TCP_OPT_WSCALE;
			opt[6] = TCP_OPT_WSCALE_LEN;
			opt[7] = (uint8_t)seg->wscale_option;
		}
		opt += TCPIP_SYN_OPTION_BYTES;
	}
	if (seg->sack_permitted) {
		opt[0] = TCP_OPT_NOP;
		opt[1] = TCP_OPT_NOP;
		opt[2] = TCP_OPT_SACK_PERM;
		opt[3] = 2;
		opt += TCPIP_SACK_PERM_OPTION_BYTES;
	}
	opt += tcpip_put_ts(opt, seg, &unused);
	*sum = tcpip_sum(*sum, start, (size_t)(opt - start));
}

/* NOP, NOP, then the timestamps option: kind 8, length 10, TSval and
 * TSecr (RFC 7323 3.2), as Linux aligns it.  Returns the bytes written;
 * adds their sum to *sum. */
static size_t
tcpip_put_ts(uint8_t *opt, const struct tcpip_segment *seg, uint64_t *sum)
{
	if (!seg->ts_option)
		return 0;
	opt[0] = TCP_OPT_NOP;
	opt[1] = TCP_OPT_NOP;
	opt[2] = TCP_OPT_TS;
	opt[3] = TCP_OPT_TS_LEN;
	put32(opt + 4, seg->tsval);
	put32(opt + 8, seg->tsecr);
	*sum += (TCP_OPT_NOP << 8 | TCP_OPT_NOP) +
		(TCP_OPT_TS << 8 | TCP_OPT_TS_LEN) + sum32(seg->tsval) +
		sum32(seg->tsecr);
	return TCPIP_TS_OPTION_BYTES;
}

/* NOP, NOP, then the SACK option: kind 5, length, the blocks (RFC 2018
 * 3), as Linux aligns it, after the timestamps.  Adds their sum to
 * *sum. */
static void
tcpip_put_sack(uint8_t *opt, const struct tcpip_segment *seg, uint64_t *sum)
{
	unsigned n = tcpip_sack_blocks(seg);
	uint8_t len = (uint8_t)(2 + 8 * n);

	opt[0] = TCP_OPT_NOP;
	opt[1] = TCP_OPT_NOP;
	opt[2] = TCP_OPT_SACK;
	opt[3] = len;
	*sum += (TCP_OPT_NOP << 8 | TCP_OPT_NOP) + (TCP_OPT_SACK << 8 | len);
	for (unsigned i = 0; i < n; i++) {
		put32(opt + 4 + 8 * i, seg->sack_left[i]);
		put32(opt + 8 + 8 * i, seg->sack_right[i]);
		*sum += sum32(seg->sack_left[i]) + sum32(seg->sack_right[i]);
	}
}

/*
 * The pattern's table and its prefix sums, built on first use (the
 * program runs one thread).  tcpip_pattern[i] is pattern byte i mod
 * STREAM_PERIOD: the period, then a block more of wrap-around, so that
 * a block's bytes, which start anywhere in the period, are one
 * contiguous slice.
 */
#define TCPIP_PATTERN_BYTES (STREAM_PERIOD + STREAM_BLOCK_BYTES)
static uint8_t tcpip_pattern[TCPIP_PATTERN_BYTES];
/*
 * RFC 1071 sums of the table's first i bytes, taken as 16-bit big-endian
 * words that start at an even index (tcpip_prefix[0]: an even-indexed
 * byte weighs 256, an odd one 1) or at an odd one (tcpip_prefix[1]: the
 * other way round).  The words of a slice are those of one of the two,
 * whichever starts where the slice's first word does, so its sum is a
 * difference of two entries: exact in 32-bit arithmetic modulo 2^32, as
 * a slice of under 2^16 bytes sums to less than 2^16 * 255 * 256 < 2^32.
 * A slice with an odd length ends in a byte weighing 256, as RFC 1071
 * pads it with a zero.
 */
static uint32_t tcpip_prefix[2][TCPIP_PATTERN_BYTES + 1];
/* The tables above are built. */
static bool tcpip_tables_ready;

static void
tcpip_tables_build(void)
{
	uint32_t sum[2] = {0, 0};

	for (uint32_t i = 0; i < TCPIP_PATTERN_BYTES; i++) {
		uint8_t b = stream_pattern_byte(
			i < STREAM_PERIOD ? i : i - STREAM_PERIOD);

		tcpip_pattern[i] = b;
		tcpip_prefix[0][i] = sum[0];
		tcpip_prefix[1][i] = sum[1];
		sum[0] += (i % 2 == 0) ? (uint32_t)b << 8 : b;
		sum[1] += (i % 2 == 1) ? (uint32_t)b << 8 : b;
	}
	tcpip_prefix[0][TCPIP_PATTERN_BYTES] = sum[0];
	tcpip_prefix[1][TCPIP_PATTERN_BYTES] = sum[1];
	tcpip_tables_ready = true;
}

/*
 * The payload of `len` bytes from stream offset `off` as slices of the
 * table, one per block it touches; returns how many, and adds the
 * payload's RFC 1071 sum (as words from its first byte) to *sum.
 */
static unsigned
tcpip_payload(uint64_t off, uint32_t len, struct tcpip_slice *slices,
	      uint64_t *sum)
{
	unsigned n = 0;
	uint32_t done = 0;

	if (!tcpip_tables_ready)
		tcpip_tables_build();
	while (done < len) {
		uint32_t in_block = (uint32_t)(off & (STREAM_BLOCK_BYTES - 1));
		uint32_t at =
			stream_block_start(off >> STREAM_BLOCK_BITS) + in_block;
		uint32_t piece = STREAM_BLOCK_BYTES - in_block;
		/* The slice's first byte is payload byte `done`: it opens a
		 * word when `done` is even, the table's words of the
		 * parity of `at` then. */
		const uint32_t *prefix = tcpip_prefix[(at + done) % 2];

		if (piece > len - done)
			piece = len - done;
		assert(n < TCPIP_MAX_SLICES);
		slices[n].data = tcpip_pattern + at;
		slices[n].len = piece;
		*sum += (uint32_t)(prefix[at + piece] - prefix[at]);
		/* The stream's next segment most likely starts here and is as
		 * long: fetch the end of its sum now, a cache miss (the
		 * prefix sums are larger than the caches close to the core)
		 * that would otherwise stall the next packet. */
		if (at + 2 * piece <= TCPIP_PATTERN_BYTES)
			__builtin_prefetch(&prefix[at + 2 * piece]);
		n++;
		done += piece;
		off += piece;
	}
	return n;
}

size_t
tcpip_build_headers(uint8_t *buf, const struct tcpip_segment *seg,
		    struct tcpip_slice slices[TCPIP_MAX_SLICES],
		    unsigned *n_slices)
{
	size_t tcp_hlen = tcpip_tcp_header_length(seg);
	size_t total = TCPIP_IPV4_HEADER_BYTES + tcp_hlen + seg->payload_len;
	uint32_t tcp_len = (uint32_t)(total - TCPIP_IPV4_HEADER_BYTES);
	uint8_t *ip = buf;
	uint8_t *tcp = buf + TCPIP_IPV4_HEADER_BYTES;
	uint8_t *opt = tcp + TCPIP_TCP_HEADER_BYTES;
	uint8_t ecn = seg->ecn & 3u;
	/* data offset (in words) and control bits: one 16-bit word */
	uint16_t offset_flags = (uint16_t)((tcp_hlen / 4) << 12 | seg->flags);
	uint64_t addrs = sum32(seg->src_addr) + sum32(seg->dst_addr);
	uint64_t sum;

	assert(total <= TCPIP_MAX_PACKET_BYTES);

	/* IPv4 header, RFC 791 3.1; checksum over the header alone. */
	ip[0] = IPV4_VERSION_IHL;
	ip[1] = ecn; /* DSCP best effort; the ECN field */
	put16(ip + 2, (uint16_t)total);
	put16(ip + 4, seg->ip_id);
	put16(ip + 6, IPV4_DONT_FRAGMENT);
	ip[8] = IPV4_TTL;
	ip[9] = IPV4_PROTO_TCP;
	put32(ip + 12, seg->src_addr);
	put32(ip + 16, seg->dst_addr);
	sum = (IPV4_VERSION_IHL << 8 | ecn) + total + seg->ip_id +
	      IPV4_DONT_FRAGMENT + (IPV4_TTL << 8 | IPV4_PROTO_TCP) + addrs;
	put16(ip + 10, tcpip_checksum(sum));

	/* TCP header, RFC 9293 3.1. */
	put16(tcp + 0, seg->src_port);
	put16(tcp + 2, seg->dst_port);
	put32(tcp + 4, seg->seq);
	put32(tcp + 8, seg->ack);
	put16(tcp + 12, offset_flags);
	put16(tcp + 14, seg->window);
	put16(tcp + 18, 0); /* urgent pointer: no URG */
	/*
	 * The checksum covers a pseudo-header (source, destination, zero,
	 * protocol, TCP length), the header and the payload (RFC 9293 3.1).
	 * The header's length is even, so the payload's words line up.
	 */
	sum = addrs + IPV4_PROTO_TCP + tcp_len + seg->src_port + seg->dst_port +
	      sum32(seg->seq) + sum32(seg->ack) + offset_flags + seg->window;
	if (tcp_hlen > TCPIP_TCP_HEADER_BYTES) {
		if (seg->flags & TCPIP_SYN) {
			tcpip_put_syn_options(opt, seg, &sum);
		} else {
			opt += tcpip_put_ts(opt, seg, &sum);
			if (seg->n_sack > 0)
				tcpip_put_sack(opt, seg, &sum);
		}
	}
	*n_slices =
		tcpip_payload(seg->stream_off, seg->payload_len, slices, &sum);
	put16(tcp + 16, tcpip_checksum(sum));
	return TCPIP_IPV4_HEADER_BYTES + tcp_hlen;
}

size_t
tcpip_build(uint8_t *buf, const struct tcpip_segment *seg)
{
	struct tcpip_slice slices[TCPIP_MAX_SLICES];
	unsigned n;
	size_t len = tcpip_build_headers(buf, seg, slices, &n);

	for (unsigned i = 0; i < n; i++) {
		memcpy(buf + len, slices[i].data, slices[i].len);
		len += slices[i].len;
	}
	return len;
}
