/* The guest's cgroup through libcgroup.
 *
 * cgroup v1 (one hierarchy per controller) or cgroup2 (one unified
 * hierarchy) is decided at run time from the file system of the memory
 * controller's mount. The group is PARENT/NAME below every hierarchy root.
 * Under a cgroup2 group that systemd delegated to us (Delegate=yes) the guest
 * goes to OWN/guest instead, and we first move ourselves to OWN/supervisor:
 * cgroup2 lets no process stay in a group whose controllers are enabled for
 * its children.
 *
 * Devices: v1 gets an allow-list of the guest's /dev nodes. cgroup2 has no
 * devices file (it takes a BPF program); there the guest relies on its
 * private /dev, a tmpfs whose nodes the supervisor makes, together with the
 * capability bounding set that lacks mknod rights to host devices.
 *
 * Events (OOM, empty) come from cgrp-event.c, control files go through
 * cgrp-file.c. Killing what is left uses pidfds, and waits (bounded) only
 * for tasks that were sent SIGKILL to exit.
 *
 * Every libcgroup call is in cgrp-file.c. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/cgrp.h"
#include "supervisor/cgrp-event.h"
#include "supervisor/cgrp-file.h"

#define CGRP_PARENT_DEFAULT	"vigil"
#define CGRP_MAX_CTRLS		8
#define CGRP_KILL_ROUNDS	16
#define CGRP_KILL_WAIT_MS	500	/* whole kill_all, for exiting tasks */
#define CGRP_KILL_WAIT_MAX	64	/* pidfds waited on per round */
#define CGRP_V1_UNLIMITED	(1ULL << 62)	/* and above: no limit */
#define CGRP_SHARES_MIN		2
#define CGRP_SHARES_MAX		262144

static const char *const ctrls_v1[] = {
	"memory", "cpu", "cpuacct", "pids", "devices", "freezer", "blkio",
	NULL
};
static const char *const ctrls_v2[] = { "memory", "cpu", "pids", NULL };

/* What the guest's /dev holds (mount.c makes these nodes). */
static const char *const devices_allow[] = {
	"c 1:3 rwm",	/* null */
	"c 1:5 rwm",	/* zero */
	"c 1:7 rwm",	/* full */
	"c 1:8 rwm",	/* random */
	"c 1:9 rwm",	/* urandom */
	"c 5:0 rwm",	/* tty */
	"c 5:1 rwm",	/* console */
	"c 5:2 rwm",	/* ptmx */
	"c 136:* rwm",	/* pts: the devpts instance and the console pty */
	NULL
};

struct cgrp {
	char *path;		/* below each hierarchy root */
	char *mnt;		/* the memory controller's mount */
	bool v2;
	const char *ctrls[CGRP_MAX_CTRLS];	/* in use, memory first */
	size_t nctrls;

	struct cgrp_event *event;	/* NULL until watched */
};

static bool
has_ctrl(const struct cgrp *cg, const char *ctrl)
{
	size_t i;

	for (i = 0; i < cg->nctrls; i++)
		if (strcmp(cg->ctrls[i], ctrl) == 0)
			return true;
	return false;
}

/* libcgroup's view of the mounts, and which cgroup version holds memory. */
static int
lib_init(struct cgrp *cg, struct vg_err *err)
{
	const char *const *list;
	struct statfs sfs;
	char *mnt;
	int r = cgrp_file_init(err);

	if (r < 0)
		return r;
	if ((cg->mnt = cgrp_file_mount("memory")) == NULL)
		return vg_err_set(err, -ENODEV,
		    "cgroup: memory controller not mounted");
	if (statfs(cg->mnt, &sfs) < 0)
		return vg_err_sys(err, -errno, "cgroup: statfs %s", cg->mnt);
	cg->v2 = sfs.f_type == CGROUP2_SUPER_MAGIC;
	cg->nctrls = 0;
	for (list = cg->v2 ? ctrls_v2 : ctrls_v1; *list != NULL; list++) {
		if ((mnt = cgrp_file_mount(*list)) == NULL)
			continue;
		free(mnt);
		cg->ctrls[cg->nctrls++] = *list;
	}
	return 0;
}

/* PARENT is one or more '/'-separated names. */
static int
check_parent(const char *parent, struct vg_err *err)
{
	char *copy = xstrdup(parent), *comp, *save = NULL;
	int r = parent[0] == '\0' ? -EINVAL : 0;

	for (comp = strtok_r(copy, "/", &save); r == 0 && comp != NULL;
	    comp = strtok_r(NULL, "/", &save))
		r = path_check_name(comp, err);
	if (r == 0 && (parent[0] == '/' || strstr(parent, "//") != NULL ||
	    parent[strlen(parent) - 1] == '/'))
		r = -EINVAL;
	free(copy);
	if (r < 0)
		return vg_err_set(err, r, "invalid cgroup parent '%s'", parent);
	return 0;
}

/* Our own cgroup2 group when it was delegated to us: systemd (251 and
 * later) marks Delegate=yes groups with the trusted.delegate xattr;
 * VIGIL_DELEGATED=1 says so for older managers. 1 with *own set, or 0. */
static int
delegated_own(const struct cgrp *cg, char **own)
{
	char *line = NULL, *dir, *sup, x[2] = "";
	size_t cap = 0;
	const char *env = getenv("VIGIL_DELEGATED");
	FILE *f;
	int r = 0;

	*own = NULL;
	if (!cg->v2 || (f = fopen("/proc/self/cgroup", "re")) == NULL)
		return 0;
	while (*own == NULL && getline(&line, &cap, f) > 0)
		if (strncmp(line, "0::/", 4) == 0 && line[4] != '\n')
			*own = xstrndup(line + 4, strcspn(line + 4, "\n"));
	(void) fclose(f);
	free(line);
	if (*own == NULL)
		return 0;
	/* Already moved to OWN/supervisor by an earlier cgrp_new. */
	sup = strrchr(*own, '/');
	if (sup != NULL && strcmp(sup, "/supervisor") == 0)
		*sup = '\0';
	dir = xprintf("%s/%s", cg->mnt, *own);
	if ((env != NULL && strcmp(env, "1") == 0) ||
	    (getxattr(dir, "trusted.delegate", x, 1) == 1 && x[0] == '1') ||
	    (getxattr(dir, "user.delegate", x, 1) == 1 && x[0] == '1'))
		r = 1;
	free(dir);
	if (r == 0) {
		free(*own);
		*own = NULL;
	}
	return r;
}

/* Move ourselves to OWN/supervisor (made here: libcgroup would enable
 * controllers in OWN's subtree_control, which fails while we are in OWN). */
static int
move_self(const struct cgrp *cg, const char *own, struct vg_err *err)
{
	char *path = xprintf("%s/supervisor", own);
	char *dir = xprintf("%s/%s", cg->mnt, path);
	int r = 0;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = vg_err_sys(err, -errno, "cgroup %s: create", path);
	else
		r = cgrp_file_attach(path, cg->ctrls, 1, getpid(), err);
	free(dir);
	free(path);
	return r;
}

static int
setup(struct cgrp *cg, const char *parent, const char *name, bool own_ok,
    struct vg_err *err)
{
	char *own = NULL;
	int r;

	if (parent == NULL || parent[0] == '\0')
		parent = CGRP_PARENT_DEFAULT;
	r = path_check_name(name, err);
	if (r == 0)
		r = check_parent(parent, err);
	if (r == 0)
		r = lib_init(cg, err);
	if (r < 0)
		return r;
	if (own_ok && delegated_own(cg, &own) == 1) {
		r = move_self(cg, own, err);
		cg->path = xprintf("%s/guest", own);
		free(own);
		return r;
	}
	cg->path = xprintf("%s/%s", parent, name);
	return 0;
}

int
cgrp_new(const char *parent, const char *name, struct cgrp **out,
    struct vg_err *err)
{
	struct cgrp *cg = xcalloc(1, sizeof *cg);
	int r;

	*out = NULL;
	r = setup(cg, parent, name, true, err);
	if (r == 0 &&
	    cgrp_file_group_exists(cg->path, cg->ctrls, cg->nctrls)) {
		r = cgrp_kill_all(cg);
		if (r == 0)
			r = cgrp_remove(cg);
		if (r < 0)
			r = vg_err_sys(err, r, "cgroup %s: remove stale group",
			    cg->path);
	}
	if (r < 0)
		goto fail;
	r = cgrp_file_create(cg->path, cg->ctrls, cg->nctrls, err);
	if (r < 0)
		goto fail;
	*out = cg;
	return 0;
fail:
	cgrp_free(cg);
	return r;
}

static int
apply_memory(struct cgrp *cg, uint64_t kib, struct vg_err *err)
{
	char v[32];
	uint64_t cur = 0;
	int r;

	if (kib > UINT64_MAX / 1024)
		return vg_err_set(err, -EINVAL, "cgroup %s: memory limit of "
		    "%llu KiB too large", cg->path, (unsigned long long) kib);
	(void) snprintf(v, sizeof v, "%llu", (unsigned long long) kib * 1024);
	if (cg->v2) {
		r = cgrp_file_set(cg->path, "memory.max", v, err);
		if (r == 0 && cgrp_file_exists(cg->path, "memory.swap.max"))
			r = cgrp_file_set(cg->path, "memory.swap.max", "0",
			    err);
		return r;
	}
	/* memsw (memory + swap) must stay >= the memory limit: when raising,
	 * raise memsw first. */
	if (!cgrp_file_exists(cg->path, "memory.memsw.limit_in_bytes"))
		return cgrp_file_set(cg->path, "memory.limit_in_bytes", v, err);
	(void) cgrp_file_read(cg->path, "memory.limit_in_bytes", NULL, &cur);
	if (kib * 1024 > cur) {
		r = cgrp_file_set(cg->path, "memory.memsw.limit_in_bytes", v,
		    err);
		if (r == 0)
			r = cgrp_file_set(cg->path, "memory.limit_in_bytes", v,
			    err);
		return r;
	}
	r = cgrp_file_set(cg->path, "memory.limit_in_bytes", v, err);
	if (r == 0)
		r = cgrp_file_set(cg->path, "memory.memsw.limit_in_bytes", v,
		    err);
	return r;
}

static int
apply_cpu(struct cgrp *cg, uint64_t shares, struct vg_err *err)
{
	char v[32];

	if (!has_ctrl(cg, "cpu"))
		return vg_err_set(err, -ENODEV, "cgroup %s: set cpu shares: "
		    "cpu controller not available", cg->path);
	if (shares < CGRP_SHARES_MIN)
		shares = CGRP_SHARES_MIN;
	if (shares > CGRP_SHARES_MAX)
		shares = CGRP_SHARES_MAX;
	(void) snprintf(v, sizeof v, "%llu", (unsigned long long)
	    (cg->v2 ? cgrp_shares_to_weight(shares) : shares));
	return cgrp_file_set(cg->path, cg->v2 ? "cpu.weight" : "cpu.shares", v,
	    err);
}

int
cgrp_apply(struct cgrp *cg, const struct config_domain *dom,
    struct vg_err *err)
{
	const char *const *d;
	int r = 0;

	if (dom->memory_kib > 0)
		r = apply_memory(cg, dom->memory_kib, err);
	if (r == 0 && dom->cpu_shares > 0)
		r = apply_cpu(cg, dom->cpu_shares, err);
	if (r < 0 || cg->v2 || !has_ctrl(cg, "devices"))
		return r;
	r = cgrp_file_set(cg->path, "devices.deny", "a", err);
	for (d = devices_allow; r == 0 && *d != NULL; d++)
		r = cgrp_file_set(cg->path, "devices.allow", *d, err);
	return r;
}

int
cgrp_set_pids_max(struct cgrp *cg, uint64_t max, struct vg_err *err)
{
	char v[32] = "max";

	if (!has_ctrl(cg, "pids"))
		return vg_err_set(err, -ENODEV, "cgroup %s: set pids.max: "
		    "pids controller not available", cg->path);
	if (max > 0)
		(void) snprintf(v, sizeof v, "%llu", (unsigned long long) max);
	return cgrp_file_set(cg->path, "pids.max", v, err);
}

uint64_t
cgrp_shares_to_weight(uint64_t shares)
{
	if (shares < CGRP_SHARES_MIN)
		shares = CGRP_SHARES_MIN;
	if (shares > CGRP_SHARES_MAX)
		shares = CGRP_SHARES_MAX;
	return 1 + ((shares - CGRP_SHARES_MIN) * 9999) /
	    (CGRP_SHARES_MAX - CGRP_SHARES_MIN);
}

int
cgrp_attach(struct cgrp *cg, pid_t pid, struct vg_err *err)
{
	return cgrp_file_attach(cg->path, cg->ctrls, cg->nctrls, pid, err);
}

const char *
cgrp_path(const struct cgrp *cg)
{
	return cg->path;
}

bool
cgrp_is_v2(const struct cgrp *cg)
{
	return cg->v2;
}

static int
list_pids(const struct cgrp *cg, pid_t **out, size_t *nout)
{
	/* cgroup2: every controller shares the one hierarchy. */
	return cgrp_file_pids(cg->path, cg->ctrls, cg->v2 ? 1 : cg->nctrls,
	    out, nout);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	(void) clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SIGKILL the listed pids and wait, until the deadline, for them to exit
 * (a pidfd is readable once its process is gone or a zombie). */
static void
kill_pids(const pid_t *pids, size_t n, const struct timespec *t0)
{
	struct pollfd pfd[CGRP_KILL_WAIT_MAX];
	size_t i, nfd = 0, left;
	long ms;
	int r;

	for (i = 0; i < n; i++) {
		int fd = pidfd_open(pids[i], 0);

		if (fd < 0) {
			if (errno == ENOSYS)	/* before Linux 5.3 */
				(void) kill(pids[i], SIGKILL);
			continue;	/* else gone already */
		}
		if (pidfd_send_signal(fd, SIGKILL, NULL, 0) < 0 ||
		    nfd == CGRP_KILL_WAIT_MAX) {
			(void) close(fd);
			continue;
		}
		pfd[nfd].fd = fd;
		pfd[nfd++].events = POLLIN;
	}
	left = nfd;
	while (left > 0 && (ms = CGRP_KILL_WAIT_MS - ms_since(t0)) > 0) {
		r = poll(pfd, nfd, (int) ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < nfd; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			(void) close(pfd[i].fd);
			pfd[i].fd = -1;
			left--;
		}
	}
	for (i = 0; i < nfd; i++)
		if (pfd[i].fd >= 0)
			(void) close(pfd[i].fd);
}

int
cgrp_kill_all(struct cgrp *cg)
{
	struct timespec t0;
	pid_t *pids;
	size_t n;
	int round, r;

	if (cg == NULL || cg->path == NULL)
		return 0;
	(void) clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cg->v2 && cgrp_file_exists(cg->path, "cgroup.kill"))
		(void) cgrp_file_set(cg->path, "cgroup.kill", "1", NULL);
	for (round = 0; round < CGRP_KILL_ROUNDS; round++) {
		r = list_pids(cg, &pids, &n);
		if (r < 0 || n == 0)
			return r;
		kill_pids(pids, n, &t0);
		free(pids);
		if (ms_since(&t0) >= CGRP_KILL_WAIT_MS)
			break;
	}
	r = list_pids(cg, &pids, &n);
	free(pids);
	return r < 0 ? r : n == 0 ? 0 : -EBUSY;
}

int
cgrp_is_empty(struct cgrp *cg)
{
	pid_t *pids;
	size_t n;
	int r = list_pids(cg, &pids, &n);

	free(pids);
	return r < 0 ? r : n == 0;
}

static void
unwatch(struct cgrp *cg)
{
	cgrp_event_free(cg->event);
	cg->event = NULL;
}

int
cgrp_remove(struct cgrp *cg)
{
	if (cg == NULL || cg->path == NULL)
		return 0;
	unwatch(cg);
	return cgrp_file_delete(cg->path, cg->ctrls, cg->nctrls);
}

void
cgrp_free(struct cgrp *cg)
{
	if (cg == NULL)
		return;
	unwatch(cg);
	free(cg->path);
	free(cg->mnt);
	free(cg);
}

int
cgrp_watch(struct cgrp *cg, struct event_base *base,
    void (*oom_cb)(void *arg), void *arg)
{
	int r = 0;

	if (cg->event == NULL)
		r = cgrp_event_new(base, cg->path, cg->v2, &cg->event);
	if (r == 0)
		cgrp_event_set_oom(cg->event, oom_cb, arg);
	return r;
}

int
cgrp_watch_empty(struct cgrp *cg, struct event_base *base,
    void (*empty_cb)(void *arg), void *arg)
{
	int r = 0;

	if (!cg->v2)
		return -EOPNOTSUPP;
	if (cg->event == NULL)
		r = cgrp_event_new(base, cg->path, cg->v2, &cg->event);
	if (r == 0)
		r = cgrp_event_set_empty(cg->event, empty_cb, arg);
	return r;
}

/* Where the stats are, in cgroup v1 and cgroup2. */
struct stat_files {
	const char *current;
	const char *limit;
	const char *peak;	/* cgroup2: before Linux 5.19 none (0) */
	const char *oom;	/* the line "oom_kill N" */
};

static const struct stat_files stats_v1 = {
	"memory.usage_in_bytes", "memory.limit_in_bytes",
	"memory.max_usage_in_bytes", "memory.oom_control",
};
static const struct stat_files stats_v2 = {
	"memory.current", "memory.max", "memory.peak", "memory.events",
};

int
cgrp_get_stats(struct cgrp *cg, struct cgrp_stats *st)
{
	const struct stat_files *f = cg->v2 ? &stats_v2 : &stats_v1;
	uint64_t v = 0;
	pid_t *pids;
	size_t n;
	int r;

	memset(st, 0, sizeof *st);
	r = cgrp_file_read(cg->path, f->current, NULL, &st->memory_current);
	if (r < 0)
		return r;
	if (cgrp_file_read(cg->path, f->limit, NULL, &v) == 0)
		st->memory_limit = v >= CGRP_V1_UNLIMITED ? 0 : v;
	(void) cgrp_file_read(cg->path, f->peak, NULL, &st->memory_peak);
	(void) cgrp_file_read(cg->path, f->oom, "oom_kill", &st->oom_kills);
	if (cg->v2 && cgrp_file_read(cg->path, "cpu.stat", "usage_usec",
	    &v) == 0)
		st->cpu_ns = v * 1000;
	else if (!cg->v2 && has_ctrl(cg, "cpuacct"))
		(void) cgrp_file_read(cg->path, "cpuacct.usage", NULL,
		    &st->cpu_ns);
	r = list_pids(cg, &pids, &n);
	free(pids);
	st->pids = n;
	return r;
}

int
cgrp_cleanup_stale(const char *parent, const char *name, struct vg_err *err)
{
	struct cgrp *cg = xcalloc(1, sizeof *cg);
	int r = setup(cg, parent, name, false, err);

	if (r == 0 &&
	    cgrp_file_group_exists(cg->path, cg->ctrls, cg->nctrls)) {
		r = cgrp_kill_all(cg);
		if (r < 0)
			r = vg_err_sys(err, r, "cgroup %s: kill leftovers",
			    cg->path);
		else if ((r = cgrp_remove(cg)) < 0)
			r = vg_err_sys(err, r, "cgroup %s: remove", cg->path);
		else
			r = 1;
	}
	cgrp_free(cg);
	return r;
}
