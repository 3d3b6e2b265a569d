/* libvirt nwfilter XML -> filter model (struct nwf_filter, nwf-model.h). */
#ifndef VIGIL_NWF_PARSE_H
#define VIGIL_NWF_PARSE_H

#include <stddef.h>

#include "filters/nwf-model.h"

struct diag;

/* Parse and check one filter definition; every problem goes to d with its
 * line. Returns 0 with *out set (free with nwf_parse_free), or -EINVAL (see
 * d) / -errno. */
int nwf_parse_file(const char *path, struct nwf_filter **out, struct diag *d);
/* The same for len bytes; d->file names the source in messages. */
int nwf_parse_buffer(const char *buf, size_t len, struct nwf_filter **out,
    struct diag *d);
void nwf_parse_free(struct nwf_filter *f);

/* The kind and default priority of a chain name ("root", "ipv4",
 * "ipv4-xyz", ...); -EINVAL when the name is not allowed. */
int nwf_parse_chain(const char *chain, enum nwf_chain_kind *kind,
    int *default_priority);

#endif
