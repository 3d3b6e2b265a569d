/* All network interfaces of one guest, in config order: what guest.c's
 * start steps hold. port_set_new makes and attaches every port (the init
 * exists, waiting); filters go on each; port_set_up brings the host ends
 * up last; port_set_free deletes them all (also after a failed start). */
#ifndef VIGIL_SUPERVISOR_PORT_SET_H
#define VIGIL_SUPERVISOR_PORT_SET_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct config_domain;
struct port;
struct port_set;
struct vg_err;

/* Make every interface of dom for guest and move its guest end into
 * child's network namespace; on failure the ones made are freed again and
 * err names the interface. */
int port_set_new(const struct config_domain *dom, const char *root,
    const char *guest, pid_t child, struct port_set **out,
    struct vg_err *err);
int port_set_up(struct port_set *s, struct vg_err *err);
size_t port_set_count(const struct port_set *s);
struct port *port_set_get(const struct port_set *s, size_t i);
/* A JSON array of port_describe() (new); [] for NULL. */
json_t *port_set_describe(const struct port_set *s);
/* NULL does nothing. */
void port_set_free(struct port_set *s);

#endif
