/* Kernel notifications about one cgroup (see cgrp-event.h).
 *
 * v1 has no "group is empty" event and needs none: the guest's init is pid 1
 * of its own pid namespace, and by the time the supervisor reaps it the
 * kernel has killed and reaped every other process of that namespace, so
 * the group is already empty. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/fd.h"
#include "common/xalloc.h"
#include "supervisor/cgrp-event.h"
#include "supervisor/cgrp-file.h"

struct cgrp_event {
	const char *path;	/* borrowed */
	bool v2;
	int fd;			/* v1: eventfd; cgroup2: inotify */
	struct event *ev;
	uint64_t oom_kills;	/* cgroup2: last memory.events oom_kill */
	void (*oom_cb)(void *arg);
	void *oom_arg;
	void (*empty_cb)(void *arg);
	void *empty_arg;
};

static void
cgrp_event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cgrp_event *ce = arg;
	void (*oom_cb)(void *) = ce->oom_cb, (*empty_cb)(void *) = NULL;
	void *oom_arg = ce->oom_arg, *empty_arg = ce->empty_arg;
	uint64_t n = 0, kills = 0, populated = 1;
	char buf[4096] __attribute__((aligned(8)));

	if (!ce->v2) {
		/* The counter is the number of OOM events. The eventfd also
		 * fires when the group is removed: that is no OOM. */
		if (read(fd, &n, sizeof n) != sizeof n ||
		    !cgrp_file_exists(ce->path, "memory.oom_control"))
			n = 0;
	} else {
		while (read(fd, buf, sizeof buf) > 0)
			;
		if (cgrp_file_read(ce->path, "memory.events", "oom_kill",
		    &kills) == 0 && kills > ce->oom_kills) {
			n = kills - ce->oom_kills;
			ce->oom_kills = kills;
		}
		/* Any change that leaves it empty: a quick 1 -> 0 may reach
		 * us as one notification (the kernel rate-limits them). */
		if (cgrp_file_read(ce->path, "cgroup.events", "populated",
		    &populated) == 0 && populated == 0)
			empty_cb = ce->empty_cb;
	}
	/* Callbacks last, from copies: they may free ce. */
	for (; oom_cb != NULL && n > 0; n--)
		oom_cb(oom_arg);
	if (empty_cb != NULL)
		empty_cb(empty_arg);
}

static int
watch_v2(struct cgrp_event *ce)
{
	char *oom = cgrp_file_path(ce->path, "memory.events");
	char *events = cgrp_file_path(ce->path, "cgroup.events");
	int r = 0;

	ce->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ce->fd < 0 || inotify_add_watch(ce->fd, oom, IN_MODIFY) < 0 ||
	    inotify_add_watch(ce->fd, events, IN_MODIFY) < 0)
		r = -errno;
	(void) cgrp_file_read(ce->path, "memory.events", "oom_kill",
	    &ce->oom_kills);
	free(oom);
	free(events);
	return r;
}

static int
watch_v1(struct cgrp_event *ce)
{
	char *oom = cgrp_file_path(ce->path, "memory.oom_control");
	char *ctl = cgrp_file_path(ce->path, "cgroup.event_control");
	char line[32];
	int ofd = -1, cfd = -1, r = 0;

	ce->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ce->fd < 0 || (ofd = open(oom, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (cfd = open(ctl, O_WRONLY | O_CLOEXEC)) < 0)
		r = -errno;
	(void) snprintf(line, sizeof line, "%d %d", ce->fd, ofd);
	if (r == 0)
		r = fd_write_all(cfd, line, strlen(line));
	/* The registration holds what it needs; ofd can go. */
	fd_close(&ofd);
	fd_close(&cfd);
	free(oom);
	free(ctl);
	return r;
}

int
cgrp_event_new(struct event_base *base, const char *path, bool v2,
    struct cgrp_event **out)
{
	struct cgrp_event *ce = xcalloc(1, sizeof *ce);
	int r;

	*out = NULL;
	ce->path = path;
	ce->v2 = v2;
	ce->fd = -1;
	r = v2 ? watch_v2(ce) : watch_v1(ce);
	if (r == 0) {
		ce->ev = event_new(base, ce->fd, EV_READ | EV_PERSIST,
		    cgrp_event_cb, ce);
		if (ce->ev == NULL || event_add(ce->ev, NULL) < 0)
			r = -ENOMEM;
	}
	if (r < 0) {
		cgrp_event_free(ce);
		return r;
	}
	*out = ce;
	return 0;
}

void
cgrp_event_set_oom(struct cgrp_event *ce, void (*cb)(void *arg), void *arg)
{
	ce->oom_cb = cb;
	ce->oom_arg = arg;
}

int
cgrp_event_set_empty(struct cgrp_event *ce, void (*cb)(void *arg),
    void *arg)
{
	if (!ce->v2)
		return -EOPNOTSUPP;
	ce->empty_cb = cb;
	ce->empty_arg = arg;
	return 0;
}

void
cgrp_event_free(struct cgrp_event *ce)
{
	if (ce == NULL)
		return;
	if (ce->ev != NULL)
		event_free(ce->ev);
	fd_close(&ce->fd);
	free(ce);
}
