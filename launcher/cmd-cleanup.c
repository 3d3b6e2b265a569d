/* vigil cleanup NAME: remove what a supervisor killed with SIGKILL left
 * (processes, cgroup, run dir). The supervisor knows how: run it with
 * --cleanup; it refuses when the guest is running. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/path.h"
#include "launcher/cmd.h"

int
cmd_cleanup(struct cmd_ctx *ctx, int argc, char **argv)
{
	char *sup, *args[10];
	struct vg_err err;
	size_t n = 0;
	int status;
	pid_t pid;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage(ctx, "cleanup");
	if (path_check_name(argv[1], &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	sup = cmd_helper("vigil-supervisor", "VIGIL_SUPERVISOR");
	args[n++] = sup;
	args[n++] = (char *) "--cleanup";
	args[n++] = (char *) "--name";
	args[n++] = argv[1];
	args[n++] = (char *) "--root";
	args[n++] = (char *) ctx->root;
	if (ctx->cgroup_parent != NULL) {
		args[n++] = (char *) "--cgroup-parent";
		args[n++] = (char *) ctx->cgroup_parent;
	}
	args[n] = NULL;
	(void) fflush(stdout);
	pid = fork();
	if (pid == 0) {
		(void) execv(sup, args);
		fprintf(stderr, "vigil: run %s: %s\n", sup, strerror(errno));
		_exit(127);
	}
	free(sup);
	if (pid < 0) {
		fprintf(stderr, "vigil: fork: %s\n", strerror(errno));
		return CMD_FAILED;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return CMD_FAILED;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? CMD_OK :
	    CMD_FAILED;
}
