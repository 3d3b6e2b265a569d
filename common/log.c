#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"

/* Log settings are the only mutable globals allowed (STYLE.md). */
static char log_ident[64] = "vigil";
static char log_guest[72];
static enum log_level log_max = LOG_LEVEL_INFO;
static int log_fd = -1;		/* -1: stderr */
static char log_path[4096];

static const char *const level_names[] = {
	[LOG_LEVEL_ERR] = "error: ",
	[LOG_LEVEL_WARN] = "warning: ",
	[LOG_LEVEL_INFO] = "",
	[LOG_LEVEL_DEBUG] = "debug: ",
};

void
log_init(const char *ident, const char *guest, enum log_level level)
{
	(void) snprintf(log_ident, sizeof log_ident, "%s", ident);
	if (guest != NULL)
		(void) snprintf(log_guest, sizeof log_guest, "[%s]", guest);
	else
		log_guest[0] = '\0';
	log_max = level;
}

void
log_set_level(enum log_level level)
{
	log_max = level;
}

int
log_open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);

	if (fd < 0)
		return -errno;
	(void) snprintf(log_path, sizeof log_path, "%s", path);
	if (log_fd >= 0)
		(void) close(log_fd);
	log_fd = fd;
	return 0;
}

int
log_reopen(void)
{
	if (log_path[0] == '\0')
		return 0;
	return log_open_file(log_path);
}

static void
log_vwrite(enum log_level level, int r, const char *fmt, va_list ap)
{
	char line[2048];
	size_t len = 0;
	int n;

	if (level > log_max)
		return;
	if (log_fd >= 0) {
		struct timespec ts;
		struct tm tm;

		(void) clock_gettime(CLOCK_REALTIME, &ts);
		(void) gmtime_r(&ts.tv_sec, &tm);
		len = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
		n = snprintf(line + len, sizeof line - len, ".%03ldZ ",
		    ts.tv_nsec / 1000000);
		len += n > 0 ? (size_t) n : 0;
	}
	n = snprintf(line + len, sizeof line - len, "%s%s: %s", log_ident,
	    log_guest, level_names[level]);
	if (n > 0 && (size_t) n < sizeof line - len)
		len += (size_t) n;
	n = vsnprintf(line + len, sizeof line - len, fmt, ap);
	if (n > 0)
		len = len + (size_t) n < sizeof line ? len + (size_t) n :
		    sizeof line - 1;
	if (r < 0 && len < sizeof line - 1) {
		n = snprintf(line + len, sizeof line - len, ": %s",
		    strerror(-r));
		if (n > 0)
			len = len + (size_t) n < sizeof line ?
			    len + (size_t) n : sizeof line - 1;
	}
	if (len >= sizeof line - 1)
		len = sizeof line - 2;
	line[len++] = '\n';
	/* One write per line, so lines from several processes never mix. */
	if (write(log_fd >= 0 ? log_fd : STDERR_FILENO, line, len) < 0)
		return;
}

int
log_err(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERR, r, fmt, ap);
	va_end(ap);
	return r;
}

int
log_warn(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, r, fmt, ap);
	va_end(ap);
	return r;
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERR, r, fmt, ap);
	va_end(ap);
	exit(1);
}
