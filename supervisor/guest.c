/* The guest: root object, start loop and stop machine. The start steps
 * themselves are in guest-steps.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/cgrp.h"
#include "supervisor/child.h"
#include "supervisor/console.h"
#include "supervisor/control.h"
#include "supervisor/guest-priv.h"
#include "supervisor/guest.h"
#include "supervisor/notify.h"
#include "supervisor/ns.h"
#include "supervisor/port-set.h"
#include "supervisor/rundir.h"
#include "supervisor/state.h"

static const char *const state_names[] = {
	[GUEST_STARTING] = "starting",
	[GUEST_RUNNING] = "running",
	[GUEST_STOPPING] = "stopping",
	[GUEST_STOPPED] = "stopped",
};

void
guest_set_state(struct guest *g, enum guest_state state)
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
undo_all(struct guest *g)
{
	while (g->ndone > 0) {
		g->ndone--;
		if (guest_steps[g->ndone].undo_fn != NULL) {
			log_debug("undo %s", guest_steps[g->ndone].name);
			guest_steps[g->ndone].undo_fn(g);
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
	const struct guest_step *st;
	double t0;
	int r;

	vg_err_clear(err);
	for (g->ndone = 0; guest_steps[g->ndone].name != NULL;) {
		st = &guest_steps[g->ndone];
		t0 = now_ms();
		r = st->do_fn(g, err);
		log_debug("step %s: %.3f ms", st->name, now_ms() - t0);
		/* Counted even when it failed: its undo takes back what it
		 * did halfway. */
		g->ndone++;
		if (r >= 0) {
			/* A step may have recovered from an error it noted
			 * (a retried request): only failures travel on. */
			vg_err_clear(err);
			continue;
		}
		if (err->msg[0] == '\0')
			vg_err_sys(err, r, "%s", st->name);
		log_err(0, "start: %s", err->msg);
		/* The lock's message names the guest already. */
		if (r != -EBUSY)
			vg_err_prefix(err, "guest %s: ", g->name);
		undo_all(g);
		return r;
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
	guest_set_state(g, GUEST_STOPPING);
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

void
guest_init_exit_cb(pid_t pid, int status, void *arg)
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

json_t *
guest_interfaces(const struct guest *g)
{
	json_t *ifaces = port_set_describe(g->ports);

	guest_filters_describe(g, ifaces);
	return ifaces;
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
	r = guest_steps_remove_leftovers(opts->cgroup_parent, opts->name,
	    err);
	rundir_remove(rd);
	if (r < 0)
		return r;
	return stale || r > 0 ? 1 : 0;
}
