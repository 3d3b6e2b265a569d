/* vigil console NAME [--readonly] [--force] [--timeout S]: attach to a
 * guest's console; Ctrl-] detaches. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "launcher/cmd.h"
#include "launcher/console-attach.h"

#define CONSOLE_TIMEOUT_MAX 86400.0

int
cmd_console(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "readonly", no_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	bool ro = false, force = false;
	double timeout = 0;
	char *end;
	int c;

	/* 0, not 1: glibc then forgets main's "+" (stop at the first
	 * non-option), so options may follow NAME. */
	optind = 0;
	while ((c = getopt_long(argc, argv, "rft:", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ro = true;
			break;
		case 'f':
			force = true;
			break;
		case 't':
			errno = 0;
			timeout = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(timeout > 0 && timeout <= CONSOLE_TIMEOUT_MAX)) {
				fprintf(stderr, "vigil: --timeout %s: expected "
				    "seconds above 0 and up to %.0f\n", optarg,
				    CONSOLE_TIMEOUT_MAX);
				return CMD_USAGE;
			}
			break;
		default:
			return cmd_usage(ctx, "console");
		}
	}
	if (optind != argc - 1)
		return cmd_usage(ctx, "console");
	if (ro && force) {
		fprintf(stderr, "vigil: --force takes the read-write console; "
		    "it does not go with --readonly\n");
		return CMD_USAGE;
	}
	return console_attach(ctx, argv[optind], ro, force, timeout);
}
