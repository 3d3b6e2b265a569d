/* Allocation that aborts on out-of-memory: callers never NULL-check. */
#ifndef VIGIL_XALLOC_H
#define VIGIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
int xasprintf(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Returns the formatted string (never NULL). */
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
