#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/fd.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/console-log.h"

static int
log_open(struct console_log *l)
{
	struct stat st;

	l->fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NOCTTY, 0600);
	if (l->fd < 0)
		return -errno;
	l->size = fstat(l->fd, &st) == 0 ? (size_t) st.st_size : 0;
	return 0;
}

int
console_log_init(struct console_log *l, const char *path, size_t max)
{
	_cleanup_free_ char *dir = NULL;
	char *slash;

	l->fd = -1;
	l->size = 0;
	l->max = max > 0 ? max : 1;
	l->path = path != NULL ? xstrdup(path) : NULL;
	if (path == NULL)
		return 0;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void) path_mkdir_p(dir, 0755);
	}
	return log_open(l);
}

void
console_log_done(struct console_log *l)
{
	fd_close(&l->fd);
	free(l->path);
	l->path = NULL;
}

static int
log_rotate(struct console_log *l)
{
	_cleanup_free_ char *old = xprintf("%s.1", l->path);

	fd_close(&l->fd);
	/* Not a rename over .1: ext4 would flush the new file to disk first
	 * (auto_da_alloc), and the supervisor's loop would wait for it. */
	if (unlink(old) < 0 && errno != ENOENT)
		return -errno;
	if (rename(l->path, old) < 0)
		return -errno;
	return log_open(l);
}

int
console_log_append(struct console_log *l, const void *p, size_t n)
{
	const char *b = p;
	size_t room;
	int r = 0;

	while (n > 0 && l->fd >= 0) {
		if (l->size >= l->max && (r = log_rotate(l)) < 0)
			break;
		room = l->max - l->size;
		if (room > n)
			room = n;
		if ((r = fd_write_all(l->fd, b, room)) < 0)
			break;
		l->size += room;
		b += room;
		n -= room;
	}
	if (r < 0)
		fd_close(&l->fd);
	return r;
}
