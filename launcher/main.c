/* vigil and vigil-net: parse global options and dispatch to one verb
 * (vmctl's ctl_commands[] pattern); the verbs are commands.c's, or
 * commands-net.c's in the network helper. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/path.h"
#include "launcher/cmd.h"

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: vigil [--root DIR] [--json] "
	    "[--cgroup-parent NAME] COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < cmd_count; i++)
		fprintf(out, "  %-12s %s\n", cmd_table[i].name,
		    cmd_table[i].usage);
}

int
cmd_usage(const struct cmd_ctx *ctx, const char *verb)
{
	size_t i;

	(void) ctx;
	for (i = 0; i < cmd_count; i++)
		if (strcmp(cmd_table[i].name, verb) == 0)
			fprintf(stderr, "usage: vigil %s %s\n", verb,
			    cmd_table[i].usage);
	return CMD_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "cgroup-parent", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx ctx = { .argv0 = argv[0], .argv = argv };
	const char *root = NULL;
	size_t i;
	int c;

	log_init("vigil", NULL, LOG_LEVEL_INFO);
	/* '+': stop at the verb, whose own options come after it. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'j':
			ctx.json = true;
			break;
		case 'c':
			ctx.cgroup_parent = optarg;
			break;
		case 'h':
			usage(stdout);
			return CMD_OK;
		default:
			usage(stderr);
			return CMD_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CMD_USAGE;
	}
	ctx.root = path_root(root);
	if (ctx.cgroup_parent == NULL)
		ctx.cgroup_parent = getenv("VIGIL_CGROUP_PARENT");
	for (i = 0; i < cmd_count; i++) {
		if (strcmp(cmd_table[i].name, argv[optind]) != 0)
			continue;
		/* The verb sees itself as argv[0], as getopt expects. */
		optind++;
		return cmd_table[i].fn(&ctx, argc - optind + 1,
		    argv + optind - 1);
	}
	fprintf(stderr, "vigil: unknown command '%s' (try vigil --help)\n",
	    argv[optind]);
	return CMD_USAGE;
}
