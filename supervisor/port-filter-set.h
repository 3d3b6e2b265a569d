/* The filters of one guest's ports: the start step between "ports" and
 * "ports up" in guest.c. port_filter_set_new installs a filter on each
 * port whose interface has a filterref (DHCPSERVER defaulting to the
 * address of the interface's network) and fails, leaving nothing installed,
 * when one cannot be; port_filter_set_free removes them all. */
#ifndef VIGIL_SUPERVISOR_PORT_FILTER_SET_H
#define VIGIL_SUPERVISOR_PORT_FILTER_SET_H

#include <jansson.h>

struct event_base;
struct port_filter;
struct port_filter_set;
struct port_set;
struct vg_err;

/* ports: made and not yet up; root: --root (users' filters, network
 * state). Errors name the port and the filter. */
int port_filter_set_new(struct event_base *base, struct port_set *ports,
    const char *guest, const char *root, struct port_filter_set **out,
    struct vg_err *err);
/* Watch for flushed rulesets and log drops (once the loop runs). */
int port_filter_set_watch(struct port_filter_set *s, struct vg_err *err);
/* The filter of port ifname (the snooper's callbacks), or NULL. */
struct port_filter *port_filter_set_get(struct port_filter_set *s,
    const char *ifname);
/* [{"port", "filter", "drops": {"mac": N, ...}}, ...] (new); [] for NULL. */
json_t *port_filter_set_describe(struct port_filter_set *s);
/* Remove every filter (failures are logged) and free. NULL: nothing. */
void port_filter_set_free(struct port_filter_set *s);

#endif
