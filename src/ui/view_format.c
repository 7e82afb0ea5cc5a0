/* SPDX-License-Identifier: ISC */
/* view_format.c: short numbers for the terminal UI (see view_format.h). */
#include "ui/view_format.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "trace/format.h"

/* Remove every occurrence of `what` from buf. */
static void
squeeze(char *buf, const char *what)
{
	size_t n = strlen(what);
	char *p;

	while ((p = strstr(buf, what)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

char *
view_size_short(char *buf, size_t size, uint64_t bytes)
{
	if (bytes == UINT64_MAX) {
		snprintf(buf, size, "unlim");
		return buf;
	}
	format_size(buf, size, bytes);
	squeeze(buf, " ");
	squeeze(buf, "iB");
	return buf;
}

char *
view_rate_short(char *buf, size_t size, double bps)
{
	if (bps >= 18446744073709551615.0) {
		snprintf(buf, size, "unlim");
		return buf;
	}
	format_rate(buf, size, bps);
	squeeze(buf, " ");
	squeeze(buf, "bit/s");
	return buf;
}

char *
view_rate_label(char *buf, size_t size, double bps)
{
	if (bps >= 18446744073709551615.0) {
		snprintf(buf, size, "unlimited");
		return buf;
	}
	view_rate_short(buf, size, bps);
	/* "4.53M" -> "4.53Mb/s" */
	strncat(buf, "b/s", size - strlen(buf) - 1);
	return buf;
}

char *
view_time_short(char *buf, size_t size, int64_t ns)
{
	format_time(buf, size, ns);
	squeeze(buf, " ");
	return buf;
}

char *
view_count_short(char *buf, size_t size, double count)
{
	if (count < 9999.5) {
		snprintf(buf, size, "%.0f", count);
		return buf;
	}
	view_rate_short(buf, size, count);
	return buf;
}

char *
view_clock(char *buf, size_t size, int64_t ns)
{
	int64_t ms = ns / 1000000;

	snprintf(buf, size, "%" PRId64 ".%03" PRId64 "s", ms / 1000, ms % 1000);
	return buf;
}
