/* One client of console.sock. It reads the hello line, hands it to
 * console.c, then passes typed bytes to console_input(); output goes
 * straight to the socket while the client keeps up, and is queued up to a
 * high-water mark when it does not. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>

#include "common/cleanup.h"
#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/console-client.h"
#include "supervisor/console.h"

/* Input read from a client at most, per callback, once attached. */
#define CONSOLE_CLIENT_READ_MAX (64 * 1024)
/* Queued output written to a client at most per wake-up. */
#define CONSOLE_CLIENT_WRITE_MAX (4 * 1024 * 1024)

static const char *
mode_name(enum console_mode mode)
{
	switch (mode) {
	case CONSOLE_MODE_RO:
		return "ro";
	case CONSOLE_MODE_RW:
		return "rw";
	case CONSOLE_MODE_RESIZE:
		return "resize";
	default:
		return "none";
	}
}

/* An optional window dimension: an integer in 1..65535. */
static int
parse_dim(json_t *obj, const char *key, unsigned *out, struct vg_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 65535)
		return vg_err_set(err, -EINVAL, "hello: \"%s\" must be an "
		    "integer from 1 to 65535", key);
	*out = (unsigned) json_integer_value(v);
	return 0;
}

int
console_client_parse_hello(const char *line, size_t len,
    struct console_hello *h, struct vg_err *err)
{
	_cleanup_json_ json_t *j = NULL;
	json_error_t jerr;
	const char *mode;
	json_t *v;
	int r;

	memset(h, 0, sizeof *h);
	j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return vg_err_set(err, -EINVAL, "hello: not JSON: %s",
		    jerr.text);
	if (!json_is_object(j))
		return vg_err_set(err, -EINVAL, "hello: not a JSON object");
	v = json_object_get(j, "mode");
	if (!json_is_string(v))
		return vg_err_set(err, -EINVAL, "hello: \"mode\" is missing "
		    "or not a string");
	mode = json_string_value(v);
	if (strcmp(mode, "rw") == 0)
		h->mode = CONSOLE_MODE_RW;
	else if (strcmp(mode, "ro") == 0)
		h->mode = CONSOLE_MODE_RO;
	else if (strcmp(mode, "resize") == 0)
		h->mode = CONSOLE_MODE_RESIZE;
	else
		return vg_err_set(err, -EINVAL, "hello: unknown mode \"%.32s\" "
		    "(expected \"rw\", \"ro\" or \"resize\")", mode);
	v = json_object_get(j, "force");
	if (v != NULL && !json_is_boolean(v))
		return vg_err_set(err, -EINVAL, "hello: \"force\" must be true "
		    "or false");
	h->force = json_is_true(v);
	if ((r = parse_dim(j, "rows", &h->rows, err)) < 0 ||
	    (r = parse_dim(j, "cols", &h->cols, err)) < 0)
		return r;
	if (h->mode == CONSOLE_MODE_RESIZE && (h->rows == 0 || h->cols == 0))
		return vg_err_set(err, -EINVAL, "hello: resize needs \"rows\" "
		    "and \"cols\"");
	return 0;
}

static int
client_fd(const struct console_client *cl)
{
	return (int) bufferevent_getfd(cl->bev);
}

size_t
console_client_pending(const struct console_client *cl)
{
	return evbuffer_get_length(bufferevent_get_output(cl->bev));
}

bool
console_client_hung_up(const struct console_client *cl)
{
	struct pollfd pfd = { .fd = client_fd(cl), .events = POLLRDHUP };

	return poll(&pfd, 1, 0) == 1 &&
	    (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

/* One batch of output, copied once when the first client has to queue it:
 * each client queue holding part of it keeps a reference, so clients that
 * lag share one copy instead of each holding its own. */
struct console_chunk {
	size_t refs;
	unsigned char data[];
};

static void
chunk_unref(struct console_chunk *ch)
{
	if (--ch->refs == 0)
		free(ch);
}

static void
chunk_cleanup_cb(const void *data, size_t len, void *arg)
{
	chunk_unref(arg);
}

/* Send now when nothing is queued (saving a copy and a wake-up), queue the
 * rest: a reference into o's shared chunk when o is given, else a copy.
 * Errors are left for the bufferevent to find and report. */
static int
client_queue(struct console_client *cl, const unsigned char *buf, size_t len,
    struct console_out *o)
{
	size_t pending = console_client_pending(cl);
	ssize_t n = 0;

	if (pending == 0 && len > 0) {
		n = send(client_fd(cl), buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
			n = 0;
	}
	if ((size_t) n == len)
		return 0;
	if (pending + len - (size_t) n > cl->max_pending)
		return -ENOBUFS;
	if (o == NULL)
		return bufferevent_write(cl->bev, buf + n,
		    len - (size_t) n) < 0 ? -ENOMEM : 0;
	if (o->chunk == NULL) {
		o->chunk = xmalloc(sizeof *o->chunk + o->len);
		o->chunk->refs = 1;	/* the batch's own, see out_done */
		memcpy(o->chunk->data, o->data, o->len);
	}
	o->chunk->refs++;
	if (evbuffer_add_reference(bufferevent_get_output(cl->bev),
	    o->chunk->data + n, len - (size_t) n, chunk_cleanup_cb,
	    o->chunk) < 0) {
		chunk_unref(o->chunk);
		return -ENOMEM;
	}
	return 0;
}

int
console_client_write(struct console_client *cl, const void *buf, size_t len)
{
	return client_queue(cl, buf, len, NULL);
}

int
console_client_write_out(struct console_client *cl, struct console_out *o)
{
	return client_queue(cl, o->data, o->len, o);
}

void
console_client_out_done(struct console_out *o)
{
	if (o->chunk != NULL)
		chunk_unref(o->chunk);
	o->chunk = NULL;
}

void
console_client_reply(struct console_client *cl, const char *error)
{
	_cleanup_json_ json_t *j = NULL;
	_cleanup_free_ char *s = NULL;
	char *line;

	if (error == NULL)
		j = json_pack("{s:b, s:s, s:s}", "ok", 1, "mode",
		    mode_name(cl->mode), "guest", console_name(cl->console));
	else
		j = json_pack("{s:b, s:s}", "ok", 0, "error", error);
	if (j == NULL || (s = json_dumps(j, JSON_COMPACT)) == NULL)
		return;
	line = xprintf("%s\n", s);
	(void) console_client_write(cl, line, strlen(line));
	free(line);
}

void
console_client_close(struct console_client *cl, const char *notice)
{
	struct timeval tv = { CONSOLE_CLIENT_CLOSE_SECS, 0 };

	if (cl->mode == CONSOLE_MODE_CLOSING)
		return;
	cl->mode = CONSOLE_MODE_CLOSING;
	/* A closing client is over its bound only by the notice. */
	cl->max_pending += CONSOLE_CLIENT_HELLO_MAX;
	if (notice != NULL)
		(void) console_client_write(cl, notice, strlen(notice));
	(void) bufferevent_enable(cl->bev, EV_READ);
	if (console_client_pending(cl) == 0)
		event_active(cl->timer, EV_TIMEOUT, 1);
	else
		(void) evtimer_add(cl->timer, &tv);
}

void
console_client_pause(struct console_client *cl, bool pause)
{
	if (cl->mode == CONSOLE_MODE_CLOSING)
		return;
	if (pause)
		(void) bufferevent_disable(cl->bev, EV_READ);
	else
		(void) bufferevent_enable(cl->bev, EV_READ);
}

/* Refuse a hello: reply with the reason, then close. */
static void
refuse(struct console_client *cl, const char *why)
{
	log_debug("console: client %u (pid %d) refused: %s", cl->id,
	    (int) cl->pid, why);
	console_client_reply(cl, why);
	console_client_close(cl, NULL);
}

/* Returns true when the client is attached and bytes may follow. */
static bool
client_hello(struct console_client *cl, struct evbuffer *in)
{
	struct console_hello h;
	struct evbuffer_ptr eol;
	struct vg_err err;
	size_t len;
	char *line;
	int r;

	eol = evbuffer_search_eol(in, NULL, &len, EVBUFFER_EOL_LF);
	if (eol.pos < 0) {
		if (evbuffer_get_length(in) >= CONSOLE_CLIENT_HELLO_MAX)
			refuse(cl, "hello: line too long");
		return false;
	}
	line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
	if (line == NULL)
		return false;
	vg_err_clear(&err);
	r = console_client_parse_hello(line, len, &h, &err);
	free(line);
	if (r == 0)
		r = console_hello(cl->console, cl, &h, &err);
	if (r < 0) {
		refuse(cl, err.msg);
		return false;
	}
	if (r == 1) {
		cl->mode = CONSOLE_MODE_RESIZE;
		console_client_reply(cl, NULL);
		console_client_close(cl, NULL);
		return false;
	}
	(void) event_del(cl->timer);
	bufferevent_setwatermark(cl->bev, EV_READ, 0, CONSOLE_CLIENT_READ_MAX);
	return true;
}

static void
client_read_cb(struct bufferevent *bev, void *arg)
{
	struct console_client *cl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	if (cl->mode == CONSOLE_MODE_HELLO && !client_hello(cl, in))
		return;
	if (cl->mode == CONSOLE_MODE_CLOSING ||
	    cl->mode == CONSOLE_MODE_RESIZE) {
		(void) evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	console_input(cl->console, cl, in);
}

static void
client_write_cb(struct bufferevent *bev, void *arg)
{
	struct console_client *cl = arg;

	/* Called once the output is flushed. */
	if (cl->mode == CONSOLE_MODE_CLOSING)
		console_client_free(cl);
}

static void
client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct console_client *cl = arg;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	if (cl->mode == CONSOLE_MODE_RO || cl->mode == CONSOLE_MODE_RW)
		log_info("console: client %u (pid %d) detached", cl->id,
		    (int) cl->pid);
	console_client_free(cl);
}

static void
client_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct console_client *cl = arg;

	if (cl->mode == CONSOLE_MODE_HELLO)
		log_debug("console: client %u (pid %d): no hello line in %d s",
		    cl->id, (int) cl->pid, CONSOLE_CLIENT_HELLO_SECS);
	else if (console_client_pending(cl) > 0)
		log_debug("console: client %u (pid %d): closed with %zu bytes "
		    "unread", cl->id, (int) cl->pid,
		    console_client_pending(cl));
	console_client_free(cl);
}

struct console_client *
console_client_new(struct console *c, struct event_base *base, int fd,
    unsigned id, pid_t pid, size_t max_pending)
{
	struct console_client *cl = xcalloc(1, sizeof *cl);
	struct timeval tv = { CONSOLE_CLIENT_HELLO_SECS, 0 };

	cl->console = c;
	cl->id = id;
	cl->pid = pid;
	cl->max_pending = max_pending;
	cl->mode = CONSOLE_MODE_HELLO;
	cl->bev = bufferevent_socket_new(base, fd,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	cl->timer = evtimer_new(base, client_timer_cb, cl);
	if (cl->bev == NULL || cl->timer == NULL)
		abort();	/* out of memory, as xmalloc */
	bufferevent_setcb(cl->bev, client_read_cb, client_write_cb,
	    client_event_cb, cl);
	/* libevent writes 16 KiB per wake-up by default: a client that lagged
	 * once would never catch up with a guest printing 1 MiB per wake-up. */
	(void) bufferevent_set_max_single_write(cl->bev,
	    CONSOLE_CLIENT_WRITE_MAX);
	bufferevent_setwatermark(cl->bev, EV_READ, 0,
	    CONSOLE_CLIENT_HELLO_MAX);
	(void) bufferevent_enable(cl->bev, EV_READ);
	(void) evtimer_add(cl->timer, &tv);
	return cl;
}

/* Read what the peer sent and nobody read, so that closing does not turn
 * the peer's end of stream into ECONNRESET. */
static void
discard_input(int fd)
{
	char buf[4096];
	int i;

	for (i = 0; i < 16; i++)
		if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0)
			break;
}

void
console_client_free(struct console_client *cl)
{
	if (cl == NULL)
		return;
	if (cl->timer != NULL)
		event_free(cl->timer);
	if (cl->bev != NULL) {
		discard_input(client_fd(cl));
		bufferevent_free(cl->bev);	/* closes the fd */
	}
	console_remove_client(cl->console, cl);
	free(cl);
}
