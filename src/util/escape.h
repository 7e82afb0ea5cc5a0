/* SPDX-License-Identifier: ISC */
/*
 * escape.h: text from the input, made safe to print on a terminal.
 *
 * A scenario file, a --set value or a file name may hold any byte.
 * Echoed raw in a message or on the screen, an escape sequence
 * (`rate = 1\x1b[2JMbit/s`) would clear the terminal or worse.  So every
 * string that came from the user is passed through escape_text() before
 * it reaches stderr, stdout or the TUI:
 *   - printable ASCII and valid UTF-8 stay as they are;
 *   - tab, newline and carriage return become \t, \n, \r;
 *   - other C0 controls, DEL and bytes that are not valid UTF-8 become
 *     \xHH (two lowercase hex digits);
 *   - C1 controls encoded in UTF-8 (U+0080..U+009F, which some terminals
 *     obey as 8-bit CSI and friends) become \u0080..\u009f.
 * A backslash stays a backslash: the escapes are for reading, not for
 * parsing back.
 */
#ifndef TCPSIM_ESCAPE_H
#define TCPSIM_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Room for an escaped text of `len` input bytes, its NUL included. */
#define ESCAPE_SIZE(len) ((len)*6 + 1)

/*
 * Escape s[0..len) into buf[0..size), always NUL-terminated; when buf is
 * too small the result ends in "..." and is cut at a whole escape.
 * Returns buf, for use as a printf argument.
 */
char *escape_text_n(char *buf, size_t size, const char *s, size_t len);

/* escape_text_n() of a NUL-terminated string. */
char *escape_text(char *buf, size_t size, const char *s);

/*
 * The escaped copy of s in new memory (xmalloc; free it): for messages
 * where no fixed buffer is large enough.
 */
char *escape_dup(const char *s);

/* True when escape_text() would leave s unchanged. */
bool escape_is_clean(const char *s);

#endif
