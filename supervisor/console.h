/* The guest's pty console: the master fanned out to many clients over
 * console.sock, a ring of recent output and the console log. */
#ifndef VIGIL_SUPERVISOR_CONSOLE_H
#define VIGIL_SUPERVISOR_CONSOLE_H

#include <stddef.h>

struct event_base;
struct vg_err;
struct console;

struct console_opts {
	const char *name;	/* guest name, for messages */
	size_t ring_size;	/* bytes of scrollback replayed to new clients */
	const char *log_path;	/* console log, NULL = none */
	size_t log_max;		/* rotate to .1 past this many bytes */
};

/* Open a new pty pair (master kept, non-blocking). No events yet. */
int console_new(struct event_base *base, const struct console_opts *opts,
    struct console **out, struct vg_err *err);
/* Path of the pty's peer in the host's devpts, e.g. /dev/pts/7. */
const char *console_peer_path(const struct console *c);
/* A new fd on the peer (O_RDWR|O_NOCTTY|O_CLOEXEC) for the guest's stdio;
 * returns the fd or -errno. */
int console_open_peer(struct console *c);
/* Start draining the master and accept clients on sock_path (0600). */
int console_start(struct console *c, const char *sock_path,
    struct vg_err *err);
/* The guest has ended: once the master is drained, clients get "Guest NAME
 * exited (reason)" and are closed; then done_cb(arg) runs. */
void console_finish(struct console *c, const char *reason,
    void (*done_cb)(void *arg), void *arg);
/* Number of attached clients. */
size_t console_nclients(const struct console *c);
void console_free(struct console *c);

#endif
