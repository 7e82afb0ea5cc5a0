/* SPDX-License-Identifier: ISC */
/*
 * rfc1071.h: the Internet checksum the plain way, for the tests that
 * check the program's own (test_pcap, test_tcpip): 16-bit big-endian
 * words, an odd byte padded with zero, carries folded back in at each
 * step, the result complemented (RFC 1071).  Written independently of
 * src/trace/tcpip.c on purpose.
 */
#ifndef TCPSIM_TEST_RFC1071_H
#define TCPSIM_TEST_RFC1071_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t
ones_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len % 2 == 1) {
		sum += (uint32_t)(p[len - 1] << 8);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

static inline uint16_t
ones_complement(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)(~sum & 0xffff);
}

#endif
