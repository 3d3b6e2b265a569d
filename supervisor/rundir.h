/* A running guest's directory, run/vigil/guests/NAME (mode 0700), and its
 * lock: whoever holds the flock on NAME/lock owns the directory and the
 * guest's name. A directory whose lock nobody holds is stale: what a
 * supervisor killed with SIGKILL left behind. */
#ifndef VIGIL_SUPERVISOR_RUNDIR_H
#define VIGIL_SUPERVISOR_RUNDIR_H

#include <stdbool.h>

struct vg_err;
struct rundir;

/* Create the directory if needed and take its lock. -EBUSY when another
 * process holds it ("NAME is already running"). *stale tells whether files
 * of an earlier supervisor were there. */
int rundir_open(const char *root, const char *name, struct rundir **out,
    bool *stale, struct vg_err *err);
const char *rundir_path(const struct rundir *rd);
/* A new string: the path of file in the directory. */
char *rundir_file(const struct rundir *rd, const char *file);
/* Remove every file but the lock. */
void rundir_clear(struct rundir *rd);
/* Remove the directory, the lock last, release the lock and free.
 * NULL does nothing. */
void rundir_remove(struct rundir *rd);

#endif
