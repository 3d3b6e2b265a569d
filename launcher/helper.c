/* Finding and running the helper programs: vigil-supervisor, and vigil-net
 * for the network verbs. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "launcher/cmd.h"

char *
cmd_helper(const char *prog, const char *env)
{
	const char *set = env != NULL ? getenv(env) : NULL;
	char self[PATH_MAX];
	char *p;
	ssize_t n;

	if (set != NULL && set[0] != '\0')
		return xstrdup(set);
	/* In the build tree it sits beside us. */
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		p = xprintf("%s/%s", dirname(self), prog);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return xprintf("%s/%s", VIGIL_LIBEXECDIR, prog);
}

int
cmd_net_helper(struct cmd_ctx *ctx, int argc, char **argv)
{
	char *net = cmd_helper("vigil-net", "VIGIL_NET");

	(void) argc;
	(void) argv;
	/* Everything as given (global options too); only argv[0] changes. */
	ctx->argv[0] = net;
	(void) execv(net, ctx->argv);
	fprintf(stderr, "vigil: run %s: %s\n", net, strerror(errno));
	free(net);
	return CMD_FAILED;
}
