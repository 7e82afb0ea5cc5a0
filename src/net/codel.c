/* SPDX-License-Identifier: ISC */
/* codel.c: RFC 8289's pseudocode; see codel.h. */
#include "net/codel.h"

#include <math.h>

#include "net/packet.h"

void
codel_init(struct codel *c)
{
	c->first_above_time = 0;
	c->drop_next = 0;
	c->count = 0;
	c->lastcount = 0;
	c->dropping = false;
}

int64_t
codel_control_law(int64_t t, int64_t interval_ns, uint32_t count)
{
	return t + (int64_t)((double)interval_ns / sqrt((double)count));
}

/* dodequeue() (5.5): the head, and whether it may be dropped. */
struct codel_head {
	struct packet *p; /* the packet taken, or NULL */
	bool ok_to_drop;  /* sojourn above target for an interval */
	int64_t sojourn;  /* its sojourn time */
};

static struct codel_head
codel_dodequeue(struct codel *c, const struct codel_params *prm, struct fifo *q,
		int64_t now)
{
	struct codel_head r = {fifo_pop(q), false, 0};

	if (r.p == NULL) {
		c->first_above_time = 0;
		return r;
	}
	r.sojourn = now - r.p->enqueued_at;
	if (r.sojourn < prm->target_ns || q->bytes <= prm->mtu_bytes) {
		/* went below, or stayed below: no drop for now */
		c->first_above_time = 0;
	} else if (c->first_above_time == 0) {
		/* just went above from below: ok to drop after an interval */
		c->first_above_time = now + prm->interval_ns;
	} else if (now >= c->first_above_time) {
		r.ok_to_drop = true;
	}
	return r;
}

struct packet *
codel_dequeue(struct codel *c, const struct codel_params *prm, struct fifo *q,
	      int64_t now, const struct codel_ops *ops)
{
	struct codel_head r = codel_dodequeue(c, prm, q, now);
	uint32_t delta;

	if (r.p == NULL) {
		/* an empty queue takes us out of the dropping state */
		c->dropping = false;
		return NULL;
	}
	if (c->dropping) {
		if (!r.ok_to_drop)
			c->dropping = false; /* sojourn below target: leave */
		/* Time for the next drop(s): a large backlog can make the
		 * next one due at once, hence the loop. */
		while (r.p != NULL && c->dropping && now >= c->drop_next) {
			c->count++;
			if (ops->mark(ops->ctx, r.p)) {
				/* ECN: the mark stands for the drop, and
				 * the packet goes on (Linux codel_dequeue) */
				c->drop_next = codel_control_law(
					c->drop_next, prm->interval_ns,
					c->count);
				return r.p;
			}
			ops->drop(ops->ctx, r.p, c, r.sojourn);
			r = codel_dodequeue(c, prm, q, now);
			if (!r.ok_to_drop)
				c->dropping = false;
			else
				c->drop_next = codel_control_law(
					c->drop_next, prm->interval_ns,
					c->count);
		}
	} else if (r.ok_to_drop) {
		/* Enter the dropping state with this packet.  If the last
		 * episode ended recently, its drop rate is a good start:
		 * count resumes (the Linux version, 5.6). */
		bool marked = ops->mark(ops->ctx, r.p);

		delta = c->count - c->lastcount;
		c->count = 1;
		if (delta > 1 && now - c->drop_next < 16 * prm->interval_ns)
			c->count = delta;
		c->drop_next =
			codel_control_law(now, prm->interval_ns, c->count);
		c->lastcount = c->count;
		c->dropping = true;
		if (!marked) {
			ops->drop(ops->ctx, r.p, c, r.sojourn);
			r = codel_dodequeue(c, prm, q, now);
		}
	}
	return r.p;
}
