/* vigil shutdown NAME [--timeout S]: SIGTERM to the init, SIGKILL after S
 * seconds (30 by default); returns once the guest is gone. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/err.h"
#include "common/path.h"
#include "launcher/client.h"
#include "launcher/cmd.h"

/* Keep in step with the supervisor's GUEST_SHUTDOWN_TIMEOUT(_MAX). */
#define SHUTDOWN_TIMEOUT 30
#define SHUTDOWN_TIMEOUT_MAX 3600
/* Beyond the timeout, for the kill and the teardown. */
#define SHUTDOWN_MARGIN_MS 15000

int
cmd_shutdown(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	long timeout = SHUTDOWN_TIMEOUT;
	struct proto_resp resp;
	struct vg_err err;
	const char *name;
	json_t *fields;
	char *end;
	int c, r;

	optind = 0;	/* 0: getopt starts over (permuting) */
	while ((c = getopt_long(argc, argv, "t:", opts, NULL)) != -1) {
		if (c != 't')
			return cmd_usage(ctx, "shutdown");
		errno = 0;
		timeout = strtol(optarg, &end, 10);
		if (errno != 0 || end == optarg || *end != '\0' ||
		    timeout < 0 || timeout > SHUTDOWN_TIMEOUT_MAX) {
			fprintf(stderr, "vigil: --timeout %s: expected seconds "
			    "from 0 to %d\n", optarg, SHUTDOWN_TIMEOUT_MAX);
			return CMD_USAGE;
		}
	}
	if (optind != argc - 1)
		return cmd_usage(ctx, "shutdown");
	name = argv[optind];
	if (path_check_name(name, &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	fields = json_pack("{s:I}", "timeout", (json_int_t) timeout);
	r = client_request(ctx->root, name, "shutdown", fields,
	    (int) timeout * 1000 + SHUTDOWN_MARGIN_MS, &resp, &err);
	json_decref(fields);
	if (r < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	printf("Guest %s shut down (%s)\n", name, json_string_value(
	    json_object_get(resp.obj, "reason")) ?: "stopped");
	proto_resp_done(&resp);
	return CMD_OK;
}
