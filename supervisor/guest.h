/* The supervisor's root object: one guest, the table of start steps and the
 * stop state machine. Start runs the steps' do functions in order and, on a
 * failure, the undo functions of those done, in reverse; teardown (init
 * exited, shutdown, destroy) ends with the same undo loop. */
#ifndef VIGIL_SUPERVISOR_GUEST_H
#define VIGIL_SUPERVISOR_GUEST_H

#include <stdbool.h>

struct cgrp_stats;
struct config_domain;
struct event_base;
struct json_t;
struct state_info;
struct vg_err;
struct guest;

/* Seconds between SIGTERM and SIGKILL on shutdown, unless asked. */
#define GUEST_SHUTDOWN_TIMEOUT 30
/* The longest shutdown timeout a client may ask for. */
#define GUEST_SHUTDOWN_TIMEOUT_MAX 3600

enum guest_state {
	GUEST_STARTING,
	GUEST_RUNNING,
	GUEST_STOPPING,
	GUEST_STOPPED,
};

struct guest_opts {
	const char *name;
	const char *root;		/* --root, absolute */
	const char *cgroup_parent;	/* NULL: the default */
	bool notify;			/* tell systemd ($NOTIFY_SOCKET) */
};

/* Takes ownership of dom (NULL for guest_cleanup only). */
struct guest *guest_new(struct event_base *base,
    const struct guest_opts *opts, struct config_domain *dom);
/* Build everything and exec the init; on failure everything built is
 * undone and err tells what failed, naming the guest. Before the loop. */
int guest_start(struct guest *g, struct vg_err *err);
/* SIGTERM to the init, SIGKILL after timeout_s seconds. */
void guest_shutdown(struct guest *g, unsigned timeout_s);
/* SIGKILL to the init now. */
void guest_destroy(struct guest *g);

enum guest_state guest_get_state(const struct guest *g);
const char *guest_name(const struct guest *g);
/* The fields of state.json; strings borrowed from g. */
void guest_get_info(const struct guest *g, struct state_info *info);
int guest_get_stats(struct guest *g, struct cgrp_stats *st);
/* Its network interfaces as a new JSON array (port_describe() each). */
struct json_t *guest_interfaces(const struct guest *g);
/* Each filtered port's drop counters as {"PORT": {"mac": N, ...}}
 * (guest-filters.c). */
struct json_t *guest_drops(const struct guest *g);
/* Once stopped: 0 when the guest ended as asked or its init exited 0. */
int guest_exit_code(const struct guest *g);
void guest_free(struct guest *g);

/* vigil cleanup NAME: remove what a killed supervisor left (processes and
 * cgroup, filter rules, host ports, run dir). Returns 1 when something was
 * removed, 0 when nothing was there, -EBUSY when the guest runs, or
 * -errno; err says why. */
int guest_cleanup(const struct guest_opts *opts, struct vg_err *err);

#endif
