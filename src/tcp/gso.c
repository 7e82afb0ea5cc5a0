/* SPDX-License-Identifier: ISC */
/* gso.c: segments per packet as Linux sizes them; see gso.h. */
#include "tcp/gso.h"

uint64_t
gso_linux_size_goal(uint64_t max_window, uint32_t mss)
{
	uint64_t goal = GSO_LINUX_MAX_BYTES;

	if (max_window > 536 && max_window / 2 < goal)
		goal = max_window / 2;
	if (mss == 0)
		return 1;
	goal = goal / mss * mss;
	return goal < mss ? mss : goal;
}
