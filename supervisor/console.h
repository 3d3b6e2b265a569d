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
	size_t ring_size;	/* bytes of scrollback replayed to new clients,
				 * 0 = 64 KiB */
	const char *log_path;	/* console log, NULL = none */
	size_t log_max;		/* rotate to .1 past this many bytes,
				 * 0 = 1 MiB */
	size_t client_buffer;	/* output a client may fall behind by before
				 * it is dropped (beyond the ring), 0 = 16 MiB */
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
/* Set the pty's window size (rows and cols >= 1). */
int console_set_winsize(struct console *c, unsigned rows, unsigned cols);
void console_free(struct console *c);

/* For console-client.c. */
struct console_client;
struct console_hello;
struct evbuffer;
/* The guest's name. */
const char *console_name(const struct console *c);
/* A client's hello line arrived: attach it (reply and ring replay sent), 0;
 * or do a resize, 1; or refuse it, -errno with a reason in err. */
int console_hello(struct console *c, struct console_client *cl,
    const struct console_hello *h, struct vg_err *err);
/* Bytes a client typed: to the pty from the read-write client, else
 * discarded. Drains in. */
void console_input(struct console *c, struct console_client *cl,
    struct evbuffer *in);
/* Unlink a client being freed. */
void console_remove_client(struct console *c, struct console_client *cl);

#endif
