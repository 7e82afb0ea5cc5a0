/* SPDX-License-Identifier: ISC */
/*
 * view_format.h: numbers short enough for a panel of the terminal UI.
 *
 * The same three significant digits as trace/format.h (which does the
 * rounding), squeezed for narrow panels: "96.0 KiB" becomes "96.0K",
 * "4.53 Mbit/s" becomes "4.53M" (view_rate_short) or "4.53Mb/s"
 * (view_rate_label), "41.2 ms" becomes "41.2ms".  Sizes stay binary (K is
 * 1024) and rates SI (M is 10^6), as everywhere in tcpsim.
 */
#ifndef TCPSIM_VIEW_FORMAT_H
#define TCPSIM_VIEW_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define VIEW_NUM_BUF 32

/* "96.0K", "512B", "0B"; "unlim" for UINT64_MAX. */
char *view_size_short(char *buf, size_t size, uint64_t bytes);

/* "4.53M", "850k", "12" (bit/s understood); "unlim" for unlimited. */
char *view_rate_short(char *buf, size_t size, double bps);

/* "4.53Mb/s", "0b/s", "unlimited". */
char *view_rate_label(char *buf, size_t size, double bps);

/* "41.2ms", "1.50s", "0s". */
char *view_time_short(char *buf, size_t size, int64_t ns);

/* A plain count with SI suffix past 9999: "100", "12.3k", "4.50M". */
char *view_count_short(char *buf, size_t size, double count);

/* The simulated clock for the status line and narration: "12.345s". */
char *view_clock(char *buf, size_t size, int64_t ns);

#endif
