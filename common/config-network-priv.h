/* Shared by config-network.c and config-network-ip.c only. */
#ifndef VIGIL_CONFIG_NETWORK_PRIV_H
#define VIGIL_CONFIG_NETWORK_PRIV_H

#include <libxml/tree.h>

struct config_network;
struct diag;

/* Warn about every attribute of n not listed in known (NULL-terminated). */
void config_network_check_attrs(struct diag *d, const xmlNode *n,
    const char *const *known);

/* One <ip> element: the first IPv4 one sets net's address, prefix, range
 * and hosts; IPv6 and later IPv4 ones are warned about and ignored. */
int config_network_ip_parse(struct config_network *net, const xmlNode *n,
    struct diag *d);

#endif
