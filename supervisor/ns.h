/* The container init: cloned into new pid, mount, uts and ipc namespaces
 * (and net when the guest has interfaces or <privnet/>), it puts its stdio
 * on the console and builds its own filesystem (mount.c), hostname and lo
 * while the parent places it (cgroup, then ports and filters); then it
 * waits on a sync pipe, and once released drops capabilities (caps.c) and
 * execs os/init with its environment. Nothing of the guest's runs before
 * the release. Errors come back to the parent as a struct vg_err over a
 * close-on-exec pipe, so a successful exec reads as EOF. */
#ifndef VIGIL_SUPERVISOR_NS_H
#define VIGIL_SUPERVISOR_NS_H

#include <stdbool.h>
#include <sys/types.h>

struct config_domain;
struct vg_err;
struct ns_init;

/* Clone the init (arguments borrowed; console_fd is an fd on the pty peer
 * at console_path: the init's stdio, controlling tty and /dev/console). It
 * waits to be released. */
int ns_init_spawn(const struct config_domain *dom, int console_fd,
    const char *console_path, struct ns_init **out, struct vg_err *err);
/* Its pid in our namespace, 0 once it has exited. */
pid_t ns_init_pid(const struct ns_init *in);
/* Whether it has a network namespace of its own. */
bool ns_init_has_netns(const struct ns_init *in);
/* Release it and wait for its exec: 0, or the init's own error (from its
 * mounts, or "init /bin/foo: No such file or directory"). */
int ns_init_release(struct ns_init *in, struct vg_err *err);
/* Signal it through its pidfd; -ESRCH once it has exited. */
int ns_init_signal(struct ns_init *in, int sig);
/* The reaper has collected it. */
void ns_init_exited(struct ns_init *in);
/* Kills and reaps an init that has not exited (blocks: only before the
 * loop runs, on a failed start), then frees. NULL does nothing. */
void ns_init_free(struct ns_init *in);

#endif
