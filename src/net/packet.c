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

static void
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

struct packet *
packet_alloc(struct packet_pool *pool)
{
	struct packet *p;

	if (pool->free_list == NULL)
		packet_pool_grow(pool);
	p = pool->free_list;
	pool->free_list = p->next;
	/* the next packet handed out was freed long ago, maybe: fetch it
	 * now, so that the next call finds its link to the one after */
	if (pool->free_list != NULL)
		packet_prefetch(pool->free_list);
	memset(p, 0, sizeof(*p));
	if (++pool->in_use > pool->peak_in_use)
		pool->peak_in_use = pool->in_use;
	return p;
}

void
packet_release(struct packet_pool *pool, struct packet *p)
{
	assert(pool->in_use > 0);
	p->next = pool->free_list;
	pool->free_list = p;
	pool->in_use--;
}
