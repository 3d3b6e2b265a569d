/* Protocol elements of nwfilter rules and the attributes each accepts. */
#ifndef VIGIL_NWF_ATTR_H
#define VIGIL_NWF_ATTR_H

#include <stdbool.h>

#include "filters/nwf-model.h"

struct nwf_attr_def {
	const char *name;
	enum nwf_attr_id id;
	enum nwf_vtype vtype;
};

struct nwf_proto_def {
	const char *name;
	enum nwf_proto proto;
	/* NULL-terminated list of NULL-name-terminated attribute groups */
	const struct nwf_attr_def *const *groups;
};

/* Lookups; NULL when unknown. */
const struct nwf_proto_def *nwf_attr_proto_by_name(const char *name);
const struct nwf_proto_def *nwf_attr_proto(enum nwf_proto proto);
const struct nwf_attr_def *nwf_attr_find(const struct nwf_proto_def *p,
    const char *name);
/* The XML name of attribute id. */
const char *nwf_attr_name(enum nwf_attr_id id);
/* Whether proto matches IP packets (tcp, udp, ..., all-ipv6) rather than
 * link-layer frames. */
bool nwf_attr_proto_is_l3(enum nwf_proto proto);

#endif
