/* A forwarding network's firewall: one vigil-owned nftables table per
 * network ("table ip vigil-net-NAME"), installed and removed atomically with
 * libnftables. nat: masquerade the subnet; route: plain forwarding. Either
 * way only traffic between the bridge and the uplink is forwarded (the
 * default route's interface, or <forward dev>), and replies only come back
 * for connections the guests opened (nat). */
#ifndef VIGIL_LAUNCHER_NAT_H
#define VIGIL_LAUNCHER_NAT_H

#include <stddef.h>

struct config_network;
struct nl_sock;
struct vg_err;

/* "vigil-net-NAME" (newly allocated). */
char *nat_table_name(const char *network);

/* The table as nft text for net with uplink wan (NULL: no uplink, nothing
 * is forwarded). Newly allocated. */
char *nat_ruleset(const struct config_network *net, const char *wan);

/* Replace the table atomically and turn on IPv4 forwarding. */
int nat_apply(const struct config_network *net, const char *wan,
    struct vg_err *err);

/* Delete table; 0 also when it does not exist. */
int nat_remove(const char *table, struct vg_err *err);

/* The interface of the IPv4 default route in the main table: 1 with its
 * name in buf, 0 when there is none, or -errno. */
int nat_default_dev(struct nl_sock *sk, char *buf, size_t len);

#endif
