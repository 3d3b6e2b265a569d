/* What guest.c (the root object, start loop and stop machine) and
 * guest-steps.c (the start steps) share. Nothing else includes it. */
#ifndef VIGIL_SUPERVISOR_GUEST_PRIV_H
#define VIGIL_SUPERVISOR_GUEST_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "supervisor/guest.h"

struct cgrp;
struct child_table;
struct console;
struct control;
struct event;
struct event_base;
struct learn;
struct ns_init;
struct port_filter;
struct port_set;
struct rundir;
struct vg_err;

/* Seconds the console may take to drain once the init has ended. */
#define GUEST_DRAIN_MAX 5

/* How the guest is being stopped. */
enum guest_stop {
	GUEST_STOP_NONE,	/* not asked: the init may exit on its own */
	GUEST_STOP_SHUTDOWN,	/* SIGTERM sent, kill timer armed */
	GUEST_STOP_TIMEOUT,	/* the timer fired: SIGKILL sent */
	GUEST_STOP_DESTROY,	/* SIGKILL sent */
};

struct guest {
	struct event_base *base;
	struct config_domain *dom;
	char *name;
	char *root;
	char *cgroup_parent;
	bool notify;
	char uuid[37];
	pid_t pid;			/* ours */
	const char **networks;		/* borrowed from dom */
	size_t nnetworks;

	struct rundir *rundir;
	struct cgrp *cg;
	struct console *console;
	int console_peer;		/* the init's stdio until it runs */
	struct ns_init *init;
	struct port_set *ports;		/* network interfaces */
	struct port_filter **filters;	/* per port, NULL = unfiltered */
	size_t nfilters;
	struct learn *learn;		/* address learning on filtered ports */
	struct child_table *children;
	struct control *control;
	struct event *ev_kill;		/* shutdown timeout */
	struct event *ev_teardown;

	enum guest_state state;
	enum guest_stop stop;
	size_t ndone;			/* start steps done */
	bool state_file;		/* state.json is ours to update */
	bool oom;			/* the cgroup saw an OOM kill */
	bool failed;			/* the guest ended badly */
	pid_t init_pid;
	time_t started;
	char reason[64];		/* how the init ended */
};

/* A start step. When do_fn fails, undo_fn still runs (before those of the
 * steps done), so it must take back a half-done step as well. */
struct guest_step {
	const char *name;
	int (*do_fn)(struct guest *g, struct vg_err *err);
	void (*undo_fn)(struct guest *g);
};

/* The filters and learning steps (guest-filters.c). */
int guest_filters_do(struct guest *g, struct vg_err *err);
void guest_filters_undo(struct guest *g);
int guest_learn_do(struct guest *g, struct vg_err *err);
void guest_learn_undo(struct guest *g);
/* Merge filter and learning details into port_set_describe's array. */
void guest_filters_describe(const struct guest *g, json_t *ifaces);

/* The start steps in order, ending with { NULL } (guest-steps.c). */
extern const struct guest_step guest_steps[];

/* Set the state; rewrite state.json once it is ours (guest.c). */
void guest_set_state(struct guest *g, enum guest_state state);
/* The reaper's callback for the init (guest.c). */
void guest_init_exit_cb(pid_t pid, int status, void *arg);
/* Remove what a killed supervisor of guest name left outside its run dir:
 * processes and cgroup, filter rules, host ports. Returns how many things
 * went, or -errno with err (guest-steps.c). */
int guest_steps_remove_leftovers(const char *cgroup_parent,
    const char *name, struct vg_err *err);

#endif
