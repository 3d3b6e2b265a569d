/* One client attached to console.sock: the hello line, the reply, then raw
 * bytes both ways through a bounded output buffer. */
#ifndef VIGIL_SUPERVISOR_CONSOLE_CLIENT_H
#define VIGIL_SUPERVISOR_CONSOLE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>
#include <sys/types.h>

struct bufferevent;
struct console;
struct event;
struct event_base;
struct vg_err;

/* Longest hello line accepted, newline included. */
#define CONSOLE_CLIENT_HELLO_MAX 4096
/* Seconds a new connection has to send its hello line. */
#define CONSOLE_CLIENT_HELLO_SECS 10
/* Seconds a closing client has to read its last bytes. */
#define CONSOLE_CLIENT_CLOSE_SECS 2

enum console_mode {
	CONSOLE_MODE_HELLO,	/* connected, hello line not read yet */
	CONSOLE_MODE_RO,	/* read-only observer: input discarded */
	CONSOLE_MODE_RW,	/* the one read-write client */
	CONSOLE_MODE_RESIZE,	/* a hello asking for a window size change */
	CONSOLE_MODE_CLOSING,	/* flushing its last bytes, then freed */
};

/* A parsed hello line: {"mode":"rw"|"ro"|"resize","force":bool,
 * "rows":N,"cols":N}. */
struct console_hello {
	enum console_mode mode;	/* RO, RW or RESIZE */
	bool force;
	unsigned rows, cols;	/* 0 when not given */
};

/* console.c keeps the clients in a list and reads mode, id and pid; only
 * console-client.c changes the other fields. */
struct console_client {
	TAILQ_ENTRY(console_client) entry;
	struct console *console;	/* parent, owns this client */
	struct bufferevent *bev;	/* the connection; closes the fd */
	struct event *timer;		/* hello or close deadline */
	enum console_mode mode;
	unsigned id;			/* for log lines */
	pid_t pid;			/* peer, from SO_PEERCRED */
	size_t max_pending;		/* output bound (high-water mark) */
};

/* Parse one hello line (without its newline). Pure. */
int console_client_parse_hello(const char *line, size_t len,
    struct console_hello *h, struct vg_err *err);

/* A new client on fd (takes ownership of it), waiting for its hello. The
 * caller links it into its list. */
struct console_client *console_client_new(struct console *c,
    struct event_base *base, int fd, unsigned id, pid_t pid,
    size_t max_pending);
/* Frees the client: events, fd, then console_remove_client(), memory. */
void console_client_free(struct console_client *cl);

/* Queue bytes for the client, sending at once when nothing is pending.
 * Returns 0, or -ENOBUFS when the client is too far behind (the bytes are
 * not queued; the caller drops it). */
int console_client_write(struct console_client *cl, const void *buf,
    size_t len);

/* One batch of the guest's output for every client: the clients that must
 * queue it share a single copy. */
struct console_chunk;
struct console_out {
	const void *data;		/* borrowed until out_done */
	size_t len;
	struct console_chunk *chunk;	/* NULL until a client queues */
};
/* console_client_write() of o's bytes. */
int console_client_write_out(struct console_client *cl,
    struct console_out *o);
/* The batch has been offered to every client. */
void console_client_out_done(struct console_out *o);
/* Send the reply line: {"ok":true,...} when error is NULL, else
 * {"ok":false,"error":error}. */
void console_client_reply(struct console_client *cl, const char *error);
/* Stop taking new output, send notice (may be NULL), and free the client
 * once its output is flushed or after CONSOLE_CLIENT_CLOSE_SECS. */
void console_client_close(struct console_client *cl, const char *notice);
/* Stop or resume reading the client's input (backpressure). */
void console_client_pause(struct console_client *cl, bool pause);
/* Bytes queued for the client and not yet sent. */
size_t console_client_pending(const struct console_client *cl);
/* Whether the peer has closed its end (its end of stream may not have been
 * read yet). */
bool console_client_hung_up(const struct console_client *cl);

#endif
