/*
 * xmalloc.h: allocation that cannot fail.
 *
 * Running out of memory is not an input error the program can report
 * usefully in the middle of a simulation, so every allocation goes through
 * these wrappers, which print one message and exit with status 1.
 */
#ifndef TCPSIM_XMALLOC_H
#define TCPSIM_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
