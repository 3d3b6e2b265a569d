#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"

#define NAME_MAX_LEN 64

static const struct {
	const char *fmt;	/* relative to the root; %s is the name */
	bool named;
} path_table[] = {
	[PATH_GUEST_CONFIG] = { "etc/vigil/guests/%s.xml", true },
	[PATH_GUEST_CONFIG_DIR] = { "etc/vigil/guests", false },
	[PATH_GUEST_RUN] = { "run/vigil/guests/%s", true },
	[PATH_GUEST_RUN_DIR] = { "run/vigil/guests", false },
	[PATH_GUEST_LIB] = { "var/lib/vigil/guests/%s", true },
	[PATH_GUEST_LOG] = { "var/log/vigil/%s.log", true },
	[PATH_GUEST_CONSOLE_LOG] = { "var/log/vigil/%s.console.log", true },
	[PATH_NET_CONFIG] = { "etc/vigil/networks/%s.xml", true },
	[PATH_NET_CONFIG_DIR] = { "etc/vigil/networks", false },
	[PATH_NET_RUN] = { "run/vigil/networks/%s", true },
	[PATH_NET_LIB] = { "var/lib/vigil/networks/%s", true },
	[PATH_USER_FILTER_DIR] = { "etc/vigil/filters", false },
};

const char *
path_root(const char *opt)
{
	const char *env;

	if (opt != NULL && opt[0] != '\0')
		return opt;
	env = getenv("VIGIL_ROOT");
	if (env != NULL && env[0] != '\0')
		return env;
	return "/";
}

char *
path_get(const char *root, enum path_kind kind, const char *name)
{
	char rel[512];
	size_t len = strlen(root);
	const char *sep = (len > 0 && root[len - 1] == '/') ? "" : "/";

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (path_table[kind].named)
		(void) snprintf(rel, sizeof rel, path_table[kind].fmt, name);
	else
		(void) snprintf(rel, sizeof rel, "%s", path_table[kind].fmt);
#pragma GCC diagnostic pop
	return xprintf("%s%s%s", root, sep, rel);
}

const char *
path_builtin_filter_dir(void)
{
	const char *env = getenv("VIGIL_FILTER_DIR");

	if (env != NULL && env[0] != '\0')
		return env;
	return VIGIL_DATADIR "/filters";
}

int
path_mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	char *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			r = -errno;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return r;
}

int
path_check_name(const char *name, struct vg_err *err)
{
	size_t len = strlen(name);
	size_t i;

	if (len == 0)
		return vg_err_set(err, -EINVAL, "invalid name '': empty");
	if (len > NAME_MAX_LEN)
		return vg_err_set(err, -EINVAL,
		    "invalid name '%.64s...': longer than %d characters",
		    name, NAME_MAX_LEN);
	if (name[0] == '.' || name[0] == '-')
		return vg_err_set(err, -EINVAL,
		    "invalid name '%s': must not start with '%c'", name,
		    name[0]);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) name[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')
			continue;
		if (c < 0x20 || c >= 0x7f)
			return vg_err_set(err, -EINVAL,
			    "invalid name: character 0x%02x not allowed", c);
		return vg_err_set(err, -EINVAL,
		    "invalid name '%s': character '%c' not allowed", name, c);
	}
	return 0;
}

bool
path_is_file_arg(const char *s)
{
	size_t len = strlen(s);

	return strchr(s, '/') != NULL ||
	    (len > 4 && strcmp(s + len - 4, ".xml") == 0);
}
