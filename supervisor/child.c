#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/queue.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/child.h"

/* Statuses of unwatched pids kept at most (the oldest is dropped). */
#define CHILD_CACHE_MAX 64

struct child_entry {
	pid_t pid;
	bool exited;		/* status is valid: reaped, not yet given */
	int status;
	/* NULL: unwatched */
	void (*cb)(pid_t pid, int status, void *arg);
	void *arg;
	TAILQ_ENTRY(child_entry) link;
};

struct child_table {
	struct event_base *base;
	struct event *ev_sigchld;
	struct event *ev_deferred;	/* cached statuses to watchers */
	TAILQ_HEAD(, child_entry) entries;
	size_t ncached;
};

static struct child_entry *
find(struct child_table *t, pid_t pid)
{
	struct child_entry *e;

	TAILQ_FOREACH(e, &t->entries, link)
		if (e->pid == pid)
			return e;
	return NULL;
}

static void
drop(struct child_table *t, struct child_entry *e)
{
	if (e->exited && e->cb == NULL)
		t->ncached--;
	TAILQ_REMOVE(&t->entries, e, link);
	free(e);
}

/* Hand one exited, watched entry to its callback; false when none left.
 * The entry is gone before the callback runs, so it may watch again. */
static bool
give_one(struct child_table *t)
{
	void (*cb)(pid_t, int, void *);
	struct child_entry *e;
	void *arg;
	pid_t pid;
	int status;

	TAILQ_FOREACH(e, &t->entries, link)
		if (e->exited && e->cb != NULL)
			break;
	if (e == NULL)
		return false;
	cb = e->cb;
	arg = e->arg;
	pid = e->pid;
	status = e->status;
	drop(t, e);
	cb(pid, status, arg);
	return true;
}

static void
record(struct child_table *t, pid_t pid, int status)
{
	struct child_entry *e = find(t, pid);

	if (e == NULL) {
		log_debug("reaped unwatched pid %d (status 0x%x)", (int) pid,
		    status);
		if (t->ncached == CHILD_CACHE_MAX)
			TAILQ_FOREACH(e, &t->entries, link)
				if (e->exited && e->cb == NULL) {
					drop(t, e);
					break;
				}
		e = xcalloc(1, sizeof *e);
		e->pid = pid;
		TAILQ_INSERT_TAIL(&t->entries, e, link);
		t->ncached++;
	}
	e->exited = true;
	e->status = status;
}

void
child_reap(struct child_table *t)
{
	pid_t pid;
	int status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			break;
		record(t, pid, status);
	}
	while (give_one(t))
		;
}

static void
sigchld_cb(evutil_socket_t sig, short what, void *arg)
{
	child_reap(arg);
}

static void
deferred_cb(evutil_socket_t fd, short what, void *arg)
{
	struct child_table *t = arg;

	while (give_one(t))
		;
}

struct child_table *
child_table_new(struct event_base *base)
{
	struct child_table *t = xcalloc(1, sizeof *t);

	t->base = base;
	TAILQ_INIT(&t->entries);
	t->ev_sigchld = evsignal_new(base, SIGCHLD, sigchld_cb, t);
	t->ev_deferred = event_new(base, -1, 0, deferred_cb, t);
	if (t->ev_sigchld == NULL || t->ev_deferred == NULL ||
	    evsignal_add(t->ev_sigchld, NULL) < 0)
		abort();	/* libevent fails here only without memory */
	return t;
}

void
child_table_free(struct child_table *t)
{
	struct child_entry *e;

	if (t == NULL)
		return;
	if (t->ev_sigchld != NULL)
		event_free(t->ev_sigchld);
	if (t->ev_deferred != NULL)
		event_free(t->ev_deferred);
	while ((e = TAILQ_FIRST(&t->entries)) != NULL)
		drop(t, e);
	free(t);
}

void
child_watch(struct child_table *t, pid_t pid,
    void (*cb)(pid_t pid, int status, void *arg), void *arg)
{
	struct child_entry *e = find(t, pid);

	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->pid = pid;
		TAILQ_INSERT_TAIL(&t->entries, e, link);
	} else if (e->exited && e->cb == NULL) {
		t->ncached--;
		event_active(t->ev_deferred, EV_TIMEOUT, 0);
	}
	e->cb = cb;
	e->arg = arg;
}

void
child_unwatch(struct child_table *t, pid_t pid)
{
	struct child_entry *e = find(t, pid);

	if (e != NULL)
		drop(t, e);
}

int
child_spawn(uint64_t flags, void (*fn)(void *arg), void *arg, int *pidfd)
{
	struct clone_args ca = { 0 };
	struct sigaction dfl = { 0 };
	sigset_t all, old;
	long pid;
	int sig, r, fd = -1;

	ca.flags = flags | CLONE_PIDFD;
	ca.pidfd = (uint64_t) (uintptr_t) &fd;
	ca.exit_signal = SIGCHLD;
	(void) sigfillset(&all);
	(void) sigprocmask(SIG_SETMASK, &all, &old);
	pid = syscall(SYS_clone3, &ca, sizeof ca);
	if (pid == 0) {
		/* The child: nothing of the parent's signal setup remains. */
		dfl.sa_handler = SIG_DFL;
		for (sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				(void) sigaction(sig, &dfl, NULL);
		(void) sigprocmask(SIG_SETMASK, &old, NULL);
		fn(arg);
		_exit(127);
	}
	r = pid < 0 ? -errno : (int) pid;
	(void) sigprocmask(SIG_SETMASK, &old, NULL);
	if (r > 0)
		*pidfd = fd;
	return r;
}
