/* Kernel notifications about one cgroup, as an event on a libevent base:
 * never polling. v1: an eventfd registered in cgroup.event_control against
 * memory.oom_control (OOM only). cgroup2: inotify on memory.events (OOM
 * kills) and cgroup.events (the group became empty). */
#ifndef VIGIL_SUPERVISOR_CGRP_EVENT_H
#define VIGIL_SUPERVISOR_CGRP_EVENT_H

#include <stdbool.h>

struct event_base;
struct cgrp_event;

/* Start watching the group PATH (below the hierarchy roots; borrowed for
 * the object's lifetime). */
int cgrp_event_new(struct event_base *base, const char *path, bool v2,
    struct cgrp_event **out);
/* cb runs once per OOM event (v1: each OOM the kernel signals; cgroup2: each
 * new oom_kill). */
void cgrp_event_set_oom(struct cgrp_event *ce, void (*cb)(void *arg),
    void *arg);
/* cgroup2 only (-EOPNOTSUPP on v1): cb runs after each change of the group
 * that leaves it empty (a change is a process joining or the last one
 * leaving). A group that empties before this is set gives no event: check
 * cgrp_is_empty() after setting it. */
int cgrp_event_set_empty(struct cgrp_event *ce, void (*cb)(void *arg),
    void *arg);
void cgrp_event_free(struct cgrp_event *ce);

#endif
