/* A network at run time: start (bridge, firewall table, dnsmasq, state
 * file) and stop, each unwinding what it made on failure. Commands on one
 * network are serialized by a lock file in its run directory. */
#ifndef VIGIL_LAUNCHER_NETWORK_H
#define VIGIL_LAUNCHER_NETWORK_H

#include <stdbool.h>

struct config_network;
struct netstate;
struct vg_err;

/* Start net (already validated). -EALREADY when it is started. */
int network_start(const char *root, const struct config_network *net,
    struct vg_err *err);

/* Stop network name: dnsmasq, firewall table, bridge, state. Every step is
 * tried; the first failure is reported. -ENOENT when it is not started. */
int network_stop(const char *root, const char *name, struct vg_err *err);

/* Whether network name is active: its state file exists and its bridge is
 * there (st filled when not NULL and active). */
bool network_is_active(const char *root, const char *name,
    struct netstate *st);

#endif
