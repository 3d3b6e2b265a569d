/* The client end of console.sock: one hello line each way, then the
 * guest's output to stdout and stdin to the guest. A terminal is put in
 * raw mode (Ctrl-] detaches); a window size change goes to the supervisor
 * as a "resize" hello on a second connection (docs/console.md). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "common/cleanup.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/cmd.h"
#include "launcher/console-attach.h"

#define ATTACH_ESCAPE 0x1d		/* Ctrl-] */
#define ATTACH_REPLY_TIMEOUT_MS 10000
#define ATTACH_QUIET_DEFAULT 1.0	/* seconds */
#define ATTACH_BUF (64 * 1024)		/* stdin */
#define ATTACH_OUT_BUF (256 * 1024)	/* the guest's output */
/* Reads of the socket per wake-up, so output is not left waiting. */
#define ATTACH_READS 8
#define ATTACH_TAIL 512

/* Set by the signal handlers (STYLE.md allows these globals). */
static volatile sig_atomic_t attach_winch;
static volatile sig_atomic_t attach_signal;

static const int attach_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP,
    SIGQUIT };
#define ATTACH_NSIGNALS (sizeof attach_signals / sizeof attach_signals[0])

enum attach_end {
	ATTACH_DETACHED,	/* Ctrl-], or drained after end of input */
	ATTACH_GUEST_ENDED,	/* the supervisor said the guest exited */
	ATTACH_CLOSED,		/* closed for another reason */
	ATTACH_ERROR,		/* printed already */
};

struct attach {
	const char *name;
	char *sock_path;
	int sock;
	bool tty;		/* stdin is a terminal: raw mode and Ctrl-] */
	bool ro;
	bool raw;		/* saved holds the terminal's settings */
	struct termios saved;
	bool stdin_open;
	char in[ATTACH_BUF];	/* read from stdin, not yet sent */
	char out[ATTACH_OUT_BUF];
	size_t inlen, inoff;
	char tail[ATTACH_TAIL];	/* the last bytes received */
	size_t taillen;
	double quiet;		/* exit after this long without output */
	double quiet_since;
	struct sigaction old_act[ATTACH_NSIGNALS], old_pipe;
	sigset_t old_mask;
};

static double
now(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		attach_winch = 1;
	else
		attach_signal = sig;
}

static int
sock_connect(const struct attach *a, int flags)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(a->sock_path) >= sizeof sa.sun_path)
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, a->sock_path, strlen(a->sock_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
		r = -errno;
		(void) close(fd);
		return r;
	}
	return fd;
}

/* Send a JSON object as one line. */
static int
send_line(int fd, json_t *j)
{
	_cleanup_free_ char *s = json_dumps(j, JSON_COMPACT);
	_cleanup_free_ char *line = NULL;
	ssize_t n;

	if (s == NULL)
		return -ENOMEM;
	line = xprintf("%s\n", s);
	n = send(fd, line, strlen(line), MSG_NOSIGNAL);
	if (n < 0)
		return -errno;
	return (size_t) n == strlen(line) ? 0 : -EIO;
}

static bool
window_size(unsigned *rows, unsigned *cols)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}

/* The window changed: tell the supervisor on a short second connection
 * (it checks that we are the read-write client's process). Best effort. */
static void
send_resize(const struct attach *a)
{
	_cleanup_json_ json_t *j = NULL;
	unsigned rows, cols;
	int fd;

	if (a->ro || !window_size(&rows, &cols))
		return;
	fd = sock_connect(a, SOCK_NONBLOCK);
	if (fd < 0)
		return;
	j = json_pack("{s:s, s:i, s:i}", "mode", "resize", "rows", (int) rows,
	    "cols", (int) cols);
	if (j != NULL)
		(void) send_line(fd, j);
	(void) close(fd);
}

/* Remember the last bytes received, to recognise the supervisor's
 * closing notice. */
static void
keep_tail(struct attach *a, const char *p, size_t n)
{
	if (n >= ATTACH_TAIL) {
		memcpy(a->tail, p + n - ATTACH_TAIL, ATTACH_TAIL);
		a->taillen = ATTACH_TAIL;
		return;
	}
	if (a->taillen + n > ATTACH_TAIL) {
		memmove(a->tail, a->tail + a->taillen + n - ATTACH_TAIL,
		    ATTACH_TAIL - n);
		a->taillen = ATTACH_TAIL - n;
	}
	memcpy(a->tail + a->taillen, p, n);
	a->taillen += n;
}

static int
output(struct attach *a, const char *p, size_t n)
{
	int r = fd_write_all(1, p, n);

	if (r < 0)
		return r;
	keep_tail(a, p, n);
	a->quiet_since = now();
	return 0;
}

/* Did the stream end with "\r\nGuest NAME exited (...)\r\n"? */
static bool
guest_ended(const struct attach *a)
{
	_cleanup_free_ char *head = xprintf("\r\nGuest %s exited (", a->name);
	const char *p = a->tail, *end = a->tail + a->taillen, *hit = NULL;
	size_t hl = strlen(head);

	while ((p = memmem(p, (size_t) (end - p), head, hl)) != NULL)
		hit = p++;
	if (hit == NULL || a->taillen < 3 || memcmp(end - 3, ")\r\n", 3) != 0)
		return false;
	return memmem(hit + hl, (size_t) (end - 3 - hit - hl), "\r\n", 2) ==
	    NULL;
}

/* Read the reply line; bytes after it are the stream already. */
static int
read_reply(struct attach *a, const sigset_t *waitmask)
{
	_cleanup_json_ json_t *j = NULL;
	struct pollfd pfd = { .fd = a->sock, .events = POLLIN };
	struct timespec ts = { ATTACH_REPLY_TIMEOUT_MS / 1000, 0 };
	char buf[4096], *nl = NULL;
	size_t len = 0;
	ssize_t n;
	int r;

	while (nl == NULL) {
		r = ppoll(&pfd, 1, &ts, waitmask);
		if (r < 0 && errno == EINTR && attach_signal == 0)
			continue;
		if (r < 0 && errno == EINTR)
			return -EINTR;
		if (len == sizeof buf - 1 || r <= 0) {
			fprintf(stderr, "vigil: guest %s: no reply from the "
			    "console\n", a->name);
			return -ETIMEDOUT;
		}
		n = recv(a->sock, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0) {
			fprintf(stderr, "vigil: guest %s: console closed the "
			    "connection\n", a->name);
			return -ECONNRESET;
		}
		len += (size_t) n;
		nl = memchr(buf, '\n', len);
	}
	j = json_loadb(buf, (size_t) (nl - buf), 0, NULL);
	if (!json_is_true(json_object_get(j, "ok"))) {
		fprintf(stderr, "vigil: %s\n", json_is_string(json_object_get(
		    j, "error")) ? json_string_value(json_object_get(j,
		    "error")) : "bad reply from the console");
		return -EPROTO;
	}
	printf("Connected to guest %s\n", a->name);
	if (a->tty)
		printf("Escape character is ^]\n");
	(void) fflush(stdout);
	nl++;
	return output(a, nl, (size_t) (buf + len - nl));
}

static void
raw_enter(struct attach *a)
{
	struct termios t;

	if (!a->tty || tcgetattr(0, &a->saved) < 0)
		return;
	t = a->saved;
	cfmakeraw(&t);
	if (tcsetattr(0, TCSADRAIN, &t) == 0)
		a->raw = true;
}

static void
raw_leave(struct attach *a)
{
	if (!a->raw)
		return;
	(void) tcsetattr(0, TCSADRAIN, &a->saved);
	a->raw = false;
}

static void
signals_catch(struct attach *a, sigset_t *waitmask)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigset_t block;
	size_t i;

	(void) sigemptyset(&sa.sa_mask);
	(void) sigemptyset(&block);
	for (i = 0; i < ATTACH_NSIGNALS; i++) {
		(void) sigaddset(&block, attach_signals[i]);
		(void) sigaction(attach_signals[i], &sa, &a->old_act[i]);
	}
	(void) sigaction(SIGPIPE, &ign, &a->old_pipe);
	(void) sigprocmask(SIG_BLOCK, &block, &a->old_mask);
	*waitmask = a->old_mask;
	for (i = 0; i < ATTACH_NSIGNALS; i++)
		(void) sigdelset(waitmask, attach_signals[i]);
}

static void
signals_restore(struct attach *a)
{
	size_t i;

	for (i = 0; i < ATTACH_NSIGNALS; i++)
		(void) sigaction(attach_signals[i], &a->old_act[i], NULL);
	(void) sigaction(SIGPIPE, &a->old_pipe, NULL);
	(void) sigprocmask(SIG_SETMASK, &a->old_mask, NULL);
}

/* Send what stdin gave, as far as the socket takes it now. */
static void
flush_input(struct attach *a)
{
	ssize_t n;

	while (a->inoff < a->inlen) {
		n = send(a->sock, a->in + a->inoff, a->inlen - a->inoff,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n <= 0)
			break;
		a->inoff += (size_t) n;
	}
	if (a->inoff == a->inlen)
		a->inoff = a->inlen = 0;
	else if (errno != EAGAIN && errno != EINTR)
		a->inoff = a->inlen = 0;	/* the read side ends it */
}

/* stdin is readable. Returns true on Ctrl-] or a terminal's end. */
static bool
read_stdin(struct attach *a)
{
	ssize_t n = read(0, a->in, sizeof a->in);
	char *esc;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	if (n <= 0) {
		a->stdin_open = false;
		a->quiet_since = now();
		return a->tty;
	}
	if (a->tty && (esc = memchr(a->in, ATTACH_ESCAPE, (size_t) n))) {
		a->inlen = a->ro ? 0 : (size_t) (esc - a->in);
		flush_input(a);
		return true;
	}
	a->inlen = a->ro ? 0 : (size_t) n;
	flush_input(a);
	return false;
}

/* The socket is readable. Returns -1 to go on, or how the stream ended. */
static int
read_sock(struct attach *a)
{
	ssize_t n;
	int i, r;

	for (i = 0; i < ATTACH_READS; i++) {
		n = recv(a->sock, a->out, sizeof a->out, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return -1;
		/* End of stream, or ECONNRESET when it closed on unread
		 * input. */
		if (n <= 0)
			return guest_ended(a) ? ATTACH_GUEST_ENDED :
			    ATTACH_CLOSED;
		if ((r = output(a, a->out, (size_t) n)) < 0) {
			raw_leave(a);
			fprintf(stderr, "vigil: guest %s: write to stdout: "
			    "%s\n", a->name, strerror(-r));
			return ATTACH_ERROR;
		}
	}
	return -1;
}

static enum attach_end
attach_loop(struct attach *a, const sigset_t *waitmask)
{
	struct pollfd p[2];
	struct timespec ts, *tsp;
	double left;
	int r;

	for (;;) {
		if (attach_signal != 0)
			return ATTACH_DETACHED;
		if (attach_winch) {
			attach_winch = 0;
			send_resize(a);
		}
		p[0].fd = a->sock;
		p[0].events = POLLIN | (a->inlen > 0 ? POLLOUT : 0);
		p[1].fd = a->stdin_open && a->inlen == 0 ? 0 : -1;
		p[1].events = POLLIN;
		tsp = NULL;
		if (!a->stdin_open && a->inlen == 0 && a->quiet > 0) {
			left = a->quiet_since + a->quiet - now();
			if (left <= 0)
				return ATTACH_DETACHED;
			ts.tv_sec = (time_t) left;
			ts.tv_nsec = (long) ((left - (double) ts.tv_sec) * 1e9);
			tsp = &ts;
		}
		r = ppoll(p, 2, tsp, waitmask);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "vigil: poll: %s\n", strerror(errno));
			return ATTACH_ERROR;
		}
		if (p[0].revents & POLLOUT)
			flush_input(a);
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR) &&
		    (r = read_sock(a)) >= 0)
			return (enum attach_end) r;
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR) &&
		    read_stdin(a))
			return ATTACH_DETACHED;
	}
}

static int
attach_open(struct attach *a, bool force, const sigset_t *waitmask)
{
	_cleanup_json_ json_t *j = NULL;
	unsigned rows, cols;
	int r;

	a->sock = sock_connect(a, 0);
	if (a->sock == -ENOENT || a->sock == -ECONNREFUSED) {
		fprintf(stderr, "vigil: guest %s is not running\n", a->name);
		return a->sock;
	}
	if (a->sock < 0) {
		fprintf(stderr, "vigil: guest %s: connect to %s: %s\n",
		    a->name, a->sock_path, strerror(-a->sock));
		return a->sock;
	}
	j = json_pack("{s:s, s:b}", "mode", a->ro ? "ro" : "rw", "force",
	    force);
	if (j != NULL && a->tty && !a->ro && window_size(&rows, &cols)) {
		(void) json_object_set_new(j, "rows", json_integer(rows));
		(void) json_object_set_new(j, "cols", json_integer(cols));
	}
	if (j == NULL || (r = send_line(a->sock, j)) < 0) {
		fprintf(stderr, "vigil: guest %s: console: %s\n", a->name,
		    strerror(j == NULL ? ENOMEM : -r));
		return -EIO;
	}
	return read_reply(a, waitmask);
}

int
console_attach(const struct cmd_ctx *ctx, const char *name, bool ro,
    bool force, double timeout)
{
	struct attach *a = xcalloc(1, sizeof *a);
	_cleanup_free_ char *dir = NULL;
	enum attach_end end = ATTACH_ERROR;
	sigset_t waitmask;
	struct vg_err err;
	int sig;

	if (path_check_name(name, &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		free(a);
		return CMD_FAILED;
	}
	dir = path_get(ctx->root, PATH_GUEST_RUN, name);
	a->sock_path = xprintf("%s/console.sock", dir);
	a->name = name;
	a->ro = ro;
	a->tty = isatty(0) == 1;
	/* Only a terminal is read by a read-only client: for Ctrl-]. */
	a->stdin_open = a->tty || !ro;
	a->quiet = timeout > 0 ? timeout : (ro ? 0 : ATTACH_QUIET_DEFAULT);
	a->quiet_since = now();
	attach_winch = attach_signal = 0;
	signals_catch(a, &waitmask);
	if (attach_open(a, force, &waitmask) == 0) {
		raw_enter(a);
		end = attach_loop(a, &waitmask);
		raw_leave(a);
		if (a->tty && end == ATTACH_DETACHED)
			printf("\n");
		(void) fflush(stdout);
	}
	if (a->sock >= 0)
		(void) close(a->sock);
	sig = attach_signal;
	signals_restore(a);
	free(a->sock_path);
	free(a);
	if (sig != 0) {
		/* Die of it, now that the terminal is restored. */
		(void) signal(sig, SIG_DFL);
		(void) raise(sig);
	}
	if (end == ATTACH_CLOSED)
		fprintf(stderr, "vigil: guest %s: console connection closed\n",
		    name);
	return end == ATTACH_DETACHED || end == ATTACH_GUEST_ENDED ? CMD_OK :
	    CMD_FAILED;
}
