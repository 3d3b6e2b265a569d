#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/xalloc.h"
#include "supervisor/caps.h"
#include "supervisor/child.h"
#include "supervisor/mount.h"
#include "supervisor/ns.h"

#define INIT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
	"/sbin:/bin"

struct ns_init {
	const struct config_domain *dom;
	pid_t pid;
	int pidfd;
	int sync_fd;		/* ours: one byte releases the child */
	int err_fd;		/* ours: the child's vg_err, EOF at exec */
	int child_sync_fd;	/* the child's ends */
	int child_err_fd;
	int console_fd;		/* borrowed */
	const char *console_path;	/* borrowed */
	bool netns;
	uint64_t caps_drop;
	char **argv;
	char **envp;
	size_t nenv;
};

/* Set NAME=value in the init's environment, replacing an earlier NAME. */
static void
env_set(struct ns_init *in, const char *name, const char *value)
{
	size_t i, len = strlen(name);

	for (i = 0; i < in->nenv; i++)
		if (strncmp(in->envp[i], name, len) == 0 &&
		    in->envp[i][len] == '=') {
			free(in->envp[i]);
			in->envp[i] = xprintf("%s=%s", name, value);
			return;
		}
	in->envp = xreallocarray(in->envp, in->nenv + 2, sizeof *in->envp);
	in->envp[in->nenv++] = xprintf("%s=%s", name, value);
	in->envp[in->nenv] = NULL;
}

static void
build_exec(struct ns_init *in, const struct config_domain *dom)
{
	char uuid[37];
	size_t i;

	in->argv = xcalloc(dom->ninitargs + 2, sizeof *in->argv);
	in->argv[0] = xstrdup(dom->init);
	for (i = 0; i < dom->ninitargs; i++)
		in->argv[i + 1] = xstrdup(dom->initargs[i]);
	config_domain_uuid_format(dom->uuid, uuid);
	env_set(in, "container", "vigil");
	env_set(in, "VIGIL_NAME", dom->name);
	env_set(in, "VIGIL_UUID", uuid);
	env_set(in, "PATH", INIT_PATH);
	env_set(in, "TERM", "linux");
	env_set(in, "HOME", "/");
	env_set(in, "LIBVIRT_LXC_NAME", dom->name);
	env_set(in, "LIBVIRT_LXC_UUID", uuid);
	for (i = 0; i < dom->ninitenv; i++)
		env_set(in, dom->initenv[i].name, dom->initenv[i].value);
}

/* A new network namespace starts with lo down; bring it up. */
static int
loopback_up(struct vg_err *err)
{
	struct ifreq ifr = { 0 };
	int s, r = 0;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vg_err_sys(err, -errno, "loopback: socket");
	(void) strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (r == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		r = -errno;
	(void) close(s);
	if (r < 0)
		return vg_err_sys(err, r, "loopback: bring lo up");
	return 0;
}

/* In the child, before the release: what concerns only its own namespaces
 * (stdio on the console, the filesystem, hostname, lo). It runs while the
 * parent creates the cgroup (on the other cpu, if there is one). */
static int
init_prepare(struct ns_init *in, struct vg_err *err)
{
	int fd, r;

	if (setsid() < 0)
		return vg_err_sys(err, -errno, "setsid");
	if (ioctl(in->console_fd, TIOCSCTTY, 0) < 0)
		return vg_err_sys(err, -errno, "console: set controlling tty");
	for (fd = 0; fd < 3; fd++)
		if (dup2(in->console_fd, fd) < 0)
			return vg_err_sys(err, -errno, "console: stdio");
	(void) umask(022);
	if ((r = mount_setup(in->dom, in->console_path, err)) < 0)
		return r;
	if (sethostname(in->dom->name, strlen(in->dom->name)) < 0)
		return vg_err_sys(err, -errno, "set hostname");
	if (in->netns && (r = loopback_up(err)) < 0)
		return r;
	return 0;
}

/* After the release, just before exec. *errfd follows the report pipe,
 * moved to fd 3 before every other fd is closed. */
static int
init_finish(struct ns_init *in, int *errfd, struct vg_err *err)
{
	if (*errfd != 3) {
		if (dup3(*errfd, 3, O_CLOEXEC) < 0)
			return vg_err_sys(err, -errno, "report pipe");
		*errfd = 3;
	}
	if (close_range(4, ~0U, 0) < 0)
		return vg_err_sys(err, -errno, "close fds");
	return caps_apply(in->caps_drop, err);
}

static void
init_main(void *arg)
{
	struct ns_init *in = arg;
	int errfd = in->child_err_fd;
	struct vg_err err;
	char go;

	vg_err_clear(&err);
	/* The guest never outlives its supervisor. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(127);
	(void) close(in->sync_fd);
	(void) close(in->err_fd);
	if (init_prepare(in, &err) < 0)
		goto fail;
	/* Nothing of the guest's runs before the parent has placed us (its
	 * cgroup, ports, filters) and released us with one byte; EOF means it
	 * gave up or died. */
	if (read(in->child_sync_fd, &go, 1) != 1)
		_exit(127);
	if (init_finish(in, &errfd, &err) == 0) {
		(void) execve(in->argv[0], in->argv, in->envp);
		(void) vg_err_sys(&err, -errno, "init %s", in->argv[0]);
	}
fail:
	(void) fd_write_all(errfd, &err, sizeof err);
	_exit(127);
}

int
ns_init_spawn(const struct config_domain *dom, int console_fd,
    const char *console_path, struct ns_init **out, struct vg_err *err)
{
	uint64_t flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
	    CLONE_NEWIPC;
	struct ns_init *in;
	int sync_pipe[2], err_pipe[2], r;

	if (dom->init == NULL)
		return vg_err_set(err, -EINVAL, "no os/init to run");
	in = xcalloc(1, sizeof *in);
	in->dom = dom;
	in->pidfd = in->sync_fd = in->err_fd = -1;
	in->child_sync_fd = in->child_err_fd = -1;
	in->console_fd = console_fd;
	in->console_path = console_path;
	in->netns = dom->nifs > 0 || dom->privnet;
	if ((r = caps_drop_mask(dom, &in->caps_drop, err)) < 0 ||
	    (r = mount_check(dom, err)) < 0)
		goto fail;
	build_exec(in, dom);
	if (pipe2(sync_pipe, O_CLOEXEC) < 0) {
		r = vg_err_sys(err, -errno, "init: pipe");
		goto fail;
	}
	in->child_sync_fd = sync_pipe[0];
	in->sync_fd = sync_pipe[1];
	if (pipe2(err_pipe, O_CLOEXEC) < 0) {
		r = vg_err_sys(err, -errno, "init: pipe");
		goto fail;
	}
	in->err_fd = err_pipe[0];
	in->child_err_fd = err_pipe[1];
	if (in->netns)
		flags |= CLONE_NEWNET;
	r = child_spawn(flags, init_main, in, &in->pidfd);
	if (r < 0) {
		r = vg_err_sys(err, r, "init: clone");
		goto fail;
	}
	in->pid = r;
	fd_close(&in->child_sync_fd);
	fd_close(&in->child_err_fd);
	*out = in;
	return 0;
fail:
	ns_init_free(in);
	return r;
}

pid_t
ns_init_pid(const struct ns_init *in)
{
	return in->pid;
}

bool
ns_init_has_netns(const struct ns_init *in)
{
	return in->netns;
}

int
ns_init_release(struct ns_init *in, struct vg_err *err)
{
	struct vg_err child;
	ssize_t n;

	/* A child that died already shows up as EPIPE here or EOF below;
	 * the reaper then reports how it ended. */
	(void) fd_write_all(in->sync_fd, "1", 1);
	fd_close(&in->sync_fd);
	n = fd_read_full(in->err_fd, &child, sizeof child);
	fd_close(&in->err_fd);
	if (n == 0)
		return 0;
	if (n < 0)
		return vg_err_sys(err, (int) n, "init: read its report");
	if ((size_t) n != sizeof child || child.code >= 0)
		return vg_err_set(err, -EPROTO, "init: garbled report");
	child.msg[sizeof child.msg - 1] = '\0';
	return vg_err_set(err, child.code, "%s", child.msg);
}

int
ns_init_signal(struct ns_init *in, int sig)
{
	if (in->pid == 0 || in->pidfd < 0)
		return -ESRCH;
	if (pidfd_send_signal(in->pidfd, sig, NULL, 0) < 0)
		return -errno;
	return 0;
}

void
ns_init_exited(struct ns_init *in)
{
	in->pid = 0;
	fd_close(&in->pidfd);
}

void
ns_init_free(struct ns_init *in)
{
	size_t i;

	if (in == NULL)
		return;
	if (in->pid > 0) {
		(void) ns_init_signal(in, SIGKILL);
		while (waitpid(in->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	fd_close(&in->pidfd);
	fd_close(&in->sync_fd);
	fd_close(&in->err_fd);
	fd_close(&in->child_sync_fd);
	fd_close(&in->child_err_fd);
	for (i = 0; in->argv != NULL && in->argv[i] != NULL; i++)
		free(in->argv[i]);
	free(in->argv);
	for (i = 0; i < in->nenv; i++)
		free(in->envp[i]);
	free(in->envp);
	free(in);
}
