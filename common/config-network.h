/* Network configuration: libvirt network XML parsed into typed structs. */
#ifndef VIGIL_CONFIG_NETWORK_H
#define VIGIL_CONFIG_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct diag;

enum net_forward {
	NET_FORWARD_NONE,	/* isolated: no <forward> */
	NET_FORWARD_NAT,
	NET_FORWARD_ROUTE,
};

struct net_host {
	int line;
	uint8_t mac[6];
	bool has_mac;
	char *name;		/* NULL when absent */
	struct addr_ip ip;
};

struct config_network {
	char *file;
	char *name;
	uint8_t uuid[16];
	char *bridge;		/* bridge@name; generated "vg-NAME" style */
	bool stp;		/* default on, as libvirt */
	unsigned delay;		/* forward delay, seconds */
	uint8_t mac[6];		/* bridge MAC */
	bool has_mac;
	enum net_forward forward;
	char *forward_dev;	/* forward@dev, NULL = default route's */

	bool has_ip;
	struct addr_ip address;	/* the host's address on the bridge */
	unsigned prefix;
	bool has_range;
	struct addr_ip range_start;
	struct addr_ip range_end;
	struct net_host *hosts;
	size_t nhosts;
};

int config_network_load(const char *path, struct config_network **out,
    struct diag *d);
int config_network_parse(const char *buf, size_t len,
    struct config_network **out, struct diag *d);
void config_network_free(struct config_network *net);

#endif
