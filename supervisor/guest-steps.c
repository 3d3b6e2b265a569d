/* The guest's start steps, in order (STYLE.md: startup unwinds as data).
 * guest.c runs each do_fn and, on a failure or at teardown, the undo_fn of
 * every step done, in reverse. */
#include <stdlib.h>
#include <time.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/path.h"
#include "supervisor/cgrp.h"
#include "supervisor/child.h"
#include "supervisor/console.h"
#include "supervisor/control.h"
#include "supervisor/guest-priv.h"
#include "supervisor/ns.h"
#include "supervisor/port.h"
#include "supervisor/port-filter.h"
#include "supervisor/port-set.h"
#include "supervisor/rundir.h"

static void
oom_cb(void *arg)
{
	struct guest *g = arg;

	g->oom = true;
	log_warn(0, "out of memory: the kernel killed a process of the guest "
	    "(limit %llu KiB)", (unsigned long long) g->dom->memory_kib);
}

/* What a killed supervisor of guest name left outside its run dir: the
 * guest's processes and cgroup, its filter rules and host ports. Returns
 * how many things went, or -errno with err. */
int
guest_steps_remove_leftovers(const char *cgroup_parent, const char *name,
    struct vg_err *err)
{
	int r, n;

	if ((r = cgrp_cleanup_stale(cgroup_parent, name, err)) < 0)
		return vg_err_prefix(err, "cgroup: ");
	n = r;
	if ((r = port_filter_cleanup_guest(name, err)) < 0)
		return vg_err_prefix(err, "filter rules: ");
	n += r;
	if ((r = port_cleanup(name, err)) < 0)
		return vg_err_prefix(err, "ports: ");
	return n + r;
}

/* Run directory and lock; a killed supervisor's leftovers go first. */
static int
rundir_do(struct guest *g, struct vg_err *err)
{
	bool stale;
	int r;

	r = rundir_open(g->root, g->name, &g->rundir, &stale, err);
	if (r < 0 || !stale)
		return r;
	log_warn(0, "removing what a killed supervisor left behind");
	r = guest_steps_remove_leftovers(g->cgroup_parent, g->name, err);
	if (r < 0)
		return vg_err_prefix(err, "clean up after a killed "
		    "supervisor: ");
	rundir_clear(g->rundir);
	return 0;
}

static void
rundir_undo(struct guest *g)
{
	rundir_remove(g->rundir);
	g->rundir = NULL;
}

static int
cgroup_do(struct guest *g, struct vg_err *err)
{
	int r;

	if ((r = cgrp_new(g->cgroup_parent, g->name, &g->cg, err)) < 0 ||
	    (r = cgrp_apply(g->cg, g->dom, err)) < 0)
		return r;
	r = cgrp_watch(g->cg, g->base, oom_cb, g);
	if (r < 0)
		return vg_err_sys(err, r, "cgroup: watch for OOM kills");
	return cgrp_attach(g->cg, g->init_pid, err);
}

static void
cgroup_undo(struct guest *g)
{
	int r;

	if (g->cg == NULL)
		return;
	if ((r = cgrp_kill_all(g->cg)) < 0)
		log_warn(r, "cgroup: kill what is left");
	if ((r = cgrp_remove(g->cg)) < 0)
		log_warn(r, "cgroup: remove");
	cgrp_free(g->cg);
	g->cg = NULL;
}

static int
console_do(struct guest *g, struct vg_err *err)
{
	struct console_opts opts = {
		.name = g->name,
		.ring_size = g->dom->console_ring_size,
		.log_max = g->dom->console_log_max,
	};
	char *log_path = path_get(g->root, PATH_GUEST_CONSOLE_LOG, g->name);
	int r;

	opts.log_path = log_path;
	r = console_new(g->base, &opts, &g->console, err);
	free(log_path);
	if (r < 0)
		return r;
	r = console_open_peer(g->console);
	if (r < 0)
		return vg_err_sys(err, r, "console: open %s",
		    console_peer_path(g->console));
	g->console_peer = r;
	return 0;
}

static void
console_undo(struct guest *g)
{
	fd_close(&g->console_peer);
	console_free(g->console);
	g->console = NULL;
}

static int
init_do(struct guest *g, struct vg_err *err)
{
	int r;

	r = ns_init_spawn(g->dom, g->console_peer,
	    console_peer_path(g->console), &g->init, err);
	if (r < 0)
		return r;
	g->init_pid = ns_init_pid(g->init);
	child_watch(g->children, g->init_pid, guest_init_exit_cb, g);
	return 0;
}

static void
init_undo(struct guest *g)
{
	if (g->init_pid > 0)
		child_unwatch(g->children, g->init_pid);
	ns_init_free(g->init);
	g->init = NULL;
}

/* Interfaces: host ends made and left down, guest ends moved in. */
static int
ports_do(struct guest *g, struct vg_err *err)
{
	return port_set_new(g->dom, g->root, g->name, g->init_pid, &g->ports,
	    err);
}

static void
ports_undo(struct guest *g)
{
	port_set_free(g->ports);
	g->ports = NULL;
}

static int
ports_up_do(struct guest *g, struct vg_err *err)
{
	return port_set_up(g->ports, err);
}

/* Let the init go on to its mounts and exec; wait for the exec. */
static int
exec_do(struct guest *g, struct vg_err *err)
{
	int r = ns_init_release(g->init, err);

	/* Only the init holds the pty peer now: its end is the console's
	 * end of file. */
	fd_close(&g->console_peer);
	if (r < 0)
		return r;
	g->started = time(NULL);
	log_info("init %s running as pid %d", g->dom->init, (int) g->init_pid);
	return 0;
}

static int
console_socket_do(struct guest *g, struct vg_err *err)
{
	char *path = rundir_file(g->rundir, "console.sock");
	int r = console_start(g->console, path, err);

	free(path);
	return r;
}

static int
state_do(struct guest *g, struct vg_err *err)
{
	g->state_file = true;
	guest_set_state(g, GUEST_RUNNING);
	return 0;
}

/* The last word before the run dir goes. */
static void
state_undo(struct guest *g)
{
	guest_set_state(g, GUEST_STOPPED);
	g->state_file = false;
}

static int
control_do(struct guest *g, struct vg_err *err)
{
	char *path = rundir_file(g->rundir, "control.sock");
	int r = control_new(g, g->base, path, &g->control, err);

	free(path);
	return r;
}

static void
control_undo(struct guest *g)
{
	control_stop(g->control);
}

const struct guest_step guest_steps[] = {
	{ "run dir", rundir_do, rundir_undo },
	{ "console", console_do, console_undo },
	/* The init builds its filesystem while the cgroup is made. */
	{ "init", init_do, init_undo },
	{ "cgroup", cgroup_do, cgroup_undo },
	/*
	 * The init waits on its sync pipe until "exec" below, so in between
	 * each veth peer moves into its network namespace, the port's filter
	 * rules go in (with the addresses learned before, from leases.json),
	 * and only then the host side comes up: nothing leaves the guest
	 * before its filter is in place. Each undo removes its part.
	 */
	{ "ports", ports_do, ports_undo },
	{ "filters", guest_filters_do, guest_filters_undo },
	{ "learning", guest_learn_do, guest_learn_undo },
	{ "ports up", ports_up_do, NULL },
	{ "exec", exec_do, NULL },
	{ "console socket", console_socket_do, NULL },
	{ "state", state_do, state_undo },
	{ "control", control_do, control_undo },
	{ NULL, NULL, NULL },
};
