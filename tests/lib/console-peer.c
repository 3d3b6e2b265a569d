/* A raw console.sock client for the integration tests, doing what
 * `vigil console` never does:
 *   console-peer hello SOCKET LINE   send LINE and a newline, print the
 *                                    reply line; exit 0 once the supervisor
 *                                    closes the connection, 1 if not in 5 s
 *   console-peer stall SOCKET LINE   send LINE and a newline, then never
 *                                    read (a tiny receive buffer) until
 *                                    killed or the supervisor closes
 *   console-peer cycles SOCKET N     N times: connect, hello (read-write
 *                                    and read-only in turn), wait for the
 *                                    ok reply, close */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int
connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof sa.sun_path)
		return -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
		perror(path);
		return -1;
	}
	return fd;
}

static int
do_hello(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[65536];
	size_t len = 0;
	ssize_t n;
	char *nl;

	for (;;) {
		if (poll(&pfd, 1, 5000) <= 0)
			return 1;
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t) n;
		buf[len] = '\0';
		if ((nl = strchr(buf, '\n')) != NULL) {
			fwrite(buf, 1, (size_t) (nl + 1 - buf), stdout);
			fflush(stdout);
			/* Then wait for the close, discarding the stream. */
			len = 0;
			for (;;) {
				if (poll(&pfd, 1, 5000) <= 0)
					return 1;
				if (read(fd, buf, sizeof buf) <= 0)
					return 0;
			}
		}
	}
	return len == 0 ? 1 : 0;
}

static int
do_stall(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLRDHUP };

	/* POLLRDHUP: only the supervisor's close wakes us; nothing is read. */
	while (poll(&pfd, 1, -1) == 1 && !(pfd.revents & (POLLRDHUP | POLLHUP)))
		;
	printf("closed by the supervisor\n");
	return 0;
}

/* Attach and detach n times; 0 when every reply was ok. */
static int
do_cycles(const char *path, long n)
{
	static const char *const hello[] = { "{\"mode\":\"rw\"}\n",
	    "{\"mode\":\"ro\"}\n" };
	char buf[256];
	ssize_t got;
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = connect_to(path);
		if (fd < 0)
			return 1;
		if (write(fd, hello[i % 2], strlen(hello[i % 2])) < 0)
			return 1;
		got = read(fd, buf, sizeof buf - 1);
		if (got <= 0 || strncmp(buf, "{\"ok\":true", 10) != 0) {
			buf[got > 0 ? got : 0] = '\0';
			fprintf(stderr, "cycle %ld: %s\n", i, buf);
			return 1;
		}
		close(fd);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int small = 4096, fd;
	size_t len;
	char *line;

	if (argc == 4 && strcmp(argv[1], "cycles") == 0)
		return do_cycles(argv[2], strtol(argv[3], NULL, 10));
	if (argc != 4 || (strcmp(argv[1], "hello") != 0 &&
	    strcmp(argv[1], "stall") != 0)) {
		fprintf(stderr, "usage: console-peer hello|stall SOCKET LINE, "
		    "console-peer cycles SOCKET N\n");
		return 2;
	}
	fd = connect_to(argv[2]);
	if (fd < 0)
		return 2;
	if (strcmp(argv[1], "stall") == 0)
		(void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small,
		    sizeof small);
	len = strlen(argv[3]);
	line = malloc(len + 2);
	memcpy(line, argv[3], len);
	line[len] = '\n';
	if (write(fd, line, len + 1) != (ssize_t) len + 1) {
		perror("write");
		return 2;
	}
	free(line);
	return strcmp(argv[1], "hello") == 0 ? do_hello(fd) : do_stall(fd);
}
