/* The launcher's verbs: one cmd-<verb>.c each, dispatched from main.c. */
#ifndef VIGIL_LAUNCHER_CMD_H
#define VIGIL_LAUNCHER_CMD_H

#include <stdbool.h>

/* Exit statuses (DESIGN.md "Command line"). */
#define CMD_OK 0
#define CMD_FAILED 1
#define CMD_USAGE 2

struct cmd_ctx {
	const char *root;		/* --root or $VIGIL_ROOT or "/" */
	const char *cgroup_parent;	/* --cgroup-parent, NULL = default */
	bool json;			/* --json */
	const char *argv0;		/* how the launcher was invoked */
	char **argv;			/* all of its arguments */
};

struct cmd {
	const char *name;
	int (*fn)(struct cmd_ctx *ctx, int argc, char **argv);
	const char *usage;		/* arguments after the verb */
};

/* The verbs this program knows (commands.c, or commands-net.c in
 * vigil-net), in the order usage lists them. */
extern const struct cmd cmd_table[];
extern const size_t cmd_count;

/* Print "usage: vigil VERB USAGE" to stderr and return CMD_USAGE. */
int cmd_usage(const struct cmd_ctx *ctx, const char *verb);

int cmd_validate(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_start(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_console(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_list(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_info(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_shutdown(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_destroy(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_define(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_undefine(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_cleanup(struct cmd_ctx *ctx, int argc, char **argv);
/* A helper program to run: $ENV when set, else the one beside this
 * program (the build tree), else the installed one in libexecdir. A new
 * string. */
char *cmd_helper(const char *prog, const char *env);
/* vigil-net: the network verbs, which alone need libnl and libnftables,
 * in a program of their own; vigil runs it with its own arguments. */
int cmd_net_helper(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_net_define(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_net_undefine(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_net_start(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_net_destroy(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_net_list(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_filter_list(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_filter_dump(struct cmd_ctx *ctx, int argc, char **argv);

#endif
