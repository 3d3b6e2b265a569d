#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"

void
vg_err_clear(struct vg_err *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

static void
err_vformat(struct vg_err *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	(void) vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int
vg_err_set(struct vg_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	err_vformat(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int
vg_err_sys(struct vg_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	err_vformat(err, code, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	(void) snprintf(err->msg + len, sizeof err->msg - len, ": %s",
	    strerror(code < 0 ? -code : code));
	return code;
}

int
vg_err_prefix(struct vg_err *err, const char *fmt, ...)
{
	char old[VG_ERR_MSG_MAX];
	va_list ap;
	size_t len;

	if (err == NULL)
		return 0;
	memcpy(old, err->msg, sizeof old);
	va_start(ap, fmt);
	(void) vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	(void) snprintf(err->msg + len, sizeof err->msg - len, "%s", old);
	return err->code;
}
