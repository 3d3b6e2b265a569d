/* A started network's runtime facts, kept in run/vigil/networks/NAME/
 * state.json: written by `vigil net-start` once everything is up, removed by
 * `vigil net-destroy`, read by supervisors attaching guests. Also answers
 * which running guests use a network (their state.json "networks" array). */
#ifndef VIGIL_NETSTATE_H
#define VIGIL_NETSTATE_H

#include <stddef.h>
#include <sys/types.h>

#include "common/addr.h"
#include "common/config-network.h"

struct vg_err;

struct netstate {
	char name[65];
	char bridge[CONFIG_NETWORK_IFNAME_MAX + 1];
	struct addr_ip address;	/* family 0: the network has no IPv4 */
	unsigned prefix;
	enum net_forward forward;
	char forward_dev[CONFIG_NETWORK_IFNAME_MAX + 1];	/* "" = none */
	char nft_table[96];	/* "" = none */
	pid_t dnsmasq_pid;	/* 0 = none */
};

/* Fill st from a started network's state file: 0, -ENOENT when the network
 * is not started (err says so), or another -errno / -EINVAL. */
int netstate_read(const char *root, const char *name, struct netstate *st,
    struct vg_err *err);

/* Write st atomically (the run directory must exist). */
int netstate_write(const char *root, const struct netstate *st,
    struct vg_err *err);

/* Remove the state file; 0 also when it was absent. */
int netstate_remove(const char *root, const char *name);

/* Running guests whose state.json lists network name in "networks":
 * returns how many, and their names, comma-separated, in buf (truncated to
 * len). A guest whose state is "stopped", or whose "supervisor_pid" no
 * longer exists (or is a zombie), is not counted. */
int netstate_users(const char *root, const char *name, char *buf,
    size_t len);

#endif
