/* SPDX-License-Identifier: ISC */
/*
 * pack.h: bytes packed small and fast (zstd at its fastest level), for
 * play's snapshots of big simulations: a sim's memory is three quarters
 * zero bytes (counters, flags, small numbers in wide fields), and packs
 * five to six times smaller at about half a gigabyte a second, unpacking
 * at two to three times that.
 *
 * Packing leaves nothing behind but its result: it packs into pages
 * mapped for it and gives back those past the end, so that neither a
 * copy of the result nor the heap's holding of the room for the next one
 * adds to a big sim's memory.
 *
 * Built without libzstd (configure --without-zstd), pack_available() is
 * false and packing gives NULL.
 */
#ifndef TCPSIM_PACK_H
#define TCPSIM_PACK_H

#include <stdbool.h>
#include <stddef.h>

/* Whether this build packs. */
bool pack_available(void);

/* A piece of memory: packed from, or unpacked into. */
struct pack_piece {
	void *data;
	size_t size;
};

/*
 * The n pieces, one after another, packed into a new buffer (its length
 * in *packed_size; pages of its own, given back by pack_free()); NULL
 * when there is no memory or no packing.
 */
void *pack_pieces(const struct pack_piece *pieces, size_t n,
		  size_t *packed_size);
void pack_free(void *packed, size_t packed_size);

/*
 * Unpack what pack_pieces() made of pieces of exactly these sizes into
 * them; false (their contents undefined) if it is not that.
 */
bool unpack_pieces(const void *packed, size_t packed_size,
		   const struct pack_piece *pieces, size_t n);

/* The same for one piece. */
void *pack_bytes(const void *src, size_t size, size_t *packed_size);
bool unpack_bytes(const void *packed, size_t packed_size, void *dst,
		  size_t size);

#endif
