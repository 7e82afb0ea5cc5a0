/* SPDX-License-Identifier: ISC */
/* view_bar.c: a buffer as a horizontal bar (see view_bar.h). */
#include "ui/view_bar.h"

#include <string.h>

#include "ui/glyphs.h"

/* Append `s` to buf (length *len) if it fits. */
static void
append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		return;
	memcpy(buf + *len, s, n + 1);
	*len += n;
}

char *
view_bar(char *buf, size_t size, int width, uint64_t fill, uint64_t limit,
	 const struct glyphs *gl)
{
	int inner = width > 2 ? width - 2 : 1;
	int steps = gl->utf8 ? 8 : 1; /* resolution of one cell */
	uint64_t total = (uint64_t)inner * (uint64_t)steps;
	uint64_t parts;
	size_t len = 0;
	int i;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (limit == 0 || fill == 0)
		parts = 0;
	else if (fill >= limit)
		parts = total;
	else {
		/* Rounded to the nearest part, in 128-bit: limits reach 2^50.
		 */
		parts = (uint64_t)(((unsigned __int128)fill * total +
				    limit / 2) /
				   limit);
		if (parts == 0)
			parts = 1;
		if (parts >= total)
			parts = total - 1;
	}
	append(buf, size, &len, "[");
	for (i = 0; i < inner; i++) {
		uint64_t done = (uint64_t)i * (uint64_t)steps;

		if (parts >= done + (uint64_t)steps)
			append(buf, size, &len, gl->bar_full);
		else if (parts > done)
			append(buf, size, &len, gl->bar_part[parts - done]);
		else
			append(buf, size, &len, gl->bar_empty);
	}
	append(buf, size, &len, "]");
	return buf;
}
