/* The guest's cgroup through libcgroup: vigil/NAME (or --cgroup-parent) in
 * every v1 controller, or one group in the cgroup2 hierarchy; detected at run
 * time. Under a delegated systemd cgroup the group goes below our own. */
#ifndef VIGIL_SUPERVISOR_CGRP_H
#define VIGIL_SUPERVISOR_CGRP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct config_domain;
struct event_base;
struct vg_err;
struct cgrp;

struct cgrp_stats {
	uint64_t memory_current;	/* bytes */
	uint64_t memory_limit;		/* bytes, 0 = none */
	uint64_t memory_peak;		/* bytes */
	uint64_t cpu_ns;		/* cpu time used */
	uint64_t pids;			/* processes in the group */
	uint64_t oom_kills;
};

/* Create the group PARENT/NAME (parent NULL: "vigil"), removing a stale one
 * of that name first. Under a delegated cgroup2 group (systemd Delegate=yes,
 * seen through the trusted.delegate xattr, or VIGIL_DELEGATED=1) the group
 * is OWN/guest, and the calling process moves itself to OWN/supervisor. */
int cgrp_new(const char *parent, const char *name, struct cgrp **out,
    struct vg_err *err);
/* memory hard limit, cpu shares/weight, devices allow-list (v1). */
int cgrp_apply(struct cgrp *cg, const struct config_domain *dom,
    struct vg_err *err);
/* pids.max (0 = no limit). */
int cgrp_set_pids_max(struct cgrp *cg, uint64_t max, struct vg_err *err);
/* cgroup v1 cpu.shares -> cgroup2 cpu.weight (shares clamped to 2..262144). */
uint64_t cgrp_shares_to_weight(uint64_t shares);
/* Move pid into the group. */
int cgrp_attach(struct cgrp *cg, pid_t pid, struct vg_err *err);
/* Watch for OOM kills (v1: memory.oom_control eventfd, v2: memory.events)
 * on base; oom_cb runs once per kill event (v1: per OOM the kernel signals).
 * Callbacks may free cg. */
int cgrp_watch(struct cgrp *cg, struct event_base *base,
    void (*oom_cb)(void *arg), void *arg);
/* cgroup2 only (-EOPNOTSUPP on v1, where the pid namespace empties the
 * group when its init is reaped): empty_cb runs after each change that
 * leaves the group empty. Check cgrp_is_empty() after arming it. */
int cgrp_watch_empty(struct cgrp *cg, struct event_base *base,
    void (*empty_cb)(void *arg), void *arg);
/* 1 if no process is in the group, 0 if some are, or -errno. */
int cgrp_is_empty(struct cgrp *cg);
int cgrp_get_stats(struct cgrp *cg, struct cgrp_stats *st);
/* SIGKILL every process left in the group (cgroup2: cgroup.kill) and wait,
 * at most 500 ms in all, for them to exit; loops until empty is seen.
 * -EBUSY if some survive (stuck in the kernel). */
int cgrp_kill_all(struct cgrp *cg);
/* Stop watching and remove the group from every hierarchy; idempotent.
 * -EBUSY while processes are in it. */
int cgrp_remove(struct cgrp *cg);
/* Frees memory and events only: the group stays until cgrp_remove. */
void cgrp_free(struct cgrp *cg);
/* "vigil/alice": the group below the hierarchy roots. */
const char *cgrp_path(const struct cgrp *cg);
bool cgrp_is_v2(const struct cgrp *cg);

/* For cleanup after a SIGKILLed supervisor: kill what is left in
 * PARENT/NAME and remove it. Returns 1 if something was removed, 0 if
 * nothing was there, or -errno. */
int cgrp_cleanup_stale(const char *parent, const char *name,
    struct vg_err *err);

#endif
