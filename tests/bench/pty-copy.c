/* The ceiling for tests/bench/console-throughput: run a command with a
 * fresh pty as its stdout (default termios, as a guest's console) and read
 * the master directly with large blocking reads until the command is gone.
 *
 *   pty-copy COMMAND [ARG...]
 *
 * Prints "BYTES SECONDS" on stdout. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	static char buf[128 * 1024];
	struct timespec t0, t1;
	unsigned long long total = 0;
	char name[128];
	int master, slave, st;
	ssize_t n;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: pty-copy COMMAND [ARG...]\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    ptsname_r(master, name, sizeof name) != 0) {
		perror("pty");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		setsid();
		slave = open(name, O_RDWR);
		if (slave < 0 || dup2(slave, 1) < 0)
			_exit(127);
		close(slave);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	for (;;) {
		n = read(master, buf, sizeof buf);
		if (n > 0) {
			total += (unsigned long long) n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;	/* EIO: the command and its pty are gone */
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waitpid(pid, &st, 0);
	printf("%llu %.6f\n", total, (double) (t1.tv_sec - t0.tv_sec) +
	    (double) (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
