/* vigil start NAME|FILE [--console] [--foreground]: validate, start the
 * guest's supervisor with a handshake pipe and wait until the guest runs or
 * failed; --console then attaches to its console. A FILE runs without being
 * defined. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/config-domain.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/cmd.h"
#include "launcher/console-attach.h"

/* How long a supervisor may take to report. */
#define START_TIMEOUT_MS 60000

/* The config to run and its guest's name; problems printed as
 * FILE:LINE: message. */
static int
resolve(const struct cmd_ctx *ctx, const char *arg, char **path,
    char **name)
{
	struct config_domain *dom = NULL;
	struct vg_err err;
	struct diag d;
	char real[PATH_MAX];
	int r;

	if (path_is_file_arg(arg)) {
		if (realpath(arg, real) == NULL) {
			fprintf(stderr, "vigil: %s: %s\n", arg,
			    strerror(errno));
			return -1;
		}
		*path = xstrdup(real);
	} else {
		if (path_check_name(arg, &err) < 0) {
			fprintf(stderr, "vigil: %s\n", err.msg);
			return -1;
		}
		*path = path_get(ctx->root, PATH_GUEST_CONFIG, arg);
		if (access(*path, F_OK) < 0) {
			fprintf(stderr, "vigil: guest %s is not defined\n",
			    arg);
			free(*path);
			return -1;
		}
	}
	diag_init(&d, *path);
	r = config_domain_load(*path, &dom, &d);
	diag_print(&d, stderr);
	if (r < 0 || d.nerrors > 0) {
		r = -1;
	} else if (!path_is_file_arg(arg) && strcmp(dom->name, arg) != 0) {
		fprintf(stderr, "vigil: %s names guest %s, not %s\n", *path,
		    dom->name, arg);
		r = -1;
	} else {
		*name = xstrdup(dom->name);
	}
	diag_done(&d);
	config_domain_free(dom);
	if (r < 0)
		free(*path);
	return r;
}

static void
build_argv(const struct cmd_ctx *ctx, const char *sup, const char *name,
    const char *path, bool foreground, char **argv)
{
	size_t n = 0;

	argv[n++] = (char *) sup;
	argv[n++] = (char *) "--name";
	argv[n++] = (char *) name;
	argv[n++] = (char *) "--config";
	argv[n++] = (char *) path;
	argv[n++] = (char *) "--root";
	argv[n++] = (char *) ctx->root;
	if (ctx->cgroup_parent != NULL) {
		argv[n++] = (char *) "--cgroup-parent";
		argv[n++] = (char *) ctx->cgroup_parent;
	}
	argv[n++] = (char *) (foreground ? "--foreground" : "--handshake");
	if (!foreground)
		argv[n++] = (char *) "3";
	argv[n] = NULL;
}

/* The supervisor in a session of its own, without a terminal, default
 * signal handling, the handshake pipe (>= 4) as fd 3 and nothing else.
 * posix_spawn (vfork) spares copying this process. Returns 0 or -errno. */
static int
spawn_supervisor(char **argv, int hs, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int r;

	(void) sigemptyset(&none);
	(void) sigfillset(&all);
	(void) posix_spawnattr_init(&at);
	(void) posix_spawnattr_setsigmask(&at, &none);
	(void) posix_spawnattr_setsigdefault(&at, &all);
	(void) posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	(void) posix_spawn_file_actions_init(&fa);
	(void) posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDWR,
	    0);
	(void) posix_spawn_file_actions_adddup2(&fa, 0, 1);
	(void) posix_spawn_file_actions_adddup2(&fa, 0, 2);
	(void) posix_spawn_file_actions_adddup2(&fa, hs, 3);
	(void) posix_spawn_file_actions_addclosefrom_np(&fa, 4);
	r = posix_spawn(pid, argv[0], &fa, &at, argv, environ);
	(void) posix_spawn_file_actions_destroy(&fa);
	(void) posix_spawnattr_destroy(&at);
	return -r;
}

/* Wait for the supervisor's report; returns CMD_OK or CMD_FAILED. */
static int
wait_report(const struct cmd_ctx *ctx, const char *name, pid_t pid, int hs)
{
	struct pollfd pfd = { .fd = hs, .events = POLLIN };
	char *log = path_get(ctx->root, PATH_GUEST_LOG, name);
	struct vg_err err;
	ssize_t n = -ETIMEDOUT;
	int r, status;

	while ((r = poll(&pfd, 1, START_TIMEOUT_MS)) < 0 && errno == EINTR)
		;
	if (r > 0)
		n = fd_read_full(hs, &err, sizeof err);
	if (n == (ssize_t) sizeof err && err.code == 0) {
		printf("Guest %s started (id %d)\n", name, (int) pid);
		free(log);
		return CMD_OK;
	}
	if (n == (ssize_t) sizeof err) {
		err.msg[sizeof err.msg - 1] = '\0';
		fprintf(stderr, "vigil: %s\n", err.msg);
	} else if (n == -ETIMEDOUT) {
		fprintf(stderr, "vigil: guest %s: its supervisor (pid %d) did "
		    "not report in %d s; see %s\n", name, (int) pid,
		    START_TIMEOUT_MS / 1000, log);
		free(log);
		return CMD_FAILED;
	} else {
		fprintf(stderr, "vigil: guest %s: its supervisor exited "
		    "before the guest ran; see %s\n", name, log);
	}
	/* It is exiting: collect it. */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	free(log);
	return CMD_FAILED;
}

int
cmd_start(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "console", no_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	bool console = false, foreground = false;
	char *sup, *path, *name, *args[16];
	int c, hs[2], w, r;
	pid_t pid;

	optind = 0;	/* 0: getopt starts over (permuting) */
	while ((c = getopt_long(argc, argv, "cf", opts, NULL)) != -1) {
		if (c == 'c')
			console = true;
		else if (c == 'f')
			foreground = true;
		else
			return cmd_usage(ctx, "start");
	}
	if (optind != argc - 1 || (console && foreground))
		return cmd_usage(ctx, "start");
	if (resolve(ctx, argv[optind], &path, &name) < 0)
		return CMD_FAILED;
	sup = cmd_helper("vigil-supervisor", "VIGIL_SUPERVISOR");
	build_argv(ctx, sup, name, path, foreground, args);
	if (foreground) {
		(void) execv(sup, args);
		fprintf(stderr, "vigil: run %s: %s\n", sup, strerror(errno));
		r = CMD_FAILED;
		goto out;
	}
	/* The write end above 3, where the file actions cannot hit it. */
	if (pipe2(hs, O_CLOEXEC) < 0 ||
	    (w = fcntl(hs[1], F_DUPFD_CLOEXEC, 4)) < 0) {
		fprintf(stderr, "vigil: pipe: %s\n", strerror(errno));
		r = CMD_FAILED;
		goto out;
	}
	(void) close(hs[1]);
	r = spawn_supervisor(args, w, &pid);
	(void) close(w);
	if (r < 0) {
		fprintf(stderr, "vigil: run %s: %s\n", sup, strerror(-r));
		r = CMD_FAILED;
	} else {
		r = wait_report(ctx, name, pid, hs[0]);
	}
	(void) close(hs[0]);
	if (r == CMD_OK && console) {
		(void) fflush(stdout);
		r = console_attach(ctx, name, false, false, 0);
	}
out:
	free(sup);
	free(path);
	free(name);
	return r;
}
