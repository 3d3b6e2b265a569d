/* Child processes: the one fork recipe and the one reaper (STYLE.md "Event
 * loop"). SIGCHLD runs the reaper, which loops waitpid(-1, WNOHANG) and
 * dispatches each status through a table of {pid, cb, arg}; the status of a
 * pid nobody watches (yet) is kept until someone does. */
#ifndef VIGIL_SUPERVISOR_CHILD_H
#define VIGIL_SUPERVISOR_CHILD_H

#include <stdint.h>
#include <sys/types.h>

struct event_base;
struct child_table;

/* Adds a SIGCHLD event to base. */
struct child_table *child_table_new(struct event_base *base);
void child_table_free(struct child_table *t);

/* Run cb (from the loop) once pid has exited, with status as waitpid()
 * gives it; at most one watcher per pid. */
void child_watch(struct child_table *t, pid_t pid,
    void (*cb)(pid_t pid, int status, void *arg), void *arg);
void child_unwatch(struct child_table *t, pid_t pid);
/* Reap whatever has exited now (what SIGCHLD triggers). */
void child_reap(struct child_table *t);

/* The fork recipe: block every signal, clone(2) with flags (CLONE_NEW*),
 * then in the child default every handler, restore the mask and run
 * fn(arg), which must exec or _exit (returning means _exit(127)). In the
 * parent restore the mask. Returns the pid with *pidfd set, or -errno. */
int child_spawn(uint64_t flags, void (*fn)(void *arg), void *arg,
    int *pidfd);

#endif
