/* leases.json: {"version":1,"uuid":"...","leases":[{"mac":"52:54:00:..",
 * "ip":"10.0.0.5","expires":1700000000}, ...]}; expires 0 = never. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/atomic-file.h"
#include "common/cleanup.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "common/config-domain.h"
#include "supervisor/leases.h"

void
leases_init(struct leases *l, const uint8_t uuid[16])
{
	memset(l, 0, sizeof *l);
	config_domain_uuid_format(uuid, l->uuid);
	l->v = xcalloc(LEASES_MAX, sizeof *l->v);
}

void
leases_done(struct leases *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static struct lease *
find(const struct leases *l, const uint8_t mac[6], const struct addr_ip *ip)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (memcmp(l->v[i].mac, mac, 6) == 0 &&
		    addr_ip_equal(&l->v[i].ip, ip))
			return &l->v[i];
	return NULL;
}

const struct lease *
leases_find(const struct leases *l, const uint8_t mac[6],
    const struct addr_ip *ip)
{
	return find(l, mac, ip);
}

int
leases_set(struct leases *l, const uint8_t mac[6], const struct addr_ip *ip,
    int64_t expires)
{
	struct lease *e = find(l, mac, ip);

	if (e != NULL) {
		if (e->expires == expires)
			return 0;
		e->expires = expires;
		return 1;
	}
	if (l->n == LEASES_MAX)
		return -ENOSPC;
	e = &l->v[l->n++];
	memcpy(e->mac, mac, 6);
	e->ip = *ip;
	e->expires = expires;
	return 1;
}

int
leases_remove(struct leases *l, const uint8_t mac[6],
    const struct addr_ip *ip)
{
	struct lease *e = find(l, mac, ip);

	if (e == NULL)
		return 0;
	*e = l->v[--l->n];
	return 1;
}

size_t
leases_prune(struct leases *l, int64_t now)
{
	size_t i = 0, dropped = 0;

	while (i < l->n) {
		if (l->v[i].expires != 0 && l->v[i].expires <= now) {
			l->v[i] = l->v[--l->n];
			dropped++;
		} else {
			i++;
		}
	}
	return dropped;
}

/* One entry of the "leases" array; idx names it in errors. */
static int
load_entry(struct leases *l, json_t *e, size_t idx, const char *path,
    struct vg_err *err)
{
	const char *mac = NULL, *ip = NULL;
	json_int_t expires = -1;
	struct addr_ip a;
	uint8_t m[6];
	json_error_t je;

	if (json_unpack_ex(e, &je, JSON_STRICT, "{s:s, s:s, s:I}", "mac", &mac,
	    "ip", &ip, "expires", &expires) < 0)
		return vg_err_set(err, -EINVAL, "%s: lease %zu: %s", path, idx,
		    je.text);
	if (addr_mac_parse(mac, m) < 0)
		return vg_err_set(err, -EINVAL, "%s: lease %zu: bad mac '%s'",
		    path, idx, mac);
	if (addr_ip_parse(ip, &a) < 0)
		return vg_err_set(err, -EINVAL, "%s: lease %zu: bad ip '%s'",
		    path, idx, ip);
	if (expires < 0)
		return vg_err_set(err, -EINVAL,
		    "%s: lease %zu: negative expiry", path, idx);
	if (leases_set(l, m, &a, (int64_t) expires) < 0)
		return vg_err_set(err, -EINVAL, "%s: more than %d leases",
		    path, LEASES_MAX);
	return 0;
}

int
leases_load(struct leases *l, const char *path, struct vg_err *err)
{
	_cleanup_json_ json_t *root = NULL;
	const char *uuid = NULL;
	json_t *arr = NULL, *e;
	json_int_t version = 0;
	json_error_t je;
	size_t i;
	int r;

	l->n = 0;
	if (access(path, F_OK) < 0)
		return errno == ENOENT ? 0 :
		    vg_err_sys(err, -errno, "%s: access", path);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return vg_err_set(err, -EINVAL, "%s:%d: %s", path, je.line,
		    je.text);
	if (json_unpack_ex(root, &je, JSON_STRICT, "{s:I, s:s, s:o}",
	    "version", &version, "uuid", &uuid, "leases", &arr) < 0)
		return vg_err_set(err, -EINVAL, "%s: %s", path, je.text);
	if (version != LEASES_VERSION)
		return vg_err_set(err, -EINVAL, "%s: unknown version %lld",
		    path, (long long) version);
	if (strcmp(uuid, l->uuid) != 0)
		return vg_err_set(err, -ESTALE,
		    "%s: belongs to guest %s, not %s", path, uuid, l->uuid);
	if (!json_is_array(arr))
		return vg_err_set(err, -EINVAL, "%s: \"leases\" is not a list",
		    path);
	json_array_foreach(arr, i, e) {
		r = load_entry(l, e, i, path, err);
		if (r < 0) {
			l->n = 0;
			return r;
		}
	}
	return (int) l->n;
}

int
leases_save(const struct leases *l, const char *path, struct vg_err *err)
{
	_cleanup_json_ json_t *root = NULL;
	_cleanup_free_ char *text = NULL, *dir = NULL;
	char mac[ADDR_MAC_STRLEN], ip[INET6_ADDRSTRLEN];
	json_t *arr;
	size_t i;
	int r;

	arr = json_array();
	root = json_pack("{s:i, s:s, s:o}", "version", LEASES_VERSION, "uuid",
	    l->uuid, "leases", arr);
	if (root == NULL)
		return vg_err_set(err, -ENOMEM, "%s: cannot build JSON", path);
	for (i = 0; i < l->n; i++) {
		addr_mac_format(l->v[i].mac, mac);
		(void) addr_ip_format(&l->v[i].ip, ip, sizeof ip);
		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:I}",
		    "mac", mac, "ip", ip, "expires",
		    (json_int_t) l->v[i].expires)) < 0)
			return vg_err_set(err, -ENOMEM, "%s: cannot build JSON",
			    path);
	}
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		return vg_err_set(err, -ENOMEM, "%s: cannot build JSON", path);
	dir = xstrdup(path);
	r = path_mkdir_p(dirname(dir), 0755);
	if (r < 0)
		return vg_err_sys(err, r, "%s: mkdir", path);
	r = atomic_file_write(path, text, strlen(text), 0644, true);
	if (r < 0)
		return vg_err_sys(err, r, "%s: write", path);
	return 0;
}
