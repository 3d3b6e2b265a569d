/* vigil net-define|net-undefine|net-start|net-destroy|net-list: libvirt-style
 * networks (DESIGN.md "Command line"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/atomic-file.h"
#include "common/cfgxml.h"
#include "common/cleanup.h"
#include "common/config-network.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/netstate.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/cmd.h"
#include "launcher/network.h"

static int
fail(struct vg_err *err)
{
	log_err(0, "%s", err->msg);
	return CMD_FAILED;
}

/* Load defined network name; problems printed, CMD_FAILED on error. */
static int
load_defined(const char *root, const char *name, struct config_network **out)
{
	_cleanup_free_ char *path = NULL;
	struct vg_err err;
	struct diag d;
	int r;

	if (path_check_name(name, &err) < 0)
		return fail(&err);
	path = path_get(root, PATH_NET_CONFIG, name);
	if (access(path, F_OK) < 0) {
		log_err(0, "network %s is not defined", name);
		return CMD_FAILED;
	}
	diag_init(&d, path);
	r = config_network_load(path, out, &d);
	if (r < 0)
		diag_print(&d, stderr);
	diag_done(&d);
	return r < 0 ? CMD_FAILED : CMD_OK;
}

/* Another defined network that uses bridge: its name, or NULL. */
static char *
bridge_owner(const char *root, const struct config_network *net)
{
	_cleanup_free_ char *dir = path_get(root, PATH_NET_CONFIG_DIR, NULL);
	struct dirent **ents;
	char *owner = NULL;
	int i, n;

	n = scandir(dir, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *f = ents[i]->d_name;
		size_t len = strlen(f);
		struct config_network *o = NULL;
		struct diag d;
		char *path;

		if (owner == NULL && len > 4 && f[0] != '.' &&
		    strcmp(f + len - 4, ".xml") == 0) {
			path = xprintf("%s/%s", dir, f);
			diag_init(&d, path);
			if (config_network_load(path, &o, &d) == 0 &&
			    strcmp(o->name, net->name) != 0 &&
			    strcmp(o->bridge, net->bridge) == 0)
				owner = xstrdup(o->name);
			config_network_free(o);
			diag_done(&d);
			free(path);
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	return owner;
}

static int
read_file(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	*buf = xmalloc(CFGXML_MAX_SIZE + 1);
	n = fd_read_full(fd, *buf, CFGXML_MAX_SIZE + 1);
	(void) close(fd);
	if (n < 0 || n > CFGXML_MAX_SIZE) {
		free(*buf);
		*buf = NULL;
		return n < 0 ? (int) n : -EFBIG;
	}
	*len = (size_t) n;
	return 0;
}

int
cmd_net_define(struct cmd_ctx *ctx, int argc, char **argv)
{
	_cleanup_free_ char *dir = NULL, *path = NULL, *buf = NULL;
	_cleanup_free_ char *owner = NULL;
	struct config_network *net = NULL;
	const char *file;
	struct diag d;
	size_t len = 0;
	int r;

	if (argc != 2)
		return cmd_usage(ctx, "net-define");
	file = argv[1];
	diag_init(&d, file);
	r = config_network_load(file, &net, &d);
	diag_print(&d, stderr);
	diag_done(&d);
	if (r < 0)
		return CMD_FAILED;
	owner = bridge_owner(ctx->root, net);
	if (owner != NULL) {
		log_err(0, "network %s: bridge %s is already used by network %s",
		    net->name, net->bridge, owner);
		config_network_free(net);
		return CMD_FAILED;
	}
	dir = path_get(ctx->root, PATH_NET_CONFIG_DIR, NULL);
	path = path_get(ctx->root, PATH_NET_CONFIG, net->name);
	r = read_file(file, &buf, &len);
	if (r == 0)
		r = path_mkdir_p(dir, 0755);
	if (r == 0)
		r = atomic_file_write(path, buf, len, 0644, true);
	if (r < 0) {
		log_err(r, "network %s: store %s", net->name, path);
		config_network_free(net);
		return CMD_FAILED;
	}
	printf("Network %s defined from %s\n", net->name, file);
	config_network_free(net);
	return CMD_OK;
}

int
cmd_net_undefine(struct cmd_ctx *ctx, int argc, char **argv)
{
	_cleanup_free_ char *path = NULL, *lib = NULL, *leases = NULL;
	struct vg_err err;
	const char *name;

	if (argc != 2)
		return cmd_usage(ctx, "net-undefine");
	name = argv[1];
	if (path_check_name(name, &err) < 0)
		return fail(&err);
	if (network_is_active(ctx->root, name, NULL)) {
		log_err(0, "network %s is active: net-destroy it first", name);
		return CMD_FAILED;
	}
	path = path_get(ctx->root, PATH_NET_CONFIG, name);
	if (unlink(path) < 0) {
		if (errno == ENOENT)
			log_err(0, "network %s is not defined", name);
		else
			log_err(-errno, "network %s: remove %s", name, path);
		return CMD_FAILED;
	}
	lib = path_get(ctx->root, PATH_NET_LIB, name);
	leases = xprintf("%s/dnsmasq.leases", lib);
	(void) unlink(leases);
	(void) rmdir(lib);
	printf("Network %s has been undefined\n", name);
	return CMD_OK;
}

int
cmd_net_start(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config_network *net = NULL;
	struct vg_err err;
	int r;

	if (argc != 2)
		return cmd_usage(ctx, "net-start");
	r = load_defined(ctx->root, argv[1], &net);
	if (r != CMD_OK)
		return r;
	vg_err_clear(&err);
	r = network_start(ctx->root, net, &err);
	config_network_free(net);
	if (r < 0)
		return fail(&err);
	printf("Network %s started\n", argv[1]);
	return CMD_OK;
}

int
cmd_net_destroy(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct netstate st;
	struct vg_err err;
	char users[512];
	bool force = false;
	const char *name;
	int c, n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		if (c != 'f')
			return cmd_usage(ctx, "net-destroy");
		force = true;
	}
	if (optind != argc - 1)
		return cmd_usage(ctx, "net-destroy");
	name = argv[optind];
	if (path_check_name(name, &err) < 0)
		return fail(&err);
	if (netstate_read(ctx->root, name, &st, &err) < 0)
		return fail(&err);
	n = netstate_users(ctx->root, name, users, sizeof users);
	if (n > 0 && !force) {
		log_err(0, "network %s is in use by %s (use --force)", name,
		    users);
		return CMD_FAILED;
	}
	vg_err_clear(&err);
	if (network_stop(ctx->root, name, &err) < 0)
		return fail(&err);
	printf("Network %s destroyed\n", name);
	return CMD_OK;
}

/* One row of net-list for the config at path. */
static void
list_one(const char *root, const char *path, json_t *rows)
{
	struct config_network *net = NULL;
	struct netstate st;
	char a[INET6_ADDRSTRLEN], addr[INET6_ADDRSTRLEN + 4];
	json_t *row;
	struct diag d;
	bool active;

	diag_init(&d, path);
	if (config_network_load(path, &net, &d) < 0) {
		log_warn(0, "%s: not a valid network config, skipped", path);
		diag_done(&d);
		return;
	}
	diag_done(&d);
	active = network_is_active(root, net->name, &st);
	addr[0] = '\0';
	if (net->has_ip)
		(void) snprintf(addr, sizeof addr, "%s/%u",
		    addr_ip_format(&net->address, a, sizeof a), net->prefix);
	row = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", net->name,
	    "state", active ? "active" : "inactive", "bridge", net->bridge,
	    "address", addr, "forward",
	    config_network_forward_name(net->forward));
	if (active && st.dnsmasq_pid > 0)
		json_object_set_new(row, "dnsmasq_pid",
		    json_integer(st.dnsmasq_pid));
	json_array_append_new(rows, row);
	config_network_free(net);
}

int
cmd_net_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_json_ json_t *rows = json_array();
	bool json = ctx->json;
	struct dirent **ents;
	json_t *row;
	size_t i;
	int k, n;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--json") == 0)
			json = true;
		else if (strcmp(argv[k], "--all") != 0)
			return cmd_usage(ctx, "net-list");
	}
	dir = path_get(ctx->root, PATH_NET_CONFIG_DIR, NULL);
	n = scandir(dir, &ents, NULL, alphasort);
	for (k = 0; k < n; k++) {
		const char *f = ents[k]->d_name;
		size_t len = strlen(f);

		if (f[0] != '.' && len > 4 && strcmp(f + len - 4, ".xml") == 0) {
			_cleanup_free_ char *p = xprintf("%s/%s", dir, f);

			list_one(ctx->root, p, rows);
		}
		free(ents[k]);
	}
	if (n >= 0)
		free(ents);
	if (json) {
		_cleanup_free_ char *s = json_dumps(rows, JSON_INDENT(2));

		printf("%s\n", s != NULL ? s : "[]");
		return CMD_OK;
	}
	printf(" %-20s %-10s %-16s %s\n", "Name", "State", "Bridge",
	    "Address");
	printf("-----------------------------------------------------------"
	    "-------\n");
	json_array_foreach(rows, i, row)
		printf(" %-20s %-10s %-16s %s\n",
		    json_string_value(json_object_get(row, "name")),
		    json_string_value(json_object_get(row, "state")),
		    json_string_value(json_object_get(row, "bridge")),
		    json_string_value(json_object_get(row, "address"))[0] ?
		    json_string_value(json_object_get(row, "address")) : "-");
	return CMD_OK;
}
