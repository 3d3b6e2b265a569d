/* Network configuration: libvirt network XML parsed into typed structs.
 *
 * Accepted: <name>, <uuid> (generated when absent), <bridge name stp delay>,
 * <mac address>, <forward mode dev>, one IPv4 <ip address netmask|prefix>
 * with <dhcp><range start end/><host mac name ip/>...</dhcp>. As in libvirt,
 * no <forward> means an isolated network and <forward/> without a mode means
 * nat. Modes that hand the guests to a host device (bridge, private, vepa,
 * passthrough, hostdev) or drop the firewall (open) are errors.
 *
 * When <bridge name> is absent the bridge is called "vg-" + the network name;
 * a name longer than 12 characters is shortened to "vg-" + its first 7
 * characters + "-" + 4 hex digits of a hash of the whole name, so the result
 * always fits the 15 characters of an interface name and differs between
 * networks whose names share a prefix. */
#ifndef VIGIL_CONFIG_NETWORK_H
#define VIGIL_CONFIG_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct diag;

#define CONFIG_NETWORK_IFNAME_MAX 15	/* IFNAMSIZ - 1 */
#define CONFIG_NETWORK_DELAY_MAX 30	/* seconds, the kernel's limit */

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
	bool uuid_generated;
	char *bridge;		/* bridge@name; generated "vg-NAME" style */
	bool bridge_generated;
	bool stp;		/* default on, as libvirt */
	unsigned delay;		/* forward delay, seconds */
	uint8_t mac[6];		/* bridge MAC */
	bool has_mac;
	enum net_forward forward;
	char *forward_dev;	/* forward@dev, NULL = default route's */

	bool has_ip;
	int ip_line;		/* line of the IPv4 <ip> in use, 0 = none */
	struct addr_ip address;	/* the host's address on the bridge */
	unsigned prefix;
	bool has_dhcp;		/* <dhcp> present (range and/or hosts) */
	bool has_range;
	struct addr_ip range_start;
	struct addr_ip range_end;
	struct net_host *hosts;
	size_t nhosts;
};

/* Parse and validate; problems (errors and warnings) go to d. Returns 0 with
 * *out set, or -EINVAL (see d) / -errno. */
int config_network_load(const char *path, struct config_network **out,
    struct diag *d);
int config_network_parse(const char *buf, size_t len,
    struct config_network **out, struct diag *d);
void config_network_free(struct config_network *net);

/* "nat", "route" or "none". */
const char *config_network_forward_name(enum net_forward f);
/* Whether s is a valid Linux interface name (1-15 characters, no '/', ':'
 * or whitespace, not "." or ".."). */
bool config_network_ifname_valid(const char *s);
/* The subnet's network address (has_ip only). */
void config_network_subnet(const struct config_network *net,
    struct addr_ip *out);

#endif
