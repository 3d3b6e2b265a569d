/* A guest's network interfaces, through libnl-route (DESIGN.md "Guest
 * interfaces"). type='network' and 'bridge': a veth pair whose host end
 * (target@dev, or the first free vnetN) is enslaved to the bridge and whose
 * peer becomes eth<index> in the guest's network namespace with the
 * configured MAC; type='direct': a macvlan on source@dev moved in the same
 * way. The host end carries the configured MAC with its first byte set to
 * 0xfe (as libvirt does), so the bridge never takes a guest's MAC.
 *
 * Order (guest.c's start steps): port_new for each interface (host end
 * left DOWN, bandwidth limits applied), port_attach_netns once the init
 * exists, then filters, then port_up last, so nothing leaves the guest
 * before its filter is in place. port_free deletes what port_new made.
 *
 * Every link vigil makes for a guest carries the alias
 * "vigil:GUEST:port:INDEX", so port_cleanup finds a killed supervisor's
 * leftovers by guest, never by a name another guest may have reused. */
#ifndef VIGIL_SUPERVISOR_PORT_H
#define VIGIL_SUPERVISOR_PORT_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct addr_ip;
struct domain_if;
struct vg_err;
struct port;

/* Make interface index of guest: resolve its network (root: the --root
 * prefix, for run/vigil/networks/NAME/state.json) or bridge, create the
 * link and apply <bandwidth>. With child > 0 the guest end is created
 * directly in child's network namespace as eth<index>, up, with its MAC
 * (one netlink request instead of a create, a move and a rename); with 0
 * it waits on the host for port_attach_netns. cfg is borrowed and must
 * outlive the port. Errors name the interface and what clashed: a target
 * dev in use, a bridge that is missing or not a bridge, a network that is
 * not started, a missing source dev. */
int port_new(const struct domain_if *cfg, unsigned index, const char *root,
    const char *guest, pid_t child, struct port **out, struct vg_err *err);

/* Move the guest end into child's network namespace as eth<index> (unless
 * port_new put it there), and bring it and lo up there. */
int port_attach_netns(struct port *p, pid_t child, struct vg_err *err);

/* Bring the host end up (the last step of a port). */
int port_up(struct port *p, struct vg_err *err);

/* Delete the host end (and with it the guest end) and anything made for
 * the bandwidth limits. NULL does nothing. */
void port_free(struct port *p);

/* The host end's name (a veth's, or the macvlan's while it is still on the
 * host), the bridge ("" for direct), the guest end's name, the config. */
const char *port_host_name(const struct port *p);
const char *port_bridge(const struct port *p);
const char *port_guest_name(const struct port *p);
const struct domain_if *port_config(const struct port *p);
/* A type='network' port's network address (its DHCP server), else NULL. */
const struct addr_ip *port_network_address(const struct port *p);

/* {"type", "port", "guest", "mac", "bridge" or "source", ...} (new). */
json_t *port_describe(const struct port *p);

/* Delete every link left by guest's ports in this network namespace:
 * returns how many, or -errno with err set (port-cleanup.c). */
int port_cleanup(const char *guest, struct vg_err *err);

#endif
