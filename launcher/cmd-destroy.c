/* vigil destroy NAME: kill the guest now; returns once its supervisor has
 * removed everything (processes, cgroup, run dir). */
#include <stdio.h>

#include "common/err.h"
#include "common/path.h"
#include "launcher/client.h"
#include "launcher/cmd.h"

/* SIGKILL and teardown take milliseconds; this is for a wedged kernel. */
#define DESTROY_TIMEOUT_MS 30000

int
cmd_destroy(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct proto_resp resp;
	struct vg_err err;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage(ctx, "destroy");
	if (path_check_name(argv[1], &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	if (client_request(ctx->root, argv[1], "destroy", NULL,
	    DESTROY_TIMEOUT_MS, &resp, &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	proto_resp_done(&resp);
	printf("Guest %s destroyed\n", argv[1]);
	return CMD_OK;
}
