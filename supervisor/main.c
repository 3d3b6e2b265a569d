/* vigil-supervisor: one process per running guest (DESIGN.md). config ->
 * guest_new -> guest_start (before the loop) -> handshake -> the loop ->
 * guest_free -> exit status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/config-domain.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/guest.h"
#include "supervisor/trim.h"

struct options {
	const char *name;
	const char *config;
	const char *root;
	const char *cgroup_parent;
	bool foreground;
	bool cleanup;
	int handshake;		/* -1: none */
};

/* What the signal callbacks need. */
struct loop_ctx {
	struct guest *g;
	unsigned nstops;
};

static void
usage(FILE *out)
{
	fprintf(out, "usage: vigil-supervisor --name NAME [--config FILE] "
	    "[--root DIR] [--cgroup-parent P]\n"
	    "                        [--foreground] [--handshake FD] "
	    "[--cleanup]\n");
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'c' },
		{ "root", required_argument, NULL, 'r' },
		{ "cgroup-parent", required_argument, NULL, 'p' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "handshake", required_argument, NULL, 'H' },
		{ "cleanup", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	o->handshake = -1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->name = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'r':
			o->root = optarg;
			break;
		case 'p':
			o->cgroup_parent = optarg;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'C':
			o->cleanup = true;
			break;
		case 'H':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || v < 3 || v > INT_MAX)
				fatal(-EINVAL, "--handshake %s: not an fd",
				    optarg);
			o->handshake = (int) v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (o->name == NULL || optind != argc) {
		usage(stderr);
		exit(2);
	}
}

/* 0, 1 and 2 open (to /dev/null if need be): fds we open never land on
 * them and then on the guest's stdio. */
static void
std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		(void) close(fd);
}

/* p made absolute against the current directory (a new string). */
static char *
absolute(const char *p)
{
	char cwd[PATH_MAX];

	if (p[0] == '/')
		return xstrdup(p);
	if (getcwd(cwd, sizeof cwd) == NULL)
		fatal(-errno, "getcwd");
	return xprintf("%s/%s", cwd, p);
}

/* Tell the launcher how the start went, once. */
static void
handshake(struct options *o, const struct vg_err *err)
{
	int r;

	if (o->handshake < 0)
		return;
	r = fd_write_all(o->handshake, err, sizeof *err);
	if (r < 0)
		log_warn(r, "handshake");
	fd_close(&o->handshake);
}

static int
load_config(const struct options *o, const char *root,
    struct config_domain **dom, struct vg_err *err)
{
	char *path = o->config != NULL ? absolute(o->config) :
	    path_get(root, PATH_GUEST_CONFIG, o->name);
	struct diag d;
	int r;

	diag_init(&d, path);
	r = config_domain_load(path, dom, &d);
	if (r < 0 && diag_to_err(&d, err) == 0)
		vg_err_sys(err, r, "%s", path);
	diag_done(&d);
	free(path);
	if (r < 0)
		return r;
	if (strcmp((*dom)->name, o->name) != 0)
		r = vg_err_set(err, -EINVAL, "config of guest %s given for "
		    "guest %s", (*dom)->name, o->name);
	else if ((*dom)->type != DOMAIN_TYPE_LXC)
		r = vg_err_set(err, -EOPNOTSUPP, "guest %s: domain type %s: "
		    "only lxc (containers) can run yet", o->name,
		    config_domain_type_name((*dom)->type));
	if (r < 0) {
		config_domain_free(*dom);
		*dom = NULL;
	}
	return r;
}

static int
cleanup(const struct guest_opts *gopts)
{
	struct vg_err err;
	int r;

	vg_err_clear(&err);
	r = guest_cleanup(gopts, &err);
	if (r < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return 1;
	}
	printf(r > 0 ? "Cleaned up %s\n" : "Nothing to clean up for %s\n",
	    gopts->name);
	return 0;
}

static void
stop_cb(evutil_socket_t sig, short what, void *arg)
{
	struct loop_ctx *lc = arg;

	/* The first asks the guest to stop; the next one kills it. */
	if (lc->nstops++ == 0)
		guest_shutdown(lc->g, GUEST_SHUTDOWN_TIMEOUT);
	else
		guest_destroy(lc->g);
}

static void
hup_cb(evutil_socket_t sig, short what, void *arg)
{
	int r = log_reopen();

	if (r < 0)
		log_warn(r, "reopen the log");
}

static int
run(struct options *o, struct guest_opts *gopts, struct config_domain *dom)
{
	struct event_base *base = event_base_new();
	struct loop_ctx lc = { 0 };
	struct event *ev[3];
	struct vg_err err;
	int i, r;

	if (base == NULL)
		fatal(-ENOMEM, "event_base_new");
	lc.g = guest_new(base, gopts, dom);
	ev[0] = evsignal_new(base, SIGTERM, stop_cb, &lc);
	ev[1] = evsignal_new(base, SIGINT, stop_cb, &lc);
	ev[2] = evsignal_new(base, SIGHUP, hup_cb, NULL);
	for (i = 0; i < 3; i++)
		if (ev[i] == NULL || evsignal_add(ev[i], NULL) < 0)
			fatal(-ENOMEM, "signal events");
	r = guest_start(lc.g, &err);
	handshake(o, &err);
	if (r == 0) {
		/* What the start freed or zeroed goes back before the
		 * long wait. */
		(void) malloc_trim(0);
		log_debug("gave back %zu zeroed page(s)", trim_zero_bss());
		(void) event_base_dispatch(base);
		r = guest_exit_code(lc.g);
	} else {
		r = 1;
	}
	guest_free(lc.g);
	for (i = 0; i < 3; i++)
		event_free(ev[i]);
	event_base_free(base);
	return r;
}

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	struct guest_opts gopts = { 0 };
	struct config_domain *dom = NULL;
	struct sigaction sa = { .sa_handler = SIG_IGN };
	struct vg_err err;
	char *root, *log_path, *log_dir;
	int r;

	std_fds();
	parse_args(argc, argv, &o);
	log_init("vigil-supervisor", o.name,
	    getenv("VIGIL_DEBUG") != NULL ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
	if (o.handshake >= 0 && fd_set_cloexec(o.handshake, 1) < 0)
		fatal(-EBADF, "--handshake %d", o.handshake);
	(void) sigaction(SIGPIPE, &sa, NULL);
	vg_err_clear(&err);
	if (path_check_name(o.name, &err) < 0) {
		handshake(&o, &err);
		fatal(err.code, "%s", err.msg);
	}
	root = absolute(path_root(o.root));
	gopts.name = o.name;
	gopts.root = root;
	gopts.cgroup_parent = o.cgroup_parent;
	gopts.notify = o.foreground;
	if (o.cleanup) {
		r = cleanup(&gopts);
		free(root);
		return r;
	}
	/* var/log/vigil: our log (stderr in the foreground) and the
	 * console's. */
	log_path = path_get(root, PATH_GUEST_LOG, o.name);
	log_dir = xstrdup(log_path);
	*strrchr(log_dir, '/') = '\0';
	if ((r = path_mkdir_p(log_dir, 0755)) < 0 ||
	    (!o.foreground && (r = log_open_file(log_path)) < 0))
		log_warn(r, "log to %s", log_path);
	free(log_path);
	free(log_dir);
	if (load_config(&o, root, &dom, &err) < 0) {
		log_err(0, "%s", err.msg);
		handshake(&o, &err);
		free(root);
		return 1;
	}
	if (chdir("/") < 0)
		fatal(-errno, "chdir /");
	r = run(&o, &gopts, dom);
	free(root);
	return r;
}
