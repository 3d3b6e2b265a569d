/* The container's filesystem, built by its init in its new mount namespace
 * before exec: the <filesystem type='mount'> binds (target '/' is the
 * private root, entered with pivot_root; the others relative to it), a
 * fresh /proc with /proc/sys read-only, /sys read-only, and /dev as a small
 * tmpfs with the usual nodes, the console and a new devpts instance. */
#ifndef VIGIL_SUPERVISOR_MOUNT_H
#define VIGIL_SUPERVISOR_MOUNT_H

struct config_domain;
struct vg_err;

/* Before clone: check what can be checked from the host (sources are
 * directories), so a typo fails with a clear message. */
int mount_check(const struct config_domain *dom, struct vg_err *err);

/* In the child: console_path is the pty peer (as the host sees it), bound
 * at /dev/console. On return the process is in the guest's root with cwd
 * "/". */
int mount_setup(const struct config_domain *dom, const char *console_path,
    struct vg_err *err);

#endif
