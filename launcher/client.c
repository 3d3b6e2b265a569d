#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/client.h"

int
client_connect(const char *root, const char *name, struct vg_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *dir = path_get(root, PATH_GUEST_RUN, name);
	char *path = xprintf("%s/control.sock", dir);
	int fd, r = 0;

	free(dir);
	if (strlen(path) >= sizeof sa.sun_path) {
		r = vg_err_set(err, -ENAMETOOLONG, "%s: path too long", path);
		goto out;
	}
	(void) strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = vg_err_sys(err, -errno, "socket");
		goto out;
	}
	if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
		r = -errno;
		(void) close(fd);
		if (r == -ENOENT || r == -ECONNREFUSED)
			r = vg_err_set(err, r, "guest %s is not running",
			    name);
		else
			r = vg_err_sys(err, r, "connect to %s", path);
		goto out;
	}
	r = fd;
out:
	free(path);
	return r;
}

static long long
now_ms(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read one line (without its '\n') into a new *line, never past it. */
static int
read_line(int fd, int timeout_ms, char **line, size_t *len,
    struct vg_err *err)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	size_t have = 0, cap = 4096;
	char *buf = xmalloc(cap);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	char *nl;
	int left, r;

	for (;;) {
		left = deadline < 0 ? -1 : (int) (deadline - now_ms());
		if (deadline >= 0 && left < 0)
			left = 0;
		r = poll(&pfd, 1, left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = vg_err_sys(err, -errno, "poll");
			break;
		}
		if (r == 0) {
			r = vg_err_set(err, -ETIMEDOUT,
			    "no answer from the supervisor");
			break;
		}
		if (cap - have < 4096)
			buf = xreallocarray(buf, 1, cap *= 2);
		/* Peek, then take only up to the newline. */
		n = recv(fd, buf + have, cap - have, MSG_PEEK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n == 0 ? vg_err_set(err, -ECONNRESET,
			    "the supervisor closed the connection") :
			    vg_err_sys(err, -errno, "read");
			break;
		}
		nl = memchr(buf + have, '\n', (size_t) n);
		if (nl != NULL)
			n = nl - (buf + have) + 1;
		n = read(fd, buf + have, (size_t) n);
		if (n <= 0) {
			r = vg_err_sys(err, n < 0 ? -errno : -ECONNRESET,
			    "read");
			break;
		}
		have += (size_t) n;
		if (nl != NULL) {
			buf[have - 1] = '\0';
			*line = buf;
			*len = have - 1;
			return 0;
		}
		if (have > PROTO_MAX_LINE) {
			r = vg_err_set(err, -EMSGSIZE,
			    "answer longer than %d bytes", PROTO_MAX_LINE);
			break;
		}
	}
	free(buf);
	return r;
}

/* Like fd_write_all, without SIGPIPE when the supervisor is gone. */
static int
send_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t) n;
	}
	return 0;
}

int
client_call(int fd, const char *cmd, const json_t *fields, int timeout_ms,
    struct proto_resp *resp, struct vg_err *err)
{
	size_t len;
	char *req = proto_req_format(cmd, fields, &len);
	char *line = NULL;
	int r;

	r = send_all(fd, req, len);
	free(req);
	if (r < 0)
		return vg_err_sys(err, r, "send %s", cmd);
	r = read_line(fd, timeout_ms, &line, &len, err);
	if (r < 0)
		return r;
	r = proto_resp_parse(line, len, resp, err);
	free(line);
	return r;
}

int
client_request(const char *root, const char *name, const char *cmd,
    const json_t *fields, int timeout_ms, struct proto_resp *resp,
    struct vg_err *err)
{
	int fd, r;

	fd = client_connect(root, name, err);
	if (fd < 0)
		return fd;
	r = client_call(fd, cmd, fields, timeout_ms, resp, err);
	(void) close(fd);
	if (r == 0 && !resp->ok) {
		r = vg_err_set(err, -EREMOTEIO, "%s", resp->error);
		proto_resp_done(resp);
	}
	if (r < 0)
		vg_err_prefix(err, "guest %s: ", name);
	return r;
}
