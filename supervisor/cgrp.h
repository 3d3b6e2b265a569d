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
 * of that name first. */
int cgrp_new(const char *parent, const char *name, struct cgrp **out,
    struct vg_err *err);
/* memory hard limit, cpu shares/weight, devices allow-list (v1). */
int cgrp_apply(struct cgrp *cg, const struct config_domain *dom,
    struct vg_err *err);
/* Move pid into the group. */
int cgrp_attach(struct cgrp *cg, pid_t pid, struct vg_err *err);
/* Watch for OOM kills (v1: memory.oom_control eventfd, v2: memory.events)
 * on base; oom_cb runs once per kill event. */
int cgrp_watch(struct cgrp *cg, struct event_base *base,
    void (*oom_cb)(void *arg), void *arg);
int cgrp_get_stats(struct cgrp *cg, struct cgrp_stats *st);
/* SIGKILL every process left in the group (loops until empty is seen). */
int cgrp_kill_all(struct cgrp *cg);
/* Remove the group from every hierarchy; idempotent. */
int cgrp_remove(struct cgrp *cg);
void cgrp_free(struct cgrp *cg);

/* For cleanup after a SIGKILLed supervisor: kill what is left in
 * PARENT/NAME and remove it. Returns 1 if something was removed, 0 if
 * nothing was there, or -errno. */
int cgrp_cleanup_stale(const char *parent, const char *name,
    struct vg_err *err);

#endif
