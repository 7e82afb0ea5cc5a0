/* SPDX-License-Identifier: ISC */
/* pack.c: bytes packed small and fast (see pack.h). */
#include "config.h"

#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "util/pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef HAVE_ZSTD
#include <zstd.h>

/* zstd's fastest level with a real search: 48 MB of a 10 000-flow sim
 * pack 6.2x in 85 ms (level -1: 5.9x, no faster to unpack). */
#define PACK_LEVEL 1

bool
pack_available(void)
{
	return true;
}

/* `size` bytes rounded up to whole pages (a page at least). */
static size_t
pack_pages(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return size == 0 ? page : (size + page - 1) / page * page;
}

void *
pack_pieces(const struct pack_piece *pieces, size_t n, size_t *packed_size)
{
	size_t total = 0, bound, i;
	ZSTD_CCtx *cx;
	ZSTD_outBuffer out;
	void *room;
	bool ok = true;

	for (i = 0; i < n; i++)
		total += pieces[i].size;
	bound = pack_pages(ZSTD_compressBound(total) + 64);
	/* the room: untouched pages cost nothing, and unmapping gives the
	 * touched ones back (a malloc'd room of a few MB would stay in the
	 * heap) */
	room = mmap(NULL, bound, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (room == MAP_FAILED)
		return NULL;
	cx = ZSTD_createCCtx();
	if (cx == NULL ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(cx, ZSTD_c_compressionLevel,
						PACK_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cx, total)))
		ok = false;
	out.dst = room;
	out.size = bound;
	out.pos = 0;
	for (i = 0; ok && i < n; i++) {
		ZSTD_inBuffer in = {pieces[i].data, pieces[i].size, 0};
		ZSTD_EndDirective end =
			i + 1 == n ? ZSTD_e_end : ZSTD_e_continue;
		size_t left;

		do {
			left = ZSTD_compressStream2(cx, &out, &in, end);
			if (ZSTD_isError(left))
				ok = false;
		} while (ok &&
			 (end == ZSTD_e_end ? left > 0 : in.pos < in.size));
	}
	if (ok && n == 0) { /* nothing: still a frame */
		ZSTD_inBuffer in = {NULL, 0, 0};

		ok = ZSTD_compressStream2(cx, &out, &in, ZSTD_e_end) == 0;
	}
	ZSTD_freeCCtx(cx);
	if (!ok) {
		munmap(room, bound);
		return NULL;
	}
	/* the room's pages past the result go back */
	if (pack_pages(out.pos) < bound)
		munmap((char *)room + pack_pages(out.pos),
		       bound - pack_pages(out.pos));
	*packed_size = out.pos;
	return room;
}

void
pack_free(void *packed, size_t packed_size)
{
	if (packed != NULL)
		munmap(packed, pack_pages(packed_size));
}

bool
unpack_pieces(const void *packed, size_t packed_size,
	      const struct pack_piece *pieces, size_t n)
{
	ZSTD_DCtx *dx = ZSTD_createDCtx();
	ZSTD_inBuffer in = {packed, packed_size, 0};
	size_t i, left = 1;
	bool ok = dx != NULL;

	for (i = 0; ok && i < n; i++) {
		ZSTD_outBuffer out = {pieces[i].data, pieces[i].size, 0};

		while (ok && out.pos < out.size) {
			size_t before = in.pos, had = out.pos;

			/* an error, or no progress (the input ends short) */
			left = ZSTD_decompressStream(dx, &out, &in);
			if (ZSTD_isError(left) ||
			    (in.pos == before && out.pos == had))
				ok = false;
		}
	}
	if (ok && left != 0) { /* the frame's end, and nothing more */
		ZSTD_outBuffer out = {NULL, 0, 0};

		left = ZSTD_decompressStream(dx, &out, &in);
		ok = !ZSTD_isError(left) && left == 0;
	}
	ZSTD_freeDCtx(dx);
	return ok && in.pos == in.size;
}

#else

bool
pack_available(void)
{
	return false;
}

void *
pack_pieces(const struct pack_piece *pieces, size_t n, size_t *packed_size)
{
	(void)pieces;
	(void)n;
	*packed_size = 0;
	return NULL;
}

void
pack_free(void *packed, size_t packed_size)
{
	(void)packed;
	(void)packed_size;
}

bool
unpack_pieces(const void *packed, size_t packed_size,
	      const struct pack_piece *pieces, size_t n)
{
	(void)packed;
	(void)packed_size;
	(void)pieces;
	(void)n;
	return false;
}

#endif

void *
pack_bytes(const void *src, size_t size, size_t *packed_size)
{
	struct pack_piece piece = {(void *)(uintptr_t)src, size};

	return pack_pieces(&piece, 1, packed_size);
}

bool
unpack_bytes(const void *packed, size_t packed_size, void *dst, size_t size)
{
	struct pack_piece piece = {dst, size};

	return unpack_pieces(packed, packed_size, &piece, 1);
}
