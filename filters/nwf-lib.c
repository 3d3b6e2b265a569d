/* Filter definitions by name, parsed on first use. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-parse.h"

struct nwf_lib {
	char **dirs;
	size_t ndirs;
	struct nwf_filter **filters;	/* parsed so far */
	size_t nfilters;
};

struct nwf_lib *
nwf_lib_new(const char *const *dirs, size_t ndirs)
{
	struct nwf_lib *lib = xcalloc(1, sizeof *lib);
	size_t i;

	lib->dirs = xcalloc(ndirs + 1, sizeof *lib->dirs);
	for (i = 0; i < ndirs; i++)
		lib->dirs[i] = xstrdup(dirs[i]);
	lib->ndirs = ndirs;
	return lib;
}

struct nwf_lib *
nwf_lib_new_default(const char *root)
{
	char *user = path_get(root, PATH_USER_FILTER_DIR, NULL);
	const char *dirs[2] = { user, path_builtin_filter_dir() };
	struct nwf_lib *lib = nwf_lib_new(dirs, 2);

	free(user);
	return lib;
}

void
nwf_lib_free(struct nwf_lib *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->ndirs; i++)
		free(lib->dirs[i]);
	for (i = 0; i < lib->nfilters; i++)
		nwf_parse_free(lib->filters[i]);
	free(lib->dirs);
	free(lib->filters);
	free(lib);
}

static const struct nwf_filter *
find_loaded(const struct nwf_lib *lib, const char *name)
{
	size_t i;

	for (i = 0; i < lib->nfilters; i++)
		if (strcmp(lib->filters[i]->name, name) == 0)
			return lib->filters[i];
	return NULL;
}

static void
add_loaded(struct nwf_lib *lib, struct nwf_filter *f)
{
	lib->filters = xreallocarray(lib->filters, lib->nfilters + 1,
	    sizeof *lib->filters);
	lib->filters[lib->nfilters++] = f;
}

int
nwf_lib_add_buffer(struct nwf_lib *lib, const char *file, const char *buf,
    size_t len, struct vg_err *err)
{
	struct nwf_filter *f;
	struct diag d;
	int r;

	diag_init(&d, file);
	r = nwf_parse_buffer(buf, len, &f, &d);
	if (r < 0) {
		if (diag_to_err(&d, err) == 0)
			vg_err_sys(err, r, "%s", file);
		diag_done(&d);
		return r;
	}
	diag_done(&d);
	if (find_loaded(lib, f->name) != NULL) {
		r = vg_err_set(err, -EEXIST, "%s: filter '%s' is already "
		    "defined", file, f->name);
		nwf_parse_free(f);
		return r;
	}
	add_loaded(lib, f);
	return 0;
}

/* The first directory's DIR/NAME.xml that exists, or NULL. */
static char *
find_file(const struct nwf_lib *lib, const char *name, size_t *dir)
{
	struct stat st;
	size_t i;
	char *p;

	for (i = 0; i < lib->ndirs; i++) {
		p = xprintf("%s/%s.xml", lib->dirs[i], name);
		if (stat(p, &st) == 0) {
			if (dir != NULL)
				*dir = i;
			return p;
		}
		free(p);
	}
	return NULL;
}

int
nwf_lib_get(struct nwf_lib *lib, const char *name,
    const struct nwf_filter **out, struct vg_err *err)
{
	struct nwf_filter *f;
	struct diag d;
	char *path;
	int r;

	*out = find_loaded(lib, name);
	if (*out != NULL)
		return 0;
	if (path_check_name(name, err) < 0)
		return -EINVAL;
	path = find_file(lib, name, NULL);
	if (path == NULL)
		return vg_err_set(err, -ENOENT, "no filter called '%s'", name);
	diag_init(&d, path);
	r = nwf_parse_file(path, &f, &d);
	if (r < 0) {
		if (diag_to_err(&d, err) == 0)
			vg_err_sys(err, r, "%s", path);
		goto out;
	}
	if (strcmp(f->name, name) != 0) {
		r = vg_err_set(err, -EINVAL, "%s:%d: defines filter '%s', "
		    "but the file name says '%s'", path, f->line, f->name,
		    name);
		nwf_parse_free(f);
		goto out;
	}
	add_loaded(lib, f);
	*out = f;
out:
	diag_done(&d);
	free(path);
	return r;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct nwf_lib_entry *) a)->name,
	    ((const struct nwf_lib_entry *) b)->name);
}

static bool
listed(const struct nwf_lib_entry *e, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(e[i].name, name) == 0)
			return true;
	return false;
}

int
nwf_lib_list(const struct nwf_lib *lib, struct nwf_lib_entry **out)
{
	struct nwf_lib_entry *e = NULL;
	struct dirent *de;
	size_t i, n = 0, len;
	DIR *dir;

	for (i = 0; i < lib->ndirs; i++) {
		dir = opendir(lib->dirs[i]);
		if (dir == NULL) {
			int r = -errno;

			if (r == -ENOENT)
				continue;
			nwf_lib_entries_free(e, n);
			return r;
		}
		while ((de = readdir(dir)) != NULL) {
			char *name;

			len = strlen(de->d_name);
			if (len <= 4 ||
			    strcmp(de->d_name + len - 4, ".xml") != 0)
				continue;
			name = xstrndup(de->d_name, len - 4);
			if (path_check_name(name, NULL) < 0 ||
			    listed(e, n, name)) {
				free(name);
				continue;
			}
			e = xreallocarray(e, n + 1, sizeof *e);
			e[n].name = name;
			e[n].path = xprintf("%s/%s", lib->dirs[i], de->d_name);
			e[n].dir = i;
			n++;
		}
		closedir(dir);
	}
	if (n > 0)
		qsort(e, n, sizeof *e, by_name);
	*out = e;
	return (int) n;
}

void
nwf_lib_entries_free(struct nwf_lib_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}
