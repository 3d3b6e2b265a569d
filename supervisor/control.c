#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <jansson.h>

#include "common/err.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/xalloc.h"
#include "supervisor/cgrp.h"
#include "supervisor/control.h"
#include "supervisor/guest.h"
#include "supervisor/state.h"

/* Unread responses a client may leave before we stop reading from it. */
#define CONTROL_OUT_MAX (256 * 1024)
/* Seconds a client may leave pending output unread before it is dropped. */
#define CONTROL_WRITE_TIMEOUT 10
#define CONTROL_MAX_CLIENTS 128
/* After accept() fails (EMFILE...), pause the listener this long. */
#define CONTROL_ACCEPT_PAUSE_MS 200

struct control_client {
	struct control *ctl;
	struct bufferevent *bev;
	pid_t pid;
	uid_t uid;
	bool waiting;		/* answered when the guest is gone */
	bool closing;		/* freed once its output is flushed */
	TAILQ_ENTRY(control_client) link;
};

struct control {
	struct guest *g;
	struct event_base *base;
	struct evconnlistener *listener;
	struct event *ev_resume;	/* re-enables the listener */
	char *path;
	TAILQ_HEAD(, control_client) clients;
	size_t nclients;
};

/* A handler fills resp and returns 0, or returns 1 to answer later (when
 * the guest is gone). needs_write: it changes the guest (logged). */
struct control_cmd {
	const char *name;
	int (*fn)(struct control_client *cl, const struct proto_req *req,
	    struct proto_resp *resp);
	bool needs_write;
};

static int
cmd_status(struct control_client *cl, const struct proto_req *req,
    struct proto_resp *resp)
{
	struct state_info info;
	json_t *obj;

	guest_get_info(cl->ctl->g, &info);
	proto_resp_init_ok(resp);
	obj = state_to_json(&info);
	json_object_update(resp->obj, obj);
	json_decref(obj);
	json_object_set_new(resp->obj, "proto", json_integer(PROTO_VERSION));
	json_object_set_new(resp->obj, "uptime", info.started > 0 ?
	    json_integer((json_int_t) (time(NULL) - info.started)) :
	    json_null());
	return 0;
}

static int
cmd_stats(struct control_client *cl, const struct proto_req *req,
    struct proto_resp *resp)
{
	struct cgrp_stats st;
	char msg[128];
	int r;

	r = guest_get_stats(cl->ctl->g, &st);
	if (r < 0) {
		(void) snprintf(msg, sizeof msg, "stats: %s", strerror(-r));
		proto_resp_init_error(resp, msg);
		return 0;
	}
	proto_resp_init_ok(resp);
	json_object_update_new(resp->obj, json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I}",
	    "memory_current", (json_int_t) st.memory_current,
	    "memory_limit", (json_int_t) st.memory_limit,
	    "memory_peak", (json_int_t) st.memory_peak,
	    "cpu_ns", (json_int_t) st.cpu_ns,
	    "pids", (json_int_t) st.pids,
	    "oom_kills", (json_int_t) st.oom_kills));
	json_object_set_new(resp->obj, "drops", guest_drops(cl->ctl->g));
	return 0;
}

static int
cmd_interfaces(struct control_client *cl, const struct proto_req *req,
    struct proto_resp *resp)
{
	proto_resp_init_ok(resp);
	json_object_set_new(resp->obj, "interfaces",
	    guest_interfaces(cl->ctl->g));
	return 0;
}

static int
cmd_shutdown(struct control_client *cl, const struct proto_req *req,
    struct proto_resp *resp)
{
	uint64_t timeout = GUEST_SHUTDOWN_TIMEOUT;
	struct vg_err err;

	if (proto_req_get_uint(req, "timeout", GUEST_SHUTDOWN_TIMEOUT_MAX,
	    &timeout, &err) < 0) {
		proto_resp_init_error(resp, err.msg);
		return 0;
	}
	guest_shutdown(cl->ctl->g, (unsigned) timeout);
	return 1;
}

static int
cmd_destroy(struct control_client *cl, const struct proto_req *req,
    struct proto_resp *resp)
{
	guest_destroy(cl->ctl->g);
	return 1;
}

static const struct control_cmd commands[] = {
	{ "status", cmd_status, false },
	{ "stats", cmd_stats, false },
	{ "interfaces", cmd_interfaces, false },
	{ "shutdown", cmd_shutdown, true },
	{ "destroy", cmd_destroy, true },
};

static void
client_free(struct control_client *cl)
{
	bufferevent_free(cl->bev);
	TAILQ_REMOVE(&cl->ctl->clients, cl, link);
	cl->ctl->nclients--;
	free(cl);
}

static void
send_resp(struct control_client *cl, const struct proto_resp *resp)
{
	size_t len;
	char *line = proto_resp_format(resp, &len);

	(void) bufferevent_write(cl->bev, line, len);
	free(line);
}

/* Answer with an error and close once it is flushed. */
static void
send_error_close(struct control_client *cl, const char *msg)
{
	struct proto_resp resp;

	proto_resp_init_error(&resp, msg);
	send_resp(cl, &resp);
	proto_resp_done(&resp);
	cl->closing = true;
	(void) bufferevent_disable(cl->bev, EV_READ);
}

static void
handle_line(struct control_client *cl, const char *line, size_t len)
{
	const struct control_cmd *cmd = NULL;
	struct proto_resp resp;
	struct proto_req req;
	struct vg_err err;
	char msg[96];
	size_t i;

	if (proto_req_parse(line, len, &req, &err) < 0) {
		proto_resp_init_error(&resp, err.msg);
		goto out;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, req.cmd) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		(void) snprintf(msg, sizeof msg, "unknown command \"%.32s\"",
		    req.cmd);
		proto_resp_init_error(&resp, msg);
	} else {
		if (cmd->needs_write)
			log_info("control: %s from pid %d uid %u", cmd->name,
			    (int) cl->pid, (unsigned) cl->uid);
		if (cmd->fn(cl, &req, &resp) == 1) {
			cl->waiting = true;
			proto_req_done(&req);
			return;
		}
	}
	proto_req_done(&req);
out:
	send_resp(cl, &resp);
	proto_resp_done(&resp);
}

/* Every complete line, in order; one response each. */
static void
read_cb(struct bufferevent *bev, void *arg)
{
	struct control_client *cl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct evbuffer_ptr eol;
	size_t n;
	char *line;

	while (!cl->waiting && !cl->closing) {
		if (evbuffer_get_length(bufferevent_get_output(bev)) >=
		    CONTROL_OUT_MAX) {
			/* write_cb resumes once the client has read. */
			(void) bufferevent_disable(bev, EV_READ);
			return;
		}
		eol = evbuffer_search_eol(in, NULL, NULL, EVBUFFER_EOL_LF);
		if (eol.pos < 0 && evbuffer_get_length(in) <= PROTO_MAX_LINE)
			return;
		if (eol.pos < 0 || (size_t) eol.pos > PROTO_MAX_LINE) {
			send_error_close(cl, "request longer than 65536 bytes");
			return;
		}
		line = evbuffer_readln(in, &n, EVBUFFER_EOL_LF);
		if (line == NULL)
			return;
		handle_line(cl, line, n);
		free(line);
	}
}

static void
write_cb(struct bufferevent *bev, void *arg)
{
	struct control_client *cl = arg;

	if (cl->closing) {
		client_free(cl);
		return;
	}
	if (!cl->waiting && !(bufferevent_get_enabled(bev) & EV_READ)) {
		(void) bufferevent_enable(bev, EV_READ);
		read_cb(bev, cl);
	}
}

static void
event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct control_client *cl = arg;

	if (what & BEV_EVENT_TIMEOUT)
		log_debug("control: pid %d left its responses unread: "
		    "dropped", (int) cl->pid);
	/* A client that only closed its sending side still gets its
	 * answers; a waiting one stays to the end. */
	if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
		(void) bufferevent_disable(bev, EV_READ);
		if (cl->waiting)
			return;
		if (evbuffer_get_length(bufferevent_get_output(bev)) > 0) {
			cl->closing = true;
			return;
		}
	}
	client_free(cl);
}

/* Refuse a peer with one line, without waiting on it. */
static void
refuse(int fd, const char *msg)
{
	struct proto_resp resp;
	size_t len;
	char *line;

	proto_resp_init_error(&resp, msg);
	line = proto_resp_format(&resp, &len);
	(void) send(fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	free(line);
	proto_resp_done(&resp);
	(void) close(fd);
}

static void
accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct control *ctl = arg;
	struct timeval wt = { .tv_sec = CONTROL_WRITE_TIMEOUT };
	struct control_client *cl;
	struct ucred cred;
	socklen_t len = sizeof cred;
	char msg[96];

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		refuse(fd, "cannot tell who you are");
		return;
	}
	if (cred.uid != 0 && cred.uid != geteuid()) {
		log_info("control: refused pid %d uid %u", (int) cred.pid,
		    (unsigned) cred.uid);
		(void) snprintf(msg, sizeof msg, "permission denied: uid %u "
		    "may not control this guest", (unsigned) cred.uid);
		refuse(fd, msg);
		return;
	}
	if (ctl->nclients >= CONTROL_MAX_CLIENTS) {
		refuse(fd, "too many clients");
		return;
	}
	cl = xcalloc(1, sizeof *cl);
	cl->ctl = ctl;
	cl->pid = cred.pid;
	cl->uid = cred.uid;
	cl->bev = bufferevent_socket_new(ctl->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (cl->bev == NULL)
		abort();	/* only without memory */
	bufferevent_setwatermark(cl->bev, EV_READ, 0, PROTO_MAX_LINE + 2);
	bufferevent_setcb(cl->bev, read_cb, write_cb, event_cb, cl);
	(void) bufferevent_set_timeouts(cl->bev, NULL, &wt);
	(void) bufferevent_enable(cl->bev, EV_READ);
	TAILQ_INSERT_TAIL(&ctl->clients, cl, link);
	ctl->nclients++;
}

static void
resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct control *ctl = arg;

	if (ctl->listener != NULL)
		(void) evconnlistener_enable(ctl->listener);
}

/* accept() failed (out of fds?): pause instead of spinning. */
static void
accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct control *ctl = arg;
	struct timeval tv = { 0, CONTROL_ACCEPT_PAUSE_MS * 1000 };

	log_warn(-EVUTIL_SOCKET_ERROR(), "control: accept");
	(void) evconnlistener_disable(l);
	evtimer_add(ctl->ev_resume, &tv);
}

int
control_new(struct guest *g, struct event_base *base, const char *path,
    struct control **out, struct vg_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control *ctl;
	int fd;

	if (strlen(path) >= sizeof sa.sun_path)
		return vg_err_set(err, -ENAMETOOLONG,
		    "control socket %s: path too long", path);
	(void) strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return vg_err_sys(err, -errno, "control socket");
	(void) unlink(path);
	if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0 ||
	    chmod(path, 0600) < 0) {
		int r = -errno;

		(void) close(fd);
		(void) unlink(path);
		return vg_err_sys(err, r, "control socket %s", path);
	}
	ctl = xcalloc(1, sizeof *ctl);
	ctl->g = g;
	ctl->base = base;
	ctl->path = xstrdup(path);
	TAILQ_INIT(&ctl->clients);
	ctl->ev_resume = evtimer_new(base, resume_cb, ctl);
	ctl->listener = evconnlistener_new(base, accept_cb, ctl,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 64, fd);
	if (ctl->listener == NULL) {
		int r = -errno;

		(void) close(fd);
		control_free(ctl);
		return vg_err_sys(err, r < 0 ? r : -EIO, "control socket %s: "
		    "listen", path);
	}
	evconnlistener_set_error_cb(ctl->listener, accept_error_cb);
	*out = ctl;
	return 0;
}

void
control_stop(struct control *ctl)
{
	if (ctl == NULL || ctl->listener == NULL)
		return;
	evconnlistener_free(ctl->listener);
	ctl->listener = NULL;
	(void) unlink(ctl->path);
}

void
control_free(struct control *ctl)
{
	struct control_client *cl;
	struct proto_resp resp;
	struct state_info info;
	size_t len;
	char *line;

	if (ctl == NULL)
		return;
	control_stop(ctl);
	guest_get_info(ctl->g, &info);
	proto_resp_init_ok(&resp);
	json_object_set_new(resp.obj, "state", json_string(info.state));
	if (info.exit_reason != NULL)
		json_object_set_new(resp.obj, "reason",
		    json_string(info.exit_reason));
	line = proto_resp_format(&resp, &len);
	while ((cl = TAILQ_FIRST(&ctl->clients)) != NULL) {
		if (cl->waiting) {
			struct evbuffer *out = bufferevent_get_output(cl->bev);

			/* A short line into a socket buffer the client has
			 * drained (it waits), non-blocking; the bufferevent
			 * that would flush it goes now, so write it here. */
			(void) evbuffer_add(out, line, len);
			(void) evbuffer_unfreeze(out, 1);
			(void) evbuffer_write(out, bufferevent_getfd(cl->bev));
		}
		client_free(cl);
	}
	free(line);
	proto_resp_done(&resp);
	if (ctl->ev_resume != NULL)
		event_free(ctl->ev_resume);
	free(ctl->path);
	free(ctl);
}
