/* One cgroup's control files through libcgroup (see cgrp-file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libcgroup.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "supervisor/cgrp-file.h"

int
cgrp_file_errno(int code)
{
	int e = cgroup_get_last_errno();

	switch (code) {
	case 0:
		return 0;
	case ECGOTHER:
	case ECGCANTSETVALUE:
		return e > 0 ? -e : -EIO;
	case ECGROUPUNSUPP:	/* 2.0.2's cgroup_get_procs: fopen failed */
		return e > 0 ? -e : -EOPNOTSUPP;
	case ECGROUPNOTEXIST:
	case ECGROUPVALUENOTEXIST:
		return -ENOENT;
	case ECGROUPNOTMOUNTED:
	case ECGROUPSUBSYSNOTMOUNTED:
		return -ENODEV;
	case ECGNONEMPTY:
		return -EBUSY;
	case ECGROUPNOTOWNER:
	case ECGROUPNOTALLOWED:
		return -EPERM;
	case ECGEOF:
		return -ENODATA;
	default:
		return -EIO;
	}
}

/* Fills err with "cgroup PATH: WHAT: reason" for a libcgroup code. */
static int
lib_err(struct vg_err *err, int code, const char *path, const char *what)
{
	int r = cgrp_file_errno(code);
	const char *why = strerror(-r);

	/* Not cgroup_strerror(): in 2.0.2 its table is off by one from
	 * ECGEOF on. */
	if (code == ECGROUPNOTMOUNTED || code == ECGROUPSUBSYSNOTMOUNTED)
		why = "controller not mounted";
	else if (code == ECGROUPNOTEXIST)
		why = "no such group";
	return vg_err_set(err, r, "cgroup %s: %s: %s", path, what, why);
}

static struct cgroup *
group_new(const char *path, const char *const *ctrls, size_t n)
{
	struct cgroup *g = cgroup_new_cgroup(path);
	size_t i;

	for (i = 0; g != NULL && i < n; i++)
		if (cgroup_add_controller(g, ctrls[i]) == NULL)
			cgroup_free(&g);
	return g;
}

int
cgrp_file_init(struct vg_err *err)
{
	int code;

	cgroup_set_logger(NULL, CGROUP_LOG_ERROR, NULL);
	code = cgroup_init();
	if (code != 0)
		return vg_err_sys(err, cgrp_file_errno(code),
		    "cgroup: libcgroup init");
	return 0;
}

char *
cgrp_file_mount(const char *ctrl)
{
	char *mnt = NULL;

	if (cgroup_get_subsys_mount_point(ctrl, &mnt) != 0)
		return NULL;
	return mnt;
}

int
cgrp_file_create(const char *path, const char *const *ctrls, size_t n,
    struct vg_err *err)
{
	struct cgroup *g = group_new(path, ctrls, n);
	int code = g != NULL ? cgroup_create_cgroup(g, 1) : ECGFAIL;

	cgroup_free(&g);
	if (code == 0)
		return 0;
	(void) cgrp_file_delete(path, ctrls, n);
	return lib_err(err, code, path, "create");
}

int
cgrp_file_attach(const char *path, const char *const *ctrls, size_t n,
    pid_t pid, struct vg_err *err)
{
	struct cgroup *g = group_new(path, ctrls, n);
	int code = g != NULL ? cgroup_attach_task_pid(g, pid) : ECGFAIL;
	char what[32];

	cgroup_free(&g);
	if (code == 0)
		return 0;
	(void) snprintf(what, sizeof what, "attach pid %d", (int) pid);
	return lib_err(err, code, path, what);
}

bool
cgrp_file_group_exists(const char *path, const char *const *ctrls,
    size_t n)
{
	bool there = false;
	size_t i;

	for (i = 0; !there && i < n; i++) {
		char *mnt = cgrp_file_mount(ctrls[i]), *dir;

		if (mnt == NULL)
			continue;
		dir = xprintf("%s/%s", mnt, path);
		there = access(dir, F_OK) == 0;
		free(dir);
		free(mnt);
	}
	return there;
}

/* libcgroup 2.0.2 returns 0 from CGFLAG_DELETE_EMPTY_ONLY when rmdir fails
 * with EBUSY: look whether the directories are gone. */
int
cgrp_file_delete(const char *path, const char *const *ctrls, size_t n)
{
	struct cgroup *g = group_new(path, ctrls, n);
	int code, r;

	if (g == NULL)
		return -ENOMEM;
	code = cgroup_delete_cgroup_ext(g, CGFLAG_DELETE_EMPTY_ONLY);
	cgroup_free(&g);
	r = cgrp_file_errno(code);
	if (r < 0 && r != -ENOENT)
		return r;
	return cgrp_file_group_exists(path, ctrls, n) ? -EBUSY : 0;
}

/* The controller whose hierarchy holds FILE. */
static void
file_ctrl(const char *file, char *ctrl, size_t size)
{
	(void) snprintf(ctrl, size, "%.*s", (int) strcspn(file, "."), file);
	if (strcmp(ctrl, "cgroup") == 0)
		(void) snprintf(ctrl, size, "memory");
}

int
cgrp_file_set(const char *path, const char *file, const char *value,
    struct vg_err *err)
{
	char ctrl[32], what[80];
	const char *c = ctrl;
	struct cgroup *g;
	int code = ECGFAIL;

	file_ctrl(file, ctrl, sizeof ctrl);
	g = group_new(path, &c, 1);
	if (g != NULL)
		code = cgroup_add_value_string(cgroup_get_controller(g, ctrl),
		    file, value);
	if (code == 0)
		code = cgroup_modify_cgroup(g);
	cgroup_free(&g);
	if (code == 0)
		return 0;
	(void) snprintf(what, sizeof what, "set %s", file);
	return lib_err(err, code, path, what);
}

static int
parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (strncmp(s, "max", 3) == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno != 0 || end == s || (*end != '\0' && *end != '\n'))
		return -EINVAL;
	return 0;
}

int
cgrp_file_read(const char *path, const char *file, const char *key,
    uint64_t *out)
{
	size_t klen = key != NULL ? strlen(key) : 0;
	char ctrl[32], name[64], buf[256];
	void *h = NULL;
	int code;

	file_ctrl(file, ctrl, sizeof ctrl);
	(void) snprintf(name, sizeof name, "%s", file);
	code = cgroup_read_value_begin(ctrl, path, name, &h, buf, sizeof buf);
	while (code == 0 && key != NULL &&
	    !(strncmp(buf, key, klen) == 0 && buf[klen] == ' '))
		code = cgroup_read_value_next(&h, buf, sizeof buf);
	if (h != NULL)
		(void) cgroup_read_value_end(&h);
	if (code != 0)
		return cgrp_file_errno(code);
	return parse_u64(buf + (key != NULL ? klen + 1 : 0), out);
}

char *
cgrp_file_path(const char *path, const char *file)
{
	char ctrl[32], *mnt = NULL, *p;

	file_ctrl(file, ctrl, sizeof ctrl);
	if (cgroup_get_subsys_mount_point(ctrl, &mnt) != 0)
		return xprintf("(%s not mounted)/%s/%s", ctrl, path, file);
	p = xprintf("%s/%s/%s", mnt, path, file);
	free(mnt);
	return p;
}

bool
cgrp_file_exists(const char *path, const char *file)
{
	char *p = cgrp_file_path(path, file);
	bool r = access(p, F_OK) == 0;

	free(p);
	return r;
}

static int
cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *) a, y = *(const pid_t *) b;

	return (x > y) - (x < y);
}

int
cgrp_file_pids(const char *path, const char *const *ctrls, size_t n,
    pid_t **out, size_t *nout)
{
	pid_t *all = NULL, *p;
	size_t len = 0, i, j;
	int code, cnt, r;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		char ctrl[32], name[4096];

		(void) snprintf(ctrl, sizeof ctrl, "%s", ctrls[i]);
		(void) snprintf(name, sizeof name, "%s", path);
		p = NULL;
		cnt = 0;
		code = cgroup_get_procs(name, ctrl, &p, &cnt);
		r = cgrp_file_errno(code);
		if (r < 0 && r != -ENOENT) {
			free(all);
			return r;
		}
		if (r == 0 && cnt > 0) {
			all = xreallocarray(all, len + (size_t) cnt,
			    sizeof *all);
			memcpy(all + len, p, (size_t) cnt * sizeof *all);
			len += (size_t) cnt;
		}
		free(p);
	}
	if (len > 0)
		qsort(all, len, sizeof *all, cmp_pid);
	for (i = j = 0; i < len; i++)
		if (j == 0 || all[i] != all[j - 1])
			all[j++] = all[i];
	*out = all;
	*nout = j;
	return 0;
}
