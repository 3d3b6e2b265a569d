/* One cgroup's control files through libcgroup, for cgrp.c. A group is its
 * path below the hierarchy roots ("vigil/alice"); a file is found in the
 * hierarchy of its controller ("cpuacct.usage": cpuacct's; "cgroup.*":
 * memory's). Errors are -errno; libcgroup's own codes are translated. */
#ifndef VIGIL_SUPERVISOR_CGRP_FILE_H
#define VIGIL_SUPERVISOR_CGRP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cgroup;
struct vg_err;

/* libcgroup's ECG* code (0 = success) -> 0 or -errno. */
int cgrp_file_errno(int code);
/* Fills err with "cgroup PATH: WHAT: reason" for a libcgroup code and
 * returns cgrp_file_errno(code). */
int cgrp_file_err(struct vg_err *err, int code, const char *path,
    const char *what);

/* A libcgroup group PATH with controllers ctrls[0..n), or NULL. */
struct cgroup *cgrp_file_group(const char *path, const char *const *ctrls,
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
