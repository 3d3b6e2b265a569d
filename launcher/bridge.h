/* A network's bridge on the host, through libnl-route. */
#ifndef VIGIL_LAUNCHER_BRIDGE_H
#define VIGIL_LAUNCHER_BRIDGE_H

#include <stdint.h>

struct config_network;
struct nl_sock;
struct vg_err;

/* Create net's bridge (STP and forward delay as configured, MAC mac), give
 * it net's address when it has one and bring it up. On failure nothing is
 * left behind. */
int bridge_create(struct nl_sock *sk, const struct config_network *net,
    const uint8_t mac[6], struct vg_err *err);

/* Delete the link called name; 0 also when it does not exist. */
int bridge_delete(struct nl_sock *sk, const char *name, struct vg_err *err);

/* 1 when a link called name exists (*is_bridge tells its kind), 0 when not,
 * or -errno. */
int bridge_lookup(struct nl_sock *sk, const char *name, int *is_bridge);

#endif
