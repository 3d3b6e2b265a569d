#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/cgrp.h"
#include "supervisor/child.h"
#include "supervisor/console.h"
#include "supervisor/control.h"
#include "supervisor/guest.h"
#include "supervisor/notify.h"
#include "supervisor/ns.h"
#include "supervisor/port-set.h"
#include "supervisor/rundir.h"
#include "supervisor/state.h"

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
struct step {
	const char *name;
	int (*do_fn)(struct guest *g, struct vg_err *err);
	void (*undo_fn)(struct guest *g);
};

static const char *const state_names[] = {
	[GUEST_STARTING] = "starting",
	[GUEST_RUNNING] = "running",
	[GUEST_STOPPING] = "stopping",
	[GUEST_STOPPED] = "stopped",
};

static void
set_state(struct guest *g, enum guest_state state)
{
	struct state_info info;
	char *path;
	int r;

	g->state = state;
	if (!g->state_file)
		return;
	guest_get_info(g, &info);
	path = rundir_file(g->rundir, "state.json");
	r = state_write(path, &info);
	if (r < 0)
		log_warn(r, "write %s", path);
	free(path);
}

static void
oom_cb(void *arg)
{
	struct guest *g = arg;

	g->oom = true;
	log_warn(0, "out of memory: the kernel killed a process of the guest "
	    "(limit %llu KiB)", (unsigned long long) g->dom->memory_kib);
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
	r = cgrp_cleanup_stale(g->cgroup_parent, g->name, err);
	if (r < 0)
		return vg_err_prefix(err, "clean up the stale cgroup: ");
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

static void
init_exit_cb(pid_t pid, int status, void *arg);

static int
init_do(struct guest *g, struct vg_err *err)
{
	int r;

	r = ns_init_spawn(g->dom, g->console_peer,
	    console_peer_path(g->console), &g->init, err);
	if (r < 0)
		return r;
	g->init_pid = ns_init_pid(g->init);
	child_watch(g->children, g->init_pid, init_exit_cb, g);
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
	set_state(g, GUEST_RUNNING);
	return 0;
}

/* The last word before the run dir goes. */
static void
state_undo(struct guest *g)
{
	set_state(g, GUEST_STOPPED);
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

static const struct step steps[] = {
	{ "run dir", rundir_do, rundir_undo },
	{ "console", console_do, console_undo },
	/* The init builds its filesystem while the cgroup is made. */
	{ "init", init_do, init_undo },
	{ "cgroup", cgroup_do, cgroup_undo },
	/*
	 * The init waits on its sync pipe until "exec" below, so in between
	 * each veth peer moves into its network namespace, the port's filter
	 * rules go in, and only then the host side comes up: nothing leaves
	 * the guest before its filter is in place. Filters go between
	 * "ports" and "ports up". Each undo removes its part.
	 */
	{ "ports", ports_do, ports_undo },
	{ "ports up", ports_up_do, NULL },
	{ "exec", exec_do, NULL },
	{ "console socket", console_socket_do, NULL },
	{ "state", state_do, state_undo },
	{ "control", control_do, control_undo },
};

static const size_t nsteps = sizeof steps / sizeof steps[0];

static void
undo_all(struct guest *g)
{
	while (g->ndone > 0) {
		g->ndone--;
		if (steps[g->ndone].undo_fn != NULL) {
			log_debug("undo %s", steps[g->ndone].name);
			steps[g->ndone].undo_fn(g);
		}
	}
}

static double
now_ms(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

int
guest_start(struct guest *g, struct vg_err *err)
{
	const struct step *st;
	double t0;
	int r;

	vg_err_clear(err);
	for (g->ndone = 0; g->ndone < nsteps;) {
		st = &steps[g->ndone];
		t0 = now_ms();
		r = st->do_fn(g, err);
		log_debug("step %s: %.3f ms", st->name, now_ms() - t0);
		/* Counted even when it failed: its undo takes back what it
		 * did halfway. */
		g->ndone++;
		if (r < 0) {
			if (err->msg[0] == '\0')
				vg_err_sys(err, r, "%s", st->name);
			log_err(0, "start: %s", err->msg);
			/* The lock's message names the guest already. */
			if (r != -EBUSY)
				vg_err_prefix(err, "guest %s: ", g->name);
			undo_all(g);
			return r;
		}
	}
	if (g->notify) {
		char msg[128];

		(void) snprintf(msg, sizeof msg, "READY=1\nSTATUS=guest %s "
		    "running (init pid %d)", g->name, (int) g->init_pid);
		(void) notify_send(msg);
	}
	return 0;
}

/* After the last undo: leave the loop (main frees the guest). Runs once:
 * when the console has drained, or GUEST_DRAIN_MAX after the init's end. */
static void
teardown_cb(evutil_socket_t fd, short what, void *arg)
{
	struct guest *g = arg;

	if (g->state == GUEST_STOPPED)
		return;
	(void) event_del(g->ev_teardown);
	undo_all(g);
	g->state = GUEST_STOPPED;
	log_info("stopped: %s", g->reason);
	event_base_loopexit(g->base, NULL);
}

/* The console has drained (it may still be on the stack): tear down from
 * the loop. */
static void
console_done_cb(void *arg)
{
	struct guest *g = arg;

	event_active(g->ev_teardown, EV_TIMEOUT, 0);
}

static void
begin_stop(struct guest *g)
{
	if (g->state != GUEST_RUNNING)
		return;
	set_state(g, GUEST_STOPPING);
	if (g->notify)
		(void) notify_send("STOPPING=1");
}

/* How the init ended, in a few words, and whether that is a failure. */
static void
exit_reason(struct guest *g, int status)
{
	struct cgrp_stats st;
	int sig;

	g->failed = false;
	if (WIFEXITED(status)) {
		(void) snprintf(g->reason, sizeof g->reason, "exit code %d",
		    WEXITSTATUS(status));
		g->failed = WEXITSTATUS(status) != 0 &&
		    g->stop == GUEST_STOP_NONE;
		return;
	}
	sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (sig == SIGKILL && g->stop == GUEST_STOP_DESTROY) {
		(void) snprintf(g->reason, sizeof g->reason, "destroyed");
	} else if (sig == SIGKILL && g->stop == GUEST_STOP_TIMEOUT) {
		(void) snprintf(g->reason, sizeof g->reason,
		    "killed after the shutdown timeout");
	} else if (sig == SIGKILL && (g->oom || (g->cg != NULL &&
	    cgrp_get_stats(g->cg, &st) == 0 && st.oom_kills > 0))) {
		(void) snprintf(g->reason, sizeof g->reason, "oom");
		g->failed = true;
	} else {
		(void) snprintf(g->reason, sizeof g->reason, "signal SIG%s",
		    sigabbrev_np(sig) != NULL ? sigabbrev_np(sig) : "?");
		g->failed = g->stop == GUEST_STOP_NONE;
	}
}

static void
init_exit_cb(pid_t pid, int status, void *arg)
{
	const struct timeval drain_max = { GUEST_DRAIN_MAX, 0 };
	struct guest *g = arg;

	ns_init_exited(g->init);
	g->init_pid = 0;
	evtimer_del(g->ev_kill);
	exit_reason(g, status);
	log_info("init exited: %s", g->reason);
	begin_stop(g);
	if (g->console != NULL) {
		/* Wait for the console to drain, but not forever. */
		evtimer_add(g->ev_teardown, &drain_max);
		console_finish(g->console, g->reason, console_done_cb, g);
	} else {
		event_active(g->ev_teardown, EV_TIMEOUT, 0);
	}
}

static void
kill_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct guest *g = arg;
	int r;

	log_info("init did not stop in time: killing it");
	g->stop = GUEST_STOP_TIMEOUT;
	if ((r = ns_init_signal(g->init, SIGKILL)) < 0 && r != -ESRCH)
		log_err(r, "kill init");
}

void
guest_shutdown(struct guest *g, unsigned timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s };
	int r;

	if (g->init_pid == 0 || g->stop != GUEST_STOP_NONE)
		return;
	log_info("shutting down (SIGTERM to init, SIGKILL after %u s)",
	    timeout_s);
	g->stop = GUEST_STOP_SHUTDOWN;
	begin_stop(g);
	if ((r = ns_init_signal(g->init, SIGTERM)) < 0 && r != -ESRCH)
		log_err(r, "signal init");
	evtimer_add(g->ev_kill, &tv);
}

void
guest_destroy(struct guest *g)
{
	int r;

	if (g->init_pid == 0 || g->stop == GUEST_STOP_DESTROY)
		return;
	log_info("destroying");
	g->stop = GUEST_STOP_DESTROY;
	evtimer_del(g->ev_kill);
	begin_stop(g);
	if ((r = ns_init_signal(g->init, SIGKILL)) < 0 && r != -ESRCH)
		log_err(r, "kill init");
}

struct guest *
guest_new(struct event_base *base, const struct guest_opts *opts,
    struct config_domain *dom)
{
	struct guest *g = xcalloc(1, sizeof *g);
	size_t i, j;

	g->base = base;
	g->dom = dom;
	g->name = xstrdup(opts->name);
	g->root = xstrdup(opts->root);
	g->cgroup_parent = opts->cgroup_parent != NULL ?
	    xstrdup(opts->cgroup_parent) : NULL;
	g->notify = opts->notify;
	g->pid = getpid();
	g->console_peer = -1;
	g->state = GUEST_STARTING;
	if (dom != NULL) {
		config_domain_uuid_format(dom->uuid, g->uuid);
		g->networks = xcalloc(dom->nifs + 1, sizeof *g->networks);
		for (i = 0; i < dom->nifs; i++) {
			if (dom->ifs[i].type != DOMAIN_IF_NETWORK)
				continue;
			for (j = 0; j < g->nnetworks; j++)
				if (strcmp(g->networks[j],
				    dom->ifs[i].source) == 0)
					break;
			if (j == g->nnetworks)
				g->networks[g->nnetworks++] =
				    dom->ifs[i].source;
		}
	}
	g->children = child_table_new(base);
	g->ev_kill = evtimer_new(base, kill_timer_cb, g);
	g->ev_teardown = event_new(base, -1, 0, teardown_cb, g);
	if (g->ev_kill == NULL || g->ev_teardown == NULL)
		abort();	/* libevent fails here only without memory */
	return g;
}

enum guest_state
guest_get_state(const struct guest *g)
{
	return g->state;
}

const char *
guest_name(const struct guest *g)
{
	return g->name;
}

void
guest_get_info(const struct guest *g, struct state_info *info)
{
	info->name = g->name;
	info->uuid = g->uuid;
	info->state = state_names[g->state];
	info->supervisor_pid = g->pid;
	info->init_pid = g->init_pid;
	info->started = g->started;
	info->networks = g->networks;
	info->nnetworks = g->nnetworks;
	info->exit_reason = g->reason[0] != '\0' ? g->reason : NULL;
}

int
guest_get_stats(struct guest *g, struct cgrp_stats *st)
{
	if (g->cg == NULL)
		return -ENOENT;
	return cgrp_get_stats(g->cg, st);
}

int
guest_exit_code(const struct guest *g)
{
	return g->failed ? 1 : 0;
}

void
guest_free(struct guest *g)
{
	if (g == NULL)
		return;
	/* Clients waiting for the end get their answer first. */
	control_free(g->control);
	g->control = NULL;
	undo_all(g);
	if (g->ev_kill != NULL)
		event_free(g->ev_kill);
	if (g->ev_teardown != NULL)
		event_free(g->ev_teardown);
	child_table_free(g->children);
	config_domain_free(g->dom);
	free(g->networks);
	free(g->name);
	free(g->root);
	free(g->cgroup_parent);
	free(g);
}

int
guest_cleanup(const struct guest_opts *opts, struct vg_err *err)
{
	struct rundir *rd;
	bool stale;
	int r;

	r = rundir_open(opts->root, opts->name, &rd, &stale, err);
	if (r == -EBUSY)
		return vg_err_set(err, r, "%s is running (use vigil destroy)",
		    opts->name);
	if (r < 0)
		return r;
	r = cgrp_cleanup_stale(opts->cgroup_parent, opts->name, err);
	rundir_remove(rd);
	if (r < 0)
		return vg_err_prefix(err, "cgroup: ");
	return stale || r > 0 ? 1 : 0;
}
