#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/path.h"
#include "supervisor/mount.h"

/* /dev as the guest sees it: a tmpfs of at most this many bytes. */
#define DEV_TMPFS_OPTS "mode=755,size=65536"
#define DEVPTS_OPTS "newinstance,ptmxmode=0666,mode=0620,gid=5"

static const struct {
	const char *name;
	unsigned major, minor;
} dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

static const struct domain_fs *
find_root(const struct config_domain *dom)
{
	size_t i;

	for (i = 0; i < dom->nfs; i++)
		if (strcmp(dom->fs[i].target, "/") == 0)
			return &dom->fs[i];
	return NULL;
}

/* buf = base + rel (rel absolute; base "" is the current root). */
static int
join(char buf[PATH_MAX], const char *base, const char *rel,
    struct vg_err *err)
{
	int n = snprintf(buf, PATH_MAX, "%s%s", base, rel);

	if (n < 0 || n >= PATH_MAX)
		return vg_err_set(err, -ENAMETOOLONG, "path %s%s too long",
		    base, rel);
	return 0;
}

static int
do_mount(const char *src, const char *dst, const char *type,
    unsigned long flags, const char *data, struct vg_err *err)
{
	const char *what = type != NULL ? type : src;

	if (mount(src, dst, type, flags, data) < 0)
		return vg_err_sys(err, -errno, "mount %s on %s",
		    what != NULL ? what : "(remount)", dst);
	return 0;
}

static int
make_dir(const char *path, struct vg_err *err)
{
	int r = path_mkdir_p(path, 0755);

	if (r < 0)
		return vg_err_sys(err, r, "create directory %s", path);
	return 0;
}

/* A bind mount of src at dst, read-only (the whole tree) if asked. */
static int
bind_dir(const char *src, const char *dst, bool readonly,
    struct vg_err *err)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	int r;

	r = do_mount(src, dst, NULL, MS_BIND | MS_REC, NULL, err);
	if (r < 0 || !readonly)
		return r;
	if (mount_setattr(AT_FDCWD, dst, AT_RECURSIVE, &attr,
	    sizeof attr) < 0)
		return vg_err_sys(err, -errno, "make %s read-only", dst);
	return 0;
}

/* The filesystems other than the root, at base + target. */
static int
mount_filesystems(const struct config_domain *dom, const char *base,
    struct vg_err *err)
{
	char dst[PATH_MAX];
	size_t i;
	int r;

	for (i = 0; i < dom->nfs; i++) {
		const struct domain_fs *fs = &dom->fs[i];

		if (strcmp(fs->target, "/") == 0)
			continue;
		if ((r = join(dst, base, fs->target, err)) < 0 ||
		    (r = make_dir(dst, err)) < 0 ||
		    (r = bind_dir(fs->source, dst, fs->readonly, err)) < 0)
			return vg_err_prefix(err, "filesystem %s: ",
			    fs->target);
	}
	return 0;
}

/* A fresh /proc (ours: the new pid namespace) with /proc/sys read-only,
 * and /sys read-only. */
static int
mount_proc_sys(const char *base, struct vg_err *err)
{
	const unsigned long nse = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char dst[PATH_MAX];
	int r;

	if ((r = join(dst, base, "/proc", err)) < 0 ||
	    (r = make_dir(dst, err)) < 0 ||
	    (r = do_mount("proc", dst, "proc", nse, NULL, err)) < 0 ||
	    (r = join(dst, base, "/proc/sys", err)) < 0 ||
	    (r = do_mount(dst, dst, NULL, MS_BIND, NULL, err)) < 0 ||
	    (r = do_mount(NULL, dst, NULL,
	    MS_BIND | MS_REMOUNT | MS_RDONLY | nse, NULL, err)) < 0)
		return r;
	if ((r = join(dst, base, "/sys", err)) < 0 ||
	    (r = make_dir(dst, err)) < 0)
		return r;
	return do_mount("sysfs", dst, "sysfs", MS_RDONLY | nse, NULL, err);
}

/* /dev: tmpfs, device nodes, a new devpts and the console. The console
 * (the pty peer at console_path) is cloned first: a shared root's /dev is
 * about to be hidden by the tmpfs. */
static int
mount_dev(const char *base, const char *console_path, struct vg_err *err)
{
	char dev[PATH_MAX], p[PATH_MAX + 16];
	int tree, fd, r;
	size_t i;

	tree = open_tree(AT_FDCWD, console_path, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC);
	if (tree < 0)
		return vg_err_sys(err, -errno, "console: clone %s",
		    console_path);
	if ((r = join(dev, base, "/dev", err)) < 0 ||
	    (r = make_dir(dev, err)) < 0 ||
	    (r = do_mount("devfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
	    DEV_TMPFS_OPTS, err)) < 0)
		goto out;
	for (i = 0; i < sizeof dev_nodes / sizeof dev_nodes[0]; i++) {
		(void) snprintf(p, sizeof p, "%s/%s", dev, dev_nodes[i].name);
		if (mknod(p, S_IFCHR | 0666, makedev(dev_nodes[i].major,
		    dev_nodes[i].minor)) < 0 || chmod(p, 0666) < 0) {
			r = vg_err_sys(err, -errno, "create %s", p);
			goto out;
		}
	}
	(void) snprintf(p, sizeof p, "%s/pts", dev);
	if (mkdir(p, 0755) < 0) {
		r = vg_err_sys(err, -errno, "create %s", p);
		goto out;
	}
	if ((r = do_mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC,
	    DEVPTS_OPTS, err)) < 0)
		goto out;
	for (i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++) {
		(void) snprintf(p, sizeof p, "%s/%s", dev, dev_links[i].name);
		if (symlink(dev_links[i].target, p) < 0) {
			r = vg_err_sys(err, -errno, "create %s", p);
			goto out;
		}
	}
	(void) snprintf(p, sizeof p, "%s/console", dev);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0620);
	if (fd < 0) {
		r = vg_err_sys(err, -errno, "create %s", p);
		goto out;
	}
	(void) close(fd);
	if (move_mount(tree, "", AT_FDCWD, p, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		r = vg_err_sys(err, -errno, "console: mount on %s", p);
out:
	(void) close(tree);
	return r;
}

static int
enter_root(const char *root, struct vg_err *err)
{
	if (chdir(root) < 0)
		return vg_err_sys(err, -errno, "chdir %s", root);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return vg_err_sys(err, -errno, "pivot_root to %s", root);
	/* The old root is stacked on the new one: detach it. */
	if (umount2(".", MNT_DETACH) < 0)
		return vg_err_sys(err, -errno, "detach the host's root");
	return 0;
}

int
mount_check(const struct config_domain *dom, struct vg_err *err)
{
	struct stat st;
	size_t i;

	for (i = 0; i < dom->nfs; i++) {
		if (stat(dom->fs[i].source, &st) < 0)
			return vg_err_sys(err, -errno, "filesystem %s: %s",
			    dom->fs[i].target, dom->fs[i].source);
		if (!S_ISDIR(st.st_mode))
			return vg_err_set(err, -ENOTDIR,
			    "filesystem %s: %s is not a directory",
			    dom->fs[i].target, dom->fs[i].source);
	}
	return 0;
}

int
mount_setup(const struct config_domain *dom, const char *console_path,
    struct vg_err *err)
{
	const struct domain_fs *root = find_root(dom);
	const char *base = root != NULL ? root->source : "";
	int r;

	/* Nothing we mount may reach the host; the host's may reach us. */
	if ((r = do_mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL, err)) < 0)
		return r;
	if (root != NULL && (r = do_mount(root->source, root->source, NULL,
	    MS_BIND | MS_REC, NULL, err)) < 0)
		return vg_err_prefix(err, "root filesystem: ");
	if ((r = mount_filesystems(dom, base, err)) < 0 ||
	    (r = mount_proc_sys(base, err)) < 0 ||
	    (r = mount_dev(base, console_path, err)) < 0)
		return r;
	if (root == NULL) {
		if (chdir("/") < 0)
			return vg_err_sys(err, -errno, "chdir /");
		return 0;
	}
	if (root->readonly && (r = do_mount(NULL, root->source, NULL,
	    MS_BIND | MS_REMOUNT | MS_RDONLY, NULL, err)) < 0)
		return vg_err_prefix(err, "root filesystem: ");
	if ((r = enter_root(root->source, err)) < 0)
		return r;
	if (chdir("/") < 0)
		return vg_err_sys(err, -errno, "chdir /");
	return 0;
}
