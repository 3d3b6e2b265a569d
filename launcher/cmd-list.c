/* vigil list [--all] [--json]: Id Name State, like virsh list; the Id is
 * the supervisor's pid. Running guests come from their control sockets,
 * with --all the defined ones that do not run are added as "shut off". */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/client.h"
#include "launcher/cmd.h"

/* How long one supervisor may take to answer status. */
#define LIST_TIMEOUT_MS 2000

struct list_row {
	char *name;
	long id;		/* 0: not running */
	char *state;
};

struct list {
	struct list_row *rows;
	size_t n;
};

static void
add(struct list *l, const char *name, long id, const char *state)
{
	l->rows = xreallocarray(l->rows, l->n + 1, sizeof *l->rows);
	l->rows[l->n].name = xstrdup(name);
	l->rows[l->n].id = id;
	l->rows[l->n].state = xstrdup(state);
	l->n++;
}

static bool
has(const struct list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].name, name) == 0)
			return true;
	return false;
}

/* One run dir entry: ask its supervisor. A socket nobody answers beside a
 * state file is what a killed supervisor left ("crashed"); a dir without a
 * state file is a guest still starting: skipped. */
static void
add_running(const struct cmd_ctx *ctx, struct list *l, const char *name)
{
	struct proto_resp resp;
	struct vg_err err;
	json_t *pid, *state;
	char *dir, *sf;

	if (path_check_name(name, NULL) < 0)
		return;
	if (client_request(ctx->root, name, "status", NULL, LIST_TIMEOUT_MS,
	    &resp, &err) == 0) {
		pid = json_object_get(resp.obj, "supervisor_pid");
		state = json_object_get(resp.obj, "state");
		add(l, name, (long) json_integer_value(pid),
		    json_is_string(state) ? json_string_value(state) : "?");
		proto_resp_done(&resp);
		return;
	}
	dir = path_get(ctx->root, PATH_GUEST_RUN, name);
	sf = xprintf("%s/state.json", dir);
	if (access(sf, F_OK) == 0)
		add(l, name, 0, "crashed");
	free(sf);
	free(dir);
}

static void
add_defined(const struct cmd_ctx *ctx, struct list *l)
{
	char *dir = path_get(ctx->root, PATH_GUEST_CONFIG_DIR, NULL);
	struct dirent *de;
	size_t len;
	char *name;
	DIR *d = opendir(dir);

	free(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		name = xstrndup(de->d_name, len - 4);
		if (path_check_name(name, NULL) == 0 && !has(l, name))
			add(l, name, 0, "shut off");
		free(name);
	}
	(void) closedir(d);
}

/* Running ones by id, then the rest by name. */
static int
by_id_name(const void *a, const void *b)
{
	const struct list_row *x = a, *y = b;

	if ((x->id > 0) != (y->id > 0))
		return x->id > 0 ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
print(const struct list *l, bool json)
{
	json_t *arr;
	char *s;
	size_t i;

	if (json) {
		arr = json_array();
		for (i = 0; i < l->n; i++)
			json_array_append_new(arr, json_pack("{s:o, s:s, s:s}",
			    "id", l->rows[i].id > 0 ?
			    json_integer(l->rows[i].id) : json_null(),
			    "name", l->rows[i].name,
			    "state", l->rows[i].state));
		s = json_dumps(arr, JSON_INDENT(2));
		printf("%s\n", s != NULL ? s : "[]");
		free(s);
		json_decref(arr);
		return;
	}
	printf(" %-8s %-24s %s\n", "Id", "Name", "State");
	printf("---------------------------------------------\n");
	for (i = 0; i < l->n; i++) {
		if (l->rows[i].id > 0)
			printf(" %-8ld %-24s %s\n", l->rows[i].id,
			    l->rows[i].name, l->rows[i].state);
		else
			printf(" %-8s %-24s %s\n", "-", l->rows[i].name,
			    l->rows[i].state);
	}
}

int
cmd_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct list l = { 0 };
	bool all = false, json = ctx->json;
	char *dir;
	struct dirent *de;
	DIR *d;
	size_t i;
	int k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--all") == 0)
			all = true;
		else if (strcmp(argv[k], "--json") == 0)
			json = true;
		else
			return cmd_usage(ctx, "list");
	}
	dir = path_get(ctx->root, PATH_GUEST_RUN_DIR, NULL);
	d = opendir(dir);
	free(dir);
	while (d != NULL && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			add_running(ctx, &l, de->d_name);
	if (d != NULL)
		(void) closedir(d);
	if (all)
		add_defined(ctx, &l);
	if (l.n > 0)
		qsort(l.rows, l.n, sizeof *l.rows, by_id_name);
	print(&l, json);
	for (i = 0; i < l.n; i++) {
		free(l.rows[i].name);
		free(l.rows[i].state);
	}
	free(l.rows);
	return CMD_OK;
}
