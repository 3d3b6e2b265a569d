/* File descriptors: -1 means "none". */
#ifndef VIGIL_FD_H
#define VIGIL_FD_H

#include <stddef.h>
#include <sys/types.h>

/* Close *fd if open and set it to -1. */
void fd_close(int *fd);

/* Return *fd and set it to -1 (hands ownership to the caller). */
static inline int
fd_take(int *fd)
{
	int r = *fd;

	*fd = -1;
	return r;
}

int fd_set_cloexec(int fd, int on);
int fd_set_nonblock(int fd, int on);

/* Write all of buf, retrying on EINTR/partial writes; returns 0 or -errno. */
int fd_write_all(int fd, const void *buf, size_t len);

/* Read exactly len bytes; returns len, a short count at EOF, or -errno. */
ssize_t fd_read_full(int fd, void *buf, size_t len);

/* Number of open fds of process pid (0 = self), or -errno. */
int fd_count(pid_t pid);

#endif
