/* Problems found in one config file, each with its line: "FILE:LINE: msg". */
#ifndef VIGIL_DIAG_H
#define VIGIL_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct vg_err;

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag_item {
	enum diag_severity severity;
	int line;		/* 0 when the problem is the whole file */
	char *msg;
};

struct diag {
	char *file;		/* as named by the user */
	struct diag_item *items;
	size_t nitems;
	size_t nerrors;
	size_t nwarnings;
};

void diag_init(struct diag *d, const char *file);
void diag_done(struct diag *d);

/* Record an error; returns -EINVAL so parsers can "return diag_error(...)". */
int diag_error(struct diag *d, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warn(struct diag *d, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One line per item: "FILE:LINE: msg" or "FILE:LINE: warning: msg". */
void diag_print(const struct diag *d, FILE *out);

/* The first error as "FILE:LINE: msg" in err; returns -EINVAL, or 0 when
 * there is no error. */
int diag_to_err(const struct diag *d, struct vg_err *err);

#endif
