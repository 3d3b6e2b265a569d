/* state.json in the run dir, rewritten atomically on every state change:
 * what `vigil list`/`info` and the network helper read without asking the
 * supervisor. */
#ifndef VIGIL_SUPERVISOR_STATE_H
#define VIGIL_SUPERVISOR_STATE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

struct state_info {
	const char *name;
	const char *uuid;
	const char *state;		/* "starting", "running", ... */
	pid_t supervisor_pid;
	pid_t init_pid;			/* 0: none */
	time_t started;			/* 0: not yet */
	const char *const *networks;	/* names the interfaces use */
	size_t nnetworks;
	const char *exit_reason;	/* NULL while it runs */
};

/* The fields as a new JSON object (also the body of `status`). */
json_t *state_to_json(const struct state_info *info);
/* Write path atomically; returns 0 or -errno. */
int state_write(const char *path, const struct state_info *info);

#endif
