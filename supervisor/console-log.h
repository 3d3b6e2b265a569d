/* The console log: the guest's output appended to a file that never grows
 * past a cap; past it the file becomes FILE.1 (replacing the previous one)
 * and a new FILE is started. Non-logging. */
#ifndef VIGIL_SUPERVISOR_CONSOLE_LOG_H
#define VIGIL_SUPERVISOR_CONSOLE_LOG_H

#include <stddef.h>

struct console_log {
	char *path;	/* NULL: no log */
	int fd;		/* -1 once closed */
	size_t size;	/* bytes in the current file */
	size_t max;
};

/* Open (create, mode 0600, appending) path, making its folder; fd = -1 and
 * path = NULL for an object that only needs console_log_done(). */
int console_log_init(struct console_log *l, const char *path, size_t max);
void console_log_done(struct console_log *l);
/* Append n bytes, rotating as needed. After a failure, returned once as
 * -errno, the log is closed and later appends do nothing. */
int console_log_append(struct console_log *l, const void *p, size_t n);

#endif
