/* Filter + one port's parameters -> that port's nftables objects and rules
 * (pure: no I/O but reading filter definitions through the library).
 *
 * Everything lives in one table, bridge vigil (nwf-nft.h builds the
 * scripts): frames from a guest port are dispatched in prerouting through
 * the verdict map from-guest (iifname -> jump port/IF/out), frames to it in
 * postrouting through to-guest (oifname -> jump port/IF/in). A port owns
 * the chains port/IF/..., the address sets port/IF/ip4, ip6 and nd6 and the
 * drop counters port/IF/mac, ip, arp, l2, dhcp, other. */
#ifndef VIGIL_NWF_COMPILE_H
#define VIGIL_NWF_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/config-domain.h"
#include "filters/nwf-model.h"

struct vg_err;
struct nwf_lib;

#define NWF_TABLE "vigil"
#define NWF_MAP_OUT "from-guest"
#define NWF_MAP_IN "to-guest"

enum nwf_learning {
	NWF_LEARN_ANY,		/* libvirt's default */
	NWF_LEARN_DHCP,
	NWF_LEARN_NONE,
};

struct nwf_port {
	const char *ifname;		/* the host end: [A-Za-z0-9_.-]{1,15} */
	uint8_t mac[6];			/* the guest's */
	const struct config_param *params;	/* the interface's filterref */
	size_t nparams;
	/* DHCPSERVER when params have none (the network's address) */
	const struct addr_ip *dhcpservers;
	size_t ndhcpservers;
	bool learned;			/* addresses were learned already */
	const char *owner;		/* the guest, noted on the map entries
					 * (NULL: none) */
};

struct nwf_ruleset {
	char *ifname;
	char *filter;
	char *owner;		/* NULL: none */
	char **chains;		/* every chain of the port */
	size_t nchains;
	char *rules;		/* "add rule ..." lines of every chain */
	char *gate;		/* rules of the gate chain while no address is
				 * known; "" when the port needs none */
	bool gated;		/* compiled with no address known: the gate
				 * rules are part of the install */
	bool learn;		/* no IP given and the filter uses $IP */
	enum nwf_learning learning;
	struct addr_ip *addrs;	/* the sets' own elements (IP, IPV6 and the
				 * link-local address) */
	size_t naddrs;
	size_t nrules;
};

/* Compile filter for port. Errors carry "FILE:LINE: msg" where a filter is
 * at fault. Returns 0 with *out set (free with nwf_ruleset_free), or -errno
 * with err set. */
int nwf_compile(struct nwf_lib *lib, const char *filter,
    const struct nwf_port *port, struct nwf_ruleset **out,
    struct vg_err *err);
void nwf_ruleset_free(struct nwf_ruleset *rs);

/* The name of counter kind ("mac", "ip", "arp", "l2", "dhcp", "other"). */
const char *nwf_counter_name(enum nwf_counter c);
/* The EUI-64 link-local address of mac. */
void nwf_link_local(const uint8_t mac[6], struct addr_ip *out);
/* Whether name can be a filtered port: 1-15 of [A-Za-z0-9_.-]. */
bool nwf_port_name_ok(const char *name);

#endif
