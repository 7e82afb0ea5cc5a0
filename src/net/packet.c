/* SPDX-License-Identifier: ISC */
/* packet.c: the packet pool; see packet.h. */
#include "net/packet.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
packet_pool_init(struct packet_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
}

void
packet_pool_free(struct packet_pool *pool)
{
	for (size_t i = 0; i < pool->n_chunks; i++)
		free(pool->chunks[i]);
	free(pool->chunks);
	memset(pool, 0, sizeof(*pool));
}

void
packet_pool_grow(struct packet_pool *pool)
{
	struct packet *block = xcalloc(PACKET_POOL_CHUNK, sizeof(*block));

	pool->chunks = xreallocarray(pool->chunks, pool->n_chunks + 1,
				     sizeof(*pool->chunks));
	pool->chunks[pool->n_chunks++] = block;
	for (size_t i = 0; i < PACKET_POOL_CHUNK; i++) {
		block[i].next = pool->free_list;
		pool->free_list = &block[i];
	}
	pool->allocated += PACKET_POOL_CHUNK;
}
