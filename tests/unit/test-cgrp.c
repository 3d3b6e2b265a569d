/* supervisor/cgrp.c. The pure helpers and the refusal of bad names run
 * anywhere; the rest needs root and real cgroups, and is registered only
 * when running as root. Every group lives under one parent unique to this
 * run, which an unchecked fixture (run in the parent process, so even after
 * a failed test) kills and removes at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libcgroup.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "supervisor/cgrp.h"
#include "supervisor/cgrp-file.h"
#include "tests/unit/unit.h"

#define MIB (1024ULL * 1024)

/* Set once in unit_suite(), before any test forks. */
static char test_parent[64];

/* --- cleanup, with plain syscalls so that it works even if cgrp does not */

static int
purge_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	char procs[4096];
	FILE *f;
	int pid, i;

	if (flag != FTW_DP)
		return 0;
	(void) snprintf(procs, sizeof procs, "%s/cgroup.procs", p);
	for (i = 0; i < 200 && rmdir(p) < 0 && errno == EBUSY; i++) {
		if ((f = fopen(procs, "re")) != NULL) {
			while (fscanf(f, "%d", &pid) == 1)
				(void) kill(pid, SIGKILL);
			(void) fclose(f);
		}
		(void) usleep(10000);
	}
	return 0;
}

static void
purge(void)
{
	char p[4096];
	struct dirent *e;
	DIR *d = opendir("/sys/fs/cgroup");

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		(void) snprintf(p, sizeof p, "/sys/fs/cgroup/%s/%s",
		    e->d_name, test_parent);
		if (access(p, F_OK) == 0)
			(void) nftw(p, purge_cb, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (d != NULL)
		(void) closedir(d);
	(void) snprintf(p, sizeof p, "/sys/fs/cgroup/%s", test_parent);
	if (access(p, F_OK) == 0)
		(void) nftw(p, purge_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- helpers */

static char *
group_dir(const char *ctrl, const char *name)
{
	static char buf[4096];
	char *mnt = NULL;

	ck_assert_int_eq(cgroup_get_subsys_mount_point(ctrl, &mnt), 0);
	(void) snprintf(buf, sizeof buf, "%s/%s/%s", mnt, test_parent, name);
	free(mnt);
	return buf;
}

static bool
group_exists(const char *ctrl, const char *name)
{
	return access(group_dir(ctrl, name), F_OK) == 0;
}

/* A control file read back through libcgroup's cgroup_get_cgroup(). */
static uint64_t
read_back(const char *ctrl, const char *name, const char *file)
{
	char path[256];
	struct cgroup *g;
	u_int64_t v = 0;
	char *s = NULL;

	(void) snprintf(path, sizeof path, "%s/%s", test_parent, name);
	g = cgroup_new_cgroup(path);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(cgroup_get_cgroup(g), 0);
	ck_assert_int_eq(cgroup_get_value_string(cgroup_get_controller(g,
	    ctrl), file, &s), 0);
	if (strncmp(s, "max", 3) == 0)
		v = UINT64_MAX;
	else
		v = strtoull(s, NULL, 10);
	free(s);
	cgroup_free(&g);
	return v;
}

/* A child that, once attached (a byte on go), runs fn, says so (a byte on
 * done) and waits to be killed. */
struct kid {
	pid_t pid;
	int go;
	int done;
};

static void
kid_start(struct kid *k, void (*fn)(void))
{
	int go[2], done[2];
	char c = 0;

	ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(done, O_CLOEXEC), 0);
	k->pid = fork();
	ck_assert_int_ge(k->pid, 0);
	if (k->pid == 0) {
		(void) prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		if (fn != NULL)
			fn();
		if (write(done[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			(void) pause();
	}
	(void) close(go[0]);
	(void) close(done[1]);
	k->go = go[1];
	k->done = done[0];
}

/* Let it run fn; returns once it has (true) or died (false). */
static bool
kid_go(struct kid *k)
{
	char c = 0;

	ck_assert_int_eq(write(k->go, &c, 1), 1);
	return read(k->done, &c, 1) == 1;
}

static void
kid_done(struct kid *k)
{
	(void) close(k->go);
	(void) close(k->done);
}

/* The barrier keeps the compiler from dropping memory nobody reads. */
static void
touch_8mib(void)
{
	char *p = malloc(8 * MIB);

	if (p == NULL)
		_exit(2);
	memset(p, 1, 8 * MIB);
	__asm__ volatile("" : : "r"(p) : "memory");
}

static void
hog(void)
{
	size_t i;

	for (i = 0; i < 1024; i++) {
		char *p = malloc(MIB);

		if (p == NULL)
			_exit(2);
		memset(p, 1, MIB);
		__asm__ volatile("" : : "r"(p) : "memory");
	}
	_exit(3);	/* never got killed */
}

static void
fork_five(void)
{
	int i;

	for (i = 0; i < 5; i++)
		if (fork() == 0) {
			(void) signal(SIGTERM, SIG_IGN);
			for (;;)
				(void) pause();
		}
}

static double
ms_now(void)
{
	struct timespec t;

	(void) clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static struct cgrp *
new_group(const char *name)
{
	struct vg_err err;
	struct cgrp *cg = NULL;
	int r = cgrp_new(test_parent, name, &cg, &err);

	ck_assert_msg(r == 0, "cgrp_new: %s", err.msg);
	return cg;
}

/* --- tests that need no root */

START_TEST(test_shares_to_weight)
{
	ck_assert_uint_eq(cgrp_shares_to_weight(2), 1);
	ck_assert_uint_eq(cgrp_shares_to_weight(0), 1);
	ck_assert_uint_eq(cgrp_shares_to_weight(1024), 39);
	ck_assert_uint_eq(cgrp_shares_to_weight(262144), 10000);
	ck_assert_uint_eq(cgrp_shares_to_weight(1ULL << 40), 10000);
}
END_TEST

START_TEST(test_bad_names)
{
	struct cgrp *cg = (struct cgrp *) 1;
	struct vg_err err;

	ck_assert_int_eq(cgrp_new(NULL, "../x", &cg, &err), -EINVAL);
	ck_assert_ptr_null(cg);
	ck_assert_str_eq(err.msg,
	    "invalid name '../x': must not start with '.'");
	ck_assert_int_eq(cgrp_new("a//b", "x", &cg, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "invalid cgroup parent 'a//b'");
	ck_assert_int_eq(cgrp_new("/abs", "x", &cg, &err), -EINVAL);
	ck_assert_int_eq(cgrp_new("a/..", "x", &cg, &err), -EINVAL);
	ck_assert_int_eq(cgrp_cleanup_stale("p/", "x", &err), -EINVAL);
	ck_assert_int_eq(cgrp_cleanup_stale("p", "", &err), -EINVAL);
	cgrp_free(NULL);
	ck_assert_int_eq(cgrp_remove(NULL), 0);
	ck_assert_int_eq(cgrp_kill_all(NULL), 0);
}
END_TEST

START_TEST(test_file_errno)
{
	ck_assert_int_eq(cgrp_file_errno(0), 0);
	ck_assert_int_eq(cgrp_file_errno(ECGROUPNOTEXIST), -ENOENT);
	ck_assert_int_eq(cgrp_file_errno(ECGROUPVALUENOTEXIST), -ENOENT);
	ck_assert_int_eq(cgrp_file_errno(ECGROUPSUBSYSNOTMOUNTED), -ENODEV);
	ck_assert_int_eq(cgrp_file_errno(ECGNONEMPTY), -EBUSY);
	ck_assert_int_eq(cgrp_file_errno(ECGFAIL), -EIO);
}
END_TEST

/* --- tests that need root */

/* devices.list holds the allow-list and nothing else. */
static void
check_devices(const char *name)
{
	static const char *const want[] = {
		"c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",
		"c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm",
		"c 136:* rwm",
	};
	char path[4096], line[64];
	size_t n = 0;
	FILE *f;

	(void) snprintf(path, sizeof path, "%s/devices.list",
	    group_dir("devices", name));
	f = fopen(path, "re");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ck_assert_uint_lt(n, sizeof want / sizeof want[0]);
		ck_assert_str_eq(line, want[n]);
		n++;
	}
	(void) fclose(f);
	ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
}

START_TEST(test_create_apply_remove)
{
	struct config_domain dom;
	struct vg_err err;
	struct cgrp *cg = new_group("apply");
	char want[128];

	(void) snprintf(want, sizeof want, "%s/apply", test_parent);
	ck_assert_str_eq(cgrp_path(cg), want);
	ck_assert(group_exists("memory", "apply"));
	ck_assert(group_exists("pids", "apply"));
	memset(&dom, 0, sizeof dom);
	dom.memory_kib = 65536;
	dom.cpu_shares = 512;
	ck_assert_msg(cgrp_apply(cg, &dom, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cgrp_set_pids_max(cg, 100, &err), 0);
	ck_assert_uint_eq(read_back("pids", "apply", "pids.max"), 100);
	if (cgrp_is_v2(cg)) {
		ck_assert_uint_eq(read_back("memory", "apply", "memory.max"),
		    64 * MIB);
		ck_assert_uint_eq(read_back("cpu", "apply", "cpu.weight"),
		    cgrp_shares_to_weight(512));
	} else {
		ck_assert(group_exists("cpuacct", "apply"));
		ck_assert(group_exists("freezer", "apply"));
		ck_assert_uint_eq(read_back("memory", "apply",
		    "memory.limit_in_bytes"), 64 * MIB);
		ck_assert_uint_eq(read_back("memory", "apply",
		    "memory.memsw.limit_in_bytes"), 64 * MIB);
		ck_assert_uint_eq(read_back("cpu", "apply", "cpu.shares"), 512);
		check_devices("apply");
		/* raising the limit must raise memsw first */
		dom.memory_kib = 131072;
		ck_assert_msg(cgrp_apply(cg, &dom, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(read_back("memory", "apply",
		    "memory.limit_in_bytes"), 128 * MIB);
		dom.memory_kib = 32768;
		ck_assert_msg(cgrp_apply(cg, &dom, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(read_back("memory", "apply",
		    "memory.memsw.limit_in_bytes"), 32 * MIB);
	}
	ck_assert_int_eq(cgrp_set_pids_max(cg, 0, &err), 0);
	ck_assert_uint_eq(read_back("pids", "apply", "pids.max"), UINT64_MAX);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	ck_assert(!group_exists("memory", "apply"));
	ck_assert(!group_exists("pids", "apply"));
	ck_assert_int_eq(cgrp_remove(cg), 0);
	cgrp_free(cg);
}
END_TEST

START_TEST(test_errors_name_group_and_file)
{
	struct config_domain dom;
	struct vg_err err;
	struct cgrp *cg = new_group("errors");
	const char *file = cgrp_is_v2(cg) ? "memory.max" :
	    "memory.limit_in_bytes";
	char want[256];

	(void) snprintf(want, sizeof want,
	    "cgroup %s/errors: set %s: Invalid argument", test_parent, file);
	ck_assert_int_eq(cgrp_file_set(cgrp_path(cg), file, "lots", &err),
	    -EINVAL);
	ck_assert_str_eq(err.msg, want);
	memset(&dom, 0, sizeof dom);
	dom.memory_kib = UINT64_MAX / 512;
	ck_assert_int_eq(cgrp_apply(cg, &dom, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "too large"));
	ck_assert_int_lt(cgrp_attach(cg, 999999999, &err), 0);
	(void) snprintf(want, sizeof want,
	    "cgroup %s/errors: attach pid 999999999: ", test_parent);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	cgrp_free(cg);
}
END_TEST

START_TEST(test_attach_stats_kill)
{
	struct config_domain dom;
	struct cgrp_stats st;
	struct vg_err err;
	struct cgrp *cg = new_group("stats");
	struct kid k;
	int status;

	memset(&dom, 0, sizeof dom);
	dom.memory_kib = 65536;
	ck_assert_msg(cgrp_apply(cg, &dom, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cgrp_is_empty(cg), 1);
	kid_start(&k, touch_8mib);
	ck_assert_msg(cgrp_attach(cg, k.pid, &err) == 0, "%s", err.msg);
	ck_assert(kid_go(&k));
	ck_assert_int_eq(cgrp_is_empty(cg), 0);
	ck_assert_int_eq(cgrp_get_stats(cg, &st), 0);
	ck_assert_uint_eq(st.pids, 1);
	ck_assert_uint_eq(st.memory_limit, 64 * MIB);
	ck_assert_uint_ge(st.memory_current, 8 * MIB);
	ck_assert_uint_lt(st.memory_current, 64 * MIB);
	if (!cgrp_is_v2(cg))
		ck_assert_uint_ge(st.memory_peak, st.memory_current);
	ck_assert_uint_gt(st.cpu_ns, 0);
	ck_assert_uint_eq(st.oom_kills, 0);
	/* a busy group cannot be removed, and stays */
	ck_assert_int_eq(cgrp_remove(cg), -EBUSY);
	ck_assert(group_exists("memory", "stats"));
	ck_assert_int_eq(cgrp_kill_all(cg), 0);
	ck_assert_int_eq(waitpid(k.pid, &status, 0), k.pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_int_eq(cgrp_is_empty(cg), 1);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	/* a removed group has nothing to kill */
	ck_assert_int_eq(cgrp_kill_all(cg), 0);
	ck_assert_int_eq(cgrp_is_empty(cg), 1);
	kid_done(&k);
	cgrp_free(cg);
}
END_TEST

struct oom_seen {
	struct event_base *base;
	int count;
};

static void
oom_cb(void *arg)
{
	struct oom_seen *o = arg;

	o->count++;
	(void) event_base_loopbreak(o->base);
}

START_TEST(test_oom_event)
{
	struct timeval guard = { 10, 0 };
	struct config_domain dom;
	struct cgrp_stats st;
	struct oom_seen o;
	struct vg_err err;
	struct cgrp *cg = new_group("oom");
	struct kid k;
	double t0;
	int status;

	memset(&dom, 0, sizeof dom);
	dom.memory_kib = 32768;
	ck_assert_msg(cgrp_apply(cg, &dom, &err) == 0, "%s", err.msg);
	o.base = event_base_new();
	o.count = 0;
	ck_assert_ptr_nonnull(o.base);
	ck_assert_int_eq(cgrp_watch(cg, o.base, oom_cb, &o), 0);
	kid_start(&k, hog);
	ck_assert_msg(cgrp_attach(cg, k.pid, &err) == 0, "%s", err.msg);
	t0 = ms_now();
	ck_assert(!kid_go(&k));		/* died before it was done */
	(void) event_base_loopexit(o.base, &guard);
	(void) event_base_dispatch(o.base);
	ck_assert_int_ge(o.count, 1);
	fprintf(stderr, "# oom: %d event(s), %.1f ms after the hog started\n",
	    o.count, ms_now() - t0);
	ck_assert_int_eq(waitpid(k.pid, &status, 0), k.pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_int_eq(cgrp_get_stats(cg, &st), 0);
	ck_assert_uint_ge(st.oom_kills, 1);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	ck_assert(!group_exists("memory", "oom"));
	kid_done(&k);
	cgrp_free(cg);
	event_base_free(o.base);
}
END_TEST

START_TEST(test_kill_all_many)
{
	struct vg_err err;
	struct cgrp *cg = new_group("many");
	struct kid k;
	double t0;

	kid_start(&k, fork_five);
	ck_assert_msg(cgrp_attach(cg, k.pid, &err) == 0, "%s", err.msg);
	ck_assert(kid_go(&k));
	t0 = ms_now();
	ck_assert_int_eq(cgrp_kill_all(cg), 0);
	fprintf(stderr, "# kill_all of 6 processes: %.2f ms\n", ms_now() - t0);
	ck_assert_int_eq(cgrp_is_empty(cg), 1);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	(void) waitpid(k.pid, NULL, 0);
	kid_done(&k);
	cgrp_free(cg);
}
END_TEST

START_TEST(test_cleanup_stale)
{
	struct vg_err err;
	struct cgrp *cg = new_group("stale");
	struct kid k;
	int status;

	kid_start(&k, fork_five);
	ck_assert_msg(cgrp_attach(cg, k.pid, &err) == 0, "%s", err.msg);
	ck_assert(kid_go(&k));
	cgrp_free(cg);		/* as if the supervisor died */
	ck_assert(group_exists("memory", "stale"));
	ck_assert_msg(cgrp_cleanup_stale(test_parent, "stale", &err) == 1,
	    "%s", err.msg);
	ck_assert(!group_exists("memory", "stale"));
	ck_assert(!group_exists("pids", "stale"));
	ck_assert_int_eq(waitpid(k.pid, &status, 0), k.pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_int_eq(cgrp_cleanup_stale(test_parent, "stale", &err), 0);
	kid_done(&k);
}
END_TEST

START_TEST(test_new_replaces_stale)
{
	struct vg_err err;
	struct cgrp *cg = new_group("again");
	struct kid k;
	int status;

	kid_start(&k, NULL);
	ck_assert_msg(cgrp_attach(cg, k.pid, &err) == 0, "%s", err.msg);
	ck_assert(kid_go(&k));
	cgrp_free(cg);
	cg = new_group("again");
	ck_assert_int_eq(waitpid(k.pid, &status, 0), k.pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_int_eq(cgrp_is_empty(cg), 1);
	ck_assert_int_eq(cgrp_remove(cg), 0);
	kid_done(&k);
	cgrp_free(cg);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("cgrp");
	TCase *tc = tcase_create("pure");
	TCase *root = tcase_create("root");

	tcase_add_test(tc, test_shares_to_weight);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_file_errno);
	suite_add_tcase(s, tc);
	if (geteuid() != 0) {
		fprintf(stderr, "# test-cgrp: not root, real cgroup tests "
		    "not registered\n");
		return s;
	}
	(void) snprintf(test_parent, sizeof test_parent, "vigil-unit-%d",
	    (int) getpid());
	/* groups go to test_parent, not below a delegated cgroup2 group */
	(void) unsetenv("VIGIL_DELEGATED");
	tcase_add_unchecked_fixture(root, NULL, purge);
	tcase_set_timeout(root, 30);
	tcase_add_test(root, test_create_apply_remove);
	tcase_add_test(root, test_errors_name_group_and_file);
	tcase_add_test(root, test_attach_stats_kill);
	tcase_add_test(root, test_oom_event);
	tcase_add_test(root, test_kill_all_many);
	tcase_add_test(root, test_cleanup_stale);
	tcase_add_test(root, test_new_replaces_stale);
	suite_add_tcase(s, root);
	return s;
}
