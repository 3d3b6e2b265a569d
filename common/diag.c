#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "common/err.h"
#include "common/xalloc.h"

void
diag_init(struct diag *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = xstrdup(file != NULL ? file : "-");
}

void
diag_done(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->nitems; i++)
		free(d->items[i].msg);
	free(d->items);
	free(d->file);
	memset(d, 0, sizeof *d);
}

static void
diag_add(struct diag *d, enum diag_severity sev, int line, const char *fmt,
    va_list ap)
{
	struct diag_item *it;
	char *msg;
	char *p;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup("(out of memory)");
	/* One line per problem, whatever the input held. */
	for (p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	d->items = xreallocarray(d->items, d->nitems + 1, sizeof *d->items);
	it = &d->items[d->nitems++];
	it->severity = sev;
	it->line = line;
	it->msg = msg;
	if (sev == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}

int
diag_error(struct diag *d, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void
diag_warn(struct diag *d, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, line, fmt, ap);
	va_end(ap);
}

void
diag_print(const struct diag *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->nitems; i++) {
		const struct diag_item *it = &d->items[i];
		const char *w = it->severity == DIAG_WARNING ? "warning: " : "";

		if (it->line > 0)
			fprintf(out, "%s:%d: %s%s\n", d->file, it->line, w,
			    it->msg);
		else
			fprintf(out, "%s: %s%s\n", d->file, w, it->msg);
	}
}

int
diag_to_err(const struct diag *d, struct vg_err *err)
{
	size_t i;

	for (i = 0; i < d->nitems; i++) {
		const struct diag_item *it = &d->items[i];

		if (it->severity != DIAG_ERROR)
			continue;
		if (it->line > 0)
			return vg_err_set(err, -EINVAL, "%s:%d: %s", d->file,
			    it->line, it->msg);
		return vg_err_set(err, -EINVAL, "%s: %s", d->file, it->msg);
	}
	return 0;
}
