/* Every file vigil touches, under the --root prefix (DESIGN.md "Files"). */
#ifndef VIGIL_PATH_H
#define VIGIL_PATH_H

#include <stdbool.h>
#include <sys/types.h>

struct vg_err;

enum path_kind {
	PATH_GUEST_CONFIG,	/* etc/vigil/guests/NAME.xml */
	PATH_GUEST_CONFIG_DIR,	/* etc/vigil/guests */
	PATH_GUEST_RUN,		/* run/vigil/guests/NAME */
	PATH_GUEST_RUN_DIR,	/* run/vigil/guests */
	PATH_GUEST_LIB,		/* var/lib/vigil/guests/NAME */
	PATH_GUEST_LOG,		/* var/log/vigil/NAME.log */
	PATH_GUEST_CONSOLE_LOG,	/* var/log/vigil/NAME.console.log */
	PATH_NET_CONFIG,	/* etc/vigil/networks/NAME.xml */
	PATH_NET_CONFIG_DIR,	/* etc/vigil/networks */
	PATH_NET_RUN,		/* run/vigil/networks/NAME */
	PATH_NET_LIB,		/* var/lib/vigil/networks/NAME */
	PATH_USER_FILTER_DIR,	/* etc/vigil/filters */
};

/* The root prefix: opt when not NULL, else $VIGIL_ROOT, else "/". */
const char *path_root(const char *opt);

/* A newly allocated path of kind for NAME (NAME ignored for _DIR kinds). */
char *path_get(const char *root, enum path_kind kind, const char *name);

/* Built-in filter definitions: $VIGIL_FILTER_DIR, else the installed ones. */
const char *path_builtin_filter_dir(void);

/* mkdir -p; returns 0 or -errno. */
int path_mkdir_p(const char *path, mode_t mode);

/* A guest or network name: 1-64 of [A-Za-z0-9_.-], not starting with '.'
 * or '-'. On failure fills err with a one-line reason naming it. */
int path_check_name(const char *name, struct vg_err *err);

/* Whether s names a file (has a '/' or ends in ".xml") rather than a guest. */
bool path_is_file_arg(const char *s);

#endif
