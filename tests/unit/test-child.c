#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "supervisor/child.h"
#include "tests/unit/unit.h"

struct seen {
	struct event_base *base;
	pid_t pid;
	int status;
	int calls;
};

static void
exit_cb(pid_t pid, int status, void *arg)
{
	struct seen *s = arg;

	s->pid = pid;
	s->status = status;
	s->calls++;
	event_base_loopbreak(s->base);
}

/* Run the loop until a callback or 5 s. */
static void
run(struct event_base *base)
{
	struct timeval tv = { 5, 0 };

	event_base_loopexit(base, &tv);
	(void) event_base_dispatch(base);
}

static void
exit7(void *arg)
{
	_exit(7);
}

static void
sleeper(void *arg)
{
	pause();
	_exit(0);
}

/* Exit 0 when the handlers the parent set are back to default. */
static void
check_signals(void *arg)
{
	struct sigaction sa;

	if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		_exit(2);
	if (sigaction(SIGPIPE, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		_exit(3);
	_exit(0);
}

START_TEST(test_spawn_and_reap)
{
	struct event_base *base = event_base_new();
	struct child_table *t = child_table_new(base);
	struct seen s = { .base = base };
	int pidfd = -1;
	pid_t pid;

	pid = child_spawn(0, exit7, NULL, &pidfd);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_ge(pidfd, 0);
	child_watch(t, pid, exit_cb, &s);
	run(base);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(s.pid, pid);
	ck_assert(WIFEXITED(s.status));
	ck_assert_int_eq(WEXITSTATUS(s.status), 7);
	(void) close(pidfd);
	child_table_free(t);
	event_base_free(base);
}
END_TEST

START_TEST(test_pidfd_kill)
{
	struct event_base *base = event_base_new();
	struct child_table *t = child_table_new(base);
	struct seen s = { .base = base };
	int pidfd = -1;
	pid_t pid;

	pid = child_spawn(0, sleeper, NULL, &pidfd);
	ck_assert_int_gt(pid, 0);
	child_watch(t, pid, exit_cb, &s);
	ck_assert_int_eq(pidfd_send_signal(pidfd, SIGKILL, NULL, 0), 0);
	run(base);
	ck_assert_int_eq(s.calls, 1);
	ck_assert(WIFSIGNALED(s.status));
	ck_assert_int_eq(WTERMSIG(s.status), SIGKILL);
	(void) close(pidfd);
	child_table_free(t);
	event_base_free(base);
}
END_TEST

/* A status reaped before anyone watched is kept and given later. */
START_TEST(test_cached_status)
{
	struct event_base *base = event_base_new();
	struct child_table *t = child_table_new(base);
	struct seen s = { .base = base };
	siginfo_t si;
	int pidfd = -1;
	pid_t pid;

	pid = child_spawn(0, exit7, NULL, &pidfd);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitid(P_PID, (id_t) pid, &si, WEXITED | WNOWAIT), 0);
	child_reap(t);
	ck_assert_int_eq(s.calls, 0);
	child_watch(t, pid, exit_cb, &s);
	ck_assert_int_eq(s.calls, 0);	/* from the loop, not right away */
	run(base);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(WEXITSTATUS(s.status), 7);
	(void) close(pidfd);
	child_table_free(t);
	event_base_free(base);
}
END_TEST

START_TEST(test_unwatch)
{
	struct event_base *base = event_base_new();
	struct child_table *t = child_table_new(base);
	struct seen s = { .base = base };
	struct timeval tv = { 0, 300000 };
	int pidfd = -1;
	pid_t pid;

	pid = child_spawn(0, exit7, NULL, &pidfd);
	child_watch(t, pid, exit_cb, &s);
	child_unwatch(t, pid);
	event_base_loopexit(base, &tv);
	(void) event_base_dispatch(base);
	ck_assert_int_eq(s.calls, 0);
	(void) close(pidfd);
	child_table_free(t);
	event_base_free(base);
}
END_TEST

START_TEST(test_signals_reset)
{
	struct event_base *base = event_base_new();
	struct child_table *t = child_table_new(base);
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct seen s = { .base = base };
	int pidfd = -1;
	pid_t pid;

	(void) sigaction(SIGUSR1, &ign, NULL);
	(void) sigaction(SIGPIPE, &ign, NULL);
	pid = child_spawn(0, check_signals, NULL, &pidfd);
	child_watch(t, pid, exit_cb, &s);
	run(base);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(WEXITSTATUS(s.status), 0);
	(void) close(pidfd);
	child_table_free(t);
	event_base_free(base);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("child");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_spawn_and_reap);
	tcase_add_test(tc, test_pidfd_kill);
	tcase_add_test(tc, test_cached_status);
	tcase_add_test(tc, test_unwatch);
	tcase_add_test(tc, test_signals_reset);
	suite_add_tcase(s, tc);
	return s;
}
