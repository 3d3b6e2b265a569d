/* The console on a real pty and real sockets, driven by its own event loop:
 * the test plays both the guest (writing to the peer) and the clients. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "supervisor/console-client.h"
#include "supervisor/console.h"
#include "tests/unit/unit.h"

struct fix {
	struct event_base *base;
	struct console *c;
	char dir[64];
	char sock[128];
	char log[128];
	int peer;
};

/* Output gathered from one client. */
struct got {
	int fd;
	char *buf;
	size_t len, cap;
	bool eof;
};

static void
fix_setup(struct fix *f, size_t ring, size_t log_max, size_t client_buf)
{
	struct console_opts o = { .name = "t", .ring_size = ring,
	    .log_max = log_max, .client_buffer = client_buf };
	struct termios tio;
	struct vg_err err;

	log_init("test-console", "t", LOG_LEVEL_ERR);
	(void) signal(SIGPIPE, SIG_IGN);
	snprintf(f->dir, sizeof f->dir, "/tmp/test-console.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->sock, sizeof f->sock, "%s/console.sock", f->dir);
	snprintf(f->log, sizeof f->log, "%s/log/t.console.log", f->dir);
	o.log_path = f->log;
	f->base = event_base_new();
	ck_assert_int_eq(console_new(f->base, &o, &f->c, &err), 0);
	ck_assert_int_eq(console_start(f->c, f->sock, &err), 0);
	f->peer = console_open_peer(f->c);
	ck_assert_int_ge(f->peer, 0);
	/* The guest side in raw mode: bytes pass unchanged, no echo. */
	ck_assert_int_eq(tcgetattr(f->peer, &tio), 0);
	cfmakeraw(&tio);
	ck_assert_int_eq(tcsetattr(f->peer, TCSANOW, &tio), 0);
	ck_assert_int_eq(fd_set_nonblock(f->peer, 1), 0);
}

static void
fix_done(struct fix *f)
{
	char cmd[128];

	console_free(f->c);
	fd_close(&f->peer);
	event_base_free(f->base);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Run the loop for ms milliseconds. */
static void
pump(struct fix *f, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(f->base, &tv);
	event_base_dispatch(f->base);
}

static int
connect_sock(struct fix *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, f->sock);
	ck_assert_int_eq(connect(fd, (struct sockaddr *) &sa, sizeof sa), 0);
	ck_assert_int_eq(fd_set_nonblock(fd, 1), 0);
	return fd;
}

static void
got_read(struct got *g)
{
	ssize_t n;

	for (;;) {
		if (g->cap - g->len < 65536) {
			g->cap = g->cap * 2 + 65536;
			g->buf = realloc(g->buf, g->cap + 1);
		}
		n = recv(g->fd, g->buf + g->len, g->cap - g->len, 0);
		if (n > 0) {
			g->len += (size_t) n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			g->eof = true;
		break;
	}
	g->buf[g->len] = '\0';
}

/* Pump and read until g holds a line, or EOF, or 3 s. Returns the line
 * (removed from g) or NULL. */
static char *
got_line(struct fix *f, struct got *g)
{
	char *nl, *line;
	int i;

	for (i = 0; i < 3000; i++) {
		got_read(g);
		if (g->buf != NULL && (nl = memchr(g->buf, '\n', g->len))) {
			line = strndup(g->buf, (size_t) (nl - g->buf));
			g->len -= (size_t) (nl + 1 - g->buf);
			memmove(g->buf, nl + 1, g->len);
			g->buf[g->len] = '\0';
			return line;
		}
		if (g->eof)
			return NULL;
		pump(f, 1);
	}
	return NULL;
}

/* Connect, send hello, return the reply line. */
static char *
attach(struct fix *f, struct got *g, const char *hello)
{
	memset(g, 0, sizeof *g);
	g->fd = connect_sock(f);
	ck_assert_int_eq(fd_write_all(g->fd, hello, strlen(hello)), 0);
	return got_line(f, g);
}

static void
attach_ok(struct fix *f, struct got *g, const char *hello)
{
	char *line = attach(f, g, hello);

	ck_assert_ptr_nonnull(line);
	ck_assert_msg(strstr(line, "\"ok\":true") != NULL, "reply %s", line);
	free(line);
}

/* For a forked child, which must not run the parent's loop: connect, send
 * hello, wait for the reply line; NULL at EOF. */
static char *
child_attach(struct fix *f, const char *hello)
{
	static char buf[4096];
	size_t len = 0;
	ssize_t n;
	int fd = connect_sock(f);

	/* The server may close first: EPIPE, not SIGPIPE. */
	(void) signal(SIGPIPE, SIG_IGN);
	if (fd_set_nonblock(fd, 0) < 0 ||
	    fd_write_all(fd, hello, strlen(hello)) < 0)
		return NULL;
	while (len < sizeof buf - 1) {
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			return NULL;
		len += (size_t) n;
		buf[len] = '\0';
		if (strchr(buf, '\n') != NULL)
			return buf;
	}
	return NULL;
}

static void
got_free(struct got *g)
{
	fd_close(&g->fd);
	free(g->buf);
	memset(g, 0, sizeof *g);
	g->fd = -1;
}

/* Pump until every client in gs holds want bytes (or EOF), 5 s at most. */
static void
gather(struct fix *f, struct got *gs, int n, size_t want)
{
	int i, k, done;

	for (k = 0; k < 500; k++) {
		done = 0;
		for (i = 0; i < n; i++) {
			got_read(&gs[i]);
			if (gs[i].len >= want || gs[i].eof)
				done++;
		}
		if (done == n)
			return;
		pump(f, 10);
	}
}

/* Write all of buf to the peer, pumping while the pty is full. */
static void
guest_write(struct fix *f, struct got *gs, int n, const void *buf,
    size_t len)
{
	const char *p = buf;
	ssize_t w;
	int i;

	while (len > 0) {
		w = write(f->peer, p, len);
		if (w > 0) {
			p += w;
			len -= (size_t) w;
			continue;
		}
		ck_assert_int_eq(errno, EAGAIN);
		pump(f, 1);
		for (i = 0; i < n; i++)
			got_read(&gs[i]);
	}
}

static char *
pattern(size_t len)
{
	char *p = malloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (char) ('a' + (i * 7 + i / 251) % 26);
	return p;
}

START_TEST(test_parse_hello)
{
	struct console_hello h;
	struct vg_err err;
	static const char *const bad[] = {
		"", "garbage", "[]", "{}", "{\"mode\":1}", "{\"mode\":\"x\"}",
		"{\"mode\":\"rw\",\"force\":1}",
		"{\"mode\":\"rw\",\"mode\":\"ro\"}",
		"{\"mode\":\"rw\",\"rows\":0,\"cols\":80}",
		"{\"mode\":\"rw\",\"rows\":24,\"cols\":70000}",
		"{\"mode\":\"resize\",\"rows\":24}",
		"{\"mode\":\"rw\"} x",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		vg_err_clear(&err);
		ck_assert_int_lt(console_client_parse_hello(bad[i],
		    strlen(bad[i]), &h, &err), 0);
		ck_assert_msg(strncmp(err.msg, "hello: ", 7) == 0, "%s: %s",
		    bad[i], err.msg);
	}
	ck_assert_int_eq(console_client_parse_hello("{\"mode\":\"ro\"}", 13,
	    &h, &err), 0);
	ck_assert_int_eq(h.mode, CONSOLE_MODE_RO);
	ck_assert(!h.force);
	i = strlen("{\"mode\":\"rw\",\"force\":true,\"rows\":24,\"cols\":80,"
	    "\"new\":1}");
	ck_assert_int_eq(console_client_parse_hello("{\"mode\":\"rw\","
	    "\"force\":true,\"rows\":24,\"cols\":80,\"new\":1}", i, &h, &err),
	    0);
	ck_assert_int_eq(h.mode, CONSOLE_MODE_RW);
	ck_assert(h.force);
	ck_assert_uint_eq(h.rows, 24);
	ck_assert_uint_eq(h.cols, 80);
}
END_TEST

START_TEST(test_fanout_identical)
{
	enum { LEN = 600 * 1024 };
	struct got g[3];
	struct fix f;
	char *p = pattern(LEN);
	int i;

	fix_setup(&f, 0, 0, 0);
	attach_ok(&f, &g[0], "{\"mode\":\"rw\"}\n");
	attach_ok(&f, &g[1], "{\"mode\":\"ro\"}\n");
	attach_ok(&f, &g[2], "{\"mode\":\"ro\"}\n");
	ck_assert_uint_eq(console_nclients(f.c), 3);
	guest_write(&f, g, 3, p, LEN);
	gather(&f, g, 3, LEN);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(g[i].len, LEN);
		ck_assert_int_eq(memcmp(g[i].buf, p, LEN), 0);
		got_free(&g[i]);
	}
	free(p);
	fix_done(&f);
}
END_TEST

START_TEST(test_ring_replay)
{
	struct got g;
	struct fix f;

	fix_setup(&f, 16, 0, 0);
	guest_write(&f, NULL, 0, "0123456789abcdefghijklmnop", 26);
	pump(&f, 20);
	attach_ok(&f, &g, "{\"mode\":\"ro\"}\n");
	gather(&f, &g, 1, 16);
	ck_assert_uint_eq(g.len, 16);
	ck_assert_int_eq(memcmp(g.buf, "abcdefghijklmnop", 16), 0);
	got_free(&g);
	fix_done(&f);
}
END_TEST

START_TEST(test_force_takeover)
{
	struct got a, b, c;
	struct fix f;
	char *line;

	fix_setup(&f, 0, 0, 0);
	attach_ok(&f, &a, "{\"mode\":\"rw\"}\n");
	line = attach(&f, &b, "{\"mode\":\"rw\"}\n");
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(strstr(line, "\"ok\":false") &&
	    strstr(line, "in use by another read-write client"), "%s", line);
	free(line);
	got_free(&b);
	attach_ok(&f, &c, "{\"mode\":\"rw\",\"force\":true}\n");
	gather(&f, &a, 1, SIZE_MAX);
	ck_assert(a.eof);
	ck_assert_ptr_nonnull(strstr(a.buf, "taken over by another client"));
	/* The newcomer types to the guest now. */
	ck_assert_int_eq(fd_write_all(c.fd, "x", 1), 0);
	pump(&f, 20);
	ck_assert_int_eq(read(f.peer, line = malloc(8), 8), 1);
	ck_assert_int_eq(line[0], 'x');
	free(line);
	got_free(&a);
	got_free(&c);
	fix_done(&f);
}
END_TEST

START_TEST(test_ro_input_discarded)
{
	struct got ro, rw;
	struct fix f;
	char buf[64];
	ssize_t n;

	fix_setup(&f, 0, 0, 0);
	/* Bytes after the hello line in the same write are stream data. */
	attach_ok(&f, &ro, "{\"mode\":\"ro\"}\nRO-INPUT");
	attach_ok(&f, &rw, "{\"mode\":\"rw\"}\nfirst,");
	ck_assert_int_eq(fd_write_all(ro.fd, "more-ro", 7), 0);
	ck_assert_int_eq(fd_write_all(rw.fd, "second", 6), 0);
	pump(&f, 50);
	n = read(f.peer, buf, sizeof buf - 1);
	ck_assert_int_eq(n, 12);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "first,second");
	got_free(&ro);
	got_free(&rw);
	fix_done(&f);
}
END_TEST

START_TEST(test_slow_client_dropped)
{
	enum { LEN = 4 * 1024 * 1024 };
	struct got g[2];
	struct fix f;
	char *p = pattern(LEN);
	int small = 4096;

	fix_setup(&f, 0, 0, 64 * 1024);
	attach_ok(&f, &g[0], "{\"mode\":\"ro\"}\n");
	attach_ok(&f, &g[1], "{\"mode\":\"rw\"}\n");
	ck_assert_int_eq(setsockopt(g[1].fd, SOL_SOCKET, SO_RCVBUF, &small,
	    sizeof small), 0);
	/* g[1] never reads: only g[0] is passed to guest_write. */
	guest_write(&f, g, 1, p, LEN);
	gather(&f, g, 1, LEN);
	ck_assert_uint_eq(g[0].len, LEN);
	ck_assert_int_eq(memcmp(g[0].buf, p, LEN), 0);
	ck_assert_uint_eq(console_nclients(f.c), 1);
	/* The dropped one finds its stream cut short. */
	gather(&f, &g[1], 1, SIZE_MAX);
	ck_assert(g[1].eof);
	ck_assert_uint_lt(g[1].len, LEN);
	/* The read-write role is free again. */
	got_free(&g[1]);
	attach_ok(&f, &g[1], "{\"mode\":\"rw\"}\n");
	got_free(&g[0]);
	got_free(&g[1]);
	free(p);
	fix_done(&f);
}
END_TEST

/* Clients that lag all queue the same batches (one shared copy); each still
 * gets every byte in order once it reads. */
START_TEST(test_lagging_clients_share)
{
	enum { LEN = 2 * 1024 * 1024 };
	struct got g[3];
	struct fix f;
	char *p = pattern(LEN);
	int i;

	fix_setup(&f, 0, 0, 4 * 1024 * 1024);
	for (i = 0; i < 3; i++)
		attach_ok(&f, &g[i], i == 0 ? "{\"mode\":\"rw\"}\n" :
		    "{\"mode\":\"ro\"}\n");
	/* Nobody reads while the guest writes. */
	guest_write(&f, NULL, 0, p, LEN);
	pump(&f, 20);
	ck_assert_uint_eq(console_nclients(f.c), 3);
	gather(&f, g, 3, LEN);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(g[i].len, LEN);
		ck_assert_int_eq(memcmp(g[i].buf, p, LEN), 0);
		got_free(&g[i]);
	}
	free(p);
	fix_done(&f);
}
END_TEST

/* Output after a pause is passed on in the same wake-up, without waiting
 * for a batch to fill; a stream of output still arrives whole. */
START_TEST(test_batching)
{
	enum { LEN = 300 * 1024 };
	struct got g;
	struct fix f;
	char *p = pattern(LEN);
	int i;

	fix_setup(&f, 0, 0, 0);
	attach_ok(&f, &g, "{\"mode\":\"ro\"}\n");
	for (i = 0; i < 3; i++) {
		pump(&f, 5);
		guest_write(&f, NULL, 0, "k", 1);
		/* One wake-up of the loop: the byte must be out. */
		ck_assert_int_eq(event_base_loop(f.base, EVLOOP_ONCE), 0);
		got_read(&g);
		ck_assert_uint_eq(g.len, (size_t) i + 1);
	}
	guest_write(&f, &g, 1, p, LEN);
	gather(&f, &g, 1, LEN + 3);
	ck_assert_uint_eq(g.len, LEN + 3);
	ck_assert_int_eq(memcmp(g.buf + 3, p, LEN), 0);
	got_free(&g);
	free(p);
	fix_done(&f);
}
END_TEST

START_TEST(test_attach_detach_fds)
{
	struct fix f;
	struct got g;
	int before, i;

	fix_setup(&f, 0, 0, 0);
	guest_write(&f, NULL, 0, "some scrollback\r\n", 17);
	pump(&f, 10);
	before = fd_count(0);
	for (i = 0; i < 1000; i++) {
		attach_ok(&f, &g, i % 2 ? "{\"mode\":\"rw\"}\n" :
		    "{\"mode\":\"ro\"}\n");
		got_free(&g);
		pump(&f, 0);
	}
	for (i = 0; i < 100 && console_nclients(f.c) > 0; i++)
		pump(&f, 10);
	ck_assert_uint_eq(console_nclients(f.c), 0);
	ck_assert_int_eq(fd_count(0), before);
	fix_done(&f);
}
END_TEST

START_TEST(test_garbage_hello)
{
	static const char *const hellos[] = {
		"GET / HTTP/1.0\r\n", "{\"mode\":\"god\"}\n", "\n",
	};
	char big[CONSOLE_CLIENT_HELLO_MAX + 10];
	struct fix f;
	struct got g;
	char *line;
	size_t i;

	fix_setup(&f, 0, 0, 0);
	for (i = 0; i < sizeof hellos / sizeof hellos[0]; i++) {
		line = attach(&f, &g, hellos[i]);
		ck_assert_ptr_nonnull(line);
		ck_assert_msg(strncmp(line, "{\"ok\":false,\"error\":\"hello: ",
		    28) == 0, "%s", line);
		free(line);
		gather(&f, &g, 1, SIZE_MAX);
		ck_assert(g.eof);
		got_free(&g);
	}
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\0';
	line = attach(&f, &g, big);
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, "line too long"));
	free(line);
	got_free(&g);
	/* Still serving. */
	attach_ok(&f, &g, "{\"mode\":\"rw\"}\n");
	got_free(&g);
	fix_done(&f);
}
END_TEST

START_TEST(test_log_rotation)
{
	char *p = pattern(2500), buf[4096], path[160];
	struct fix f;
	struct stat st;
	int fd;

	fix_setup(&f, 0, 1000, 0);
	guest_write(&f, NULL, 0, p, 2500);
	pump(&f, 50);
	ck_assert_int_eq(stat(f.log, &st), 0);
	ck_assert_int_eq(st.st_size, 500);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	fd = open(f.log, O_RDONLY);
	ck_assert_int_eq(read(fd, buf, sizeof buf), 500);
	ck_assert_int_eq(memcmp(buf, p + 2000, 500), 0);
	close(fd);
	snprintf(path, sizeof path, "%s.1", f.log);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof buf), 1000);
	ck_assert_int_eq(memcmp(buf, p + 1000, 1000), 0);
	close(fd);
	free(p);
	fix_done(&f);
}
END_TEST

static void
winsize(struct fix *f, unsigned *rows, unsigned *cols)
{
	struct winsize ws;

	ck_assert_int_eq(ioctl(f->peer, TIOCGWINSZ, &ws), 0);
	*rows = ws.ws_row;
	*cols = ws.ws_col;
}

START_TEST(test_winsize)
{
	unsigned rows, cols;
	struct fix f;
	struct got g, r;
	char *line;
	pid_t pid;
	int st;

	fix_setup(&f, 0, 0, 0);
	attach_ok(&f, &g, "{\"mode\":\"rw\",\"rows\":30,\"cols\":100}\n");
	winsize(&f, &rows, &cols);
	ck_assert_uint_eq(rows, 30);
	ck_assert_uint_eq(cols, 100);
	/* A resize from the read-write client's process. */
	attach_ok(&f, &r, "{\"mode\":\"resize\",\"rows\":40,\"cols\":120}\n");
	gather(&f, &r, 1, SIZE_MAX);
	ck_assert(r.eof);
	got_free(&r);
	winsize(&f, &rows, &cols);
	ck_assert_uint_eq(rows, 40);
	ck_assert_uint_eq(cols, 120);
	/* From another process: refused. */
	pid = fork();
	if (pid == 0) {
		line = child_attach(&f, "{\"mode\":\"resize\",\"rows\":5,"
		    "\"cols\":5}\n");
		_exit(line != NULL && strstr(line, "only the read-write") ?
		    0 : 1);
	}
	for (st = 0; waitpid(pid, &st, WNOHANG) == 0;)
		pump(&f, 5);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	winsize(&f, &rows, &cols);
	ck_assert_uint_eq(rows, 40);
	got_free(&g);
	fix_done(&f);
}
END_TEST

static void
set_flag(void *arg)
{
	*(int *) arg += 1;
}

START_TEST(test_finish)
{
	struct got g[2];
	struct fix f;
	int done = 0, i;

	fix_setup(&f, 0, 0, 0);
	attach_ok(&f, &g[0], "{\"mode\":\"rw\"}\n");
	attach_ok(&f, &g[1], "{\"mode\":\"ro\"}\n");
	guest_write(&f, NULL, 0, "last words", 10);
	/* No pump: console_finish itself drains what the guest wrote. */
	console_finish(f.c, "exit status 3", set_flag, &done);
	gather(&f, g, 2, SIZE_MAX);
	for (i = 0; i < 2; i++) {
		ck_assert(g[i].eof);
		ck_assert_str_eq(g[i].buf,
		    "last words\r\nGuest t exited (exit status 3)\r\n");
		got_free(&g[i]);
	}
	for (i = 0; i < 100 && done == 0; i++)
		pump(&f, 10);
	ck_assert_int_eq(done, 1);
	ck_assert_uint_eq(console_nclients(f.c), 0);
	fix_done(&f);
}
END_TEST

START_TEST(test_observer_limit)
{
	struct got g[17];
	struct fix f;
	char *line;
	int i;

	fix_setup(&f, 0, 0, 0);
	for (i = 0; i < 16; i++)
		attach_ok(&f, &g[i], "{\"mode\":\"ro\"}\n");
	line = attach(&f, &g[16], "{\"mode\":\"ro\"}\n");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, "16 read-only clients"));
	free(line);
	for (i = 0; i < 17; i++)
		got_free(&g[i]);
	fix_done(&f);
}
END_TEST

/* As root: another uid is refused even when the socket's mode lets it in. */
START_TEST(test_peercred)
{
	struct fix f;
	char *line;
	pid_t pid;
	int st;

	if (geteuid() != 0)
		return;
	fix_setup(&f, 0, 0, 0);
	ck_assert_int_eq(chmod(f.sock, 0666), 0);
	ck_assert_int_eq(chmod(f.dir, 0755), 0);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(2);
		line = child_attach(&f, "{\"mode\":\"ro\"}\n");
		_exit(line == NULL ? 0 : 1);
	}
	for (st = 0; waitpid(pid, &st, WNOHANG) == 0;)
		pump(&f, 5);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_uint_eq(console_nclients(f.c), 0);
	fix_done(&f);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("console");
	TCase *tc = tcase_create("console");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_parse_hello);
	tcase_add_test(tc, test_fanout_identical);
	tcase_add_test(tc, test_ring_replay);
	tcase_add_test(tc, test_force_takeover);
	tcase_add_test(tc, test_ro_input_discarded);
	tcase_add_test(tc, test_slow_client_dropped);
	tcase_add_test(tc, test_lagging_clients_share);
	tcase_add_test(tc, test_batching);
	tcase_add_test(tc, test_attach_detach_fds);
	tcase_add_test(tc, test_garbage_hello);
	tcase_add_test(tc, test_log_rotation);
	tcase_add_test(tc, test_winsize);
	tcase_add_test(tc, test_finish);
	tcase_add_test(tc, test_observer_limit);
	tcase_add_test(tc, test_peercred);
	suite_add_tcase(s, tc);
	return s;
}
