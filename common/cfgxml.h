/* Safe loading of untrusted XML configs and small helpers over libxml2. */
#ifndef VIGIL_CFGXML_H
#define VIGIL_CFGXML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

struct diag;

#define CFGXML_MAX_SIZE (1024 * 1024)

/* Read path (refusing files over CFGXML_MAX_SIZE) and parse it. Problems go
 * to d; returns 0 with *out set, or -errno / -EINVAL. */
int cfgxml_load_file(const char *path, struct diag *d, xmlDocPtr *out);

/* Parse len bytes: no network, no external entities or DTD, no entity
 * substitution, a DOCTYPE is refused, libxml2's size limits apply. */
int cfgxml_load_buffer(const char *buf, size_t len, struct diag *d,
    xmlDocPtr *out);

/* Line of node (0 if unknown). */
int cfgxml_line(const xmlNode *n);
/* Whether n is an element named name. */
bool cfgxml_is(const xmlNode *n, const char *name);
/* A newly allocated copy of attribute name, or NULL when absent. */
char *cfgxml_attr(const xmlNode *n, const char *name);
/* A newly allocated copy of the text content with surrounding whitespace
 * trimmed (never NULL). */
char *cfgxml_text(const xmlNode *n);

#endif
