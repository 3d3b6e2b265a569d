/* The guest's pty console. The master is read until EAGAIN into a large
 * buffer; each batch goes to the ring (replayed to new clients), to the
 * console log (capped, rotated once to .1) and to every attached client
 * (console-client.c), none of which can stall the others or the guest. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "common/cleanup.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/ring.h"
#include "common/xalloc.h"
#include "supervisor/console-client.h"
#include "supervisor/console-log.h"
#include "supervisor/console.h"

#define CONSOLE_RING_DEFAULT (64 * 1024)
#define CONSOLE_LOG_DEFAULT (1024 * 1024)
/* A guest can print 150 MB/s, and on a busy host a client may wait 100 ms
 * and more for a CPU. Lagging clients share their queued output
 * (console_out), so this bounds the supervisor's memory as a whole. */
#define CONSOLE_CLIENT_BUFFER_DEFAULT (16 * 1024 * 1024)
/* Output read from the master and not yet passed on, at most. */
#define CONSOLE_READ_BUF (128 * 1024)
/* While the guest prints without pause, output is passed on in batches of
 * this much, or after CONSOLE_BATCH_USEC: the pty gives 4 KiB at a time,
 * and every batch costs each client a wake-up. Output after a pause goes
 * out at once, so typing is never delayed. */
#define CONSOLE_BATCH_MIN (32 * 1024)
#define CONSOLE_BATCH_USEC 1000
/* Typed bytes waiting for the pty before the read-write client is paused. */
#define CONSOLE_INPUT_MAX (64 * 1024)
#define CONSOLE_MAX_RO 16
/* Connections that have not sent their hello line yet. */
#define CONSOLE_MAX_HELLO 16
#define CONSOLE_ACCEPT_RETRY_SECS 1

TAILQ_HEAD(console_clients, console_client);

struct console {
	struct event_base *base;
	char *name;
	int master;		/* non-blocking */
	int peer;		/* held open: the master never sees a hangup */
	char peer_path[PATH_MAX];
	struct event *rev;	/* master readable */
	struct event *wev;	/* master writable, while input is pending */
	struct evbuffer *input;	/* typed by the read-write client */
	unsigned char *buf;	/* CONSOLE_READ_BUF */
	size_t buflen;		/* read, not passed on yet */
	struct event *flush_ev;	/* passes a small batch on */
	struct timeval last_read; /* when output last came */
	bool eof;		/* the master has nothing more to give */
	struct ring ring;
	struct console_log log;
	size_t client_buffer;
	char *sock_path;	/* set once bound */
	struct evconnlistener *listener;
	struct event *accept_retry;
	struct console_clients clients;
	struct console_client *rw;
	unsigned next_id;
	bool finishing;
	bool freeing;
	void (*done_cb)(void *arg);
	void *done_arg;
	struct event *done_ev;
};

/* Read what the guest printed until EAGAIN or a full buffer; returns the
 * byte count. EIO means no peer is left: nothing more will come. */
static size_t
master_read(struct console *c)
{
	size_t got = 0;
	ssize_t n;

	while (c->buflen < CONSOLE_READ_BUF) {
		n = read(c->master, c->buf + c->buflen,
		    CONSOLE_READ_BUF - c->buflen);
		if (n > 0) {
			got += (size_t) n;
			c->buflen += (size_t) n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0 && errno != EIO)
			log_warn(-errno, "console: read pty");
		c->eof = true;
		if (c->rev != NULL)
			(void) event_del(c->rev);
		break;
	}
	return got;
}

static void
console_output(struct console *c, const unsigned char *p, size_t n)
{
	struct console_out o = { .data = p, .len = n };
	struct console_client *cl, *next;
	int r;

	ring_write(&c->ring, p, n);
	if ((r = console_log_append(&c->log, p, n)) < 0)
		log_warn(r, "console: log %s: no longer written", c->log.path);
	for (cl = TAILQ_FIRST(&c->clients); cl != NULL; cl = next) {
		next = TAILQ_NEXT(cl, entry);
		if (cl->mode != CONSOLE_MODE_RO && cl->mode != CONSOLE_MODE_RW)
			continue;
		if (console_client_write_out(cl, &o) == 0)
			continue;
		log_warn(0, "console: client %u (pid %d) dropped: more than "
		    "%zu bytes behind", cl->id, (int) cl->pid,
		    cl->max_pending);
		console_client_free(cl);
	}
	console_client_out_done(&o);
}

static void
console_flush(struct console *c)
{
	if (c->buflen > 0)
		console_output(c, c->buf, c->buflen);
	c->buflen = 0;
	if (c->flush_ev != NULL)
		(void) evtimer_del(c->flush_ev);
}

/* Everything the guest printed so far, passed on (the guest's end). */
static void
console_drain(struct console *c)
{
	while (!c->eof && master_read(c) > 0)
		console_flush(c);
	console_flush(c);
}

static void
master_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct console *c = arg;
	struct timeval now, since, delay = { 0, CONSOLE_BATCH_USEC };

	if (master_read(c) == 0)
		return;
	(void) event_base_gettimeofday_cached(c->base, &now);
	timersub(&now, &c->last_read, &since);
	c->last_read = now;
	if (c->buflen >= CONSOLE_BATCH_MIN || c->eof || since.tv_sec > 0 ||
	    since.tv_usec >= CONSOLE_BATCH_USEC)
		console_flush(c);
	else if (!evtimer_pending(c->flush_ev, NULL))
		(void) evtimer_add(c->flush_ev, &delay);
}

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	console_flush(arg);
}

/* Write pending input to the pty; pause the read-write client while too
 * much is waiting (the guest is not reading its terminal). */
static void
master_write(struct console *c)
{
	size_t pending;
	int n;

	while (evbuffer_get_length(c->input) > 0) {
		n = evbuffer_write(c->input, c->master);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		/* EIO: the guest's side is gone; what was typed is lost. */
		(void) evbuffer_drain(c->input, evbuffer_get_length(c->input));
	}
	pending = evbuffer_get_length(c->input);
	if (c->wev != NULL) {
		if (pending > 0)
			(void) event_add(c->wev, NULL);
		else
			(void) event_del(c->wev);
	}
	if (c->rw != NULL)
		console_client_pause(c->rw, pending >= CONSOLE_INPUT_MAX);
}

static void
master_write_cb(evutil_socket_t fd, short what, void *arg)
{
	master_write(arg);
}

static void
done_cb(evutil_socket_t fd, short what, void *arg)
{
	struct console *c = arg;
	void (*cb)(void *) = c->done_cb;

	c->done_cb = NULL;
	if (cb != NULL)
		cb(c->done_arg);
}

static void
maybe_done(struct console *c)
{
	if (c->finishing && !c->freeing && c->done_cb != NULL &&
	    TAILQ_EMPTY(&c->clients))
		event_active(c->done_ev, EV_TIMEOUT, 1);
}

static size_t
count_mode(const struct console *c, enum console_mode mode)
{
	const struct console_client *cl;
	size_t n = 0;

	TAILQ_FOREACH(cl, &c->clients, entry)
		if (cl->mode == mode)
			n++;
	return n;
}

static int
pty_open(struct console *c, struct vg_err *err)
{
	int r;

	c->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->master < 0)
		return vg_err_sys(err, -errno, "console: open pty");
	if (grantpt(c->master) < 0 || unlockpt(c->master) < 0)
		return vg_err_sys(err, -errno, "console: unlock pty");
	r = ptsname_r(c->master, c->peer_path, sizeof c->peer_path);
	if (r != 0)
		return vg_err_sys(err, -r, "console: pty name");
	if ((r = fd_set_nonblock(c->master, 1)) < 0)
		return vg_err_sys(err, r, "console: pty");
	if ((r = console_open_peer(c)) < 0)
		return vg_err_sys(err, r, "console: open %s", c->peer_path);
	c->peer = r;
	return 0;
}

int
console_new(struct event_base *base, const struct console_opts *opts,
    struct console **out, struct vg_err *err)
{
	struct console *c = xcalloc(1, sizeof *c);
	int r;

	c->base = base;
	c->name = xstrdup(opts->name != NULL ? opts->name : "?");
	c->master = c->peer = c->log.fd = -1;
	TAILQ_INIT(&c->clients);
	ring_init(&c->ring, opts->ring_size > 0 ? opts->ring_size :
	    CONSOLE_RING_DEFAULT);
	c->client_buffer = opts->client_buffer > 0 ? opts->client_buffer :
	    CONSOLE_CLIENT_BUFFER_DEFAULT;
	c->buf = xmalloc(CONSOLE_READ_BUF);
	c->input = evbuffer_new();
	c->done_ev = event_new(base, -1, 0, done_cb, c);
	if (c->input == NULL || c->done_ev == NULL) {
		r = vg_err_set(err, -ENOMEM, "console: out of memory");
		goto fail;
	}
	if ((r = pty_open(c, err)) < 0)
		goto fail;
	r = console_log_init(&c->log, opts->log_path, opts->log_max > 0 ?
	    opts->log_max : CONSOLE_LOG_DEFAULT);
	if (r < 0) {
		vg_err_sys(err, r, "console log %s", opts->log_path);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	console_free(c);
	return r;
}

const char *
console_peer_path(const struct console *c)
{
	return c->peer_path;
}

const char *
console_name(const struct console *c)
{
	return c->name;
}

int
console_open_peer(struct console *c)
{
	int fd;

	fd = ioctl(c->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno != EINVAL && errno != ENOTTY)
		return -errno;
	/* Kernels before 4.13: by name. */
	fd = open(c->peer_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int
console_set_winsize(struct console *c, unsigned rows, unsigned cols)
{
	struct winsize ws = { .ws_row = (unsigned short) rows,
	    .ws_col = (unsigned short) cols };

	if (rows == 0 || cols == 0 || rows > USHRT_MAX || cols > USHRT_MAX)
		return -EINVAL;
	if (ioctl(c->master, TIOCSWINSZ, &ws) < 0)
		return -errno;
	return 0;
}

static void
accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct console *c = arg;
	struct console_client *cl;
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		log_warn(0, "console: refused a connection from uid %d",
		    len == sizeof cred ? (int) cred.uid : -1);
		(void) close(fd);
		return;
	}
	cl = console_client_new(c, c->base, fd, ++c->next_id, cred.pid,
	    ring_size(&c->ring) + c->client_buffer);
	TAILQ_INSERT_TAIL(&c->clients, cl, entry);
	log_debug("console: client %u (pid %d) connected", cl->id,
	    (int) cred.pid);
	if (count_mode(c, CONSOLE_MODE_HELLO) > CONSOLE_MAX_HELLO) {
		console_client_reply(cl, "too many connections waiting");
		console_client_close(cl, NULL);
	}
}

/* Out of fds or memory: stop accepting for a while rather than spin. */
static void
accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct console *c = arg;
	struct timeval tv = { CONSOLE_ACCEPT_RETRY_SECS, 0 };

	log_warn(-errno, "console: accept");
	(void) evconnlistener_disable(l);
	(void) evtimer_add(c->accept_retry, &tv);
}

static void
accept_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct console *c = arg;

	if (!c->finishing)
		(void) evconnlistener_enable(c->listener);
}

static int
listen_unix(const char *path, struct vg_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;

	if (strlen(path) >= sizeof sa.sun_path)
		return vg_err_set(err, -ENAMETOOLONG,
		    "console socket %s: path too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return vg_err_sys(err, -errno, "console socket %s", path);
	(void) unlink(path);
	if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
		return vg_err_sys(err, -errno, "console socket %s: bind",
		    path);
	/* The peer's uid is checked too, so the window before chmod is
	 * harmless. */
	if (chmod(path, 0600) < 0 || listen(fd, 64) < 0) {
		int r = -errno;

		(void) unlink(path);
		return vg_err_sys(err, r, "console socket %s", path);
	}
	return fd_take(&fd);
}

int
console_start(struct console *c, const char *sock_path, struct vg_err *err)
{
	int fd;

	c->rev = event_new(c->base, c->master, EV_READ | EV_PERSIST,
	    master_read_cb, c);
	c->flush_ev = evtimer_new(c->base, flush_cb, c);
	c->wev = event_new(c->base, c->master, EV_WRITE | EV_PERSIST,
	    master_write_cb, c);
	c->accept_retry = evtimer_new(c->base, accept_retry_cb, c);
	if (c->rev == NULL || c->wev == NULL || c->accept_retry == NULL ||
	    c->flush_ev == NULL || event_add(c->rev, NULL) < 0)
		return vg_err_set(err, -ENOMEM, "console: cannot add events");
	if ((fd = listen_unix(sock_path, err)) < 0)
		return fd;
	c->sock_path = xstrdup(sock_path);
	c->listener = evconnlistener_new(c->base, accept_cb, c,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	if (c->listener == NULL) {
		(void) close(fd);
		return vg_err_set(err, -ENOMEM, "console: cannot listen");
	}
	evconnlistener_set_error_cb(c->listener, accept_error_cb);
	return 0;
}

/* Tell the current read-write client that the console was taken. */
static void
take_over(struct console *c, struct console_client *cl)
{
	struct console_client *old = c->rw;
	_cleanup_free_ char *notice = xprintf("\r\n[vigil: console of guest "
	    "%s taken over by another client]\r\n", c->name);

	c->rw = NULL;
	log_info("console: client %u (pid %d) took the console from client "
	    "%u (pid %d)", cl->id, (int) cl->pid, old->id, (int) old->pid);
	console_client_close(old, notice);
}

int
console_hello(struct console *c, struct console_client *cl,
    const struct console_hello *h, struct vg_err *err)
{
	struct iovec iov[2];
	int i, n, r;

	if (c->finishing)
		return vg_err_set(err, -ESHUTDOWN, "guest %s is shutting down",
		    c->name);
	switch (h->mode) {
	case CONSOLE_MODE_RESIZE:
		if (c->rw == NULL || c->rw->pid != cl->pid)
			return vg_err_set(err, -EPERM, "resize: only the "
			    "read-write client of guest %s may set the "
			    "window size", c->name);
		if ((r = console_set_winsize(c, h->rows, h->cols)) < 0)
			return vg_err_sys(err, r, "resize");
		return 1;
	case CONSOLE_MODE_RO:
		if (count_mode(c, CONSOLE_MODE_RO) >= CONSOLE_MAX_RO)
			return vg_err_set(err, -EBUSY, "guest %s already has "
			    "%d read-only clients", c->name, CONSOLE_MAX_RO);
		break;
	case CONSOLE_MODE_RW:
		/* A client that detached a moment ago, its end of stream not
		 * read yet, does not hold the console. */
		if (c->rw != NULL && console_client_hung_up(c->rw)) {
			log_info("console: client %u (pid %d) detached",
			    c->rw->id, (int) c->rw->pid);
			console_client_free(c->rw);
		}
		if (c->rw != NULL && !h->force)
			return vg_err_set(err, -EBUSY, "the console of guest "
			    "%s is in use by another read-write client (use "
			    "--force to take it)", c->name);
		if (c->rw != NULL)
			take_over(c, cl);
		c->rw = cl;
		if (h->rows > 0 && h->cols > 0)
			(void) console_set_winsize(c, h->rows, h->cols);
		break;
	default:
		return vg_err_set(err, -EINVAL, "hello: bad mode");
	}
	cl->mode = h->mode;
	console_client_reply(cl, NULL);
	n = ring_segments(&c->ring, iov);
	for (i = 0; i < n; i++)
		(void) console_client_write(cl, iov[i].iov_base,
		    iov[i].iov_len);
	log_info("console: client %u (pid %d) attached %s", cl->id,
	    (int) cl->pid, h->mode == CONSOLE_MODE_RW ? "read-write" :
	    "read-only");
	return 0;
}

void
console_input(struct console *c, struct console_client *cl,
    struct evbuffer *in)
{
	if (cl != c->rw || c->finishing) {
		(void) evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	(void) evbuffer_add_buffer(c->input, in);
	master_write(c);
}

void
console_remove_client(struct console *c, struct console_client *cl)
{
	if (c->rw == cl)
		c->rw = NULL;
	TAILQ_REMOVE(&c->clients, cl, entry);
	maybe_done(c);
}

void
console_finish(struct console *c, const char *reason,
    void (*done)(void *arg), void *arg)
{
	struct console_client *cl, *next;
	_cleanup_free_ char *notice = NULL;

	c->done_cb = done;
	c->done_arg = arg;
	if (c->finishing) {
		maybe_done(c);
		return;
	}
	c->finishing = true;
	if (c->master >= 0)
		console_drain(c);
	if (c->rev != NULL)
		(void) event_del(c->rev);
	if (c->wev != NULL)
		(void) event_del(c->wev);
	if (c->listener != NULL)
		(void) evconnlistener_disable(c->listener);
	c->rw = NULL;
	notice = xprintf("\r\nGuest %s exited (%s)\r\n", c->name,
	    reason != NULL ? reason : "unknown");
	for (cl = TAILQ_FIRST(&c->clients); cl != NULL; cl = next) {
		next = TAILQ_NEXT(cl, entry);
		if (cl->mode == CONSOLE_MODE_RO || cl->mode == CONSOLE_MODE_RW)
			console_client_close(cl, notice);
		else if (cl->mode == CONSOLE_MODE_HELLO)
			console_client_close(cl, NULL);
	}
	maybe_done(c);
}

size_t
console_nclients(const struct console *c)
{
	return count_mode(c, CONSOLE_MODE_RO) + count_mode(c, CONSOLE_MODE_RW);
}

void
console_free(struct console *c)
{
	struct console_client *cl;

	if (c == NULL)
		return;
	c->freeing = true;
	while ((cl = TAILQ_FIRST(&c->clients)) != NULL)
		console_client_free(cl);
	if (c->rev != NULL)
		event_free(c->rev);
	if (c->wev != NULL)
		event_free(c->wev);
	if (c->accept_retry != NULL)
		event_free(c->accept_retry);
	if (c->flush_ev != NULL)
		event_free(c->flush_ev);
	if (c->done_ev != NULL)
		event_free(c->done_ev);
	if (c->listener != NULL)
		evconnlistener_free(c->listener);
	if (c->sock_path != NULL)
		(void) unlink(c->sock_path);
	fd_close(&c->master);
	fd_close(&c->peer);
	console_log_done(&c->log);
	if (c->input != NULL)
		evbuffer_free(c->input);
	ring_done(&c->ring);
	free(c->sock_path);
	free(c->buf);
	free(c->name);
	free(c);
}
