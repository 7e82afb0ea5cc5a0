/* packet.c: the packet pool; see packet.h. */
#include "net/packet.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* Packets per block: a block is about 24 KiB. */
#define PACKETS_PER_CHUNK 256

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
	struct packet *block = xcalloc(PACKETS_PER_CHUNK, sizeof(*block));

	pool->chunks = xreallocarray(pool->chunks, pool->n_chunks + 1,
				     sizeof(*pool->chunks));
	pool->chunks[pool->n_chunks++] = block;
	for (size_t i = 0; i < PACKETS_PER_CHUNK; i++) {
		block[i].next = pool->free_list;
		pool->free_list = &block[i];
	}
	pool->allocated += PACKETS_PER_CHUNK;
}

struct packet *
packet_alloc(struct packet_pool *pool)
{
	struct packet *p;

	if (pool->free_list == NULL)
		packet_pool_grow(pool);
	p = pool->free_list;
	pool->free_list = p->next;
	memset(p, 0, sizeof(*p));
	pool->in_use++;
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
