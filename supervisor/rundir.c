#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fd.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/rundir.h"

/* Rounds of "the lock file we locked was replaced meanwhile" we tolerate. */
#define RUNDIR_RETRIES 100

struct rundir {
	char *path;
	char *lock_path;
	int lock_fd;
};

/* Open and lock NAME/lock; 1 when the file we locked was removed or
 * replaced meanwhile (its owner was tearing down): try again. */
static int
lock_once(struct rundir *rd, const char *name, struct vg_err *err)
{
	struct stat a, b;
	int fd;

	fd = open(rd->lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0)
		return vg_err_sys(err, -errno, "open %s", rd->lock_path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int r = -errno;

		(void) close(fd);
		if (r == -EWOULDBLOCK)
			return vg_err_set(err, -EBUSY,
			    "%s is already running", name);
		return vg_err_sys(err, r, "lock %s", rd->lock_path);
	}
	if (fstat(fd, &a) < 0 || stat(rd->lock_path, &b) < 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		(void) close(fd);
		return 1;
	}
	rd->lock_fd = fd;
	return 0;
}

static bool
has_files(const char *path)
{
	struct dirent *de;
	bool found = false;
	DIR *d = opendir(path);

	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		found = strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "lock") != 0;
	(void) closedir(d);
	return found;
}

int
rundir_open(const char *root, const char *name, struct rundir **out,
    bool *stale, struct vg_err *err)
{
	struct rundir *rd = xcalloc(1, sizeof *rd);
	char *parent = path_get(root, PATH_GUEST_RUN_DIR, NULL);
	int i, r = 0;

	rd->lock_fd = -1;
	rd->path = path_get(root, PATH_GUEST_RUN, name);
	rd->lock_path = xprintf("%s/lock", rd->path);
	for (i = 0; i < RUNDIR_RETRIES; i++) {
		r = path_mkdir_p(parent, 0755);
		if (r < 0) {
			r = vg_err_sys(err, r, "create %s", parent);
			break;
		}
		if (mkdir(rd->path, 0700) < 0 && errno != EEXIST) {
			r = vg_err_sys(err, -errno, "create %s", rd->path);
			break;
		}
		r = lock_once(rd, name, err);
		if (r <= 0)
			break;
	}
	free(parent);
	if (r == 1)
		r = vg_err_set(err, -EAGAIN, "lock %s: kept changing",
		    rd->lock_path);
	if (r < 0) {
		free(rd->path);
		free(rd->lock_path);
		free(rd);
		return r;
	}
	*stale = has_files(rd->path);
	*out = rd;
	return 0;
}

const char *
rundir_path(const struct rundir *rd)
{
	return rd->path;
}

char *
rundir_file(const struct rundir *rd, const char *file)
{
	return xprintf("%s/%s", rd->path, file);
}

void
rundir_clear(struct rundir *rd)
{
	struct dirent *de;
	DIR *d = opendir(rd->path);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "lock") != 0)
			(void) unlinkat(dirfd(d), de->d_name, 0);
	(void) closedir(d);
}

void
rundir_remove(struct rundir *rd)
{
	if (rd == NULL)
		return;
	rundir_clear(rd);
	/* Unlinked while still locked: a process that opened the file
	 * before gets the lock after us, sees the file is gone and starts
	 * over with a new one. */
	(void) unlink(rd->lock_path);
	(void) rmdir(rd->path);
	fd_close(&rd->lock_fd);
	free(rd->path);
	free(rd->lock_path);
	free(rd);
}
