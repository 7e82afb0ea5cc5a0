/* SPDX-License-Identifier: ISC */
/*
 * test_tcpip.c: the packets of a capture (trace/tcpip.c) against the
 * definitions they come from: payload byte k is stream_byte(stream_off +
 * k) (tcp/stream.h, evaluated here byte by byte), and both checksums are
 * the plain RFC 1071 sums over the bytes (written here again, a 16-bit
 * word at a time), for offsets and lengths where the table's shortcuts
 * could go wrong: odd lengths, the end of a 64 KiB block, the point where
 * a block's window wraps around the pattern, offsets near 2^32 and
 * 2^64, the longest payloads.  Also the pattern's own promises: a shift
 * of the offset by whole kibibytes, blocks or 2^32 changes the bytes, and
 * the bytes are spread over all 256 values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tcp/stream.h"
#include "trace/tcpip.h"
#include "rfc1071.h"

/* A small deterministic generator (xorshift64). */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The packet under test and what it must hold. */
static uint8_t packet[TCPIP_MAX_PACKET_BYTES];
static uint8_t expected[TCPIP_MAX_PACKET_BYTES];
static uint8_t joined[TCPIP_MAX_PACKET_BYTES];

/* Packets checked, for the tests to show they did work. */
static unsigned long checked;

/*
 * Build `seg` with both functions and check everything the payload
 * touches: its bytes from stream_byte(), the TCP checksum recomputed over
 * the pseudo-header, the header as written and those bytes, the IPv4
 * checksum, and the slices of tcpip_build_headers() equal to it all.
 */
static void
check_segment(const struct tcpip_segment *seg)
{
	struct tcpip_slice slices[TCPIP_MAX_SLICES];
	size_t total = tcpip_packet_length(seg);
	size_t len = tcpip_build(packet, seg);
	size_t hlen = total - seg->payload_len, at;
	size_t tcp_len = total - TCPIP_IPV4_HEADER_BYTES;
	uint8_t pseudo[12];
	unsigned n = 99;
	uint32_t sum;

	assert_int_equal(len, total);
	assert_int_equal(get16(packet + 2), total);
	for (uint32_t k = 0; k < seg->payload_len; k++)
		if (packet[hlen + k] != stream_byte(seg->stream_off + k))
			fail_msg("offset %llu + %u: byte %u, stream_byte %u",
				 (unsigned long long)seg->stream_off, k,
				 packet[hlen + k],
				 stream_byte(seg->stream_off + k));

	/* The checksums of the definition's bytes (the header as built, its
	 * checksum fields zero). */
	memcpy(expected, packet, hlen);
	for (uint32_t k = 0; k < seg->payload_len; k++)
		expected[hlen + k] = stream_byte(seg->stream_off + k);
	expected[10] = expected[11] = 0;
	expected[TCPIP_IPV4_HEADER_BYTES + 16] = 0;
	expected[TCPIP_IPV4_HEADER_BYTES + 17] = 0;
	assert_int_equal(get16(packet + 10),
			 ones_complement(ones_sum(0, expected, 20)));
	memcpy(pseudo, expected + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = (uint8_t)(tcp_len >> 8);
	pseudo[11] = (uint8_t)tcp_len;
	sum = ones_sum(0, pseudo, sizeof pseudo);
	sum = ones_sum(sum, expected + TCPIP_IPV4_HEADER_BYTES, tcp_len);
	if (get16(packet + TCPIP_IPV4_HEADER_BYTES + 16) !=
	    ones_complement(sum))
		fail_msg("offset %llu, %u bytes: TCP checksum %04x, "
			 "RFC 1071 says %04x",
			 (unsigned long long)seg->stream_off, seg->payload_len,
			 get16(packet + TCPIP_IPV4_HEADER_BYTES + 16),
			 ones_complement(sum));

	/* The headers and slices: the same packet, taken apart. */
	memset(joined, 0xa5, sizeof joined);
	at = tcpip_build_headers(joined, seg, slices, &n);
	assert_int_equal(at, hlen);
	assert_true(n <= TCPIP_MAX_SLICES);
	assert_int_equal(n == 0, seg->payload_len == 0);
	for (unsigned i = 0; i < n; i++) {
		assert_true(slices[i].len > 0);
		memcpy(joined + at, slices[i].data, slices[i].len);
		at += slices[i].len;
	}
	assert_int_equal(at, total);
	assert_memory_equal(joined, packet, total);
	checked++;
}

/* A data segment of `len` bytes at stream offset `off`; `ts` with the
 * timestamps option (a 32-byte TCP header). */
static struct tcpip_segment
data_segment(uint64_t off, uint32_t len, bool ts)
{
	return (struct tcpip_segment){
		.src_addr = TCPIP_ADDR(192, 0, 2, 1),
		.dst_addr = TCPIP_ADDR(198, 51, 100, 1),
		.src_port = 40000,
		.dst_port = 20,
		.ip_id = (uint16_t)(off ^ off >> 16),
		.ecn = (uint8_t)(off >> 3 & 3),
		.seq = (uint32_t)off + 1,
		.ack = 1,
		.flags = TCPIP_ACK | TCPIP_PSH,
		.window = 65535,
		.wscale_option = -1,
		.ts_option = ts,
		.tsval = (uint32_t)(off >> 7),
		.tsecr = 17,
		.payload_len = len,
		.stream_off = off,
	};
}

/* check_segment() of a data_segment(). */
static void
check_data(uint64_t off, uint32_t len, bool ts)
{
	struct tcpip_segment seg = data_segment(off, len, ts);

	check_segment(&seg);
}

/* The longest payload: the IPv4 total length is 16 bits. */
static uint32_t
max_payload(bool ts)
{
	return TCPIP_MAX_PACKET_BYTES - TCPIP_HEADER_BYTES -
	       (ts ? TCPIP_TS_OPTION_BYTES : 0);
}

/* Every length from 0 to 40 and a few longer ones, at offsets around
 * `edge`: the pieces on both sides of it have every parity. */
static void
check_around(uint64_t edge)
{
	static const uint32_t longer[] = {1447, 1448, 1449, 8960, 8961};

	for (uint64_t back = 0; back <= 6; back++) {
		for (uint32_t len = 0; len <= 40; len++)
			check_data(edge - back, len, len % 3 == 0);
		for (size_t i = 0; i < sizeof longer / sizeof *longer; i++)
			check_data(edge - back - longer[i] / 2, longer[i],
				   i % 2 == 0);
	}
}

/* Around the ends of blocks, and of the stream's 64-bit range. */
static void
test_block_edges(void **state)
{
	static const uint64_t edges[] = {
		0,
		STREAM_BLOCK_BYTES,
		2 * STREAM_BLOCK_BYTES,
		(UINT64_C(1) << 32),
		(UINT64_C(1) << 32) + 7 * STREAM_BLOCK_BYTES,
		UINT64_C(0x0123456789ab0000),
		UINT64_C(0xffffffffffff0000),
	};

	(void)state;
	checked = 0;
	/* At 0 only forwards (no negative offsets). */
	for (uint32_t len = 0; len <= 40; len++)
		check_data(0, len, len % 2 == 1);
	for (size_t i = 1; i < sizeof edges / sizeof *edges; i++)
		check_around(edges[i]);
	/* The stream's last bytes: the offset wraps at 2^64 as a uint64_t
	 * does, the block number with it. */
	check_data(UINT64_MAX - 700, 1448, true);
	assert_true(checked > 500);
}

/*
 * Around the place where a block's window wraps from the end of the
 * pattern to its start: offset block * 2^16 + (STREAM_PERIOD - start),
 * for blocks whose start leaves the wrap inside the block.
 */
static void
test_pattern_wraps(void **state)
{
	uint64_t blocks[] = {0,
			     1,
			     2,
			     3,
			     5,
			     1000,
			     UINT64_C(1) << 16,
			     (UINT64_C(1) << 48) - 1};
	unsigned wraps = 0;

	(void)state;
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
		uint64_t b = blocks[i];
		uint32_t start;

		/* This block, or the first one after it, that wraps. */
		while ((start = stream_block_start(b)) <=
		       STREAM_PERIOD - STREAM_BLOCK_BYTES)
			b++;
		check_around(b * STREAM_BLOCK_BYTES + STREAM_PERIOD - start);
		wraps++;
	}
	assert_int_equal(wraps, sizeof blocks / sizeof *blocks);
}

/* The longest payloads (over two blocks), and random offsets and lengths,
 * with and without timestamps. */
static void
test_random_segments(void **state)
{
	uint64_t rng = UINT64_C(0x2545f4914f6cdd1d);

	(void)state;
	for (int ts = 0; ts <= 1; ts++) {
		check_data(STREAM_BLOCK_BYTES - 5, max_payload(ts), ts);
		check_data(3 * STREAM_BLOCK_BYTES + 1, max_payload(ts), ts);
	}
	for (int i = 0; i < 300; i++) {
		uint64_t off = next_random(&rng);
		uint32_t len = (uint32_t)(next_random(&rng) % 3 == 0
						  ? next_random(&rng) % 65000
						  : next_random(&rng) % 3000);

		check_data(off, len, i % 2 == 0);
	}
}

/* Options change the header's length, not the payload or its sum: a
 * SYN with every option and an ACK with the most SACK blocks, both with data
 * (the builder takes it; the capture never sends it). */
static void
test_options(void **state)
{
	struct tcpip_segment syn = data_segment(123456789, 1001, true);
	struct tcpip_segment ack = data_segment(987654321, 777, false);

	(void)state;
	syn.flags = TCPIP_SYN | TCPIP_ECE | TCPIP_CWR;
	syn.mss_option = 1460;
	syn.wscale_option = 7;
	syn.sack_permitted = true;
	check_segment(&syn);
	/* beside timestamps, three blocks fill the 40 bytes of options */
	ack.ts_option = true;
	ack.n_sack = TCPIP_SACK_MAX;
	for (unsigned i = 0; i < TCPIP_SACK_MAX; i++) {
		ack.sack_left[i] = 1000 * i + 1;
		ack.sack_right[i] = 1000 * i + 501;
	}
	check_segment(&ack);
	assert_int_equal(tcpip_packet_length(&ack),
			 TCPIP_MAX_HEADER_BYTES + 777);
}

/* True when the 64 bytes from `a` and from `b` are all equal. */
static bool
same_bytes(uint64_t a, uint64_t b)
{
	for (uint64_t k = 0; k < 64; k++)
		if (stream_byte(a + k) != stream_byte(b + k))
			return false;
	return true;
}

/*
 * stream.h's promise: shifting the offset by whole kibibytes (any number
 * up to a few blocks), by whole blocks or by 2^32 (the sequence number's
 * wrap) changes the bytes, so a segment placed at the wrong offset
 * carries visibly other bytes.
 */
static void
test_shifts_change_bytes(void **state)
{
	uint64_t rng = UINT64_C(0x9e3779b97f4a7c15);

	(void)state;
	for (int i = 0; i < 50; i++) {
		uint64_t off = next_random(&rng) >> (i % 4 == 0 ? 40 : 1);

		for (uint64_t kib = 1; kib <= 256; kib++)
			assert_false(same_bytes(off, off + kib * 1024));
		for (uint64_t blocks = 1; blocks <= 64; blocks++)
			assert_false(same_bytes(
				off, off + blocks * STREAM_BLOCK_BYTES));
		for (uint64_t n = 1; n <= 16; n++)
			assert_false(same_bytes(off, off + (n << 32)));
		assert_false(same_bytes(off, off + 1));
	}
}

/*
 * The bytes are pseudo-random: each of the 256 values about equally often
 * in a block (the pattern but one byte: 256 of each expected, a binomial
 * spread of 16, so under 160 or over 352 is far outside chance; every
 * block holds nearly the same bytes, so more blocks would not narrow
 * it), and the blocks start at different places of the pattern.
 */
static void
test_bytes_spread(void **state)
{
	unsigned long count[256] = {0};
	uint32_t starts[16];

	(void)state;
	for (uint64_t off = 0; off < STREAM_BLOCK_BYTES; off++)
		count[stream_byte(5 * STREAM_BLOCK_BYTES + off)]++;
	for (int v = 0; v < 256; v++)
		if (count[v] < 160 || count[v] > 352)
			fail_msg("byte %d appears %lu times in a block", v,
				 count[v]);
	for (int b = 0; b < 16; b++) {
		starts[b] = stream_block_start((uint64_t)b);
		assert_true(starts[b] < STREAM_PERIOD);
		for (int c = 0; c < b; c++)
			assert_true(starts[b] != starts[c]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_edges),
		cmocka_unit_test(test_pattern_wraps),
		cmocka_unit_test(test_random_segments),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_shifts_change_bytes),
		cmocka_unit_test(test_bytes_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
