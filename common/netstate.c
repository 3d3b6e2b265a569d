/* netstate: run/vigil/networks/NAME/state.json and who uses a network. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/atomic-file.h"
#include "common/cleanup.h"
#include "common/err.h"
#include "common/netstate.h"
#include "common/path.h"
#include "common/xalloc.h"

static char *
state_path(const char *root, const char *name)
{
	_cleanup_free_ char *dir = path_get(root, PATH_NET_RUN, name);

	return xprintf("%s/state.json", dir);
}

static int
copy_str(json_t *o, const char *key, char *buf, size_t len, bool required)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL) {
		buf[0] = '\0';
		return required ? -EINVAL : 0;
	}
	if (strlen(s) >= len)
		return -EINVAL;
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static enum net_forward
forward_parse(const char *s)
{
	if (s != NULL && strcmp(s, "nat") == 0)
		return NET_FORWARD_NAT;
	if (s != NULL && strcmp(s, "route") == 0)
		return NET_FORWARD_ROUTE;
	return NET_FORWARD_NONE;
}

int
netstate_read(const char *root, const char *name, struct netstate *st,
    struct vg_err *err)
{
	_cleanup_free_ char *path = state_path(root, name);
	_cleanup_json_ json_t *o = NULL;
	json_error_t je;
	const char *addr;
	json_int_t pid, prefix;

	memset(st, 0, sizeof *st);
	o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (o == NULL) {
		if (access(path, F_OK) < 0 && errno == ENOENT)
			return vg_err_set(err, -ENOENT, "network %s is not "
			    "started", name);
		return vg_err_set(err, -EINVAL, "network %s: state file %s: "
		    "%s", name, path, je.text);
	}
	addr = json_string_value(json_object_get(o, "address"));
	prefix = json_integer_value(json_object_get(o, "prefix"));
	pid = json_integer_value(json_object_get(o, "dnsmasq_pid"));
	if (!json_is_object(o) ||
	    copy_str(o, "name", st->name, sizeof st->name, true) < 0 ||
	    copy_str(o, "bridge", st->bridge, sizeof st->bridge, true) < 0 ||
	    copy_str(o, "forward_dev", st->forward_dev,
	    sizeof st->forward_dev, false) < 0 ||
	    copy_str(o, "nft_table", st->nft_table, sizeof st->nft_table,
	    false) < 0 ||
	    (addr != NULL && addr_ip_parse(addr, &st->address) < 0) ||
	    prefix < 0 || prefix > 128 || pid < 0 || pid > 0x7fffffff ||
	    !config_network_ifname_valid(st->bridge))
		return vg_err_set(err, -EINVAL, "network %s: state file %s is "
		    "malformed", name, path);
	st->prefix = (unsigned) prefix;
	st->dnsmasq_pid = (pid_t) pid;
	st->forward = forward_parse(json_string_value(json_object_get(o,
	    "forward")));
	return 0;
}

int
netstate_write(const char *root, const struct netstate *st,
    struct vg_err *err)
{
	_cleanup_free_ char *path = state_path(root, st->name);
	_cleanup_free_ char *text = NULL;
	_cleanup_json_ json_t *o = json_object();
	char addr[INET6_ADDRSTRLEN];
	int r;

	json_object_set_new(o, "name", json_string(st->name));
	json_object_set_new(o, "bridge", json_string(st->bridge));
	if (st->address.family != 0) {
		json_object_set_new(o, "address", json_string(addr_ip_format(
		    &st->address, addr, sizeof addr)));
		json_object_set_new(o, "prefix", json_integer(st->prefix));
	}
	json_object_set_new(o, "forward", json_string(
	    config_network_forward_name(st->forward)));
	if (st->forward_dev[0] != '\0')
		json_object_set_new(o, "forward_dev",
		    json_string(st->forward_dev));
	if (st->nft_table[0] != '\0')
		json_object_set_new(o, "nft_table", json_string(st->nft_table));
	if (st->dnsmasq_pid > 0)
		json_object_set_new(o, "dnsmasq_pid",
		    json_integer(st->dnsmasq_pid));
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (text == NULL)
		return vg_err_set(err, -ENOMEM, "network %s: cannot encode "
		    "state", st->name);
	r = atomic_file_write(path, text, strlen(text), 0644, false);
	if (r < 0)
		return vg_err_sys(err, r, "network %s: write %s", st->name,
		    path);
	return 0;
}

int
netstate_remove(const char *root, const char *name)
{
	_cleanup_free_ char *path = state_path(root, name);

	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

/* Whether pid is gone (or a zombie nobody reaped yet). */
static bool
pid_gone(json_int_t pid)
{
	_cleanup_free_ char *path = NULL;
	char buf[256], *p;
	FILE *f;

	if (pid <= 0 || pid > 0x7fffffff)
		return false;
	if (kill((pid_t) pid, 0) < 0 && errno == ESRCH)
		return true;
	path = xprintf("/proc/%lld/stat", (long long) pid);
	f = fopen(path, "re");
	if (f == NULL)
		return false;
	p = fgets(buf, sizeof buf, f);
	(void) fclose(f);
	/* "pid (comm) S ...": the state follows the last ')'. */
	if (p == NULL || (p = strrchr(buf, ')')) == NULL)
		return false;
	return p[1] == ' ' && p[2] == 'Z';
}

/* Whether guest state o lists network name and its supervisor lives. */
static bool
guest_uses(json_t *o, const char *name)
{
	json_t *nets = json_object_get(o, "networks"), *v, *pid;
	const char *st;
	size_t i;

	if (!json_is_array(nets))
		return false;
	json_array_foreach(nets, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || strcmp(s, name) != 0)
			continue;
		st = json_string_value(json_object_get(o, "state"));
		if (st != NULL && strcmp(st, "stopped") == 0)
			return false;
		pid = json_object_get(o, "supervisor_pid");
		if (pid == NULL)
			pid = json_object_get(o, "pid");
		return !(json_is_integer(pid) &&
		    pid_gone(json_integer_value(pid)));
	}
	return false;
}

int
netstate_users(const char *root, const char *name, char *buf, size_t len)
{
	_cleanup_free_ char *dir = path_get(root, PATH_GUEST_RUN_DIR, NULL);
	struct dirent **ents;
	size_t used = 0;
	int i, n, count = 0;

	if (len > 0)
		buf[0] = '\0';
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		_cleanup_free_ char *path = NULL;
		_cleanup_json_ json_t *o = NULL;
		const char *g = ents[i]->d_name;

		if (g[0] != '.' && path_check_name(g, NULL) == 0) {
			path = xprintf("%s/%s/state.json", dir, g);
			o = json_load_file(path, 0, NULL);
		}
		if (o != NULL && guest_uses(o, name)) {
			if (used < len)
				used += (size_t) snprintf(buf + used,
				    len - used, "%s%s", count > 0 ? ", " : "",
				    g);
			count++;
		}
		free(ents[i]);
	}
	free(ents);
	return count;
}
