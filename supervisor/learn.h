/* Learning a guest's IP addresses on its ports (issue 7): one snooper per
 * port whose filter learns (no IP parameter, CTRL_IP_LEARNING any or dhcp),
 * its callbacks mapped to that port filter's address sets, and the guest's
 * leases.json, shared by its ports and re-installed at the next start.
 *
 * Order (guest.c's start steps): after the "filters" step has installed
 * every port's filter and before "ports up": learn_new, then learn_add_port
 * for each port (which re-installs the unexpired stored leases as set
 * elements). Undo: learn_free (calls nothing back: the port filter's
 * removal takes the set elements with it; the leases stay stored). */
#ifndef VIGIL_SUPERVISOR_LEARN_H
#define VIGIL_SUPERVISOR_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/addr.h"
#include "common/config-domain.h"

struct event_base;
struct learn;
struct port;
struct port_filter;
struct vg_err;

struct learn_port_config {
	const char *ifname;		/* the port's host end */
	uint8_t mac[6];			/* the guest's on it */
	/* filterref parameters: every DHCPSERVER value is trusted */
	const struct config_param *params;
	size_t nparams;
	/* Without DHCPSERVER: the network's address (NULL: none) and the
	 * bridge's IPv6 link-local addresses (dnsmasq's DHCPv6 source). */
	const struct addr_ip *network_address;
	const char *bridge;		/* NULL or "": none */
	struct port_filter *pf;		/* installed; borrowed */
};

/* For guest name (uuid: its 16 octets) under root; loads
 * var/lib/vigil/guests/NAME/leases.json (a bad or foreign file is logged
 * and replaced at the first change). */
struct learn *learn_new(struct event_base *base, const char *root,
    const char *guest, const uint8_t uuid[16]);

/* Start learning on one port when its filter learns (else nothing). */
int learn_add(struct learn *l, const struct learn_port_config *cfg,
    struct vg_err *err);
/* The same, with the config taken from p. */
int learn_add_port(struct learn *l, const struct port *p,
    struct port_filter *pf, struct vg_err *err);

/* Add the port's "learning", "addresses" and "snoop" counters to obj
 * (snoop_info); nothing when ifname does not learn. */
void learn_info(struct learn *l, const char *ifname, json_t *obj);

/* Stop every snooper; NULL does nothing. */
void learn_free(struct learn *l);

#endif
