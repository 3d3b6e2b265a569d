/* dnsmasq serving one network: its generated config, starting it (it
 * daemonizes and writes a pid file) and stopping it by that pid. Files:
 * run/vigil/networks/NAME/{dnsmasq.conf,dnsmasq.pid},
 * var/lib/vigil/networks/NAME/dnsmasq.leases,
 * var/log/vigil/networks/NAME.log. */
#ifndef VIGIL_LAUNCHER_DNSMASQ_H
#define VIGIL_LAUNCHER_DNSMASQ_H

#include <sys/types.h>

struct config_network;
struct vg_err;

/* The binary: $VIGIL_DNSMASQ (for tests), else DNSMASQ_PATH. */
const char *dnsmasq_path(void);

/* Whether the binary is there and executable; err says what to install. */
int dnsmasq_check(struct vg_err *err);

/* The config text for net under root (newly allocated): bound to the
 * bridge only, no upstream servers or /etc/hosts, the range, one dhcp-host
 * per <host>. */
char *dnsmasq_conf(const char *root, const struct config_network *net);

/* Write the config and start dnsmasq; *pid is the daemon's pid. On failure
 * err carries dnsmasq's own first line of complaint, and nothing runs. */
int dnsmasq_start(const char *root, const struct config_network *net,
    pid_t *pid, struct vg_err *err);

/* Stop the dnsmasq of network name if pid is still it (its command line
 * names our config): SIGTERM, then SIGKILL after 5 s. 0 also when it is
 * already gone. Removes the pid file. */
int dnsmasq_stop(const char *root, const char *name, pid_t pid,
    struct vg_err *err);

#endif
