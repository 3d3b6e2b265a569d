/* vigil info NAME [--json]: state, supervisor and init pids, uptime, memory
 * use and limit, cpu time and interfaces, from the guest's control socket;
 * a defined guest that does not run shows its config's name and uuid. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/config-domain.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/client.h"
#include "launcher/cmd.h"

#define INFO_TIMEOUT_MS 5000

/* Ask cmd on fd and merge the answer's fields (without "ok") into out
 * under key (NULL: at the top level). */
static int
ask(int fd, const char *cmd, const char *key, json_t *out,
    struct vg_err *err)
{
	struct proto_resp resp;
	int r;

	r = client_call(fd, cmd, NULL, INFO_TIMEOUT_MS, &resp, err);
	if (r < 0)
		return r;
	if (!resp.ok) {
		r = vg_err_set(err, -EREMOTEIO, "%s: %s", cmd, resp.error);
		proto_resp_done(&resp);
		return r;
	}
	(void) json_object_del(resp.obj, "ok");
	if (key == NULL)
		json_object_update(out, resp.obj);
	else
		json_object_set(out, key, resp.obj);
	proto_resp_done(&resp);
	return 0;
}

static void
print_bytes(const char *label, json_t *v)
{
	double b = (double) json_integer_value(v);

	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		printf("%-16s -\n", label);
	else
		printf("%-16s %.1f MiB\n", label, b / (1024.0 * 1024.0));
}

/* " key=value" for each member of o that is a string or a number. */
static void
print_scalars(json_t *o)
{
	const char *key;
	json_t *f;

	json_object_foreach(o, key, f) {
		if (json_is_string(f))
			printf(" %s=%s", key, json_string_value(f));
		else if (json_is_integer(f))
			printf(" %s=%" JSON_INTEGER_FORMAT, key,
			    json_integer_value(f));
	}
	printf("\n");
}

/* An indented "LABEL key=value..." line, when o is an object. */
static void
print_part(const char *label, json_t *o)
{
	if (!json_is_object(o))
		return;
	printf("  %-14s", label);
	print_scalars(o);
}

/* One interface: its scalar fields on the first line, then its filter's
 * drop counters, its learned addresses and the snooper's counters. */
static void
print_iface(json_t *v)
{
	json_t *a;
	size_t i;

	printf("%-16s", "Interface:");
	print_scalars(v);
	print_part("Drops:", json_object_get(v, "drops"));
	json_array_foreach(json_object_get(v, "addresses"), i, a) {
		const char *ip = json_string_value(json_object_get(a, "ip"));
		const char *src = json_string_value(json_object_get(a,
		    "source"));
		json_t *left = json_object_get(a, "remaining");

		printf("  %-14s %s (%s", "Address:", ip != NULL ? ip : "?",
		    src != NULL ? src : "?");
		if (json_is_integer(left))
			printf(", expires in %" JSON_INTEGER_FORMAT " s",
			    json_integer_value(left));
		printf(")\n");
	}
	print_part("Snooped:", json_object_get(v, "snoop"));
}

static void
print_human(json_t *info)
{
	json_t *st = json_object_get(info, "stats");
	json_t *ifs = json_object_get(info, "interfaces");
	json_t *v;
	json_int_t up;
	size_t i;

	printf("%-16s %s\n", "Name:", json_string_value(
	    json_object_get(info, "name")));
	printf("%-16s %s\n", "UUID:", json_string_value(
	    json_object_get(info, "uuid")));
	printf("%-16s %s\n", "State:", json_string_value(
	    json_object_get(info, "state")));
	v = json_object_get(info, "supervisor_pid");
	if (json_is_integer(v))
		printf("%-16s %lld\n", "Supervisor PID:",
		    (long long) json_integer_value(v));
	v = json_object_get(info, "init_pid");
	if (json_is_integer(v))
		printf("%-16s %lld\n", "Init PID:",
		    (long long) json_integer_value(v));
	v = json_object_get(info, "uptime");
	if (json_is_integer(v)) {
		up = json_integer_value(v);
		printf("%-16s %lldh %02lldm %02llds\n", "Uptime:",
		    (long long) (up / 3600), (long long) (up / 60 % 60),
		    (long long) (up % 60));
	}
	if (st != NULL) {
		print_bytes("Memory used:", json_object_get(st,
		    "memory_current"));
		print_bytes("Memory peak:", json_object_get(st, "memory_peak"));
	}
	print_bytes("Memory limit:", st != NULL ?
	    json_object_get(st, "memory_limit") :
	    json_object_get(info, "memory_limit"));
	if (st != NULL) {
		printf("%-16s %.3f s\n", "CPU time:", (double)
		    json_integer_value(json_object_get(st, "cpu_ns")) / 1e9);
		printf("%-16s %lld\n", "Processes:", (long long)
		    json_integer_value(json_object_get(st, "pids")));
		printf("%-16s %lld\n", "OOM kills:", (long long)
		    json_integer_value(json_object_get(st, "oom_kills")));
	}
	if (!json_is_array(ifs))
		return;
	if (json_array_size(ifs) == 0)
		printf("%-16s none\n", "Interfaces:");
	json_array_foreach(ifs, i, v)
		print_iface(v);
}

/* Not running: what the config says, if it is defined. */
static int
info_defined(const struct cmd_ctx *ctx, const char *name, json_t *info)
{
	char *path = path_get(ctx->root, PATH_GUEST_CONFIG, name);
	struct config_domain *dom = NULL;
	struct diag d;
	char uuid[37];
	int r;

	diag_init(&d, path);
	r = access(path, F_OK) == 0 ? config_domain_load(path, &dom, &d) :
	    -ENOENT;
	diag_done(&d);
	free(path);
	if (r < 0)
		return r;
	config_domain_uuid_format(dom->uuid, uuid);
	json_object_set_new(info, "name", json_string(name));
	json_object_set_new(info, "uuid", json_string(uuid));
	json_object_set_new(info, "state", json_string("shut off"));
	json_object_set_new(info, "memory_limit",
	    json_integer((json_int_t) (dom->memory_kib * 1024)));
	config_domain_free(dom);
	return 0;
}

int
cmd_info(struct cmd_ctx *ctx, int argc, char **argv)
{
	json_t *info = json_object();
	bool json = ctx->json;
	const char *name = NULL;
	struct vg_err err;
	int k, fd, r;
	char *s;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--json") == 0)
			json = true;
		else if (name == NULL && argv[k][0] != '-')
			name = argv[k];
		else
			return cmd_usage(ctx, "info");
	}
	if (name == NULL)
		return cmd_usage(ctx, "info");
	if (path_check_name(name, &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	fd = client_connect(ctx->root, name, &err);
	if (fd >= 0) {
		if ((r = ask(fd, "status", NULL, info, &err)) == 0 &&
		    (r = ask(fd, "stats", "stats", info, &err)) == 0)
			r = ask(fd, "interfaces", NULL, info, &err);
		(void) close(fd);
	} else if ((r = info_defined(ctx, name, info)) == -ENOENT) {
		vg_err_set(&err, r, "guest %s is not defined", name);
	} else if (r < 0) {
		vg_err_set(&err, r, "guest %s does not run and its config "
		    "does not load (see vigil validate)", name);
	}
	if (r < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		json_decref(info);
		return CMD_FAILED;
	}
	if (json) {
		s = json_dumps(info, JSON_INDENT(2));
		printf("%s\n", s != NULL ? s : "{}");
		free(s);
	} else {
		print_human(info);
	}
	json_decref(info);
	return CMD_OK;
}
