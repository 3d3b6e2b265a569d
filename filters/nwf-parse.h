/* libvirt nwfilter XML -> filter model (struct nwf_filter). */
#ifndef VIGIL_NWF_PARSE_H
#define VIGIL_NWF_PARSE_H

#include <stddef.h>

struct diag;
struct nwf_filter;

int nwf_parse_file(const char *path, struct nwf_filter **out, struct diag *d);
int nwf_parse_buffer(const char *buf, size_t len, struct nwf_filter **out,
    struct diag *d);
void nwf_parse_free(struct nwf_filter *f);

#endif
