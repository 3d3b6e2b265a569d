/* A library of filter definitions found by name: NAME.xml in a list of
 * directories, the first that has it winning (users' etc/vigil/filters
 * before the built-ins), plus definitions added from memory (tests). Each
 * file is parsed once, when first asked for. */
#ifndef VIGIL_NWF_LIB_H
#define VIGIL_NWF_LIB_H

#include <stddef.h>

#include "filters/nwf-model.h"

struct vg_err;
struct nwf_lib;

/* dirs: searched in order; copied. */
struct nwf_lib *nwf_lib_new(const char *const *dirs, size_t ndirs);
/* The users' filters under root (etc/vigil/filters), then the built-ins
 * (path_builtin_filter_dir()). */
struct nwf_lib *nwf_lib_new_default(const char *root);
void nwf_lib_free(struct nwf_lib *lib);

/* Add a definition from memory, taking precedence over files; file names it
 * in messages. Returns 0 or -EINVAL with the first problem in err. */
int nwf_lib_add_buffer(struct nwf_lib *lib, const char *file,
    const char *buf, size_t len, struct vg_err *err);

/* The filter called name. Returns 0 with *out borrowed from lib, -ENOENT
 * when no directory has it, or -EINVAL ("FILE:LINE: msg" in err) when its
 * file is invalid or defines another name. */
int nwf_lib_get(struct nwf_lib *lib, const char *name,
    const struct nwf_filter **out, struct vg_err *err);

struct nwf_lib_entry {
	char *name;
	char *path;		/* the file that defines it (the winner) */
	size_t dir;		/* index of its directory in dirs */
};

/* Every NAME.xml in the directories, sorted by name, each once (the first
 * directory's). Returns the count with *out allocated (free with
 * nwf_lib_entries_free), or -errno. */
int nwf_lib_list(const struct nwf_lib *lib, struct nwf_lib_entry **out);
void nwf_lib_entries_free(struct nwf_lib_entry *e, size_t n);

#endif
