/* One cgroup through libcgroup, for cgrp.c and cgrp-event.c: the only file
 * that speaks libcgroup. A group is its path below the hierarchy roots
 * ("vigil/alice"); a file is found in the hierarchy of its controller
 * ("cpuacct.usage": cpuacct's; "cgroup.*": memory's). Errors are -errno;
 * libcgroup's own codes are translated. */
#ifndef VIGIL_SUPERVISOR_CGRP_FILE_H
#define VIGIL_SUPERVISOR_CGRP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vg_err;

/* libcgroup's ECG* code (0 = success) -> 0 or -errno. */
int cgrp_file_errno(int code);

/* (Re)read the mount table; libcgroup's logging is turned off (it writes to
 * stdout): errors reach callers in struct vg_err. */
int cgrp_file_init(struct vg_err *err);
/* Where ctrl is mounted (freed by the caller), or NULL. */
char *cgrp_file_mount(const char *ctrl);

/* The group PATH in the hierarchies of ctrls[0..n) (cgroup2: one, with the
 * controllers enabled in the parents' subtree_control). */
int cgrp_file_create(const char *path, const char *const *ctrls, size_t n,
    struct vg_err *err);
int cgrp_file_attach(const char *path, const char *const *ctrls, size_t n,
    pid_t pid, struct vg_err *err);
/* rmdir in each hierarchy; 0 also when it was not there, -EBUSY while
 * processes are in it. */
int cgrp_file_delete(const char *path, const char *const *ctrls, size_t n);
/* Whether the group's directory is in any of the hierarchies. */
bool cgrp_file_group_exists(const char *path, const char *const *ctrls,
    size_t n);

/* Write value to FILE of PATH (cgroup_modify_cgroup, one value at a time so
 * that the error names the file). */
int cgrp_file_set(const char *path, const char *file, const char *value,
    struct vg_err *err);
/* FILE's first line (key NULL) or the number on its line "KEY N"; "max" is
 * UINT64_MAX. */
int cgrp_file_read(const char *path, const char *file, const char *key,
    uint64_t *out);
/* The file system path of FILE of PATH (always a string). */
char *cgrp_file_path(const char *path, const char *file);
bool cgrp_file_exists(const char *path, const char *file);

/* The processes listed in cgroup.procs of PATH in each controller of
 * ctrls[0..n), sorted and without duplicates (*out freed by the caller). A
 * group that does not exist has none. */
int cgrp_file_pids(const char *path, const char *const *ctrls, size_t n,
    pid_t **out, size_t *nout);

#endif
